//! The report's apparatus, composed for the PDF: footnotes.
//!
//! Input: a body's Markdown blocks. Output: more of the [`Composer`]'s flow: footnote references
//! as superscript numbers ([`Span::note_ref`]) and the notes' texts as [`Flow::Note`]s, which the
//! layout sets at the foot of the page where each is called. Notes are numbered through the whole
//! document (a body's first note follows the last note of the body before it), so that two notes
//! on one page never share a number.

use super::layout::{Flow, Span};
use super::Composer;
use crate::markdown::{Block, Inline};

impl Composer<'_> {
    /// A body's blocks, then its notes counted into the document's numbering.
    pub(super) fn body_blocks(&mut self, blocks: &[Block]) {
        self.blocks(blocks, 0.0);
        let last = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Note { number, .. } => Some(*number),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        self.notes_before += last;
    }

    /// The key of note `n` of the body being composed (unique in the document).
    fn note_key(&self, n: usize) -> String {
        format!("{}:{n}", self.current)
    }

    /// The number note `n` of the body being composed prints as.
    fn note_label(&self, n: usize) -> String {
        format!("{})", self.notes_before + n)
    }

    /// The superscript reference to note `n` of the body being composed.
    pub(super) fn note_ref(&self, n: usize) -> Span {
        Span::note_ref(&self.note_key(n), self.note_label(n))
    }

    /// Note `number`'s text, as one paragraph (its paragraphs, and those of its lists, joined by
    /// line breaks), for the foot of the page that calls it.
    pub(super) fn note(&mut self, number: usize, blocks: &[Block]) {
        let mut paragraphs: Vec<&[Inline]> = Vec::new();
        collect_paragraphs(blocks, &mut paragraphs);
        let mut spans: Vec<Span> = Vec::new();
        for inl in paragraphs {
            if !spans.is_empty() {
                spans.push(Span::new("\n"));
            }
            // A note calling another note is not followed: the inner reference is left out.
            spans.extend(self.inlines(inl).into_iter().filter(|s| s.note.is_none()));
        }
        self.flow.push(Flow::Note {
            key: self.note_key(number),
            label: self.note_label(number),
            spans,
        });
    }
}

fn collect_paragraphs<'b>(blocks: &'b [Block], out: &mut Vec<&'b [Inline]>) {
    for b in blocks {
        match b {
            Block::Paragraph(inl) => out.push(inl),
            Block::List { items, .. } => items.iter().for_each(|i| collect_paragraphs(i, out)),
            Block::Quote(inner) => collect_paragraphs(inner, out),
            _ => {}
        }
    }
}
