//! The task force's other commands over the same pipeline: `knte review` (the quarter's briefing)
//! and `knte import` (draft entries from the filled-in survey form).
//!
//! Input: the root and the command's options. Output: the briefing written to its folder, or the
//! import's plan and the new files; a [`BuildError`] with every diagnostic otherwise.

use super::BuildError;
use crate::diagnostics::{self, Diagnostic, Diagnostics, Pos};
use crate::{check, check_loaded, glyphs, intake, load, model, output, render};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `knte review` needs: the period, and the folder for the briefing.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    pub out: PathBuf,
    pub period: crate::review::Period,
}

/// What a review wrote.
pub struct Reviewed {
    pub diagnostics: Diagnostics,
    pub entries: usize,
    pub stages: model::StageCounts,
    pub pdf_pages: usize,
    pub review: crate::review::Review,
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
    let briefing = crate::review::review(&report, &opts.period);
    let (files, pdf_pages) =
        match render::review::render(&briefing, &report.meta, &fonts.fonts, &theme.strings) {
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
    let unknown = theme.strings.unknown_lookups();
    if !unknown.is_empty() {
        for d in unknown {
            diagnostics.push(d);
        }
        return Err(content(diagnostics, None));
    }
    let write_error = |e: std::io::Error| {
        BuildError::Usage {
        message: format!("cannot write {}: {e}", opts.out.display()),
        hint: format!("check that the output folder's parent exists and is writable, and that the disk has room{}", crate::platform::OUTPUT_IN_USE_HINT),
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
