//! knte: Korea's report on foreign trade barriers, built from Markdown.
//!
//! The pipeline, one stage per module, data flowing one way:
//! files on disk --[`load`]--> raw text --[`validate`]--> [`model::Report`] (or every diagnostic)
//! --> renderers. Only [`load`] (and, for builds, the output writer) touch the disk.

pub mod cli;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod stats;
pub mod validate;

use std::path::Path;

/// Loads and validates the content under `root`. `Err` means the content could not be read at all
/// (no `content/` folder): a usage problem, not a content problem.
pub fn check(root: &Path) -> Result<validate::Outcome, load::LoadError> {
    let (loaded, load_diags) = load::load(root)?;
    let mut outcome = validate::validate(&loaded);
    outcome.diagnostics.extend(load_diags);
    if outcome.diagnostics.has_errors() {
        outcome.report = None;
    }
    Ok(outcome)
}
