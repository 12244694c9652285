//! PDF layout: a flow of blocks -> pages of positioned boxes. No PDF library here.
//!
//! Input: [`Flow`] items (headings, paragraphs, tables, page breaks, the table of contents) and a
//! [`Metrics`] source for glyph widths. Output: [`Laid`]: pages of [`Item`]s in points from the
//! page's top-left corner, the page and height of every anchor, the outline and the table of
//! contents with the pages they name. Korean line breaking: lines break at spaces; a word is split
//! only when it cannot fit a line on its own; no line begins with closing punctuation or ends with
//! opening punctuation; long URLs break after `/`. Lines are set ragged-right throughout.

use std::collections::BTreeMap;

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 62.0;
pub const MARGIN_TOP: f32 = 70.0;
pub const MARGIN_BOTTOM: f32 = 66.0;
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
pub const BODY: f32 = 10.0;
pub const LEADING: f32 = 1.62;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    /// The fallback faces, for characters the main font lacks (accented Latin letters).
    Fallback,
    FallbackBold,
}

impl Face {
    pub fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Fallback | Face::FallbackBold => Face::FallbackBold,
        }
    }
}

/// Glyph widths, in ems, from the font the writer will embed.
pub trait Metrics {
    fn advance(&self, face: Face, c: char) -> f32;
    /// The face that draws `c` when the span asks for `face` (a fallback when the main face lacks it).
    fn resolve(&self, face: Face, _c: char) -> Face {
        face
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const INK: Rgb = Rgb(0.11, 0.11, 0.13);
pub const MUTED: Rgb = Rgb(0.36, 0.38, 0.42);
pub const BRAND: Rgb = Rgb(0.04, 0.31, 0.64);
pub const RULE: Rgb = Rgb(0.78, 0.8, 0.84);
pub const SHADE: Rgb = Rgb(0.94, 0.95, 0.97);

/// Where a link goes: an anchor in this document, or an address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Anchor(String),
    Uri(String),
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
    pub color: Rgb,
    pub link: Option<Target>,
    /// Replaced by the page number of this anchor (for tables of pages).
    pub page_of: Option<String>,
    pub italic: bool,
}

impl Span {
    pub fn new(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            face: Face::Regular,
            color: INK,
            link: None,
            page_of: None,
            italic: false,
        }
    }
    pub fn bold(mut self) -> Self {
        self.face = Face::Bold;
        self
    }
    pub fn color(mut self, c: Rgb) -> Self {
        self.color = c;
        self
    }
    pub fn link(mut self, t: Option<Target>) -> Self {
        if t.is_some() && self.color == INK {
            self.color = BRAND;
        }
        self.link = t;
        self
    }
    pub fn page_of(anchor: &str) -> Self {
        Span {
            page_of: Some(anchor.to_string()),
            ..Span::new("000")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
}

/// A paragraph's look.
#[derive(Debug, Clone, PartialEq)]
pub struct ParaStyle {
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
    pub fn body() -> Self {
        ParaStyle {
            size: BODY,
            leading: LEADING,
            indent: 0.0,
            marker: None,
            space_before: 0.0,
            space_after: 6.0,
            align: Align::Left,
            rule: false,
        }
    }
    pub fn size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }
}

/// One thing to lay out.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
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
    },
    /// The table of contents: one line per heading with `toc` set, anywhere in the flow.
    Contents,
    Space(f32),
    Rule,
}

/// A positioned box. Coordinates are points from the page's top-left corner; `y` of text is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
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
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// The chapter named in the running header.
    pub chapter: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub title: String,
    pub anchor: String,
    /// 1-based page number.
    pub page: usize,
}

/// The laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Laid {
    pub pages: Vec<Page>,
    /// anchor -> (0-based page index, y of the heading's top)
    pub anchors: BTreeMap<String, (usize, f32)>,
    pub outline: Vec<OutlineEntry>,
    pub toc: Vec<TocEntry>,
}

/// Running header text for every page but the first (the cover), and the circulation edition's
/// watermark for every page, the cover included.
pub struct Furniture {
    pub header_left: String,
    /// Printed across the top and the foot of every page (the circulation edition's notice).
    pub watermark: Option<String>,
}

/// The watermark's colour: a dark red that prints legibly in greyscale too.
pub const WATERMARK: Rgb = Rgb(0.62, 0.1, 0.08);

/// Lays out `flow` twice: the first pass finds the page of every anchor, the second prints those
/// pages in the contents and page references. Both passes give the same pages, because a number's
/// width never changes how many lines an entry takes.
pub fn layout(flow: &[Flow], metrics: &dyn Metrics, furniture: &Furniture) -> Laid {
    let first = Layouter::new(metrics, &BTreeMap::new()).run(flow);
    let pages: BTreeMap<String, usize> = first
        .anchors
        .iter()
        .map(|(k, (p, _))| (k.clone(), p + 1))
        .collect();
    let mut laid = Layouter::new(metrics, &pages).run(flow);
    decorate(&mut laid, metrics, furniture);
    laid
}

fn decorate(laid: &mut Laid, metrics: &dyn Metrics, f: &Furniture) {
    if let Some(mark) = &f.watermark {
        watermark(laid, metrics, mark);
    }
    let total = laid.pages.len();
    for (i, page) in laid.pages.iter_mut().enumerate().skip(1) {
        let size = 7.5;
        let y = MARGIN_TOP - 28.0;
        page.items.push(Item::Text {
            x: MARGIN_X,
            y,
            face: Face::Regular,
            size,
            color: MUTED,
            text: f.header_left.clone(),
            italic: false,
        });
        let w = width(metrics, Face::Bold, size, &page.chapter);
        page.items.push(Item::Text {
            x: PAGE_W - MARGIN_X - w,
            y,
            face: Face::Bold,
            size,
            color: MUTED,
            text: page.chapter.clone(),
            italic: false,
        });
        page.items.push(Item::Line {
            x1: MARGIN_X,
            y1: y + 5.0,
            x2: PAGE_W - MARGIN_X,
            y2: y + 5.0,
            width: 0.4,
            color: RULE,
        });
        let number = format!("{} / {}", i + 1, total);
        let w = width(metrics, Face::Regular, 8.0, &number);
        page.items.push(Item::Text {
            x: (PAGE_W - w) / 2.0,
            y: PAGE_H - MARGIN_BOTTOM + 34.0,
            face: Face::Regular,
            size: 8.0,
            color: MUTED,
            text: number,
            italic: false,
        });
    }
}

/// The notice in bold red, centred in the top margin (above the running header) and in the foot
/// margin (below the page number) of every page, each on a pale band: a copy that is printed,
/// photographed or cut into pages still says what it is.
fn watermark(laid: &mut Laid, metrics: &dyn Metrics, mark: &str) {
    let size = 9.0;
    let w = width(metrics, Face::Bold, size, mark).min(PAGE_W - 2.0 * MARGIN_X);
    let x = (PAGE_W - w) / 2.0;
    for page in &mut laid.pages {
        for baseline in [22.0, PAGE_H - 12.0] {
            page.items.push(Item::Fill {
                x: x - 8.0,
                y: baseline - size - 2.0,
                w: w + 16.0,
                h: size + 6.0,
                color: Rgb(0.99, 0.93, 0.92),
            });
            page.items.push(Item::Text {
                x,
                y: baseline,
                face: Face::Bold,
                size,
                color: WATERMARK,
                text: mark.to_string(),
                italic: false,
            });
        }
    }
}

pub fn width(metrics: &dyn Metrics, face: Face, size: f32, text: &str) -> f32 {
    text.chars()
        .map(|c| metrics.advance(metrics.resolve(face, c), c))
        .sum::<f32>()
        * size
}

/// Characters that may not begin a line.
pub fn is_closing(c: char) -> bool {
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
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '「' | '『' | '‘' | '“' | '〈' | '《' | '（'
    )
}

/// A piece of a word with one style.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    span: usize,
    face: Face,
    w: f32,
}

/// A word: pieces with no break opportunity between them, and the space before it.
#[derive(Debug, Clone)]
struct Word {
    pieces: Vec<Piece>,
    w: f32,
    space_before: f32,
    /// No line break may come before this word (it starts with closing punctuation, or the
    /// word before ends with opening punctuation).
    glue: bool,
    hard_break: bool,
}

/// A laid line: pieces with x offsets.
#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<(f32, Piece)>,
    w: f32,
}

struct Layouter<'a> {
    m: &'a dyn Metrics,
    pages_of: &'a BTreeMap<String, usize>,
    laid: Laid,
    y: f32,
    chapter: String,
}

impl<'a> Layouter<'a> {
    fn new(m: &'a dyn Metrics, pages_of: &'a BTreeMap<String, usize>) -> Self {
        Layouter {
            m,
            pages_of,
            laid: Laid {
                pages: vec![Page::default()],
                ..Laid::default()
            },
            y: MARGIN_TOP,
            chapter: String::new(),
        }
    }

    fn bottom(&self) -> f32 {
        PAGE_H - MARGIN_BOTTOM
    }

    fn page(&mut self) -> &mut Page {
        self.laid.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.laid.pages.push(Page {
            items: vec![],
            chapter: self.chapter.clone(),
        });
        self.y = MARGIN_TOP;
    }

    fn fresh(&self) -> bool {
        self.page_is_empty() && (self.y - MARGIN_TOP).abs() < 0.01
    }

    fn page_is_empty(&self) -> bool {
        self.laid.pages.last().is_none_or(|p| p.items.is_empty())
    }

    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && !self.fresh() {
            self.new_page();
        }
    }

    fn run(mut self, flow: &[Flow]) -> Laid {
        let toc_entries: Vec<TocEntry> = flow
            .iter()
            .filter_map(|f| match f {
                Flow::Heading {
                    spans,
                    anchor: Some(a),
                    toc: Some(level),
                    ..
                } => Some(TocEntry {
                    level: *level,
                    title: plain(spans),
                    anchor: a.clone(),
                    page: self.pages_of.get(a).copied().unwrap_or(0),
                }),
                _ => None,
            })
            .collect();
        for (i, item) in flow.iter().enumerate() {
            match item {
                Flow::PageBreak { chapter } => {
                    self.chapter = chapter.clone();
                    if self.page_is_empty() {
                        self.page().chapter = chapter.clone();
                    } else {
                        self.new_page();
                    }
                }
                Flow::Heading {
                    level,
                    spans,
                    anchor,
                    outline,
                    ..
                } => {
                    let style = heading_style(*level);
                    let lines = self.break_lines(spans, CONTENT_W, style.size);
                    let h = style.space_before + lines.len() as f32 * style.size * style.leading;
                    // Keep a heading with at least three lines of what follows it.
                    let next = next_height(&flow[i + 1..]);
                    self.ensure(h + next);
                    if !self.fresh() {
                        self.y += style.space_before;
                    }
                    let top = self.y;
                    if let Some(a) = anchor {
                        self.laid
                            .anchors
                            .insert(a.clone(), (self.laid.pages.len() - 1, top));
                    }
                    if let Some(l) = outline {
                        let page = self.laid.pages.len() - 1;
                        self.laid.outline.push(OutlineEntry {
                            level: *l,
                            title: plain(spans),
                            page,
                            y: top,
                        });
                    }
                    self.place_lines(spans, &lines, &style, MARGIN_X);
                    if *level == 1 {
                        let y = self.y + 2.0;
                        self.page().items.push(Item::Line {
                            x1: MARGIN_X,
                            y1: y,
                            x2: PAGE_W - MARGIN_X,
                            y2: y,
                            width: 1.2,
                            color: INK,
                        });
                        self.y += 8.0;
                    }
                    self.y += style.space_after;
                }
                Flow::Para { spans, style } => self.para(spans, style),
                Flow::Table {
                    head,
                    rows,
                    size,
                    widths,
                } => self.table(head, rows, *size, widths.as_deref()),
                Flow::Contents => {
                    for e in &toc_entries {
                        self.toc_line(e);
                    }
                    self.laid.toc = toc_entries.clone();
                }
                Flow::Space(h) => {
                    if !self.fresh() {
                        self.y += h;
                    }
                }
                Flow::Rule => {
                    self.ensure(8.0);
                    let y = self.y + 4.0;
                    self.page().items.push(Item::Line {
                        x1: MARGIN_X,
                        y1: y,
                        x2: PAGE_W - MARGIN_X,
                        y2: y,
                        width: 0.5,
                        color: RULE,
                    });
                    self.y += 8.0;
                }
            }
        }
        self.laid
    }

    fn para(&mut self, spans: &[Span], style: &ParaStyle) {
        let avail = CONTENT_W - style.indent - if style.rule { 10.0 } else { 0.0 };
        let lines = self.break_lines(spans, avail, style.size);
        if !self.fresh() {
            self.y += style.space_before;
        }
        let x = MARGIN_X + style.indent + if style.rule { 10.0 } else { 0.0 };
        let lh = style.size * style.leading;
        if let Some(marker) = &style.marker {
            // The marker stays with the first line.
            self.ensure(lh);
            let w = width(self.m, Face::Regular, style.size, marker);
            let base = self.y + baseline(style.size, style.leading);
            self.page().items.push(Item::Text {
                x: x - w - 4.0,
                y: base,
                face: Face::Regular,
                size: style.size,
                color: INK,
                text: marker.clone(),
                italic: false,
            });
        }
        let start_page = self.laid.pages.len();
        let start_y = self.y;
        self.place_lines(spans, &lines, style, x);
        if style.rule {
            // One rule per page the quote runs on.
            let (first_top, end) = (start_y, self.y);
            let x = MARGIN_X + style.indent + 3.0;
            if self.laid.pages.len() == start_page {
                self.page().items.push(Item::Line {
                    x1: x,
                    y1: first_top + 2.0,
                    x2: x,
                    y2: end - 2.0,
                    width: 2.0,
                    color: RULE,
                });
            } else {
                self.page().items.push(Item::Line {
                    x1: x,
                    y1: MARGIN_TOP,
                    x2: x,
                    y2: end - 2.0,
                    width: 2.0,
                    color: RULE,
                });
            }
        }
        self.y += style.space_after;
    }

    /// Places broken lines at `x`, moving to a new page when a line does not fit.
    fn place_lines(&mut self, spans: &[Span], lines: &[Line], style: &ParaStyle, x: f32) {
        let lh = style.size * style.leading;
        for line in lines {
            self.ensure(lh);
            let base = self.y + baseline(style.size, style.leading);
            let dx = match style.align {
                Align::Left => 0.0,
                Align::Center => ((CONTENT_W - line.w) / 2.0).max(0.0),
            };
            for (off, piece) in &line.pieces {
                let span = &spans[piece.span];
                let px = x + dx + off;
                self.page().items.push(Item::Text {
                    x: px,
                    y: base,
                    face: piece.face,
                    size: style.size,
                    color: span.color,
                    text: piece.text.clone(),
                    italic: span.italic,
                });
                if let Some(t) = &span.link {
                    let y = self.y;
                    self.page().items.push(Item::Link {
                        x: px,
                        y,
                        w: piece.w,
                        h: lh,
                        target: t.clone(),
                    });
                }
            }
            self.y += lh;
        }
    }

    fn toc_line(&mut self, e: &TocEntry) {
        let size = if e.level == 1 { 10.5 } else { 9.0 };
        let face = if e.level == 1 {
            Face::Bold
        } else {
            Face::Regular
        };
        let indent = if e.level == 1 { 0.0 } else { 14.0 };
        let number = if e.page == 0 {
            "000".to_string()
        } else {
            e.page.to_string()
        };
        let num_w = width(self.m, face, size, &number);
        let avail = CONTENT_W - indent - 40.0;
        let spans = vec![Span {
            face,
            ..Span::new(e.title.clone())
        }];
        let lines = self.break_lines(&spans, avail, size);
        let lh = size * 1.5;
        let space = if e.level == 1 { 5.0 } else { 0.0 };
        self.ensure(lh * lines.len() as f32 + space);
        if !self.fresh() {
            self.y += space;
        }
        let top = self.y;
        let style = ParaStyle {
            size,
            leading: 1.5,
            ..ParaStyle::body()
        };
        self.place_lines(&spans, &lines, &style, MARGIN_X + indent);
        // Dotted leader from the end of the last line to the right-aligned page number.
        let last_w = lines.last().map_or(0.0, |l| l.w);
        let base = self.y - lh + baseline(size, 1.5);
        let lead_start = MARGIN_X + indent + last_w + 6.0;
        let lead_end = PAGE_W - MARGIN_X - num_w - 6.0;
        if lead_end > lead_start + 6.0 {
            self.page().items.push(Item::Dots {
                x1: lead_start,
                x2: lead_end,
                y: base,
                color: MUTED,
            });
        }
        self.page().items.push(Item::Text {
            x: PAGE_W - MARGIN_X - num_w,
            y: base,
            face,
            size,
            color: INK,
            text: number,
            italic: false,
        });
        let h = self.y - top;
        self.page().items.push(Item::Link {
            x: MARGIN_X + indent,
            y: top,
            w: CONTENT_W - indent,
            h,
            target: Target::Anchor(e.anchor.clone()),
        });
    }

    fn table(
        &mut self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        size: f32,
        widths: Option<&[f32]>,
    ) {
        let cols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let pad = 4.0;
        let widths: Vec<f32> = match widths {
            Some(w) if w.len() == cols => {
                let total: f32 = w.iter().sum();
                w.iter().map(|x| x / total * CONTENT_W).collect()
            }
            _ => self.auto_widths(head, rows, cols, size, pad),
        };
        let lh = size * 1.45;
        let layout_row = |this: &Self, cells: &[Vec<Span>]| -> (Vec<Vec<Line>>, f32) {
            let lines: Vec<Vec<Line>> = (0..cols)
                .map(|c| {
                    cells
                        .get(c)
                        .map(|spans| this.break_lines(spans, widths[c] - 2.0 * pad, size))
                        .unwrap_or_default()
                })
                .collect();
            let h = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad;
            (lines, h)
        };
        let (head_lines, head_h) = layout_row(self, head);
        let draw_row =
            |this: &mut Self, cells: &[Vec<Span>], lines: &[Vec<Line>], h: f32, header: bool| {
                let top = this.y;
                if header {
                    this.page().items.push(Item::Fill {
                        x: MARGIN_X,
                        y: top,
                        w: CONTENT_W,
                        h,
                        color: SHADE,
                    });
                }
                let mut x = MARGIN_X;
                for c in 0..cols {
                    let style = ParaStyle {
                        size,
                        leading: 1.45,
                        ..ParaStyle::body()
                    };
                    let saved = this.y;
                    this.y = top + pad;
                    if let Some(spans) = cells.get(c) {
                        let cell_lines = &lines[c];
                        // Cells never move to another page on their own: the row was checked to fit.
                        for line in cell_lines {
                            let base = this.y + baseline(size, 1.45);
                            for (off, piece) in &line.pieces {
                                let span = &spans[piece.span];
                                let face = if header {
                                    piece.face.bold()
                                } else {
                                    piece.face
                                };
                                this.page().items.push(Item::Text {
                                    x: x + pad + off,
                                    y: base,
                                    face,
                                    size: style.size,
                                    color: span.color,
                                    text: piece.text.clone(),
                                    italic: span.italic,
                                });
                                if let Some(t) = &span.link {
                                    let y = this.y;
                                    this.page().items.push(Item::Link {
                                        x: x + pad + off,
                                        y,
                                        w: piece.w,
                                        h: lh,
                                        target: t.clone(),
                                    });
                                }
                            }
                            this.y += lh;
                        }
                    }
                    this.y = saved;
                    x += widths[c];
                }
                this.page().items.push(Item::Line {
                    x1: MARGIN_X,
                    y1: top + h,
                    x2: MARGIN_X + CONTENT_W,
                    y2: top + h,
                    width: if header { 0.8 } else { 0.4 },
                    color: if header { INK } else { RULE },
                });
                if header {
                    this.page().items.push(Item::Line {
                        x1: MARGIN_X,
                        y1: top,
                        x2: MARGIN_X + CONTENT_W,
                        y2: top,
                        width: 0.8,
                        color: INK,
                    });
                }
                this.y = top + h;
            };
        let has_head = !head.is_empty();
        let first_h = rows.first().map(|r| layout_row(self, r).1).unwrap_or(0.0);
        if !self.fresh() {
            self.y += 4.0;
        }
        self.ensure(head_h + first_h);
        if has_head {
            draw_row(self, head, &head_lines, head_h, true);
        }
        for row in rows {
            let (lines, h) = layout_row(self, row);
            if self.y + h > self.bottom() && !self.fresh() {
                self.new_page();
                if has_head {
                    draw_row(self, head, &head_lines, head_h, true);
                }
            }
            draw_row(self, row, &lines, h, false);
        }
        self.y += 8.0;
    }

    fn auto_widths(
        &self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        cols: usize,
        size: f32,
        pad: f32,
    ) -> Vec<f32> {
        let mut natural = vec![0f32; cols];
        let mut min = vec![0f32; cols];
        for cells in std::iter::once(head).chain(rows.iter().map(|r| r.as_slice())) {
            for (c, spans) in cells.iter().enumerate().take(cols) {
                let words = self.words(spans, size);
                let total: f32 = words.iter().map(|w| w.w + w.space_before).sum();
                natural[c] = natural[c].max(total.min(CONTENT_W));
                let longest = words.iter().map(|w| w.w).fold(0.0, f32::max);
                min[c] = min[c].max(longest.min(CONTENT_W / cols as f32));
            }
        }
        let total: f32 = natural.iter().sum::<f32>().max(1.0);
        let inner = CONTENT_W - 2.0 * pad * cols as f32;
        let mut w: Vec<f32> = natural.iter().map(|n| n / total * inner).collect();
        if natural.iter().sum::<f32>() <= inner {
            // Everything fits on one line: give the spare room to the widest column.
            w = natural.clone();
            let spare = inner - natural.iter().sum::<f32>();
            if let Some((i, _)) = natural.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) {
                w[i] += spare;
            }
        }
        for c in 0..cols {
            if w[c] < min[c] {
                let need = min[c] - w[c];
                w[c] = min[c];
                if let Some((i, _)) = w
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != c)
                    .max_by(|a, b| a.1.total_cmp(b.1))
                {
                    w[i] = (w[i] - need).max(min[i]);
                }
            }
        }
        let sum: f32 = w.iter().sum();
        w.iter().map(|x| x / sum * inner + 2.0 * pad).collect()
    }

    /// The words of `spans` (page references replaced by their page numbers).
    fn words(&self, spans: &[Span], size: f32) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        let mut cur = Word {
            pieces: vec![],
            w: 0.0,
            space_before: 0.0,
            glue: false,
            hard_break: false,
        };
        let mut pending_space = 0.0f32;
        let flush = |cur: &mut Word, words: &mut Vec<Word>, pending_space: &mut f32| {
            if !cur.pieces.is_empty() {
                let mut w = std::mem::replace(
                    cur,
                    Word {
                        pieces: vec![],
                        w: 0.0,
                        space_before: 0.0,
                        glue: false,
                        hard_break: false,
                    },
                );
                w.space_before = *pending_space;
                *pending_space = 0.0;
                words.push(w);
            }
        };
        for (si, span) in spans.iter().enumerate() {
            let text = match &span.page_of {
                Some(a) => self
                    .pages_of
                    .get(a)
                    .map_or_else(|| "000".to_string(), |p| p.to_string()),
                None => span.text.clone(),
            };
            if text == "\n" {
                flush(&mut cur, &mut words, &mut pending_space);
                cur.hard_break = true;
                continue;
            }
            for c in text.chars() {
                if c == ' ' || c == '\t' || c == '\n' {
                    if !cur.pieces.is_empty() {
                        flush(&mut cur, &mut words, &mut pending_space);
                    }
                    pending_space = self.m.advance(span.face, ' ') * size;
                    continue;
                }
                let face = self.m.resolve(span.face, c);
                let adv = self.m.advance(face, c) * size;
                match cur.pieces.last_mut() {
                    Some(p) if p.span == si && p.face == face => {
                        p.text.push(c);
                        p.w += adv;
                    }
                    _ => cur.pieces.push(Piece {
                        text: c.to_string(),
                        span: si,
                        face,
                        w: adv,
                    }),
                }
                cur.w += adv;
            }
        }
        flush(&mut cur, &mut words, &mut pending_space);
        // Kinsoku: glue a word that starts with closing punctuation to the one before it, and a
        // word after one that ends with opening punctuation.
        for i in 1..words.len() {
            let starts_closing = words[i]
                .pieces
                .first()
                .and_then(|p| p.text.chars().next())
                .is_some_and(is_closing);
            let prev_opens = words[i - 1]
                .pieces
                .last()
                .and_then(|p| p.text.chars().last())
                .is_some_and(is_opening);
            if starts_closing || prev_opens {
                words[i].glue = true;
            }
        }
        words
    }

    /// Breaks `spans` into lines no wider than `avail`.
    fn break_lines(&self, spans: &[Span], avail: f32, size: f32) -> Vec<Line> {
        let words = self.words(spans, size);
        let mut lines: Vec<Line> = Vec::new();
        let mut line = Line::default();
        // Words glued together are placed as one unit.
        let mut units: Vec<Vec<Word>> = Vec::new();
        for w in words {
            if w.glue && !w.hard_break {
                if let Some(last) = units.last_mut() {
                    last.push(w);
                    continue;
                }
            }
            units.push(vec![w]);
        }
        for unit in units {
            let hard = unit[0].hard_break;
            let unit_w: f32 = unit
                .iter()
                .enumerate()
                .map(|(i, w)| w.w + if i > 0 { w.space_before } else { 0.0 })
                .sum();
            let space = if line.pieces.is_empty() {
                0.0
            } else {
                unit[0].space_before
            };
            if hard && !line.pieces.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if line.w + space + unit_w <= avail + 0.01 {
                self.append(&mut line, &unit, space);
                continue;
            }
            if !line.pieces.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if unit_w <= avail + 0.01 {
                self.append(&mut line, &unit, 0.0);
                continue;
            }
            // Too wide for any line: split it, at a '/' where one fits, else between characters.
            let mut pieces: Vec<Piece> = Vec::new();
            for (i, w) in unit.iter().enumerate() {
                if i > 0 && w.space_before > 0.0 {
                    if let Some(first) = w.pieces.first() {
                        pieces.push(Piece {
                            text: " ".into(),
                            span: first.span,
                            face: first.face,
                            w: w.space_before,
                        });
                    }
                }
                pieces.extend(w.pieces.iter().cloned());
            }
            let chars: Vec<(char, usize, Face, f32)> = pieces
                .iter()
                .flat_map(|p| p.text.chars().map(move |c| (c, p.span, p.face)))
                .map(|(c, s, f)| (c, s, f, self.m.advance(f, c) * size))
                .collect();
            // A line may end only where a grapheme ends: never inside a syllable written as
            // jamo, an emoji sequence, or a letter with its combining marks.
            let boundary = grapheme_starts(chars.iter().map(|c| c.0));
            let mut start = 0;
            while start < chars.len() {
                let mut w = 0.0;
                let mut end = start;
                while end < chars.len() && w + chars[end].3 <= avail + 0.01 {
                    w += chars[end].3;
                    end += 1;
                }
                if end == start {
                    end = start + 1; // a single glyph wider than the line: place it anyway
                }

                if end < chars.len() {
                    // Prefer to break after a '/' (URLs), then respect the punctuation rules.
                    if let Some(slash) = (start + 1..end).rev().find(|&i| chars[i - 1].0 == '/') {
                        if slash > start + (end - start) / 3 {
                            end = slash;
                        }
                    }
                    // A run of punctuation that the rules would shrink below half a line (a
                    // row of brackets) is cut where it is: the rules serve reading, not a flood.
                    let full = end;
                    while end > start + 1
                        && (is_closing(chars[end].0) || is_opening(chars[end - 1].0))
                    {
                        end -= 1;
                    }
                    if (end - start) * 2 < full - start {
                        end = full;
                    }
                }
                if end < chars.len() && !boundary[end] {
                    // Back to the start of the grapheme cut, or, when it is the line's only
                    // one, on to its end.
                    end = match (start + 1..end).rev().find(|&i| boundary[i]) {
                        Some(b) => b,
                        None => (end..chars.len())
                            .find(|&i| boundary[i])
                            .unwrap_or(chars.len()),
                    };
                }
                let mut l = Line::default();
                for &(c, s, f, cw) in &chars[start..end] {
                    match l.pieces.last_mut() {
                        Some((_, p)) if p.span == s && p.face == f => {
                            p.text.push(c);
                            p.w += cw;
                        }
                        _ => l.pieces.push((
                            l.w,
                            Piece {
                                text: c.to_string(),
                                span: s,
                                face: f,
                                w: cw,
                            },
                        )),
                    }
                    l.w += cw;
                }
                if end < chars.len() {
                    lines.push(l);
                } else {
                    line = l;
                }
                start = end;
            }
        }
        if !line.pieces.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn append(&self, line: &mut Line, unit: &[Word], space: f32) {
        let mut x = line.w + space;
        for (i, w) in unit.iter().enumerate() {
            if i > 0 {
                x += w.space_before;
            }
            for p in &w.pieces {
                line.pieces.push((x, p.clone()));
                x += p.w;
            }
        }
        line.w = x;
    }
}

/// For each character of `chars`, whether a grapheme cluster starts there.
fn grapheme_starts(chars: impl Iterator<Item = char>) -> Vec<bool> {
    use unicode_segmentation::UnicodeSegmentation;
    let text: String = chars.collect();
    let mut starts = vec![false; text.chars().count()];
    let mut char_at = 0;
    let mut byte_at = 0;
    for (byte, _) in text.grapheme_indices(true) {
        char_at += text[byte_at..byte].chars().count();
        byte_at = byte;
        starts[char_at] = true;
    }
    starts
}

fn baseline(size: f32, leading: f32) -> f32 {
    (size * leading - size) / 2.0 + size * 0.86
}

pub fn heading_style(level: u8) -> ParaStyle {
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
        ..ParaStyle::body()
    }
}

/// Height to keep with a heading: up to three lines of what follows.
fn next_height(rest: &[Flow]) -> f32 {
    match rest.first() {
        Some(Flow::Para { style, .. }) => style.space_before + 3.0 * style.size * style.leading,
        Some(Flow::Table { size, .. }) => 3.0 * size * 1.45 + 16.0,
        Some(Flow::Heading { level, .. }) => {
            let s = heading_style(*level);
            s.space_before + s.size * s.leading + next_height(&rest[1..])
        }
        Some(Flow::Contents) => 40.0,
        _ => 0.0,
    }
}

pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every glyph half an em wide, Hangul and other wide characters a full em.
    struct Mono;
    impl Metrics for Mono {
        fn advance(&self, _face: Face, c: char) -> f32 {
            if c.is_ascii() {
                0.5
            } else {
                1.0
            }
        }
    }

    fn lines_of(text: &str, avail: f32) -> Vec<String> {
        let m = Mono;
        let pages = BTreeMap::new();
        let l = Layouter::new(&m, &pages);
        l.break_lines(&[Span::new(text)], avail, 10.0)
            .iter()
            .map(|line| {
                line.pieces
                    .iter()
                    .map(|(_, p)| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn korean_breaks_at_spaces_only() {
        // 10 pt Hangul = 10 pt each; a 55 pt line holds five syllables.
        let lines = lines_of("우리 기업의 수출이 크게 줄었다", 55.0);
        assert_eq!(lines, ["우리 기업의", "수출이 크게", "줄었다"]);
        for l in &lines {
            assert!(!l.starts_with(' ') && !l.ends_with(' '));
        }
    }

    #[test]
    fn mixed_korean_and_english() {
        let lines = lines_of("중국 NMPA는 2021년 CSAR를 시행했다", 60.0);
        assert_eq!(lines, ["중국 NMPA는", "2021년", "CSAR를", "시행했다"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line_and_opening_never_ends_one() {
        // "( 예시 )" written with spaces: the parts stay with their neighbours.
        let lines = lines_of("가나다 ( 예시 ) 라마바", 45.0);
        for l in &lines {
            assert!(!l.starts_with(')'), "{lines:?}");
            assert!(!l.ends_with('('), "{lines:?}");
        }
        // A word split because it cannot fit keeps its closing punctuation off the next line's start.
        let lines = lines_of("가나다라마바사아자.", 80.0);
        assert!(
            lines.iter().skip(1).all(|l| !l.starts_with('.')),
            "{lines:?}"
        );
        let lines = lines_of("가「나다라마바사아자", 25.0);
        assert!(lines.iter().all(|l| !l.ends_with('「')), "{lines:?}");
    }

    #[test]
    fn forced_splits_fall_between_graphemes() {
        // A syllable written as three jamo, and an emoji family of seven code points: neither is
        // cut, whatever the width.
        let jamo = "\u{1112}\u{1161}\u{11AB}".repeat(12);
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}".repeat(6);
        for text in [jamo.as_str(), family.as_str()] {
            for avail in [25.0, 35.0, 50.0] {
                let lines = lines_of(text, avail);
                assert_eq!(lines.concat(), text);
                for l in &lines {
                    let first = l.chars().next().unwrap();
                    assert!(
                        first == '\u{1112}' || first == '\u{1F468}',
                        "a line starts inside a grapheme: {lines:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_row_of_brackets_fills_its_lines() {
        // Every character is opening punctuation: the rule cannot be kept, and lines stay full
        // instead of holding one character each.
        let lines = lines_of(&"[".repeat(400), 50.0);
        assert_eq!(lines.len(), 40, "{lines:?}");
        assert_eq!(lines.concat(), "[".repeat(400));
    }

    #[test]
    fn a_word_longer_than_a_line_is_split_and_urls_break_after_slashes() {
        let lines = lines_of("가나다라마바사아자차카타파하", 50.0);
        assert_eq!(lines, ["가나다라마", "바사아자차", "카타파하"]);
        let lines = lines_of("https://example.org/path/to/some/long/page", 80.0);
        assert!(lines.len() > 1);
        for l in &lines[..lines.len() - 1] {
            assert!(l.ends_with('/'), "{lines:?}");
        }
        assert_eq!(lines.concat(), "https://example.org/path/to/some/long/page");
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn furniture() -> Furniture {
        Furniture {
            header_left: "보고서".into(),
            watermark: None,
        }
    }

    #[test]
    fn the_watermark_is_on_every_page_cover_included_and_inside_it() {
        let flow: Vec<Flow> = (0..3)
            .flat_map(|i| {
                [
                    Flow::PageBreak {
                        chapter: format!("장 {i}"),
                    },
                    Flow::Para {
                        spans: vec![Span::new("본문")],
                        style: ParaStyle::body(),
                    },
                ]
            })
            .collect();
        let f = Furniture {
            watermark: Some("회람용 초안 — 대외비".into()),
            ..furniture()
        };
        let laid = layout(&flow, &Mono, &f);
        assert!(laid.pages.len() >= 3);
        for page in &laid.pages {
            let marks: Vec<(f32, f32)> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { x, y, text, .. } if text == "회람용 초안 — 대외비" => {
                        Some((*x, *y))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(marks.len(), 2, "top and foot of every page");
            for (x, y) in marks {
                assert!(x > 0.0 && x < PAGE_W && y > 9.0 && y < PAGE_H, "{x} {y}");
            }
        }
        let plain = layout(&flow, &Mono, &furniture());
        assert!(plain
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .all(|i| !matches!(i, Item::Text { color, .. } if *color == WATERMARK)));
    }

    #[test]
    fn a_table_that_crosses_a_page_repeats_its_header() {
        let head = vec![vec![Span::new("항목")], vec![Span::new("내용")]];
        let rows: Vec<Vec<Vec<Span>>> = (0..80)
            .map(|i| vec![vec![Span::new(format!("행{i}"))], vec![Span::new("값")]])
            .collect();
        let flow = vec![
            Flow::PageBreak {
                chapter: "장".into(),
            },
            Flow::Table {
                head,
                rows,
                size: 9.0,
                widths: None,
            },
        ];
        let laid = layout(&flow, &Mono, &furniture());
        assert!(laid.pages.len() >= 2, "{} pages", laid.pages.len());
        for page in &laid.pages {
            let t = texts(page);
            assert!(
                t.contains(&"항목") && t.contains(&"내용"),
                "header missing on a page: {t:?}"
            );
        }
        let all: Vec<&str> = laid.pages.iter().flat_map(texts).collect();
        assert!(all.contains(&"행0") && all.contains(&"행79"));
        // Every row appears exactly once.
        assert_eq!(all.iter().filter(|t| t.starts_with('행')).count(), 80);
    }

    #[test]
    fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
        let para = |n: usize| Flow::Para {
            spans: vec![Span::new("가 ".repeat(n))],
            style: ParaStyle::body(),
        };
        for filler in 40..60 {
            let flow = vec![
                Flow::PageBreak {
                    chapter: "장".into(),
                },
                para(filler * 40),
                Flow::Heading {
                    level: 2,
                    spans: vec![Span::new("제목")],
                    anchor: Some("h".into()),
                    outline: None,
                    toc: None,
                },
                para(200),
            ];
            let laid = layout(&flow, &Mono, &furniture());
            let (page, y) = laid.anchors["h"];
            let style = heading_style(2);
            let below = y + style.size * style.leading + 3.0 * BODY * LEADING;
            assert!(
                below <= PAGE_H - MARGIN_BOTTOM + 0.1,
                "filler {filler}: heading at {y} on page {page} is orphaned"
            );
        }
    }

    #[test]
    fn contents_name_the_pages_their_headings_are_on() {
        let mut flow = vec![
            Flow::PageBreak {
                chapter: "표지".into(),
            },
            Flow::Contents,
        ];
        for i in 0..6 {
            flow.push(Flow::PageBreak {
                chapter: format!("장 {i}"),
            });
            flow.push(Flow::Heading {
                level: 1,
                spans: vec![Span::new(format!("장 {i}"))],
                anchor: Some(format!("c{i}")),
                outline: Some(1),
                toc: Some(1),
            });
            flow.push(Flow::Para {
                spans: vec![Span::new("가 ".repeat(600 * i))],
                style: ParaStyle::body(),
            });
        }
        let laid = layout(&flow, &Mono, &furniture());
        assert_eq!(laid.toc.len(), 6);
        for e in &laid.toc {
            let (page, _) = laid.anchors[&e.anchor];
            assert_eq!(e.page, page + 1);
            assert!(texts(&laid.pages[page]).contains(&e.title.as_str()));
            assert!(
                texts(&laid.pages[0]).contains(&e.page.to_string().as_str()),
                "the contents print page {}",
                e.page
            );
        }
        assert_eq!(laid.outline.len(), 6);
        // Running header and page numbers on every page but the first.
        assert!(texts(&laid.pages[1]).contains(&"보고서"));
        assert!(!texts(&laid.pages[0]).contains(&"보고서"));
    }

    #[test]
    fn nothing_is_placed_outside_the_page() {
        let flow = vec![
            Flow::PageBreak {
                chapter: "장".into(),
            },
            Flow::Para {
                spans: vec![Span::new("아주긴단어".repeat(200))],
                style: ParaStyle::body(),
            },
            Flow::Para {
                spans: vec![Span::new("https://example.org/".repeat(30))],
                style: ParaStyle {
                    indent: 30.0,
                    ..ParaStyle::body()
                },
            },
        ];
        let laid = layout(&flow, &Mono, &furniture());
        for page in &laid.pages {
            for item in &page.items {
                if let Item::Text {
                    x, y, size, text, ..
                } = item
                {
                    let w = width(&Mono, Face::Regular, *size, text);
                    assert!(
                        *x >= MARGIN_X - 30.0 && x + w <= PAGE_W - MARGIN_X + 0.5,
                        "{text} at {x} overflows"
                    );
                    assert!(*y > 0.0 && *y < PAGE_H);
                }
            }
        }
    }
}
