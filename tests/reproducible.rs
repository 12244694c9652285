//! The same content gives byte-identical output: the site, the data files and the PDFs, on a
//! larger edition made here from the sample (each barrier copied three more times under new ids
//! and names, so every partner chapter runs to several times its length). The sample alone is
//! checked in site.rs. Nothing outside the repository is needed.

mod common;

use common::*;
use std::path::Path;

/// Copies of each sample barrier added beside it.
const COPIES: u32 = 3;

/// The sample's content with `COPIES` more copies of every barrier (and its English body), each
/// with an id `NNN + 100 k` and a file name ending `-k`.
fn larger_edition(root: &Path) -> usize {
    copy_tree(&repo().join("content"), &root.join("content"));
    let mut barriers = 0;
    // Listed before any copy is written, so copies are never copied again.
    for f in barrier_files(&root.join("content")) {
        let (dir, name) = (
            f.parent().unwrap(),
            f.file_name().unwrap().to_string_lossy(),
        );
        barriers += 1;
        let text = std::fs::read_to_string(&f).unwrap();
        let id_line = text.lines().find(|l| l.starts_with("id: ")).unwrap();
        let (prefix, number) = id_line[4..].split_once('-').unwrap();
        let number: u32 = number.trim().parse().unwrap();
        let stem = name.trim_end_matches(".md");
        let english = dir.join(format!("{stem}.en.md"));
        for k in 1..=COPIES {
            barriers += 1;
            let id = format!("id: {prefix}-{:03}", number + 100 * k);
            std::fs::write(
                dir.join(format!("{stem}-{k}.md")),
                text.replacen(id_line, &id, 1),
            )
            .unwrap();
            if english.is_file() {
                std::fs::copy(&english, dir.join(format!("{stem}-{k}.en.md"))).unwrap();
            }
        }
    }
    barriers
}

#[test]
fn a_larger_edition_builds_byte_for_byte_the_same_twice() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("edition");
    let barriers = larger_edition(&root);
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
        a.keys().filter(|k| k.ends_with(".pdf")).count() > 20 && a.len() > 1000,
        "{}",
        a.len()
    );
    println!(
        "{} files identical across two builds of {barriers} barriers",
        a.len()
    );
}
