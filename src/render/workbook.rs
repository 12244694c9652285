//! The workbook: [`Table`]s -> `barriers.xlsx`, one per language, for Excel users.
//!
//! Input: the report, a language and the tables of [`super::table`]. Output: the XLSX bytes and the
//! (row, column) cells whose text had to be cut at Excel's 32,767-character limit. Sheets: the
//! barriers (bold header kept in view, an autofilter, widths for reading, real dates and numbers,
//! the page as a hyperlink), Korea's actions one row each, the code list, and an about sheet
//! (source, publisher, date, schema version). Text that would start a formula gets Excel's quote
//! prefix; the file's dates are the edition's and its archive is marked as made on Unix
//! ([`super::zip_origin`]), so the same content gives the same bytes on any system.

use super::table::{Cell, Table};
use super::{needs_neutralizing, Lang};
use crate::model::Report;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatBorder, Url, Workbook, Worksheet, XlsxError,
};

/// Most characters in an Excel cell; longer text is cut there (with a warning) in the XLSX only.
pub(crate) const CELL_MAX: usize = 32_767;

/// A cell cut to fit: the table's name, the row's barrier, the column's header.
pub(crate) struct Cut {
    pub barrier: Option<usize>,
    pub column: &'static str,
}

struct Formats {
    header: Format,
    quoted: Format,
    date: Format,
    number: Format,
    link: Format,
}

fn formats() -> Formats {
    Formats {
        header: Format::new()
            .set_bold()
            .set_background_color("DCE6F2")
            .set_border_bottom(FormatBorder::Thin),
        quoted: Format::new().set_quote_prefix(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        number: Format::new().set_num_format("#,##0"),
        link: Format::new()
            .set_font_color("0563C1")
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
    }
}

/// The workbook in `lang`, and the cells cut to fit.
pub(crate) fn render(
    report: &Report,
    lang: Lang,
    tables: &[Table],
) -> Result<(Vec<u8>, Vec<Cut>), String> {
    let err = |e: XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let published = report.meta.published;
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let created = excel_date(published).map_err(err)?;
    let title = if lang == Lang::Ko {
        &report.meta.title
    } else {
        &report.meta.title_en
    };
    let publisher = if lang == Lang::Ko {
        &report.meta.publisher
    } else {
        &report.meta.publisher_en
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(publisher)
            .set_creation_datetime(&created),
    );
    let f = formats();
    let mut cut = Vec::new();
    for table in tables {
        let ws = wb.add_worksheet();
        write_table(ws, table, &f, &mut cut).map_err(err)?;
    }
    let ws = wb.add_worksheet();
    write_about(ws, report, lang, &f).map_err(err)?;
    let mut bytes = wb.save_to_buffer().map_err(err)?;
    super::zip_origin::mark_unix(&mut bytes);
    Ok((bytes, cut))
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn write_table(
    ws: &mut Worksheet,
    table: &Table,
    f: &Formats,
    cut: &mut Vec<Cut>,
) -> Result<(), XlsxError> {
    ws.set_name(table.name)?;
    for (c, col) in table.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, col.header, &f.header)?;
        ws.set_column_width(c as u16, col.width)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let at = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c16 = c as u16;
            match cell {
                Cell::Date(Some(d)) => {
                    ws.write_datetime_with_format(at, c16, excel_date(*d)?, &f.date)?;
                }
                Cell::Number(Some(n)) => {
                    ws.write_number_with_format(at, c16, *n, &f.number)?;
                }
                Cell::Date(None) | Cell::Number(None) => {}
                Cell::Link(url) if !url.is_empty() => {
                    ws.write_url_with_format(at, c16, Url::new(url.as_str()), &f.link)?;
                }
                Cell::Link(_) => {}
                Cell::Text(text) => {
                    let text = match text.char_indices().nth(super::workbook::CELL_MAX) {
                        Some((end, _)) => {
                            cut.push(Cut {
                                barrier: table.barrier_of_row[r],
                                column: table.columns[c].header,
                            });
                            &text[..end]
                        }
                        None => text.as_str(),
                    };
                    // Text is written as text, never as a formula; cells that look like one get
                    // Excel's quote prefix as well, so editing them cannot turn them into formulas.
                    if needs_neutralizing(text) {
                        ws.write_string_with_format(at, c16, text, &f.quoted)?;
                    } else {
                        ws.write_string(at, c16, text)?;
                    }
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !table.rows.is_empty() {
        ws.autofilter(
            0,
            0,
            table.rows.len() as u32,
            table.columns.len() as u16 - 1,
        )?;
    }
    Ok(())
}

// Long: the about sheet is a table of text, one row per fact about the file.
/// What the file is: the edition, its publisher and date, where it comes from, the schema version.
fn write_about(
    ws: &mut Worksheet,
    report: &Report,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let m = &report.meta;
    let ko = lang == Lang::Ko;
    ws.set_name(if ko { "안내" } else { "About" })?;
    ws.set_column_width(0, 20.0)?;
    ws.set_column_width(1, 90.0)?;
    let downloads = format!("{}{}", m.base_url, lang.url("downloads/"));
    let rows: Vec<(&str, String)> = vec![
        (
            if ko { "자료" } else { "Data" },
            if ko {
                m.title.clone()
            } else {
                m.title_en.clone()
            },
        ),
        (
            if ko { "발행" } else { "Publisher" },
            if ko {
                m.publisher.clone()
            } else {
                m.publisher_en.clone()
            },
        ),
        (
            if ko { "발행일" } else { "Published" },
            m.published.to_string(),
        ),
        (if ko { "판" } else { "Edition" }, m.edition.to_string()),
        (
            if ko { "장벽 수" } else { "Barriers" },
            report.barriers.len().to_string(),
        ),
        (
            if ko {
                "스키마 버전"
            } else {
                "Schema version"
            },
            super::data::SCHEMA_VERSION.to_string(),
        ),
        (
            if ko { "시트" } else { "Sheets" },
            if ko {
                "장벽 목록(장벽 하나에 한 행), 대응 경과(대응 하나에 한 행), 코드표(코드와 명칭), 안내".into()
            } else {
                "Barriers (one row per barrier), Actions (one row per action), Codes (codes and labels), About".into()
            },
        ),
        (
            if ko { "같은 자료" } else { "Same data" },
            if ko {
                "barriers.csv(UTF-8), barriers.json(전체 필드, docs/data-schema.md)".into()
            } else {
                "barriers.csv (UTF-8), barriers.json (every field, docs/data-schema.md)".into()
            },
        ),
    ];
    for (r, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *k, &f.header)?;
        ws.write_string(r as u32, 1, v)?;
    }
    let at = rows.len() as u32;
    ws.write_string_with_format(
        at,
        0,
        if ko { "내려받는 곳" } else { "Downloads" },
        &f.header,
    )?;
    ws.write_url_with_format(at, 1, Url::new(downloads.as_str()), &f.link)?;
    if m.sample {
        let note = if ko {
            "표본판: 보고서 체계를 보여 주기 위한 예시 내용입니다."
        } else {
            "Sample edition: illustrative content."
        };
        ws.write_string_with_format(at + 1, 0, if ko { "알림" } else { "Note" }, &f.header)?;
        ws.write_string(at + 1, 1, note)?;
    }
    Ok(())
}
