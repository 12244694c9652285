//! The year's workflow, end to end on `fixtures/workflow/` (the base tree with its overlay): every
//! `internal:` field and every entry not yet approved (`draft: true`, `stage: draft`,
//! `stage: circulated`) holds unique canary words. The public build's every output file (pages,
//! feeds, sitemap, data files, the XLSX unzipped, the search shards, and `pdftotext` of every PDF
//! page) must contain none of them; the circulation edition must contain all of them, its every
//! PDF page the watermark and its every page the banner and `noindex`; and neither edition is
//! ever written over the other.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The canaries of the `internal:` fields (a barrier's suggested and free keys, nested values, a
/// partner's notes). Single lowercase words, so the search index keeps them whole.
const INTERNAL: &[&str] = &[
    "canaryinternalnote7f3a",
    "canaryinternalsubmitter2b91",
    "canaryinternalcontactc04e",
    "canaryinternalnegotiation9d17",
    "canaryinternalfreekey5e62",
    "canaryinternallisted4e77",
    "canarypartnernotea8c3",
    "canarypartnercontact31d0",
    "canarydraftinternal2a6f",
    "canarycirculatedinternal8b3e",
    "canarycirculatednegotiation19fd",
    "canaryinternalnextstep3e9c",
    "canaryinternaloverdue0c81",
];

/// The canaries of the entries that are not approved: titles, summaries, bodies (Korean and
/// English), actions, sources and their addresses.
const UNAPPROVED: &[&str] = &[
    "canarydrafttitle1c5b",
    "canarydrafttitleen6a2e",
    "canarydraftsummary0f19",
    "canarydraftsummaryen83d4",
    "canarydraftaction44b0",
    "canarydraftsource9e21",
    "canarydrafturl5d7c",
    "canarydraftbody77e1",
    "canarydraftenglishbc31",
    "canarystagedrafttitle3f8d",
    "canarystagedraftbody61aa",
    "canarycirculatedtitle0d4c",
    "canarycirculatedtitleen5b90",
    "canarycirculatedsummary7c12",
    "canarycirculatedsourcee0a7",
    "canarycirculatedbody2e58",
    "canaryvnonlytitle6d21",
    "canaryvnonlycase0b3e",
    "canaryvnonlybody90c7",
];

/// The circulation edition's notice when `_report.md` gives none.
const NOTICE: &str = "회람용 초안 — 대외비";

fn all_canaries() -> impl Iterator<Item = &'static str> {
    INTERNAL.iter().chain(UNAPPROVED).copied()
}

fn workflow_tree() -> tempfile::TempDir {
    case_tree(&fixtures().join("workflow"))
}

/// Builds `root` into `<root>/<name>` with `extra` arguments; the build must succeed.
fn build(root: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = root.join(name);
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = knte(&args, root);
    assert_eq!(o.status.code(), Some(0), "build failed:\n{}", stderr(&o));
    out
}

/// The text of every output file, by path, lowercased: XLSX workbooks as the text of each of their
/// entries (`book.xlsx!xl/sharedStrings.xml`), PDFs as `pdftotext` of each page
/// (`book.pdf#3`), everything else as it is. `None` when pdftotext is not installed (outside CI).
fn output_texts(out: &Path) -> Option<BTreeMap<String, String>> {
    if !tool("pdftotext", &["-v"]) {
        return None;
    }
    let mut all = BTreeMap::new();
    for (rel, bytes) in all_files(out) {
        if rel.ends_with(".xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let mut raw = Vec::new();
                entry.read_to_end(&mut raw).unwrap();
                let text = String::from_utf8_lossy(&raw).to_lowercase();
                all.insert(format!("{rel}!{}", entry.name().unwrap()), text);
            }
        } else if rel.ends_with(".pdf") {
            let o = std::process::Command::new("pdftotext")
                .arg(out.join(&rel))
                .arg("-")
                .output()
                .unwrap();
            assert!(o.status.success(), "pdftotext {rel}");
            let text = String::from_utf8_lossy(&o.stdout).to_lowercase();
            // pdftotext ends every page with a form feed.
            for (n, page) in text.split('\u{c}').enumerate() {
                if !page.trim().is_empty() || n == 0 {
                    all.insert(format!("{rel}#{}", n + 1), page.to_string());
                }
            }
        } else {
            all.insert(rel, String::from_utf8_lossy(&bytes).to_lowercase());
        }
    }
    Some(all)
}

/// The files among `texts` that contain `word`, also when a line break or space was put into it.
fn holding<'a>(texts: &'a BTreeMap<String, String>, word: &str) -> Vec<&'a str> {
    texts
        .iter()
        .filter(|(_, t)| {
            t.contains(word) || {
                let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                squeezed.contains(word)
            }
        })
        .map(|(k, _)| k.as_str())
        .collect()
}

#[test]
fn the_fixture_is_valid_and_every_canary_is_in_its_sources() {
    let tree = workflow_tree();
    let o = knte(&["check"], tree.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sources: String = all_files(&tree.path().join("content"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for canary in all_canaries() {
        assert_eq!(sources.matches(canary).count(), 1, "{canary}");
    }
    // Every canary is a word of its own, so the search index would keep it whole.
    for canary in all_canaries() {
        assert!(canary
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    }
    assert!(stderr(&o).contains("in 7 entries (2 draft, 2 circulated, 3 approved)"));
}

#[test]
fn the_public_build_writes_no_internal_field_and_no_unapproved_entry_anywhere() {
    let tree = workflow_tree();
    let out = build(tree.path(), "public", &[]);
    let Some(texts) = output_texts(&out) else {
        return;
    };
    // The scan reaches every kind of output, and the approved entries are there.
    for kind in [
        ".pdf#1",
        ".xlsx!",
        "search/ko/",
        "atom.xml",
        "sitemap.xml",
        ".csv",
        ".json",
    ] {
        assert!(texts.keys().any(|k| k.contains(kind)), "no {kind} scanned");
    }
    assert!(!holding(&texts, "화장품 등록").is_empty());
    assert!(texts.len() > 150, "{} files", texts.len());
    for canary in all_canaries() {
        let found = holding(&texts, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }
    for page in texts.keys().filter(|k| k.ends_with(".html")) {
        assert!(!texts[page].contains("noindex"), "{page}");
        // The banner element (its class name also stands in the style sheet each page carries).
        assert!(
            !texts[page].contains("class=\"circulation-banner\""),
            "{page}"
        );
    }
    // No page of an entry not approved, and no link to one: an approved entry's `related` loses the
    // draft it named, and its body's @/ link to a circulated entry is left as plain text.
    for id in ["cn-003", "cn-004", "jp-002", "vn-001"] {
        assert!(!out.join("barriers").join(id).exists(), "{id}");
        let linked = holding(&texts, &format!("/barriers/{id}/"));
        assert!(linked.is_empty(), "{id} linked from {linked:?}");
    }
    assert!(texts["barriers/jp-001/index.html"].contains("회람 중인 수산물 검역 항목"));

    // The preview (`--drafts`) holds the entries not yet approved, marked, but no internal note.
    let out = build(tree.path(), "preview", &["--drafts", "--no-pdf"]);
    let texts = output_texts(&out).unwrap();
    for canary in INTERNAL {
        let found = holding(&texts, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }
    for canary in UNAPPROVED {
        assert!(!holding(&texts, canary).is_empty(), "{canary} missing");
    }
    assert!(texts["barriers/jp-002/index.html"].contains(r#"class="stage stage-circulated""#));
    assert!(!texts["barriers/jp-001/index.html"].contains(r#"class="stage "#));
}

#[test]
fn the_circulation_edition_holds_everything_and_says_what_it_is_on_every_page() {
    let tree = workflow_tree();
    let out = build(tree.path(), "circulation", &["--circulation"]);
    let marker = std::fs::read_to_string(out.join(".knte-output")).unwrap();
    assert!(marker.contains("edition: circulation"), "{marker}");
    let Some(texts) = output_texts(&out) else {
        return;
    };
    for canary in all_canaries() {
        assert!(!holding(&texts, canary).is_empty(), "{canary} missing");
    }
    let pdf_pages: Vec<&String> = texts.keys().filter(|k| k.contains(".pdf#")).collect();
    let html: Vec<&String> = texts.keys().filter(|k| k.ends_with(".html")).collect();
    for canary in INTERNAL {
        let found = holding(&texts, canary);
        assert!(
            found.iter().any(|f| f.contains(".pdf#")),
            "{canary} not in a PDF"
        );
        assert!(
            found.iter().any(|f| f.ends_with(".html")),
            "{canary} not on a page"
        );
    }
    assert!(pdf_pages.len() >= 10, "{} PDF pages", pdf_pages.len());
    for page in &pdf_pages {
        assert!(texts[*page].contains(NOTICE), "no watermark on {page}");
    }
    assert!(html.len() > 90);
    for page in &html {
        let text = &texts[*page];
        assert!(
            text.contains(r#"<meta name="robots" content="noindex">"#),
            "{page}"
        );
        assert!(
            text.contains("class=\"circulation-banner\"") && text.contains(NOTICE),
            "{page}"
        );
    }
    assert_eq!(texts["robots.txt"], "user-agent: *\ndisallow: /\n");
    assert!(!texts.contains_key("sitemap.xml"));
    // Every entry shows its stage; the internal notes have their box.
    for (id, stage) in [
        ("cn-001", "승인"),
        ("cn-003", "초안"),
        ("cn-004", "초안"),
        ("jp-002", "회람"),
    ] {
        let page = &texts[&format!("barriers/{id}/index.html")];
        assert!(page.contains(&format!("\">{stage}</span>")), "{id}");
    }
    assert!(texts["barriers/cn-001/index.html"].contains("내부 정보"));
    assert!(texts["partners/cn/index.html"].contains("canarypartnernotea8c3"));
    let data = &texts["data/barriers.json"];
    assert!(data.contains(r#""stage": "circulated""#));
}

#[test]
fn knte_pdf_and_the_changes_page_publish_nothing_unapproved_either() {
    let tree = workflow_tree();
    let root = tree.path();
    let pdf_only = root.join("pdf-only");
    let o = knte(&["pdf", "--out", pdf_only.to_str().unwrap()], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let Some(texts) = output_texts(&pdf_only) else {
        return;
    };
    assert!(texts.keys().any(|k| k.contains(".pdf#")));
    for canary in all_canaries() {
        let found = holding(&texts, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }

    // A circulation edition's data file is refused as --previous: its entries were never published,
    // and the changes page would list them as dropped.
    let circulation = build(root, "circulation", &["--circulation", "--no-pdf"]);
    let circulated = circulation.join("data/barriers.json");
    let o = knte(
        &[
            "build",
            "--no-pdf",
            "--previous",
            circulated.to_str().unwrap(),
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a circulation edition's data file"));
    assert!(!root.join("public").exists());
    // Compared with a public edition's file, the changes page and annex name approved entries only.
    let previous = build(root, "previous", &["--no-pdf"]).join("data/barriers.json");
    let text = std::fs::read_to_string(&previous).unwrap();
    std::fs::write(&previous, text.replace("\"JP-001\"", "\"JP-009\"")).unwrap();
    let out = build(root, "public", &["--previous", previous.to_str().unwrap()]);
    let texts = output_texts(&out).unwrap();
    assert!(
        texts["changes/index.html"].contains("jp-001"),
        "new on the changes page"
    );
    for canary in all_canaries() {
        let found = holding(&texts, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }
}

#[test]
fn a_circulation_notice_in_the_report_replaces_the_default_wording() {
    let tree = workflow_tree();
    let path = tree.path().join("content/_report.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let notice = "관계부처 회람본 — 무단 배포 금지";
    std::fs::write(
        &path,
        text.replacen(
            "sample: true\n",
            &format!("sample: true\ncirculation_notice: {notice}\n"),
            1,
        ),
    )
    .unwrap();
    let out = build(tree.path(), "circulation", &["--circulation"]);
    let Some(texts) = output_texts(&out) else {
        return;
    };
    for (name, text) in texts
        .iter()
        .filter(|(k, _)| k.ends_with(".html") || k.contains(".pdf#"))
    {
        assert!(text.contains(notice) && !text.contains(NOTICE), "{name}");
    }
    // The public build never shows the notice.
    let out = build(tree.path(), "public", &["--no-pdf"]);
    let texts = output_texts(&out).unwrap();
    assert!(holding(&texts, "관계부처회람본").is_empty());
}

#[test]
fn the_two_editions_never_replace_each_other() {
    let tree = workflow_tree();
    let root = tree.path();
    let public = build(root, "public", &["--no-pdf"]);
    let circulation = build(root, "circulation", &["--circulation", "--no-pdf"]);
    let (before_public, before_circulation) = (all_files(&public), all_files(&circulation));

    let o = knte(
        &["build", "--circulation", "--out", public.to_str().unwrap()],
        root,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o)
        .contains("holds a public build; the circulation edition is never written over it"));
    for args in [
        vec!["build", "--out", circulation.to_str().unwrap()],
        vec!["build", "--drafts", "--out", circulation.to_str().unwrap()],
        vec!["pdf", "--out", circulation.to_str().unwrap()],
    ] {
        let o = knte(&args, root);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("holds the circulation edition"),
            "{args:?}"
        );
    }
    assert!(all_files(&public) == before_public);
    assert!(all_files(&circulation) == before_circulation);
    // --circulation writes into ROOT/circulation by default, never into ROOT/public.
    assert!(knte(&["build", "--circulation", "--no-pdf"], root)
        .status
        .success());
    assert!(all_files(&public) == before_public);
    // A preview may replace a public build, as before.
    assert!(knte(
        &[
            "build",
            "--drafts",
            "--no-pdf",
            "--out",
            public.to_str().unwrap()
        ],
        root
    )
    .status
    .success());
}

#[test]
fn a_warning_many_entries_share_is_one_line_unless_verbose() {
    let tree = workflow_tree();
    let counted = "warning: 7 entries have a body outside 150 to 600 words; --verbose lists them";
    let listed = |text: &str| {
        text.lines()
            .filter(|l| l.contains(": warning: the body has "))
            .count()
    };
    let o = knte(&["check"], tree.path());
    let text = stderr(&o);
    assert!(text.lines().any(|l| l == counted), "{text}");
    assert_eq!(listed(&text), 0);
    // Four entries without an English body: few enough to be listed one by one.
    assert_eq!(text.matches(": warning: no English body").count(), 4);
    assert!(
        text.ends_with("0 errors, 12 warnings in 7 entries (2 draft, 2 circulated, 3 approved)\n")
    );
    // A planned step due before the publication date is overdue; one due after it is not.
    let overdue = "content/jp/food-labelling.md:17:10: warning: the next step due 2026-01-15 is overdue: it falls before the report's publication date (2026-11-30)";
    assert!(text.lines().any(|l| l == overdue), "{text}");
    assert_eq!(text.matches("is overdue").count(), 1);
    for flag in ["--verbose", "-v"] {
        let text = stderr(&knte(&["check", flag], tree.path()));
        assert_eq!(listed(&text), 7, "{text}");
        assert!(!text.contains("--verbose lists them"));
    }
    let o = knte(&["build", "--no-pdf", "--verbose"], tree.path());
    assert_eq!(listed(&stderr(&o)), 7);
    let o = knte(&["build", "--no-pdf"], tree.path());
    assert!(stderr(&o).lines().any(|l| l == counted));
    // JSON lists every warning, and counts the stages.
    let o = knte(&["check", "--format", "json"], tree.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let bodies = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("the body has "))
        .count();
    assert_eq!(bodies, 7);
    assert_eq!(v["stages"]["circulated"], 2);
}

/// The text of the section `id` of a review page.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = start + page[start..].find("</section>").unwrap();
    &page[start..end]
}

#[test]
fn knte_review_writes_an_internal_briefing_of_the_period() {
    let tree = workflow_tree();
    let root = tree.path();
    let o = knte(
        &["review", "--from", "2025-01-01", "--to", "2025-12-31"],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = root.join("review-2025-01-01_2025-12-31");
    let log = stderr(&o);
    assert!(
        log.contains("(1 actions, 2 status changes, 1 steps due in the coming quarter, 0 overdue, 1 stale entries;"),
        "{log}"
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(page.contains(NOTICE));
    // The draft entry's action in August 2025, shown with its stage.
    let actions = section(&page, "actions");
    assert!(
        actions.contains("2025-08-01") && actions.contains("CN-003") && actions.contains("초안")
    );
    assert!(section(&page, "actions-by").contains("양자 협의"));
    let changes = section(&page, "status-changes");
    assert!(
        changes.contains("CN-001") && changes.contains("CN-004") && !changes.contains("JP-001")
    );
    // JP-001's step due 2026-01-15 falls in the quarter after the period.
    assert!(section(&page, "due-next").contains("canaryinternaloverdue0c81"));
    assert!(!section(&page, "due-next").contains("canaryinternalnextstep3e9c"));
    // Last updated 2024-04-01: more than twelve months before 2025-12-31.
    assert!(section(&page, "stale").contains("JP-001"));
    let focus = section(&page, "focus");
    assert!(focus.contains("화장품") && focus.contains("철강"));

    // A quarter: the step due 2026-01-15 is overdue at the end of 2026Q1.
    let o = knte(&["review", "2026Q1"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = root.join("review-2026Q1");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(section(&page, "overdue").contains("canaryinternaloverdue0c81"));
    assert!(section(&page, "actions").contains("기간 중 기록된 대응이 없습니다."));
    if tool("pdftotext", &["-v"]) {
        let o = std::process::Command::new("pdftotext")
            .arg(out.join("review-2026Q1.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(!pages.is_empty());
        for (n, p) in pages.iter().enumerate() {
            assert!(p.contains(NOTICE), "page {} has no watermark", n + 1);
        }
        assert!(text.contains("canaryinternaloverdue0c81"));
    }
    // The briefing's folder is internal: no public build is written over it.
    let o = knte(&["build", "--no-pdf", "--out", out.to_str().unwrap()], root);
    assert_eq!(o.status.code(), Some(2));
    // A period that is not one, and a period with dates too, are usage errors.
    for args in [
        vec!["review", "2026Q5"],
        vec!["review", "--from", "2026-03-01", "--to", "2026-01-01"],
        vec![
            "review",
            "2026Q1",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
        ],
        vec!["review"],
    ] {
        let o = knte(&args, root);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}
