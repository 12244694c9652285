//! The same content gives byte-identical output: the site, the data files and the PDFs, on a
//! generated 1,000-barrier corpus (../shared/bench/gen_corpus.py). The sample is checked in site.rs.

mod common;

use common::*;
use std::path::Path;

#[test]
fn a_generated_corpus_of_1000_barriers_builds_byte_for_byte_the_same_twice() {
    let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    if !gen.is_file() {
        // The generator ships in ../shared, beside the project's folder on its machines and in CI.
        eprintln!("skipped: ../shared/bench/gen_corpus.py is not beside the project");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let o = std::process::Command::new("python3")
        .args([
            gen.to_str().unwrap(),
            "1000",
            root.to_str().unwrap(),
            "--flavor",
            "knte",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut outputs = Vec::new();
    for name in ["a", "b"] {
        let out = dir.path().join(name);
        let o = knte(&["build", "--out", out.to_str().unwrap()], &root);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            stderr(&o)
                .lines()
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        );
        outputs.push(all_files(&out));
    }
    let (a, b) = (&outputs[0], &outputs[1]);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differing: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "differ between two builds: {differing:?}"
    );
    assert!(
        a.keys().any(|k| k.ends_with(".pdf")) && a.len() > 2000,
        "{}",
        a.len()
    );
    println!(
        "{} files identical across two builds of 1,000 barriers",
        a.len()
    );
}
