//! A guard against quadratic slips that does not depend on timing: a whole build parses each body's
//! Markdown, cuts each search record into terms and composes each partner chapter a fixed number of
//! times, and lays out each PDF in a bounded number of passes, whatever the number of entries. If a
//! change makes list pages, feeds, the index or the PDF redo that work per page or per entry, a
//! count grows with entries squared and this fails. (Its own test binary: the counters are
//! process-wide.)

use knte::{work_count, Work, MAX_LAYOUT_PASSES};
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
    let counts = || [Work::Parse, Work::Tokenise, Work::Chapter, Work::LayoutPass].map(work_count);
    let before = counts();
    let built = match knte::build(root, &opts) {
        Ok(b) => b,
        Err(_) => panic!("the sample builds"),
    };
    let after = counts();
    let [parses, tokenised, chapters, passes] = [0, 1, 2, 3].map(|i| after[i] - before[i]);

    // Count the bodies of the sample from its files.
    let content = root.join("content");
    let (mut korean, mut english, mut overviews, mut partners) = (0usize, 0usize, 0usize, 0usize);
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
                partners += 1;
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
    // The search index: one record per published barrier and language, each cut into terms once.
    assert_eq!(tokenised, 2 * korean, "{korean} published barriers");
    // The PDFs: each partner chapter composed twice (the consolidated report, the partner's own
    // report), and each of the 1 + partners documents laid out in at most MAX_LAYOUT_PASSES passes
    // over its whole flow.
    assert_eq!(chapters, 2 * partners, "{partners} partners");
    let documents = 1 + partners;
    assert!(
        (documents..=MAX_LAYOUT_PASSES * documents).contains(&passes),
        "{passes} layout passes for {documents} PDF documents"
    );
    println!(
        "{parses} Markdown parses for {korean} entries ({:.1} per entry); {tokenised} search \
         records tokenised; {chapters} partner chapters composed; {passes} layout passes for \
         {documents} PDF documents",
        parses as f64 / korean as f64
    );
}
