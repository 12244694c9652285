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
pub mod fuzz_targets;
pub mod korean;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod stats;
pub mod validate;

use diagnostics::{Diagnostic, Diagnostics, Pos};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Loads and validates the content under `root`. `Err` means the content could not be read at all
/// (no `content/` folder): a usage problem, not a content problem.
pub fn check(root: &Path) -> Result<validate::Outcome, load::LoadError> {
    let (loaded, load_diags) = load::load(root)?;
    let mut outcome = validate::validate(&loaded);
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
    Ok(outcome)
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub drafts: bool,
    /// Build the PDF reports.
    pub pdf: bool,
    /// Build the HTML site, data files and search index (false for `knte pdf`).
    pub site: bool,
    /// The previous edition's `data/barriers.json`, for the changes page and annex.
    pub previous: Option<PathBuf>,
}

/// What a build produced.
pub struct Built {
    pub diagnostics: Diagnostics,
    pub entries: usize,
    pub files: usize,
    pub pages: usize,
    /// Pages in the PDF reports.
    pub pdf_pages: usize,
    /// The report the site was built from, and the theme: what `knte serve` needs to update the
    /// pages of one edited entry without a full build ([`quick_update`]).
    pub report: model::Report,
    pub theme: load::theme::Theme,
}

/// Why a build stopped; nothing was written in either case.
pub enum BuildError {
    /// Exit status 2: the content cannot be read, or the output cannot be written.
    Usage { message: String, hint: String },
    /// Exit status 1: content or template errors (warnings included).
    Content {
        diagnostics: Diagnostics,
        entries: usize,
    },
}

/// Checks, renders and writes the site.
pub fn build(root: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
    let mut stages = Stages::start();
    // `knte pdf` replaces only the report folder of the output.
    let target = if opts.site {
        opts.out.clone()
    } else {
        opts.out.join("report")
    };
    output::claim(root, &opts.out, &target).map_err(|r| BuildError::Usage {
        message: r.message,
        hint: r.hint,
    })?;
    let outcome = check(root).map_err(|e| BuildError::Usage {
        message: e.message,
        hint: e.hint,
    })?;
    let entries = outcome.entries;
    let mut diagnostics = outcome.diagnostics;
    let theme = load::theme::load(root, &mut diagnostics);
    let report = match outcome.report {
        Some(r) if !diagnostics.has_errors() => r,
        _ => {
            return Err(BuildError::Content {
                diagnostics,
                entries,
            })
        }
    };
    let report = if opts.drafts {
        report
    } else {
        report.without_drafts()
    };
    let changes = match &opts.previous {
        Some(path) => {
            let prev = load::previous(path).map_err(|e| BuildError::Usage {
                message: e.message,
                hint: e.hint,
            })?;
            Some(changes::compare(&report, &prev))
        }
        None => None,
    };

    // A failure after the check keeps every diagnostic found so far (warnings included).
    let fail = |diagnostics: &mut Diagnostics, file: &str, message: String| {
        let mut d = std::mem::take(diagnostics);
        d.push(Diagnostic::error(file, Pos::FILE, message));
        BuildError::Content {
            diagnostics: d,
            entries,
        }
    };
    stages.mark("check");
    let write_error = |e: std::io::Error| {
        BuildError::Usage {
        message: format!("cannot write {}: {e}", target.display()),
        hint: "check that the output folder's parent exists and is writable, and that the disk has room; the previous output was left as it was".into(),
    }
    };
    let staging = output::Staging::begin(&target).map_err(write_error)?;
    let mut pdf_downloads = Vec::new();
    let mut pdf_pages = 0;
    if opts.pdf {
        let font = |name: &str| {
            theme
                .statics
                .get(&format!("fonts/{name}"))
                .cloned()
                .ok_or_else(|| format!("static/fonts/{name} is missing"))
        };
        let fonts = (|| {
            render::pdf::fonts::Fonts::new(
                font("NanumGothic.ttf")?,
                font("NanumGothicBold.ttf")?,
                font("DejaVuSans.ttf")?,
                font("DejaVuSans-Bold.ttf")?,
            )
        })()
        .map_err(|m| fail(&mut diagnostics, "static/fonts", m))?;
        let pdfs = render::pdf::render(&report, &fonts, changes.as_ref())
            .map_err(|m| fail(&mut diagnostics, "report", m))?;
        let missing = glyph_errors(root, &pdfs.missing);
        if !missing.is_empty() {
            let mut d = std::mem::take(&mut diagnostics);
            for e in missing {
                d.push(e);
            }
            d.limit_per_file();
            return Err(BuildError::Content {
                diagnostics: d,
                entries,
            });
        }
        pdf_pages = pdfs.pages.values().sum();
        pdf_downloads = pdf_download_list(&report, &pdfs.files);
        for (path, bytes) in &pdfs.files.0 {
            let path = if opts.site {
                path.as_str()
            } else {
                path.trim_start_matches("report/")
            };
            render::Sink::put(&staging, path, bytes);
        }
    }
    if opts.site {
        stages.mark("pdf");
        let (data, warnings) = render::data::render(&report)
            .map_err(|m| fail(&mut diagnostics, "data/barriers", m))?;
        for w in warnings {
            diagnostics.push(w);
        }
        staging.put_all(&data);
        let site_opts = render::html::SiteOptions {
            pdfs: pdf_downloads,
            data: data_downloads(&data),
            changes: changes.clone(),
        };
        drop(data);
        stages.mark("data files");
        render::html::render(&report, &theme, &site_opts, &staging).map_err(|errs| {
            let mut d = std::mem::take(&mut diagnostics);
            for e in errs {
                d.push(e);
            }
            BuildError::Content {
                diagnostics: d,
                entries,
            }
        })?;
        stages.mark("html");
        staging.put_all(&render::search::render(&report));
    }
    stages.mark("search index");
    let (files, pages) = staging.counts();
    staging.commit().map_err(write_error)?;
    stages.mark("write");
    stages.report();
    Ok(Built {
        diagnostics,
        entries,
        files,
        pages,
        pdf_pages,
        report,
        theme,
    })
}

/// An error for each character no PDF font has, at its first place in the files whose text holds
/// it: `knte check` does not know the fonts, so the build reports these. `missing` names the file
/// the renderer was composing (an annex table quotes other files' titles, so a character that file
/// does not hold is looked for in the other content files). Each file is read and scanned once.
fn glyph_errors(root: &Path, missing: &BTreeMap<String, BTreeSet<char>>) -> Vec<Diagnostic> {
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut places: BTreeMap<char, Vec<(String, Pos)>> = BTreeMap::new();
    let mut scan = |file: &str, chars: &BTreeSet<char>, places: &mut BTreeMap<_, Vec<_>>| {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        let found = first_places(&text, chars);
        for (c, pos) in &found {
            places
                .entry(*c)
                .or_insert_with(Vec::new)
                .push((file.to_string(), *pos));
        }
        if !found.is_empty() {
            texts.insert(file.to_string(), text);
        }
    };
    for (file, chars) in missing {
        scan(file, chars, &mut places);
    }
    let lost: BTreeSet<char> = missing
        .values()
        .flatten()
        .filter(|c| !places.contains_key(c))
        .copied()
        .collect();
    if !lost.is_empty() {
        for file in list_content_files(root) {
            let left: BTreeSet<char> = lost
                .iter()
                .filter(|c| !places.contains_key(c))
                .copied()
                .collect();
            if left.is_empty() {
                break;
            }
            scan(&file, &left, &mut places);
        }
    }
    let mut found: Vec<(String, Pos, char)> = Vec::new();
    for (file, chars) in missing {
        for c in chars {
            match places.get(c) {
                Some(at) => found.extend(at.iter().map(|(f, p)| (f.clone(), *p, *c))),
                None => found.push((file.clone(), Pos::FILE, *c)),
            }
        }
    }
    found.sort_by(|a, b| (&a.0, a.1.line, a.1.column, a.2).cmp(&(&b.0, b.1.line, b.1.column, b.2)));
    found.dedup();
    // Only the first diagnostics of a file are shown (`limit_per_file`); the others are counted
    // and need no copy of their line.
    let mut shown: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (file, pos, c) in found {
        let n = shown.entry(file.clone()).or_default();
        *n += 1;
        let line = texts
            .get(&file)
            .filter(|_| *n <= diagnostics::MAX_PER_FILE && pos.line > 0)
            .and_then(|t| t.lines().nth(pos.line - 1))
            .map(str::to_string);
        let message = format!(
            "no font of the PDF report has a glyph for '{c}' (U+{:04X})",
            c as u32
        );
        let mut d = Diagnostic::error(file, pos, message).with_hint(
            "replace it with words or with a character the fonts have: an emoji or symbol with \
             words, a Chinese simplified or Taiwanese form with the Korean form of the Hanja \
             (查 -> 査, 產 -> 産, 务 -> 務)",
        );
        d.source_line = line;
        out.push(d);
    }
    out
}

/// Where each of `chars` first appears in `text` (line and column in characters). A line saved
/// decomposed (NFD) holds a Hangul syllable only once composed: such a place has no column.
fn first_places(text: &str, chars: &BTreeSet<char>) -> BTreeMap<char, Pos> {
    use unicode_normalization::UnicodeNormalization;
    let mut found: BTreeMap<char, Pos> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if found.len() == chars.len() {
            break;
        }
        for (col, c) in line.chars().enumerate() {
            if chars.contains(&c) {
                found.entry(c).or_insert(Pos::new(i + 1, col + 1));
            }
        }
        if !line.is_ascii() {
            for c in line.nfc() {
                if chars.contains(&c) {
                    found.entry(c).or_insert(Pos::new(i + 1, 0));
                }
            }
        }
    }
    found
}

/// The text files under `content/`, in name order, as paths from `root`.
fn list_content_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .filter(|f| f.ends_with(".md") || f.ends_with(".yaml"))
        .collect();
    files.sort();
    files
}

fn pdf_download_list(report: &model::Report, pdfs: &render::Files) -> Vec<render::html::Download> {
    let mut out = Vec::new();
    let main = render::pdf::report_path(report);
    if let Some(bytes) = pdfs.0.get(&main) {
        out.push(render::html::Download {
            path: main.clone(),
            label_ko: format!("{} (종합 보고서)", report.meta.title),
            label_en: format!("{} (consolidated report)", report.meta.title_en),
            bytes: bytes.len(),
        });
    }
    for code in render::pdf::partner_order(report) {
        let path = render::pdf::partner_path(&code);
        if let (Some(bytes), Some(p)) = (
            pdfs.0.get(&path),
            report.partners.iter().find(|p| p.code == code),
        ) {
            out.push(render::html::Download {
                path,
                label_ko: p.name.clone(),
                label_en: p.name_en.clone(),
                bytes: bytes.len(),
            });
        }
    }
    out
}

fn data_downloads(data: &render::Files) -> Vec<render::html::Download> {
    let labels = [
        (
            "data/barriers.xlsx",
            "엑셀 통합문서 (XLSX)",
            "Excel workbook (XLSX)",
        ),
        ("data/barriers.csv", "CSV (UTF-8)", "CSV (UTF-8)"),
        ("data/barriers.json", "JSON", "JSON"),
    ];
    labels
        .iter()
        .filter_map(|(path, ko, en)| {
            data.0.get(*path).map(|bytes| render::html::Download {
                path: path.to_string(),
                label_ko: ko.to_string(),
                label_en: en.to_string(),
                bytes: bytes.len(),
            })
        })
        .collect()
}

/// Updates the pages of one edited barrier file (`rel`, relative to the root: `content/cn/x.md`) in
/// the finished site `site`, and the entry in `report`, when the edit leaves the rest of the site's
/// checks as they were ([`validate::barrier_alone`]). Returns the id of the barrier updated, or
/// `None` when a full build is needed (a new, removed or renamed file, an error, a changed id...).
/// Pages that list the barrier are not updated here: the full build that follows does that.
pub fn quick_update(
    root: &Path,
    report: &mut model::Report,
    theme: &load::theme::Theme,
    rel: &str,
    drafts: bool,
    site: &Path,
) -> Option<String> {
    let (folder, slug) = load::barrier_path(rel)?;
    let src = load::read_entry(root, rel)?;
    let barrier = validate::barrier_alone(&src, folder, slug, report, drafts)?;
    let index = report.barriers.iter().position(|b| b.file == rel)?;
    report.barriers[index] = barrier;
    let sink = output::InPlace::new(site);
    render::html::render_barrier(
        report,
        theme,
        &render::html::SiteOptions::default(),
        index,
        &sink,
    )
    .ok()?;
    sink.finish().ok()?;
    Some(report.barriers[index].id.clone())
}

/// Stage timings for profiling a build, printed when `KNTE_TIMINGS` is set.
struct Stages {
    on: bool,
    last: std::time::Instant,
    marks: Vec<(&'static str, f64)>,
}

impl Stages {
    fn start() -> Self {
        Stages {
            on: std::env::var_os("KNTE_TIMINGS").is_some(),
            last: std::time::Instant::now(),
            marks: Vec::new(),
        }
    }
    /// Records the end of a stage; printed at once, so a watcher sees the build's progress.
    fn mark(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        let secs = (now - self.last).as_secs_f64();
        self.marks.push((name, secs));
        self.last = now;
        if self.on {
            eprintln!("timing: {name:<16} {secs:>8.3} s");
        }
    }
    fn report(&self) {
        if self.on {
            let total: f64 = self.marks.iter().map(|m| m.1).sum();
            eprintln!("timing: {:<16} {total:>8.3} s", "total");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies the sample's content into a new folder.
    fn sample_root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir
                .path()
                .join("content")
                .join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        dir
    }

    #[test]
    fn a_quick_update_rewrites_the_edited_entrys_pages_and_nothing_else() {
        let root = sample_root();
        let out = root.path().join("public");
        let opts = BuildOptions {
            out: out.clone(),
            drafts: false,
            pdf: false,
            site: true,
            previous: None,
        };
        let Ok(built) = build(root.path(), &opts) else {
            panic!("the sample builds")
        };
        let (mut report, theme) = (built.report, built.theme);
        let rel = "content/cn/cosmetics-registration.md";
        let text = std::fs::read_to_string(root.path().join(rel)).unwrap();
        let partner_before = std::fs::read(out.join("partners/cn/index.html")).unwrap();

        std::fs::write(
            root.path().join(rel),
            text.replacen("title: ", "title: 빠른 갱신 ", 1),
        )
        .unwrap();
        let id = quick_update(root.path(), &mut report, &theme, rel, false, &out);
        assert_eq!(id.as_deref(), Some("CN-001"));
        let page = std::fs::read_to_string(out.join("barriers/cn-001/index.html")).unwrap();
        assert!(page.contains("빠른 갱신 "));
        assert!(std::fs::read_to_string(out.join("en/barriers/cn-001/index.html")).is_ok());
        // Lists wait for the full build.
        assert_eq!(
            std::fs::read(out.join("partners/cn/index.html")).unwrap(),
            partner_before
        );
        assert!(report
            .barriers
            .iter()
            .any(|b| b.title.starts_with("빠른 갱신 ")));

        // A new id, an error, a related id that does not exist, or another kind of file: a full
        // build is needed, and the site is left alone.
        for (edit, why) in [
            (text.replacen("id: CN-001", "id: CN-901", 1), "a new id"),
            (text.replacen("title: ", "title: [", 1), "a YAML error"),
            (
                text.replacen("related: [", "related: [CN-999, ", 1),
                "an unknown related id",
            ),
        ] {
            std::fs::write(root.path().join(rel), &edit).unwrap();
            assert!(
                quick_update(root.path(), &mut report, &theme, rel, false, &out).is_none(),
                "{why}"
            );
        }
        for other in [
            "content/cn/_partner.md",
            "content/_report.md",
            "templates/base.html",
        ] {
            assert!(quick_update(root.path(), &mut report, &theme, other, false, &out).is_none());
        }
        assert!(
            std::fs::read_to_string(out.join("barriers/cn-001/index.html"))
                .unwrap()
                .contains("빠른 갱신 ")
        );
    }
}
