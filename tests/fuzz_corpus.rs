//! Replays the fuzzing corpora (fuzz/corpus/<target>/) through the same entry points the fuzzers
//! call, so every input the fuzzers kept stays crash-free in ordinary CI runs.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let result = std::panic::catch_unwind(|| run(&data));
        assert!(result.is_ok(), "{} panics on {}", target, f.display());
        n += 1;
    }
    assert!(n > 0, "the {target} corpus is empty");
    n
}

#[test]
fn front_matter_corpus_replays_without_a_crash() {
    println!(
        "{} inputs",
        replay("front_matter", knte::fuzz_targets::front_matter)
    );
}

#[test]
fn markdown_corpus_replays_without_a_crash() {
    println!(
        "{} inputs",
        replay("markdown", knte::fuzz_targets::markdown)
    );
}

#[test]
fn pdf_layout_corpus_replays_without_a_crash() {
    println!(
        "{} inputs",
        replay("pdf_layout", knte::fuzz_targets::pdf_layout)
    );
}
