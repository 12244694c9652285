//! One barrier file's front matter, field by field, in the documented key order.
//!
//! Input: a barrier [`Source`], its folder and the taxonomy. Output: the [`Barrier`] and what the
//! cross-file rules still need ([`Pending`]), with diagnostics.

use super::*;

// Long: a barrier's fields, read one after another in the documented key order; each is a line or two.
pub(super) fn barrier(
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

pub(super) fn is_id(id: &str) -> bool {
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
pub(super) fn graphemes(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).count()
}

pub(super) fn summary_field(doc: &mut Doc, key: &'static str, example: &str) -> Option<String> {
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
