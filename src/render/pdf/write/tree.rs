//! The structure tree: the layout's elements and the writer's marked content -> `/StructTreeRoot`.
//!
//! Input: the lopdf document printpdf made, the [`Laid`] elements (in reading order, each with its
//! parent) and, for every page, the element of each marked-content id and of each link annotation
//! ([`PageTags`]). Output: the same document with a `Document` element over the layout's elements,
//! a `Link` element with an object reference for every link, `/StructParents` on the pages,
//! `/StructParent` on the links, and the parent tree that maps both back to their elements.

use super::Laid;
use lopdf::{Dictionary, Object, ObjectId};

/// What one page's content stream marked: the element of each MCID (the MCID is the index), and
/// the element each of its link annotations sits in (in the order of `/Annots`).
#[derive(Debug, Default)]
pub(super) struct PageTags {
    pub mcids: Vec<usize>,
    pub links: Vec<Option<usize>>,
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
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
    let ids: Vec<ObjectId> = (0..n).map(|_| doc.new_object_id()).collect();
    let mut kids: Vec<Vec<Object>> = vec![Vec::new(); n];
    let mut first_page: Vec<Option<ObjectId>> = vec![None; n];
    let mut nums: Vec<Object> = Vec::new();
    let mut links: Vec<(ObjectId, Option<usize>, ObjectId, i64)> = Vec::new();
    let mut key = pages.len() as i64;
    for (p, (page_id, t)) in pages.iter().zip(tags).enumerate() {
        let mut parents = Vec::new();
        for (mcid, &e) in t.mcids.iter().enumerate() {
            let pg = *first_page[e].get_or_insert(*page_id);
            kids[e].push(if pg == *page_id {
                Object::Integer(mcid as i64)
            } else {
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", name("MCR")),
                    ("Pg", Object::Reference(*page_id)),
                    ("MCID", Object::Integer(mcid as i64)),
                ]))
            });
            parents.push(Object::Reference(ids[e]));
        }
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(parents));
        // Each link annotation becomes an object of its own, to be referred to from its element.
        let page = doc
            .get_dictionary_mut(*page_id)
            .map_err(|e| e.to_string())?;
        page.set("StructParents", Object::Integer(p as i64));
        let annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut refs = Vec::new();
        for (annot, e) in annots.into_iter().zip(&t.links) {
            let annot_id = match annot {
                Object::Reference(r) => r,
                other => doc.add_object(other),
            };
            let link_id = doc.new_object_id();
            let a = doc
                .get_dictionary_mut(annot_id)
                .map_err(|e| e.to_string())?;
            a.set("StructParent", Object::Integer(key));
            nums.push(Object::Integer(key));
            nums.push(Object::Reference(link_id));
            key += 1;
            links.push((link_id, *e, annot_id, p as i64));
            refs.push(Object::Reference(annot_id));
            if let Some(e) = e {
                kids[*e].push(Object::Reference(link_id));
            }
        }
        doc.get_dictionary_mut(*page_id)
            .map_err(|e| e.to_string())?
            .set("Annots", Object::Array(refs));
    }
    let mut top: Vec<Object> = links
        .iter()
        .filter(|l| l.1.is_none())
        .map(|l| Object::Reference(l.0))
        .collect();
    for (link_id, parent, annot_id, p) in &links {
        let pg = pages[*p as usize];
        let parent = parent.map_or(document_id, |e| ids[e]);
        let objr = Dictionary::from_iter(vec![
            ("Type", name("OBJR")),
            ("Obj", Object::Reference(*annot_id)),
            ("Pg", Object::Reference(pg)),
        ]);
        let d = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name("Link")),
            ("P", Object::Reference(parent)),
            ("Pg", Object::Reference(pg)),
            ("K", Object::Array(vec![Object::Dictionary(objr)])),
        ]);
        doc.objects.insert(*link_id, Object::Dictionary(d));
    }
    // Children come after their parents: walking backwards, an element knows whether any of its
    // children holds content before it is itself judged.
    let mut alive = vec![false; n];
    for e in (0..n).rev() {
        alive[e] = alive[e] || !kids[e].is_empty();
        if alive[e] {
            if let Some(parent) = laid.elements[e].parent {
                alive[parent] = true;
            }
        }
    }
    let mut children: Vec<Vec<Object>> = vec![Vec::new(); n];
    let mut document_kids = Vec::new();
    for (e, el) in laid.elements.iter().enumerate() {
        if !alive[e] {
            continue;
        }
        match el.parent {
            Some(p) => children[p].push(Object::Reference(ids[e])),
            None => document_kids.push(Object::Reference(ids[e])),
        }
    }
    document_kids.append(&mut top);
    for (e, el) in laid.elements.iter().enumerate() {
        if !alive[e] {
            continue;
        }
        let mut k = std::mem::take(&mut children[e]);
        k.append(&mut kids[e]);
        let mut d = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(el.tag)),
            (
                "P",
                Object::Reference(el.parent.map_or(document_id, |p| ids[p])),
            ),
            ("K", Object::Array(k)),
        ]);
        if let Some(pg) = first_page[e] {
            d.set("Pg", Object::Reference(pg));
        }
        if el.tag == "TH" {
            d.set(
                "A",
                Dictionary::from_iter(vec![("O", name("Table")), ("Scope", name("Column"))]),
            );
        }
        doc.objects.insert(ids[e], Object::Dictionary(d));
    }
    let document = Dictionary::from_iter(vec![
        ("Type", name("StructElem")),
        ("S", name("Document")),
        ("P", Object::Reference(root_id)),
        ("K", Object::Array(document_kids)),
    ]);
    doc.objects
        .insert(document_id, Object::Dictionary(document));
    let parent_tree = doc.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    let root = Dictionary::from_iter(vec![
        ("Type", name("StructTreeRoot")),
        ("K", Object::Array(vec![Object::Reference(document_id)])),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(key)),
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
