//! The circulation edition's additions to the PDF reports.
//!
//! Input: an entry's stage, a barrier's or partner's `internal:` notes and a barrier's `next:`
//! steps, in the circulation edition only (the composer's notice is set). Output: more of the
//! [`Composer`]'s flow: a line naming the entry's stage, and an "내부 정보" table of the notes and
//! steps. Every other edition's report holds neither, and these functions add nothing to it.

use super::layout::{Flow, ParaStyle, Span, WATERMARK};
use super::{body_style, Composer};
use crate::model::{Barrier, Internal, NextStep};
use crate::render::Lang;

impl Composer<'_> {
    /// The stage line and the internal notes of a barrier (circulation edition only).
    pub(super) fn circulation_entry(&mut self, b: &Barrier) {
        if self.notice.is_none() {
            return;
        }
        self.para(
            vec![
                Span::new("작성 단계 ").bold().color(WATERMARK),
                Span::new(b.stage.ko()).bold().color(WATERMARK),
            ],
            ParaStyle {
                size: 8.5,
                space_after: 4.0,
                ..body_style()
            },
        );
        self.internal_box(b.internal.as_ref(), &b.next);
    }

    /// The "내부 정보" table: a row per line of each note, the note's label on its first line; the
    /// planned steps last.
    pub(super) fn internal_box(&mut self, internal: Option<&Internal>, next: &[NextStep]) {
        if self.notice.is_none() {
            return;
        }
        let mut notes = internal.map(Internal::rows).unwrap_or_default();
        if !next.is_empty() {
            let lines = next
                .iter()
                .map(|n| {
                    format!(
                        "{} · {} · {}",
                        n.due,
                        self.strings.label(Lang::Ko, &n.channel),
                        n.note
                    )
                })
                .collect();
            notes.push(("다음 단계".to_string(), lines));
        }
        if notes.is_empty() {
            return;
        }
        self.heading(4, "내부 정보 (대외비)", None, None, None);
        let mut rows = Vec::new();
        for (label, lines) in notes {
            for (n, line) in lines.iter().enumerate() {
                let label = if n == 0 {
                    vec![self.span(&label).bold()]
                } else {
                    vec![]
                };
                rows.push(vec![label, vec![self.span(line)]]);
            }
        }
        self.flow.push(Flow::Table {
            head: vec![
                vec![Span::new("항목").bold().color(WATERMARK)],
                vec![Span::new("내용").bold().color(WATERMARK)],
            ],
            rows,
            size: 8.5,
            widths: Some(vec![22.0, 78.0]),
            caption: None,
        });
        self.flow.push(Flow::Space(4.0));
    }
}
