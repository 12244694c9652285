//! Structure marking: the layouter's walk -> the elements of the tagged PDF's structure tree and,
//! on every page, which element each item belongs to.
//!
//! Input: the layouter opening an element (a heading, a paragraph, a table cell, a footnote...) as
//! it places that element's content. Output: [`Laid::elements`] in reading order, each with its
//! parent, and [`Page::marks`]: from an item index on, the element its items belong to (`None`:
//! page furniture, an artifact such as a repeated table header). The writer turns both into marked
//! content and the `/StructTreeRoot`.

use super::flow::Layouter;
use super::Element;

/// What the layouter is marking at the moment.
#[derive(Debug, Default)]
pub(super) struct Tagger {
    /// The element the next items belong to.
    pub(super) current: Option<usize>,
    /// The list (`L`) that consecutive list items go into.
    pub(super) list: Option<usize>,
    /// The table row (`TR`) whose cells are being drawn; `None` for a header repeated on a page
    /// the table runs on to, which is an artifact.
    pub(super) row: Option<usize>,
    /// The `Note` element of each footnote key set so far.
    pub(super) notes: std::collections::BTreeMap<String, usize>,
}

impl Layouter<'_> {
    /// Opens a new element under `parent` (the document when `None`) and marks what follows as its.
    pub(super) fn open(&mut self, tag: &'static str, parent: Option<usize>) -> usize {
        let id = self.laid.elements.len();
        self.laid.elements.push(Element {
            tag,
            parent,
            lang: None,
            alt: None,
            bbox: None,
        });
        self.tag(Some(id));
        id
    }

    /// Marks the items placed from now on as `element`'s (as artifacts when `None`).
    pub(super) fn tag(&mut self, element: Option<usize>) {
        self.tags.current = element;
        let page = self.page();
        let at = page.items.len();
        match page.marks.last_mut() {
            Some(last) if last.0 == at => last.1 = element,
            Some(last) if last.1 == element => {}
            _ => page.marks.push((at, element)),
        }
    }

    /// The list to put a list item in: the open one, or a new one.
    pub(super) fn list(&mut self) -> usize {
        match self.tags.list {
            Some(l) => l,
            None => {
                let l = self.open("L", None);
                self.tags.list = Some(l);
                l
            }
        }
    }
}

/// The element of item `index` on a page with `marks`.
pub(crate) fn element_of(marks: &[(usize, Option<usize>)], index: usize) -> Option<usize> {
    match marks.partition_point(|m| m.0 <= index) {
        0 => None,
        n => marks[n - 1].1,
    }
}
