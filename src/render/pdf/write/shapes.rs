//! Page shapes: a page's fills, rules and dotted leaders -> drawing operators.
//!
//! Input: a laid-out page and the document's elements. Output: the operators that draw the page's
//! shapes before its text: the page furniture's (rules, shading, leaders) in one artifact sequence,
//! then the shapes of each figure (a chart's bars and grid lines) inside that figure's own marked
//! content, numbered for the structure tree, so the figure's element holds its drawing.

use super::super::layout::{element_of, Item, Laid, Page, Rgb};
use super::{color, pt, r, tree};
use printpdf::{
    Line, LineCapStyle, LineDashPattern, LinePoint, Op, PaintMode, Point, Pt, Rect, WindingOrder,
};

/// Draws the shapes of `page`: artifacts first, then each figure's, in the order they were placed.
pub(super) fn draw(page: &Page, laid: &Laid, ops: &mut Vec<Op>, tags: &mut tree::PageTags) {
    let figure =
        |index: usize| element_of(&page.marks, index).filter(|e| laid.elements[*e].tag == "Figure");
    ops.push(Op::BeginMarkedContent {
        tag: "Artifact".into(),
    });
    for (index, item) in page.items.iter().enumerate() {
        if figure(index).is_none() {
            shape(item, ops);
        }
    }
    ops.push(Op::EndMarkedContent);
    let mut open: Option<usize> = None;
    for (index, item) in page.items.iter().enumerate() {
        let Some(e) = figure(index) else { continue };
        if !matches!(
            item,
            Item::Fill { .. } | Item::Line { .. } | Item::Dots { .. }
        ) {
            continue;
        }
        if open != Some(e) {
            if open.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            ops.push(super::begin_marked(Some(e), index, laid, tags));
            open = Some(e);
        }
        shape(item, ops);
    }
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
}

/// The operators of one shape; text and links are drawn elsewhere.
fn shape(item: &Item, ops: &mut Vec<Op>) {
    match item {
        Item::Fill { x, y, w, h, color } => fill(ops, [*x, *y, *w, *h], *color),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => line(ops, [*x1, *y1, *x2, *y2], *width, *color),
        Item::Dots { x1, x2, y, color } => dots(ops, *x1, *x2, *y, *color),
        _ => {}
    }
}

fn at(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(r(x)),
            y: Pt(pt(y)),
        },
        bezier: false,
    }
}

/// A filled rectangle `[x, y, w, h]` (`y` its top, from the page's top).
fn fill(ops: &mut Vec<Op>, [x, y, w, h]: [f32; 4], c: Rgb) {
    ops.push(Op::SetFillColor { col: color(c) });
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(r(x)),
            y: Pt(pt(y + h)),
            width: Pt(r(w)),
            height: Pt(r(h)),
            mode: Some(PaintMode::Fill),
            winding_order: Some(WindingOrder::NonZero),
        },
    });
}

/// A straight rule from `[x1, y1]` to `[x2, y2]`.
fn line(ops: &mut Vec<Op>, [x1, y1, x2, y2]: [f32; 4], width: f32, c: Rgb) {
    ops.push(Op::SetOutlineColor { col: color(c) });
    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![at(x1, y1), at(x2, y2)],
            is_closed: false,
        },
    });
}

/// A dotted leader: round dots 3 pt apart on baseline `y`.
fn dots(ops: &mut Vec<Op>, x1: f32, x2: f32, y: f32, c: Rgb) {
    ops.push(Op::SetOutlineColor { col: color(c) });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.9) });
    ops.push(Op::SetLineCapStyle {
        cap: LineCapStyle::Round,
    });
    ops.push(Op::SetLineDashPattern {
        dash: LineDashPattern::new(0.0, &[0.0, 3.0]),
    });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![at(x1, y), at(x2, y)],
            is_closed: false,
        },
    });
    ops.push(Op::SetLineDashPattern {
        dash: LineDashPattern::solid(),
    });
    ops.push(Op::SetLineCapStyle {
        cap: LineCapStyle::Butt,
    });
}
