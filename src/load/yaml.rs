//! YAML: front-matter text -> a plain [`Node`] tree, plus a [`Locator`] that finds the line and
//! column of any field, so validation can point at the exact place of a problem.
//!
//! This is the only module that calls the YAML library (serde_yaml's API). Input: YAML text and the
//! file line it starts on. Output: a `Node` tree or a [`YamlError`] with a position and a hint.

use crate::diagnostics::Pos;

/// Nesting deeper than this is refused before conversion (no entry needs more than four levels).
const MAX_DEPTH: usize = 24;
/// More aliases (`*name`) than this are refused: the front matter of an entry never needs them,
/// and expanding many aliases is how "alias bomb" files exhaust memory.
const MAX_ALIASES: usize = 16;

/// A YAML value with its structure kept and everything else made plain.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in file order; YAML keys that are not text are shown as their text form.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// What the value is, in the words an editor uses.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "an empty value",
            Node::Bool(_) => "true/false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a group of fields",
        }
    }

    /// The value as one line of text, for messages.
    pub fn display(&self) -> String {
        match self {
            Node::Null => "(empty)".into(),
            Node::Bool(b) => b.to_string(),
            Node::Int(i) => i.to_string(),
            Node::Float(f) => f.to_string(),
            Node::Str(s) => s.clone(),
            Node::Seq(_) => "[...]".into(),
            Node::Map(_) => "{...}".into(),
        }
    }
}

/// A YAML syntax error, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

/// Parses front-matter YAML that starts on file line `first_line`.
pub fn parse(text: &str, first_line: usize) -> Result<Node, YamlError> {
    if let Some(e) = refuse_shapes(text, first_line) {
        return Err(e);
    }
    if text.trim().is_empty() {
        return Ok(Node::Map(Vec::new()));
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| syntax_error(&e, text, first_line))?;
    Ok(convert(value))
}

fn syntax_error(e: &serde_yaml::Error, text: &str, first_line: usize) -> YamlError {
    let raw = e.to_string();
    let (mut line, mut column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let mut message = raw
        .split(" at line ")
        .next()
        .unwrap_or(&raw)
        .trim()
        .to_string();
    if let Some(key) = message.strip_prefix("duplicate entry with key ") {
        // The library points at the start of the mapping; point at the second occurrence instead.
        let key = key.trim_matches('"').to_string();
        let mut seen = 0;
        for (i, l) in text.lines().enumerate() {
            let t = l.trim_start();
            if t.starts_with(&format!("{key}:")) || t.starts_with(&format!("- {key}:")) {
                seen += 1;
                if seen == 2 {
                    line = i + 1;
                    column = l.len() - t.len() + 1;
                    break;
                }
            }
        }
        message = format!("the field '{key}' appears twice");
    } else if let Some(at) = raw.split("while scanning a quoted scalar at line ").nth(1) {
        // An unclosed quote: point at where it opens.
        let nums: Vec<usize> = at
            .split(" column ")
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        if let [l, c] = nums[..] {
            (line, column) = (l, c);
        }
        message = "a quoted value is never closed".into();
    }
    YamlError {
        pos: Pos::new(first_line + line.saturating_sub(1), column.max(1)),
        hint: hint_for(&message, text, line),
        message: format!("the front matter is not valid YAML: {message}"),
    }
}

/// Refuses, before parsing, the shapes that YAML allows but no entry needs and that can exhaust
/// memory or the stack: tabs used for indentation, many aliases, very deep nesting.
fn refuse_shapes(text: &str, first_line: usize) -> Option<YamlError> {
    let mut aliases = 0usize;
    for (i, line) in text.lines().enumerate() {
        let pos_line = first_line + i;
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(col) = indent.find('\t') {
            return Some(YamlError {
                pos: Pos::new(pos_line, col + 1),
                message: "a tab character is used for indentation".into(),
                hint: "YAML indents with spaces only: replace the tab with two spaces".into(),
            });
        }
        let mut depth = 0usize;
        let mut in_quote: Option<char> = None;
        for (col, c) in line.chars().enumerate() {
            match (in_quote, c) {
                (Some(q), c) if c == q => in_quote = None,
                (Some(_), _) => {}
                (None, '"') | (None, '\'') => in_quote = Some(c),
                (None, '#') => break,
                (None, '[') | (None, '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(too_deep(pos_line, col + 1));
                    }
                }
                (None, ']') | (None, '}') => depth = depth.saturating_sub(1),
                (None, '*')
                    if col == 0
                        || line[..line.char_indices().nth(col).map_or(0, |x| x.0)]
                            .ends_with([' ', '[', ',', '-', ':']) =>
                {
                    aliases += 1;
                    if aliases > MAX_ALIASES {
                        return Some(YamlError {
                            pos: Pos::new(pos_line, col + 1),
                            message: format!("the front matter uses more than {MAX_ALIASES} YAML aliases (*name)"),
                            hint: "write the values out in full; an entry's fields never need anchors and aliases".into(),
                        });
                    }
                }
                _ => {}
            }
        }
        if indent.len() > MAX_DEPTH * 4 {
            return Some(too_deep(pos_line, 1));
        }
    }
    None
}

fn too_deep(line: usize, column: usize) -> YamlError {
    YamlError {
        pos: Pos::new(line, column),
        message: format!("the front matter is nested more than {MAX_DEPTH} levels deep"),
        hint: "an entry's fields nest at most three levels (for example sources -> item -> url); check the indentation".into(),
    }
}

fn hint_for(message: &str, text: &str, line: usize) -> String {
    let src = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if message.contains("appears twice") {
        "a field appears twice: keep one of them".into()
    } else if message.contains("mapping values are not allowed") {
        "a value contains ': ' — put the whole value in double quotes, e.g. title: \"무역: 현황\""
            .into()
    } else if message.contains("never closed") {
        "a quotation mark is not closed: end the value with the same quote it starts with".into()
    } else if message.contains("did not find expected") && src.trim_start().starts_with('-') {
        "list items under one field must line up: indent every '- ' by the same number of spaces"
            .into()
    } else if message.contains("recursion limit") {
        "the structure is nested too deeply; an entry needs at most three levels".into()
    } else if message.contains("repetition limit") || message.contains("alias") {
        "write the values out in full instead of using YAML anchors and aliases".into()
    } else {
        "check the indentation and quoting on this line and the one before it; values with ':' or '#' need double quotes".into()
    }
}

fn convert(value: serde_yaml::Value) -> Node {
    use serde_yaml::Value as V;
    match value {
        V::Null => Node::Null,
        V::Bool(b) => Node::Bool(b),
        V::Number(n) => match n.as_i64() {
            Some(i) => Node::Int(i),
            None => Node::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        V::String(s) => Node::Str(s),
        V::Sequence(items) => Node::Seq(items.into_iter().map(convert).collect()),
        V::Mapping(map) => Node::Map(
            map.into_iter()
                .map(|(k, v)| (convert(k).display(), convert(v)))
                .collect(),
        ),
        V::Tagged(tagged) => convert(tagged.value),
    }
}

/// One step of a path to a field: a key in a group of fields, or a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Finds where a field is written in the front matter, by reading its lines and indentation.
/// Handles block style (`key:` then indented `- item` lines) and flow style (`[a, b]`, `{k: v}`);
/// when a step cannot be found it answers with the closest place it did find.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    first_line: usize,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    /// Index into `lines` of the line the value starts on.
    line: usize,
    /// Byte column of the value's start on that line.
    col: usize,
    /// Lines `line..end` hold the value (block style).
    end: usize,
    /// Indentation of the key or list item that owns the value.
    indent: usize,
}

impl<'a> Locator<'a> {
    pub fn new(yaml: &'a str, first_line: usize) -> Self {
        Locator {
            lines: yaml.lines().collect(),
            first_line,
        }
    }

    /// The position of the value at `path`; of its key when `key` is true.
    pub fn find(&self, path: &[Seg<'_>]) -> Pos {
        self.find_at(path, false)
    }

    /// The position of the key of the field at `path` (its last step must be a key).
    pub fn find_key(&self, path: &[Seg<'_>]) -> Pos {
        self.find_at(path, true)
    }

    fn find_at(&self, path: &[Seg<'_>], want_key: bool) -> Pos {
        let mut span = Span {
            line: 0,
            col: 0,
            end: self.lines.len(),
            indent: 0,
        };
        let mut found_any = false;
        let mut key_pos: Option<(usize, usize)> = None;
        for (i, seg) in path.iter().enumerate() {
            let root = i == 0;
            let next = match seg {
                Seg::Key(k) => self.key_in(span, k, root).map(|(s, kcol)| {
                    key_pos = Some((s.line, kcol));
                    s
                }),
                Seg::Index(n) => {
                    key_pos = None;
                    self.index_in(span, *n)
                }
            };
            match next {
                Some(s) => {
                    span = s;
                    found_any = true;
                }
                None => break,
            }
        }
        if !found_any {
            return Pos::new(self.first_line.saturating_sub(1).max(1), 1);
        }
        let (line, col) = match (want_key, key_pos) {
            (true, Some(kp)) => kp,
            _ => (span.line, span.col),
        };
        let text = self.lines.get(line).copied().unwrap_or("");
        let char_col = text
            .get(..col.min(text.len()))
            .map_or(0, |s| s.chars().count());
        Pos::new(self.first_line + line, char_col + 1)
    }

    /// Finds `key:` inside `span`, returning the value's span and the key's byte column.
    fn key_in(&self, span: Span, key: &str, root: bool) -> Option<(Span, usize)> {
        // Flow mapping on one line: `{ id: x, ko: y }`.
        let head = self.lines.get(span.line)?;
        if !root
            && head[span.col.min(head.len())..]
                .trim_start()
                .starts_with('{')
        {
            let rest = &head[span.col..];
            let at = find_flow_key(rest, key)?;
            let kcol = span.col + at;
            let vcol = value_col(head, kcol + key.len() + 1);
            return Some((
                Span {
                    line: span.line,
                    col: vcol,
                    end: span.line + 1,
                    indent: span.indent,
                },
                kcol,
            ));
        }
        let start = if root { 0 } else { span.line };
        for idx in start..span.end.min(self.lines.len()) {
            let line = self.lines[idx];
            let (content_col, content) = if idx == span.line && !root {
                (span.col, &line[span.col.min(line.len())..])
            } else {
                let trimmed = line.trim_start();
                let mut col = line.len() - trimmed.len();
                let mut content = trimmed;
                if let Some(after) = content.strip_prefix("- ") {
                    let inner = after.trim_start();
                    col += content.len() - inner.len();
                    content = inner;
                }
                if root && col != 0 {
                    continue;
                }
                (col, content)
            };
            let bare = content
                .strip_prefix('"')
                .and_then(|c| c.strip_prefix(key))
                .and_then(|c| c.strip_prefix('"'))
                .or_else(|| content.strip_prefix(key));
            if let Some(after) = bare {
                if after.starts_with(':') {
                    let colon = content_col + (content.len() - after.len());
                    let vcol = value_col(line, colon + 1);
                    let indent = content_col;
                    let end = self.block_end(idx, indent);
                    let (vline, vcol) = if line[vcol..].trim().is_empty()
                        || line[vcol..].trim_start().starts_with('#')
                    {
                        // Value on the following lines.
                        match (idx + 1..end).find(|&j| !self.lines[j].trim().is_empty()) {
                            Some(j) => {
                                let l = self.lines[j];
                                (j, l.len() - l.trim_start().len())
                            }
                            None => (idx, vcol),
                        }
                    } else {
                        (idx, vcol)
                    };
                    return Some((
                        Span {
                            line: vline,
                            col: vcol,
                            end,
                            indent,
                        },
                        content_col,
                    ));
                }
            }
        }
        None
    }

    /// Finds the `n`th item of the list whose value starts at `span`.
    fn index_in(&self, span: Span, n: usize) -> Option<Span> {
        let head = self.lines.get(span.line)?;
        let rest = &head[span.col.min(head.len())..];
        if rest.trim_start().starts_with('[') {
            let open = span.col + (rest.len() - rest.trim_start().len());
            let col = flow_item_col(head, open, n)?;
            return Some(Span {
                line: span.line,
                col,
                end: span.line + 1,
                indent: span.indent,
            });
        }
        // Block list: items are lines whose content starts with "- " at one indentation.
        let mut item_indent: Option<usize> = None;
        let mut count = 0;
        let mut idx = span.line;
        while idx < span.end.min(self.lines.len()) {
            let line = self.lines[idx];
            let trimmed = line.trim_start();
            let ind = line.len() - trimmed.len();
            if trimmed == "-" || trimmed.starts_with("- ") {
                let ii = *item_indent.get_or_insert(ind);
                if ind == ii {
                    if count == n {
                        let after = &trimmed[1..];
                        let col = ind + 1 + (after.len() - after.trim_start().len());
                        return Some(Span {
                            line: idx,
                            col,
                            end: self.item_end(idx, ind, span.end),
                            indent: ind,
                        });
                    }
                    count += 1;
                }
            }
            idx += 1;
        }
        None
    }

    /// First line after `idx` that is indented no deeper than `indent` (the end of a key's block).
    fn block_end(&self, idx: usize, indent: usize) -> usize {
        for j in idx + 1..self.lines.len() {
            let l = self.lines[j];
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let ind = l.len() - l.trim_start().len();
            let is_item = l.trim_start().starts_with("- ") || l.trim() == "-";
            if ind < indent || (ind == indent && !is_item) {
                return j;
            }
        }
        self.lines.len()
    }

    fn item_end(&self, idx: usize, indent: usize, limit: usize) -> usize {
        for j in idx + 1..limit.min(self.lines.len()) {
            let l = self.lines[j];
            if l.trim().is_empty() {
                continue;
            }
            let ind = l.len() - l.trim_start().len();
            if ind <= indent {
                return j;
            }
        }
        limit.min(self.lines.len())
    }
}

/// Byte column where a value starts after the `:` at `from`.
fn value_col(line: &str, from: usize) -> usize {
    let from = from.min(line.len());
    from + (line[from..].len() - line[from..].trim_start().len())
}

/// Byte offset of `key:` as a key inside a flow mapping written on one line.
fn find_flow_key(text: &str, key: &str) -> Option<usize> {
    let mut search = 0;
    while let Some(i) = text[search..].find(key) {
        let at = search + i;
        let before = text[..at].trim_end();
        let after = &text[at + key.len()..];
        if (before.ends_with('{') || before.ends_with(',')) && after.starts_with(':') {
            return Some(at);
        }
        search = at + key.len();
    }
    None
}

/// Byte column of the `n`th item of the flow list opening at byte `open` of `line`.
fn flow_item_col(line: &str, open: usize, n: usize) -> Option<usize> {
    let mut depth = 0;
    let mut index = 0;
    let mut in_quote: Option<char> = None;
    let mut item_start = open + 1;
    for (i, c) in line.char_indices().skip_while(|(i, _)| *i < open) {
        match (in_quote, c) {
            (Some(q), c) if c == q => in_quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => in_quote = Some(c),
            (None, '[') | (None, '{') => depth += 1,
            (None, ']') | (None, '}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            (None, ',') if depth == 1 => {
                if index == n {
                    break;
                }
                index += 1;
                item_start = i + 1;
            }
            _ => {}
        }
    }
    (index == n).then(|| value_col(line, item_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "id: CN-001\ntitle: \"화장품: 등록\"\nsectors: [cosmetics, stel]\nsources:\n  - title: A\n    url: https://a.example\n  - title: B\n    url: ftp://b\ntrade_remedy:\n  measure: dumping\n  stage: definitive\nactions:\n- date: 2025-01-01\n  channel: talks\n";

    #[test]
    fn parses_into_nodes() {
        let node = parse("a: 1\nb: [x, \"2\"]\nc:\n  d: true\n", 2).unwrap();
        assert_eq!(
            node,
            Node::Map(vec![
                ("a".into(), Node::Int(1)),
                (
                    "b".into(),
                    Node::Seq(vec![Node::Str("x".into()), Node::Str("2".into())])
                ),
                ("c".into(), Node::Map(vec![("d".into(), Node::Bool(true))])),
            ])
        );
    }

    #[test]
    fn syntax_errors_carry_file_lines() {
        let e = parse("id: CN-001\ntitle: \"open\nsummary: x\n", 2).unwrap_err();
        assert!(e.message.starts_with("the front matter is not valid YAML"));
        assert_eq!(e.pos, Pos::new(3, 8));
        assert!(e.message.ends_with("a quoted value is never closed"));
        let dup = parse("id: a\nid: b\n", 2).unwrap_err();
        assert!(dup.message.contains("appears twice"), "{dup:?}");
        assert_eq!(dup.pos.line, 3);
    }

    #[test]
    fn refuses_tabs_aliases_and_depth() {
        assert!(parse("a:\n\tb: 1\n", 2)
            .unwrap_err()
            .message
            .contains("tab"));
        let bomb = "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        assert!(parse(bomb, 2).unwrap_err().message.contains("aliases"));
        let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert!(parse(&deep, 2).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn locates_keys_and_values() {
        let loc = Locator::new(FM, 2);
        assert_eq!(loc.find(&[Seg::Key("id")]), Pos::new(2, 5));
        assert_eq!(
            loc.find(&[Seg::Key("sectors"), Seg::Index(1)]),
            Pos::new(4, 22)
        );
        assert_eq!(
            loc.find(&[Seg::Key("sources"), Seg::Index(1), Seg::Key("url")]),
            Pos::new(9, 10)
        );
        assert_eq!(
            loc.find_key(&[Seg::Key("sources"), Seg::Index(1), Seg::Key("url")]),
            Pos::new(9, 5)
        );
        assert_eq!(
            loc.find(&[Seg::Key("trade_remedy"), Seg::Key("measure")]),
            Pos::new(11, 12)
        );
        assert_eq!(
            loc.find(&[Seg::Key("actions"), Seg::Index(0), Seg::Key("channel")]),
            Pos::new(15, 12)
        );
        // A missing step falls back to the closest place found.
        assert_eq!(
            loc.find(&[Seg::Key("sources"), Seg::Index(5)]),
            Pos::new(6, 3)
        );
    }

    #[test]
    fn locates_inside_flow_mappings() {
        let tax = "categories:\n  - { id: tbt, ko: 기술규제, en: TBT }\n  - { id: sps, ko: 위생, en: SPS }\n";
        let loc = Locator::new(tax, 1);
        assert_eq!(
            loc.find(&[Seg::Key("categories"), Seg::Index(1), Seg::Key("ko")]),
            Pos::new(3, 20)
        );
    }
}
