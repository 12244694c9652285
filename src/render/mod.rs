//! Renderers: the validated [`Report`](crate::model::Report) -> output files held in memory.
//!
//! Each renderer is a peer (HTML site, data files, search index; the PDF report next) that takes the
//! whole report and returns [`Files`]; only [`crate::output`] writes them to disk. URLs are made here,
//! in one place, so every renderer links to the same pages.

pub(crate) mod data;
pub(crate) mod escape;
pub(crate) mod form;
pub(crate) mod html;
pub(crate) mod i18n;
pub(crate) mod pdf;
pub(crate) mod review;
pub(crate) mod search;
pub(crate) mod table;
pub(crate) mod workbook;
pub(crate) mod zip_origin;

use std::collections::BTreeMap;

/// Where renderers put files as they make them: the output writer ([`crate::output::Staging`]) or
/// the preview's in-place writer ([`crate::output::InPlace`]). Renderers never see a write error: the writer keeps the first one and the build
/// fails when it commits. Shared by the threads that render pages in parallel.
pub(crate) trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]);
}

/// Output files: path relative to the output folder (`partners/cn/index.html`) -> bytes.
#[derive(Debug, Default)]
pub(crate) struct Files(pub BTreeMap<String, Vec<u8>>);

impl Files {
    pub(crate) fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.0.insert(path.into(), bytes.into());
    }
}

/// The site's two languages. Korean is the default and lives at the root; English under `/en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
    /// The `hreflang`/`lang` value with region, for feeds and documents.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko-KR",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }
    /// The site-relative URL of `path` (`partners/cn/`) in this language: `/partners/cn/`, `/en/partners/cn/`.
    pub fn url(self, path: &str) -> String {
        match self {
            Lang::Ko => format!("/{path}"),
            Lang::En => format!("/en/{path}"),
        }
    }
    /// The output file for `path`: a folder URL gets `index.html`.
    pub fn file(self, path: &str) -> String {
        let full = self.url(path);
        let rel = full.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }
}

/// Site paths (without language prefix) of the report's pages.
pub(crate) mod paths {
    pub(crate) fn barrier(id: &str) -> String {
        format!("barriers/{}/", id.to_lowercase())
    }
    pub(crate) fn partner(code: &str) -> String {
        format!("partners/{code}/")
    }
    pub(crate) fn sector(id: &str) -> String {
        format!("sectors/{id}/")
    }
    pub(crate) fn category(id: &str) -> String {
        format!("categories/{id}/")
    }
}

/// Neutralises a spreadsheet cell that a spreadsheet program would read as a formula.
pub(crate) fn neutralize_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_neutralizing(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// Whether a cell's text starts like a formula: `=`, `+`, `-`, `@` (or their full-width forms,
/// which Korean and Japanese spreadsheets also read as formulas), or a tab or line break.
pub(crate) fn needs_neutralizing(s: &str) -> bool {
    s.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\n', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_in_both_widths() {
        for s in [
            "=1+1", "+1", "-1", "@SUM(A1)", "＝1+1", "＋1", "－1", "＠x", "\t=1",
        ] {
            assert!(needs_neutralizing(s), "{s}");
        }
        for s in ["화장품", "CN-001", "1-2", " x"] {
            assert!(!needs_neutralizing(s), "{s}");
        }
    }

    #[test]
    fn urls_and_files() {
        assert_eq!(Lang::Ko.url(""), "/");
        assert_eq!(Lang::En.url("partners/cn/"), "/en/partners/cn/");
        assert_eq!(Lang::Ko.file(""), "index.html");
        assert_eq!(
            Lang::En.file("barriers/cn-001/"),
            "en/barriers/cn-001/index.html"
        );
        assert_eq!(Lang::En.file("atom.xml"), "en/atom.xml");
        assert_eq!(paths::barrier("CN-001"), "barriers/cn-001/");
    }

    #[test]
    fn formula_cells() {
        assert_eq!(neutralize_cell("=1+1"), "'=1+1");
        assert_eq!(neutralize_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize_cell("-2"), "'-2");
        assert_eq!(neutralize_cell("화장품"), "화장품");
    }
}
