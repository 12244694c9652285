//! The editor form's values: a front matter -> the values its controls show, and a submitted form
//! (`application/x-www-form-urlencoded`) -> the same values. Input: a parsed front matter with its
//! text, or a request body. Output: [`Values`], the (name, value) pairs a browser sends: `title`,
//! `sectors` once per row, `sources.0.url` for a field of a row, `trade_remedy.stage` for a field
//! of a group. Control names start with `_` (`_token`, `_body`) and are never field names. Pure: no I/O.

use super::schema::{Field, Kind};
use crate::load::yaml::Node;

/// Name-value pairs in the order sent (or shown), every value NFC with LF line ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Values(pub Vec<(String, String)>);

impl Values {
    /// The first value named `name`, or "".
    pub(crate) fn first(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value named `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The row numbers used under `key` (`key.3.note` -> 3), sorted, each once.
    pub(crate) fn rows(&self, key: &str) -> Vec<usize> {
        let prefix = format!("{key}.");
        let mut rows: Vec<usize> = self
            .0
            .iter()
            .filter_map(|(n, _)| n.strip_prefix(&prefix)?.split('.').next()?.parse().ok())
            .filter(|i| *i < MAX_ROWS)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    pub(crate) fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Replaces every value named `name` with one.
    pub(crate) fn set(&mut self, name: &str, value: &str) {
        self.0.retain(|(n, _)| n != name);
        self.push(name, value);
    }
}

/// Row numbers at or above this are ignored (no entry has a thousand sources).
pub(crate) const MAX_ROWS: usize = 1000;

/// A form body -> its pairs; `None` when it is not UTF-8 once decoded or a `%` is malformed.
pub(crate) fn parse_urlencoded(body: &[u8]) -> Option<Values> {
    let mut out = Values::default();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &b""[..]),
        };
        let decode = |raw: &[u8]| -> Option<String> {
            let mut bytes = Vec::with_capacity(raw.len());
            let mut i = 0;
            while i < raw.len() {
                match raw[i] {
                    b'+' => bytes.push(b' '),
                    b'%' => {
                        let hex = std::str::from_utf8(raw.get(i + 1..i + 3)?).ok()?;
                        bytes.push(u8::from_str_radix(hex, 16).ok()?);
                        i += 2;
                    }
                    b => bytes.push(b),
                }
                i += 1;
            }
            String::from_utf8(bytes)
                .ok()
                .map(|s| crate::load::split::normalize(&s))
        };
        out.push(decode(name)?, decode(value)?);
    }
    Some(out)
}

/// The values the controls of `fields` show for a parsed front matter. `raw` gives the YAML text
/// written under a key (for the internal block's textarea). `Err` names the first field whose
/// value no control can show (a group where text belongs, a key the group does not have...): the
/// file is then opened as text.
pub(crate) fn from_yaml(
    fields: &[Field],
    root: &Node,
    raw: &dyn Fn(&str) -> String,
) -> Result<Values, String> {
    let mut out = Values::default();
    let Node::Map(entries) = root else {
        return Err("(front matter)".into());
    };
    for (key, node) in entries {
        let Some(field) = fields.iter().find(|f| f.key == key) else {
            continue;
        };
        if *node == Node::Null {
            continue;
        }
        let bad = || key.clone();
        match field.kind {
            Kind::Yaml => out.push(key, raw(key)),
            Kind::ChoiceList(_) | Kind::TextList { .. } => match node {
                Node::Seq(items) => {
                    for item in items {
                        out.push(key, scalar(item).ok_or_else(bad)?);
                    }
                }
                other => out.push(key, scalar(other).ok_or_else(bad)?),
            },
            Kind::Group(subs) => group(&mut out, key, subs, node).ok_or_else(bad)?,
            Kind::Rows(subs) => {
                let Node::Seq(items) = node else {
                    return Err(bad());
                };
                for (i, item) in items.iter().enumerate() {
                    group(&mut out, &format!("{key}.{i}"), subs, item).ok_or_else(bad)?;
                }
            }
            _ => out.push(key, scalar(node).ok_or_else(bad)?),
        }
    }
    Ok(out)
}

/// A group's fields as `prefix.sub` pairs; `None` if it is not a group of known one-value fields.
fn group(out: &mut Values, prefix: &str, subs: &[Field], node: &Node) -> Option<()> {
    let Node::Map(fields) = node else {
        return None;
    };
    for (sub, value) in fields {
        subs.iter().find(|f| f.key == sub)?;
        if *value != Node::Null {
            out.push(format!("{prefix}.{sub}"), scalar(value)?);
        }
    }
    Some(())
}

/// A one-value node as the text a control shows.
fn scalar(node: &Node) -> Option<String> {
    match node {
        Node::Seq(_) | Node::Map(_) => None,
        Node::Null => Some(String::new()),
        other => Some(other.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::schema::BARRIER;

    fn values(yaml: &str) -> Result<Values, String> {
        let (node, _) = crate::load::yaml::parse(yaml, 2).unwrap();
        from_yaml(BARRIER, &node, &|k| format!("<{k}>"))
    }

    #[test]
    fn front_matter_becomes_named_values() {
        let v = values("title: 제목\nsectors: [cosmetics, food]\nhs_codes: [3304]\nsources:\n  - title: A\n    url: https://a.kr\ntrade_remedy:\n  stage: review\ninternal:\n  notes: x\nzzz: 1\n").unwrap();
        assert_eq!(v.first("title"), "제목");
        assert_eq!(v.all("sectors"), ["cosmetics", "food"]);
        assert_eq!(v.all("hs_codes"), ["3304"]);
        assert_eq!(v.first("sources.0.url"), "https://a.kr");
        assert_eq!(v.rows("sources"), [0]);
        assert_eq!(v.first("trade_remedy.stage"), "review");
        assert_eq!(v.first("internal"), "<internal>");
        assert_eq!(v.first("zzz"), "");
        // A lone value where a list belongs is shown as a list of one.
        assert_eq!(
            values("related: CN-002\n").unwrap().all("related"),
            ["CN-002"]
        );
    }

    #[test]
    fn values_no_control_can_show_open_the_file_as_text() {
        assert_eq!(values("title: [a]\n").unwrap_err(), "title");
        assert_eq!(values("sources:\n  - titel: a\n").unwrap_err(), "sources");
        assert_eq!(values("impact: 3\n").unwrap_err(), "impact");
    }

    #[test]
    fn form_bodies_are_decoded_to_nfc() {
        let v = parse_urlencoded(b"title=%E1%84%92%E1%85%A1+x&a.0.b=1%2B1&flag").unwrap();
        assert_eq!(v.first("title"), "\u{d558} x");
        assert_eq!(v.first("a.0.b"), "1+1");
        assert_eq!(v.all("flag"), [""]);
        assert_eq!(parse_urlencoded(b"a=%ff"), None);
        assert_eq!(parse_urlencoded(b"a=%2"), None);
        assert_eq!(v.rows("a"), [0]);
    }
}
