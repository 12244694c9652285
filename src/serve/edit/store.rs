//! The editor's files on disk: a name from a form (`cn/x.md`) -> the one file under `content/`
//! it may stand for, its bytes and their fingerprint, and the atomic write of new bytes. Input: the
//! root folder and names sent by the browser. Output: [`Target`]s, bytes, written files. This and
//! the loader are the only parts of `knte serve` that touch the content.
//!
//! A name is two parts, a partner folder and a file: `_partner.md` or `<slug>.md` (the English
//! body `<slug>.en.md` is reached only through its Korean entry). The folder must be a real folder
//! (not a link) directly under `content/`, and the file, if it is there, a regular file (not a
//! link): no name leads outside `content/`. A write goes to a new temporary file in the same folder,
//! which then replaces the file in one step (or, for a new file, is linked under its name only if
//! that name is still free); nothing is written if the file's bytes are not those the editor opened.

use crate::load::{self, ReadError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A content file the editor may read and write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `cn/x.md`: the name in the editor's addresses and forms.
    pub name: String,
    /// `content/cn/x.md`: the name diagnostics use.
    pub rel: String,
    pub path: PathBuf,
}

impl Target {
    /// The file name: `x.md`, `_partner.md`.
    pub fn file_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or("")
    }

    /// The partner folder: `cn`.
    pub fn folder(&self) -> &str {
        self.name.split('/').next().unwrap_or("")
    }

    /// The English body beside a barrier file (`x.en.md`); `None` for a profile.
    pub fn english(&self) -> Option<Target> {
        let stem = self.file_name().strip_suffix(".md")?;
        (stem != "_partner").then(|| {
            let name = format!("{}/{stem}.en.md", self.folder());
            Target {
                rel: format!("content/{name}"),
                path: self.path.with_file_name(format!("{stem}.en.md")),
                name,
            }
        })
    }
}

/// The file `name` stands for under `root/content`, or why it may not be touched.
pub fn target(root: &Path, name: &str) -> Result<Target, String> {
    let refused = || format!("'{name}' is not a barrier file or partner profile under content/");
    let (folder, file) = name.split_once('/').ok_or_else(refused)?;
    let stem = file.strip_suffix(".md").ok_or_else(refused)?;
    let file_ok = stem == "_partner" || (load::is_slug(stem) && !stem.ends_with(".en"));
    if !load::is_partner_code(folder) || !file_ok {
        return Err(refused());
    }
    let content = root.join("content");
    let dir = content.join(folder);
    let real_dir = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    if !real_dir(&content) || !real_dir(&dir) {
        return Err(format!(
            "content/{folder}/ is not a partner folder (links are not followed)"
        ));
    }
    let inside = match (std::fs::canonicalize(&dir), std::fs::canonicalize(&content)) {
        (Ok(d), Ok(c)) => d.parent() == Some(c.as_path()),
        _ => false,
    };
    let path = dir.join(file);
    let is_there = std::fs::symlink_metadata(&path).is_ok();
    if !inside || (is_there && !crate::serve::files::is_regular(&path)) {
        return Err(format!(
            "content/{name} is not a regular file (links are not followed)"
        ));
    }
    Ok(Target {
        rel: format!("content/{name}"),
        name: name.to_string(),
        path,
    })
}

/// The file's bytes, `None` when there is no such file.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match load::read_regular(path, load::MAX_FILE_BYTES) {
        Ok(b) => Ok(Some(b)),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{} cannot be read: {e}", path.display())),
    }
}

/// A fingerprint of a file's bytes (`none` for no file), carried in the form to notice a change
/// made elsewhere since the file was opened: two 64-bit FNV-1a hashes with different seeds, and
/// the length.
pub fn fingerprint(bytes: Option<&[u8]>) -> String {
    let Some(bytes) = bytes else {
        return "none".into();
    };
    let fnv = |seed: u64| {
        bytes.iter().fold(seed, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}-{}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142),
        bytes.len()
    )
}

/// Why [`write`] wrote nothing.
#[derive(Debug)]
pub enum WriteError {
    /// The file is not as it was opened: its bytes now (`None`: it is gone, or a new file's name
    /// is taken since).
    Changed(Option<Vec<u8>>),
    Io(String),
}

/// Writes `bytes` to `path` if its bytes still have the fingerprint `opened` (`none`: the file
/// must not exist), through a temporary file in the same folder.
pub fn write(path: &Path, bytes: &[u8], opened: &str) -> Result<(), WriteError> {
    let now = read(path).map_err(WriteError::Io)?;
    if fingerprint(now.as_deref()) != opened {
        return Err(WriteError::Changed(now));
    }
    let dir = path
        .parent()
        .ok_or_else(|| WriteError::Io("no folder".into()))?;
    let io =
        |e: std::io::Error| WriteError::Io(format!("{} cannot be written: {e}", path.display()));
    let (temp, mut file) = temp_file(dir).map_err(io)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            if now.is_some() {
                std::fs::rename(&temp, path)
            } else {
                // A link fails if the name was taken since: a new file never replaces another.
                std::fs::hard_link(&temp, path).and_then(|()| std::fs::remove_file(&temp))
            }
        });
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(WriteError::Changed(read(path).ok().flatten()));
        }
        return Err(io(e));
    }
    Ok(())
}

/// A new file `.knte-edit-<random>.tmp` in `dir` (a dot name: the loader and the preview's
/// watcher pass over it).
fn temp_file(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    loop {
        let path = dir.join(format!(
            ".knte-edit-{:016x}.tmp",
            crate::serve::workdir::random_u64()?
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("content/cn")).unwrap();
        std::fs::write(t.path().join("content/cn/a.md"), "a").unwrap();
        t
    }

    #[test]
    fn only_entry_names_under_content_are_targets() {
        let t = tree();
        let ok = target(t.path(), "cn/a.md").unwrap();
        assert_eq!(ok.rel, "content/cn/a.md");
        assert_eq!(ok.english().unwrap().rel, "content/cn/a.en.md");
        assert!(target(t.path(), "cn/new-one.md").is_ok());
        assert!(target(t.path(), "cn/_partner.md")
            .unwrap()
            .english()
            .is_none());
        for bad in [
            "../cn/a.md",
            "cn/../a.md",
            "/etc/passwd",
            "cn",
            "cn/a.en.md",
            "cn/a.txt",
            "jp/a.md",
            "cn/sub/a.md",
            "cn/.a.md",
            "CN/a.md",
            "cn/A.md",
            "cn/_report.md",
            "../../etc/passwd.md",
        ] {
            assert!(target(t.path(), bad).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed() {
        let t = tree();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), t.path().join("content/jp")).unwrap();
        assert!(target(t.path(), "jp/x.md").is_err());
        std::os::unix::fs::symlink(
            outside.path().join("x.md"),
            t.path().join("content/cn/l.md"),
        )
        .unwrap();
        assert!(target(t.path(), "cn/l.md").is_err());
    }

    #[test]
    fn writes_only_over_the_bytes_opened() {
        let t = tree();
        let path = t.path().join("content/cn/a.md");
        let opened = fingerprint(Some(b"a"));
        assert!(matches!(
            write(&path, b"b", &fingerprint(Some(b"x"))),
            Err(WriteError::Changed(Some(_)))
        ));
        write(&path, b"b", &opened).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
        assert!(matches!(
            write(&path, b"c", &opened),
            Err(WriteError::Changed(Some(_)))
        ));
        let new = t.path().join("content/cn/n.md");
        write(&new, b"n", "none").unwrap();
        assert!(matches!(
            write(&new, b"m", "none"),
            Err(WriteError::Changed(Some(_)))
        ));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(t.path().join("content/cn"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
