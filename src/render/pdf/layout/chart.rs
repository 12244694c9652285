//! Bar charts: a [`Chart`] (labels and counts) -> a captioned figure of positioned shapes and text.
//!
//! Input: the chart's caption (`<그림 n>` and its title), its bars and its description in words.
//! Output: on one page, the caption (a `Caption` element), then the chart (a `Figure` element with
//! the description as `/Alt` and its bounding box): each label right-aligned in a column of its
//! own, the bar as a filled rectangle in grey from the value axis, the count just after the bar,
//! light vertical grid lines at round values, and those values under the chart. The grid lines
//! and bars belong to the figure; the writer draws them inside its marked content.

use super::flow::Layouter;
use super::*;

/// A horizontal bar chart: one bar per label, in the given order, scaled to the largest count.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    /// `<그림 1>`, the title, and the anchor the list of figures links to (no source line).
    pub caption: Caption,
    /// (label, count) of each bar.
    pub bars: Vec<(String, usize)>,
    /// What the chart shows, in words, for readers who cannot see it (the Figure's `/Alt`).
    pub alt: String,
}

/// Type size of the labels and counts, and of the values under the axis.
const LABEL_SIZE: f32 = 8.0;
const TICK_SIZE: f32 = 7.0;
/// Height of a bar's row, and of the bar in it.
const ROW: f32 = 14.0;
const BAR: f32 = 8.5;
/// Space between a label and the axis, and between a bar and its count.
const GAP: f32 = 6.0;
/// Room kept right of the longest bar for its count.
const COUNT_ROOM: f32 = 28.0;
/// The widest the label column may be, as a share of the measure.
const LABEL_MAX: f32 = 0.45;
/// The bars' grey (a level of black ink) and the grid lines'.
pub(super) const BAR_GREY: Rgb = Rgb(0.42, 0.42, 0.42);
const GRID_GREY: Rgb = Rgb(0.8, 0.8, 0.8);
/// Space between the caption and the chart, and under the values of the axis.
const CAPTION_GAP: f32 = 6.0;
const AFTER: f32 = 12.0;

/// The step between grid lines for counts up to `max`: 1, 2 or 5 times a power of ten, the
/// smallest that needs at most five steps.
pub(super) fn tick_step(max: usize) -> usize {
    let mut unit = 1;
    loop {
        for k in [1, 2, 5] {
            if max <= 5 * k * unit {
                return k * unit;
            }
        }
        unit *= 10;
    }
}

/// Where a chart's parts go across the page.
struct Across {
    /// The value axis (a count of 0).
    axis: f32,
    /// Points per count.
    scale: f32,
    step: usize,
    /// The last grid value.
    top_value: usize,
}

impl Layouter<'_> {
    fn across(&self, chart: &Chart) -> Across {
        let labels = chart
            .bars
            .iter()
            .map(|(l, _)| width(self.m, Face::Regular, LABEL_SIZE, l))
            .fold(0.0, f32::max)
            .min(CONTENT_W * LABEL_MAX);
        let max = chart.bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
        let step = tick_step(max);
        let top_value = max.div_ceil(step) * step;
        let axis = MARGIN_X + labels + GAP;
        let room = MARGIN_X + CONTENT_W - COUNT_ROOM - axis;
        Across {
            axis,
            scale: room / top_value as f32,
            step,
            top_value,
        }
    }

    fn caption_spans(c: &Caption) -> Vec<Span> {
        let mut spans = vec![Span::new(format!("{} ", c.label)).bold()];
        spans.extend(c.title.iter().cloned().map(Span::bold));
        spans
    }

    /// The height of a chart with its caption and the space around it (it is kept on one page).
    pub(super) fn chart_height(&self, chart: &Chart) -> f32 {
        let size = LABEL_SIZE + 1.0;
        let lines = self.break_lines(&Self::caption_spans(&chart.caption), CONTENT_W, size);
        10.0 + lines.len() as f32 * size * 1.4
            + CAPTION_GAP
            + chart.bars.len() as f32 * ROW
            + TICK_SIZE * 2.0
            + AFTER
    }

    /// Sets a chart, whole on one page.
    pub(super) fn chart(&mut self, chart: &Chart) {
        let div = self.tags.current;
        self.ensure(self.chart_height(chart) - AFTER);
        if !self.fresh() {
            self.y += 10.0;
        }
        let page = self.laid.pages.len() - 1;
        if let Some(a) = &chart.caption.anchor {
            self.laid.anchors.insert(a.clone(), (page, self.y));
        }
        self.open("Caption", div);
        let style = ParaStyle {
            size: LABEL_SIZE + 1.0,
            leading: 1.4,
            align: Align::Left,
            ..ParaStyle::body()
        };
        let spans = Self::caption_spans(&chart.caption);
        let lines = self.break_lines(&spans, CONTENT_W, style.size);
        for line in &lines {
            self.place_line(&spans, line, &style, MARGIN_X);
        }
        self.y += CAPTION_GAP;
        let figure = self.open("Figure", div);
        let top = self.y;
        let a = self.across(chart);
        let bottom = top + chart.bars.len() as f32 * ROW;
        self.chart_grid(&a, top, bottom);
        for (i, (label, count)) in chart.bars.iter().enumerate() {
            self.bar(&a, top + i as f32 * ROW, label, *count);
        }
        self.axis_values(&a, bottom);
        let end = bottom + TICK_SIZE * 2.0;
        let right = MARGIN_X + CONTENT_W;
        let e = &mut self.laid.elements[figure];
        e.alt = Some(chart.alt.clone());
        e.bbox = Some((page, [MARGIN_X, top, right, end]));
        self.y = end + AFTER;
    }

    /// The axis at 0 and a light line at every step, from the top of the first row to the
    /// bottom of the last.
    fn chart_grid(&mut self, a: &Across, top: f32, bottom: f32) {
        let mut v = 0;
        while v <= a.top_value {
            let x = a.axis + v as f32 * a.scale;
            let (w, color) = if v == 0 { (0.8, INK) } else { (0.4, GRID_GREY) };
            self.page().items.push(Item::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
                width: w,
                color,
            });
            v += a.step;
        }
    }

    /// One row: the label flush right against the axis, the bar, the count after it.
    fn bar(&mut self, a: &Across, row_top: f32, label: &str, count: usize) {
        let base = row_top + ROW / 2.0 + LABEL_SIZE * 0.35;
        let lw = width(self.m, Face::Regular, LABEL_SIZE, label);
        self.text(
            (a.axis - GAP - lw).max(MARGIN_X),
            base,
            LABEL_SIZE,
            label,
            INK,
        );
        let w = count as f32 * a.scale;
        if count > 0 {
            self.page().items.push(Item::Fill {
                x: a.axis,
                y: row_top + (ROW - BAR) / 2.0,
                w,
                h: BAR,
                color: BAR_GREY,
            });
        }
        self.text(a.axis + w + 3.0, base, LABEL_SIZE, &count.to_string(), INK);
    }

    /// The value of every grid line, centred under it.
    fn axis_values(&mut self, a: &Across, bottom: f32) {
        let base = bottom + TICK_SIZE * 1.4;
        let mut v = 0;
        while v <= a.top_value {
            let t = v.to_string();
            let w = width(self.m, Face::Regular, TICK_SIZE, &t);
            let x = a.axis + v as f32 * a.scale - w / 2.0;
            self.text(x, base, TICK_SIZE, &t, MUTED);
            v += a.step;
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str, color: Rgb) {
        self.page().items.push(Item::Text {
            x,
            y,
            face: Face::Regular,
            size,
            color,
            text: text.to_string(),
            italic: false,
            tracking: 0.0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_steps_are_round_and_at_most_five() {
        let steps: Vec<usize> = [1, 4, 5, 6, 10, 11, 24, 25, 26, 60, 240]
            .iter()
            .map(|m| tick_step(*m))
            .collect();
        assert_eq!(steps, [1, 1, 1, 2, 2, 5, 5, 5, 10, 20, 50]);
        for m in 1..500 {
            let s = tick_step(m);
            assert!(m.div_ceil(s) <= 5, "{m}: step {s}");
        }
    }
}
