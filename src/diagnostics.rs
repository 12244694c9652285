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
    /// The text of the line the diagnostic points at, when it is known (see
    /// [`Diagnostics::attach_sources`]); shown under the message, never in JSON.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// For a warning that many entries can share (no English body, a body's length...): what the
    /// entries that have it have, as the line that counts them says it (`have no English body`).
    /// Text output lists such a warning for at most [`MAX_LISTED`] entries, then counts them
    /// ([`condense`]); JSON output always lists every one.
    #[serde(skip)]
    pub group: Option<Group>,
}

/// The kinds of warning that many entries can share ([`Diagnostic::group`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    NoEnglishBody,
    BodyLength,
    ControlCharacter,
    MissingGlyph,
    CellTooLong,
    OverdueStep,
}

impl Group {
    /// What the entries that have it have, completing "N entries ...".
    pub fn phrase(self) -> &'static str {
        match self {
            Group::NoEnglishBody => "have no English body (<slug>.en.md)",
            Group::BodyLength => "have a body outside 150 to 600 words",
            Group::ControlCharacter => {
                "have control characters in a body (left out of every output)"
            }
            Group::MissingGlyph => "have characters the PDF font cannot draw (printed as '?')",
            Group::CellTooLong => {
                "have text longer than an Excel cell holds (cut in barriers.xlsx)"
            }
            Group::OverdueStep => "have next steps due before the publication date",
        }
    }
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
            source_line: None,
            group: None,
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

    /// Marks a warning that many entries can share.
    pub fn grouped(mut self, group: Group) -> Self {
        self.group = Some(group);
        self
    }

    /// `path:line:column: error: message`; then, when the source line is known, that line with the
    /// column underlined; then `  = hint: ...` when there is a hint.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&terminal_safe(&self.file));
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        let _ = write!(
            out,
            ": {}: {}",
            self.severity.label(),
            terminal_safe(&self.message)
        );
        if let Some(snippet) = self.snippet() {
            let _ = write!(out, "\n{snippet}");
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  = hint: {}", terminal_safe(hint));
        }
        out
    }

    /// The source line with its number and a `^^^` under the word at the column, e.g.
    /// ```text
    ///  8 | sectors: [cosmetic]
    ///    |           ^^^^^^^^
    /// ```
    /// `None` without a source line, line or column. Hangul and other wide characters count as two
    /// columns, so the underline stays under the word in a terminal.
    pub fn snippet(&self) -> Option<String> {
        let src = self.source_line.as_deref()?;
        if self.line == 0 || self.column == 0 {
            return None;
        }
        let shown: Vec<char> = src
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let start = (self.column - 1).min(shown.len());
        let lead: usize = shown[..start].iter().map(|c| char_width(*c)).sum();
        let marked = token_len(&shown[start..]);
        let under: usize = shown[start..start + marked]
            .iter()
            .map(|c| char_width(*c))
            .sum();
        let num = self.line.to_string();
        let gutter = " ".repeat(num.len());
        let line: String = shown.iter().collect();
        Some(format!(
            " {num} | {}\n {gutter} | {}{}",
            line.trim_end(),
            " ".repeat(lead),
            "^".repeat(under.max(1))
        ))
    }
}

/// `text` with its control characters written out (`\u{1b}`), so that a file name or value can
/// never move the cursor, change colours or ring the bell of the terminal it is printed on.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(|c: char| c.is_control()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How many characters the underline covers from the column: a quoted string up to its closing
/// quote, otherwise the word up to a space or a YAML separator (`,` `]` `}` `#`).
fn token_len(rest: &[char]) -> usize {
    match rest.first() {
        None => 0,
        Some(q @ ('"' | '\'')) => rest[1..]
            .iter()
            .position(|c| c == q)
            .map_or(rest.len(), |i| i + 2),
        Some(_) => rest
            .iter()
            .position(|c| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
            .unwrap_or(rest.len())
            .max(1),
    }
}

/// Terminal columns a character takes: two for Hangul, CJK, full-width forms and emoji; none for
/// combining marks and joiners; else one (Unicode's East Asian Width, as terminals use it).
fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
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

/// Most diagnostics shown for one file; the rest are counted in one closing line for the file.
/// A file with thousands of problems is usually one mistake repeated (a wrong field pasted many
/// times), and the run's work and output stay proportional to the files.
pub const MAX_PER_FILE: usize = 50;

/// Collects diagnostics in any order; hands them back sorted by file, line and column.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Errors and warnings left out by [`Diagnostics::limit_per_file`], besides its closing lines.
    hidden: (usize, usize),
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.hidden.0 += other.hidden.0;
        self.hidden.1 += other.hidden.1;
    }

    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
            + self.hidden.0
    }

    pub fn warnings(&self) -> usize {
        self.items.len() + self.hidden.0 + self.hidden.1 - self.errors()
    }

    /// Keeps the first [`MAX_PER_FILE`] diagnostics of each file (in file order) and says, in one
    /// more line for the file, how many were left out; the counts still include them.
    pub fn limit_per_file(&mut self) {
        let hidden = self.hidden;
        let items = std::mem::take(self).into_sorted();
        self.hidden = hidden;
        let mut kept: Vec<Diagnostic> = Vec::with_capacity(items.len().min(4096));
        let mut i = 0;
        while i < items.len() {
            let file = &items[i].file;
            let end = i + items[i..].iter().take_while(|d| &d.file == file).count();
            kept.extend(items[i..end.min(i + MAX_PER_FILE)].iter().cloned());
            let rest = &items[(i + MAX_PER_FILE).min(end)..end];
            if !rest.is_empty() {
                let errors = rest
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                let warnings = rest.len() - errors;
                let note = format!(
                    "{} more problems in this file are not shown ({errors} {}, {warnings} {})",
                    rest.len(),
                    plural(errors, "error", "errors"),
                    plural(warnings, "warning", "warnings"),
                );
                let d = if errors > 0 {
                    self.hidden.0 += errors - 1;
                    self.hidden.1 += warnings;
                    Diagnostic::error(file.clone(), Pos::FILE, note)
                } else {
                    self.hidden.1 += warnings - 1;
                    Diagnostic::warning(file.clone(), Pos::FILE, note)
                };
                kept.push(d.with_hint(
                    "fix the problems shown (often one mistake repeated) and run knte check again",
                ));
            }
            i = end;
        }
        self.items = kept;
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Gives each diagnostic that points at a line the text of that line, looked up by file path
    /// (`content/cn/x.md` -> the file's text), for [`Diagnostic::render_text`].
    pub fn attach_sources<'a>(&mut self, text_of: impl Fn(&str) -> Option<&'a str>) {
        for d in &mut self.items {
            if d.line > 0 && d.source_line.is_none() {
                if let Some(text) = text_of(&d.file) {
                    d.source_line = text.lines().nth(d.line - 1).map(str::to_string);
                }
            }
        }
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

/// Most entries one kind of warning is listed for in text output ([`Diagnostic::group`]); when
/// more entries have it, one line counts them instead.
pub const MAX_LISTED: usize = 5;

/// The diagnostics a terminal shows, and the lines that count the rest: each kind of warning
/// ([`Diagnostic::group`]) found in more than [`MAX_LISTED`] entries becomes one line,
/// `warning: 12 entries have no English body; --verbose lists them`, with the first one's hint.
/// With `verbose`, every diagnostic is shown and nothing is counted. Errors are always shown.
pub fn condense(list: Vec<Diagnostic>, verbose: bool) -> (Vec<Diagnostic>, Vec<String>) {
    if verbose {
        return (list, Vec::new());
    }
    // Each group, in the order it first appears, with its files and its first hint.
    let mut groups: Vec<(Group, std::collections::BTreeSet<&str>, Option<&str>)> = Vec::new();
    for d in list.iter().filter(|d| d.severity == Severity::Warning) {
        let Some(g) = d.group else { continue };
        match groups.iter_mut().find(|(name, _, _)| *name == g) {
            Some((_, files, _)) => {
                files.insert(&d.file);
            }
            None => groups.push((g, [d.file.as_str()].into(), d.hint.as_deref())),
        }
    }
    groups.retain(|(_, files, _)| files.len() > MAX_LISTED);
    let counted: Vec<Group> = groups.iter().map(|g| g.0).collect();
    let lines = groups
        .iter()
        .map(|(g, files, hint)| {
            let mut line = format!(
                "warning: {} entries {}; --verbose lists them",
                files.len(),
                g.phrase()
            );
            if let Some(h) = hint {
                line.push_str(&format!("\n  = hint: {}", terminal_safe(h)));
            }
            line
        })
        .collect();
    let shown = list
        .into_iter()
        .filter(|d| d.severity == Severity::Error || !d.group.is_some_and(|g| counted.contains(&g)))
        .collect();
    (shown, lines)
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

/// The entries' stages, for the closing line: `(2 draft, 1 circulated, 38 approved)`.
pub fn stages_note(stages: crate::model::StageCounts) -> String {
    format!(
        "({} draft, {} circulated, {} approved)",
        stages.draft, stages.circulated, stages.approved
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
            let c_l = c.to_lowercase();
            let score = if c_l == word_l {
                1.0
            } else {
                let jw = strsim::jaro_winkler(&word_l, &c_l);
                // Jaro-Winkler rates short words low: 'cm' is one key from 'cn'.
                if word_l.chars().count() <= 4 && strsim::osa_distance(&word_l, &c_l) == 1 {
                    jw.max(0.85)
                } else {
                    jw
                }
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
    fn underlines_the_word_at_the_column() {
        let mut ds = Diagnostics::default();
        ds.push(
            Diagnostic::error("a.md", Pos::new(2, 11), "unknown sector 'cosmetic'")
                .with_hint("use one of: cosmetics"),
        );
        ds.push(Diagnostic::error("a.md", Pos::new(3, 8), "x"));
        ds.push(Diagnostic::error("a.md", Pos::new(1, 8), "y"));
        ds.push(Diagnostic::error("b.md", Pos::new(1, 1), "no source"));
        let text = "title: \"화장품 등록\"\nsectors: [cosmetic, food]\ntitle: 화장품 x";
        ds.attach_sources(|f| (f == "a.md").then_some(text));
        let out: Vec<String> = ds.into_sorted().iter().map(|d| d.render_text()).collect();
        assert_eq!(
            out[0],
            "a.md:1:8: error: y\n 1 | title: \"화장품 등록\"\n   |        ^^^^^^^^^^^^^"
        );
        assert_eq!(
            out[1],
            "a.md:2:11: error: unknown sector 'cosmetic'\n 2 | sectors: [cosmetic, food]\n   |           ^^^^^^^^\n  = hint: use one of: cosmetics"
        );
        assert_eq!(
            out[2],
            "a.md:3:8: error: x\n 3 | title: 화장품 x\n   |        ^^^^^^"
        );
        assert_eq!(out[3], "b.md:1:1: error: no source");
    }

    #[test]
    fn the_underline_measures_display_width() {
        // An emoji takes two columns, a combining accent none.
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("a.md", Pos::new(1, 14), "x"));
        ds.attach_sources(|_| Some("note: 🚢 e\u{301} 화 bad"));
        let out = ds.into_sorted()[0].render_text();
        let under = format!("   | {}^^^", " ".repeat(14));
        assert_eq!(
            out,
            format!("a.md:1:14: error: x\n 1 | note: 🚢 e\u{301} 화 bad\n{under}")
        );
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let d = Diagnostic::error("content/cn/\u{1b}[2J.md", Pos::FILE, "bell \u{7}");
        assert_eq!(
            d.render_text(),
            "content/cn/\\u{1b}[2J.md: error: bell \\u{7}"
        );
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
    fn warnings_many_entries_share_are_counted_unless_verbose() {
        let warn = |file: &str, group: Group| {
            Diagnostic::warning(file, Pos::FILE, format!("w {file}"))
                .with_hint("h")
                .grouped(group)
        };
        let mut list: Vec<Diagnostic> = (0..=MAX_LISTED)
            .map(|i| warn(&format!("content/cn/{i}.md"), Group::NoEnglishBody))
            .collect();
        // The same file twice counts once; a small group stays listed; errors always show.
        list.push(warn("content/cn/0.md", Group::NoEnglishBody));
        list.extend(
            (0..MAX_LISTED).map(|i| warn(&format!("content/jp/{i}.md"), Group::BodyLength)),
        );
        list.push(
            Diagnostic::error("content/cn/0.md", Pos::FILE, "e").grouped(Group::NoEnglishBody),
        );
        let (shown, lines) = condense(list.clone(), false);
        assert_eq!(
            lines,
            [format!(
                "warning: {} entries have no English body (<slug>.en.md); --verbose lists them\n  = hint: h",
                MAX_LISTED + 1
            )]
        );
        assert_eq!(shown.len(), MAX_LISTED + 1);
        assert!(shown
            .iter()
            .all(|d| d.group == Some(Group::BodyLength) || d.severity == Severity::Error));
        let (shown, lines) = condense(list.clone(), true);
        assert_eq!((shown, lines.len()), (list, 0));
    }

    #[test]
    fn suggests_close_words_only() {
        let sectors = ["cosmetics", "steel", "textiles_apparel"];
        assert_eq!(did_you_mean("cosmetic", sectors), Some("cosmetics"));
        assert_eq!(did_you_mean("Steel", sectors), Some("steel"));
        assert_eq!(did_you_mean("shipbuilding", sectors), None);
        assert_eq!(did_you_mean("cm", ["cn", "jp", "us"]), Some("cn"));
        assert_eq!(did_you_mean("nc", ["cn", "jp", "us"]), Some("cn"));
        assert_eq!(did_you_mean("opn", crate::model::Status::IDS), Some("open"));
        assert_eq!(did_you_mean("kr", ["cn", "jp", "us"]), None);
        assert_eq!(summary_line(1, 0, 1), "1 error, 0 warnings in 1 entry");
        let stages = crate::model::StageCounts {
            draft: 2,
            circulated: 1,
            approved: 38,
        };
        assert_eq!(stages_note(stages), "(2 draft, 1 circulated, 38 approved)");
    }
}
