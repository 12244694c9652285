//! The workbook reader: the bytes of a filled-in form (XLSX) -> the cells of each sheet.
//!
//! Input: the file's bytes, as the loader read them. Output: for every sheet but the form's own
//! guide and code sheets, its non-empty rows, each cell typed (text, number, date, formula,
//! Excel error...), or why the file cannot be read. Bounded: the unpacked size is checked before
//! anything is unpacked, a sheet is read cell by cell and never whole, and rows, columns, cell
//! lengths and the text kept are all capped. Pure: no I/O.

use super::form::{self, HEADER_SCAN, MAX_ROWS};
use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::Cursor;

/// Most bytes the workbook may unpack to, all its parts together.
pub(crate) const MAX_UNPACKED: u64 = 128 * 1024 * 1024;
/// Most parts in the zip: a form has about a dozen.
const MAX_PARTS: usize = 2_000;
/// Columns read from the left; cells further right are ignored (the form has 22).
pub(crate) const MAX_COLUMNS: usize = 64;
/// Most characters in one cell (Excel's own limit).
pub(crate) const MAX_CELL_CHARS: usize = 32_767;
/// Most text kept from one workbook, in bytes.
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(String),
    Int(i64),
    Float(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A time or duration, or a date Excel cannot show.
    NotADate,
    /// An Excel error value (`#N/A`, `#REF!`...).
    Error(String),
    /// A formula (its result is not taken: formulas recalculate, values do not).
    Formula,
    /// Text longer than [`MAX_CELL_CHARS`]: its length.
    TooLong(usize),
}

impl Value {
    /// The cell as text: a whole number without decimals, a date as YYYY-MM-DD. `None` for what
    /// has no text (errors, formulas, cells too long).
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
            Value::Float(f) => Some(f.to_string()),
            Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.into()),
            Value::NotADate | Value::Error(_) | Value::Formula | Value::TooLong(_) => None,
        }
    }
}

/// One row with content: its 1-based number and its cells by 0-based column, left to right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub number: usize,
    pub cells: Vec<(usize, Value)>,
}

impl Row {
    pub(crate) fn get(&self, col: usize) -> Option<&Value> {
        self.cells.iter().find(|(c, _)| *c == col).map(|(_, v)| v)
    }
}

/// One sheet: its name and its rows with content, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Why the workbook cannot be read (nothing is imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReadError {
    pub message: String,
    pub hint: String,
}

fn fail(message: impl Into<String>, hint: impl Into<String>) -> ReadError {
    ReadError {
        message: message.into(),
        hint: hint.into(),
    }
}

const SAVE_AS_XLSX: &str = "open it in Excel and save it as an Excel workbook (.xlsx), or start again from the form on the site's downloads page (data/barrier-report-form.xlsx)";

/// Reads every sheet of the workbook except the form's guide and code sheets.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    check_container(bytes, MAX_UNPACKED)?;
    // The reader is third-party code fed hostile bytes: a panic in it is a file it cannot read.
    std::panic::catch_unwind(|| read_sheets(bytes)).unwrap_or_else(|_| {
        Err(fail(
            "the workbook's contents could not be read (the file is damaged)",
            SAVE_AS_XLSX,
        ))
    })
}

/// Refuses what is not an XLSX zip, and a zip that would unpack to more than `max` bytes (each
/// part is read no further than its declared size).
fn check_container(bytes: &[u8], max: u64) -> Result<(), ReadError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(fail(
            "the file is an older Excel workbook (.xls) or a password-protected one, not an .xlsx workbook",
            format!("remove any password, then {SAVE_AS_XLSX}"),
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(fail(
            "the file is not an Excel workbook (.xlsx)",
            format!("a CSV, HWP or PDF file cannot be imported: {SAVE_AS_XLSX}"),
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        fail(
            format!("the file is not a readable Excel workbook: {e}"),
            SAVE_AS_XLSX,
        )
    })?;
    if zip.len() > MAX_PARTS {
        return Err(fail(
            format!(
                "the workbook has {} parts; a survey form has a few dozen at most",
                zip.len()
            ),
            SAVE_AS_XLSX,
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let size = zip
            .by_index_raw(i)
            .map_err(|e| fail(format!("the workbook is damaged: {e}"), SAVE_AS_XLSX))?
            .size();
        total = total.saturating_add(size);
    }
    if total > max {
        return Err(fail(
            format!(
                "the workbook unpacks to {} MB; an import reads at most {} MB",
                total / (1024 * 1024),
                max / (1024 * 1024)
            ),
            format!("split the submissions into files of at most {MAX_ROWS} rows, without pictures or other sheets"),
        ));
    }
    Ok(())
}

fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        fail(
            format!("the file is not a readable Excel workbook: {e}"),
            SAVE_AS_XLSX,
        )
    })?;
    let skipped = [form::GUIDE_SHEET, form::CODES_SHEET];
    let mut budget = MAX_TEXT_BYTES;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        if skipped.iter().any(|(ko, en)| name == *ko || name == *en) {
            continue;
        }
        let rows = read_sheet(&mut book, &name, &mut budget)?;
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

/// The rows of one sheet, cell by cell.
fn read_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut usize,
) -> Result<Vec<Row>, ReadError> {
    let shown = crate::diagnostics::terminal_safe(name).into_owned();
    let damaged = |e: calamine::XlsxError| {
        fail(
            format!("the sheet '{shown}' cannot be read: {e}"),
            SAVE_AS_XLSX,
        )
    };
    let mut cells = book.worksheet_cells_reader(name).map_err(damaged)?;
    let mut rows: BTreeMap<u32, Vec<(usize, Value)>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(damaged)? {
        let (r, c) = cell.pos;
        if c as usize >= MAX_COLUMNS {
            continue;
        }
        let value = if cell.formula.is_some() {
            Value::Formula
        } else {
            match convert(cell.value) {
                Some(v) => v,
                None => continue,
            }
        };
        if let Value::Text(s) = &value {
            *budget = budget.checked_sub(s.len()).ok_or_else(|| {
                fail(
                    format!(
                        "the sheet '{shown}' holds more text than an import reads ({} MB)",
                        MAX_TEXT_BYTES / (1024 * 1024)
                    ),
                    format!("split the submissions into files of at most {MAX_ROWS} rows"),
                )
            })?;
        }
        rows.entry(r).or_default().push((c as usize, value));
        if rows.len() > MAX_ROWS + HEADER_SCAN {
            return Err(fail(
                format!("the sheet '{shown}' has more than {MAX_ROWS} rows"),
                format!("split the submissions into files of at most {MAX_ROWS} rows each, and import them one after the other"),
            ));
        }
    }
    Ok(rows
        .into_iter()
        .map(|(r, mut cells)| {
            cells.sort_by_key(|(c, _)| *c);
            cells.dedup_by_key(|(c, _)| *c);
            Row {
                number: r as usize + 1,
                cells,
            }
        })
        .collect())
}

/// A cell's value; `None` for an empty cell or empty text.
fn convert(v: DataRef<'_>) -> Option<Value> {
    let text = |s: &str| {
        if s.trim().is_empty() {
            return None;
        }
        let n = s.chars().count();
        Some(if n > MAX_CELL_CHARS {
            Value::TooLong(n)
        } else {
            Value::Text(s.to_string())
        })
    };
    match v {
        DataRef::Empty => None,
        DataRef::String(s) => text(&s),
        DataRef::SharedString(s) => text(s),
        DataRef::Int(i) => Some(Value::Int(i)),
        DataRef::Float(f) => Some(Value::Float(f)),
        DataRef::Bool(b) => Some(Value::Bool(b)),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Some(
                NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
                    .map_or(Value::NotADate, Value::Date),
            )
        }
        DataRef::DateTime(_) | DataRef::DurationIso(_) => Some(Value::NotADate),
        DataRef::DateTimeIso(s) => Some(
            s.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map_or(Value::NotADate, Value::Date),
        ),
        DataRef::Error(e) => Some(Value::Error(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

    fn book(fill: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut wb = Workbook::new();
        fill(&mut wb);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn cells_come_typed_and_guide_sheets_are_skipped() {
        let bytes = book(|wb| {
            let ws = wb.add_worksheet().set_name("접수").unwrap();
            ws.write_string(0, 0, "제목").unwrap();
            ws.write_string(2, 0, "화장품 등록").unwrap();
            ws.write_number(2, 1, 3304).unwrap();
            ws.write_number(2, 2, 1.5).unwrap();
            let date = ExcelDateTime::from_ymd(2026, 3, 5).unwrap();
            let fmt = Format::new().set_num_format("yyyy-mm-dd");
            ws.write_datetime_with_format(2, 3, date, &fmt).unwrap();
            ws.write_formula(2, 4, Formula::new("=1+1").set_result("2"))
                .unwrap();
            ws.write_string(2, 5, "   ").unwrap();
            ws.write_string(2, MAX_COLUMNS as u16, "far right").unwrap();
            wb.add_worksheet()
                .set_name("안내")
                .unwrap()
                .write_string(0, 0, "x")
                .unwrap();
            wb.add_worksheet()
                .set_name("Codes")
                .unwrap()
                .write_string(0, 0, "x")
                .unwrap();
        });
        let sheets = read(&bytes).unwrap();
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].name, "접수");
        let row = &sheets[0].rows[1];
        assert_eq!(row.number, 3);
        assert_eq!(
            row.cells,
            vec![
                (0, Value::Text("화장품 등록".into())),
                (1, Value::Float(3304.0)),
                (2, Value::Float(1.5)),
                (3, Value::Date(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap())),
                (4, Value::Formula),
            ]
        );
        assert_eq!(Value::Float(3304.0).text().as_deref(), Some("3304"));
        assert_eq!(
            row.get(3).and_then(Value::text).as_deref(),
            Some("2026-03-05")
        );
    }

    #[test]
    fn what_is_not_an_xlsx_is_refused_with_a_reason() {
        let e = read(b"title,partner\nx,cn\n").unwrap_err();
        assert!(e.message.contains("not an Excel workbook"), "{e:?}");
        let e = read(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap_err();
        assert!(e.message.contains(".xls"), "{e:?}");
        let e = read(b"PK\x03\x04 truncated").unwrap_err();
        assert!(e.message.contains("not a readable"), "{e:?}");
        // Every cut of a real workbook fails cleanly.
        let good = book(|wb| {
            wb.add_worksheet().write_string(0, 0, "제목").unwrap();
        });
        for cut in (0..good.len()).step_by(97) {
            let _ = read(&good[..cut]);
        }
        for i in (30..good.len()).step_by(53) {
            let mut bad = good.clone();
            bad[i] ^= 0x5A;
            let _ = read(&bad);
        }
    }

    #[test]
    fn a_zip_that_unpacks_past_the_limit_is_refused_before_unpacking() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "xl/sharedStrings.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&vec![b' '; 3 * 1024 * 1024]).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 64 * 1024, "it packs small");
        let e = check_container(&bytes, 2 * 1024 * 1024).unwrap_err();
        assert_eq!(
            e.message,
            "the workbook unpacks to 3 MB; an import reads at most 2 MB"
        );
    }

    #[test]
    fn rows_and_cells_are_capped() {
        let bytes = book(|wb| {
            let ws = wb.add_worksheet();
            for r in 0..(MAX_ROWS + HEADER_SCAN + 1) as u32 {
                ws.write_number(r, 0, r).unwrap();
            }
        });
        let e = read(&bytes).unwrap_err();
        assert!(e.message.contains("more than 5000 rows"), "{e:?}");
        // Excel and rust_xlsxwriter stop at the limit; a file made by other tools may not.
        let long = "가".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(
            convert(DataRef::String(long)),
            Some(Value::TooLong(MAX_CELL_CHARS + 1))
        );
        assert_eq!(convert(DataRef::SharedString(" ")), None);
    }
}
