//! Which edited paths are content files the quick update may read: a path -> whether it is a
//! regular file itself (not a link, a named pipe, a device or a folder). Input: a path. Output: a
//! yes or no. Reading goes through [`crate::load::read_regular`], which refuses anything else
//! without waiting on it.

use std::path::Path;

/// Whether `path` itself (not following a link) is a regular file: what the loader accepts as a
/// content file.
pub fn is_regular(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_counts_and_a_folder_does_not() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.md");
        std::fs::write(&file, "a").unwrap();
        assert!(is_regular(&file));
        assert!(!is_regular(tmp.path()));
        assert!(!is_regular(&tmp.path().join("missing.md")));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_regular_files_count_and_pipes_are_refused_at_once() {
        use std::os::unix::ffi::OsStrExt;
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.md");
        std::fs::write(&file, "a").unwrap();
        assert!(is_regular(&file));
        assert!(!is_regular(tmp.path()));
        let fifo = tmp.path().join("pipe.md");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(!is_regular(&fifo));
        // Without a writer, a plain open would wait forever: this test would hang.
        assert!(matches!(
            crate::load::read_regular(&fifo, 1024),
            Err(crate::load::ReadError::NotAFile(_))
        ));
        let link = tmp.path().join("l");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(!is_regular(&link));
        assert_eq!(crate::load::read_regular(&link, 1024).unwrap(), b"a");
    }
}
