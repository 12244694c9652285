//! The product lookup: the report's HS codes -> `/hs/` (chapters and headings present in the
//! edition, with counts and names) and `/hs/<heading>/` (every barrier on that heading, by partner).
//!
//! Input: the barriers' HS codes and the vendored chapter names (`src/render/hs_chapters.tsv`, HS
//! 2022; sources in `hs_chapters.md`). Output: pages through the renderer. A code counts for its
//! heading (its first four digits: `3304.99` is on heading 3304) and its chapter; a two-digit code
//! counts for the chapter alone. This answers the exporter's first question: my product, which
//! markets, which barriers.

use crate::diagnostics::Diagnostic;
use crate::render::html::{partner_groups, Renderer};
use crate::render::Lang;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tera::Context;

const CHAPTERS: &str = include_str!("../../hs_chapters.tsv");

/// A chapter's name in Korean and English, by its two digits.
fn chapter_names() -> BTreeMap<&'static str, (&'static str, &'static str)> {
    CHAPTERS
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, (f.next()?, f.next()?)))
        })
        .collect()
}

/// The barriers on each heading (four digits) and on each chapter (two digits), by index.
pub(super) fn index(
    codes: &[Vec<String>],
) -> (BTreeMap<String, Vec<usize>>, BTreeMap<String, Vec<usize>>) {
    let mut headings: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut chapters: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, list) in codes.iter().enumerate() {
        for code in list {
            let digits: String = code.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 2 {
                chapters
                    .entry(digits[..2].to_string())
                    .or_default()
                    .insert(i);
            }
            if digits.len() >= 4 {
                headings
                    .entry(digits[..4].to_string())
                    .or_default()
                    .insert(i);
            }
        }
    }
    let flat = |m: BTreeMap<String, BTreeSet<usize>>| {
        m.into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect()
    };
    (flat(headings), flat(chapters))
}

#[derive(Serialize)]
struct HeadingView {
    code: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct ChapterView {
    code: String,
    name: &'static str,
    name_alt: &'static str,
    count: usize,
    headings: Vec<HeadingView>,
}

impl Renderer<'_> {
    /// `/hs/` and one page per heading present.
    pub(in crate::render::html) fn hs(&mut self) -> Result<(), crate::diagnostics::Diagnostic> {
        let lang = self.lang();
        let codes: Vec<Vec<String>> = self
            .views
            .report
            .barriers
            .iter()
            .map(|b| b.hs_codes.clone())
            .collect();
        let (headings, chapters) = index(&codes);
        let names = chapter_names();
        let name = |ch: &str, lang: Lang| {
            names
                .get(ch)
                .map_or("", |(ko, en)| if lang == Lang::Ko { ko } else { en })
        };
        let list: Vec<ChapterView> = chapters
            .iter()
            .map(|(ch, docs)| ChapterView {
                code: ch.clone(),
                name: name(ch, lang),
                name_alt: name(ch, lang.other()),
                count: docs.len(),
                headings: headings
                    .iter()
                    .filter(|(h, _)| h.starts_with(ch.as_str()))
                    .map(|(h, d)| HeadingView {
                        code: h.clone(),
                        url: lang.url(&format!("hs/{h}/")),
                        count: d.len(),
                    })
                    .collect(),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("chapters", &list);
        self.section_page("hs", "hs.html", None, ctx)?;
        let pages: Vec<Result<String, Diagnostic>> = headings
            .par_iter()
            .map(|(h, docs)| {
                let groups = partner_groups(&self.views, docs);
                let ch = &h[..2];
                let mut ctx = Context::new();
                ctx.insert("heading", h);
                ctx.insert("chapter", ch);
                ctx.insert("chapter_name", name(ch, lang));
                ctx.insert("count", &docs.len());
                ctx.insert("groups", &groups);
                let path = format!("hs/{h}/");
                let crumbs = vec![self.crumb("home", ""), self.crumb("hs", "hs/")];
                let title = format!("HS {h}");
                self.put(self.render_page("hs_heading.html", &path, title, "hs", crumbs, None, ctx))
            })
            .collect();
        self.add_all(pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_count_for_their_heading_and_chapter() {
        let codes = vec![
            vec!["3304".to_string(), "3304.99".into()],
            vec!["330499".into()],
            vec!["33".into(), "7208.10".into()],
        ];
        let (headings, chapters) = index(&codes);
        assert_eq!(headings["3304"], vec![0, 1]);
        assert_eq!(headings["7208"], vec![2]);
        assert_eq!(chapters["33"], vec![0, 1, 2]);
        assert!(!headings.contains_key("33"));
    }

    #[test]
    fn every_chapter_has_a_name_in_both_languages() {
        let names = chapter_names();
        assert_eq!(names.len(), 97);
        for n in 1..=97 {
            let (ko, en) = names[format!("{n:02}").as_str()];
            assert!(!ko.is_empty() && !en.is_empty(), "chapter {n:02}");
        }
    }
}
