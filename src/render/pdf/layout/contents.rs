//! The contents and the lists of tables and figures: their entries -> lines with a dotted leader
//! and the page number the pass before found.
//!
//! Input: the flow and the pages of the pass before. Output: the entries of a list of tables or
//! figures ([`caption_entries`]) and each entry's line on the page ([`Layouter::toc_line`]).

use super::flow::Layouter;
use super::*;

impl Layouter<'_> {
    pub(super) fn toc_line(&mut self, e: &TocEntry) {
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
            self.folio(e.page)
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
        // The entry's title and page number are the text of its link.
        let entry = self.tags.current;
        self.open("Link", entry);
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
        let description = format!("{} {number}", e.title);
        self.page().items.push(Item::Text {
            x: PAGE_W - MARGIN_X - num_w,
            y: base,
            face,
            size,
            color: INK,
            text: number,
            italic: false,
            tracking: 0.0,
        });
        let h = self.y - top;
        self.page().items.push(Item::Link {
            x: MARGIN_X + indent,
            y: top,
            w: CONTENT_W - indent,
            h,
            target: Target::Anchor(e.anchor.clone()),
            text: description,
        });
        self.tag(entry);
    }
}

/// The list of tables (or, with `figures`, of figures): a line for each table (figure) whose
/// caption has an anchor, its number and title.
pub(super) fn caption_entries(
    flow: &[Flow],
    pages_of: &BTreeMap<String, usize>,
    figures: bool,
) -> Vec<TocEntry> {
    flow.iter()
        .filter_map(|f| match f {
            Flow::Table {
                caption: Some(c), ..
            } if !figures => Some(c),
            Flow::Figure(chart) if figures => Some(&chart.caption),
            _ => None,
        })
        .filter_map(|c| {
            c.anchor.as_ref().map(|a| TocEntry {
                level: 2,
                title: format!("{} {}", c.label, plain(&c.title)),
                anchor: a.clone(),
                page: pages_of.get(a).copied().unwrap_or(0),
            })
        })
        .collect()
}
