//! New files beside the content, never over an existing one: the draft entries `knte import`
//! writes. Input: a path and the bytes. Output: the file, complete, or an error and no file.
//! Each file is written whole to a hidden temporary file in the same folder (the loader skips
//! names starting with a dot), flushed to disk, then moved to its name in one step that fails
//! when the name is taken: a reader sees the whole file or none, and nothing is overwritten.

use std::io::{self, Write as _};
use std::path::Path;

/// Writes `bytes` as the new file `path`; `ErrorKind::AlreadyExists` when the name is taken.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?
        .to_string_lossy()
        .to_string();
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{name} already exists"),
        ));
    }
    let tmp = path.with_file_name(format!(".{name}.knte-new-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        move_no_replace(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    written
}

/// Moves `from` to `to` unless `to` exists: `renameat2(RENAME_NOREPLACE)` on Linux, `MoveFileExW`
/// without its replace flag on Windows (which also works on FAT drives, which have no hard links),
/// a hard link (which refuses a taken name too) elsewhere.
fn move_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(from.as_os_str().as_bytes())?;
        let b = CString::new(to.as_os_str().as_bytes())?;
        // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        // Some file systems do not know the flag; the hard link below does the same.
        if !matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(e);
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        let wide = |p: &Path| -> Vec<u16> { p.as_os_str().encode_wide().chain([0]).collect() };
        let (a, b) = (wide(from), wide(to));
        // SAFETY: both are NUL-terminated UTF-16 strings that outlive the call; flags 0 means the
        // move fails (ERROR_ALREADY_EXISTS) when `to` exists.
        let ok = unsafe {
            windows_sys::Win32::Storage::FileSystem::MoveFileExW(a.as_ptr(), b.as_ptr(), 0)
        };
        if ok != 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
    #[cfg(not(windows))]
    std::fs::hard_link(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_new_file_and_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        write_new(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let e = write_new(&path, b"two").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        // No temporary file is left behind, after success or refusal.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.md")]);
        assert!(write_new(&dir.path().join("missing/b.md"), b"x").is_err());
    }
}
