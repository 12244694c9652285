//! Typed reading of front-matter fields, each problem recorded with its place in the file.
//!
//! Input: a parsed [`Node`] tree and the [`Locator`] of its text. Output: plain Rust values, or `None`
//! plus a diagnostic that names the field, what was found and what to write instead.

use crate::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::load::yaml::{Locator, Node, Seg};
use crate::scaffold::PLACEHOLDER;
use chrono::{Datelike, NaiveDate};

pub(crate) use Seg::{Index as I, Key as K};

/// Most characters in one text field (a title, a note, a URL). Longer values are refused here,
/// so that every output can hold what `knte check` accepts (an Excel cell holds 32,767).
pub(crate) const MAX_TEXT: usize = 2_000;
/// Most items in one list (sources, actions, HS codes...).
pub(crate) const MAX_ITEMS: usize = 200;

/// Whether a field must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Required,
    Optional,
}
pub(crate) use Need::{Optional, Required};

/// One front matter being read: the file, its fields and the diagnostics found so far.
pub(crate) struct Doc {
    pub file: String,
    pub root: Node,
    pub loc: Locator,
    pub diags: Diagnostics,
}

/// The dotted name of a path, for messages: `sources[2].url` reads as "sources, item 3, url".
pub(crate) fn name(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

impl Doc {
    pub(crate) fn new(file: &str, (root, loc): (Node, Locator)) -> Self {
        Doc {
            file: file.to_string(),
            root,
            loc,
            diags: Diagnostics::default(),
        }
    }

    pub(crate) fn pos(&self, path: &[Seg<'_>]) -> Pos {
        self.loc.find(path)
    }

    pub(crate) fn error(
        &mut self,
        path: &[Seg<'_>],
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let pos = self.pos(path);
        self.error_at(pos, message, hint);
    }

    pub(crate) fn error_at(
        &mut self,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint: String = hint.into();
        let mut d = Diagnostic::error(&self.file, pos, message);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    pub(crate) fn warn(
        &mut self,
        path: &[Seg<'_>],
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint: String = hint.into();
        let mut d = Diagnostic::warning(&self.file, self.pos(path), message);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    /// The node at `path`, if present.
    pub(crate) fn get(&self, path: &[Seg<'_>]) -> Option<&Node> {
        let mut node = &self.root;
        for seg in path {
            node = match (seg, node) {
                (Seg::Key(k), Node::Map(m)) => &m.iter().find(|(key, _)| key == k)?.1,
                (Seg::Index(i), Node::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Checks that the group of fields at `path` is a group and holds only `allowed` keys;
    /// returns false (after reporting) when it is not a group at all.
    pub(crate) fn check_keys(&mut self, path: &[Seg<'_>], allowed: &[&str], what: &str) -> bool {
        let keys: Vec<String> = match self.get(path) {
            Some(Node::Map(m)) => m.iter().map(|(k, _)| k.clone()).collect(),
            Some(other) => {
                let kind = other.kind();
                let msg = if path.is_empty() {
                    format!("the front matter must be a list of fields (key: value), found {kind}")
                } else {
                    format!("'{}' must be a group of fields, found {kind}", name(path))
                };
                self.error(
                    path,
                    msg,
                    format!("the fields of {what} are: {}", allowed.join(", ")),
                );
                return false;
            }
            None => return false,
        };
        for (nth, key) in keys.into_iter().enumerate() {
            if !allowed.contains(&key.as_str()) {
                let pos = self.loc.find_field(path, nth);
                let sug = suggestion(&key, allowed.iter().copied());
                self.error_at(
                    pos,
                    format!("unknown field '{key}' in {what}{sug}"),
                    format!("the fields of {what} are: {}", allowed.join(", ")),
                );
            }
        }
        true
    }

    fn missing(&mut self, path: &[Seg<'_>], example: &str) {
        let field = name(path);
        let hint = if example.is_empty() {
            String::new()
        } else {
            format!("add a line such as  {example}")
        };
        self.error(path, format!("missing required field '{field}'"), hint);
    }

    /// A text field. Numbers are accepted as their text; empty text counts as missing.
    pub(crate) fn text(&mut self, path: &[Seg<'_>], need: Need, example: &str) -> Option<String> {
        match self.get(path).cloned() {
            None | Some(Node::Null) => {
                if need == Required {
                    self.missing(path, example);
                }
                None
            }
            Some(Node::Str(s)) if s.trim().is_empty() => {
                if need == Required {
                    self.error(
                        path,
                        format!("'{}' is empty", name(path)),
                        format!("write a value, e.g.  {example}"),
                    );
                }
                None
            }
            Some(Node::Str(s)) if s.trim_start().starts_with(PLACEHOLDER) => {
                self.error(
                    path,
                    format!("'{}' still holds the placeholder written by knte new", name(path)),
                    format!("replace the whole value, {PLACEHOLDER} included, with this entry's own, e.g.  {example}"),
                );
                None
            }
            Some(Node::Str(s)) if s.chars().count() > MAX_TEXT => {
                self.error(
                    path,
                    format!(
                        "'{}' has {} characters; a field holds at most {MAX_TEXT}",
                        name(path),
                        s.chars().count()
                    ),
                    "shorten it; long explanations belong in the body",
                );
                None
            }
            Some(Node::Str(s)) => Some(s.trim().to_string()),
            Some(Node::Int(i)) => Some(i.to_string()),
            Some(Node::Float(f)) => Some(f.to_string()),
            Some(other) => {
                self.error(
                    path,
                    format!("'{}' must be text, found {}", name(path), other.kind()),
                    format!("write it as text, e.g.  {example}"),
                );
                None
            }
        }
    }

    /// A field that must be one of `choices`.
    pub(crate) fn one_of(
        &mut self,
        path: &[Seg<'_>],
        need: Need,
        choices: &[&str],
        what: &str,
    ) -> Option<String> {
        let example = format!("{}: {}", leaf(path), choices.first().copied().unwrap_or(""));
        let value = self.text(path, need, &example)?;
        if choices.contains(&value.as_str()) {
            return Some(value);
        }
        if choices.is_empty() {
            // The list comes from a file that failed its own checks (an unreadable taxonomy:
            // every list there needs an item). That file's error is the one to fix; an "unknown"
            // error on every entry that names a term would bury it.
            return None;
        }
        let sug = suggestion(&value, choices.iter().copied());
        self.error(
            path,
            format!("unknown {what} '{value}'{sug}"),
            format!("use one of: {}", choices.join(", ")),
        );
        None
    }

    /// A date written `YYYY-MM-DD` that exists in the calendar.
    pub(crate) fn date(&mut self, path: &[Seg<'_>], need: Need) -> Option<NaiveDate> {
        let example = format!("{}: 2025-03-31", leaf(path));
        let raw = self.text(path, need, &example)?;
        match parse_date(&raw) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(
                    path,
                    format!("'{}' {why}: {raw}", name(path)),
                    "write dates as YYYY-MM-DD, e.g. 2025-03-31",
                );
                None
            }
        }
    }

    /// A whole number.
    pub(crate) fn int(&mut self, path: &[Seg<'_>], need: Need, example: &str) -> Option<i64> {
        match self.get(path).cloned() {
            None | Some(Node::Null) => {
                if need == Required {
                    self.missing(path, example);
                }
                None
            }
            Some(Node::Int(i)) => Some(i),
            Some(Node::Float(f)) if f.is_finite() && f.fract() == 0.0 => {
                self.error(
                    path,
                    format!("'{}' is too large a number ({f:e})", name(path)),
                    format!("write the number in full digits, at most 18 of them, e.g.  {example}"),
                );
                None
            }
            Some(Node::Str(s)) if s.replace([',', '_'], "").parse::<i64>().is_ok() => {
                self.error(
                    path,
                    format!(
                        "'{}' must be a number without quotes or commas, found \"{s}\"",
                        name(path)
                    ),
                    format!("write digits only, e.g.  {example}"),
                );
                None
            }
            Some(other) => {
                self.error(
                    path,
                    format!(
                        "'{}' must be a whole number, found {}",
                        name(path),
                        other.kind()
                    ),
                    format!("write digits only, e.g.  {example}"),
                );
                None
            }
        }
    }

    /// A year, from 1948 (the GATT) to 2100.
    pub(crate) fn year(&mut self, path: &[Seg<'_>], need: Need, example: &str) -> Option<i64> {
        let y = self.int(path, need, example)?;
        if (1948..=2100).contains(&y) {
            return Some(y);
        }
        self.error(
            path,
            format!("'{}' must be a year, found {y}", name(path)),
            format!("write the year in four digits, e.g.  {example}"),
        );
        None
    }

    pub(crate) fn boolean(&mut self, path: &[Seg<'_>]) -> Option<bool> {
        match self.get(path) {
            None | Some(Node::Null) => None,
            Some(Node::Bool(b)) => Some(*b),
            Some(other) => {
                let msg = format!(
                    "'{}' must be true or false, found {}",
                    name(path),
                    other.kind()
                );
                self.error(
                    path,
                    msg,
                    format!("write  {}: true  or  {}: false", leaf(path), leaf(path)),
                );
                None
            }
        }
    }

    /// The number of items of a list field (0 when absent); reports a value that is not a list.
    /// A required list must have at least one item.
    pub(crate) fn list_len(&mut self, path: &[Seg<'_>], need: Need, example: &str) -> usize {
        match self.get(path) {
            None | Some(Node::Null) => {
                if need == Required {
                    self.missing(path, example);
                }
                0
            }
            Some(Node::Seq(items)) if items.is_empty() && need == Required => {
                self.error(
                    path,
                    format!(
                        "'{}' is an empty list; it needs at least one item",
                        name(path)
                    ),
                    format!("e.g.  {example}"),
                );
                0
            }
            Some(Node::Seq(items)) if items.len() > MAX_ITEMS => {
                let n = items.len();
                self.error(
                    &[path, &[Seg::Index(MAX_ITEMS)]].concat(),
                    format!("'{}' has {n} items; a list holds at most {MAX_ITEMS}", name(path)),
                    "keep the items that matter for the report; check that a list was not pasted twice",
                );
                MAX_ITEMS
            }
            Some(Node::Seq(items)) => items.len(),
            Some(Node::Str(s)) => {
                let s = s.clone();
                self.error(
                    path,
                    format!("'{}' must be a list, found text", name(path)),
                    format!("put the value in brackets:  {}: [{s}]", leaf(path)),
                );
                0
            }
            Some(other) => {
                let kind = other.kind();
                self.error(
                    path,
                    format!("'{}' must be a list, found {kind}", name(path)),
                    format!("e.g.  {example}"),
                );
                0
            }
        }
    }
}

fn leaf(path: &[Seg<'_>]) -> String {
    path.iter()
        .rev()
        .find_map(|s| match s {
            Seg::Key(k) => Some(k.to_string()),
            Seg::Index(_) => None,
        })
        .unwrap_or_default()
}

/// Parses `YYYY-MM-DD`; the error says whether the shape is wrong or the day does not exist.
pub(crate) fn parse_date(raw: &str) -> Result<NaiveDate, &'static str> {
    let parts: Vec<&str> = raw.split('-').collect();
    let shaped = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return Err("is not a date in the form YYYY-MM-DD");
    }
    let date =
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "is a date that does not exist")?;
    if !(1947..=2100).contains(&date.year()) {
        return Err("is out of range (years 1947 to 2100)");
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn doc(text: &'static str) -> Doc {
        Doc::new("f.md", yaml::parse(text, 2).unwrap())
    }

    #[test]
    fn dates_are_checked_for_shape_and_existence() {
        assert!(parse_date("2025-02-28").is_ok());
        assert_eq!(
            parse_date("2025-02-30"),
            Err("is a date that does not exist")
        );
        assert_eq!(
            parse_date("2025/02/28"),
            Err("is not a date in the form YYYY-MM-DD")
        );
        assert_eq!(
            parse_date("25-2-28"),
            Err("is not a date in the form YYYY-MM-DD")
        );
        assert_eq!(
            parse_date("1900-01-01"),
            Err("is out of range (years 1947 to 2100)")
        );
    }

    #[test]
    fn unknown_keys_get_a_suggestion_at_the_key() {
        let mut d = doc("id: X\nsector: [steel]\n");
        d.check_keys(&[], &["id", "sectors"], "a barrier");
        let all = std::mem::take(&mut d.diags).into_sorted();
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].message,
            "unknown field 'sector' in a barrier (did you mean 'sectors'?)"
        );
        assert_eq!((all[0].line, all[0].column), (3, 1));
    }

    #[test]
    fn typed_getters_report_kinds() {
        let mut d = doc("title: [a]\nyear: \"2024\"\nflag: yes\nlist: steel\n");
        assert_eq!(d.text(&[K("title")], Required, "title: x"), None);
        assert_eq!(d.int(&[K("year")], Required, "year: 2024"), None);
        assert_eq!(d.boolean(&[K("flag")]), None);
        assert_eq!(d.list_len(&[K("list")], Required, "list: [steel]"), 0);
        assert_eq!(d.text(&[K("absent")], Optional, ""), None);
        let msgs: Vec<_> = std::mem::take(&mut d.diags)
            .into_sorted()
            .into_iter()
            .map(|x| x.message)
            .collect();
        assert_eq!(
            msgs,
            [
                "'title' must be text, found a list",
                "'year' must be a number without quotes or commas, found \"2024\"",
                "'flag' must be true or false, found text",
                "'list' must be a list, found text",
            ]
        );
    }

    #[test]
    fn a_term_is_unknown_only_when_its_list_was_read() {
        let mut d = doc("category: tariffs\nsectors: [stee]\n");
        assert_eq!(d.one_of(&[K("category")], Required, &[], "category"), None);
        assert!(d.diags.is_empty(), "no list to check against: no error");
        assert_eq!(
            d.one_of(&[K("sectors"), I(0)], Required, &["steel"], "sector"),
            None
        );
        let all = std::mem::take(&mut d.diags).into_sorted();
        assert_eq!(all.len(), 1);
        assert!(all[0].message.starts_with("unknown sector 'stee'"));
        assert_eq!(d.one_of(&[K("absent")], Required, &[], "category"), None);
        assert_eq!(
            d.diags.into_sorted().len(),
            1,
            "a missing value is still an error"
        );
    }

    #[test]
    fn names_read_like_paths() {
        assert_eq!(name(&[K("sources"), I(1), K("url")]), "sources[2].url");
    }
}
