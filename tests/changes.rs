//! `knte build --previous`: two small editions, and the changes page and PDF annex listing exactly the
//! new, resolved, changed and dropped barriers.

mod common;

use common::*;
use std::path::Path;

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = knte(&args, root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The ids listed in the page section whose heading has `id`.
fn ids_in_section(page: &str, id: &str) -> Vec<String> {
    let section = page
        .split(&format!("id=\"{id}\""))
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    section
        .split("<span class=\"barrier-id\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_changes_page_lists_exactly_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    copy_tree(&fixtures().join("base"), &a);
    build(&a, &a.join("public"), &["--no-pdf"]);
    assert!(
        !a.join("public/changes").exists(),
        "without --previous there is no changes page"
    );
    assert!(!std::fs::read_to_string(a.join("public/index.html"))
        .unwrap()
        .contains("/changes/"));

    // The next edition: one barrier added, one resolved, one changed status, one dropped.
    copy_tree(&fixtures().join("base"), &b);
    let cn = b.join("content/cn");
    let edit = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(path, text.replace(from, to)).unwrap();
    };
    edit(
        &cn.join("steel-anti-dumping.md"),
        "status: open\n",
        "status: resolved\nstatus_date: 2025-07-22\n",
    );
    edit(
        &cn.join("cosmetics-registration.md"),
        "status: in_progress\n",
        "status: resolved_in_part\n",
    );
    std::fs::remove_file(b.join("content/jp/food-labelling.md")).unwrap();
    let new = std::fs::read_to_string(cn.join("cosmetics-registration.md"))
        .unwrap()
        .replace("id: CN-001", "id: CN-003")
        .replace("related: [CN-002]\n", "")
        .replace("화장품 등록·비안 제도", "화장품 표시 기준");
    std::fs::write(cn.join("cosmetics-labelling.md"), new).unwrap();
    std::fs::write(
        b.join("content/jp/customs-valuation.md"),
        std::fs::read_to_string(fixtures().join("base/content/jp/food-labelling.md"))
            .unwrap()
            .replace("JP-001", "JP-002"),
    )
    .unwrap();

    let previous = a.join("public/data/barriers.json");
    build(
        &b,
        &b.join("public"),
        &["--previous", previous.to_str().unwrap()],
    );
    let page = std::fs::read_to_string(b.join("public/changes/index.html")).unwrap();
    assert_eq!(
        ids_in_section(&page, "ch-new"),
        ["JP-002", "CN-003"],
        "in 가나다 order of partner: 일본, 중국"
    );
    assert_eq!(ids_in_section(&page, "ch-resolved"), ["CN-002"]);
    assert_eq!(ids_in_section(&page, "ch-changed"), ["CN-001"]);
    assert_eq!(ids_in_section(&page, "ch-dropped"), ["JP-001"]);
    assert!(
        page.contains("href=\"/barriers/cn-002/\""),
        "resolved barriers link to their pages"
    );
    assert!(page.contains("미해결 → <span class=\"status status-resolved\">해소</span>"));
    let en = std::fs::read_to_string(b.join("public/en/changes/index.html")).unwrap();
    assert_eq!(
        ids_in_section(&en, "ch-new"),
        ["CN-003", "JP-002"],
        "English pages sort by English name: China, Japan"
    );
    assert!(
        std::fs::read_to_string(b.join("public/index.html"))
            .unwrap()
            .contains("href=\"/changes/\""),
        "the menu links the page"
    );

    if tool("pdftotext", &["-v"]) {
        let o = std::process::Command::new("pdftotext")
            .args([b.join("public/report/knte-2026.pdf").to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        let annex = text
            .split("부록 3. 지난 판(2026년판) 대비 변동")
            .last()
            .unwrap();
        for want in [
            "새로 실린 장벽 (2건)",
            "해소된 장벽 (1건)",
            "진행 상황이 바뀐 장벽 (1건)",
            "이번 판에서 빠진 장벽 (1건)",
            "JP-001",
            "미해결 → 해소",
        ] {
            assert!(annex.contains(want), "the PDF annex lacks {want}:\n{annex}");
        }
    }

    // A file that is not a barriers.json is a usage error that names the file.
    let o = knte(
        &[
            "build",
            "--out",
            b.join("public").to_str().unwrap(),
            "--previous",
            b.join("content/_report.md").to_str().unwrap(),
        ],
        &b,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a knte barriers.json"),
        "{}",
        stderr(&o)
    );
}
