//! The HTML site: [`Report`] -> every page, feed and sitemap, in Korean and English, through Tera.
//!
//! Input: the validated report, the [`Theme`] (templates and assets) and [`SiteOptions`].
//! Output: [`Files`] (nothing touches the disk here) or the template errors, each naming the
//! template. Templates see only view structs from [`views`] and the interface texts of the theme's
//! [`Strings`](crate::render::i18n::Strings) as `t`.

pub(crate) mod charts;
mod pages;

use pages::feeds::sitemap;
use pages::service;
pub(crate) mod map;
pub(crate) mod views;

use super::{paths, Lang, Sink};
use crate::diagnostics::{Diagnostic, Pos};
use crate::load::theme::Theme;
use crate::markdown;
use crate::model::{Report, Status};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

/// Entries per Atom feed: the most recently updated, as feed readers expect (the database and the
/// data files list everything).
pub(crate) const FEED_ENTRIES: usize = 50;
use views::{Summary, TermView, Views};

/// A downloadable file listed on the downloads page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Download {
    /// Site path without leading slash: `report/knte-2026.pdf`.
    pub path: String,
    pub label_ko: String,
    pub label_en: String,
    pub bytes: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct SiteOptions {
    /// The report PDFs (consolidated first), when they were built.
    pub pdfs: Vec<Download>,
    /// The data files, with their sizes.
    pub data: Vec<Download>,
    /// The blank survey forms (Korean and English headers), with their sizes.
    pub forms: Vec<Download>,
    /// Changes since the previous edition (`knte build --previous`).
    pub changes: Option<crate::changes::Changes>,
    /// The circulation edition's notice (`_report.md`'s `circulation_notice`): when set, every page
    /// carries it in a banner and asks search engines not to index it, every entry shows its stage,
    /// and entry and partner pages show their internal notes.
    pub circulation: Option<String>,
}

/// What every page of the circulation edition must carry; a template that leaves it out fails the build.
pub(crate) const NOINDEX: &str = r#"<meta name="robots" content="noindex">"#;

#[derive(Serialize)]
struct SiteView<'a> {
    lang: &'static str,
    lang_tag: &'static str,
    other_lang: &'static str,
    title: &'a str,
    title_alt: &'a str,
    edition: i64,
    publisher: &'a str,
    published: String,
    sample: bool,
    base_url: &'a str,
    /// Whether the site has a "changes since the previous edition" page.
    has_changes: bool,
    /// The circulation edition's notice; `None` in every other edition.
    circulation: Option<&'a str>,
    /// The publisher's details: ministry, contact, licence, where to report a barrier.
    office: service::OfficeView<'a>,
}

#[derive(Serialize)]
struct Crumb {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct PageView {
    /// Site path without language (`partners/cn/`).
    path: String,
    url: String,
    alt_url: String,
    title: String,
    section: &'static str,
    crumbs: Vec<Crumb>,
    feed: Option<String>,
    /// Which shared-link card image the page names (`static/og/<card>-<lang>.png`).
    card: &'static str,
}

/// The card image of a page, by its path: one per kind of page.
fn card(path: &str) -> &'static str {
    match path.split('/').next().unwrap_or("") {
        "" => "home",
        "barriers" => "barrier",
        "partners" if path != "partners/" => "partner",
        "database" => "database",
        "hs" => "hs",
        _ => "page",
    }
}

/// Builds the Tera instance from the theme's templates.
pub(crate) fn tera(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::render::escape::esc);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| vec![template_error(theme, &e)])?;
    Ok(tera)
}

/// A Tera error as a diagnostic naming the template (and, when Tera gives it, the line).
pub(crate) fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
    let mut chain = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    let name = theme
        .templates
        .keys()
        .find(|k| chain.contains(&format!("'{k}'")))
        .cloned()
        .unwrap_or_else(|| "templates".into());
    let line = chain
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let origin = if theme.overridden.contains(&name) {
        "templates/"
    } else {
        "built-in template "
    };
    Diagnostic::error(
        format!("{origin}{name}"),
        Pos::new(line, 0),
        chain.replace('\n', " "),
    )
    .with_hint("fix the template; variables a template may use are listed in docs/templates.md")
}

struct Renderer<'a> {
    tera: &'a Tera,
    theme: &'a Theme,
    base: Context,
    views: Views<'a>,
    opts: &'a SiteOptions,
    sink: &'a dyn Sink,
    /// The files written, for the sitemap.
    written: Vec<String>,
}

/// Renders every page in both languages into `sink`.
pub(crate) fn render(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let tera = tera(theme)?;
    let mut written = Vec::new();
    for lang in Lang::ALL {
        let base = base_context(report, lang, opts, theme);
        let mut r = Renderer {
            tera: &tera,
            theme,
            base,
            views: views_for(report, theme, lang, opts),
            opts,
            sink,
            written: Vec::new(),
        };
        r.all().map_err(|e| vec![e])?;
        written.extend(r.written);
    }
    if opts.circulation.is_some() {
        // Not for search engines: no sitemap, and every page says noindex as well.
        sink.put("robots.txt", b"User-agent: *\nDisallow: /\n");
    } else {
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            report.meta.base_url
        );
        sink.put("robots.txt", robots.as_bytes());
        written.sort();
        sink.put("sitemap.xml", sitemap(report, &written).as_bytes());
    }
    // The fonts are for the PDF report; the site uses the reader's own Korean fonts.
    for (path, bytes) in theme
        .statics
        .iter()
        .filter(|(p, _)| !p.starts_with("fonts/"))
    {
        sink.put(&format!("static/{path}"), bytes);
    }
    Ok(())
}

/// What every page of one language sees: `site` and the interface texts `t`.
fn base_context(report: &Report, lang: Lang, opts: &SiteOptions, theme: &Theme) -> Context {
    let mut base = Context::new();
    // The style sheet goes into every page's head: the first paint waits for no other request
    // (a phone on a slow network otherwise waits a round trip for it).
    let css = theme
        .statics
        .get("style.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    base.insert("inline_css", &css);
    let meta = &report.meta;
    base.insert(
        "site",
        &SiteView {
            lang: lang.code(),
            lang_tag: lang.tag(),
            other_lang: lang.other().code(),
            title: if lang == Lang::Ko {
                &meta.title
            } else {
                &meta.title_en
            },
            title_alt: if lang == Lang::Ko {
                &meta.title_en
            } else {
                &meta.title
            },
            edition: meta.edition,
            publisher: if lang == Lang::Ko {
                &meta.publisher
            } else {
                &meta.publisher_en
            },
            published: meta.published.to_string(),
            sample: meta.sample,
            base_url: &meta.base_url,
            has_changes: opts.changes.is_some(),
            circulation: opts.circulation.as_deref(),
            office: service::office_view(
                &meta.office,
                lang,
                if lang == Lang::Ko {
                    &meta.title
                } else {
                    &meta.title_en
                },
            ),
        },
    );
    base.insert("t", &theme.strings.all(lang));
    base
}

/// Renders the two pages (Korean and English) of barrier `index` into `sink`: `knte serve`'s quick
/// update after an edit to one entry, before the whole site is rebuilt.
pub(crate) fn render_barrier(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    index: usize,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    render_one(report, theme, opts, sink, &|r| r.barrier_page(index))
}

/// Writes one partner's page, in both languages, into `sink`: `knte serve`'s quick update after
/// an edit to the partner's profile (the other pages that name the partner wait for the full
/// build).
pub(crate) fn render_partner(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    code: &str,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    render_one(report, theme, opts, sink, &|r| r.partner_page(code))
}

/// Writes the sector and category pages (the two indexes and a page per term), in both
/// languages, into `sink`: `knte serve`'s quick update after the taxonomy's labels or order were
/// edited (the barrier pages and the database, which show the labels too, wait for the full build).
pub(crate) fn render_terms(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    render_with(report, theme, opts, sink, &|r| {
        r.terms("sectors")?;
        r.terms("categories")
    })
}

/// A rendered page: its output file and its HTML.
type Page = Result<(String, String), Diagnostic>;

/// One page, made by `page`, in both languages, written into `sink`.
fn render_one(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    sink: &dyn Sink,
    page: &dyn Fn(&Renderer<'_>) -> Page,
) -> Result<(), Vec<Diagnostic>> {
    render_with(report, theme, opts, sink, &|r| r.put(page(r)).map(drop))
}

/// Runs `pages` with a renderer for each language in turn, writing into `sink`.
fn render_with(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    sink: &dyn Sink,
    pages: &dyn Fn(&mut Renderer<'_>) -> Result<(), Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let tera = tera(theme)?;
    for lang in Lang::ALL {
        let mut r = Renderer {
            tera: &tera,
            theme,
            base: base_context(report, lang, opts, theme),
            views: views_for(report, theme, lang, opts),
            opts,
            sink,
            written: Vec::new(),
        };
        pages(&mut r).map_err(|e| vec![e])?;
    }
    Ok(())
}

impl<'a> Renderer<'a> {
    fn lang(&self) -> Lang {
        self.views.lang
    }

    fn t(&self, key: &str) -> String {
        self.views.strings.text(self.lang(), key).to_string()
    }

    fn crumb(&self, key: &str, path: &str) -> Crumb {
        Crumb {
            label: self.t(key),
            url: self.lang().url(path),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn page(
        &mut self,
        template: &str,
        path: &str,
        title: String,
        section: &'static str,
        crumbs: Vec<Crumb>,
        feed: Option<String>,
        extra: Context,
    ) -> Result<(), Diagnostic> {
        let file =
            self.put(self.render_page(template, path, title, section, crumbs, feed, extra))?;
        self.written.push(file);
        Ok(())
    }

    /// A section's index page (`/database/`, `/about/`...): its path, title and section are the
    /// interface text `key`, and its only crumb is the home page.
    fn section_page(
        &mut self,
        key: &'static str,
        template: &str,
        feed: Option<String>,
        ctx: Context,
    ) -> Result<(), Diagnostic> {
        let home = self.crumb("home", "");
        let title = self.t(key);
        self.page(
            template,
            &format!("{key}/"),
            title,
            key,
            vec![home],
            feed,
            ctx,
        )
    }

    /// Writes a rendered page to the sink, keeping only its name: pages rendered in parallel are
    /// written as they are made, never all held at once.
    fn put(&self, page: Result<(String, String), Diagnostic>) -> Result<String, Diagnostic> {
        let (file, html) = page?;
        self.sink.put(&file, html.as_bytes());
        Ok(file)
    }

    /// Renders one page: its output file and HTML. Takes `&self`, so pages render in parallel.
    #[allow(clippy::too_many_arguments)]
    fn render_page(
        &self,
        template: &str,
        path: &str,
        title: String,
        section: &'static str,
        crumbs: Vec<Crumb>,
        feed: Option<String>,
        extra: Context,
    ) -> Result<(String, String), Diagnostic> {
        let lang = self.lang();
        let mut ctx = self.base.clone();
        ctx.extend(extra);
        ctx.insert(
            "page",
            &PageView {
                path: path.to_string(),
                url: lang.url(path),
                alt_url: lang.other().url(path),
                title,
                section,
                crumbs,
                feed,
                card: card(path),
            },
        );
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| template_error(self.theme, &e))?;
        if self.opts.circulation.is_some() && !html.contains(NOINDEX) {
            return Err(Diagnostic::error(
                format!("templates/{template}"),
                Pos::FILE,
                format!("the circulation edition's page {path} does not carry {NOINDEX}"),
            )
            .with_hint("every page of the circulation edition must ask search engines not to index it: keep the {% if site.circulation %} block of the built-in base.html in your templates/base.html"));
        }
        let file = if path == "404.html" {
            lang.file("404.html")
        } else {
            lang.file(path)
        };
        Ok((file, html))
    }

    /// Records pages written in parallel; the first error in their order wins.
    fn add_all(&mut self, pages: Vec<Result<String, Diagnostic>>) -> Result<(), Diagnostic> {
        for page in pages {
            self.written.push(page?);
        }
        Ok(())
    }

    fn all(&mut self) -> Result<(), Diagnostic> {
        self.home()?;
        self.partners()?;
        self.terms("sectors")?;
        self.terms("categories")?;
        self.hs()?;
        self.barriers()?;
        self.database()?;
        self.downloads()?;
        self.about()?;
        self.service_pages()?;
        self.changes()?;
        let t404 = self.t("not_found");
        self.page(
            "404.html",
            "404.html",
            t404,
            "",
            vec![],
            None,
            Context::new(),
        )?;
        self.feeds()?;
        Ok(())
    }
}

/// The report in one language, with every entry's stage shown in the circulation edition.
fn views_for<'a>(
    report: &'a Report,
    theme: &'a Theme,
    lang: Lang,
    opts: &SiteOptions,
) -> Views<'a> {
    let mut views = Views::new(report, &theme.strings, lang);
    if opts.circulation.is_some() {
        views.label_every_stage();
    }
    views
}

/// One choice of a filter on the database page.
#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
}

/// The terms that have barriers, as filter choices.
/// Barriers grouped under their partners, partners in the page's order: what a term page and an
/// HS heading page list.
#[derive(Serialize)]
struct PartnerGroup<'v> {
    partner: &'v views::PartnerView,
    barriers: Vec<&'v Summary>,
}

fn partner_groups<'v>(v: &'v Views<'_>, indices: &[usize]) -> Vec<PartnerGroup<'v>> {
    let mut groups: Vec<PartnerGroup> = Vec::new();
    for i in v.sorted_by_partner(indices) {
        let code = v.report.barriers[i].partner.as_str();
        match groups.last_mut() {
            Some(g) if g.partner.code == code => g.barriers.push(&v.summaries[i]),
            _ => groups.push(PartnerGroup {
                partner: &v.partners[code],
                barriers: vec![&v.summaries[i]],
            }),
        }
    }
    groups
}

fn used_terms(terms: &[TermView]) -> Vec<Opt> {
    terms
        .iter()
        .filter(|t| t.count > 0)
        .map(|t| Opt {
            value: t.id.clone(),
            label: t.label.clone(),
        })
        .collect()
}

/// The WTO Documents Online search for a document symbol.
pub(crate) fn wto_url(symbol: &str) -> String {
    let mut q = String::new();
    for b in symbol.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
            q.push(b as char);
        } else {
            q.push_str(&format!("%{b:02X}"));
        }
    }
    format!("https://docs.wto.org/dol2fe/Pages/FE_Search/FE_S_S006.aspx?MetaCollection=WTO&SymbolList=%22{q}%22&Language=ENGLISH")
}
