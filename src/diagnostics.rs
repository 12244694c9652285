//! Diagnostics: every problem found in the content, with the file, line and column it points at.
//!
//! Input: diagnostics pushed by the loader and the validator. Output: the sorted list, printed as
//! `path:line:column: error: message` lines (with a hint line where one helps) or as JSON, and the
//! closing count. Nothing here reads or writes files.

use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, pointing at a place in a file under the content root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the folder given by `--root`, with `/` separators (`content/cn/x.md`).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file (or folder) as a whole.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:column: error: message`, then `  = hint: ...` when there is a hint.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.file);
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        let _ = write!(out, ": {}: {}", self.severity.label(), self.message);
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  = hint: {hint}");
        }
        out
    }
}

/// A 1-based line and column; `Pos::FILE` means "the file as a whole".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const FILE: Pos = Pos { line: 0, column: 0 };

    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// Collects diagnostics in any order; hands them back sorted by file, line and column.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, then line, column, severity and message, without repeats.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// The closing line of a check: `2 errors, 1 warning in 41 entries`.
pub fn summary_line(errors: usize, warnings: usize, entries: usize) -> String {
    format!(
        "{} {}, {} {} in {} {}",
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings"),
        entries,
        plural(entries, "entry", "entries"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The closest candidate to `word` among `candidates`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let score = if c.to_lowercase() == word_l {
                1.0
            } else {
                strsim::jaro_winkler(&word_l, &c.to_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The text of a "did you mean" suffix, or an empty string.
pub fn suggestion<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match did_you_mean(word, candidates) {
        Some(s) => format!(" (did you mean '{s}'?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_message_and_hint() {
        let d = Diagnostic::error(
            "content/cn/a.md",
            Pos::new(7, 10),
            "unknown sector 'cosmetic'",
        )
        .with_hint("use one of the sector ids in content/_taxonomy.yaml");
        assert_eq!(
            d.render_text(),
            "content/cn/a.md:7:10: error: unknown sector 'cosmetic'\n  = hint: use one of the sector ids in content/_taxonomy.yaml"
        );
        let whole = Diagnostic::warning("content/cn", Pos::FILE, "x");
        assert_eq!(whole.render_text(), "content/cn: warning: x");
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("b.md", Pos::new(1, 1), "z"));
        ds.push(Diagnostic::error("a.md", Pos::new(9, 1), "y"));
        ds.push(Diagnostic::warning("a.md", Pos::new(2, 1), "x"));
        let files: Vec<_> = ds
            .into_sorted()
            .into_iter()
            .map(|d| format!("{}:{}", d.file, d.line))
            .collect();
        assert_eq!(files, ["a.md:2", "a.md:9", "b.md:1"]);
    }

    #[test]
    fn suggests_close_words_only() {
        let sectors = ["cosmetics", "steel", "textiles_apparel"];
        assert_eq!(did_you_mean("cosmetic", sectors), Some("cosmetics"));
        assert_eq!(did_you_mean("Steel", sectors), Some("steel"));
        assert_eq!(did_you_mean("shipbuilding", sectors), None);
        assert_eq!(summary_line(1, 0, 1), "1 error, 0 warnings in 1 entry");
    }
}
