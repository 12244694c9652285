//! Command-line definitions: raw arguments -> typed [`Cli`] (clap derive). No work happens here.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
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
    /// List every warning; without it, a warning found in more than five entries is one line that counts them (JSON always lists every one)
    #[arg(long, short)]
    pub verbose: bool,
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
        /// Where to write the site (replaced whole, only when everything succeeded) [default: ROOT/public, or ROOT/circulation with --circulation]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// A preview: include the entries not yet approved (stage: draft or circulated), without their internal notes
        #[arg(long)]
        drafts: bool,
        /// Build the circulation edition: every stage and the internal notes, a notice on every page and PDF page, no search-engine indexing
        #[arg(long, conflicts_with = "drafts")]
        circulation: bool,
        /// Skip the PDF report (the HTML site, data files and search index are still built)
        #[arg(long)]
        no_pdf: bool,
        /// The previous edition's data/barriers.json: adds a "changes since the previous edition" page and annex
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
        /// The PDF for printing on both sides: every chapter opens on a right-hand (odd) page, after a blank page when needed, and pages are numbered `- n -`
        #[arg(long)]
        print: bool,
    },
    /// Check the content, then write only the PDF reports (into OUT/report/)
    Pdf {
        #[command(flatten)]
        common: Common,
        /// The site folder whose report/ subfolder receives the PDFs [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// A preview: include the entries not yet approved (stage: draft or circulated), without their internal notes
        #[arg(long)]
        drafts: bool,
        /// The previous edition's data/barriers.json: adds a "changes since the previous edition" annex
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
        /// The PDF for printing on both sides: every chapter opens on a right-hand (odd) page, after a blank page when needed, and pages are numbered `- n -`
        #[arg(long)]
        print: bool,
    },
    /// Write the task force's briefing for a period, as a PDF and an HTML page (internal, watermarked)
    Review {
        /// The period: 2026Q1 to 2026Q4, 2026H1, 2026H2 or a year (2026); or give --from and --to
        #[arg(required_unless_present = "from", conflicts_with_all = ["from", "to"])]
        period: Option<String>,
        /// The period's first day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", requires = "to")]
        from: Option<String>,
        /// The period's last day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", requires = "from")]
        to: Option<String>,
        /// Where to write the briefing (replaced whole) [default: ROOT/review-PERIOD]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Count the edition's barriers by partner, category, sector and status
    Stats {
        #[command(flatten)]
        common: Common,
    },
    /// Build the site, serve it on this computer, and rebuild and reload it after every edit
    Serve {
        /// The folder that holds content/ (and optional templates/ and static/)
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default lets only this computer open the preview
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include the entries not yet approved (stage: draft or circulated), without their internal notes
        #[arg(long)]
        drafts: bool,
        /// Add the entry editor: a 편집 button on every barrier and partner page, forms that save to content/ (this computer only)
        #[arg(long)]
        edit: bool,
    },
    /// Turn the rows of a filled-in survey form (XLSX) into draft entries, content/PARTNER/SLUG.md
    Import {
        /// The filled-in form: an .xlsx workbook with the form's header row (the site's data/barrier-report-form.xlsx)
        file: PathBuf,
        /// The folder that holds content/
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Print the files it would write, and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Start a new barrier file, content/PARTNER/SLUG.md, with the next free id and every required field
    New {
        /// The partner folder's code, e.g. cn
        partner: String,
        /// The file name without .md: lowercase letters, digits and hyphens, e.g. cosmetics-registration
        slug: String,
        /// The folder that holds content/
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
}
