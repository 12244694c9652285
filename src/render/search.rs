//! Search index: [`Report`] -> the Pagefind bundle under `pagefind/`, built in-process.
//!
//! One record per barrier and language (title, summary, body text, HS codes, partner, category and
//! sectors), so a reader's query in Korean finds Korean pages and an English query on `/en/` finds
//! English ones. Pagefind splits the index into small chunks the browser fetches as needed, and
//! matches word prefixes, so `화장품` finds `화장품을`.

use super::html::views::{partner_name, term_label};
use super::{paths, Files, Lang};
use crate::markdown;
use crate::model::Report;
use std::collections::BTreeMap;

pub fn render(report: &Report) -> Result<Files, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(index(report))
}

async fn index(report: &Report) -> Result<Files, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let config = PagefindServiceConfig::builder()
        .keep_index_url(false)
        .build();
    let mut idx = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    let tax = &report.taxonomy;
    for b in &report.barriers {
        let p = report
            .partners
            .iter()
            .find(|p| p.code == b.partner)
            .expect("validated partner");
        for lang in Lang::ALL {
            let (title, summary, body) = match lang {
                Lang::Ko => (&b.title, &b.summary, Some(&b.body)),
                Lang::En => (&b.title_en, &b.summary_en, b.body_en.as_ref()),
            };
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
            let content = format!(
                "{title}. {summary} {} {} {} {} {} {}",
                b.id,
                partner_name(lang, p),
                category,
                sectors.join(" "),
                b.hs_codes.join(" "),
                body.map(|x| markdown::to_text(x)).unwrap_or_default(),
            );
            let mut meta = BTreeMap::new();
            meta.insert("title".to_string(), title.clone());
            meta.insert("id".to_string(), b.id.clone());
            idx.add_custom_record(
                lang.url(&paths::barrier(&b.id)),
                content,
                lang.code().to_string(),
                Some(meta),
                None,
                None,
            )
            .await
            .map_err(|e| format!("indexing {}: {e}", b.id))?;
        }
    }
    let timing = std::env::var_os("KNTE_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let got = idx.get_files().await;
    if timing {
        eprintln!(
            "timing: search: building the index from the records took {:.3} s",
            started.elapsed().as_secs_f64()
        );
    }
    let mut files = Files::default();
    for f in got.map_err(|e| e.to_string())? {
        let name = f.filename.to_string_lossy().replace('\\', "/");
        // The database page calls the search API directly; Pagefind's own UI bundles are not used.
        if name.contains("-ui.") || name.contains("highlight") {
            continue;
        }
        files.add(
            format!("pagefind/{}", name.trim_start_matches('/')),
            f.contents,
        );
    }
    Ok(files)
}
