//! knte: Korea's report on foreign trade barriers, built from Markdown.
//!
//! The pipeline, one stage per module, data flowing one way:
//! files on disk --[`load`]--> raw text --[`validate`]--> [`model::Report`] (or every diagnostic)
//! --[`render`]--> files, written as they are made --[`output`]--> a temporary folder, swapped in
//! whole for the output folder once everything succeeded.
//! Only [`load`] and [`output`] touch the disk.

#![warn(unreachable_pub)]

pub(crate) mod changes;
pub mod cli;
pub mod diagnostics;
pub(crate) mod edit;
pub mod fuzz_targets;
pub(crate) mod glyphs;
pub(crate) mod intake;
pub(crate) mod korean;
pub(crate) mod load;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod output;
mod pipeline;
pub mod platform;
pub(crate) mod render;
pub(crate) mod review;
pub(crate) mod scaffold;
pub mod serve;
pub(crate) mod stats;
pub(crate) mod validate;
pub(crate) mod work;

use diagnostics::Diagnostics;
use std::path::Path;

// What the command-line program and the tests outside the library use of the stages; the stages
// themselves are the crate's own, so the compiler finds whatever nothing uses.
pub use intake::form::COLUMNS as FORM_COLUMNS;
pub use model::StageCounts;
pub use review::Period;
pub use scaffold::{create as new_entry, Created, NewError, PLACEHOLDER};
pub use stats::{stats, Stats};
#[cfg(feature = "work-counts")]
pub use work::count as work_count;
pub use work::{Work, MAX_LAYOUT_PASSES};

/// The PDF page's geometry in points, for tests that measure the printed lines.
pub mod pdf_geometry {
    pub use crate::render::pdf::layout::{BODY, LEADING, MARGIN_X, PAGE_W};
}

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
