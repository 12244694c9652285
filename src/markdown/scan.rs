//! Scanning a body for validation: level-1 headings, links with their offsets, the word count and
//! quotes or lists nested too deep, in one pass over the parser's events; and byte offsets turned
//! into file lines and columns for diagnostics.
//!
//! Input: a body's Markdown text. Output: a [`BodyScan`], or (line, column) pairs.

use super::{is_block_end, parse};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub dest: String,
    pub offset: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BodyScan {
    /// Byte offsets of level-1 headings.
    pub h1: Vec<usize>,
    pub links: Vec<Link>,
    /// Space-separated words of text (code included, markup not).
    pub words: usize,
    /// Byte offset of the first quote or list nested deeper than [`MAX_NESTING`].
    pub too_deep: Option<usize>,
}

/// Quotes and lists nested deeper than this are refused by `knte check`: a report needs two or
/// three levels, and every renderer (the HTML sanitiser, the PDF layout) then works on a bounded
/// depth.
pub(crate) const MAX_NESTING: usize = 8;

impl BodyScan {
    /// Links to other entries (`@/cn/x.md`), as (path under content/, offset).
    pub(crate) fn internal_links(&self) -> impl Iterator<Item = (&str, usize)> {
        self.links.iter().filter_map(|l| {
            l.dest
                .strip_prefix("@/")
                .map(|p| (p.split('#').next().unwrap_or(p), l.offset))
        })
    }
}

pub(crate) fn scan(body: &str) -> BodyScan {
    let mut out = BodyScan::default();
    let mut in_word = false;
    let mut depth = 0usize;
    for (event, range) in parse(body) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                depth += 1;
                if depth > MAX_NESTING && out.too_deep.is_none() {
                    out.too_deep = Some(range.start);
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
                in_word = false;
            }
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

/// 1-based (line, column) of each byte offset in `offsets` (in any order), where `text` starts on
/// file line `first_line`: one pass over the text however many offsets there are.
pub(crate) fn offset_positions(
    text: &str,
    offsets: &[usize],
    first_line: usize,
) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(first_line, 1); offsets.len()];
    let (mut line, mut col) = (first_line, 1usize);
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = offsets[i].min(text.len());
        while let Some(&(b, c)) = chars.peek() {
            if b >= target {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            chars.next();
        }
        out[i] = (line, col);
    }
    out
}
