use super::*;

/// Every glyph half an em wide, Hangul and other wide characters a full em.
pub(super) struct Mono;
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

pub(super) fn furniture() -> Furniture {
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

/// A layout notes whether it printed a page number found by the pass before: a document without
/// contents or page references is done after one pass, one with either needs the next.
#[test]
fn a_layout_notes_whether_it_printed_a_page_number() {
    let body = |text: &str| Flow::Para {
        spans: vec![Span::new(text)],
        style: ParaStyle::body(),
    };
    let plain = vec![body("가나다 라마바"), body("사아자")];
    assert!(!layout(&plain, &Mono, &furniture()).reads_pages);
    let mut referring = plain.clone();
    referring.push(Flow::Para {
        spans: vec![Span::new("("), Span::page_of("c0"), Span::new("쪽 참조)")],
        style: ParaStyle::body(),
    });
    assert!(layout(&referring, &Mono, &furniture()).reads_pages);
    let mut listing = plain;
    listing.insert(0, Flow::Contents);
    assert!(layout(&listing, &Mono, &furniture()).reads_pages);
}
