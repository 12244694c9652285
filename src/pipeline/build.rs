//! The build: content on disk -> an edition (site, data files, search index, PDFs) in the output
//! folder, all or nothing.
//!
//! Input: the root and [`BuildOptions`]. Output: [`Built`] (what was written, the report and theme
//! the preview keeps), or a [`BuildError`] with every diagnostic found; on any failure the previous
//! output is left as it was. The stages run in order: claim the output folder, check, shape the
//! report for the edition, compare with the previous edition, render the PDFs, then the data files,
//! pages and search index into a staging folder that replaces the output at the end.

use super::downloads;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::{changes, check, glyphs, load, model, output, render};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub drafts: bool,
    /// Build the PDF reports.
    pub pdf: bool,
    /// Build the HTML site, data files and search index (false for `knte pdf`).
    pub site: bool,
    /// The previous edition's `data/barriers.json`, for the changes page and annex.
    pub previous: Option<PathBuf>,
    /// Build the circulation edition: every stage, the `internal:` notes, the notice on every
    /// page and PDF page, and no page indexed by search engines.
    pub circulation: bool,
    /// The PDF's print layout: chapters open on right-hand pages, page numbers `- n -`.
    pub print: bool,
}

impl BuildOptions {
    /// The edition this build writes: what it holds, and what its output folder is marked as.
    pub fn edition(&self) -> output::Edition {
        if self.circulation {
            output::Edition::Circulation
        } else if self.drafts {
            output::Edition::Preview
        } else {
            output::Edition::Public
        }
    }
}

/// What a build produced.
pub struct Built {
    pub diagnostics: Diagnostics,
    pub entries: usize,
    /// The stages of every entry read (those left out of this edition included).
    pub stages: model::StageCounts,
    pub files: usize,
    pub pages: usize,
    /// Pages in the PDF reports.
    pub pdf_pages: usize,
    /// The report the site was built from, and the theme: what `knte serve` needs to update the
    /// pages of one edited entry without a full build ([`quick_update`]).
    pub report: model::Report,
    pub theme: load::theme::Theme,
}

/// Why a build stopped; nothing was written in either case.
pub enum BuildError {
    /// Exit status 2: the content cannot be read, or the output cannot be written.
    Usage { message: String, hint: String },
    /// Exit status 1: content or template errors (warnings included).
    Content {
        diagnostics: Diagnostics,
        entries: usize,
        stages: model::StageCounts,
    },
}

/// Checks, renders and writes the site.
pub fn build(root: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
    let mut stages = Stages::start();
    // `knte pdf` replaces only the report folder of the output.
    let target = if opts.site {
        opts.out.clone()
    } else {
        opts.out.join("report")
    };
    let edition = opts.edition();
    output::claim(root, &opts.out, &target, edition).map_err(|r| BuildError::Usage {
        message: r.message,
        hint: r.hint,
    })?;
    let mut run = checked(root, opts)?;
    stages.mark("check");
    let write_error = |e: std::io::Error| {
        BuildError::Usage {
        message: format!("cannot write {}: {e}", target.display()),
        hint: format!("check that the output folder's parent exists and is writable, and that the disk has room{}; the previous output was left as it was", crate::platform::OUTPUT_IN_USE_HINT),
    }
    };
    let staging = output::Staging::begin(&target, edition).map_err(write_error)?;
    let (pdf_downloads, pdf_pages) = if opts.pdf {
        write_pdfs(root, opts, &mut run, &staging)?
    } else {
        (Vec::new(), 0)
    };
    if opts.site {
        stages.mark("pdf");
        write_site(opts, &mut run, pdf_downloads, &staging, &mut stages)?;
    }
    // A renderer that asked for an interface text the table lacks got an empty one: nothing is
    // published with a hole in it.
    let unknown = run.theme.strings.unknown_lookups();
    if !unknown.is_empty() {
        return Err(run.fail(unknown));
    }
    stages.mark("search index");
    let (files, pages) = staging.counts();
    staging.commit().map_err(write_error)?;
    stages.mark("write");
    stages.report();
    Ok(Built {
        diagnostics: run.diagnostics,
        entries: run.entries,
        stages: run.stage_counts,
        files,
        pages,
        pdf_pages,
        report: run.report,
        theme: run.theme,
    })
}

/// A build past its check: the report shaped for its edition and what every renderer shares.
struct Run {
    report: model::Report,
    theme: load::theme::Theme,
    diagnostics: Diagnostics,
    entries: usize,
    stage_counts: model::StageCounts,
    changes: Option<changes::Changes>,
    notice: Option<String>,
}

impl Run {
    /// A failure after the check, keeping every diagnostic found so far (warnings included) and
    /// adding `more`.
    fn fail(&mut self, more: impl IntoIterator<Item = Diagnostic>) -> BuildError {
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        for d in more {
            diagnostics.push(d);
        }
        BuildError::Content {
            diagnostics,
            entries: self.entries,
            stages: self.stage_counts,
        }
    }

    fn fail_at(&mut self, file: &str, message: String) -> BuildError {
        self.fail([Diagnostic::error(file, Pos::FILE, message)])
    }
}

/// Checks the content, loads the theme, and leaves out of the report what the edition must not
/// hold; compares it with the previous edition when one is given.
fn checked(root: &Path, opts: &BuildOptions) -> Result<Run, BuildError> {
    let outcome = check(root).map_err(|e| BuildError::Usage {
        message: e.message,
        hint: e.hint,
    })?;
    let (entries, stage_counts) = (outcome.entries, outcome.stages);
    let mut diagnostics = outcome.diagnostics;
    let theme = load::theme::load(root, &mut diagnostics);
    let report = match outcome.report {
        Some(r) if !diagnostics.has_errors() => r,
        _ => {
            return Err(BuildError::Content {
                diagnostics,
                entries,
                stages: stage_counts,
            })
        }
    };
    // What an edition must not hold leaves the report before anything is rendered: the
    // `internal:` notes (all but the circulation edition), entries not approved (the public one).
    let edition = opts.edition();
    let report = match edition {
        output::Edition::Circulation => report,
        output::Edition::Preview => report.without_internal(),
        output::Edition::Public => report.without_internal().approved_only(),
    };
    let notice = opts
        .circulation
        .then(|| report.meta.circulation_notice.clone());
    let changes = match &opts.previous {
        Some(path) => Some(compare_previous(&report, path, edition)?),
        None => None,
    };
    Ok(Run {
        report,
        theme,
        diagnostics,
        entries,
        stage_counts,
        changes,
        notice,
    })
}

/// Reads the previous edition's data file and compares this edition with it.
fn compare_previous(
    report: &model::Report,
    path: &Path,
    edition: output::Edition,
) -> Result<changes::Changes, BuildError> {
    let prev = load::previous(path).map_err(|e| BuildError::Usage {
        message: e.message,
        hint: e.hint,
    })?;
    // A circulation edition's data file lists entries never published: compared with it, a
    // public edition would name them on its changes page.
    if edition != output::Edition::Circulation && prev.barriers.iter().any(|b| b.stage.is_some()) {
        return Err(BuildError::Usage {
            message: format!("{} is a circulation edition's data file (its records carry stages)", path.display()),
            hint: "pass the data/barriers.json published on the previous edition's public site: a circulation edition's file holds entries that were never published".into(),
        });
    }
    Ok(changes::compare(report, &prev))
}

/// Renders the PDF reports into the staging folder; returns their downloads and page count.
fn write_pdfs(
    root: &Path,
    opts: &BuildOptions,
    run: &mut Run,
    staging: &output::Staging,
) -> Result<(Vec<render::html::Download>, usize), BuildError> {
    let fonts = glyphs::fonts(&run.theme).map_err(|m| run.fail_at("static/fonts", m))?;
    let pdfs = render::pdf::render(
        &run.report,
        &fonts.fonts,
        &run.theme.strings,
        run.changes.as_ref(),
        run.notice.as_deref(),
        opts.print,
    )
    .map_err(|m| run.fail_at("report", m))?;
    let missing = glyphs::errors(root, &pdfs.missing, &fonts.absent);
    if !missing.is_empty() {
        let mut err = run.fail(missing);
        if let BuildError::Content { diagnostics, .. } = &mut err {
            diagnostics.limit_per_file();
        }
        return Err(err);
    }
    let pages = pdfs.pages.values().sum();
    let list = downloads::pdfs(&run.report, &pdfs.files);
    for (path, bytes) in &pdfs.files.0 {
        let path = if opts.site {
            path.as_str()
        } else {
            path.trim_start_matches("report/")
        };
        render::Sink::put(staging, path, bytes);
    }
    Ok((list, pages))
}

/// Renders the data files, survey forms, pages and search index into the staging folder.
fn write_site(
    opts: &BuildOptions,
    run: &mut Run,
    pdfs: Vec<render::html::Download>,
    staging: &output::Staging,
    stages: &mut Stages,
) -> Result<(), BuildError> {
    let (data, warnings) = render::data::render(&run.report, &run.theme.strings, opts.circulation)
        .map_err(|m| run.fail_at("data/barriers", m))?;
    for w in warnings {
        run.diagnostics.push(w);
    }
    staging.put_all(&data);
    let forms = render::form::render(&run.report)
        .map_err(|m| run.fail_at("data/barrier-report-form", m))?;
    staging.put_all(&forms);
    let site_opts = render::html::SiteOptions {
        pdfs,
        data: downloads::data(&data),
        forms: downloads::forms(&forms),
        changes: run.changes.clone(),
        circulation: run.notice.clone(),
    };
    drop(data);
    stages.mark("data files");
    render::html::render(&run.report, &run.theme, &site_opts, staging)
        .map_err(|errs| run.fail(errs))?;
    stages.mark("html");
    staging.put_all(&render::search::render(&run.report));
    Ok(())
}

/// Stage timings for profiling a build, printed when `KNTE_TIMINGS` is set.
pub(crate) struct Stages {
    on: bool,
    last: std::time::Instant,
    marks: Vec<(&'static str, f64)>,
}

impl Stages {
    fn start() -> Self {
        Stages {
            on: std::env::var_os("KNTE_TIMINGS").is_some(),
            last: std::time::Instant::now(),
            marks: Vec::new(),
        }
    }
    /// Records the end of a stage; printed at once, so a watcher sees the build's progress.
    fn mark(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        let secs = (now - self.last).as_secs_f64();
        self.marks.push((name, secs));
        self.last = now;
        if self.on {
            eprintln!("timing: {name:<16} {secs:>8.3} s");
        }
    }
    fn report(&self) {
        if self.on {
            let total: f64 = self.marks.iter().map(|m| m.1).sum();
            eprintln!("timing: {:<16} {total:>8.3} s", "total");
        }
    }
}
