//! The rules that span files: unique ids, `related` ids that exist, `@/` links to entries,
//! dates against the publication date, overdue planned steps.
//!
//! Input: what each entry's own check left for them ([`Pending`]) and the entries read. Output:
//! diagnostics.

use super::*;

// Long: the rules that span files, one after another; each is short.
pub(super) fn cross_checks(
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

/// Only the links of a profile or foreword body wait for the cross-file checks.
pub(super) fn links_only(file: &str, links: Vec<(String, Pos)>) -> Pending {
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
