//! Writing an entry back: the text it was opened with, the form's values and the bodies -> the
//! new text of the file. Input: the file's (NFC, LF) text, the field list and the [`Values`].
//! Output: the new text, or why the opened text cannot be edited field by field. Pure: no I/O.
//!
//! Only the fields whose value changed are rewritten. Each top-level key keeps the comment lines
//! written just above it; a field whose value is the same as before keeps its lines exactly as they
//! were (comments inside included). A changed field is written afresh (comments inside its lines
//! and after its value on the same line are lost); a removed field goes with the comment lines
//! above it; a new field is placed after the field that comes before it in the guide's order.
//! Keys the form does not know stay where they are. The body is the one given.

use super::form::Values;
use super::schema::{Field, Kind};
use crate::load::split;
use crate::load::yaml::{self, Node};

/// A top-level key's lines in the front matter (indexes into its lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub key: String,
    /// Comment and blank lines just above the key.
    pub lead: std::ops::Range<usize>,
    /// The key's own lines: its line and those of its value.
    pub lines: std::ops::Range<usize>,
}

/// The opened text, cut into the parts an edit keeps or replaces.
pub(crate) struct Parsed<'t> {
    /// Everything before the YAML: the opening `---` line.
    pub head: &'t str,
    /// The front matter's lines, each with its `\n`.
    pub lines: Vec<&'t str>,
    pub blocks: Vec<Block>,
    /// The closing `---` line and what follows it up to the body.
    pub fence: &'t str,
    pub body: &'t str,
    pub root: Node,
}

impl Parsed<'_> {
    /// The YAML written under `key`, after its key line, with the common indent removed (or the
    /// value on the key's line when it has one): what the internal block's textarea shows.
    pub(crate) fn raw(&self, key: &str) -> String {
        let Some(b) = self.blocks.iter().find(|b| b.key == key) else {
            return String::new();
        };
        let first = self.lines[b.lines.start];
        let inline = first.split_once(':').map_or("", |(_, v)| v).trim();
        if !inline.is_empty() {
            return inline.to_string();
        }
        let rest = &self.lines[b.lines.start + 1..b.lines.end];
        let indent = rest
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let text: String = rest
            .iter()
            .map(|l| l.get(indent..).unwrap_or(l.trim_start_matches(' ')))
            .collect();
        text.trim_end().to_string()
    }
}

/// Why a text cannot be edited field by field: the line and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotParsed {
    pub line: usize,
    pub message: String,
}

/// Cuts `text` into its front matter's blocks and its body.
pub(crate) fn parse(text: &str) -> Result<Parsed<'_>, NotParsed> {
    let s = split::split(text).map_err(|e| NotParsed {
        line: e.line,
        message: e.message,
    })?;
    let (root, loc) = yaml::parse(s.yaml, s.yaml_line).map_err(|e| NotParsed {
        line: e.pos.line,
        message: e.message,
    })?;
    let yaml_start = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + s.yaml.len();
    let body_start = text.len() - s.body.len();
    let lines: Vec<&str> = s.yaml.split_inclusive('\n').collect();
    let starts: Vec<(String, usize)> = loc
        .top_keys()
        .into_iter()
        .map(|(k, line)| (k, line - s.yaml_line))
        .collect();
    // Blank lines and comments at the start of a line belong to the key below them; indented
    // comments belong to the value above.
    let is_aside = |l: &str| l.trim().is_empty() || l.starts_with('#');
    let mut blocks = Vec::new();
    let mut prev_end = 0;
    for (i, (key, at)) in starts.iter().enumerate() {
        let next = starts.get(i + 1).map_or(lines.len(), |(_, n)| *n);
        let mut end = next;
        while end > at + 1 && is_aside(lines[end - 1]) {
            end -= 1;
        }
        blocks.push(Block {
            key: key.clone(),
            lead: prev_end..*at,
            lines: *at..end,
        });
        prev_end = end;
    }
    Ok(Parsed {
        head: &text[..yaml_start],
        lines,
        blocks,
        fence: &text[yaml_end..body_start],
        body: s.body,
        root,
    })
}

/// The new text: `opened` with the fields of `fields` set from `values` and the body replaced.
pub(crate) fn rewrite(
    opened: &str,
    fields: &[Field],
    values: &Values,
    body: &str,
) -> Result<String, NotParsed> {
    let p = parse(opened)?;
    let old = |key: &str| match &p.root {
        Node::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    };
    // (key, text) in the order written.
    let mut out: Vec<(String, String)> = Vec::new();
    for b in &p.blocks {
        let lead: String = p.lines[b.lead.clone()].concat();
        let kept: String = p.lines[b.lines.clone()].concat();
        let Some(field) = fields.iter().find(|f| f.key == b.key) else {
            out.push((b.key.clone(), lead + &kept));
            continue;
        };
        let new = field_text(field, values);
        if same(old(&b.key), new.as_deref()) {
            out.push((b.key.clone(), lead + &kept));
        } else if let Some(new) = new {
            out.push((b.key.clone(), lead + &new));
        }
    }
    let tail_from = p.blocks.last().map_or(0, |b| b.lines.end);
    let tail: String = p.lines[tail_from..].concat();
    for (rank, field) in fields.iter().enumerate() {
        if p.blocks.iter().any(|b| b.key == field.key) {
            continue;
        }
        let prefix = format!("{}.", field.key);
        let typed = values
            .0
            .iter()
            .any(|(n, v)| (n == field.key || n.starts_with(&prefix)) && !v.trim().is_empty());
        let Some(new) = field_text(field, values).filter(|_| typed) else {
            continue;
        };
        let before = |k: &str| {
            fields
                .iter()
                .position(|f| f.key == k)
                .is_some_and(|r| r < rank)
        };
        let at = out
            .iter()
            .rposition(|(k, _)| before(k))
            .map_or(0, |i| i + 1);
        out.insert(at, (field.key.to_string(), new));
    }
    let mut text = String::from(p.head);
    for (_, t) in &out {
        text.push_str(t);
    }
    text.push_str(&tail);
    text.push_str(p.fence);
    if !p.fence.ends_with('\n') && !body.is_empty() {
        text.push('\n');
    }
    text.push_str(body);
    Ok(text)
}

/// Whether the field's new text means what the old value meant (then its lines are kept).
fn same(old: Option<&Node>, new: Option<&str>) -> bool {
    match (old, new) {
        (None | Some(Node::Null), None) => true,
        (Some(old), Some(new)) => match yaml::parse(new, 1) {
            Ok((Node::Map(m), _)) => m.len() == 1 && sorted(&m[0].1) == sorted(old),
            _ => false,
        },
        _ => false,
    }
}

/// `node` with every group's fields in key order: the order of a group's fields means nothing.
fn sorted(node: &Node) -> Node {
    match node {
        Node::Map(m) => {
            let mut m: Vec<(String, Node)> =
                m.iter().map(|(k, v)| (k.clone(), sorted(v))).collect();
            m.sort_by(|a, b| a.0.cmp(&b.0));
            Node::Map(m)
        }
        Node::Seq(items) => Node::Seq(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A field's lines (`key: value\n`, or a block), or `None` when the form leaves it empty.
pub(crate) fn field_text(field: &Field, values: &Values) -> Option<String> {
    let key = field.key;
    let items = |name: &str| -> Vec<String> {
        values
            .all(name)
            .into_iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let empty_list = || field.required.then(|| format!("{key}: []\n"));
    match field.kind {
        Kind::ChoiceList(_) | Kind::TextList { block: false, .. } => {
            let quoted = matches!(field.kind, Kind::TextList { quoted: true, .. });
            let list = items(key);
            if list.is_empty() {
                return empty_list();
            }
            let written: Vec<String> = list.iter().map(|v| flow_item(v, quoted)).collect();
            Some(format!("{key}: [{}]\n", written.join(", ")))
        }
        Kind::TextList { block: true, .. } => {
            let list = items(key);
            if list.is_empty() {
                return empty_list();
            }
            let lines: String = list
                .iter()
                .map(|v| format!("  - {}\n", plain_or_quoted(v)))
                .collect();
            Some(format!("{key}:\n{lines}"))
        }
        Kind::Group(subs) => {
            let lines = group_lines(subs, values, key, "  ", "  ")?;
            Some(format!("{key}:\n{lines}"))
        }
        Kind::Rows(subs) => {
            let rows: String = values
                .rows(key)
                .into_iter()
                .filter_map(|i| group_lines(subs, values, &format!("{key}.{i}"), "  - ", "    "))
                .collect();
            (!rows.is_empty()).then(|| format!("{key}:\n{rows}"))
        }
        Kind::Yaml => {
            let raw = values.first(key).trim_end();
            if raw.trim().is_empty() {
                return None;
            }
            if raw.trim_start().starts_with(['{', '[']) {
                return Some(format!("{key}: {}\n", raw.trim()));
            }
            let lines: String = raw
                .lines()
                .map(|l| {
                    if l.trim().is_empty() {
                        "\n".to_string()
                    } else {
                        format!("  {l}\n")
                    }
                })
                .collect();
            Some(format!("{key}:\n{lines}"))
        }
        kind => {
            let v = values.first(key).trim();
            (!v.is_empty()).then(|| format!("{key}: {}\n", one_value(kind, v)))
        }
    }
}

/// A group's `sub: value` lines, the first after `first`, the others after `rest`; `None` when
/// every field is empty.
fn group_lines(
    subs: &[Field],
    values: &Values,
    prefix: &str,
    first: &str,
    rest: &str,
) -> Option<String> {
    let mut out = String::new();
    for sub in subs {
        let v = values.first(&format!("{prefix}.{}", sub.key)).trim();
        if v.is_empty() {
            continue;
        }
        let lead = if out.is_empty() { first } else { rest };
        out.push_str(&format!("{lead}{}: {}\n", sub.key, one_value(sub.kind, v)));
    }
    (!out.is_empty()).then_some(out)
}

/// One value as YAML: dates, numbers and ids plain when they have their form, text plain when it
/// reads back as the same text, else in double quotes.
fn one_value(kind: Kind, v: &str) -> String {
    let date = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let int = {
        let d = v.strip_prefix('-').unwrap_or(v);
        !d.is_empty() && d.len() < 19 && d.bytes().all(|b| b.is_ascii_digit())
    };
    let id = v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    match kind {
        Kind::Date if date => v.to_string(),
        Kind::Int if int => v.to_string(),
        Kind::Choice(_) if id => v.to_string(),
        _ => plain_or_quoted(v),
    }
}

/// `v` as a plain YAML value if it reads back as exactly this text, else double-quoted.
fn plain_or_quoted(v: &str) -> String {
    let plain = !v.contains('\n')
        && matches!(yaml::parse(&format!("k: {v}\n"), 1),
            Ok((Node::Map(m), _)) if m.len() == 1 && m[0].1 == Node::Str(v.to_string()));
    if plain {
        v.to_string()
    } else {
        quoted(v)
    }
}

/// A list item inside `[...]`: plain if it reads back as this text there, else double-quoted.
fn flow_item(v: &str, always_quoted: bool) -> String {
    let plain = !always_quoted
        && !v.contains('\n')
        && matches!(yaml::parse(&format!("k: [{v}]\n"), 1),
            Ok((Node::Map(m), _)) if m.len() == 1 && m[0].1 == Node::Seq(vec![Node::Str(v.to_string())]));
    if plain {
        v.to_string()
    } else {
        quoted(v)
    }
}

/// A YAML double-quoted value.
fn quoted(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
