//! Survey intake (`knte import`): the sheets of a filled-in submission form -> draft entry files.
//!
//! Input: the workbook's sheets ([`sheet::read`]), the validated report, and what the loader
//! found in `content/` (each partner's entry texts, for the next free id as `knte new` finds it;
//! the files that exist; the fingerprints of the rows imported before). Output: a [`Plan`]: the
//! files to write (each checked as `knte check` will check it), the problems of the rows left out
//! (file, sheet, row, column and the fix), and the rows that were imported before. Pure: the
//! caller reads the workbook through the loader and writes the files through the writer.

pub(crate) mod draft;
pub(crate) mod form;
pub(crate) mod row;
pub(crate) mod sheet;

use crate::diagnostics::{terminal_safe, Severity};
use crate::model::Report;
use form::{Column, COLUMNS, HEADER_SCAN, MAX_ROWS};
use row::{CellProblem, Context, Header};
use sheet::{Row, Sheet};
use std::collections::{BTreeMap, BTreeSet};

/// What already exists under `content/`, as the loader and the validator saw it.
#[derive(Debug, Default)]
pub(crate) struct Existing {
    /// Each partner code's barrier file texts.
    pub texts: BTreeMap<String, Vec<String>>,
    /// Every file under `content/`, relative to it (`cn/x.md`).
    pub paths: BTreeSet<String>,
    /// The fingerprints of imported rows (`internal.intake_fingerprint`): the entry's id and file.
    pub fingerprints: BTreeMap<String, (String, String)>,
}

impl Existing {
    /// The fingerprints recorded in the report's entries.
    pub(crate) fn fingerprints_of(report: &Report) -> BTreeMap<String, (String, String)> {
        let mut out = BTreeMap::new();
        for b in &report.barriers {
            let recorded = b.internal.as_ref().and_then(|i| {
                i.0.iter()
                    .find(|(k, _)| k == draft::FINGERPRINT_KEY)
                    .and_then(|(_, v)| match v {
                        crate::load::yaml::Node::Str(s) => Some(s.clone()),
                        _ => None,
                    })
            });
            if let Some(fp) = recorded {
                out.insert(fp, (b.id.clone(), b.file.clone()));
            }
        }
        out
    }
}

/// A problem of the workbook, a sheet or a row, printed like `knte check`'s diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The workbook's file name.
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row.
    pub row: Option<usize>,
    /// 0-based column, and its header.
    pub col: Option<(usize, String)>,
    pub message: String,
    pub hint: String,
}

impl Problem {
    /// `survey.xlsx: sheet 접수, row 7, column C (제목): error: ...` and `  = hint: ...`.
    pub fn render_text(&self) -> String {
        let mut place = terminal_safe(&self.file).into_owned();
        let mut parts = Vec::new();
        if let Some(s) = &self.sheet {
            parts.push(format!("sheet {}", terminal_safe(s)));
        }
        if let Some(r) = self.row {
            parts.push(format!("row {r}"));
        }
        if let Some((c, h)) = &self.col {
            parts.push(format!(
                "column {} \"{}\"",
                form::letter(*c),
                terminal_safe(h)
            ));
        }
        if !parts.is_empty() {
            place.push_str(": ");
            place.push_str(&parts.join(", "));
        }
        let mut out = format!(
            "{place}: {}: {}",
            self.severity.label(),
            terminal_safe(&self.message)
        );
        if !self.hint.is_empty() {
            out.push_str(&format!("\n  = hint: {}", terminal_safe(&self.hint)));
        }
        out
    }
}

/// A draft entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// `content/cn/x.md`
    pub rel: String,
    pub id: String,
    pub title: String,
    pub text: String,
    pub sheet: String,
    pub row: usize,
}

/// A row imported before: where it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub sheet: String,
    pub row: usize,
    pub id: String,
    pub file: String,
}

/// What an import will do.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<Planned>,
    pub problems: Vec<Problem>,
    pub known: Vec<Known>,
    /// Submission rows read (rows with content below a header row).
    pub rows: usize,
}

impl Plan {
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
}

/// Plans the import of `sheets`, read from the workbook called `file_name`.
pub(crate) fn plan(
    file_name: &str,
    sheets: &[Sheet],
    report: &Report,
    existing: &Existing,
) -> Plan {
    let mut run = Run {
        file_name,
        report,
        existing,
        cx: Context::new(report),
        plan: Plan::default(),
        last_id: BTreeMap::new(),
        taken: existing.paths.clone(),
        seen: BTreeMap::new(),
    };
    let mut with_header = 0;
    for sheet in sheets {
        if run.sheet(sheet) {
            with_header += 1;
        }
    }
    if with_header == 0 {
        let sample: Vec<&str> = COLUMNS.iter().take(4).map(|c| c.ko).collect();
        run.plan.problems.push(Problem {
            severity: Severity::Error,
            file: file_name.into(),
            sheet: None,
            row: None,
            col: None,
            message: "no sheet has the form's header row".into(),
            hint: format!(
                "the form's first row names its columns ({}, ...; or the English headers): start from the form on the site's downloads page (data/barrier-report-form.xlsx)",
                sample.join(", ")
            ),
        });
    }
    run.plan
}

/// One import being planned.
struct Run<'a> {
    file_name: &'a str,
    report: &'a Report,
    existing: &'a Existing,
    cx: Context,
    plan: Plan,
    /// The last id handed out per partner.
    last_id: BTreeMap<String, String>,
    /// Files that exist or are planned, relative to `content/`.
    taken: BTreeSet<String>,
    /// Fingerprints of this workbook's rows: where first seen.
    seen: BTreeMap<String, (String, usize)>,
}

impl Run<'_> {
    fn problem(
        &mut self,
        sheet: &str,
        row: Option<usize>,
        col: Option<(usize, String)>,
        severity: Severity,
        message: String,
        hint: String,
    ) {
        self.plan.problems.push(Problem {
            severity,
            file: self.file_name.into(),
            sheet: Some(sheet.into()),
            row,
            col,
            message,
            hint,
        });
    }

    /// Plans one sheet; false when it has no header row of the form.
    fn sheet(&mut self, sheet: &Sheet) -> bool {
        let Some(header) = self.header(sheet) else {
            if !sheet.rows.is_empty() {
                self.problem(&sheet.name, None, None, Severity::Warning, "the sheet has no header row of the form in its first rows; it was not read".into(), "if it holds submissions, copy them into the form's 접수 (Submissions) sheet under its header row".into());
            }
            return false;
        };
        let data: Vec<&Row> = sheet
            .rows
            .iter()
            .filter(|r| r.number > header.row)
            .collect();
        if data.len() > MAX_ROWS {
            self.problem(
                &sheet.name,
                None,
                None,
                Severity::Error,
                format!(
                    "the sheet has {} rows; an import reads at most {MAX_ROWS}",
                    data.len()
                ),
                format!("split the submissions into files of at most {MAX_ROWS} rows each"),
            );
            return true;
        }
        let missing: Vec<&Column> = COLUMNS
            .iter()
            .filter(|c| c.required && header.col(c.key).is_none())
            .collect();
        for c in &missing {
            self.problem(&sheet.name, Some(header.row), None, Severity::Error, format!("the header row has no column {} ({} / {})", c.ko, c.en, c.key), "add the column with this header (the form has it), then import again; the sheet's rows were not read".into());
        }
        if !missing.is_empty() {
            return true;
        }
        for row in data {
            let filled = header.columns.iter().any(|(c, _)| row.get(*c).is_some());
            if filled {
                self.plan.rows += 1;
                self.row(sheet, &header, row);
            }
        }
        true
    }

    /// The header row: the first of the top rows naming three or more of the form's columns.
    /// Cells naming no column are reported, as are columns named twice.
    fn header(&mut self, sheet: &Sheet) -> Option<Header> {
        let row = sheet
            .rows
            .iter()
            .take_while(|r| r.number <= HEADER_SCAN)
            .find(|r| {
                let keys: BTreeSet<&str> = r
                    .cells
                    .iter()
                    .filter_map(|(_, v)| v.text().and_then(|t| form::header_column(&t)))
                    .map(|c| c.key)
                    .collect();
                keys.len() >= 3
            })?;
        let mut columns: Vec<(usize, &'static Column)> = Vec::new();
        let mut names = BTreeMap::new();
        for (c, v) in &row.cells {
            let text = v.text().unwrap_or_default();
            names.insert(*c, text.trim().to_string());
            match form::header_column(&text) {
                Some(col) => match columns.iter().find(|(_, x)| x.key == col.key) {
                    Some((first, _)) => {
                        let first = form::letter(*first);
                        self.problem(&sheet.name, Some(row.number), Some((*c, text.clone())), Severity::Warning, format!("the column repeats the header of column {first}; its cells are not imported"), "keep one column per field of the form".into());
                    }
                    None => columns.push((*c, col)),
                },
                None => self.problem(&sheet.name, Some(row.number), Some((*c, text.clone())), Severity::Warning, "the header names no column of the form; the column's cells are not imported".into(), "rename the header as the form names it (see the 안내 (Guide) sheet), or leave the column as it is if it is not to be imported".into()),
            }
        }
        Some(Header {
            row: row.number,
            columns,
            names,
        })
    }

    /// Plans one submission row.
    fn row(&mut self, sheet: &Sheet, header: &Header, row: &Row) {
        let cells: Vec<(&str, String)> = COLUMNS
            .iter()
            .map(|c| {
                let text = header
                    .col(c.key)
                    .and_then(|i| row.get(i))
                    .map(|v| v.text().unwrap_or_else(|| format!("{v:?}")))
                    .map(|t| {
                        crate::load::split::normalize(&t)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                (c.key, text)
            })
            .collect();
        let fp = draft::fingerprint(&cells);
        if let Some((id, file)) = self.existing.fingerprints.get(&fp) {
            self.plan.known.push(Known {
                sheet: sheet.name.clone(),
                row: row.number,
                id: id.clone(),
                file: file.clone(),
            });
            return;
        }
        if let Some((s, r)) = self.seen.get(&fp) {
            let (s, r) = (s.clone(), *r);
            self.problem(
                &sheet.name,
                Some(row.number),
                None,
                Severity::Warning,
                format!("the row repeats sheet {s}, row {r}; it was not imported twice"),
                "delete one of the two rows".into(),
            );
            return;
        }
        self.seen
            .insert(fp.clone(), (sheet.name.clone(), row.number));
        let fields = match row::map(header, row, &self.cx) {
            Ok(f) => f,
            Err(problems) => {
                for p in problems {
                    self.cell_problem(sheet, header, row.number, p);
                }
                return;
            }
        };
        self.place(sheet, header, row.number, &fields, &fp);
    }

    fn cell_problem(&mut self, sheet: &Sheet, header: &Header, row: usize, p: CellProblem) {
        let col = p
            .col
            .map(|c| (c, header.names.get(&c).cloned().unwrap_or_default()));
        let message = match (&col, p.key) {
            (None, Some(key)) => format!("{} (the sheet has no column {key})", p.message),
            _ => p.message,
        };
        self.problem(
            &sheet.name,
            Some(row),
            col,
            Severity::Error,
            message,
            p.hint,
        );
    }

    /// Gives the row its id and file, checks the text as `knte check` will, and plans it.
    fn place(&mut self, sheet: &Sheet, header: &Header, row: usize, f: &row::Fields, fp: &str) {
        let code = f.partner.as_str();
        let id = match self.last_id.get(code) {
            Some(last) => crate::scaffold::next_id_among(code, [last.as_str()]),
            None => {
                let texts = self
                    .existing
                    .texts
                    .get(code)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                crate::scaffold::next_id(code, texts.iter().map(String::as_str))
            }
        };
        let Some(id) = id else {
            let p = CellProblem { col: header.col("partner"), key: Some("partner"), message: format!("content/{code}/ has no free id left"), hint: "ask the editor to check the id: lines of the partner's files for a mistyped number".into() };
            return self.cell_problem(sheet, header, row, p);
        };
        let slug = match self.slug(f, &id) {
            Ok(s) => s,
            Err(p) => return self.cell_problem(sheet, header, row, p),
        };
        // Control characters in a file or sheet name would reach the circulation edition.
        let intake: String = format!("{} / {} / {row}행", self.file_name, sheet.name)
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        let composed = draft::compose(f, &id, &intake, fp);
        let rel = format!("content/{code}/{slug}.md");
        let src = crate::load::Source {
            rel: rel.clone(),
            text: composed.text.clone(),
        };
        let m = &self.report.meta;
        let found = crate::validate::workflow::draft_alone(
            &src,
            code,
            &slug,
            &self.report.taxonomy,
            m.published,
            &self.existing.paths,
        );
        let errors: Vec<_> = found
            .into_sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            for d in errors {
                let key = d
                    .line
                    .checked_sub(1)
                    .and_then(|i| composed.line_keys.get(i).copied().flatten());
                let p = CellProblem {
                    col: key.and_then(|k| header.col(k)),
                    key,
                    message: format!("the entry would not pass knte check: {}", d.message),
                    hint: d.hint.unwrap_or_default(),
                };
                self.cell_problem(sheet, header, row, p);
            }
            return;
        }
        self.taken.insert(format!("{code}/{slug}.md"));
        self.last_id.insert(code.to_string(), id.clone());
        self.plan.files.push(Planned {
            rel,
            id,
            title: f.title.clone(),
            text: composed.text,
            sheet: sheet.name.clone(),
            row,
        });
    }

    /// The file name: the one given (it must be free), or one made from the English title (or
    /// the id), with `-2`, `-3`... until free.
    fn slug(&self, f: &row::Fields, id: &str) -> Result<String, CellProblem> {
        let code = &f.partner;
        if let Some(s) = &f.slug {
            if self.taken.contains(&format!("{code}/{s}.md")) {
                return Err(CellProblem { col: None, key: Some("slug"), message: format!("content/{code}/{s}.md already exists"), hint: "give another file name, or leave the cell empty to have one made from the English title".into() });
            }
            return Ok(s.clone());
        }
        let base = crate::load::suggest_slug(&f.title_en)
            .map(|s| shorten(&s, 60))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.to_lowercase());
        (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|s| !self.taken.contains(&format!("{code}/{s}.md")))
            .ok_or_else(|| CellProblem {
                col: None,
                key: Some("slug"),
                message: "no free file name".into(),
                hint: String::new(),
            })
    }
}

/// A slug cut to at most `max` bytes at a hyphen.
fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let cut = slug[..max].rfind('-').unwrap_or(max);
    slug[..cut].trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests;
