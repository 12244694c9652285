//! The downloads the site lists: the PDF reports, the data files and the blank survey forms, with
//! their labels in both languages and their sizes.
//!
//! Input: the files rendered for the edition. Output: [`render::html::Download`]s for the pages.

use crate::{intake, model, render};

pub(super) fn pdfs(report: &model::Report, pdfs: &render::Files) -> Vec<render::html::Download> {
    let mut out = Vec::new();
    let main = render::pdf::report_path(report);
    if let Some(bytes) = pdfs.0.get(&main) {
        out.push(render::html::Download {
            path: main.clone(),
            label_ko: format!("{} (종합 보고서)", report.meta.title),
            label_en: format!("{} (consolidated report)", report.meta.title_en),
            bytes: bytes.len(),
        });
    }
    for code in render::pdf::partner_order(report) {
        let path = render::pdf::partner_path(&code);
        if let (Some(bytes), Some(p)) = (
            pdfs.0.get(&path),
            report.partners.iter().find(|p| p.code == code),
        ) {
            out.push(render::html::Download {
                path,
                label_ko: p.name.clone(),
                label_en: p.name_en.clone(),
                bytes: bytes.len(),
            });
        }
    }
    out
}

pub(super) fn data(data: &render::Files) -> Vec<render::html::Download> {
    let labels = [
        (
            "data/barriers.xlsx",
            "엑셀 통합문서 (XLSX, 한국어 머리글)",
            "Excel workbook (XLSX, Korean headers)",
        ),
        (
            "en/data/barriers.xlsx",
            "엑셀 통합문서 (XLSX, 영어 머리글)",
            "Excel workbook (XLSX, English headers)",
        ),
        (
            "data/barriers.csv",
            "CSV (UTF-8, 한국어 머리글)",
            "CSV (UTF-8, Korean headers)",
        ),
        (
            "en/data/barriers.csv",
            "CSV (UTF-8, 영어 머리글)",
            "CSV (UTF-8, English headers)",
        ),
        (
            "data/barriers.json",
            "JSON (전체 필드)",
            "JSON (every field)",
        ),
    ];
    labels
        .iter()
        .filter_map(|(path, ko, en)| {
            data.0.get(*path).map(|bytes| render::html::Download {
                path: path.to_string(),
                label_ko: ko.to_string(),
                label_en: en.to_string(),
                bytes: bytes.len(),
            })
        })
        .collect()
}

/// The blank survey forms, for the downloads page.
pub(super) fn forms(forms: &render::Files) -> Vec<render::html::Download> {
    [
        (
            intake::form::FORM_KO,
            "무역장벽 신고 양식 (XLSX, 한국어 머리글)",
            "Trade barrier report form (XLSX, Korean headers)",
        ),
        (
            intake::form::FORM_EN,
            "무역장벽 신고 양식 (XLSX, 영어 머리글)",
            "Trade barrier report form (XLSX, English headers)",
        ),
    ]
    .iter()
    .filter_map(|(path, ko, en)| {
        forms.0.get(*path).map(|bytes| render::html::Download {
            path: path.to_string(),
            label_ko: ko.to_string(),
            label_en: en.to_string(),
            bytes: bytes.len(),
        })
    })
    .collect()
}
