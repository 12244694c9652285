//! Tests of writing an entry back from the form's values.

use super::*;
use crate::edit::form::from_yaml;
use crate::edit::schema::BARRIER;

const OPENED: &str = "---\n# 번호\nid: CN-001  # 바꾸지 않음\ntitle: 옛 제목\n# 산업 주석\nsectors: [cosmetics]\nhs_codes: [\"3304\"]\ninternal:\n  notes: \"메모\"\n  # 안쪽 주석\nzzz: 1\n# 끝 주석\n---\n## 현황\n\n본문\n";

/// The values the form shows for `text`.
fn shown(text: &str) -> Values {
    let p = parse(text).unwrap();
    from_yaml(BARRIER, &p.root, &|k| p.raw(k)).unwrap()
}

fn body(text: &str) -> &str {
    parse(text).unwrap().body
}

#[test]
fn an_unchanged_form_gives_back_the_same_bytes() {
    let v = shown(OPENED);
    assert_eq!(v.first("internal"), "notes: \"메모\"\n# 안쪽 주석");
    assert_eq!(rewrite(OPENED, BARRIER, &v, body(OPENED)).unwrap(), OPENED);
}

#[test]
fn changed_fields_are_rewritten_and_comments_above_keys_stay() {
    let mut v = shown(OPENED);
    v.set("title", "새 제목: 부제");
    v.push("sectors", "food");
    v.set("hs_codes", "851");
    v.push("actions.0.date", "2025-03-04");
    v.push("actions.0.channel", "bilateral");
    v.push("actions.0.note", "협의 \"요청\"");
    v.set("status", "open");
    let out = rewrite(OPENED, BARRIER, &v, "새 본문\n").unwrap();
    assert_eq!(
        out,
        "---\n# 번호\nid: CN-001  # 바꾸지 않음\ntitle: \"새 제목: 부제\"\n# 산업 주석\nsectors: [cosmetics, food]\nstatus: open\nhs_codes: [\"851\"]\nactions:\n  - date: 2025-03-04\n    channel: bilateral\n    note: 협의 \"요청\"\ninternal:\n  notes: \"메모\"\n  # 안쪽 주석\nzzz: 1\n# 끝 주석\n---\n새 본문\n"
    );
    // What was written reads back as what was typed.
    let back = shown(&out);
    assert_eq!(back.first("title"), "새 제목: 부제");
    assert_eq!(back.first("actions.0.note"), "협의 \"요청\"");
}

#[test]
fn emptied_fields_go_with_their_comments() {
    let mut v = shown(OPENED);
    v.set("sectors", "");
    v.set("internal", "");
    let out = rewrite(OPENED, BARRIER, &v, body(OPENED)).unwrap();
    assert!(
        out.contains("# 산업 주석\nsectors: []\n"),
        "a required list stays, empty:\n{out}"
    );
    assert!(!out.contains("internal") && !out.contains("안쪽"), "{out}");
}

#[test]
fn values_that_would_read_back_otherwise_are_quoted() {
    let mut v = Values::default();
    for (k, val) in [
        ("id", "X"),
        ("title", "2024"),
        ("title_en", "yes"),
        ("summary", "a # b"),
        ("category", "Tbt"),
    ] {
        v.push(k, val);
    }
    v.push("related", "CN-002");
    v.push("related", "a, b");
    let out = rewrite("---\nid: X\n---\n", BARRIER, &v, "").unwrap();
    assert_eq!(
        out,
        "---\nid: X\ntitle: \"2024\"\ntitle_en: yes\nsummary: \"a # b\"\ncategory: Tbt\nrelated: [CN-002, \"a, b\"]\n---\n"
    );
}

#[test]
fn a_number_where_text_belongs_is_rewritten_as_text() {
    let text = "---\nhs_codes: [3304]\n---\n";
    let v = shown(text);
    assert_eq!(
        rewrite(text, BARRIER, &v, "").unwrap(),
        "---\nhs_codes: [\"3304\"]\n---\n"
    );
}

#[test]
fn the_new_entry_template_keeps_its_comments() {
    let t = crate::scaffold::template(
        "CN-009",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
    );
    let mut v = shown(&t);
    assert_eq!(rewrite(&t, BARRIER, &v, body(&t)).unwrap(), t);
    v.set("title", "배터리 보조금");
    let out = rewrite(&t, BARRIER, &v, body(&t)).unwrap();
    assert_eq!(
        out,
        t.replace("title: \"TODO: 한국어 제목\"", "title: 배터리 보조금")
    );
}

#[test]
fn unparsable_text_says_where() {
    let e = rewrite("---\na: [\n---\n", BARRIER, &Values::default(), "").unwrap_err();
    assert!(e.line >= 2, "{e:?}");
    assert_eq!(
        rewrite("no front matter", BARRIER, &Values::default(), "")
            .unwrap_err()
            .line,
        1
    );
}
