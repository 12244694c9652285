//! `knte serve --edit`: requests under `/_knte/edit/` -> the entry editor's pages, and saved
//! forms -> content files written. Input: the request (its body read by [`super::accept`] within
//! [`MAX_BODY`]), the root folder. Output: answers; files under `content/` written through
//! [`store`]. Also adds the 편집 and 새 장벽 buttons to the preview's pages ([`bar`]).
//!
//! Safety: the server starts the editor only when it listens on a loopback address. Each run draws
//! a random token; every editor page sets it as a cookie (HttpOnly, SameSite=Strict) and carries it
//! in the form, and a POST is acted on only when both are there and both match it, after the Host
//! check every request passes. Only the files [`store::target`] allows are read or written, never
//! deleted; a save is refused when the file changed since it was opened. Nothing is written while
//! the entry has errors, unless the user saves it as a draft (which must still parse).

pub mod bar;
mod page;
mod save;
pub mod store;
mod text;

use super::http::{Answer, Request};
use crate::edit::check::{self, Checked, Proposed};
use crate::edit::form::Values;
use crate::edit::schema;
use std::path::PathBuf;

/// Where the editor's addresses start.
pub const PREFIX: &str = "/_knte/edit/";
/// Largest form accepted: a 1 MB entry, percent-encoded, fits.
pub const MAX_BODY: u64 = 4 * 1024 * 1024;
const COOKIE: &str = "knte_edit";

/// The editor for `opts` (`None` without `--edit`); refused on an address other computers reach.
pub fn start(
    opts: &super::ServeOptions,
    root: &std::path::Path,
) -> Result<Option<Editor>, super::ServeError> {
    if !opts.edit {
        return Ok(None);
    }
    if !opts.bind.is_loopback() {
        return Err(super::ServeError {
            message: format!("the editor (--edit) writes to content/ and is served only on this computer, not on {}", opts.bind),
            hint: "leave out --bind (127.0.0.1 by default) when using --edit, or serve without --edit".into(),
        });
    }
    Editor::new(root.to_path_buf())
        .map(Some)
        .map_err(|e| super::ServeError {
            message: format!("cannot draw a random token for the editor: {e}"),
            hint: "try again; the system's random source must be readable".into(),
        })
}

/// The editor of one server run.
pub struct Editor {
    root: PathBuf,
    token: String,
}

impl Editor {
    /// An editor for the content under `root`, with a new random token.
    pub fn new(root: PathBuf) -> std::io::Result<Editor> {
        let token = format!(
            "{:016x}{:016x}",
            super::workdir::random_u64()?,
            super::workdir::random_u64()?
        );
        Ok(Editor { root, token })
    }

    /// Answers a request whose path starts with [`PREFIX`].
    pub fn answer(&self, req: &Request) -> Answer {
        let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
        let rest = path.strip_prefix(PREFIX).unwrap_or("");
        match (req.method.as_str(), rest) {
            ("POST", "save" | "preview") => match self.authorised(req) {
                Ok(values) if rest == "save" => save::save(self, &values),
                Ok(values) => preview(&values),
                Err(answer) => answer,
            },
            ("POST", _) => refuse(404, "이 주소로는 저장할 수 없습니다 (no such form)"),
            ("GET" | "HEAD", "new") => save::open_new(self, query_value(query, "partner")),
            ("GET" | "HEAD", name) => {
                save::open(self, &decode_path(name), query_value(query, "saved") == "1")
            }
            _ => refuse(405, "GET, HEAD, POST only").with_header("Allow", "GET, HEAD, POST"),
        }
    }

    /// The form's values when the request carries the session's token in both its cookie and its
    /// `_token` field, as a form; else the refusal.
    fn authorised(&self, req: &Request) -> Result<Values, Answer> {
        let form = req.content_type.as_deref().is_some_and(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
        if !form {
            return Err(refuse(
                415,
                "양식(application/x-www-form-urlencoded)만 받습니다",
            ));
        }
        let Some(values) = crate::edit::form::parse_urlencoded(&req.body) else {
            return Err(refuse(400, "양식을 읽을 수 없습니다 (not UTF-8 form data)"));
        };
        let cookie = req
            .cookie
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(n, _)| *n == COOKIE)
            .map_or("", |(_, v)| v);
        let field = values.first("_token");
        if !same_secret(cookie, &self.token) || !same_secret(field, &self.token) {
            return Err(refuse(
                403,
                "저장하지 않았습니다: 이 편집기 세션의 양식이 아닙니다. 편집 페이지를 다시 열어 주십시오 (the form's token does not match this server's session)",
            ));
        }
        Ok(values)
    }

    /// An editor page, with the session cookie and headers that keep other sites from framing it.
    fn page(&self, status: u16, html: String) -> Answer {
        Answer::new(status, "text/html; charset=utf-8", html.into_bytes())
            .with_header("Cache-Control", "no-store")
            .with_header("X-Content-Type-Options", "nosniff")
            .with_header("X-Frame-Options", "DENY")
            .with_header(
                "Content-Security-Policy",
                "frame-ancestors 'none'; form-action 'self'",
            )
            .with_header("Referrer-Policy", "no-referrer")
            .with_header(
                "Set-Cookie",
                format!(
                    "{COOKIE}={}; Path=/_knte/edit/; HttpOnly; SameSite=Strict",
                    self.token
                ),
            )
    }

    /// Runs the checks with the entry's proposed files in place.
    fn check(&self, files: &[Proposed<'_>]) -> Checked {
        match check::check(&self.root, files) {
            Ok(c) => c,
            Err(e) => {
                let d = crate::diagnostics::Diagnostic::error(
                    "content",
                    crate::diagnostics::Pos::FILE,
                    e.message,
                )
                .with_hint(e.hint);
                Checked {
                    placed: vec![(check::GENERAL.to_string(), d)],
                    ..Checked::default()
                }
            }
        }
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The Korean body rendered as the site renders it (the live preview's answer).
fn preview(values: &Values) -> Answer {
    Answer::new(
        200,
        "text/html; charset=utf-8",
        render_body(values.first("_body")).into_bytes(),
    )
    .with_header("Cache-Control", "no-store")
    .with_header("X-Content-Type-Options", "nosniff")
}

/// A body through the project's Markdown stage (sanitised; `@/` links left as text).
fn render_body(body: &str) -> String {
    crate::markdown::to_html(body, &|_| None)
}

fn refuse(status: u16, text: &str) -> Answer {
    Answer::new(
        status,
        "text/html; charset=utf-8",
        text::message_page("편집기", text).into_bytes(),
    )
    .with_header("Cache-Control", "no-store")
    .with_header("X-Content-Type-Options", "nosniff")
}

/// The value of `name` in a query string, percent-decoded ("" when absent).
fn query_value(query: &str, name: &str) -> String {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .map(decode_path)
        .unwrap_or_default()
}

/// A percent-encoded path or value -> text (undecodable input stays as it is, and is refused later).
fn decode_path(s: &str) -> String {
    crate::edit::form::parse_urlencoded(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .map(|v| v.first("x").to_string())
        .unwrap_or_else(|| s.to_string())
}

/// The field list for a file, and whether it has an English body.
fn fields_of(target: &store::Target) -> &'static [schema::Field] {
    schema::fields_for(target.file_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd") && !same_secret("ab", "abc") && !same_secret("", "a"));
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(query_value("a=1&partner=cn", "partner"), "cn");
        assert_eq!(query_value("partner=%63n", "partner"), "cn");
        assert_eq!(query_value("x=1", "partner"), "");
        assert_eq!(decode_path("cn/a%2Bb.md"), "cn/a+b.md");
    }
}
