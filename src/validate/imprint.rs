//! The publication's imprint in `_report.md`: the publication registration number (발간등록번호),
//! ISBN and ISSN, the printer (인쇄처), and who signs the foreword. The PDF's cover, imprint page
//! (판권면) and foreword are made from them, with the publisher's service details ([`super::office`]).
//!
//! Input: the report's front matter being read ([`Doc`]). Output: the model's [`Imprint`]: every
//! field optional; a registration number checked for its shape, an ISBN or ISSN for its check
//! digit, with a diagnostic naming the field and what to write.

use super::fields::{Doc, Optional, K};
use super::office::checked;
use crate::model::Imprint;

/// The keys of `_report.md` this module reads.
pub(crate) const IMPRINT_KEYS: &[&str] = &[
    "registration_no",
    "isbn",
    "issn",
    "printer",
    "foreword_signatory",
    "foreword_title",
];

/// Reads the imprint; a field with a problem is left out, with an error.
pub(crate) fn imprint(doc: &mut Doc) -> Imprint {
    let registration_no = checked(
        doc,
        "registration_no",
        "registration_no: 11-1450000-000123-10",
        registration_problem,
    );
    let isbn = checked(doc, "isbn", "isbn: 979-11-0000000-0-7", isbn_problem);
    let issn = checked(doc, "issn", "issn: 2005-8888", issn_problem);
    let printer = doc.text(&[K("printer")], Optional, "printer: ○○인쇄");
    let foreword_signatory = doc.text(
        &[K("foreword_signatory")],
        Optional,
        "foreword_signatory: 홍길동",
    );
    let foreword_title = doc.text(
        &[K("foreword_title")],
        Optional,
        "foreword_title: 산업통상부 장관",
    );
    Imprint {
        registration_no,
        isbn,
        issn,
        printer,
        foreword_signatory,
        foreword_title,
    }
}

/// What is wrong with a publication registration number, if anything: four groups of digits,
/// 2-7-6-2, joined by hyphens (`11-1450000-000123-10`; central government bodies begin with 11).
pub(crate) fn registration_problem(s: &str) -> Option<&'static str> {
    let groups: Vec<&str> = s.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let digits = groups
        .iter()
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    if lengths != [2, 7, 6, 2] || !digits {
        return Some("must be four groups of digits, 2-7-6-2, joined by hyphens");
    }
    None
}

/// The digits of an identifier written with hyphens or spaces; `None` when it holds anything else
/// (an ISSN's final `X` is kept as 10).
fn digits(s: &str, x_last: bool) -> Option<Vec<u32>> {
    let chars: Vec<char> = s.chars().filter(|c| *c != '-' && *c != ' ').collect();
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            'X' | 'x' if x_last && i + 1 == n => Some(10),
            c => c.to_digit(10),
        })
        .collect()
}

/// What is wrong with an ISBN, if anything: thirteen digits beginning 978 or 979 whose check digit
/// (the last) makes the sum, weighted 1, 3, 1, 3 ..., a multiple of ten.
pub(crate) fn isbn_problem(s: &str) -> Option<&'static str> {
    let Some(d) = digits(s, false) else {
        return Some("may hold only digits and hyphens");
    };
    if d.len() != 13 {
        return Some("must have 13 digits (ISBN-13)");
    }
    if !(d.starts_with(&[9, 7, 8]) || d.starts_with(&[9, 7, 9])) {
        return Some("must begin with 978 or 979");
    }
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, n)| if i % 2 == 0 { *n } else { 3 * n })
        .sum();
    if !sum.is_multiple_of(10) {
        return Some("has a wrong check digit (the last digit): a digit is mistyped");
    }
    None
}

/// What is wrong with an ISSN, if anything: `NNNN-NNNC`, whose check character C (a digit or X for
/// ten) makes the sum of the digits weighted 8, 7 ... 2, 1 a multiple of eleven.
pub(crate) fn issn_problem(s: &str) -> Option<&'static str> {
    let shape = s.len() == 9 && s.as_bytes()[4] == b'-';
    let d = digits(s, true).filter(|d| d.len() == 8 && d[..7].iter().all(|n| *n < 10));
    let (true, Some(d)) = (shape, d) else {
        return Some("must be written NNNN-NNNN (the last may be X)");
    };
    let sum: u32 = d.iter().enumerate().map(|(i, n)| (8 - i as u32) * n).sum();
    if !sum.is_multiple_of(11) {
        return Some("has a wrong check digit (the last character): a digit is mistyped");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_numbers() {
        assert_eq!(registration_problem("11-1450000-000123-10"), None);
        assert_eq!(registration_problem("11-0000000-000000-00"), None);
        assert!(registration_problem("11-145000-000123-10").is_some());
        assert!(registration_problem("11-1450000-000123").is_some());
        assert!(registration_problem("11 1450000 000123 10").is_some());
        assert!(registration_problem("11-145000a-000123-10").is_some());
        assert!(registration_problem("11-1450000-000123-10-").is_some());
    }

    #[test]
    fn isbn_check_digits() {
        // 978-0-306-40615-7 is the check-digit example of the ISBN users' manual.
        assert_eq!(isbn_problem("978-0-306-40615-7"), None);
        assert_eq!(isbn_problem("9780306406157"), None);
        assert!(isbn_problem("978-0-306-40615-6").is_some());
        assert!(isbn_problem("977-0-306-40615-8").is_some());
        assert!(isbn_problem("0-306-40615-2").is_some());
        assert!(isbn_problem("978-0-306-4061x-7").is_some());
    }

    #[test]
    fn issn_check_digits() {
        assert_eq!(issn_problem("0317-8471"), None);
        assert_eq!(issn_problem("2434-561X"), None);
        assert_eq!(issn_problem("2434-561x"), None);
        assert!(issn_problem("0317-8472").is_some());
        assert!(issn_problem("03178471").is_some());
        assert!(issn_problem("0317-847").is_some());
        assert!(issn_problem("X317-8471").is_some());
    }
}
