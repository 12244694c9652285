//! Theme: the built-in templates, assets and interface texts, with a site's own `templates/` and
//! `static/` files and `i18n/strings.yaml` laid over them. Input: the root folder. Output: a
//! [`Theme`] (template sources by name, asset bytes by path, the [`Strings`]). Reads the disk, so
//! it lives with the loader.

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::render::i18n::{self, Strings};
use std::collections::BTreeMap;
use std::path::Path;

/// A file in `templates/` or `static/` larger than this is refused (a font is about 5 MB).
const MAX_STATIC_BYTES: u64 = 32 * 1024 * 1024;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`barrier.html`) -> source.
    pub templates: BTreeMap<String, String>,
    /// Asset path under `static/` (`style.css`) -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Names of templates that came from the site's own folder, for messages.
    pub overridden: Vec<String>,
    /// The interface texts: the built-in table with the site's `i18n/strings.yaml` over it.
    pub strings: Strings,
}

/// The built-in theme only.
pub(crate) fn builtin() -> Theme {
    Theme {
        templates: embedded::TEMPLATES
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        statics: embedded::STATIC
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect(),
        overridden: Vec::new(),
        strings: Strings::builtin(),
    }
}

/// The built-in theme with `root/templates`, `root/static` and `root/i18n/strings.yaml` laid over it.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Theme {
    let mut theme = builtin();
    let strings = root.join(i18n::SITE_FILE);
    if strings.exists() {
        if let Some(src) = super::read_source(root, &strings, diags) {
            theme.strings = Strings::with_site(&src, diags);
        }
    }
    for (dir, is_template) in [("templates", true), ("static", false)] {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if rel.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            let shown = format!("{dir}/{rel}");
            match super::read_regular(entry.path(), MAX_STATIC_BYTES) {
                Ok(bytes) if is_template => match String::from_utf8(bytes) {
                    Ok(text) => {
                        // A template saved with CRLF line ends (Windows editors, Git for Windows)
                        // gives the same pages as with LF.
                        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
                        theme.templates.insert(rel.clone(), text);
                        theme.overridden.push(rel);
                    }
                    Err(_) => diags.push(
                        Diagnostic::error(shown, Pos::FILE, "the template is not valid UTF-8")
                            .with_hint("save the template as UTF-8"),
                    ),
                },
                Ok(bytes) => {
                    theme.statics.insert(rel, bytes);
                }
                Err(e) => diags.push(
                    Diagnostic::error(shown, Pos::FILE, format!("the file cannot be read: {e}"))
                        .with_hint("templates/ and static/ hold regular files of at most 32 MB each; check the file's permissions"),
                ),
            }
        }
    }
    theme
}
