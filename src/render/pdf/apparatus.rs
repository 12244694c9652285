//! The report's apparatus, composed for the PDF: footnotes, numbered tables, each barrier's key
//! facts, actions timeline and related barriers, and page references.
//!
//! Input: a body's Markdown blocks, the tables the report makes itself, a barrier's front matter.
//! Output: more of the [`Composer`]'s flow: footnote references as superscript numbers
//! ([`Span::note_ref`]) and the notes' texts as [`Flow::Note`]s, which the layout sets at the foot
//! of the page where each is called; tables with a [`Caption`]: `<표 n>` and a title above, an
//! optional `자료:` line under; a key-facts box ([`Flow::Facts`]) under each barrier's title; the
//! timeline as a [`Flow::Grid`]; a `관련 장벽` line from `related`; "(n쪽 참조)" after a link to
//! another entry of the same document (the layout prints the page it finds the entry on).
//! Notes and tables are numbered through the whole document (a body's first note follows the
//! last note of the body before it), so that two notes on one page never share a number.
//!
//! The Markdown convention for a table's title and source: a paragraph that starts with `표:`
//! just before a table is its title, one that starts with `자료:` just after it is its source
//! (each separated from the table by a blank line, as Markdown needs). Both are optional.

use super::layout::{Caption, Fact, Flow, ParaStyle, Span, Target, BRAND};
use super::{anchor_of, body_style, partner_of, paths, Composer, Lang};
use crate::markdown::{Block, Inline};
use crate::model::Barrier;
use crate::render::i18n::usd;

/// The type size of tables.
const TABLE_SIZE: f32 = 8.5;

impl Composer<'_> {
    /// A body's blocks, then its notes counted into the document's numbering.
    pub(super) fn body_blocks(&mut self, blocks: &[Block]) {
        self.blocks(blocks, 0.0);
        let last = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Note { number, .. } => Some(*number),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        self.notes_before += last;
    }

    /// The key of note `n` of the body being composed (unique in the document).
    fn note_key(&self, n: usize) -> String {
        format!("{}:{n}", self.current)
    }

    /// The number note `n` of the body being composed prints as.
    fn note_label(&self, n: usize) -> String {
        format!("{})", self.notes_before + n)
    }

    /// Appends the superscript reference to note `n` of the body being composed, joined to the
    /// word before it (a space written before `[^1]` is dropped, so no line begins with a note
    /// number).
    pub(super) fn push_note_ref(&self, out: &mut Vec<Span>, n: usize) {
        if let Some(last) = out.last_mut() {
            let kept = last.text.trim_end().len();
            last.text.truncate(kept);
        }
        out.push(Span::note_ref(&self.note_key(n), self.note_label(n)));
    }

    /// Note `number`'s text, as one paragraph (its paragraphs, and those of its lists, joined by
    /// line breaks), for the foot of the page that calls it.
    pub(super) fn note(&mut self, number: usize, blocks: &[Block]) {
        let mut paragraphs: Vec<&[Inline]> = Vec::new();
        collect_paragraphs(blocks, &mut paragraphs);
        let mut spans: Vec<Span> = Vec::new();
        for inl in paragraphs {
            if !spans.is_empty() {
                spans.push(Span::new("\n"));
            }
            // A note calling another note is not followed: the inner reference is left out.
            spans.extend(self.inlines(inl).into_iter().filter(|s| s.note.is_none()));
        }
        self.flow.push(Flow::Note {
            key: self.note_key(number),
            label: self.note_label(number),
            spans,
        });
    }
}

fn collect_paragraphs<'b>(blocks: &'b [Block], out: &mut Vec<&'b [Inline]>) {
    for b in blocks {
        match b {
            Block::Paragraph(inl) => out.push(inl),
            Block::List { items, .. } => items.iter().for_each(|i| collect_paragraphs(i, out)),
            Block::Quote(inner) => collect_paragraphs(inner, out),
            _ => {}
        }
    }
}

impl Composer<'_> {
    /// Where barrier `b` stands in this document: entries in the order of their pages (the order
    /// they were composed in), then any not in it by id.
    pub(super) fn page_rank<'b>(&self, b: &'b Barrier) -> (usize, (&'b str, u64)) {
        let at = self.included.iter().position(|id| *id == b.id);
        (at.unwrap_or(usize::MAX), crate::model::id_key(&b.id))
    }

    /// A table the report makes, numbered, titled `title`.
    pub(super) fn numbered_table(
        &mut self,
        title: &str,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        widths: Option<Vec<f32>>,
    ) {
        let title = vec![self.span(title)];
        self.captioned_table(title, None, head, rows, widths);
    }

    /// A table numbered `<표 n>`, with its title (may be empty) and source.
    pub(super) fn captioned_table(
        &mut self,
        title: Vec<Span>,
        source: Option<Vec<Span>>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        widths: Option<Vec<f32>>,
    ) {
        self.tables += 1;
        let caption = Caption {
            label: format!("<표 {}>", self.tables),
            title,
            source,
            anchor: Some(format!("t-{}", self.tables)),
        };
        self.flow.push(Flow::Table {
            head,
            rows,
            size: TABLE_SIZE,
            widths,
            caption: Some(caption),
        });
    }
}

impl Composer<'_> {
    /// The key-facts box under a barrier's title: its number and the country that takes the
    /// measure, its category and sectors, where it stands, its HS codes, when it was first
    /// reported and last updated, and, when it has them, its WTO documents, trade-remedy case and
    /// estimated exposure.
    pub(super) fn key_facts(&mut self, b: &Barrier) {
        let (r, s) = (self.report, self.strings);
        // The number first, in the report's blue.
        let mut facts = vec![Fact {
            label: "번호".into(),
            value: vec![Span::new(b.id.clone()).bold().color(BRAND)],
            wide: false,
        }];
        let mut add = |c: &mut Self, label: &str, value: &str, wide: bool| {
            let value = vec![c.span(value)];
            facts.push(Fact {
                label: label.to_string(),
                value,
                wide,
            });
        };
        add(self, "조치국", &partner_of(r, b).name, false);
        let category = r
            .taxonomy
            .category(&b.category)
            .map_or("", |t| t.ko.as_str());
        add(self, s.text(Lang::Ko, "category"), category, false);
        let sectors: Vec<&str> = b
            .sectors
            .iter()
            .filter_map(|s| r.taxonomy.sector(s))
            .map(|t| t.ko.as_str())
            .collect();
        add(self, s.text(Lang::Ko, "sector"), &sectors.join(", "), false);
        let status = match b.status_date {
            Some(d) => format!("{} ({d} 기준)", s.label(Lang::Ko, b.status.id())),
            None => s.label(Lang::Ko, b.status.id()).to_string(),
        };
        add(self, s.text(Lang::Ko, "status"), &status, false);
        if !b.hs_codes.is_empty() {
            add(self, "HS 코드", &b.hs_codes.join(", "), false);
        }
        let first = b.first_reported.to_string();
        add(self, s.text(Lang::Ko, "first_reported"), &first, false);
        let last = b.last_updated.to_string();
        add(self, s.text(Lang::Ko, "last_updated"), &last, false);
        if !b.wto_refs.is_empty() {
            add(
                self,
                s.text(Lang::Ko, "wto_refs"),
                &b.wto_refs.join(", "),
                false,
            );
        }
        if let Some(t) = &b.trade_remedy {
            let mut parts = vec![
                format!(
                    "{} {}",
                    s.label(Lang::Ko, &t.measure),
                    s.label(Lang::Ko, &t.stage)
                ),
                format!("개시 {}", t.initiated),
            ];
            parts.extend(t.imposed.map(|d| format!("부과 {d}")));
            parts.extend(t.case_no.as_ref().map(|c| format!("사건 {c}")));
            parts.extend(t.duty_rate.as_ref().map(|d| format!("세율 {d}")));
            add(self, "무역구제", &parts.join(", "), true);
        }
        if let Some(m) = &b.impact {
            let impact = format!(
                "{} ({}년, {})",
                usd(Lang::Ko, m.export_value_usd),
                m.year,
                m.basis
            );
            add(self, s.text(Lang::Ko, "impact"), &impact, true);
        }
        self.flow.push(Flow::Facts(facts));
    }

    /// The actions timeline: date | channel | note, each note's lines under its own start.
    pub(super) fn timeline(&mut self, b: &Barrier) {
        if b.actions.is_empty() {
            return;
        }
        self.heading(4, self.strings.text(Lang::Ko, "actions"), None, None, None);
        let rows = b
            .actions
            .iter()
            .map(|a| {
                vec![
                    vec![Span::new(a.date.to_string()).bold()],
                    vec![Span::new(self.strings.label(Lang::Ko, &a.channel)).color(BRAND)],
                    vec![self.span(&a.note)],
                ]
            })
            .collect();
        self.flow.push(Flow::Grid {
            rows,
            size: TABLE_SIZE,
        });
    }
}

impl Composer<'_> {
    /// Whether barrier `id` is in this document.
    pub(super) fn holds(&self, id: &str) -> bool {
        self.whole || self.in_doc.contains(id)
    }

    /// The `관련 장벽` line: each related barrier's title, linked to it, with its number and, when
    /// it is in this document, its page; otherwise the link goes to its web page.
    pub(super) fn related(&mut self, b: &Barrier) {
        let r = self.report;
        let mut spans =
            vec![Span::new(format!("{} ", self.strings.text(Lang::Ko, "related"))).bold()];
        for id in &b.related {
            let Some(other) = r.barriers.iter().find(|x| &x.id == id) else {
                continue;
            };
            if spans.len() > 1 {
                spans.push(Span::new(" · ").color(super::layout::MUTED));
            }
            let anchor = anchor_of(id);
            if self.holds(id) {
                spans.push(
                    self.span(&other.title)
                        .link(Some(Target::Anchor(anchor.clone()))),
                );
                spans.push(Span::new(format!(" ({id}, ")));
                spans.push(Span::page_of(&anchor));
                spans.push(Span::new("쪽)"));
            } else {
                let url = format!("{}{}", r.meta.base_url, Lang::Ko.url(&paths::barrier(id)));
                spans.push(self.span(&other.title).link(Some(Target::Uri(url))));
                spans.push(Span::new(format!(" ({id})")));
            }
        }
        if spans.len() == 1 {
            return;
        }
        self.para(
            spans,
            ParaStyle {
                size: 9.0,
                leading: 1.5,
                space_before: 4.0,
                align: super::layout::Align::Left,
                ..body_style()
            },
        );
    }
}

/// "(n쪽 참조)", the page of `anchor`, after a link to it; "(n쪽)" when the text goes on to
/// say 참조 itself (`[…](@/…) 참조`).
pub(super) fn page_reference(anchor: &str, inlines: &[Inline], k: usize) -> Vec<Span> {
    let says_so = matches!(inlines.get(k), Some(Inline::Text { text, .. })
        if text.trim_start().starts_with("참조"));
    vec![
        Span::new("("),
        Span::page_of(anchor),
        Span::new(if says_so { "쪽)" } else { "쪽 참조)" }),
    ]
}

/// The anchor of a link to an entry of this document whose text ends just before `inlines[k]`
/// (`k` may be the end): the place for its page reference.
pub(super) fn entry_link_ends(inlines: &[Inline], k: usize) -> Option<&str> {
    fn link_of(i: &Inline) -> Option<&str> {
        match i {
            Inline::Text { link, .. } => link.as_deref(),
            _ => None,
        }
    }
    let before = link_of(inlines.get(k.checked_sub(1)?)?)?;
    let anchor = before.strip_prefix('#').filter(|a| a.starts_with("b-"))?;
    if inlines.get(k).and_then(link_of) == Some(before) {
        return None;
    }
    Some(anchor)
}

/// A table's index in its list of blocks, and the text of its title and source paragraphs.
type TableText = (usize, Option<Vec<Inline>>, Option<Vec<Inline>>);

/// The title and source paragraphs of a list of blocks' tables (see the module's note).
pub(super) struct Captions {
    /// The tables; the paragraphs' own indices are in `used`.
    tables: Vec<TableText>,
    used: Vec<usize>,
}

impl Captions {
    pub(super) fn of(blocks: &[Block]) -> Captions {
        let mut out = Captions {
            tables: Vec::new(),
            used: Vec::new(),
        };
        for (i, b) in blocks.iter().enumerate() {
            if !matches!(b, Block::Table { .. }) {
                continue;
            }
            let labelled = |k: usize, label: &str| match blocks.get(k) {
                Some(Block::Paragraph(inl)) => after_label(inl, label),
                _ => None,
            };
            let title = i.checked_sub(1).and_then(|k| labelled(k, "표:"));
            let source = labelled(i + 1, "자료:");
            if title.is_some() {
                out.used.push(i - 1);
            }
            if source.is_some() {
                out.used.push(i + 1);
            }
            out.tables.push((i, title, source));
        }
        out
    }

    /// Whether block `i` is a table's title or source, set with the table rather than alone.
    pub(super) fn used(&self, i: usize) -> bool {
        self.used.contains(&i)
    }

    pub(super) fn title(&self, table: usize) -> Option<Vec<Inline>> {
        self.tables
            .iter()
            .find(|t| t.0 == table)
            .and_then(|t| t.1.clone())
    }

    pub(super) fn source(&self, table: usize) -> Option<Vec<Inline>> {
        self.tables
            .iter()
            .find(|t| t.0 == table)
            .and_then(|t| t.2.clone())
    }
}

/// A paragraph's inlines after `label` (`자료:`), when its plain text starts with it.
fn after_label(inl: &[Inline], label: &str) -> Option<Vec<Inline>> {
    let Some(Inline::Text {
        text,
        strong,
        emph,
        code: false,
        link: None,
    }) = inl.first()
    else {
        return None;
    };
    let rest = text.trim_start().strip_prefix(label)?.trim_start();
    let mut out = Vec::with_capacity(inl.len());
    if !rest.is_empty() {
        out.push(Inline::Text {
            text: rest.to_string(),
            strong: *strong,
            emph: *emph,
            code: false,
            link: None,
        });
    }
    out.extend(inl[1..].iter().cloned());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::to_blocks;

    fn text(inl: &[Inline]) -> String {
        inl.iter()
            .map(|i| match i {
                Inline::Text { text, .. } => text.as_str(),
                _ => "",
            })
            .collect()
    }

    #[test]
    fn a_table_takes_its_title_from_the_paragraph_before_and_its_source_from_the_one_after() {
        let body =
            "앞 문단이다.\n\n표: 상대국별 순위\n\n| 항구 | 순위 |\n|---|---|\n| 더반 | 398위 |\n\n\
                    자료: [세계은행](https://example.org) 집계\n\n뒤 문단이다.\n\n\
                    | 둘째 | 표 |\n|---|---|\n| 가 | 나 |\n\n자료 없는 문단이다.\n";
        let blocks = to_blocks(body, &|d| Some(d.to_string()));
        let c = Captions::of(&blocks);
        // 0 앞 문단, 1 표:, 2 table, 3 자료:, 4 뒤 문단, 5 table, 6 문단
        assert!(matches!(blocks[2], Block::Table { .. }));
        assert_eq!(text(&c.title(2).unwrap()), "상대국별 순위");
        let source = c.source(2).unwrap();
        assert_eq!(text(&source), "세계은행 집계");
        // The link in the source line is kept.
        assert!(source
            .iter()
            .any(|i| matches!(i, Inline::Text { link: Some(_), .. })));
        assert!(c.used(1) && c.used(3));
        assert!(!c.used(0) && !c.used(4) && !c.used(6));
        assert!(c.title(5).is_none() && c.source(5).is_none());
    }

    #[test]
    fn a_link_to_another_entry_is_followed_by_its_page() {
        let resolve = |d: &str| match d {
            "@/cn/a.md" => Some("#b-CN-001".to_string()),
            other => Some(other.to_string()),
        };
        let blocks = to_blocks(
            "앞 [**중국** 화장품 규제](@/cn/a.md) 항목과 [WTO](https://wto.org) 자료, \
             [같은 항목](@/cn/a.md) 참조.",
            &resolve,
        );
        let Block::Paragraph(inl) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let ends: Vec<(usize, &str)> = (0..=inl.len())
            .filter_map(|k| entry_link_ends(inl, k).map(|a| (k, a)))
            .collect();
        // Once after each link to an entry (a link in two styles still ends once), none after
        // the address.
        assert_eq!(ends.len(), 2, "{inl:?}");
        assert!(ends.iter().all(|(_, a)| *a == "b-CN-001"));
        let said = |k: usize| -> String {
            page_reference("b-CN-001", inl, k)
                .iter()
                .map(|s| {
                    if s.page_of.is_some() {
                        "7"
                    } else {
                        s.text.as_str()
                    }
                })
                .collect()
        };
        assert_eq!(said(ends[0].0), "(7쪽 참조)");
        // The text says 참조 itself: the page alone.
        assert_eq!(said(ends[1].0), "(7쪽)");
    }
}
