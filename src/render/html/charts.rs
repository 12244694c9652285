//! Bar charts for the home page: counts -> [`Chart`]s the template draws as HTML lists of linked
//! bars (no script, no image: text stays at the reader's size and every bar leads to its
//! barriers). The counts themselves come from [`tallies`], which the PDF report's figures use too,
//! so the site and the report never count differently.

use super::views::{partner_name, term_label};
use crate::model::Report;
use crate::render::i18n::Strings;
use crate::render::{paths, Lang};
use serde::Serialize;

/// What a chart counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Category,
    Partner,
    Sector,
    Status,
}

impl Kind {
    /// The key of the chart's title in the strings table (`분야별 장벽 수`).
    pub(crate) fn title_key(self) -> &'static str {
        match self {
            Kind::Category => "by_category",
            Kind::Partner => "by_partner",
            Kind::Sector => "by_sector",
            Kind::Status => "by_status",
        }
    }
}

/// One counted thing: its id (category, partner code, sector or status), its label in the
/// chart's language, and the number of barriers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Counted {
    pub id: String,
    pub label: String,
    pub count: usize,
}

/// The overview's four counts, in the order the charts show them: every category in the
/// taxonomy's order; partners with the most barriers first (then by name, 가나다 order in
/// Korean); the sectors that have barriers, in the taxonomy's order (a barrier with two sectors
/// counts in both); every status in its order.
pub(crate) fn tallies(report: &Report, strings: &Strings, lang: Lang) -> Vec<(Kind, Vec<Counted>)> {
    let counted = |id: &str, label: &str, count: usize| Counted {
        id: id.to_string(),
        label: label.to_string(),
        count,
    };
    let tax = &report.taxonomy;
    let by_category = report.by_category();
    let categories = tax
        .categories
        .iter()
        .map(|t| {
            let n = by_category.get(t.id.as_str()).map_or(0, Vec::len);
            counted(&t.id, term_label(lang, t), n)
        })
        .collect();
    let by_partner = report.by_partner();
    let mut partners: Vec<Counted> = report
        .partners
        .iter()
        .map(|p| {
            let n = by_partner.get(p.code.as_str()).map_or(0, Vec::len);
            counted(&p.code, partner_name(lang, p), n)
        })
        .collect();
    partners.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(crate::korean::compare(&a.label, &b.label))
    });
    let by_sector = report.by_sector();
    let sectors = tax
        .sectors
        .iter()
        .map(|t| {
            let n = by_sector.get(t.id.as_str()).map_or(0, Vec::len);
            counted(&t.id, term_label(lang, t), n)
        })
        .filter(|c| c.count > 0)
        .collect();
    let statuses = report
        .by_status()
        .into_iter()
        .map(|(s, n)| counted(s.id(), strings.label(lang, s.id()), n))
        .collect();
    vec![
        (Kind::Category, categories),
        (Kind::Partner, partners),
        (Kind::Sector, sectors),
        (Kind::Status, statuses),
    ]
}

/// The home page's charts, titled by `title` (a strings key -> its text), every bar linked to
/// the page that lists its barriers.
pub(crate) fn home_charts(
    report: &Report,
    strings: &Strings,
    lang: Lang,
    title: impl Fn(&str) -> String,
) -> Vec<Chart> {
    tallies(report, strings, lang)
        .into_iter()
        .map(|(kind, counts)| {
            let bars = counts
                .iter()
                .map(|c| {
                    let url = match kind {
                        Kind::Category => lang.url(&paths::category(&c.id)),
                        Kind::Partner => lang.url(&paths::partner(&c.id)),
                        Kind::Sector => lang.url(&paths::sector(&c.id)),
                        Kind::Status => format!("{}?status={}", lang.url("database/"), c.id),
                    };
                    Bar::new(&c.label, c.count, url)
                })
                .collect();
            let id = match kind {
                Kind::Category => "chart-category",
                Kind::Partner => "chart-partner",
                Kind::Sector => "chart-sector",
                Kind::Status => "chart-status",
            };
            Chart::new(id, title(kind.title_key()), bars)
        })
        .collect()
}

/// One bar: what it counts, how many, where its barriers are listed, and its length in percent
/// of the longest bar of its chart, rounded up to a multiple of 5.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Bar {
    pub label: String,
    pub count: usize,
    pub url: String,
    pub percent: usize,
}

impl Bar {
    pub(crate) fn new(label: &str, count: usize, url: String) -> Bar {
        Bar {
            label: label.to_string(),
            count,
            url,
            percent: 0,
        }
    }
}

/// A bar chart as the page draws it: an HTML list whose every bar is a link (text at the page's
/// own size, read by screen readers as "label, count"), bars scaled to the longest.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Chart {
    pub id: &'static str,
    pub title: String,
    pub bars: Vec<Bar>,
}

impl Chart {
    pub(crate) fn new(id: &'static str, title: String, mut bars: Vec<Bar>) -> Chart {
        let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
        for b in &mut bars {
            // In steps of 5, so the page styles bars with classes (`w45`), not style attributes.
            b.percent = if b.count == 0 {
                0
            } else {
                (b.count * 100).div_ceil(max * 5) * 5
            };
        }
        Chart { id, title, bars }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest() {
        let c = Chart::new(
            "c",
            "분야".into(),
            vec![
                Bar::new("관세", 4, "/a/".into()),
                Bar::new("a&b", 2, "/b/".into()),
                Bar::new("none", 0, "/c/".into()),
                Bar::new("one", 1, "/d/".into()),
            ],
        );
        let p: Vec<usize> = c.bars.iter().map(|b| b.percent).collect();
        assert_eq!(p, vec![100, 50, 0, 25]);
        let c = Chart::new(
            "c",
            "x".into(),
            vec![Bar::new("a", 30, "/".into()), Bar::new("b", 1, "/".into())],
        );
        assert_eq!(c.bars[1].percent, 5, "a small count still shows");
    }
}
