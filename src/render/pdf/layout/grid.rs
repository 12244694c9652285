//! Grids without rules between their rows: the key-facts box ([`Flow::Facts`]): labelled values
//! on a shaded panel, two to a row (a long value on a row of its own), each value's lines aligned
//! under its first, the whole box on one page.

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
