//! The commands' pipelines: how `knte build`, `knte pdf`, `knte review`, `knte import` and the
//! preview's quick update run the stages (load, validate, model, render, output) in order.
//!
//! Input: the root and each command's options. Output: what each wrote, or every diagnostic.

mod build;
mod commands;
mod downloads;
mod quick;

pub use build::{build, BuildError, BuildOptions, Built};
pub use commands::{import, review, ImportOptions, Imported, ReviewOptions, Reviewed};
pub use quick::quick_update;
