//! The report's annexes: barriers by sector (부록 1), the abbreviations the text uses (부록 2, from
//! `content/_abbreviations.yaml`; none without it) and, with a previous edition, what changed since
//! it (부록 3).
//!
//! Input: the validated report (and the changes from the previous edition). Output: headings and
//! numbered tables on the [`Composer`]'s flow, each entry linked to its page; the abbreviations'
//! English names marked as English.

use super::layout::{Span, Target};
use super::{anchor_of, body_style, partner_of, Composer, Lang, REPORT_FILE};
use crate::model::{Abbreviation, Barrier};

impl Composer<'_> {
    pub(super) fn annex_by_sector(&mut self) {
        let r = self.report;
        self.current = REPORT_FILE.into();
        self.chapter("부록");
        self.heading(
            1,
            "부록 1. 산업별 장벽 목록",
            Some("annex-sectors".into()),
            Some(1),
            Some(1),
        );
        self.text_para(
            "산업별로 관련 장벽의 제목, 상대국, 수록 쪽을 정리하였다.",
            body_style(),
        );
        let by_sector = r.by_sector();
        for t in &r.taxonomy.sectors {
            let Some(idx) = by_sector.get(t.id.as_str()) else {
                continue;
            };
            let mut idx = idx.clone();
            // In the order of their pages.
            idx.sort_by_key(|i| self.page_rank(&r.barriers[*i]));
            let head = vec![
                vec![Span::new("제목")],
                vec![Span::new("상대국")],
                vec![Span::new("쪽")],
            ];
            let rows = idx
                .iter()
                .map(|i| {
                    let b = &r.barriers[*i];
                    let anchor = anchor_of(&b.id);
                    let title = self
                        .span(&b.title)
                        .link(Some(Target::Anchor(anchor.clone())));
                    vec![
                        vec![title],
                        vec![self.span(&partner_of(r, b).name)],
                        vec![Span::page_of(&anchor)],
                    ]
                })
                .collect();
            let title = format!("{} ({}건)", t.ko, idx.len());
            self.numbered_table(&title, head, rows, Some(vec![70.0, 20.0, 10.0]));
        }
    }

    // Long: the changes annex: four lists (new, resolved, changed, dropped) set one after another, each a short loop.
    pub(super) fn annex_changes(&mut self, changes: &crate::changes::Changes) {
        let r = self.report;
        self.current = REPORT_FILE.into();
        self.chapter("부록");
        let title = format!(
            "부록 3. 지난 판({}년판) 대비 변동",
            changes.previous_edition
        );
        self.heading(1, &title, Some("annex-changes".into()), Some(1), Some(1));
        let find = |id: &str| r.barriers.iter().find(|b| b.id == id);
        let head = |third: &str| {
            vec![
                vec![Span::new("제목")],
                vec![Span::new("상대국")],
                vec![Span::new(third)],
            ]
        };
        let section = |c: &mut Self, name: &str, third: &str, mut list: Vec<(&Barrier, String)>| {
            let title = format!("{name} ({}건)", list.len());
            if list.is_empty() {
                c.heading(3, &title, None, None, None);
                c.text_para("해당 없음", body_style());
                return;
            }
            // In the order of their pages.
            list.sort_by_key(|(b, _)| c.page_rank(b));
            let rows = list
                .iter()
                .map(|(b, extra)| {
                    let anchor = anchor_of(&b.id);
                    let title = c.span(&b.title).link(Some(Target::Anchor(anchor.clone())));
                    let extra = if extra.is_empty() {
                        Span::page_of(&anchor)
                    } else {
                        c.span(extra)
                    };
                    vec![
                        vec![title],
                        vec![c.span(&partner_of(r, b).name)],
                        vec![extra],
                    ]
                })
                .collect();
            c.numbered_table(&title, head(third), rows, Some(vec![62.0, 18.0, 20.0]));
        };
        let new: Vec<&Barrier> = changes.new.iter().filter_map(|id| find(id)).collect();
        section(
            self,
            "새로 실린 장벽",
            "쪽",
            new.into_iter().map(|b| (b, String::new())).collect(),
        );
        let moved = |list: &[crate::changes::StatusChange]| -> Vec<(&Barrier, String)> {
            list.iter()
                .filter_map(|c| {
                    find(&c.id).map(|b| {
                        (
                            b,
                            format!(
                                "{} → {}",
                                self.strings.label(Lang::Ko, &c.from),
                                self.strings.label(Lang::Ko, &c.to)
                            ),
                        )
                    })
                })
                .collect()
        };
        section(self, "해소된 장벽", "변동", moved(&changes.resolved));
        section(
            self,
            "진행 상황이 바뀐 장벽",
            "변동",
            moved(&changes.changed),
        );
        let title = format!("이번 판에서 빠진 장벽 ({}건)", changes.dropped.len());
        if changes.dropped.is_empty() {
            self.heading(3, &title, None, None, None);
            self.text_para("해당 없음", body_style());
        } else {
            let rows = changes
                .dropped
                .iter()
                .map(|d| {
                    let partner = r
                        .partners
                        .iter()
                        .find(|p| p.code == d.partner)
                        .map_or_else(|| d.partner.to_uppercase(), |p| p.name.clone());
                    vec![
                        vec![self.span(&d.title)],
                        vec![self.span(&partner)],
                        vec![Span::new(d.id.clone())],
                    ]
                })
                .collect();
            self.numbered_table(&title, head("번호"), rows, Some(vec![62.0, 18.0, 20.0]));
        }
    }

    /// The abbreviations table: the abbreviations of `content/_abbreviations.yaml` that the text
    /// uses; none, no annex.
    pub(super) fn abbreviations(&mut self) {
        let r = self.report;
        let mut text = String::new();
        for b in &r.barriers {
            text.push_str(&b.title);
            text.push(' ');
            text.push_str(&b.body);
            text.push(' ');
        }
        for p in &r.partners {
            text.push_str(&p.agreements.join(" "));
            text.push_str(&p.overview);
        }
        let used: Vec<&Abbreviation> = r
            .abbreviations
            .iter()
            .filter(|a| contains_word(&text, &a.abbr))
            .collect();
        if used.is_empty() {
            return;
        }
        // Each annex opens a page, never under the table that ends the one before.
        self.chapter("부록");
        self.heading(
            1,
            "부록 2. 약어",
            Some("annex-abbreviations".into()),
            Some(1),
            Some(1),
        );
        let head = vec![vec![Span::new("약어")], vec![Span::new("뜻")]];
        let rows = used
            .iter()
            .map(|a| vec![vec![Span::new(&a.abbr).bold().english()], meaning_spans(a)])
            .collect();
        self.numbered_table("약어", head, rows, Some(vec![18.0, 82.0]));
    }
}

/// An abbreviation's meaning, `반덤핑(Anti-Dumping)`: the Korean term, then the English name in
/// brackets marked as English.
fn meaning_spans(a: &Abbreviation) -> Vec<Span> {
    vec![
        Span::new(format!("{}(", a.ko)),
        Span::new(&a.en).english(),
        Span::new(")"),
    ]
}

/// Whether `word` appears in `text` as a whole word (ASCII letters around it do not count).
pub(super) fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().last();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}
