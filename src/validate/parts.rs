//! The structured values inside a barrier: trade remedies, HS codes, WTO symbols, impact,
//! Korea's actions, sources and web addresses.
//!
//! Input: the front matter being read ([`Doc`]). Output: the model's values, with diagnostics.

use super::*;

pub(super) fn trade_remedy(doc: &mut Doc, category: Option<&str>) -> Option<TradeRemedy> {
    let present = doc.get(&[K("trade_remedy")]).is_some();
    match (category, present) {
        (Some("trade_remedies"), false) => {
            doc.error(&[K("category")], "'trade_remedy' is required when the category is 'trade_remedies'", "add the case data: trade_remedy: { measure: anti_dumping, stage: definitive, initiated: 2024-01-15 }");
            return None;
        }
        (Some(c), true) if c != "trade_remedies" => {
            doc.error(
                &[K("trade_remedy")],
                format!("'trade_remedy' belongs only to the category 'trade_remedies', not '{c}'"),
                "remove trade_remedy, or change the category to trade_remedies",
            );
            return None;
        }
        (_, false) => return None,
        _ => {}
    }
    let p = [K("trade_remedy")];
    if !doc.check_keys(&p, REMEDY_KEYS, "trade_remedy") {
        return None;
    }
    let measure = doc.one_of(
        &[K("trade_remedy"), K("measure")],
        Required,
        &MEASURES,
        "trade-remedy measure",
    );
    let stage = doc.one_of(
        &[K("trade_remedy"), K("stage")],
        Required,
        &STAGES,
        "trade-remedy stage",
    );
    let initiated = doc.date(&[K("trade_remedy"), K("initiated")], Required);
    let imposed = doc.date(&[K("trade_remedy"), K("imposed")], Optional);
    if let (Some(i), Some(m)) = (initiated, imposed) {
        if m < i {
            doc.error(
                &[K("trade_remedy"), K("imposed")],
                format!("'trade_remedy.imposed' ({m}) is before 'initiated' ({i})"),
                "duties are imposed after the investigation starts: check both dates",
            );
        }
    }
    let case_no = doc.text(
        &[K("trade_remedy"), K("case_no")],
        Optional,
        "case_no: A-580-870",
    );
    let duty_rate = doc.text(
        &[K("trade_remedy"), K("duty_rate")],
        Optional,
        "duty_rate: \"3.5%\"",
    );
    Some(TradeRemedy {
        measure: measure?,
        stage: stage?,
        initiated: initiated?,
        imposed,
        case_no,
        duty_rate,
    })
}

pub(super) fn hs_codes(doc: &mut Doc) -> Vec<String> {
    let n = doc.list_len(&[K("hs_codes")], Optional, "hs_codes: [\"3304\"]");
    let mut out = Vec::new();
    for i in 0..n {
        let p = [K("hs_codes"), I(i)];
        match doc.get(&p).cloned() {
            Some(Node::Int(v)) => doc.error(
                &p,
                format!("the HS code {v} is written as a number"),
                format!("quote HS codes so leading zeros survive:  \"{v}\""),
            ),
            Some(Node::Str(s)) => {
                if let Some(digits) = hs_code(&s) {
                    out.push(digits);
                } else {
                    doc.error(
                        &p,
                        format!("'{s}' is not an HS code of 2, 4, 6, 8 or 10 digits"),
                        "write the code's digits, e.g. \"3304\" or \"330499\"",
                    );
                }
            }
            other => {
                let kind = other.map_or("nothing", |n| n.kind());
                doc.error(
                    &p,
                    format!("'{}' must be an HS code in quotes, found {kind}", name(&p)),
                    "e.g.  hs_codes: [\"3304\", \"330499\"]",
                );
            }
        }
    }
    out
}

/// The digits of an HS code written with or without dots (`3304.99` -> `330499`), when it has 2,
/// 4, 6, 8 or 10 of them and nothing else.
pub(crate) fn hs_code(s: &str) -> Option<String> {
    let digits = s.replace('.', "");
    (digits.bytes().all(|b| b.is_ascii_digit()) && [2, 4, 6, 8, 10].contains(&digits.len()))
        .then_some(digits)
}

/// Whether `s` looks like a WTO document symbol (G/TBT/N/CHN/1650, G/SPS/N/IDN/123/Add.1, WT/DS488/R).
pub(crate) fn is_wto_symbol(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() >= 2
        && matches!(parts[0], "G" | "WT" | "S" | "IP" | "TN")
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
}

pub(super) fn wto_refs(doc: &mut Doc) -> Vec<String> {
    let n = doc.list_len(&[K("wto_refs")], Optional, "wto_refs: [G/TBT/N/CHN/1650]");
    let mut out = Vec::new();
    for i in 0..n {
        if let Some(s) = doc.text(&[K("wto_refs"), I(i)], Required, "- G/TBT/N/CHN/1650") {
            if is_wto_symbol(&s) {
                out.push(s);
            } else {
                doc.error(&[K("wto_refs"), I(i)], format!("'{s}' is not a WTO document symbol"), "write the symbol as the WTO prints it, e.g. G/TBT/N/CHN/1650 or G/SPS/N/IDN/123/Add.1");
            }
        }
    }
    out
}

pub(super) fn impact(doc: &mut Doc) -> Option<Impact> {
    doc.get(&[K("impact")])?;
    if !doc.check_keys(&[K("impact")], IMPACT_KEYS, "impact") {
        return None;
    }
    let v = doc.int(
        &[K("impact"), K("export_value_usd")],
        Required,
        "export_value_usd: 1500000000",
    );
    let year = doc.year(&[K("impact"), K("year")], Required, "year: 2024");
    let basis = doc.text(
        &[K("impact"), K("basis")],
        Required,
        "basis: 2024년 화장품 수출액 (한국무역협회)",
    );
    if v.is_some_and(|v| v < 0) {
        doc.error(
            &[K("impact"), K("export_value_usd")],
            "'impact.export_value_usd' cannot be negative",
            "write the export value in US dollars",
        );
    }
    Some(Impact {
        export_value_usd: v?,
        year: year?,
        basis: basis?,
    })
}

pub(super) fn actions(doc: &mut Doc, last_updated: Option<NaiveDate>) -> Vec<Action> {
    let n = doc.list_len(
        &[K("actions")],
        Optional,
        "actions: [{ date: 2025-03-01, channel: bilateral, note: ... }]",
    );
    let mut out = Vec::new();
    for i in 0..n {
        if !doc.check_keys(&[K("actions"), I(i)], ACTION_KEYS, "an action") {
            continue;
        }
        let date = doc.date(&[K("actions"), I(i), K("date")], Required);
        let channel = doc.one_of(
            &[K("actions"), I(i), K("channel")],
            Required,
            &CHANNELS,
            "channel",
        );
        let note = doc.text(
            &[K("actions"), I(i), K("note")],
            Required,
            "note: 양자 협의에서 개선 요청",
        );
        if let (Some(d), Some(l)) = (date, last_updated) {
            if d > l {
                doc.error(&[K("actions"), I(i), K("date")], format!("the action's date ({d}) is after 'last_updated' ({l})"), "move last_updated to the date of the latest action, or correct the action's date");
            }
        }
        if let (Some(date), Some(channel), Some(note)) = (date, channel, note) {
            out.push(Action {
                date,
                channel,
                note,
            });
        }
    }
    out.sort_by_key(|a| a.date);
    out
}

/// Checks an http(s) address: scheme, a host, no spaces.
pub(crate) fn check_url(u: &str) -> Result<(), &'static str> {
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or("must start with https:// or http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || !host.contains('.') && host != "localhost" {
        return Err("has no host name");
    }
    if u.chars().any(char::is_whitespace) {
        return Err("contains spaces");
    }
    Ok(())
}

pub(super) fn sources(doc: &mut Doc) -> Vec<SourceRef> {
    let n = doc.list_len(
        &[K("sources")],
        Required,
        "sources: [{ title: ..., url: https://... }]",
    );
    let mut out = Vec::new();
    for i in 0..n {
        if !doc.check_keys(&[K("sources"), I(i)], SOURCE_KEYS, "a source") {
            continue;
        }
        let title = doc.text(
            &[K("sources"), I(i), K("title")],
            Required,
            "title: Provisions for Registration and Filing of Cosmetics",
        );
        let url = doc.text(
            &[K("sources"), I(i), K("url")],
            Required,
            "url: https://www.nmpa.gov.cn/...",
        );
        if let Some(u) = &url {
            if let Err(why) = check_url(u) {
                doc.error(
                    &[K("sources"), I(i), K("url")],
                    format!("the source's url {why}: {u}"),
                    "copy the full address from the browser, starting with https://",
                );
            }
        }
        let publisher = doc.text(&[K("sources"), I(i), K("publisher")], Optional, "");
        let date = doc.date(&[K("sources"), I(i), K("date")], Optional);
        if let (Some(title), Some(url)) = (title, url) {
            out.push(SourceRef {
                title,
                url,
                publisher,
                date,
            });
        }
    }
    out
}
