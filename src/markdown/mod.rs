//! Markdown: an entry's body -> what the other stages need to know about it.
//!
//! Input: a body's Markdown text. Output: a [`BodyScan`] (level-1 headings, links, word count) for
//! validation ([`scan`]), sanitised HTML with `@/` links resolved and heading ids for the site
//! ([`html`]), plain text for the search index ([`text`]) and [`Block`]s for the PDF's own layout
//! ([`blocks`]). Every consumer of Markdown parses here, with the same options, so a body means
//! the same thing everywhere.

mod blocks;
mod html;
mod punct;
mod scan;
mod text;

pub(crate) use blocks::{to_blocks, Block, Inline};
pub(crate) use html::{leaves_site, to_html, wrap_tables};
pub(crate) use scan::{offset_positions, scan, MAX_NESTING};
pub(crate) use text::{to_text, without_heading};

use pulldown_cmark::{Event, Options, Parser, TagEnd};
use std::ops::Range;

/// The body's events with their source ranges, typographic quotes, dashes and ellipses in place
/// ([`punct`]: curly quotes decided by context, so that a Hangul particle after a closing quote
/// does not turn it into an opening one).
fn parse(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    crate::work::add(crate::work::Work::Parse);
    let mut events: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    punct::smarten(body, &mut events);
    events
}

/// The Markdown extensions the report's bodies may use (smart punctuation is done by [`punct`]).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
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

#[cfg(test)]
mod tests;
