//! The PDF report, checked through the tools a reader's machine has (poppler's pdftotext and
//! pdffonts, qpdf): every title and first sentence in report order, a contents page whose every line
//! names the right page, embedded subset fonts, a valid file, and partner PDFs that stand alone.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The sample's PDFs, built once.
fn sample_pdfs() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let o = knte(&["pdf", "--out", out.to_str().unwrap()], repo());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (dir, out)
    })
    .1
}

fn report() -> PathBuf {
    sample_pdfs().join("report/knte-2026.pdf")
}

fn run(cmd: &str, args: &[&str]) -> String {
    let o = Command::new(cmd).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn have_poppler() -> bool {
    tool("pdftotext", &["-v"])
}

/// Hangul syllables and ASCII letters and digits only: what survives any line breaking,
/// punctuation style or font fallback.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| ('가'..='힣').contains(c) || c.is_ascii_alphanumeric())
        .collect()
}

/// Whether a line is a page number: `12 / 130`, or a front-matter page's `iv`.
fn is_folio(line: &str) -> bool {
    let t = line.trim();
    let roman = !t.is_empty() && t.chars().all(|c| "ivxlc".contains(c));
    roman
        || (t.contains(" / ")
            && t.split(" / ")
                .all(|n| n.trim().chars().all(|c| c.is_ascii_digit())))
}

/// The pages before the one numbered 1 (the front matter), from the file's `/PageLabels`.
fn front_pages(pdf: &Path) -> usize {
    let json = run(
        "qpdf",
        &["--json", "--json-key=pagelabels", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["pagelabels"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["label"]["/S"] == "/D")
        .and_then(|l| l["index"].as_u64())
        .unwrap_or(0) as usize
}

/// The text of each page, without the running header (first line) and the page number.
fn pages_text(pdf: &Path) -> Vec<String> {
    let all = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    all.split('\u{c}')
        .map(|page| {
            page.lines()
                .filter(|l| !l.starts_with("2026 국가별 무역장벽 보고서"))
                .filter(|l| !is_folio(l))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

struct Entry {
    id: String,
    partner_name: String,
    category_rank: usize,
    title: String,
    first_sentence: String,
}

/// The sample's barriers in report order (partners 가나다, categories in taxonomy order, ids),
/// read from the content files.
fn entries_in_report_order() -> Vec<Entry> {
    let content = repo().join("content");
    let categories = taxonomy_ids("categories");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&content)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
    {
        let profile = std::fs::read_to_string(dir.join("_partner.md")).unwrap();
        let field = |text: &str, key: &str| -> String {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}: ")))
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .to_string()
        };
        let partner_name = field(&profile, "name");
        for f in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with('_') || name.ends_with(".en.md") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            let Some((front, sentence)) = published_front_and_first_sentence(&text) else {
                continue;
            };
            // Markdown link targets are not printed.
            let mut plain = String::new();
            let mut rest = sentence;
            while let Some(i) = rest.find("](") {
                plain.push_str(&rest[..i]);
                rest = rest[i..].split_once(')').map_or("", |x| x.1);
            }
            plain.push_str(rest);
            out.push(Entry {
                id: field(front, "id"),
                partner_name: partner_name.clone(),
                category_rank: categories
                    .iter()
                    .position(|c| *c == field(front, "category"))
                    .unwrap(),
                title: field(front, "title"),
                first_sentence: plain,
            });
        }
    }
    out.sort_by(|a, b| {
        let num = |id: &str| id.split('-').nth(1).unwrap().parse::<u32>().unwrap();
        (&a.partner_name, a.category_rank, num(&a.id)).cmp(&(
            &b.partner_name,
            b.category_rank,
            num(&b.id),
        ))
    });
    out
}

#[test]
fn every_title_and_first_sentence_appears_in_report_order() {
    if !have_poppler() {
        return;
    }
    let text = norm(&pages_text(&report()).join("\n"));
    let entries = entries_in_report_order();
    assert!(entries.len() >= 75);
    let mut at = 0;
    for e in &entries {
        let title = norm(&e.title);
        let found = text[at..]
            .find(&title)
            .unwrap_or_else(|| panic!("{}: title not found after byte {at}: {}", e.id, e.title));
        at += found + title.len();
        let sentence = norm(&e.first_sentence);
        assert!(sentence.len() > 10, "{}: {:?}", e.id, e.first_sentence);
        let found = text[at..].find(&sentence).unwrap_or_else(|| {
            panic!(
                "{}: first sentence not found after its title: {}",
                e.id, e.first_sentence
            )
        });
        at += found + sentence.len();
    }
    println!(
        "{} titles and first sentences found in report order",
        entries.len()
    );
}

/// A page number as printed: Arabic digits or lower-case Roman numerals.
fn is_page_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit()) || s.chars().all(|c| "ivxlc".contains(c))
}

/// The value of lower-case Roman numerals.
fn roman_value(s: &str) -> usize {
    let v = |c: char| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        _ => 100,
    };
    let d: Vec<usize> = s.chars().map(v).collect();
    (0..d.len())
        .map(|i| {
            if d.get(i + 1).is_some_and(|n| *n > d[i]) {
                -(d[i] as isize)
            } else {
                d[i] as isize
            }
        })
        .sum::<isize>() as usize
}

#[test]
fn every_contents_line_names_the_page_that_holds_its_heading() {
    if !have_poppler() {
        return;
    }
    let pages = pages_text(&report());
    let contents_start = pages
        .iter()
        .position(|p| p.trim_start().starts_with("목차"))
        .expect("a contents page");
    let overview = pages
        .iter()
        .position(|p| p.trim_start().starts_with("제1장 개관"))
        .expect("an overview page");
    let front = front_pages(&report());
    assert!(front > 0, "the report has front matter numbered apart");
    let mut checked = 0;
    for page_no in contents_start + 1..=overview {
        // In layout mode a page number stands apart from its title, right-aligned after a wide gap.
        let n = page_no.to_string();
        let layout = run(
            "pdftotext",
            &[
                "-layout",
                "-f",
                &n,
                "-l",
                &n,
                report().to_str().unwrap(),
                "-",
            ],
        );
        let mut title = String::new();
        for line in layout.lines().skip(1) {
            let t = line.trim();
            if t.is_empty() || t == "목차" || t == "표 목차" || is_folio(t) {
                continue;
            }
            let (head, number) = match t.rsplit_once("   ") {
                Some((h, n)) if !n.trim().is_empty() && is_page_number(n.trim()) => {
                    (h.trim(), Some(n.trim()))
                }
                _ => (t, None),
            };
            title.push_str(head);
            let Some(number) = number else { continue };
            // The printed number: Roman in the front matter, Arabic from the body's first page.
            let target_page = match number.parse::<usize>() {
                Ok(n) => n + front,
                Err(_) => roman_value(number),
            };
            let target = norm(&pages[target_page - 1]);
            assert!(
                target.contains(&norm(&title)),
                "contents line '{title}' names page {target_page}, which does not hold it"
            );
            checked += 1;
            title.clear();
        }
    }
    assert!(checked >= 100, "only {checked} contents lines checked");
    println!("{checked} contents lines point at the right page");
}

#[test]
fn fonts_are_embedded_as_subsets_and_the_files_are_valid() {
    if !have_poppler() || !tool("qpdf", &["--version"]) {
        return;
    }
    let fonts = run("pdffonts", &[report().to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in &rows {
        assert!(
            row.contains("CID TrueType") && row.contains("yes yes yes"),
            "font not embedded as a subset with Unicode: {row}"
        );
        assert!(
            row.split_whitespace().next().unwrap().contains('+'),
            "{row}"
        );
    }
    let size = std::fs::metadata(report()).unwrap().len();
    assert!(size <= 3_000_000, "the report is {size} bytes");
    let info = run("pdfinfo", &[report().to_str().unwrap()]);
    let pages: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        size < pages * 10_000,
        "{size} bytes for {pages} pages: over 1 MB per 100 pages"
    );
    assert!(
        info.contains("Title:           2026 국가별 무역장벽 보고서"),
        "{info}"
    );
    let check = Command::new("qpdf")
        .args(["--check", report().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let partners: Vec<PathBuf> = std::fs::read_dir(sample_pdfs().join("report/partners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(partners.len(), 25);
    for p in &partners {
        let check = Command::new("qpdf")
            .args(["--check", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&check.stdout)
        );
        let text = run("pdftotext", &[p.to_str().unwrap(), "-"]);
        assert!(
            text.contains("2026 국가별 무역장벽 보고서"),
            "{}",
            p.display()
        );
    }
    println!(
        "{} bytes, {pages} pages; 25 partner PDFs pass qpdf --check",
        size
    );
}

#[test]
fn the_document_says_it_is_korean_and_has_a_nested_outline() {
    // The catalog sits in a compressed object stream: qpdf writes it out uncompressed.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.pdf");
    let o = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(report())
        .arg(&plain)
        .output()
        .expect("qpdf (Debian package qpdf) is needed for this test");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&plain).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/Lang(ko-KR)") || text.contains("/Lang (ko-KR)"),
        "no /Lang"
    );
    assert!(
        text.contains("/Type/Outlines") || text.contains("/Type /Outlines"),
        "no outline"
    );
    assert!(
        text.contains("/First") && text.contains("/Parent"),
        "the outline has no entries"
    );
    let first = std::fs::read(report()).unwrap();
    let o = knte(
        &[
            "pdf",
            "--out",
            sample_pdfs()
                .parent()
                .unwrap()
                .join("again")
                .to_str()
                .unwrap(),
        ],
        repo(),
    );
    assert_eq!(o.status.code(), Some(0));
    let second = std::fs::read(
        sample_pdfs()
            .parent()
            .unwrap()
            .join("again/report/knte-2026.pdf"),
    )
    .unwrap();
    assert!(first == second, "two builds gave different PDFs");
}

#[test]
fn characters_no_font_has_are_reported_not_silently_dropped() {
    // An emoji newer than the symbol font (Unicode 12) in the body, a Han character of
    // Extension B in the title: content errors with their line and column (`knte check` does
    // not know the fonts; the build does), and nothing is written.
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    let path = root.path().join("content/cn/steel-anti-dumping.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "\n반덤핑 관세가 부과되고 있다.",
            "\n반덤핑 관세가 부과되고 있다 🥱.",
        )
        .replace("title: 스테인리스강", "title: 𠀋 스테인리스강");
    std::fs::write(&path, text).unwrap();
    let check = knte(&["check"], root.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let out = root.path().join("public");
    let o = knte(&["pdf", "--out", out.to_str().unwrap()], root.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (at, c) in [("25:17", "'🥱' (U+1F971)"), ("3:8", "'𠀋' (U+2000B)")] {
        let line = format!(
            "content/cn/steel-anti-dumping.md:{at}: error: no font of the PDF report has a glyph for {c}"
        );
        assert!(err.lines().any(|l| l == line), "no {line:?} in\n{err}");
    }
    assert!(!err.contains("printed as '?'"), "{err}");
    assert!(!out.join("report").exists(), "a report was written");
}

#[test]
fn a_missing_system_font_is_named_with_its_package_where_a_character_needs_it() {
    // The Han and symbol fonts come from the system; with no font folder to search, the
    // characters only they draw are content errors whose hint names the package to install.
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    let path = root.path().join("content/cn/steel-anti-dumping.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: 스테인리스강", "title: 產品 ✅ 스테인리스강");
    std::fs::write(&path, text).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = root.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_knte"))
        .args(["pdf", "--out", out.to_str().unwrap(), "--root"])
        .arg(root.path())
        .env("NO_COLOR", "1")
        .env("KNTE_FONT_DIRS", empty.path())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (at, c, package) in [
        ("3:8", "'產' (U+7522)", "fonts-droid-fallback"),
        ("3:11", "'✅' (U+2705)", "fonts-symbola"),
    ] {
        let line = format!(
            "content/cn/steel-anti-dumping.md:{at}: error: no font of the PDF report has a glyph for {c}"
        );
        let at = err
            .find(&line)
            .unwrap_or_else(|| panic!("no {line:?} in\n{err}"));
        let hint = err[at..].lines().find(|l| l.contains("hint:")).unwrap();
        assert!(
            hint.contains(&format!("apt-get install {package}")),
            "{c}: {hint}"
        );
    }
    // 品 is NanumGothic's: only the two characters are errors.
    assert_eq!(err.matches(": error: ").count(), 2, "{err}");
    assert!(!out.join("report").exists(), "a report was written");
}

/// A word's box, as `pdftotext -bbox-layout` gives it.
struct BoxedWord {
    x_min: f32,
    y_min: f32,
    x_max: f32,
    y_max: f32,
    text: String,
}

/// The words of every page of `pdf`, from `pdftotext -bbox-layout`.
fn word_boxes(pdf: &Path) -> Vec<Vec<BoxedWord>> {
    let html = run("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap();
                    BoxedWord {
                        x_min: attr(tag, "xMin"),
                        y_min: attr(tag, "yMin"),
                        x_max: attr(tag, "xMax"),
                        y_max: attr(tag, "yMax"),
                        text: text.to_string(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Body paragraphs are justified: the right edge of at least 98% of the lines that are not the
/// last of their paragraph is within 1 pt of the measure, and no inter-word space is more than
/// twice its natural width (measured on last lines, which are set at natural width).
#[test]
fn body_paragraphs_are_justified_to_the_measure() {
    if !have_poppler() {
        return;
    }
    use knte::pdf_geometry::{BODY, LEADING, MARGIN_X, PAGE_W};
    let measure = PAGE_W - MARGIN_X;
    let pages = word_boxes(&report());
    // Body text is the commonest word height (in hundredths of a point).
    let mut heights = std::collections::BTreeMap::<i32, usize>::new();
    for w in pages.iter().flatten() {
        *heights
            .entry(((w.y_max - w.y_min) * 100.0).round() as i32)
            .or_default() += 1;
    }
    let body_h = *heights.iter().max_by_key(|(_, n)| **n).unwrap().0;
    let (mut full, mut last) = (Vec::new(), Vec::new());
    for (p, words) in pages.iter().enumerate() {
        // Body lines of this page by baseline, top to bottom.
        let mut lines = std::collections::BTreeMap::<i32, Vec<&BoxedWord>>::new();
        for w in words
            .iter()
            .filter(|w| ((w.y_max - w.y_min) * 100.0).round() as i32 == body_h)
        {
            lines
                .entry((w.y_max * 100.0).round() as i32)
                .or_default()
                .push(w);
        }
        // A smaller word whose middle is inside a body line's box (a footnote mark, raised)
        // belongs to that line: the spaces either side of it are the line's spaces.
        let tops: Vec<(i32, f32)> = lines
            .iter()
            .map(|(y, ws)| (*y, ws.iter().map(|w| w.y_min).fold(f32::MAX, f32::min)))
            .collect();
        for w in words
            .iter()
            .filter(|w| ((w.y_max - w.y_min) * 100.0).round() as i32 != body_h)
        {
            let middle = (w.y_min + w.y_max) / 2.0;
            let inside = tops
                .iter()
                .find(|(y, top)| middle > *top && middle < *y as f32 / 100.0);
            if let Some((y, _)) = inside {
                lines.get_mut(y).expect("a line").push(w);
            }
        }
        let ys: Vec<i32> = lines.keys().copied().collect();
        for (i, y) in ys.iter().enumerate() {
            let mut line = lines[y].clone();
            line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
            // A line followed by another one leading below it is not its paragraph's last.
            let next_at_leading = ys
                .get(i + 1)
                .is_some_and(|n| ((n - y) as f32 / 100.0 - BODY * LEADING).abs() < 0.3);
            if next_at_leading {
                full.push((p + 1, line));
            } else {
                last.push(line);
            }
        }
    }
    let gaps = |line: &[&BoxedWord]| -> Vec<f32> {
        line.windows(2).map(|w| w[1].x_min - w[0].x_max).collect()
    };
    let mut natural: Vec<f32> = last.iter().flat_map(|l| gaps(l)).collect();
    natural.sort_by(f32::total_cmp);
    let natural = natural[natural.len() / 2];
    let mut edges: Vec<(f32, usize, String)> = full
        .iter()
        .map(|(p, l)| {
            let right = l.iter().map(|w| w.x_max).fold(0.0, f32::max);
            let text: Vec<&str> = l.iter().map(|w| w.text.as_str()).collect();
            ((measure - right).abs(), *p, text.join(" "))
        })
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0));
    let within = edges.iter().filter(|e| e.0 <= 1.0).count();
    let widest = full
        .iter()
        .filter(|(_, l)| l.len() > 1)
        .flat_map(|(p, l)| gaps(l).into_iter().map(move |g| (g, *p)))
        .fold((0.0f32, 0), |a, b| if b.0 > a.0 { b } else { a });
    println!(
        "{} of {} non-final body lines end within 1 pt of the measure ({:.2}%); within 0.1 pt: {}",
        within,
        edges.len(),
        100.0 * within as f32 / edges.len() as f32,
        edges.iter().filter(|e| e.0 <= 0.1).count()
    );
    println!(
        "natural space {natural:.2} pt; widest inter-word space {:.2} pt ({:.2}x) on page {}",
        widest.0,
        widest.0 / natural,
        widest.1
    );
    for (gap, page, text) in edges.iter().take(8) {
        println!("  {gap:6.2} pt short, page {page}: {text}");
    }
    assert!(edges.len() >= 500, "only {} lines measured", edges.len());
    assert!(
        within as f32 >= 0.98 * edges.len() as f32,
        "{within} of {} lines end on the measure",
        edges.len()
    );
    assert!(
        widest.0 <= 2.0 * natural + 0.05,
        "an inter-word space of {:.2} pt on page {} (natural {natural:.2})",
        widest.0,
        widest.1
    );
}

/// The annex of entries by sector: every table numbered `<표 n>`, its rows in the order of their
/// pages, a table that runs on to another page repeating its caption with "(계속)" at the head of
/// that page; the next annex starts a page of its own.
#[test]
fn the_annex_lists_entries_in_page_order_under_numbered_captions() {
    if !have_poppler() {
        return;
    }
    let text = run("pdftotext", &["-layout", report().to_str().unwrap(), "-"]);
    let pages: Vec<Vec<&str>> = text
        .split('\u{c}')
        .map(|p| {
            // Without the running header and the page number.
            // A chapter's opening page has no running header.
            let lines: Vec<&str> = p.lines().collect();
            let skip = usize::from(lines.first().is_some_and(|l| l.starts_with("2026 국가별")));
            lines[skip..]
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty() && !l.contains(" / "))
                .collect()
        })
        .collect();
    fn first<'t>(p: &[&'t str]) -> &'t str {
        p.first().copied().unwrap_or("")
    }
    let start = pages
        .iter()
        .position(|p| first(p).starts_with("부록 1."))
        .expect("annex 1 opens a page");
    let end = pages
        .iter()
        .position(|p| first(p).starts_with("부록 2."))
        .expect("annex 2 opens a page");
    let (mut tables, mut continued, mut rows) = (0, 0, 0);
    let mut last_page = 0;
    for (p, page) in pages.iter().enumerate().take(end).skip(start) {
        if p > start {
            assert!(first(page).starts_with("<표 "), "page {}: {page:?}", p + 1);
        }
        for line in page {
            if line.starts_with("<표 ") {
                if line.ends_with("(계속)") {
                    continued += 1;
                } else {
                    tables += 1;
                    last_page = 0;
                }
                continue;
            }
            let Some(n) = line
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
            else {
                continue;
            };
            assert!(
                n >= last_page,
                "page {}: {n} after {last_page}: {line}",
                p + 1
            );
            last_page = n;
            rows += 1;
        }
    }
    println!("{tables} tables, {continued} continued, {rows} rows in annex 1");
    assert!(tables >= 10 && rows >= 80, "{tables} tables, {rows} rows");
    assert!(continued >= 1);
}

/// Every page a `관련 장벽` line names, "(EU-001, 59쪽)", holds that barrier's key facts, in the
/// consolidated report and in each partner's report (where a related barrier of another partner is
/// named without a page); every partner's report names at least one page when its entries have
/// related barriers of their own.
#[test]
fn related_barriers_name_the_pages_their_entries_are_on() {
    if !have_poppler() {
        return;
    }
    let mut pdfs = vec![report()];
    for e in std::fs::read_dir(sample_pdfs().join("report/partners")).unwrap() {
        pdfs.push(e.unwrap().path());
    }
    pdfs.sort();
    let mut checked = 0;
    for pdf in &pdfs {
        let text = run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let front = front_pages(pdf);
        // "(ID, n쪽)" after a related barrier's title, possibly across a line break.
        let flat = text.replace('\n', " ");
        let mut rest = flat.as_str();
        while let Some(i) = rest.find("쪽)") {
            let head = &rest[..i];
            rest = &rest[i + "쪽)".len()..];
            let Some(open) = head.rfind('(') else {
                continue;
            };
            let Some((id, page)) = head[open + 1..].split_once(", ") else {
                continue;
            };
            let (Ok(page), true) = (page.trim().parse::<usize>(), id.contains('-')) else {
                continue;
            };
            let holder = pages.get(page + front - 1).copied().unwrap_or("");
            let facts = holder.lines().any(|l| {
                l.split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| w == ["번호", id])
            });
            assert!(facts, "{}: {id} is not on page {page}", pdf.display());
            checked += 1;
        }
    }
    println!("{checked} page numbers of related barriers checked");
    assert!(checked >= 60, "only {checked}");
}
