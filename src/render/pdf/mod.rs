//! The PDF report: [`Report`] -> the consolidated report and one PDF per partner.
//!
//! Input: the validated report, the fonts and the interface texts. Output: [`Files`] (`report/knte-<edition>.pdf`,
//! `report/partners/<code>.pdf`) and the characters no font can draw, with the file they come
//! from (the build reports them as errors, with their line and column). This module
//! composes the report's structure as a [`Flow`]; [`layout`] places it on pages and [`write`] turns
//! the pages into PDF, so the layout can be tested without a PDF library.

mod annex;
mod apparatus;
mod body;
mod circulation;
mod figures;
pub(crate) mod fonts;
mod front;
pub(crate) mod layout;
pub(crate) mod write;

use super::i18n::Strings;
use super::{paths, Files, Lang};
use crate::markdown::{self, Block, Inline};
use crate::model::{Barrier, Partner, Report};
use fonts::Fonts;
use layout::{Flow, ParaStyle, Span, Target, BRAND, MUTED};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The site path of the consolidated report.
pub(crate) fn report_path(report: &Report) -> String {
    format!("report/knte-{}.pdf", report.meta.edition)
}

/// The site path of a partner's report.
pub(crate) fn partner_path(code: &str) -> String {
    format!("report/partners/{code}.pdf")
}

/// What the PDF renderer produced.
pub(crate) struct Pdfs {
    pub files: Files,
    /// Characters no font has, by the file whose text holds them (`content/cn/x.md`,
    /// `content/cn/_partner.md`, `content/_report.md`). Printed as `?` in `files`, which must
    /// then not be published.
    pub missing: BTreeMap<String, BTreeSet<char>>,
    /// Page count of each file.
    pub pages: BTreeMap<String, usize>,
}

/// Renders the consolidated report and the partner reports; with `notice` (the circulation
/// edition's), every page carries it as a watermark and entries show their stage and internal notes.
pub(crate) fn render(
    report: &Report,
    fonts: &Fonts,
    strings: &Strings,
    changes: Option<&crate::changes::Changes>,
    notice: Option<&str>,
    print: bool,
) -> Result<Pdfs, String> {
    let mut out = Pdfs {
        files: Files::default(),
        missing: BTreeMap::new(),
        pages: BTreeMap::new(),
    };
    let order = partner_order(report);
    // The consolidated report and the partner reports are independent documents: made in parallel,
    // gathered in a fixed order.
    let consolidated = || -> Result<_, String> {
        let mut c = Composer::new(report, fonts, strings, true, notice);
        c.print = print;
        c.whole(&order);
        if let Some(changes) = changes {
            c.annex_changes(changes);
        }
        c.imprint();
        let missing = std::mem::take(&mut c.missing);
        let (bytes, n) = c.finish(&report.meta.title)?;
        Ok((report_path(report), bytes, n, missing))
    };
    let partners = || -> Vec<Result<_, String>> {
        order
            .par_iter()
            .map(|code| {
                let p = report
                    .partners
                    .iter()
                    .find(|p| &p.code == code)
                    .expect("partner");
                let mut c = Composer::new(report, fonts, strings, false, notice);
                c.print = print;
                c.partner_only(p);
                let (bytes, n) = c.finish(&format!("{} — {}", report.meta.title, p.name))?;
                Ok((partner_path(code), bytes, n))
            })
            .collect()
    };
    let (whole, parts) = rayon::join(consolidated, partners);
    let (path, bytes, n, missing) = whole?;
    out.missing = missing;
    out.pages.insert(path.clone(), n);
    out.files.add(path, bytes);
    for part in parts {
        let (path, bytes, n) = part?;
        out.pages.insert(path.clone(), n);
        out.files.add(path, bytes);
    }
    Ok(out)
}

/// Partner codes in Korean alphabetical (가나다) order of their names.
pub(crate) fn partner_order(report: &Report) -> Vec<String> {
    report
        .partner_order()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The file of the report's own texts (title, publisher, foreword).
const REPORT_FILE: &str = "content/_report.md";

fn anchor_of(id: &str) -> String {
    format!("b-{id}")
}

struct Composer<'a> {
    report: &'a Report,
    fonts: &'a Fonts,
    /// The interface texts (labels of statuses, measures, channels; field names).
    strings: &'a Strings,
    flow: Vec<Flow>,
    /// Whether every barrier is in this document (the consolidated report); otherwise links to
    /// entries elsewhere go to their web pages.
    whole: bool,
    /// The barriers composed so far, in page order.
    included: Vec<String>,
    /// The barriers of a partner's report (all of its own); empty for the consolidated report.
    in_doc: BTreeSet<String>,
    /// source file -> characters no font has
    missing: BTreeMap<String, BTreeSet<char>>,
    /// The file the text being composed comes from.
    current: String,
    /// The circulation edition's notice, printed on every page; `None` in every other edition.
    notice: Option<&'a str>,
    /// Footnotes numbered so far (`apparatus`).
    notes_before: usize,
    /// Tables numbered so far.
    tables: usize,
    /// Figures numbered so far.
    figures: usize,
    /// The print layout (chapters on right-hand pages).
    print: bool,
    /// Chapters numbered so far (제1장 ...); `None` in a partner's report, whose one chapter has
    /// no number.
    chapters: Option<usize>,
}

fn body_style() -> ParaStyle {
    ParaStyle::body()
}

impl<'a> Composer<'a> {
    fn new(
        report: &'a Report,
        fonts: &'a Fonts,
        strings: &'a Strings,
        whole: bool,
        notice: Option<&'a str>,
    ) -> Self {
        Composer {
            report,
            fonts,
            strings,
            flow: Vec::new(),
            whole,
            included: Vec::new(),
            in_doc: BTreeSet::new(),
            missing: BTreeMap::new(),
            current: REPORT_FILE.into(),
            notice,
            notes_before: 0,
            tables: 0,
            figures: 0,
            print: false,
            chapters: whole.then_some(0),
        }
    }

    /// A span, with characters no font has replaced by a visible `?` and remembered (the build
    /// then fails with an error for each).
    fn span(&mut self, text: &str) -> Span {
        Span::new(self.clean(text))
    }

    fn clean(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if self.fonts.has(c) {
                out.push(c);
            } else {
                self.missing
                    .entry(self.current.clone())
                    .or_default()
                    .insert(c);
                out.push('?');
            }
        }
        out
    }

    fn heading(
        &mut self,
        level: u8,
        text: &str,
        anchor: Option<String>,
        outline: Option<u8>,
        toc: Option<u8>,
    ) {
        let spans = vec![self.span(text).bold()];
        self.flow.push(Flow::Heading {
            level,
            spans,
            anchor,
            outline,
            toc,
        });
    }

    fn para(&mut self, spans: Vec<Span>, style: ParaStyle) {
        self.flow.push(Flow::Para { spans, style });
    }

    fn text_para(&mut self, text: &str, style: ParaStyle) {
        let s = self.span(text);
        self.para(vec![s], style);
    }

    /// A body chapter's title with its number, `제2장 중국 (China)`, in the consolidated report.
    fn numbered(&mut self, title: &str) -> String {
        match &mut self.chapters {
            Some(n) => {
                *n += 1;
                format!("제{n}장 {title}")
            }
            None => title.to_string(),
        }
    }

    fn chapter(&mut self, name: &str) {
        let name = self.clean(name);
        self.flow.push(Flow::PageBreak { chapter: name });
    }

    fn cover(&mut self, subtitle: Option<&str>) {
        let m = &self.report.meta;
        self.flow.push(Flow::PageBreak {
            chapter: String::new(),
        });
        self.flow.push(Flow::Space(150.0));
        let edition = format!("{}년판", m.edition);
        self.para(
            vec![Span::new(edition).bold().color(BRAND)],
            ParaStyle {
                size: 13.0,
                ..body_style()
            },
        );
        self.flow.push(Flow::Space(8.0));
        let title = self.span(&m.title).bold();
        self.para(
            vec![title],
            ParaStyle {
                size: 26.0,
                leading: 1.35,
                space_after: 10.0,
                ..body_style()
            },
        );
        let title_en = self.span(&m.title_en).color(MUTED).english();
        self.para(
            vec![title_en],
            ParaStyle {
                size: 13.0,
                space_after: 24.0,
                ..body_style()
            },
        );
        if let Some(sub) = subtitle {
            let s = self.span(sub).bold();
            self.para(
                vec![s],
                ParaStyle {
                    size: 18.0,
                    space_after: 20.0,
                    ..body_style()
                },
            );
        }
        self.flow.push(Flow::Rule);
        self.flow.push(Flow::Space(220.0));
        let publisher = self.span(&m.publisher).bold();
        self.para(
            vec![publisher],
            ParaStyle {
                size: 12.0,
                ..body_style()
            },
        );
        let date = format!("발간일 {}", m.published.format("%Y년 %-m월 %-d일"));
        self.text_para(
            &date,
            ParaStyle {
                size: 10.5,
                ..body_style()
            },
        );
        if m.sample {
            self.flow.push(Flow::Space(16.0));
            self.para(
                vec![Span::new("표본판 — 보고서 체계를 보여 주기 위한 예시 내용입니다 (sample edition, illustrative content).").bold().color(WARNING_COLOR)],
                ParaStyle { size: 9.5, ..body_style() },
            );
        }
        self.cover_foot();
    }

    fn whole(&mut self, order: &[String]) {
        let r = self.report;
        self.cover(None);
        if !r.meta.foreword.trim().is_empty() {
            self.chapter("발간사");
            self.heading(1, "발간사", Some("foreword".into()), Some(1), Some(1));
            let blocks = markdown::to_blocks(&r.meta.foreword, &|d| self.link_target(d));
            // The foreword's own "발간사" heading would repeat the chapter title.
            let blocks: Vec<Block> = blocks.into_iter().filter(|b| !matches!(b, Block::Heading { inlines, .. } if inline_text(inlines).trim() == "발간사")).collect();
            self.body_blocks(&blocks);
            self.foreword_signature();
        }
        self.explanatory_notes();
        self.chapter("목차");
        self.heading(1, "목차", None, None, None);
        self.flow.push(Flow::Contents);
        self.list_of_tables();
        self.list_of_figures();
        self.overview(order);
        for code in order {
            let p = r
                .partners
                .iter()
                .find(|p| &p.code == code)
                .expect("partner");
            self.partner_chapter(p);
        }
        self.annex_by_sector();
        self.abbreviations();
    }

    fn partner_only(&mut self, p: &Partner) {
        // Links to the partner's entries, before or after the one that links, stay in the document.
        self.in_doc = self
            .report
            .barriers
            .iter()
            .filter(|b| b.partner == p.code)
            .map(|b| b.id.clone())
            .collect();
        self.cover(Some(&p.name));
        self.partner_chapter(p);
    }

    fn partner_chapter(&mut self, p: &Partner) {
        crate::work::add(crate::work::Work::Chapter);
        let r = self.report;
        self.current = format!("content/{}/_partner.md", p.code);
        self.chapter(&p.name);
        let title = self.numbered(&p.name);
        let spans = vec![
            self.span(&format!("{title} (")).bold(),
            self.span(&p.name_en).bold().english(),
            Span::new(")").bold(),
        ];
        self.flow.push(Flow::Heading {
            level: 1,
            spans,
            anchor: Some(format!("p-{}", p.code)),
            outline: Some(1),
            toc: Some(1),
        });
        let region = r
            .taxonomy
            .region(&p.region)
            .map(|t| t.ko.clone())
            .unwrap_or_default();
        let agreements = if p.agreements.is_empty() {
            "발효 중인 통상협정 없음".to_string()
        } else {
            p.agreements.join(", ")
        };
        let facts = vec![
            Span::new("지역 ").bold(),
            self.span(&region),
            Span::new("   통상협정 ").bold(),
            self.span(&agreements),
        ];
        self.para(
            facts,
            ParaStyle {
                size: 9.0,
                space_after: 8.0,
                ..body_style()
            },
        );
        self.partner_summary(p);
        self.internal_box(p.internal.as_ref(), &[]);
        if !p.overview.trim().is_empty() {
            let blocks = markdown::to_blocks(&p.overview, &|d| self.link_target(d));
            self.body_blocks(&blocks);
        }
        let idx = r
            .by_partner()
            .get(p.code.as_str())
            .cloned()
            .unwrap_or_default();
        for t in &r.taxonomy.categories {
            let list: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|i| r.barriers[*i].category == t.id)
                .collect();
            if list.is_empty() {
                continue;
            }
            self.heading(2, &t.ko, None, None, None);
            for i in list {
                self.barrier(&r.barriers[i]);
            }
        }
    }

    /// Where a body's link goes: `@/` entries to their anchor (or web page), addresses as they are.
    fn link_target(&self, dest: &str) -> Option<String> {
        if let Some(path) = dest.strip_prefix("@/") {
            let file = path.split('#').next().unwrap_or(path);
            let b = self
                .report
                .barriers
                .iter()
                .find(|b| format!("{}/{}.md", b.partner, b.slug) == file)?;
            if self.holds(&b.id) {
                return Some(format!("#{}", anchor_of(&b.id)));
            }
            return Some(format!(
                "{}{}",
                self.report.meta.base_url,
                Lang::Ko.url(&paths::barrier(&b.id))
            ));
        }
        (dest.starts_with("http://") || dest.starts_with("https://") || dest.starts_with("mailto:"))
            .then(|| dest.to_string())
    }

    fn barrier(&mut self, b: &Barrier) {
        self.current = b.file.clone();
        self.included.push(b.id.clone());
        self.heading(3, &b.title, Some(anchor_of(&b.id)), Some(2), Some(2));
        self.key_facts(b);
        let summary = self.span(&b.summary).bold();
        self.para(
            vec![summary],
            ParaStyle {
                size: 9.5,
                space_after: 6.0,
                ..body_style()
            },
        );
        self.circulation_entry(b);
        let blocks = markdown::to_blocks(&b.body, &|d| self.link_target(d));
        self.body_blocks(&blocks);
        self.timeline(b);
        self.related(b);
        self.heading(4, "출처", None, None, None);
        for (i, s) in b.sources.iter().enumerate() {
            let mut text = s.title.clone();
            if let Some(p) = &s.publisher {
                text.push_str(&format!(", {p}"));
            }
            if let Some(d) = s.date {
                text.push_str(&format!(", {d}"));
            }
            let mut title = self.span(&format!("{text}. "));
            if !text.chars().any(is_hangul) {
                title = title.english();
            }
            let url = Span::new(s.url.clone()).link(Some(Target::Uri(s.url.clone())));
            self.para(
                vec![title, url],
                ParaStyle {
                    size: 8.0,
                    leading: 1.45,
                    indent: 14.0,
                    marker: Some(format!("{}.", i + 1)),
                    space_after: 1.5,
                    ..body_style()
                },
            );
        }
        self.flow.push(Flow::Space(6.0));
        self.current = REPORT_FILE.into();
    }

    fn finish(mut self, title: &str) -> Result<(Vec<u8>, usize), String> {
        let furniture = layout::Furniture {
            header_left: self.report.meta.title.clone(),
            watermark: self.notice.map(str::to_string),
            body_anchor: self.whole.then(|| front::BODY_ANCHOR.to_string()),
            print: self.print,
        };
        // The composed flow is not needed once laid out: a long report should not hold both.
        let flow = std::mem::take(&mut self.flow);
        let laid = layout::layout(&flow, self.fonts, &furniture);
        drop(flow);
        let m = &self.report.meta;
        let info = write::DocInfo {
            title: title.to_string(),
            author: m.publisher.clone(),
            subject: m.title_en.clone(),
            lang: "ko-KR".into(),
            timestamp: m
                .published
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc().timestamp())
                .unwrap_or(0),
        };
        let n = laid.pages.len();
        Ok((write::write(laid, self.fonts, &info)?, n))
    }
}

/// Emphasis in bodies, and the circulation edition's warnings (both printed as gray levels).
const EMPHASIS_COLOR: layout::Rgb = layout::Rgb(0.55, 0.15, 0.12);
const WARNING_COLOR: layout::Rgb = layout::Rgb(0.6, 0.36, 0.0);

fn partner_of<'r>(r: &'r Report, b: &Barrier) -> &'r Partner {
    r.partners
        .iter()
        .find(|p| p.code == b.partner)
        .expect("validated partner")
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            _ => "",
        })
        .collect()
}

fn is_hangul(c: char) -> bool {
    ('가'..='힣').contains(&c) || ('ᄀ'..='ᇿ').contains(&c) || ('㄰'..='㆏').contains(&c)
}
