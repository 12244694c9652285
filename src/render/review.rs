//! The review briefing as files: [`Review`] -> an HTML page and a PDF, both marked internal.
//!
//! Input: the computed [`Review`], the report's metadata (title, publisher, the circulation
//! notice), the interface texts and, for the PDF, the fonts. Output: [`Files`]: `index.html` (one page, its style
//! inline, `noindex`, the notice in a banner) and `review-<period>.pdf` (the notice as a watermark
//! at the top and foot of every page). Both show the same six sections, in the same order.

use super::escape::esc;
use super::i18n::Strings;
use super::pdf::fonts::Fonts;
use super::pdf::layout::{self, Flow, ParaStyle, Span, WATERMARK};
use super::pdf::write;
use super::{Files, Lang};
use crate::model::{ReportMeta, Status};
use crate::review::{Entry, Line, Review};
use std::collections::BTreeSet;

/// A table: its heading, column names and rows of cells.
struct Table {
    id: &'static str,
    title: String,
    empty: &'static str,
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

fn entry_cells(e: &Entry) -> Vec<String> {
    vec![
        e.id.clone(),
        e.partner.clone(),
        e.title.clone(),
        e.stage.to_string(),
    ]
}

fn line_rows(lines: &[Line], strings: &Strings) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            let mut row = vec![
                l.date.to_string(),
                strings.label(Lang::Ko, &l.channel).to_string(),
                l.note.clone(),
            ];
            row.extend(entry_cells(&l.entry));
            row
        })
        .collect()
}

/// The briefing's sections, as tables, in order.
fn tables(r: &Review, strings: &Strings) -> Vec<Table> {
    let mut all = activity(r, strings);
    all.extend(entries(r, strings));
    all.push(focus(r));
    all
}

const LINE_HEAD: [&str; 7] = ["날짜", "경로", "내용", "id", "상대국", "항목", "단계"];
const ENTRY_HEAD: [&str; 6] = ["id", "상대국", "항목", "단계", "진행 상황", "날짜"];

/// Sections 1 and 1-1: the actions in the period, and their counts by channel and partner.
fn activity(r: &Review, strings: &Strings) -> Vec<Table> {
    let mut counts: Vec<Vec<String>> = r
        .by_channel
        .iter()
        .map(|(c, n)| {
            vec![
                "경로".into(),
                strings.label(Lang::Ko, c).into(),
                n.to_string(),
            ]
        })
        .collect();
    counts.extend(
        r.by_partner
            .iter()
            .map(|(p, n)| vec!["상대국".into(), p.clone(), n.to_string()]),
    );
    vec![
        Table {
            id: "actions",
            title: format!("1. 기간 중 우리 정부의 대응 ({}건)", r.actions.len()),
            empty: "기간 중 기록된 대응이 없습니다.",
            head: LINE_HEAD.to_vec(),
            rows: line_rows(&r.actions, strings),
        },
        Table {
            id: "actions-by",
            title: "1-1. 대응 경로별·상대국별 건수".into(),
            empty: "기간 중 기록된 대응이 없습니다.",
            head: vec!["구분", "경로·상대국", "건수"],
            rows: counts,
        },
    ]
}

/// The rows of a list of entries, each with its status and the date `date` picks.
fn status_rows(list: &[Entry], date: fn(&Entry) -> String) -> Vec<Vec<String>> {
    list.iter()
        .map(|e| {
            let mut row = entry_cells(e);
            row.push(e.status.ko().to_string());
            row.push(date(e));
            row
        })
        .collect()
}

/// Sections 2 to 5: status changes, the steps due next and overdue, the stale entries.
fn entries(r: &Review, strings: &Strings) -> Vec<Table> {
    let (c0, c1) = r.coming;
    vec![
        Table {
            id: "status-changes",
            title: format!(
                "2. 기간 중 진행 상황이 바뀐 항목 ({}건)",
                r.status_changes.len()
            ),
            empty: "기간 중 진행 상황이 바뀐 항목이 없습니다.",
            head: ENTRY_HEAD.to_vec(),
            rows: status_rows(&r.status_changes, |e| {
                e.status_date.map(|d| d.to_string()).unwrap_or_default()
            }),
        },
        Table {
            id: "due-next",
            title: format!(
                "3. 다음 분기({c0} ~ {c1})에 예정된 단계 ({}건)",
                r.due_next.len()
            ),
            empty: "다음 분기에 예정된 단계가 없습니다.",
            head: LINE_HEAD.to_vec(),
            rows: line_rows(&r.due_next, strings),
        },
        Table {
            id: "overdue",
            title: format!(
                "4. 기한({})이 지난 예정 단계 ({}건)",
                r.period.to,
                r.overdue.len()
            ),
            empty: "기한이 지난 예정 단계가 없습니다.",
            head: LINE_HEAD.to_vec(),
            rows: line_rows(&r.overdue, strings),
        },
        Table {
            id: "stale",
            title: format!(
                "5. {}개월 넘게 갱신되지 않은 항목 ({}건)",
                r.stale_after,
                r.stale.len()
            ),
            empty: "오래 갱신되지 않은 항목이 없습니다.",
            head: ENTRY_HEAD.to_vec(),
            rows: status_rows(&r.stale, |e| e.last_updated.to_string()),
        },
    ]
}

/// Section 6: the focus sectors.
fn focus(r: &Review) -> Table {
    let mut head = vec!["산업", "항목"];
    head.extend(Status::ALL.iter().map(|s| s.ko()));
    head.push("기간 중 대응");
    Table {
        id: "focus",
        title: "6. 중점 산업".into(),
        empty: "_report.md에 focus_sectors가 없습니다.",
        head,
        rows: r
            .focus
            .iter()
            .map(|f| {
                let mut row = vec![f.label.clone(), f.entries.to_string()];
                row.extend(f.by_status.iter().map(usize::to_string));
                row.push(f.actions.to_string());
                row
            })
            .collect(),
    }
}

fn title(r: &Review, meta: &ReportMeta) -> String {
    format!(
        "{} 작업반 점검 자료: {} ~ {}",
        meta.title, r.period.from, r.period.to
    )
}

/// The briefing's HTML page: self-contained, marked internal, not to be indexed.
pub(crate) fn html(r: &Review, meta: &ReportMeta, strings: &Strings) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(super::html::NOINDEX);
    out.push_str(&format!(
        "\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title(r, meta))
    ));
    out.push_str(&format!(
        "<div class=\"circulation-banner\" role=\"note\"><strong>{}</strong> · 작업반 내부 자료입니다. 외부에 공개하거나 전달하지 마십시오.</div>\n<main>\n<h1>{}</h1>\n<p>{} · 기간 {} ~ {} · 모든 작성 단계의 항목을 포함합니다.</p>\n",
        esc(&meta.circulation_notice),
        esc(&title(r, meta)),
        esc(&meta.publisher),
        r.period.from,
        r.period.to
    ));
    for t in tables(r, strings) {
        out.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            t.id,
            esc(&t.title)
        ));
        if t.rows.is_empty() {
            out.push_str(&format!("<p class=\"empty\">{}</p>\n", esc(t.empty)));
        } else {
            out.push_str("<table>\n<thead><tr>");
            for h in &t.head {
                out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in &t.rows {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str(&format!("<td>{}</td>", esc(cell)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str(&format!(
        "</main>\n<footer><p>{}</p></footer>\n</body>\n</html>\n",
        esc(&meta.circulation_notice)
    ));
    out
}

const STYLE: &str = "body{margin:0;font-family:system-ui,'Noto Sans KR','Malgun Gothic',sans-serif;color:#1c1c21;line-height:1.55}\
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}\
.circulation-banner{background:#7a1712;color:#fff;font-weight:600;padding:.5rem 1.25rem}\
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:2px solid #1c1c21;padding-bottom:.3rem;margin-top:2rem}\
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border-bottom:1px solid #c8ccd4;padding:.35rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef1f6}.empty{color:#5c6169}footer{text-align:center;color:#7a1712;font-weight:600}\
@media print{.circulation-banner{background:none;color:#000;border:2px solid #000}}";

/// One table of the briefing as PDF flow: its heading, then its rows or the line saying there are none.
fn table_flow(t: &Table, span: &dyn Fn(&str) -> Span) -> Vec<Flow> {
    let mut flow = vec![Flow::Heading {
        level: 2,
        spans: vec![span(&t.title).bold()],
        anchor: None,
        outline: Some(2),
        toc: None,
    }];
    if t.rows.is_empty() {
        flow.push(Flow::Para {
            spans: vec![span(t.empty)],
            style: ParaStyle::body(),
        });
        return flow;
    }
    flow.push(Flow::Table {
        head: t.head.iter().map(|h| vec![span(h).bold()]).collect(),
        rows: t
            .rows
            .iter()
            .map(|row| row.iter().map(|c| vec![span(c)]).collect())
            .collect(),
        size: 8.0,
        widths: None,
        caption: None,
    });
    flow
}

/// The briefing's PDF, with the notice as a watermark on every page. `Err` with the characters
/// no font has, when there are any: the caller reports where they are, and nothing is written.
pub(crate) fn pdf(
    r: &Review,
    meta: &ReportMeta,
    fonts: &Fonts,
    strings: &Strings,
) -> Result<(Vec<u8>, usize), Failure> {
    let missing = std::cell::RefCell::new(BTreeSet::new());
    let clean = |s: &str| -> String {
        missing
            .borrow_mut()
            .extend(s.chars().filter(|c| !fonts.has(*c)));
        s.to_string()
    };
    let span = |s: &str| Span::new(clean(s));
    let mut flow = vec![
        Flow::Heading {
            level: 1,
            spans: vec![span(&title(r, meta)).bold()],
            anchor: None,
            outline: Some(1),
            toc: None,
        },
        Flow::Para {
            spans: vec![span(&format!(
                "{} · 모든 작성 단계의 항목을 포함합니다. 작업반 내부 자료이므로 외부에 공개하거나 전달하지 마십시오.",
                meta.publisher
            ))
            .color(WATERMARK)],
            style: ParaStyle::body(),
        },
    ];
    for t in tables(r, strings) {
        flow.extend(table_flow(&t, &span));
    }
    let furniture = layout::Furniture {
        header_left: clean(&meta.title),
        watermark: Some(clean(&meta.circulation_notice)),
        body_anchor: None,
        print: false,
    };
    let missing = missing.into_inner();
    if !missing.is_empty() {
        return Err(Failure::Glyphs(missing));
    }
    let laid = layout::layout(&flow, fonts, &furniture);
    let info = write::DocInfo {
        title: title(r, meta),
        author: meta.publisher.clone(),
        subject: format!("{} ({})", meta.circulation_notice, r.period.label),
        lang: "ko-KR".into(),
        timestamp: r
            .period
            .to
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc().timestamp())
            .unwrap_or(0),
    };
    let n = laid.pages.len();
    let bytes = write::write(laid, fonts, &info).map_err(Failure::Pdf)?;
    Ok((bytes, n))
}

/// Why the briefing's PDF was not made.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Characters no font has a glyph for.
    Glyphs(BTreeSet<char>),
    /// The PDF could not be written (a font could not be subset).
    Pdf(String),
}

/// Both files of the briefing.
pub(crate) fn render(
    r: &Review,
    meta: &ReportMeta,
    fonts: &Fonts,
    strings: &Strings,
) -> Result<(Files, usize), Failure> {
    let mut files = Files::default();
    files.add("index.html", html(r, meta, strings));
    let (bytes, pages) = pdf(r, meta, fonts, strings)?;
    files.add(format!("review-{}.pdf", r.period.label), bytes);
    Ok((files, pages))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests_support::report_with;
    use crate::review::{review, Period};

    #[test]
    fn the_page_is_marked_internal_and_escapes_what_it_shows() {
        let mut report = report_with(&[("CN-001".into(), Status::Open)]);
        report.barriers[0].title = "<script>x</script>".into();
        report.barriers[0].last_updated = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let r = review(&report, &Period::parse("2026Q1").unwrap());
        let page = html(&r, &report.meta, &Strings::builtin());
        assert!(page.contains(super::super::html::NOINDEX));
        assert!(page.contains(&report.meta.circulation_notice));
        assert!(!page.contains("<script>") && page.contains("&lt;script&gt;"));
        for id in [
            "actions",
            "status-changes",
            "due-next",
            "overdue",
            "stale",
            "focus",
        ] {
            assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
        }
        assert!(page.contains("기간 중 기록된 대응이 없습니다."));
    }
}
