//! Quotation marks: a body whose quotes are followed by Hangul particles (`'관계'를`, `"비할랄"
//! 표시`), nested, around emphasis and links, in a table, beside `「」`, `·`, `…` and an
//! apostrophe, built with `knte build`: in the entry's HTML page and in the PDF report's text,
//! every ‘ and “ opens a quotation and every ’ and ” closes one.

mod common;

use common::*;
use std::path::Path;

/// Checks that the quotation marks of `text` pair up: each ’ or ” closes the innermost open ‘ or
/// “; a ’ between two Latin letters, or after one when no ‘ is open, is an apostrophe.
fn assert_paired(what: &str, text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut pairs = 0;
    for (i, &c) in chars.iter().enumerate() {
        let around = || -> String {
            chars[i.saturating_sub(30)..(i + 10).min(chars.len())]
                .iter()
                .collect()
        };
        match c {
            '‘' | '“' => open.push((c, i)),
            // An apostrophe: between two Latin letters, or after one with no quotation open
            // (Singapore’s, exporters’).
            '’' if i > 0
                && chars[i - 1].is_ascii_alphabetic()
                && (chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic())
                    || !open.iter().any(|o| o.0 == '‘')) => {}
            '’' | '”' => {
                let want = if c == '’' { '‘' } else { '“' };
                match open.pop() {
                    Some((o, _)) if o == want => pairs += 1,
                    other => panic!("{what}: {c} closes {other:?} in: {}", around()),
                }
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "{what}: unclosed {open:?}");
    pairs
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    copy_tree(&fixtures().join("quotes"), root.path());
    let out = root.path().join("public");
    let o = knte(&["build", "--out", out.to_str().unwrap()], root.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (root, out)
}

fn text_of_html(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"").replace("&#39;", "'")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_opening_quote_opens_and_every_closing_quote_closes_in_html_and_pdf() {
    let (_root, out) = built();
    let expected = [
        "‘특별전략적동반자관계’를",
        "“비할랄”표시",
        "“madein”,“productof”",
        "‘UFLPA기업목록’등재",
        "‘명백하고설득력있는’증거",
        "“이조치는‘임시’일뿐”이라고",
        "「데이터국경간이동촉진및규범화규정」을",
        "공포하였다…",
        "수출입·물류",
        "Singapore’sport",
        "exporters’costs",
        "‘항만지침’을",
        "‘원격판매’",
        "“비과세”",
    ];
    let html =
        text_of_html(&std::fs::read_to_string(out.join("barriers/cn-004/index.html")).unwrap());
    let pairs = assert_paired("HTML", &html);
    for e in expected {
        assert!(squeeze(&html).contains(e), "HTML lacks {e}");
    }
    println!("HTML: {pairs} pairs of quotation marks");
    if !tool("pdftotext", &["-v"]) {
        println!("skipped the PDF: no pdftotext");
        return;
    }
    let pdf = std::fs::read_dir(out.join("report"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let text = pdf_text(&pdf);
    let pairs = assert_paired("PDF", &text);
    for e in expected {
        assert!(squeeze(&text).contains(e), "PDF lacks {e}");
    }
    println!("PDF: {pairs} pairs of quotation marks");
}

fn pdf_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}
