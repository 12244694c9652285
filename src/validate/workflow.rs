//! The year's workflow fields of a barrier or partner file: `internal:` (the working group's own
//! notes), and for barriers `stage:` (with its older synonym `draft:`).
//!
//! Input: the front matter being read ([`Doc`]). Output: the model's [`Internal`] and [`Stage`],
//! or `None` plus diagnostics that name the field, what was found and what to write instead.

use super::fields::{name, Doc, MAX_ITEMS, MAX_TEXT};
use crate::load::yaml::{Node, Seg};
use crate::model::Internal;

/// The `internal:` group: any keys, any values, each text at most [`MAX_TEXT`] characters and
/// each list at most [`MAX_ITEMS`] items (so the circulation edition's box and PDF can hold it).
pub fn internal(doc: &mut Doc) -> Option<Internal> {
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
