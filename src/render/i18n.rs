//! Interface text: the labels the site, the PDF report, the data files and the review briefing put
//! around the content, in Korean and English, and the number formats that go with them.
//!
//! Input: the built-in table (`i18n/strings.yaml` in the program's source, compiled in) and, when a
//! site has one, its own `i18n/strings.yaml` beside `content/` (read by the theme loader), which
//! rewords the keys it lists and nothing else. Output: [`Strings`], with a diagnostic (file, line,
//! hint) for every problem in the site's file. A renderer asking for a key the table lacks gets an
//! empty text and the key is kept: the build turns it into an error ([`Strings::unknown_lookups`]).

use super::Lang;
use crate::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::load::yaml::{self, Locator, Node, Seg};
use crate::load::Source;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// Where a site's own table lives, relative to the root (the folder holding `content/`).
pub(crate) const SITE_FILE: &str = "i18n/strings.yaml";

/// The built-in table; a unit test holds it free of problems.
const BUILTIN: &str = include_str!("../../i18n/strings.yaml");

/// The interface text table: key -> `[Korean, English]`.
#[derive(Debug, Default)]
pub struct Strings {
    table: BTreeMap<String, [String; 2]>,
    /// Keys asked for that the table lacks, for the build to report.
    unknown: Mutex<BTreeSet<String>>,
}

impl Clone for Strings {
    fn clone(&self) -> Self {
        Strings {
            table: self.table.clone(),
            unknown: Mutex::new(BTreeSet::new()),
        }
    }
}

/// One entry as a file writes it: its key and the texts it gives (a site's file may give one).
struct Written {
    key: String,
    texts: [Option<String>; 2],
}

impl Strings {
    /// The built-in table alone.
    pub fn builtin() -> Strings {
        let src = Source {
            rel: SITE_FILE.into(),
            text: BUILTIN.into(),
        };
        let mut table = BTreeMap::new();
        for w in parse(&src, None, &mut Diagnostics::default()) {
            let [ko, en] = w.texts;
            table.insert(w.key, [ko.unwrap_or_default(), en.unwrap_or_default()]);
        }
        Strings {
            table,
            unknown: Mutex::default(),
        }
    }

    /// The built-in table with a site's file laid over it, key by key.
    pub fn with_site(site: &Source, diags: &mut Diagnostics) -> Strings {
        let mut strings = Strings::builtin();
        for w in parse(site, Some(&strings.table), diags) {
            if let Some(pair) = strings.table.get_mut(&w.key) {
                for (slot, text) in pair.iter_mut().zip(w.texts) {
                    if let Some(text) = text {
                        *slot = text;
                    }
                }
            }
        }
        strings
    }

    /// One interface text in `lang`; a key the table lacks gives `""` and is kept for the build to
    /// report.
    pub fn text(&self, lang: Lang, key: &str) -> &str {
        match self.table.get(key) {
            Some([ko, en]) => match lang {
                Lang::Ko => ko,
                Lang::En => en,
            },
            None => {
                self.unknown
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key.to_string());
                ""
            }
        }
    }

    /// The name of an item of the closed lists that are not in the taxonomy: statuses, trade-remedy
    /// measures and stages, channels (`label_<id>` in the table).
    pub fn label(&self, lang: Lang, id: &str) -> &str {
        self.text(lang, &format!("label_{id}"))
    }

    /// What a status means, for the about page and the report's front matter (`meaning_<id>`).
    pub fn status_meaning(&self, lang: Lang, id: &str) -> &str {
        self.text(lang, &format!("meaning_{id}"))
    }

    /// Every text in `lang`, for the templates (`t.key`).
    pub fn all(&self, lang: Lang) -> BTreeMap<&str, &str> {
        self.table
            .keys()
            .map(|k| (k.as_str(), self.text(lang, k)))
            .collect()
    }

    /// The keys renderers asked for that the table lacks, as errors; empties the list.
    pub fn unknown_lookups(&self) -> Vec<Diagnostic> {
        let keys = std::mem::take(&mut *self.unknown.lock().unwrap_or_else(|e| e.into_inner()));
        keys.into_iter()
            .map(|key| {
                Diagnostic::error(
                    SITE_FILE,
                    Pos::FILE,
                    format!(
                        "the program asked for the interface text '{key}', which the strings table does not have{}",
                        suggestion(&key, self.table.keys().map(String::as_str))
                    ),
                )
                .with_hint("this is a fault in knte itself, not in the content: report this message to the people who maintain knte")
            })
            .collect()
    }
}

/// The entries of a strings file. With `known` (the built-in table) the file is a site's: each key
/// must be a built-in one and may give one language only; without it, both languages are required.
fn parse(
    src: &Source,
    known: Option<&BTreeMap<String, [String; 2]>>,
    diags: &mut Diagnostics,
) -> Vec<Written> {
    let (root, loc) = match yaml::parse(&src.text, 1) {
        Ok(parsed) => parsed,
        Err(e) => {
            let message = e.message.replace("the front matter", "the strings file");
            diags.push(Diagnostic::error(&src.rel, e.pos, message).with_hint(e.hint));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    let fields = match root {
        Node::Map(fields) => fields,
        Node::Null => return out,
        other => {
            diags.push(
                Diagnostic::error(
                    &src.rel,
                    loc.find(&[]),
                    format!(
                        "the strings file must be a list of keys, each with ko: and en:, found {}",
                        other.kind()
                    ),
                )
                .with_hint("write each text as\n  home:\n    ko: \"처음\"\n    en: \"Home\""),
            );
            return out;
        }
    };
    for (key, node) in fields {
        if let Some(known) = known {
            if !known.contains_key(&key) {
                diags.push(
                    Diagnostic::error(&src.rel, loc.find_key(&[Seg::Key(&key)]), format!("'{key}' is not an interface text{}", suggestion(&key, known.keys().map(String::as_str))))
                        .with_hint("a site's strings file rewords texts the built-in table has; docs/templates.md tells where to find its keys"),
                );
                continue;
            }
        }
        if let Some(texts) = entry(src, &loc, &key, node, known.is_none(), diags) {
            out.push(Written { key, texts });
        }
    }
    out
}

/// One key's texts; `both` requires Korean and English (the built-in table).
fn entry(
    src: &Source,
    loc: &Locator,
    key: &str,
    node: Node,
    both: bool,
    diags: &mut Diagnostics,
) -> Option<[Option<String>; 2]> {
    let example = format!("write\n  {key}:\n    ko: \"...\"\n    en: \"...\"");
    let Node::Map(langs) = node else {
        diags.push(
            Diagnostic::error(
                &src.rel,
                loc.find(&[Seg::Key(key)]),
                format!("'{key}' must hold ko: and en:, found {}", node.kind()),
            )
            .with_hint(example),
        );
        return None;
    };
    let mut texts: [Option<String>; 2] = [None, None];
    let mut ok = true;
    for (lang, value) in langs {
        let path = [Seg::Key(key), Seg::Key(&lang)];
        let slot = match lang.as_str() {
            "ko" => 0,
            "en" => 1,
            _ => {
                diags.push(
                    Diagnostic::error(
                        &src.rel,
                        loc.find_key(&path),
                        format!("'{key}' has '{lang}', which is neither ko nor en"),
                    )
                    .with_hint("each key holds ko: (Korean) and en: (English) only"),
                );
                ok = false;
                continue;
            }
        };
        match value {
            Node::Str(s) => texts[slot] = Some(s),
            other => {
                diags.push(
                    Diagnostic::error(
                        &src.rel,
                        loc.find(&path),
                        format!("'{key}.{lang}' must be text, found {}", other.kind()),
                    )
                    .with_hint(format!(
                        "put the text in double quotes:  {lang}: \"...\"  (an empty text is \"\")"
                    )),
                );
                ok = false;
            }
        }
    }
    let lacking: Vec<&str> = ["ko", "en"]
        .into_iter()
        .zip(&texts)
        .filter(|(_, t)| t.is_none())
        .map(|(l, _)| l)
        .collect();
    if ok && (lacking.len() == 2 || (both && !lacking.is_empty())) {
        diags.push(
            Diagnostic::error(
                &src.rel,
                loc.find_key(&[Seg::Key(key)]),
                format!("'{key}' has no {}", lacking.join(" or ")),
            )
            .with_hint(example),
        );
        ok = false;
    }
    ok.then_some(texts)
}

/// A US-dollar amount for people: `$1.5 billion` / `15억 달러`.
pub(crate) fn usd(lang: Lang, value: i64) -> String {
    let v = value as f64;
    match lang {
        Lang::Ko => {
            let eok = v / 1e8;
            if eok >= 1.0 {
                format!("{}억 달러", group_digits(eok.round() as i64))
            } else {
                format!("{}만 달러", group_digits((v / 1e4).round() as i64))
            }
        }
        Lang::En => {
            if v >= 1e9 {
                format!("US${:.1} billion", v / 1e9)
            } else {
                format!("US${:.1} million", v / 1e6)
            }
        }
    }
}

/// An integer with thousands separators: `1,330`.
pub(crate) fn group_digits(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A file size for people: `1.2 MB`, `840 KB`.
pub(crate) fn file_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", (bytes as f64 / 1000.0).ceil() as usize)
    }
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
