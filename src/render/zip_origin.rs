//! The same XLSX bytes on every system: a zip archive's bytes -> the same archive marked as made on
//! Unix. The zip writer under rust_xlsxwriter records the system it runs on in the "version made
//! by" field of every central directory entry (0, MS-DOS, on Windows; 3, Unix, elsewhere), and
//! nothing else about the system: the times are fixed (1980) and the permissions given. So an
//! XLSX built on Windows differs from the Linux one in those bytes alone; marking them Unix makes
//! the files identical. Pure: bytes in, bytes out.

/// The central directory entry's signature, `PK\x01\x02`.
const ENTRY: u32 = 0x0201_4b50;
/// The end of central directory record's signature, `PK\x05\x06`.
const END: u32 = 0x0605_4b50;
/// The end record's fixed part, before its comment.
const END_LEN: usize = 22;
/// A central directory entry's fixed part, before its name, extra field and comment.
const ENTRY_LEN: usize = 46;
/// "version made by"'s high byte for Unix.
const UNIX: u8 = 3;

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Marks every central directory entry of the archive `zip` as made on Unix. An archive it cannot
/// read through (a zip64 one, a damaged one) is left exactly as it was.
pub(crate) fn mark_unix(zip: &mut [u8]) {
    if let Some(entries) = entry_offsets(zip) {
        for at in entries {
            zip[at + 5] = UNIX;
        }
    }
}

/// Where each central directory entry starts, or `None` if the directory cannot be walked whole.
fn entry_offsets(zip: &[u8]) -> Option<Vec<usize>> {
    // The end record is the last thing in the file, followed only by its comment (at most 65,535
    // bytes); the writer here leaves no comment, but a comment is allowed for.
    let lowest = zip.len().checked_sub(END_LEN)?;
    let end = (lowest.saturating_sub(u16::MAX as usize)..=lowest)
        .rev()
        .find(|&at| {
            u32_at(zip, at) == Some(END) && u16_at(zip, at + 20) == Some(zip.len() - at - END_LEN)
        })?;
    let count = u16_at(zip, end + 10)?;
    let start = u32_at(zip, end + 16)?;
    if start == u32::MAX || count == u16::MAX as usize {
        return None; // zip64: the real values are elsewhere
    }
    let mut at = start as usize;
    let mut offsets = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(zip, at)? != ENTRY {
            return None;
        }
        let name = u16_at(zip, at + 28)?;
        let extra = u16_at(zip, at + 30)?;
        let comment = u16_at(zip, at + 32)?;
        offsets.push(at);
        at += ENTRY_LEN + name + extra + comment;
    }
    (at <= end).then_some(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A small archive as the zip crate writes it on the system `system`.
    fn archive(system: zip::System) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o600)
            .last_modified_time(zip::DateTime::default())
            .system(system);
        for (name, text) in [
            ("[Content_Types].xml", "<a/>"),
            ("xl/workbook.xml", "<b>표</b>"),
        ] {
            w.start_file(name, options).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.set_comment("a comment").unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn an_archive_made_on_windows_becomes_the_one_made_on_unix() {
        let (mut dos, unix) = (archive(zip::System::Dos), archive(zip::System::Unix));
        assert_ne!(dos, unix);
        mark_unix(&mut dos);
        assert_eq!(dos, unix);
        // Already Unix: unchanged.
        let mut again = unix.clone();
        mark_unix(&mut again);
        assert_eq!(again, unix);
    }

    #[test]
    fn what_it_cannot_read_it_leaves_alone() {
        for bytes in [Vec::new(), b"PK\x05\x06".to_vec(), vec![0u8; 100]] {
            let mut copy = bytes.clone();
            mark_unix(&mut copy);
            assert_eq!(copy, bytes);
        }
        // A directory that points past the end of the file.
        let mut broken = archive(zip::System::Dos);
        let n = broken.len();
        let end = n - END_LEN - "a comment".len();
        broken[end + 16..end + 20].copy_from_slice(&(n as u32).to_le_bytes());
        let before = broken.clone();
        mark_unix(&mut broken);
        assert_eq!(broken, before);
    }
}
