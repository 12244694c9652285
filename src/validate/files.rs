//! The report's own file (`_report.md`) and the partner profiles (`_partner.md`).
//!
//! Input: their [`Source`]s and the taxonomy. Output: [`ReportMeta`] and [`Partner`]s, with
//! diagnostics.

use super::*;

// Long: the report file's fields, read one after another in the documented key order.
pub(super) fn report_meta(
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

// Long: a partner profile's fields, read one after another in the documented key order.
pub(super) fn partner(
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
            let source_en = doc.text(
                &[K("trade"), K("source_en")],
                Optional,
                "source_en: Korea International Trade Association, K-stat",
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
                        source_en,
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
