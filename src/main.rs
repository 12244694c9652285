//! The `knte` command: parse the arguments, run the command, print diagnostics, set the exit status
//! (0 valid, 1 content errors, 2 usage or I/O errors).

use clap::Parser;
use knte::cli::{Cli, Command, Common, Format};
use knte::diagnostics::{condense, stages_note, summary_line, terminal_safe};
use std::process::ExitCode;

// Long: the command-line dispatch, one arm per command; each arm only calls the library and prints.
fn main() -> ExitCode {
    knte::platform::init_console();
    let cli = Cli::parse();
    match cli.command {
        Command::Check { common } => check(&common, false),
        Command::Stats { common } => check(&common, true),
        Command::Build {
            common,
            out,
            drafts,
            circulation,
            no_pdf,
            previous,
            print,
        } => {
            let folder = if circulation { "circulation" } else { "public" };
            let out = out.unwrap_or_else(|| common.root.join(folder));
            let opts = knte::BuildOptions {
                out,
                drafts,
                pdf: !no_pdf,
                site: true,
                previous,
                circulation,
                print,
            };
            build(&common, opts)
        }
        Command::Pdf {
            common,
            out,
            drafts,
            previous,
            print,
        } => {
            let out = out.unwrap_or_else(|| common.root.join("public"));
            let opts = knte::BuildOptions {
                out,
                drafts,
                pdf: true,
                site: false,
                previous,
                circulation: false,
                print,
            };
            build(&common, opts)
        }
        Command::Review {
            period,
            from,
            to,
            out,
            common,
        } => review(&common, period, from.zip(to), out),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            edit,
        } => {
            let opts = knte::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                edit,
            };
            match knte::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!(
                        "error: {}\n  = hint: {}",
                        terminal_safe(&e.message),
                        terminal_safe(&e.hint)
                    );
                    ExitCode::from(2)
                }
            }
        }
        Command::Import {
            file,
            root,
            dry_run,
        } => import(&root, knte::ImportOptions { file, dry_run }),
        Command::New {
            partner,
            slug,
            root,
        } => {
            let today = chrono::Local::now().date_naive();
            match knte::new_entry(&root, &partner, &slug, today) {
                Ok(c) => {
                    println!("wrote {} (id {})", terminal_safe(&c.rel), c.id);
                    eprintln!(
                        "next: replace every {} in the file with the barrier's facts, then run knte check",
                        knte::PLACEHOLDER
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!(
                        "error: {}\n  = hint: {}",
                        terminal_safe(&e.message),
                        terminal_safe(&e.hint)
                    );
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn print_diagnostics(
    diagnostics: Vec<knte::diagnostics::Diagnostic>,
    common: &Common,
    summary: &str,
    extra: serde_json::Value,
) {
    match common.format {
        Format::Text => {
            let (shown, counted) = condense(diagnostics, common.verbose);
            for d in &shown {
                eprintln!("{}", d.render_text());
            }
            for line in &counted {
                eprintln!("{line}");
            }
            eprintln!("{summary}");
        }
        Format::Json => {
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == knte::diagnostics::Severity::Error)
                .count();
            let mut value = serde_json::json!({
                "diagnostics": diagnostics,
                "errors": errors,
                "warnings": diagnostics.len() - errors,
            });
            if let (Some(v), Some(extra)) = (value.as_object_mut(), extra.as_object()) {
                v.extend(extra.clone());
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
}

fn build(common: &Common, opts: knte::BuildOptions) -> ExitCode {
    let (root, format) = (&common.root, common.format);
    let started = std::time::Instant::now();
    let progress = Progress::start(format == Format::Text);
    let result = knte::build(root, &opts);
    progress.finish();
    match result {
        Ok(built) => {
            let errors = built.diagnostics.errors();
            let warnings = built.diagnostics.warnings();
            let summary = format!(
                "{} {}; built {}{} pages, {} PDF pages ({} files) into {} in {:.2} s",
                summary_line(errors, warnings, built.entries),
                stages_note(built.stages),
                if opts.circulation {
                    "the circulation edition: "
                } else {
                    ""
                },
                built.pages,
                built.pdf_pages,
                built.files,
                terminal_safe(&opts.out.display().to_string()),
                started.elapsed().as_secs_f64()
            );
            let extra = serde_json::json!({ "entries": built.entries, "stages": built.stages, "edition": opts.edition().id(), "pages": built.pages, "pdf_pages": built.pdf_pages, "files": built.files, "out": opts.out });
            print_diagnostics(built.diagnostics.into_sorted(), common, &summary, extra);
            ExitCode::SUCCESS
        }
        Err(knte::BuildError::Usage { message, hint }) => fatal(format, &message, &hint),
        Err(knte::BuildError::Content {
            diagnostics,
            entries,
            stages,
        }) => nothing_written(common, diagnostics, entries, stages),
    }
}

/// A build or review stopped by content errors: every diagnostic, and a summary saying that
/// nothing was written (exit 1).
fn nothing_written(
    common: &Common,
    diagnostics: knte::diagnostics::Diagnostics,
    entries: usize,
    stages: knte::StageCounts,
) -> ExitCode {
    let summary = format!(
        "{} {}; nothing was written",
        summary_line(diagnostics.errors(), diagnostics.warnings(), entries),
        stages_note(stages)
    );
    print_diagnostics(
        diagnostics.into_sorted(),
        common,
        &summary,
        serde_json::json!({ "entries": entries, "stages": stages }),
    );
    ExitCode::from(1)
}

fn fatal(format: Format, message: &str, hint: &str) -> ExitCode {
    match format {
        Format::Text => eprintln!(
            "error: {}\n  = hint: {}",
            terminal_safe(message),
            terminal_safe(hint)
        ),
        Format::Json => println!(
            "{}",
            serde_json::json!({ "fatal": { "message": message, "hint": hint } })
        ),
    }
    ExitCode::from(2)
}

fn review(
    common: &Common,
    period: Option<String>,
    dates: Option<(String, String)>,
    out: Option<std::path::PathBuf>,
) -> ExitCode {
    let period = match (period, dates) {
        (_, Some((from, to))) => knte::Period::between(&from, &to),
        (Some(p), None) => knte::Period::parse(&p),
        (None, None) => Err("no period was given".into()),
    };
    let period = match period {
        Ok(p) => p,
        Err(message) => {
            return fatal(common.format, &message, "e.g.  knte review 2026Q1,  knte review 2026H1,  or  knte review --from 2026-01-01 --to 2026-02-15")
        }
    };
    let out = out.unwrap_or_else(|| common.root.join(format!("review-{}", period.label)));
    let opts = knte::ReviewOptions { out, period };
    match knte::review(&common.root, &opts) {
        Ok(done) => {
            let r = &done.review;
            let summary = format!(
                "{} {}; wrote the review of {} ({} actions, {} status changes, {} steps due in the coming quarter, {} overdue, {} stale entries; {} PDF pages) into {}",
                summary_line(done.diagnostics.errors(), done.diagnostics.warnings(), done.entries),
                stages_note(done.stages),
                r.period.label,
                r.actions.len(),
                r.status_changes.len(),
                r.due_next.len(),
                r.overdue.len(),
                r.stale.len(),
                done.pdf_pages,
                terminal_safe(&opts.out.display().to_string()),
            );
            let extra = serde_json::json!({ "entries": done.entries, "stages": done.stages, "out": opts.out, "review": r });
            print_diagnostics(done.diagnostics.into_sorted(), common, &summary, extra);
            ExitCode::SUCCESS
        }
        Err(knte::BuildError::Usage { message, hint }) => fatal(common.format, &message, &hint),
        Err(knte::BuildError::Content {
            diagnostics,
            entries,
            stages,
        }) => nothing_written(common, diagnostics, entries, stages),
    }
}

// Long: printing an import's outcome: problems, earlier rows, the files written, the count, each a few lines.
/// `knte import`: the rows' problems and the rows imported before on stderr, the files written
/// (or, with `--dry-run`, the files and their text) on stdout, a closing count; exit 1 when a
/// row was left out for an error.
fn import(root: &std::path::Path, opts: knte::ImportOptions) -> ExitCode {
    let common = Common {
        root: root.to_path_buf(),
        format: Format::Text,
        verbose: false,
    };
    let done = match knte::import(root, &opts) {
        Ok(done) => done,
        Err(knte::BuildError::Usage { message, hint }) => {
            return fatal(Format::Text, &message, &hint)
        }
        Err(knte::BuildError::Content {
            diagnostics,
            entries,
            stages,
        }) => {
            eprintln!("knte import checks the new entries against the content: fix these problems first (knte check lists them)");
            return nothing_written(&common, diagnostics, entries, stages);
        }
    };
    let plan = &done.plan;
    for p in &plan.problems {
        eprintln!("{}", p.render_text());
    }
    let file = terminal_safe(&done.file_name);
    for k in &plan.known {
        eprintln!(
            "{file}: sheet {}, row {}: 이미 가져온 행 (already imported as {}, {}); nothing written",
            terminal_safe(&k.sheet),
            k.row,
            k.id,
            terminal_safe(&k.file)
        );
    }
    for (f, written) in plan.files.iter().zip(&done.written) {
        let what = if opts.dry_run {
            "would write"
        } else if *written {
            "wrote"
        } else {
            continue;
        };
        println!(
            "{what} {} ({}) from sheet {}, row {}: {}",
            terminal_safe(&f.rel),
            f.id,
            terminal_safe(&f.sheet),
            f.row,
            terminal_safe(&f.title)
        );
        if opts.dry_run {
            for line in f.text.lines() {
                println!("    {}", terminal_safe(line));
            }
        }
    }
    let written = done.written.iter().filter(|w| **w).count();
    let errors = plan.errors();
    let entries = |n: usize| format!("{n} draft {}", if n == 1 { "entry" } else { "entries" });
    let rows = |n: usize| format!("{n} {}", if n == 1 { "row" } else { "rows" });
    let action = if opts.dry_run {
        format!(
            "{} would be written (--dry-run: nothing was written)",
            entries(plan.files.len())
        )
    } else {
        format!("{} written", entries(written))
    };
    eprintln!(
        "{} read from {file}: {action}, {} left out (see above), {} already imported (이미 가져온 행)",
        rows(plan.rows).replacen(' ', " submission ", 1),
        rows(plan.rows.saturating_sub(plan.files.len() + plan.known.len())),
        plan.known.len()
    );
    if written > 0 {
        eprintln!("next: run knte check, read each draft (stage: draft) and complete it; the submitter stays under internal:");
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(common: &Common, stats: bool) -> ExitCode {
    let format = common.format;
    let outcome = match knte::check(&common.root) {
        Ok(o) => o,
        Err(e) => {
            match format {
                Format::Text => eprintln!(
                    "error: {}\n  = hint: {}",
                    terminal_safe(&e.message),
                    terminal_safe(&e.hint)
                ),
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
    let summary = format!(
        "{} {}",
        summary_line(errors, warnings, entries),
        stages_note(outcome.stages)
    );
    match format {
        Format::Text => {
            // With `stats`, only errors are shown: the counts are what was asked for.
            let shown: Vec<_> = diagnostics
                .iter()
                .filter(|d| !stats || d.severity == knte::diagnostics::Severity::Error)
                .cloned()
                .collect();
            let (shown, counted) = condense(shown, common.verbose);
            for d in &shown {
                eprintln!("{}", d.render_text());
            }
            for line in &counted {
                eprintln!("{line}");
            }
            if stats {
                if let Some(report) = &outcome.report {
                    print!("{}", knte::stats(report).render_text());
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
                "stages": outcome.stages,
            });
            if stats {
                if let Some(report) = &outcome.report {
                    value["stats"] = serde_json::to_value(knte::stats(report)).unwrap_or_default();
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

/// On a terminal, a spinner with the elapsed time once a build has run for a second, erased when
/// it ends; nothing at all when stderr is a file or a pipe (the closing summary line is printed
/// either way).
struct Progress {
    done: Option<(
        std::sync::Arc<std::sync::atomic::AtomicBool>,
        std::thread::JoinHandle<()>,
    )>,
}

impl Progress {
    fn start(text: bool) -> Progress {
        use std::io::IsTerminal;
        use std::sync::atomic::{AtomicBool, Ordering};
        if !text || !std::io::stderr().is_terminal() {
            return Progress { done: None };
        }
        let done = std::sync::Arc::new(AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&done);
        let handle = std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let frames = ['|', '/', '-', '\\'];
            let mut shown = false;
            let mut i = 0;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                let t = started.elapsed().as_secs_f64();
                if t >= 1.0 && !flag.load(Ordering::Relaxed) {
                    eprint!(
                        "\r{} building the site... {t:.1} s",
                        frames[i % frames.len()]
                    );
                    shown = true;
                    i += 1;
                }
            }
            if shown {
                // Erase the line so the diagnostics and the summary start clean: spaces over it
                // rather than an escape sequence, which an older Windows console prints as text.
                eprint!("\r{:40}\r", "");
            }
        });
        Progress {
            done: Some((done, handle)),
        }
    }

    fn finish(self) {
        if let Some((done, handle)) = self.done {
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = handle.join();
        }
    }
}
