//! The barrier pages: one per entry and language, and the list of every barrier.
//!
//! Input: the report's views in one language. Output: pages written to the sink.

use crate::render::html::*;
use crate::render::i18n::usd;

impl Renderer<'_> {
    pub(in crate::render::html) fn barriers(&mut self) -> Result<(), Diagnostic> {
        let pages: Vec<_> = (0..self.views.report.barriers.len())
            .into_par_iter()
            .map(|i| self.put(self.barrier_page(i)))
            .collect();
        self.add_all(pages)
    }

    // Long: a barrier page's template context, one value after another.
    /// The page of barrier `i` (its index in the report): file and HTML.
    pub(in crate::render::html) fn barrier_page(
        &self,
        i: usize,
    ) -> Result<(String, String), Diagnostic> {
        #[derive(Serialize)]
        struct Sym {
            symbol: String,
            url: String,
        }
        #[derive(Serialize)]
        struct Remedy<'s> {
            measure: &'s str,
            stage: &'s str,
            initiated: String,
            imposed: String,
            case_no: String,
            duty_rate: String,
        }
        #[derive(Serialize)]
        struct ActionView<'s> {
            date: String,
            channel: &'s str,
            note: String,
        }
        #[derive(Serialize)]
        struct ImpactView {
            value: String,
            year: i64,
            basis: String,
        }
        let lang = self.lang();
        let v = &self.views;
        let b = &v.report.barriers[i];
        let s = &v.summaries[i];
        let body_html = v.body_html(b);
        let related: Vec<&Summary> = b
            .related
            .iter()
            .filter_map(|r| v.by_id.get(r.as_str()))
            .map(|j| &v.summaries[*j])
            .collect();
        let wto: Vec<Sym> = b
            .wto_refs
            .iter()
            .map(|sym| Sym {
                symbol: sym.clone(),
                url: wto_url(sym),
            })
            .collect();
        let remedy = b.trade_remedy.as_ref().map(|r| Remedy {
            measure: v.strings.label(lang, &r.measure),
            stage: v.strings.label(lang, &r.stage),
            initiated: r.initiated.to_string(),
            imposed: r.imposed.map(|d| d.to_string()).unwrap_or_default(),
            case_no: r.case_no.clone().unwrap_or_default(),
            duty_rate: r.duty_rate.clone().unwrap_or_default(),
        });
        let actions: Vec<ActionView> = b
            .actions
            .iter()
            .map(|a| ActionView {
                date: a.date.to_string(),
                channel: v.strings.label(lang, &a.channel),
                note: a.note.clone(),
            })
            .collect();
        let impact = b.impact.as_ref().map(|m| ImpactView {
            value: usd(lang, m.export_value_usd),
            year: m.year,
            basis: m.basis.clone(),
        });
        let mut ctx = Context::new();
        ctx.insert("b", s);
        ctx.insert("body_html", &body_html);
        ctx.insert("hs_codes", &b.hs_codes);
        ctx.insert("wto", &wto);
        ctx.insert("remedy", &remedy);
        ctx.insert("impact", &impact);
        ctx.insert("actions", &actions);
        ctx.insert("sources", &b.sources);
        ctx.insert("related", &related);
        ctx.insert("korean_url", &Lang::Ko.url(&paths::barrier(&b.id)));
        let report = self.views.report;
        let site_title = match lang {
            Lang::Ko => &report.meta.title,
            Lang::En => &report.meta.title_en,
        };
        ctx.insert(
            "report_link",
            &service::barrier_report_link(&report.meta.office, lang, site_title, b),
        );
        ctx.insert(
            "internal",
            &views::internal_rows(b.internal.as_ref(), &b.next, self.views.strings, lang),
        );
        let crumbs = vec![
            self.crumb("home", ""),
            self.crumb("partners", "partners/"),
            Crumb {
                label: s.partner.label.clone(),
                url: s.partner.url.clone(),
            },
        ];
        let title = s.title.clone();
        self.render_page(
            "barrier.html",
            &paths::barrier(&b.id),
            title,
            "partners",
            crumbs,
            None,
            ctx,
        )
    }
}
