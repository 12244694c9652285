//! Hostile and careless input, one test (or more) per family: an output folder that would replace
//! the sources, YAML alias bombs, deep Markdown, huge and odd files, control characters, FIFOs.
//! Each asserts the new behaviour: the sources stay byte for byte, the exit status is 1 or 2 with
//! file and line, and the work is bounded (a generous `timeout` whose expiry fails the test, never
//! a timing assertion), and every run has a 1.5 GB address-space limit (`prlimit --as`). The
//! serve rows live in `serve.rs`.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// Address space every run here gets: 1.5 GB. An input that needed more would abort knte
/// (exit 134), which fails the test.
const ADDRESS_SPACE: &str = "--as=1610612736";

/// Runs knte in `dir` (the current folder matters for relative paths) with a time limit and a
/// 1.5 GB address-space limit; the time limit is far above the normal time, and reaching it fails
/// the test.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new("prlimit")
        .args([ADDRESS_SPACE, "--", "timeout", "120"])
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
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("content"), root.join("link")).unwrap();
        let o = run_in(root, &["build", "--out", "link/cn"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("lies inside the content/ folder"));
    }
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

/// Writes `text` as the body-and-front-matter of the base tree's CN-001 file.
fn with_barrier(
    text: &str,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let (t, _) = tree();
    std::fs::write(t.path().join(BARRIER), text).unwrap();
    let before = all_files(t.path());
    (t, before)
}

const BARRIER: &str = "content/cn/cosmetics-registration.md";

/// The base barrier's front matter and body, split at the closing fence.
fn barrier_parts() -> (String, String) {
    let text = std::fs::read_to_string(fixtures().join("base").join(BARRIER)).unwrap();
    let end = text[4..].find("\n---\n").unwrap() + 4;
    (text[..end + 1].to_string(), text[end + 5..].to_string())
}

fn with_front_matter(extra: &str) -> String {
    let (fm, body) = barrier_parts();
    format!("{fm}{extra}---\n{body}")
}

fn with_body(extra: &str) -> String {
    let (fm, body) = barrier_parts();
    format!("{fm}---\n{body}\n{extra}")
}

/// Runs check and a build into a fresh folder; both must stop with exit 1 naming the file and
/// line, leave the sources as they were and write nothing.
fn refused_everywhere(text: &str, want: &str) {
    let (t, before) = with_barrier(text);
    let root = t.path();
    for args in [&["check"][..], &["build", "--out", "site"][..]] {
        let o = run_in(root, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}:\n{err}");
        let line = format!("{BARRIER}:");
        assert!(
            err.lines()
                .any(|l| l.starts_with(&line) && l.contains(want)),
            "{args:?}: expected a line '{BARRIER}:N:M: ... {want}' in:\n{err}"
        );
    }
    assert!(!root.join("site").exists());
    assert_untouched(root, &before);
}

/// Row 4: alias bombs however the aliases are written; refused with the line of the alias.
#[test]
fn alias_bombs_are_refused_whatever_surrounds_the_aliases() {
    let anchor = format!("x: &A [{}]\n", vec!["a"; 10_000].join(", "));
    for y in [
        format!("y: [{}]\n", vec!["*A"; 2000].join(",\t")),
        format!("y: [it's, {}]\n", vec!["*A"; 2000].join(", ")),
        format!("y: [a#b, {}]\n", vec!["*A"; 2000].join(", ")),
    ] {
        refused_everywhere(&with_front_matter(&format!("{anchor}{y}")), "YAML aliases");
    }
    // A large anchor copied by few aliases: refused by the count of values, not by memory.
    let big = format!("x: &A [{}]\n", vec!["a"; 60_000].join(","));
    let y = format!("y: [{}]\n", ["*A"; 12].join(", "));
    refused_everywhere(&with_front_matter(&format!("{big}{y}")), "values");
}

/// Rows 5 and 6: deeply nested quotes and lists are a check error; nothing recurses on them.
#[test]
fn deep_quotes_and_lists_are_refused_before_rendering() {
    for body in [
        format!("{}x", "> ".repeat(4000)),
        format!("{}x", "- ".repeat(10_000)),
        ">".repeat(40_000),
        ">".repeat(100_000),
    ] {
        refused_everywhere(&with_body(&body), "nested more than 8 levels deep");
    }
    // Without text after them the dashes are one thematic break: it builds, PDF included.
    let (t, _) = with_barrier(&with_body(&"- ".repeat(10_000)));
    let o = run_in(t.path(), &["build", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Row 7: problems by the ten thousand cost time in proportion to the file: the run finishes
/// within the time limit, shows at most 50 per file and still counts them all.
#[test]
fn thousands_of_problems_in_one_file_are_counted_and_capped() {
    let (fm, body) = barrier_parts();
    let cases = [
        (
            format!("{fm}---\n{body}{}", "TODO\n".repeat(200_000)),
            200_000,
        ),
        (
            fm.replace(
                "sectors: [cosmetics]",
                &format!("sectors: [{}]", vec!["cosmetic"; 60_000].join(", ")),
            ),
            0,
        ),
        (
            format!(
                "{fm}{}---\n{body}",
                (0..90_000)
                    .map(|i| format!("k{i}: 1\n"))
                    .collect::<String>()
            ),
            90_000,
        ),
    ];
    for (text, errors) in cases {
        let text = if text.ends_with(&body) {
            text
        } else {
            format!("{text}---\n{body}")
        };
        let (t, _) = with_barrier(&text);
        let o = run_in(t.path(), &["check"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}", &err[..err.len().min(2000)]);
        let shown = err.lines().filter(|l| l.starts_with(BARRIER)).count();
        assert!(shown <= 51, "{shown} lines for one file");
        assert!(
            err.contains("more problems in this file are not shown"),
            "{}",
            &err[..2000]
        );
        if errors > 0 {
            assert!(
                err.contains(&format!("{errors} errors")),
                "{}",
                err.lines().last().unwrap()
            );
        }
    }
    // 35,000 valid @/ links: no error, and the build goes through.
    let (fm, body) = barrier_parts();
    let links = "[일본](@/jp/food-labelling.md)\n".repeat(30_000);
    let (t, _) = with_barrier(&format!("{fm}---\n{body}\n{links}"));
    let o = run_in(t.path(), &["build", "--no-pdf", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Row 8: a named pipe among the sources, as --previous, or in a partner folder for knte new is
/// refused at once with its name; nothing waits on it.
#[test]
fn named_pipes_are_refused_not_read() {
    let (t, before) = tree();
    let root = t.path();
    let fifo = |p: &Path| {
        let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
        assert!(ok, "mkfifo");
    };
    fifo(&root.join("content/cn/pipe.md"));
    for args in [&["check"][..], &["build", "--out", "site"][..]] {
        let o = run_in(root, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("content/cn/pipe.md: error: this is a special file"),
            "{err}"
        );
    }
    let o = run_in(root, &["new", "cn", "pipe-test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::remove_file(root.join("content/cn/pipe.md")).unwrap();
    std::fs::remove_file(root.join("content/cn/pipe-test.md")).unwrap();
    fifo(&root.join("previous.json"));
    let o = run_in(
        root,
        &["build", "--out", "site", "--previous", "previous.json"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a named pipe (FIFO), not a regular file"),
        "{}",
        stderr(&o)
    );
    let o = run_in(root, &["build", "--out", "site", "--previous", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a device, not a regular file"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_file(root.join("previous.json")).unwrap();
    assert_untouched(root, &before);
}

/// Row 9: a body of brackets is set as full lines: 1 MB of them gives a few hundred pages.
#[test]
fn a_row_of_brackets_is_set_on_full_lines() {
    let (fm, body) = barrier_parts();
    let (t, _) = with_barrier(&format!(
        "{fm}---\n{body}\n{}\n",
        "[".repeat(1_000_000 - fm.len() - body.len() - 10)
    ));
    let o = run_in(t.path(), &["pdf", "--out", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pages: usize = stderr(&o)
        .split(" PDF pages")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the summary names the PDF pages");
    // About 90 brackets a line, 45 lines a page, in two PDFs: well under a thousand pages.
    assert!(pages < 1000, "{pages} PDF pages");
}

/// Row 10: what check accepts, the data files can hold; over-long values are check errors.
#[test]
fn over_long_values_are_check_errors() {
    let (fm, body) = barrier_parts();
    let long_title = fm.replacen("title: ", &format!("title: {}", "가".repeat(40_000)), 1);
    refused_everywhere(&format!("{long_title}---\n{body}"), "'title' has 40");
    let sources: String = (0..3000)
        .map(|i| format!("  - title: 출처 {i}\n    url: https://example.org/{i}\n"))
        .collect();
    let many = fm.replacen("sources:\n", &format!("sources:\n{sources}"), 1);
    refused_everywhere(&format!("{many}---\n{body}"), "a list holds at most 200");
}

/// Row 11: control characters in front matter are refused with their place; in a body they are
/// removed from every output, which stays well-formed XML.
#[test]
fn control_characters_never_reach_the_outputs() {
    let (fm, body) = barrier_parts();
    let escaped: String = fm
        .lines()
        .map(|l| {
            if l.starts_with("title: ") {
                "title: \"등록\\x01\\x0b제도\"\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    refused_everywhere(&format!("{escaped}---\n{body}"), "control character U+0001");
    let (t, _) = with_barrier(&format!("{fm}---\n{body}\n벨\x07 문자와 \x1b[31m 색.\n"));
    let o = run_in(t.path(), &["build", "--no-pdf", "--out", "site"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: the body contains the control character U+0007"),
        "{err}"
    );
    for (rel, bytes) in all_files(&t.path().join("site")) {
        if rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".json") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
                "{rel} holds a control character"
            );
        }
    }
}

/// Row 12: escape sequences in values and file names are printed escaped, never raw.
#[test]
fn terminal_output_never_carries_escape_sequences() {
    let (t, _) = tree();
    let root = t.path();
    std::fs::write(root.join("content/cn/\x1b[2Jbell\x07.md"), "x").unwrap();
    let (fm, body) = barrier_parts();
    let bad = fm.replacen("category: tbt", "category: \"\\e[31mred\\a\"", 1);
    std::fs::write(root.join(BARRIER), format!("{bad}---\n{body}")).unwrap();
    let o = run_in(root, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        !err.contains('\x1b') && !err.contains('\x07'),
        "raw escapes in:\n{err:?}"
    );
    assert!(err.contains("\\u{1b}[2Jbell\\u{7}.md"), "{err}");
    let o = run_in(root, &["build", "--out", "bad\x1b[2Jname"]);
    assert!(!stderr(&o).contains('\x1b'), "{:?}", stderr(&o));
}

/// Row 16: ids past six digits are refused by check and never handed out by `knte new`.
#[test]
fn knte_new_never_overflows_an_id() {
    let (fm, body) = barrier_parts();
    let last = fm.replacen("id: CN-001", "id: CN-999999", 1);
    let (t, _) = with_barrier(&format!("{last}---\n{body}"));
    let o = run_in(t.path(), &["new", "cn", "one-more"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("has no free id left"), "{}", stderr(&o));
    assert!(!t.path().join("content/cn/one-more.md").exists());
    let huge = fm.replacen("id: CN-001", "id: CN-18446744073709551615", 1);
    let (t, _) = with_barrier(&format!("{huge}---\n{body}"));
    let o = run_in(t.path(), &["new", "cn", "one-more"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("(id CN-003)"), "{}", stdout(&o));
    let o = run_in(t.path(), &["check"]);
    assert!(stderr(&o).contains("the id 'CN-18446744073709551615' is not in the form CN-001"));
}
