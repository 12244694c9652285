//! `content/_taxonomy.yaml`: the categories, sectors, statuses and regions entries may use.
//!
//! Input: its [`Source`]. Output: the [`Taxonomy`], with diagnostics.

use super::*;

/// The taxonomy file's lists as the checks read them, its problems left to the checks (for the
/// editor's dropdowns).
pub(crate) fn read_taxonomy(src: &Source) -> Taxonomy {
    taxonomy(src, &mut Diagnostics::default())
}

pub(super) fn taxonomy(src: &Source, diags: &mut Diagnostics) -> Taxonomy {
    let root = match yaml::parse(&src.text, 1) {
        Ok(n) => n,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    &src.rel,
                    e.pos,
                    e.message.replace("the front matter", "the taxonomy"),
                )
                .with_hint(e.hint),
            );
            return Taxonomy::default();
        }
    };
    let mut doc = Doc::new(&src.rel, root);
    let mut tax = Taxonomy::default();
    if doc.check_keys(&[], &["categories", "sectors", "regions"], "the taxonomy") {
        for (list, contract, out) in [
            ("categories", CONTRACT_CATEGORIES, &mut tax.categories),
            ("sectors", CONTRACT_SECTORS, &mut tax.sectors),
            ("regions", CONTRACT_REGIONS, &mut tax.regions),
        ] {
            let n = doc.list_len(
                &[K(list)],
                Required,
                &format!("{list}: [{{ id: ..., ko: ..., en: ... }}]"),
            );
            for i in 0..n {
                let p = [K(list), I(i)];
                if !doc.check_keys(&p, TERM_KEYS, &format!("a {list} item")) {
                    continue;
                }
                let id = doc.text(&[K(list), I(i), K("id")], Required, "id: tbt");
                let ko = doc.text(&[K(list), I(i), K("ko")], Required, "ko: 기술규제");
                let en = doc.text(
                    &[K(list), I(i), K("en")],
                    Required,
                    "en: Technical barriers to trade",
                );
                if let (Some(id), Some(ko), Some(en)) = (id, ko, en) {
                    if !id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                        doc.error(
                            &[K(list), I(i), K("id")],
                            format!("the id '{id}' is not lowercase letters and underscores"),
                            "ids look like trade_remedies",
                        );
                    } else if out.iter().any(|t: &Term| t.id == id) {
                        doc.error(
                            &[K(list), I(i), K("id")],
                            format!("the id '{id}' appears twice in {list}"),
                            "remove one of them",
                        );
                    } else {
                        out.push(Term { id, ko, en });
                    }
                }
            }
            for id in contract {
                if n > 0 && !out.iter().any(|t| t.id == *id) {
                    doc.error(&[K(list)], format!("{list} lacks '{id}', which the report's structure requires"), format!("add  - {{ id: {id}, ko: ..., en: ... }}  (labels may be reworded; the id stays)"));
                }
            }
        }
    }
    diags.extend(doc.diags);
    tax
}
