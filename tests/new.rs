//! `knte new`: the file it writes, its refusals, and that it passes `knte check` once its
//! placeholders are filled.

mod common;

use common::*;
use std::process::Command;

fn new(args: &[&str], root: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_knte"))
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("the knte binary runs")
}

#[test]
fn new_entry_passes_check_once_filled() {
    let dir = base_tree();
    let out = new(&["cn", "market-access"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("content/cn/market-access.md (id CN-003)"));
    let path = dir.path().join("content/cn/market-access.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains("id: CN-003"), "{text}");
    assert!(text.contains(&format!("first_reported: {today}")));
    assert!(text.contains(&format!("last_updated: {today}")));
    for section in ["## 현황", "## 우리 기업 영향", "## 대응 및 진전"] {
        assert!(text.contains(section), "{section}");
    }
    assert!(text
        .lines()
        .any(|l| l.starts_with("# ") && l.contains("상태")));

    // Unfilled, it does not pass: each placeholder is an error pointing at its line.
    let unfilled = knte(&["check"], dir.path());
    assert_eq!(unfilled.status.code(), Some(1));
    let err = stderr(&unfilled);
    assert!(
        err.contains("still holds the placeholder written by knte new"),
        "{err}"
    );
    assert!(err.contains("the body still holds a placeholder"), "{err}");

    // Filled, it passes. The dates are set before the fixture's publication date.
    let filled = text
        .replace("\"TODO: 한국어 제목\"", "시장 접근 제한")
        .replace("\"TODO: English title\"", "Market access restrictions")
        .replace("\"TODO: 한국어 요약 한두 문장\"", "수입 허가 절차가 길다.")
        .replace(
            "\"TODO: English summary in one or two sentences\"",
            "Import licensing takes long.",
        )
        .replace("category: TODO", "category: import_restrictions")
        .replace("sectors: [TODO]", "sectors: [food]")
        .replace("\"TODO: 자료 제목\"", "시험 출처")
        .replace(
            "\"TODO: https://로 시작하는 전체 주소\"",
            "https://example.org/market-access",
        )
        .replace("\"TODO: 발행처\"", "시험 기관")
        .replace(&today, "2026-01-15")
        .replace("TODO: ", "");
    assert!(!filled.contains("TODO"), "{filled}");
    std::fs::write(&path, filled).unwrap();
    let checked = knte(&["check"], dir.path());
    let err = stderr(&checked);
    assert_eq!(checked.status.code(), Some(0), "{err}");
    assert!(err.contains("0 errors"), "{err}");
    assert!(err.contains("in 4 entries"), "{err}");

    // The next one gets the next id.
    let out = new(&["cn", "second"], dir.path());
    assert!(stdout(&out).contains("(id CN-004)"), "{}", stderr(&out));
}

#[test]
fn new_refuses_to_overwrite_and_checks_partner_and_slug() {
    let dir = base_tree();
    let file = dir.path().join("content/cn/cosmetics-registration.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let out = new(&["cn", "cosmetics-registration"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("content/cn/cosmetics-registration.md already exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);

    let out = new(&["cm", "x"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("there is no partner folder content/cm/"),
        "{err}"
    );
    assert!(err.contains("did you mean 'cn'?"), "{err}");
    assert!(err.contains("cn, jp"), "{err}");

    let out = new(&["CN", "x"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean 'cn'?"));

    let out = new(&["jp", "Food_Labelling"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("'Food_Labelling' is not a valid file name"),
        "{err}"
    );
    assert!(err.contains("e.g. food-labelling"), "{err}");
    assert!(!dir.path().join("content/jp/Food_Labelling.md").exists());
}
