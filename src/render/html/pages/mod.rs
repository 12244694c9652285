//! The site's pages, one module per kind of page, each adding its methods to the [`Renderer`]
//! (`super::Renderer`).
//!
//! Input: the report's views in one language. Output: pages written to the sink.

mod about;
mod barrier;
mod database;
mod downloads;
pub(super) mod feeds;
mod home;
mod hs;
mod partners;
pub(super) mod service;
