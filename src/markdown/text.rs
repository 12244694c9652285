//! Bodies as plain text: for the search index, excerpts and checks.
//!
//! Input: a body's Markdown text. Output: its text with block ends as spaces, its first sentence,
//! or the body without an opening heading that repeats the title.

use super::{is_block_end, parse};
use pulldown_cmark::Event;

/// `body` without an opening ATX heading whose text is `title` (`## 발간사`), when it has one.
pub(crate) fn without_heading<'b>(body: &'b str, title: &str) -> &'b str {
    let trimmed = body.trim_start();
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let text = first.trim_start_matches('#');
    if first.starts_with('#') && text.starts_with(' ') && text.trim() == title {
        rest.trim_start()
    } else {
        body
    }
}

/// The body as plain text (for the search index and for excerpts): block ends become spaces.
pub(crate) fn to_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for (event, _) in parse(body) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if !out.ends_with(' ') => out.push(' '),
            Event::End(end) if is_block_end(&end) && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}
