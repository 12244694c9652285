//! YAML: front-matter text -> a plain [`Node`] tree and a [`Locator`] holding the line and column
//! of every key and value, as the parser reported them, so validation can point at the exact place
//! of a problem.
//!
//! This is the only module that reads YAML. Input: YAML text and the file line it starts on.
//! Output: a `Node` tree with its `Locator`, or a [`YamlError`] with a position and a hint.
//! The parser (saphyr-parser) hands over events with their spans; the tree is built here, without
//! recursion, and every limit (nesting depth, aliases, nodes after aliases are expanded) is
//! counted on those events, so no text can make the work or the memory grow past them.
//! Plain scalars are read the way serde_yaml reads them (null, true/false, integers, floats,
//! everything else text); a unit test holds the two to the same answers.

use crate::diagnostics::Pos;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Nesting deeper than this is refused (no entry needs more than four levels).
pub(crate) const MAX_DEPTH: usize = 24;
/// More aliases (`*name`) than this are refused: the front matter of an entry never needs them,
/// and expanding many aliases is how "alias bomb" files exhaust memory.
pub(crate) const MAX_ALIASES: usize = 16;
/// Most values in one front matter, counting the copies that aliases make. A 1 MB file of short
/// list items stays under it; an alias that would pass it is refused before it is copied.
pub(crate) const MAX_NODES: usize = 600_000;

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

    /// How many values the tree holds, itself included.
    fn size(&self) -> usize {
        match self {
            Node::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Node::Map(fields) => 1 + fields.iter().map(|(_, v)| v.size()).sum::<usize>(),
            _ => 1,
        }
    }
}

/// A YAML syntax error, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

/// One step of a path to a field: a key in a group of fields, or a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a value is written, as the parser reported it.
#[derive(Debug, Clone, PartialEq)]
struct Place {
    value: Pos,
    /// The key's position, for a value under a key.
    key: Option<Pos>,
    /// The places of a list's items or a group's fields (with their keys), in file order.
    kids: Vec<(Option<String>, Place)>,
}

impl Place {
    fn at(value: Pos) -> Place {
        Place {
            value,
            key: None,
            kids: Vec::new(),
        }
    }
}

/// The line and column of every key and value of one parsed front matter.
#[derive(Debug, Clone)]
pub(crate) struct Locator {
    root: Place,
    /// Where a path that names nothing in the file points: the line before the YAML (`---`).
    fallback: Pos,
}

impl Locator {
    /// The position of the value at `path`; when a step cannot be found, the closest place found.
    pub(crate) fn find(&self, path: &[Seg<'_>]) -> Pos {
        self.find_at(path, false)
    }

    /// The position of the key of the field at `path` (its last step must be a key).
    pub(crate) fn find_key(&self, path: &[Seg<'_>]) -> Pos {
        self.find_at(path, true)
    }

    /// The position of the key of the `nth` field of the group at `path` (in file order).
    pub(crate) fn find_field(&self, path: &[Seg<'_>], nth: usize) -> Pos {
        let (place, found) = self.walk(path);
        match place.kids.get(nth) {
            Some((Some(_), p)) if found || path.is_empty() => p.key.unwrap_or(p.value),
            _ => self.find(path),
        }
    }

    /// The place at `path`, or the closest one found, and whether any step was found.
    fn walk(&self, path: &[Seg<'_>]) -> (&Place, bool) {
        let mut place = &self.root;
        let mut found = false;
        for seg in path {
            let next = match seg {
                // A repeated key is refused when parsing, so the first match is the only one.
                Seg::Key(k) => place
                    .kids
                    .iter()
                    .find(|(name, _)| name.as_deref() == Some(*k)),
                Seg::Index(i) => place.kids.get(*i).filter(|(name, _)| name.is_none()),
            };
            match next {
                Some((_, p)) => {
                    place = p;
                    found = true;
                }
                None => break,
            }
        }
        (place, found)
    }

    fn find_at(&self, path: &[Seg<'_>], want_key: bool) -> Pos {
        match (self.walk(path), want_key) {
            ((_, false), _) => self.fallback,
            ((place, true), true) => place.key.unwrap_or(place.value),
            ((place, true), false) => place.value,
        }
    }
}

/// Parses front-matter YAML that starts on file line `first_line`.
pub(crate) fn parse(text: &str, first_line: usize) -> Result<(Node, Locator), YamlError> {
    if let Some(e) = refuse_tab_indent(text, first_line) {
        return Err(e);
    }
    let fallback = Pos::new(first_line.saturating_sub(1).max(1), 1);
    let mut builder = Builder::new(text, first_line);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => builder.event(event, span)?,
            Err(e) => return Err(builder.scan_error(e.info(), *e.marker())),
        }
        if builder.done_stream {
            break;
        }
    }
    let (root, place) = builder
        .root
        .unwrap_or((Node::Map(Vec::new()), Place::at(fallback)));
    Ok((
        root,
        Locator {
            root: place,
            fallback,
        },
    ))
}

/// A list or group being read, with where it is and, for a group, the key waiting for its value.
struct Frame {
    items: Items,
    place: Place,
    anchor: usize,
    /// A group's keys so far, with their index: a repeated key is found in constant time.
    keys: HashMap<String, usize>,
}

enum Items {
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>, Option<(String, Pos)>),
}

/// Builds the tree from the parser's events, counting what the limits count.
struct Builder<'t> {
    text: &'t str,
    first_line: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, Place)>,
    aliases: usize,
    /// Values made so far, copies by aliases and anchored values kept for them included.
    nodes: usize,
    documents: usize,
    root: Option<(Node, Place)>,
    done_stream: bool,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, first_line: usize) -> Self {
        Builder {
            text,
            first_line,
            stack: Vec::new(),
            anchors: HashMap::new(),
            aliases: 0,
            nodes: 0,
            documents: 0,
            root: None,
            done_stream: false,
        }
    }

    fn pos(&self, span: &Span) -> Pos {
        Pos::new(
            self.first_line + span.start.line().saturating_sub(1),
            span.start.col() + 1,
        )
    }

    // Long: the event state machine: one arm per kind of parser event, each short, and they share the stack.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        let pos = self.pos(&span);
        match event {
            Event::StreamEnd => self.done_stream = true,
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(error(
                        pos,
                        "the front matter holds a second YAML document",
                        "the front matter is one block of fields between the two --- lines; remove the extra --- or ...",
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.count(1, pos)?;
                if let Some((i, c)) = value
                    .chars()
                    .enumerate()
                    .find(|(_, c)| crate::load::split::is_forbidden(*c))
                {
                    // A plain value on one line: the character is where it is written.
                    let single = style == ScalarStyle::Plain && !value[..].contains('\n');
                    let at = if single {
                        Pos::new(pos.line, pos.column + i)
                    } else {
                        pos
                    };
                    return Err(YamlError {
                        pos: at,
                        message: format!("the value contains the control character U+{:04X}", c as u32),
                        hint: "control characters cannot be published (they break feeds and data files): retype the value, or remove the \\x.. or \\u.. escape".into(),
                    });
                }
                let core_str = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let node = if style == ScalarStyle::Plain && !core_str {
                    resolve(&value)
                } else {
                    Node::Str(value.into_owned())
                };
                self.finish(node, Place::at(pos), anchor)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.count(1, pos)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(error(
                        pos,
                        format!("the front matter is nested more than {MAX_DEPTH} levels deep"),
                        "an entry's fields nest at most three levels (for example sources -> item -> url); check the indentation",
                    ));
                }
                let items = if matches!(event, Event::SequenceStart(..)) {
                    Items::Seq(Vec::new())
                } else {
                    Items::Map(Vec::new(), None)
                };
                self.stack.push(Frame {
                    items,
                    place: Place::at(pos),
                    anchor,
                    keys: HashMap::new(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let node = match frame.items {
                        Items::Seq(items) => Node::Seq(items),
                        Items::Map(fields, _) => Node::Map(fields),
                    };
                    self.finish(node, frame.place, frame.anchor)?;
                }
            }
            Event::Alias(id) => {
                self.aliases += 1;
                if self.aliases > MAX_ALIASES {
                    return Err(error(
                        pos,
                        format!("the front matter uses more than {MAX_ALIASES} YAML aliases (*name)"),
                        "write the values out in full; an entry's fields never need anchors and aliases",
                    ));
                }
                let Some((node, place)) = self.anchors.get(&id) else {
                    return Err(error(
                        pos,
                        "an alias (*name) names no anchor (&name) before it",
                        "write the value out in full",
                    ));
                };
                let (node, place) = (node.clone(), moved(place, pos));
                self.count(node.size(), pos)?;
                self.finish(node, place, 0)?;
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Counts `n` more values against [`MAX_NODES`].
    fn count(&mut self, n: usize, pos: Pos) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(error(
                pos,
                format!("the front matter holds more than {MAX_NODES} values"),
                "an entry's front matter holds a few dozen fields; check that the right file was saved here, and write lists out without YAML aliases",
            ));
        }
        Ok(())
    }

    /// A value is complete: keep it for later aliases when anchored, then put it in its list or
    /// group (as a key or as a value), or make it the root.
    fn finish(&mut self, node: Node, place: Place, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.count(node.size(), place.value)?;
            self.anchors.insert(anchor, (node.clone(), place.clone()));
        }
        let path = self.path_name();
        let Some(top) = self.stack.last_mut() else {
            self.root = Some((node, place));
            return Ok(());
        };
        match &mut top.items {
            Items::Seq(items) => {
                items.push(node);
                top.place.kids.push((None, place));
            }
            Items::Map(fields, pending) => {
                match pending.take() {
                    None => {
                        let key = node.display();
                        if let Some(&i) = top.keys.get(&key) {
                            let first = top.place.kids[i].1.key.unwrap_or(top.place.value);
                            let within = if path.is_empty() {
                                String::new()
                            } else {
                                format!(" in {path}")
                            };
                            return Err(error(
                            place.value,
                            format!("the field '{key}' appears twice{within}"),
                            format!("a field appears twice: keep one of them (the first is on line {})", first.line),
                        ));
                        }
                        *pending = Some((key, place.value));
                    }
                    Some((key, key_pos)) => {
                        let mut place = place;
                        place.key = Some(key_pos);
                        top.keys.insert(key.clone(), fields.len());
                        fields.push((key.clone(), node));
                        top.place.kids.push((Some(key), place));
                    }
                }
            }
        }
        Ok(())
    }

    /// The dotted name of the group or list being read, for messages: `actions[2]`.
    fn path_name(&self) -> String {
        let mut out = String::new();
        for frame in &self.stack[..self.stack.len().saturating_sub(1)] {
            match &frame.items {
                Items::Seq(items) => out.push_str(&format!("[{}]", items.len() + 1)),
                Items::Map(_, Some((key, _))) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Items::Map(_, None) => {}
            }
        }
        out
    }

    fn scan_error(&self, info: &str, mark: saphyr_parser::Marker) -> YamlError {
        let pos = Pos::new(
            self.first_line + mark.line().saturating_sub(1),
            mark.col() + 1,
        );
        let line = self
            .text
            .lines()
            .nth(mark.line().saturating_sub(1))
            .unwrap_or("");
        let (message, hint) = explain(info, line);
        YamlError {
            pos,
            message: format!("the front matter is not valid YAML: {message}"),
            hint,
        }
    }
}

/// An alias's copy of an anchored value's places, all moved to where the alias is written.
fn moved(place: &Place, to: Pos) -> Place {
    Place {
        value: to,
        key: None,
        kids: place
            .kids
            .iter()
            .map(|(k, p)| (k.clone(), moved(p, to)))
            .collect(),
    }
}

fn error(pos: Pos, message: impl Into<String>, hint: impl Into<String>) -> YamlError {
    let message: String = message.into();
    YamlError {
        pos,
        message: format!("the front matter is not valid YAML: {message}"),
        hint: hint.into(),
    }
}

/// The parser's message in an editor's words, and what to do.
fn explain(info: &str, line: &str) -> (String, String) {
    let quoted = "a quotation mark is not closed: end the value with the same quote it starts with";
    if info.contains("quoted scalar")
        && (info.contains("end of stream")
            || info.contains("document indicator")
            || info.contains("invalid indentation"))
    {
        ("a quoted value is never closed".into(), quoted.into())
    } else if info.contains("mapping values are not allowed") {
        (info.into(), "a value contains ': ' — put the whole value in double quotes, e.g. title: \"무역: 현황\"".into())
    } else if info.contains("tab") {
        (
            "a tab character is used where YAML expects spaces".into(),
            "YAML indents and separates with spaces only: replace the tab with spaces".into(),
        )
    } else if (info.contains("did not find expected") || info.contains("invalid indentation"))
        && line.trim_start().starts_with('-')
    {
        (info.into(), "list items under one field must line up: indent every '- ' by the same number of spaces".into())
    } else if info.contains("flow sequence")
        || info.contains("flow mapping")
        || info.contains("misplaced bracket")
    {
        (info.into(), "a list written in brackets must close with ] (a group with }), with its items separated by commas".into())
    } else if info.contains("recursion limit") {
        (
            format!("the front matter is nested more than {MAX_DEPTH} levels deep"),
            "an entry needs at most three levels".into(),
        )
    } else if info.contains("unknown anchor") {
        (
            "an alias (*name) names no anchor (&name) before it".into(),
            "write the value out in full; a value that starts with * needs double quotes".into(),
        )
    } else if info.contains("alias") || info.contains("anchor") {
        (info.into(), "write the values out in full instead of using YAML anchors (&) and aliases (*); a value that starts with & or * needs double quotes".into())
    } else {
        (info.into(), "check the indentation and quoting on this line and the one before it; values with ':' or '#' need double quotes".into())
    }
}

/// Tabs used for indentation: YAML forbids them, and editors cannot see them, so they get a
/// message of their own before parsing.
fn refuse_tab_indent(text: &str, first_line: usize) -> Option<YamlError> {
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(col) = line[..indent].find('\t') {
            return Some(YamlError {
                pos: Pos::new(first_line + i, col + 1),
                message: "a tab character is used for indentation".into(),
                hint: "YAML indents with spaces only: replace the tab with two spaces".into(),
            });
        }
    }
    None
}

/// A plain (unquoted) scalar read as serde_yaml reads it: null, true/false, an integer, a float,
/// or text.
fn resolve(s: &str) -> Node {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Node::Null,
        "true" | "True" | "TRUE" => return Node::Bool(true),
        "false" | "False" | "FALSE" => return Node::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Node::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Node::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Node::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = parse_int(s) {
        return Node::Int(i);
    }
    if let Some(f) = parse_float(s) {
        return Node::Float(f);
    }
    Node::Str(s.to_string())
}

fn parse_int(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x") {
        (16, h)
    } else if let Some(o) = digits.strip_prefix("0o") {
        (8, o)
    } else if let Some(b) = digits.strip_prefix("0b") {
        (2, b)
    } else {
        (10, digits)
    };
    if body.is_empty() || body.starts_with(['+', '-']) {
        return None;
    }
    // A decimal with a leading zero (`0123`) is text to serde_yaml, as to YAML 1.2's core schema.
    if radix == 10 && body.len() > 1 && body.starts_with('0') {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    i64::try_from(if neg { -magnitude } else { magnitude }).ok()
}

fn parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let ok = !body.is_empty()
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && !body.starts_with(['e', 'E'])
        // `012` and `01.5` are text to serde_yaml.
        && !(body.len() > 1 && body.starts_with('0') && body.as_bytes()[1].is_ascii_digit());
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

mod at;
pub(crate) use at::Step;

#[cfg(test)]
mod tests;
