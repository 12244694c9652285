//! Inline structure: a broken line's pieces -> text items and link boxes, with the inline elements
//! the structure tree needs inside the block that holds the line.
//!
//! Input: the spans of a paragraph (or table cell) and one of its [`Line`]s, where to set it.
//! Output: [`Item::Text`] for every piece and [`Item::Link`] for every run of pieces that go to one
//! place, marked so that a link's text and its annotation belong to one `Link` element, and text in
//! another language than the document's (English titles and terms) to a `Span` element carrying
//! its `/Lang`; the rest stays in the block's element.

use super::flow::Layouter;
use super::words::Line;
use super::*;

/// How one line is set: its left edge, the top of its line box and its baseline, its type size,
/// its line height (the height of its link boxes), and whether it is bold throughout (a header cell).
pub(super) struct SetAt {
    pub x: f32,
    pub top: f32,
    pub base: f32,
    pub size: f32,
    pub lh: f32,
    pub bold: bool,
}

/// The inline element a piece belongs to: the link it goes to and the language it is in.
type Inline = (Option<Target>, Option<&'static str>);

impl Layouter<'_> {
    /// Sets `line`'s pieces, each run of pieces with one link or language in an element of its own
    /// under the element being marked (which is marked again after the line).
    pub(super) fn set_pieces(&mut self, spans: &[Span], line: &Line, at: &SetAt) {
        let block = self.tags.current;
        let links = super::flow::line_links(spans, line, at.x);
        let mut link_no = 0;
        let mut open: Option<Inline> = None;
        for (off, piece) in &line.pieces {
            let span = &spans[piece.span];
            // Nothing inside an artifact (a table header repeated on a page it runs on to).
            let wanted: Option<Inline> = (block.is_some()
                && (span.link.is_some() || span.lang.is_some()))
            .then(|| (span.link.clone(), span.lang));
            if wanted != open {
                self.close_inline(&open, &links, &mut link_no, at);
                match &wanted {
                    Some((link, lang)) => {
                        let tag = if link.is_some() { "Link" } else { "Span" };
                        let e = self.open(tag, block);
                        self.laid.elements[e].lang = *lang;
                    }
                    None => self.tag(block),
                }
                open = wanted;
            }
            let face = if at.bold {
                piece.face.bold()
            } else {
                piece.face
            };
            self.page().items.push(Item::Text {
                x: at.x + off,
                y: at.base - span.rise(at.size),
                face,
                size: at.size * span.scale(),
                color: span.color,
                text: piece.text.clone(),
                italic: span.italic,
                tracking: piece.tracking,
            });
        }
        self.close_inline(&open, &links, &mut link_no, at);
        // Link boxes not met above (none expected: every run of linked pieces is one inline).
        while let Some(link) = links.get(link_no).cloned() {
            self.link_box(link, at);
            link_no += 1;
        }
        self.tag(block);
    }

    /// Ends an inline run: a link's box goes in with its text, in the same `Link` element.
    fn close_inline(
        &mut self,
        open: &Option<Inline>,
        links: &[super::flow::LineLink],
        link_no: &mut usize,
        at: &SetAt,
    ) {
        if let Some((Some(_), _)) = open {
            if let Some(link) = links.get(*link_no).cloned() {
                self.link_box(link, at);
                *link_no += 1;
            }
        }
    }

    fn link_box(&mut self, link: super::flow::LineLink, at: &SetAt) {
        self.page().items.push(Item::Link {
            x: link.x,
            y: at.top,
            w: link.w,
            h: at.lh,
            target: link.target,
            text: link.text,
        });
    }
}
