//! Markdown: an entry's body -> what the other stages need to know about it.
//!
//! Input: a body's Markdown text. Output: a [`BodyScan`] (level-1 headings, links, word count) for
//! validation, sanitised HTML with `@/` links resolved and heading ids for the site, and plain text
//! for the search index. Every consumer of Markdown parses here, with the same options, so a body
//! means the same thing everywhere.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};

/// The Markdown extensions the report's bodies may use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A link found in a body, with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyScan {
    /// Byte offsets of level-1 headings.
    pub h1: Vec<usize>,
    pub links: Vec<Link>,
    /// Space-separated words of text (code included, markup not).
    pub words: usize,
}

impl BodyScan {
    /// Links to other entries (`@/cn/x.md`), as (path under content/, offset).
    pub fn internal_links(&self) -> impl Iterator<Item = (&str, usize)> {
        self.links.iter().filter_map(|l| {
            l.dest
                .strip_prefix("@/")
                .map(|p| (p.split('#').next().unwrap_or(p), l.offset))
        })
    }
}

pub fn scan(body: &str) -> BodyScan {
    let mut out = BodyScan::default();
    let mut in_word = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => out.h1.push(range.start),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => out.links.push(Link {
                dest: dest_url.to_string(),
                offset: range.start,
            }),
            Event::Text(t) | Event::Code(t) => {
                for c in t.chars() {
                    if c.is_whitespace() {
                        in_word = false;
                    } else if !in_word {
                        in_word = true;
                        out.words += 1;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => in_word = false,
            Event::End(end) if is_block_end(&end) => in_word = false,
            _ => {}
        }
    }
    out
}

/// Renders a body to HTML: `@/path.md` links go through `resolve` (an unresolved one is left as
/// plain text), headings get ids, and the result is sanitised: raw HTML in a body may format text
/// but never runs script, styles the page or opens other origins in this one.
pub fn to_html(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut ids = HashSet::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_at: Option<usize> = None;
    let mut dropped_links = 0usize;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                heading_at = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_at.take() {
                    let text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(&slugify(&text), &mut ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(path) = dest_url.strip_prefix("@/") {
                    let (file, anchor) = path
                        .split_once('#')
                        .map_or((path, None), |(f, a)| (f, Some(a)));
                    match resolve(file) {
                        Some(url) => {
                            let url = match anchor {
                                Some(a) => format!("{url}#{a}"),
                                None => url,
                            };
                            events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url: url.into(),
                                title,
                                id,
                            }));
                        }
                        None => dropped_links += 1,
                    }
                } else {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html)
}

/// Cleans HTML from content: keeps formatting, tables, links and heading ids; removes scripts,
/// event attributes, styles, and URLs other than http(s), mailto and in-page or site-relative ones.
pub fn sanitize(html: &str) -> String {
    let mut classes: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    classes.insert("sup", ["footnote-reference"].into());
    classes.insert("div", ["footnote-definition"].into());
    classes.insert("span", ["footnote-definition-label"].into());
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id"])
        .add_tags(["sup", "div", "span"])
        // Bodies have no image pipeline yet: an <img> could only load something from elsewhere.
        .rm_tags(["img"])
        .allowed_classes(classes.into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .id_prefix(None);
    builder.clean(html).to_string()
}

/// A heading id that keeps Hangul and other letters: "대응 및 진전" -> "대응-및-진전".
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn unique_id(base: &str, seen: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The body as plain text (for the search index and for excerpts): block ends become spaces.
pub fn to_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            Event::End(end) if is_block_end(&end) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first sentence of a body's text (up to the first `다.`/`. ` ending), for checks and excerpts.
pub fn first_sentence(body: &str) -> String {
    let text = to_text(body);
    // Skip a leading heading's words: take the text after the first block when a body opens with one.
    let start = body
        .trim_start()
        .starts_with('#')
        .then(|| {
            let heading = body
                .trim_start()
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches('#')
                .trim();
            text.strip_prefix(heading)
                .map(|rest| text.len() - rest.len())
        })
        .flatten()
        .unwrap_or(0);
    let rest = text[start..].trim_start();
    let end = rest.find(". ").map(|i| i + 1).unwrap_or(rest.len());
    rest[..end].trim().to_string()
}

/// Whether an element's end separates words (a block, a cell), unlike the end of `**bold**`.
fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
    )
}

/// 1-based (line, column) of byte `offset` in `text`, where `text` starts on file line `first_line`.
pub fn offset_pos(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = first_line + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_h1_links_and_words() {
        let body = "## 현황\n\n중국은 [등록](@/cn/b.md#a) 제도를 **운영**한다.\n\n# 제목\n\n[외부](https://x.example)\n";
        let s = scan(body);
        assert_eq!(s.h1, vec![body.find("# 제목").unwrap()]);
        assert_eq!(s.links.len(), 2);
        let internal: Vec<_> = s.internal_links().map(|(p, _)| p).collect();
        assert_eq!(internal, ["cn/b.md"]);
        assert_eq!(s.words, 1 + 4 + 1 + 1);
        assert_eq!(scan("**등록**을 한다").words, 2);
    }

    #[test]
    fn setext_h1_counts_and_h2_does_not() {
        assert_eq!(scan("제목\n===\n").h1.len(), 1);
        assert!(scan("## 현황\n").h1.is_empty());
    }

    #[test]
    fn html_resolves_links_adds_ids_and_sanitises() {
        let body = "## 대응 및 진전\n\n[등록](@/cn/a.md#x) [없음](@/cn/none.md) [외부](https://x.example)\n\n## 대응 및 진전\n\n<script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">y</a><img src=x onerror=alert(1)>\n";
        let html = to_html(body, &|p| {
            (p == "cn/a.md").then(|| "/barriers/cn-001/".to_string())
        });
        assert!(html.contains("<h2 id=\"대응-및-진전\">"), "{html}");
        assert!(html.contains("<h2 id=\"대응-및-진전-1\">"), "{html}");
        assert!(html.contains("href=\"/barriers/cn-001/#x\""), "{html}");
        assert!(html.contains("없음"));
        assert!(!html.contains("none.md"));
        assert!(html.contains("rel=\"noopener noreferrer\""));
        for bad in ["<script", "javascript:", "onclick", "onerror"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }

    #[test]
    fn text_and_first_sentence() {
        let body = "## 현황\n\n중국은 **등록**을 요구한다. 기간이 길다.\n";
        assert_eq!(to_text(body), "현황 중국은 등록을 요구한다. 기간이 길다.");
        assert_eq!(first_sentence(body), "중국은 등록을 요구한다.");
        assert_eq!(slugify("1. Situation & Impact"), "1-situation-impact");
    }

    #[test]
    fn offsets_become_lines() {
        let text = "a\nbc\n가나";
        assert_eq!(offset_pos(text, 0, 5), (5, 1));
        assert_eq!(offset_pos(text, 3, 5), (6, 2));
        assert_eq!(offset_pos(text, text.len(), 5), (7, 3));
    }
}
