//! Tables: column widths, rows broken into lines, rows kept whole, the header repeated on every
//! page, short tables (up to five rows) kept on one page, numeric columns set flush right.

use super::words::Line;
use super::*;

/// Tables of at most this many rows are kept on one page (with a heading just before them).
pub(super) const KEEP_ROWS: usize = 5;

/// A table's columns: widths (padding included), padding, type size and line height, and which
/// columns hold only numbers (set flush right).
pub(super) struct Grid {
    widths: Vec<f32>,
    pad: f32,
    size: f32,
    lh: f32,
    numeric: Vec<bool>,
}

/// A table row broken into lines: each cell's lines, and the row's height.
type RowLines = (Vec<Vec<Line>>, f32);

/// Whether a cell's text is a number: digits with separators, signs, a percent or a range
/// (`12`, `1,234.5`, `-3%`, `2023~2024`), as in a column of counts, rates or pages.
fn is_number(text: &str) -> bool {
    let t = text.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '+' | '-' | '−' | '–' | '~' | ' ')
        })
}

/// A caption's three texts, broken into lines: the number and title, the same followed by
/// "(계속)" for the pages a table runs on to, and the source line.
struct CaptionLines {
    title: (Vec<Span>, Vec<Line>),
    continued: (Vec<Span>, Vec<Line>),
    source: Option<(Vec<Span>, Vec<Line>)>,
    size: f32,
}

impl CaptionLines {
    fn style(&self, size: f32) -> ParaStyle {
        ParaStyle {
            size,
            leading: 1.4,
            align: Align::Left,
            ..ParaStyle::body()
        }
    }
    fn lh(&self) -> f32 {
        self.size * 1.4
    }
    fn title_h(&self) -> f32 {
        self.title.1.len() as f32 * self.lh() + CAPTION_GAP
    }
    fn source_h(&self) -> f32 {
        self.source.as_ref().map_or(0.0, |s| {
            s.1.len() as f32 * (self.size - 1.0) * 1.4 + CAPTION_GAP
        })
    }
}

/// Space between a caption and its table, and between a table and its source.
const CAPTION_GAP: f32 = 3.0;

impl Layouter<'_> {
    pub(super) fn table(
        &mut self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        size: f32,
        widths: Option<&[f32]>,
        caption: Option<&Caption>,
    ) {
        let Some(grid) = self.grid(head, rows, size, widths) else {
            return;
        };
        let (head_lines, head_h) = self.layout_row(&grid, head);
        let laid: Vec<RowLines> = rows.iter().map(|r| self.layout_row(&grid, r)).collect();
        let cap = caption.map(|c| self.caption_lines(c, size));
        let has_head = !head.is_empty();
        if !self.fresh() {
            self.y += if cap.is_some() { 10.0 } else { 4.0 };
        }
        let (title_h, source_h) = cap
            .as_ref()
            .map_or((0.0, 0.0), |c| (c.title_h(), c.source_h()));
        // A short table stays on one page with its source; a longer one starts with its header and
        // a row.
        let keep: f32 = if rows.len() <= KEEP_ROWS {
            laid.iter().map(|r| r.1).sum::<f32>() + source_h
        } else {
            laid.first().map_or(0.0, |r| r.1)
        };
        self.ensure(title_h + head_h + keep);
        let table = self.tags.current;
        if let Some(c) = &cap {
            if let Some(a) = caption.and_then(|c| c.anchor.as_ref()) {
                let page = self.laid.pages.len() - 1;
                self.laid.anchors.insert(a.clone(), (page, self.y));
            }
            self.open("Caption", table);
            self.caption(c, false);
        }
        if has_head {
            self.tags.row = Some(self.open("TR", table));
            self.draw_row(&grid, head, &head_lines, head_h, true);
        }
        for (i, (row, (lines, h))) in rows.iter().zip(&laid).enumerate() {
            // The last row keeps the source under it.
            let need = h + if i + 1 == rows.len() { source_h } else { 0.0 };
            if self.y + need > self.bottom() && !self.fresh() {
                self.new_page();
                // The caption and header repeated on a page the table runs on to are artifacts.
                self.tags.row = None;
                self.tag(None);
                if let Some(c) = &cap {
                    self.caption(c, true);
                }
                if has_head {
                    self.draw_row(&grid, head, &head_lines, head_h, true);
                }
            }
            self.tags.row = Some(self.open("TR", table));
            self.draw_row(&grid, row, lines, *h, false);
        }
        self.tags.row = None;
        if let Some((spans, lines)) = cap.as_ref().and_then(|c| c.source.as_ref()) {
            self.open("P", None);
            self.y += CAPTION_GAP;
            let style = cap
                .as_ref()
                .map(|c| c.style(c.size - 1.0))
                .expect("a caption");
            for line in lines {
                self.place_line(spans, line, &style, MARGIN_X);
            }
        }
        self.y += 8.0;
    }

    /// Breaks a caption into lines, its title in bold at `size` + 0.5, its source at `size` - 0.5.
    fn caption_lines(&self, c: &Caption, size: f32) -> CaptionLines {
        let size = size + 0.5;
        let mut title = vec![Span::new(format!("{} ", c.label)).bold()];
        title.extend(c.title.iter().cloned().map(Span::bold));
        let mut continued = title.clone();
        continued.push(Span::new(" (계속)").color(MUTED));
        let source = c.source.as_ref().map(|s| {
            let mut spans = vec![Span::new("자료: ").color(MUTED)];
            spans.extend(
                s.iter()
                    .cloned()
                    .map(|s| if s.color == INK { s.color(MUTED) } else { s }),
            );
            let lines = self.break_lines(&spans, CONTENT_W, size - 1.0);
            (spans, lines)
        });
        CaptionLines {
            title: {
                let lines = self.break_lines(&title, CONTENT_W, size);
                (title, lines)
            },
            continued: {
                let lines = self.break_lines(&continued, CONTENT_W, size);
                (continued, lines)
            },
            source,
            size,
        }
    }

    /// Sets a table's caption at the current height (with "(계속)" on a page it runs on to).
    fn caption(&mut self, c: &CaptionLines, continued: bool) {
        let (spans, lines) = if continued { &c.continued } else { &c.title };
        let style = c.style(c.size);
        for line in lines {
            self.place_line(spans, line, &style, MARGIN_X);
        }
        self.y += CAPTION_GAP;
    }

    /// The height of a table of at most [`KEEP_ROWS`] rows with the space before it, to keep a
    /// heading with it; for a longer table, its header and first row.
    pub(super) fn table_height(
        &self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        size: f32,
        widths: Option<&[f32]>,
        caption: Option<&Caption>,
    ) -> f32 {
        let Some(grid) = self.grid(head, rows, size, widths) else {
            return 0.0;
        };
        let cap = caption.map(|c| self.caption_lines(c, size));
        let (title_h, source_h) = cap
            .as_ref()
            .map_or((0.0, 0.0), |c| (c.title_h(), c.source_h()));
        let source_h = if rows.len() <= KEEP_ROWS {
            source_h
        } else {
            0.0
        };
        let kept = if rows.len() <= KEEP_ROWS {
            rows
        } else {
            &rows[..1]
        };
        let head_h = if head.is_empty() {
            0.0
        } else {
            self.layout_row(&grid, head).1
        };
        let before = if cap.is_some() { 10.0 } else { 4.0 };
        before
            + title_h
            + head_h
            + kept
                .iter()
                .map(|r| self.layout_row(&grid, r).1)
                .sum::<f32>()
            + source_h
    }

    fn grid(
        &self,
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        size: f32,
        widths: Option<&[f32]>,
    ) -> Option<Grid> {
        let cols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return None;
        }
        let pad = 4.0;
        let widths: Vec<f32> = match widths {
            Some(w) if w.len() == cols => {
                let total: f32 = w.iter().sum();
                w.iter().map(|x| x / total * CONTENT_W).collect()
            }
            _ => self.auto_widths(head, rows, cols, size, pad),
        };
        let numeric = (0..cols)
            .map(|c| {
                let cells: Vec<String> = rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|spans| {
                        spans
                            .iter()
                            .map(|s| {
                                if s.page_of.is_some() {
                                    "0"
                                } else {
                                    s.text.as_str()
                                }
                            })
                            .collect()
                    })
                    .filter(|t: &String| !t.trim().is_empty())
                    .collect();
                !cells.is_empty() && cells.iter().all(|t| is_number(t))
            })
            .collect();
        Some(Grid {
            widths,
            pad,
            size,
            lh: size * 1.45,
            numeric,
        })
    }

    fn layout_row(&self, g: &Grid, cells: &[Vec<Span>]) -> RowLines {
        let lines: Vec<Vec<Line>> = (0..g.widths.len())
            .map(|c| {
                cells
                    .get(c)
                    .map(|spans| self.break_lines(spans, g.widths[c] - 2.0 * g.pad, g.size))
                    .unwrap_or_default()
            })
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (lines, n as f32 * g.lh + 2.0 * g.pad)
    }

    /// Draws a row whose top is the current height; cells never move to another page on their
    /// own (the row was checked to fit).
    fn draw_row(
        &mut self,
        g: &Grid,
        cells: &[Vec<Span>],
        lines: &[Vec<Line>],
        h: f32,
        header: bool,
    ) {
        let top = self.y;
        if header {
            self.page().items.push(Item::Fill {
                x: MARGIN_X,
                y: top,
                w: CONTENT_W,
                h,
                color: SHADE,
            });
        }
        let mut x = MARGIN_X;
        for (c, spans) in cells.iter().enumerate().take(g.widths.len()) {
            if let Some(row) = self.tags.row {
                self.open(if header { "TH" } else { "TD" }, Some(row));
            }
            let mut y = top + g.pad;
            for line in &lines[c] {
                // Numbers stand flush right, so that their digits line up.
                let dx = if g.numeric[c] {
                    (g.widths[c] - 2.0 * g.pad - line.w).max(0.0)
                } else {
                    0.0
                };
                self.cell_line(spans, line, x + g.pad + dx, y, g, header);
                y += g.lh;
            }
            x += g.widths[c];
        }
        let rule = |y: f32, width: f32, color: Rgb| Item::Line {
            x1: MARGIN_X,
            y1: y,
            x2: MARGIN_X + CONTENT_W,
            y2: y,
            width,
            color,
        };
        let bottom = if header {
            rule(top + h, 0.8, INK)
        } else {
            rule(top + h, 0.4, RULE)
        };
        self.page().items.push(bottom);
        if header {
            self.page().items.push(rule(top, 0.8, INK));
        }
        self.y = top + h;
        if !header {
            let mut calls: Vec<String> = Vec::new();
            for (spans, cell) in cells.iter().zip(lines) {
                for line in cell {
                    for k in self.calls(spans, line) {
                        if !calls.contains(&k) {
                            calls.push(k);
                        }
                    }
                }
            }
            self.attach(calls);
        }
    }

    /// One line of a cell, its top at `y`.
    fn cell_line(&mut self, spans: &[Span], line: &Line, x: f32, y: f32, g: &Grid, header: bool) {
        let at = super::inline::SetAt {
            x,
            top: y,
            base: y + baseline(g.size, 1.45),
            size: g.size,
            lh: g.lh,
            bold: header,
        };
        self.set_pieces(spans, line, &at);
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
}
