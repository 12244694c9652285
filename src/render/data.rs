//! Data files: [`Report`] -> `data/barriers.json`, `data/barriers.csv` and `data/barriers.xlsx`.
//!
//! One flat record per barrier ([`Record`]) feeds all three, so they always agree. The JSON carries a
//! `schema_version` (documented in docs/data-schema.md); the CSV starts with a UTF-8 byte-order mark
//! so Excel reads Korean; spreadsheet cells that would start a formula are neutralised.

use super::{needs_neutralizing, neutralize_cell, paths, Files, Lang};
use crate::diagnostics::{Diagnostic, Pos};
use crate::model::{Barrier, Report};
use serde::Serialize;

/// Bump the major number when a field is removed or changes meaning; the minor one when a field is added.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    pub partner: &'a str,
    pub partner_name: &'a str,
    pub partner_name_en: &'a str,
    pub region: &'a str,
    pub title: &'a str,
    pub title_en: &'a str,
    pub summary: &'a str,
    pub summary_en: &'a str,
    pub category: &'a str,
    pub sectors: &'a [String],
    pub status: &'static str,
    pub status_date: Option<String>,
    pub first_reported: String,
    pub last_updated: String,
    pub hs_codes: &'a [String],
    pub wto_refs: &'a [String],
    pub trade_remedy: Option<&'a crate::model::TradeRemedy>,
    pub impact: Option<&'a crate::model::Impact>,
    pub related: &'a [String],
    pub actions: &'a [crate::model::Action],
    pub sources: &'a [crate::model::SourceRef],
    pub url: String,
    pub url_en: String,
    pub has_english_body: bool,
    /// The workflow stage, in the circulation edition only (the public edition is all approved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'static str>,
}

/// The record of `b`; `with_stage` adds its workflow stage (the circulation edition).
pub fn record<'a>(report: &'a Report, b: &'a Barrier, with_stage: bool) -> Record<'a> {
    let p = report
        .partners
        .iter()
        .find(|p| p.code == b.partner)
        .expect("validated partner");
    let base = &report.meta.base_url;
    Record {
        id: &b.id,
        partner: &b.partner,
        partner_name: &p.name,
        partner_name_en: &p.name_en,
        region: &p.region,
        title: &b.title,
        title_en: &b.title_en,
        summary: &b.summary,
        summary_en: &b.summary_en,
        category: &b.category,
        sectors: &b.sectors,
        status: b.status.id(),
        status_date: b.status_date.map(|d| d.to_string()),
        first_reported: b.first_reported.to_string(),
        last_updated: b.last_updated.to_string(),
        hs_codes: &b.hs_codes,
        wto_refs: &b.wto_refs,
        trade_remedy: b.trade_remedy.as_ref(),
        impact: b.impact.as_ref(),
        related: &b.related,
        actions: &b.actions,
        sources: &b.sources,
        url: format!("{base}{}", Lang::Ko.url(&paths::barrier(&b.id))),
        url_en: format!("{base}{}", Lang::En.url(&paths::barrier(&b.id))),
        has_english_body: b.body_en.is_some(),
        stage: with_stage.then(|| b.stage.id()),
    }
}

/// The spreadsheet columns, with `stage` last when the records carry it.
fn columns(with_stage: bool) -> Vec<(&'static str, f64)> {
    let mut v = COLUMNS.to_vec();
    if with_stage {
        v.push(("stage", 12.0));
    }
    v
}

/// The spreadsheet columns: header and value of each.
const COLUMNS: &[(&str, f64)] = &[
    ("id", 10.0),
    ("partner", 8.0),
    ("partner_name", 14.0),
    ("partner_name_en", 18.0),
    ("region", 14.0),
    ("title", 40.0),
    ("title_en", 40.0),
    ("summary", 60.0),
    ("summary_en", 60.0),
    ("category", 18.0),
    ("sectors", 24.0),
    ("status", 14.0),
    ("status_date", 12.0),
    ("first_reported", 12.0),
    ("last_updated", 12.0),
    ("hs_codes", 18.0),
    ("wto_refs", 22.0),
    ("trade_remedy_measure", 16.0),
    ("trade_remedy_stage", 14.0),
    ("trade_remedy_initiated", 12.0),
    ("trade_remedy_imposed", 12.0),
    ("trade_remedy_case_no", 18.0),
    ("trade_remedy_duty_rate", 20.0),
    ("actions", 10.0),
    ("sources", 50.0),
    ("url", 40.0),
];

fn row(r: &Record<'_>) -> Vec<String> {
    let tr = r.trade_remedy;
    vec![
        r.id.into(),
        r.partner.into(),
        r.partner_name.into(),
        r.partner_name_en.into(),
        r.region.into(),
        r.title.into(),
        r.title_en.into(),
        r.summary.into(),
        r.summary_en.into(),
        r.category.into(),
        r.sectors.join("; "),
        r.status.into(),
        r.status_date.clone().unwrap_or_default(),
        r.first_reported.clone(),
        r.last_updated.clone(),
        r.hs_codes.join("; "),
        r.wto_refs.join("; "),
        tr.map(|t| t.measure.clone()).unwrap_or_default(),
        tr.map(|t| t.stage.clone()).unwrap_or_default(),
        tr.map(|t| t.initiated.to_string()).unwrap_or_default(),
        tr.and_then(|t| t.imposed)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        tr.and_then(|t| t.case_no.clone()).unwrap_or_default(),
        tr.and_then(|t| t.duty_rate.clone()).unwrap_or_default(),
        r.actions.len().to_string(),
        r.sources
            .iter()
            .map(|s| s.url.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        r.url.clone(),
    ]
    .into_iter()
    .chain(r.stage.map(str::to_string))
    .collect()
}

/// Most characters in an Excel cell; longer text is cut there (with a warning) in the XLSX only.
const XLSX_CELL_MAX: usize = 32_767;

/// Renders the three data files; the warnings name the barriers whose text had to be cut to fit
/// an Excel cell. `with_stage` (the circulation edition) adds each entry's workflow stage.
pub fn render(report: &Report, with_stage: bool) -> Result<(Files, Vec<Diagnostic>), String> {
    let records: Vec<Record> = report
        .barriers
        .iter()
        .map(|b| record(report, b, with_stage))
        .collect();
    let columns = columns(with_stage);
    let mut files = Files::default();

    #[derive(Serialize)]
    struct Doc<'a> {
        schema_version: &'static str,
        report: ReportInfo<'a>,
        barriers: &'a [Record<'a>],
    }
    #[derive(Serialize)]
    struct ReportInfo<'a> {
        title: &'a str,
        title_en: &'a str,
        edition: i64,
        published: String,
        publisher: &'a str,
        publisher_en: &'a str,
        sample: bool,
    }
    let m = &report.meta;
    let doc = Doc {
        schema_version: SCHEMA_VERSION,
        report: ReportInfo {
            title: &m.title,
            title_en: &m.title_en,
            edition: m.edition,
            published: m.published.to_string(),
            publisher: &m.publisher,
            publisher_en: &m.publisher_en,
            sample: m.sample,
        },
        barriers: &records,
    };
    let mut json = serde_json::to_vec_pretty(&doc).map_err(|e| e.to_string())?;
    json.push(b'\n');
    files.add("data/barriers.json", json);

    let mut csv = String::from("\u{feff}");
    csv_line(&mut csv, columns.iter().map(|c| c.0.to_string()));
    for r in &records {
        csv_line(
            &mut csv,
            row(r).into_iter().map(|c| neutralize_cell(&c).into_owned()),
        );
    }
    files.add("data/barriers.csv", csv);

    let (xlsx, cut) = xlsx(report, &records, &columns)?;
    files.add("data/barriers.xlsx", xlsx);
    let warnings = cut
        .into_iter()
        .map(|(r, column)| {
            Diagnostic::warning(
                &report.barriers[r].file,
                Pos::FILE,
                format!("the data file barriers.xlsx holds only the first {XLSX_CELL_MAX} characters of '{column}' (Excel's limit)"),
            )
            .with_hint("barriers.json and barriers.csv hold the whole text; shorten the field to keep the workbook complete")
            .grouped(crate::diagnostics::Group::CellTooLong)
        })
        .collect();
    Ok((files, warnings))
}

fn csv_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let mut first = true;
    for cell in cells {
        if !first {
            out.push(',');
        }
        first = false;
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

/// The workbook, and the (record, column) pairs whose text was cut to fit a cell.
fn xlsx(
    report: &Report,
    records: &[Record<'_>],
    columns: &[(&'static str, f64)],
) -> Result<(Vec<u8>, Vec<(usize, &'static str)>), String> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let published = report.meta.published;
    let created = ExcelDateTime::from_ymd(
        published.format("%Y").to_string().parse().unwrap_or(2026),
        published.format("%m").to_string().parse().unwrap_or(1),
        published.format("%d").to_string().parse().unwrap_or(1),
    )
    .map_err(err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&report.meta.title)
            .set_author(&report.meta.publisher)
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name("barriers").map_err(err)?;
    let header = Format::new()
        .set_bold()
        .set_background_color("DCE6F2")
        .set_border_bottom(FormatBorder::Thin);
    let quoted = Format::new().set_quote_prefix();
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &header)
            .map_err(err)?;
        ws.set_column_width(c as u16, *width).map_err(err)?;
    }
    let mut cut = Vec::new();
    for (r, rec) in records.iter().enumerate() {
        for (c, cell) in row(rec).iter().enumerate() {
            let cell = match cell.char_indices().nth(XLSX_CELL_MAX) {
                Some((end, _)) => {
                    cut.push((r, columns[c].0));
                    &cell[..end]
                }
                None => cell.as_str(),
            };
            // Text is written as text, never as a formula; cells that look like one get Excel's
            // quote prefix as well, so editing them cannot turn them into formulas.
            if needs_neutralizing(cell) {
                ws.write_string_with_format(r as u32 + 1, c as u16, cell, &quoted)
                    .map_err(err)?;
            } else {
                ws.write_string(r as u32 + 1, c as u16, cell).map_err(err)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.autofilter(0, 0, records.len() as u32, columns.len() as u16 - 1)
        .map_err(err)?;
    Ok((wb.save_to_buffer().map_err(err)?, cut))
}
