//! A site's own interface texts (`i18n/strings.yaml`) and abbreviations (`content/_abbreviations.yaml`):
//! the built site and the PDF report change where they are used, and a key the built-in table does
//! not have stops the build with its file and line.

mod common;

use common::{base_tree, knte, stderr, tool};
use std::path::Path;

const OPEN_BUILTIN: &str = "미해결";
const OPEN_SITE: &str = "아직 풀리지 않음";
const FTA_SITE: &str = "자유무역협정 시험 풀이";

fn build(root: &Path) -> (String, Option<String>) {
    let out = root.join("public");
    let o = knte(&["build", "--out", out.to_str().unwrap()], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("barriers/cn-002/index.html")).unwrap();
    let pdf = tool("pdftotext", &["-v"]).then(|| {
        let o = std::process::Command::new("pdftotext")
            .args([out.join("report/knte-2026.pdf").to_str().unwrap(), "-"])
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stdout).into_owned()
    });
    (page, pdf)
}

#[test]
fn a_site_rewords_one_interface_text_and_adds_one_abbreviation() {
    let root = base_tree();
    let (page, pdf) = build(root.path());
    assert!(page.contains(OPEN_BUILTIN) && !page.contains(OPEN_SITE));
    if let Some(pdf) = &pdf {
        assert!(pdf.contains(OPEN_BUILTIN) && !pdf.contains(OPEN_SITE));
        // Without content/_abbreviations.yaml there is no abbreviations annex.
        assert!(!pdf.contains("부록 2. 약어"), "{pdf}");
    }

    std::fs::create_dir_all(root.path().join("i18n")).unwrap();
    std::fs::write(
        root.path().join("i18n/strings.yaml"),
        format!("# 이 누리집의 글귀\nlabel_open:\n  ko: \"{OPEN_SITE}\"\n"),
    )
    .unwrap();
    std::fs::write(
        root.path().join("content/_abbreviations.yaml"),
        format!("- {{ abbr: FTA, ko: {FTA_SITE}, en: Free Trade Agreement }}\n- {{ abbr: NMPA, ko: 본문에 없는 약어, en: Not in the text }}\n"),
    )
    .unwrap();
    let (page, pdf) = build(root.path());
    assert!(
        page.contains(OPEN_SITE),
        "the barrier page shows the site's label"
    );
    assert!(!page.contains(OPEN_BUILTIN));
    let en =
        std::fs::read_to_string(root.path().join("public/en/barriers/cn-002/index.html")).unwrap();
    assert!(
        en.contains(">Open<"),
        "the English label was not overridden and stays"
    );
    if let Some(pdf) = pdf {
        assert!(
            pdf.contains(OPEN_SITE) && !pdf.contains(OPEN_BUILTIN),
            "{pdf}"
        );
        assert!(pdf.contains("부록 2. 약어"), "an abbreviations annex");
        let annex = pdf.split("부록 2. 약어").last().unwrap();
        assert!(annex.contains(FTA_SITE), "{annex}");
        assert!(annex.contains("Free Trade Agreement"), "{annex}");
        assert!(
            !annex.contains("NMPA"),
            "an abbreviation the text never uses is left out"
        );
    }
}

#[test]
fn an_unknown_key_in_the_site_strings_file_stops_the_build_with_file_and_line() {
    let root = base_tree();
    std::fs::create_dir_all(root.path().join("i18n")).unwrap();
    std::fs::write(
        root.path().join("i18n/strings.yaml"),
        "home:\n  ko: \"첫 화면\"\n\nserach:\n  ko: \"찾기\"\n",
    )
    .unwrap();
    let out = root.path().join("public");
    let o = knte(&["build", "--out", out.to_str().unwrap()], root.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "i18n/strings.yaml:4:1: error: 'serach' is not an interface text (did you mean 'search'?)"
        ),
        "{err}"
    );
    assert!(!out.join("index.html").exists(), "nothing is written");
}

#[test]
fn a_repeated_abbreviation_is_an_error_on_its_line() {
    let root = base_tree();
    std::fs::write(
        root.path().join("content/_abbreviations.yaml"),
        "- { abbr: FTA, ko: 자유무역협정, en: Free Trade Agreement }\n- { abbr: FTA, ko: 자유무역협정, en: FTA }\n- { abbr: WTO, ko: 세계무역기구 }\n",
    )
    .unwrap();
    let o = knte(&["check"], root.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/_abbreviations.yaml:2:11: error: the abbreviation 'FTA' appears twice"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/_abbreviations.yaml:3:") && err.contains("missing required field"),
        "{err}"
    );
}
