//! The task force's review of a period (`knte review 2026Q1`): the whole report -> [`Review`].
//!
//! Input: the validated report with every stage and its internal planning (`next:`), and a
//! [`Period`] (a quarter, a half, a year, or two dates). Output: what the briefing lists: Korea's
//! actions in the period by channel and partner, the entries whose status changed in it, the
//! planned steps due in the following quarter and those overdue at its end, the entries not updated
//! for `stale_after` months, and the counts for the focus sectors. Plain data, in a fixed order;
//! no I/O ([`crate::render::review`] writes it as HTML and PDF).

use crate::model::{id_key, Barrier, Report, Status, CHANNELS};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// The dates a review covers, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026Q1`, `2026H1`, `2026`, or `2026-01-01_2026-02-15`: names the output.
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// `2026Q1` to `2026Q4`, `2026H1`, `2026H2`, or a year (`2026`).
    pub fn parse(s: &str) -> Result<Period, String> {
        let bad = || {
            format!(
                "'{s}' is not a period: write a quarter (2026Q1), a half (2026H1) or a year (2026)"
            )
        };
        let s = s.trim();
        let year: i32 = s.get(..4).and_then(|y| y.parse().ok()).ok_or_else(bad)?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        let (first_month, months) = match s[4..].to_ascii_uppercase().as_str() {
            "" => (1, 12),
            "Q1" => (1, 3),
            "Q2" => (4, 3),
            "Q3" => (7, 3),
            "Q4" => (10, 3),
            "H1" => (1, 6),
            "H2" => (7, 6),
            _ => return Err(bad()),
        };
        let from = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(bad)?;
        let to = (from + Months::new(months)).pred_opt().ok_or_else(bad)?;
        Ok(Period {
            label: s.to_ascii_uppercase(),
            from,
            to,
        })
    }

    /// The period from `from` to `to` (`YYYY-MM-DD`, both included).
    pub fn between(from: &str, to: &str) -> Result<Period, String> {
        let date = |s: &str| {
            crate::validate::fields::parse_date(s.trim())
                .map_err(|why| format!("'{s}' {why}: write dates as YYYY-MM-DD"))
        };
        let (from, to) = (date(from)?, date(to)?);
        if to < from {
            return Err(format!("the period ends ({to}) before it starts ({from})"));
        }
        Ok(Period {
            label: format!("{from}_{to}"),
            from,
            to,
        })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The three months after the period: when the "coming quarter" steps fall due.
    pub fn coming_quarter(&self) -> (NaiveDate, NaiveDate) {
        let start = self.to.succ_opt().unwrap_or(self.to);
        let end = (start + Months::new(3)).pred_opt().unwrap_or(start);
        (start, end)
    }
}

/// An entry as the briefing names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    /// The partner's code and Korean name.
    pub partner_code: String,
    pub partner: String,
    pub title: String,
    /// The workflow stage in Korean (초안, 회람, 승인).
    pub stage: &'static str,
    pub status: Status,
    pub status_date: Option<NaiveDate>,
    pub last_updated: NaiveDate,
}

/// One line of the briefing's lists: an entry and what happened (or is due), when, through which
/// channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub date: NaiveDate,
    pub channel: String,
    pub note: String,
    pub entry: Entry,
}

/// A focus sector's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Focus {
    pub sector: String,
    pub label: String,
    pub entries: usize,
    /// Entries per status, in [`Status::ALL`] order.
    pub by_status: Vec<usize>,
    pub actions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub period: Period,
    /// Korea's actions in the period, by date, then id.
    pub actions: Vec<Line>,
    /// Actions per channel, in the channels' order; channels without any are left out.
    pub by_channel: Vec<(String, usize)>,
    /// Actions per partner (Korean name), in 가나다 order; partners without any are left out.
    pub by_partner: Vec<(String, usize)>,
    /// Entries whose status was reached in the period (`status_date`), by date.
    pub status_changes: Vec<Entry>,
    pub coming: (NaiveDate, NaiveDate),
    /// Planned steps due in the quarter after the period.
    pub due_next: Vec<Line>,
    /// Planned steps due by the period's end and still planned.
    pub overdue: Vec<Line>,
    pub stale_after: u32,
    /// Entries whose `last_updated` is more than `stale_after` months before the period's end,
    /// oldest first.
    pub stale: Vec<Entry>,
    pub focus: Vec<Focus>,
}

/// The briefing for `period` from `report` (every stage; the internal planning kept).
pub(crate) fn review(report: &Report, period: &Period) -> Review {
    let coming = period.coming_quarter();
    let (mut actions, mut due_next, mut overdue) = (Vec::new(), Vec::new(), Vec::new());
    for b in &report.barriers {
        for a in b.actions.iter().filter(|a| period.contains(a.date)) {
            actions.push(line(report, b, a.date, &a.channel, &a.note));
        }
        for n in &b.next {
            if n.due <= period.to {
                overdue.push(line(report, b, n.due, &n.channel, &n.note));
            } else if n.due <= coming.1 {
                due_next.push(line(report, b, n.due, &n.channel, &n.note));
            }
        }
    }
    for list in [&mut actions, &mut due_next, &mut overdue] {
        list.sort_by(|a, b| (a.date, id_key(&a.entry.id)).cmp(&(b.date, id_key(&b.entry.id))));
    }
    let by_channel = CHANNELS
        .iter()
        .map(|c| {
            (
                c.to_string(),
                actions.iter().filter(|a| a.channel == *c).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut status_changes: Vec<&Barrier> = report
        .barriers
        .iter()
        .filter(|b| b.status_date.is_some_and(|d| period.contains(d)))
        .collect();
    status_changes.sort_by_key(|b| (b.status_date, id_key(&b.id)));
    Review {
        period: period.clone(),
        by_partner: by_partner(report, &actions),
        focus: focus(report, &actions),
        actions,
        by_channel,
        status_changes: status_changes
            .into_iter()
            .map(|b| entry(report, b))
            .collect(),
        coming,
        due_next,
        overdue,
        stale_after: report.meta.stale_after,
        stale: stale(report, period),
    }
}

fn partner_name(report: &Report, code: &str) -> String {
    report
        .partners
        .iter()
        .find(|p| p.code == code)
        .map_or_else(|| code.to_uppercase(), |p| p.name.clone())
}

fn entry(report: &Report, b: &Barrier) -> Entry {
    Entry {
        id: b.id.clone(),
        partner_code: b.partner.clone(),
        partner: partner_name(report, &b.partner),
        title: b.title.clone(),
        stage: b.stage.ko(),
        status: b.status,
        status_date: b.status_date,
        last_updated: b.last_updated,
    }
}

fn line(report: &Report, b: &Barrier, date: NaiveDate, channel: &str, note: &str) -> Line {
    Line {
        date,
        channel: channel.to_string(),
        note: note.to_string(),
        entry: entry(report, b),
    }
}

/// Actions per partner, in the report's partner order (가나다).
fn by_partner(report: &Report, actions: &[Line]) -> Vec<(String, usize)> {
    let order = report.partner_order();
    let mut codes: Vec<&str> = actions
        .iter()
        .map(|a| a.entry.partner_code.as_str())
        .collect();
    codes.sort_by_key(|c| (order.iter().position(|o| o == c).unwrap_or(usize::MAX), *c));
    codes.dedup();
    codes
        .into_iter()
        .map(|code| {
            let n = actions
                .iter()
                .filter(|a| a.entry.partner_code == code)
                .count();
            (partner_name(report, code), n)
        })
        .collect()
}

/// Entries last updated more than `stale_after` months before the period's end, oldest first.
fn stale(report: &Report, period: &Period) -> Vec<Entry> {
    let cutoff = period.to - Months::new(report.meta.stale_after);
    let mut list: Vec<&Barrier> = report
        .barriers
        .iter()
        .filter(|b| b.last_updated < cutoff)
        .collect();
    list.sort_by_key(|b| (b.last_updated, id_key(&b.id)));
    list.into_iter().map(|b| entry(report, b)).collect()
}

fn focus(report: &Report, actions: &[Line]) -> Vec<Focus> {
    report
        .meta
        .focus_sectors
        .iter()
        .map(|sector| {
            let list: Vec<&Barrier> = report
                .barriers
                .iter()
                .filter(|b| b.sectors.contains(sector))
                .collect();
            Focus {
                sector: sector.clone(),
                label: report
                    .taxonomy
                    .sector(sector)
                    .map_or_else(|| sector.clone(), |t| t.ko.clone()),
                entries: list.len(),
                by_status: Status::ALL
                    .iter()
                    .map(|s| list.iter().filter(|b| b.status == *s).count())
                    .collect(),
                actions: actions
                    .iter()
                    .filter(|a| list.iter().any(|b| b.id == a.entry.id))
                    .count(),
            }
        })
        .collect()
}

#[cfg(test)]
/// The quarter a date falls in, as `2026Q1`.
pub(crate) fn quarter_of(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{tests_support::report_with, Action, NextStep, Stage};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_are_quarters_halves_years_or_two_dates() {
        let q = Period::parse("2026q1").unwrap();
        assert_eq!(
            (q.label.as_str(), q.from, q.to),
            ("2026Q1", day(2026, 1, 1), day(2026, 3, 31))
        );
        assert_eq!(q.coming_quarter(), (day(2026, 4, 1), day(2026, 6, 30)));
        let h = Period::parse("2026H2").unwrap();
        assert_eq!((h.from, h.to), (day(2026, 7, 1), day(2026, 12, 31)));
        assert_eq!(h.coming_quarter(), (day(2027, 1, 1), day(2027, 3, 31)));
        assert_eq!(Period::parse("2025").unwrap().to, day(2025, 12, 31));
        assert_eq!(Period::parse("2026Q4").unwrap().to, day(2026, 12, 31));
        for bad in ["2026Q5", "26Q1", "2026-Q1", "", "Q1", "2026H3", "1999"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let p = Period::between("2026-01-15", "2026-02-15").unwrap();
        assert_eq!(p.label, "2026-01-15_2026-02-15");
        assert!(Period::between("2026-02-15", "2026-01-15").is_err());
        assert!(Period::between("2026-02-30", "2026-03-01").is_err());
        assert_eq!(quarter_of(day(2026, 8, 1)), "2026Q3");
    }

    #[test]
    fn the_review_sorts_what_happened_and_what_is_due() {
        let mut r = report_with(&[
            ("CN-001".into(), Status::InProgress),
            ("CN-002".into(), Status::Open),
            ("JP-001".into(), Status::Resolved),
        ]);
        r.meta.focus_sectors = vec!["steel".into()];
        let act = |date, channel: &str| Action {
            date,
            channel: channel.into(),
            note: "n".into(),
        };
        let step = |due, note: &str| NextStep {
            due,
            channel: "bilateral".into(),
            note: note.into(),
        };
        let b = &mut r.barriers;
        b[0].actions = vec![
            act(day(2026, 2, 1), "bilateral"),
            act(day(2025, 12, 1), "bilateral"),
        ];
        b[0].status_date = Some(day(2026, 3, 31));
        b[0].last_updated = day(2026, 3, 31);
        b[0].next = vec![
            step(day(2026, 6, 30), "coming"),
            step(day(2026, 7, 1), "later"),
        ];
        b[1].actions = vec![act(day(2026, 1, 10), "wto_tbt_committee")];
        b[1].next = vec![step(day(2026, 3, 31), "late")];
        b[1].stage = Stage::Draft;
        b[1].last_updated = day(2025, 4, 1);
        b[2].status_date = Some(day(2025, 12, 31));
        b[2].last_updated = day(2025, 3, 30);
        let rv = review(&r, &Period::parse("2026Q1").unwrap());
        let ids = |v: &[Line]| v.iter().map(|l| l.entry.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&rv.actions), ["CN-002", "CN-001"], "by date");
        assert_eq!(
            rv.by_channel,
            [
                ("bilateral".to_string(), 1),
                ("wto_tbt_committee".to_string(), 1)
            ]
        );
        assert_eq!(rv.by_partner, [("CN".to_string(), 2)]);
        assert_eq!(rv.status_changes.len(), 1);
        assert_eq!(rv.status_changes[0].id, "CN-001");
        assert_eq!(ids(&rv.due_next), ["CN-001"]);
        assert_eq!(rv.due_next[0].note, "coming");
        assert_eq!(ids(&rv.overdue), ["CN-002"]);
        assert_eq!(rv.overdue[0].entry.stage, "초안");
        // Twelve months before 2026-03-31 is 2025-03-31: only JP-001 was last updated before.
        let stale: Vec<&str> = rv.stale.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(stale, ["JP-001"]);
        assert_eq!(rv.focus.len(), 1);
        assert_eq!((rv.focus[0].entries, rv.focus[0].actions), (3, 2));
        assert_eq!(rv.focus[0].by_status, [1, 1, 0, 1]);
    }
}
