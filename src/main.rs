//! The `knte` command: parse the arguments, run the command, print diagnostics, set the exit status
//! (0 valid, 1 content errors, 2 usage or I/O errors).

use clap::Parser;
use knte::cli::{Cli, Command, Format};
use knte::diagnostics::summary_line;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { common } => check(&common.root, common.format, false),
        Command::Stats { common } => check(&common.root, common.format, true),
    }
}

fn check(root: &std::path::Path, format: Format, stats: bool) -> ExitCode {
    let outcome = match knte::check(root) {
        Ok(o) => o,
        Err(e) => {
            match format {
                Format::Text => eprintln!("error: {}\n  = hint: {}", e.message, e.hint),
                Format::Json => println!(
                    "{}",
                    serde_json::json!({ "fatal": { "message": e.message, "hint": e.hint } })
                ),
            }
            return ExitCode::from(2);
        }
    };
    let errors = outcome.diagnostics.errors();
    let warnings = outcome.diagnostics.warnings();
    let entries = outcome.entries;
    let diagnostics = outcome.diagnostics.into_sorted();
    let summary = summary_line(errors, warnings, entries);
    match format {
        Format::Text => {
            // With `stats`, only errors are shown: the counts are what was asked for.
            for d in diagnostics
                .iter()
                .filter(|d| !stats || d.severity == knte::diagnostics::Severity::Error)
            {
                eprintln!("{}", d.render_text());
            }
            if stats {
                if let Some(report) = &outcome.report {
                    print!("{}", knte::stats::stats(report).render_text());
                }
            }
            eprintln!("{summary}");
        }
        Format::Json => {
            let mut value = serde_json::json!({
                "diagnostics": diagnostics,
                "errors": errors,
                "warnings": warnings,
                "entries": entries,
            });
            if stats {
                if let Some(report) = &outcome.report {
                    value["stats"] =
                        serde_json::to_value(knte::stats::stats(report)).unwrap_or_default();
                }
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
