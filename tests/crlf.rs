//! Files saved on Windows: the workflow fixture (barriers, English bodies, `_partner.md`,
//! `_report.md`, `_taxonomy.yaml`, internal notes) and the built-in templates as a site's own,
//! every line ended with CRLF and a byte-order mark in front (as Notepad saved UTF-8 until 2019 and
//! Git for Windows checks text out), build byte for byte as the same files with LF: the site, the
//! data files and the PDFs, in the public and the circulation editions.

mod common;

use common::*;
use std::path::Path;

/// Copies the workflow fixture and the project's templates into `root`, each text file's line
/// ends turned by `ends`; returns how many files `ends` changed.
fn tree(root: &Path, ends: impl Fn(&str) -> String) -> usize {
    let base = case_tree(&fixtures().join("workflow"));
    let mut changed = 0;
    for (from, to) in [
        (base.path().join("content"), root.join("content")),
        (repo().join("templates"), root.join("templates")),
    ] {
        for (rel, bytes) in all_files(&from) {
            let text = String::from_utf8(bytes).unwrap();
            let saved = ends(&text);
            changed += usize::from(saved != text);
            let path = to.join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, saved).unwrap();
        }
    }
    changed
}

#[test]
fn content_and_templates_saved_with_crlf_build_byte_for_byte_as_with_lf() {
    let dir = tempfile::tempdir().unwrap();
    let (lf, crlf) = (dir.path().join("lf"), dir.path().join("crlf"));
    tree(&lf, str::to_string);
    let changed = tree(&crlf, |t| format!("\u{feff}{}", t.replace('\n', "\r\n")));
    let files = all_files(&crlf);
    assert_eq!(changed, files.len(), "every file is rewritten");
    for (rel, bytes) in &files {
        let text = std::str::from_utf8(bytes).unwrap();
        let lines = text.matches('\n').count();
        assert!(
            lines > 0 && text.matches("\r\n").count() == lines,
            "{rel} has a line without CR"
        );
    }
    for (name, rel) in [
        ("_report.md", "content/_report.md"),
        ("_taxonomy.yaml", "content/_taxonomy.yaml"),
        ("an English body", "content/cn/cosmetics-registration.en.md"),
        ("a partner", "content/cn/_partner.md"),
        ("a template", "templates/barrier.html"),
    ] {
        assert!(files.contains_key(rel), "{name} ({rel}) is in the test");
    }

    for (edition, folder) in [(&[][..], "public"), (&["--circulation"][..], "circulation")] {
        let mut built = Vec::new();
        for root in [&lf, &crlf] {
            let out = root.join(folder);
            let mut args = vec!["build", "--out", out.to_str().unwrap()];
            args.extend_from_slice(edition);
            let o = knte(&args, root);
            assert_eq!(o.status.code(), Some(0), "{edition:?}:\n{}", stderr(&o));
            built.push(all_files(&out));
        }
        let (a, b) = (&built[0], &built[1]);
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        let differ: Vec<&String> = a
            .iter()
            .filter(|(k, v)| b[*k] != **v)
            .map(|(k, _)| k)
            .collect();
        assert!(
            differ.is_empty(),
            "{edition:?}: {} of {} files differ: {:?}",
            differ.len(),
            a.len(),
            &differ[..differ.len().min(10)]
        );
        assert!(a.keys().any(|k| k.ends_with(".pdf")), "{edition:?}: no PDF");
        // Nothing of the CR survives into a page.
        let page = String::from_utf8_lossy(&b["barriers/cn-001/index.html"]);
        assert!(!page.contains('\r'), "{edition:?}: a CR in a page");
        println!(
            "{edition:?}: {} files identical ({} PDFs) from {changed} files saved with CRLF",
            a.len(),
            a.keys().filter(|k| k.ends_with(".pdf")).count()
        );
    }
}
