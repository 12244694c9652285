//! Search index: [`Report`] -> a term index per language under `search/<lang>/`, as static JSON.
//!
//! Input: the validated report. Output: [`Files`]: `search/<lang>/index.json` (the barrier URLs, in
//! document-number order, and the number of shards) and `search/<lang>/<k>.json`, the shards: each maps
//! the terms whose first character falls in shard `k` (its code point modulo the number of shards) to
//! the numbers of the barriers that contain them.
//!
//! Terms are those of [`korean::index_terms`]: every syllable and pair of neighbouring syllables of
//! Hangul, so `장벽` finds `무역장벽이`; other words whole, lowercased, matched by prefix. The
//! database page's script (`static/korean.js`) turns a query into terms by the same rules (particles
//! taken off, HS codes in any spelling made digits) and needs every one. One record per barrier and
//! language: title, summary, id, the partner's names in both languages and its aliases, category,
//! sectors, HS codes (as digits) and the body's text. Records are tokenised in parallel; the output
//! is sorted, so it is the same byte for byte from run to run.

use super::html::views::{partner_name, term_label};
use super::{paths, Files, Lang};
use crate::korean;
use crate::markdown;
use crate::model::Report;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write as _;

/// About this many postings (word-document pairs) per shard, so one query word costs one small fetch.
const POSTINGS_PER_SHARD: usize = 16_000;
const MAX_SHARDS: usize = 256;

pub(crate) fn render(report: &Report) -> Files {
    let mut files = Files::default();
    for lang in Lang::ALL {
        index(report, lang, &mut files);
    }
    files
}

/// The shard a word belongs to.
pub(crate) fn shard_of(word: &str, shards: usize) -> usize {
    word.chars().next().map_or(0, |c| c as usize % shards)
}

fn record(report: &Report, i: usize, lang: Lang) -> Vec<String> {
    let b = &report.barriers[i];
    let tax = &report.taxonomy;
    let (title, summary, body) = match lang {
        Lang::Ko => (&b.title, &b.summary, Some(&b.body)),
        Lang::En => (&b.title_en, &b.summary_en, b.body_en.as_ref()),
    };
    let profile = report.partners.iter().find(|p| p.code == b.partner);
    let partner = profile.map(|p| partner_name(lang, p)).unwrap_or_default();
    // Both languages' names and the aliases: `베트남` finds Vietnam's barriers on /en/ too.
    let names = profile
        .map(|p| format!("{} {} {}", p.name, p.name_en, p.aliases.join(" ")))
        .unwrap_or_default();
    let category = tax
        .category(&b.category)
        .map(|t| term_label(lang, t))
        .unwrap_or_default();
    let sectors: Vec<&str> = b
        .sectors
        .iter()
        .filter_map(|s| tax.sector(s))
        .map(|t| term_label(lang, t))
        .collect();
    let text = format!(
        "{title} {summary} {} {partner} {names} {category} {} {}",
        b.id,
        sectors.join(" "),
        body.map(|x| markdown::to_text(x)).unwrap_or_default(),
    );
    crate::work::add(crate::work::Work::Tokenise);
    let mut terms = korean::index_terms(&text);
    terms.extend(b.hs_codes.iter().map(|c| korean::hs_term(c)));
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Records tokenised together (in parallel) before their terms join the postings: the terms of a
/// record are many short strings (about a thousand for a Korean body), so holding those of every
/// record at once took most of the build's memory at 10,000 barriers.
const RECORDS_PER_BATCH: usize = 1024;

fn index(report: &Report, lang: Lang, files: &mut Files) {
    let n = report.barriers.len();
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    let mut total = 0;
    for start in (0..n).step_by(RECORDS_PER_BATCH) {
        let end = (start + RECORDS_PER_BATCH).min(n);
        let batch: Vec<Vec<String>> = (start..end)
            .into_par_iter()
            .map(|i| record(report, i, lang))
            .collect();
        // Batches come in document order, so every posting list stays sorted.
        for (doc, list) in (start as u32..).zip(batch) {
            total += list.len();
            for w in list {
                match postings.get_mut(w.as_str()) {
                    Some(docs) => docs.push(doc),
                    None => {
                        postings.insert(w, vec![doc]);
                    }
                }
            }
        }
    }
    let shards = (total / POSTINGS_PER_SHARD)
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS);
    let mut buckets: Vec<Vec<(&str, &[u32])>> = vec![Vec::new(); shards];
    for (w, docs) in &postings {
        buckets[shard_of(w, shards)].push((w.as_str(), docs.as_slice()));
    }
    let dir = format!("search/{}", lang.code());
    for (k, mut bucket) in buckets.into_iter().enumerate() {
        bucket.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut json = String::from("{");
        for (n, (w, docs)) in bucket.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            json.push_str(&serde_json::to_string(w).expect("a string serialises"));
            json.push_str(":[");
            for (m, d) in docs.iter().enumerate() {
                if m > 0 {
                    json.push(',');
                }
                let _ = write!(json, "{d}");
            }
            json.push(']');
        }
        json.push('}');
        files.add(format!("{dir}/{k}.json"), json);
    }
    let docs: Vec<String> = report
        .barriers
        .iter()
        .map(|b| lang.url(&paths::barrier(&b.id)))
        .collect();
    let meta = serde_json::json!({ "version": 2, "shards": shards, "docs": docs });
    files.add(format!("{dir}/index.json"), meta.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_a_barrier_by_a_word_in_its_body() {
        let mut report = crate::model::tests_support::report_with(&[
            ("CN-001".into(), crate::model::Status::Open),
            ("JP-002".into(), crate::model::Status::Open),
        ]);
        report.barriers[0].body =
            "## 개요\n\n수입 **화장품을** 등록하는 책임자를 두어야 한다. HS 3304.".into();
        report.barriers[0].hs_codes = vec!["3304.99".into()];
        let files = render(&report);
        let meta: serde_json::Value =
            serde_json::from_slice(&files.0["search/ko/index.json"]).unwrap();
        let shards = meta["shards"].as_u64().unwrap() as usize;
        let docs = meta["docs"].as_array().unwrap();
        assert_eq!(docs.len(), report.barriers.len());
        // Every word of the first barrier's body is in its shard with document 0.
        let first = &report.barriers[0];
        let mut body_words = korean::index_terms(&markdown::to_text(&first.body));
        assert!(body_words.contains(&"장품".to_string()));
        body_words.push("330499".into());
        for w in &body_words {
            let shard: serde_json::Value = serde_json::from_slice(
                &files.0[&format!("search/ko/{}.json", shard_of(w, shards))],
            )
            .unwrap();
            let list = shard[w.as_str()].as_array().unwrap();
            assert_eq!(list, &vec![serde_json::json!(0)], "{w}");
        }
        assert_eq!(docs[0], Lang::Ko.url(&paths::barrier(&first.id)));
    }
}
