//! The preview's work folder: the system's temporary folder -> a new private folder for this
//! server's builds, after removing those left by servers that are no longer running. Input: the
//! temporary folder. Output: the path of the new folder.
//!
//! The folder is `knte-serve-<pid>-<16 random hex digits>`, the digits from the system's random
//! source, so nobody can guess its name in advance. It is created, never reused: if the name is
//! taken (by a folder anyone made beforehand), another is drawn. It is readable by its owner only
//! (mode 0700 on Unix; on Windows the temporary folder is `%TEMP%`, inside the user's profile, whose
//! access list the new folder inherits) and holds a marker file. The clean-up removes a folder only
//! if it looks like one of these (or the `knte-serve-<pid>` of earlier versions), is a real folder
//! (not a link) owned by the current user, holds the marker as a regular file of that user, and its
//! process is gone (Linux, from `/proc`, and Windows; elsewhere old folders stay).

use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as one of `knte serve`'s own work folders.
pub const MARKER: &str = ".knte-serve";
const PREFIX: &str = "knte-serve-";
/// Names drawn before giving up (each taken name is a folder someone else made).
const ATTEMPTS: usize = 16;

/// A new, private work folder under `tmp` (stale ones of the current user removed first).
pub fn create(tmp: &Path) -> io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    // SAFETY: geteuid has no preconditions and cannot fail.
    remove_stale(tmp, unsafe { libc::geteuid() });
    #[cfg(windows)]
    remove_stale(tmp, ());
    for _ in 0..ATTEMPTS {
        let path = tmp.join(format!(
            "{PREFIX}{}-{:016x}",
            std::process::id(),
            random_u64()?
        ));
        match create_private(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path.join(MARKER))
            .and_then(|mut f| {
                io::Write::write_all(
                    &mut f,
                    b"knte serve builds; removed when the server that made them is gone\n",
                )
            })?;
        return Ok(path);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{ATTEMPTS} new folder names in a row were taken"),
    ))
}

/// Creates `path` (failing if anything is there already, a link included) with mode 0700.
fn create_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new().mode(0o700).create(path)?;
        // The mode given is narrowed by the umask; the owner needs all three bits.
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
    }
    // Windows: the folder inherits the access list of the user's own temporary folder.
    #[cfg(not(unix))]
    std::fs::create_dir(path)
}

/// 64 bits from the system's random source.
pub(crate) fn random_u64() -> io::Result<u64> {
    #[cfg(target_os = "linux")]
    {
        let mut bytes = [0u8; 8];
        let mut filled = 0;
        while filled < bytes.len() {
            // SAFETY: the pointer and length describe the unfilled rest of `bytes`.
            let n = unsafe {
                libc::getrandom(bytes[filled..].as_mut_ptr().cast(), bytes.len() - filled, 0)
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            } else {
                filled += n as usize;
            }
        }
        Ok(u64::from_le_bytes(bytes))
    }
    #[cfg(not(target_os = "linux"))]
    {
        // The standard library keys its hash maps from the system's random source
        // (ProcessPrng on Windows).
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        Ok(h.finish())
    }
}

/// The process id in a work folder's name: `knte-serve-<pid>-<hex>`, or `knte-serve-<pid>` as
/// earlier versions named them.
#[cfg_attr(not(any(target_os = "linux", windows)), allow(dead_code))]
fn pid_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?;
    let (pid, random) = match rest.split_once('-') {
        Some((pid, random)) => (pid, Some(random)),
        None => (rest, None),
    };
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !random.is_none_or(hex) || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// The owner a folder must have to be cleaned up: the uid on Linux. On Windows `%TEMP%` is the
/// user's own, inside a profile other users cannot open, so whatever is in it is the user's.
#[cfg(target_os = "linux")]
type Owner = u32;
#[cfg(windows)]
type Owner = ();

/// Whether the metadata (of the entry itself, not of what a link points at) is `owner`'s.
#[cfg(target_os = "linux")]
fn owned_by(meta: &std::fs::Metadata, owner: Owner) -> bool {
    std::os::unix::fs::MetadataExt::uid(meta) == owner
}
#[cfg(windows)]
fn owned_by(_meta: &std::fs::Metadata, _owner: Owner) -> bool {
    true
}

/// Removes the work folders under `tmp` of servers no longer running, if `owner` owns them.
#[cfg(any(target_os = "linux", windows))]
fn remove_stale(tmp: &Path, owner: Owner) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    let owned_as = |p: &Path, dir: bool| {
        // Not following links: a link (or a Windows junction) named like a work folder, or as its
        // marker, is left alone.
        std::fs::symlink_metadata(p)
            .is_ok_and(|m| owned_by(&m, owner) && if dir { m.is_dir() } else { m.is_file() })
    };
    for e in entries.flatten() {
        let Some(pid) = pid_of(&e.file_name().to_string_lossy()) else {
            continue;
        };
        let path = e.path();
        if !owned_as(&path, true) || !owned_as(&path.join(MARKER), false) {
            continue;
        }
        if crate::platform::process_running(pid) == Some(false) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pid_from_work_folder_names() {
        assert_eq!(pid_of("knte-serve-123-00ff00ff00ff00ff"), Some(123));
        assert_eq!(pid_of("knte-serve-123"), Some(123));
        for other in [
            "knte-serve-",
            "knte-serve-x",
            "knte-serve-12x",
            "knte-serve-1-",
            "knte-serve-1-xyz",
            "knte-serve-1-ab-cd",
            "other-123",
        ] {
            assert_eq!(pid_of(other), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn creates_a_new_private_folder_each_time() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let a = create(tmp.path()).unwrap();
        let b = create(tmp.path()).unwrap();
        assert_ne!(a, b);
        for dir in [&a, &b] {
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let random = name
                .strip_prefix(&format!("knte-serve-{}-", std::process::id()))
                .unwrap_or_else(|| panic!("{name}"));
            assert_eq!(random.len(), 16, "{name}");
            let mode = std::fs::metadata(dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{name}: {mode:o}");
            assert!(dir.join(MARKER).is_file());
        }
        // An existing folder (or a link) is never taken over.
        let taken = tmp.path().join("taken");
        std::fs::create_dir(&taken).unwrap();
        let err = create_private(&taken).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        std::os::unix::fs::symlink(&taken, tmp.path().join("link")).unwrap();
        let err = create_private(&tmp.path().join("link")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn removes_only_the_current_users_marked_folders_of_dead_servers() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let uid = std::fs::metadata(tmp.path()).unwrap().uid();
        // Process ids above the kernel's largest (2^22) are never running.
        let dead = |n: u32| format!("knte-serve-{}-00000000000000{n:02}", (1 << 22) + n);
        let make = |name: &str, marker: bool| {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("page.html"), "x").unwrap();
            if marker {
                std::fs::write(dir.join(MARKER), "").unwrap();
            }
            dir
        };
        let stale = make(&dead(1), true);
        let legacy = make(&format!("knte-serve-{}", (1 << 22) + 2), true);
        let unmarked = make(&dead(3), false);
        let running = make(&format!("knte-serve-{}-0000", std::process::id()), true);
        let marker_dir = make(&dead(4), false);
        std::fs::create_dir(marker_dir.join(MARKER)).unwrap();
        let elsewhere = make("elsewhere", true);
        let link = tmp.path().join(dead(5));
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let marker_link = make(&dead(6), false);
        std::os::unix::fs::symlink(elsewhere.join(MARKER), marker_link.join(MARKER)).unwrap();

        // Another user's folders are left alone, marked and stale as they are.
        remove_stale(tmp.path(), uid + 1);
        assert!(stale.exists() && legacy.exists());

        remove_stale(tmp.path(), uid);
        assert!(!stale.exists() && !legacy.exists());
        for kept in [&unmarked, &running, &marker_dir, &elsewhere, &marker_link] {
            assert!(kept.join("page.html").exists(), "{}", kept.display());
        }
        assert!(link.symlink_metadata().is_ok(), "a link is not followed");
    }
}
