//! Views: the report seen in one language, as the small serialisable structs templates read.
//!
//! Input: the [`Report`] and a [`Lang`]. Output: [`Views`], built once per language: a light
//! [`Summary`] per barrier for every list, and lookups by partner, sector and category. Lists carry
//! summaries only, never rendered bodies; a barrier's full view is built for its own page alone.

use crate::markdown;
use crate::model::{Barrier, Internal, NextStep, Partner, Report, Stage, Term};
use crate::render::i18n::{usd, Strings};
use crate::render::{paths, Lang};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub id: String,
    pub label: String,
    pub url: String,
}

/// A barrier as lists show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Summary {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub partner: Link,
    pub region: String,
    pub category: Link,
    pub sectors: Vec<Link>,
    /// Sector ids separated by spaces, for the database's data attributes.
    pub sector_ids: String,
    pub status: String,
    pub status_label: String,
    pub status_date: String,
    pub first_reported: String,
    pub year: String,
    pub last_updated: String,
    pub hs_codes: String,
    /// The workflow stage's id (`draft`, `circulated`, `approved`).
    pub stage: &'static str,
    /// The stage as shown beside the entry: in the circulation edition for every entry, in a
    /// preview for the entries not yet approved; empty otherwise (and so in the public edition).
    pub stage_label: String,
}

/// One row of an "internal information" box (circulation edition only): a key's label and its
/// value's lines.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InternalRow {
    pub label: String,
    pub lines: Vec<String>,
}

/// The rows of an `internal:` group, then one row of the planned `next:` steps; empty when there
/// is neither (as in every edition but the circulation edition, whose report alone still holds them).
pub(crate) fn internal_rows(
    internal: Option<&Internal>,
    next: &[NextStep],
    strings: &Strings,
    lang: Lang,
) -> Vec<InternalRow> {
    let mut rows: Vec<InternalRow> = internal
        .map(|i| {
            i.rows()
                .into_iter()
                .map(|(label, lines)| InternalRow { label, lines })
                .collect()
        })
        .unwrap_or_default();
    if !next.is_empty() {
        rows.push(InternalRow {
            label: "다음 단계".into(),
            lines: next
                .iter()
                .map(|n| {
                    format!(
                        "{} · {} · {}",
                        n.due,
                        strings.label(lang, &n.channel),
                        n.note
                    )
                })
                .collect(),
        });
    }
    rows
}

pub(crate) fn stage_label(lang: Lang, stage: Stage) -> &'static str {
    if lang == Lang::Ko {
        stage.ko()
    } else {
        stage.en()
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PartnerView {
    pub code: String,
    pub name: String,
    /// The name in the other language, shown in brackets.
    pub name_alt: String,
    pub url: String,
    pub region: Link,
    pub agreements: Vec<String>,
    /// The language the agreements are written in (`ko` when no English names are given).
    pub agreements_lang: &'static str,
    pub trade: Option<TradeView>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TradeView {
    pub year: i64,
    pub exports: String,
    pub imports: String,
    pub source: String,
    /// The language `source` is written in (`ko` when no English source is given).
    pub source_lang: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermView {
    pub id: String,
    pub label: String,
    pub label_alt: String,
    pub url: String,
    pub count: usize,
}

/// The report in one language.
pub(crate) struct Views<'a> {
    pub report: &'a Report,
    /// The interface texts.
    pub strings: &'a Strings,
    pub lang: Lang,
    pub summaries: Vec<Summary>,
    pub partners: BTreeMap<&'a str, PartnerView>,
    /// Partners sorted by name in this language (가나다 order in Korean).
    pub partner_order: Vec<&'a str>,
    pub categories: Vec<TermView>,
    pub sectors: Vec<TermView>,
    pub regions: Vec<TermView>,
    pub by_partner: BTreeMap<&'a str, Vec<usize>>,
    pub by_category: BTreeMap<&'a str, Vec<usize>>,
    pub by_sector: BTreeMap<&'a str, Vec<usize>>,
    /// `cn/x.md` -> barrier index, for `@/` links.
    pub by_file: BTreeMap<String, usize>,
    pub by_id: BTreeMap<&'a str, usize>,
}

pub(crate) fn term_label(lang: Lang, t: &Term) -> &str {
    if lang == Lang::Ko {
        &t.ko
    } else {
        &t.en
    }
}

fn term_alt(lang: Lang, t: &Term) -> &str {
    term_label(lang.other(), t)
}

pub(crate) fn partner_name(lang: Lang, p: &Partner) -> &str {
    if lang == Lang::Ko {
        &p.name
    } else {
        &p.name_en
    }
}

impl<'a> Views<'a> {
    // Long: builds the views of one language in one place so that every page reads the same ones; each view is a few lines.
    pub(crate) fn new(report: &'a Report, strings: &'a Strings, lang: Lang) -> Self {
        let tax = &report.taxonomy;
        let by_partner = report.by_partner();
        let by_category = report.by_category();
        let by_sector = report.by_sector();
        let term_view = |t: &Term, path: String, count: usize| TermView {
            id: t.id.clone(),
            label: term_label(lang, t).to_string(),
            label_alt: term_alt(lang, t).to_string(),
            url: lang.url(&path),
            count,
        };
        let categories = tax
            .categories
            .iter()
            .map(|t| {
                term_view(
                    t,
                    paths::category(&t.id),
                    by_category.get(t.id.as_str()).map_or(0, Vec::len),
                )
            })
            .collect();
        let sectors = tax
            .sectors
            .iter()
            .map(|t| {
                term_view(
                    t,
                    paths::sector(&t.id),
                    by_sector.get(t.id.as_str()).map_or(0, Vec::len),
                )
            })
            .collect();
        let regions: Vec<TermView> = tax
            .regions
            .iter()
            .map(|t| {
                let n = report.partners.iter().filter(|p| p.region == t.id).count();
                term_view(t, format!("partners/#{}", t.id), n)
            })
            .collect();
        let mut partners = BTreeMap::new();
        for p in &report.partners {
            let region = tax.region(&p.region);
            partners.insert(
                p.code.as_str(),
                PartnerView {
                    code: p.code.clone(),
                    name: partner_name(lang, p).to_string(),
                    name_alt: partner_name(lang.other(), p).to_string(),
                    url: lang.url(&paths::partner(&p.code)),
                    region: Link {
                        id: p.region.clone(),
                        label: region
                            .map(|r| term_label(lang, r).to_string())
                            .unwrap_or_default(),
                        url: lang.url(&format!("partners/#{}", p.region)),
                    },
                    agreements: match lang {
                        Lang::En if !p.agreements_en.is_empty() => p.agreements_en.clone(),
                        _ => p.agreements.clone(),
                    },
                    agreements_lang: match lang {
                        Lang::En if !p.agreements_en.is_empty() => "en",
                        _ => "ko",
                    },
                    trade: p.trade.as_ref().map(|t| {
                        let (source, source_lang) = match (lang, &t.source_en) {
                            (Lang::En, Some(en)) => (en.clone(), "en"),
                            _ => (t.source.clone(), "ko"),
                        };
                        TradeView {
                            year: t.year,
                            exports: usd(lang, t.exports_usd),
                            imports: usd(lang, t.imports_usd),
                            source,
                            source_lang,
                        }
                    }),
                    count: by_partner.get(p.code.as_str()).map_or(0, Vec::len),
                },
            );
        }
        // By the name in this language: 가나다 order in Korean, A-Z in English.
        let mut partner_order: Vec<&str> =
            report.partners.iter().map(|p| p.code.as_str()).collect();
        partner_order.sort_by(|a, b| {
            crate::korean::compare(&partners[a].name, &partners[b].name).then(a.cmp(b))
        });
        let summaries = report
            .barriers
            .iter()
            .map(|b| summary(report, strings, lang, b, &partners))
            .collect();
        let by_file = report
            .barriers
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("{}/{}.md", b.partner, b.slug), i))
            .collect();
        let by_id = report
            .barriers
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        Views {
            strings,
            report,
            lang,
            summaries,
            partners,
            partner_order,
            categories,
            sectors,
            regions,
            by_partner,
            by_category,
            by_sector,
            by_file,
            by_id,
        }
    }

    /// Shows the stage of every entry, the approved ones too (the circulation edition).
    pub(crate) fn label_every_stage(&mut self) {
        for (s, b) in self.summaries.iter_mut().zip(&self.report.barriers) {
            s.stage_label = stage_label(self.lang, b.stage).to_string();
        }
    }

    /// Summaries of the given barriers, in the given order.
    pub(crate) fn pick(&self, indices: &[usize]) -> Vec<&Summary> {
        indices.iter().map(|i| &self.summaries[*i]).collect()
    }

    /// Indices sorted by partner name (this language), then id.
    pub(crate) fn sorted_by_partner(&self, indices: &[usize]) -> Vec<usize> {
        let rank: BTreeMap<&str, usize> = self
            .partner_order
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
        let mut v = indices.to_vec();
        v.sort_by_key(|i| {
            let b = &self.report.barriers[*i];
            (
                rank.get(b.partner.as_str()).copied().unwrap_or(usize::MAX),
                crate::model::id_key(&b.id),
            )
        });
        v
    }

    /// Resolves a body's `@/cn/x.md` link to the page in this language.
    pub(crate) fn resolve(&self, file: &str) -> Option<String> {
        if let Some(i) = self.by_file.get(file) {
            return Some(self.summaries[*i].url.clone());
        }
        let (code, name) = file.split_once('/')?;
        (name == "_partner.md" && self.partners.contains_key(code))
            .then(|| self.lang.url(&paths::partner(code)))
    }

    /// The body of barrier `i` as sanitised HTML in this language, and whether it is the full text.
    pub(crate) fn body_html(&self, b: &Barrier) -> Option<String> {
        let body = match self.lang {
            Lang::Ko => Some(&b.body),
            Lang::En => b.body_en.as_ref(),
        }?;
        Some(self.html(body))
    }

    /// Markdown from content as sanitised HTML, links resolved, tables in scroll boxes.
    pub(crate) fn html(&self, body: &str) -> String {
        let html = markdown::to_html(body, &|f| self.resolve(f));
        markdown::wrap_tables(&html, self.strings.text(self.lang, "table"))
    }
}

fn summary(
    report: &Report,
    strings: &Strings,
    lang: Lang,
    b: &Barrier,
    partners: &BTreeMap<&str, PartnerView>,
) -> Summary {
    let tax = &report.taxonomy;
    let p = &partners[b.partner.as_str()];
    let cat = tax.category(&b.category);
    Summary {
        id: b.id.clone(),
        url: lang.url(&paths::barrier(&b.id)),
        title: if lang == Lang::Ko {
            b.title.clone()
        } else {
            b.title_en.clone()
        },
        summary: if lang == Lang::Ko {
            b.summary.clone()
        } else {
            b.summary_en.clone()
        },
        partner: Link {
            id: p.code.clone(),
            label: p.name.clone(),
            url: p.url.clone(),
        },
        region: p.region.id.clone(),
        category: Link {
            id: b.category.clone(),
            label: cat
                .map(|c| term_label(lang, c).to_string())
                .unwrap_or_default(),
            url: lang.url(&paths::category(&b.category)),
        },
        sectors: b
            .sectors
            .iter()
            .map(|s| Link {
                id: s.clone(),
                label: tax
                    .sector(s)
                    .map(|t| term_label(lang, t).to_string())
                    .unwrap_or_default(),
                url: lang.url(&paths::sector(s)),
            })
            .collect(),
        sector_ids: b.sectors.join(" "),
        status: b.status.id().to_string(),
        status_label: strings.label(lang, b.status.id()).to_string(),
        status_date: b.status_date.map(|d| d.to_string()).unwrap_or_default(),
        first_reported: b.first_reported.to_string(),
        year: b.first_reported.format("%Y").to_string(),
        last_updated: b.last_updated.to_string(),
        hs_codes: b.hs_codes.join(" "),
        stage: b.stage.id(),
        stage_label: if b.stage == Stage::Approved {
            String::new()
        } else {
            stage_label(lang, b.stage).to_string()
        },
    }
}
