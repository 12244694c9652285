//! The partner pages (a chapter each, with its profile) and the term pages (one per sector and
//! category), with their index pages.
//!
//! Input: the report's views in one language. Output: pages written to the sink.

use crate::render::html::*;

impl Renderer<'_> {
    pub(in crate::render::html) fn partners(&mut self) -> Result<(), Diagnostic> {
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
            let file = self.put(self.partner_page(code))?;
            self.written.push(file);
        }
        Ok(())
    }

    /// One partner's page: its profile and its barriers under category headings.
    pub(in crate::render::html) fn partner_page(
        &self,
        code: &str,
    ) -> Result<(String, String), Diagnostic> {
        let lang = self.lang();
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
            &views::internal_rows(p.internal.as_ref(), &[], self.views.strings, lang),
        );
        let title = partner.name.clone();
        let crumbs = vec![self.crumb("home", ""), self.crumb("partners", "partners/")];
        let path = paths::partner(code);
        let feed = Some(lang.url(&format!("{path}atom.xml")));
        self.render_page("partner.html", &path, title, "partners", crumbs, feed, ctx)
    }

    /// The sector or category index and one page per term.
    pub(in crate::render::html) fn terms(&mut self, kind: &'static str) -> Result<(), Diagnostic> {
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
}
