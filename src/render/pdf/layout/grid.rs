//! Grids without rules between their rows: the key-facts box ([`Flow::Facts`]): labelled values
//! on a shaded panel, two to a row (a long value on a row of its own), each value's lines aligned
//! under its first, the whole box on one page; and [`Flow::Grid`] (the actions timeline: date |
//! channel | note), whose cells wrap within their columns, so a note's lines hang under its first
//! and never run back under the date.

use super::words::Line;
use super::*;

const FACT_SIZE: f32 = 8.5;
const FACT_LEADING: f32 = 1.45;
/// Space inside the box, around its rows.
const PAD: f32 = 7.0;
/// Space between the box's two columns.
const GUTTER: f32 = 16.0;
const ROW_GAP: f32 = 2.0;

/// A fact placed in its row: where its label and value start, and its value's lines.
struct Cell<'f> {
    fact: &'f Fact,
    x: f32,
    value_x: f32,
    lines: Vec<Line>,
}

/// The facts of one row and the row's height.
struct Row<'f> {
    cells: Vec<Cell<'f>>,
    h: f32,
}

fn fact_style() -> ParaStyle {
    ParaStyle {
        size: FACT_SIZE,
        leading: FACT_LEADING,
        align: Align::Left,
        ..ParaStyle::body()
    }
}

impl Layouter<'_> {
    /// The facts in rows: two short ones side by side, a wide one alone, in their order.
    fn fact_rows<'f>(&self, facts: &'f [Fact]) -> Vec<Row<'f>> {
        let label_w = facts
            .iter()
            .map(|f| width(self.m, Face::Bold, FACT_SIZE, &f.label))
            .fold(0.0, f32::max)
            + 8.0;
        let inner = CONTENT_W - 2.0 * PAD;
        let half = (inner - GUTTER) / 2.0;
        let mut groups: Vec<Vec<&Fact>> = Vec::new();
        let mut pending: Option<&Fact> = None;
        for f in facts {
            if f.wide {
                groups.extend(pending.take().map(|p| vec![p]));
                groups.push(vec![f]);
            } else if let Some(p) = pending.take() {
                groups.push(vec![p, f]);
            } else {
                pending = Some(f);
            }
        }
        groups.extend(pending.map(|p| vec![p]));
        let lh = FACT_SIZE * FACT_LEADING;
        groups
            .into_iter()
            .map(|group| {
                let cells: Vec<Cell> = group
                    .into_iter()
                    .enumerate()
                    .map(|(k, fact)| {
                        let x = MARGIN_X + PAD + k as f32 * (half + GUTTER);
                        let room = if fact.wide { inner } else { half } - label_w;
                        Cell {
                            fact,
                            x,
                            value_x: x + label_w,
                            lines: self.break_lines(&fact.value, room, FACT_SIZE),
                        }
                    })
                    .collect();
                let n = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1);
                Row {
                    cells,
                    h: n as f32 * lh,
                }
            })
            .collect()
    }

    fn box_height(rows: &[Row]) -> f32 {
        2.0 * PAD
            + rows.iter().map(|r| r.h).sum::<f32>()
            + rows.len().saturating_sub(1) as f32 * ROW_GAP
    }

    /// The height of the key-facts box with the space before it (to keep a heading with it).
    pub(super) fn facts_height(&self, facts: &[Fact]) -> f32 {
        4.0 + Self::box_height(&self.fact_rows(facts))
    }

    /// The key-facts box, on one page.
    pub(super) fn facts(&mut self, facts: &[Fact]) {
        if facts.is_empty() {
            return;
        }
        let rows = self.fact_rows(facts);
        let h = Self::box_height(&rows);
        if !self.fresh() {
            self.y += 4.0;
        }
        self.ensure(h);
        let top = self.y;
        self.page().items.push(Item::Fill {
            x: MARGIN_X,
            y: top,
            w: CONTENT_W,
            h,
            color: SHADE,
        });
        self.page().items.push(Item::Line {
            x1: MARGIN_X,
            y1: top,
            x2: MARGIN_X + CONTENT_W,
            y2: top,
            width: 1.2,
            color: BRAND,
        });
        let style = fact_style();
        let mut y = top + PAD;
        for row in &rows {
            for cell in &row.cells {
                self.page().items.push(Item::Text {
                    x: cell.x,
                    y: y + baseline(FACT_SIZE, FACT_LEADING),
                    face: Face::Bold,
                    size: FACT_SIZE,
                    color: MUTED,
                    text: cell.fact.label.clone(),
                    italic: false,
                    tracking: 0.0,
                });
                self.y = y;
                for line in &cell.lines {
                    self.place_line(&cell.fact.value, line, &style, cell.value_x);
                }
            }
            y += row.h + ROW_GAP;
        }
        self.y = top + h + 8.0;
    }
}

/// Space between a grid's columns, and below each row.
const COLUMN_GAP: f32 = 9.0;
const GRID_ROW_GAP: f32 = 3.0;
/// The widest a grid's column may be, but the last, as a share of the measure.
const COLUMN_MAX: f32 = 0.3;

impl Layouter<'_> {
    /// The left edge and width of each of a grid's columns.
    fn grid_columns(&self, rows: &[Vec<Vec<Span>>], size: f32) -> Vec<(f32, f32)> {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut x = MARGIN_X;
        let mut out = Vec::with_capacity(cols);
        for c in 0..cols {
            let w = if c + 1 == cols {
                (MARGIN_X + CONTENT_W - x).max(CONTENT_W * 0.25)
            } else {
                let widest = rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|spans| {
                        let words = self.words(spans, size);
                        let w: f32 = words.iter().map(|w| w.w + w.space_before).sum();
                        w - words.first().map_or(0.0, |w| w.space_before)
                    })
                    .fold(0.0, f32::max);
                widest.min(CONTENT_W * COLUMN_MAX) + 0.5
            };
            out.push((x, w));
            x += w + COLUMN_GAP;
        }
        out
    }

    /// Each row's cells broken into lines, and the row's height.
    fn grid_lines(
        &self,
        rows: &[Vec<Vec<Span>>],
        size: f32,
        cols: &[(f32, f32)],
    ) -> Vec<(Vec<Vec<Line>>, f32)> {
        let lh = size * FACT_LEADING;
        rows.iter()
            .map(|row| {
                let cells: Vec<Vec<Line>> = row
                    .iter()
                    .zip(cols)
                    .map(|(spans, (_, w))| self.break_lines(spans, *w, size))
                    .collect();
                let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                (cells, n as f32 * lh)
            })
            .collect()
    }

    /// The height of a grid's first two rows (to keep a heading with them).
    pub(super) fn grid_head_height(&self, rows: &[Vec<Vec<Span>>], size: f32) -> f32 {
        let cols = self.grid_columns(rows, size);
        let n = rows.len().min(2);
        self.grid_lines(&rows[..n], size, &cols)
            .iter()
            .map(|(_, h)| h + GRID_ROW_GAP)
            .sum()
    }

    /// A grid, row by row; a row that does not fit starts the next page.
    pub(super) fn grid_rows(&mut self, rows: &[Vec<Vec<Span>>], size: f32) {
        let cols = self.grid_columns(rows, size);
        let style = ParaStyle {
            size,
            leading: FACT_LEADING,
            align: Align::Left,
            ..ParaStyle::body()
        };
        for (row, (cells, h)) in rows.iter().zip(self.grid_lines(rows, size, &cols)) {
            self.ensure(h);
            let top = self.y;
            for ((spans, lines), (x, _)) in row.iter().zip(&cells).zip(&cols) {
                self.y = top;
                for line in lines {
                    self.place_line(spans, line, &style, *x);
                }
            }
            self.y = top + h + GRID_ROW_GAP;
        }
        self.y += 3.0;
    }
}
