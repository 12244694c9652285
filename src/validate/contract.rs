//! The content contract's fixed parts: the keys each kind of file may hold, the categories,
//! sectors and regions the taxonomy must keep, and the length limits.
//!
//! Input: none. Output: constants read by the checks, `knte new`, the editor and the guide's tests.

use super::*;

/// Longest summary, in characters.
pub(crate) const SUMMARY_MAX: usize = 300;
/// Most characters in a barrier's title (a line in lists, a heading in the PDF).
pub(crate) const TITLE_MAX: usize = 200;
/// The body length the report's entries aim for, in words; outside it is a warning.
pub(crate) const BODY_WORDS: (usize, usize) = (150, 600);

/// The report's own keys; the service details ([`office::OFFICE_KEYS`]) and the imprint
/// ([`imprint::IMPRINT_KEYS`]) are read by their modules, and all three are allowed together.
pub(crate) const REPORT_KEYS: &[&str] = &[
    "title",
    "title_en",
    "edition",
    "published",
    "publisher",
    "publisher_en",
    "base_url",
    "sample",
    "circulation_notice",
    "stale_after",
    "focus_sectors",
];

/// Every key `_report.md` may have.
pub(crate) fn report_keys() -> Vec<&'static str> {
    [REPORT_KEYS, office::OFFICE_KEYS, imprint::IMPRINT_KEYS].concat()
}
pub(crate) const PARTNER_KEYS: &[&str] = &[
    "code",
    "name",
    "name_en",
    "region",
    "agreements",
    "agreements_en",
    "trade",
    "aliases",
    "internal",
];
pub(crate) const TRADE_KEYS: &[&str] =
    &["year", "exports_usd", "imports_usd", "source", "source_en"];
pub(crate) const BARRIER_KEYS: &[&str] = &[
    "id",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "category",
    "sectors",
    "status",
    "status_date",
    "first_reported",
    "last_updated",
    "sources",
    "trade_remedy",
    "hs_codes",
    "wto_refs",
    "impact",
    "related",
    "draft",
    "stage",
    "actions",
    "next",
    "internal",
];
pub(crate) const REMEDY_KEYS: &[&str] = &[
    "measure",
    "stage",
    "initiated",
    "imposed",
    "case_no",
    "duty_rate",
];
pub(crate) const IMPACT_KEYS: &[&str] = &["export_value_usd", "year", "basis"];
pub(crate) const ACTION_KEYS: &[&str] = &["date", "channel", "note"];
pub(crate) const SOURCE_KEYS: &[&str] = &["title", "url", "publisher", "date"];
pub(crate) const TERM_KEYS: &[&str] = &["id", "ko", "en"];

/// The taxonomy ids that are part of the content contract: they may be relabelled, never removed.
pub(crate) const CONTRACT_CATEGORIES: &[&str] = &[
    "tariffs",
    "import_restrictions",
    "customs",
    "rules_of_origin",
    "tbt",
    "sps",
    "trade_remedies",
    "subsidies",
    "government_procurement",
    "ip",
    "services",
    "digital",
    "investment",
    "competition",
    "environment",
    "labour",
    "other",
];
pub(crate) const CONTRACT_SECTORS: &[&str] = &[
    "cosmetics",
    "textiles_apparel",
    "food",
    "agriculture_fisheries",
    "steel",
    "petrochemicals",
    "automobiles",
    "batteries",
    "semiconductors",
    "electronics",
    "machinery",
    "shipbuilding",
    "pharma_bio",
    "medical_devices",
    "energy",
    "digital_content",
];
pub(crate) const CONTRACT_REGIONS: &[&str] = &[
    "east_asia",
    "southeast_asia",
    "south_asia",
    "central_asia",
    "middle_east",
    "europe",
    "north_america",
    "latin_america",
    "africa",
    "oceania",
];
