//! The year's workflow fields of a barrier or partner file: `internal:` (the working group's own
//! notes), and for barriers `stage:` (with its older synonym `draft:`) and `next:` (the steps
//! planned); `_report.md`'s `circulation_notice`.
//!
//! Input: the front matter being read ([`Doc`]). Output: the model's [`Internal`], [`Stage`] and
//! [`NextStep`]s, or `None` plus diagnostics that name the field, what was found and what to write
//! instead.

use super::fields::{name, Doc, Optional, Required, MAX_ITEMS, MAX_TEXT};
use crate::diagnostics::Pos;
use crate::load::yaml::{Node, Seg};
use crate::model::{Internal, NextStep, Stage, CHANNELS};
use chrono::NaiveDate;

/// The fields of one `next:` step.
pub(crate) const NEXT_KEYS: &[&str] = &["due", "channel", "note"];

/// The planned steps (`next:`), by due date, each with the place of its `due` (for the overdue
/// warning, which needs the report's publication date).
pub(crate) fn next_steps(doc: &mut Doc) -> Vec<(NextStep, Pos)> {
    let n = doc.list_len(
        &[Seg::Key("next")],
        Optional,
        "next: [{ due: 2026-03-31, channel: bilateral, note: ... }]",
    );
    let mut out = Vec::new();
    for i in 0..n {
        let item = |k| [Seg::Key("next"), Seg::Index(i), Seg::Key(k)];
        if !doc.check_keys(&[Seg::Key("next"), Seg::Index(i)], NEXT_KEYS, "a next step") {
            continue;
        }
        let due = doc.date(&item("due"), Required);
        let channel = doc.one_of(&item("channel"), Required, &CHANNELS, "channel");
        let note = doc.text(
            &item("note"),
            Required,
            "note: 차기 양자 협의에서 재차 제기",
        );
        if let (Some(due), Some(channel), Some(note)) = (due, channel, note) {
            out.push((NextStep { due, channel, note }, doc.pos(&item("due"))));
        }
    }
    out.sort_by_key(|s| s.0.due);
    out
}

/// Whether a step is overdue in an edition published on `published`: due before it.
pub(crate) fn overdue(due: NaiveDate, published: NaiveDate) -> bool {
    due < published
}

/// Most characters in `circulation_notice`: it is one line at the top and foot of every PDF page
/// (40 Hangul syllables fill about four fifths of the line).
pub(crate) const NOTICE_MAX: usize = 40;

/// The entry's stage: `stage:`, or `draft: true` (the older way of writing `stage: draft`), or
/// approved when neither is given. Both given and disagreeing is an error.
pub(crate) fn stage(doc: &mut Doc) -> Option<Stage> {
    let errors = doc.diags.errors();
    let stage = doc
        .one_of(&[Seg::Key("stage")], Optional, &Stage::IDS, "stage")
        .and_then(|s| Stage::from_id(&s));
    let draft = doc.boolean(&[Seg::Key("draft")]);
    if doc.diags.errors() > errors {
        return None;
    }
    match (stage, draft) {
        (Some(s), Some(d)) if (s == Stage::Draft) != d => {
            doc.error(
                &[Seg::Key("draft")],
                format!("'draft: {d}' and 'stage: {}' disagree", s.id()),
                "keep one of the two: write only stage: with draft, circulated or approved (draft: true is the older way of writing stage: draft)",
            );
            None
        }
        (Some(s), _) => Some(s),
        (None, Some(true)) => Some(Stage::Draft),
        (None, _) => Some(Stage::Approved),
    }
}

/// `_report.md`'s `stale_after`: months without an update after which the review lists an entry
/// (1 to 120; 12 when not given).
pub(crate) fn stale_after(doc: &mut Doc) -> u32 {
    let path = [Seg::Key("stale_after")];
    let Some(n) = doc.int(&path, Optional, "stale_after: 12") else {
        return crate::model::DEFAULT_STALE_AFTER;
    };
    if (1..=120).contains(&n) {
        return n as u32;
    }
    doc.error(
        &path,
        format!("'stale_after' must be a number of months from 1 to 120, found {n}"),
        "write after how many months without an update the review lists an entry, e.g.  stale_after: 12",
    );
    crate::model::DEFAULT_STALE_AFTER
}

/// `_report.md`'s `focus_sectors`: sector ids of the taxonomy, each once.
pub(crate) fn focus_sectors(doc: &mut Doc, sectors: &[&str]) -> Vec<String> {
    let n = doc.list_len(
        &[Seg::Key("focus_sectors")],
        Optional,
        "focus_sectors: [cosmetics, batteries]",
    );
    let mut out: Vec<String> = Vec::new();
    for i in 0..n {
        let path = [Seg::Key("focus_sectors"), Seg::Index(i)];
        if let Some(s) = doc.one_of(&path, Required, sectors, "sector") {
            if out.contains(&s) {
                doc.error(
                    &path,
                    format!("the sector '{s}' is listed twice"),
                    "list each sector once",
                );
            } else {
                out.push(s);
            }
        }
    }
    out
}

/// A new draft entry checked on its own, as `knte check` will check it among the others: its
/// fields and body, its `@/` links against the files in `paths` (`cn/x.md`), and its dates
/// against the publication date. For `knte import`, which writes only entries that pass; the
/// caller gives it an id no other entry has.
pub(crate) fn draft_alone(
    src: &crate::load::Source,
    folder: &str,
    slug: &str,
    taxonomy: &crate::model::Taxonomy,
    published: NaiveDate,
    paths: &std::collections::BTreeSet<String>,
) -> crate::diagnostics::Diagnostics {
    let mut diags = crate::diagnostics::Diagnostics::default();
    let (_, pending) = super::barrier(src, folder, slug, taxonomy, &mut diags);
    for (link, pos) in &pending.links {
        if !paths.contains(link) {
            diags.push(crate::diagnostics::Diagnostic::error(
                &src.rel,
                *pos,
                format!("the link @/{link} points to a file that does not exist"),
            ));
        }
    }
    for (date, field) in [
        (pending.last_updated, "last_updated"),
        (pending.status_date, "status_date"),
    ] {
        if let Some((date, pos)) = date.filter(|(d, _)| *d > published) {
            diags.push(crate::diagnostics::Diagnostic::error(
                &src.rel,
                pos,
                format!("'{field}' ({date}) is after the report's publication date ({published})"),
            ));
        }
    }
    diags
}

/// `_report.md`'s `circulation_notice`: the circulation edition's banner and watermark.
pub(crate) fn circulation_notice(doc: &mut Doc) -> Option<String> {
    let path = [Seg::Key("circulation_notice")];
    let notice = doc.text(&path, Optional, "circulation_notice: 회람용 초안 — 대외비")?;
    let n = unicode_segmentation::UnicodeSegmentation::graphemes(notice.as_str(), true).count();
    if n > NOTICE_MAX {
        doc.error(
            &path,
            format!("'circulation_notice' has {n} characters; the limit is {NOTICE_MAX}"),
            "the notice is printed at the top of every page of the circulation edition: keep it to a short line, e.g. 회람용 초안 — 대외비",
        );
        return None;
    }
    Some(notice)
}

/// The `internal:` group: any keys, any values, each text at most [`MAX_TEXT`] characters and
/// each list at most [`MAX_ITEMS`] items (so the circulation edition's box and PDF can hold it).
pub(crate) fn internal(doc: &mut Doc) -> Option<Internal> {
    let fields = match doc.get(&[Seg::Key("internal")]) {
        None | Some(Node::Null) => return None,
        Some(Node::Map(fields)) => fields.clone(),
        Some(other) => {
            let kind = other.kind();
            doc.error(
                &[Seg::Key("internal")],
                format!("'internal' must be a group of fields, found {kind}"),
                "write each note as a field on its own line below internal:, indented two spaces, e.g.  notes: 통상 담당관 메모",
            );
            return None;
        }
    };
    let errors = doc.diags.errors();
    for (key, value) in &fields {
        let mut path = vec![Seg::Key("internal"), Seg::Key(key)];
        check_value(doc, &mut path, value);
    }
    (doc.diags.errors() == errors).then_some(Internal(fields))
}

/// Reports the texts and lists under `path` that are too long for the outputs.
fn check_value<'a>(doc: &mut Doc, path: &mut Vec<Seg<'a>>, value: &'a Node) {
    match value {
        Node::Str(s) if s.chars().count() > MAX_TEXT => {
            let n = s.chars().count();
            doc.error(
                path,
                format!(
                    "'{}' has {n} characters; a field holds at most {MAX_TEXT}",
                    name(path)
                ),
                "shorten it, or split it into several fields under internal:",
            );
        }
        Node::Seq(items) if items.len() > MAX_ITEMS => {
            let n = items.len();
            doc.error(
                path,
                format!(
                    "'{}' has {n} items; a list holds at most {MAX_ITEMS}",
                    name(path)
                ),
                "keep the items the working group needs; check that a list was not pasted twice",
            );
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                check_value(doc, path, item);
                path.pop();
            }
        }
        Node::Map(fields) => {
            for (k, v) in fields {
                path.push(Seg::Key(k));
                check_value(doc, path, v);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn doc(text: &str) -> Doc {
        Doc::new("f.md", yaml::parse(text, 2).unwrap())
    }

    fn messages(d: &mut Doc) -> Vec<String> {
        std::mem::take(&mut d.diags)
            .into_sorted()
            .into_iter()
            .map(|x| x.message)
            .collect()
    }

    #[test]
    fn stage_and_its_older_synonym_draft() {
        for (text, want) in [
            ("title: x\n", Some(Stage::Approved)),
            ("draft: true\n", Some(Stage::Draft)),
            ("draft: false\n", Some(Stage::Approved)),
            ("stage: circulated\n", Some(Stage::Circulated)),
            ("stage: draft\ndraft: true\n", Some(Stage::Draft)),
            ("stage: approved\ndraft: false\n", Some(Stage::Approved)),
        ] {
            let mut d = doc(text);
            assert_eq!(stage(&mut d), want, "{text}");
            assert!(messages(&mut d).is_empty(), "{text}");
        }
        let mut d = doc("stage: circulated\ndraft: true\n");
        assert_eq!(stage(&mut d), None);
        assert_eq!(
            messages(&mut d),
            ["'draft: true' and 'stage: circulated' disagree"]
        );
        let mut d = doc("stage: aproved\n");
        assert_eq!(stage(&mut d), None);
        assert_eq!(
            messages(&mut d),
            ["unknown stage 'aproved' (did you mean 'approved'?)"]
        );
    }

    #[test]
    fn next_steps_are_read_in_due_order_and_checked() {
        let mut d = doc("next:\n  - due: 2026-06-30\n    channel: bilateral\n    note: b\n  - due: 2026-03-31\n    channel: fta_committee\n    note: a\n");
        let steps = next_steps(&mut d);
        assert_eq!(
            steps
                .iter()
                .map(|(s, _)| s.note.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(steps[0].1, Pos::new(6, 10));
        assert!(messages(&mut d).is_empty());
        let mut d = doc("next:\n  - due: 2026-13-01\n    channel: talks\n    when: x\n");
        assert!(next_steps(&mut d).is_empty());
        let m = messages(&mut d);
        assert!(
            m.iter()
                .any(|x| x.starts_with("unknown field 'when' in a next step")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|x| x.starts_with("unknown channel 'talks'")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x == "missing required field 'next[1].note'"),
            "{m:?}"
        );
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert!(overdue(day(29), day(30)) && !overdue(day(30), day(30)));
    }

    #[test]
    fn internal_takes_any_keys_and_values() {
        let mut d =
            doc("internal:\n  notes: a\n  own_key: [1, {x: y}]\n  contacts:\n    - name: b\n");
        let got = internal(&mut d).expect("valid");
        assert_eq!(
            got.0.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["notes", "own_key", "contacts"]
        );
        assert!(messages(&mut d).is_empty());
        let mut d = doc("title: x\n");
        assert_eq!(internal(&mut d), None);
    }

    #[test]
    fn internal_must_be_a_group_with_values_the_outputs_can_hold() {
        let mut d = doc("internal: just a note\n");
        assert_eq!(internal(&mut d), None);
        assert_eq!(
            messages(&mut d),
            ["'internal' must be a group of fields, found text"]
        );
        let long = "가".repeat(MAX_TEXT + 1);
        let text = format!("internal:\n  contacts:\n    - name: {long}\n");
        let mut d = Doc::new("f.md", yaml::parse(&text, 2).unwrap());
        assert_eq!(internal(&mut d), None);
        let all = std::mem::take(&mut d.diags).into_sorted();
        assert_eq!(
            all[0].message,
            format!(
                "'internal.contacts[1].name' has {} characters; a field holds at most {MAX_TEXT}",
                MAX_TEXT + 1
            )
        );
        assert_eq!((all[0].line, all[0].column), (4, 13));
    }
}
