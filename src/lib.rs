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
pub mod edit;
pub mod fuzz_targets;
pub mod glyphs;
pub mod intake;
pub mod korean;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
mod pipeline;
pub mod platform;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod serve;
pub mod stats;
pub mod validate;

use diagnostics::Diagnostics;
use std::path::Path;

pub use pipeline::{
    build, import, quick_update, review, BuildError, BuildOptions, Built, ImportOptions, Imported,
    ReviewOptions, Reviewed,
};

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
