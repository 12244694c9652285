//! The Atom feeds (the whole report and each partner) and the sitemap.
//!
//! Input: the report's views in one language. Output: pages written to the sink.

use crate::render::escape::esc;
use crate::render::html::*;

impl Renderer<'_> {
    pub(in crate::render::html) fn feeds(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        let all: Vec<usize> = (0..self.views.summaries.len()).collect();
        let mut feeds: Vec<(String, String, Vec<usize>)> =
            vec![(String::new(), self.t("barriers"), all)];
        let v = &self.views;
        for c in &v.partner_order {
            feeds.push((
                paths::partner(c),
                v.partners[c].name.clone(),
                v.by_partner.get(c).cloned().unwrap_or_default(),
            ));
        }
        for s in &v.sectors {
            feeds.push((
                paths::sector(&s.id),
                s.label.clone(),
                v.by_sector.get(s.id.as_str()).cloned().unwrap_or_default(),
            ));
        }
        for c in &v.categories {
            feeds.push((
                paths::category(&c.id),
                c.label.clone(),
                v.by_category
                    .get(c.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
            ));
        }
        let rendered: Vec<_> = feeds
            .into_par_iter()
            .map(|(path, name, mut indices)| {
                let v = &self.views;
                indices.sort_by(|a, b| {
                    let (x, y) = (&v.report.barriers[*a], &v.report.barriers[*b]);
                    y.last_updated
                        .cmp(&x.last_updated)
                        .then(crate::model::id_key(&x.id).cmp(&crate::model::id_key(&y.id)))
                });
                indices.truncate(FEED_ENTRIES);
                let updated = indices
                    .first()
                    .map(|i| v.report.barriers[*i].last_updated)
                    .unwrap_or(v.report.meta.published);
                let mut ctx = self.base.clone();
                ctx.insert("feed_title", &name);
                ctx.insert("feed_url", &lang.url(&format!("{path}atom.xml")));
                ctx.insert("page_url", &lang.url(&path));
                ctx.insert("updated", &updated.to_string());
                ctx.insert("entries", &v.pick(&indices));
                let xml = self
                    .tera
                    .render("atom.xml", &ctx)
                    .map_err(|e| template_error(self.theme, &e))?;
                self.put(Ok((lang.file(&format!("{path}atom.xml")), xml)))
            })
            .collect();
        self.add_all(rendered)
    }
}

pub(in crate::render::html) fn sitemap(report: &Report, files: &[String]) -> String {
    let base = &report.meta.base_url;
    let lastmod = report.meta.published;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for file in files {
        if !file.ends_with("index.html") || file.starts_with("en/") {
            continue;
        }
        let path = file.trim_end_matches("index.html");
        let ko = format!("{base}/{path}");
        let en = format!("{base}/en/{path}");
        for loc in [&ko, &en] {
            out.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod><xhtml:link rel=\"alternate\" hreflang=\"ko\" href=\"{}\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{}\"/></url>\n",
                esc(loc),
                esc(&ko),
                esc(&en)
            ));
        }
    }
    out.push_str("</urlset>\n");
    out
}
