//! Footnotes: the flow's [`Flow::Note`] texts -> lines at the foot of the page where each note is
//! called.
//!
//! A page's notes stand at its foot, under a short rule, in [`NOTE_SIZE`] type, the number hanging
//! in the indent. The space they take is kept free while the page fills, so the body stops above
//! them. A body line that calls a note is placed only when the note's first lines fit beside it;
//! a note too long for what is left of the page goes on at the foot of the next one (before that
//! page's own notes), and the line that called it is then the last of its page.

use super::words::Line;
use super::*;
use std::collections::BTreeSet;

pub(super) const NOTE_SIZE: f32 = 8.0;
pub(super) const NOTE_LEADING: f32 = 1.45;
/// The notes' text stands this far right of the margin; the number is set in the indent.
pub(super) const NOTE_INDENT: f32 = 16.0;
/// From the body's lowest point to the first note: a gap, the short rule, and a gap.
pub(super) const NOTE_SEP: f32 = 14.0;
/// The rule's length.
const RULE_W: f32 = 72.0;
/// The lines of a note that must fit beside the line that calls it (all, if it has fewer).
const FIRST_LINES: usize = 2;
/// Lines carried to a page take at most this share of its type area; the rest go on again.
const CARRY_SHARE: f32 = 0.5;

pub(super) fn note_lh() -> f32 {
    NOTE_SIZE * NOTE_LEADING
}

struct Note {
    label: String,
    spans: Vec<Span>,
    lines: Vec<Line>,
}

/// Line `line` of note `key`, set at a page's foot.
struct FootLine {
    key: String,
    line: usize,
}

/// The notes of the page being filled.
#[derive(Default)]
pub(super) struct Foot {
    notes: BTreeMap<String, Note>,
    /// Lines set at this page's foot, in order.
    here: Vec<FootLine>,
    /// Lines that go on at the next page's foot.
    carry: Vec<FootLine>,
    /// Height kept free at this page's foot: its notes, or all that is left once one was split.
    pub(super) reserved: f32,
    /// A note was carried on from this page: notes called later follow it to the next page.
    closed: bool,
    /// Notes already called.
    called: BTreeSet<String>,
}

/// Where notes called by one line go.
struct Plan {
    /// Lines of each note set on this page (the rest go on).
    taken: Vec<usize>,
    /// The height they add at the foot.
    h: f32,
    /// Whether a note had to be split.
    split: bool,
}

impl Layouter<'_> {
    /// Breaks every note of the flow into lines, once.
    pub(super) fn collect_notes(&mut self, flow: &[Flow]) {
        for f in flow {
            if let Flow::Note { key, label, spans } = f {
                let lines = self.justify_lines(spans, CONTENT_W - NOTE_INDENT, NOTE_SIZE);
                let note = Note {
                    label: label.clone(),
                    spans: spans.clone(),
                    lines,
                };
                self.foot.notes.insert(key.clone(), note);
            }
        }
    }

    /// The notes `line` of `spans` calls that have not been called before.
    pub(super) fn calls(&self, spans: &[Span], line: &Line) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, p) in &line.pieces {
            if let Some(k) = &spans[p.span].note {
                if self.foot.notes.contains_key(k)
                    && !self.foot.called.contains(k)
                    && !out.contains(k)
                {
                    out.push(k.clone());
                }
            }
        }
        out
    }

    /// The least height notes `keys` need at the foot when called now: the first lines of each,
    /// and the rule if the page has no notes yet.
    fn demand(&self, keys: &[String], empty: bool) -> f32 {
        if keys.is_empty() || self.foot.closed {
            return 0.0;
        }
        let lines: usize = keys
            .iter()
            .map(|k| self.foot.notes[k].lines.len().min(FIRST_LINES))
            .sum();
        (if empty { NOTE_SEP } else { 0.0 }) + lines as f32 * note_lh()
    }

    /// How notes `keys`, called by a line whose foot is at `y`, go on this page, with `reserved`
    /// already kept free: whole while they fit, then as many lines as fit.
    fn plan(&self, keys: &[String], y: f32, reserved: f32, empty: bool) -> Plan {
        let lh = note_lh();
        let sep = if empty { NOTE_SEP } else { 0.0 };
        let mut free = PAGE_H - MARGIN_BOTTOM - reserved - y - sep;
        let mut plan = Plan {
            taken: Vec::new(),
            h: sep,
            split: false,
        };
        for k in keys {
            let n = self.foot.notes[k].lines.len();
            let fit = ((free / lh + 1e-3).floor().max(0.0)) as usize;
            let take = if plan.split { 0 } else { n.min(fit) };
            plan.split |= take < n;
            plan.taken.push(take);
            plan.h += take as f32 * lh;
            free -= take as f32 * lh;
        }
        plan
    }

    /// How many of `lines` (of line height `lh`) fit on this page from the current height, each
    /// with the notes it calls.
    pub(super) fn room(&self, spans: &[Span], lines: &[Line], lh: f32) -> usize {
        let limit = PAGE_H - MARGIN_BOTTOM;
        if self.foot.closed || !spans.iter().any(|s| s.note.is_some()) {
            return ((limit - self.foot.reserved - self.y) / lh + 1e-3)
                .floor()
                .max(0.0) as usize;
        }
        let mut y = self.y;
        let mut reserved = self.foot.reserved;
        let mut empty = self.foot.here.is_empty();
        let mut called: Vec<String> = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            let mut keys = self.calls(spans, line);
            keys.retain(|k| !called.contains(k));
            if y + lh + self.demand(&keys, empty) > limit - reserved + 1e-3 {
                return n;
            }
            y += lh;
            if keys.is_empty() {
                continue;
            }
            let plan = self.plan(&keys, y, reserved, empty);
            if plan.split {
                return n + 1;
            }
            reserved += plan.h;
            empty = false;
            called.extend(keys);
        }
        lines.len()
    }

    /// Sets notes `keys` at this page's foot, called by the line just placed (whose foot is the
    /// current height); what does not fit goes on to the next page, and this page is then full.
    pub(super) fn attach(&mut self, keys: Vec<String>) {
        if keys.is_empty() {
            return;
        }
        let taken = if self.foot.closed {
            vec![0; keys.len()]
        } else {
            let empty = self.foot.here.is_empty();
            let plan = self.plan(&keys, self.y, self.foot.reserved, empty);
            if plan.split {
                self.foot.reserved = self.foot.reserved.max(PAGE_H - MARGIN_BOTTOM - self.y);
                self.foot.closed = true;
            } else {
                self.foot.reserved += plan.h;
            }
            plan.taken
        };
        for (key, take) in keys.into_iter().zip(taken) {
            let n = self.foot.notes[&key].lines.len();
            for line in 0..n {
                let to = if line < take {
                    &mut self.foot.here
                } else {
                    &mut self.foot.carry
                };
                to.push(FootLine {
                    key: key.clone(),
                    line,
                });
            }
            self.foot.called.insert(key);
        }
    }

    /// Draws this page's notes at its foot, under the rule.
    pub(super) fn set_foot(&mut self) {
        let here = std::mem::take(&mut self.foot.here);
        self.foot.reserved = 0.0;
        self.foot.closed = false;
        if here.is_empty() {
            return;
        }
        let lh = note_lh();
        let top = PAGE_H - MARGIN_BOTTOM - NOTE_SEP - here.len() as f32 * lh;
        self.page().items.push(Item::Line {
            x1: MARGIN_X,
            y1: top + NOTE_SEP / 2.0,
            x2: MARGIN_X + RULE_W,
            y2: top + NOTE_SEP / 2.0,
            width: 0.5,
            color: MUTED,
        });
        let style = ParaStyle {
            size: NOTE_SIZE,
            leading: NOTE_LEADING,
            ..ParaStyle::body()
        };
        // Out of `self` while its lines are placed (a note calls no other note).
        let notes = std::mem::take(&mut self.foot.notes);
        let body_y = self.y;
        self.y = top + NOTE_SEP;
        let page = self.laid.pages.len() - 1;
        let body = self.tags.current;
        for fl in &here {
            let note = &notes[&fl.key];
            // A note's lines carried on to the next page stay in its element.
            match self.tags.notes.get(&fl.key) {
                Some(&e) if fl.line > 0 => self.tag(Some(e)),
                _ => {
                    let e = self.open("Note", self.continuing(body));
                    self.tags.notes.insert(fl.key.clone(), e);
                }
            }
            if fl.line == 0 {
                self.laid
                    .anchors
                    .insert(note_anchor(&fl.key), (page, self.y));
                let w = width(self.m, Face::Regular, NOTE_SIZE, &note.label);
                let base = self.y + baseline(NOTE_SIZE, NOTE_LEADING);
                self.page().items.push(Item::Text {
                    x: MARGIN_X + NOTE_INDENT - w - 3.0,
                    y: base,
                    face: Face::Regular,
                    size: NOTE_SIZE,
                    color: INK,
                    text: note.label.clone(),
                    italic: false,
                    tracking: 0.0,
                });
            }
            let line = &note.lines[fl.line];
            self.place_line(&note.spans, line, &style, MARGIN_X + NOTE_INDENT);
        }
        self.foot.notes = notes;
        self.y = body_y;
        self.tag(body);
    }

    /// The element a note at this page's foot goes into: the block being set, when it has content
    /// on this page and goes on to the next (the note then stands between its two parts, as on
    /// paper); otherwise none (the note stands on its own).
    fn continuing(&self, body: Option<usize>) -> Option<usize> {
        let e = body?;
        if !matches!(self.laid.elements[e].tag, "P" | "LBody" | "TD" | "TH") {
            return None;
        }
        let page = self.laid.pages.last()?;
        page.marks
            .iter()
            .any(|(at, m)| *m == Some(e) && *at < page.items.len())
            .then_some(e)
    }

    /// Starts a page's foot with the lines carried from the page before, up to a share of the page.
    pub(super) fn start_foot(&mut self) {
        if self.foot.carry.is_empty() {
            return;
        }
        let area = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
        let most = (((CARRY_SHARE * area - NOTE_SEP) / note_lh()).floor() as usize).max(1);
        let n = self.foot.carry.len().min(most);
        self.foot.here = self.foot.carry.drain(..n).collect();
        self.foot.reserved = NOTE_SEP + n as f32 * note_lh();
        self.foot.closed = !self.foot.carry.is_empty();
    }

    /// Sets the last page's notes, on further pages while notes are carried on.
    pub(super) fn finish_notes(&mut self) {
        while !self.foot.carry.is_empty() {
            self.new_page();
        }
        self.set_foot();
    }
}
