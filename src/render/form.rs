//! The blank submission form: the form's columns ([`crate::intake::form::COLUMNS`]) and the
//! report's closed lists -> `data/barrier-report-form.xlsx` (Korean headers) and
//! `en/data/barrier-report-form.xlsx` (English headers), what companies and associations fill in
//! for the survey and `knte import` reads back.
//!
//! Sheets: 접수 / Submissions (the header row, required columns shaded, help shown on each cell,
//! dropdowns for the closed lists, dates and HS codes formatted), 안내 / Guide (every column:
//! header, key, required or not, help, values allowed) and 코드표 / Codes (the partners,
//! categories, sectors and statuses). The file's dates are the edition's and its archive is marked
//! as made on Unix ([`super::zip_origin`]), so the same content gives the same bytes on any system.

use super::{Files, Lang};
use crate::intake::form::{self, Column, Values, COLUMNS, MAX_ROWS};
use crate::model::Report;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};

/// Both forms, at their paths on the site.
pub(crate) fn render(report: &Report) -> Result<Files, String> {
    let mut files = Files::default();
    files.add(
        form::FORM_KO,
        workbook(report, Lang::Ko).map_err(|e| e.to_string())?,
    );
    files.add(
        form::FORM_EN,
        workbook(report, Lang::En).map_err(|e| e.to_string())?,
    );
    Ok(files)
}

struct Formats {
    required: Format,
    optional: Format,
    wrap: Format,
    date: Format,
    text: Format,
    title: Format,
}

fn formats() -> Formats {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    Formats {
        required: header.clone().set_background_color("FCE4D6"),
        optional: header.set_background_color("DCE6F2"),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        text: Format::new().set_num_format("@"),
        title: Format::new().set_bold().set_font_size(14),
    }
}

/// The closed lists as the codes sheet lays them out: each in three columns (code, Korean,
/// English), side by side with a blank column between, from row 2.
struct CodeBlocks {
    blocks: Vec<(Values, Vec<form::Choice>)>,
}

impl CodeBlocks {
    fn new(report: &Report) -> CodeBlocks {
        let lists = [
            Values::Partner,
            Values::Category,
            Values::Sectors,
            Values::Status,
        ];
        CodeBlocks {
            blocks: lists
                .iter()
                .map(|v| (*v, form::choices(*v, report)))
                .collect(),
        }
    }

    /// The first (0-based) column of a list's block.
    fn first_col(&self, values: Values) -> Option<u16> {
        let i = self.blocks.iter().position(|(v, _)| *v == values)?;
        Some(i as u16 * 4)
    }

    /// The range of a list's names in `lang`, as a formula for a dropdown.
    fn range(&self, values: Values, lang: Lang, sheet: &str) -> Option<String> {
        let first = self.first_col(values)?;
        let n = self.blocks.iter().find(|(v, _)| *v == values)?.1.len();
        if n == 0 {
            return None;
        }
        let col = form::letter(first as usize + if lang == Lang::Ko { 1 } else { 2 });
        Some(format!("='{sheet}'!${col}$2:${col}${}", n + 1))
    }
}

fn workbook(report: &Report, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let ko = lang == Lang::Ko;
    let pick = |pair: (&'static str, &'static str)| if ko { pair.0 } else { pair.1 };
    let mut wb = Workbook::new();
    let published = report.meta.published;
    use chrono::Datelike;
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(
        published.year() as u16,
        published.month() as u8,
        published.day() as u8,
    )?;
    let title = if ko {
        "무역장벽 신고 양식"
    } else {
        "Trade barrier report form"
    };
    let publisher = if ko {
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
    let codes = CodeBlocks::new(report);
    let codes_sheet = pick(form::CODES_SHEET);
    let ws = wb.add_worksheet();
    submissions(ws, lang, &f, &codes, codes_sheet)?;
    guide(wb.add_worksheet(), report, lang, &f)?;
    code_sheet(wb.add_worksheet(), &codes, lang, &f)?;
    let mut bytes = wb.save_to_buffer()?;
    super::zip_origin::mark_unix(&mut bytes);
    Ok(bytes)
}

/// The sheet to fill in: the header row, and what each column takes.
fn submissions(
    ws: &mut Worksheet,
    lang: Lang,
    f: &Formats,
    codes: &CodeBlocks,
    codes_sheet: &str,
) -> Result<(), XlsxError> {
    let ko = lang == Lang::Ko;
    ws.set_name(if ko {
        form::DATA_SHEET.0
    } else {
        form::DATA_SHEET.1
    })?;
    let last = MAX_ROWS as u32;
    for (i, c) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        let header = if c.required { &f.required } else { &f.optional };
        ws.write_string_with_format(0, col, c.header(ko), header)?;
        ws.set_column_width(col, c.width)?;
        match c.values {
            Values::Date => ws.set_column_format(col, &f.date)?,
            Values::HsCodes => ws.set_column_format(col, &f.text)?,
            Values::Paragraphs => ws.set_column_format(col, &f.wrap)?,
            _ => ws,
        };
        let mut dv = DataValidation::new()
            .allow_any_value()
            .set_input_title(short(c.header(ko), 32))?
            .set_input_message(c.help(ko))?;
        if c.values.is_closed() {
            if let Some(range) = codes.range(c.values, lang, codes_sheet) {
                dv = list_validation(c, ko, &range)?;
            }
        }
        ws.add_data_validation(1, col, last, col, &dv)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A dropdown of a closed list. Sectors may hold several values, so a value not in the list is
/// let through with a note; the other lists refuse it.
fn list_validation(c: &Column, ko: bool, range: &str) -> Result<DataValidation, XlsxError> {
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(range))
        .set_input_title(short(c.header(ko), 32))?
        .set_input_message(c.help(ko))?;
    let (style, message) = if c.values == Values::Sectors {
        (
            DataValidationErrorStyle::Information,
            if ko {
                "여러 산업은 쉼표로 나눠 씁니다. 코드표의 산업인지 확인하십시오."
            } else {
                "Separate several sectors with commas; check that each is on the Codes sheet."
            },
        )
    } else {
        (
            DataValidationErrorStyle::Stop,
            if ko {
                "코드표 시트의 목록에서 고르십시오."
            } else {
                "Pick a value from the list on the Codes sheet."
            },
        )
    };
    dv.set_error_style(style)
        .set_error_title(short(c.header(ko), 32))?
        .set_error_message(message)
}

fn short(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

// Long: the guide sheet is a table of text: one row per column of the form.
/// The guide: what the form is for, then one row per column.
fn guide(ws: &mut Worksheet, report: &Report, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    let ko = lang == Lang::Ko;
    ws.set_name(if ko {
        form::GUIDE_SHEET.0
    } else {
        form::GUIDE_SHEET.1
    })?;
    let m = &report.meta;
    let (title, intro) = if ko {
        (
            format!("{}: 무역장벽 신고 양식", m.title),
            format!(
                "'{}' 시트에 장벽 하나를 한 행으로 적습니다. 주황색 머리글은 필수 열입니다. 머리글은 바꾸지 마십시오. 한 파일에 {MAX_ROWS}행까지 받습니다. 작성한 파일은 {}에 보내 주십시오. 제출 기관과 연락처는 공개되지 않습니다.",
                form::DATA_SHEET.0,
                m.publisher
            ),
        )
    } else {
        (
            format!("{}: trade barrier report form", m.title_en),
            format!(
                "Write one barrier per row on the '{}' sheet. Orange headers mark required columns; do not change the headers. One file takes up to {MAX_ROWS} rows. Send the filled-in file to {}. Who submitted it and the contact are never published.",
                form::DATA_SHEET.1,
                m.publisher_en
            ),
        )
    };
    ws.write_string_with_format(0, 0, &title, &f.title)?;
    ws.merge_range(1, 0, 1, 6, &intro, &f.wrap)?;
    ws.set_row_height(1, 60)?;
    let heads: [&str; 7] = if ko {
        [
            "열",
            "머리글",
            "영문 머리글",
            "키",
            "필수",
            "설명",
            "쓸 수 있는 값",
        ]
    } else {
        [
            "Column",
            "Header",
            "Korean header",
            "Key",
            "Required",
            "Help",
            "Values",
        ]
    };
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(3, i as u16, *h, &f.optional)?;
    }
    for (i, c) in COLUMNS.iter().enumerate() {
        let r = 4 + i as u32;
        let other = if ko { c.en } else { c.ko };
        let required = match (c.required, ko) {
            (true, true) => "필수",
            (true, false) => "required",
            (false, true) => "",
            (false, false) => "",
        };
        ws.write_string(r, 0, form::letter(i))?;
        ws.write_string(r, 1, c.header(ko))?;
        ws.write_string(r, 2, other)?;
        ws.write_string(r, 3, c.key)?;
        ws.write_string(r, 4, required)?;
        ws.write_string_with_format(r, 5, c.help(ko), &f.wrap)?;
        ws.write_string_with_format(r, 6, c.values.describe(ko), &f.wrap)?;
    }
    for (col, width) in [
        (0, 6.0),
        (1, 18.0),
        (2, 22.0),
        (3, 16.0),
        (4, 8.0),
        (5, 60.0),
        (6, 40.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

/// The code lists: partners, categories, sectors, statuses, each with code and both names.
fn code_sheet(
    ws: &mut Worksheet,
    codes: &CodeBlocks,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let ko = lang == Lang::Ko;
    ws.set_name(if ko {
        form::CODES_SHEET.0
    } else {
        form::CODES_SHEET.1
    })?;
    for (values, list) in &codes.blocks {
        let Some(first) = codes.first_col(*values) else {
            continue;
        };
        let what = match (values, ko) {
            (Values::Partner, true) => "상대국",
            (Values::Category, true) => "범주",
            (Values::Sectors, true) => "산업",
            (_, true) => "진행 상태",
            (Values::Partner, false) => "Partner",
            (Values::Category, false) => "Category",
            (Values::Sectors, false) => "Sector",
            (_, false) => "Status",
        };
        let heads = if ko {
            [
                format!("{what} 코드"),
                what.to_string(),
                format!("{what} (영문)"),
            ]
        } else {
            [
                format!("{what} code"),
                format!("{what} (Korean)"),
                what.to_string(),
            ]
        };
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, first + i as u16, h, &f.optional)?;
        }
        for (r, c) in list.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, first, &c.code)?;
            ws.write_string(r, first + 1, &c.ko)?;
            ws.write_string(r, first + 2, &c.en)?;
        }
        ws.set_column_width(first, 14.0)?;
        ws.set_column_width(first + 1, 16.0)?;
        ws.set_column_width(first + 2, 30.0)?;
        ws.set_column_width(first + 3, 3.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests_support::report_with;
    use calamine::{Reader, Xlsx};

    #[test]
    fn both_forms_carry_the_columns_the_guide_and_the_codes() {
        let report = report_with(&[]);
        let files = render(&report).unwrap();
        for (path, ko) in [(form::FORM_KO, true), (form::FORM_EN, false)] {
            let bytes = files.0[path].clone();
            let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
            let names = wb.sheet_names();
            let expect = [form::DATA_SHEET, form::GUIDE_SHEET, form::CODES_SHEET]
                .map(|p| if ko { p.0 } else { p.1 }.to_string());
            assert_eq!(names, expect.to_vec());
            let data = wb.worksheet_range(&expect[0]).unwrap();
            let header: Vec<String> = data
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect();
            let want: Vec<&str> = COLUMNS.iter().map(|c| c.header(ko)).collect();
            assert_eq!(header, want);
            // Every header leads the importer back to its column.
            for (h, c) in header.iter().zip(COLUMNS) {
                assert_eq!(form::header_column(h).map(|x| x.key), Some(c.key));
            }
            let guide = wb.worksheet_range(&expect[1]).unwrap();
            let keys: Vec<String> = guide.rows().skip(4).map(|r| r[3].to_string()).collect();
            assert_eq!(
                keys,
                COLUMNS
                    .iter()
                    .map(|c| c.key.to_string())
                    .collect::<Vec<_>>()
            );
            let codes = wb.worksheet_range(&expect[2]).unwrap();
            let statuses: Vec<String> = codes
                .rows()
                .skip(1)
                .map(|r| r[12].to_string())
                .filter(|s| !s.is_empty())
                .collect();
            assert_eq!(
                statuses,
                crate::model::Status::IDS.map(String::from).to_vec()
            );
        }
        // Dropdowns point at the code sheet; the same report gives the same bytes.
        let sheet = unzip(&files.0[form::FORM_KO], "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("<dataValidation type=\"list\""),
            "{}",
            &sheet[..400]
        );
        assert!(
            sheet.contains("'코드표'!$N$2:$N$5"),
            "statuses by Korean name"
        );
        assert_eq!(render(&report).unwrap().0, files.0);
    }

    fn unzip(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }
}
