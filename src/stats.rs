//! Edition statistics: [`Report`] -> [`Stats`], the counts an editor checks before publication
//! (barriers per partner, category, sector and status; entries with actions, English bodies,
//! trade-remedy case data; body lengths). Printed by `knte stats` as text or JSON.

use crate::model::Report;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Serialize)]
pub struct Stats {
    pub partners: usize,
    pub barriers: usize,
    /// Entries at stage draft (kept for the JSON's readers; `stages` has every stage).
    pub drafts: usize,
    pub stages: crate::model::StageCounts,
    pub by_partner: Vec<(String, usize)>,
    pub by_category: Vec<(String, usize)>,
    pub by_sector: Vec<(String, usize)>,
    pub by_status: Vec<(String, usize)>,
    pub categories_used: usize,
    pub sectors_used: usize,
    pub with_actions: usize,
    pub with_english_body: usize,
    pub trade_remedy_cases: usize,
    /// Partner profiles with a `trade` block (year, exports, imports and source are all required).
    pub partners_with_trade: usize,
    pub body_words_min: usize,
    pub body_words_max: usize,
}

pub fn stats(report: &Report) -> Stats {
    let by_partner = report.by_partner();
    let by_category = report.by_category();
    let by_sector = report.by_sector();
    let b = &report.barriers;
    Stats {
        partners: report.partners.len(),
        barriers: b.len(),
        drafts: report.stages().draft,
        stages: report.stages(),
        by_partner: report
            .partners
            .iter()
            .map(|p| {
                (
                    p.code.clone(),
                    by_partner.get(p.code.as_str()).map_or(0, Vec::len),
                )
            })
            .collect(),
        by_category: report
            .taxonomy
            .categories
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    by_category.get(t.id.as_str()).map_or(0, Vec::len),
                )
            })
            .collect(),
        by_sector: report
            .taxonomy
            .sectors
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    by_sector.get(t.id.as_str()).map_or(0, Vec::len),
                )
            })
            .collect(),
        by_status: report
            .by_status()
            .into_iter()
            .map(|(s, n)| (s.id().to_string(), n))
            .collect(),
        categories_used: by_category.len(),
        sectors_used: by_sector.len(),
        with_actions: b.iter().filter(|x| !x.actions.is_empty()).count(),
        with_english_body: b.iter().filter(|x| x.body_en.is_some()).count(),
        trade_remedy_cases: b.iter().filter(|x| x.trade_remedy.is_some()).count(),
        partners_with_trade: report.partners.iter().filter(|p| p.trade.is_some()).count(),
        body_words_min: b.iter().map(|x| x.words).min().unwrap_or(0),
        body_words_max: b.iter().map(|x| x.words).max().unwrap_or(0),
    }
}

impl Stats {
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "partners            {}", self.partners);
        let _ = writeln!(
            out,
            "barriers            {} {}",
            self.barriers,
            crate::diagnostics::stages_note(self.stages)
        );
        let _ = writeln!(out, "categories used     {}", self.categories_used);
        let _ = writeln!(out, "sectors used        {}", self.sectors_used);
        let _ = writeln!(out, "with actions        {}", self.with_actions);
        let _ = writeln!(
            out,
            "English bodies      {} of {}",
            self.with_english_body, self.barriers
        );
        let _ = writeln!(
            out,
            "trade figures       {} of {} partners",
            self.partners_with_trade, self.partners
        );
        let _ = writeln!(out, "trade-remedy cases  {}", self.trade_remedy_cases);
        let _ = writeln!(
            out,
            "body words          {} to {}",
            self.body_words_min, self.body_words_max
        );
        for (title, rows) in [
            ("by partner", &self.by_partner),
            ("by category", &self.by_category),
            ("by sector", &self.by_sector),
            ("by status", &self.by_status),
        ] {
            let _ = writeln!(out, "\n{title}");
            for (k, n) in rows {
                let _ = writeln!(out, "  {k:<24}{n:>4}");
            }
        }
        out
    }
}
