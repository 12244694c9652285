//! Tables: column widths, rows broken into lines, rows kept whole, the header repeated on every page.

use super::words::Line;
use super::*;

impl Layouter<'_> {
    pub(super) fn table(
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
                                    tracking: 0.0,
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
}
