//! The site as a government service: the publisher's details -> the header's ministry name, the
//! footer's contact block and licence, the report-a-barrier page (`/report/`) and the three policy
//! pages every Korean public site carries (`/policy/privacy/`, `/policy/copyright/`,
//! `/policy/accessibility/`).
//!
//! Input: the report's [`Office`] (`_report.md`'s `ministry`, `address`, `phone`, `email`,
//! `homepage`, `licence`, `report_email`, `report_url`; all optional) and the data files written.
//! Output: [`OfficeView`] for every page's `site.office`, and the four pages through the renderer.
//! What a field does not give is left out of the pages, never filled with made-up text.

use crate::diagnostics::Diagnostic;
use crate::model::{Barrier, Kogl, Office};
use crate::render::html::{Renderer, SiteOptions};
use crate::render::Lang;
use serde::Serialize;
use tera::Context;

/// The publisher's details in one language, for the templates.
#[derive(Serialize)]
pub(crate) struct OfficeView<'a> {
    pub ministry: Option<&'a str>,
    pub address: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub homepage: Option<&'a str>,
    pub licence: Option<LicenceView>,
    /// Where the header's and each barrier's "report" links lead: an e-mail or the form's address.
    pub report_email: Option<&'a str>,
    pub report_url: Option<&'a str>,
    /// A `mailto:` link with the report's subject and a body listing what to include.
    pub report_mailto: Option<String>,
}

/// A 공공누리 type: its number and what it allows.
#[derive(Serialize)]
pub(crate) struct LicenceView {
    pub number: usize,
    pub commercial: bool,
    pub changes: bool,
}

/// The details in `lang`: English falls back to the Korean text where no English is given (an
/// address is still an address), the ministry's name too.
pub(crate) fn office_view<'a>(office: &'a Office, lang: Lang, title: &str) -> OfficeView<'a> {
    let pick = |ko: &'a Option<String>, en: &'a Option<String>| {
        if lang == Lang::En {
            en.as_deref().or(ko.as_deref())
        } else {
            ko.as_deref()
        }
    };
    OfficeView {
        ministry: pick(&office.ministry, &office.ministry_en),
        address: pick(&office.address, &office.address_en),
        phone: office.phone.as_deref(),
        email: office.email.as_deref(),
        homepage: office.homepage.as_deref(),
        licence: office.licence.map(licence_view),
        report_email: office.report_email.as_deref(),
        report_url: office.report_url.as_deref(),
        report_mailto: office.report_email.as_deref().map(|to| {
            mailto(
                to,
                &report_subject(lang, title, None),
                &report_body(lang, None),
            )
        }),
    }
}

fn licence_view(k: Kogl) -> LicenceView {
    LicenceView {
        number: k.number(),
        commercial: k.commercial(),
        changes: k.changes(),
    }
}

/// Where a barrier page's "give information on this barrier" link leads: a `mailto:` naming the
/// barrier when the report gives an e-mail address, else the report form's address, else the
/// report page.
pub(crate) fn barrier_report_link(office: &Office, lang: Lang, title: &str, b: &Barrier) -> String {
    let entry = format!("{} {}", b.id, b.title);
    match (&office.report_email, &office.report_url) {
        (Some(to), _) => mailto(
            to,
            &report_subject(lang, title, Some(&entry)),
            &report_body(lang, Some(&entry)),
        ),
        (None, Some(url)) => url.clone(),
        (None, None) => lang.url("report/"),
    }
}

fn report_subject(lang: Lang, title: &str, entry: Option<&str>) -> String {
    match (lang, entry) {
        (Lang::Ko, Some(e)) => format!("[무역장벽 정보 제공] {e}"),
        (Lang::Ko, None) => format!("[무역장벽 제보] {title}"),
        (Lang::En, Some(e)) => format!("[Barrier information] {e}"),
        (Lang::En, None) => format!("[Barrier report] {title}"),
    }
}

/// The e-mail's body: the headings of what to include, for the reporter to fill in.
fn report_body(lang: Lang, entry: Option<&str>) -> String {
    let fields: &[&str] = if lang == Lang::Ko {
        &[
            "대상국:",
            "품목과 HS 코드:",
            "조치의 이름과 근거 법령:",
            "시행일 또는 발표일:",
            "겪은 문제(지연, 비용, 수출 차질 규모):",
            "참고 자료(링크, 문서):",
            "연락처(공개하지 않음):",
        ]
    } else {
        &[
            "Partner:",
            "Product and HS code:",
            "Name of the measure and its legal basis:",
            "Date in force or announced:",
            "The problem (delays, costs, exports lost):",
            "Documents and links:",
            "Contact (never published):",
        ]
    };
    let mut body = String::new();
    if let Some(e) = entry {
        body.push_str(e);
        body.push_str("\n\n");
    }
    for f in fields {
        body.push_str(f);
        body.push_str("\n\n");
    }
    body
}

/// A `mailto:` link with subject and body, percent-encoded as RFC 6068 asks (UTF-8 bytes; spaces
/// as `%20`, line breaks as `%0D%0A`).
pub(crate) fn mailto(to: &str, subject: &str, body: &str) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        encode(to, true),
        encode(subject, false),
        encode(&body.replace('\n', "\r\n"), false)
    )
}

fn encode(s: &str, address: bool) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (address && b == b'@');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Renderer<'_> {
    /// The report page and the three policy pages.
    pub(in crate::render::html) fn service_pages(&mut self) -> Result<(), Diagnostic> {
        let lang = self.lang();
        let form = form_download(self.opts, lang);
        let mut ctx = Context::new();
        ctx.insert("form", &form);
        self.section_page("report", "report.html", None, ctx)?;
        for kind in ["privacy", "copyright", "accessibility"] {
            let key = match kind {
                "privacy" => "privacy_policy",
                "copyright" => "copyright_policy",
                _ => "accessibility_policy",
            };
            let home = self.crumb("home", "");
            let title = self.t(key);
            let mut ctx = Context::new();
            ctx.insert("kind", kind);
            self.page(
                "policy.html",
                &format!("policy/{kind}/"),
                title,
                "policy",
                vec![home],
                None,
                ctx,
            )?;
        }
        Ok(())
    }
}

/// The blank submission form among the data files, in `lang`, when the build wrote one.
#[derive(Serialize)]
struct FormView {
    url: String,
    size: String,
}

fn form_download(opts: &SiteOptions, lang: Lang) -> Option<FormView> {
    let path = match lang {
        Lang::Ko => crate::intake::form::FORM_KO,
        Lang::En => crate::intake::form::FORM_EN,
    };
    opts.forms
        .iter()
        .find(|d| d.path == path)
        .map(|d| FormView {
            url: format!("/{}", d.path),
            size: crate::render::i18n::file_size(d.bytes),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_links_are_percent_encoded_utf8() {
        let m = mailto("a@example.go.kr", "[제보] 화장품", "대상국:\n");
        assert_eq!(
            m,
            "mailto:a@example.go.kr?subject=%5B%EC%A0%9C%EB%B3%B4%5D%20%ED%99%94%EC%9E%A5%ED%92%88&body=%EB%8C%80%EC%83%81%EA%B5%AD%3A%0D%0A"
        );
    }

    #[test]
    fn english_falls_back_to_korean_details() {
        let office = Office {
            ministry: Some("산업통상부".into()),
            address: Some("세종".into()),
            address_en: Some("Sejong".into()),
            ..Office::default()
        };
        let v = office_view(&office, Lang::En, "Report");
        assert_eq!(v.ministry, Some("산업통상부"));
        assert_eq!(v.address, Some("Sejong"));
        assert!(v.report_mailto.is_none());
        let v = office_view(&office, Lang::Ko, "보고서");
        assert_eq!(v.address, Some("세종"));
    }
}
