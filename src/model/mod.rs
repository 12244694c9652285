//! The report model: validated entries, and the report grouped by partner, sector and category.
//!
//! Input: values built by the validator (which guarantees every rule of the content contract).
//! Output: [`Report`], the one structure every renderer reads. Plain data, no I/O; groupings are
//! index lists in `BTreeMap`s or taxonomy order, so every listing comes out in the same order.

use crate::load::yaml::Node;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

mod meta;

pub(crate) use meta::{Imprint, Kogl, Office, ReportMeta};

/// Most digits in an id's number (`CN-999999`): `knte check` refuses longer ones, and `knte new`
/// never hands one out.
pub(crate) const ID_DIGITS_MAX: usize = 6;

/// `stale_after` when `_report.md` does not give it.
pub(crate) const DEFAULT_STALE_AFTER: u32 = 12;

/// The circulation edition's banner and watermark when `_report.md` gives no `circulation_notice`.
pub(crate) const DEFAULT_CIRCULATION_NOTICE: &str = "회람용 초안 — 대외비";

/// Where an entry stands in the year's workflow (`stage:`). The public site, data files and PDFs
/// hold approved entries only; the circulation edition holds every stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Being written (`stage: draft`, or the older `draft: true`).
    Draft,
    /// Sent round the ministries for comment.
    Circulated,
    /// Cleared for publication; an entry without `stage:` is approved.
    #[default]
    Approved,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Draft, Stage::Circulated, Stage::Approved];
    pub const IDS: [&'static str; 3] = ["draft", "circulated", "approved"];

    pub fn id(self) -> &'static str {
        Self::IDS[self as usize]
    }
    pub fn from_id(s: &str) -> Option<Stage> {
        Self::IDS.iter().position(|x| *x == s).map(|i| Self::ALL[i])
    }
    pub fn ko(self) -> &'static str {
        ["초안", "회람", "승인"][self as usize]
    }
    pub fn en(self) -> &'static str {
        ["Draft", "Circulated", "Approved"][self as usize]
    }
}

/// How many entries are at each stage, in [`Stage::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StageCounts {
    pub draft: usize,
    pub circulated: usize,
    pub approved: usize,
}

impl StageCounts {
    pub fn add(&mut self, stage: Stage) {
        match stage {
            Stage::Draft => self.draft += 1,
            Stage::Circulated => self.circulated += 1,
            Stage::Approved => self.approved += 1,
        }
    }
}

/// One item of a taxonomy list: `{id, ko, en}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Term {
    pub id: String,
    pub ko: String,
    pub en: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Taxonomy {
    pub categories: Vec<Term>,
    pub sectors: Vec<Term>,
    pub regions: Vec<Term>,
}

impl Taxonomy {
    pub fn category(&self, id: &str) -> Option<&Term> {
        self.categories.iter().find(|t| t.id == id)
    }
    pub fn sector(&self, id: &str) -> Option<&Term> {
        self.sectors.iter().find(|t| t.id == id)
    }
    pub fn region(&self, id: &str) -> Option<&Term> {
        self.regions.iter().find(|t| t.id == id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TradeFigures {
    pub year: i64,
    pub exports_usd: i64,
    pub imports_usd: i64,
    pub source: String,
    /// The source in English, for the English site; the Korean one is shown when it is absent.
    pub source_en: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub region: String,
    pub agreements: Vec<String>,
    /// The agreements' English names, in the same order (empty when not given).
    pub agreements_en: Vec<String>,
    pub trade: Option<TradeFigures>,
    /// Other names readers search by (`Vietnam`, `USA`, `베트남`...): search only.
    pub aliases: Vec<String>,
    /// The profile's overview, Markdown.
    pub overview: String,
    /// The working group's own notes on the partner (`internal:`); never published.
    #[serde(skip)]
    pub internal: Option<Internal>,
}

/// What the working group keeps about an entry for itself, the `internal:` group of a barrier or
/// partner file: notes, who submitted it, contacts, the negotiating position, and any other keys,
/// with any YAML values. Only the circulation edition shows it; every other build removes it from
/// the report before anything is rendered ([`Report::without_internal`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Internal(pub Vec<(String, Node)>);

/// The keys the guide suggests under `internal:`, with the labels the circulation edition gives them.
pub(crate) const INTERNAL_KEYS: [(&str, &str); 4] = [
    ("notes", "메모"),
    ("submitted_by", "제출"),
    ("contacts", "연락처"),
    ("negotiation", "협상"),
];

impl Internal {
    /// One row per key, in file order: its label (the suggested keys' Korean names, otherwise the
    /// key) and its value as lines of text (a list gives a line per item, a group a line per
    /// field; deeper values are written inline). Empty values are left out.
    pub fn rows(&self) -> Vec<(String, Vec<String>)> {
        self.0
            .iter()
            .filter(|(_, v)| !matches!(v, Node::Null))
            .map(|(k, v)| {
                let label = INTERNAL_KEYS
                    .iter()
                    .find(|(key, _)| key == k)
                    .map_or_else(|| k.clone(), |(_, l)| l.to_string());
                let lines = match v {
                    Node::Seq(items) => items.iter().map(inline).collect(),
                    Node::Map(fields) => fields
                        .iter()
                        .map(|(k, v)| format!("{k}: {}", inline(v)))
                        .collect(),
                    other => vec![inline(other)],
                };
                (label, lines)
            })
            .collect()
    }
}

/// A value on one line: lists in brackets, groups in braces.
fn inline(v: &Node) -> String {
    match v {
        Node::Null => String::new(),
        Node::Seq(items) => {
            let parts: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Node::Map(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect();
            parts.join(", ")
        }
        other => other.display(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    InProgress,
    ResolvedInPart,
    Resolved,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::ResolvedInPart,
        Status::Resolved,
    ];
    pub const IDS: [&'static str; 4] = ["open", "in_progress", "resolved_in_part", "resolved"];

    pub fn id(self) -> &'static str {
        Self::IDS[self as usize]
    }
    pub fn from_id(s: &str) -> Option<Status> {
        Self::IDS.iter().position(|x| *x == s).map(|i| Self::ALL[i])
    }
    pub fn ko(self) -> &'static str {
        ["미해결", "협의 진행 중", "일부 해소", "해소"][self as usize]
    }
    pub fn en(self) -> &'static str {
        ["Open", "In progress", "Partly resolved", "Resolved"][self as usize]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TradeRemedy {
    pub measure: String,
    pub stage: String,
    pub initiated: NaiveDate,
    pub imposed: Option<NaiveDate>,
    pub case_no: Option<String>,
    pub duty_rate: Option<String>,
}

pub(crate) const MEASURES: [&str; 4] = [
    "anti_dumping",
    "countervailing",
    "safeguard",
    "anti_circumvention",
];
pub(crate) const STAGES: [&str; 5] = [
    "investigation",
    "provisional",
    "definitive",
    "review",
    "terminated",
];
pub(crate) const CHANNELS: [&str; 7] = [
    "bilateral",
    "fta_committee",
    "wto_tbt_committee",
    "wto_sps_committee",
    "wto_dispute",
    "public_comment",
    "other",
];

#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    pub export_value_usd: i64,
    pub year: i64,
    pub basis: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub date: NaiveDate,
    pub channel: String,
    pub note: String,
}

/// A step the working group plans for an entry (`next:`): when, through which channel, what.
/// Planning is internal: only the circulation edition and the review briefing show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NextStep {
    pub due: NaiveDate,
    pub channel: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub title: String,
    pub url: String,
    pub publisher: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Barrier {
    pub id: String,
    /// The partner folder's code (`cn`).
    pub partner: String,
    pub slug: String,
    /// `content/cn/cosmetics-registration.md`
    pub file: String,
    pub title: String,
    pub title_en: String,
    pub summary: String,
    pub summary_en: String,
    pub category: String,
    pub sectors: Vec<String>,
    pub status: Status,
    pub status_date: Option<NaiveDate>,
    pub first_reported: NaiveDate,
    pub last_updated: NaiveDate,
    pub hs_codes: Vec<String>,
    pub wto_refs: Vec<String>,
    pub impact: Option<Impact>,
    pub related: Vec<String>,
    /// Where the entry stands in the workflow; only approved entries are published.
    pub stage: Stage,
    pub trade_remedy: Option<TradeRemedy>,
    pub actions: Vec<Action>,
    pub sources: Vec<SourceRef>,
    /// The Korean body, Markdown.
    pub body: String,
    /// The English body from `<slug>.en.md`, when there is one.
    pub body_en: Option<String>,
    /// Words in the Korean body (space-separated).
    pub words: usize,
    /// The working group's own notes (`internal:`); never published.
    #[serde(skip)]
    pub internal: Option<Internal>,
    /// The steps planned next (`next:`), by due date; never published.
    #[serde(skip)]
    pub next: Vec<NextStep>,
}

impl Barrier {
    /// Drops what only the circulation edition may show: the `internal:` notes and the `next:`
    /// steps.
    pub fn forget_internal(&mut self) {
        self.internal = None;
        self.next.clear();
    }
}

/// The whole validated report, with its groupings.
#[derive(Debug, Clone)]
pub struct Report {
    pub meta: ReportMeta,
    pub taxonomy: Taxonomy,
    /// In folder (code) order.
    pub partners: Vec<Partner>,
    /// Sorted by partner code, then id.
    pub barriers: Vec<Barrier>,
    /// The abbreviations the PDF report explains (`content/_abbreviations.yaml`), in file order;
    /// empty without the file.
    pub abbreviations: Vec<Abbreviation>,
}

/// One abbreviation of `content/_abbreviations.yaml`: `WTO`, 세계무역기구, World Trade Organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    pub abbr: String,
    pub ko: String,
    pub en: String,
}

impl Report {
    /// Partner codes in Korean alphabetical (가나다) order of their Korean names
    /// ([`crate::korean::compare`]): the order of chapters in the PDF, of the partner lists on the
    /// site and of the database page.
    pub fn partner_order(&self) -> Vec<&str> {
        let mut v: Vec<&Partner> = self.partners.iter().collect();
        v.sort_by(|a, b| crate::korean::compare(&a.name, &b.name).then(a.code.cmp(&b.code)));
        v.into_iter().map(|p| p.code.as_str()).collect()
    }

    /// Builds the report, sorting partners by code and barriers by partner then id.
    pub fn new(
        meta: ReportMeta,
        taxonomy: Taxonomy,
        mut partners: Vec<Partner>,
        mut barriers: Vec<Barrier>,
    ) -> Self {
        partners.sort_by(|a, b| a.code.cmp(&b.code));
        barriers.sort_by(|a, b| (&a.partner, id_key(&a.id)).cmp(&(&b.partner, id_key(&b.id))));
        Report {
            meta,
            taxonomy,
            partners,
            barriers,
            abbreviations: Vec::new(),
        }
    }

    /// The report as the public edition holds it: approved entries only; `related` lists lose the
    /// entries they named that are not approved.
    pub fn approved_only(mut self) -> Self {
        let unpublished: Vec<String> = self
            .barriers
            .iter()
            .filter(|b| b.stage != Stage::Approved)
            .map(|b| b.id.clone())
            .collect();
        if unpublished.is_empty() {
            return self;
        }
        self.barriers.retain(|b| b.stage == Stage::Approved);
        for b in &mut self.barriers {
            b.related.retain(|r| !unpublished.contains(r));
        }
        self
    }

    /// How many entries are at each stage.
    pub fn stages(&self) -> StageCounts {
        let mut counts = StageCounts::default();
        for b in &self.barriers {
            counts.add(b.stage);
        }
        counts
    }

    /// The report without the working group's `internal:` notes and `next:` steps, for every
    /// edition but the circulation edition: what is not in the report cannot reach a page, a feed
    /// or a file.
    pub fn without_internal(mut self) -> Self {
        for b in &mut self.barriers {
            b.forget_internal();
        }
        for p in &mut self.partners {
            p.internal = None;
        }
        self
    }

    /// Barrier indices per partner code.
    pub fn by_partner(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, b) in self.barriers.iter().enumerate() {
            map.entry(b.partner.as_str()).or_default().push(i);
        }
        map
    }

    /// Barrier indices per category id.
    pub fn by_category(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, b) in self.barriers.iter().enumerate() {
            map.entry(b.category.as_str()).or_default().push(i);
        }
        map
    }

    /// Barrier indices per sector id (a barrier with two sectors is in both).
    pub fn by_sector(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, b) in self.barriers.iter().enumerate() {
            for s in &b.sectors {
                map.entry(s.as_str()).or_default().push(i);
            }
        }
        map
    }

    /// Barrier count per status, in status order.
    pub fn by_status(&self) -> Vec<(Status, usize)> {
        Status::ALL
            .iter()
            .map(|s| (*s, self.barriers.iter().filter(|b| b.status == *s).count()))
            .collect()
    }
}

/// Sort key for ids: prefix, then the number as a number (`CN-010` after `CN-009`).
pub(crate) fn id_key(id: &str) -> (&str, u64) {
    match id.split_once('-') {
        Some((p, n)) => (p, n.parse().unwrap_or(u64::MAX)),
        None => (id, u64::MAX),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) use tests::tests_support;
