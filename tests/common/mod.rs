//! Helpers shared by the integration tests: fixture trees in temporary folders and the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary root holding a copy of the base fixture (`tests/fixtures/base`).
pub fn base_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    dir
}

/// The ids of one list (`categories`, `sectors`, `regions`) of the sample's `_taxonomy.yaml`, in
/// order, read as text (independently of knte's own parser).
pub fn taxonomy_ids(list: &str) -> Vec<String> {
    let taxonomy = std::fs::read_to_string(repo().join("content/_taxonomy.yaml")).unwrap();
    let section = taxonomy.split(&format!("{list}:\n")).nth(1).unwrap();
    section
        .lines()
        .take_while(|l| l.starts_with("  - "))
        .map(|l| {
            l.split("id: ")
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .trim()
                .to_string()
        })
        .collect()
}

/// A temporary root holding the base fixture with `case`'s overlay copied over it and its
/// `_remove.txt` paths deleted.
pub fn case_tree(case_dir: &Path) -> tempfile::TempDir {
    let dir = base_tree();
    let overlay = case_dir.join("overlay");
    if overlay.is_dir() {
        copy_tree(&overlay, dir.path());
    }
    if let Ok(list) = std::fs::read_to_string(case_dir.join("_remove.txt")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(dir.path().join(rel)).unwrap();
        }
    }
    dir
}

pub fn knte(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knte"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("the knte binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An `expected.txt`: the exit status and the diagnostic lines that must appear.
pub struct Expected {
    pub exit: i32,
    pub lines: Vec<String>,
}

pub fn expected(case_dir: &Path) -> Expected {
    let text = std::fs::read_to_string(case_dir.join("expected.txt")).unwrap();
    let mut exit = None;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(code) = line.strip_prefix("exit: ") {
            exit = Some(code.trim().parse().unwrap());
        } else {
            lines.push(line.to_string());
        }
    }
    Expected {
        exit: exit.expect("expected.txt names the exit status"),
        lines,
    }
}

/// Runs `knte check` on the case and asserts its expectations: the exit status, every expected
/// line, no other error, and no panic.
pub fn assert_case(case_dir: &Path) {
    let tree = case_tree(case_dir);
    let out = knte(&["check"], tree.path());
    let err = stderr(&out);
    let want = expected(case_dir);
    assert!(!err.contains("panicked"), "knte panicked:\n{err}");
    assert_eq!(
        out.status.code(),
        Some(want.exit),
        "exit status for {}:\n{err}",
        case_dir.display()
    );
    for line in &want.lines {
        assert!(
            err.lines().any(|l| l == line),
            "missing diagnostic in {}:\n  {line}\noutput was:\n{err}",
            case_dir.display()
        );
    }
    let errors = err.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(
        errors,
        want.lines
            .iter()
            .filter(|l| l.contains(": error: "))
            .count(),
        "unexpected extra errors for {}:\n{err}",
        case_dir.display()
    );
}

/// Whether an external tool is present; in CI a missing tool fails the test instead of skipping it.
pub fn tool(name: &str, probe: &[&str]) -> bool {
    let ok = Command::new(name)
        .args(probe)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required in CI (.ci/run installs it)"
        );
        eprintln!("skipped: {name} is not installed (.ci/run installs it)");
    }
    ok
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn all_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The project's own folder (the sample edition is its `content/`).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// An entry file's front matter and the first sentence of its first paragraph (Markdown as
/// written), or `None` for an entry not yet approved, which the public report leaves out.
pub fn published_front_and_first_sentence(text: &str) -> Option<(&str, &str)> {
    let mut parts = text.splitn(3, "---\n");
    parts.next();
    let front = parts.next()?;
    let body = parts.next()?;
    let unpublished = front.lines().any(|l| {
        matches!(
            l.trim_end(),
            "stage: draft" | "stage: circulated" | "draft: true"
        )
    });
    if unpublished {
        return None;
    }
    let first_para = body
        .split("\n\n")
        .map(str::trim)
        .find(|p| {
            !p.is_empty()
                && !p.starts_with('#')
                && !p.starts_with('-')
                && !p.starts_with('|')
                && !p.starts_with('>')
        })
        .unwrap_or("");
    let end = first_para
        .find("다. ")
        .map(|i| i + "다.".len())
        .unwrap_or(first_para.len());
    Some((front, &first_para[..end]))
}

/// The Korean barrier files under a `content/` folder (not profiles, not English bodies), partner
/// folders and files in name order.
pub fn barrier_files(content: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(content)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| {
                let name = f.file_name().unwrap().to_string_lossy();
                !name.starts_with('_') && !name.ends_with(".en.md") && name.ends_with(".md")
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}
