//! A row's fields -> the text of its draft entry file, and the row's fingerprint.
//!
//! Input: the [`Fields`] of a row, the id and the intake note (file / sheet / row). Output: the
//! file's text (front matter with `stage: draft` and the `internal:` group, then the Korean body
//! under the guide's section headings), with the form column each line came from, so that a
//! problem `knte check` finds in the text can be reported at its cell. Pure: no I/O.

use super::row::Fields;

/// The composed file and, for each of its lines (0-based), the form column it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Composed {
    pub text: String,
    pub line_keys: Vec<Option<&'static str>>,
}

/// Builds the text line by line, recording each line's column.
struct Lines {
    composed: Composed,
}

impl Lines {
    fn push(&mut self, key: Option<&'static str>, line: impl AsRef<str>) {
        for l in line.as_ref().split('\n') {
            self.composed.text.push_str(l);
            self.composed.text.push('\n');
            self.composed.line_keys.push(key);
        }
    }
    fn field(&mut self, key: &'static str, name: &str, value: String) {
        self.push(Some(key), format!("{name}: {value}"));
    }
}

/// A YAML double-quoted string: every value is quoted, so no text can be read as a number, a
/// date, a list or a comment.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
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

fn list(items: &[String], quote: bool) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|s| if quote { quoted(s) } else { s.clone() })
        .collect();
    format!("[{}]", items.join(", "))
}

/// The draft entry's text. `intake` says where the row came from (`survey.xlsx / 접수 / 7행`).
pub(crate) fn compose(f: &Fields, id: &str, intake: &str, fingerprint: &str) -> Composed {
    let mut l = Lines {
        composed: Composed {
            text: String::new(),
            line_keys: Vec::new(),
        },
    };
    l.push(None, "---");
    l.push(None, "# 업계 설문에서 가져온 초안 (knte import): 검토한 뒤 stage를 circulated, approved로 바꿉니다.");
    l.field("partner", "id", id.to_string());
    l.field("title", "title", quoted(&f.title));
    l.field("title_en", "title_en", quoted(&f.title_en));
    l.field("summary", "summary", quoted(&f.summary));
    l.field("summary_en", "summary_en", quoted(&f.summary_en));
    l.field("category", "category", f.category.clone());
    l.field("sectors", "sectors", list(&f.sectors, false));
    l.field("status", "status", f.status.id().to_string());
    if let Some(d) = f.status_date {
        l.field("status_date", "status_date", d.to_string());
    }
    l.field(
        "first_reported",
        "first_reported",
        f.first_reported.to_string(),
    );
    l.field("last_updated", "last_updated", f.last_updated.to_string());
    if !f.hs_codes.is_empty() {
        l.field("hs_codes", "hs_codes", list(&f.hs_codes, true));
    }
    if !f.wto_refs.is_empty() {
        l.field("wto_refs", "wto_refs", list(&f.wto_refs, true));
    }
    l.push(None, "stage: draft");
    l.push(Some("source_title"), "sources:");
    l.push(
        Some("source_title"),
        format!("  - title: {}", quoted(&f.source_title)),
    );
    l.push(
        Some("source_url"),
        format!("    url: {}", quoted(&f.source_url)),
    );
    if let Some(p) = &f.source_publisher {
        l.push(
            Some("source_publisher"),
            format!("    publisher: {}", quoted(p)),
        );
    }
    if let Some(d) = f.source_date {
        l.push(Some("source_date"), format!("    date: {d}"));
    }
    l.push(None, "internal:");
    l.push(
        Some("submitted_by"),
        format!("  submitted_by: {}", quoted(&f.submitted_by)),
    );
    if let Some(c) = &f.contacts {
        l.push(Some("contacts"), format!("  contacts: {}", quoted(c)));
    }
    l.push(None, format!("  intake: {}", quoted(intake)));
    l.push(
        None,
        format!("  intake_fingerprint: {}", quoted(fingerprint)),
    );
    l.push(None, "---");
    l.push(Some("description"), "## 현황");
    l.push(Some("description"), "");
    l.push(Some("description"), &f.description);
    if let Some(impact) = &f.company_impact {
        l.push(Some("company_impact"), "");
        l.push(Some("company_impact"), "## 우리 기업 영향");
        l.push(Some("company_impact"), "");
        l.push(Some("company_impact"), impact);
    }
    l.composed
}

/// The key under `internal:` that holds a row's fingerprint.
pub(crate) const FINGERPRINT_KEY: &str = "intake_fingerprint";

/// A row's fingerprint: FNV-1a (128 bits) over each column's key and text, in the form's column
/// order, so the same submission is recognised whatever the file, sheet, row or header language.
pub(crate) fn fingerprint(cells: &[(&str, String)]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for (key, text) in cells {
        for b in key.bytes().chain([0x1f]).chain(text.bytes()).chain([0x1e]) {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use chrono::NaiveDate;

    fn fields() -> Fields {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        Fields {
            partner: "cn".into(),
            title: "화장품 \"효능\" 자료: 제출 의무".into(),
            title_en: "Cosmetics efficacy data # rule".into(),
            summary: "요약입니다.".into(),
            summary_en: "A summary.".into(),
            category: "tbt".into(),
            sectors: vec!["cosmetics".into(), "food".into()],
            status: Status::InProgress,
            status_date: Some(d(3, 1)),
            first_reported: d(1, 5),
            last_updated: d(3, 1),
            hs_codes: vec!["3304".into()],
            wto_refs: vec!["G/TBT/N/CHN/1650".into()],
            source_title: "고시 \\ 제1호".into(),
            source_url: "https://example.org/a".into(),
            source_publisher: None,
            source_date: Some(d(1, 5)),
            description: "첫 문단.\n\n둘째 문단.".into(),
            company_impact: Some("영향.".into()),
            submitted_by: "한국화장품협회".into(),
            contacts: None,
            slug: None,
        }
    }

    #[test]
    fn the_text_quotes_every_value_and_maps_lines_to_columns() {
        let c = compose(&fields(), "CN-003", "s.xlsx / 접수 / 7행", "ab");
        assert!(
            c.text
                .contains("title: \"화장품 \\\"효능\\\" 자료: 제출 의무\"\n"),
            "{}",
            c.text
        );
        assert!(c
            .text
            .contains("title_en: \"Cosmetics efficacy data # rule\"\n"));
        assert!(c.text.contains("sectors: [cosmetics, food]\n"));
        assert!(c.text.contains("hs_codes: [\"3304\"]\n"));
        assert!(c.text.contains("  - title: \"고시 \\\\ 제1호\"\n"));
        assert!(c.text.contains("stage: draft\n"));
        assert!(c
            .text
            .contains("  intake: \"s.xlsx / 접수 / 7행\"\n  intake_fingerprint: \"ab\"\n"));
        assert!(c.text.ends_with("## 우리 기업 영향\n\n영향.\n"));
        assert_eq!(c.line_keys.len(), c.text.lines().count());
        let key_of = |needle: &str| {
            let i = c.text.lines().position(|l| l.starts_with(needle)).unwrap();
            c.line_keys[i]
        };
        assert_eq!(key_of("title_en:"), Some("title_en"));
        assert_eq!(key_of("    url:"), Some("source_url"));
        assert_eq!(key_of("둘째 문단."), Some("description"));
        assert_eq!(key_of("영향."), Some("company_impact"));
    }

    #[test]
    fn fingerprints_follow_the_content_only() {
        let a = fingerprint(&[("title", "가".into()), ("partner", "cn".into())]);
        assert_eq!(a.len(), 32);
        assert_eq!(
            a,
            fingerprint(&[("title", "가".into()), ("partner", "cn".into())])
        );
        assert_ne!(
            a,
            fingerprint(&[("title", "가".into()), ("partner", "jp".into())])
        );
        // The separators keep a value from sliding into the next key.
        assert_ne!(
            fingerprint(&[("a", "bc".into()), ("d", String::new())]),
            fingerprint(&[("a", "b".into()), ("d", "c".into())])
        );
        assert_eq!(quoted("a\u{7}\tb"), "\"a\\u0007\\tb\"");
    }
}
