//! The home page: the year at a glance, the charts, the latest updates.
//!
//! Input: the report's views in one language. Output: pages written to the sink.

use crate::render::html::*;

impl Renderer<'_> {
    pub(in crate::render::html) fn home(&mut self) -> Result<(), Diagnostic> {
        let v = &self.views;
        let lang = self.lang();
        let report = v.report;
        let charts = charts::home_charts(report, self.views.strings, lang, |key| self.t(key));
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
}
