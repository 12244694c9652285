//! Whether a build may write where it was told: `--out` resolved lexically and through links,
//! refused when it is, holds or lies inside the sources or the current folder, when it is a file,
//! or when it is a folder knte did not make or holds the other edition.
//!
//! Input: the root, `--out`, the folder the build replaces and its edition. Output: `Ok` or a
//! [`Refusal`] naming the problem and the fix. Reads the disk (the markers, the links), writes
//! nothing.

use super::{edition_of, Edition};
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as a knte build's output: only a folder holding it (or an empty
/// one) is ever replaced. Written into the root of every output, and of the `report/` folder that
/// `knte pdf` writes on its own.
pub(crate) const MARKER: &str = ".knte-output";

/// Why an output folder was refused: nothing has been written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub message: String,
    pub hint: String,
}

/// Checks, before anything is written, that `target` (the folder a build replaces whole: `out`,
/// or `out/report` for `knte pdf`) may be replaced. `out` is resolved twice, lexically from the
/// current folder (`x/../content` is `content`) and through the folders that exist (symbolic
/// links followed), and refused when either form is, contains or lies inside the content, the
/// templates or the static files, or is or contains the root or the current folder. An existing
/// `target` must be a folder that is empty or carries [`MARKER`] (or, for `knte pdf`, lies in an
/// output that does): any other folder or file is left alone. Last, the edition recorded in the
/// markers of `out`, `target` and the marked folders inside `target` must agree with `edition`
/// ([`Edition`]): a circulation edition never replaces a public one, nor a public one it.
pub(crate) fn claim(
    root: &Path,
    out: &Path,
    target: &Path,
    edition: Edition,
) -> Result<(), Refusal> {
    let cwd = std::env::current_dir().map_err(|e| Refusal {
        message: format!("cannot read the current folder: {e}"),
        hint: "run knte from a folder that exists".into(),
    })?;
    let forms = |p: &Path| {
        let lexical = lexical(&cwd.join(p));
        let real = through_links(&lexical);
        [lexical, real]
    };
    let root_forms = forms(root);
    let shown = out.display();
    for out_form in forms(out) {
        for (name, inside_refused) in [
            ("", false),
            ("content", true),
            ("templates", true),
            ("static", true),
        ] {
            for base in &root_forms {
                let protected = if name.is_empty() {
                    base.clone()
                } else {
                    base.join(name)
                };
                let what = if name.is_empty() {
                    "the root folder".to_string()
                } else {
                    format!("the {name}/ folder")
                };
                if protected.starts_with(&out_form) {
                    return Err(refuse(format!(
                        "the output folder {shown} would replace {what} (it is or contains {})",
                        protected.display()
                    )));
                }
                if inside_refused && out_form.starts_with(&protected) {
                    return Err(refuse(format!(
                        "the output folder {shown} lies inside {what}"
                    )));
                }
            }
        }
        for here in forms(Path::new(".")) {
            if here.starts_with(&out_form) {
                return Err(refuse(format!(
                    "the output folder {shown} would replace the current folder {}",
                    here.display()
                )));
            }
        }
    }
    owned_by_knte(out, target)?;
    same_edition(out, target, edition)
}

/// Refuses to write `edition` where a folder knte marked holds an edition it may not replace.
fn same_edition(out: &Path, target: &Path, edition: Edition) -> Result<(), Refusal> {
    let inside = std::fs::read_dir(target)
        .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default();
    let folders = [out.to_path_buf(), target.to_path_buf()];
    for dir in folders.iter().chain(&inside) {
        let Some(found) = edition_of(dir) else {
            continue;
        };
        if found.may_become(edition) {
            continue;
        }
        let shown = dir.display();
        return Err(if edition == Edition::Circulation {
            Refusal {
                message: format!("the folder {shown} holds a {} build; the circulation edition is never written over it", found.id()),
                hint: "give the circulation edition a folder of its own, e.g. --out circulation (the default with --circulation), so that internal notes never land in a folder that is published".into(),
            }
        } else {
            Refusal {
                message: format!("the folder {shown} holds the circulation edition (internal notes, entries not yet approved); a {} build is never written over it", edition.id()),
                hint: "build the public site into its own folder, e.g. --out public, and delete the circulation folder yourself once it is no longer needed".into(),
            }
        });
    }
    Ok(())
}

fn refuse(message: String) -> Refusal {
    Refusal {
        message,
        hint: "knte replaces its output folder whole: give it a folder of its own beside the content, e.g. --out public (the default) or --out ../site".into(),
    }
}

/// An existing target must be knte's: a folder that is empty or holds the marker.
fn owned_by_knte(out: &Path, target: &Path) -> Result<(), Refusal> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Refusal {
                message: format!("cannot read the output folder {}: {e}", target.display()),
                hint: "check the folder's permissions".into(),
            })
        }
    };
    if !meta.is_dir() {
        let what = if meta.file_type().is_symlink() {
            "a symbolic link"
        } else {
            "a file"
        };
        return Err(Refusal {
            message: format!(
                "the output folder {} is {what}, not a folder",
                target.display()
            ),
            hint: "knte never replaces a file with its output: choose a folder name that is free, e.g. --out public".into(),
        });
    }
    let marked =
        |dir: &Path| std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file());
    // Empty, or holding only folders knte marked (the `report/` that `knte pdf` wrote alone).
    let only_knte =
        std::fs::read_dir(target).is_ok_and(|mut d| d.all(|e| e.is_ok_and(|e| marked(&e.path()))));
    if only_knte || marked(target) || (target != out && marked(out)) {
        return Ok(());
    }
    Err(Refusal {
        message: format!(
            "the folder {} exists and was not written by knte (it has no {MARKER} file)",
            target.display()
        ),
        hint: format!(
            "knte replaces its output folder whole, so it only replaces a folder it made; choose a new folder, or empty {} first if nothing in it is needed",
            target.display()
        ),
    })
}

/// `path` made absolute, with `.` and `..` resolved by the names alone.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` with its longest existing ancestor resolved through symbolic links, and the rest (which
/// does not exist yet) appended.
fn through_links(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut cur = path.to_path_buf();
    loop {
        if let Ok(real) = std::fs::canonicalize(&cur) {
            return rest.iter().rev().fold(real, |acc: PathBuf, c| acc.join(c));
        }
        match (cur.file_name().map(|n| n.to_os_string()), cur.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                cur = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}
