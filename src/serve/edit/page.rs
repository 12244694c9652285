//! The editor's form page: an entry's values, bodies and diagnostics -> HTML. Input: a [`View`].
//! Output: the page, every value escaped. One control per front-matter key (dropdowns with the
//! taxonomy's Korean labels, date inputs, a row per list item, plus one empty row to add with),
//! each followed by the diagnostics about it. The form works without script: the script only adds
//! rows and shows the body's preview as it is typed.

use super::text::{layout, ScriptFor};
use crate::diagnostics::{Diagnostic, Severity};
use crate::edit::check::{Checked, BODY, BODY_EN, GENERAL};
use crate::edit::form::Values;
use crate::edit::schema::{Choices, Field, Kind};
use crate::model::Taxonomy;
use crate::render::escape::esc as escape;

/// Everything the form page shows.
pub(super) struct View<'a> {
    pub token: &'a str,
    /// `cn/x.md`, or for a new entry the partner folders to choose from.
    pub file: &'a str,
    pub new: Option<NewEntry<'a>>,
    pub fields: &'static [Field],
    pub values: &'a Values,
    pub body: &'a str,
    /// The English body, for a barrier (not a profile).
    pub body_en: Option<&'a str>,
    pub hash: &'a str,
    pub hash_en: &'a str,
    pub checked: &'a Checked,
    /// A line above the form: (`ok` or `error`, text).
    pub message: Option<(&'static str, String)>,
    /// The rendered Korean body.
    pub preview: String,
    /// Keys of the file the form has no control for (kept as written).
    pub other_keys: Vec<String>,
    /// The page in the preview, when the entry has one.
    pub page_url: Option<String>,
}

/// A new entry's place: the partner folder and the file name.
pub(super) struct NewEntry<'a> {
    pub partner: &'a str,
    pub slug: &'a str,
    pub partners: &'a [String],
}

/// The whole page.
pub(super) fn form_page(v: &View<'_>) -> String {
    let mut h = String::new();
    if let Some((class, text)) = &v.message {
        h.push_str(&format!(
            "<p class=\"msg {class}\" role=\"status\">{}</p>\n",
            escape(text)
        ));
    }
    if let Some(url) = &v.page_url {
        h.push_str(&format!(
            "<p><a href=\"{}\">미리 보기 페이지로 돌아가기</a></p>\n",
            escape(url)
        ));
    }
    h.push_str("<form method=\"post\" action=\"/_knte/edit/save\" id=\"editor\" accept-charset=\"utf-8\">\n");
    for (name, value) in [
        ("_token", v.token),
        ("_file", v.file),
        ("_hash", v.hash),
        ("_hash_en", v.hash_en),
    ] {
        h.push_str(&hidden(name, value));
    }
    let diags = |path: &str| -> Vec<&(String, Diagnostic)> {
        v.checked.placed.iter().filter(|(p, _)| p == path).collect()
    };
    h.push_str("<div class=\"field\" id=\"field-_general\">");
    if let Some(n) = &v.new {
        h.push_str(&new_entry(n));
    }
    h.push_str(&diag_list(&diags(GENERAL)));
    h.push_str("</div>\n");
    for f in v.fields {
        h.push_str(&field(f, v));
    }
    if !v.other_keys.is_empty() {
        let known = |p: &str| {
            v.fields.iter().any(|f| top(p) == f.key) || [GENERAL, BODY, BODY_EN].contains(&p)
        };
        let others: Vec<_> = v.checked.placed.iter().filter(|(p, _)| !known(p)).collect();
        h.push_str(&format!(
            "<div class=\"field\" id=\"field-_other\"><p class=\"label\">양식에 없는 필드(쓰인 그대로 둡니다): {}</p>{}</div>\n",
            v.other_keys.iter().map(|k| format!("<code>{}</code>", escape(k))).collect::<Vec<_>>().join(", "),
            diag_list(&others)
        ));
    }
    h.push_str(&format!(
        "<div class=\"pair\"><div class=\"field\" id=\"field-_body\"><label for=\"f-_body\">한국어 본문 (Markdown)</label>\
<textarea name=\"_body\" id=\"f-_body\" rows=\"24\">\n{}</textarea>{}</div>\
<div class=\"preview\"><p class=\"label\">미리 보기</p><div id=\"preview\">{}</div></div></div>\n",
        escape(v.body),
        diag_list(&diags(BODY)),
        v.preview
    ));
    if let Some(en) = v.body_en {
        h.push_str(&format!(
            "<div class=\"field\" id=\"field-_body_en\"><label for=\"f-_body_en\">영문 본문 (Markdown, <code>{}</code>)</label>\
<textarea name=\"_body_en\" id=\"f-_body_en\" rows=\"14\">\n{}</textarea>{}</div>\n",
            escape(&v.file.replace(".md", ".en.md")),
            escape(en),
            diag_list(&diags(BODY_EN))
        ));
    }
    h.push_str(
        "<div class=\"buttons\"><button type=\"submit\" name=\"_action\" value=\"save\" id=\"save\">저장</button> \
<button type=\"submit\" name=\"_action\" value=\"draft\" id=\"save-draft\">초안으로 저장</button> \
<button type=\"submit\" name=\"_action\" value=\"check\" id=\"check\">검사·미리 보기(저장하지 않음)</button></div>\n</form>\n",
    );
    let title = if v.new.is_some() {
        "새 장벽 항목".to_string()
    } else {
        format!("편집: content/{}", v.file)
    };
    layout(&title, &h, ScriptFor::Form)
}

fn top(path: &str) -> &str {
    path.split('.').next().unwrap_or("")
}

fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
        escape(value)
    )
}

fn new_entry(n: &NewEntry<'_>) -> String {
    let options: String = n
        .partners
        .iter()
        .map(|p| {
            format!(
                "<option value=\"{p}\"{}>{p}</option>",
                if p == n.partner { " selected" } else { "" }
            )
        })
        .collect();
    format!(
        "<p class=\"label\">새 파일: <code>content/</code><select name=\"_partner\" id=\"f-_partner\" aria-label=\"상대국 폴더\">{options}</select>\
<code>/</code><input type=\"text\" name=\"_slug\" id=\"f-_slug\" value=\"{}\" aria-label=\"파일 이름(slug)\" pattern=\"[a-z0-9-]+\" placeholder=\"battery-subsidy\"><code>.md</code></p>\
<p class=\"help\">파일 이름은 영문 소문자, 숫자, 하이픈으로 씁니다(1.3). 항목 번호는 그 상대국의 다음 빈 번호입니다.</p>",
        escape(n.slug)
    )
}

/// The diagnostics of a field, as a list beside it.
fn diag_list(items: &[&(String, Diagnostic)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul class=\"diags\">");
    for (path, d) in items {
        let (class, label) = match d.severity {
            Severity::Error => ("error", "오류"),
            Severity::Warning => ("warning", "경고"),
        };
        let row = path
            .split('.')
            .skip(1)
            .find_map(|s| s.parse::<usize>().ok())
            .map(|i| format!("{}번째 줄: ", i + 1))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li class=\"diag {class}\" data-path=\"{}\"><strong>{label}</strong> {}{} <span class=\"where\">({}행)</span>",
            escape(path),
            escape(&row),
            escape(&d.message),
            d.line
        ));
        if let Some(hint) = &d.hint {
            out.push_str(&format!(
                "<br><span class=\"hint\">고칠 방법: {}</span>",
                escape(hint)
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// One field: its label, its control(s) and the diagnostics about it.
fn field(f: &Field, v: &View<'_>) -> String {
    let key = f.key;
    let bad = |name: &str| v.checked.placed.iter().any(|(p, _)| p == name);
    let mine: Vec<_> = v
        .checked
        .placed
        .iter()
        .filter(|(p, _)| p == key || p.starts_with(&format!("{key}.")))
        .collect();
    let required = if f.required {
        " <span class=\"req\">(필수)</span>"
    } else {
        ""
    };
    let label = format!("{} <code>{key}</code>{required}", f.label);
    let control = match f.kind {
        Kind::Group(subs) => {
            let inner: String = subs
                .iter()
                .map(|s| {
                    sub_control(
                        s,
                        &format!("{key}.{}", s.key),
                        v.values.first(&format!("{key}.{}", s.key)),
                        &v.checked.taxonomy,
                        bad(&format!("{key}.{}", s.key)),
                    )
                })
                .collect();
            format!("<fieldset><legend>{label}</legend>{inner}</fieldset>")
        }
        Kind::Rows(subs) => rows(f, subs, &label, v, &bad),
        Kind::ChoiceList(_) | Kind::TextList { .. } => {
            let mut items: Vec<&str> = v
                .values
                .all(key)
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect();
            items.push("");
            let inputs: String = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let name = format!("{key}.{i}");
                    format!(
                        "<li class=\"row\">{}</li>",
                        one(
                            f.kind,
                            key,
                            &format!("f-{name}"),
                            item,
                            &v.checked.taxonomy,
                            bad(&name),
                            f.label
                        )
                    )
                })
                .collect();
            format!("<fieldset><legend>{label}</legend><ul class=\"list\" data-list=\"{key}\">{inputs}</ul>\
<button type=\"button\" class=\"add\" data-add=\"{key}\" hidden>줄 추가</button></fieldset>")
        }
        _ => format!(
            "<label for=\"f-{key}\">{label}</label>{}",
            one(
                f.kind,
                key,
                &format!("f-{key}"),
                v.values.first(key),
                &v.checked.taxonomy,
                bad(key),
                f.label
            )
        ),
    };
    format!(
        "<div class=\"field\" id=\"field-{key}\">{control}{}</div>\n",
        diag_list(&mine)
    )
}

/// A list of groups: one fieldset per row, plus an empty row to add with.
fn rows(
    f: &Field,
    subs: &[Field],
    label: &str,
    v: &View<'_>,
    bad: &dyn Fn(&str) -> bool,
) -> String {
    let key = f.key;
    // Rows left empty are dropped when saving: show the filled ones, then one empty row.
    let filled = |i: &usize| {
        subs.iter().any(|s| {
            !v.values
                .first(&format!("{key}.{i}.{}", s.key))
                .trim()
                .is_empty()
        })
    };
    let mut used: Vec<usize> = v.values.rows(key).into_iter().filter(filled).collect();
    let next = used.last().map_or(0, |l| l + 1);
    used.push(next);
    let mut out =
        format!("<fieldset><legend>{label}</legend><ol class=\"rows\" data-rows=\"{key}\">");
    for (n, i) in used.iter().enumerate() {
        let inner: String = subs
            .iter()
            .map(|s| {
                let name = format!("{key}.{i}.{}", s.key);
                sub_control(
                    s,
                    &name,
                    v.values.first(&name),
                    &v.checked.taxonomy,
                    bad(&format!("{key}.{n}.{}", s.key)) || bad(&format!("{key}.{n}")),
                )
            })
            .collect();
        out.push_str(&format!("<li class=\"row\">{inner}</li>"));
    }
    out.push_str(&format!(
        "</ol><p class=\"help\">줄을 지우려면 그 줄의 칸을 모두 비웁니다.</p><button type=\"button\" class=\"add\" data-add=\"{key}\" hidden>줄 추가</button></fieldset>"
    ));
    out
}

/// A labelled control inside a group or row.
fn sub_control(s: &Field, name: &str, value: &str, tax: &Taxonomy, bad: bool) -> String {
    let id = format!("f-{name}");
    format!(
        "<span class=\"sub\"><label for=\"{id}\">{}</label>{}</span>",
        s.label,
        one(s.kind, name, &id, value, tax, bad, s.label)
    )
}

/// One control named `name` showing `value`.
fn one(
    kind: Kind,
    name: &str,
    id: &str,
    value: &str,
    tax: &Taxonomy,
    bad: bool,
    label: &str,
) -> String {
    let invalid = if bad {
        " aria-invalid=\"true\" class=\"invalid\""
    } else {
        ""
    };
    let (name, value_e) = (escape(name), escape(value));
    let text = |extra: &str| {
        format!(
            "<input type=\"text\" name=\"{name}\" id=\"{id}\" value=\"{value_e}\"{extra}{invalid}>"
        )
    };
    match kind {
        Kind::Long | Kind::Yaml => {
            let rows = if kind == Kind::Yaml { 6 } else { 3 };
            format!("<textarea name=\"{name}\" id=\"{id}\" rows=\"{rows}\"{invalid}>\n{value_e}</textarea>")
        }
        // A value that is not a date stays visible as text, so saving does not lose it.
        Kind::Date if value.is_empty() || is_date(value) => {
            format!(
                "<input type=\"date\" name=\"{name}\" id=\"{id}\" value=\"{value_e}\"{invalid}>"
            )
        }
        Kind::Int => text(" inputmode=\"numeric\""),
        Kind::Choice(c) | Kind::ChoiceList(c) => select(&name, id, value, c, tax, invalid, label),
        _ => text(""),
    }
}

fn is_date(v: &str) -> bool {
    v.len() == 10 && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok()
}

fn select(
    name: &str,
    id: &str,
    value: &str,
    c: Choices,
    tax: &Taxonomy,
    invalid: &str,
    label: &str,
) -> String {
    let list: Vec<(String, String)> = match c {
        Choices::Fixed(l) => l
            .iter()
            .map(|(id, ko)| (id.to_string(), ko.to_string()))
            .collect(),
        Choices::Taxonomy(which) => {
            let terms = match which {
                "categories" => &tax.categories,
                "sectors" => &tax.sectors,
                _ => &tax.regions,
            };
            terms.iter().map(|t| (t.id.clone(), t.ko.clone())).collect()
        }
    };
    let mut opts = String::from("<option value=\"\">(선택 안 함)</option>");
    if !value.is_empty() && !list.iter().any(|(id, _)| id == value) {
        opts.push_str(&format!(
            "<option value=\"{0}\" selected>{0} (목록에 없음)</option>",
            escape(value)
        ));
    }
    for (oid, ko) in &list {
        let sel = if oid == value { " selected" } else { "" };
        opts.push_str(&format!(
            "<option value=\"{}\"{sel}>{} ({})</option>",
            escape(oid),
            escape(ko),
            escape(oid)
        ));
    }
    format!(
        "<select name=\"{name}\" id=\"{id}\" aria-label=\"{}\"{invalid}>{opts}</select>",
        escape(label)
    )
}
