//! The HTML site: [`Report`] -> every page, feed and sitemap, in Korean and English, through Tera.
//!
//! Input: the validated report, the [`Theme`] (templates and assets) and [`SiteOptions`].
//! Output: [`Files`] (nothing touches the disk here) or the template errors, each naming the
//! template. Templates see only view structs from [`views`] and the labels from [`strings`].

pub mod charts;
mod downloads;
mod hs;
pub mod map;
mod service;
pub mod strings;
pub mod views;

use super::{paths, Lang, Sink};
use crate::diagnostics::{Diagnostic, Pos};
use crate::load::theme::Theme;
use crate::markdown;
use crate::model::{Report, Status};
use rayon::prelude::*;
use serde::Serialize;
use strings::{label, status_meaning, strings};
use tera::{Context, Tera};

/// Entries per Atom feed: the most recently updated, as feed readers expect (the database and the
/// data files list everything).
pub const FEED_ENTRIES: usize = 50;
use views::{Summary, TermView, Views};

/// A downloadable file listed on the downloads page.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// Site path without leading slash: `report/knte-2026.pdf`.
    pub path: String,
    pub label_ko: String,
    pub label_en: String,
    pub bytes: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
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
pub const NOINDEX: &str = r#"<meta name="robots" content="noindex">"#;

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
pub fn tera(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| vec![template_error(theme, &e)])?;
    Ok(tera)
}

fn escape(s: &str) -> String {
    charts::esc(s)
}

/// A Tera error as a diagnostic naming the template (and, when Tera gives it, the line).
pub fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
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
pub fn render(
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
            views: views_for(report, lang, opts),
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
    base.insert("t", &strings(lang));
    base
}

/// Renders the two pages (Korean and English) of barrier `index` into `sink`: `knte serve`'s quick
/// update after an edit to one entry, before the whole site is rebuilt.
pub fn render_barrier(
    report: &Report,
    theme: &Theme,
    opts: &SiteOptions,
    index: usize,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let tera = tera(theme)?;
    for lang in Lang::ALL {
        let r = Renderer {
            tera: &tera,
            theme,
            base: base_context(report, lang, opts, theme),
            views: views_for(report, lang, opts),
            opts,
            sink,
            written: Vec::new(),
        };
        r.put(r.barrier_page(index)).map_err(|e| vec![e])?;
    }
    Ok(())
}

impl<'a> Renderer<'a> {
    fn lang(&self) -> Lang {
        self.views.lang
    }

    fn t(&self, key: &str) -> String {
        strings::text(self.lang(), key).to_string()
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

    fn home(&mut self) -> Result<(), Diagnostic> {
        let v = &self.views;
        let lang = self.lang();
        let report = v.report;
        let charts = charts::home_charts(report, lang, |key| self.t(key));
        let edition = report.meta.edition.to_string();
        let new_idx: Vec<usize> = v.sorted_by_partner(
            &(0..report.barriers.len())
                .filter(|i| report.barriers[*i].first_reported.format("%Y").to_string() == edition)
                .collect::<Vec<_>>(),
        );
        let mut latest: Vec<usize> = (0..report.barriers.len()).collect();
        latest.sort_by(|a, b| {
            let (x, y) = (&report.barriers[*a], &report.barriers[*b]);
            y.last_updated
                .cmp(&x.last_updated)
                .then(crate::model::id_key(&x.id).cmp(&crate::model::id_key(&y.id)))
        });
        latest.truncate(10);
        let mut ctx = Context::new();
        ctx.insert("charts", &charts);
        ctx.insert("world_map", &map::WorldMap::new(v, map::TABLE_ID));
        ctx.insert("total", &report.barriers.len());
        ctx.insert("partner_count", &report.partners.len());
        ctx.insert("new_barriers", &v.pick(&new_idx));
        ctx.insert("latest", &v.pick(&latest));
        ctx.insert("categories", &v.categories);
        ctx.insert("sectors", &v.sectors);
        let title = v.report.meta.title.clone();
        let title = if lang == Lang::Ko {
            title
        } else {
            v.report.meta.title_en.clone()
        };
        self.page(
            "index.html",
            "",
            title,
            "home",
            vec![],
            Some(lang.url("atom.xml")),
            ctx,
        )
    }

    fn partners(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        #[derive(Serialize)]
        struct RegionGroup<'v> {
            region: &'v TermView,
            partners: Vec<&'v views::PartnerView>,
        }
        let v = &self.views;
        let groups: Vec<RegionGroup> = v
            .regions
            .iter()
            .filter(|r| r.count > 0)
            .map(|r| RegionGroup {
                region: r,
                partners: v
                    .partner_order
                    .iter()
                    .map(|c| &v.partners[c])
                    .filter(|p| p.region.id == r.id)
                    .collect(),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("groups", &groups);
        ctx.insert("world_map", &map::WorldMap::new(v, map::PARTNER_LIST_ID));
        self.section_page("partners", "partners.html", None, ctx)?;

        let codes: Vec<&str> = self.views.partner_order.clone();
        for code in codes {
            let v = &self.views;
            let partner = &v.partners[code];
            let indices = v.by_partner.get(code).cloned().unwrap_or_default();
            #[derive(Serialize)]
            struct CatGroup<'v> {
                category: &'v TermView,
                barriers: Vec<&'v Summary>,
            }
            let groups: Vec<CatGroup> = v
                .categories
                .iter()
                .filter_map(|c| {
                    let list: Vec<usize> = indices
                        .iter()
                        .copied()
                        .filter(|i| v.report.barriers[*i].category == c.id)
                        .collect();
                    (!list.is_empty()).then(|| CatGroup {
                        category: c,
                        barriers: v.pick(&list),
                    })
                })
                .collect();
            let p = v
                .report
                .partners
                .iter()
                .find(|p| p.code == code)
                .expect("partner exists");
            let overview =
                (lang == Lang::Ko && !p.overview.trim().is_empty()).then(|| v.html(&p.overview));
            let mut ctx = Context::new();
            ctx.insert("partner", partner);
            ctx.insert("groups", &groups);
            ctx.insert("overview_html", &overview);
            ctx.insert("has_overview", &!p.overview.trim().is_empty());
            ctx.insert("korean_url", &Lang::Ko.url(&paths::partner(code)));
            ctx.insert(
                "internal",
                &views::internal_rows(p.internal.as_ref(), &[], lang),
            );
            let title = partner.name.clone();
            let crumbs = vec![self.crumb("home", ""), self.crumb("partners", "partners/")];
            let path = paths::partner(code);
            let feed = Some(lang.url(&format!("{path}atom.xml")));
            self.page("partner.html", &path, title, "partners", crumbs, feed, ctx)?;
        }
        Ok(())
    }

    /// The sector or category index and one page per term.
    fn terms(&mut self, kind: &'static str) -> Result<(), Diagnostic> {
        let terms: Vec<TermView> = if kind == "sectors" {
            self.views.sectors.clone()
        } else {
            self.views.categories.clone()
        };
        let mut ctx = Context::new();
        ctx.insert("terms", &terms);
        ctx.insert("kind", kind);
        self.section_page(kind, "terms.html", None, ctx)?;
        let pages: Vec<_> = terms
            .par_iter()
            .map(|term| {
                let v = &self.views;
                let map = if kind == "sectors" {
                    &v.by_sector
                } else {
                    &v.by_category
                };
                let groups = partner_groups(
                    v,
                    map.get(term.id.as_str()).map(Vec::as_slice).unwrap_or(&[]),
                );
                let mut ctx = Context::new();
                ctx.insert("term", term);
                ctx.insert("kind", kind);
                ctx.insert("groups", &groups);
                let path = format!("{kind}/{}/", term.id);
                let crumbs = vec![
                    self.crumb("home", ""),
                    self.crumb(kind, &format!("{kind}/")),
                ];
                let feed = Some(self.lang().url(&format!("{path}atom.xml")));
                self.put(self.render_page(
                    "term.html",
                    &path,
                    term.label.clone(),
                    kind,
                    crumbs,
                    feed,
                    ctx,
                ))
            })
            .collect();
        self.add_all(pages)?;
        Ok(())
    }

    fn barriers(&mut self) -> Result<(), Diagnostic> {
        let pages: Vec<_> = (0..self.views.report.barriers.len())
            .into_par_iter()
            .map(|i| self.put(self.barrier_page(i)))
            .collect();
        self.add_all(pages)
    }

    /// The page of barrier `i` (its index in the report): file and HTML.
    fn barrier_page(&self, i: usize) -> Result<(String, String), Diagnostic> {
        #[derive(Serialize)]
        struct Sym {
            symbol: String,
            url: String,
        }
        #[derive(Serialize)]
        struct Remedy {
            measure: &'static str,
            stage: &'static str,
            initiated: String,
            imposed: String,
            case_no: String,
            duty_rate: String,
        }
        #[derive(Serialize)]
        struct ActionView {
            date: String,
            channel: &'static str,
            note: String,
        }
        #[derive(Serialize)]
        struct ImpactView {
            value: String,
            year: i64,
            basis: String,
        }
        let lang = self.lang();
        let v = &self.views;
        let b = &v.report.barriers[i];
        let s = &v.summaries[i];
        let body_html = v.body_html(b);
        let related: Vec<&Summary> = b
            .related
            .iter()
            .filter_map(|r| v.by_id.get(r.as_str()))
            .map(|j| &v.summaries[*j])
            .collect();
        let wto: Vec<Sym> = b
            .wto_refs
            .iter()
            .map(|sym| Sym {
                symbol: sym.clone(),
                url: wto_url(sym),
            })
            .collect();
        let remedy = b.trade_remedy.as_ref().map(|r| Remedy {
            measure: label(lang, &r.measure),
            stage: label(lang, &r.stage),
            initiated: r.initiated.to_string(),
            imposed: r.imposed.map(|d| d.to_string()).unwrap_or_default(),
            case_no: r.case_no.clone().unwrap_or_default(),
            duty_rate: r.duty_rate.clone().unwrap_or_default(),
        });
        let actions: Vec<ActionView> = b
            .actions
            .iter()
            .map(|a| ActionView {
                date: a.date.to_string(),
                channel: label(lang, &a.channel),
                note: a.note.clone(),
            })
            .collect();
        let impact = b.impact.as_ref().map(|m| ImpactView {
            value: strings::usd(lang, m.export_value_usd),
            year: m.year,
            basis: m.basis.clone(),
        });
        let mut ctx = Context::new();
        ctx.insert("b", s);
        ctx.insert("body_html", &body_html);
        ctx.insert("hs_codes", &b.hs_codes);
        ctx.insert("wto", &wto);
        ctx.insert("remedy", &remedy);
        ctx.insert("impact", &impact);
        ctx.insert("actions", &actions);
        ctx.insert("sources", &b.sources);
        ctx.insert("related", &related);
        ctx.insert("korean_url", &Lang::Ko.url(&paths::barrier(&b.id)));
        let report = self.views.report;
        let site_title = match lang {
            Lang::Ko => &report.meta.title,
            Lang::En => &report.meta.title_en,
        };
        ctx.insert(
            "report_link",
            &service::barrier_report_link(&report.meta.office, lang, site_title, b),
        );
        ctx.insert(
            "internal",
            &views::internal_rows(b.internal.as_ref(), &b.next, lang),
        );
        let crumbs = vec![
            self.crumb("home", ""),
            self.crumb("partners", "partners/"),
            Crumb {
                label: s.partner.label.clone(),
                url: s.partner.url.clone(),
            },
        ];
        let title = s.title.clone();
        self.render_page(
            "barrier.html",
            &paths::barrier(&b.id),
            title,
            "partners",
            crumbs,
            None,
            ctx,
        )
    }

    fn database(&mut self) -> Result<(), Diagnostic> {
        let v = &self.views;
        let lang = self.lang();
        let rows = v.pick(&v.sorted_by_partner(&(0..v.summaries.len()).collect::<Vec<_>>()));
        let partners: Vec<Opt> = v
            .partner_order
            .iter()
            .map(|c| Opt {
                value: c.to_string(),
                label: v.partners[c].name.clone(),
            })
            .collect();
        let regions: Vec<Opt> = used_terms(&v.regions);
        let sectors: Vec<Opt> = used_terms(&v.sectors);
        let categories: Vec<Opt> = used_terms(&v.categories);
        let statuses: Vec<Opt> = Status::ALL
            .iter()
            .map(|s| Opt {
                value: s.id().into(),
                label: label(lang, s.id()).into(),
            })
            .collect();
        let mut years: Vec<String> = v.summaries.iter().map(|s| s.year.clone()).collect();
        years.sort();
        years.dedup();
        years.reverse();
        let mut ctx = Context::new();
        ctx.insert("rows", &rows);
        ctx.insert("partners", &partners);
        ctx.insert("regions", &regions);
        ctx.insert("sectors", &sectors);
        ctx.insert("categories", &categories);
        ctx.insert("statuses", &statuses);
        ctx.insert("years", &years);
        self.section_page("database", "database.html", Some(lang.url("atom.xml")), ctx)
    }

    fn about(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        #[derive(Serialize)]
        struct StatusView {
            id: &'static str,
            label: &'static str,
            meaning: &'static str,
        }
        let statuses: Vec<StatusView> = Status::ALL
            .iter()
            .map(|s| StatusView {
                id: s.id(),
                label: label(lang, s.id()),
                meaning: status_meaning(lang, s.id()),
            })
            .collect();
        let v = &self.views;
        // The page gives the foreword its own heading; one the text opens with would repeat it.
        let foreword =
            markdown::without_heading(v.report.meta.foreword.trim(), &self.t("foreword"));
        let foreword_html = (lang == Lang::Ko && !foreword.is_empty()).then(|| v.html(foreword));
        let mut ctx = Context::new();
        ctx.insert("statuses", &statuses);
        ctx.insert("categories", &v.categories);
        ctx.insert("sectors", &v.sectors);
        ctx.insert("foreword_html", &foreword_html);
        ctx.insert("partner_count", &v.report.partners.len());
        ctx.insert("total", &v.report.barriers.len());
        self.section_page("about", "about.html", None, ctx)
    }

    fn changes(&mut self) -> Result<(), Diagnostic> {
        let Some(changes) = &self.opts.changes else {
            return Ok(());
        };
        let lang = self.lang();
        let v = &self.views;
        #[derive(Serialize)]
        struct Moved<'v> {
            b: &'v Summary,
            from: &'static str,
            to: &'static str,
        }
        #[derive(Serialize)]
        struct Gone {
            id: String,
            title: String,
            partner: String,
        }
        let pick = |ids: Vec<&str>| -> Vec<usize> {
            v.sorted_by_partner(
                &ids.iter()
                    .filter_map(|id| v.by_id.get(id).copied())
                    .collect::<Vec<_>>(),
            )
        };
        let new = v.pick(&pick(changes.new.iter().map(String::as_str).collect()));
        let moved = |list: &[crate::changes::StatusChange]| -> Vec<Moved> {
            pick(list.iter().map(|c| c.id.as_str()).collect())
                .into_iter()
                .map(|i| {
                    let c = list
                        .iter()
                        .find(|c| c.id == v.summaries[i].id)
                        .expect("listed");
                    Moved {
                        b: &v.summaries[i],
                        from: label(lang, &c.from),
                        to: label(lang, &c.to),
                    }
                })
                .collect()
        };
        let resolved = moved(&changes.resolved);
        let changed = moved(&changes.changed);
        let dropped: Vec<Gone> = changes
            .dropped
            .iter()
            .map(|d| Gone {
                id: d.id.clone(),
                title: if lang == Lang::Ko {
                    d.title.clone()
                } else {
                    d.title_en.clone()
                },
                partner: v
                    .partners
                    .get(d.partner.as_str())
                    .map_or_else(|| d.partner.to_uppercase(), |p| p.name.clone()),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("previous_edition", &changes.previous_edition);
        ctx.insert("new", &new);
        ctx.insert("resolved", &resolved);
        ctx.insert("changed", &changed);
        ctx.insert("dropped", &dropped);
        self.section_page("changes", "changes.html", None, ctx)
    }

    fn feeds(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        let all: Vec<usize> = (0..self.views.summaries.len()).collect();
        let mut feeds: Vec<(String, String, Vec<usize>)> =
            vec![(String::new(), self.t("barriers"), all)];
        let v = &self.views;
        for c in &v.partner_order {
            feeds.push((
                paths::partner(c),
                v.partners[c].name.clone(),
                v.by_partner.get(c).cloned().unwrap_or_default(),
            ));
        }
        for s in &v.sectors {
            feeds.push((
                paths::sector(&s.id),
                s.label.clone(),
                v.by_sector.get(s.id.as_str()).cloned().unwrap_or_default(),
            ));
        }
        for c in &v.categories {
            feeds.push((
                paths::category(&c.id),
                c.label.clone(),
                v.by_category
                    .get(c.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
            ));
        }
        let rendered: Vec<_> = feeds
            .into_par_iter()
            .map(|(path, name, mut indices)| {
                let v = &self.views;
                indices.sort_by(|a, b| {
                    let (x, y) = (&v.report.barriers[*a], &v.report.barriers[*b]);
                    y.last_updated
                        .cmp(&x.last_updated)
                        .then(crate::model::id_key(&x.id).cmp(&crate::model::id_key(&y.id)))
                });
                indices.truncate(FEED_ENTRIES);
                let updated = indices
                    .first()
                    .map(|i| v.report.barriers[*i].last_updated)
                    .unwrap_or(v.report.meta.published);
                let mut ctx = self.base.clone();
                ctx.insert("feed_title", &name);
                ctx.insert("feed_url", &lang.url(&format!("{path}atom.xml")));
                ctx.insert("page_url", &lang.url(&path));
                ctx.insert("updated", &updated.to_string());
                ctx.insert("entries", &v.pick(&indices));
                let xml = self
                    .tera
                    .render("atom.xml", &ctx)
                    .map_err(|e| template_error(self.theme, &e))?;
                self.put(Ok((lang.file(&format!("{path}atom.xml")), xml)))
            })
            .collect();
        self.add_all(rendered)
    }
}

/// The report in one language, with every entry's stage shown in the circulation edition.
fn views_for<'a>(report: &'a Report, lang: Lang, opts: &SiteOptions) -> Views<'a> {
    let mut views = Views::new(report, lang);
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
pub fn wto_url(symbol: &str) -> String {
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

fn sitemap(report: &Report, files: &[String]) -> String {
    let base = &report.meta.base_url;
    let lastmod = report.meta.published;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for file in files {
        if !file.ends_with("index.html") || file.starts_with("en/") {
            continue;
        }
        let path = file.trim_end_matches("index.html");
        let ko = format!("{base}/{path}");
        let en = format!("{base}/en/{path}");
        for loc in [&ko, &en] {
            out.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod><xhtml:link rel=\"alternate\" hreflang=\"ko\" href=\"{}\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{}\"/></url>\n",
                charts::esc(loc),
                charts::esc(&ko),
                charts::esc(&en)
            ));
        }
    }
    out.push_str("</urlset>\n");
    out
}
