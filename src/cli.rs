//! Command-line definitions: raw arguments -> typed [`Cli`] (clap derive). No work happens here.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "knte",
    version,
    about = "Builds Korea's report on foreign trade barriers, and its database, from Markdown",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// The folder that holds content/ (and optional templates/ and static/)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print the result
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every entry and report all problems, each with file, line and column
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Check the content, then write the site, data files and search index
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site (replaced whole, only when everything succeeded) [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Include entries marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Skip the PDF report (the HTML site, data files and search index are still built)
        #[arg(long)]
        no_pdf: bool,
    },
    /// Check the content, then write only the PDF reports (into OUT/report/)
    Pdf {
        #[command(flatten)]
        common: Common,
        /// The site folder whose report/ subfolder receives the PDFs [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Include entries marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Count the edition's barriers by partner, category, sector and status
    Stats {
        #[command(flatten)]
        common: Common,
    },
}
