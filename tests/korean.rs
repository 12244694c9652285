//! Korean text end to end: the sample saved in decomposed form (NFD, as macOS tools and text
//! pasted from PDFs give it) builds to exactly the same site, data files and PDFs as the sample as
//! written (NFC).

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;

#[test]
fn the_sample_in_nfd_builds_byte_for_byte_as_in_nfc() {
    let nfd = tempfile::tempdir().unwrap();
    let from = repo().join("content");
    let mut decomposed = 0;
    for (rel, bytes) in all_files(&from) {
        let text = String::from_utf8(bytes).unwrap();
        let d: String = text.nfd().collect();
        if d != text {
            decomposed += 1;
        }
        let to = nfd.path().join("content").join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, d).unwrap();
    }
    assert!(decomposed > 100, "only {decomposed} files changed by NFD");
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("nfc"), out.path().join("nfd"));
    for (root, dest) in [(repo(), &a), (nfd.path(), &b)] {
        let o = knte(&["build", "--out", dest.to_str().unwrap()], root);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (fa, fb) = (all_files(&a), all_files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = fa
        .iter()
        .filter(|(k, v)| fb[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differ.is_empty(),
        "{} files differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(10)]
    );
    println!(
        "{} files identical ({} PDFs) after {decomposed} content files were decomposed",
        fa.len(),
        fa.keys().filter(|k| k.ends_with(".pdf")).count()
    );
}
