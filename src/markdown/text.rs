//! Bodies as plain text: for the search index, excerpts and checks.
//!
//! Input: a body's Markdown text. Output: its text with block ends as spaces, its first sentence,
//! or the body without an opening heading that repeats the title.

use super::{is_block_end, parse};
use pulldown_cmark::Event;

/// `body` without an opening ATX heading whose text is `title` (`## 발간사`), when it has one.
pub fn without_heading<'b>(body: &'b str, title: &str) -> &'b str {
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
pub fn to_text(body: &str) -> String {
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
