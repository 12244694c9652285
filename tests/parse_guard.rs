//! A guard against quadratic slips that does not depend on timing: a whole build parses each body's
//! Markdown a fixed number of times, whatever the number of entries. If a change makes list pages,
//! feeds or the PDF re-parse bodies per page, the count grows with entries squared and this fails.
//! (Its own test binary: the parse counter is process-wide.)

use std::path::Path;

#[test]
fn a_build_parses_each_body_a_fixed_number_of_times() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let opts = knte::BuildOptions {
        out: dir.path().join("public"),
        drafts: false,
        pdf: true,
        site: true,
        previous: None,
        circulation: false,
        print: false,
    };
    let before = knte::parse_count();
    let built = match knte::build(root, &opts) {
        Ok(b) => b,
        Err(_) => panic!("the sample builds"),
    };
    let parses = knte::parse_count() - before;

    // Count the bodies of the sample from its files.
    let content = root.join("content");
    let (mut korean, mut english, mut overviews) = (0usize, 0usize, 0usize);
    // Entries not yet approved are checked but never published: their bodies are parsed by the
    // checks alone.
    let (mut korean_unpublished, mut english_unpublished) = (0usize, 0usize);
    let unpublished = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let front = text.split("---\n").nth(1).unwrap_or("").to_string();
        front.lines().any(|l| {
            let l = l.trim_end();
            l == "stage: draft" || l == "stage: circulated" || l == "draft: true"
        })
    };
    for dir in std::fs::read_dir(&content)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
    {
        for f in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name == "_partner.md" {
                let text = std::fs::read_to_string(&f).unwrap();
                if !text
                    .splitn(3, "---\n")
                    .nth(2)
                    .unwrap_or("")
                    .trim()
                    .is_empty()
                {
                    overviews += 1;
                }
            } else if name.ends_with(".en.md") {
                let korean_file = f.with_file_name(name.replace(".en.md", ".md"));
                if unpublished(&korean_file) {
                    english_unpublished += 1;
                } else {
                    english += 1;
                }
            } else if name.ends_with(".md") {
                if unpublished(&f) {
                    korean_unpublished += 1;
                } else {
                    korean += 1;
                }
            }
        }
    }
    assert_eq!(built.entries, korean + korean_unpublished);
    // Per Korean body: validation, HTML, search text, consolidated PDF, partner PDF.
    // Per English body: validation, HTML, search text. Per partner overview: validation, HTML, two
    // PDFs. The foreword: validation, HTML, PDF. An unpublished Korean body: the checks and the
    // word count; an unpublished English body: the checks.
    let expected =
        5 * korean + 3 * english + 2 * korean_unpublished + english_unpublished + 4 * overviews + 3;
    assert_eq!(
        parses, expected,
        "{korean} Korean bodies, {english} English bodies, {overviews} overviews"
    );
    println!(
        "{parses} Markdown parses for {korean} entries ({:.1} per entry)",
        parses as f64 / korean as f64
    );
}
