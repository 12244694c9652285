//! The fields the entry editor shows: the front-matter keys of a barrier file and of a partner
//! profile, in the order the guide documents them (docs/작성안내.md 3.4 and 3.5), each with its
//! Korean label and the control that edits it. Pure data: no I/O. Input: nothing. Output: the two
//! field lists [`BARRIER`] and [`PROFILE`], read by the form and the writer.

/// Where a dropdown's choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choices {
    /// A list of `content/_taxonomy.yaml`: `categories`, `sectors` or `regions` (Korean labels).
    Taxonomy(&'static str),
    /// A fixed list: the id and its Korean label.
    Fixed(&'static [(&'static str, &'static str)]),
}

/// The control a field is edited with, and how its value is written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One line of text.
    Text,
    /// A few lines of text (a summary), written as one YAML value.
    Long,
    /// `<input type=date>`, written `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Int,
    /// A dropdown.
    Choice(Choices),
    /// A list of dropdowns (one row each), written `[a, b]`.
    ChoiceList(Choices),
    /// A list of one-line texts, one row each; `quoted`: every item in double quotes (HS codes);
    /// `block`: written one item a line (long Korean texts) instead of `[a, b]`.
    TextList { quoted: bool, block: bool },
    /// A group of fields, written as an indented block.
    Group(&'static [Field]),
    /// A list of groups (rows), written as `- key: value` items.
    Rows(&'static [Field]),
    /// YAML written as it is, in a textarea (the internal block).
    Yaml,
}

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    pub key: &'static str,
    /// The Korean label shown beside the control.
    pub label: &'static str,
    pub kind: Kind,
    /// Required fields are marked in the form; a required list is written `[]` when left empty.
    pub required: bool,
}

const fn f(key: &'static str, label: &'static str, kind: Kind, required: bool) -> Field {
    Field {
        key,
        label,
        kind,
        required,
    }
}

pub(crate) const STATUS: &[(&str, &str)] = &[
    ("open", "미해결"),
    ("in_progress", "협의 진행 중"),
    ("resolved_in_part", "일부 해소"),
    ("resolved", "해소"),
];
pub(crate) const STAGE: &[(&str, &str)] = &[
    ("draft", "초안"),
    ("circulated", "회람 중"),
    ("approved", "승인"),
];
const DRAFT: &[(&str, &str)] = &[("true", "예 (초안)"), ("false", "아니요")];
pub(crate) const CHANNELS: &[(&str, &str)] = &[
    ("bilateral", "양자 협의"),
    ("fta_committee", "FTA 이행 채널"),
    ("wto_tbt_committee", "WTO TBT 위원회"),
    ("wto_sps_committee", "WTO SPS 위원회"),
    ("wto_dispute", "WTO 분쟁해결 절차"),
    ("public_comment", "의견서 제출"),
    ("other", "그 밖의 경로"),
];
const MEASURES: &[(&str, &str)] = &[
    ("anti_dumping", "반덤핑"),
    ("countervailing", "상계관세"),
    ("safeguard", "세이프가드"),
    ("anti_circumvention", "우회 방지"),
];
const REMEDY_STAGES: &[(&str, &str)] = &[
    ("investigation", "조사 중"),
    ("provisional", "잠정 조치"),
    ("definitive", "최종(확정) 조치"),
    ("review", "재심"),
    ("terminated", "종료"),
];

const TRADE_REMEDY: &[Field] = &[
    f(
        "measure",
        "조치 종류",
        Kind::Choice(Choices::Fixed(MEASURES)),
        true,
    ),
    f(
        "stage",
        "현재 단계",
        Kind::Choice(Choices::Fixed(REMEDY_STAGES)),
        true,
    ),
    f("initiated", "조사 개시일", Kind::Date, true),
    f("imposed", "부과일", Kind::Date, false),
    f("case_no", "사건 번호", Kind::Text, false),
    f("duty_rate", "관세율", Kind::Text, false),
];
const IMPACT: &[Field] = &[
    f("export_value_usd", "영향 수출액(달러)", Kind::Int, true),
    f("year", "기준 연도", Kind::Int, true),
    f("basis", "근거와 출처", Kind::Text, true),
];
const ACTIONS: &[Field] = &[
    f("date", "날짜", Kind::Date, true),
    f(
        "channel",
        "경로",
        Kind::Choice(Choices::Fixed(CHANNELS)),
        true,
    ),
    f("note", "내용", Kind::Text, true),
];
const NEXT: &[Field] = &[
    f("due", "기한", Kind::Date, true),
    f(
        "channel",
        "경로",
        Kind::Choice(Choices::Fixed(CHANNELS)),
        true,
    ),
    f("note", "내용", Kind::Text, true),
];
const SOURCES: &[Field] = &[
    f("title", "제목", Kind::Text, true),
    f("url", "주소", Kind::Text, true),
    f("publisher", "발행처", Kind::Text, false),
    f("date", "발행일", Kind::Date, false),
];
const TRADE: &[Field] = &[
    f("year", "기준 연도", Kind::Int, true),
    f("exports_usd", "수출액(달러)", Kind::Int, true),
    f("imports_usd", "수입액(달러)", Kind::Int, true),
    f("source", "출처", Kind::Text, true),
    f("source_en", "영어 출처", Kind::Text, false),
];

const CODES: Kind = Kind::TextList {
    quoted: false,
    block: false,
};

/// A barrier file's front matter, in the guide's order (3.5).
pub(crate) const BARRIER: &[Field] = &[
    f("id", "항목 번호", Kind::Text, true),
    f("title", "한국어 제목", Kind::Text, true),
    f("title_en", "영문 제목", Kind::Text, true),
    f("summary", "한국어 요약", Kind::Long, true),
    f("summary_en", "영문 요약", Kind::Long, true),
    f(
        "category",
        "범주",
        Kind::Choice(Choices::Taxonomy("categories")),
        true,
    ),
    f(
        "sectors",
        "산업",
        Kind::ChoiceList(Choices::Taxonomy("sectors")),
        true,
    ),
    f(
        "status",
        "진행 상태",
        Kind::Choice(Choices::Fixed(STATUS)),
        true,
    ),
    f("status_date", "상태에 이른 날", Kind::Date, false),
    f("first_reported", "처음 기록한 날", Kind::Date, true),
    f("last_updated", "최근 사실의 날짜", Kind::Date, true),
    f("sources", "출처", Kind::Rows(SOURCES), true),
    f("trade_remedy", "무역구제", Kind::Group(TRADE_REMEDY), false),
    f(
        "hs_codes",
        "HS 코드",
        Kind::TextList {
            quoted: true,
            block: false,
        },
        false,
    ),
    f("wto_refs", "WTO 문서 기호", CODES, false),
    f("impact", "영향 규모", Kind::Group(IMPACT), false),
    f("related", "관련 항목 id", CODES, false),
    f(
        "stage",
        "작성 단계",
        Kind::Choice(Choices::Fixed(STAGE)),
        false,
    ),
    f(
        "draft",
        "초안 표시(예전 표기)",
        Kind::Choice(Choices::Fixed(DRAFT)),
        false,
    ),
    f("actions", "대응 조치", Kind::Rows(ACTIONS), false),
    f("next", "다음 단계(내부)", Kind::Rows(NEXT), false),
    f("internal", "내부 정보(YAML)", Kind::Yaml, false),
];

const LINES: Kind = Kind::TextList {
    quoted: false,
    block: true,
};

/// A partner profile's front matter, in the guide's order (3.4).
pub(crate) const PROFILE: &[Field] = &[
    f("code", "상대국 코드", Kind::Text, true),
    f("name", "한국어 국가명", Kind::Text, true),
    f("name_en", "영문 국가명", Kind::Text, true),
    f(
        "region",
        "지역",
        Kind::Choice(Choices::Taxonomy("regions")),
        true,
    ),
    f("agreements", "발효된 협정", LINES, true),
    f("trade", "교역 규모", Kind::Group(TRADE), false),
    f("agreements_en", "협정 영문 이름", LINES, false),
    f("aliases", "검색용 다른 이름", CODES, false),
    f("internal", "내부 정보(YAML)", Kind::Yaml, false),
];

/// The field list for a content file name: the profile's for `_partner.md`, else the barrier's.
pub(crate) fn fields_for(file_name: &str) -> &'static [Field] {
    if file_name == "_partner.md" {
        PROFILE
    } else {
        BARRIER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed lists hold exactly the ids the checks accept.
    #[test]
    fn fixed_choices_match_the_model() {
        fn ids(l: &[(&'static str, &str)]) -> Vec<&'static str> {
            l.iter().map(|(id, _)| *id).collect()
        }
        assert_eq!(ids(STATUS), crate::model::Status::IDS);
        assert_eq!(ids(STAGE), crate::model::Stage::IDS);
        assert_eq!(ids(CHANNELS), crate::model::CHANNELS);
        assert_eq!(ids(MEASURES), crate::model::MEASURES);
        assert_eq!(ids(REMEDY_STAGES), crate::model::STAGES);
    }

    /// Every key the checks allow has a control, once, and no other key has one.
    #[test]
    fn the_fields_are_the_keys_the_checks_allow() {
        use crate::validate::*;
        let same = |fields: &[Field], keys: &[&str]| {
            let mut a: Vec<&str> = fields.iter().map(|f| f.key).collect();
            let mut b = keys.to_vec();
            a.sort();
            b.sort();
            assert_eq!(a, b);
        };
        same(BARRIER, BARRIER_KEYS);
        same(PROFILE, PARTNER_KEYS);
        same(TRADE_REMEDY, REMEDY_KEYS);
        same(IMPACT, IMPACT_KEYS);
        same(ACTIONS, ACTION_KEYS);
        same(SOURCES, SOURCE_KEYS);
        same(TRADE, TRADE_KEYS);
        same(NEXT, workflow::NEXT_KEYS);
    }
}
