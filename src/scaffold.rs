//! Scaffolding for `knte new`: a partner code and a slug -> a new barrier file,
//! `content/<partner>/<slug>.md`, with the partner's next free id, today's date, every required
//! field under a short Korean comment, placeholder values marked `TODO` and the body's usual
//! sections. Input: the root folder, the partner and slug given on the command line, today's
//! date. Output: the file written (never over an existing one), or why not. [`template`] and
//! [`next_id`] are pure; [`create`] reads the partner folder and writes the one new file.

use crate::diagnostics::did_you_mean;
use crate::load::{is_partner_code, is_slug};
use crate::model::ID_DIGITS_MAX;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The text every placeholder starts with; `knte check` refuses values and body lines that
/// still start with it.
pub const PLACEHOLDER: &str = "TODO";

/// Why no file was written (exit status 2).
#[derive(Debug)]
pub struct NewError {
    pub message: String,
    pub hint: String,
}

/// What was written.
#[derive(Debug)]
pub struct Created {
    /// `content/cn/x.md`, relative to the root.
    pub rel: String,
    pub path: PathBuf,
    pub id: String,
}

/// Writes `content/<partner>/<slug>.md` under `root`.
pub fn create(
    root: &Path,
    partner: &str,
    slug: &str,
    today: NaiveDate,
) -> Result<Created, NewError> {
    if !root.join("content").is_dir() {
        return Err(NewError {
            message: format!("there is no content/ folder in {}", root.display()),
            hint: "run knte new in the folder that holds content/, or pass --root DIR".into(),
        });
    }
    // The content as the loader reads it (regular files only, NFC): its problems are knte check's
    // to report; here only the partner folders and their barriers' ids matter.
    let (loaded, _) = crate::load::load(root).map_err(|e| NewError {
        message: e.message,
        hint: e.hint,
    })?;
    let partners: Vec<String> = loaded.partners.iter().map(|p| p.code.clone()).collect();
    let dir = root.join("content").join(partner);
    if !is_partner_code(partner) || !partners.iter().any(|p| p == partner) {
        let sug = did_you_mean(partner, partners.iter().map(String::as_str))
            .map(|s| format!(" (did you mean '{s}'?)"))
            .unwrap_or_default();
        return Err(NewError {
            message: format!("there is no partner folder content/{partner}/{sug}"),
            hint: if partners.is_empty() {
                "create the partner's folder with its _partner.md first (see docs/작성안내.md)"
                    .into()
            } else {
                format!(
                    "give one of the partner codes: {}; a new partner needs its folder and _partner.md first (ask the editor)",
                    partners.join(", ")
                )
            },
        });
    }
    let slug = slug.strip_suffix(".md").unwrap_or(slug);
    slug_ok(slug)?;
    let rel = format!("content/{partner}/{slug}.md");
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(NewError {
            message: format!("{rel} already exists; nothing was written"),
            hint: "choose another slug, or open the existing file to edit it".into(),
        });
    }
    let id = next_id(partner, barrier_texts(&loaded, partner)).ok_or_else(|| NewError {
        message: format!(
            "content/{partner}/ has no free id left (ids have at most {ID_DIGITS_MAX} digits)"
        ),
        hint: "check the id: lines of the partner's files for a mistyped number".into(),
    })?;
    let text = template(&id, today);
    // `create_new` refuses a file that appeared since the check above.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    written.map_err(|e| NewError {
        message: format!("cannot write {rel}: {e}"),
        hint: if e.kind() == std::io::ErrorKind::AlreadyExists {
            "choose another slug, or open the existing file to edit it".into()
        } else {
            format!("check that you can write to content/{partner}/")
        },
    })?;
    Ok(Created { rel, path, id })
}

/// Whether `slug` may name a new barrier file; why not, if it may not.
fn slug_ok(slug: &str) -> Result<(), NewError> {
    if is_slug(slug) && !slug.ends_with(".en") {
        return Ok(());
    }
    Err(NewError {
        message: format!("'{slug}' is not a valid file name for a barrier"),
        hint: if crate::load::is_windows_device(slug) {
            format!("on Windows, {slug} names a device, not a file: choose another name, e.g. {slug}-rules")
        } else {
            format!(
                "use lowercase English letters, digits and hyphens only, e.g. {}",
                suggest_slug(slug)
            )
        },
    })
}

/// The text of every barrier file (`<slug>.md`, not `.en.md` or `_partner.md`) the loader read
/// in a partner's folder.
pub(crate) fn barrier_texts<'l>(
    loaded: &'l crate::load::Loaded,
    partner: &'l str,
) -> impl Iterator<Item = &'l str> {
    loaded
        .partners
        .iter()
        .filter(move |p| p.code == partner)
        .flat_map(|p| p.files.iter())
        .filter(|(kind, _)| matches!(kind, crate::load::EntryKind::Barrier { .. }))
        .map(|(_, src)| src.text.as_str())
}

/// The partner's next free id: the highest number among the `id:` lines of `texts` (for this
/// partner's prefix) plus one, at least three digits: `CN-004`.
/// `None` when the highest number has no successor of at most [`ID_DIGITS_MAX`] digits.
pub(crate) fn next_id<'a>(
    partner: &str,
    texts: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let ids = texts.into_iter().flat_map(str::lines).filter_map(|line| {
        let v = line.strip_prefix("id:")?;
        Some(v.split('#').next()?.trim().trim_matches(['"', '\'']))
    });
    next_id_among(partner, ids)
}

/// The partner's next free id after `ids` (`CN-002`, `JP-001`...; other partners' ids and what is
/// not an id are passed over): the highest number with this partner's prefix plus one.
pub(crate) fn next_id_among<'a>(
    partner: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let prefix = format!("{}-", partner.to_uppercase());
    let highest = ids
        .into_iter()
        .filter_map(|v| {
            let n = v.strip_prefix(prefix.as_str())?;
            // Longer numbers are refused by knte check; they cannot push the count past the end.
            (n.len() <= ID_DIGITS_MAX).then(|| n.parse::<u64>().ok())?
        })
        .max()
        .unwrap_or(0);
    let next = format!("{prefix}{:03}", highest + 1);
    (next.len() - prefix.len() <= ID_DIGITS_MAX).then_some(next)
}

/// The new file's text.
pub(crate) fn template(id: &str, today: NaiveDate) -> String {
    let date = today.format("%Y-%m-%d");
    format!(
        r#"---
# 항목 번호: 이 상대국의 다음 빈 번호로 자동 부여했습니다. 바꾸지 마십시오.
id: {id}
# 한국어 제목: 조치를 짧고 구체적으로 (따옴표까지 값 전체를 바꿉니다)
title: "{p}: 한국어 제목"
# 영문 제목
title_en: "{p}: English title"
# 한국어 요약: 한두 문장, 300자 이내, 서식 없는 글
summary: "{p}: 한국어 요약 한두 문장"
# 영문 요약: 한두 문장, 300자 이내
summary_en: "{p}: English summary in one or two sentences"
# 범주 id 하나: content/_taxonomy.yaml의 categories (예: tbt, sps, customs, trade_remedies)
category: {p}
# 산업 id 목록(하나 이상): _taxonomy.yaml의 sectors (예: [cosmetics], [food, agriculture_fisheries])
sectors: [{p}]
# 진행 상태: open(미해결), in_progress(협의 진행 중), resolved_in_part(일부 해소), resolved(해소)
# open이 아니면 그 상태에 이른 날을 status_date: YYYY-MM-DD로 덧붙입니다.
status: open
# 처음 기록한 날 (YYYY-MM-DD): 오늘 날짜로 넣었습니다. 조치 시행일 등으로 고칩니다.
first_reported: {date}
# 항목에 담긴 가장 최근 사실의 날짜 (YYYY-MM-DD)
last_updated: {date}
# 작성 단계: draft(초안) -> circulated(회람 중) -> approved(승인). 공개판에는 승인된 항목만 실립니다.
stage: draft
# 출처 목록(하나 이상): 제목, 전체 주소(https://...), 발행처, 발행일
sources:
  - title: "{p}: 자료 제목"
    url: "{p}: https://로 시작하는 전체 주소"
    publisher: "{p}: 발행처"
    date: {date}
---
## 현황

{p}: 조치의 내용, 근거 법령, 시행일을 사실마다 날짜와 함께 씁니다.

## 우리 기업 영향

{p}: 우리 기업과 수출에 미치는 영향을 씁니다.

## 대응 및 진전

{p}: 우리 정부의 대응과 상대국의 변화를 씁니다.
"#,
        p = PLACEHOLDER
    )
}

fn suggest_slug(s: &str) -> String {
    crate::load::suggest_slug(s).unwrap_or_else(|| "cosmetics-registration".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_id_is_the_highest_plus_one() {
        let texts = [
            "---\nid: CN-002\n---\n",
            "---\nid: \"CN-010\"  # quoted\n---\n",
            "---\nid: JP-099\n---\n",
            "---\ntitle: x\n---\n",
        ];
        assert_eq!(next_id("cn", texts).as_deref(), Some("CN-011"));
        assert_eq!(next_id("vn", texts).as_deref(), Some("VN-001"));
        assert_eq!(next_id("eu", ["id: EU-999"]).as_deref(), Some("EU-1000"));
        // A number too long to be an id is ignored; the last id has no successor.
        assert_eq!(
            next_id("cn", ["id: CN-18446744073709551615", "id: CN-002"]).as_deref(),
            Some("CN-003")
        );
        assert_eq!(next_id("cn", ["id: CN-999999"]), None);
        assert_eq!(
            next_id_among("cn", ["CN-004", "JP-009", "x"]).as_deref(),
            Some("CN-005")
        );
    }

    #[test]
    fn template_has_every_required_field_and_section() {
        let t = template("CN-003", NaiveDate::from_ymd_opt(2026, 3, 5).unwrap());
        for key in [
            "id: CN-003",
            "title:",
            "title_en:",
            "summary:",
            "summary_en:",
            "category:",
            "sectors:",
            "status: open",
            "first_reported: 2026-03-05",
            "last_updated: 2026-03-05",
            "stage: draft",
            "sources:",
            "## 현황",
            "## 우리 기업 영향",
            "## 대응 및 진전",
        ] {
            assert!(t.contains(key), "{key}");
        }
    }
}
