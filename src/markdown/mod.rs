//! Markdown: an entry's body -> what the other stages need to know about it.
//!
//! Input: a body's Markdown text. Output: a [`BodyScan`] (level-1 headings, links, word count) for
//! validation, sanitised HTML with `@/` links resolved and heading ids for the site, and plain text
//! for the search index. Every consumer of Markdown parses here, with the same options, so a body
//! means the same thing everywhere.

mod punct;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// Markdown parses since the program started: the costly step a build repeats per body, counted so
/// a test can hold the number of parses to a fixed multiple of the number of bodies.
static PARSES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub fn parse_count() -> usize {
    PARSES.load(std::sync::atomic::Ordering::Relaxed)
}

/// The body's events with their source ranges, typographic quotes, dashes and ellipses in place
/// ([`punct`]: curly quotes decided by context, so that a Hangul particle after a closing quote
/// does not turn it into an opening one).
fn parse(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut events: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    punct::smarten(body, &mut events);
    events
}

/// The Markdown extensions the report's bodies may use (smart punctuation is done by [`punct`]).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
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
    /// Byte offset of the first quote or list nested deeper than [`MAX_NESTING`].
    pub too_deep: Option<usize>,
}

/// Quotes and lists nested deeper than this are refused by `knte check`: a report needs two or
/// three levels, and every renderer (the HTML sanitiser, the PDF layout) then works on a bounded
/// depth.
pub const MAX_NESTING: usize = 8;

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

/// Renders a body to HTML: `@/path.md` links go through `resolve` (an unresolved one is left as
/// plain text), headings get ids, and the result is sanitised: raw HTML in a body may format text
/// but never runs script, styles the page or opens other origins in this one.
pub fn to_html(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut ids = HashSet::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_at: Option<usize> = None;
    let mut dropped_links = 0usize;
    for (event, _) in parse(body) {
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
                    let id = unique_id(&heading_id(&text), &mut ids);
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

/// Puts every table of sanitised body HTML in a scroll box that keyboard users can reach and
/// screen readers name (`label`, e.g. "표"), so a wide table scrolls inside the page on a phone
/// instead of widening it. Only the sanitiser's own `<table>` tags are matched: text from content
/// arrives escaped, so it cannot hold one.
pub fn wrap_tables(html: &str, label: &str) -> String {
    let count = html.matches("<table>").count();
    if count == 0 {
        return html.to_string();
    }
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    // Each box is a landmark: with several tables, each is numbered so that every name is unique.
    let mut out = String::with_capacity(html.len() + count * 96);
    for (i, part) in html.split("<table>").enumerate() {
        if i > 0 {
            let name = if count > 1 {
                format!("{label} {i}")
            } else {
                label.clone()
            };
            out.push_str(&format!(
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{name}\"><table>"
            ));
        }
        out.push_str(part);
    }
    out.replace("</table>", "</table></div>")
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
        // `//host/x` (and `/\host`, which browsers read the same way) leads to another site
        // while looking relative: such links are dropped, the rest pass through.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(keep_on_site)))
        .link_rel(Some("noopener noreferrer"))
        .id_prefix(None);
    builder.clean(html).to_string()
}

fn keep_on_site(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    (!leaves_site(url)).then_some(std::borrow::Cow::Borrowed(url))
}

/// Whether a link without a scheme still leads to another host: `//host/x`, `/\host/x`, `\\host`.
pub fn leaves_site(url: &str) -> bool {
    let mut c = url.trim_start().chars();
    matches!((c.next(), c.next()), (Some('/' | '\\'), Some('/' | '\\')))
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

/// Ids the page templates give their own elements, and the prefixes of the ids they make from
/// data (`cat-tbt`, `p-cn`, `sec-facts`...): a body heading never takes one of them.
const TEMPLATE_IDS: &[&str] = &[
    "by-category",
    "cats",
    "content",
    "data",
    "data-caption",
    "feeds",
    "filters-title",
    "foreword",
    "glance",
    "home-q",
    "how-to-send",
    "latest",
    "main-menu",
    "method",
    "new",
    "partner-list",
    "pdfs",
    "profile",
    "report-form",
    "statuses",
    "what-to-include",
];
const TEMPLATE_ID_PREFIXES: &[&str] = &["cat-", "ch-", "db-", "f-", "feeds-", "map-", "p-", "sec-"];

/// The id of a body heading: its slug, moved out of the templates' way with an `h-` prefix when
/// the page already uses that id.
fn heading_id(text: &str) -> String {
    let slug = slugify(text);
    if TEMPLATE_IDS.contains(&slug.as_str())
        || TEMPLATE_ID_PREFIXES.iter().any(|p| slug.starts_with(p))
    {
        format!("h-{slug}")
    } else {
        slug
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

/// A run of text inside a block, with its emphasis and link.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        strong: bool,
        emph: bool,
        code: bool,
        link: Option<String>,
    },
    /// A footnote reference, numbered in order of first use.
    Note(usize),
    /// A hard line break.
    Break,
}

/// Appends `inl`, joining it to the text before it when both are text in the same style: the
/// parser hands over text in pieces (at every `[`, `*` or entity), and a run of them must not
/// become one span per character.
fn push_merged(to: &mut Vec<Inline>, inl: Inline) {
    if let (
        Some(Inline::Text {
            text,
            strong,
            emph,
            code,
            link,
        }),
        Inline::Text {
            text: more,
            strong: s2,
            emph: e2,
            code: c2,
            link: l2,
        },
    ) = (to.last_mut(), &inl)
    {
        if (*strong, *emph, *code, &*link) == (*s2, *e2, *c2, l2) {
            text.push_str(more);
            return;
        }
    }
    to.push(inl);
}

/// A body as blocks, for renderers that lay text out themselves (the PDF report).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// `start` is the first number of an ordered list, `None` for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// Footnote `n`'s text; collected at the end of the body.
    Note {
        number: usize,
        blocks: Vec<Block>,
    },
}

/// Parses a body into [`Block`]s. Links go through `resolve` (`@/cn/x.md` and external URLs alike:
/// it returns the destination to use, or `None` to keep only the text). Raw HTML keeps its text only.
pub fn to_blocks(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Vec<Block> {
    struct Frame {
        kind: FrameKind,
        blocks: Vec<Block>,
        inlines: Vec<Inline>,
    }
    enum FrameKind {
        Root,
        Item,
        Quote,
        Note(usize),
    }
    let mut notes: Vec<String> = Vec::new();
    let note_number = |label: &str, notes: &mut Vec<String>| -> usize {
        match notes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                notes.push(label.to_string());
                notes.len()
            }
        }
    };
    let mut stack = vec![Frame {
        kind: FrameKind::Root,
        blocks: vec![],
        inlines: vec![],
    }];
    let mut lists: Vec<(Option<u64>, Vec<Vec<Block>>)> = Vec::new();
    let (mut strong, mut emph) = (0u32, 0u32);
    let mut links: Vec<Option<String>> = Vec::new();
    let mut heading: Option<u8> = None;
    let mut code_block: Option<String> = None;
    let mut table: Option<(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>, bool)> = None;
    let mut cell: Vec<Inline> = Vec::new();
    let mut row: Vec<Vec<Inline>> = Vec::new();
    let mut footer: Vec<Block> = Vec::new();

    fn flush(frame: &mut Frame) {
        if !frame.inlines.is_empty() {
            let inl = std::mem::take(&mut frame.inlines);
            frame.blocks.push(Block::Paragraph(inl));
        }
    }
    for (event, _) in parse(body) {
        let in_cell = table.is_some();
        let push_inline = |inl: Inline, stack: &mut Vec<Frame>, cell: &mut Vec<Inline>| {
            if in_cell {
                push_merged(cell, inl);
            } else if let Some(top) = stack.last_mut() {
                push_merged(&mut top.inlines, inl);
            }
        };
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                if let Some(top) = stack.last_mut() {
                    flush(top);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(top) = stack.last_mut() {
                    let inlines = std::mem::take(&mut top.inlines);
                    top.blocks.push(Block::Heading {
                        level: heading.take().unwrap_or(2),
                        inlines,
                    });
                }
            }
            Event::Start(Tag::List(start)) => {
                if let Some(top) = stack.last_mut() {
                    flush(top);
                }
                lists.push((start, Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((start, items)) = lists.pop() {
                    if let Some(top) = stack.last_mut() {
                        top.blocks.push(Block::List { start, items });
                    }
                }
            }
            Event::Start(Tag::Item) => stack.push(Frame {
                kind: FrameKind::Item,
                blocks: vec![],
                inlines: vec![],
            }),
            Event::Start(Tag::BlockQuote(_)) => {
                if let Some(top) = stack.last_mut() {
                    flush(top);
                }
                stack.push(Frame {
                    kind: FrameKind::Quote,
                    blocks: vec![],
                    inlines: vec![],
                });
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = note_number(&label, &mut notes);
                stack.push(Frame {
                    kind: FrameKind::Note(n),
                    blocks: vec![],
                    inlines: vec![],
                });
            }
            Event::End(TagEnd::Item)
            | Event::End(TagEnd::BlockQuote(_))
            | Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(mut frame) = stack.pop() {
                    flush(&mut frame);
                    match frame.kind {
                        FrameKind::Item => {
                            if let Some((_, items)) = lists.last_mut() {
                                items.push(frame.blocks);
                            }
                        }
                        FrameKind::Quote => {
                            if let Some(top) = stack.last_mut() {
                                top.blocks.push(Block::Quote(frame.blocks));
                            }
                        }
                        FrameKind::Note(number) => footer.push(Block::Note {
                            number,
                            blocks: frame.blocks,
                        }),
                        FrameKind::Root => stack.push(frame),
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let (Some(code), Some(top)) = (code_block.take(), stack.last_mut()) {
                    flush(top);
                    top.blocks.push(Block::Code(code.trim_end().to_string()));
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), false)),
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.2 = true;
                }
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut cell)),
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.0 = std::mem::take(&mut row);
                    t.2 = false;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.1.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let (Some((head, rows, _)), Some(top)) = (table.take(), stack.last_mut()) {
                    flush(top);
                    top.blocks.push(Block::Table { head, rows });
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emph += 1,
            Event::End(TagEnd::Emphasis) => emph = emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(resolve(&dest_url)),
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Text(t) => {
                if let Some(code) = code_block.as_mut() {
                    code.push_str(&t);
                } else {
                    let link = links.iter().rev().find_map(|l| l.clone());
                    push_inline(
                        Inline::Text {
                            text: t.to_string(),
                            strong: strong > 0,
                            emph: emph > 0,
                            code: false,
                            link,
                        },
                        &mut stack,
                        &mut cell,
                    );
                }
            }
            Event::Code(t) => {
                let link = links.iter().rev().find_map(|l| l.clone());
                push_inline(
                    Inline::Text {
                        text: t.to_string(),
                        strong: strong > 0,
                        emph: emph > 0,
                        code: true,
                        link,
                    },
                    &mut stack,
                    &mut cell,
                );
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                let text = strip_tags(&h);
                if !text.trim().is_empty() {
                    push_inline(
                        Inline::Text {
                            text,
                            strong: false,
                            emph: false,
                            code: false,
                            link: None,
                        },
                        &mut stack,
                        &mut cell,
                    );
                }
            }
            Event::FootnoteReference(label) => {
                let n = note_number(&label, &mut notes);
                push_inline(Inline::Note(n), &mut stack, &mut cell);
            }
            Event::SoftBreak => push_inline(
                Inline::Text {
                    text: " ".into(),
                    strong: strong > 0,
                    emph: emph > 0,
                    code: false,
                    link: None,
                },
                &mut stack,
                &mut cell,
            ),
            Event::HardBreak => push_inline(Inline::Break, &mut stack, &mut cell),
            Event::Rule => {
                if let Some(top) = stack.last_mut() {
                    flush(top);
                    top.blocks.push(Block::Rule);
                }
            }
            _ => {}
        }
    }
    let mut root = stack.into_iter().next().unwrap_or(Frame {
        kind: FrameKind::Root,
        blocks: vec![],
        inlines: vec![],
    });
    flush(&mut root);
    footer.sort_by_key(|b| {
        if let Block::Note { number, .. } = b {
            *number
        } else {
            0
        }
    });
    root.blocks.extend(footer);
    root.blocks
}

/// The text of an HTML fragment, without its tags (for renderers that cannot show HTML).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// 1-based (line, column) of each byte offset in `offsets` (in any order), where `text` starts on
/// file line `first_line`: one pass over the text however many offsets there are.
pub fn offset_positions(text: &str, offsets: &[usize], first_line: usize) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_tables_scroll_in_a_named_focusable_box() {
        let html = to_html(
            "| 국가 | 건수 |\n|---|---:|\n| 중국 | 5 |\n\n`<table>` 글자",
            &|_| None,
        );
        let wrapped = wrap_tables(&html, "표");
        assert_eq!(wrapped.matches("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"표\"><table>").count(), 1);
        assert_eq!(wrapped.matches("</table></div>").count(), 1);
        assert!(wrapped.contains("&lt;table&gt;"));
        assert_eq!(wrap_tables("<p>표 없음</p>", "표"), "<p>표 없음</p>");
        let two = wrap_tables("<table></table><p>x</p><table></table>", "표");
        assert!(
            two.contains("aria-label=\"표 1\"><table>")
                && two.contains("aria-label=\"표 2\"><table>")
        );
    }

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
        let proto = to_html(
            "[a](//evil.example/x) [b](/\\evil.example) [c](/partners/)",
            &|_| None,
        );
        assert!(!proto.contains("//evil.example"), "{proto}");
        assert!(!proto.contains("href=\"/\\"), "{proto}");
        assert!(proto.contains("href=\"/partners/\""), "{proto}");
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
    fn blocks_keep_structure_emphasis_links_and_notes() {
        let body = "## 현황\n\n중국은 **등록**을 [요구](@/cn/a.md)한다.[^n]\n\n- 하나\n  - 둘\n1. 셋\n\n> 인용\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |\n\n[^n]: 각주 내용\n";
        let blocks = to_blocks(body, &|d| {
            (d == "@/cn/a.md").then(|| "#b-CN-001".to_string())
        });
        assert!(matches!(&blocks[0], Block::Heading { level: 2, .. }));
        let Block::Paragraph(p) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(p
            .iter()
            .any(|i| matches!(i, Inline::Text { text, strong: true, .. } if text == "등록")));
        assert!(p
            .iter()
            .any(|i| matches!(i, Inline::Text { link: Some(l), .. } if l == "#b-CN-001")));
        assert!(p.contains(&Inline::Note(1)));
        let Block::List { start: None, items } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert!(
            matches!(items[0][1], Block::List { .. }),
            "nested list kept"
        );
        assert!(matches!(&blocks[3], Block::List { start: Some(1), .. }));
        assert!(matches!(&blocks[4], Block::Quote(_)));
        let Block::Table { head, rows } = &blocks[5] else {
            panic!("{blocks:?}")
        };
        assert_eq!((head.len(), rows.len()), (2, 1));
        assert!(matches!(&blocks[6], Block::Note { number: 1, .. }));
    }

    #[test]
    fn heading_ids_keep_out_of_the_templates_way() {
        let html = to_html(
            "## Content\n\n## sec facts\n\n## 현황\n\n## 현황\n",
            &|_| None,
        );
        assert!(html.contains("id=\"h-content\""), "{html}");
        assert!(html.contains("id=\"h-sec-facts\""), "{html}");
        assert!(
            html.contains("id=\"현황\"") && html.contains("id=\"현황-1\""),
            "{html}"
        );
        // Every id the templates write is known here (a new one must be added to the lists).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for part in text.split(" id=\"").skip(1) {
                let id = part.split('"').next().unwrap();
                let fixed = id.split("{{").next().unwrap();
                if fixed.is_empty() {
                    continue; // wholly from data: region ids, on pages without bodies
                }
                // A prefix (`p-{{ code }}`) is tried with something after it.
                let sample = if id.contains("{{") {
                    format!("{fixed}x")
                } else {
                    fixed.to_string()
                };
                assert!(
                    heading_id(&sample).starts_with("h-"),
                    "the template id '{id}' is not kept from body headings"
                );
            }
        }
    }

    #[test]
    fn an_opening_heading_that_repeats_the_title_is_dropped() {
        assert_eq!(without_heading("## 발간사\n\n본문", "발간사"), "본문");
        assert_eq!(
            without_heading("## 머리말\n\n본문", "발간사"),
            "## 머리말\n\n본문"
        );
        assert_eq!(without_heading("#발간사\n본문", "발간사"), "#발간사\n본문");
    }

    #[test]
    fn offsets_become_lines() {
        let text = "a\nbc\n가나";
        assert_eq!(
            offset_positions(text, &[text.len(), 0, 3, 3], 5),
            vec![(7, 3), (5, 1), (6, 2), (6, 2)]
        );
    }
}
