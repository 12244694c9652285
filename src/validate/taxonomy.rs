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

/// The taxonomy file checked alone against the one the last build used (`old`), for `knte serve`'s quick
/// update: `Some` only when it has no error and names the same ids in each list as before (labels
/// and order may change). Every entry's references then stay valid, so the rest of the report
/// needs no new check. `None` means "check everything": the full build runs and reports any error.
pub(crate) fn taxonomy_alone(src: &Source, old: &Taxonomy) -> Option<Taxonomy> {
    let mut d = Diagnostics::default();
    let tax = taxonomy(src, &mut d);
    if d.has_errors() {
        return None;
    }
    let ids = |terms: &[Term]| terms.iter().map(|t| t.id.clone()).collect::<BTreeSet<_>>();
    let same = ids(&tax.categories) == ids(&old.categories)
        && ids(&tax.sectors) == ids(&old.sectors)
        && ids(&tax.regions) == ids(&old.regions);
    same.then_some(tax)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            rel: "content/_taxonomy.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_quick_check_takes_new_labels_and_order_and_refuses_new_or_missing_ids() {
        let sample = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/_taxonomy.yaml"),
        )
        .unwrap();
        let old = read_taxonomy(&source(&sample));
        assert!(!old.sectors.is_empty());
        let relabelled = sample.replacen("ko: 화장품,", "ko: 화장품·미용,", 1);
        let tax = taxonomy_alone(&source(&relabelled), &old).expect("a new label is quick");
        assert_eq!(tax.sector("cosmetics").unwrap().ko, "화장품·미용");
        // Two sectors swapped: the same ids in another order.
        let (a, b) = (
            "  - { id: steel, ko: 철강, en: Steel }\n",
            "  - { id: petrochemicals, ko: 석유화학, en: Petrochemicals }\n",
        );
        let swapped = sample.replacen(&format!("{a}{b}"), &format!("{b}{a}"), 1);
        assert_ne!(swapped, sample);
        assert!(taxonomy_alone(&source(&swapped), &old).is_some());
        for (edit, why) in [
            (
                sample.replacen("id: steel,", "id: steel_products,", 1),
                "a renamed id",
            ),
            (
                sample.replacen(
                    "sectors:\n",
                    "sectors:\n  - { id: toys, ko: 완구, en: Toys }\n",
                    1,
                ),
                "a new id",
            ),
            (
                sample.replacen("  - { id: steel, ko: 철강, en: Steel }\n", "", 1),
                "a removed id",
            ),
            (
                sample.replacen("ko: 화장품,", "ko: [화장품,", 1),
                "a YAML error",
            ),
            (
                sample.replacen("ko: 화장품,", "ko: '',", 1),
                "an empty label",
            ),
        ] {
            assert_ne!(edit, sample, "{why}");
            assert!(taxonomy_alone(&source(&edit), &old).is_none(), "{why}");
        }
    }
}
