//! The report's overview, figures and summary tables: the counts of the overview chapter ->
//! numbered bar charts (`<그림 n>`) and tables of counts, and the list of figures (그림 목차); a
//! partner's barriers and trade -> the summary table at the head of its chapter.
//!
//! Input: the validated report. The charts take their counts from
//! [`crate::render::html::charts::tallies`], the function the site's home-page charts use, so the
//! report and the site never count differently. Output: [`Flow::Figure`] items, each with a
//! description in words for readers who cannot see it, a [`Flow::Figures`] list, and a numbered
//! table per partner, pushed onto the [`Composer`]'s flow.

use super::layout::{Caption, Chart, Flow, Span, Target};
use super::{body_style, front, partner_of, Composer, Lang};
use crate::model::{Partner, Status};
use crate::render::html::charts::{tallies, Counted};
use crate::render::i18n::usd;

/// A chart's description in words: its title, then every bar's label and count.
pub(super) fn alt_text(title: &str, bars: &[(String, usize)]) -> String {
    let items: Vec<String> = bars.iter().map(|(l, n)| format!("{l} {n}건")).collect();
    format!("{title}: {}", items.join(", "))
}

impl Composer<'_> {
    pub(super) fn overview(&mut self, order: &[String]) {
        let r = self.report;
        self.chapter("개관");
        let title = self.numbered("개관");
        self.heading(1, &title, Some(front::BODY_ANCHOR.into()), Some(1), Some(1));
        let total = r.barriers.len();
        let intro = format!(
            "이 보고서는 우리나라 주요 교역 상대국 {}곳의 무역장벽 {}건을 상대국별로 정리하였다. 각 장은 상대국 개황에 이어 장벽을 분야 순서대로 싣는다. 아래 그림과 표는 분야별·상대국별·산업별·진행 상황별 장벽 수이다. 한 장벽이 두 산업에 걸치면 산업별 수에는 두 번 센다.",
            r.partners.len(),
            total
        );
        self.text_para(&intro, body_style());
        self.overview_figures();
        self.partner_counts_table(order);

        let by_cat = r.by_category();
        let head = vec![
            vec![Span::new("분야")],
            vec![Span::new("장벽 수")],
            vec![Span::new("상대국")],
        ];
        let mut rows = Vec::new();
        for t in &r.taxonomy.categories {
            let idx = by_cat.get(t.id.as_str()).cloned().unwrap_or_default();
            let mut names: Vec<String> = idx
                .iter()
                .map(|i| partner_of(r, &r.barriers[*i]).name.clone())
                .collect();
            names.sort();
            names.dedup();
            rows.push(vec![
                vec![self.span(&t.ko)],
                vec![Span::new(idx.len().to_string())],
                vec![self.span(&names.join(", "))],
            ]);
        }
        self.numbered_table("분야별 장벽 수", head, rows, Some(vec![22.0, 10.0, 68.0]));

        let head = vec![
            vec![Span::new("진행 상황")],
            vec![Span::new("장벽 수")],
            vec![Span::new("뜻")],
        ];
        let rows = r
            .by_status()
            .into_iter()
            .map(|(s, n)| {
                vec![
                    vec![Span::new(self.strings.label(Lang::Ko, s.id()))],
                    vec![Span::new(n.to_string())],
                    vec![Span::new(self.strings.status_meaning(Lang::Ko, s.id()))],
                ]
            })
            .collect();
        self.numbered_table(
            "진행 상황별 장벽 수",
            head,
            rows,
            Some(vec![22.0, 10.0, 68.0]),
        );
    }

    /// The overview's charts: barriers by category, by partner, by sector and by status.
    /// The overview's table of barriers by partner, with each partner's count by category.
    fn partner_counts_table(&mut self, order: &[String]) {
        let r = self.report;
        let total = r.barriers.len();
        let by_partner = r.by_partner();
        let head = vec![
            vec![Span::new("상대국")],
            vec![Span::new("장벽 수")],
            vec![Span::new("분야별 내역")],
        ];
        let mut rows = Vec::new();
        for code in order {
            let p = r
                .partners
                .iter()
                .find(|p| &p.code == code)
                .expect("partner");
            let idx = by_partner.get(code.as_str()).cloned().unwrap_or_default();
            let mut counts: Vec<(usize, String, usize)> = Vec::new();
            for (ci, t) in r.taxonomy.categories.iter().enumerate() {
                let n = idx
                    .iter()
                    .filter(|i| r.barriers[**i].category == t.id)
                    .count();
                if n > 0 {
                    counts.push((ci, t.ko.clone(), n));
                }
            }
            let detail = counts
                .iter()
                .map(|(_, l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let name = self
                .span(&p.name)
                .link(Some(Target::Anchor(format!("p-{code}"))));
            rows.push(vec![
                vec![name],
                vec![Span::new(idx.len().to_string())],
                vec![self.span(&detail)],
            ]);
        }
        rows.push(vec![
            vec![Span::new("합계").bold()],
            vec![Span::new(total.to_string()).bold()],
            vec![],
        ]);
        self.numbered_table("상대국별 장벽 수", head, rows, Some(vec![22.0, 10.0, 68.0]));
    }

    pub(super) fn overview_figures(&mut self) {
        for (kind, counts) in tallies(self.report, self.strings, Lang::Ko) {
            let title = self.strings.text(Lang::Ko, kind.title_key());
            let bars: Vec<(String, usize)> = counts
                .iter()
                .map(|Counted { label, count, .. }| (self.clean(label), *count))
                .collect();
            self.figure(title, bars);
        }
    }

    /// A chart numbered `<그림 n>` through the document, listed in the list of figures.
    fn figure(&mut self, title: &str, bars: Vec<(String, usize)>) {
        self.figures += 1;
        let n = self.figures;
        let alt = alt_text(title, &bars);
        self.flow.push(Flow::Figure(Chart {
            caption: Caption {
                label: format!("<그림 {n}>"),
                title: vec![Span::new(title)],
                source: None,
                anchor: Some(format!("f-{n}")),
            },
            bars,
            alt,
        }));
    }

    /// 그림 목차: every numbered figure, with its page.
    pub(super) fn list_of_figures(&mut self) {
        self.chapter("그림 목차");
        self.heading(
            1,
            "그림 목차",
            Some("list-of-figures".into()),
            Some(1),
            Some(1),
        );
        self.flow.push(Flow::Figures);
    }

    /// The table at the head of a partner's chapter: its barriers in all, by category and by
    /// status, and, when its profile gives them, its trade with Korea (the source under the table).
    pub(super) fn partner_summary(&mut self, p: &Partner) {
        let r = self.report;
        let mine: Vec<usize> = r
            .by_partner()
            .get(p.code.as_str())
            .cloned()
            .unwrap_or_default();
        let by_category: Vec<String> = r
            .taxonomy
            .categories
            .iter()
            .filter_map(|t| {
                let n = mine
                    .iter()
                    .filter(|i| r.barriers[**i].category == t.id)
                    .count();
                (n > 0).then(|| format!("{} {n}건", t.ko))
            })
            .collect();
        let by_status: Vec<String> = Status::ALL
            .iter()
            .filter_map(|s| {
                let n = mine.iter().filter(|i| r.barriers[**i].status == *s).count();
                (n > 0).then(|| format!("{} {n}건", self.strings.label(Lang::Ko, s.id())))
            })
            .collect();
        let mut rows: Vec<(String, String)> = vec![
            ("장벽 수".into(), format!("{}건", mine.len())),
            ("분야별".into(), by_category.join(", ")),
            ("진행 상황별".into(), by_status.join(", ")),
        ];
        if let Some(t) = &p.trade {
            rows.push((
                format!("대{} 수출({}년)", p.name, t.year),
                usd(Lang::Ko, t.exports_usd),
            ));
            rows.push((
                format!("대{} 수입({}년)", p.name, t.year),
                usd(Lang::Ko, t.imports_usd),
            ));
        }
        let head = vec![vec![Span::new("구분")], vec![Span::new("내용")]];
        let rows = rows
            .into_iter()
            .map(|(k, v)| vec![vec![self.span(&k).bold()], vec![self.span(&v)]])
            .collect();
        let title = vec![self.span(&format!("{} 장벽 요약", p.name))];
        let source = p.trade.as_ref().map(|t| vec![self.span(&t.source)]);
        self.captioned_table(title, source, head, rows, Some(vec![28.0, 72.0]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_names_every_bar_and_its_count() {
        let bars = vec![("관세".to_string(), 5), ("기술규제".to_string(), 0)];
        assert_eq!(
            alt_text("분야별 장벽 수", &bars),
            "분야별 장벽 수: 관세 5건, 기술규제 0건"
        );
    }
}
