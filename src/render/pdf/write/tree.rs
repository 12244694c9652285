//! The structure tree: the layout's elements and the writer's marked content -> `/StructTreeRoot`.
//!
//! Input: the lopdf document printpdf made, the [`Laid`] elements (in reading order, each with its
//! parent, language, description and bounding box) and, for every page, the element of each
//! marked-content id and of each link annotation ([`PageTags`]). Output: the same document with a
//! `Document` element over the layout's elements, `/StructParents` on the pages, `/StructParent` on
//! the links, and the parent tree that maps both back to their elements. A link's annotation goes
//! into the `Link` element that holds its text (as an object reference after the text); an
//! annotation outside any `Link` gets a `Link` element of its own. Within an element, children and
//! content follow the order the pages draw them in, so a footnote set at the foot of a page stands
//! between the two halves of a paragraph that runs on to the next page, as on paper.

use super::super::layout::{Laid, PAGE_H};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// What one page's content stream marked: the element of each MCID (the MCID is the index), and
/// the element each of its link annotations sits in (in the order of `/Annots`), each with the
/// index of the page's first item it covers (the layout placed items in reading order).
#[derive(Debug, Default)]
pub(super) struct PageTags {
    pub mcids: Vec<(usize, usize)>,
    /// With the linked text: the annotation's description.
    pub links: Vec<(Option<usize>, usize, String)>,
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A text string: UTF-16 with its byte-order mark, as PDF text strings beyond ASCII must be.
fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Where an entry stands in reading order: its page, then the index of its first item there.
type Key = (usize, usize);

/// The tree under construction: each element's own content (with its key), and its first page.
struct Building {
    ids: Vec<ObjectId>,
    kids: Vec<Vec<(Key, Object)>>,
    first_page: Vec<Option<ObjectId>>,
    nums: Vec<Object>,
    /// Link elements made for annotations outside any `Link`: (element id, parent, key, page).
    extra_links: Vec<(ObjectId, Option<usize>, Key, ObjectId)>,
    next_key: i64,
}

/// Adds the tree; elements that hold no content (an empty paragraph) are left out.
pub(super) fn build(
    doc: &mut lopdf::Document,
    laid: &Laid,
    tags: &[PageTags],
) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let n = laid.elements.len();
    let root_id = doc.new_object_id();
    let document_id = doc.new_object_id();
    let mut b = Building {
        ids: (0..n).map(|_| doc.new_object_id()).collect(),
        kids: vec![Vec::new(); n],
        first_page: vec![None; n],
        nums: Vec::new(),
        extra_links: Vec::new(),
        next_key: pages.len() as i64,
    };
    for (p, (page_id, t)) in pages.iter().zip(tags).enumerate() {
        content(&mut b, p, *page_id, t);
        annotations(doc, laid, &mut b, p, *page_id, t)?;
    }
    let top = extra_links(doc, &b, document_id);
    elements(doc, laid, &mut b, (root_id, document_id), top);
    let parent_tree = doc.add_object(Dictionary::from_iter(vec![(
        "Nums",
        Object::Array(std::mem::take(&mut b.nums)),
    )]));
    let root = Dictionary::from_iter(vec![
        ("Type", name("StructTreeRoot")),
        ("K", Object::Array(vec![Object::Reference(document_id)])),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(b.next_key)),
    ]);
    doc.objects.insert(root_id, Object::Dictionary(root));
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    doc.get_dictionary_mut(catalog_id)
        .map_err(|e| e.to_string())?
        .set("StructTreeRoot", Object::Reference(root_id));
    Ok(())
}

/// Page `p`'s marked content: each MCID into its element, and the page's parent-tree entry.
fn content(b: &mut Building, p: usize, page_id: ObjectId, t: &PageTags) {
    let mut parents = Vec::new();
    for (mcid, &(e, item)) in t.mcids.iter().enumerate() {
        let pg = *b.first_page[e].get_or_insert(page_id);
        let kid = if pg == page_id {
            Object::Integer(mcid as i64)
        } else {
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", name("MCR")),
                ("Pg", Object::Reference(page_id)),
                ("MCID", Object::Integer(mcid as i64)),
            ]))
        };
        b.kids[e].push(((p, item), kid));
        parents.push(Object::Reference(b.ids[e]));
    }
    b.nums.push(Object::Integer(p as i64));
    b.nums.push(Object::Array(parents));
}

/// Page `p`'s link annotations: each made an object of its own with a `/StructParent`, and
/// referred to from the `Link` element that holds its text.
fn annotations(
    doc: &mut lopdf::Document,
    laid: &Laid,
    b: &mut Building,
    p: usize,
    page_id: ObjectId,
    t: &PageTags,
) -> Result<(), String> {
    let page = doc.get_dictionary_mut(page_id).map_err(|e| e.to_string())?;
    page.set("StructParents", Object::Integer(p as i64));
    let annots = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let mut refs = Vec::new();
    for (annot, (e, item, label)) in annots.into_iter().zip(&t.links) {
        let annot_id = match annot {
            Object::Reference(r) => r,
            other => doc.add_object(other),
        };
        let key = b.next_key;
        b.next_key += 1;
        let annot = doc
            .get_dictionary_mut(annot_id)
            .map_err(|e| e.to_string())?;
        annot.set("StructParent", Object::Integer(key));
        // The link's description, the text it is set on (PDF/UA: every link annotation has one).
        annot.set("Contents", text(label));
        refs.push(Object::Reference(annot_id));
        let objr = objr(annot_id, page_id);
        let at: Key = (p, *item);
        match e {
            Some(e) if laid.elements[*e].tag == "Link" => {
                b.kids[*e].push((at, objr));
                b.first_page[*e].get_or_insert(page_id);
                b.nums.push(Object::Integer(key));
                b.nums.push(Object::Reference(b.ids[*e]));
            }
            _ => {
                let link_id = doc.new_object_id();
                b.nums.push(Object::Integer(key));
                b.nums.push(Object::Reference(link_id));
                doc.objects
                    .insert(link_id, Object::Dictionary(objr_holder(objr, page_id)));
                b.extra_links.push((link_id, *e, at, page_id));
            }
        }
    }
    doc.get_dictionary_mut(page_id)
        .map_err(|e| e.to_string())?
        .set("Annots", Object::Array(refs));
    Ok(())
}

fn objr(annot_id: ObjectId, page_id: ObjectId) -> Object {
    Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", name("OBJR")),
        ("Obj", Object::Reference(annot_id)),
        ("Pg", Object::Reference(page_id)),
    ]))
}

/// A `Link` element for an annotation that lies outside any link's text (its parent set later).
fn objr_holder(objr: Object, page_id: ObjectId) -> Dictionary {
    Dictionary::from_iter(vec![
        ("Type", name("StructElem")),
        ("S", name("Link")),
        ("Pg", Object::Reference(page_id)),
        ("K", Object::Array(vec![objr])),
    ])
}

/// Sets the parent of the `Link` elements made for lone annotations; those outside every element
/// go under the document (returned).
fn extra_links(
    doc: &mut lopdf::Document,
    b: &Building,
    document_id: ObjectId,
) -> Vec<(Key, Object)> {
    let mut top = Vec::new();
    for (link_id, parent, at, _) in &b.extra_links {
        let p = parent.map_or(document_id, |e| b.ids[e]);
        if let Ok(d) = doc.get_dictionary_mut(*link_id) {
            d.set("P", Object::Reference(p));
        }
        if parent.is_none() {
            top.push((*at, Object::Reference(*link_id)));
        }
    }
    top
}

/// Writes every element that holds content, its children and content in page order.
fn elements(
    doc: &mut lopdf::Document,
    laid: &Laid,
    b: &mut Building,
    (root_id, document_id): (ObjectId, ObjectId),
    mut top: Vec<(Key, Object)>,
) {
    let n = laid.elements.len();
    for (link_id, parent, at, _) in &b.extra_links {
        if let Some(e) = parent {
            b.kids[*e].push((*at, Object::Reference(*link_id)));
        }
    }
    // Children come after their parents: walking backwards, an element knows where its first
    // content is (its own, or its first child's) before its parent is judged.
    let mut first: Vec<Option<Key>> = b.kids.iter().map(|k| k.iter().map(|x| x.0).min()).collect();
    for e in (0..n).rev() {
        if let (Some(k), Some(parent)) = (first[e], laid.elements[e].parent) {
            first[parent] = Some(first[parent].map_or(k, |f| f.min(k)));
        }
    }
    let mut document_kids = Vec::new();
    for (e, el) in laid.elements.iter().enumerate() {
        let Some(k) = first[e] else { continue };
        let me = Object::Reference(b.ids[e]);
        match el.parent {
            Some(p) => b.kids[p].push((k, me)),
            None => document_kids.push((k, me)),
        }
    }
    document_kids.append(&mut top);
    for (e, el) in laid.elements.iter().enumerate() {
        if first[e].is_none() {
            continue;
        }
        let mut k = std::mem::take(&mut b.kids[e]);
        // Stable: content placed at one point keeps the order it was added in.
        k.sort_by_key(|x| x.0);
        let mut d = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(el.tag)),
            (
                "P",
                Object::Reference(el.parent.map_or(document_id, |p| b.ids[p])),
            ),
            ("K", Object::Array(k.into_iter().map(|x| x.1).collect())),
        ]);
        if let Some(pg) = b.first_page[e] {
            d.set("Pg", Object::Reference(pg));
        }
        attributes(&mut d, el);
        doc.objects.insert(b.ids[e], Object::Dictionary(d));
    }
    document_kids.sort_by_key(|x| x.0);
    let document = Dictionary::from_iter(vec![
        ("Type", name("StructElem")),
        ("S", name("Document")),
        ("P", Object::Reference(root_id)),
        (
            "K",
            Object::Array(document_kids.into_iter().map(|x| x.1).collect()),
        ),
    ]);
    doc.objects
        .insert(document_id, Object::Dictionary(document));
}

/// An element's attributes: a header cell's scope, a language other than the document's, and a
/// figure's description and bounding box (in the page's coordinates, from its bottom-left corner).
fn attributes(d: &mut Dictionary, el: &super::super::layout::Element) {
    if el.tag == "TH" {
        d.set(
            "A",
            Dictionary::from_iter(vec![("O", name("Table")), ("Scope", name("Column"))]),
        );
    }
    if let Some(lang) = el.lang {
        d.set(
            "Lang",
            Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
        );
    }
    if let Some(alt) = &el.alt {
        d.set("Alt", text(alt));
    }
    if let Some((_, [left, top, right, bottom])) = el.bbox {
        let bbox = [left, PAGE_H - bottom, right, PAGE_H - top]
            .iter()
            .map(|v| Object::Real((v * 100.0).round() / 100.0))
            .collect();
        d.set(
            "A",
            Dictionary::from_iter(vec![
                ("O", name("Layout")),
                ("Placement", name("Block")),
                ("BBox", Object::Array(bbox)),
            ]),
        );
    }
}
