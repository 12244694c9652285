//! Hostile and careless input, one test (or more) per family: an output folder that would replace
//! the sources, YAML alias bombs, deep Markdown, huge and odd files, control characters, FIFOs.
//! Each asserts the new behaviour: the sources stay byte for byte, the exit status is 1 or 2 with
//! file and line, and the work is bounded (a generous `timeout` whose expiry fails the test, never
//! a timing assertion). The serve rows live in `serve.rs`.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// Runs knte in `dir` (the current folder matters for relative paths) with a time limit; the
/// limit is far above the normal time, and reaching it fails the test.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new("timeout")
        .arg("120")
        .arg(env!("CARGO_BIN_EXE_knte"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("timeout and knte run");
    assert_ne!(
        o.status.code(),
        Some(124),
        "knte did not finish within 120 s: {args:?}"
    );
    assert!(
        !stderr(&o).contains("panicked"),
        "knte panicked:\n{}",
        stderr(&o)
    );
    assert!(
        !matches!(o.status.code(), Some(101) | Some(134) | None),
        "knte crashed ({:?}):\n{}",
        o.status,
        stderr(&o)
    );
    o
}

/// The base fixture with its sources listed, so a test can check that they are untouched.
fn tree() -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let t = base_tree();
    std::fs::create_dir_all(t.path().join("templates")).unwrap();
    std::fs::write(t.path().join("templates/.keep"), "").unwrap();
    std::fs::create_dir_all(t.path().join("static")).unwrap();
    std::fs::write(t.path().join("static/site.txt"), "mine").unwrap();
    std::fs::write(t.path().join("notes.txt"), "my notes").unwrap();
    let before = all_files(t.path());
    (t, before)
}

fn assert_untouched(t: &Path, before: &std::collections::BTreeMap<String, Vec<u8>>) {
    let after = all_files(t);
    for (rel, bytes) in before {
        assert_eq!(after.get(rel), Some(bytes), "{rel} changed or vanished");
    }
    let new: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(new.is_empty(), "files appeared among the sources: {new:?}");
}

/// Row 1-3: an output that is, contains or lies inside the sources, an existing folder knte did
/// not make, and a file are all refused with exit 2 before anything is written.
#[test]
fn an_output_folder_that_would_replace_sources_is_refused() {
    let (t, before) = tree();
    let root = t.path();
    let abs_content = root.join("content");
    let abs_content = abs_content.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["build", "--out", "nope/../content"],
            "would replace the content/ folder",
        ),
        (
            vec!["build", "--out", abs_content],
            "would replace the content/ folder",
        ),
        (
            vec!["build", "--out", "./x/../content/cn"],
            "lies inside the content/ folder",
        ),
        (
            vec!["build", "--out", "content/cn/site"],
            "lies inside the content/ folder",
        ),
        (
            vec!["build", "--out", "templates"],
            "would replace the templates/ folder",
        ),
        (
            vec!["build", "--out", "static/x"],
            "lies inside the static/ folder",
        ),
        (vec!["build", "--out", "."], "would replace the root folder"),
        (
            vec!["build", "--out", ".."],
            "would replace the root folder",
        ),
        (
            vec!["build", "--out", "notes.txt"],
            "is a file, not a folder",
        ),
        (
            vec!["pdf", "--out", "content"],
            "would replace the content/ folder",
        ),
        (
            vec!["build", "--no-pdf", "--out", "content/.."],
            "would replace the root folder",
        ),
    ];
    for (args, want) in cases {
        let o = run_in(root, &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}:\n{err}");
        assert!(err.contains(want), "{args:?}: expected '{want}' in:\n{err}");
        assert!(err.contains("hint:"), "{args:?}:\n{err}");
        assert_untouched(root, &before);
    }
    // The same through a symbolic link that leads into the content.
    std::os::unix::fs::symlink(root.join("content"), root.join("link")).unwrap();
    let o = run_in(root, &["build", "--out", "link/cn"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("lies inside the content/ folder"));
    // The root given from elsewhere, and the current folder as the output.
    let elsewhere = tempfile::tempdir().unwrap();
    let o = run_in(
        elsewhere.path(),
        &["build", "--root", root.to_str().unwrap(), "--out", "."],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("would replace the current folder"),
        "{}",
        stderr(&o)
    );
}

/// Row 3: an existing folder is replaced only when knte made it (or it is empty); a folder of
/// someone else's files is refused, and the refusal says how to proceed.
#[test]
fn only_a_folder_knte_made_is_replaced() {
    let (t, _) = tree();
    let root = t.path();
    std::fs::create_dir_all(root.join("mine")).unwrap();
    std::fs::write(root.join("mine/report.docx"), "precious").unwrap();
    let o = run_in(root, &["build", "--no-pdf", "--out", "mine"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("exists and was not written by knte"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(root.join("mine/report.docx")).unwrap(),
        b"precious"
    );

    // An empty folder is taken; the build marks it, and the next build replaces it.
    std::fs::create_dir_all(root.join("site")).unwrap();
    let o = run_in(root, &["build", "--no-pdf", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("site/.knte-output").is_file());
    assert!(root.join("site/index.html").is_file());
    let o = run_in(root, &["build", "--no-pdf", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // `knte pdf` replaces the report folder inside a knte output.
    let o = run_in(root, &["pdf", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.join("site/index.html").is_file());
    assert!(root.join("site/report/.knte-output").is_file());
    // No file is ever turned into a folder, and nothing is left beside it.
    let o = run_in(root, &["build", "--no-pdf", "--out", "notes.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(root.join("notes.txt")).unwrap(), b"my notes");
    let stray: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}
