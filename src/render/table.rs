//! The barrier table for spreadsheet users: [`Report`] -> rows of typed cells with headers in one
//! language, for `barriers.csv` and `barriers.xlsx` (Korean under `data/`, English under
//! `en/data/`).
//!
//! Input: the validated report and a language. Output: [`Table`]s (the barriers, Korea's actions
//! one row each, the code list) whose cells say what they are (text, date, number, link), so the
//! CSV writes them as text and the workbook as real dates, numbers and hyperlinks. Codes stand
//! beside their labels, so a reader can filter on either.

use super::html::views::{partner_name, term_label};
use super::i18n::Strings;
use super::{paths, Lang};
use crate::model::{Barrier, Report, Status, CHANNELS, MEASURES, STAGES};
use chrono::NaiveDate;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Date(Option<NaiveDate>),
    Number(Option<f64>),
    /// A URL, written as a hyperlink where the format has them.
    Link(String),
}

impl Cell {
    /// The cell as text (CSV, and the length rules).
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Link(s) => s.clone(),
            Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Cell::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        }
    }
}

/// A column: its header in this language and its width in the workbook (characters).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub header: &'static str,
    pub width: f64,
}

/// A sheet's worth of rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The barrier each row comes from (index into `report.barriers`), for warnings.
    pub barrier_of_row: Vec<Option<usize>>,
}

/// Headers of the barrier table, Korean and English, with widths.
const BARRIER_COLUMNS: &[(&str, &str, f64)] = &[
    ("번호", "ID", 10.0),
    ("상대국 코드", "Partner code", 8.0),
    ("상대국", "Partner", 16.0),
    ("지역", "Region", 14.0),
    ("제목", "Title", 40.0),
    ("요약", "Summary", 60.0),
    ("분야 코드", "Category code", 14.0),
    ("분야", "Category", 20.0),
    ("산업 코드", "Sector codes", 18.0),
    ("산업", "Sectors", 24.0),
    ("진행 상황 코드", "Status code", 12.0),
    ("진행 상황", "Status", 14.0),
    ("상황 기준일", "Status as of", 12.0),
    ("최초 보고", "First reported", 12.0),
    ("최종 갱신", "Last updated", 12.0),
    ("HS 코드", "HS codes", 18.0),
    ("WTO 통보문", "WTO notifications", 22.0),
    ("무역구제 조치", "Trade-remedy measure", 16.0),
    ("무역구제 단계", "Trade-remedy stage", 14.0),
    ("조사 개시", "Initiated", 12.0),
    ("부과", "Imposed", 12.0),
    ("사건 번호", "Case number", 18.0),
    ("관세율", "Duty rate", 20.0),
    ("관련 수출액(미국 달러)", "Exports concerned (USD)", 16.0),
    ("관련 수출액 기준 연도", "Exports concerned: year", 10.0),
    ("대응 건수", "Actions", 8.0),
    ("출처", "Sources", 50.0),
    ("페이지", "Page", 40.0),
];

fn columns(spec: &[(&'static str, &'static str, f64)], lang: Lang) -> Vec<Column> {
    spec.iter()
        .map(|(ko, en, width)| Column {
            header: if lang == Lang::Ko { ko } else { en },
            width: *width,
        })
        .collect()
}

/// The barrier table in `lang`: one row per barrier, in the report's order; `with_stage` (the
/// circulation edition) adds each entry's workflow stage, code and label.
pub(crate) fn barriers(report: &Report, strings: &Strings, lang: Lang, with_stage: bool) -> Table {
    let rows: Vec<Vec<Cell>> = report
        .barriers
        .iter()
        .map(|b| {
            let mut row = barrier_row(report, strings, lang, b);
            if with_stage {
                let label = if lang == Lang::Ko {
                    b.stage.ko()
                } else {
                    b.stage.en()
                };
                row.push(Cell::Text(b.stage.id().to_string()));
                row.push(Cell::Text(label.to_string()));
            }
            row
        })
        .collect();
    let mut spec = BARRIER_COLUMNS.to_vec();
    if with_stage {
        spec.extend([("단계 코드", "Stage code", 12.0), ("단계", "Stage", 10.0)]);
    }
    Table {
        name: if lang == Lang::Ko {
            "장벽 목록"
        } else {
            "Barriers"
        },
        columns: columns(&spec, lang),
        barrier_of_row: (0..rows.len()).map(Some).collect(),
        rows,
    }
}

fn barrier_row(report: &Report, strings: &Strings, lang: Lang, b: &Barrier) -> Vec<Cell> {
    let tax = &report.taxonomy;
    let partner = report.partners.iter().find(|p| p.code == b.partner);
    let t = |s: &str| Cell::Text(s.to_string());
    let region = partner
        .and_then(|p| tax.regions.iter().find(|r| r.id == p.region))
        .map_or("", |r| term_label(lang, r));
    let sectors: Vec<&str> = b
        .sectors
        .iter()
        .filter_map(|s| tax.sector(s))
        .map(|s| term_label(lang, s))
        .collect();
    let (title, summary) = match lang {
        Lang::Ko => (&b.title, &b.summary),
        Lang::En => (&b.title_en, &b.summary_en),
    };
    let tr = b.trade_remedy.as_ref();
    let base = &report.meta.base_url;
    vec![
        t(&b.id),
        t(&b.partner),
        t(partner.map_or("", |p| partner_name(lang, p))),
        t(region),
        t(title),
        t(summary),
        t(&b.category),
        t(tax
            .category(&b.category)
            .map_or("", |c| term_label(lang, c))),
        t(&b.sectors.join("; ")),
        t(&sectors.join("; ")),
        t(b.status.id()),
        t(status_label(lang, b.status)),
        Cell::Date(b.status_date),
        Cell::Date(Some(b.first_reported)),
        Cell::Date(Some(b.last_updated)),
        t(&b.hs_codes.join("; ")),
        t(&b.wto_refs.join("; ")),
        t(tr.map_or("", |t| strings.label(lang, &t.measure))),
        t(tr.map_or("", |t| strings.label(lang, &t.stage))),
        Cell::Date(tr.map(|t| t.initiated)),
        Cell::Date(tr.and_then(|t| t.imposed)),
        t(tr.and_then(|t| t.case_no.as_deref()).unwrap_or("")),
        t(tr.and_then(|t| t.duty_rate.as_deref()).unwrap_or("")),
        Cell::Number(b.impact.as_ref().map(|i| i.export_value_usd as f64)),
        Cell::Number(b.impact.as_ref().map(|i| i.year as f64)),
        Cell::Number(Some(b.actions.len() as f64)),
        t(&b.sources
            .iter()
            .map(|s| s.url.as_str())
            .collect::<Vec<_>>()
            .join(" ")),
        Cell::Link(format!("{base}{}", lang.url(&paths::barrier(&b.id)))),
    ]
}

fn status_label(lang: Lang, s: Status) -> &'static str {
    match lang {
        Lang::Ko => s.ko(),
        Lang::En => s.en(),
    }
}

const ACTION_COLUMNS: &[(&str, &str, f64)] = &[
    ("번호", "ID", 10.0),
    ("상대국", "Partner", 16.0),
    ("제목", "Title", 40.0),
    ("일자", "Date", 12.0),
    ("경로 코드", "Channel code", 16.0),
    ("경로", "Channel", 24.0),
    ("내용", "Note", 80.0),
];

/// Korea's actions, one row each, by barrier and then date.
pub(crate) fn actions(report: &Report, strings: &Strings, lang: Lang) -> Table {
    let mut rows = Vec::new();
    let mut of = Vec::new();
    for (i, b) in report.barriers.iter().enumerate() {
        let partner = report
            .partners
            .iter()
            .find(|p| p.code == b.partner)
            .map_or("", |p| partner_name(lang, p));
        let title = if lang == Lang::Ko {
            &b.title
        } else {
            &b.title_en
        };
        for a in &b.actions {
            rows.push(vec![
                Cell::Text(b.id.clone()),
                Cell::Text(partner.to_string()),
                Cell::Text(title.clone()),
                Cell::Date(Some(a.date)),
                Cell::Text(a.channel.clone()),
                Cell::Text(strings.label(lang, &a.channel).to_string()),
                Cell::Text(a.note.clone()),
            ]);
            of.push(Some(i));
        }
    }
    Table {
        name: if lang == Lang::Ko {
            "대응 경과"
        } else {
            "Actions"
        },
        columns: columns(ACTION_COLUMNS, lang),
        rows,
        barrier_of_row: of,
    }
}

/// The closed lists' codes with their Korean and English labels: categories, sectors, regions,
/// statuses, trade-remedy measures and stages, action channels.
pub(crate) fn codes(report: &Report, strings: &Strings, lang: Lang) -> Table {
    let tax = &report.taxonomy;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut add = |list: (&str, &str), code: &str, ko: &str, en: &str| {
        let list = if lang == Lang::Ko { list.0 } else { list.1 };
        rows.push(
            [list, code, ko, en]
                .iter()
                .map(|s| Cell::Text(s.to_string()))
                .collect(),
        );
    };
    for (list, terms) in [
        (("분야", "Category"), &tax.categories),
        (("산업", "Sector"), &tax.sectors),
        (("지역", "Region"), &tax.regions),
    ] {
        for t in terms {
            add(list, &t.id, &t.ko, &t.en);
        }
    }
    for s in Status::ALL {
        add(("진행 상황", "Status"), s.id(), s.ko(), s.en());
    }
    for (list, ids) in [
        (("무역구제 조치", "Trade-remedy measure"), &MEASURES[..]),
        (("무역구제 단계", "Trade-remedy stage"), &STAGES[..]),
        (("대응 경로", "Action channel"), &CHANNELS[..]),
    ] {
        for id in ids {
            add(
                list,
                id,
                strings.label(Lang::Ko, id),
                strings.label(Lang::En, id),
            );
        }
    }
    let n = rows.len();
    Table {
        name: if lang == Lang::Ko {
            "코드표"
        } else {
            "Codes"
        },
        columns: columns(
            &[
                ("구분", "List", 18.0),
                ("코드", "Code", 24.0),
                ("한국어", "Korean", 30.0),
                ("English", "English", 40.0),
            ],
            lang,
        ),
        rows,
        barrier_of_row: vec![None; n],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_cell_per_column_and_codes_sit_beside_labels() {
        let report = crate::model::tests_support::report_with(&[
            ("CN-001".into(), Status::Open),
            ("JP-002".into(), Status::Resolved),
        ]);
        for lang in Lang::ALL {
            for table in [
                barriers(&report, &Strings::builtin(), lang, false),
                barriers(&report, &Strings::builtin(), lang, true),
                actions(&report, &Strings::builtin(), lang),
                codes(&report, &Strings::builtin(), lang),
            ] {
                assert!(table.rows.iter().all(|r| r.len() == table.columns.len()));
                assert_eq!(table.rows.len(), table.barrier_of_row.len());
            }
        }
        let ko = barriers(&report, &Strings::builtin(), Lang::Ko, false);
        assert_eq!(ko.columns[11].header, "진행 상황");
        assert_eq!(ko.rows[1][10], Cell::Text("resolved".into()));
        assert_eq!(ko.rows[1][11], Cell::Text("해소".into()));
        let en = barriers(&report, &Strings::builtin(), Lang::En, false);
        assert_eq!(en.rows[1][11], Cell::Text("Resolved".into()));
        assert!(matches!(ko.rows[0][14], Cell::Date(Some(_))));
        assert!(matches!(&ko.rows[0][27], Cell::Link(u) if u.ends_with("/barriers/cn-001/")));
        let codes = codes(&report, &Strings::builtin(), Lang::Ko);
        assert!(codes
            .rows
            .iter()
            .any(|r| r[1] == Cell::Text("in_progress".into())
                && r[2] == Cell::Text("협의 진행 중".into())));
    }
}
