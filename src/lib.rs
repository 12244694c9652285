//! knte: Korea's report on foreign trade barriers, built from Markdown.
//!
//! The pipeline, one stage per module, data flowing one way:
//! files on disk --[`load`]--> raw text --[`validate`]--> [`model::Report`] (or every diagnostic)
//! --[`render`]--> files, written as they are made --[`output`]--> a temporary folder, swapped in
//! whole for the output folder once everything succeeded.
//! Only [`load`] and [`output`] touch the disk.

pub mod changes;
pub mod cli;
pub mod diagnostics;
pub mod fuzz_targets;
pub mod glyphs;
pub mod intake;
pub mod korean;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod platform;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod serve;
pub mod stats;
pub mod validate;

use diagnostics::{Diagnostic, Diagnostics, Pos};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Loads and validates the content under `root`. `Err` means the content could not be read at all
/// (no `content/` folder): a usage problem, not a content problem.
pub fn check(root: &Path) -> Result<validate::Outcome, load::LoadError> {
    let (loaded, load_diags) = load::load(root)?;
    Ok(check_loaded(&loaded, load_diags))
}

/// Validates what the loader read, its own diagnostics (`load_diags`) included.
fn check_loaded(loaded: &load::Loaded, load_diags: Diagnostics) -> validate::Outcome {
    let mut outcome = validate::validate(loaded);
    outcome.diagnostics.extend(load_diags);
    outcome.diagnostics.limit_per_file();
    let texts: std::collections::HashMap<&str, &str> = loaded
        .sources()
        .map(|s| (s.rel.as_str(), s.text.as_str()))
        .collect();
    outcome
        .diagnostics
        .attach_sources(|file| texts.get(file).copied());
    if outcome.diagnostics.has_errors() {
        outcome.report = None;
    }
    outcome
}

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
    let report = match edition {
        output::Edition::Circulation => report,
        output::Edition::Preview => report.without_internal(),
        output::Edition::Public => report.without_internal().approved_only(),
    };
    let notice = opts
        .circulation
        .then(|| report.meta.circulation_notice.clone());
    let changes = match &opts.previous {
        Some(path) => {
            let prev = load::previous(path).map_err(|e| BuildError::Usage {
                message: e.message,
                hint: e.hint,
            })?;
            // A circulation edition's data file lists entries never published: compared with it,
            // a public edition would name them on its changes page.
            if edition != output::Edition::Circulation
                && prev.barriers.iter().any(|b| b.stage.is_some())
            {
                return Err(BuildError::Usage {
                    message: format!("{} is a circulation edition's data file (its records carry stages)", path.display()),
                    hint: "pass the data/barriers.json published on the previous edition's public site: a circulation edition's file holds entries that were never published".into(),
                });
            }
            Some(changes::compare(&report, &prev))
        }
        None => None,
    };

    // A failure after the check keeps every diagnostic found so far (warnings included).
    let fail = |diagnostics: &mut Diagnostics, file: &str, message: String| {
        let mut d = std::mem::take(diagnostics);
        d.push(Diagnostic::error(file, Pos::FILE, message));
        BuildError::Content {
            diagnostics: d,
            entries,
            stages: stage_counts,
        }
    };
    stages.mark("check");
    let write_error = |e: std::io::Error| {
        BuildError::Usage {
        message: format!("cannot write {}: {e}", target.display()),
        hint: format!("check that the output folder's parent exists and is writable, and that the disk has room{}; the previous output was left as it was", platform::OUTPUT_IN_USE_HINT),
    }
    };
    let staging = output::Staging::begin(&target, edition).map_err(write_error)?;
    let mut pdf_downloads = Vec::new();
    let mut pdf_pages = 0;
    if opts.pdf {
        let fonts = glyphs::fonts(&theme).map_err(|m| fail(&mut diagnostics, "static/fonts", m))?;
        let pdfs = render::pdf::render(
            &report,
            &fonts.fonts,
            changes.as_ref(),
            notice.as_deref(),
            opts.print,
        )
        .map_err(|m| fail(&mut diagnostics, "report", m))?;
        let missing = glyphs::errors(root, &pdfs.missing, &fonts.absent);
        if !missing.is_empty() {
            let mut d = std::mem::take(&mut diagnostics);
            for e in missing {
                d.push(e);
            }
            d.limit_per_file();
            return Err(BuildError::Content {
                diagnostics: d,
                entries,
                stages: stage_counts,
            });
        }
        pdf_pages = pdfs.pages.values().sum();
        pdf_downloads = pdf_download_list(&report, &pdfs.files);
        for (path, bytes) in &pdfs.files.0 {
            let path = if opts.site {
                path.as_str()
            } else {
                path.trim_start_matches("report/")
            };
            render::Sink::put(&staging, path, bytes);
        }
    }
    if opts.site {
        stages.mark("pdf");
        let (data, warnings) = render::data::render(&report, opts.circulation)
            .map_err(|m| fail(&mut diagnostics, "data/barriers", m))?;
        for w in warnings {
            diagnostics.push(w);
        }
        staging.put_all(&data);
        let forms = render::form::render(&report)
            .map_err(|m| fail(&mut diagnostics, "data/barrier-report-form", m))?;
        staging.put_all(&forms);
        let site_opts = render::html::SiteOptions {
            pdfs: pdf_downloads,
            data: data_downloads(&data),
            forms: form_downloads(&forms),
            changes: changes.clone(),
            circulation: notice.clone(),
        };
        drop(data);
        stages.mark("data files");
        render::html::render(&report, &theme, &site_opts, &staging).map_err(|errs| {
            let mut d = std::mem::take(&mut diagnostics);
            for e in errs {
                d.push(e);
            }
            BuildError::Content {
                diagnostics: d,
                entries,
                stages: stage_counts,
            }
        })?;
        stages.mark("html");
        staging.put_all(&render::search::render(&report));
    }
    stages.mark("search index");
    let (files, pages) = staging.counts();
    staging.commit().map_err(write_error)?;
    stages.mark("write");
    stages.report();
    Ok(Built {
        diagnostics,
        entries,
        stages: stage_counts,
        files,
        pages,
        pdf_pages,
        report,
        theme,
    })
}

/// What `knte review` needs: the period, and the folder for the briefing.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    pub out: PathBuf,
    pub period: review::Period,
}

/// What a review wrote.
pub struct Reviewed {
    pub diagnostics: Diagnostics,
    pub entries: usize,
    pub stages: model::StageCounts,
    pub pdf_pages: usize,
    pub review: review::Review,
}

/// Checks the content, then writes the task force's briefing for a period (every stage, the
/// planned steps) into `opts.out`: `index.html` and `review-<period>.pdf`, marked internal. The
/// folder is marked as a circulation edition's, so no public build is ever written over it, nor
/// it over one.
pub fn review(root: &Path, opts: &ReviewOptions) -> Result<Reviewed, BuildError> {
    let usage = |message: String, hint: String| BuildError::Usage { message, hint };
    output::claim(root, &opts.out, &opts.out, output::Edition::Circulation)
        .map_err(|r| usage(r.message, r.hint))?;
    let outcome = check(root).map_err(|e| usage(e.message, e.hint))?;
    let (entries, stages) = (outcome.entries, outcome.stages);
    let mut diagnostics = outcome.diagnostics;
    let theme = load::theme::load(root, &mut diagnostics);
    let content = |mut diagnostics: Diagnostics, failure: Option<(&str, String)>| {
        if let Some((file, message)) = failure {
            diagnostics.push(Diagnostic::error(file, Pos::FILE, message));
        }
        BuildError::Content {
            diagnostics,
            entries,
            stages,
        }
    };
    let report = match outcome.report {
        Some(r) if !diagnostics.has_errors() => r,
        _ => return Err(content(diagnostics, None)),
    };
    let fonts = match glyphs::fonts(&theme) {
        Ok(f) => f,
        Err(m) => return Err(content(diagnostics, Some(("static/fonts", m)))),
    };
    let briefing = review::review(&report, &opts.period);
    let (files, pdf_pages) = match render::review::render(&briefing, &report.meta, &fonts.fonts) {
        Ok(x) => x,
        Err(render::review::Failure::Pdf(m)) => {
            return Err(content(diagnostics, Some(("review", m))))
        }
        Err(render::review::Failure::Glyphs(chars)) => {
            let missing = BTreeMap::from([("review".to_string(), chars)]);
            for e in glyphs::errors(root, &missing, &fonts.absent) {
                diagnostics.push(e);
            }
            diagnostics.limit_per_file();
            return Err(content(diagnostics, None));
        }
    };
    let write_error = |e: std::io::Error| {
        BuildError::Usage {
        message: format!("cannot write {}: {e}", opts.out.display()),
        hint: format!("check that the output folder's parent exists and is writable, and that the disk has room{}", platform::OUTPUT_IN_USE_HINT),
    }
    };
    let staging =
        output::Staging::begin(&opts.out, output::Edition::Circulation).map_err(write_error)?;
    staging.put_all(&files);
    staging.commit().map_err(write_error)?;
    Ok(Reviewed {
        diagnostics,
        entries,
        stages,
        pdf_pages,
        review: briefing,
    })
}

/// What `knte import` needs: the filled-in form, and whether to write anything.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub dry_run: bool,
}

/// What an import did.
pub struct Imported {
    pub plan: intake::Plan,
    /// For each planned file, whether it was written (never with `dry_run`).
    pub written: Vec<bool>,
    /// The workbook's file name, as the messages give it.
    pub file_name: String,
}

/// Checks the content, reads the workbook, and writes a draft entry for each good submission
/// row that was not imported before, each file new and whole ([`output::write_new`]). Content
/// that does not pass `knte check` stops it first: the new entries are checked against it.
pub fn import(root: &Path, opts: &ImportOptions) -> Result<Imported, BuildError> {
    let usage = |message: String, hint: String| BuildError::Usage { message, hint };
    let (loaded, load_diags) = load::load(root).map_err(|e| usage(e.message, e.hint))?;
    let outcome = check_loaded(&loaded, load_diags);
    let (entries, stages) = (outcome.entries, outcome.stages);
    let report = match outcome.report {
        Some(r) => r,
        None => {
            return Err(BuildError::Content {
                diagnostics: outcome.diagnostics,
                entries,
                stages,
            })
        }
    };
    let bytes = load::workbook(&opts.file).map_err(|e| usage(e.message, e.hint))?;
    let shown = opts.file.display();
    let sheets = intake::sheet::read(&bytes)
        .map_err(|e| usage(format!("{shown}: {}", e.message), e.hint))?;
    drop(bytes);
    let mut existing = intake::Existing {
        paths: loaded.paths.clone(),
        fingerprints: intake::Existing::fingerprints_of(&report),
        ..Default::default()
    };
    for dir in &loaded.partners {
        let texts = dir
            .files
            .iter()
            .filter(|(kind, _)| matches!(kind, load::EntryKind::Barrier { .. }))
            .map(|(_, src)| src.text.clone())
            .collect();
        existing.texts.insert(dir.code.clone(), texts);
    }
    let file_name = opts
        .file
        .file_name()
        .map(|n| load::split::normalize(&n.to_string_lossy()))
        .unwrap_or_else(|| shown.to_string());
    let mut plan = intake::plan(&file_name, &sheets, &report, &existing);
    let mut written = vec![false; plan.files.len()];
    if !opts.dry_run {
        for (i, f) in plan.files.iter().enumerate() {
            match output::write_new(&root.join(&f.rel), f.text.as_bytes()) {
                Ok(()) => written[i] = true,
                Err(e) => plan.problems.push(intake::Problem {
                    severity: diagnostics::Severity::Error,
                    file: file_name.clone(),
                    sheet: Some(f.sheet.clone()),
                    row: Some(f.row),
                    col: None,
                    message: format!("cannot write {}: {e}", f.rel),
                    hint: "check that the partner folder is writable and the disk has room; import again afterwards (the rows written are recognised and left alone)".into(),
                }),
            }
        }
    }
    Ok(Imported {
        plan,
        written,
        file_name,
    })
}

fn pdf_download_list(report: &model::Report, pdfs: &render::Files) -> Vec<render::html::Download> {
    let mut out = Vec::new();
    let main = render::pdf::report_path(report);
    if let Some(bytes) = pdfs.0.get(&main) {
        out.push(render::html::Download {
            path: main.clone(),
            label_ko: format!("{} (종합 보고서)", report.meta.title),
            label_en: format!("{} (consolidated report)", report.meta.title_en),
            bytes: bytes.len(),
        });
    }
    for code in render::pdf::partner_order(report) {
        let path = render::pdf::partner_path(&code);
        if let (Some(bytes), Some(p)) = (
            pdfs.0.get(&path),
            report.partners.iter().find(|p| p.code == code),
        ) {
            out.push(render::html::Download {
                path,
                label_ko: p.name.clone(),
                label_en: p.name_en.clone(),
                bytes: bytes.len(),
            });
        }
    }
    out
}

fn data_downloads(data: &render::Files) -> Vec<render::html::Download> {
    let labels = [
        (
            "data/barriers.xlsx",
            "엑셀 통합문서 (XLSX, 한국어 머리글)",
            "Excel workbook (XLSX, Korean headers)",
        ),
        (
            "en/data/barriers.xlsx",
            "엑셀 통합문서 (XLSX, 영어 머리글)",
            "Excel workbook (XLSX, English headers)",
        ),
        (
            "data/barriers.csv",
            "CSV (UTF-8, 한국어 머리글)",
            "CSV (UTF-8, Korean headers)",
        ),
        (
            "en/data/barriers.csv",
            "CSV (UTF-8, 영어 머리글)",
            "CSV (UTF-8, English headers)",
        ),
        (
            "data/barriers.json",
            "JSON (전체 필드)",
            "JSON (every field)",
        ),
    ];
    labels
        .iter()
        .filter_map(|(path, ko, en)| {
            data.0.get(*path).map(|bytes| render::html::Download {
                path: path.to_string(),
                label_ko: ko.to_string(),
                label_en: en.to_string(),
                bytes: bytes.len(),
            })
        })
        .collect()
}

/// The blank survey forms, for the downloads page.
fn form_downloads(forms: &render::Files) -> Vec<render::html::Download> {
    [
        (
            intake::form::FORM_KO,
            "무역장벽 신고 양식 (XLSX, 한국어 머리글)",
            "Trade barrier report form (XLSX, Korean headers)",
        ),
        (
            intake::form::FORM_EN,
            "무역장벽 신고 양식 (XLSX, 영어 머리글)",
            "Trade barrier report form (XLSX, English headers)",
        ),
    ]
    .iter()
    .filter_map(|(path, ko, en)| {
        forms.0.get(*path).map(|bytes| render::html::Download {
            path: path.to_string(),
            label_ko: ko.to_string(),
            label_en: en.to_string(),
            bytes: bytes.len(),
        })
    })
    .collect()
}

/// Updates the pages of one edited barrier file (`rel`, relative to the root: `content/cn/x.md`) in
/// the finished site `site`, and the entry in `report`, when the edit leaves the rest of the site's
/// checks as they were ([`validate::barrier_alone`]). Returns the id of the barrier updated, or
/// `None` when a full build is needed (a new, removed or renamed file, an error, a changed id...).
/// Pages that list the barrier are not updated here: the full build that follows does that.
pub fn quick_update(
    root: &Path,
    report: &mut model::Report,
    theme: &load::theme::Theme,
    rel: &str,
    drafts: bool,
    site: &Path,
) -> Option<String> {
    let (folder, slug) = load::barrier_path(rel)?;
    let src = load::read_entry(root, rel)?;
    let mut barrier = validate::barrier_alone(&src, folder, slug, report, drafts)?;
    // The preview is never the circulation edition: the internal notes and steps stay out of it.
    barrier.forget_internal();
    let index = report.barriers.iter().position(|b| b.file == rel)?;
    report.barriers[index] = barrier;
    let sink = output::InPlace::new(site);
    render::html::render_barrier(
        report,
        theme,
        &render::html::SiteOptions::default(),
        index,
        &sink,
    )
    .ok()?;
    sink.finish().ok()?;
    Some(report.barriers[index].id.clone())
}

/// Stage timings for profiling a build, printed when `KNTE_TIMINGS` is set.
struct Stages {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies the sample's content into a new folder.
    fn sample_root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir
                .path()
                .join("content")
                .join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        dir
    }

    #[test]
    fn a_quick_update_rewrites_the_edited_entrys_pages_and_nothing_else() {
        let root = sample_root();
        let out = root.path().join("public");
        let opts = BuildOptions {
            out: out.clone(),
            drafts: false,
            pdf: false,
            site: true,
            previous: None,
            circulation: false,
            print: false,
        };
        let Ok(built) = build(root.path(), &opts) else {
            panic!("the sample builds")
        };
        let (mut report, theme) = (built.report, built.theme);
        let rel = "content/cn/cosmetics-registration.md";
        let text = std::fs::read_to_string(root.path().join(rel)).unwrap();
        let partner_before = std::fs::read(out.join("partners/cn/index.html")).unwrap();

        std::fs::write(
            root.path().join(rel),
            text.replacen("title: ", "title: 빠른 갱신 ", 1),
        )
        .unwrap();
        let id = quick_update(root.path(), &mut report, &theme, rel, false, &out);
        assert_eq!(id.as_deref(), Some("CN-001"));
        let page = std::fs::read_to_string(out.join("barriers/cn-001/index.html")).unwrap();
        assert!(page.contains("빠른 갱신 "));
        assert!(std::fs::read_to_string(out.join("en/barriers/cn-001/index.html")).is_ok());
        // Lists wait for the full build.
        assert_eq!(
            std::fs::read(out.join("partners/cn/index.html")).unwrap(),
            partner_before
        );
        assert!(report
            .barriers
            .iter()
            .any(|b| b.title.starts_with("빠른 갱신 ")));

        // The preview's quick update never shows the internal notes or the planned steps.
        // The entry may have both blocks already: the canaries go in as their first items.
        let mut secret = text.replacen("title: ", "title: 빠른 갱신 ", 1);
        for (key, item) in [
            ("internal:\n", "  quick_canary: quicknotecanary\n"),
            (
                "next:\n",
                "  - due: 2027-01-01\n    channel: bilateral\n    note: quicknextcanary\n",
            ),
        ] {
            secret = if secret.contains(&format!("\n{key}")) {
                secret.replacen(&format!("\n{key}"), &format!("\n{key}{item}"), 1)
            } else {
                secret.replacen("title: ", &format!("{key}{item}title: "), 1)
            };
        }
        std::fs::write(root.path().join(rel), secret).unwrap();
        let id = quick_update(root.path(), &mut report, &theme, rel, false, &out);
        assert_eq!(id.as_deref(), Some("CN-001"));
        for file in [
            "barriers/cn-001/index.html",
            "en/barriers/cn-001/index.html",
        ] {
            let page = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(!page.contains("quicknotecanary") && !page.contains("quicknextcanary"));
        }
        assert!(report
            .barriers
            .iter()
            .all(|b| b.internal.is_none() && b.next.is_empty()));

        // A new id, an error, a related id that does not exist, or another kind of file: a full
        // build is needed, and the site is left alone.
        for (edit, why) in [
            (text.replacen("id: CN-001", "id: CN-901", 1), "a new id"),
            (text.replacen("title: ", "title: [", 1), "a YAML error"),
            (
                text.replacen("related: [", "related: [CN-999, ", 1),
                "an unknown related id",
            ),
        ] {
            std::fs::write(root.path().join(rel), &edit).unwrap();
            assert!(
                quick_update(root.path(), &mut report, &theme, rel, false, &out).is_none(),
                "{why}"
            );
        }
        for other in [
            "content/cn/_partner.md",
            "content/_report.md",
            "templates/base.html",
        ] {
            assert!(quick_update(root.path(), &mut report, &theme, other, false, &out).is_none());
        }
        assert!(
            std::fs::read_to_string(out.join("barriers/cn-001/index.html"))
                .unwrap()
                .contains("빠른 갱신 ")
        );
    }
}
