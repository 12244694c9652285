//! Validation: raw content files -> the validated [`Report`], or every problem found, at once.
//!
//! Input: [`Loaded`] (the text of each file). Output: the [`Report`] when there is no error, and in
//! every case all diagnostics (errors and warnings), each with its file, line and column. Each file
//! is checked on its own first; the rules that span files (unique ids, `related`, `@/` links, dates
//! against the publication date) run after. Pure: no I/O.

mod abbreviations;
mod barrier;
mod body;
mod contract;
mod cross;
pub(crate) mod fields;
mod files;
pub(crate) mod imprint;
pub(crate) mod office;
mod parts;
mod taxonomy;
pub(crate) use taxonomy::taxonomy_alone;
pub(crate) mod workflow;

use barrier::*;
use body::*;
pub(crate) use contract::*;
use cross::*;
use files::*;
use parts::*;
pub(crate) use parts::{check_url, hs_code, is_wto_symbol};
pub(crate) use taxonomy::read_taxonomy;
use taxonomy::*;

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

// Long: the order of validation in one place: the report file, the taxonomy, the abbreviations, each entry alone in parallel, then the cross-file rules.
pub(crate) fn validate(loaded: &Loaded) -> Outcome {
    let mut diags = Diagnostics::default();
    let taxonomy = loaded
        .taxonomy
        .as_ref()
        .map(|s| taxonomy(s, &mut diags))
        .unwrap_or_default();
    let abbreviations = loaded
        .abbreviations
        .as_ref()
        .map(|s| abbreviations::abbreviations(s, &mut diags))
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
        (Some(meta), false) => {
            let mut report = Report::new(meta, taxonomy, partners, barriers);
            report.abbreviations = abbreviations;
            Some(report)
        }
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
/// update after an edit. `Some` only when the edited entry is valid, keeps its id and stays in the
/// edition, and passes the same cross-file rules the full check runs ([`cross_checks`], called here
/// with the other entries as the report holds them): then the rest of the report needs no new
/// check.
/// `None` means "check everything": the caller runs a full build, which reports any error.
pub(crate) fn barrier_alone(
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
    if !spans_files_alone(&src.rel, p, report, &mut d) {
        return None;
    }
    Some(Barrier {
        body_en: old.body_en.clone(),
        ..b
    })
}

/// One partner profile checked alone against the report it was part of, for `knte serve`'s quick
/// update: `Some` only when the edited profile is valid, keeps its folder's code, and passes the
/// cross-file rules (the links of its overview) as [`barrier_alone`] runs them.
pub(crate) fn partner_alone(src: &Source, folder: &str, report: &Report) -> Option<Partner> {
    let mut d = Diagnostics::default();
    let mut pending = Vec::new();
    let p =
        partner(src, folder, &report.taxonomy, &mut d, &mut pending).filter(|_| !d.has_errors())?;
    report.partners.iter().find(|o| o.code == p.code)?;
    for links in pending {
        if !spans_files_alone(&src.rel, links, report, &mut d) {
            return None;
        }
    }
    Some(p)
}

/// The rules that span files, run as the full check runs them ([`cross_checks`]): the other
/// entries as the report holds them (valid, since the report was built), the file `rel` as it now
/// reads (`p`). Whether it passes them.
fn spans_files_alone(rel: &str, p: Pending, report: &Report, d: &mut Diagnostics) -> bool {
    let mut pending: Vec<Pending> = report
        .barriers
        .iter()
        .filter(|o| o.file != rel)
        .map(|o| Pending {
            id: Some((o.id.clone(), Pos::FILE)),
            ..links_only(&o.file, vec![])
        })
        .collect();
    pending.push(p);
    let paths: BTreeSet<String> = report
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
    cross_checks(&pending, &paths, Some(&report.meta), d);
    !d.has_errors()
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
