//! Edition-to-edition changes: the previous edition's barrier list + this [`Report`] -> [`Changes`].
//!
//! Input: the records of the previous edition's `data/barriers.json` (read by the loader) and the
//! validated report. Output: the barriers that are new, resolved, changed status, or were dropped,
//! each list in report order. Pure: no I/O.

use crate::model::{id_key, Report, Status};
use serde::Deserialize;

/// What the comparison needs from one record of a previous `barriers.json`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub(crate) struct PreviousBarrier {
    pub id: String,
    pub partner: String,
    pub title: String,
    pub title_en: String,
    pub status: String,
    /// Only a circulation edition's data file records stages; a public one never does.
    #[serde(default)]
    pub stage: Option<String>,
}

/// A previous edition's data file.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PreviousEdition {
    pub schema_version: String,
    pub report: PreviousReport,
    pub barriers: Vec<PreviousBarrier>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PreviousReport {
    pub edition: i64,
}

/// A barrier whose status moved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StatusChange {
    pub id: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Changes {
    pub previous_edition: i64,
    /// Ids in this edition that the previous one did not have.
    pub new: Vec<String>,
    /// Barriers now resolved that were not before.
    pub resolved: Vec<StatusChange>,
    /// Other status changes.
    pub changed: Vec<StatusChange>,
    /// Barriers of the previous edition that this one no longer carries.
    pub dropped: Vec<PreviousBarrier>,
}

pub(crate) fn compare(report: &Report, previous: &PreviousEdition) -> Changes {
    let mut out = Changes {
        previous_edition: previous.report.edition,
        ..Changes::default()
    };
    let before: std::collections::BTreeMap<&str, &PreviousBarrier> = previous
        .barriers
        .iter()
        .map(|b| (b.id.as_str(), b))
        .collect();
    for b in &report.barriers {
        match before.get(b.id.as_str()) {
            None => out.new.push(b.id.clone()),
            Some(p) if p.status != b.status.id() => {
                let change = StatusChange {
                    id: b.id.clone(),
                    from: p.status.clone(),
                    to: b.status.id().to_string(),
                };
                if b.status == Status::Resolved {
                    out.resolved.push(change);
                } else {
                    out.changed.push(change);
                }
            }
            Some(_) => {}
        }
    }
    let now: std::collections::BTreeSet<&str> =
        report.barriers.iter().map(|b| b.id.as_str()).collect();
    out.dropped = previous
        .barriers
        .iter()
        .filter(|p| !now.contains(p.id.as_str()))
        .cloned()
        .collect();
    out.dropped
        .sort_by(|a, b| (&a.partner, id_key(&a.id)).cmp(&(&b.partner, id_key(&b.id))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prev(id: &str, status: &str) -> PreviousBarrier {
        PreviousBarrier {
            stage: None,
            id: id.into(),
            partner: id[..2].to_lowercase(),
            title: id.into(),
            title_en: id.into(),
            status: status.into(),
        }
    }

    #[test]
    fn sorts_barriers_into_new_resolved_changed_and_dropped() {
        let previous = PreviousEdition {
            schema_version: "1.0".into(),
            report: PreviousReport { edition: 2025 },
            barriers: vec![
                prev("CN-001", "open"),
                prev("CN-002", "open"),
                prev("JP-001", "in_progress"),
                prev("JP-009", "open"),
            ],
        };
        let statuses = [
            ("CN-001", "open"),
            ("CN-002", "resolved"),
            ("JP-001", "resolved_in_part"),
            ("JP-002", "open"),
        ];
        let ids: Vec<(String, Status)> = statuses
            .iter()
            .map(|(i, s)| (i.to_string(), Status::from_id(s).unwrap()))
            .collect();
        let report = crate::model::tests_support::report_with(&ids);
        let c = compare(&report, &previous);
        assert_eq!(c.new, ["JP-002"]);
        assert_eq!(
            c.resolved,
            [StatusChange {
                id: "CN-002".into(),
                from: "open".into(),
                to: "resolved".into()
            }]
        );
        assert_eq!(
            c.changed,
            [StatusChange {
                id: "JP-001".into(),
                from: "in_progress".into(),
                to: "resolved_in_part".into()
            }]
        );
        assert_eq!(
            c.dropped.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["JP-009"]
        );
        assert_eq!(c.previous_edition, 2025);
    }
}
