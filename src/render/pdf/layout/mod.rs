//! PDF layout: a flow of blocks -> pages of positioned boxes. No PDF library here.
//!
//! Input: [`Flow`] items (headings, paragraphs, tables, page breaks, the table of contents) and a
//! [`Metrics`] source for glyph widths. Output: [`Laid`]: pages of [`Item`]s in points from the
//! page's top-left corner, the page and height of every anchor, the outline and the table of
//! contents with the pages they name.
//!
//! Paragraphs are justified (`justify`): breaks chosen for the whole paragraph at once (`linebreak`,
//! Knuth and Plass) under Korean rules, spaces widened so that every line but the last ends on
//! the measure. Headings, table cells and contents lines are set ragged-right (`words`): lines
//! break at spaces; a word is split only when it cannot fit a line on its own; no line begins with
//! closing punctuation or ends with opening punctuation; long URLs break after `/`. The flow is
//! walked in `flow` (tables in `table`, footnotes at the foot of the page that calls them in `notes`,
//! bar charts in `chart`); the structure elements are marked in `tags` and, inside a line, `inline`;
//! unit tests with fixed-width metrics are in `tests`, `tests_apparatus` and `tests_tags`.

use std::collections::BTreeMap;

mod chart;
mod contents;
mod flow;
mod folio;
mod grid;
mod inline;
mod justify;
mod linebreak;
mod notes;
mod table;
mod tags;
mod words;

pub(crate) use chart::Chart;
pub(crate) use tags::element_of;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_apparatus;
#[cfg(test)]
mod tests_justify;
#[cfg(test)]
mod tests_tags;

use flow::Layouter;
use folio::decorate;
pub(crate) use folio::folio;

pub const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 62.0;
pub(crate) const MARGIN_TOP: f32 = 70.0;
pub(crate) const MARGIN_BOTTOM: f32 = 66.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
pub const BODY: f32 = 10.0;
pub const LEADING: f32 = 1.62;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
    /// The fallback faces, for characters the main font lacks (accented Latin letters).
    Fallback,
    FallbackBold,
    /// Han characters the main font lacks (Traditional Chinese, rare Hanja); the bold is the
    /// same font with thickened strokes.
    Han,
    HanBold,
    /// Emoji and symbols, in one colour; the bold as for `HanBold`.
    Symbol,
    SymbolBold,
}

impl Face {
    pub(crate) fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Fallback | Face::FallbackBold => Face::FallbackBold,
            Face::Han | Face::HanBold => Face::HanBold,
            Face::Symbol | Face::SymbolBold => Face::SymbolBold,
        }
    }

    /// The face whose font the document embeds for this one (a bold drawn by thickening the
    /// regular font's strokes embeds the regular font).
    pub(crate) fn embedded(self) -> Face {
        match self {
            Face::HanBold => Face::Han,
            Face::SymbolBold => Face::Symbol,
            other => other,
        }
    }

    /// Whether the writer thickens the strokes, the font having no bold of its own.
    pub(crate) fn synthetic_bold(self) -> bool {
        matches!(self, Face::HanBold | Face::SymbolBold)
    }
}

/// Glyph widths, in ems, from the font the writer will embed.
pub(crate) trait Metrics {
    fn advance(&self, face: Face, c: char) -> f32;
    /// The face that draws `c` when the span asks for `face` (a fallback when the main face lacks it).
    fn resolve(&self, face: Face, _c: char) -> Face {
        face
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

/// Body text: solid black (the writer prints every colour as a grey of black ink).
pub(crate) const INK: Rgb = Rgb(0.0, 0.0, 0.0);
pub(crate) const MUTED: Rgb = Rgb(0.36, 0.38, 0.42);
pub(crate) const BRAND: Rgb = Rgb(0.04, 0.31, 0.64);
pub(crate) const RULE: Rgb = Rgb(0.78, 0.8, 0.84);
pub(crate) const SHADE: Rgb = Rgb(0.94, 0.95, 0.97);

/// Where a link goes: an anchor in this document, or an address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Anchor(String),
    Uri(String),
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    pub face: Face,
    pub color: Rgb,
    pub link: Option<Target>,
    /// Replaced by the page number of this anchor (for tables of pages).
    pub page_of: Option<String>,
    pub italic: bool,
    /// A footnote reference: the key of the [`Flow::Note`] it calls; the text (its number) is set
    /// small and raised, and the note goes to the foot of the page where the reference falls.
    pub note: Option<String>,
    /// The language of the text when it is not the document's (`en-US` for English titles and
    /// terms): it becomes a `Span` element with `/Lang` in the structure tree.
    pub lang: Option<&'static str>,
}

/// The language tag of English text in the structure tree.
pub(crate) const ENGLISH: &str = "en-US";

/// A footnote reference's size, relative to its text's, and how far it is raised (in ems).
pub(crate) const SUP_SCALE: f32 = 0.62;
pub(crate) const SUP_RISE: f32 = 0.36;

/// The anchor of footnote `key`'s text, where its reference links to.
pub(crate) fn note_anchor(key: &str) -> String {
    format!("fn-{key}")
}

impl Span {
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            face: Face::Regular,
            color: INK,
            link: None,
            page_of: None,
            italic: false,
            note: None,
            lang: None,
        }
    }
    /// A superscript reference `label` to footnote `key`, linked to the note.
    pub(crate) fn note_ref(key: &str, label: impl Into<String>) -> Self {
        Span {
            link: Some(Target::Anchor(note_anchor(key))),
            note: Some(key.to_string()),
            ..Span::new(label)
        }
    }
    /// The span's type size relative to its paragraph's (footnote references are smaller).
    pub(crate) fn scale(&self) -> f32 {
        if self.note.is_some() {
            SUP_SCALE
        } else {
            1.0
        }
    }
    /// How far above the baseline the span sits, at paragraph size `size`.
    pub(crate) fn rise(&self, size: f32) -> f32 {
        if self.note.is_some() {
            size * SUP_RISE
        } else {
            0.0
        }
    }
    pub(crate) fn bold(mut self) -> Self {
        self.face = Face::Bold;
        self
    }
    pub(crate) fn color(mut self, c: Rgb) -> Self {
        self.color = c;
        self
    }
    pub(crate) fn link(mut self, t: Option<Target>) -> Self {
        if t.is_some() && self.color == INK {
            self.color = BRAND;
        }
        self.link = t;
        self
    }
    /// Marks the text as English (see [`Span::lang`]).
    pub(crate) fn english(mut self) -> Self {
        self.lang = Some(ENGLISH);
        self
    }
    pub(crate) fn page_of(anchor: &str) -> Self {
        Span {
            page_of: Some(anchor.to_string()),
            ..Span::new("000")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    /// Both edges on the measure (the last line, and lines before a hard break, left-aligned).
    Justify,
}

/// A paragraph's look.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParaStyle {
    pub size: f32,
    pub leading: f32,
    /// Left indent of every line.
    pub indent: f32,
    /// A list marker set in the indent of the first line, right-aligned before the text.
    pub marker: Option<String>,
    pub space_before: f32,
    pub space_after: f32,
    pub align: Align,
    /// A vertical rule left of the text (block quotes).
    pub rule: bool,
}

impl ParaStyle {
    pub(crate) fn body() -> Self {
        ParaStyle {
            size: BODY,
            leading: LEADING,
            indent: 0.0,
            marker: None,
            space_before: 0.0,
            space_after: 6.0,
            align: Align::Justify,
            rule: false,
        }
    }
}

/// A table's number and title, set above it (again, followed by "(계속)", on every page it runs
/// on to), and its source, set under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Caption {
    /// `<표 3>`
    pub label: String,
    pub title: Vec<Span>,
    /// The text of its `자료:` line, if it has one.
    pub source: Option<Vec<Span>>,
    /// Where the list of tables ([`Flow::Tables`]) links to; a table without one is not listed.
    pub anchor: Option<String>,
}

/// A label and its value in a key-facts box ([`Flow::Facts`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub label: String,
    pub value: Vec<Span>,
    /// The value needs the box's whole width (it stands on a row of its own); other facts stand
    /// two to a row.
    pub wide: bool,
}

/// One thing to lay out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Flow {
    /// Start a new page; the running header shows `chapter` from here on.
    PageBreak {
        chapter: String,
    },
    /// A heading; `outline` and `toc` give its level in the bookmarks and the contents.
    Heading {
        level: u8,
        spans: Vec<Span>,
        anchor: Option<String>,
        outline: Option<u8>,
        toc: Option<u8>,
    },
    Para {
        spans: Vec<Span>,
        style: ParaStyle,
    },
    Table {
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        size: f32,
        widths: Option<Vec<f32>>,
        caption: Option<Caption>,
    },
    /// The table of contents: one line per heading with `toc` set, anywhere in the flow.
    Contents,
    /// The list of tables: one line per table whose caption has an anchor, with its page.
    Tables,
    /// A bar chart, numbered and captioned like a table (`<그림 n>`), drawn as vector shapes.
    Figure(Chart),
    /// The list of figures: one line per [`Flow::Figure`], with its page.
    Figures,
    /// A shaded box of labelled facts, two to a row, kept on one page.
    Facts(Vec<Fact>),
    /// Rows of cells in columns without rules (a timeline: date | channel | note): every column
    /// but the last as wide as its widest cell (up to a limit), the last taking the rest, so that
    /// a cell's lines wrap under its own start; a row never split across pages.
    Grid {
        rows: Vec<Vec<Vec<Span>>>,
        size: f32,
    },
    /// A footnote's text, numbered `label`: set at the foot of the page that holds the reference
    /// to `key` ([`Span::note_ref`]), wherever it stands in the flow.
    Note {
        key: String,
        label: String,
        spans: Vec<Span>,
    },
    Space(f32),
    Rule,
}

/// A positioned box. Coordinates are points from the page's top-left corner; `y` of text is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// A dotted leader on baseline `y` (drawn as a dashed rule, so text extraction sees no dots).
    Dots {
        x1: f32,
        x2: f32,
        y: f32,
        color: Rgb,
    },
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
        /// Slanted (Markdown emphasis): the font has no italic, so the writer shears it.
        italic: bool,
        /// Extra space, in points, between the text's grapheme clusters.
        tracking: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: Target,
        /// The linked text on this line: the annotation's description (`/Contents`), which
        /// PDF/UA asks of every link.
        text: String,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    /// The chapter named in the running header.
    pub chapter: String,
    /// A chapter opens on this page: it has no running header.
    pub opening: bool,
    /// Left empty so that the next chapter opens on a right-hand page (print layout): it has no
    /// running header and no page number.
    pub blank: bool,
    /// From item index `.0` on, the items belong to element `.1` of [`Laid::elements`] (`None`:
    /// an artifact); items before the first mark are artifacts.
    pub marks: Vec<(usize, Option<usize>)>,
}

/// An element of the structure tree: a standard structure type and its parent element (the
/// document when `None`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub tag: &'static str,
    pub parent: Option<usize>,
    /// `/Lang` when it differs from the document's.
    pub lang: Option<&'static str>,
    /// `/Alt`: a figure's description in words.
    pub alt: Option<String>,
    /// A figure's bounding box: its page (0-based) and left, top, right, bottom in points from
    /// the page's top-left corner.
    pub bbox: Option<(usize, [f32; 4])>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub title: String,
    pub anchor: String,
    /// 1-based page number.
    pub page: usize,
}

/// The laid-out document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Laid {
    pub pages: Vec<Page>,
    /// anchor -> (0-based page index, y of the heading's top)
    pub anchors: BTreeMap<String, (usize, f32)>,
    pub outline: Vec<OutlineEntry>,
    pub toc: Vec<TocEntry>,
    /// The page (0-based) numbered 1, after the front matter numbered i, ii ...; `None` when every
    /// page is numbered from 1.
    pub body_start: Option<usize>,
    /// The structure elements, in reading order (see `tags`).
    pub elements: Vec<Element>,
    /// Whether the pages print a page number found by the pass before (a contents line, a page
    /// reference): only then can another pass change them.
    pub reads_pages: bool,
}

/// Running header text for every page but the first (the cover), and the circulation edition's
/// watermark for every page, the cover included.
pub(crate) struct Furniture {
    pub header_left: String,
    /// Printed across the top and the foot of every page (the circulation edition's notice).
    pub watermark: Option<String>,
    /// The anchor of the page numbered 1: the pages before it are the front matter, numbered in
    /// Roman numerals. `None`: every page numbered from 1.
    pub body_anchor: Option<String>,
    /// The print layout: chapters open on right-hand (odd) pages, a blank page before when
    /// needed, and page numbers are set `- n -`.
    pub print: bool,
}

/// The watermark's colour: a dark red that prints legibly in greyscale too.
pub(crate) const WATERMARK: Rgb = Rgb(0.62, 0.1, 0.08);

/// Passes after the first that may still move an anchor to another page (see [`layout`]).
pub(crate) const MORE_PASSES: usize = 4;

/// Lays out `flow` until the pages it prints are the pages it finds: the first pass finds the
/// page of every anchor, the next prints those pages in the contents and page references. A page
/// number in running text ("(12쪽 참조)") is narrower or wider than the first pass's placeholder
/// and may move a line break, and with it an anchor: then another pass prints the new pages, up
/// to [`MORE_PASSES`] passes.
pub(crate) fn layout(flow: &[Flow], metrics: &dyn Metrics, furniture: &Furniture) -> Laid {
    let prepared = flow::prepare(flow, metrics);
    let pages_of = |laid: &Laid| -> BTreeMap<String, usize> {
        laid.anchors
            .iter()
            .map(|(k, (p, _))| (k.clone(), p + 1))
            .collect()
    };
    let run = |pages: &BTreeMap<String, usize>| {
        crate::work::add(crate::work::Work::LayoutPass);
        let mut l = Layouter::with_prepared(metrics, pages, &prepared);
        l.print = furniture.print;
        l.body_start = furniture
            .body_anchor
            .as_ref()
            .and_then(|a| pages.get(a).copied());
        l.run(flow)
    };
    let mut pages = BTreeMap::new();
    let mut laid = run(&pages);
    // A document that prints no page number and numbers its pages from 1 (no front matter) is
    // laid out the same by every pass: the first is the last (a partner's report without page
    // references, at half the work).
    let settled = !laid.reads_pages && furniture.body_anchor.is_none();
    let more = if settled { 0 } else { MORE_PASSES };
    for _ in 0..more {
        let found = pages_of(&laid);
        if found == pages {
            break;
        }
        pages = found;
        // The pages of the pass before go first: a long report should not be held twice.
        drop(std::mem::take(&mut laid.pages));
        laid = run(&pages);
    }
    laid.body_start = furniture
        .body_anchor
        .as_ref()
        .and_then(|a| laid.anchors.get(a))
        .map(|(p, _)| *p);
    decorate(&mut laid, metrics, furniture);
    laid
}

pub(crate) fn width(metrics: &dyn Metrics, face: Face, size: f32, text: &str) -> f32 {
    text.chars()
        .map(|c| metrics.advance(metrics.resolve(face, c), c))
        .sum::<f32>()
        * size
}

/// Characters that may not begin a line.
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '’'
            | '”'
            | '…'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
            | '·'
            | '〉'
            | '》'
            | '、'
            | '。'
            | '）'
    )
}

/// Characters that may not end a line.
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '「' | '『' | '‘' | '“' | '〈' | '《' | '（'
    )
}

fn baseline(size: f32, leading: f32) -> f32 {
    (size * leading - size) / 2.0 + size * 0.86
}

pub(crate) fn heading_style(level: u8) -> ParaStyle {
    let (size, before, after) = match level {
        1 => (19.0, 0.0, 10.0),
        2 => (14.0, 16.0, 6.0),
        3 => (12.0, 16.0, 4.0),
        _ => (10.5, 8.0, 3.0),
    };
    ParaStyle {
        size,
        leading: 1.4,
        space_before: before,
        space_after: after,
        align: Align::Left,
        ..ParaStyle::body()
    }
}

/// Height to keep with a heading: up to three lines of what follows.
fn next_height(rest: &[Flow]) -> f32 {
    match rest.first() {
        Some(Flow::Para { style, .. }) => style.space_before + 3.0 * style.size * style.leading,
        Some(Flow::Table { size, caption, .. }) => {
            3.0 * size * 1.45 + 16.0 + if caption.is_some() { 20.0 } else { 0.0 }
        }
        Some(Flow::Heading { level, .. }) => {
            let s = heading_style(*level);
            s.space_before + s.size * s.leading + next_height(&rest[1..])
        }
        Some(Flow::Contents) => 40.0,
        _ => 0.0,
    }
}

pub(crate) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}
