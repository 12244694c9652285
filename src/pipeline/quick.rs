//! The preview's quick update: one edited barrier file, partner profile or taxonomy -> its pages
//! rewritten in the finished site at once, without waiting for the full build that follows.
//!
//! Input: the edited file's path, the report and theme of the last build. Output: the entry's
//! pages in place, or `None` when only a full build can show the edit.

#[cfg(test)]
use super::{build, BuildOptions};
use crate::{load, model, output, render, validate};
use std::path::Path;

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
    if let Some(code) = load::profile_path(rel) {
        return quick_profile(root, report, theme, rel, code, site);
    }
    if load::is_taxonomy_path(rel) {
        return quick_taxonomy(root, report, theme, rel, site);
    }
    let (folder, slug) = load::barrier_path(rel)?;
    let src = load::read_entry(root, rel)?;
    let mut barrier = validate::barrier_alone(&src, folder, slug, report, drafts)?;
    // The preview is never the circulation edition: the internal notes and steps stay out of it.
    barrier.forget_internal();
    let index = report.barriers.iter().position(|b| b.file == rel)?;
    report.barriers[index] = barrier;
    let opts = render::html::SiteOptions::default();
    in_place(site, &|sink| {
        render::html::render_barrier(report, theme, &opts, index, sink)
    })?;
    Some(report.barriers[index].id.clone())
}

/// Updates the page of one edited partner profile (`rel`: `content/cn/_partner.md`, `code`: `cn`)
/// in both languages, and the profile in `report`, when it passes the checks
/// ([`validate::partner_alone`]). Returns the partner's code. Its barriers' pages and the lists
/// that name it are left to the full build that follows, as for a barrier's list pages.
fn quick_profile(
    root: &Path,
    report: &mut model::Report,
    theme: &load::theme::Theme,
    rel: &str,
    code: &str,
    site: &Path,
) -> Option<String> {
    let src = load::read_entry(root, rel)?;
    let mut profile = validate::partner_alone(&src, code, report)?;
    // As for a barrier: the preview never shows the internal notes.
    profile.internal = None;
    let index = report.partners.iter().position(|p| p.code == code)?;
    report.partners[index] = profile;
    let opts = render::html::SiteOptions::default();
    in_place(site, &|sink| {
        render::html::render_partner(report, theme, &opts, code, sink)
    })?;
    Some(code.to_string())
}

/// Updates the sector and category pages after an edit to the taxonomy (`rel`:
/// `content/_taxonomy.yaml`) that keeps every id ([`validate::taxonomy_alone`]): new labels or a
/// new order. Returns `_taxonomy.yaml`. The other pages that show the labels (each barrier's, the
/// database) follow in the full build.
fn quick_taxonomy(
    root: &Path,
    report: &mut model::Report,
    theme: &load::theme::Theme,
    rel: &str,
    site: &Path,
) -> Option<String> {
    let src = load::read_entry(root, rel)?;
    report.taxonomy = validate::taxonomy_alone(&src, &report.taxonomy)?;
    let opts = render::html::SiteOptions::default();
    in_place(site, &|sink| {
        render::html::render_terms(report, theme, &opts, sink)
    })?;
    Some("_taxonomy.yaml".to_string())
}

/// What rendering pages into a sink gives: nothing, or the template errors.
type Rendered = Result<(), Vec<crate::diagnostics::Diagnostic>>;

/// Writes pages with `render` straight into the finished site `site`; `None` if any fails.
fn in_place(site: &Path, render: &dyn Fn(&dyn render::Sink) -> Rendered) -> Option<()> {
    let sink = output::InPlace::new(site);
    render(&sink).ok()?;
    sink.finish().ok().map(|_| ())
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

    /// The sample's site (no PDFs) built into `root/public`, with the report and theme a quick
    /// update starts from.
    fn built_site(root: &Path) -> (std::path::PathBuf, model::Report, load::theme::Theme) {
        let out = root.join("public");
        let opts = BuildOptions {
            out: out.clone(),
            drafts: false,
            pdf: false,
            site: true,
            previous: None,
            circulation: false,
            print: false,
        };
        let Ok(built) = build(root, &opts) else {
            panic!("the sample builds")
        };
        (out, built.report, built.theme)
    }

    // Long: one scenario, step by step: an edit, its pages, the canaries, then the edits that need a full build.
    #[test]
    fn a_quick_update_rewrites_the_edited_entrys_pages_and_nothing_else() {
        let root = sample_root();
        let (out, mut report, theme) = built_site(root.path());
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

        // The preview's quick update never shows the internal notes or the planned steps.
        // The entry may have both blocks already: the canaries go in as their first items.
        let mut secret = text.replacen("title: ", "title: 빠른 갱신 ", 1);
        for (key, item) in [
            ("internal:\n", "  quick_canary: quicknotecanary\n"),
            (
                "next:\n",
                "  - due: 2027-01-01\n    channel: bilateral\n    note: quicknextcanary\n",
            ),
        ] {
            secret = if secret.contains(&format!("\n{key}")) {
                secret.replacen(&format!("\n{key}"), &format!("\n{key}{item}"), 1)
            } else {
                secret.replacen("title: ", &format!("{key}{item}title: "), 1)
            };
        }
        std::fs::write(root.path().join(rel), secret).unwrap();
        let id = quick_update(root.path(), &mut report, &theme, rel, false, &out);
        assert_eq!(id.as_deref(), Some("CN-001"));
        for file in [
            "barriers/cn-001/index.html",
            "en/barriers/cn-001/index.html",
        ] {
            let page = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(!page.contains("quicknotecanary") && !page.contains("quicknextcanary"));
        }
        assert!(report
            .barriers
            .iter()
            .all(|b| b.internal.is_none() && b.next.is_empty()));

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
            "content/_abbreviations.yaml",
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

    /// The rules that span files are written once (`validate::cross_checks`) and run by both the
    /// full check and the quick update: an edit breaking any of them is refused by both, so the
    /// preview never shows a page the build would reject.
    #[test]
    fn every_cross_file_rule_is_refused_by_the_check_and_the_quick_update_alike() {
        let root = sample_root();
        let (out, mut report, theme) = built_site(root.path());
        let rel = "content/cn/cosmetics-registration.md";
        let text = std::fs::read_to_string(root.path().join(rel)).unwrap();
        let page = std::fs::read(out.join("barriers/cn-001/index.html")).unwrap();
        let after_front = text.find("\n---\n").unwrap() + 5;
        let with_body_line = |line: &str| {
            let mut t = text.clone();
            t.insert_str(after_front, &format!("{line}\n\n"));
            t
        };
        // The entry's own date, whatever the sample holds today, moved past the edition's date.
        let updated = text
            .lines()
            .find(|l| l.starts_with("last_updated: "))
            .unwrap();
        let cases = [
            (
                text.replacen("related: [", "related: [CN-999, ", 1),
                "names 'CN-999'",
            ),
            (
                text.replacen("related: [", "related: [CN-001, ", 1),
                "own id",
            ),
            (
                with_body_line("[없는 항목](@/cn/no-such-entry.md)"),
                "does not exist",
            ),
            (
                text.replacen(updated, "last_updated: 2026-12-01", 1),
                "after the report's publication date",
            ),
        ];
        for (edit, message) in cases {
            assert_ne!(edit, text, "the case '{message}' changes the file");
            std::fs::write(root.path().join(rel), &edit).unwrap();
            let checked = crate::check(root.path()).unwrap_or_else(|_| panic!("content reads"));
            let refused = checked.diagnostics.has_errors();
            let errors: String = checked
                .diagnostics
                .into_sorted()
                .iter()
                .map(|d| d.render_text())
                .collect();
            assert!(
                refused && errors.contains(message),
                "knte check misses '{message}':\n{errors}"
            );
            assert!(
                quick_update(root.path(), &mut report, &theme, rel, false, &out).is_none(),
                "the quick update accepts an edit that knte check refuses ({message})"
            );
        }
        // Nothing was written by the refused updates.
        assert_eq!(
            std::fs::read(out.join("barriers/cn-001/index.html")).unwrap(),
            page
        );
    }

    /// An edited partner profile: its page in both languages at once, without its internal notes;
    /// a profile the checks refuse (a YAML error, an unknown region, a link to no entry) leaves
    /// the site alone and waits for the full build, which reports the error.
    #[test]
    fn a_quick_update_rewrites_an_edited_partner_profiles_page() {
        let root = sample_root();
        let (out, mut report, theme) = built_site(root.path());
        let rel = "content/cn/_partner.md";
        let text = std::fs::read_to_string(root.path().join(rel)).unwrap();
        let after_front = text.find("\n---\n").unwrap() + 5;
        let mut edited = text.clone();
        edited.insert_str(after_front, "개요 빠른 갱신 확인.\n\n");
        let edited = edited.replacen(
            "\nname: ",
            "\ninternal:\n  notes: quickprofilecanary\nname: ",
            1,
        );
        std::fs::write(root.path().join(rel), &edited).unwrap();
        let code = quick_update(root.path(), &mut report, &theme, rel, false, &out);
        assert_eq!(code.as_deref(), Some("cn"));
        let korean = std::fs::read_to_string(out.join("partners/cn/index.html")).unwrap();
        assert!(korean.contains("개요 빠른 갱신 확인."));
        for file in ["partners/cn/index.html", "en/partners/cn/index.html"] {
            let page = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(!page.contains("quickprofilecanary"), "{file}");
        }
        assert!(report.partners.iter().all(|p| p.internal.is_none()));

        let mut unknown_link = text.clone();
        unknown_link.insert_str(after_front, "[없는 항목](@/cn/no-such-entry.md)\n\n");
        let cases = [
            (text.replacen("name: ", "name: [", 1), "a YAML error"),
            (
                text.replacen("region: ", "region: nowhere_", 1),
                "an unknown region",
            ),
            (unknown_link, "a link to no entry"),
        ];
        let mut quick = (&mut report, &theme, out.as_path());
        refused_alike(
            root.path(),
            rel,
            &text,
            &mut quick,
            &cases,
            "partners/cn/index.html",
        );
    }

    /// Writes each edit of `rel` (whose text was `text`) and asserts that `knte check` and the
    /// quick update both refuse it, and that the site's page `page` stays as it was.
    fn refused_alike(
        root: &Path,
        rel: &str,
        text: &str,
        (report, theme, out): &mut (&mut model::Report, &load::theme::Theme, &Path),
        cases: &[(String, &str)],
        page: &str,
    ) {
        let before = std::fs::read(out.join(page)).unwrap();
        for (edit, why) in cases {
            assert_ne!(edit, text, "{why}");
            std::fs::write(root.join(rel), edit).unwrap();
            assert!(
                crate::check(root)
                    .unwrap_or_else(|_| panic!("content reads"))
                    .diagnostics
                    .has_errors(),
                "knte check accepts {why}"
            );
            assert!(
                quick_update(root, report, theme, rel, false, out).is_none(),
                "the quick update accepts {why}"
            );
        }
        assert_eq!(std::fs::read(out.join(page)).unwrap(), before, "{page}");
    }

    /// An edited taxonomy that keeps every id: the sector and category pages in both languages
    /// at once. One that drops an id entries use, or does not parse, is refused as `knte check`
    /// refuses it, and leaves the site alone.
    #[test]
    fn a_quick_update_rewrites_the_term_pages_after_a_taxonomy_edit() {
        let root = sample_root();
        let (out, mut report, theme) = built_site(root.path());
        let rel = "content/_taxonomy.yaml";
        let text = std::fs::read_to_string(root.path().join(rel)).unwrap();
        let line = "  - { id: cosmetics, ko: 화장품, en: Cosmetics }\n";
        assert!(text.contains(line));
        let relabelled = text.replacen(
            line,
            "  - { id: cosmetics, ko: 화장품·미용, en: Cosmetics and beauty }\n",
            1,
        );
        std::fs::write(root.path().join(rel), &relabelled).unwrap();
        let done = quick_update(root.path(), &mut report, &theme, rel, false, &out);
        assert_eq!(done.as_deref(), Some("_taxonomy.yaml"));
        for (file, label) in [
            ("sectors/index.html", "화장품·미용"),
            ("sectors/cosmetics/index.html", "화장품·미용"),
            ("en/sectors/index.html", "Cosmetics and beauty"),
            ("en/sectors/cosmetics/index.html", "Cosmetics and beauty"),
        ] {
            let page = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(page.contains(label), "{file} lacks {label}");
        }
        assert_eq!(
            report.taxonomy.sector("cosmetics").unwrap().ko,
            "화장품·미용"
        );

        let cases = [
            (
                text.replacen(line, "", 1),
                "a sector the entries use, removed",
            ),
            (
                text.replacen("ko: 화장품,", "ko: [화장품,", 1),
                "a YAML error",
            ),
        ];
        let mut quick = (&mut report, &theme, out.as_path());
        refused_alike(
            root.path(),
            rel,
            &text,
            &mut quick,
            &cases,
            "sectors/cosmetics/index.html",
        );
    }
}
