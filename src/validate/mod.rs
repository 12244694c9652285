//! Validation: raw content files -> the validated [`Report`], or every problem found, at once.
//!
//! Input: [`Loaded`] (the text of each file). Output: the [`Report`] when there is no error, and in
//! every case all diagnostics (errors and warnings), each with its file, line and column. Each file
//! is checked on its own first; the rules that span files (unique ids, `related`, `@/` links, dates
//! against the publication date) run after. Pure: no I/O.

pub mod fields;
pub mod imprint;
pub mod office;
pub mod workflow;

use crate::diagnostics::{suggestion, Diagnostic, Diagnostics, Group, Pos};
use crate::load::split::split;
use crate::load::yaml::{self, Node};
use crate::load::{Loaded, Source};
use crate::markdown;
use crate::model::*;
use chrono::NaiveDate;
use fields::{name, Doc, Optional, Required, I, K};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Longest summary, in characters.
pub const SUMMARY_MAX: usize = 300;
/// Most characters in a barrier's title (a line in lists, a heading in the PDF).
pub const TITLE_MAX: usize = 200;
/// The body length the report's entries aim for, in words; outside it is a warning.
pub const BODY_WORDS: (usize, usize) = (150, 600);

/// The report's own keys; the service details ([`office::OFFICE_KEYS`]) and the imprint
/// ([`imprint::IMPRINT_KEYS`]) are read by their modules, and all three are allowed together.
pub const REPORT_KEYS: &[&str] = &[
    "title",
    "title_en",
    "edition",
    "published",
    "publisher",
    "publisher_en",
    "base_url",
    "sample",
    "circulation_notice",
    "stale_after",
    "focus_sectors",
];

/// Every key `_report.md` may have.
pub fn report_keys() -> Vec<&'static str> {
    [REPORT_KEYS, office::OFFICE_KEYS, imprint::IMPRINT_KEYS].concat()
}
pub const PARTNER_KEYS: &[&str] = &[
    "code",
    "name",
    "name_en",
    "region",
    "agreements",
    "agreements_en",
    "trade",
    "aliases",
    "internal",
];
pub const TRADE_KEYS: &[&str] = &["year", "exports_usd", "imports_usd", "source"];
pub const BARRIER_KEYS: &[&str] = &[
    "id",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "category",
    "sectors",
    "status",
    "status_date",
    "first_reported",
    "last_updated",
    "sources",
    "trade_remedy",
    "hs_codes",
    "wto_refs",
    "impact",
    "related",
    "draft",
    "stage",
    "actions",
    "next",
    "internal",
];
pub const REMEDY_KEYS: &[&str] = &[
    "measure",
    "stage",
    "initiated",
    "imposed",
    "case_no",
    "duty_rate",
];
pub const IMPACT_KEYS: &[&str] = &["export_value_usd", "year", "basis"];
pub const ACTION_KEYS: &[&str] = &["date", "channel", "note"];
pub const SOURCE_KEYS: &[&str] = &["title", "url", "publisher", "date"];
pub const TERM_KEYS: &[&str] = &["id", "ko", "en"];

/// The taxonomy ids that are part of the content contract: they may be relabelled, never removed.
pub const CONTRACT_CATEGORIES: &[&str] = &[
    "tariffs",
    "import_restrictions",
    "customs",
    "rules_of_origin",
    "tbt",
    "sps",
    "trade_remedies",
    "subsidies",
    "government_procurement",
    "ip",
    "services",
    "digital",
    "investment",
    "competition",
    "environment",
    "labour",
    "other",
];
pub const CONTRACT_SECTORS: &[&str] = &[
    "cosmetics",
    "textiles_apparel",
    "food",
    "agriculture_fisheries",
    "steel",
    "petrochemicals",
    "automobiles",
    "batteries",
    "semiconductors",
    "electronics",
    "machinery",
    "shipbuilding",
    "pharma_bio",
    "medical_devices",
    "energy",
    "digital_content",
];
pub const CONTRACT_REGIONS: &[&str] = &[
    "east_asia",
    "southeast_asia",
    "south_asia",
    "central_asia",
    "middle_east",
    "europe",
    "north_america",
    "latin_america",
    "africa",
    "oceania",
];

/// What validation produced.
pub struct Outcome {
    /// The report, when no error was found.
    pub report: Option<Report>,
    pub diagnostics: Diagnostics,
    /// Barrier files read.
    pub entries: usize,
    /// The barrier files' stages, where they could be read (errors elsewhere in a file included).
    pub stages: StageCounts,
}

/// Where a checked barrier's cross-file facts were written, for the checks that run last.
struct Pending {
    file: String,
    id: Option<(String, Pos)>,
    related: Vec<(String, Pos)>,
    last_updated: Option<(NaiveDate, Pos)>,
    status_date: Option<(NaiveDate, Pos)>,
    links: Vec<(String, Pos)>,
    stage: Option<Stage>,
    /// The due dates of the planned steps, for the overdue warning.
    next_due: Vec<(NaiveDate, Pos)>,
}

/// One entry checked on its own: the barrier when it is valid, what the cross-file rules still
/// need to know of it, and its diagnostics.
type CheckedAlone = (Option<Barrier>, Pending, Diagnostics);

pub fn validate(loaded: &Loaded) -> Outcome {
    let mut diags = Diagnostics::default();
    let taxonomy = loaded
        .taxonomy
        .as_ref()
        .map(|s| taxonomy(s, &mut diags))
        .unwrap_or_default();
    let mut pending = Vec::new();
    let meta = loaded
        .report
        .as_ref()
        .and_then(|s| report_meta(s, &taxonomy, &mut diags, &mut pending));

    let mut partners = Vec::new();
    let mut barriers = Vec::new();
    let mut entries = 0;
    // Entries are checked one by one in parallel (each alone: its front matter, fields and body),
    // then gathered in file order, so diagnostics and ids come out as from a single pass.
    let checked: Vec<Vec<Option<CheckedAlone>>> = loaded
        .partners
        .par_iter()
        .map(|dir| {
            dir.files
                .par_iter()
                .map(|(kind, src)| match kind {
                    crate::load::EntryKind::Barrier { slug } => {
                        let mut d = Diagnostics::default();
                        let (b, p) = barrier(src, &dir.code, slug, &taxonomy, &mut d);
                        Some((b, p, d))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    for (dir, mut checked) in loaded.partners.iter().zip(checked) {
        let mut english: BTreeMap<&str, &Source> = BTreeMap::new();
        let mut korean: BTreeSet<&str> = BTreeSet::new();
        let first = barriers.len();
        for (n, (kind, src)) in dir.files.iter().enumerate() {
            match kind {
                crate::load::EntryKind::Profile => {
                    if let Some(p) = partner(src, &dir.code, &taxonomy, &mut diags, &mut pending) {
                        partners.push(p);
                    }
                }
                crate::load::EntryKind::Barrier { slug } => {
                    entries += 1;
                    korean.insert(slug);
                    let (b, p, d) = checked[n].take().expect("checked above");
                    diags.extend(d);
                    pending.push(p);
                    if let Some(b) = b {
                        barriers.push(b);
                    }
                }
                crate::load::EntryKind::English { slug } => {
                    english.insert(slug, src);
                }
            }
        }
        for (slug, src) in &english {
            if !korean.contains(slug) {
                diags.push(
                    Diagnostic::error(&src.rel, Pos::FILE, format!("English body without a Korean entry: there is no {slug}.md beside it"))
                        .with_hint(format!("rename it to match its Korean entry (<slug>.en.md), or write content/{}/{slug}.md", dir.code)),
                );
            } else {
                let (text, links) = english_body(src, &mut diags);
                pending.push(links_only(&src.rel, links));
                if let Some(text) = text {
                    if let Some(b) = barriers[first..]
                        .iter_mut()
                        .find(|b: &&mut Barrier| b.slug == *slug)
                    {
                        b.body_en = Some(text);
                    }
                }
            }
        }
        for b in barriers[first..]
            .iter()
            .filter(|b| b.body_en.is_none() && b.stage != Stage::Draft)
        {
            diags.push(
                Diagnostic::warning(&b.file, Pos::FILE, format!("no English body ({}.en.md)", b.slug))
                    .with_hint("the English site shows the English summary with a note that the full text is in Korean")
                    .grouped(Group::NoEnglishBody),
            );
        }
    }

    cross_checks(&pending, &loaded.paths, meta.as_ref(), &mut diags);

    let report = match (meta, diags.has_errors()) {
        (Some(meta), false) => Some(Report::new(meta, taxonomy, partners, barriers)),
        _ => None,
    };
    let mut stages = StageCounts::default();
    for stage in pending.iter().filter_map(|p| p.stage) {
        stages.add(stage);
    }
    Outcome {
        report,
        diagnostics: diags,
        entries,
        stages,
    }
}

/// One barrier file checked alone against the report it was part of, for `knte serve`'s quick
/// update after an edit. `Some` only when the edited entry is valid and everything the whole-content
/// checks look at is unchanged or still holds (same id, no draft left out, related ids and `@/` links
/// that exist, dates not after publication): then the rest of the report needs no new check.
/// `None` means "check everything": the caller runs a full build, which reports any error.
pub fn barrier_alone(
    src: &Source,
    folder: &str,
    slug: &str,
    report: &Report,
    drafts: bool,
) -> Option<Barrier> {
    let mut d = Diagnostics::default();
    let (b, p) = barrier(src, folder, slug, &report.taxonomy, &mut d);
    let b = b.filter(|_| !d.has_errors())?;
    let old = report.barriers.iter().find(|o| o.file == src.rel)?;
    if b.id != old.id || (b.stage != Stage::Approved && !drafts) {
        return None;
    }
    let ids: BTreeSet<&str> = report.barriers.iter().map(|x| x.id.as_str()).collect();
    if p.related
        .iter()
        .any(|(r, _)| *r == b.id || !ids.contains(r.as_str()))
    {
        return None;
    }
    let files: BTreeSet<String> = report
        .barriers
        .iter()
        .map(|x| format!("{}/{}.md", x.partner, x.slug))
        .chain(
            report
                .partners
                .iter()
                .map(|x| format!("{}/_partner.md", x.code)),
        )
        .collect();
    if p.links.iter().any(|(l, _)| !files.contains(l)) {
        return None;
    }
    let published = report.meta.published;
    if [p.last_updated, p.status_date]
        .iter()
        .flatten()
        .any(|(date, _)| *date > published)
    {
        return None;
    }
    Some(Barrier {
        body_en: old.body_en.clone(),
        ..b
    })
}

fn cross_checks(
    pending: &[Pending],
    paths: &BTreeSet<String>,
    meta: Option<&ReportMeta>,
    diags: &mut Diagnostics,
) {
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut by_prefix: BTreeMap<&str, u64> = BTreeMap::new();
    for p in pending {
        if let Some((id, _)) = &p.id {
            let (prefix, n) = id_key(id);
            let e = by_prefix.entry(prefix).or_default();
            *e = (*e).max(n);
        }
    }
    for p in pending {
        if let Some((id, pos)) = &p.id {
            if let Some(first) = ids.get(id.as_str()) {
                let (prefix, _) = id_key(id);
                let next = by_prefix.get(prefix).copied().unwrap_or(0) + 1;
                diags.push(
                    Diagnostic::error(&p.file, *pos, format!("the id '{id}' is already used by {first}"))
                        .with_hint(format!("ids are unique and never reused: give this entry the next free id, {prefix}-{next:03}")),
                );
            } else {
                ids.insert(id, &p.file);
            }
        }
    }
    for p in pending {
        for (rel, pos) in &p.related {
            if Some(rel) == p.id.as_ref().map(|x| &x.0) {
                diags.push(
                    Diagnostic::error(
                        &p.file,
                        *pos,
                        format!("'related' lists the entry's own id '{rel}'"),
                    )
                    .with_hint("remove it from related"),
                );
            } else if !ids.contains_key(rel.as_str()) {
                let sug = suggestion(rel, ids.keys().copied());
                diags.push(
                    Diagnostic::error(
                        &p.file,
                        *pos,
                        format!("'related' names '{rel}', but no entry has that id{sug}"),
                    )
                    .with_hint("related lists ids of existing barriers, e.g. related: [CN-002]"),
                );
            }
        }
        for (link, pos) in &p.links {
            if !paths.contains(link.as_str()) {
                let sug = suggestion(link, paths.iter().map(|s| s.as_str()));
                diags.push(
                    Diagnostic::error(&p.file, *pos, format!("the link @/{link} points to a file that does not exist{sug}"))
                        .with_hint("link to another entry by its path under content/, e.g. [등록 제도](@/cn/cosmetics-registration.md)"),
                );
            }
        }
        if let Some(meta) = meta {
            for (due, pos) in &p.next_due {
                if workflow::overdue(*due, meta.published) {
                    diags.push(
                        Diagnostic::warning(&p.file, *pos, format!("the next step due {due} is overdue: it falls before the report's publication date ({})", meta.published))
                            .with_hint("once the step is taken, record it under actions and remove it from next; if it was put off, write its new due date")
                            .grouped(Group::OverdueStep),
                    );
                }
            }
            for (date, pos, field) in [
                (p.last_updated, "last_updated"),
                (p.status_date, "status_date"),
            ]
            .into_iter()
            .filter_map(|(d, f)| d.map(|(d, pos)| (d, pos, f)))
            {
                if date > meta.published {
                    diags.push(
                        Diagnostic::error(&p.file, pos, format!("'{field}' ({date}) is after the report's publication date ({})", meta.published))
                            .with_hint("an entry cannot report facts dated after the report is published: check the date, or the published date in content/_report.md"),
                    );
                }
            }
        }
    }
}

/// Splits and parses the front matter of `src`; on failure records why and returns `None`.
fn front_matter<'a>(src: &'a Source, diags: &mut Diagnostics) -> Option<(Doc, &'a str, usize)> {
    let parts = match split(&src.text) {
        Ok(p) => p,
        Err(e) => {
            diags.push(
                Diagnostic::error(&src.rel, Pos::new(e.line, 1), e.message).with_hint(e.hint),
            );
            return None;
        }
    };
    match yaml::parse(parts.yaml, parts.yaml_line) {
        Ok(parsed) => Some((Doc::new(&src.rel, parsed), parts.body, parts.body_line)),
        Err(e) => {
            diags.push(Diagnostic::error(&src.rel, e.pos, e.message).with_hint(e.hint));
            None
        }
    }
}

/// Checks a body's headings and links; returns its word count and its `@/` links with positions.
fn check_body(
    file: &str,
    body: &str,
    body_line: usize,
    required: bool,
    diags: &mut Diagnostics,
) -> (usize, Vec<(String, Pos)>) {
    if body.trim().is_empty() {
        if required {
            diags.push(
                Diagnostic::error(file, Pos::new(body_line.saturating_sub(1), 1), "the body is empty")
                    .with_hint("after the closing ---, describe the barrier under headings such as ## 현황, ## 우리 기업 영향, ## 대응 및 진전"),
            );
        }
        return (0, vec![]);
    }
    for (i, line) in body.lines().enumerate() {
        if line.trim_start().starts_with(crate::scaffold::PLACEHOLDER) {
            let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
            diags.push(
                Diagnostic::error(
                    file,
                    Pos::new(body_line + i, column),
                    "the body still holds a placeholder written by knte new",
                )
                .with_hint(format!(
                    "replace this {} paragraph with the barrier's facts, each with its date",
                    crate::scaffold::PLACEHOLDER
                )),
            );
        }
    }
    if let Some(at) = body.find(crate::load::split::is_forbidden) {
        let c = body[at..].chars().next().unwrap_or(' ');
        let pos = markdown::offset_positions(body, &[at], body_line)[0];
        diags.push(
            Diagnostic::warning(
                file,
                Pos::new(pos.0, pos.1),
                format!(
                    "the body contains the control character U+{:04X}; it is left out of every output",
                    c as u32
                ),
            )
            .with_hint("text pasted from another program can carry invisible characters: retype the text around this place")
            .grouped(Group::ControlCharacter),
        );
    }
    let scan = markdown::scan(body);
    let other_hosts: Vec<usize> = scan
        .links
        .iter()
        .filter(|l| markdown::leaves_site(&l.dest))
        .map(|l| l.offset)
        .collect();
    for (l, c) in markdown::offset_positions(body, &other_hosts, body_line) {
        diags.push(
            Diagnostic::error(file, Pos::new(l, c), "a link starting with // leads to another site")
                .with_hint("write the full address with https://, or a path on this site starting with a single /"),
        );
    }
    let internal: Vec<(&str, usize)> = scan.internal_links().collect();
    let offsets: Vec<usize> = scan
        .h1
        .iter()
        .copied()
        .chain(scan.too_deep)
        .chain(internal.iter().map(|(_, off)| *off))
        .collect();
    let mut places = markdown::offset_positions(body, &offsets, body_line)
        .into_iter()
        .map(|(l, c)| Pos::new(l, c));
    for pos in places.by_ref().take(scan.h1.len()) {
        diags.push(
            Diagnostic::error(file, pos, "the body has a level-1 heading").with_hint(
                "the title comes from the front matter; start the body's headings at ## (level 2)",
            ),
        );
    }
    if scan.too_deep.is_some() {
        let pos = places.next().unwrap_or(Pos::new(body_line, 1));
        diags.push(
            Diagnostic::error(
                file,
                pos,
                format!(
                    "quotes and lists are nested more than {} levels deep here",
                    markdown::MAX_NESTING
                ),
            )
            .with_hint("a report needs two or three levels: check the '>' and '-' at the start of the line"),
        );
    }
    let links = internal
        .iter()
        .zip(places)
        .filter(|((p, _), pos)| {
            let entry = p.split_once('/').is_some_and(|(code, name)| {
                crate::load::is_partner_code(code)
                    && (name == "_partner.md"
                        || name
                            .strip_suffix(".md")
                            .is_some_and(|s| crate::load::is_slug(s) && !s.ends_with(".en")))
            });
            if !entry {
                diags.push(
                    Diagnostic::error(file, *pos, format!("the link @/{p} does not point to an entry"))
                        .with_hint("@/ links name a barrier's Korean file or a partner's _partner.md under content/, e.g. [등록 제도](@/cn/cosmetics-registration.md); the English page of an entry links to the English text by itself"),
                );
            }
            entry
        })
        .map(|((p, _), pos)| (p.to_string(), pos))
        .collect();
    (scan.words, links)
}

fn english_body(src: &Source, diags: &mut Diagnostics) -> (Option<String>, Vec<(String, Pos)>) {
    if src
        .text
        .lines()
        .next()
        .is_some_and(|l| l.trim_end() == "---")
    {
        diags.push(
            Diagnostic::error(&src.rel, Pos::new(1, 1), "an English body has no front matter")
                .with_hint("remove the --- block: title_en and summary_en belong in the Korean entry's front matter"),
        );
        return (None, vec![]);
    }
    let errors = diags.errors();
    let (_, links) = check_body(&src.rel, &src.text, 1, true, diags);
    let text = (diags.errors() == errors).then(|| crate::load::split::clean_body(&src.text));
    (text, links)
}

/// The taxonomy file's lists as the checks read them, its problems left to the checks (for the
/// editor's dropdowns).
pub fn read_taxonomy(src: &Source) -> Taxonomy {
    taxonomy(src, &mut Diagnostics::default())
}

fn taxonomy(src: &Source, diags: &mut Diagnostics) -> Taxonomy {
    let root = match yaml::parse(&src.text, 1) {
        Ok(n) => n,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    &src.rel,
                    e.pos,
                    e.message.replace("the front matter", "the taxonomy"),
                )
                .with_hint(e.hint),
            );
            return Taxonomy::default();
        }
    };
    let mut doc = Doc::new(&src.rel, root);
    let mut tax = Taxonomy::default();
    if doc.check_keys(&[], &["categories", "sectors", "regions"], "the taxonomy") {
        for (list, contract, out) in [
            ("categories", CONTRACT_CATEGORIES, &mut tax.categories),
            ("sectors", CONTRACT_SECTORS, &mut tax.sectors),
            ("regions", CONTRACT_REGIONS, &mut tax.regions),
        ] {
            let n = doc.list_len(
                &[K(list)],
                Required,
                &format!("{list}: [{{ id: ..., ko: ..., en: ... }}]"),
            );
            for i in 0..n {
                let p = [K(list), I(i)];
                if !doc.check_keys(&p, TERM_KEYS, &format!("a {list} item")) {
                    continue;
                }
                let id = doc.text(&[K(list), I(i), K("id")], Required, "id: tbt");
                let ko = doc.text(&[K(list), I(i), K("ko")], Required, "ko: 기술규제");
                let en = doc.text(
                    &[K(list), I(i), K("en")],
                    Required,
                    "en: Technical barriers to trade",
                );
                if let (Some(id), Some(ko), Some(en)) = (id, ko, en) {
                    if !id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                        doc.error(
                            &[K(list), I(i), K("id")],
                            format!("the id '{id}' is not lowercase letters and underscores"),
                            "ids look like trade_remedies",
                        );
                    } else if out.iter().any(|t: &Term| t.id == id) {
                        doc.error(
                            &[K(list), I(i), K("id")],
                            format!("the id '{id}' appears twice in {list}"),
                            "remove one of them",
                        );
                    } else {
                        out.push(Term { id, ko, en });
                    }
                }
            }
            for id in contract {
                if n > 0 && !out.iter().any(|t| t.id == *id) {
                    doc.error(&[K(list)], format!("{list} lacks '{id}', which the report's structure requires"), format!("add  - {{ id: {id}, ko: ..., en: ... }}  (labels may be reworded; the id stays)"));
                }
            }
        }
    }
    diags.extend(doc.diags);
    tax
}

/// Only the links of a profile or foreword body wait for the cross-file checks.
fn links_only(file: &str, links: Vec<(String, Pos)>) -> Pending {
    Pending {
        file: file.to_string(),
        id: None,
        related: vec![],
        last_updated: None,
        status_date: None,
        links,
        stage: None,
        next_due: vec![],
    }
}

fn report_meta(
    src: &Source,
    tax: &Taxonomy,
    diags: &mut Diagnostics,
    pending: &mut Vec<Pending>,
) -> Option<ReportMeta> {
    let (mut doc, body, body_line) = front_matter(src, diags)?;
    let (_, links) = check_body(&src.rel, body, body_line, false, diags);
    pending.push(links_only(&src.rel, links));
    if !doc.check_keys(&[], &report_keys(), "the report (_report.md)") {
        diags.extend(doc.diags);
        return None;
    }
    let title = doc.text(&[K("title")], Required, "title: 2026 무역장벽 보고서");
    let title_en = doc.text(
        &[K("title_en")],
        Required,
        "title_en: 2026 Report on Foreign Trade Barriers",
    );
    let edition = doc.int(&[K("edition")], Required, "edition: 2026");
    if let Some(e) = edition {
        if !(2000..=2100).contains(&e) {
            doc.error(
                &[K("edition")],
                format!("'edition' must be a year, found {e}"),
                "e.g.  edition: 2026",
            );
        }
    }
    let published = doc.date(&[K("published")], Required);
    let publisher = doc.text(&[K("publisher")], Required, "publisher: 산업통상부");
    let publisher_en = doc.text(
        &[K("publisher_en")],
        Required,
        "publisher_en: Ministry of Trade and Industry",
    );
    let base_url = doc.text(
        &[K("base_url")],
        Required,
        "base_url: https://barriers.example.go.kr",
    );
    if let Some(u) = &base_url {
        if let Err(why) = check_url(u) {
            doc.error(
                &[K("base_url")],
                format!("'base_url' {why}"),
                "write the site's address, e.g. https://barriers.example.go.kr",
            );
        }
    }
    let sample = doc.boolean(&[K("sample")]).unwrap_or(false);
    let circulation_notice = workflow::circulation_notice(&mut doc)
        .unwrap_or_else(|| DEFAULT_CIRCULATION_NOTICE.to_string());
    let stale_after = workflow::stale_after(&mut doc);
    let sector_ids: Vec<&str> = tax.sectors.iter().map(|t| t.id.as_str()).collect();
    let focus_sectors = workflow::focus_sectors(&mut doc, &sector_ids);
    let office = office::office(&mut doc);
    let imprint = imprint::imprint(&mut doc);
    if body.trim().is_empty() {
        doc.warn(
            &[],
            "the report has no foreword",
            "write the foreword (발간사) as the body of content/_report.md, after the closing ---",
        );
    }
    let ok = !doc.diags.has_errors();
    diags.extend(doc.diags);
    if !ok {
        return None;
    }
    Some(ReportMeta {
        title: title?,
        title_en: title_en?,
        edition: edition?,
        published: published?,
        publisher: publisher?,
        publisher_en: publisher_en?,
        base_url: base_url?.trim_end_matches('/').to_string(),
        sample,
        foreword: crate::load::split::clean_body(body),
        circulation_notice,
        stale_after,
        focus_sectors,
        office,
        imprint,
    })
}

fn partner(
    src: &Source,
    folder: &str,
    tax: &Taxonomy,
    diags: &mut Diagnostics,
    pending: &mut Vec<Pending>,
) -> Option<Partner> {
    let (mut doc, body, body_line) = front_matter(src, diags)?;
    let (_, links) = check_body(&src.rel, body, body_line, false, diags);
    pending.push(links_only(&src.rel, links));
    if !doc.check_keys(&[], PARTNER_KEYS, "a partner profile") {
        diags.extend(doc.diags);
        return None;
    }
    // ISO codes are often written in capitals (CN); the folder's lowercase form is the one kept.
    let code = doc
        .text(&[K("code")], Required, &format!("code: {folder}"))
        .map(|c| c.to_lowercase());
    if let Some(c) = &code {
        if c != folder {
            doc.error(
                &[K("code")],
                format!("'code' is '{c}' but the folder is '{folder}'"),
                format!("the code is the folder's name: write  code: {folder}"),
            );
        }
    }
    let name_ko = doc.text(&[K("name")], Required, "name: 중국");
    let name_en = doc.text(&[K("name_en")], Required, "name_en: China");
    let region_ids: Vec<&str> = tax.regions.iter().map(|t| t.id.as_str()).collect();
    let region = doc.one_of(&[K("region")], Required, &region_ids, "region");
    // A partner may have no agreement with Korea: the field is required, an empty list is fine.
    let example =
        "agreements: [한-중 FTA (2015년 12월 20일 발효)]  (or  agreements: []  when there is none)";
    let n = if doc.get(&[K("agreements")]).is_none() {
        doc.list_len(&[K("agreements")], Required, example)
    } else {
        doc.list_len(&[K("agreements")], Optional, example)
    };
    let agreements: Vec<String> = (0..n)
        .filter_map(|i| {
            doc.text(
                &[K("agreements"), I(i)],
                Required,
                "- 한-중 FTA (2015년 12월 20일 발효)",
            )
        })
        .collect();
    let trade =
        if doc.get(&[K("trade")]).is_some() && doc.check_keys(&[K("trade")], TRADE_KEYS, "trade") {
            let year = doc.year(&[K("trade"), K("year")], Required, "year: 2024");
            let ex = doc.int(
                &[K("trade"), K("exports_usd")],
                Required,
                "exports_usd: 133000000000",
            );
            let im = doc.int(
                &[K("trade"), K("imports_usd")],
                Required,
                "imports_usd: 140000000000",
            );
            let source = doc.text(
                &[K("trade"), K("source")],
                Required,
                "source: 한국무역협회 K-stat",
            );
            for (v, f) in [(ex, "exports_usd"), (im, "imports_usd")] {
                if v.is_some_and(|v| v < 0) {
                    doc.error(
                        &[K("trade"), K(f)],
                        format!("'trade.{f}' cannot be negative"),
                        "write the value in US dollars",
                    );
                }
            }
            match (year, ex, im, source) {
                (Some(year), Some(exports_usd), Some(imports_usd), Some(source)) => {
                    Some(TradeFigures {
                        year,
                        exports_usd,
                        imports_usd,
                        source,
                    })
                }
                _ => None,
            }
        } else {
            None
        };
    let n_en = doc.list_len(
        &[K("agreements_en")],
        Optional,
        "agreements_en: [Korea-China FTA (in force 20 December 2015)]",
    );
    let agreements_en: Vec<String> = (0..n_en)
        .filter_map(|i| doc.text(&[K("agreements_en"), I(i)], Required, "- Korea-China FTA"))
        .collect();
    if n_en > 0 && n_en != agreements.len() {
        doc.error(
            &[K("agreements_en")],
            format!(
                "'agreements_en' has {n_en} items but 'agreements' has {}",
                agreements.len()
            ),
            "give the English name of each agreement, in the same order as agreements",
        );
    }
    let n = doc.list_len(&[K("aliases")], Optional, "aliases: [Vietnam, 월남]");
    let aliases: Vec<String> = (0..n)
        .filter_map(|i| doc.text(&[K("aliases"), I(i)], Required, "- Vietnam"))
        .collect();
    let internal = workflow::internal(&mut doc);
    let ok = !doc.diags.has_errors();
    diags.extend(doc.diags);
    if !ok {
        return None;
    }
    Some(Partner {
        code: code?,
        name: name_ko?,
        name_en: name_en?,
        region: region?,
        agreements,
        agreements_en,
        trade,
        aliases,
        overview: crate::load::split::clean_body(body),
        internal,
    })
}

fn barrier(
    src: &Source,
    folder: &str,
    slug: &str,
    tax: &Taxonomy,
    diags: &mut Diagnostics,
) -> (Option<Barrier>, Pending) {
    let mut pending = Pending {
        file: src.rel.clone(),
        id: None,
        related: vec![],
        last_updated: None,
        status_date: None,
        links: vec![],
        stage: None,
        next_due: vec![],
    };
    let Some((mut doc, body, body_line)) = front_matter(src, diags) else {
        return (None, pending);
    };
    let (words, links) = check_body(&src.rel, body, body_line, true, diags);
    pending.links = links;
    if !doc.check_keys(&[], BARRIER_KEYS, "a barrier") {
        diags.extend(doc.diags);
        return (None, pending);
    }
    let prefix = folder.to_uppercase();

    let id = doc.text(&[K("id")], Required, &format!("id: {prefix}-001"));
    if let Some(id) = &id {
        if !is_id(id) {
            doc.error(&[K("id")], format!("the id '{id}' is not in the form {prefix}-001"), format!("an id is the partner code in capitals, a hyphen and three to six digits, e.g. {prefix}-007"));
        } else if id.split('-').next() != Some(prefix.as_str()) {
            doc.error(&[K("id")], format!("the id '{id}' does not start with this folder's partner code ({prefix})"), format!("entries in content/{folder}/ have ids like {prefix}-001; move the file or change the id"));
        } else {
            pending.id = Some((id.clone(), doc.pos(&[K("id")])));
        }
    }
    let title = doc.text(&[K("title")], Required, "title: 화장품 등록 제도");
    let title_en = doc.text(
        &[K("title_en")],
        Required,
        "title_en: Cosmetics registration",
    );
    for (key, value) in [("title", &title), ("title_en", &title_en)] {
        let chars = value.as_deref().map_or(0, graphemes);
        if chars > TITLE_MAX {
            doc.error(
                &[K(key)],
                format!("'{key}' has {chars} characters; the limit is {TITLE_MAX}"),
                "a title names the measure in a line; the details belong in the summary and body",
            );
        }
    }
    let summary = summary_field(&mut doc, "summary", "summary: 한두 문장의 요약");
    let summary_en = summary_field(
        &mut doc,
        "summary_en",
        "summary_en: A one- or two-sentence summary.",
    );

    let cat_ids: Vec<&str> = tax.categories.iter().map(|t| t.id.as_str()).collect();
    let category = doc.one_of(&[K("category")], Required, &cat_ids, "category");
    let sector_ids: Vec<&str> = tax.sectors.iter().map(|t| t.id.as_str()).collect();
    let n = doc.list_len(&[K("sectors")], Required, "sectors: [cosmetics]");
    let mut sectors: Vec<String> = Vec::new();
    for i in 0..n {
        if let Some(s) = doc.one_of(&[K("sectors"), I(i)], Required, &sector_ids, "sector") {
            if sectors.contains(&s) {
                doc.error(
                    &[K("sectors"), I(i)],
                    format!("the sector '{s}' is listed twice"),
                    "list each sector once",
                );
            } else {
                sectors.push(s);
            }
        }
    }
    let status = doc
        .one_of(&[K("status")], Required, &Status::IDS, "status")
        .and_then(|s| Status::from_id(&s));
    let status_date = doc.date(&[K("status_date")], Optional);
    if status.is_some_and(|s| s != Status::Open)
        && status_date.is_none()
        && doc.get(&[K("status_date")]).is_none()
    {
        let s = status.map(|s| s.id()).unwrap_or_default();
        doc.error(
            &[K("status")],
            format!("'status_date' is required when the status is '{s}'"),
            "add the date the status was reached, e.g.  status_date: 2025-06-30",
        );
    }
    let first_reported = doc.date(&[K("first_reported")], Required);
    let last_updated = doc.date(&[K("last_updated")], Required);
    if let (Some(f), Some(l)) = (first_reported, last_updated) {
        if l < f {
            doc.error(
                &[K("last_updated")],
                format!("'last_updated' ({l}) is before 'first_reported' ({f})"),
                "an entry is updated on or after the day it is first reported: check both dates",
            );
        }
    }
    if let (Some(f), Some(s)) = (first_reported, status_date) {
        if s < f {
            doc.error(
                &[K("status_date")],
                format!("'status_date' ({s}) is before 'first_reported' ({f})"),
                "the status is reached on or after the day the barrier is first reported",
            );
        }
    }
    pending.last_updated = last_updated.map(|d| (d, doc.pos(&[K("last_updated")])));
    pending.status_date = status_date.map(|d| (d, doc.pos(&[K("status_date")])));

    let trade_remedy = trade_remedy(&mut doc, category.as_deref());
    let hs_codes = hs_codes(&mut doc);
    let wto_refs = wto_refs(&mut doc);
    let impact = impact(&mut doc);

    let n = doc.list_len(&[K("related")], Optional, "related: [CN-002]");
    let mut related = Vec::new();
    for i in 0..n {
        if let Some(r) = doc.text(&[K("related"), I(i)], Required, "- CN-002") {
            if related.contains(&r) {
                doc.error(
                    &[K("related"), I(i)],
                    format!("'related' lists '{r}' twice"),
                    "keep one of them",
                );
                continue;
            }
            pending
                .related
                .push((r.clone(), doc.pos(&[K("related"), I(i)])));
            related.push(r);
        }
    }
    let stage = workflow::stage(&mut doc);
    pending.stage = stage;
    let actions = actions(&mut doc, last_updated);
    let sources = sources(&mut doc);
    let next: Vec<NextStep> = workflow::next_steps(&mut doc)
        .into_iter()
        .map(|(step, pos)| {
            pending.next_due.push((step.due, pos));
            step
        })
        .collect();
    let internal = workflow::internal(&mut doc);

    if words > 0 && !(BODY_WORDS.0..=BODY_WORDS.1).contains(&words) {
        doc.diags.push(
            Diagnostic::warning(
                &src.rel,
                Pos::new(body_line, 1),
                format!(
                    "the body has {words} words; the report's entries run {} to {} words",
                    BODY_WORDS.0, BODY_WORDS.1
                ),
            )
            .grouped(Group::BodyLength),
        );
    }

    let ok = !doc.diags.has_errors();
    diags.extend(doc.diags);
    if !ok {
        return (None, pending);
    }
    let built = (|| {
        Some(Barrier {
            id: id?,
            partner: folder.to_string(),
            slug: slug.to_string(),
            file: src.rel.clone(),
            title: title?,
            title_en: title_en?,
            summary: summary?,
            summary_en: summary_en?,
            category: category?,
            sectors,
            status: status?,
            status_date,
            first_reported: first_reported?,
            last_updated: last_updated?,
            hs_codes,
            wto_refs,
            impact,
            related,
            stage: stage?,
            trade_remedy,
            actions,
            sources,
            body: crate::load::split::clean_body(body),
            body_en: None,
            words,
            internal,
            next,
        })
    })();
    (built, pending)
}

fn is_id(id: &str) -> bool {
    match id.split_once('-') {
        Some((p, n)) => {
            (2..=5).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_uppercase())
                && (3..=crate::model::ID_DIGITS_MAX).contains(&n.len())
                && n.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Characters as a reader counts them: grapheme clusters of the NFC text (a syllable typed as
/// three jamo, or a flag made of two code points, is one).
fn graphemes(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).count()
}

fn summary_field(doc: &mut Doc, key: &'static str, example: &str) -> Option<String> {
    let s = doc.text(&[K(key)], Required, example)?;
    let chars = graphemes(&s);
    if chars > SUMMARY_MAX {
        doc.error(
            &[K(key)],
            format!("'{key}' has {chars} characters; the limit is {SUMMARY_MAX}"),
            "shorten it to one or two sentences; the details belong in the body",
        );
    }
    if s.contains("**")
        || s.contains("](")
        || s.contains('`')
        || s.starts_with('#')
        || s.contains('<')
    {
        doc.error(&[K(key)], format!("'{key}' must be plain text, without Markdown or HTML"), "remove the **, `, # , <...> or [..](..) markup; summaries appear in lists and data files as they are");
    }
    Some(s)
}

fn trade_remedy(doc: &mut Doc, category: Option<&str>) -> Option<TradeRemedy> {
    let present = doc.get(&[K("trade_remedy")]).is_some();
    match (category, present) {
        (Some("trade_remedies"), false) => {
            doc.error(&[K("category")], "'trade_remedy' is required when the category is 'trade_remedies'", "add the case data: trade_remedy: { measure: anti_dumping, stage: definitive, initiated: 2024-01-15 }");
            return None;
        }
        (Some(c), true) if c != "trade_remedies" => {
            doc.error(
                &[K("trade_remedy")],
                format!("'trade_remedy' belongs only to the category 'trade_remedies', not '{c}'"),
                "remove trade_remedy, or change the category to trade_remedies",
            );
            return None;
        }
        (_, false) => return None,
        _ => {}
    }
    let p = [K("trade_remedy")];
    if !doc.check_keys(&p, REMEDY_KEYS, "trade_remedy") {
        return None;
    }
    let measure = doc.one_of(
        &[K("trade_remedy"), K("measure")],
        Required,
        &MEASURES,
        "trade-remedy measure",
    );
    let stage = doc.one_of(
        &[K("trade_remedy"), K("stage")],
        Required,
        &STAGES,
        "trade-remedy stage",
    );
    let initiated = doc.date(&[K("trade_remedy"), K("initiated")], Required);
    let imposed = doc.date(&[K("trade_remedy"), K("imposed")], Optional);
    if let (Some(i), Some(m)) = (initiated, imposed) {
        if m < i {
            doc.error(
                &[K("trade_remedy"), K("imposed")],
                format!("'trade_remedy.imposed' ({m}) is before 'initiated' ({i})"),
                "duties are imposed after the investigation starts: check both dates",
            );
        }
    }
    let case_no = doc.text(
        &[K("trade_remedy"), K("case_no")],
        Optional,
        "case_no: A-580-870",
    );
    let duty_rate = doc.text(
        &[K("trade_remedy"), K("duty_rate")],
        Optional,
        "duty_rate: \"3.5%\"",
    );
    Some(TradeRemedy {
        measure: measure?,
        stage: stage?,
        initiated: initiated?,
        imposed,
        case_no,
        duty_rate,
    })
}

fn hs_codes(doc: &mut Doc) -> Vec<String> {
    let n = doc.list_len(&[K("hs_codes")], Optional, "hs_codes: [\"3304\"]");
    let mut out = Vec::new();
    for i in 0..n {
        let p = [K("hs_codes"), I(i)];
        match doc.get(&p).cloned() {
            Some(Node::Int(v)) => doc.error(
                &p,
                format!("the HS code {v} is written as a number"),
                format!("quote HS codes so leading zeros survive:  \"{v}\""),
            ),
            Some(Node::Str(s)) => {
                if let Some(digits) = hs_code(&s) {
                    out.push(digits);
                } else {
                    doc.error(
                        &p,
                        format!("'{s}' is not an HS code of 2, 4, 6, 8 or 10 digits"),
                        "write the code's digits, e.g. \"3304\" or \"330499\"",
                    );
                }
            }
            other => {
                let kind = other.map_or("nothing", |n| n.kind());
                doc.error(
                    &p,
                    format!("'{}' must be an HS code in quotes, found {kind}", name(&p)),
                    "e.g.  hs_codes: [\"3304\", \"330499\"]",
                );
            }
        }
    }
    out
}

/// The digits of an HS code written with or without dots (`3304.99` -> `330499`), when it has 2,
/// 4, 6, 8 or 10 of them and nothing else.
pub fn hs_code(s: &str) -> Option<String> {
    let digits = s.replace('.', "");
    (digits.bytes().all(|b| b.is_ascii_digit()) && [2, 4, 6, 8, 10].contains(&digits.len()))
        .then_some(digits)
}

/// Whether `s` looks like a WTO document symbol (G/TBT/N/CHN/1650, G/SPS/N/IDN/123/Add.1, WT/DS488/R).
pub fn is_wto_symbol(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() >= 2
        && matches!(parts[0], "G" | "WT" | "S" | "IP" | "TN")
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
}

fn wto_refs(doc: &mut Doc) -> Vec<String> {
    let n = doc.list_len(&[K("wto_refs")], Optional, "wto_refs: [G/TBT/N/CHN/1650]");
    let mut out = Vec::new();
    for i in 0..n {
        if let Some(s) = doc.text(&[K("wto_refs"), I(i)], Required, "- G/TBT/N/CHN/1650") {
            if is_wto_symbol(&s) {
                out.push(s);
            } else {
                doc.error(&[K("wto_refs"), I(i)], format!("'{s}' is not a WTO document symbol"), "write the symbol as the WTO prints it, e.g. G/TBT/N/CHN/1650 or G/SPS/N/IDN/123/Add.1");
            }
        }
    }
    out
}

fn impact(doc: &mut Doc) -> Option<Impact> {
    doc.get(&[K("impact")])?;
    if !doc.check_keys(&[K("impact")], IMPACT_KEYS, "impact") {
        return None;
    }
    let v = doc.int(
        &[K("impact"), K("export_value_usd")],
        Required,
        "export_value_usd: 1500000000",
    );
    let year = doc.year(&[K("impact"), K("year")], Required, "year: 2024");
    let basis = doc.text(
        &[K("impact"), K("basis")],
        Required,
        "basis: 2024년 화장품 수출액 (한국무역협회)",
    );
    if v.is_some_and(|v| v < 0) {
        doc.error(
            &[K("impact"), K("export_value_usd")],
            "'impact.export_value_usd' cannot be negative",
            "write the export value in US dollars",
        );
    }
    Some(Impact {
        export_value_usd: v?,
        year: year?,
        basis: basis?,
    })
}

fn actions(doc: &mut Doc, last_updated: Option<NaiveDate>) -> Vec<Action> {
    let n = doc.list_len(
        &[K("actions")],
        Optional,
        "actions: [{ date: 2025-03-01, channel: bilateral, note: ... }]",
    );
    let mut out = Vec::new();
    for i in 0..n {
        if !doc.check_keys(&[K("actions"), I(i)], ACTION_KEYS, "an action") {
            continue;
        }
        let date = doc.date(&[K("actions"), I(i), K("date")], Required);
        let channel = doc.one_of(
            &[K("actions"), I(i), K("channel")],
            Required,
            &CHANNELS,
            "channel",
        );
        let note = doc.text(
            &[K("actions"), I(i), K("note")],
            Required,
            "note: 양자 협의에서 개선 요청",
        );
        if let (Some(d), Some(l)) = (date, last_updated) {
            if d > l {
                doc.error(&[K("actions"), I(i), K("date")], format!("the action's date ({d}) is after 'last_updated' ({l})"), "move last_updated to the date of the latest action, or correct the action's date");
            }
        }
        if let (Some(date), Some(channel), Some(note)) = (date, channel, note) {
            out.push(Action {
                date,
                channel,
                note,
            });
        }
    }
    out.sort_by_key(|a| a.date);
    out
}

/// Checks an http(s) address: scheme, a host, no spaces.
pub fn check_url(u: &str) -> Result<(), &'static str> {
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or("must start with https:// or http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') && host != "localhost" {
        return Err("has no host name");
    }
    if u.chars().any(char::is_whitespace) {
        return Err("contains spaces");
    }
    Ok(())
}

fn sources(doc: &mut Doc) -> Vec<SourceRef> {
    let n = doc.list_len(
        &[K("sources")],
        Required,
        "sources: [{ title: ..., url: https://... }]",
    );
    let mut out = Vec::new();
    for i in 0..n {
        if !doc.check_keys(&[K("sources"), I(i)], SOURCE_KEYS, "a source") {
            continue;
        }
        let title = doc.text(
            &[K("sources"), I(i), K("title")],
            Required,
            "title: Provisions for Registration and Filing of Cosmetics",
        );
        let url = doc.text(
            &[K("sources"), I(i), K("url")],
            Required,
            "url: https://www.nmpa.gov.cn/...",
        );
        if let Some(u) = &url {
            if let Err(why) = check_url(u) {
                doc.error(
                    &[K("sources"), I(i), K("url")],
                    format!("the source's url {why}: {u}"),
                    "copy the full address from the browser, starting with https://",
                );
            }
        }
        let publisher = doc.text(&[K("sources"), I(i), K("publisher")], Optional, "");
        let date = doc.date(&[K("sources"), I(i), K("date")], Optional);
        if let (Some(title), Some(url)) = (title, url) {
            out.push(SourceRef {
                title,
                url,
                publisher,
                date,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_symbols() {
        assert!(is_id("CN-001"));
        assert!(is_id("EAEU-1234"));
        assert!(!is_id("cn-001"));
        assert!(!is_id("CN-01"));
        assert!(!is_id("CN001"));
        assert!(is_wto_symbol("G/TBT/N/CHN/1650"));
        assert!(is_wto_symbol("G/SPS/N/IDN/123/Add.1"));
        assert!(is_wto_symbol("WT/DS488/R"));
        assert!(!is_wto_symbol("TBT 1650"));
        assert!(!is_wto_symbol("G//N"));
    }

    #[test]
    fn the_body_length_group_names_the_limits() {
        let limits = format!("{} to {} words", BODY_WORDS.0, BODY_WORDS.1);
        assert!(Group::BodyLength.phrase().ends_with(&limits));
    }

    #[test]
    fn urls() {
        assert!(check_url("https://www.wto.org/x?y=1").is_ok());
        assert_eq!(
            check_url("www.wto.org"),
            Err("must start with https:// or http://")
        );
        assert_eq!(check_url("https://"), Err("has no host name"));
        assert_eq!(check_url("https://a.b/c d"), Err("contains spaces"));
    }
}
