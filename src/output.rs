//! Output: [`Files`] -> the output folder on disk, all or nothing.
//!
//! Writes everything into a temporary folder beside the output, then swaps it into place; if any
//! write fails, the temporary folder is removed and the previous output is left exactly as it was.
//! With the loader, this is the only module that touches the disk.

use crate::render::Files;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Writes `files` as the new content of `out`.
pub fn write(out: &Path, files: &Files) -> io::Result<()> {
    for path in files.0.keys() {
        if !is_safe(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {path}"),
            ));
        }
    }
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
    if let Err(e) = write_all(&tmp, files) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_previous = out.exists();
    // Where the system can swap two folders in one step, the output is never missing, even for
    // an instant; elsewhere it is renamed aside and the new one renamed in.
    if had_previous && exchange(&tmp, out).is_ok() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Ok(());
    }
    if had_previous {
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_previous {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if had_previous {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
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
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let alive = Path::new("/proc").join(pid).exists() || !Path::new("/proc/self").exists();
        if alive {
            continue;
        }
        if is_old && !out.exists() {
            let _ = std::fs::rename(e.path(), out);
        } else {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn write_all(dir: &Path, files: &Files) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (path, bytes) in &files.0 {
        let target = dir.join(path);
        if let Some(p) = target.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&target, bytes)?;
    }
    Ok(())
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
}
