//! The PDF report as a print and accessible publication, read back with lopdf (and poppler where
//! installed): colour operators in black ink only, the catalog entries a screen reader and PDF/UA
//! ask for, and the structure tree that carries the text in reading order.

mod common;

use common::*;
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The sample's PDFs, built once.
fn sample_pdfs() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let o = knte(&["pdf", "--out", out.to_str().unwrap()], repo());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (dir, out)
    })
    .1
}

fn report() -> PathBuf {
    sample_pdfs().join("report/knte-2026.pdf")
}

/// The consolidated report and one partner PDF (the first by file name).
fn some_pdfs() -> Vec<PathBuf> {
    let mut partners: Vec<PathBuf> = std::fs::read_dir(sample_pdfs().join("report/partners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    partners.sort();
    vec![report(), partners[0].clone()]
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn every_colour_in_every_content_stream_is_black_ink_only() {
    for pdf in some_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let mut seen = std::collections::BTreeMap::<String, usize>::new();
        for (n, page) in doc.get_pages() {
            let content = doc.get_and_decode_page_content(page).unwrap();
            for op in &content.operations {
                let name = op.operator.as_str();
                match name {
                    "g" | "G" => {
                        let v = number(&op.operands[0]);
                        assert!((0.0..=1.0).contains(&v), "page {n}: {name} {v}");
                    }
                    "k" | "K" => {
                        let v: Vec<f32> = op.operands.iter().map(number).collect();
                        assert!(
                            v[0] == 0.0 && v[1] == 0.0 && v[2] == 0.0,
                            "{}: page {n}: {name} {v:?} uses colour ink",
                            pdf.display()
                        );
                    }
                    "rg" | "RG" | "sc" | "SC" | "scn" | "SCN" | "cs" | "CS" => panic!(
                        "{}: page {n}: colour operator {name} {:?}",
                        pdf.display(),
                        op.operands
                    ),
                    _ => continue,
                }
                *seen.entry(name.to_string()).or_default() += 1;
            }
        }
        // Text and rules are drawn, so both the fill and the stroke grey are set somewhere.
        assert!(seen.contains_key("g") && seen.contains_key("G"), "{seen:?}");
    }
}

#[test]
fn the_document_information_makes_no_pdfx_claim() {
    let doc = Document::load(report()).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "{info:?}");
    assert!(info.get(b"Title").is_ok());
}

/// The catalog of `doc`.
fn catalog(doc: &Document) -> &lopdf::Dictionary {
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .unwrap();
    doc.get_dictionary(root).unwrap()
}

fn resolved<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

#[test]
fn the_catalog_declares_a_marked_korean_document_with_pdfua_metadata() {
    for pdf in some_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let cat = catalog(&doc);
        let dict = |key: &[u8]| resolved(&doc, cat.get(key).unwrap()).as_dict().unwrap();
        assert_eq!(
            dict(b"MarkInfo").get(b"Marked").unwrap().as_bool().unwrap(),
            true
        );
        assert_eq!(
            dict(b"ViewerPreferences")
                .get(b"DisplayDocTitle")
                .unwrap()
                .as_bool()
                .unwrap(),
            true
        );
        assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"ko-KR");
        let xmp = resolved(&doc, cat.get(b"Metadata").unwrap())
            .as_stream()
            .unwrap();
        assert!(xmp.dict.get(b"Filter").is_err(), "XMP is kept readable");
        let xmp = String::from_utf8(xmp.content.clone()).unwrap();
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
        // The report's title, and a partner's after a dash.
        assert!(
            xmp.contains(
                "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">2026 국가별 무역장벽 보고서"
            ),
            "{xmp}"
        );
        for (n, page) in doc.get_pages() {
            let tabs = doc.get_dictionary(page).unwrap().get(b"Tabs");
            assert_eq!(
                tabs.and_then(Object::as_name).ok(),
                Some(b"S".as_slice()),
                "{}: page {n} has no /Tabs /S",
                pdf.display()
            );
        }
    }
}
