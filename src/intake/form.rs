//! The survey form: one table of columns, defined once, read by the importer and by the renderer
//! of the blank form. Input: nothing but the report's partners and taxonomy (for the closed
//! lists). Output: the [`COLUMNS`], each with its Korean and English header, its key, whether it
//! is required, its help text and the values it allows; the matching of a header or a value
//! written in a cell to a column or a code.

use crate::model::{Report, Status};

/// Data rows one workbook may hold; a larger survey is split into several files.
pub(crate) const MAX_ROWS: usize = 5_000;
/// The rows searched for the header row, from the top of each sheet.
pub(crate) const HEADER_SCAN: usize = 10;

/// The blank form's paths on the site: Korean headers, English headers.
pub(crate) const FORM_KO: &str = "data/barrier-report-form.xlsx";
pub(crate) const FORM_EN: &str = "en/data/barrier-report-form.xlsx";

/// The form's sheets: submissions, the guide to each column, the code lists; Korean, English.
pub(crate) const DATA_SHEET: (&str, &str) = ("접수", "Submissions");
pub(crate) const GUIDE_SHEET: (&str, &str) = ("안내", "Guide");
pub(crate) const CODES_SHEET: (&str, &str) = ("코드표", "Codes");

/// What a column's cells may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// One line of text.
    Line,
    /// Text in paragraphs (line breaks kept).
    Paragraphs,
    /// One partner of the report (closed list).
    Partner,
    /// One category of the taxonomy (closed list).
    Category,
    /// One or more sectors of the taxonomy, separated by commas (closed list).
    Sectors,
    /// One status (closed list).
    Status,
    /// A date, YYYY-MM-DD.
    Date,
    /// HS codes of 2 to 10 digits, separated by commas.
    HsCodes,
    /// WTO document symbols, separated by commas.
    WtoRefs,
    /// An address starting with https:// or http://.
    Url,
    /// A file name: lowercase English letters, digits, hyphens.
    Slug,
}

impl Values {
    /// The closed lists: the values a dropdown offers.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Values::Partner | Values::Category | Values::Sectors | Values::Status
        )
    }

    /// What the guide sheet says a cell may hold.
    pub fn describe(self, ko: bool) -> &'static str {
        let (k, e) = match self {
            Values::Line => ("글 한 줄", "one line of text"),
            Values::Paragraphs => (
                "글 (줄 바꿈은 문단이 됨)",
                "text (line breaks make paragraphs)",
            ),
            Values::Partner => (
                "코드표의 상대국: 코드(cn) 또는 이름(중국, China)",
                "a partner from the Codes sheet: its code (cn) or name (China, 중국)",
            ),
            Values::Category => (
                "코드표의 범주 하나: 코드(tbt) 또는 이름(기술규제)",
                "one category from the Codes sheet: its code (tbt) or name",
            ),
            Values::Sectors => (
                "코드표의 산업 하나 이상, 쉼표로 나눔: 코드 또는 이름",
                "one or more sectors from the Codes sheet, separated by commas: codes or names",
            ),
            Values::Status => (
                "코드표의 진행 상태: 코드(open) 또는 이름(미해결)",
                "a status from the Codes sheet: its code (open) or name (Open)",
            ),
            Values::Date => (
                "날짜: 2026-03-05 (날짜 서식 칸도 됨)",
                "a date: 2026-03-05 (a date-formatted cell also works)",
            ),
            Values::HsCodes => (
                "HS 코드 2·4·6·8·10자리, 쉼표로 나눔",
                "HS codes of 2, 4, 6, 8 or 10 digits, separated by commas",
            ),
            Values::WtoRefs => (
                "WTO 문서 기호, 쉼표로 나눔 (G/TBT/N/CHN/1650)",
                "WTO document symbols, separated by commas (G/TBT/N/CHN/1650)",
            ),
            Values::Url => (
                "https://로 시작하는 전체 주소",
                "the full address, starting with https://",
            ),
            Values::Slug => (
                "영문 소문자, 숫자, 하이픈",
                "lowercase English letters, digits and hyphens",
            ),
        };
        if ko {
            k
        } else {
            e
        }
    }
}

/// One column of the form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The field it fills: a barrier field (`title`), or the importer's own (`source_url`,
    /// `description`, `submitted_by`...).
    pub key: &'static str,
    pub ko: &'static str,
    pub en: &'static str,
    pub required: bool,
    pub help_ko: &'static str,
    pub help_en: &'static str,
    pub values: Values,
    /// Most characters a cell may hold.
    pub max_chars: usize,
    /// Width in the form, in Excel's character units.
    pub width: f64,
}

impl Column {
    pub fn header(&self, ko: bool) -> &'static str {
        if ko {
            self.ko
        } else {
            self.en
        }
    }
    pub fn help(&self, ko: bool) -> &'static str {
        if ko {
            self.help_ko
        } else {
            self.help_en
        }
    }
}

/// A text field's limit (what `knte check` accepts in one field).
const TEXT: usize = crate::validate::fields::MAX_TEXT;
/// A body section's limit: a barrier runs to a few pages.
const BODY: usize = 20_000;

const fn col(
    key: &'static str,
    (ko, en): (&'static str, &'static str),
    required: bool,
    values: Values,
    max_chars: usize,
    width: f64,
    help: (&'static str, &'static str),
) -> Column {
    Column {
        key,
        ko,
        en,
        required,
        help_ko: help.0,
        help_en: help.1,
        values,
        max_chars,
        width,
    }
}

/// The form's columns, in order. The required ones are what `knte check` requires of an entry.
pub const COLUMNS: &[Column] = &[
    col("partner", ("상대국", "Partner"), true, Values::Partner, 100, 12.0, (
        "조치를 시행하는 나라나 지역. 목록에서 고르거나 코드(cn)나 이름(중국)을 씁니다.",
        "The country or bloc applying the measure: pick it from the list, or write its code (cn) or name (China).",
    )),
    col("title", ("제목", "Title (Korean)"), true, Values::Line, crate::validate::TITLE_MAX, 30.0, (
        "조치를 짧고 구체적으로, 200자 이내. 예: 화장품 등록 시 효능 자료 제출 의무",
        "The measure in one short, specific line in Korean, at most 200 characters.",
    )),
    col("title_en", ("영문 제목", "Title (English)"), true, Values::Line, crate::validate::TITLE_MAX, 30.0, (
        "제목의 영문, 200자 이내. 파일 이름을 따로 주지 않으면 이것으로 만듭니다.",
        "The title in English, at most 200 characters; the file name is made from it unless one is given.",
    )),
    col("summary", ("요약", "Summary (Korean)"), true, Values::Line, crate::validate::SUMMARY_MAX, 40.0, (
        "한두 문장, 300자 이내, 서식 없는 글.",
        "One or two sentences in Korean, at most 300 characters, plain text.",
    )),
    col("summary_en", ("영문 요약", "Summary (English)"), true, Values::Line, crate::validate::SUMMARY_MAX, 40.0, (
        "요약의 영문, 300자 이내, 서식 없는 글.",
        "The summary in English, at most 300 characters, plain text.",
    )),
    col("category", ("범주", "Category"), true, Values::Category, 100, 16.0, (
        "장벽의 분야 하나. 목록에서 고릅니다.",
        "The barrier's one category: pick it from the list.",
    )),
    col("sectors", ("산업", "Sectors"), true, Values::Sectors, 500, 18.0, (
        "관련 산업 하나 이상. 여럿이면 쉼표로 나눠 씁니다. 예: 식품, 농수산물",
        "One or more sectors concerned; separate several with commas, e.g. Food and beverages, Steel",
    )),
    col("status", ("진행 상태", "Status"), false, Values::Status, 100, 14.0, (
        "비워 두면 미해결. 미해결이 아니면 상태 변경일도 씁니다.",
        "Left empty, the barrier is open; any other status needs its status date.",
    )),
    col("status_date", ("상태 변경일", "Status date"), false, Values::Date, 20, 13.0, (
        "지금의 진행 상태에 이른 날 (예: 2026-03-05). 미해결이 아니면 꼭 씁니다.",
        "The day the status was reached (e.g. 2026-03-05); required unless the barrier is open.",
    )),
    col("first_reported", ("처음 확인한 날", "First reported"), true, Values::Date, 20, 13.0, (
        "조치를 처음 확인한 날이나 시행일 (예: 2026-03-05).",
        "The day the barrier was first seen or took effect (e.g. 2026-03-05).",
    )),
    col("last_updated", ("최근 사실의 날짜", "Last updated"), false, Values::Date, 20, 13.0, (
        "적은 내용 가운데 가장 최근 사실의 날짜. 비워 두면 처음 확인한 날과 같습니다.",
        "The date of the latest fact written here; left empty, it is the day first reported.",
    )),
    col("hs_codes", ("HS 코드", "HS codes"), false, Values::HsCodes, 500, 14.0, (
        "관련 품목의 HS 코드 (2·4·6·8·10자리). 여럿이면 쉼표로 나눕니다. 예: 3304, 330499",
        "HS codes of the products concerned (2, 4, 6, 8 or 10 digits), separated by commas, e.g. 3304, 330499",
    )),
    col("wto_refs", ("WTO 문서 번호", "WTO document symbols"), false, Values::WtoRefs, 500, 18.0, (
        "관련 WTO 통보문의 기호. 여럿이면 쉼표로 나눕니다. 예: G/TBT/N/CHN/1650",
        "Symbols of the WTO notifications concerned, separated by commas, e.g. G/TBT/N/CHN/1650",
    )),
    col("source_title", ("근거 자료 제목", "Source title"), true, Values::Line, TEXT, 30.0, (
        "조치를 확인할 수 있는 공개 자료(법령, 고시, 보도자료)의 제목.",
        "The title of a public document showing the measure (a law, a notice, a press release).",
    )),
    col("source_url", ("근거 자료 주소", "Source URL"), true, Values::Url, TEXT, 30.0, (
        "근거 자료의 전체 주소. https://로 시작합니다.",
        "The document's full address, starting with https://",
    )),
    col("source_publisher", ("근거 자료 발행처", "Source publisher"), false, Values::Line, TEXT, 20.0, (
        "근거 자료를 낸 기관.",
        "Who published the document.",
    )),
    col("source_date", ("근거 자료 발행일", "Source date"), false, Values::Date, 20, 13.0, (
        "근거 자료의 발행일 (예: 2026-03-05).",
        "The document's date (e.g. 2026-03-05).",
    )),
    col("description", ("현황", "Description"), true, Values::Paragraphs, BODY, 60.0, (
        "조치의 내용, 근거 법령, 시행일을 사실마다 날짜와 함께 씁니다. 본문의 '현황' 절이 됩니다.",
        "What the measure is, its legal basis and dates, each fact with its date (in Korean): the body's first section.",
    )),
    col("company_impact", ("우리 기업 영향", "Impact on Korean companies"), false, Values::Paragraphs, BODY, 40.0, (
        "우리 기업과 수출에 미치는 영향. 본문의 '우리 기업 영향' 절이 됩니다.",
        "How the measure affects Korean companies and exports (in Korean): the body's second section.",
    )),
    col("submitted_by", ("제출 기관", "Submitted by"), true, Values::Line, TEXT, 20.0, (
        "이 행을 낸 기업이나 협회. 공개되지 않는 내부 정보로만 남습니다.",
        "The company or association that sent this row; kept as internal information, never published.",
    )),
    col("contacts", ("연락처", "Contact"), false, Values::Line, TEXT, 24.0, (
        "담당자 이름과 전화·전자우편. 공개되지 않는 내부 정보로만 남습니다.",
        "The contact person, telephone or e-mail; kept as internal information, never published.",
    )),
    col("slug", ("파일 이름", "File name"), false, Values::Slug, 80, 24.0, (
        "영문 소문자, 숫자, 하이픈 (예: cosmetics-efficacy-data). 비워 두면 영문 제목으로 만듭니다.",
        "Lowercase English letters, digits and hyphens (e.g. cosmetics-efficacy-data); left empty, it is made from the English title.",
    )),
];

/// The column of `key`.
pub(crate) fn column(key: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.key == key)
}

/// A header or value as compared: NFC, lowercase, without spaces, `*` marks or a trailing
/// "(필수)" / "(required)".
fn squeeze(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s
        .nfc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let s = s
        .strip_suffix("(필수)")
        .or_else(|| s.strip_suffix("(required)"))
        .unwrap_or(&s);
    s.to_string()
}

/// The column a header cell names: its Korean or English header, or its key.
pub(crate) fn header_column(text: &str) -> Option<&'static Column> {
    let h = squeeze(text);
    if h.is_empty() {
        return None;
    }
    COLUMNS
        .iter()
        .find(|c| [c.ko, c.en, c.key].iter().any(|x| squeeze(x) == h))
}

/// The Excel letters of a 0-based column: 0 -> `A`, 27 -> `AB`.
pub(crate) fn letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One value of a closed list: its code and its Korean and English names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    pub code: String,
    pub ko: String,
    pub en: String,
    /// Other names accepted (a partner's aliases).
    pub aliases: Vec<String>,
}

/// The values of a closed list, in the order the form lists them: partners in Korean
/// alphabetical order, the taxonomy in its own order, statuses in workflow order.
pub(crate) fn choices(values: Values, report: &Report) -> Vec<Choice> {
    let term = |t: &crate::model::Term| Choice {
        code: t.id.clone(),
        ko: t.ko.clone(),
        en: t.en.clone(),
        aliases: vec![],
    };
    match values {
        Values::Partner => report
            .partner_order()
            .into_iter()
            .filter_map(|code| report.partners.iter().find(|p| p.code == code))
            .map(|p| Choice {
                code: p.code.clone(),
                ko: p.name.clone(),
                en: p.name_en.clone(),
                aliases: p.aliases.clone(),
            })
            .collect(),
        Values::Category => report.taxonomy.categories.iter().map(term).collect(),
        Values::Sectors => report.taxonomy.sectors.iter().map(term).collect(),
        Values::Status => Status::ALL
            .iter()
            .map(|s| Choice {
                code: s.id().into(),
                ko: s.ko().into(),
                en: s.en().into(),
                aliases: vec![],
            })
            .collect(),
        _ => vec![],
    }
}

/// Why a value matched no choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoMatch {
    /// No code or name is that value; the closest name, if one is close.
    Unknown(Option<String>),
    /// Several choices have that name: their codes.
    Ambiguous(Vec<String>),
}

/// The choice a cell's value names: its code, Korean or English name, or an alias, compared
/// without regard to case or spaces.
pub(crate) fn resolve<'a>(value: &str, choices: &'a [Choice]) -> Result<&'a Choice, NoMatch> {
    let v = squeeze(value);
    let found: Vec<&Choice> = choices
        .iter()
        .filter(|c| {
            [&c.code, &c.ko, &c.en]
                .into_iter()
                .chain(&c.aliases)
                .any(|x| squeeze(x) == v)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let names = choices
                .iter()
                .flat_map(|c| [c.code.as_str(), c.ko.as_str(), c.en.as_str()]);
            Err(NoMatch::Unknown(
                crate::diagnostics::did_you_mean(value.trim(), names).map(str::to_string),
            ))
        }
        many => Err(NoMatch::Ambiguous(
            many.iter().map(|c| c.code.clone()).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_or_by_key() {
        for h in [
            "제목",
            " 제목 * ",
            "Title (Korean)",
            "title (korean)",
            "title",
        ] {
            assert_eq!(header_column(h).map(|c| c.key), Some("title"), "{h}");
        }
        assert_eq!(header_column("영문 제목").map(|c| c.key), Some("title_en"));
        assert_eq!(
            header_column("Title (English)").map(|c| c.key),
            Some("title_en")
        );
        assert_eq!(header_column("제목(필수)").map(|c| c.key), Some("title"));
        assert_eq!(header_column("비고"), None);
        assert_eq!(header_column(""), None);
    }

    #[test]
    fn every_column_is_named_once() {
        // Each name leads back to its own column: no name of one column is another's.
        for c in COLUMNS {
            let by_all = [c.ko, c.en, c.key].map(|h| header_column(h).map(|x| x.key));
            assert_eq!(by_all, [Some(c.key); 3], "{}", c.key);
            // Excel's input messages hold 255 characters.
            assert!(c.help_ko.chars().count() <= 255 && c.help_en.chars().count() <= 255);
        }
    }

    #[test]
    fn letters_run_like_excels() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }

    #[test]
    fn values_resolve_by_code_name_or_alias() {
        let list = vec![
            Choice {
                code: "cn".into(),
                ko: "중국".into(),
                en: "China".into(),
                aliases: vec!["PRC".into()],
            },
            Choice {
                code: "tw".into(),
                ko: "대만".into(),
                en: "Taiwan".into(),
                aliases: vec![],
            },
        ];
        for v in ["cn", "CN", "중국", "china", " China ", "prc"] {
            assert_eq!(resolve(v, &list).map(|c| c.code.as_str()), Ok("cn"), "{v}");
        }
        assert_eq!(
            resolve("Chian", &list),
            Err(NoMatch::Unknown(Some("China".into())))
        );
        assert_eq!(resolve("북한", &list), Err(NoMatch::Unknown(None)));
        let twice = vec![
            list[0].clone(),
            Choice {
                code: "hk".into(),
                ..list[0].clone()
            },
        ];
        assert_eq!(
            resolve("중국", &twice),
            Err(NoMatch::Ambiguous(vec!["cn".into(), "hk".into()]))
        );
    }
}
