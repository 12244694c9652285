//! The editor's buttons on the preview's pages: a served HTML page and its path in the site ->
//! the page with a 편집 button (for a barrier or partner page: opens its file in the editor) and
//! a 새 장벽 button (a new entry, in the page's partner folder when it has one). Input: the page's
//! bytes, its path (`barriers/cn-001/index.html`), the barrier ids and their files. Output: the
//! page's bytes. Only `knte serve --edit` calls this: built files and plain `knte serve` pages
//! are unchanged.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The last good build's barrier files by page name (`cn-001` -> `content/cn/x.md`).
pub type Files = Mutex<Arc<BTreeMap<String, String>>>;

/// Keeps the barrier files of a good build's report.
pub fn remember(files: &Files, report: &crate::model::Report) {
    let map = report
        .barriers
        .iter()
        .map(|b| (b.id.to_lowercase(), b.file.clone()))
        .collect();
    *files.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(map);
}

/// [`inject`] for the served file `file` of the build in `site`.
pub fn add(html: &[u8], file: &Path, site: &Path, files: &Files) -> Vec<u8> {
    let files = Arc::clone(&files.lock().unwrap_or_else(|e| e.into_inner()));
    let rel = file
        .strip_prefix(site)
        .map(|r| r.to_string_lossy().replace('\\', "/"));
    inject(html, &rel.unwrap_or_default(), &files)
}

/// `html` with the buttons inserted before its last `</body>` (or appended).
pub fn inject(html: &[u8], site_rel: &str, files: &BTreeMap<String, String>) -> Vec<u8> {
    let segs: Vec<&str> = site_rel.split('/').collect();
    let segs = match segs.first() {
        Some(&"en") => &segs[1..],
        _ => &segs[..],
    };
    let (edit, partner) = match segs {
        ["barriers", id, ..] => match files.get(*id).and_then(|f| f.strip_prefix("content/")) {
            Some(name) => (
                Some(name.to_string()),
                name.split('/').next().map(str::to_string),
            ),
            None => (None, None),
        },
        ["partners", code, ..] if crate::load::is_partner_code(code) => {
            (Some(format!("{code}/_partner.md")), Some(code.to_string()))
        }
        _ => (None, None),
    };
    let button =
        "background:#0b57d0;color:#fff;padding:.5rem .9rem;border-radius:4px;text-decoration:none";
    let mut bar = String::from(
        "<nav id=\"knte-edit-bar\" aria-label=\"편집\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:2147483647;display:flex;gap:.5rem;font:600 15px/1.2 system-ui,sans-serif\">",
    );
    if let Some(name) = edit {
        bar.push_str(&format!(
            "<a id=\"knte-edit\" href=\"/_knte/edit/{}\" style=\"{button}\">편집</a>",
            crate::render::escape::esc(&name)
        ));
    }
    let query = partner.map(|p| format!("?partner={p}")).unwrap_or_default();
    bar.push_str(&format!(
        "<a id=\"knte-new\" href=\"/_knte/edit/new{query}\" style=\"{button}\">새 장벽</a></nav>"
    ));
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + bar.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(bar.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barrier_and_partner_pages_get_their_files() {
        let files = BTreeMap::from([("cn-001".to_string(), "content/cn/a.md".to_string())]);
        let page = |rel| String::from_utf8(inject(b"<p>x</p></body>", rel, &files)).unwrap();
        let b = page("en/barriers/cn-001/index.html");
        assert!(
            b.contains("href=\"/_knte/edit/cn/a.md\"")
                && b.contains("new?partner=cn")
                && b.ends_with("</nav></body>")
        );
        assert!(page("partners/jp/index.html").contains("/_knte/edit/jp/_partner.md"));
        let home = page("index.html");
        assert!(!home.contains("knte-edit\"") && home.contains("/_knte/edit/new\""));
    }
}
