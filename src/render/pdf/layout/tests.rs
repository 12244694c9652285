use super::*;

/// Every glyph half an em wide, Hangul and other wide characters a full em.
struct Mono;
impl Metrics for Mono {
    fn advance(&self, _face: Face, c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }
}

fn lines_of(text: &str, avail: f32) -> Vec<String> {
    let m = Mono;
    let pages = BTreeMap::new();
    let l = Layouter::new(&m, &pages);
    l.break_lines(&[Span::new(text)], avail, 10.0)
        .iter()
        .map(|line| {
            line.pieces
                .iter()
                .map(|(_, p)| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn korean_breaks_at_spaces_only() {
    // 10 pt Hangul = 10 pt each; a 55 pt line holds five syllables.
    let lines = lines_of("우리 기업의 수출이 크게 줄었다", 55.0);
    assert_eq!(lines, ["우리 기업의", "수출이 크게", "줄었다"]);
    for l in &lines {
        assert!(!l.starts_with(' ') && !l.ends_with(' '));
    }
}

#[test]
fn mixed_korean_and_english() {
    let lines = lines_of("중국 NMPA는 2021년 CSAR를 시행했다", 60.0);
    assert_eq!(lines, ["중국 NMPA는", "2021년", "CSAR를", "시행했다"]);
}

#[test]
fn closing_punctuation_never_starts_a_line_and_opening_never_ends_one() {
    // "( 예시 )" written with spaces: the parts stay with their neighbours.
    let lines = lines_of("가나다 ( 예시 ) 라마바", 45.0);
    for l in &lines {
        assert!(!l.starts_with(')'), "{lines:?}");
        assert!(!l.ends_with('('), "{lines:?}");
    }
    // A word split because it cannot fit keeps its closing punctuation off the next line's start.
    let lines = lines_of("가나다라마바사아자.", 80.0);
    assert!(
        lines.iter().skip(1).all(|l| !l.starts_with('.')),
        "{lines:?}"
    );
    let lines = lines_of("가「나다라마바사아자", 25.0);
    assert!(lines.iter().all(|l| !l.ends_with('「')), "{lines:?}");
}

#[test]
fn forced_splits_fall_between_graphemes() {
    // A syllable written as three jamo, and an emoji family of seven code points: neither is
    // cut, whatever the width.
    let jamo = "\u{1112}\u{1161}\u{11AB}".repeat(12);
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}".repeat(6);
    for text in [jamo.as_str(), family.as_str()] {
        for avail in [25.0, 35.0, 50.0] {
            let lines = lines_of(text, avail);
            assert_eq!(lines.concat(), text);
            for l in &lines {
                let first = l.chars().next().unwrap();
                assert!(
                    first == '\u{1112}' || first == '\u{1F468}',
                    "a line starts inside a grapheme: {lines:?}"
                );
            }
        }
    }
}

#[test]
fn a_row_of_brackets_fills_its_lines() {
    // Every character is opening punctuation: the rule cannot be kept, and lines stay full
    // instead of holding one character each.
    let lines = lines_of(&"[".repeat(400), 50.0);
    assert_eq!(lines.len(), 40, "{lines:?}");
    assert_eq!(lines.concat(), "[".repeat(400));
}

#[test]
fn a_word_longer_than_a_line_is_split_and_urls_break_after_slashes() {
    let lines = lines_of("가나다라마바사아자차카타파하", 50.0);
    assert_eq!(lines, ["가나다라마", "바사아자차", "카타파하"]);
    let lines = lines_of("https://example.org/path/to/some/long/page", 80.0);
    assert!(lines.len() > 1);
    for l in &lines[..lines.len() - 1] {
        assert!(l.ends_with('/'), "{lines:?}");
    }
    assert_eq!(lines.concat(), "https://example.org/path/to/some/long/page");
}

fn texts(page: &Page) -> Vec<&str> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn furniture() -> Furniture {
    Furniture {
        header_left: "보고서".into(),
        watermark: None,
        body_anchor: None,
        print: false,
    }
}

#[test]
fn a_table_that_crosses_a_page_repeats_its_header() {
    let head = vec![vec![Span::new("항목")], vec![Span::new("내용")]];
    let rows: Vec<Vec<Vec<Span>>> = (0..80)
        .map(|i| vec![vec![Span::new(format!("행{i}"))], vec![Span::new("값")]])
        .collect();
    let flow = vec![
        Flow::PageBreak {
            chapter: "장".into(),
        },
        Flow::Table {
            head,
            rows,
            size: 9.0,
            widths: None,
            caption: None,
        },
    ];
    let laid = layout(&flow, &Mono, &furniture());
    assert!(laid.pages.len() >= 2, "{} pages", laid.pages.len());
    for page in &laid.pages {
        let t = texts(page);
        assert!(
            t.contains(&"항목") && t.contains(&"내용"),
            "header missing on a page: {t:?}"
        );
    }
    let all: Vec<&str> = laid.pages.iter().flat_map(texts).collect();
    assert!(all.contains(&"행0") && all.contains(&"행79"));
    // Every row appears exactly once.
    assert_eq!(all.iter().filter(|t| t.starts_with('행')).count(), 80);
}

#[test]
fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
    let para = |n: usize| Flow::Para {
        spans: vec![Span::new("가 ".repeat(n))],
        style: ParaStyle::body(),
    };
    for filler in 40..60 {
        let flow = vec![
            Flow::PageBreak {
                chapter: "장".into(),
            },
            para(filler * 40),
            Flow::Heading {
                level: 2,
                spans: vec![Span::new("제목")],
                anchor: Some("h".into()),
                outline: None,
                toc: None,
            },
            para(200),
        ];
        let laid = layout(&flow, &Mono, &furniture());
        let (page, y) = laid.anchors["h"];
        let style = heading_style(2);
        let below = y + style.size * style.leading + 3.0 * BODY * LEADING;
        assert!(
            below <= PAGE_H - MARGIN_BOTTOM + 0.1,
            "filler {filler}: heading at {y} on page {page} is orphaned"
        );
    }
}

#[test]
fn contents_name_the_pages_their_headings_are_on() {
    let mut flow = vec![
        Flow::PageBreak {
            chapter: "표지".into(),
        },
        Flow::Contents,
    ];
    for i in 0..6 {
        flow.push(Flow::PageBreak {
            chapter: format!("장 {i}"),
        });
        flow.push(Flow::Heading {
            level: 1,
            spans: vec![Span::new(format!("장 {i}"))],
            anchor: Some(format!("c{i}")),
            outline: Some(1),
            toc: Some(1),
        });
        flow.push(Flow::Para {
            spans: vec![Span::new("가 ".repeat(600 * i))],
            style: ParaStyle::body(),
        });
    }
    let laid = layout(&flow, &Mono, &furniture());
    assert_eq!(laid.toc.len(), 6);
    for e in &laid.toc {
        let (page, _) = laid.anchors[&e.anchor];
        assert_eq!(e.page, page + 1);
        // The heading itself (set word by word), not the running header: an opening page has none.
        let words: String = texts(&laid.pages[page]).concat();
        assert!(words.contains(&e.title.replace(' ', "")), "{words}");
        assert!(
            texts(&laid.pages[0]).contains(&e.page.to_string().as_str()),
            "the contents print page {}",
            e.page
        );
    }
    assert_eq!(laid.outline.len(), 6);
    // The running header on every page but the first and a chapter's opening page.
    assert!(!texts(&laid.pages[0]).contains(&"보고서"));
    let (mut opening, mut running) = (0, 0);
    for page in &laid.pages[1..] {
        let has = texts(page).contains(&"보고서");
        assert_eq!(has, !page.opening, "{page:?}");
        if page.opening {
            opening += 1;
        } else {
            running += 1;
        }
    }
    assert_eq!(opening, 6);
    assert!(running >= 3);
}

#[test]
fn nothing_is_placed_outside_the_page() {
    let flow = vec![
        Flow::PageBreak {
            chapter: "장".into(),
        },
        Flow::Para {
            spans: vec![Span::new("아주긴단어".repeat(200))],
            style: ParaStyle::body(),
        },
        Flow::Para {
            spans: vec![Span::new("https://example.org/".repeat(30))],
            style: ParaStyle {
                indent: 30.0,
                ..ParaStyle::body()
            },
        },
    ];
    let laid = layout(&flow, &Mono, &furniture());
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text {
                x, y, size, text, ..
            } = item
            {
                let w = width(&Mono, Face::Regular, *size, text);
                assert!(
                    *x >= MARGIN_X - 30.0 && x + w <= PAGE_W - MARGIN_X + 0.5,
                    "{text} at {x} overflows"
                );
                assert!(*y > 0.0 && *y < PAGE_H);
            }
        }
    }
}

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

#[test]
fn the_watermark_is_on_every_page_cover_included_and_inside_it() {
    let flow: Vec<Flow> = (0..3)
        .flat_map(|i| {
            [
                Flow::PageBreak {
                    chapter: format!("장 {i}"),
                },
                Flow::Para {
                    spans: vec![Span::new("본문")],
                    style: ParaStyle::body(),
                },
            ]
        })
        .collect();
    let f = Furniture {
        watermark: Some("회람용 초안 — 대외비".into()),
        ..furniture()
    };
    let laid = layout(&flow, &Mono, &f);
    assert!(laid.pages.len() >= 3);
    for page in &laid.pages {
        let marks: Vec<(f32, f32)> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, y, text, .. } if text == "회람용 초안 — 대외비" => {
                    Some((*x, *y))
                }
                _ => None,
            })
            .collect();
        assert_eq!(marks.len(), 2, "top and foot of every page");
        for (x, y) in marks {
            assert!(x > 0.0 && x < PAGE_W && y > 9.0 && y < PAGE_H, "{x} {y}");
        }
    }
    let plain = layout(&flow, &Mono, &furniture());
    assert!(plain
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .all(|i| !matches!(i, Item::Text { color, .. } if *color == WATERMARK)));
}

/// The baselines of the lines set in `color`, page by page.
fn lines_in(laid: &Laid, color: Rgb) -> Vec<Vec<f32>> {
    laid.pages
        .iter()
        .map(|p| {
            let mut ys: Vec<f32> = p
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { y, color: c, .. } if *c == color => Some(*y),
                    _ => None,
                })
                .collect();
            ys.dedup();
            ys
        })
        .collect()
}

#[test]
fn no_paragraph_leaves_one_line_alone_at_the_foot_or_head_of_a_page() {
    // Fillers of every length before paragraphs of 2 to 7 lines (19 words of 20 pt a line):
    // wherever a page break falls inside a paragraph, two lines at least stay on each side.
    for lines in 2..=7 {
        for filler in 30..75 {
            let flow = vec![
                Flow::PageBreak {
                    chapter: "장".into(),
                },
                Flow::Para {
                    spans: vec![Span::new("가 ".repeat(filler * 20))],
                    style: ParaStyle::body(),
                },
                Flow::Para {
                    spans: vec![Span::new("나다 ".repeat(lines * 19 - 5)).color(BRAND)],
                    style: ParaStyle::body(),
                },
            ];
            let laid = layout(&flow, &Mono, &furniture());
            let per_page: Vec<usize> = lines_in(&laid, BRAND)
                .iter()
                .map(Vec::len)
                .filter(|n| *n > 0)
                .collect();
            assert!(per_page.iter().sum::<usize>() >= lines, "{per_page:?}");
            if per_page.len() > 1 {
                assert!(
                    per_page.iter().all(|n| *n >= 2),
                    "{lines} lines after filler {filler}: {per_page:?}"
                );
            }
        }
    }
}

#[test]
fn a_short_table_stays_on_one_page_with_its_heading_and_numbers_stand_flush_right() {
    const NUMBER: Rgb = Rgb(0.3, 0.0, 0.0);
    let row = |i: usize| {
        vec![
            vec![Span::new(format!("항목 {i}")).color(BRAND)],
            vec![Span::new(format!("{}", 7 * i.pow(3))).color(NUMBER)],
        ]
    };
    for filler in 30..70 {
        let flow = vec![
            Flow::PageBreak {
                chapter: "장".into(),
            },
            Flow::Para {
                spans: vec![Span::new("가 ".repeat(filler * 20))],
                style: ParaStyle::body(),
            },
            Flow::Heading {
                level: 3,
                spans: vec![Span::new("표 제목")],
                anchor: Some("t".into()),
                outline: None,
                toc: None,
            },
            Flow::Table {
                head: vec![vec![Span::new("항목")], vec![Span::new("수")]],
                rows: (1..=5).map(row).collect(),
                size: 9.0,
                widths: Some(vec![70.0, 30.0]),
                caption: None,
            },
        ];
        let laid = layout(&flow, &Mono, &furniture());
        let pages: Vec<usize> = lines_in(&laid, BRAND)
            .iter()
            .enumerate()
            .filter(|(_, ys)| !ys.is_empty())
            .map(|(p, _)| p)
            .collect();
        assert_eq!(pages.len(), 1, "filler {filler}: rows on pages {pages:?}");
        assert_eq!(
            laid.anchors["t"].0, pages[0],
            "filler {filler}: heading apart"
        );
        // The numbers' right edges line up at the column's right edge less its padding.
        let right = MARGIN_X + CONTENT_W - 4.0;
        for item in &laid.pages[pages[0]].items {
            if let Item::Text { x, text, color, .. } = item {
                if *color == NUMBER {
                    let w = width(&Mono, Face::Regular, 9.0, text);
                    assert!((x + w - right).abs() < 0.01, "{text} ends at {}", x + w);
                }
            }
        }
    }
}
