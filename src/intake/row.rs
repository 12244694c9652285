//! One submission row -> the fields of a draft entry, or every problem of the row, each with the
//! column it is in and the fix.
//!
//! Input: the sheet's header (which column holds which field of the form), the row's cells, and
//! the report's closed lists and publication date. Output: [`Fields`], codes resolved from codes
//! or names in either language, dates made dates, lists split; or the row's [`CellProblem`]s.
//! Pure: no I/O.

use super::form::{self, Choice, Column, NoMatch, Values};
use super::sheet::{Row, Value};
use crate::model::Status;
use chrono::NaiveDate;

/// Which column of a sheet holds which field, and where the header row is.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The header row's 1-based number.
    pub row: usize,
    /// The form's columns found, by 0-based column.
    pub columns: Vec<(usize, &'static Column)>,
    /// Each column's header as the sheet writes it, by 0-based column.
    pub names: std::collections::BTreeMap<usize, String>,
}

impl Header {
    /// The 0-based column holding `key`.
    pub(crate) fn col(&self, key: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, c)| c.key == key)
            .map(|(i, _)| *i)
    }
}

/// What the row is checked against: the closed lists and the publication date.
pub(crate) struct Context {
    pub partners: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub sectors: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub published: NaiveDate,
}

impl Context {
    pub(crate) fn new(report: &crate::model::Report) -> Context {
        Context {
            partners: form::choices(Values::Partner, report),
            categories: form::choices(Values::Category, report),
            sectors: form::choices(Values::Sectors, report),
            statuses: form::choices(Values::Status, report),
            published: report.meta.published,
        }
    }
}

/// A row's fields, ready to be written as a draft entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fields {
    pub partner: String,
    pub title: String,
    pub title_en: String,
    pub summary: String,
    pub summary_en: String,
    pub category: String,
    pub sectors: Vec<String>,
    pub status: Status,
    pub status_date: Option<NaiveDate>,
    pub first_reported: NaiveDate,
    pub last_updated: NaiveDate,
    pub hs_codes: Vec<String>,
    pub wto_refs: Vec<String>,
    pub source_title: String,
    pub source_url: String,
    pub source_publisher: Option<String>,
    pub source_date: Option<NaiveDate>,
    pub description: String,
    pub company_impact: Option<String>,
    pub submitted_by: String,
    pub contacts: Option<String>,
    pub slug: Option<String>,
}

/// One problem of a row: the 0-based column it is in (when one), what is wrong, the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellProblem {
    pub col: Option<usize>,
    pub key: Option<&'static str>,
    pub message: String,
    pub hint: String,
}

/// Reads the row's cells field by field, collecting problems.
struct Reader<'a> {
    header: &'a Header,
    row: &'a Row,
    problems: Vec<CellProblem>,
}

/// Splits a list cell: commas (also the ideographic and full-width ones), semicolons, line breaks.
fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '\n', '、', '，', '；'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
}

impl<'a> Reader<'a> {
    fn problem(&mut self, key: &'static str, message: String, hint: impl Into<String>) {
        self.problems.push(CellProblem {
            col: self.header.col(key),
            key: Some(key),
            message,
            hint: hint.into(),
        });
    }

    /// The cell of `key` as text, made NFC, trimmed, its line breaks kept for paragraphs and
    /// folded into spaces otherwise; `None` when it is empty or unusable (a problem is recorded).
    fn text(&mut self, key: &'static str) -> Option<String> {
        let column = form::column(key)?;
        let value = self.row.get(self.header.col(key)?)?;
        let raw = match value {
            Value::Formula => {
                self.problem(
                    key,
                    "the cell holds a formula".into(),
                    "type the value itself: copy the cell, then paste it with 'paste values only'",
                );
                return None;
            }
            Value::Error(e) => {
                self.problem(
                    key,
                    format!("the cell shows the Excel error {e}"),
                    "type the value itself in the cell",
                );
                return None;
            }
            Value::TooLong(n) => {
                self.problem(
                    key,
                    format!(
                        "the cell has {n} characters; this column holds at most {}",
                        column.max_chars
                    ),
                    "shorten it; the details can be added to the entry later",
                );
                return None;
            }
            Value::NotADate => {
                self.problem(
                    key,
                    "the cell holds a time or a duration, not a date".into(),
                    "write the date as 2026-03-05, or format the cell as a date",
                );
                return None;
            }
            other => other.text()?,
        };
        let text = crate::load::split::normalize(&raw);
        if let Some(c) = text.chars().find(|c| crate::load::split::is_forbidden(*c)) {
            self.problem(key, format!("the cell holds the invisible control character U+{:04X}", c as u32), "retype the text, or paste it as plain text: text copied from other programs can carry invisible characters");
            return None;
        }
        let text = if column.values == Values::Paragraphs {
            paragraphs(&text)
        } else {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let n = unicode_segmentation::UnicodeSegmentation::graphemes(text.as_str(), true).count();
        if n > column.max_chars {
            self.problem(
                key,
                format!(
                    "the cell has {n} characters; this column holds at most {}",
                    column.max_chars
                ),
                "shorten it; the details belong in the description",
            );
            return None;
        }
        (!text.is_empty()).then_some(text)
    }

    /// A required cell's text; an empty one is a problem.
    fn required(&mut self, key: &'static str) -> Option<String> {
        let before = self.problems.len();
        let text = self.text(key);
        if text.is_none() && self.problems.len() == before {
            let column = form::column(key)?;
            self.problem(
                key,
                "the cell is empty".into(),
                format!("this column is required: {}", column.help_en),
            );
        }
        text
    }

    /// The code a cell names from a closed list.
    fn choice(
        &mut self,
        key: &'static str,
        value: &str,
        list: &[Choice],
        what: &str,
    ) -> Option<String> {
        match form::resolve(value, list) {
            Ok(c) => Some(c.code.clone()),
            Err(NoMatch::Unknown(sug)) => {
                let sug = sug
                    .map(|s| format!(" (did you mean '{s}'?)"))
                    .unwrap_or_default();
                let codes: Vec<&str> = list.iter().take(8).map(|c| c.code.as_str()).collect();
                let more = if list.len() > 8 { ", ..." } else { "" };
                let mut hint = format!("write a {what} of the 코드표 (Codes) sheet, by its code or its Korean or English name: {}{more}", codes.join(", "));
                if what == "partner" {
                    hint.push_str("; a partner new to the report needs its folder and _partner.md first (ask the editor)");
                }
                self.problem(key, format!("unknown {what} '{value}'{sug}"), hint);
                None
            }
            Err(NoMatch::Ambiguous(codes)) => {
                self.problem(
                    key,
                    format!(
                        "'{value}' names several {what} entries ({})",
                        codes.join(", ")
                    ),
                    "write the code instead of the name",
                );
                None
            }
        }
    }

    /// A date cell: a date cell of Excel, or text such as 2026-03-05, 2026.3.5 or 2026년 3월 5일.
    fn date(&mut self, key: &'static str, need: bool) -> Option<NaiveDate> {
        let hint = "write the date as 2026-03-05, or format the cell as a date";
        match self.header.col(key).and_then(|c| self.row.get(c)) {
            Some(Value::Int(_) | Value::Float(_)) => {
                let n = self
                    .row
                    .get(self.header.col(key)?)?
                    .text()
                    .unwrap_or_default();
                self.problem(
                    key,
                    format!("the cell holds the number {n}, not a date"),
                    hint,
                );
                return None;
            }
            Some(Value::Date(d)) => {
                let iso = d.format("%Y-%m-%d").to_string();
                return match crate::validate::fields::parse_date(&iso) {
                    Ok(d) => Some(d),
                    Err(why) => {
                        self.problem(key, format!("'{iso}' {why}"), hint);
                        None
                    }
                };
            }
            _ => {}
        }
        let raw = if need {
            self.required(key)?
        } else {
            self.text(key)?
        };
        match parse_date(&raw) {
            Ok(d) => Some(d),
            Err(why) => {
                self.problem(key, format!("'{raw}' {why}"), hint);
                None
            }
        }
    }
}

/// A cell's text as paragraphs: each line its own paragraph, blank lines dropped, a line that
/// Markdown would take for a heading (`#`, `===`) escaped.
fn paragraphs(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.replace('\t', " ").trim().to_string())
        .filter(|l| !l.is_empty())
        .map(|l| {
            if l.starts_with('#') || l.chars().all(|c| c == '=' || c == ' ') {
                format!("\\{l}")
            } else {
                l
            }
        })
        .collect();
    lines.join("\n\n")
}

/// Text to a date: `2026-03-05`, `2026.3.5`, `2026. 3. 5.`, `2026/03/05`, `2026년 3월 5일`.
pub(crate) fn parse_date(raw: &str) -> Result<NaiveDate, &'static str> {
    let unified: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '일')
        .map(|c| {
            if matches!(c, '.' | '/' | '년' | '월') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let parts: Vec<&str> = unified.trim_end_matches('-').split('-').collect();
    let shaped = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() == 4
        && parts[1].len() <= 2
        && parts[2].len() <= 2;
    if !shaped {
        return Err("is not a date (write it as 2026-03-05)");
    }
    let iso = format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]);
    crate::validate::fields::parse_date(&iso)
}

// Long: one step per column of the form, in the form's order; each step is a line or two.
/// The row's fields, or all of its problems.
pub(crate) fn map(header: &Header, row: &Row, cx: &Context) -> Result<Fields, Vec<CellProblem>> {
    let mut r = Reader {
        header,
        row,
        problems: Vec::new(),
    };
    let partner = r
        .required("partner")
        .and_then(|v| r.choice("partner", &v, &cx.partners, "partner"));
    let title = r.required("title");
    let title_en = r.required("title_en");
    let summary = r.required("summary");
    let summary_en = r.required("summary_en");
    let category = r
        .required("category")
        .and_then(|v| r.choice("category", &v, &cx.categories, "category"));
    let sectors = sectors(&mut r, cx);
    let status = match r.text("status") {
        Some(v) => r
            .choice("status", &v, &cx.statuses, "status")
            .and_then(|s| Status::from_id(&s)),
        None => Some(Status::Open),
    };
    let status_date = r.date("status_date", false);
    let first_reported = r.date("first_reported", true);
    let last_updated = r.date("last_updated", false);
    let hs_codes = hs_codes(&mut r);
    let wto_refs = wto_refs(&mut r);
    let source_title = r.required("source_title");
    let source_url = r.required("source_url");
    if let Some(u) = &source_url {
        if let Err(why) = crate::validate::check_url(u) {
            r.problem(
                "source_url",
                format!("the source's address {why}: {u}"),
                "copy the full address from the browser, starting with https://",
            );
        }
    }
    let source_publisher = r.text("source_publisher");
    let source_date = r.date("source_date", false);
    let description = r.required("description");
    let company_impact = r.text("company_impact");
    let submitted_by = r.required("submitted_by");
    let contacts = r.text("contacts");
    let slug = r.text("slug");
    if let Some(s) = &slug {
        if !crate::load::is_slug(s) {
            let sug =
                crate::load::suggest_slug(s).unwrap_or_else(|| "cosmetics-efficacy-data".into());
            r.problem("slug", format!("'{s}' is not a file name knte can use"), format!("use lowercase English letters, digits and hyphens, e.g. {sug}; or leave the cell empty to have one made from the English title"));
        }
    }
    // Left empty, the last update is the latest date the row gives: the status or the first report.
    let last_updated = last_updated.or_else(|| first_reported.max(status_date));
    check_dates(
        &mut r,
        cx,
        status,
        status_date,
        first_reported,
        last_updated,
    );
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    let built = (|| {
        Some(Fields {
            partner: partner?,
            title: title?,
            title_en: title_en?,
            summary: summary?,
            summary_en: summary_en?,
            category: category?,
            sectors,
            status: status?,
            status_date,
            first_reported: first_reported?,
            last_updated: last_updated?,
            hs_codes,
            wto_refs,
            source_title: source_title?,
            source_url: source_url?,
            source_publisher,
            source_date,
            description: description?,
            company_impact,
            submitted_by: submitted_by?,
            contacts,
            slug,
        })
    })();
    built.ok_or_else(Vec::new)
}

fn sectors(r: &mut Reader<'_>, cx: &Context) -> Vec<String> {
    let Some(cell) = r.required("sectors") else {
        return vec![];
    };
    let mut out: Vec<String> = Vec::new();
    for item in items(&cell) {
        if let Some(code) = r.choice("sectors", item, &cx.sectors, "sector") {
            if out.contains(&code) {
                r.problem(
                    "sectors",
                    format!("the sector '{item}' is listed twice"),
                    "list each sector once",
                );
            } else {
                out.push(code);
            }
        }
    }
    out
}

fn hs_codes(r: &mut Reader<'_>) -> Vec<String> {
    let Some(cell) = r.text("hs_codes") else {
        return vec![];
    };
    let mut out: Vec<String> = Vec::new();
    for item in items(&cell).flat_map(str::split_whitespace) {
        match crate::validate::hs_code(item) {
            Some(code) if !out.contains(&code) => out.push(code),
            Some(_) => {}
            None => r.problem("hs_codes", format!("'{item}' is not an HS code of 2, 4, 6, 8 or 10 digits"), "write the code's digits, e.g. 3304 or 330499; a code starting with 0 needs the cell formatted as text (the form's HS column is)"),
        }
    }
    out
}

fn wto_refs(r: &mut Reader<'_>) -> Vec<String> {
    let Some(cell) = r.text("wto_refs") else {
        return vec![];
    };
    let mut out: Vec<String> = Vec::new();
    for item in items(&cell).flat_map(str::split_whitespace) {
        if !crate::validate::is_wto_symbol(item) {
            r.problem("wto_refs", format!("'{item}' is not a WTO document symbol"), "write the symbol as the WTO prints it, e.g. G/TBT/N/CHN/1650 or G/SPS/N/IDN/123/Add.1");
        } else if !out.iter().any(|x| x == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// The rules between dates that `knte check` applies, each reported at the cell to change.
fn check_dates(
    r: &mut Reader<'_>,
    cx: &Context,
    status: Option<Status>,
    status_date: Option<NaiveDate>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
) {
    let given = |r: &Reader<'_>, key| r.header.col(key).and_then(|c| r.row.get(c)).is_some();
    if let Some(s) = status.filter(|s| *s != Status::Open) {
        if status_date.is_none() && !given(r, "status_date") {
            let key = if r.header.col("status_date").is_some() {
                "status_date"
            } else {
                "status"
            };
            r.problem(key, format!("the status is {} ({}), so the status date is required", s.ko(), s.id()), "write the day the status was reached, e.g. 2026-03-05, or leave the status empty if the barrier is still open");
        }
    }
    let published = cx.published;
    let Some(first) = first else { return };
    // A late last update is in whichever cell gave it.
    let last_key = if given(r, "last_updated") {
        "last_updated"
    } else if status_date.is_some_and(|s| s > first) {
        "status_date"
    } else {
        "first_reported"
    };
    if let Some(last) = last {
        if last < first {
            r.problem(
                "last_updated",
                format!("the last update ({last}) is before the day first reported ({first})"),
                "an entry is updated on or after the day it is first reported: check both dates",
            );
        } else if last > published {
            r.problem(last_key, format!("{last} is after the report's publication date ({published})"), "an entry cannot report facts dated after the report is published: check the date, or ask the editor whether published in content/_report.md should move");
        }
    }
    if let Some(s) = status_date {
        if s < first {
            r.problem("status_date", format!("the status date ({s}) is before the day first reported ({first})"), "the status is reached on or after the day the barrier is first reported: check both dates");
        } else if s > published {
            r.problem(
                "status_date",
                format!("{s} is after the report's publication date ({published})"),
                "an entry cannot report facts dated after the report is published: check the date",
            );
        }
    }
}

#[cfg(test)]
mod tests;
