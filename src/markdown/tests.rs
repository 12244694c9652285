//! Unit tests of the Markdown stage.

use super::html::{heading_id, slugify};
use super::*;

#[test]
fn body_tables_scroll_in_a_named_focusable_box() {
    let html = to_html(
        "| 국가 | 건수 |\n|---|---:|\n| 중국 | 5 |\n\n`<table>` 글자",
        &|_| None,
    );
    let wrapped = wrap_tables(&html, "표");
    assert_eq!(wrapped.matches("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"표\"><table>").count(), 1);
    assert_eq!(wrapped.matches("</table></div>").count(), 1);
    assert!(wrapped.contains("&lt;table&gt;"));
    assert_eq!(wrap_tables("<p>표 없음</p>", "표"), "<p>표 없음</p>");
    let two = wrap_tables("<table></table><p>x</p><table></table>", "표");
    assert!(
        two.contains("aria-label=\"표 1\"><table>") && two.contains("aria-label=\"표 2\"><table>")
    );
}

#[test]
fn finds_h1_links_and_words() {
    let body = "## 현황\n\n중국은 [등록](@/cn/b.md#a) 제도를 **운영**한다.\n\n# 제목\n\n[외부](https://x.example)\n";
    let s = scan(body);
    assert_eq!(s.h1, vec![body.find("# 제목").unwrap()]);
    assert_eq!(s.links.len(), 2);
    let internal: Vec<_> = s.internal_links().map(|(p, _)| p).collect();
    assert_eq!(internal, ["cn/b.md"]);
    assert_eq!(s.words, 1 + 4 + 1 + 1);
    assert_eq!(scan("**등록**을 한다").words, 2);
}

#[test]
fn setext_h1_counts_and_h2_does_not() {
    assert_eq!(scan("제목\n===\n").h1.len(), 1);
    assert!(scan("## 현황\n").h1.is_empty());
}

#[test]
fn html_resolves_links_adds_ids_and_sanitises() {
    let body = "## 대응 및 진전\n\n[등록](@/cn/a.md#x) [없음](@/cn/none.md) [외부](https://x.example)\n\n## 대응 및 진전\n\n<script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">y</a><img src=x onerror=alert(1)>\n";
    let html = to_html(body, &|p| {
        (p == "cn/a.md").then(|| "/barriers/cn-001/".to_string())
    });
    assert!(html.contains("<h2 id=\"대응-및-진전\">"), "{html}");
    assert!(html.contains("<h2 id=\"대응-및-진전-1\">"), "{html}");
    assert!(html.contains("href=\"/barriers/cn-001/#x\""), "{html}");
    assert!(html.contains("없음"));
    assert!(!html.contains("none.md"));
    assert!(html.contains("rel=\"noopener noreferrer\""));
    let proto = to_html(
        "[a](//evil.example/x) [b](/\\evil.example) [c](/partners/)",
        &|_| None,
    );
    assert!(!proto.contains("//evil.example"), "{proto}");
    assert!(!proto.contains("href=\"/\\"), "{proto}");
    assert!(proto.contains("href=\"/partners/\""), "{proto}");
    for bad in ["<script", "javascript:", "onclick", "onerror"] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
}

#[test]
fn text_and_first_sentence() {
    let body = "## 현황\n\n중국은 **등록**을 요구한다. 기간이 길다.\n";
    assert_eq!(to_text(body), "현황 중국은 등록을 요구한다. 기간이 길다.");
    assert_eq!(slugify("1. Situation & Impact"), "1-situation-impact");
}

#[test]
fn blocks_keep_structure_emphasis_links_and_notes() {
    let body = "## 현황\n\n중국은 **등록**을 [요구](@/cn/a.md)한다.[^n]\n\n- 하나\n  - 둘\n1. 셋\n\n> 인용\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |\n\n[^n]: 각주 내용\n";
    let blocks = to_blocks(body, &|d| {
        (d == "@/cn/a.md").then(|| "#b-CN-001".to_string())
    });
    assert!(matches!(&blocks[0], Block::Heading { level: 2, .. }));
    let Block::Paragraph(p) = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert!(p
        .iter()
        .any(|i| matches!(i, Inline::Text { text, strong: true, .. } if text == "등록")));
    assert!(p
        .iter()
        .any(|i| matches!(i, Inline::Text { link: Some(l), .. } if l == "#b-CN-001")));
    assert!(p.contains(&Inline::Note(1)));
    let Block::List { start: None, items } = &blocks[2] else {
        panic!("{blocks:?}")
    };
    assert!(
        matches!(items[0][1], Block::List { .. }),
        "nested list kept"
    );
    assert!(matches!(&blocks[3], Block::List { start: Some(1), .. }));
    assert!(matches!(&blocks[4], Block::Quote(_)));
    let Block::Table { head, rows } = &blocks[5] else {
        panic!("{blocks:?}")
    };
    assert_eq!((head.len(), rows.len()), (2, 1));
    assert!(matches!(&blocks[6], Block::Note { number: 1, .. }));
}

#[test]
fn heading_ids_keep_out_of_the_templates_way() {
    let html = to_html(
        "## Content\n\n## sec facts\n\n## 현황\n\n## 현황\n",
        &|_| None,
    );
    assert!(html.contains("id=\"h-content\""), "{html}");
    assert!(html.contains("id=\"h-sec-facts\""), "{html}");
    assert!(
        html.contains("id=\"현황\"") && html.contains("id=\"현황-1\""),
        "{html}"
    );
    // Every id the templates write is known here (a new one must be added to the lists).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for part in text.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap();
            let fixed = id.split("{{").next().unwrap();
            if fixed.is_empty() {
                continue; // wholly from data: region ids, on pages without bodies
            }
            // A prefix (`p-{{ code }}`) is tried with something after it.
            let sample = if id.contains("{{") {
                format!("{fixed}x")
            } else {
                fixed.to_string()
            };
            assert!(
                heading_id(&sample).starts_with("h-"),
                "the template id '{id}' is not kept from body headings"
            );
        }
    }
}

#[test]
fn an_opening_heading_that_repeats_the_title_is_dropped() {
    assert_eq!(without_heading("## 발간사\n\n본문", "발간사"), "본문");
    assert_eq!(
        without_heading("## 머리말\n\n본문", "발간사"),
        "## 머리말\n\n본문"
    );
    assert_eq!(without_heading("#발간사\n본문", "발간사"), "#발간사\n본문");
}

#[test]
fn offsets_become_lines() {
    let text = "a\nbc\n가나";
    assert_eq!(
        offset_positions(text, &[text.len(), 0, 3, 3], 5),
        vec![(7, 3), (5, 1), (6, 2), (6, 2)]
    );
}
