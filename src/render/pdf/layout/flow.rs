//! The layouter: walks the flow, placing headings, paragraphs and the contents on pages.

use super::words::Line;
use super::*;

pub(super) struct Layouter<'a> {
    pub(super) m: &'a dyn Metrics,
    pub(super) pages_of: &'a BTreeMap<String, usize>,
    pub(super) laid: Laid,
    pub(super) y: f32,
    pub(super) chapter: String,
    /// Lines of the flow's paragraphs broken beforehand, by flow index (see [`prepare`]).
    prepared: &'a [Option<Vec<Line>>],
    /// The footnotes of the page being filled.
    pub(super) foot: super::notes::Foot,
    /// The print layout: chapters open on odd pages.
    pub(super) print: bool,
    /// The page (1-based) numbered 1, when front matter comes before it.
    pub(super) body_start: Option<usize>,
    /// The structure element being placed (see `tags`).
    pub(super) tags: super::tags::Tagger,
    /// Whether this pass printed a page number from `pages_of` (see [`Layouter::page_of`]).
    read_pages: std::cell::Cell<bool>,
}

/// The justified paragraphs of `flow` broken into lines once, for both passes of the layout
/// (their lines do not depend on page numbers, unless they print one).
pub(super) fn prepare(flow: &[Flow], m: &dyn Metrics) -> Vec<Option<Vec<Line>>> {
    let none = BTreeMap::new();
    let l = Layouter::new(m, &none);
    flow.iter()
        .map(|f| match f {
            Flow::Para { spans, style }
                if style.align == Align::Justify && spans.iter().all(|s| s.page_of.is_none()) =>
            {
                Some(l.justify_lines(spans, measure(style), style.size))
            }
            _ => None,
        })
        .collect()
}

/// The width of a paragraph's lines.
fn measure(style: &ParaStyle) -> f32 {
    CONTENT_W - style.indent - if style.rule { 10.0 } else { 0.0 }
}

impl<'a> Layouter<'a> {
    pub(super) fn new(m: &'a dyn Metrics, pages_of: &'a BTreeMap<String, usize>) -> Self {
        Self::with_prepared(m, pages_of, &[])
    }

    pub(super) fn with_prepared(
        m: &'a dyn Metrics,
        pages_of: &'a BTreeMap<String, usize>,
        prepared: &'a [Option<Vec<Line>>],
    ) -> Self {
        Layouter {
            m,
            pages_of,
            prepared,
            laid: Laid {
                pages: vec![Page::default()],
                ..Laid::default()
            },
            y: MARGIN_TOP,
            chapter: String::new(),
            foot: Default::default(),
            print: false,
            body_start: None,
            tags: Default::default(),
            read_pages: Default::default(),
        }
    }

    /// The page (1-based) of `anchor` in the pass before, noting that this pass printed one: a
    /// pass that printed none lays out the same pages whatever the pages of the pass before.
    pub(super) fn page_of(&self, anchor: &str) -> Option<usize> {
        self.read_pages.set(true);
        self.pages_of.get(anchor).copied()
    }

    /// The number printed for 1-based page `n` (see [`folio`]).
    pub(super) fn folio(&self, n: usize) -> String {
        folio(n, self.body_start)
    }

    /// The lowest point of the body on this page: above its notes.
    pub(super) fn bottom(&self) -> f32 {
        PAGE_H - MARGIN_BOTTOM - self.foot.reserved
    }

    pub(super) fn page(&mut self) -> &mut Page {
        self.laid.pages.last_mut().expect("a page")
    }

    pub(super) fn new_page(&mut self) {
        self.set_foot();
        self.laid.pages.push(Page {
            items: vec![],
            chapter: self.chapter.clone(),
            marks: vec![(0, self.tags.current)],
            ..Page::default()
        });
        self.y = MARGIN_TOP;
        self.start_foot();
    }

    pub(super) fn fresh(&self) -> bool {
        self.page_is_empty() && (self.y - MARGIN_TOP).abs() < 0.01
    }

    pub(super) fn page_is_empty(&self) -> bool {
        self.laid.pages.last().is_none_or(|p| p.items.is_empty())
    }

    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && !self.fresh() {
            self.new_page();
        }
    }

    // Long: the pagination loop: one arm per kind of flow item, all sharing the page being filled.
    pub(super) fn run(mut self, flow: &[Flow]) -> Laid {
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
        self.collect_notes(flow);
        for (i, item) in flow.iter().enumerate() {
            self.open_element(item);
            match item {
                Flow::PageBreak { chapter } => {
                    self.chapter = chapter.clone();
                    if self.page_is_empty() {
                        self.page().chapter = chapter.clone();
                    } else {
                        self.new_page();
                    }
                    // An even page (a left-hand one) is left blank in print.
                    if self.print && self.laid.pages.len().is_multiple_of(2) {
                        self.page().blank = true;
                        self.new_page();
                    }
                    self.page().opening = true;
                }
                Flow::Heading {
                    level,
                    spans,
                    anchor,
                    outline,
                    ..
                } => {
                    // Kept with three lines of what follows, or the whole of a short table.
                    let next = match flow.get(i + 1) {
                        Some(Flow::Table {
                            head,
                            rows,
                            size,
                            widths,
                            caption,
                        }) => {
                            heading_style(*level).space_after
                                + self.table_height(
                                    head,
                                    rows,
                                    *size,
                                    widths.as_deref(),
                                    caption.as_ref(),
                                )
                        }
                        Some(Flow::Facts(facts)) => {
                            heading_style(*level).space_after + self.facts_height(facts)
                        }
                        Some(Flow::Grid { rows, size }) => {
                            heading_style(*level).space_after + self.grid_head_height(rows, *size)
                        }
                        Some(Flow::Figure(chart)) => {
                            heading_style(*level).space_after + self.chart_height(chart)
                        }
                        _ => next_height(&flow[i + 1..]),
                    };
                    self.heading(*level, spans, anchor.as_deref(), *outline, next);
                }
                Flow::Para { spans, style } => self.para(i, spans, style),
                Flow::Table {
                    head,
                    rows,
                    size,
                    widths,
                    caption,
                } => self.table(head, rows, *size, widths.as_deref(), caption.as_ref()),
                Flow::Contents => {
                    self.read_pages.set(true);
                    let toc = self.tags.current;
                    for e in &toc_entries {
                        self.open("TOCI", toc);
                        self.toc_line(e);
                    }
                    self.laid.toc = toc_entries.clone();
                }
                Flow::Tables | Flow::Figures => {
                    self.read_pages.set(true);
                    let toc = self.tags.current;
                    let figures = matches!(item, Flow::Figures);
                    for e in super::contents::caption_entries(flow, self.pages_of, figures) {
                        self.open("TOCI", toc);
                        self.toc_line(&e);
                    }
                }
                Flow::Figure(chart) => self.chart(chart),
                // Set at the foot of the page that calls it (`notes`).
                Flow::Note { .. } => {}
                Flow::Facts(facts) => self.facts(facts),
                Flow::Grid { rows, size } => self.grid_rows(rows, *size),
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
        self.tag(None);
        self.finish_notes();
        self.laid.reads_pages = self.read_pages.get();
        self.laid
    }

    /// A heading, kept on one page with `next` points of what follows it.
    /// Opens the structure element of a flow item (see `tags`): the content it places is marked as
    /// that element's; a rule or a space is an artifact.
    fn open_element(&mut self, item: &Flow) {
        // A list ends at anything but another item (or space, or a note set elsewhere).
        let item_or_gap = matches!(item, Flow::Para { style, .. } if style.marker.is_some())
            || matches!(item, Flow::Space(_) | Flow::Note { .. });
        if !item_or_gap {
            self.tags.list = None;
        }
        match item {
            Flow::Heading { level, .. } => {
                const TAGS: [&str; 6] = ["H1", "H2", "H3", "H4", "H5", "H6"];
                self.open(TAGS[(*level as usize).clamp(1, 6) - 1], None);
            }
            Flow::Para { style, .. } if style.marker.is_some() => {
                let list = self.list();
                self.open("LI", Some(list));
            }
            Flow::Para { .. } => {
                self.open("P", None);
            }
            Flow::Table { .. } => {
                self.open("Table", None);
            }
            // The lists of tables and figures are tables of contents too.
            Flow::Contents | Flow::Tables | Flow::Figures => {
                self.open("TOC", None);
            }
            // A figure's caption and the figure itself, side by side in a Div (see `chart`).
            Flow::Facts(_) | Flow::Grid { .. } | Flow::Figure(_) => {
                self.open("Div", None);
            }
            Flow::PageBreak { .. } | Flow::Note { .. } | Flow::Space(_) | Flow::Rule => {
                self.tag(None);
            }
        }
    }

    fn heading(
        &mut self,
        level: u8,
        spans: &[Span],
        anchor: Option<&str>,
        outline: Option<u8>,
        next: f32,
    ) {
        let style = heading_style(level);
        let lines = self.break_lines(spans, CONTENT_W, style.size);
        let h = style.space_before + lines.len() as f32 * style.size * style.leading;
        self.ensure(h + next);
        if !self.fresh() {
            self.y += style.space_before;
        }
        let top = self.y;
        let page = self.laid.pages.len() - 1;
        if let Some(a) = anchor {
            self.laid.anchors.insert(a.to_string(), (page, top));
        }
        if let Some(level) = outline {
            self.laid.outline.push(OutlineEntry {
                level,
                title: plain(spans),
                page,
                y: top,
            });
        }
        self.place_lines(spans, &lines, &style, MARGIN_X);
        if level == 1 {
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

    /// Paragraph `i` of the flow.
    fn para(&mut self, i: usize, spans: &[Span], style: &ParaStyle) {
        let prepared: &'a [Option<Vec<Line>>] = self.prepared;
        let owned;
        let lines: &[Line] = match prepared.get(i).and_then(Option::as_deref) {
            Some(lines) => lines,
            None => {
                owned = if style.align == Align::Justify {
                    self.justify_lines(spans, measure(style), style.size)
                } else {
                    self.break_lines(spans, measure(style), style.size)
                };
                &owned
            }
        };
        if !self.fresh() {
            self.y += style.space_before;
        }
        let x = MARGIN_X + style.indent + if style.rule { 10.0 } else { 0.0 };
        let lh = style.size * style.leading;
        // A paragraph that would leave one line alone at the foot of this page starts on the next.
        if !lines.is_empty() && self.lines_here(spans, lines, lh) == 0 {
            self.new_page();
        }
        if let Some(marker) = &style.marker {
            // The marker stays with the first line; it is the list item's label (Lbl), the text
            // its body (LBody).
            self.ensure(lh);
            let item = self.tags.current;
            self.open("Lbl", item);
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
                tracking: 0.0,
            });
            self.open("LBody", item);
        }
        let start_page = self.laid.pages.len();
        let start_y = self.y;
        let mut done = 0;
        while done < lines.len() {
            let k = self.lines_here(spans, &lines[done..], lh);
            if k == 0 {
                self.new_page();
                continue;
            }
            for line in &lines[done..done + k] {
                self.place_line(spans, line, style, x);
            }
            done += k;
            if done < lines.len() {
                self.new_page();
            }
        }
        if style.rule {
            self.quote_rule(style, start_page, start_y);
        }
        self.y += style.space_after;
    }

    /// How many of a paragraph's remaining `lines` to set on this page: all that fit (with the
    /// footnotes they call), but never one alone at the foot of the page (an orphan) nor one
    /// alone at the head of the next (a widow): two lines at least on each side of a page break.
    /// 0: start on the next page.
    fn lines_here(&self, spans: &[Span], lines: &[Line], lh: f32) -> usize {
        let left = lines.len();
        let room = self.room(spans, lines, lh);
        if room >= left {
            return left;
        }
        let mut k = room;
        if left - k < 2 {
            k = left.saturating_sub(2);
        }
        match (k, self.fresh()) {
            (0 | 1, false) => 0,
            // A page of its own that still cannot keep the rules: fill it.
            (0, true) => room.max(1),
            _ => k,
        }
    }

    /// The vertical rule left of a quotation, on the page where it ends.
    fn quote_rule(&mut self, style: &ParaStyle, start_page: usize, start_y: f32) {
        let x = MARGIN_X + style.indent + 3.0;
        let top = if self.laid.pages.len() == start_page {
            start_y + 2.0
        } else {
            MARGIN_TOP
        };
        let end = self.y - 2.0;
        self.page().items.push(Item::Line {
            x1: x,
            y1: top,
            x2: x,
            y2: end,
            width: 2.0,
            color: RULE,
        });
    }

    /// Places broken lines at `x`, moving to a new page when a line does not fit.
    pub(super) fn place_lines(
        &mut self,
        spans: &[Span],
        lines: &[Line],
        style: &ParaStyle,
        x: f32,
    ) {
        for line in lines {
            self.ensure(style.size * style.leading);
            self.place_line(spans, line, style, x);
        }
    }

    /// Places one line at `x` on the current page, at the current height.
    pub(super) fn place_line(&mut self, spans: &[Span], line: &Line, style: &ParaStyle, x: f32) {
        let lh = style.size * style.leading;
        let base = self.y + baseline(style.size, style.leading);
        let calls = self.calls(spans, line);
        let at = super::inline::SetAt {
            x,
            top: self.y,
            base,
            size: style.size,
            lh,
            bold: false,
        };
        self.set_pieces(spans, line, &at);
        self.y += lh;
        self.attach(calls);
    }
}

/// The links of a line set at `x`: (target, left edge, width), one box for each run of pieces
/// that go to the same place (a title linked as a whole is one link on each of its lines, not
/// one per word).
pub(super) fn line_links(spans: &[Span], line: &Line, x: f32) -> Vec<LineLink> {
    let mut out: Vec<LineLink> = Vec::new();
    let mut open = false;
    let mut end = 0.0f32;
    for (off, piece) in &line.pieces {
        let Some(t) = &spans[piece.span].link else {
            open = false;
            continue;
        };
        let (left, right) = (x + off, x + off + piece.w);
        match out.last_mut() {
            Some(last) if open && last.target == *t => {
                // Pieces set apart stand for words: a space between them in the description.
                if left - end > 0.5 {
                    last.text.push(' ');
                }
                last.text.push_str(&piece.text);
                last.w = right - last.x;
            }
            _ => out.push(LineLink {
                target: t.clone(),
                x: left,
                w: piece.w,
                text: piece.text.clone(),
            }),
        }
        end = right;
        open = true;
    }
    out
}

/// One link box on a line: where it goes, its left edge and width, and the linked text.
#[derive(Debug, Clone)]
pub(super) struct LineLink {
    pub(super) target: Target,
    pub(super) x: f32,
    pub(super) w: f32,
    pub(super) text: String,
}
