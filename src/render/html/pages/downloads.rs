//! The downloads page and the data dictionary: the files the build wrote -> `/downloads/` (the
//! report PDFs; the data files with name, format, size, date and what each holds; the licence; the
//! feeds grouped by partner, sector and category) and `/downloads/schema/` (the data files'
//! dictionary, `docs/data-schema.md`, rendered: the same text the repository documents).
//!
//! Input: the renderer's options (PDFs and data files with their sizes) and views (terms, partners).
//! Output: two pages per language through the renderer.

use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::render::html::{paths, Download, Renderer};
use crate::render::i18n::file_size;
use crate::render::Lang;
use serde::Serialize;
use tera::Context;

/// The data dictionary, as the repository keeps it.
const SCHEMA: &str = include_str!("../../../../docs/data-schema.md");

#[derive(Serialize)]
struct Dl<'d> {
    url: String,
    label: &'d str,
    size: String,
    format: String,
}

#[derive(Serialize)]
struct Feed {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct FeedGroup {
    id: &'static str,
    label: String,
    feeds: Vec<Feed>,
}

#[derive(Serialize)]
struct Feeds {
    all: Feed,
    groups: Vec<FeedGroup>,
}

impl Renderer<'_> {
    pub(in crate::render::html) fn downloads(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        fn dl(d: &Download, lang: Lang) -> Dl<'_> {
            Dl {
                url: format!("/{}", d.path),
                label: if lang == Lang::Ko {
                    &d.label_ko
                } else {
                    &d.label_en
                },
                size: file_size(d.bytes),
                format: d.path.rsplit('.').next().unwrap_or("").to_uppercase(),
            }
        }
        let pdfs: Vec<Dl> = self.opts.pdfs.iter().map(|d| dl(d, lang)).collect();
        let data: Vec<Dl> = self.opts.data.iter().map(|d| dl(d, lang)).collect();
        // The form in this page's language: Korean headers, or English ones under /en/.
        let form_path = match lang {
            Lang::Ko => crate::intake::form::FORM_KO,
            Lang::En => crate::intake::form::FORM_EN,
        };
        let form: Option<Dl> = self
            .opts
            .forms
            .iter()
            .find(|d| d.path == form_path)
            .map(|d| dl(d, lang));
        let feeds = self.feed_groups();
        let mut ctx = Context::new();
        ctx.insert("pdfs", &pdfs);
        ctx.insert("data", &data);
        ctx.insert("form", &form);
        ctx.insert("feeds", &feeds);
        ctx.insert("schema_url", &lang.url("downloads/schema/"));
        self.section_page("downloads", "downloads.html", None, ctx)?;
        self.schema_page()
    }

    /// Every feed: all barriers, then one per partner, sector and category that has barriers.
    fn feed_groups(&self) -> Feeds {
        let lang = self.lang();
        let v = &self.views;
        let feed = |label: &str, path: String| Feed {
            label: label.to_string(),
            url: lang.url(&format!("{path}atom.xml")),
        };
        let partners = v
            .partner_order
            .iter()
            .map(|c| feed(&v.partners[c].name, paths::partner(c)))
            .collect();
        let sectors = v
            .sectors
            .iter()
            .filter(|s| s.count > 0)
            .map(|s| feed(&s.label, paths::sector(&s.id)))
            .collect();
        let categories = v
            .categories
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| feed(&c.label, paths::category(&c.id)))
            .collect();
        Feeds {
            all: feed(&self.t("all_barriers_feed"), String::new()),
            groups: vec![
                FeedGroup {
                    id: "partners",
                    label: self.t("partners"),
                    feeds: partners,
                },
                FeedGroup {
                    id: "sectors",
                    label: self.t("sectors"),
                    feeds: sectors,
                },
                FeedGroup {
                    id: "categories",
                    label: self.t("categories"),
                    feeds: categories,
                },
            ],
        }
    }

    /// `/downloads/schema/`: the dictionary, in English on both sites (it names the files' fields).
    fn schema_page(&mut self) -> Result<(), Diagnostic> {
        let html = markdown::wrap_tables(&markdown::to_html(SCHEMA, &|_| None), "Table");
        let crumbs = vec![
            self.crumb("home", ""),
            self.crumb("downloads", "downloads/"),
        ];
        let title = self.t("data_dictionary");
        let mut ctx = Context::new();
        ctx.insert("schema_html", &html);
        self.page(
            "schema.html",
            "downloads/schema/",
            title,
            "downloads",
            crumbs,
            None,
            ctx,
        )
    }
}
