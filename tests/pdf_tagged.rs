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
        assert!(dict(b"MarkInfo").get(b"Marked").unwrap().as_bool().unwrap());
        assert!(dict(b"ViewerPreferences")
            .get(b"DisplayDocTitle")
            .unwrap()
            .as_bool()
            .unwrap());
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

fn have_poppler() -> bool {
    tool("pdfinfo", &["-v"])
}

/// Hangul syllables, ASCII letters and digits: what both poppler readers give alike (the tree's
/// text has no spaces between positioned words; pdftotext infers them).
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| ('가'..='힣').contains(c) || c.is_ascii_alphanumeric())
        .collect()
}

/// `pdfinfo -struct-text`: (element, its text) for every element that holds text directly.
fn tree(pdf: &Path) -> Vec<(String, String)> {
    let o = std::process::Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(o.status.success());
    let mut out: Vec<(String, String)> = Vec::new();
    let mut element = String::new();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let t = line.trim();
        if let Some(text) = t.strip_prefix('"') {
            out.push((element.clone(), text.trim_end_matches('"').to_string()));
        } else if !t.is_empty() {
            element = t.split_whitespace().next().unwrap().to_string();
        }
    }
    out
}

#[test]
fn the_structure_tree_lists_every_contents_entry_as_a_heading_in_order() {
    if !have_poppler() {
        return;
    }
    for pdf in some_pdfs() {
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&info.stdout).contains("Tagged:          yes"));
        let tree = tree(&pdf);
        let headings: Vec<String> = tree
            .iter()
            .filter(|(e, _)| e.len() == 2 && e.starts_with('H'))
            .map(|(_, t)| norm(t))
            .collect();
        // A contents line is the heading's text followed by its page number (Arabic, or Roman in
        // the front matter: "발간사ii").
        let contents: Vec<String> = tree
            .iter()
            .filter(|(e, _)| e == "TOCI")
            .map(|(_, t)| without_page_number(&norm(t)))
            .collect();
        // The report has a contents page; a partner's PDF has none, but headings.
        assert!(!headings.is_empty(), "{}", pdf.display());
        if pdf == report() {
            assert!(contents.len() >= 3, "{contents:?}");
        }
        let mut at = 0;
        for c in &contents {
            let found = headings[at..]
                .iter()
                .position(|h| h.trim_end_matches(|c: char| c.is_ascii_digit()) == c.as_str())
                .unwrap_or_else(|| panic!("{}: no heading {c} after #{at}", pdf.display()));
            at += found + 1;
        }
    }
}

/// A contents line without its page number: trailing digits, or a lowercase Roman numeral that
/// follows a character other than a Latin letter (so "Annex" keeps its x).
fn without_page_number(line: &str) -> String {
    let digits = line.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits.len() < line.len() {
        return digits.to_string();
    }
    let roman = line.trim_end_matches(|c: char| "ivxlc".contains(c));
    match roman.chars().last() {
        Some(c) if !c.is_ascii_alphabetic() && roman.len() < line.len() => roman.to_string(),
        _ => line.to_string(),
    }
}

#[test]
fn the_text_of_the_tree_is_the_text_of_the_pages_without_their_furniture() {
    if !have_poppler() {
        return;
    }
    for pdf in some_pdfs() {
        let tree: String = tree(&pdf).iter().map(|(_, t)| norm(t)).collect();
        // The page less its top 50 and bottom 52 points: the running head and the page number
        // (and the watermark of a circulation copy) stand there, the body never does.
        let o = std::process::Command::new("pdftotext")
            .args(["-x", "0", "-y", "50", "-W", "596", "-H", "740"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let body = norm(&String::from_utf8_lossy(&o.stdout));
        let a: Vec<char> = tree.chars().collect();
        let b: Vec<char> = body.chars().collect();
        if a != b {
            let at = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            let show = |v: &[char]| {
                v[at.saturating_sub(40)..(at + 80).min(v.len())]
                    .iter()
                    .collect::<String>()
            };
            println!(
                "{}: first difference at {at}:\n tree: {}\n page: {}",
                pdf.display(),
                show(&a),
                show(&b)
            );
        }
        // Every character of the tree is on the pages; the pages hold more only where a table's
        // caption ("(계속)") and header row are repeated on a page it runs on to, artifacts by
        // design: a small share of the text.
        let mut count = std::collections::BTreeMap::<char, i64>::new();
        for c in &b {
            *count.entry(*c).or_default() += 1;
        }
        for c in &a {
            *count.entry(*c).or_default() -= 1;
        }
        let missing: Vec<_> = count.iter().filter(|(_, n)| **n < 0).collect();
        assert!(
            missing.is_empty(),
            "{}: tree text not on the pages: {missing:?}",
            pdf.display()
        );
        let surplus: i64 = count.values().sum();
        assert!(
            a.len() > 1000 && surplus * 100 < b.len() as i64,
            "{}: {surplus} of {}",
            pdf.display(),
            b.len()
        );
    }
}
