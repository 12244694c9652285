use super::*;
use crate::model::{Partner, Term};
use sheet::Value;

/// A report (published 2026-01-01) with the partners cn (중국) and jp (일본), two categories and two sectors.
fn report() -> Report {
    let mut r = crate::model::tests_support::report_with(&[]);
    let term = |id: &str, ko: &str, en: &str| Term {
        id: id.into(),
        ko: ko.into(),
        en: en.into(),
    };
    r.taxonomy.categories = vec![
        term("tbt", "기술규제", "Technical barriers to trade"),
        term("other", "기타", "Other barriers"),
    ];
    r.taxonomy.sectors = vec![
        term("cosmetics", "화장품", "Cosmetics"),
        term("food", "식품", "Food"),
    ];
    let partner = |code: &str, name: &str, name_en: &str| Partner {
        code: code.into(),
        name: name.into(),
        name_en: name_en.into(),
        region: "east_asia".into(),
        agreements: vec![],
        agreements_en: vec![],
        trade: None,
        aliases: vec![],
        overview: String::new(),
        internal: None,
    };
    r.partners = vec![
        partner("cn", "중국", "China"),
        partner("jp", "일본", "Japan"),
    ];
    r
}

/// Content with CN-001 and CN-007 (a gap is not reused), one file cn/cosmetics-registration.md
/// and one row imported before (fingerprint "seen").
fn existing() -> Existing {
    Existing {
        texts: [(
            "cn".to_string(),
            vec![
                "---\nid: CN-001\n---\n".to_string(),
                "---\nid: \"CN-007\"\n---\n".into(),
            ],
        )]
        .into(),
        paths: ["cn/cosmetics-registration.md".to_string()].into(),
        fingerprints: BTreeMap::new(),
    }
}

const HEADERS: [&str; 10] = [
    "상대국",
    "제목",
    "영문 제목",
    "요약",
    "영문 요약",
    "범주",
    "산업",
    "처음 확인한 날",
    "근거 자료 제목",
    "근거 자료 주소",
];

/// A sheet: a title row, a blank row, then the header on row 3 (with a column the form does
/// not have, and the required columns for the body and submitter), then `rows` from row 4.
fn sheet(rows: &[[&str; 3]]) -> Sheet {
    let t = |s: &str| Value::Text(s.into());
    let mut header: Vec<(usize, Value)> =
        HEADERS.iter().enumerate().map(|(i, h)| (i, t(h))).collect();
    header.extend([(10, t("현황")), (11, t("제출 기관")), (12, t("비고"))]);
    let mut out = vec![
        Row {
            number: 1,
            cells: vec![(0, t("2026년 업계 설문"))],
        },
        Row {
            number: 3,
            cells: header,
        },
    ];
    for (i, [partner, title, title_en]) in rows.iter().enumerate() {
        let mut cells = vec![(0, t(partner)), (1, t(title)), (2, t(title_en))];
        let rest = [
            "요약.",
            "Summary.",
            "tbt",
            "cosmetics",
            "2025-06-05",
            "고시",
            "https://example.org/a",
            "본문.",
            "협회",
            "메모",
        ];
        cells.extend(rest.iter().enumerate().map(|(j, v)| (3 + j, t(v))));
        out.push(Row {
            number: 4 + i,
            cells,
        });
    }
    Sheet {
        name: "접수".into(),
        rows: out,
    }
}

#[test]
fn ids_follow_the_loaders_texts_and_file_names_are_never_reused() {
    let rows = [
        ["cn", "화장품 등록", "Cosmetics registration"],
        ["중국", "화장품 등록 2", "Cosmetics registration"],
        ["jp", "식품", "Food rules"],
        ["cn", "제목만 한글", "한글 제목"],
    ];
    let plan = plan("s.xlsx", &[sheet(&rows)], &report(), &existing());
    let got: Vec<(&str, &str, usize)> = plan
        .files
        .iter()
        .map(|f| (f.rel.as_str(), f.id.as_str(), f.row))
        .collect();
    assert_eq!(
        got,
        [
            ("content/cn/cosmetics-registration-2.md", "CN-008", 4),
            ("content/cn/cosmetics-registration-3.md", "CN-009", 5),
            ("content/jp/food-rules.md", "JP-001", 6),
            ("content/cn/cn-010.md", "CN-010", 7),
        ]
    );
    assert_eq!(plan.rows, 4);
    assert!(plan.files[0]
        .text
        .contains("  intake: \"s.xlsx / 접수 / 4행\"\n"));
    // The column the form does not have is named once, as a warning.
    let warnings: Vec<String> = plan.problems.iter().map(Problem::render_text).collect();
    assert_eq!(warnings, ["s.xlsx: sheet 접수, row 3, column M \"비고\": warning: the header names no column of the form; the column's cells are not imported\n  = hint: rename the header as the form names it (see the 안내 (Guide) sheet), or leave the column as it is if it is not to be imported"]);
    assert_eq!(plan.errors(), 0);
}

#[test]
fn rows_imported_before_or_twice_are_left_alone() {
    let rows = [
        ["cn", "화장품 등록", "Cosmetics registration"],
        ["cn", "화장품 등록", "Cosmetics registration"],
    ];
    let first = plan("s.xlsx", &[sheet(&rows)], &report(), &existing());
    assert_eq!(
        first.files.len(),
        1,
        "the second, identical row is not imported twice"
    );
    assert!(first
        .problems
        .iter()
        .any(|p| p.row == Some(5) && p.message.contains("repeats sheet 접수, row 4")));
    // The fingerprint written into the file makes the row known next time, whatever the file name.
    let fp = first.files[0]
        .text
        .lines()
        .find_map(|l| l.strip_prefix("  intake_fingerprint: \""))
        .unwrap()
        .trim_end_matches('"')
        .to_string();
    let mut known = existing();
    known.fingerprints.insert(
        fp,
        (
            "CN-008".into(),
            "content/cn/cosmetics-registration-2.md".into(),
        ),
    );
    let again = plan("renamed.xlsx", &[sheet(&rows[..1])], &report(), &known);
    assert!(again.files.is_empty());
    assert_eq!(
        again.known,
        [Known {
            sheet: "접수".into(),
            row: 4,
            id: "CN-008".into(),
            file: "content/cn/cosmetics-registration-2.md".into()
        }]
    );
}

#[test]
fn what_knte_check_would_refuse_is_reported_at_its_cell() {
    // A body line starting with the placeholder word: knte check refuses it.
    let mut s = sheet(&[["cn", "화장품", "Cosmetics"]]);
    s.rows[2].cells.retain(|(c, _)| *c != 10);
    s.rows[2]
        .cells
        .push((10, Value::Text("TODO 나중에 쓴다".into())));
    s.rows[2].cells.sort_by_key(|(c, _)| *c);
    let plan = plan("s.xlsx", &[s], &report(), &existing());
    assert!(plan.files.is_empty());
    let p = &plan
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .unwrap();
    assert_eq!(p.col, Some((10, "현황".to_string())));
    assert!(
        p.message
            .starts_with("the entry would not pass knte check: the body still holds a placeholder"),
        "{p:?}"
    );
}

#[test]
fn sheets_without_the_forms_header_or_columns_are_explained() {
    let t = |s: &str| Value::Text(s.into());
    let loose = Sheet {
        name: "메모".into(),
        rows: vec![Row {
            number: 1,
            cells: vec![(0, t("아무 말"))],
        }],
    };
    let plan1 = plan(
        "s.xlsx",
        std::slice::from_ref(&loose),
        &report(),
        &existing(),
    );
    let shown: Vec<String> = plan1.problems.iter().map(Problem::render_text).collect();
    assert!(
        shown[0].starts_with("s.xlsx: sheet 메모: warning: the sheet has no header row"),
        "{shown:?}"
    );
    assert!(
        shown[1].starts_with("s.xlsx: error: no sheet has the form's header row"),
        "{shown:?}"
    );

    // A header without 영문 제목 and the other required columns: the sheet's rows are not read.
    let mut s = sheet(&[["cn", "화장품", "Cosmetics"]]);
    s.rows[1].cells.retain(|(c, _)| *c != 2);
    let plan2 = plan("s.xlsx", &[s, loose], &report(), &existing());
    assert!(plan2.files.is_empty());
    let missing: Vec<&str> = plan2
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(
        missing,
        ["the header row has no column 영문 제목 (Title (English) / title_en)"]
    );
}

#[test]
fn long_titles_make_short_file_names() {
    assert_eq!(shorten("a-b-c", 60), "a-b-c");
    assert_eq!(shorten("alpha-beta-gamma", 12), "alpha-beta");
    assert_eq!(shorten("abcdefghij", 4), "abcd");
}
