//! HTML and XML escaping, one function for every place that writes markup by hand or through
//! templates: the site's templates (Tera's escape function), the charts and map, the feeds and
//! sitemap, the review briefing, and the pages `knte serve` makes (error page, editor).
//!
//! Input: any text. Output: the same text safe inside element content and quoted attribute values.

/// Escapes text for XML/HTML character data and attribute values (single or double quoted).
/// Every value a template prints passes here, so the text between markup characters is copied in
/// runs rather than character by character (the characters replaced are all ASCII).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
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

    /// The copying in runs gives what replacing character by character gives, wherever the markup
    /// characters fall among multi-byte ones (at the start, the end, side by side).
    #[test]
    fn runs_are_copied_as_characters_would_be() {
        let by_char = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        let pieces = [
            "", "&", "<", ">", "\"", "'", "한", "국", "a", "😀", "\u{0301}", "é",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{b}{a}");
                    assert_eq!(esc(&s), by_char(&s), "{s:?}");
                }
            }
        }
    }
}
