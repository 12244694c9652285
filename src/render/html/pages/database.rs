//! The database page: every barrier in a table with its filters and search, working without
//! JavaScript as a plain table.
//!
//! Input: the report's views in one language. Output: pages written to the sink.

use crate::render::html::*;

impl Renderer<'_> {
    pub(in crate::render::html) fn database(&mut self) -> Result<(), Diagnostic> {
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
                label: self.views.strings.label(lang, s.id()).into(),
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
}
