//! The preview's builder: file events from the watcher -> a quick update of one edited entry
//! when that is enough, a full build into the work folder otherwise, published to the server's
//! threads when it is done.
//!
//! Input: the changed paths. Output: the site served next, or the failure page's diagnostics.

use super::*;

/// What the watcher and the builder share: whether the content changed since the current build
/// started, and what a quick update needs. Quick updates and publishing a build both happen under
/// its lock, so a build that started before an edit is never published over that edit's pages.
pub(super) struct Coordinator {
    pub(super) state: Mutex<BuildState>,
    pub(super) wake: Condvar,
}

/// What the builder has still to do, and the last good build a quick update starts from.
pub(super) struct BuildState {
    /// An edit arrived that the site does not reflect fully yet: build again.
    pub(super) dirty: bool,
    /// The last good build's report and theme, and its folder (the one being served).
    pub(super) quick: Option<Quick>,
}

pub(super) struct Quick {
    pub(super) report: crate::model::Report,
    pub(super) theme: crate::load::theme::Theme,
    pub(super) site: PathBuf,
}

impl Coordinator {
    /// Called by the watcher after a burst of saves (`changed`: paths relative to the root). An
    /// edit to existing barrier files, partner profiles or the taxonomy that passes the checks
    /// updates their pages in place at once (see [`crate::quick_update`]); in every case the
    /// builder then rebuilds the whole site, lists included.
    pub(super) fn edited(&self, root: &Path, changed: &[String], drafts: bool, shared: &Shared) {
        let started = Instant::now();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.dirty = true;
        // Only regular files: the quick update reads them here, on the watcher's thread, and a
        // named pipe would never finish reading; the full build's loader refuses anything else.
        let entries = !changed.is_empty()
            && changed.iter().all(|c| {
                (crate::load::barrier_path(c).is_some()
                    || crate::load::profile_path(c).is_some()
                    || crate::load::is_taxonomy_path(c))
                    && files::is_regular(&root.join(c))
            });
        if !entries {
            // A new or removed file, the report's files, a template or an asset
            // changed: the last build's report and theme no longer describe the site; wait for
            // the full build.
            st.quick = None;
        } else if let Some(q) = st.quick.as_mut() {
            let mut ids = Vec::new();
            for rel in changed {
                match crate::quick_update(root, &mut q.report, &q.theme, rel, drafts, &q.site) {
                    Some(id) => ids.push(id),
                    None => {
                        ids.clear();
                        break;
                    }
                }
            }
            if ids.is_empty() {
                // Part of the report may be updated already: only a full build is trusted now.
                st.quick = None;
            } else {
                shared.publish(None, None);
                eprintln!(
                    "[{}] updated {} in {} ms; rebuilding the lists",
                    chrono::Local::now().format("%H:%M:%S"),
                    ids.join(", "),
                    started.elapsed().as_millis()
                );
            }
        }
        self.wake.notify_all();
    }
}

/// Runs builds one after another, each into a new folder, and publishes the result.
pub(super) struct Builder {
    pub(super) root: PathBuf,
    pub(super) work: PathBuf,
    pub(super) drafts: bool,
    pub(super) count: u64,
    /// Good builds still on disk, oldest first: the current one and the one before (which a
    /// request started just before the swap may still be reading).
    pub(super) good: VecDeque<PathBuf>,
    pub(super) shared: Arc<Shared>,
    pub(super) coord: Arc<Coordinator>,
}

impl Builder {
    /// Waits for edits and rebuilds, forever.
    pub(super) fn run(mut self) {
        lower_priority();
        loop {
            {
                let mut st = self.coord.state.lock().unwrap_or_else(|e| e.into_inner());
                while !st.dirty {
                    st = self.coord.wake.wait(st).unwrap_or_else(|e| e.into_inner());
                }
                st.dirty = false;
            }
            self.rebuild();
        }
    }

    // Long: one rebuild: build, then publish or keep the last site under the coordinator's lock, with the messages; the lock's scope must stay visible in one place.
    pub(super) fn rebuild(&mut self) {
        self.count += 1;
        let out = self.work.join(format!("site-{}", self.count));
        let started = Instant::now();
        // The preview skips the PDFs: an edit shows on the page at once; `knte pdf` makes them.
        let opts = crate::BuildOptions {
            out: out.clone(),
            drafts: self.drafts,
            pdf: false,
            site: true,
            previous: None,
            circulation: false,
            print: false,
        };
        let time = chrono::Local::now().format("%H:%M:%S");
        let result = crate::build(&self.root, &opts);
        let mut st = self.coord.state.lock().unwrap_or_else(|e| e.into_inner());
        if st.dirty {
            // Files changed while this build was reading them: its output may miss an edit whose
            // pages are served already. Build again instead of publishing it.
            drop(st);
            let _ = std::fs::remove_dir_all(&out);
            return;
        }
        match result {
            Ok(built) => {
                let (shown, counted) = condense(built.diagnostics.into_sorted(), false);
                for d in shown {
                    eprintln!("{}", d.render_text());
                }
                for line in counted {
                    eprintln!("{line}");
                }
                eprintln!(
                    "[{time}] built {} pages from {} entries {} in {} ms",
                    built.pages,
                    built.entries,
                    stages_note(built.stages),
                    started.elapsed().as_millis()
                );
                edit::bar::remember(&self.shared.files, &built.report);
                self.shared.publish(Some(out.clone()), None);
                st.quick = Some(Quick {
                    report: built.report,
                    theme: built.theme,
                    site: out.clone(),
                });
                self.good.push_back(out);
                drop(st);
                // Removed outside the lock: a large site takes a while to delete.
                while self.good.len() > 2 {
                    if let Some(old) = self.good.pop_front() {
                        let _ = std::fs::remove_dir_all(old);
                    }
                }
            }
            Err(crate::BuildError::Content {
                diagnostics,
                entries,
                stages,
            }) => {
                let summary = format!(
                    "{} {}; the site was not rebuilt",
                    summary_line(diagnostics.errors(), diagnostics.warnings(), entries),
                    stages_note(stages)
                );
                let diagnostics = diagnostics.into_sorted();
                let (shown, counted) = condense(diagnostics.clone(), false);
                for d in &shown {
                    eprintln!("{}", d.render_text());
                }
                for line in &counted {
                    eprintln!("{line}");
                }
                eprintln!("[{time}] {summary}");
                // The page shows what stops the build; warnings stay in the terminal.
                let errors = diagnostics
                    .into_iter()
                    .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                    .collect();
                st.quick = None;
                self.shared.publish(
                    None,
                    Some(Failure {
                        diagnostics: errors,
                        summary,
                    }),
                );
            }
            Err(crate::BuildError::Usage { message, hint }) => {
                eprintln!("[{time}] error: {message}\n  = hint: {hint}");
                let d = Diagnostic::error("content", Pos::FILE, message).with_hint(hint);
                st.quick = None;
                self.shared.publish(
                    None,
                    Some(Failure {
                        diagnostics: vec![d],
                        summary: "the site was not rebuilt".into(),
                    }),
                );
            }
        }
    }
}
