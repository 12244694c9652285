//! The consolidated PDF's front matter, read back with poppler and qpdf: the registration number
//! on the cover and the imprint page, `/PageLabels` numbering the front matter i, ii ... and the
//! body from 1, chapter openings without a running header, and the print layout (`--print`) that
//! opens every chapter on a right-hand (odd) page.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const HEADER: &str = "2026 국가별 무역장벽 보고서";

/// The sample's consolidated report, built once for screen and once for print.
fn built(print: bool) -> PathBuf {
    static SCREEN: OnceLock<tempfile::TempDir> = OnceLock::new();
    static PRINT: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = if print { &PRINT } else { &SCREEN };
    let dir = cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut args = vec!["pdf", "--out", out.to_str().unwrap()];
        if print {
            args.push("--print");
        }
        let o = knte(&args, repo());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        dir
    });
    dir.path().join("public/report/knte-2026.pdf")
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd).args(args).output().unwrap();
    assert!(o.status.success(), "{cmd} {args:?}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn have_tools() -> bool {
    tool("pdftotext", &["-v"]) && tool("qpdf", &["--version"])
}

/// The text of every page, in order.
fn pages(pdf: &Path) -> Vec<String> {
    let text = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn first_line(page: &str) -> &str {
    page.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The pages (0-based) where a numbered chapter (제n장) opens: body pages (from the page labelled 1,
/// so not the contents) holding a line that begins with a chapter's number.
fn chapter_openings(pdf: &Path, pages: &[String]) -> Vec<usize> {
    let body = labels(pdf)
        .iter()
        .find(|l| l.1 == "/D")
        .map_or(0, |l| l.0 as usize);
    let numbered = |l: &str| {
        l.strip_prefix('제')
            .and_then(|r| r.split_once('장'))
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    pages
        .iter()
        .enumerate()
        .skip(body)
        .filter(|(_, p)| p.lines().any(|l| numbered(l.trim())))
        .map(|(i, _)| i)
        .collect()
}

/// `/PageLabels` as (first page index, style) pairs.
fn labels(pdf: &Path) -> Vec<(u64, String)> {
    let json = run(
        "qpdf",
        &["--json", "--json-key=pagelabels", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["pagelabels"]
        .as_array()
        .expect("/PageLabels")
        .iter()
        .map(|l| {
            (
                l["index"].as_u64().unwrap(),
                l["label"]["/S"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_cover_and_the_imprint_page_carry_the_registration_number() {
    if !have_tools() {
        return;
    }
    let pages = pages(&built(false));
    let number = "발간등록번호 11-0000000-000000-00";
    assert!(pages[0].contains(number), "cover: {}", pages[0]);
    let imprint = pages.last().unwrap();
    assert!(imprint.contains(number), "imprint: {imprint}");
    for field in ["발행일", "발행처", "공공누리 제1유형"] {
        assert!(
            imprint.contains(field),
            "{field} missing from the imprint page"
        );
    }
    assert!(pages.iter().any(|p| first_line(p) == "일러두기"));
    assert!(pages.iter().any(|p| first_line(p) == "표 목차"));
    // The foreword, dated and signed with the title.
    let foreword = pages.iter().find(|p| first_line(p) == "발간사").unwrap();
    assert!(foreword.contains("2026년 11월 30일") && foreword.contains("산업통상부 장관"));
}

#[test]
fn front_matter_is_numbered_in_roman_numerals_and_the_body_from_one() {
    if !have_tools() {
        return;
    }
    let pdf = built(false);
    let pages = pages(&pdf);
    let first_chapter = chapter_openings(&pdf, &pages)[0];
    assert!(first_line(&pages[first_chapter]).starts_with("제1장 개관"));
    assert_eq!(
        labels(&pdf),
        [
            (0, "/r".to_string()),
            (first_chapter as u64, "/D".to_string())
        ]
    );
    // The printed numbers match the labels: iii on the third page, 1 on the first chapter's.
    assert!(pages[2].lines().any(|l| l.trim() == "iii"), "{}", pages[2]);
    assert!(
        pages[first_chapter]
            .lines()
            .any(|l| l.trim().starts_with("1 / ")),
        "{}",
        pages[first_chapter]
    );
}

#[test]
fn a_chapter_opening_has_no_running_header_and_the_pages_after_it_have() {
    if !have_tools() {
        return;
    }
    let pdf = built(false);
    let pages = pages(&pdf);
    let openings = chapter_openings(&pdf, &pages);
    assert!(openings.len() >= 20, "{} chapters", openings.len());
    let mut continued = 0;
    for i in &openings {
        assert!(!pages[*i].contains(HEADER), "page {}", i + 1);
        if !openings.contains(&(i + 1)) && first_line(&pages[i + 1]).starts_with(HEADER) {
            continued += 1;
        }
    }
    assert!(
        continued >= 10,
        "only {continued} chapters run on under a running header"
    );
}

#[test]
fn in_print_every_chapter_opens_on_a_right_hand_page_numbered_dash_n_dash() {
    if !have_tools() {
        return;
    }
    let pdf = built(true);
    let pages = pages(&pdf);
    let openings = chapter_openings(&pdf, &pages);
    assert!(openings.len() >= 20);
    for i in &openings {
        // Page i + 1 (1-based) is odd: a right-hand page.
        assert_eq!(
            i % 2,
            0,
            "chapter on page {}: {}",
            i + 1,
            first_line(&pages[*i])
        );
    }
    // Blank versos: some page before an opening holds nothing at all.
    assert!(openings.iter().any(|i| pages[i - 1].trim().is_empty()));
    let first = openings[0];
    // pdftotext may drop the spaces of a short centred line.
    let folio = |page: &str, n: &str| page.lines().any(|l| l.replace(' ', "") == n);
    assert!(folio(&pages[first], "-1-"), "{}", pages[first]);
    assert!(folio(&pages[first + 1], "-2-"), "{}", pages[first + 1]);
    let (start, style) = labels(&pdf)[1].clone();
    assert_eq!((start as usize, style.as_str()), (first, "/D"));
}
