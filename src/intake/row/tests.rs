use super::*;
use crate::intake::form::COLUMNS;

fn cx() -> Context {
    let choice = |code: &str, ko: &str, en: &str| Choice {
        code: code.into(),
        ko: ko.into(),
        en: en.into(),
        aliases: vec![],
    };
    Context {
        partners: vec![choice("cn", "중국", "China"), choice("jp", "일본", "Japan")],
        categories: vec![
            choice("tbt", "기술규제", "Technical barriers to trade"),
            choice("sps", "위생·검역", "Sanitary and phytosanitary measures"),
        ],
        sectors: vec![
            choice("cosmetics", "화장품", "Cosmetics"),
            choice("food", "식품", "Food and beverages"),
        ],
        statuses: form::choices(
            Values::Status,
            &crate::model::tests_support::report_with(&[]),
        ),
        published: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
}

/// Every column of the form, in its order, from column A.
fn header() -> Header {
    Header {
        row: 1,
        columns: COLUMNS.iter().enumerate().collect(),
        names: COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.ko.to_string()))
            .collect(),
    }
}

fn col(key: &str) -> usize {
    COLUMNS.iter().position(|c| c.key == key).unwrap()
}

/// A good row with `changes` (key, value) applied; an empty value empties the cell.
fn row(changes: &[(&str, Value)]) -> Row {
    let t = |s: &str| Value::Text(s.into());
    let mut cells: Vec<(usize, Value)> = vec![
        (col("partner"), t("중국")),
        (col("title"), t("화장품 등록")),
        (col("title_en"), t("Cosmetics registration")),
        (col("summary"), t("요약.")),
        (col("summary_en"), t("Summary.")),
        (col("category"), t("기술규제")),
        (col("sectors"), t("화장품, Food and beverages")),
        (col("first_reported"), t("2026-01-05")),
        (col("source_title"), t("고시")),
        (col("source_url"), t("https://example.org/a")),
        (col("description"), t("첫 줄\n\n둘째 줄")),
        (col("submitted_by"), t("  협회\n통상팀 ")),
    ];
    for (key, v) in changes {
        cells.retain(|(c, _)| *c != col(key));
        if *v != Value::Text(String::new()) {
            cells.push((col(key), v.clone()));
        }
    }
    cells.sort_by_key(|(c, _)| *c);
    Row { number: 7, cells }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

/// The problems of a row with `changes`, as (column key, message).
fn problems(changes: &[(&str, Value)]) -> Vec<(Option<&'static str>, String)> {
    match map(&header(), &row(changes), &cx()) {
        Ok(f) => panic!("no problem found: {f:?}"),
        Err(ps) => ps
            .into_iter()
            .map(|p| {
                assert_eq!(p.col, p.key.map(col), "the column is the key's");
                assert!(!p.hint.is_empty(), "every problem says how to fix it");
                (p.key, p.message)
            })
            .collect(),
    }
}

#[test]
fn a_good_row_gives_codes_dates_lists_and_defaults() {
    let f = map(&header(), &row(&[]), &cx()).unwrap();
    assert_eq!(f.partner, "cn");
    assert_eq!(f.category, "tbt");
    assert_eq!(f.sectors, ["cosmetics", "food"]);
    assert_eq!(f.status, Status::Open);
    assert_eq!(
        f.first_reported,
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    );
    assert_eq!(
        f.last_updated, f.first_reported,
        "the last update defaults to the first report"
    );
    assert_eq!(
        f.submitted_by, "협회 통상팀",
        "one-line fields fold line breaks"
    );
    assert_eq!(f.description, "첫 줄\n\n둘째 줄");
    assert_eq!((f.slug, f.contacts, f.company_impact), (None, None, None));

    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let f = map(
        &header(),
        &row(&[
            ("partner", text("JAPAN")),
            ("status", text("일부 해소")),
            ("status_date", Value::Date(d(3, 2))),
            ("hs_codes", Value::Float(3304.0)),
            ("wto_refs", text("G/TBT/N/JPN/1, G/TBT/N/JPN/1")),
            ("slug", text("cosmetics-rules")),
        ]),
        &cx(),
    )
    .unwrap();
    assert_eq!(f.partner, "jp");
    assert_eq!(f.status, Status::ResolvedInPart);
    assert_eq!(f.status_date, Some(d(3, 2)));
    assert_eq!(
        f.last_updated,
        d(3, 2),
        "the last update defaults to the latest date given"
    );
    assert_eq!(f.hs_codes, ["3304"]);
    assert_eq!(f.wto_refs, ["G/TBT/N/JPN/1"]);
    assert_eq!(f.slug.as_deref(), Some("cosmetics-rules"));
}

#[test]
fn dates_are_read_in_the_forms_people_type() {
    let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    for s in [
        "2026-03-05",
        "2026.3.5",
        "2026. 3. 5.",
        "2026/03/05",
        "2026년 3월 5일",
    ] {
        assert_eq!(parse_date(s), Ok(d), "{s}");
    }
    assert_eq!(
        parse_date("2026-02-30"),
        Err("is a date that does not exist")
    );
    assert!(parse_date("3/5/2026").is_err());
    assert!(parse_date("2026-03").is_err());
    assert!(parse_date("1900-01-01").is_err());
}

// Long: one test walks every column's mistake in turn; the cases read best as one list.
#[test]
fn each_mistake_is_reported_at_its_cell_with_the_fix() {
    // (the cells changed, the column blamed, words of the message)
    type Case<'a> = (Vec<(&'a str, Value)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("partner", text("Chian"))],
            "partner",
            "unknown partner 'Chian' (did you mean 'China'?)",
        ),
        (vec![("title", text(""))], "title", "the cell is empty"),
        (
            vec![("category", text("기술 규제 분야"))],
            "category",
            "unknown category '기술 규제 분야'",
        ),
        (
            vec![("sectors", text("화장품, 화장품"))],
            "sectors",
            "the sector '화장품' is listed twice",
        ),
        (
            vec![("first_reported", text("2026-13-01"))],
            "first_reported",
            "'2026-13-01' is a date that does not exist",
        ),
        (
            vec![("first_reported", Value::Float(46000.0))],
            "first_reported",
            "the cell holds the number 46000, not a date",
        ),
        (
            vec![("status", text("협의 진행 중"))],
            "status_date",
            "the status is 협의 진행 중 (in_progress), so the status date is required",
        ),
        (
            vec![("last_updated", text("2026-01-01"))],
            "last_updated",
            "the last update (2026-01-01) is before the day first reported (2026-01-05)",
        ),
        (
            vec![("first_reported", text("2026-12-01"))],
            "first_reported",
            "2026-12-01 is after the report's publication date (2026-11-30)",
        ),
        (
            vec![("hs_codes", text("3304, 123"))],
            "hs_codes",
            "'123' is not an HS code",
        ),
        (
            vec![("wto_refs", text("TBT 1650"))],
            "wto_refs",
            "'TBT' is not a WTO document symbol",
        ),
        (
            vec![("source_url", text("www.example.org"))],
            "source_url",
            "the source's address must start with https://",
        ),
        (
            vec![("slug", text("Cosmetics Rules"))],
            "slug",
            "'Cosmetics Rules' is not a file name knte can use",
        ),
        (
            vec![("title", Value::Formula)],
            "title",
            "the cell holds a formula",
        ),
        (
            vec![("title", Value::Error("#N/A".into()))],
            "title",
            "the cell shows the Excel error #N/A",
        ),
        (
            vec![("title", text("벨\u{7}"))],
            "title",
            "the cell holds the invisible control character U+0007",
        ),
        (
            vec![("summary", text(&"가".repeat(301)))],
            "summary",
            "the cell has 301 characters; this column holds at most 300",
        ),
        (
            vec![("description", Value::TooLong(40_000))],
            "description",
            "the cell has 40000 characters",
        ),
        (
            vec![
                ("status_date", Value::NotADate),
                ("status", text("resolved")),
            ],
            "status_date",
            "the cell holds a time or a duration, not a date",
        ),
    ];
    for (changes, key, words) in cases {
        let found = problems(&changes);
        assert!(
            found
                .iter()
                .any(|(k, m)| *k == Some(key) && m.contains(words)),
            "{key}: {words}\nfound {found:?}"
        );
    }
    // One mistake, one problem: nothing else in the row is blamed.
    assert_eq!(problems(&[("partner", text("북한"))]).len(), 1);
}

#[test]
fn a_sheet_without_a_column_says_so() {
    let mut h = header();
    h.columns.retain(|(_, c)| c.key != "status_date");
    let found = map(&h, &row(&[("status", text("resolved"))]), &cx()).unwrap_err();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, Some("status"));
    assert_eq!(found[0].col, Some(col("status")));
}

#[test]
fn paragraphs_keep_lines_and_escape_headings() {
    assert_eq!(
        paragraphs(" a \n\n\n# b\n===\n\tc"),
        "a\n\n\\# b\n\n\\===\n\nc"
    );
}
