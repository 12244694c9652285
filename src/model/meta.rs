//! The report's own data from `_report.md`: title, dates, publisher, the office readers write to,
//! the licence (공공누리) and the imprint of the printed edition.
//!
//! Input: values built by the validator (`validate::office`, `validate::imprint`). Output: the
//! [`ReportMeta`] every renderer reads.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ReportMeta {
    pub title: String,
    pub title_en: String,
    pub edition: i64,
    pub published: NaiveDate,
    pub publisher: String,
    pub publisher_en: String,
    pub base_url: String,
    pub sample: bool,
    /// The foreword (발간사), Markdown.
    pub foreword: String,
    /// The banner and watermark wording of the circulation edition (`circulation_notice`).
    pub circulation_notice: String,
    /// Months after which the review briefing lists an entry as not updated (`stale_after`).
    pub stale_after: u32,
    /// The sectors the review briefing counts (`focus_sectors`), in the order given.
    pub focus_sectors: Vec<String>,
    /// The publisher's service details: ministry, contact, licence, where to report a barrier.
    pub office: Office,
    /// The publication's imprint: registration number, ISBN/ISSN, printer, the foreword's signatory.
    pub imprint: Imprint,
}

/// What a Korean government publication prints on its cover and imprint page (판권면) beyond the
/// publisher's service details, from `_report.md` (every field optional).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Imprint {
    /// 발간등록번호, `11-1450000-000000-10`.
    pub registration_no: Option<String>,
    /// ISBN-13 as written (hyphens kept), its check digit verified.
    pub isbn: Option<String>,
    /// ISSN `NNNN-NNNC`, its check digit verified.
    pub issn: Option<String>,
    /// 인쇄처.
    pub printer: Option<String>,
    /// Who signs the foreword (a name).
    pub foreword_signatory: Option<String>,
    /// The signatory's title, e.g. `산업통상부 장관`.
    pub foreword_title: Option<String>,
}

/// The publisher's service details from `_report.md` (every field optional): what the site's
/// header, footer, policy pages and report page show.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Office {
    pub ministry: Option<String>,
    pub ministry_en: Option<String>,
    pub address: Option<String>,
    pub address_en: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub homepage: Option<String>,
    pub licence: Option<Kogl>,
    pub report_email: Option<String>,
    pub report_url: Option<String>,
}

/// The Korea Open Government License (공공누리) types: what readers may do with the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kogl {
    /// 제1유형: attribution.
    Type1,
    /// 제2유형: attribution, no commercial use.
    Type2,
    /// 제3유형: attribution, no changes.
    Type3,
    /// 제4유형: attribution, no commercial use, no changes.
    Type4,
}

impl Kogl {
    pub const IDS: [&'static str; 4] = ["kogl-1", "kogl-2", "kogl-3", "kogl-4"];
    const ALL: [Kogl; 4] = [Kogl::Type1, Kogl::Type2, Kogl::Type3, Kogl::Type4];

    pub fn from_id(id: &str) -> Option<Kogl> {
        Self::IDS
            .iter()
            .position(|i| *i == id)
            .map(|n| Self::ALL[n])
    }

    /// 1 to 4.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// Whether commercial use is allowed.
    pub fn commercial(self) -> bool {
        matches!(self, Kogl::Type1 | Kogl::Type3)
    }

    /// Whether changed works (translations, extracts, new tables) are allowed.
    pub fn changes(self) -> bool {
        matches!(self, Kogl::Type1 | Kogl::Type2)
    }
}
