//! Markdown: an entry's body -> what the other stages need to know about it.
//!
//! Input: a body's Markdown text. Output (for now): a [`BodyScan`] with its level-1 headings, its
//! links and its word count, taken from one walk over pulldown-cmark's events with their offsets.
//! Every consumer of Markdown (validation today; the HTML and PDF renderers next) parses here, with
//! the same options, so a body means the same thing everywhere.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

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
            Event::SoftBreak | Event::HardBreak | Event::End(_) => in_word = false,
            _ => {}
        }
    }
    out
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
        assert_eq!(s.words, 1 + 4 + 2 + 1);
    }

    #[test]
    fn setext_h1_counts_and_h2_does_not() {
        assert_eq!(scan("제목\n===\n").h1.len(), 1);
        assert!(scan("## 현황\n").h1.is_empty());
    }

    #[test]
    fn offsets_become_lines() {
        let text = "a\nbc\n가나";
        assert_eq!(offset_pos(text, 0, 5), (5, 1));
        assert_eq!(offset_pos(text, 3, 5), (6, 2));
        assert_eq!(offset_pos(text, text.len(), 5), (7, 3));
    }
}
