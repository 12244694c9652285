//! Loader: the `content/` folder on disk -> [`Loaded`], the raw text of every content file, classified.
//!
//! Input: the root folder (the one holding `content/`). Output: the report file, the taxonomy, the
//! abbreviations (when there are any), one [`PartnerDir`] per partner folder with its files' text
//! (BOM removed, line ends made LF), and the diagnostics for files that cannot be read as text. Apart from the output writer this is the only
//! stage that touches the disk; nothing here interprets YAML or Markdown.

pub(crate) mod fonts;
mod read;
pub(crate) mod split;
pub(crate) mod theme;
pub(crate) mod yaml;

pub(crate) use read::{decode, previous, read_regular, workbook, ReadError};
use read::{not_a_file, read_source, rel_path, symlink_error, walk_error};

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Entry files larger than this are refused: a barrier runs to a few kilobytes.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// A previous edition's `barriers.json` larger than this is refused (50,000 barriers take ~150 MB).
pub(crate) const MAX_PREVIOUS_BYTES: u64 = 256 * 1024 * 1024;

/// The text of one content file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the root, with `/` separators: `content/cn/cosmetics-registration.md`.
    pub rel: String,
    /// The text, with any byte-order mark removed and line ends made `\n`.
    pub text: String,
}

/// What a file inside a partner folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// `_partner.md`
    Profile,
    /// `<slug>.md`
    Barrier { slug: String },
    /// `<slug>.en.md`
    English { slug: String },
}

#[derive(Debug, Clone)]
pub(crate) struct PartnerDir {
    /// The folder name, e.g. `cn`.
    pub code: String,
    pub files: Vec<(EntryKind, Source)>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub report: Option<Source>,
    pub taxonomy: Option<Source>,
    /// `_abbreviations.yaml`, when there is one.
    pub abbreviations: Option<Source>,
    pub partners: Vec<PartnerDir>,
    /// Every file path under `content/` that exists, relative to `content/` (`cn/a.md`), for link checks.
    pub paths: BTreeSet<String>,
}

impl Loaded {
    /// Every file read, in no particular order.
    pub(crate) fn sources(&self) -> impl Iterator<Item = &Source> {
        self.report
            .iter()
            .chain(self.taxonomy.iter())
            .chain(self.abbreviations.iter())
            .chain(
                self.partners
                    .iter()
                    .flat_map(|p| p.files.iter().map(|(_, s)| s)),
            )
    }
}

/// A problem that stops the run before any content is read (exit status 2).
#[derive(Debug)]
pub struct LoadError {
    pub message: String,
    pub hint: String,
}

/// Whether a folder name is a partner code: ISO 3166-1 alpha-2 or one of the bloc codes.
pub(crate) fn is_partner_code(name: &str) -> bool {
    (name.len() == 2 && name.bytes().all(|b| b.is_ascii_lowercase()))
        || matches!(name, "eu" | "gcc" | "asean" | "eaeu")
}

/// Whether a file stem is a valid slug: `[a-z0-9-]+`, and not a name Windows keeps for a device.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !is_windows_device(s)
}

/// The names Windows keeps for devices (`con`, `prn`, `aux`, `nul`, `com1`-`com9`, `lpt1`-`lpt9`):
/// a file so named, whatever its extension, cannot be opened on the officials' PCs.
pub(crate) fn is_windows_device(s: &str) -> bool {
    let numbered = s.len() == 4
        && (s.starts_with("com") || s.starts_with("lpt"))
        && matches!(s.as_bytes()[3], b'1'..=b'9');
    matches!(s, "con" | "prn" | "aux" | "nul") || numbered
}

// Long: one walk of content/, classifying each top-level entry in turn; every branch is a short diagnostic.
/// Reads `root/content`.
pub(crate) fn load(root: &Path) -> Result<(Loaded, Diagnostics), LoadError> {
    let content = root.join("content");
    if !root.is_dir() {
        return Err(LoadError {
            message: format!("the folder {} does not exist", root.display()),
            hint: "pass --root with the folder that holds content/".into(),
        });
    }
    if !content.is_dir() {
        return Err(LoadError {
            message: format!("there is no content/ folder in {}", root.display()),
            hint: "run knte in the folder that holds content/, or pass --root DIR".into(),
        });
    }
    let mut loaded = Loaded::default();
    let mut diags = Diagnostics::default();

    // A file that exists but cannot be read has its own diagnostic, not a "missing" one.
    let (mut seen_report, mut seen_taxonomy) = (false, false);
    let mut top: Vec<walkdir::DirEntry> = Vec::new();
    for entry in walkdir::WalkDir::new(&content)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) => top.push(e),
            Err(e) => diags.push(walk_error(root, &e)),
        }
    }
    for entry in top {
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = rel_path(root, entry.path());
        if name.starts_with('.') {
            continue;
        }
        if entry.path_is_symlink() {
            diags.push(symlink_error(&rel));
            continue;
        }
        if !entry.file_type().is_dir() && !entry.file_type().is_file() {
            diags.push(not_a_file(
                &rel,
                "a special file (a pipe, device or socket)",
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            if !is_partner_code(&name) {
                diags.push(
                    Diagnostic::error(&rel, Pos::FILE, format!("the folder '{name}' is not a partner code"))
                        .with_hint("name each partner folder with its lowercase ISO 3166-1 alpha-2 code (cn, us, vn) or a bloc code (eu, gcc, asean, eaeu)"),
                );
                continue;
            }
            loaded.partners.push(load_partner(
                root,
                entry.path(),
                &name,
                &mut loaded.paths,
                &mut diags,
            ));
            continue;
        }
        match name.as_str() {
            "_report.md" => {
                seen_report = true;
                loaded.report = read_source(root, entry.path(), &mut diags);
            }
            "_taxonomy.yaml" => {
                seen_taxonomy = true;
                loaded.taxonomy = read_source(root, entry.path(), &mut diags);
            }
            "_abbreviations.yaml" => {
                loaded.abbreviations = read_source(root, entry.path(), &mut diags);
            }
            _ => diags.push(
                Diagnostic::warning(&rel, Pos::FILE, "this file is ignored")
                    .with_hint("content/ holds _report.md, _taxonomy.yaml, _abbreviations.yaml (if any) and one folder per partner; barrier files go inside a partner folder"),
            ),
        }
    }
    if !seen_report {
        diags.push(
            Diagnostic::error("content/_report.md", Pos::FILE, "the report file is missing")
                .with_hint("create content/_report.md with title, title_en, edition, published, publisher, publisher_en, base_url and sample; its body is the foreword"),
        );
    }
    if !seen_taxonomy {
        diags.push(
            Diagnostic::error(
                "content/_taxonomy.yaml",
                Pos::FILE,
                "the taxonomy file is missing",
            )
            .with_hint(
                "create content/_taxonomy.yaml with the lists categories, sectors and regions",
            ),
        );
    }
    Ok((loaded, diags))
}

// Long: the walk of one partner folder: each file is classified, then all are read in parallel and kept in name order.
fn load_partner(
    root: &Path,
    dir: &Path,
    code: &str,
    paths: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> PartnerDir {
    let rel = rel_path(root, dir);
    let mut files = Vec::new();
    let mut wanted: Vec<(EntryKind, std::path::PathBuf)> = Vec::new();
    let mut has_profile = false;
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(walk_error(root, &e));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        let frel = rel_path(root, entry.path());
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if entry.path_is_symlink() {
            diags.push(symlink_error(&frel));
            continue;
        }
        if !entry.file_type().is_dir() && !entry.file_type().is_file() {
            diags.push(not_a_file(
                &frel,
                "a special file (a pipe, device or socket)",
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            diags.push(
                Diagnostic::error(
                    &frel,
                    Pos::FILE,
                    "folders inside a partner folder are not read",
                )
                .with_hint(format!("put the barrier files directly in content/{code}/")),
            );
            continue;
        }
        paths.insert(format!("{code}/{name}"));
        let kind = if name == "_partner.md" {
            has_profile = true;
            EntryKind::Profile
        } else if let Some(stem) = name.strip_suffix(".en.md") {
            if !is_slug(stem) {
                diags.push(bad_slug(&frel, stem, ".en.md"));
                continue;
            }
            EntryKind::English { slug: stem.into() }
        } else if let Some(stem) = name.strip_suffix(".md") {
            if !is_slug(stem) {
                diags.push(bad_slug(&frel, stem, ".md"));
                continue;
            }
            EntryKind::Barrier { slug: stem.into() }
        } else {
            diags.push(
                Diagnostic::warning(
                    &frel,
                    Pos::FILE,
                    "this file is ignored: it is not a Markdown (.md) file",
                )
                .with_hint("barrier files end in .md; remove the file or rename it"),
            );
            continue;
        };
        wanted.push((kind, entry.into_path()));
    }
    // Files are read and decoded in parallel, then kept in name order with their diagnostics.
    let read: Vec<(Option<Source>, Diagnostics)> = wanted
        .par_iter()
        .map(|(_, path)| {
            let mut d = Diagnostics::default();
            (read_source(root, path, &mut d), d)
        })
        .collect();
    for ((kind, _), (src, d)) in wanted.into_iter().zip(read) {
        diags.extend(d);
        if let Some(src) = src {
            files.push((kind, src));
        }
    }
    if !has_profile {
        diags.push(
            Diagnostic::error(
                &rel,
                Pos::FILE,
                format!("the partner folder '{code}' has no _partner.md"),
            )
            .with_hint(format!(
                "create content/{code}/_partner.md with code, name, name_en, region and agreements"
            )),
        );
    }
    PartnerDir {
        code: code.into(),
        files,
    }
}

/// A file-name stem made into a slug (`Cosmetics Rules` -> `cosmetics-rules`), when it can be.
pub(crate) fn suggest_slug(stem: &str) -> Option<String> {
    let suggested = stem
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    is_slug(&suggested).then_some(suggested)
}

fn bad_slug(rel: &str, stem: &str, ext: &str) -> Diagnostic {
    let hint = if is_windows_device(stem) {
        format!("on Windows, {stem} names a device, not a file, and cannot be opened: rename it, e.g. {stem}-rules{ext}")
    } else if let Some(suggested) = suggest_slug(stem) {
        format!("file names use lowercase letters, digits and hyphens only: rename it to {suggested}{ext}")
    } else {
        "file names use lowercase English letters, digits and hyphens only, e.g. cosmetics-registration.md".into()
    };
    Diagnostic::error(
        rel,
        Pos::FILE,
        format!("the file name '{stem}{ext}' is not a valid slug"),
    )
    .with_hint(hint)
}

/// The partner folder and slug of a Korean barrier file's path relative to the root
/// (`content/cn/cosmetics-registration.md` -> `cn`, `cosmetics-registration`), by the same naming
/// rules as [`load`]; `None` for any other path (profiles, English bodies, the report's own files).
pub(crate) fn barrier_path(rel: &str) -> Option<(&str, &str)> {
    let mut parts = rel.strip_prefix("content/")?.split('/');
    let (folder, name) = (parts.next()?, parts.next()?);
    let slug = name.strip_suffix(".md")?;
    (parts.next().is_none() && is_partner_code(folder) && is_slug(slug)).then_some((folder, slug))
}

/// The partner code of a partner profile's path relative to the root (`content/cn/_partner.md`).
pub(crate) fn profile_path(rel: &str) -> Option<&str> {
    let folder = rel.strip_prefix("content/")?.strip_suffix("/_partner.md")?;
    is_partner_code(folder).then_some(folder)
}

/// Whether a path relative to the root is the taxonomy file (`content/_taxonomy.yaml`).
pub(crate) fn is_taxonomy_path(rel: &str) -> bool {
    rel == "content/_taxonomy.yaml"
}

/// One content file, by its path relative to the root (`content/cn/x.md`), read as [`load`] reads
/// it; `None` when it cannot be read or decoded (a full load then reports why).
pub(crate) fn read_entry(root: &Path, rel: &str) -> Option<Source> {
    let mut diags = Diagnostics::default();
    let src = read_source(root, &root.join(rel), &mut diags)?;
    (!diags.has_errors()).then_some(src)
}
