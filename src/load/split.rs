//! Front matter split: a file's text -> its YAML front matter and its Markdown body, with line numbers.
//!
//! Input: the whole text of a content file (already known to be UTF-8). Output: a [`Split`] that keeps
//! the line on which the YAML and the body start, so later stages can point at the right line, or a
//! diagnostic message saying what is wrong with the file's shape and how to fix it. Pure: no I/O.

/// A content file cut into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the two `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    /// Everything after the closing `---` line.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split, with the 1-based line to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SplitError {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Removes a UTF-8 byte-order mark, turns CRLF (and lone CR) line ends into LF, and composes the
/// text to NFC (`ᄒ` `ᅪ` `ᆼ` -> `황`), so that everything after the loader sees one spelling of each
/// syllable. Line numbers do not change, so diagnostics still point at the editor's lines; columns
/// count the composed characters.
pub(crate) fn normalize(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.into_owned(),
        _ => text.nfc().collect(),
    }
}

/// Whether a character may not appear in published text: control characters other than tab and
/// line feed (they corrupt XML feeds and terminals), and the non-characters U+FFFE and U+FFFF.
pub(crate) fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}'
}

/// A body without the characters [`is_forbidden`] refuses; `knte check` warns where they were.
pub(crate) fn clean_body(body: &str) -> String {
    if body.contains(is_forbidden) {
        body.chars().filter(|c| !is_forbidden(*c)).collect()
    } else {
        body.to_string()
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits normalized text into front matter and body.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            line: 1,
            message: "the file is empty".into(),
            hint: "an entry starts with a front matter between two lines of ---, followed by the Markdown body; see docs/작성안내.md".into(),
        });
    }
    let first = text.lines().next().unwrap_or("");
    if !is_fence(first) {
        let (message, hint) = if first.trim_end() == "+++" {
            (
                "the front matter is TOML (+++); knte reads YAML front matter".to_string(),
                "replace the +++ lines with --- and write the fields as YAML (key: value)"
                    .to_string(),
            )
        } else {
            (
                "the file does not start with a front matter".to_string(),
                "make the first line exactly ---, then the fields (key: value), then a line of --- before the body".to_string(),
            )
        };
        return Err(SplitError {
            line: 1,
            message,
            hint,
        });
    }
    let yaml_start = first.len() + 1; // the fence line and its '\n'
    let mut offset = yaml_start.min(text.len());
    let mut line_no = 2;
    while offset < text.len() {
        let rest = &text[offset..];
        let line_end = rest.find('\n').map_or(rest.len(), |i| i);
        let line = &rest[..line_end];
        if is_fence(line) {
            let body_start = (offset + line_end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start.min(text.len())..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line_end + 1;
        line_no += 1;
    }
    Err(SplitError {
        line: 1,
        message: "the front matter opened on line 1 is never closed".into(),
        hint: "add a line containing only --- after the last field, before the body".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\nid: CN-001\ntitle: x\n---\n## 현황\n본문\n").unwrap();
        assert_eq!(s.yaml, "id: CN-001\ntitle: x\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "## 현황\n본문\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let text = normalize("\u{feff}---\r\nid: CN-001\r\n---\r\nbody\r\n");
        let s = split(&text).unwrap();
        assert_eq!(s.yaml, "id: CN-001\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn explains_shape_errors() {
        assert_eq!(split("").unwrap_err().message, "the file is empty");
        assert!(split("# 제목\n")
            .unwrap_err()
            .message
            .contains("does not start"));
        assert!(split("+++\nx = 1\n+++\n")
            .unwrap_err()
            .message
            .contains("TOML"));
        let e = split("---\nid: CN-001\nbody\n").unwrap_err();
        assert!(e.message.contains("never closed"));
        assert_eq!(e.line, 1);
    }
}
