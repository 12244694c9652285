//! Reading files from disk for the loader, `--previous` and `knte import`: regular files only,
//! opened without blocking (a named pipe or device is refused, never waited on), under a size
//! limit, decoded as UTF-8 and made NFC; and the diagnostics for files that cannot be read.
//!
//! Input: paths. Output: bytes, a [`Source`]'s text, or a diagnostic naming the file and the fix.

use super::{split, LoadError, Source, MAX_FILE_BYTES, MAX_PREVIOUS_BYTES};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use std::path::{Path, PathBuf};

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not a regular file: what it is (`a named pipe (FIFO)`, `a device`, ...).
    NotAFile(&'static str),
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge(n) => write!(f, "it is {:.1} MB", *n as f64 / 1_048_576.0),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a regular file of at most `max` bytes. Anything else (a named pipe, a device, a socket, a
/// folder) is refused after opening it without waiting (a pipe with no writer would block a
/// plain read forever), and a file that grows past `max` while being read is refused too.
pub(crate) fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(file_kind(&meta)));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, in an editor's words.
pub(super) fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

pub(super) fn read_source(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let rel = rel_path(root, path);
    let bytes = match read_regular(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(ReadError::TooLarge(size)) => {
            diags.push(
                Diagnostic::error(
                    &rel,
                    Pos::FILE,
                    format!(
                        "the file is {:.1} MB; a content file may be at most 1 MB",
                        size as f64 / 1_048_576.0
                    ),
                )
                .with_hint(
                    "a barrier runs to a few pages of text: check that the right file was saved here",
                ),
            );
            return None;
        }
        Err(ReadError::NotAFile(what)) => {
            diags.push(not_a_file(&rel, what));
            return None;
        }
        Err(ReadError::Io(e)) => {
            diags.push(io_error(&rel, &e));
            return None;
        }
    };
    match decode(&bytes) {
        Ok(text) => Some(Source { rel, text }),
        Err((pos, message, hint)) => {
            diags.push(Diagnostic::error(&rel, pos, message).with_hint(hint));
            None
        }
    }
}

/// Bytes -> normalized text, or where and why they are not UTF-8 text.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, (Pos, String, String)> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err((
            line_col(bytes, at),
            "the file is not text (it contains NUL bytes)".into(),
            "content files are plain UTF-8 text; was a Word, PDF or image file saved with a .md name?".into(),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(split::normalize(s)),
        Err(e) => Err((
            line_col(bytes, e.valid_up_to()),
            "the file is not valid UTF-8".into(),
            "save the file as UTF-8 (in most editors: Save As, encoding UTF-8); files saved as EUC-KR or CP949 show this error".into(),
        )),
    }
}

pub(super) fn line_col(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos::new(line, column)
}

pub(super) fn rel_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "give your user read permission on the file (chmod u+r)"
        }
        _ => "check that the file exists and can be opened",
    };
    Diagnostic::error(rel, Pos::FILE, format!("the file cannot be read: {e}")).with_hint(hint)
}

pub(super) fn not_a_file(rel: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        rel,
        Pos::FILE,
        format!("this is {what}, not a regular file"),
    )
    .with_hint(if rel.starts_with("content/") {
        "content/ holds only text files and partner folders: remove it"
    } else {
        "knte reads only regular text files here (a pipe or device is never read): remove it, or put the file itself in its place"
    })
}

pub(super) fn symlink_error(rel: &str) -> Diagnostic {
    Diagnostic::error(
        rel,
        Pos::FILE,
        "symbolic links are not followed in content/",
    )
    .with_hint("replace the link with the file (or folder) itself")
}

pub(super) fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let rel = e
        .path()
        .map_or_else(|| "content".to_string(), |p| rel_path(root, p));
    Diagnostic::error(rel, Pos::FILE, format!("the folder cannot be read: {e}"))
        .with_hint("check the folder's permissions")
}

/// Most bytes of a workbook `knte import` reads: a form of 5,000 rows is a few megabytes.
pub(super) const MAX_WORKBOOK_BYTES: u64 = 32 * 1024 * 1024;

/// Reads the workbook given to `knte import`, as bytes (a regular file of at most
/// [`MAX_WORKBOOK_BYTES`]).
pub(crate) fn workbook(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_regular(path, MAX_WORKBOOK_BYTES).map_err(|e| LoadError {
        message: format!("cannot read the workbook {}: {e}", path.display()),
        hint: match e {
            ReadError::TooLarge(_) => "a survey form of 5,000 rows is a few megabytes: split the submissions into several files, without pictures".into(),
            _ => "give the path of the filled-in form (an .xlsx file), e.g.  knte import survey-2026.xlsx".into(),
        },
    })
}

/// Reads a previous edition's `data/barriers.json` for `knte build --previous`.
pub(crate) fn previous(path: &Path) -> Result<crate::changes::PreviousEdition, LoadError> {
    let bytes = read_regular(path, MAX_PREVIOUS_BYTES).map_err(|e| LoadError {
        message: format!(
            "cannot read the previous edition's data file {}: {e}",
            path.display()
        ),
        hint:
            "pass the path of the previous edition's data/barriers.json, as published on its site (a regular file of at most 256 MB)"
                .into(),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError {
        message: format!("{} is not UTF-8 text", path.display()),
        hint: "pass the data/barriers.json file that knte build wrote for the previous edition"
            .into(),
    })?;
    // Compared with this edition's NFC text, so composed the same way.
    let text = split::normalize(&text);
    let prev: crate::changes::PreviousEdition =
        serde_json::from_str(&text).map_err(|e| LoadError {
            message: format!("{} is not a knte barriers.json: {e}", path.display()),
            hint: "pass the data/barriers.json file that knte build wrote for the previous edition"
                .into(),
        })?;
    if prev.schema_version.split('.').next() != Some("1") {
        return Err(LoadError {
            message: format!(
                "{} has schema version {}; this knte reads version 1.x",
                path.display(),
                prev.schema_version
            ),
            hint: "use a knte version that matches the previous edition's data file".into(),
        });
    }
    Ok(prev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{is_partner_code, is_slug};

    #[test]
    fn partner_codes_and_slugs() {
        assert!(is_partner_code("cn"));
        assert!(is_partner_code("eaeu"));
        assert!(!is_partner_code("CN"));
        assert!(!is_partner_code("china"));
        assert!(is_slug("cosmetics-registration-2"));
        assert!(!is_slug("Cosmetics_Reg"));
        // Windows' device names, whatever follows them, are never file names there.
        for device in ["con", "prn", "aux", "nul", "com1", "lpt9"] {
            assert!(!is_slug(device), "{device}");
        }
        for fine in ["com", "com0", "com10", "console", "nul-rules", "lpt"] {
            assert!(is_slug(fine), "{fine}");
        }
    }

    #[test]
    fn decode_reports_where_bytes_go_wrong() {
        assert_eq!(decode("\u{feff}a\r\nb".as_bytes()).unwrap(), "a\nb");
        let (pos, msg, _) = decode(b"line one\nab\xff").unwrap_err();
        assert_eq!(pos, Pos::new(2, 3));
        assert!(msg.contains("UTF-8"));
        let (_, msg, _) = decode(b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(msg.contains("not text"));
    }
}
