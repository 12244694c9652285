//! `content/_abbreviations.yaml`: the abbreviations the PDF report explains in its annex, each with
//! its Korean and English name.
//!
//! Input: its [`Source`]. Output: the list in file order, with a diagnostic (line, hint) for every
//! item without `abbr`, `ko` or `en`, with another field, or repeating an abbreviation.

use super::*;

const FIELDS: &[&str] = &["abbr", "ko", "en"];
const EXAMPLE: &str = "- { abbr: WTO, ko: 세계무역기구, en: World Trade Organization }";

pub(super) fn abbreviations(src: &Source, diags: &mut Diagnostics) -> Vec<Abbreviation> {
    let root = match yaml::parse(&src.text, 1) {
        Ok(n) => n,
        Err(e) => {
            let message = e
                .message
                .replace("the front matter", "the abbreviations file");
            diags.push(Diagnostic::error(&src.rel, e.pos, message).with_hint(e.hint));
            return Vec::new();
        }
    };
    let mut doc = Doc::new(&src.rel, root);
    let n = match doc.get(&[]) {
        Some(Node::Seq(items)) => items.len(),
        Some(Node::Null) | None => 0,
        Some(other) => {
            let kind = other.kind();
            doc.error(
                &[],
                format!("the abbreviations file must be a list, found {kind}"),
                format!("write one line per abbreviation:  {EXAMPLE}"),
            );
            0
        }
    };
    let mut out: Vec<Abbreviation> = Vec::new();
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..n {
        if !doc.check_keys(&[I(i)], FIELDS, "an abbreviation") {
            continue;
        }
        let abbr = doc.text(&[I(i), K("abbr")], Required, "abbr: WTO");
        let ko = doc.text(&[I(i), K("ko")], Required, "ko: 세계무역기구");
        let en = doc.text(&[I(i), K("en")], Required, "en: World Trade Organization");
        let (Some(abbr), Some(ko), Some(en)) = (abbr, ko, en) else {
            continue;
        };
        let line = doc.pos(&[I(i), K("abbr")]).line;
        if let Some(first) = lines.get(&abbr) {
            doc.error(
                &[I(i), K("abbr")],
                format!("the abbreviation '{abbr}' appears twice"),
                format!("keep one of them (the first is on line {first})"),
            );
            continue;
        }
        lines.insert(abbr.clone(), line);
        out.push(Abbreviation { abbr, ko, en });
    }
    diags.extend(doc.diags);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Abbreviation>, Vec<String>) {
        let src = Source {
            rel: "content/_abbreviations.yaml".into(),
            text: text.into(),
        };
        let mut diags = Diagnostics::default();
        let list = abbreviations(&src, &mut diags);
        let messages = diags
            .into_sorted()
            .into_iter()
            .map(|d| format!("{}:{}: {}", d.file, d.line, d.message))
            .collect();
        (list, messages)
    }

    #[test]
    fn a_list_of_abbreviations_is_read_in_file_order() {
        let (list, messages) = read(
            "- { abbr: WTO, ko: 세계무역기구, en: World Trade Organization }\n- abbr: AD\n  ko: 반덤핑\n  en: Anti-Dumping\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        let abbrs: Vec<&str> = list.iter().map(|a| a.abbr.as_str()).collect();
        assert_eq!(abbrs, ["WTO", "AD"]);
        assert_eq!(list[1].ko, "반덤핑");
        assert_eq!(list[1].en, "Anti-Dumping");
    }

    #[test]
    fn missing_fields_other_fields_and_repeats_are_errors_on_their_lines() {
        let (list, messages) = read(
            "- { abbr: WTO, ko: 세계무역기구, en: World Trade Organization }\n- { abbr: FTA, ko: 자유무역협정 }\n- { abbr: WTO, ko: 세계무역기구, en: WTO }\n- { abbr: EU, ko: 유럽연합, en: European Union, fr: UE }\n",
        );
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].starts_with("content/_abbreviations.yaml:2: missing required field"),
            "{messages:?}"
        );
        assert!(
            messages[1]
                .starts_with("content/_abbreviations.yaml:3: the abbreviation 'WTO' appears twice"),
            "{messages:?}"
        );
        assert!(
            messages[2].starts_with("content/_abbreviations.yaml:4: unknown field 'fr'"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_list_is_an_error() {
        let (list, messages) = read("WTO: 세계무역기구\n");
        assert!(list.is_empty());
        assert!(messages[0].contains("must be a list"), "{messages:?}");
    }
}
