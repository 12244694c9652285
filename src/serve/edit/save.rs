//! The editor's actions: opening a file (as a form, or as text when the form cannot show it),
//! starting a new entry from `knte new`'s template, and saving. Input: the editor, a file name or
//! the submitted form's values. Output: the answer (a page, or a redirect after a save) and, for a
//! save that passes the checks or is saved as a draft, the files written through [`store`].

use super::page::{form_page, NewEntry, View};
use super::store::{self, Target, WriteError};
use super::text::{conflict_page, text_page};
use super::{fields_of, refuse, render_body, Editor};
use crate::edit::check::{Checked, Proposed};
use crate::edit::form::{from_yaml, Values};
use crate::edit::write::{self, NotParsed};
use crate::serve::http::Answer;

/// The editor's page for an existing file.
pub(super) fn open(ed: &Editor, name: &str, saved: bool) -> Answer {
    let target = match store::target(&ed.root, name) {
        Ok(t) => t,
        Err(e) => return refuse(404, &e),
    };
    let (text, hash) = match read_text(&target) {
        Ok(Some(found)) => found,
        Ok(None) => {
            return refuse(
                404,
                &format!("content/{name} 파일이 없습니다 (no such file)"),
            )
        }
        Err(e) => return refuse(422, &e),
    };
    let (text_en, hash_en) = match target.english().map(|en| read_text(&en)) {
        Some(Ok(Some(found))) => found,
        Some(Err(e)) => return refuse(422, &e),
        _ => (String::new(), store::fingerprint(None)),
    };
    let message = saved.then(|| ("ok", "저장했습니다.".to_string()));
    let p = match write::parse(&text) {
        Ok(p) => p,
        Err(np) => {
            return ed.page(
                200,
                text_page(&ed.token, name, &text, &hash, (np.line, &np.message), None),
            )
        }
    };
    let values = match from_yaml(fields_of(&target), &p.root, &|k| p.raw(k)) {
        Ok(v) => v,
        Err(key) => {
            let line = p
                .blocks
                .iter()
                .find(|b| b.key == key)
                .map_or(1, |b| b.lines.start + 2);
            let why = format!("'{key}'의 값은 양식의 칸에 담을 수 없는 모양입니다 (the form has no control for this value)");
            return ed.page(
                200,
                text_page(&ed.token, name, &text, &hash, (line, &why), None),
            );
        }
    };
    let mut files = vec![Proposed {
        rel: &target.rel,
        text: &text,
    }];
    let en = target.english();
    if let Some(en) = en.as_ref().filter(|_| hash_en != store::fingerprint(None)) {
        files.push(Proposed {
            rel: &en.rel,
            text: &text_en,
        });
    }
    let checked = ed.check(&files);
    let body = p.body.to_string();
    let form = Form {
        target: &target,
        values: &values,
        body: &body,
        body_en: &text_en,
        hash: &hash,
        hash_en: &hash_en,
        new: None,
    };
    ed.page(200, form.render(ed, &checked, message, other_keys(&p)))
}

/// A new entry's page: `knte new`'s template for the partner's next id, the file name to choose.
pub(super) fn open_new(ed: &Editor, partner: String) -> Answer {
    let partners = partner_folders(ed);
    let Some(partner) = partners
        .iter()
        .find(|p| **p == partner)
        .or(partners.first())
        .cloned()
    else {
        return refuse(404, "content/ 안에 상대국 폴더가 없습니다: 편집 책임자가 폴더와 _partner.md를 먼저 만듭니다");
    };
    let text = template(ed, &partner);
    let Ok(p) = write::parse(&text) else {
        return refuse(500, "the new entry's template cannot be read");
    };
    let Ok(values) = from_yaml(crate::edit::schema::BARRIER, &p.root, &|k| p.raw(k)) else {
        return refuse(500, "the new entry's template cannot be shown");
    };
    let checked = ed.check(&[]);
    let none = store::fingerprint(None);
    let new = NewEntry {
        partner: &partner,
        slug: "",
        partners: &partners,
    };
    let body = p.body.to_string();
    let target = Target {
        name: String::new(),
        rel: String::new(),
        path: Default::default(),
    };
    let form = Form {
        target: &target,
        values: &values,
        body: &body,
        body_en: "",
        hash: &none,
        hash_en: &none,
        new: Some(new),
    };
    ed.page(200, form.render(ed, &checked, None, Vec::new()))
}

// Long: one save, in the order the checks must run (token, path, conflict, parse, checks, write); splitting it would hide that order.
/// Saves (or only checks) a submitted form.
pub(super) fn save(ed: &Editor, posted: &Values) -> Answer {
    if posted.first("_mode") == "text" {
        return save_text(ed, posted);
    }
    let file = posted.first("_file");
    let is_new = file.is_empty();
    let (partner, slug) = (
        posted.first("_partner"),
        posted.first("_slug").trim().trim_end_matches(".md"),
    );
    let name = if is_new {
        format!("{partner}/{slug}.md")
    } else {
        file.to_string()
    };
    let target = match store::target(&ed.root, &name) {
        Ok(t) => t,
        Err(e) => return refuse(403, &format!("저장하지 않았습니다: {e}")),
    };
    let disk = match store::read(&target.path) {
        Ok(d) => d,
        Err(e) => return refuse(500, &e),
    };
    let base = match (&disk, is_new) {
        (None, true) => template(ed, partner),
        (Some(bytes), false) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    };
    let base = crate::load::split::normalize(&base);
    let mut values = posted.clone();
    let action = posted.first("_action");
    if action == "draft" {
        values.set("stage", "draft");
        if values.first("draft").trim() == "false" {
            values.set("draft", "");
        }
    }
    let fields = fields_of(&target);
    let proposed = write::rewrite(&base, fields, &values, values.first("_body"));
    if store::fingerprint(disk.as_deref()) != posted.first("_hash") {
        let mine = proposed
            .clone()
            .unwrap_or_else(|_| values.first("_body").to_string());
        let disk = disk.as_deref().map(String::from_utf8_lossy);
        let overwrite = (!is_new).then(|| store::fingerprint(disk.as_ref().map(|d| d.as_bytes())));
        let html = conflict_page(
            &ed.token,
            &name,
            &target.rel,
            disk.as_deref(),
            &mine,
            overwrite.as_deref(),
        );
        return ed.page(409, html);
    }
    let text = match proposed {
        Ok(t) => t,
        Err(np) => {
            return ed.page(
                200,
                text_page(
                    &ed.token,
                    &name,
                    &base,
                    posted.first("_hash"),
                    (np.line, &np.message),
                    None,
                ),
            )
        }
    };
    let en = English::read(&target, &values);
    let en = match en {
        Ok(en) => en,
        Err(answer) => return answer,
    };
    if let Some(en) = &en {
        if store::fingerprint(en.disk.as_deref().map(str::as_bytes)) != posted.first("_hash_en") {
            let html = conflict_page(
                &ed.token,
                &name,
                &en.target.rel,
                en.disk.as_deref(),
                &en.text,
                None,
            );
            return ed.page(409, html);
        }
    }
    let mut files = vec![Proposed {
        rel: &target.rel,
        text: &text,
    }];
    if let Some(en) = en.as_ref().filter(|e| e.disk.is_some() || e.changed()) {
        files.push(Proposed {
            rel: &en.target.rel,
            text: &en.text,
        });
    }
    let mut checked = ed.check(&files);
    let parse_error = write::parse(&text).err();
    if let Some(np) = &parse_error {
        let d = crate::diagnostics::Diagnostic::error(
            &target.rel,
            crate::diagnostics::Pos::new(np.line, 1),
            np.message.clone(),
        );
        checked
            .placed
            .insert(0, (crate::edit::check::GENERAL.to_string(), d));
    }
    let errors = checked.errors();
    let refused = parse_error.is_some() || (action != "draft" && errors > 0);
    if action == "check" || action.is_empty() || refused {
        let message = if parse_error.is_some() {
            (
                "error",
                "저장하지 않았습니다: 머리말을 YAML로 읽을 수 없습니다. 표시된 곳을 고치십시오."
                    .to_string(),
            )
        } else if action == "check" || action.is_empty() {
            (
                "ok",
                format!(
                    "검사했습니다(저장하지 않음): 오류 {errors}개, 경고 {}개.",
                    checked.placed.len() - errors
                ),
            )
        } else {
            ("error", format!("저장하지 않았습니다: 오류 {errors}개를 고치거나, 작성 중이면 \"초안으로 저장\"을 누르십시오."))
        };
        let body_en = en.as_ref().map_or("", |e| e.text.as_str());
        let partners = partner_folders(ed);
        let new = is_new.then_some(NewEntry {
            partner,
            slug,
            partners: &partners,
        });
        let form = Form {
            target: &target,
            values: &values,
            body: values.first("_body"),
            body_en,
            hash: posted.first("_hash"),
            hash_en: posted.first("_hash_en"),
            new,
        };
        let status = if refused { 422 } else { 200 };
        return ed.page(status, form.render(ed, &checked, Some(message), Vec::new()));
    }
    if disk.is_none() || text != base {
        if let Err(e) = store::write(&target.path, text.as_bytes(), posted.first("_hash")) {
            return write_failed(ed, e, &name, &target.rel, &text);
        }
    }
    if let Some(en) = en.filter(|e| e.changed()) {
        if let Err(e) = store::write(
            &en.target.path,
            en.text.as_bytes(),
            posted.first("_hash_en"),
        ) {
            return write_failed(ed, e, &name, &en.target.rel, &en.text);
        }
    }
    saved(&name)
}

/// Saves the text of the plain-text view: written only if its front matter can be read.
fn save_text(ed: &Editor, posted: &Values) -> Answer {
    let name = posted.first("_file");
    let target = match store::target(&ed.root, name) {
        Ok(t) if !name.is_empty() => t,
        Ok(_) => return refuse(403, "저장하지 않았습니다: 파일 이름이 없습니다"),
        Err(e) => return refuse(403, &format!("저장하지 않았습니다: {e}")),
    };
    let text = posted.first("_text");
    let hash = posted.first("_hash");
    if let Err(np) = write::parse(text) {
        let NotParsed { line, message } = np;
        let note = Some((
            "error",
            "저장하지 않았습니다: 아직 머리말을 읽을 수 없습니다.",
        ));
        return ed.page(
            422,
            text_page(&ed.token, name, text, hash, (line, &message), note),
        );
    }
    match store::write(&target.path, text.as_bytes(), hash) {
        Ok(()) => saved(name),
        Err(e) => write_failed(ed, e, name, &target.rel, text),
    }
}

/// After a save: back to the file's page (which shows what the checks say now).
fn saved(name: &str) -> Answer {
    Answer::new(303, "text/plain; charset=utf-8", Vec::new())
        .with_header("Location", format!("/_knte/edit/{name}?saved=1"))
        .with_header("Cache-Control", "no-store")
}

fn write_failed(ed: &Editor, e: WriteError, name: &str, rel: &str, mine: &str) -> Answer {
    match e {
        WriteError::Changed(now) => {
            let now = now.map(|b| String::from_utf8_lossy(&b).into_owned());
            ed.page(
                409,
                conflict_page(&ed.token, name, rel, now.as_deref(), mine, None),
            )
        }
        WriteError::Io(e) => refuse(500, &format!("저장하지 못했습니다: {e}")),
    }
}

/// The English body of a barrier being saved: the file beside it and the text from the form.
struct English {
    target: Target,
    disk: Option<String>,
    text: String,
}

impl English {
    fn read(target: &Target, values: &Values) -> Result<Option<English>, Answer> {
        let Some(en) = target.english() else {
            return Ok(None);
        };
        let disk = store::read(&en.path).map_err(|e| refuse(500, &e))?;
        let disk = disk.map(|b| crate::load::split::normalize(&String::from_utf8_lossy(&b)));
        Ok(Some(English {
            target: en,
            disk,
            text: values.first("_body_en").to_string(),
        }))
    }

    /// Whether the form's text is to be written: it differs from the file's, and is not empty
    /// (an English body is never deleted from here).
    fn changed(&self) -> bool {
        !self.text.trim().is_empty() && Some(&self.text) != self.disk.as_ref()
    }
}

/// A file's text (NFC, LF) and the fingerprint of its bytes; `None` when there is no file.
fn read_text(t: &Target) -> Result<Option<(String, String)>, String> {
    let Some(bytes) = store::read(&t.path)? else {
        return Ok(None);
    };
    let text = crate::load::decode(&bytes)
        .map_err(|(pos, message, hint)| format!("{}:{}: {message} ({hint})", t.rel, pos.line))?;
    Ok(Some((text, store::fingerprint(Some(&bytes)))))
}

/// `knte new`'s text for the partner's next id, dated today.
fn template(ed: &Editor, partner: &str) -> String {
    let id = crate::load::load(&ed.root)
        .ok()
        .and_then(|(loaded, _)| {
            crate::scaffold::next_id(partner, crate::scaffold::barrier_texts(&loaded, partner))
        })
        .unwrap_or_default();
    crate::scaffold::template(&id, chrono::Local::now().date_naive())
}

/// The partner folders under `content/`, sorted.
fn partner_folders(ed: &Editor) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(ed.root.join("content"))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| crate::load::is_partner_code(n))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The keys of a file the form has no control for.
fn other_keys(p: &write::Parsed<'_>) -> Vec<String> {
    let fields = crate::edit::schema::fields_for("");
    let profile = crate::edit::schema::PROFILE;
    p.blocks
        .iter()
        .map(|b| b.key.clone())
        .filter(|k| !fields.iter().chain(profile).any(|f| f.key == k))
        .collect()
}

/// What the form page needs besides the checks.
struct Form<'a> {
    target: &'a Target,
    values: &'a Values,
    body: &'a str,
    body_en: &'a str,
    hash: &'a str,
    hash_en: &'a str,
    new: Option<NewEntry<'a>>,
}

impl Form<'_> {
    fn render(
        self,
        ed: &Editor,
        checked: &Checked,
        message: Option<(&'static str, String)>,
        other_keys: Vec<String>,
    ) -> String {
        let profile = self.target.file_name() == "_partner.md";
        let page_url = if profile {
            Some(format!("/partners/{}/", self.target.folder()))
        } else {
            let id = self.values.first("id").trim().to_lowercase();
            (!id.is_empty() && self.new.is_none()).then(|| format!("/barriers/{id}/"))
        };
        let file = if self.new.is_some() {
            ""
        } else {
            self.target.name.as_str()
        };
        form_page(&View {
            token: &ed.token,
            file,
            new: self.new,
            fields: if profile {
                crate::edit::schema::PROFILE
            } else {
                crate::edit::schema::BARRIER
            },
            values: self.values,
            body: self.body,
            body_en: (!profile).then_some(self.body_en),
            hash: self.hash,
            hash_en: self.hash_en,
            checked,
            message,
            preview: render_body(self.body),
            other_keys,
            page_url,
        })
    }
}
