//! The publisher's service details in `_report.md`: the ministry's name, its address, telephone,
//! e-mail and home page, the 공공누리 (KOGL) licence type, and where readers report a barrier.
//! The site's header, footer, policy pages and report page are made from them.
//!
//! Input: the report's front matter being read ([`Doc`]). Output: the model's [`Office`]: every
//! field optional, each given one checked for its shape (an e-mail address, a telephone number,
//! an http(s) address, a licence type), with a diagnostic naming the field and what to write.

use super::fields::{Doc, Optional, K};
use crate::model::{Kogl, Office};

/// The keys of `_report.md` this module reads.
pub(crate) const OFFICE_KEYS: &[&str] = &[
    "ministry",
    "ministry_en",
    "address",
    "address_en",
    "phone",
    "email",
    "homepage",
    "licence",
    "report_email",
    "report_url",
];

/// Reads the service details; a field with a problem is left out, with an error.
pub(crate) fn office(doc: &mut Doc) -> Office {
    let ministry = doc.text(&[K("ministry")], Optional, "ministry: 산업통상부");
    let ministry_en = doc.text(
        &[K("ministry_en")],
        Optional,
        "ministry_en: Ministry of Trade, Industry and Resources",
    );
    let address = doc.text(&[K("address")], Optional, "address: 세종특별자치시 ...");
    let address_en = doc.text(&[K("address_en")], Optional, "address_en: Sejong, ...");
    let phone = checked(doc, "phone", "phone: 044-000-0000", phone_problem);
    let email = checked(doc, "email", "email: barriers@example.go.kr", email_problem);
    let report_email = checked(
        doc,
        "report_email",
        "report_email: barriers@example.go.kr",
        email_problem,
    );
    let homepage = checked(
        doc,
        "homepage",
        "homepage: https://www.example.go.kr",
        |u| super::check_url(u).err(),
    );
    let report_url = checked(
        doc,
        "report_url",
        "report_url: https://www.example.go.kr/report",
        |u| super::check_url(u).err(),
    );
    let licence = doc
        .one_of(&[K("licence")], Optional, &Kogl::IDS, "licence")
        .and_then(|id| Kogl::from_id(&id));
    Office {
        ministry,
        ministry_en,
        address,
        address_en,
        phone,
        email,
        homepage,
        licence,
        report_email,
        report_url,
    }
}

/// A text field that must also pass `problem` (which names what is wrong, or gives `None`).
pub(super) fn checked(
    doc: &mut Doc,
    key: &str,
    example: &str,
    problem: impl Fn(&str) -> Option<&'static str>,
) -> Option<String> {
    let value = doc.text(&[K(key)], Optional, example)?;
    match problem(&value) {
        None => Some(value),
        Some(why) => {
            doc.error(
                &[K(key)],
                format!("'{key}' {why}, found '{value}'"),
                format!("write it as  {example}"),
            );
            None
        }
    }
}

/// What is wrong with an e-mail address, if anything: one `@`, a local part, a host name with a
/// dot, and none of the characters that would break a `mailto:` link.
pub(crate) fn email_problem(s: &str) -> Option<&'static str> {
    let Some((local, host)) = s.split_once('@') else {
        return Some("is not an e-mail address");
    };
    if local.is_empty() || host.is_empty() || host.contains('@') {
        return Some("is not an e-mail address");
    }
    if !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return Some("has no host name after the @");
    }
    let bad = |c: char| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\?&#%".contains(c);
    if s.chars().any(bad) {
        return Some("contains a character an e-mail address cannot have");
    }
    None
}

/// What is wrong with a telephone number, if anything: digits with the usual separators.
pub(crate) fn phone_problem(s: &str) -> Option<&'static str> {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || " -+().".contains(c))
    {
        return Some("may hold only digits, spaces, hyphens, '+' and brackets");
    }
    if !(3..=15).contains(&digits) {
        return Some("must have between 3 and 15 digits");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        assert_eq!(email_problem("barriers@example.go.kr"), None);
        assert!(email_problem("barriers").is_some());
        assert!(email_problem("@example.go.kr").is_some());
        assert!(email_problem("a@localhost").is_some());
        assert!(email_problem("a b@example.kr").is_some());
        assert!(email_problem("a@b@example.kr").is_some());
        assert!(email_problem("a@example.kr?subject=x").is_some());
    }

    #[test]
    fn telephone_numbers() {
        assert_eq!(phone_problem("044-203-4000"), None);
        assert_eq!(phone_problem("+82 44 203 4000"), None);
        assert_eq!(phone_problem("1577-0900"), None);
        assert!(phone_problem("전화 044").is_some());
        assert!(phone_problem("12").is_some());
    }
}
