//! Layout tests for justified paragraphs: Korean breaking at spaces, cuts between syllables only
//! when spaces would open too wide, mixed scripts, letter spacing, a megabyte paragraph.

use super::tests::Mono;
use super::*;

/// A justified paragraph at 10 pt: each line's text (a space wherever two pieces stand more than
/// a letter gap apart), its right edge, and the widest space between two pieces.
fn justified(text: &str, avail: f32) -> Vec<(String, f32, f32)> {
    let m = Mono;
    let pages = BTreeMap::new();
    let l = Layouter::new(&m, &pages);
    l.justify_lines(&[Span::new(text)], avail, 10.0)
        .iter()
        .map(|line| {
            let mut s = String::new();
            let mut end = 0.0f32;
            let mut widest = 0.0f32;
            for (x, p) in &line.pieces {
                if !s.is_empty() && x - end > 1.0 {
                    s.push(' ');
                    widest = widest.max(x - end);
                }
                s.push_str(&p.text);
                end = x + p.w;
            }
            (s, end, widest)
        })
        .collect()
}

/// Checks what every justified paragraph must hold: the text kept whole and in order, no line
/// past the measure, spaces at most twice their natural width (5 pt here), the last line at
/// natural spacing, and the punctuation rules. Returns the lines set on the measure, of those
/// that are not the last.
fn assert_well_set(text: &str, lines: &[(String, f32, f32)], avail: f32) -> usize {
    let strip = |s: &str| s.replace(' ', "");
    let joined: String = lines.iter().map(|l| strip(&l.0)).collect();
    assert_eq!(joined, strip(text), "{lines:#?}");
    let (last, body) = lines.split_last().unwrap();
    for (line, right, widest) in body {
        assert!(*right <= avail + 0.01, "{line:?} ends at {right}");
        assert!(*widest <= 10.0 + 0.01, "{line:?} has a space of {widest}");
    }
    assert!(last.1 <= avail + 0.01 && last.2 <= 5.01, "{last:?}");
    for (i, (line, _, _)) in lines.iter().enumerate() {
        let first = line.chars().next().unwrap();
        let end = line.chars().last().unwrap();
        assert!(i == 0 || !is_closing(first), "{line:?} starts with {first}");
        assert!(
            i + 1 == lines.len() || !is_opening(end),
            "{line:?} ends with {end}"
        );
    }
    body.iter().filter(|l| (l.1 - avail).abs() < 0.01).count()
}

/// [`assert_well_set`], and every line but the last on the measure.
fn assert_justified(text: &str, lines: &[(String, f32, f32)], avail: f32) {
    let full = assert_well_set(text, lines, avail);
    assert_eq!(full, lines.len() - 1, "{lines:#?}");
}

#[test]
fn a_korean_paragraph_is_justified_breaking_at_spaces_while_they_suffice() {
    // Two-syllable words (20 pt) and 5 pt spaces: four words make 95 pt, so a 100 pt line is
    // filled by spaces alone and no word is cut.
    let text = "우리 기업 수출 물량 감소 추세 지속 전망 정부 대응 방안 마련 업계 의견 수렴 예정";
    let lines = justified(text, 100.0);
    assert_justified(text, &lines, 100.0);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    for l in &lines {
        assert_eq!(l.0.split(' ').count(), 4, "{lines:#?}");
    }
}

#[test]
fn a_korean_paragraph_cuts_words_between_syllables_only_when_spaces_would_open_too_wide() {
    // Ten-pt syllables and five-pt spaces on 175-250 pt measures: no break at spaces alone
    // gives lines that spaces of at most 10 pt can fill, so words are cut between syllables, but
    // never before a final particle or ending and never after a word's first syllable (which a
    // breaker without those rules does here: 관|계부처와, 시정|을).
    let text = "우리 정부는 수출기업들의 애로사항을 조사하고 관계부처와 협력하여 제도개선을 \
                추진하였으며 상대국 정부에 시정을 요청하였다";
    let mut cuts = 0;
    for avail in [175.0, 240.0, 245.0, 250.0] {
        let lines = justified(text, avail);
        assert_justified(text, &lines, avail);
        for pair in lines.windows(2) {
            let left = pair[0].0.rsplit(' ').next().unwrap();
            let right = pair[1].0.split(' ').next().unwrap();
            if text.split(' ').any(|w| w == format!("{left}{right}")) {
                cuts += 1;
                assert!(left.chars().count() >= 2, "{left}|{right}: {lines:#?}");
                assert!(right.chars().count() >= 2, "{left}|{right}: {lines:#?}");
                for ending in ["을", "를", "의", "에", "하고", "하여", "으며"] {
                    assert!(
                        !right.ends_with(ending) || right.chars().count() > 2 || right != ending
                    );
                    assert!(right != ending, "cut before {ending}: {lines:#?}");
                }
            }
        }
    }
    assert!(cuts >= 4, "only {cuts} words were cut");
}

#[test]
fn a_mixed_korean_and_english_paragraph_keeps_words_numbers_and_brackets_whole() {
    // English words (5 pt letters) cannot be cut but at an emergency, Hangul words can: on
    // measures of 15 to 32 syllables, almost every line is still filled, and one that cannot be
    // ends at a space.
    let text = "중국 NMPA는 2021년 1월 1일 「화장품 감독관리 조례」(CSAR)를 시행하여 \
                수입 화장품의 등록(registration)과 비안(filing) 절차를 바꾸었다. \
                Cosmetic Supervision and Administration Regulation의 하위 규정도 잇따랐다.";
    let (mut lines_total, mut full_total) = (0, 0);
    for avail in (150..=320).step_by(5).map(|a| a as f32) {
        let lines = justified(text, avail);
        full_total += assert_well_set(text, &lines, avail);
        lines_total += lines.len() - 1;
        let words: Vec<&str> = lines.iter().flat_map(|l| l.0.split(' ')).collect();
        for word in [
            "NMPA는",
            "2021년",
            "(CSAR)",
            "(registration)",
            "(filing)",
            "Supervision",
            "Administration",
            "Regulation의",
        ] {
            assert!(
                words.iter().any(|w| w.contains(word)),
                "{word} was cut at {avail}: {lines:#?}"
            );
        }
        for (line, right, _) in &lines[..lines.len() - 1] {
            if (right - avail).abs() > 0.01 {
                let end = line.rsplit(' ').next().unwrap();
                assert!(
                    text.split(' ').any(|w| w == end),
                    "{line:?} ends inside a word"
                );
            }
        }
    }
    assert!(
        full_total * 10 >= lines_total * 8,
        "{full_total} of {lines_total} lines filled"
    );
}

#[test]
fn a_paragraph_of_one_long_word_is_filled_with_letter_spacing() {
    // 40 syllables, no space, a 93 pt measure: nine syllables (90 pt) and eight gaps of at most
    // half a point (5% of 10 pt) fill a line exactly.
    let text = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초";
    let m = Mono;
    let pages = BTreeMap::new();
    let l = Layouter::new(&m, &pages);
    let lines = l.justify_lines(&[Span::new(text)], 93.0, 10.0);
    assert_eq!(lines.len(), 5);
    for line in &lines[..4] {
        assert!((line.w - 93.0).abs() < 0.01, "{line:?}");
        let (x, p) = line.pieces.last().unwrap();
        assert!((x + p.w - 93.0).abs() < 0.01);
        assert!(line
            .pieces
            .iter()
            .all(|(_, p)| (p.tracking - 3.0 / 8.0).abs() < 1e-4));
    }
    assert_eq!(
        lines[4].pieces[0].1.tracking, 0.0,
        "the last line is not spaced"
    );
    // An address breaks after '/', '.' or '-', and its lines stay within the measure.
    let url = "https://www.example.org/trade-barriers/reports/2026/annex-tables.html";
    let lines = justified(url, 80.0);
    assert_eq!(lines.iter().map(|l| l.0.as_str()).collect::<String>(), url);
    for (line, right, _) in &lines[..lines.len() - 1] {
        assert!(line.ends_with(['/', '.', '-']), "{lines:#?}");
        assert!(*right <= 80.01);
    }
}

#[test]
fn a_megabyte_paragraph_without_break_opportunities_is_laid_out_in_full_lines() {
    // Brackets (every break breaks the punctuation rule), Hangul without spaces and words: the
    // breaker keeps a bounded number of line starts and fills its lines. (Its time is bounded by
    // that count; tests/hostile.rs runs such bodies through the binary under a time limit.)
    let words = "무역기술장벽 대응체계를 강화하기 위하여 수출기업 애로를 조사하였다 ";
    for text in [
        "[".repeat(1 << 20),
        "가".repeat((1 << 20) / 3),
        words.repeat((1 << 20) / words.len()),
    ] {
        let lines = justified(&text, 471.0);
        let count = |s: &str| s.chars().filter(|c| *c != ' ').count();
        let chars: usize = lines.iter().map(|l| count(&l.0)).sum();
        assert_eq!(chars, count(&text));
        assert!(lines[..lines.len() - 1].iter().all(|l| l.1 > 461.0));
    }
}
