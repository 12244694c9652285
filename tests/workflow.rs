//! The year's workflow, end to end on `fixtures/workflow/` (the base tree with its overlay): every
//! `internal:` field holds a unique canary word, and the public build's every output file (pages,
//! feeds, sitemap, data files, the XLSX unzipped, the search shards, and `pdftotext` of every PDF)
//! must contain none of them.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The canaries of the `internal:` fields (a barrier's suggested and free keys, nested values, a
/// partner's notes). Single lowercase words, so the search index keeps them whole.
const INTERNAL: &[&str] = &[
    "canaryinternalnote7f3a",
    "canaryinternalsubmitter2b91",
    "canaryinternalcontactc04e",
    "canaryinternalnegotiation9d17",
    "canaryinternalfreekey5e62",
    "canaryinternallisted4e77",
    "canarypartnernotea8c3",
    "canarypartnercontact31d0",
];

fn workflow_tree() -> tempfile::TempDir {
    case_tree(&fixtures().join("workflow"))
}

/// Builds `root` into `<root>/<name>` with `extra` arguments; the build must succeed.
fn build(root: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = root.join(name);
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = knte(&args, root);
    assert_eq!(o.status.code(), Some(0), "build failed:\n{}", stderr(&o));
    out
}

/// The text of every output file, by path, lowercased: XLSX workbooks as the text of each of their
/// entries (`book.xlsx!xl/sharedStrings.xml`), PDFs as `pdftotext` of each page
/// (`book.pdf#3`), everything else as it is. `None` when pdftotext is not installed (outside CI).
fn output_texts(out: &Path) -> Option<BTreeMap<String, String>> {
    if !tool("pdftotext", &["-v"]) {
        return None;
    }
    let mut all = BTreeMap::new();
    for (rel, bytes) in all_files(out) {
        if rel.ends_with(".xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let mut raw = Vec::new();
                entry.read_to_end(&mut raw).unwrap();
                let text = String::from_utf8_lossy(&raw).to_lowercase();
                all.insert(format!("{rel}!{}", entry.name().unwrap()), text);
            }
        } else if rel.ends_with(".pdf") {
            let o = std::process::Command::new("pdftotext")
                .arg(out.join(&rel))
                .arg("-")
                .output()
                .unwrap();
            assert!(o.status.success(), "pdftotext {rel}");
            let text = String::from_utf8_lossy(&o.stdout).to_lowercase();
            // pdftotext ends every page with a form feed.
            for (n, page) in text.split('\u{c}').enumerate() {
                if !page.trim().is_empty() || n == 0 {
                    all.insert(format!("{rel}#{}", n + 1), page.to_string());
                }
            }
        } else {
            all.insert(rel, String::from_utf8_lossy(&bytes).to_lowercase());
        }
    }
    Some(all)
}

/// The files among `texts` that contain `word`, also when a line break or space was put into it.
fn holding<'a>(texts: &'a BTreeMap<String, String>, word: &str) -> Vec<&'a str> {
    texts
        .iter()
        .filter(|(_, t)| {
            t.contains(word) || {
                let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                squeezed.contains(word)
            }
        })
        .map(|(k, _)| k.as_str())
        .collect()
}

#[test]
fn the_fixture_is_valid_and_every_canary_is_in_its_sources() {
    let tree = workflow_tree();
    let o = knte(&["check"], tree.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sources: String = all_files(&tree.path().join("content"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for canary in INTERNAL {
        assert_eq!(sources.matches(canary).count(), 1, "{canary}");
    }
}

#[test]
fn the_public_build_writes_no_internal_field_anywhere() {
    let tree = workflow_tree();
    let out = build(tree.path(), "public", &[]);
    let Some(texts) = output_texts(&out) else {
        return;
    };
    assert!(texts.keys().any(|k| k.ends_with(".pdf#1")));
    assert!(texts.keys().any(|k| k.contains(".xlsx!")));
    assert!(texts.keys().any(|k| k.starts_with("search/ko/")));
    for canary in INTERNAL {
        let found = holding(&texts, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }
    // The preview (`--drafts`) is not the circulation edition either.
    let out = build(tree.path(), "preview", &["--drafts", "--no-pdf"]);
    let texts = output_texts(&out).unwrap();
    for canary in INTERNAL {
        let found = holding(&texts, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }
}
