//! The about page (the foreword, the method, the abbreviations) and the changes since the previous
//! edition.
//!
//! Input: the report's views in one language. Output: pages written to the sink.

use crate::render::html::*;

impl Renderer<'_> {
    pub(in crate::render::html) fn about(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        #[derive(Serialize)]
        struct StatusView<'s> {
            id: &'static str,
            label: &'s str,
            meaning: &'s str,
        }
        let strings = self.views.strings;
        let statuses: Vec<StatusView> = Status::ALL
            .iter()
            .map(|s| StatusView {
                id: s.id(),
                label: strings.label(lang, s.id()),
                meaning: strings.status_meaning(lang, s.id()),
            })
            .collect();
        let v = &self.views;
        // The page gives the foreword its own heading; one the text opens with would repeat it.
        let foreword =
            markdown::without_heading(v.report.meta.foreword.trim(), &self.t("foreword"));
        let foreword_html = (lang == Lang::Ko && !foreword.is_empty()).then(|| v.html(foreword));
        let mut ctx = Context::new();
        ctx.insert("statuses", &statuses);
        ctx.insert("categories", &v.categories);
        ctx.insert("sectors", &v.sectors);
        ctx.insert("foreword_html", &foreword_html);
        ctx.insert("partner_count", &v.report.partners.len());
        ctx.insert("total", &v.report.barriers.len());
        self.section_page("about", "about.html", None, ctx)
    }

    pub(in crate::render::html) fn changes(&mut self) -> Result<(), Diagnostic> {
        let Some(changes) = &self.opts.changes else {
            return Ok(());
        };
        let lang = self.lang();
        let v = &self.views;
        let strings = v.strings;
        #[derive(Serialize)]
        struct Moved<'v> {
            b: &'v Summary,
            from: &'v str,
            to: &'v str,
        }
        #[derive(Serialize)]
        struct Gone {
            id: String,
            title: String,
            partner: String,
        }
        let pick = |ids: Vec<&str>| -> Vec<usize> {
            v.sorted_by_partner(
                &ids.iter()
                    .filter_map(|id| v.by_id.get(id).copied())
                    .collect::<Vec<_>>(),
            )
        };
        let new = v.pick(&pick(changes.new.iter().map(String::as_str).collect()));
        let moved = |list: &[crate::changes::StatusChange]| -> Vec<Moved> {
            pick(list.iter().map(|c| c.id.as_str()).collect())
                .into_iter()
                .map(|i| {
                    let c = list
                        .iter()
                        .find(|c| c.id == v.summaries[i].id)
                        .expect("listed");
                    Moved {
                        b: &v.summaries[i],
                        from: strings.label(lang, &c.from),
                        to: strings.label(lang, &c.to),
                    }
                })
                .collect()
        };
        let resolved = moved(&changes.resolved);
        let changed = moved(&changes.changed);
        let dropped: Vec<Gone> = changes
            .dropped
            .iter()
            .map(|d| Gone {
                id: d.id.clone(),
                title: if lang == Lang::Ko {
                    d.title.clone()
                } else {
                    d.title_en.clone()
                },
                partner: v
                    .partners
                    .get(d.partner.as_str())
                    .map_or_else(|| d.partner.to_uppercase(), |p| p.name.clone()),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("previous_edition", &changes.previous_edition);
        ctx.insert("new", &new);
        ctx.insert("resolved", &resolved);
        ctx.insert("changed", &changed);
        ctx.insert("dropped", &dropped);
        self.section_page("changes", "changes.html", None, ctx)
    }
}
