//! Data files: [`Report`] -> `data/barriers.json`, and `barriers.csv` and `barriers.xlsx` in Korean
//! (`data/`) and English (`en/data/`).
//!
//! The JSON holds one flat record per barrier ([`Record`]) with every field, keyed for programs, and a
//! `schema_version` (documented in docs/data-schema.md). The CSV and the workbook are for people:
//! headers and labels in the language of their folder, codes beside labels ([`super::table`]); the
//! CSV starts with a UTF-8 byte-order mark so Excel reads Korean; cells that would start a formula
//! are neutralised.

use super::i18n::Strings;
use super::{neutralize_cell, paths, table, workbook, Files, Lang};
use crate::diagnostics::{Diagnostic, Pos};
use crate::model::{Barrier, Report};
use serde::Serialize;

/// Bump the major number when a field is removed or changes meaning; the minor one when a field is added.
pub(crate) const SCHEMA_VERSION: &str = "1.0";

#[derive(Debug, Serialize)]
pub(crate) struct Record<'a> {
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
pub(crate) fn record<'a>(report: &'a Report, b: &'a Barrier, with_stage: bool) -> Record<'a> {
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

/// Renders the three data files (labels from `strings`); the warnings name the barriers whose text had to be cut to fit
/// an Excel cell. `with_stage` (the circulation edition) adds each entry's workflow stage.
pub(crate) fn render(
    report: &Report,
    strings: &Strings,
    with_stage: bool,
) -> Result<(Files, Vec<Diagnostic>), String> {
    let records: Vec<Record> = report
        .barriers
        .iter()
        .map(|b| record(report, b, with_stage))
        .collect();
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

    let mut warnings = Vec::new();
    for lang in Lang::ALL {
        let tables = [
            table::barriers(report, strings, lang, with_stage),
            table::actions(report, strings, lang),
            table::codes(report, strings, lang),
        ];
        let dir = match lang {
            Lang::Ko => "data/",
            Lang::En => "en/data/",
        };
        files.add(format!("{dir}barriers.csv"), csv(&tables[0]));
        let (xlsx, cut) = workbook::render(report, lang, &tables)?;
        files.add(format!("{dir}barriers.xlsx"), xlsx);
        warnings.extend(cut.into_iter().map(|c| {
            let file = c.barrier.map_or("content", |i| report.barriers[i].file.as_str());
            Diagnostic::warning(
                file,
                Pos::FILE,
                format!(
                    "the data file {dir}barriers.xlsx holds only the first {} characters of '{}' (Excel's limit)",
                    workbook::CELL_MAX,
                    c.column
                ),
            )
            .with_hint("barriers.json and barriers.csv hold the whole text; shorten the field to keep the workbook complete")
            .grouped(crate::diagnostics::Group::CellTooLong)
        }));
    }
    Ok((files, warnings))
}

/// A table as CSV: UTF-8 with a byte-order mark (so Excel reads Korean), CRLF line ends, one
/// header row; cells that would start a formula neutralised.
fn csv(table: &table::Table) -> String {
    let mut out = String::from("\u{feff}");
    csv_line(&mut out, table.columns.iter().map(|c| c.header.to_string()));
    for row in &table.rows {
        csv_line(
            &mut out,
            row.iter().map(|c| neutralize_cell(&c.text()).into_owned()),
        );
    }
    out
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
