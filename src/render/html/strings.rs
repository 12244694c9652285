//! The site's interface text in Korean and English, handed to every template as `t`.
//! Content text (titles, bodies) comes from the content; only the labels around it live here.

use super::super::Lang;
use std::collections::BTreeMap;

const KO_EN: &[(&str, &str, &str)] = &[
    ("lang_name", "한국어", "English"),
    ("other_lang_name", "English", "한국어"),
    ("switch_lang", "English version", "한국어 페이지"),
    ("skip", "본문 바로가기", "Skip to content"),
    ("home", "처음", "Home"),
    ("partners", "국가별", "Partners"),
    ("sectors", "산업별", "Sectors"),
    ("categories", "분야별", "Categories"),
    ("hs", "품목(HS)별", "Products (HS)"),
    ("hs_intro", "수출 품목의 HS 코드로 장벽을 찾습니다. 류(2단위) 아래에 이번 판의 장벽이 적은 호(4단위)를 모두 보여 줍니다.", "Find barriers by the HS code of an exported product. Under each chapter (2 digits) are the headings (4 digits) that this edition's barriers name."),
    ("hs_chapter", "제", "Chapter "),
    ("hs_chapter_suffix", "류", ""),
    ("hs_chapter_only", "류 전체에 걸친 장벽", "barriers on the whole chapter"),
    ("hs_heading_lead", "이 호(4단위)나 그 아래 소호를 적은 장벽", "Barriers naming this heading (4 digits) or a subheading under it"),
    ("hs_names_source", "류 명칭: HS 2022 (세계관세기구, 관세청)", "Chapter names: HS 2022 (World Customs Organization)"),
    ("database", "데이터베이스", "Database"),
    ("downloads", "내려받기", "Downloads"),
    ("about", "보고서 소개", "About"),
    ("main_nav", "주 메뉴", "Main menu"),
    ("menu", "메뉴", "Menu"),
    ("official_banner", "이 누리집은 대한민국 공식 전자정부 누리집입니다.", "An official website of the Government of the Republic of Korea."),
    ("official_how", "공식 누리집 확인 방법", "How to tell"),
    ("official_domain", "공식 누리집의 주소는 go.kr로 끝납니다.", "Official Korean government websites end in go.kr."),
    ("official_https", "주소창의 자물쇠 표시는 누리집과 보안 연결(https)되어 있다는 뜻입니다. 자물쇠가 없으면 개인정보를 입력하지 마십시오.", "A padlock in the address bar means a secure (https) connection. Without it, do not enter personal information."),
    ("report", "무역장벽 제보", "Report a barrier"),
    ("report_this", "이 장벽에 대한 정보 제공", "Give information on this barrier"),
    ("privacy_policy", "개인정보처리방침", "Privacy policy"),
    ("copyright_policy", "저작권정책", "Copyright policy"),
    ("accessibility_policy", "웹접근성 정책", "Accessibility statement"),
    ("address", "주소", "Address"),
    ("phone", "전화", "Telephone"),
    ("email", "전자우편", "E-mail"),
    ("homepage", "누리집", "Website"),
    ("contact", "연락처", "Contact"),
    ("table", "표", "Table"),
    ("kogl", "공공누리", "KOGL"),
    ("breadcrumb", "현재 위치", "You are here"),
    ("sample_banner", "표본판: 보고서 체계를 보여 주기 위한 예시 내용입니다.", "Sample edition: illustrative content."),
    ("edition", "년판", " edition"),
    ("search", "검색", "Search"),
    ("search_label", "무역장벽 검색", "Search the barriers"),
    ("search_placeholder", "품목, 국가, HS 코드 (예: 화장품, 3304)", "Product, partner or HS code (e.g. cosmetics, 3304)"),
    ("barriers", "무역장벽", "Barriers"),
    ("barrier_count", "건", " barriers"),
    ("at_a_glance", "한눈에 보는 이번 판", "This edition at a glance"),
    ("by_category", "분야별 장벽 수", "Barriers by category"),
    ("by_partner", "국가별 장벽 수", "Barriers by partner"),
    ("by_sector", "산업별 장벽 수", "Barriers by sector"),
    ("by_status", "진행 상황별 장벽 수", "Barriers by status"),
    ("new_in_edition", "이번 판에 새로 실린 장벽", "New in this edition"),
    ("latest_updates", "최근 갱신된 장벽", "Latest updates"),
    ("all_barriers", "전체 장벽 보기", "See all barriers"),
    ("partner", "상대국", "Partner"),
    ("region", "지역", "Region"),
    ("category", "분야", "Category"),
    ("sector", "산업", "Sector"),
    ("status", "진행 상황", "Status"),
    ("status_date", "상황 기준일", "Status as of"),
    ("first_reported", "최초 보고", "First reported"),
    ("last_updated", "최종 갱신", "Last updated"),
    ("year_first_reported", "최초 보고 연도", "Year first reported"),
    ("hs_codes", "HS 코드", "HS codes"),
    ("wto_refs", "WTO 통보문", "WTO notifications"),
    ("trade_remedy", "무역구제 조사 정보", "Trade-remedy case"),
    ("measure", "조치 유형", "Measure"),
    ("stage", "단계", "Stage"),
    ("initiated", "조사 개시", "Initiated"),
    ("imposed", "부과", "Imposed"),
    ("case_no", "사건 번호", "Case number"),
    ("duty_rate", "관세율", "Duty rate"),
    ("impact", "영향 규모", "Estimated exposure"),
    ("impact_value", "관련 수출액", "Exports concerned"),
    ("actions", "우리 정부 대응 경과", "Korea's response"),
    ("action_date", "일자", "Date"),
    ("action_channel", "경로", "Channel"),
    ("action_note", "내용", "Note"),
    ("sources", "출처", "Sources"),
    ("related", "관련 장벽", "Related barriers"),
    ("details", "기본 정보", "Key facts"),
    ("description", "상세 내용", "Description"),
    ("summary", "요약", "Summary"),
    ("korean_only_note", "", "The full text of this entry is in Korean. The English summary is shown above; the Korean page has the whole description."),
    ("korean_only_link", "", "Read the full text in Korean"),
    ("korean_text", "", "Korean text"),
    ("profile", "개황", "Profile"),
    ("agreements", "우리나라와의 통상협정", "Trade agreements with Korea"),
    ("no_agreements", "발효 중인 통상협정이 없습니다.", "No trade agreement in force."),
    ("trade_figures", "교역 규모", "Trade with Korea"),
    ("exports", "대상국 수출", "Korea's exports"),
    ("imports", "대상국 수입", "Korea's imports"),
    ("trade_source", "자료", "Source"),
    ("overview_korean_only", "", "The partner overview is written in Korean."),
    ("barriers_by_category", "분야별 장벽", "Barriers by category"),
    ("partner_chapter", "국가별 장(章)", "Partner chapter"),
    ("view_partner", "이 국가의 장 전체 보기", "See the whole partner chapter"),
    ("filter", "조건 선택", "Filters"),
    ("filter_button", "필터", "Filters"),
    ("all", "전체", "All"),
    ("apply", "적용", "Apply"),
    ("reset", "초기화", "Reset"),
    ("results", "검색 결과", "Results"),
    ("showing", "건 표시", " shown"),
    ("of_total", "전체", "of"),
    ("no_results", "조건에 맞는 장벽이 없습니다.", "No barrier matches these filters."),
    ("sort_hint", "열 제목을 누르면 정렬됩니다.", "Select a column heading to sort."),
    ("noscript_db", "자바스크립트가 꺼져 있어 전체 목록을 표시합니다. 조건 검색은 자바스크립트가 필요합니다.", "JavaScript is off, so every barrier is listed. Filtering and search need JavaScript."),
    ("id", "번호", "ID"),
    ("title", "제목", "Title"),
    ("data_files", "데이터 파일", "Data files"),
    ("data_dictionary", "데이터 사전: 필드와 코드의 뜻", "Data dictionary: what each field and code means"),
    ("updated_on", "갱신일", "Updated"),
    ("all_barriers_feed", "모든 장벽", "All barriers"),
    ("report_files", "보고서 PDF", "Report PDFs"),
    ("consolidated_report", "종합 보고서", "Consolidated report"),
    ("partner_reports", "국가별 보고서", "Partner reports"),
    ("file", "파일", "File"),
    ("format", "형식", "Format"),
    ("size", "크기", "Size"),
    ("json_desc", "모든 항목과 필드 (스키마 버전 포함)", "Every entry and field, with a versioned schema"),
    ("csv_desc", "엑셀에서 바로 열리는 UTF-8 CSV", "UTF-8 CSV that opens in Excel"),
    ("xlsx_desc", "필터와 열 너비를 갖춘 엑셀 통합문서", "Excel workbook with filters and column widths"),
    ("report_form", "무역장벽 신고 양식", "Trade barrier report form"),
    ("report_form_desc", "업계 설문에 쓰는 빈 양식입니다. 장벽 하나를 한 행에 적어 보내 주시면 작업반이 검토해 보고서에 반영합니다. 제출 기관과 연락처는 공개되지 않습니다.", "The blank survey form: write one barrier per row and send it to the task force, which reviews each one for the report. Who submitted it and the contact are never published."),
    ("feeds", "새 소식 구독 (Atom)", "Subscribe (Atom feeds)"),
    ("feed_for", "구독", "feed"),
    ("not_found", "페이지를 찾을 수 없습니다", "Page not found"),
    ("not_found_text", "주소가 바뀌었거나 없는 페이지입니다. 아래에서 찾아보십시오.", "The address may have changed or the page does not exist. Try one of these."),
    ("publisher", "발간", "Published by"),
    ("published", "발간일", "Published"),
    ("method", "작성 방법", "Method"),
    ("status_meanings", "진행 상황의 뜻", "What each status means"),
    ("category_list", "분야 구분", "The categories"),
    ("foreword", "발간사", "Foreword"),
    ("count", "건수", "Count"),
    ("chart_note", "막대 옆 숫자는 장벽 수입니다.", "The number beside each bar is the count of barriers."),
    ("map_title", "지도로 보는 상대국별 무역장벽", "Barriers by partner on the map"),
    ("map_note", "색이 진할수록 공개된 장벽이 많습니다. 지역 공동체(EU 등)는 회원국 전체를 칠하고, 이 축척의 지도에 나타나지 않는 작은 상대국은 점으로 표시합니다. 상대국을 누르면 그 장으로 갑니다.", "The darker the shade, the more barriers are listed. A bloc (such as the EU) is shaded over all its member states; a partner too small for a map of this scale is a dot. Select a partner to open its chapter."),
    ("map_legend", "장벽 수", "Barriers"),
    ("map_table", "지도 내용을 표로 보기", "Show the map as a table"),
    ("map_label", "세계 지도", "World map"),
    ("map_none", "장벽 없음·수록 대상 아님", "No barriers listed"),
    ("map_dot", "점으로 표시", "shown as a dot"),
    ("map_not_drawn", "지도에 없음", "not on the map"),
    ("listed_in", "수록", "listed"),
    ("more", "더 보기", "More"),
    ("changes", "지난 판 대비 변동", "Changes since the previous edition"),
    ("changes_new", "새로 실린 장벽", "New barriers"),
    ("changes_resolved", "해소된 장벽", "Resolved barriers"),
    ("changes_changed", "진행 상황이 바뀐 장벽", "Status changes"),
    ("changes_dropped", "이번 판에서 빠진 장벽", "Barriers no longer listed"),
    ("changes_none", "해당 없음", "None"),
    ("circulation_banner", "회람판: 아직 승인되지 않은 항목과 내부 정보가 들어 있습니다. 외부에 공개하거나 전달하지 마십시오.", "Circulation edition: holds entries not yet approved and internal notes. Do not publish or forward it."),
    ("workflow_stage", "작성 단계", "Stage"),
    ("internal", "내부 정보", "Internal information (내부 정보)"),
    ("internal_note", "작업반 내부용이며 공개판에는 실리지 않습니다.", "For the task force only; never in the public edition."),
];

/// The labels for `lang`.
pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    KO_EN
        .iter()
        .map(|(k, ko, en)| (*k, if lang == Lang::Ko { *ko } else { *en }))
        .collect()
}

/// One interface text in `lang` (empty for an unknown key), without building the whole table.
pub fn text(lang: Lang, key: &str) -> &'static str {
    KO_EN
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, ko, en)| if lang == Lang::Ko { *ko } else { *en })
}

/// Labels of the closed lists that are not in the taxonomy: statuses, measures, stages, channels.
pub fn label(lang: Lang, id: &str) -> &'static str {
    let (ko, en) = match id {
        "open" => ("미해결", "Open"),
        "in_progress" => ("협의 진행 중", "In progress"),
        "resolved_in_part" => ("일부 해소", "Partly resolved"),
        "resolved" => ("해소", "Resolved"),
        "anti_dumping" => ("반덤핑", "Anti-dumping"),
        "countervailing" => ("상계관세", "Countervailing"),
        "safeguard" => ("세이프가드", "Safeguard"),
        "anti_circumvention" => ("우회방지", "Anti-circumvention"),
        "investigation" => ("조사 중", "Investigation"),
        "provisional" => ("잠정 조치", "Provisional measures"),
        "definitive" => ("최종 조치", "Definitive measures"),
        "review" => ("재심", "Review"),
        "terminated" => ("종료", "Terminated"),
        "bilateral" => ("양자 협의", "Bilateral talks"),
        "fta_committee" => ("FTA 이행위원회", "FTA committee"),
        "wto_tbt_committee" => ("WTO TBT 위원회", "WTO TBT Committee"),
        "wto_sps_committee" => ("WTO SPS 위원회", "WTO SPS Committee"),
        "wto_dispute" => ("WTO 분쟁해결", "WTO dispute settlement"),
        "public_comment" => ("의견서 제출", "Public comment"),
        "other" => ("기타", "Other"),
        _ => ("", ""),
    };
    if lang == Lang::Ko {
        ko
    } else {
        en
    }
}

/// What each status means, for the about page.
pub fn status_meaning(lang: Lang, id: &str) -> &'static str {
    let (ko, en) = match id {
        "open" => (
            "조치가 시행 중이며 개선이 확인되지 않았습니다.",
            "The measure applies and no improvement has been secured.",
        ),
        "in_progress" => (
            "상대국과 협의 중이거나 상대국이 개정 절차를 밟고 있습니다.",
            "Talks are under way, or the partner is amending the measure.",
        ),
        "resolved_in_part" => (
            "일부 품목·절차에서 개선되었으나 장벽이 남아 있습니다.",
            "Improved for some products or procedures; the barrier remains in part.",
        ),
        "resolved" => (
            "조치가 철회되거나 개선되어 더 이상 장벽이 아닙니다.",
            "The measure was withdrawn or changed and no longer restricts exports.",
        ),
        _ => ("", ""),
    };
    if lang == Lang::Ko {
        ko
    } else {
        en
    }
}

/// A US-dollar amount for people: `$1.5 billion` / `15억 달러`.
pub fn usd(lang: Lang, value: i64) -> String {
    let v = value as f64;
    match lang {
        Lang::Ko => {
            let eok = v / 1e8;
            if eok >= 1.0 {
                format!("{}억 달러", group_digits(eok.round() as i64))
            } else {
                format!("{}만 달러", group_digits((v / 1e4).round() as i64))
            }
        }
        Lang::En => {
            if v >= 1e9 {
                format!("US${:.1} billion", v / 1e9)
            } else {
                format!("US${:.1} million", v / 1e6)
            }
        }
    }
}

pub fn group_digits(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A file size for people: `1.2 MB`, `840 KB`.
pub fn file_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", (bytes as f64 / 1000.0).ceil() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique() {
        let mut keys: Vec<_> = KO_EN.iter().map(|x| x.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(usd(Lang::Ko, 1_500_000_000), "15억 달러");
        assert_eq!(usd(Lang::Ko, 133_000_000_000), "1,330억 달러");
        assert_eq!(usd(Lang::En, 1_500_000_000), "US$1.5 billion");
        assert_eq!(file_size(1_234_567), "1.2 MB");
        assert_eq!(file_size(840_001), "841 KB");
    }
}
