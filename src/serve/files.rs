//! Reading files without the risk of waiting forever: a path -> its bytes, only if it is a regular
//! file. Input: a path (a built page, or a content file an edit named). Output: the bytes, or an
//! error for anything else (a named pipe, a device, a folder).
//!
//! Opening a named pipe (FIFO) for reading waits until some program opens it for writing, and
//! reading a device may never end, so a thread that opened one could wait forever. On Linux the
//! file is opened without waiting (`O_NONBLOCK`) and checked with `fstat` on the open file, so it
//! cannot be swapped between the check and the read; elsewhere it is checked before opening.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The bytes of `path` if it is a regular file (a link to one is followed).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let mut data = Vec::new();
    file.read_to_end(&mut data)?;
    Ok(data)
}

/// Whether `path` itself (not following a link) is a regular file: what the loader accepts as a
/// content file.
pub fn is_regular(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

fn open_regular(path: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    #[cfg(not(target_os = "linux"))]
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    // O_NONBLOCK has no effect on a regular file's reads; it is left as it is.
    Ok(file)
}

fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_only() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.html");
        std::fs::write(&file, "<p>a</p>").unwrap();
        assert_eq!(read_regular(&file).unwrap(), b"<p>a</p>");
        assert!(is_regular(&file));
        assert!(read_regular(tmp.path()).is_err(), "a folder");
        assert!(!is_regular(tmp.path()));
        assert!(read_regular(&tmp.path().join("missing")).is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_is_refused_at_once() {
        use std::os::unix::ffi::OsStrExt;
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe.md");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Without a writer, a plain open would wait forever: this test would hang.
        let err = read_regular(&fifo).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(!is_regular(&fifo));
        // A link to a regular file is read; is_regular does not follow it.
        let target = tmp.path().join("t");
        std::fs::write(&target, "t").unwrap();
        let link = tmp.path().join("l");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_regular(&link).unwrap(), b"t");
        assert!(!is_regular(&link));
    }
}
