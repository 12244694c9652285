//! Every character drawn: each barrier's title and first sentence, as `pdftotext` reads them back
//! from the PDF report, hold the source's characters one for one, over the sample and over
//! `fixtures/glyphs/` (titles and sentences in Traditional Chinese, rare Hanja, emoji and accented
//! Latin letters, over the base tree). A `?`, a dropped or a changed character is a mismatch, and
//! every mismatch is printed with the two texts.
//!
//! Only two things are set aside: whitespace (pdftotext breaks lines where the layout did, also
//! between the syllables of a word), and the typographic forms the renderer gives punctuation on
//! purpose (a straight quote made curly, `...` an ellipsis, `--` a dash); both sides are read with
//! the same rule. The running header and the page numbers are removed from each page.

mod common;

use common::*;
use std::path::Path;

/// The fonts the fixture needs beyond those the project ships (.ci/run installs their packages).
const SYSTEM_FONTS: [&str; 2] = [
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
];

/// One barrier as its file gives it.
struct Entry {
    file: String,
    title: String,
    sentence: String,
}

/// A front matter value on one line, without its YAML quotes.
fn field(front: &str, key: &str) -> Option<String> {
    let v = front
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))?
        .trim();
    let unquoted = if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1].replace("\\\"", "\"")
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_string()
    };
    Some(unquoted)
}

/// Markdown inline text as printed: link targets, emphasis marks and code marks removed.
fn printed(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once(')').map_or("", |x| x.1);
    }
    out.push_str(rest);
    out.replace("**", "").replace(['`', '['], "")
}

/// The barriers under `root/content`: title and the first sentence of the first paragraph.
fn entries(root: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    for f in barrier_files(&root.join("content")) {
        let text = std::fs::read_to_string(&f).unwrap();
        let Some((front, sentence)) = published_front_and_first_sentence(&text) else {
            continue;
        };
        out.push(Entry {
            file: f.strip_prefix(root).unwrap().to_string_lossy().into_owned(),
            title: field(front, "title").unwrap(),
            sentence: printed(sentence),
        });
    }
    out
}

/// Whitespace removed, typographic punctuation read as the straight forms it was made from.
fn comparable(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        match c {
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '…' => out.extend(['.', '.', '.']),
            '–' => out.extend(['-', '-']),
            '—' => out.extend(['-', '-', '-']),
            _ => out.push(c),
        }
    }
    out
}

/// The report's text in the order it is drawn (`pdftotext -raw`: its default mode joins a word
/// broken at a hyphen, dropping the hyphen, and would make `TT-BYT` read `TTBYT`), without the
/// running header (a line starting with the report's title) and the page numbers (`n / N`),
/// whitespace removed.
fn report_text(pdf: &Path, title: &str) -> Vec<char> {
    let o = std::process::Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = String::from_utf8(o.stdout).expect("pdftotext gives UTF-8");
    let mut kept = String::new();
    for l in all.lines() {
        let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
        let page_number = t.contains(" / ")
            && t.split(" / ")
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if !page_number && !t.starts_with(title) {
            kept.push_str(l);
            kept.push('\n');
        }
    }
    comparable(&without_page_references(&kept))
}

/// The text without the page references the report adds after links to other entries ("(84쪽
/// 참조)", "(84쪽)"): they are not in the source.
fn without_page_references(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' {
            let mut j = i + 1;
            let digits = chars[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            j += digits;
            if digits > 0 && chars.get(j) == Some(&'쪽') {
                j += 1;
                let mut k = j;
                while chars.get(k).is_some_and(|c| c.is_whitespace()) {
                    k += 1;
                }
                if chars[k..].starts_with(&['참', '조']) {
                    j = k + 2;
                }
                if chars.get(j) == Some(&')') {
                    i = j + 1;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Hangul syllables and ASCII letters and digits: the characters used to find a text in the PDF
/// even where its other characters came out wrong.
fn is_anchor(c: char) -> bool {
    ('가'..='힣').contains(&c) || c.is_ascii_alphanumeric()
}

/// The PDF's text, and its anchor characters with their places in it.
struct Pdf {
    text: Vec<char>,
    anchors: Vec<char>,
    at: Vec<usize>,
}

impl Pdf {
    fn new(text: Vec<char>) -> Pdf {
        let (at, anchors) = text
            .iter()
            .enumerate()
            .filter(|(_, c)| is_anchor(**c))
            .map(|(i, c)| (i, *c))
            .unzip();
        Pdf { text, anchors, at }
    }

    /// Where the anchor characters of `want` stand, in anchor indices, searching from `from` (first
    /// match) or up to `to` (last match).
    fn find_anchors(&self, want: &[char], from: usize, to: Option<usize>) -> Option<usize> {
        let key: Vec<char> = want.iter().copied().filter(|c| is_anchor(*c)).collect();
        assert!(key.len() >= 2, "too few letters to find {want:?}");
        let hits = |i: &usize| self.anchors[*i..].starts_with(&key);
        match to {
            None => (from..self.anchors.len()).find(hits),
            Some(end) => (0..end).rev().find(hits),
        }
    }

    /// The text in the PDF that stands where `want` should: from its first anchor character back by
    /// as many characters as `want` has before its own first one, to the same extent after the
    /// last. Also the anchor index just past it.
    fn region(&self, want: &[char], first: usize) -> (Vec<char>, usize) {
        let n = want.iter().filter(|c| is_anchor(**c)).count();
        let lead = want.iter().position(|c| is_anchor(*c)).unwrap();
        let trail = want.len() - 1 - want.iter().rposition(|c| is_anchor(*c)).unwrap();
        let start = self.at[first].saturating_sub(lead);
        let end = (self.at[first + n - 1] + 1 + trail).min(self.text.len());
        (self.text[start..end].to_vec(), first + n)
    }
}

/// Compares `got` with `want` character by character; when they differ, both texts and the
/// stretch where they part (after their common beginning, before their common end), each
/// character with its code point.
fn differences(what: &str, want: &[char], got: &[char]) -> Option<String> {
    if want == got {
        return None;
    }
    let head = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    let tail = want[head..]
        .iter()
        .rev()
        .zip(got[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let show = |s: &[char]| -> String {
        if s.is_empty() {
            return "nothing".into();
        }
        s.iter()
            .map(|c| format!("'{c}' (U+{:04X})", *c as u32))
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(format!(
        "{what}:\n  source: {}\n  PDF:    {}\n  from character {}: source {}, PDF {}",
        want.iter().collect::<String>(),
        got.iter().collect::<String>(),
        head + 1,
        show(&want[head..want.len() - tail]),
        show(&got[head..got.len() - tail]),
    ))
}

/// Builds the PDF report of `root` and compares every barrier's title and first sentence with
/// its file; returns how many texts were compared.
fn compare_tree(root: &Path) -> usize {
    let out = tempfile::tempdir().unwrap();
    let o = knte(&["pdf", "--out", out.path().to_str().unwrap()], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = std::fs::read_dir(out.path().join("report"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("knte-") && n.ends_with(".pdf")
        })
        .expect("the consolidated report");
    let report_md = std::fs::read_to_string(root.join("content/_report.md")).unwrap();
    let title = field(&report_md, "title").unwrap();
    let pdf = Pdf::new(report_text(&report, &title));
    let mut problems = Vec::new();
    let mut compared = 0;
    for e in entries(root) {
        let sentence = comparable(&e.sentence);
        let Some(s) = pdf.find_anchors(&sentence, 0, None) else {
            problems.push(format!(
                "{}: first sentence not found: {}",
                e.file, e.sentence
            ));
            continue;
        };
        // The title is the last one printed before the sentence: the heading over the body.
        let title = comparable(&e.title);
        match pdf.find_anchors(&title, 0, Some(s)) {
            Some(t) => {
                let (got, _) = pdf.region(&title, t);
                problems.extend(differences(&format!("{} title", e.file), &title, &got));
            }
            None => problems.push(format!("{}: title not found: {}", e.file, e.title)),
        }
        let (got, _) = pdf.region(&sentence, s);
        problems.extend(differences(
            &format!("{} first sentence", e.file),
            &sentence,
            &got,
        ));
        compared += 2;
    }
    assert!(
        problems.is_empty(),
        "{} of {compared} texts differ from their source:\n{}",
        problems.len(),
        problems.join("\n")
    );
    compared
}

#[test]
fn the_sample_titles_and_first_sentences_are_printed_character_for_character() {
    if !tool("pdftotext", &["-v"]) {
        return;
    }
    let n = compare_tree(repo());
    assert!(n >= 150, "only {n} texts compared");
    println!("{n} titles and first sentences of the sample match their source");
}

#[test]
fn chinese_hanja_emoji_and_accented_latin_are_printed_character_for_character() {
    if !tool("pdftotext", &["-v"]) {
        return;
    }
    if let Some(missing) = SYSTEM_FONTS.iter().find(|f| !Path::new(f).exists()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "{missing} is required in CI (.ci/run installs its package)"
        );
        eprintln!("skipped: {missing} is not installed (.ci/run installs its package)");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), root.path());
    copy_tree(&fixtures().join("glyphs"), root.path());
    let text: String = entries(root.path())
        .iter()
        .map(|e| format!("{} {}", e.title, e.sentence))
        .collect();
    for c in "臺灣產品檢查㐀鬱龜✅⚠🚢éüñçø".chars() {
        assert!(text.contains(c), "the fixture lost {c}");
    }
    let n = compare_tree(root.path());
    println!("{n} titles and first sentences with Han, emoji and accented letters match");
}
