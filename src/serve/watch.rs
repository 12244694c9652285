//! Watching the root for edits: file-system events under `content/`, `templates/`, `static/` and
//! `i18n/` -> one "rebuild now" per burst of saves. Input: the root folder. Output: calls to the rebuild
//! callback, each after the files have been quiet for [`QUIET`].

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild: an editor saving a file in several steps
/// (write a temporary file, rename it, touch it) gives one rebuild.
pub const QUIET: Duration = Duration::from_millis(60);
/// Longest wait in a burst that never goes quiet (a tool writing many files in a row).
pub const MAX_WAIT: Duration = Duration::from_millis(1000);

/// The folders under the root whose edits change the site.
pub const WATCHED: [&str; 4] = ["content", "templates", "static", "i18n"];

/// Starts watching; returns the watcher (dropping it stops the events) and its event channel.
pub fn start(
    root: &Path,
) -> notify::Result<(
    RecommendedWatcher,
    mpsc::Receiver<notify::Result<notify::Event>>,
)> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev| {
        let _ = tx.send(ev);
    })?;
    // The root itself, not recursively: to see templates/ or static/ appear (or content/ come back
    // after a checkout), and re-watch them.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok((watcher, rx))
}

/// Waits for edits and calls `rebuild` once per burst, forever (until the watcher is dropped).
pub fn run(
    root: &Path,
    watcher: &mut RecommendedWatcher,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    mut rebuild: impl FnMut(&[String]),
) {
    loop {
        let Ok(first) = rx.recv() else { return };
        let mut changed = BTreeSet::new();
        if !handle(root, watcher, first, &mut changed) {
            continue;
        }
        // Quiet means no event that changes the site: the reads of a build running meanwhile
        // (an event per file) neither delay the rebuild nor count.
        let started = Instant::now();
        let mut last = started;
        loop {
            let wait = QUIET.saturating_sub(last.elapsed());
            if wait.is_zero() || started.elapsed() > MAX_WAIT {
                break;
            }
            match rx.recv_timeout(wait) {
                Ok(ev) => {
                    if handle(root, watcher, ev, &mut changed) {
                        last = Instant::now();
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        rebuild(&changed.into_iter().collect::<Vec<_>>());
    }
}

/// Whether an event may change the site; re-watches a watched folder that (re)appeared. The
/// paths it names go into `changed`, relative to the root with `/` (an event that names none, or a
/// failed watch, adds a path no quick update accepts, so a full build follows).
fn handle(
    root: &Path,
    watcher: &mut RecommendedWatcher,
    ev: notify::Result<notify::Event>,
    changed: &mut BTreeSet<String>,
) -> bool {
    let ev = match ev {
        Ok(ev) => ev,
        Err(e) => {
            eprintln!("warning: watching the files failed for a moment: {e}");
            changed.insert(String::new());
            return true;
        }
    };
    if !changes_files(&ev.kind) {
        return false;
    }
    let mut relevant = false;
    for path in &ev.paths {
        // Dot files (the editor's temporary files among them) are not content: the loader passes
        // over them, so they need no build.
        let dot = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if dot {
            continue;
        }
        if let Some(top) = watched_folder(root, path) {
            relevant = true;
            let rel = path.strip_prefix(root).unwrap_or(path);
            changed.insert(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
            if path == &root.join(top) && path.is_dir() {
                let _ = watcher.watch(path, RecursiveMode::Recursive);
            }
        }
    }
    relevant
}

/// Reads (the build's own) and access-time updates change nothing.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// `content`, `templates`, `static` or `i18n` when `path` is that folder or inside it.
fn watched_folder(root: &Path, path: &Path) -> Option<&'static str> {
    let rel: PathBuf = path.strip_prefix(root).ok()?.to_path_buf();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    WATCHED.into_iter().find(|w| *w == first)
}
