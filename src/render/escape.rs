//! HTML and XML escaping, one function for every place that writes markup by hand or through
//! templates: the site's templates (Tera's escape function), the charts and map, the feeds and
//! sitemap, the review briefing, and the pages `knte serve` makes (error page, editor).
//!
//! Input: any text. Output: the same text safe inside element content and quoted attribute values.

/// Escapes text for XML/HTML character data and attribute values (single or double quoted).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_characters_are_replaced_and_the_rest_kept() {
        assert_eq!(
            esc(r#"<a href="x?a=1&b='2'">한국</a>"#),
            "&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;한국&lt;/a&gt;"
        );
        assert_eq!(esc("무역장벽 — WTO"), "무역장벽 — WTO");
        assert_eq!(esc("&amp;"), "&amp;amp;");
    }
}
