//! Output: rendered files -> the output folder on disk, all or nothing.
//!
//! Input: files as the renderers make them ([`Staging`] is the [`Sink`] they write to) or whole
//! [`Files`]. Output: the output folder. Everything goes into a temporary folder beside the output,
//! which is swapped into place once the build has succeeded; if any write fails, the temporary folder
//! is removed and the previous output is left exactly as it was.
//! With the loader, this is the only module that touches the disk. [`write_new`] writes the files
//! that `knte import` adds beside the content, one by one, never over an existing file.

mod claim;
mod new_file;

pub(crate) use claim::{claim, MARKER};
pub(crate) use new_file::write_new;

use crate::render::{Files, Sink};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Which edition an output folder holds, recorded in its [`MARKER`] file: the circulation edition
/// (internal notes, entries not yet approved) and the others are never written over each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// Approved entries only (`knte build`, `knte pdf`).
    Public,
    /// Every stage, for a look before publication (`--drafts`, `knte serve`); no internal notes.
    Preview,
    /// Every stage and the internal notes, marked as such on every page (`knte build --circulation`).
    Circulation,
}

impl Edition {
    pub fn id(self) -> &'static str {
        match self {
            Edition::Public => "public",
            Edition::Preview => "preview",
            Edition::Circulation => "circulation",
        }
    }

    /// Whether a folder holding `self` may be replaced by a build of `other`.
    fn may_become(self, other: Edition) -> bool {
        (self == Edition::Circulation) == (other == Edition::Circulation)
    }
}

/// The edition recorded in the marker file of `dir`, if it has one. Markers written before the
/// edition was recorded are public builds: the only kind there was.
pub(crate) fn edition_of(dir: &Path) -> Option<Edition> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("edition: "))
        .map(str::trim);
    Some(match id {
        Some("circulation") => Edition::Circulation,
        Some("preview") => Edition::Preview,
        _ => Edition::Public,
    })
}

/// A build's output being written: files go into a temporary folder beside `out` as they are
/// made, so a build never holds the whole site in memory, and [`Staging::commit`] swaps the folder
/// in. Dropped without a commit (an error, a panic), it removes the temporary folder; a killed
/// process leaves it for the next build to remove. The previous output is untouched until the swap.
///
/// Writes may come from several threads at once. The first failure is kept and returned by
/// `commit`; later writes are skipped.
pub(crate) struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    error: Mutex<Option<io::Error>>,
    files: AtomicUsize,
    pages: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// Cleans up after interrupted builds and creates the temporary folder, marked as `edition`.
    pub(crate) fn begin(out: &Path, edition: Edition) -> io::Result<Staging> {
        let name = out
            .file_name()
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name")
            })?
            .to_string_lossy()
            .to_string();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        remove_stale(&parent, &name, out);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)?;
        std::fs::write(
            tmp.join(MARKER),
            format!(
                "This folder is written by knte build and replaced whole by the next build.\nedition: {}\n",
                edition.id()
            ),
        )?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            error: Mutex::new(None),
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Files written so far, and of them HTML pages.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (
            self.files.load(Ordering::Relaxed),
            self.pages.load(Ordering::Relaxed),
        )
    }

    pub(crate) fn put_all(&self, files: &Files) {
        for (path, bytes) in &files.0 {
            self.put(path, bytes);
        }
    }

    fn try_put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        refuse_unsafe(path)?;
        let target = self.tmp.join(path);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&target, bytes)
    }

    /// Swaps the written folder in for `out`, or returns the first write error (nothing swapped).
    pub(crate) fn commit(mut self) -> io::Result<()> {
        if let Some(e) = self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        self.committed = true;
        let (tmp, out, old) = (&self.tmp, &self.out, &self.old);
        let fail = |e: io::Error| {
            let _ = std::fs::remove_dir_all(tmp);
            Err(e)
        };
        let had_previous = out.exists();
        // Where the system can swap two folders in one step, the output is never missing, even for
        // an instant; elsewhere it is renamed aside and the new one renamed in.
        if had_previous && exchange(tmp, out).is_ok() {
            let _ = std::fs::remove_dir_all(tmp);
            return Ok(());
        }
        if had_previous {
            let _ = std::fs::remove_dir_all(old);
            if let Err(e) = std::fs::rename(out, old) {
                return fail(e);
            }
        }
        if let Err(e) = std::fs::rename(tmp, out) {
            if had_previous {
                let _ = std::fs::rename(old, out);
            }
            return fail(e);
        }
        if had_previous {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) {
        let mut error = self.error.lock().unwrap_or_else(|e| e.into_inner());
        if error.is_some() {
            return;
        }
        drop(error);
        match self.try_put(path, bytes) {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                if path.ends_with(".html") {
                    self.pages.fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(e) => {
                error = self.error.lock().unwrap_or_else(|e| e.into_inner());
                error.get_or_insert(e);
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Replaces single files of a finished output folder, each in one step (written beside, then renamed
/// over the old one), so a reader sees the old file or the new one, never half of one: `knte serve`'s
/// quick update of the pages of an edited entry. Like [`Staging`], it keeps the first error.
pub(crate) struct InPlace {
    dir: PathBuf,
    error: Mutex<Option<io::Error>>,
}

impl InPlace {
    pub(crate) fn new(dir: &Path) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
            error: Mutex::new(None),
        }
    }

    fn try_put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        refuse_unsafe(path)?;
        let target = self.dir.join(path);
        let mut name = target.file_name().unwrap_or_default().to_os_string();
        name.push(".knte-new");
        let beside = target.with_file_name(name);
        std::fs::write(&beside, bytes)?;
        std::fs::rename(&beside, &target).inspect_err(|_| {
            let _ = std::fs::remove_file(&beside);
        })
    }

    /// The first write error, if any.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self.error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Sink for InPlace {
    fn put(&self, path: &str, bytes: &[u8]) {
        if let Err(e) = self.try_put(path, bytes) {
            self.error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

/// Cleans up after earlier builds that were interrupted (their process is gone): their temporary
/// folders are removed, and a previous output that was renamed aside but never replaced is put back.
fn remove_stale(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        let (pid, is_old) = match (
            file.strip_prefix(&format!(".{name}.tmp-")),
            file.strip_prefix(&format!(".{name}.old-")),
        ) {
            (Some(p), _) => (p, false),
            (_, Some(p)) => (p, true),
            _ => continue,
        };
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        // A process the system cannot tell about counts as running: its folders stay.
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if crate::platform::process_running(pid) != Some(false) {
            continue;
        }
        if is_old && !out.exists() {
            let _ = std::fs::rename(e.path(), out);
        } else {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// An error for a path that could leave the output folder.
fn refuse_unsafe(path: &str) -> io::Result<()> {
    if is_safe(path) {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path}"),
        ))
    }
}

/// A relative path that stays inside the folder it is joined to.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` as the new content of `out`, as a build does.
    fn write(out: &Path, files: &Files) -> io::Result<()> {
        let staging = Staging::begin(out, Edition::Public)?;
        staging.put_all(files);
        staging.commit()
    }

    #[test]
    fn swaps_in_new_output_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = Files::default();
        files.add("a/index.html", "one");
        write(&out, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "one"
        );

        let mut next = Files::default();
        next.add("b.txt", "two");
        write(&out, &next).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");

        let mut bad = Files::default();
        bad.add("../escape.txt", "x");
        assert!(write(&out, &bad).is_err());
        assert!(!dir.path().join("escape.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn circulation_and_public_editions_never_replace_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let out = dir.path().join("site");
        let files = Files::default();
        let staging = Staging::begin(&out, Edition::Public).unwrap();
        staging.put_all(&files);
        staging.commit().unwrap();
        assert_eq!(edition_of(&out), Some(Edition::Public));
        let report = out.join("report");
        assert!(claim(&root, &out, &out, Edition::Public).is_ok());
        assert!(claim(&root, &out, &out, Edition::Preview).is_ok());
        let refused = claim(&root, &out, &out, Edition::Circulation).unwrap_err();
        assert!(
            refused.message.contains("holds a public build"),
            "{refused:?}"
        );
        assert!(claim(&root, &out, &report, Edition::Circulation).is_err());

        let staging = Staging::begin(&out, Edition::Circulation).unwrap();
        staging.commit().unwrap();
        assert_eq!(edition_of(&out), Some(Edition::Circulation));
        assert!(claim(&root, &out, &out, Edition::Circulation).is_ok());
        for edition in [Edition::Public, Edition::Preview] {
            let refused = claim(&root, &out, &out, edition).unwrap_err();
            assert!(refused.message.contains("holds the circulation edition"));
            // knte pdf writes into report/ of a site: not into a circulation edition's.
            assert!(claim(&root, &out, &report, edition).is_err());
        }

        // A folder holding only a report/ that knte pdf wrote: its edition counts too.
        let only_report = dir.path().join("only");
        let staging = Staging::begin(&only_report.join("report"), Edition::Public).unwrap();
        staging.commit().unwrap();
        assert!(claim(&root, &only_report, &only_report, Edition::Public).is_ok());
        assert!(claim(&root, &only_report, &only_report, Edition::Circulation).is_err());

        // A marker from before editions were recorded is a public build's.
        std::fs::write(out.join(MARKER), "This folder is written by knte build.\n").unwrap();
        assert_eq!(edition_of(&out), Some(Edition::Public));
    }
}
