//! The PDF report as a print and accessible publication, read back with lopdf (and poppler where
//! installed): colour operators in black ink only, the catalog entries a screen reader and PDF/UA
//! ask for, and the structure tree that carries the text in reading order.

mod common;

use common::*;
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The sample's site and PDFs, built once (the site's home page holds the charts the report's
/// figures must agree with).
fn sample_pdfs() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let o = knte(&["build", "--out", out.to_str().unwrap()], repo());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (dir, out)
    })
    .1
}

fn report() -> PathBuf {
    sample_pdfs().join("report/knte-2026.pdf")
}

/// The partner PDFs, by file name.
fn partner_pdfs() -> Vec<PathBuf> {
    let mut partners: Vec<PathBuf> = std::fs::read_dir(sample_pdfs().join("report/partners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    partners.sort();
    partners
}

/// The consolidated report and one partner PDF (the first by file name).
fn some_pdfs() -> Vec<PathBuf> {
    vec![report(), partner_pdfs()[0].clone()]
}

/// The consolidated report and every partner PDF.
fn all_pdfs() -> Vec<PathBuf> {
    let mut all = vec![report()];
    all.extend(partner_pdfs());
    all
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

/// `pdfinfo -struct-text`: (element, its text) for every run of text in the tree, in order; text
/// inside an inline element (`Link`, `Span`) is given to the block that holds it (a contents
/// entry's `TOCI`, a heading's `H1`).
fn tree(pdf: &Path) -> Vec<(String, String)> {
    let o = std::process::Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(o.status.success());
    let mut out: Vec<(String, String)> = Vec::new();
    // (indentation, element, its line) of the elements enclosing the current line.
    let mut stack: Vec<(usize, String, usize)> = Vec::new();
    // The line of the block the last text went to: text of one block is one entry.
    let mut last_block = usize::MAX;
    for (n, line) in String::from_utf8_lossy(&o.stdout).lines().enumerate() {
        let t = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Some(text) = t.strip_prefix('"') {
            let (block, at) = stack
                .iter()
                .rev()
                .find(|(_, e, _)| !matches!(e.as_str(), "Link" | "Span"))
                .map(|(_, e, at)| (e.clone(), *at))
                .unwrap_or_default();
            let text = text.trim_end_matches('"');
            match out.last_mut() {
                Some(last) if at == last_block => last.1.push_str(text),
                _ => out.push((block, text.to_string())),
            }
            last_block = at;
        } else if !t.is_empty() && !t.starts_with('/') {
            // An element with attributes is printed with a colon (`TH:`, `Figure:`); attribute
            // lines start with a slash.
            let element = t.split_whitespace().next().unwrap().trim_end_matches(':');
            while stack.last().is_some_and(|(i, _, _)| *i >= indent) {
                stack.pop();
            }
            stack.push((indent, element.to_string(), n));
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
        // The contents are the first run of entries; the lists of tables and figures follow
        // under headings of their own.
        let contents: Vec<String> = tree
            .iter()
            .skip_while(|(e, _)| e != "TOCI")
            .take_while(|(e, _)| e == "TOCI")
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

/// Text without its whitespace. The tree's text has no spaces between words: the pages position
/// each word (or run of words) by itself instead of drawing space characters, and `pdfinfo` prints
/// the marked glyphs alone, while `pdftotext` infers a space from the gap between two words and
/// ends lines where the page does. Whitespace is all that either reader invents; every other
/// character, punctuation included, is compared.
fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text a table's caption and header row print again, with "(계속)", on each page it runs on
/// to: for every table of the tree, its caption, "(계속)" and its header cells run together.
fn repeated_heads(tree: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut caption: Option<String> = None;
    let mut head = String::new();
    for (element, text) in tree {
        match element.as_str() {
            "Caption" => {
                caption = Some(no_space(text));
                head.clear();
            }
            "TH" if caption.is_some() => head.push_str(&no_space(text)),
            _ => {
                if let Some(c) = caption.take() {
                    if !head.is_empty() {
                        out.push(format!("{c}(계속){head}"));
                    }
                }
                head.clear();
            }
        }
    }
    out
}

/// The page bodies' text in content-stream order (`pdftotext -raw`), without the top 50 and
/// bottom 52 points, where the running head, the page number and a circulation copy's watermark
/// stand and the body never does. The raw mode keeps a hyphen that ends a line (the default mode
/// drops it, joining the word), as the tree does.
fn page_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args(["-raw", "-x", "0", "-y", "50", "-W", "596", "-H", "740"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    no_space(&String::from_utf8_lossy(&o.stdout))
}

#[test]
fn the_text_of_the_tree_is_the_text_of_the_pages_without_their_furniture() {
    if !have_poppler() {
        return;
    }
    for pdf in all_pdfs() {
        let tree = tree(&pdf);
        let a: String = tree.iter().map(|(_, t)| no_space(t)).collect();
        let mut body = page_text(&pdf);
        // A table that runs on to another page prints its caption, marked "(계속)", and its header
        // row again there: page furniture (artifacts), kept out of the tree so that a screen
        // reader does not read them twice. They are taken out of the page text as exactly that
        // caption and header, nothing else.
        let mut repeats = 0;
        for r in repeated_heads(&tree) {
            repeats += body.matches(r.as_str()).count();
            body = body.replace(r.as_str(), "");
        }
        let equal = a == body;
        println!(
            "{}: tree text {} characters, page text {} (after {repeats} repeated table heads), equal: {equal}",
            pdf.display(),
            a.chars().count(),
            body.chars().count()
        );
        if !equal {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), body.chars().collect());
            let at = x
                .iter()
                .zip(&y)
                .position(|(p, q)| p != q)
                .unwrap_or(x.len().min(y.len()));
            let show = |v: &[char]| {
                v[at.saturating_sub(40)..(at + 80).min(v.len())]
                    .iter()
                    .collect::<String>()
            };
            panic!(
                "{}: the tree's text and the pages' part at character {at}:\n tree: {}\n page: {}",
                pdf.display(),
                show(&x),
                show(&y)
            );
        }
        assert!(a.chars().count() > 1000, "{}", pdf.display());
    }
}

/// Every structure element of `doc`: (its object id, its dictionary).
fn struct_elems(doc: &Document) -> Vec<(lopdf::ObjectId, &lopdf::Dictionary)> {
    doc.objects
        .iter()
        .filter_map(|(id, o)| o.as_dict().ok().map(|d| (*id, d)))
        .filter(|(_, d)| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem"))
        .collect()
}

fn tag(d: &lopdf::Dictionary) -> String {
    String::from_utf8_lossy(d.get(b"S").and_then(Object::as_name).unwrap()).to_string()
}

/// A PDF text string (UTF-16 with a byte-order mark, or PDFDocEncoding's ASCII part).
fn text_string(o: &Object) -> String {
    let b = o.as_str().unwrap();
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(b).to_string()
    }
}

/// The kids of a structure element, as an array.
fn kids<'a>(doc: &'a Document, d: &'a lopdf::Dictionary) -> Vec<&'a Object> {
    match d.get(b"K").map(|k| resolved(doc, k)) {
        Ok(Object::Array(a)) => a.iter().collect(),
        Ok(other) => vec![other],
        Err(_) => vec![],
    }
}

/// The home page's charts, each as its description would read: `분야별 장벽 수: 관세 7건, ...`.
fn site_charts(home: &str) -> Vec<String> {
    let between = |s: &str, from: &str, to: &str| -> Option<String> {
        let i = s.find(from)? + from.len();
        Some(s[i..i + s[i..].find(to)?].to_string())
    };
    home.split("<figcaption id=\"chart-")
        .skip(1)
        .map(|block| {
            let block = &block[..block.find("</figure>").unwrap_or(block.len())];
            let title = between(block, "\">", "</figcaption>").unwrap();
            let bars: Vec<String> = block
                .split("<li>")
                .skip(1)
                .map(|li| {
                    let label = between(li, "class=\"bar-label\">", "</span>").unwrap();
                    let count = between(li, "class=\"bar-count\">", "</span>").unwrap();
                    format!("{label} {count}")
                })
                .collect();
            format!("{title}: {}", bars.join(", "))
        })
        .collect()
}

#[test]
fn every_figure_has_a_description_and_a_box_that_read_as_the_home_page_chart_of_its_title() {
    let doc = Document::load(report()).unwrap();
    let figures: Vec<(String, bool)> = struct_elems(&doc)
        .into_iter()
        .filter(|(_, d)| tag(d) == "Figure")
        .map(|(_, d)| {
            let alt = d.get(b"Alt").map(text_string).unwrap_or_default();
            let bbox = d
                .get(b"A")
                .map(|a| resolved(&doc, a))
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"BBox"))
                .is_ok();
            (alt, bbox)
        })
        .collect();
    println!(
        "{} figures, {} with /Alt",
        figures.len(),
        figures.iter().filter(|f| !f.0.is_empty()).count()
    );
    assert_eq!(figures.len(), 4, "{figures:?}");
    for (alt, bbox) in &figures {
        assert!(!alt.is_empty() && *bbox, "{alt:?} bbox {bbox}");
    }
    // Each figure describes the home page's chart of the same title, bar for bar: the same
    // labels, in the same order, with the same counts.
    let home = std::fs::read_to_string(sample_pdfs().join("index.html")).unwrap();
    let mut site = site_charts(&home);
    let mut alts: Vec<String> = figures.iter().map(|f| f.0.clone()).collect();
    site.sort();
    alts.sort();
    assert_eq!(alts, site);
}

#[test]
fn every_link_holds_its_text_and_its_annotation_and_every_annotation_has_a_struct_parent_and_a_description(
) {
    for pdf in all_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let mut annots = 0;
        for (n, page) in doc.get_pages() {
            let d = doc.get_dictionary(page).unwrap();
            let Ok(list) = d.get(b"Annots").and_then(Object::as_array) else {
                continue;
            };
            for a in list {
                let a = resolved(&doc, a).as_dict().unwrap();
                if a.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link") {
                    annots += 1;
                    assert!(
                        a.get(b"StructParent").is_ok(),
                        "{}: page {n}: {a:?}",
                        pdf.display()
                    );
                    // PDF/UA: a link's annotation describes it (`/Contents`, the linked text).
                    let described = a
                        .get(b"Contents")
                        .and_then(Object::as_str)
                        .is_ok_and(|s| s.len() > 2);
                    assert!(described, "{}: page {n}: {a:?}", pdf.display());
                }
            }
        }
        let links: Vec<_> = struct_elems(&doc)
            .into_iter()
            .filter(|(_, d)| tag(d) == "Link")
            .collect();
        for (id, d) in &links {
            let k = kids(&doc, d);
            let objr = k.iter().filter(|o| matches!(o, Object::Dictionary(x) if x.get(b"Type").and_then(Object::as_name).ok() == Some(b"OBJR"))).count();
            let text = k.iter().filter(|o| matches!(o, Object::Integer(_)) || matches!(o, Object::Dictionary(x) if x.get(b"Type").and_then(Object::as_name).ok() == Some(b"MCR"))).count();
            assert!(
                objr >= 1 && text >= 1,
                "{}: Link {id:?} holds {text} text and {objr} annotations",
                pdf.display()
            );
        }
        assert!(
            annots > 0 && links.len() == annots,
            "{}: {annots} annotations, {} links",
            pdf.display(),
            links.len()
        );
    }
}

#[test]
fn lists_notes_contents_and_english_terms_are_tagged() {
    for pdf in all_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let elems = struct_elems(&doc);
        let by_id: std::collections::BTreeMap<_, _> = elems.iter().cloned().collect();
        let children = |d: &lopdf::Dictionary| -> Vec<String> {
            kids(&doc, d)
                .into_iter()
                .filter_map(|o| o.as_reference().ok())
                .filter_map(|r| by_id.get(&r))
                .map(|d| tag(d))
                .collect()
        };
        let mut count = std::collections::BTreeMap::<String, usize>::new();
        for (_, d) in &elems {
            *count.entry(tag(d)).or_default() += 1;
            match tag(d).as_str() {
                "LI" => assert_eq!(children(d), ["Lbl", "LBody"], "{}", pdf.display()),
                "L" => assert!(children(d).iter().all(|t| t == "LI"), "{}", pdf.display()),
                "TOC" => assert!(children(d).iter().all(|t| t == "TOCI"), "{}", pdf.display()),
                _ => {}
            }
        }
        // English: the partner's name in its chapter's title, and (in the report) the
        // abbreviations and the report's English title.
        let english: Vec<String> = elems
            .iter()
            .filter(|(_, d)| d.get(b"Lang").and_then(Object::as_str).ok() == Some(b"en-US"))
            .filter_map(|(_, d)| d.get(b"P").and_then(Object::as_reference).ok())
            .filter_map(|p| by_id.get(&p).map(|d| tag(d)))
            .collect();
        println!(
            "{}: {} structure elements, {} in English, {count:?}",
            pdf.display(),
            elems.len(),
            english.len()
        );
        assert!(
            english.iter().any(|t| t == "H1"),
            "{}: {english:?}",
            pdf.display()
        );
        assert!(count["LI"] > 0 && count["Lbl"] == count["LI"] && count["LBody"] == count["LI"]);
        if pdf == report() {
            assert!(
                english.iter().filter(|t| *t == "TD").count() >= 10,
                "{english:?}"
            );
            assert!(count["Note"] > 0 && count["TOCI"] > 10, "{count:?}");
        }
    }
}

#[test]
fn every_partner_report_labels_its_pages_as_it_prints_them() {
    for pdf in partner_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let labels = resolved(&doc, catalog(&doc).get(b"PageLabels").unwrap())
            .as_dict()
            .unwrap();
        let nums = labels.get(b"Nums").and_then(Object::as_array).unwrap();
        assert_eq!(nums.len(), 2, "{}: {nums:?}", pdf.display());
        assert_eq!(nums[0].as_i64().unwrap(), 0);
        let style = resolved(&doc, &nums[1]).as_dict().unwrap();
        assert_eq!(style.get(b"S").and_then(Object::as_name).unwrap(), b"D");
    }
}
