//! The checks of an edited entry: the root folder, the file's path and its proposed text -> the
//! diagnostics `knte check` would give that file, each tied to the form field it is about. Input:
//! the content as the loader reads it, with the edited file's text (and its English body's)
//! put in place of what is on disk. Output: [`Checked`]. The rules are the checks' own
//! ([`crate::validate::validate`], which the preview's builds and quick updates run): nothing is
//! checked here that `knte check` does not check.

use crate::diagnostics::{Diagnostic, Pos};
use crate::load::yaml::Step;
use crate::load::{self, EntryKind, LoadError, Source};
use crate::model::Taxonomy;
use std::path::Path;

/// The field a diagnostic about the whole entry (a missing field, the file name) is shown under.
pub(crate) const GENERAL: &str = "";
/// The field names of the two bodies.
pub(crate) const BODY: &str = "_body";
pub(crate) const BODY_EN: &str = "_body_en";

/// What the checks found for an edited entry.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// Each diagnostic for the entry's files with the field it is about: `title`,
    /// `sources.1.url`, [`BODY`], [`GENERAL`]...
    pub placed: Vec<(String, Diagnostic)>,
    /// The taxonomy's lists, for the dropdowns.
    pub taxonomy: Taxonomy,
}

impl Checked {
    pub(crate) fn errors(&self) -> usize {
        self.placed
            .iter()
            .filter(|(_, d)| d.severity == crate::diagnostics::Severity::Error)
            .count()
    }
}

/// One file of the entry with its proposed text: `content/cn/x.md` and its text.
pub(crate) struct Proposed<'a> {
    pub rel: &'a str,
    pub text: &'a str,
}

/// Checks the content with `files` in place of (or added to) what is on disk.
pub(crate) fn check(root: &Path, files: &[Proposed<'_>]) -> Result<Checked, LoadError> {
    let (mut loaded, load_diags) = load::load(root)?;
    for f in files {
        put(&mut loaded, f);
    }
    let outcome = crate::validate::validate(&loaded);
    let taxonomy = loaded
        .taxonomy
        .as_ref()
        .map(crate::validate::read_taxonomy)
        .unwrap_or_default();
    let mut all = load_diags;
    all.extend(outcome.diagnostics);
    let mut placed = Vec::new();
    for d in all.into_sorted() {
        if let Some(f) = files.iter().position(|f| f.rel == d.file) {
            let field = if f == 0 {
                field_of(files[0].text, &d)
            } else {
                BODY_EN.to_string()
            };
            placed.push((field, d));
        }
    }
    Ok(Checked { placed, taxonomy })
}

/// Puts a file's proposed text where the loader would have put the file.
fn put(loaded: &mut load::Loaded, f: &Proposed<'_>) {
    let Some((folder, name)) = f
        .rel
        .strip_prefix("content/")
        .and_then(|r| r.split_once('/'))
    else {
        return;
    };
    let kind = if name == "_partner.md" {
        EntryKind::Profile
    } else if let Some(slug) = name.strip_suffix(".en.md") {
        EntryKind::English { slug: slug.into() }
    } else if let Some(slug) = name.strip_suffix(".md") {
        EntryKind::Barrier { slug: slug.into() }
    } else {
        return;
    };
    let Some(dir) = loaded.partners.iter_mut().find(|p| p.code == folder) else {
        return;
    };
    let src = Source {
        rel: f.rel.to_string(),
        text: f.text.to_string(),
    };
    match dir.files.iter_mut().find(|(_, s)| s.rel == f.rel) {
        Some(slot) => slot.1 = src,
        None => {
            dir.files.push((kind, src));
            dir.files.sort_by(|a, b| a.1.rel.cmp(&b.1.rel));
        }
    }
    loaded.paths.insert(format!("{folder}/{name}"));
}

/// The field a diagnostic in an entry's text points at: the path of the front-matter key at its
/// line and column, [`BODY`] below the front matter, [`GENERAL`] for the file as a whole.
pub(crate) fn field_of(text: &str, d: &Diagnostic) -> String {
    if d.line == 0 {
        return GENERAL.into();
    }
    let Ok(s) = load::split::split(text) else {
        return GENERAL.into();
    };
    if d.line >= s.body_line {
        return BODY.into();
    }
    let Ok((_, loc)) = load::yaml::parse(s.yaml, s.yaml_line) else {
        return GENERAL.into();
    };
    loc.path_at(Pos::new(d.line, d.column.max(1)))
        .iter()
        .map(|step| match step {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_are_placed_by_position() {
        let text = "---\nid: CN-001\nhs_codes: [\"33\", \"851\"]\n---\n본문\n";
        let at =
            |line, column| field_of(text, &Diagnostic::error("f", Pos::new(line, column), "x"));
        assert_eq!(at(3, 18), "hs_codes.1");
        assert_eq!(at(2, 5), "id");
        assert_eq!(at(5, 1), BODY);
        assert_eq!(at(1, 1), GENERAL);
        assert_eq!(
            field_of(text, &Diagnostic::error("f", Pos::FILE, "x")),
            GENERAL
        );
    }
}
