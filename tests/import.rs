//! `knte import`: a filled-in survey form -> draft entries, on the base tree (`cn` with CN-001 and
//! CN-002, `jp` with JP-001; published 2026-11-30).
//!
//! The workbook is made here, with rust_xlsxwriter, from the tables below: two sheets, one with
//! the form's Korean headers and one with its English headers in another order; 10 good rows and
//! 5 bad ones, each bad row with exactly one mistake. Every row is the sheet's TYPICAL row with
//! the cells it lists changed; a value written `date:YYYY-MM-DD` is a real Excel date cell.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// What every row of the Korean sheet holds unless it says otherwise.
const TYPICAL_KO: &[(&str, &str)] = &[
    ("상대국", "cn"),
    ("요약", "수입 절차가 길어 우리 기업의 수출이 늦어진다."),
    ("영문 요약", "Long import procedures delay Korean exports."),
    ("범주", "customs"),
    ("산업", "cosmetics"),
    ("처음 확인한 날", "date:2026-01-05"),
    ("근거 자료 제목", "관련 고시"),
    ("근거 자료 주소", "https://example.org/notice"),
    ("제출 기관", "한국무역협회 통상지원팀"),
];

/// The Korean sheet "접수": header on row 1, then rows 2 to 11.
const KOREAN_ROWS: &[(&str, &[(&str, &str)])] = &[
    ("row 2, good: codes, HS codes and a WTO notification", &[
        ("제목", "화장품 효능 자료 제출 의무"),
        ("영문 제목", "Cosmetics efficacy data"),
        ("범주", "tbt"),
        ("HS 코드", "3304, 330499"),
        ("WTO 문서 번호", "G/TBT/N/CHN/1650"),
        ("현황", "2026년 1월부터 모든 화장품 등록에 효능 자료를 내야 한다.\n자료 양식은 중국어로만 받는다."),
    ]),
    ("row 3, good: Korean names, two sectors, a status with its date cell", &[
        ("상대국", "중국"),
        ("제목", "수입식품 표시 기준 강화"),
        ("영문 제목", "Imported food labelling rules"),
        ("범주", "기술규제"),
        ("산업", "화장품, 식품"),
        ("진행 상태", "협의 진행 중"),
        ("상태 변경일", "date:2026-03-02"),
        ("현황", "수입식품 라벨에 원산지와 성분을 중국어로 모두 적어야 한다."),
    ]),
    ("row 4, good: English names, a dotted date, the impact section", &[
        ("상대국", "China"),
        ("제목", "철강 통관 지연"),
        ("영문 제목", "Steel customs delays"),
        ("범주", "Customs procedures"),
        ("산업", "Steel"),
        ("처음 확인한 날", "2026.2.10"),
        ("현황", "철강 제품의 통관 검사가 평균 2주 걸린다."),
        ("우리 기업 영향", "납기를 맞추지 못한 계약이 늘었다."),
    ]),
    ("row 5, BAD: a partner the report does not have", &[
        ("상대국", "북한"),
        ("제목", "개성 반출 제한"),
        ("영문 제목", "Shipment limits"),
        ("현황", "반출 품목이 제한된다."),
    ]),
    ("row 6, good: another partner, a Korean date, a later last update", &[
        ("상대국", "jp"),
        ("제목", "수산물 검역 강화"),
        ("영문 제목", "Fisheries inspection"),
        ("범주", "위생·검역"),
        ("산업", "농수산물"),
        ("진행 상태", "resolved_in_part"),
        ("상태 변경일", "2026년 4월 1일"),
        ("최근 사실의 날짜", "2026-05-01"),
        ("현황", "수입 수산물의 검역 표본이 두 배로 늘었다."),
    ]),
    ("row 7, BAD: a category label with a typo", &[
        ("제목", "의료기기 인증"),
        ("영문 제목", "Medical device approval"),
        ("범주", "기술규재"),
        ("현황", "의료기기 인증에 현지 시험이 필요하다."),
    ]),
    ("row 8, good: publisher and contact", &[
        ("상대국", "일본"),
        ("제목", "식품 첨가물 기준"),
        ("영문 제목", "Food additive standards"),
        ("범주", "sps"),
        ("산업", "식품"),
        ("근거 자료 발행처", "후생노동성"),
        ("연락처", "김 과장 02-000-0000"),
        ("현황", "허용 첨가물 목록이 줄었다."),
    ]),
    ("row 9, good: a file name given, sectors split by a semicolon", &[
        ("상대국", "JP"),
        ("제목", "기계류 인증 중복"),
        ("영문 제목", "Duplicate machinery certification"),
        ("범주", "Other barriers"),
        ("산업", "machinery; electronics"),
        ("파일 이름", "machinery-certification"),
        ("현황", "같은 기계에 두 기관의 인증을 받아야 한다."),
    ]),
    ("row 10, BAD: no title", &[
        ("영문 제목", "Untitled"),
        ("현황", "제목이 빠진 행."),
    ]),
    ("row 11, good: the English title of row 2 again, a line that looks like a heading", &[
        ("제목", "화장품 원료 등록"),
        ("영문 제목", "Cosmetics efficacy data"),
        ("범주", "tbt"),
        ("현황", "원료마다 따로 등록해야 한다.\n# 이 줄은 제목이 아니다."),
    ]),
];

/// What every row of the English sheet holds unless it says otherwise.
const TYPICAL_EN: &[(&str, &str)] = &[
    ("Summary (Korean)", "허가 절차가 불투명하다."),
    ("Summary (English)", "The licensing procedure is opaque."),
    ("Partner", "cn"),
    ("Category", "import_restrictions"),
    ("Sectors", "semiconductors"),
    ("First reported", "2026-02-01"),
    ("Source title", "Notice No. 1"),
    ("Source URL", "https://example.org/notice-1"),
    ("Description", "허가에 석 달이 걸린다."),
    ("Submitted by", "반도체산업협회"),
];

/// The English sheet "Submissions": header on row 1, then rows 2 to 6.
const ENGLISH_ROWS: &[(&str, &[(&str, &str)])] = &[
    (
        "row 2, good",
        &[
            ("Title (Korean)", "반도체 장비 수출 허가"),
            ("Title (English)", "Chip equipment export licences"),
            ("Category", "Import restrictions and licensing"),
            ("Sectors", "Semiconductors"),
        ],
    ),
    (
        "row 3, BAD: a day that does not exist",
        &[
            ("Title (Korean)", "웨이퍼 검사"),
            ("Title (English)", "Wafer inspection"),
            ("First reported", "2026-02-30"),
        ],
    ),
    (
        "row 4, good: an explicit status",
        &[
            ("Partner", "Japan"),
            ("Title (Korean)", "전기차 보조금 차별"),
            ("Title (English)", "EV subsidy discrimination"),
            ("Category", "subsidies"),
            ("Sectors", "automobiles"),
            ("Status", "Open"),
        ],
    ),
    (
        "row 5, BAD: an HS code with a letter",
        &[
            ("Title (Korean)", "소재 관세"),
            ("Title (English)", "Materials tariff"),
            ("HS codes", "33A4"),
        ],
    ),
    (
        "row 6, good",
        &[
            ("Title (Korean)", "온라인 플랫폼 규제"),
            ("Title (English)", "Online platform rules"),
            ("Category", "digital"),
            ("Sectors", "digital_content"),
        ],
    ),
];

/// The English sheet's header row: the form's English headers, title first (another order).
const ENGLISH_HEADERS: &[&str] = &[
    "Title (Korean)",
    "Title (English)",
    "Summary (Korean)",
    "Summary (English)",
    "Partner",
    "Category",
    "Sectors",
    "Status",
    "First reported",
    "HS codes",
    "Source title",
    "Source URL",
    "Description",
    "Submitted by",
];

/// The five problems, as (sheet, row, column letter, words of the message).
const EXPECTED_ERRORS: &[(&str, usize, &str, &str)] = &[
    ("접수", 5, "A", "unknown partner '북한'"),
    (
        "접수",
        7,
        "F",
        "unknown category '기술규재' (did you mean '기술규제'?)",
    ),
    ("접수", 10, "B", "the cell is empty"),
    (
        "Submissions",
        3,
        "I",
        "'2026-02-30' is a date that does not exist",
    ),
    ("Submissions", 5, "J", "'33A4' is not an HS code"),
];

/// Writes one sheet: `headers` on row 1, then each row's cells (typical ones, then its own).
fn write_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    name: &str,
    headers: &[&str],
    typical: &[(&str, &str)],
    rows: &[(&str, &[(&str, &str)])],
) {
    let ws = wb.add_worksheet().set_name(name).unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (_, own)) in rows.iter().enumerate() {
        let mut cells: BTreeMap<&str, &str> = typical.iter().copied().collect();
        cells.extend(own.iter().copied());
        for (h, v) in cells {
            let c = headers
                .iter()
                .position(|x| *x == h)
                .unwrap_or_else(|| panic!("no header {h}")) as u16;
            let r = r as u32 + 1;
            if let Some(d) = v.strip_prefix("date:") {
                let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(d).unwrap();
                ws.write_datetime_with_format(r, c, d, &date).unwrap();
            } else {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
}

/// The fixture workbook, from the tables above.
fn survey() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ko: Vec<&str> = knte::FORM_COLUMNS.iter().map(|c| c.ko).collect();
    write_sheet(&mut wb, "접수", &ko, TYPICAL_KO, KOREAN_ROWS);
    write_sheet(
        &mut wb,
        "Submissions",
        ENGLISH_HEADERS,
        TYPICAL_EN,
        ENGLISH_ROWS,
    );
    wb.save_to_buffer().unwrap()
}

fn import(root: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    knte(&args, root)
}

/// The error lines of an import's output.
fn errors(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.contains(": error: ")).collect()
}

#[test]
fn ten_good_rows_become_drafts_and_five_bad_rows_are_reported_where_they_are() {
    let dir = base_tree();
    let root = dir.path();
    let file = root.join("survey-2026.xlsx");
    std::fs::write(&file, survey()).unwrap();
    let before = all_files(&root.join("content"));

    let o = import(root, &file, &[]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "bad rows make exit 1:\n{err}");
    let wrote: Vec<&str> = out.lines().filter(|l| l.starts_with("wrote ")).collect();
    assert_eq!(wrote.len(), 10, "{out}\n{err}");

    // Exactly five problems, each at its sheet, row and column.
    let found = errors(&err);
    assert_eq!(found.len(), 5, "{err}");
    for (sheet, row, col, words) in EXPECTED_ERRORS {
        let place = format!("survey-2026.xlsx: sheet {sheet}, row {row}, column {col} \"");
        assert!(
            found
                .iter()
                .any(|l| l.starts_with(&place) && l.contains(words)),
            "missing {place} ... {words} in:\n{err}"
        );
    }
    assert!(err.contains("15 submission rows read from survey-2026.xlsx: 10 draft entries written, 5 rows left out"), "{err}");

    // The new files, their ids (next free per partner, in sheet and row order) and fields.
    let after = all_files(&root.join("content"));
    let new: BTreeMap<&String, String> = after
        .iter()
        .filter(|(p, _)| !before.contains_key(*p))
        .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
        .collect();
    assert_eq!(new.len(), 10);
    let text = |rel: &str| {
        new.get(&rel.to_string())
            .unwrap_or_else(|| panic!("{rel} in {:?}", new.keys()))
            .clone()
    };
    let first = text("cn/cosmetics-efficacy-data.md");
    for line in [
        "id: CN-003",
        "category: tbt",
        "hs_codes: [\"3304\", \"330499\"]",
        "wto_refs: [\"G/TBT/N/CHN/1650\"]",
        "first_reported: 2026-01-05",
        "last_updated: 2026-01-05",
        "stage: draft",
        "  submitted_by: \"한국무역협회 통상지원팀\"",
        "  intake: \"survey-2026.xlsx / 접수 / 2행\"",
        "## 현황",
        "자료 양식은 중국어로만 받는다.",
    ] {
        assert!(first.lines().any(|l| l == line), "{line}\n{first}");
    }
    let food = text("cn/imported-food-labelling-rules.md");
    for line in [
        "id: CN-004",
        "sectors: [cosmetics, food]",
        "status: in_progress",
        "status_date: 2026-03-02",
    ] {
        assert!(food.lines().any(|l| l == line), "{line}\n{food}");
    }
    assert!(text("cn/steel-customs-delays.md").contains("first_reported: 2026-02-10\n"));
    assert!(text("cn/steel-customs-delays.md")
        .contains("## 우리 기업 영향\n\n납기를 맞추지 못한 계약이 늘었다.\n"));
    let second = text("cn/cosmetics-efficacy-data-2.md");
    assert!(
        second.contains("id: CN-006\n") && second.contains("\\# 이 줄은 제목이 아니다."),
        "{second}"
    );
    assert!(text("cn/chip-equipment-export-licences.md").contains("id: CN-007\n"));
    assert!(text("cn/online-platform-rules.md")
        .contains("  intake: \"survey-2026.xlsx / Submissions / 6행\"\n"));
    let fish = text("jp/fisheries-inspection.md");
    for line in [
        "id: JP-002",
        "status: resolved_in_part",
        "status_date: 2026-04-01",
        "last_updated: 2026-05-01",
    ] {
        assert!(fish.lines().any(|l| l == line), "{line}\n{fish}");
    }
    assert!(text("jp/food-additive-standards.md").contains("  contacts: \"김 과장 02-000-0000\"\n"));
    assert!(text("jp/machinery-certification.md").contains("sectors: [machinery, electronics]\n"));
    assert!(text("jp/ev-subsidy-discrimination.md").contains("id: JP-005\n"));

    // Every file passes knte check: 3 entries before, 13 now, the 10 new ones drafts.
    let check = knte(&["check"], root);
    let summary = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{summary}");
    assert!(summary.contains("in 13 entries (10 draft"), "{summary}");

    // A second import adds nothing: every good row is recognised, the bad ones are still bad.
    let again = import(root, &file, &[]);
    let err2 = stderr(&again);
    assert_eq!(again.status.code(), Some(1));
    assert!(!stdout(&again).contains("wrote "), "{}", stdout(&again));
    assert_eq!(
        err2.matches("이미 가져온 행 (already imported as").count(),
        10,
        "{err2}"
    );
    assert!(err2.contains("sheet 접수, row 2: 이미 가져온 행 (already imported as CN-003, content/cn/cosmetics-efficacy-data.md)"), "{err2}");
    assert_eq!(errors(&err2).len(), 5);
    assert_eq!(
        all_files(&root.join("content")),
        after,
        "nothing new, nothing changed"
    );
}

#[test]
fn a_dry_run_prints_the_files_and_writes_nothing() {
    let dir = base_tree();
    let root = dir.path();
    let file = root.join("survey-2026.xlsx");
    std::fs::write(&file, survey()).unwrap();
    let before = all_files(root);
    let o = import(root, &file, &["--dry-run"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("would write "))
            .count(),
        10,
        "{out}"
    );
    assert!(out.contains("would write content/cn/cosmetics-efficacy-data.md (CN-003) from sheet 접수, row 2: 화장품 효능 자료 제출 의무"));
    assert!(out.contains("    stage: draft"), "the text is shown");
    assert!(
        stderr(&o).contains("10 draft entries would be written (--dry-run: nothing was written)")
    );
    assert_eq!(all_files(root), before);
}

/// Fills row 2 of a workbook's first sheet with inline-text cells, as a person typing in Excel
/// would (the rest of the file, validations and formats included, is copied as it is).
fn fill_first_sheet(form: &[u8], cells: &[(&str, &str)]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(form)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let row: String = cells
                .iter()
                .map(|(r, v)| format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"))
                .collect();
            let xml = xml.replacen(
                "</row></sheetData>",
                &format!("</row><row r=\"2\">{row}</row></sheetData>"),
                1,
            );
            assert!(
                xml.contains("<row r=\"2\">"),
                "the form's sheet data ends with its header row"
            );
            bytes = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_form_the_build_writes_round_trips_through_import() {
    let dir = base_tree();
    let root = dir.path();
    let site = root.join("public");
    let o = knte(
        &["build", "--no-pdf", "--out", site.to_str().unwrap()],
        root,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (page, link) in [
        (
            "downloads/index.html",
            "href=\"/data/barrier-report-form.xlsx\"",
        ),
        (
            "en/downloads/index.html",
            "href=\"/en/data/barrier-report-form.xlsx\"",
        ),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains(link), "{page} lists the form");
    }
    let a_row = |partner: &str, title: &str, title_en: &str| {
        vec![
            ("A2", partner.to_string()),
            ("B2", title.into()),
            ("C2", title_en.into()),
            ("D2", "한 문장 요약.".into()),
            ("E2", "One sentence.".into()),
            ("F2", "tbt".into()),
            ("G2", "cosmetics".into()),
            ("J2", "2026-03-05".into()),
            ("N2", "고시".into()),
            ("O2", "https://example.org/x".into()),
            ("R2", "본문 한 줄.".into()),
            ("T2", "협회".into()),
        ]
    };
    for (form, partner, title, title_en, file) in [
        (
            "data/barrier-report-form.xlsx",
            "중국",
            "양식 왕복 시험",
            "Form round trip",
            "content/cn/form-round-trip.md",
        ),
        (
            "en/data/barrier-report-form.xlsx",
            "Japan",
            "영문 양식 시험",
            "English form trip",
            "content/jp/english-form-trip.md",
        ),
    ] {
        let blank = std::fs::read(site.join(form)).unwrap();
        let cells = a_row(partner, title, title_en);
        let cells: Vec<(&str, &str)> = cells.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let filled = root.join("filled.xlsx");
        std::fs::write(&filled, fill_first_sheet(&blank, &cells)).unwrap();
        let o = import(root, &filled, &[]);
        assert_eq!(o.status.code(), Some(0), "{form}:\n{}", stderr(&o));
        assert_eq!(
            stdout(&o)
                .lines()
                .filter(|l| l.starts_with("wrote "))
                .count(),
            1,
            "{}",
            stdout(&o)
        );
        assert!(root.join(file).is_file(), "{file}");
    }
    let check = knte(&["check"], root);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // The same content builds the same forms, byte for byte.
    let again = root.join("public2");
    let o = knte(
        &["build", "--no-pdf", "--out", again.to_str().unwrap()],
        root,
    );
    assert_eq!(o.status.code(), Some(0));
    for form in [
        "data/barrier-report-form.xlsx",
        "en/data/barrier-report-form.xlsx",
    ] {
        assert_eq!(
            std::fs::read(site.join(form)).unwrap(),
            std::fs::read(again.join(form)).unwrap()
        );
    }
}

#[test]
fn hostile_workbooks_get_clear_errors_and_no_panic() {
    let dir = base_tree();
    let root = dir.path();
    let before = all_files(&root.join("content"));
    let file = root.join("x.xlsx");

    // Not a workbook at all, and a missing file: exit 2, nothing written.
    std::fs::write(&file, "제목,상대국\n화장품,cn\n").unwrap();
    let o = import(root, &file, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not an Excel workbook (.xlsx)"),
        "{}",
        stderr(&o)
    );
    let o = import(root, &root.join("missing.xlsx"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the workbook"),
        "{}",
        stderr(&o)
    );

    // A sheet past the row limit: refused whole.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, col) in knte::FORM_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, col.ko).unwrap();
    }
    for r in 1..=5_011u32 {
        ws.write_string(r, 1, "제목").unwrap();
    }
    std::fs::write(&file, wb.save_to_buffer().unwrap()).unwrap();
    let o = import(root, &file, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more than 5000 rows"), "{}", stderr(&o));

    // A formula, a control character and an over-long cell: each row reported at its cell.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ko: Vec<&str> = knte::FORM_COLUMNS.iter().map(|c| c.ko).collect();
    write_sheet(
        &mut wb,
        "접수",
        &ko,
        TYPICAL_KO,
        &[
            (
                "row 2",
                &[
                    ("제목", "제어 문자\u{7} 포함"),
                    ("영문 제목", "Bell"),
                    ("현황", "x"),
                ],
            ),
            (
                "row 3",
                &[
                    ("제목", "긴 요약"),
                    ("영문 제목", "Long"),
                    ("요약", &"가".repeat(400)),
                    ("현황", "x"),
                ],
            ),
            (
                "row 4",
                &[("제목", "수식"), ("영문 제목", "Formula"), ("현황", "x")],
            ),
        ],
    );
    let ws = wb.worksheet_from_name("접수").unwrap();
    ws.write_formula(
        3,
        2,
        rust_xlsxwriter::Formula::new("=\"Formula\"&\"!\"").set_result("Formula!"),
    )
    .unwrap();
    std::fs::write(&file, wb.save_to_buffer().unwrap()).unwrap();
    let o = import(root, &file, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("row 2, column B \"제목\": error: the cell holds the invisible control character U+0007"), "{err}");
    assert!(
        err.contains("row 3, column D \"요약\": error: the cell has 400 characters"),
        "{err}"
    );
    assert!(
        err.contains("row 4, column C \"영문 제목\": error: the cell holds a formula"),
        "{err}"
    );
    assert!(
        !err.contains('\u{7}'),
        "control characters are never printed"
    );
    assert_eq!(all_files(&root.join("content")), before);
}
