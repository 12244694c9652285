//! Counts of the costly steps a build repeats per entry, so that tests can hold each to a fixed
//! multiple of the number of entries without timing anything.
//!
//! Input: a call to [`add`] wherever such a step runs. Output: [`count`], the number of times each
//! step has run since the program started. Only builds with the `work-counts` feature keep counts
//! (the project's own tests turn it on through Cargo.toml's dev-dependencies); in the released
//! program [`add`] does nothing and there is no global state.

/// A step counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// A body's Markdown parsed into events.
    Parse,
    /// A search record (one barrier in one language: its fields and its body's text) cut into
    /// index terms.
    Tokenise,
    /// A partner chapter composed for a PDF (the consolidated report or the partner's own).
    Chapter,
    /// A layout pass over one PDF document's whole flow (passes repeat until the page numbers
    /// that cross-references print stop changing).
    LayoutPass,
}

/// The most layout passes one PDF document takes (the first and those that may follow it).
pub const MAX_LAYOUT_PASSES: usize = 1 + crate::render::pdf::layout::MORE_PASSES;

#[cfg(feature = "work-counts")]
static COUNTS: [std::sync::atomic::AtomicUsize; 4] =
    [const { std::sync::atomic::AtomicUsize::new(0) }; 4];

/// Records one more run of `work` (`work-counts` builds only).
#[inline]
pub(crate) fn add(work: Work) {
    #[cfg(feature = "work-counts")]
    COUNTS[work as usize].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(feature = "work-counts"))]
    let _ = work;
}

/// How many times `work` has run since the program started (`work-counts` builds only).
#[cfg(feature = "work-counts")]
pub fn count(work: Work) -> usize {
    COUNTS[work as usize].load(std::sync::atomic::Ordering::Relaxed)
}
