//! Unit tests of the report model, and small reports for the unit tests of other stages.

use super::*;

/// Small reports for unit tests elsewhere in the crate.
pub(crate) mod tests_support {
    use super::*;

    /// A report with one barrier per `(id, status)`; everything else is filler.
    pub(crate) fn report_with(barriers: &[(String, Status)]) -> Report {
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let meta = ReportMeta {
            title: "t".into(),
            title_en: "t".into(),
            edition: 2026,
            published: date,
            publisher: "p".into(),
            publisher_en: "p".into(),
            base_url: "https://x.example".into(),
            sample: false,
            foreword: String::new(),
            circulation_notice: DEFAULT_CIRCULATION_NOTICE.into(),
            stale_after: DEFAULT_STALE_AFTER,
            focus_sectors: vec![],
            office: Office::default(),
            imprint: Imprint::default(),
        };
        let list = barriers
            .iter()
            .map(|(id, status)| Barrier {
                id: id.clone(),
                partner: id[..2].to_lowercase(),
                slug: id.to_lowercase(),
                file: format!("content/{}.md", id.to_lowercase()),
                title: id.clone(),
                title_en: id.clone(),
                summary: String::new(),
                summary_en: String::new(),
                category: "tbt".into(),
                sectors: vec!["steel".into()],
                status: *status,
                status_date: None,
                first_reported: date,
                last_updated: date,
                hs_codes: vec![],
                wto_refs: vec![],
                impact: None,
                related: vec![],
                stage: Stage::Approved,
                trade_remedy: None,
                actions: vec![],
                sources: vec![],
                body: String::new(),
                body_en: None,
                words: 0,
                internal: None,
                next: vec![],
            })
            .collect();
        Report::new(meta, Taxonomy::default(), vec![], list)
    }
}

mod model_tests {
    use super::*;

    #[test]
    fn status_ids_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_id(s.id()), Some(s));
        }
        assert_eq!(Status::from_id("closed"), None);
    }

    #[test]
    fn internal_rows_flatten_lists_and_groups() {
        let internal = Internal(vec![
            ("notes".into(), Node::Str("n".into())),
            ("empty".into(), Node::Null),
            (
                "contacts".into(),
                Node::Seq(vec![Node::Map(vec![
                    ("name".into(), Node::Str("김".into())),
                    ("tel".into(), Node::Int(10)),
                ])]),
            ),
            (
                "x".into(),
                Node::Map(vec![(
                    "y".into(),
                    Node::Seq(vec![Node::Bool(true), Node::Float(1.5)]),
                )]),
            ),
        ]);
        assert_eq!(
            internal.rows(),
            [
                ("메모".to_string(), vec!["n".to_string()]),
                ("연락처".into(), vec!["name: 김, tel: 10".into()]),
                ("x".into(), vec!["y: [true, 1.5]".into()]),
            ]
        );
    }

    #[test]
    fn without_internal_clears_every_entry_and_partner() {
        let mut r = tests_support::report_with(&[("CN-001".into(), Status::Open)]);
        r.barriers[0].internal = Some(Internal(vec![("notes".into(), Node::Str("s".into()))]));
        r.barriers[0].next = vec![NextStep {
            due: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            channel: "bilateral".into(),
            note: "n".into(),
        }];
        let r = r.without_internal();
        assert!(r
            .barriers
            .iter()
            .all(|b| b.internal.is_none() && b.next.is_empty()));
    }

    #[test]
    fn the_public_edition_keeps_approved_entries_and_forgets_the_others() {
        let mut r = tests_support::report_with(&[
            ("CN-001".into(), Status::Open),
            ("CN-002".into(), Status::Open),
            ("CN-003".into(), Status::Open),
        ]);
        r.barriers[1].stage = Stage::Draft;
        r.barriers[2].stage = Stage::Circulated;
        r.barriers[0].related = vec!["CN-002".into(), "CN-003".into()];
        assert_eq!(
            r.stages(),
            StageCounts {
                draft: 1,
                circulated: 1,
                approved: 1
            }
        );
        let r = r.approved_only();
        assert_eq!(r.barriers.len(), 1);
        assert!(r.barriers[0].related.is_empty());
        for s in Stage::ALL {
            assert_eq!(Stage::from_id(s.id()), Some(s));
        }
    }

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["CN-010", "CN-009", "CN-1000"];
        ids.sort_by_key(|i| id_key(i));
        assert_eq!(ids, ["CN-009", "CN-010", "CN-1000"]);
    }
}
