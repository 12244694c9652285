//! Layout tests for the report's apparatus: footnotes at the foot of their page.

use super::notes::{note_lh, NOTE_SIZE};
use super::tests::{furniture, Mono};
use super::*;

fn para(text: String) -> Flow {
    Flow::Para {
        spans: vec![Span::new(text)],
        style: ParaStyle::body(),
    }
}

/// A paragraph of about `lines` full body lines (31 two-em words a line at 10 pt).
fn filler(lines: usize) -> Flow {
    para("가 ".repeat(lines * 31))
}

/// A paragraph that calls note `key` after its first words, and the note, of `words` words.
fn calling(key: &str, words: usize) -> Vec<Flow> {
    vec![
        Flow::Para {
            spans: vec![
                Span::new("참조 문장이다."),
                Span::note_ref(key, "1)"),
                Span::new(" 나 ".repeat(20)),
            ],
            style: ParaStyle::body(),
        },
        Flow::Note {
            key: key.into(),
            label: "1)".into(),
            spans: vec![Span::new("각주 ".repeat(words))],
        },
    ]
}

/// The texts of a page's type area at type size `size`, with their baselines (not the page
/// number under it).
fn at_size(page: &Page, size: f32) -> Vec<(f32, &str)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                y, size: s, text, ..
            } if (s - size).abs() < 0.01 && *y <= PAGE_H - MARGIN_BOTTOM => {
                Some((*y, text.as_str()))
            }
            _ => None,
        })
        .collect()
}

/// The height of the short rule over a page's notes, if it has one.
fn foot_rule(page: &Page) -> Option<f32> {
    page.items.iter().find_map(|i| match i {
        Item::Line { x1, x2, y1, .. } if (x2 - x1 - 72.0).abs() < 0.01 => Some(*y1),
        _ => None,
    })
}

/// Checks one layout of `flow`: the body stays above each page's notes, which end at the foot of
/// the type area; the note's words all appear once; its number is printed on the page that calls
/// it, with its first line. Returns (the page of the reference, the pages the note is on).
fn check_notes(laid: &Laid, words: usize) -> (usize, Vec<usize>) {
    let sup = BODY * SUP_SCALE;
    let mut called = None;
    let mut note_pages = Vec::new();
    let mut seen = 0;
    for (p, page) in laid.pages.iter().enumerate() {
        if at_size(page, sup).iter().any(|(_, t)| *t == "1)") {
            called = Some(p);
        }
        let notes = at_size(page, NOTE_SIZE);
        if notes.is_empty() {
            assert!(foot_rule(page).is_none(), "page {p}: a rule and no notes");
            continue;
        }
        note_pages.push(p);
        seen += notes
            .iter()
            .map(|(_, t)| t.matches("각주").count())
            .sum::<usize>();
        let rule = foot_rule(page).expect("a rule over the notes");
        let body_low = at_size(page, BODY)
            .iter()
            .map(|(y, _)| *y)
            .fold(0.0, f32::max);
        assert!(
            body_low < rule,
            "page {p}: body at {body_low}, rule at {rule}"
        );
        let low = notes.iter().map(|(y, _)| *y).fold(0.0, f32::max);
        assert!(low <= PAGE_H - MARGIN_BOTTOM, "page {p}: a note at {low}");
        assert!(
            low > PAGE_H - MARGIN_BOTTOM - note_lh(),
            "page {p}: the notes end at {low}, above the foot"
        );
        assert!(notes.iter().all(|(y, _)| *y > rule));
    }
    assert_eq!(seen, words, "every word of the note, once");
    let called = called.expect("the reference is printed");
    let first = note_pages.first().copied().expect("the note is printed");
    assert_eq!(first, called, "the note starts on the page that calls it");
    let number = at_size(&laid.pages[called], NOTE_SIZE)
        .iter()
        .filter(|(_, t)| *t == "1)")
        .count();
    assert_eq!(number, 1, "the note's number at the foot");
    (called, note_pages)
}

#[test]
fn a_footnote_is_set_at_the_foot_of_the_page_that_calls_it() {
    let mut flow = vec![
        Flow::PageBreak {
            chapter: "장".into(),
        },
        filler(5),
    ];
    flow.extend(calling("a:1", 30));
    flow.push(filler(6));
    let laid = layout(&flow, &Mono, &furniture());
    assert_eq!(laid.pages.len(), 1);
    let (page, note_pages) = check_notes(&laid, 30);
    assert_eq!((page, note_pages), (0, vec![0]));
    // The reference is small and raised above its line's baseline.
    let (sup_y, _) = at_size(&laid.pages[0], BODY * SUP_SCALE)[0];
    let line_y = at_size(&laid.pages[0], BODY)
        .iter()
        .find(|(_, t)| t.contains("문장이다"))
        .map(|(y, _)| *y)
        .unwrap();
    assert!(sup_y < line_y - 2.0, "raised: {sup_y} against {line_y}");
    // It links to its note.
    assert!(laid.anchors.contains_key(&note_anchor("a:1")));
}

#[test]
fn a_footnote_too_long_for_its_page_is_carried_to_the_next() {
    // A note of about twelve lines, called lower and lower on the page: near the foot it starts
    // there and goes on at the foot of the next page; the body never runs into it.
    let words = 260;
    let mut carried = 0;
    for lines in 20..44 {
        let mut flow = vec![
            Flow::PageBreak {
                chapter: "장".into(),
            },
            filler(lines),
        ];
        flow.extend(calling("a:1", words));
        flow.push(filler(40));
        let laid = layout(&flow, &Mono, &furniture());
        let (called, note_pages) = check_notes(&laid, words);
        if note_pages.len() > 1 {
            carried += 1;
            assert_eq!(note_pages, vec![called, called + 1], "filler {lines}");
            // The line that calls a note carried on is the last body line of its page.
            let page = &laid.pages[called];
            let (ref_y, _) = at_size(page, BODY * SUP_SCALE)[0];
            let below = at_size(page, BODY)
                .iter()
                .filter(|(y, _)| *y > ref_y + BODY)
                .count();
            assert_eq!(below, 0, "filler {lines}: body lines under the reference");
        }
    }
    assert!(
        carried >= 3,
        "the note was carried over in {carried} layouts"
    );
}

/// A table of `n` rows whose first cells are linked titles long enough to wrap.
fn linked_table(n: usize, source: bool) -> Flow {
    let rows = (0..n)
        .map(|i| {
            let title = Span::new(format!("행{i} 제목 ").repeat(14))
                .link(Some(Target::Anchor(format!("b{i}"))));
            vec![vec![title], vec![Span::new(format!("{}", i + 3))]]
        })
        .collect();
    Flow::Table {
        head: vec![vec![Span::new("제목")], vec![Span::new("쪽")]],
        rows,
        size: 8.5,
        widths: Some(vec![80.0, 20.0]),
        caption: Some(Caption {
            label: "<표 4>".into(),
            title: vec![Span::new("산업별 목록")],
            source: source.then(|| vec![Span::new("보고서 집계")]),
            anchor: None,
        }),
    }
}

fn page_texts(page: &Page) -> Vec<&str> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_continued_table_repeats_its_caption_with_a_continued_mark_and_its_source_ends_it() {
    let flow = vec![
        Flow::PageBreak {
            chapter: "부록".into(),
        },
        filler(10),
        linked_table(60, true),
    ];
    let laid = layout(&flow, &Mono, &furniture());
    assert!(laid.pages.len() >= 3, "{} pages", laid.pages.len());
    for (p, page) in laid.pages.iter().enumerate() {
        let t = page_texts(page);
        assert!(t.contains(&"<표") && t.contains(&"4>"), "page {p}: {t:?}");
        assert!(t.contains(&"제목"), "page {p}: the header");
        // "(계속)" on every page but the first.
        assert_eq!(t.contains(&"(계속)"), p > 0, "page {p}: {t:?}");
    }
    // The source stands once, on the last page, under the last row.
    let last = laid.pages.last().unwrap();
    let y_of = |page: &Page, s: &str| {
        page.items.iter().find_map(|i| match i {
            Item::Text { text, y, .. } if text == s => Some(*y),
            _ => None,
        })
    };
    let all: Vec<&str> = laid.pages.iter().flat_map(page_texts).collect();
    assert_eq!(all.iter().filter(|t| **t == "자료:").count(), 1);
    let source = y_of(last, "자료:").expect("the source on the last page");
    let row = y_of(last, "행59").expect("the last row on the last page");
    assert!(source > row);
    // Every row once.
    for i in 0..60 {
        let name = format!("행{i}");
        assert_eq!(all.iter().filter(|t| **t == name).count(), 14, "{name}");
    }
}

#[test]
fn a_linked_title_is_one_link_on_each_of_its_lines() {
    let flow = vec![
        Flow::PageBreak {
            chapter: "부록".into(),
        },
        linked_table(3, false),
    ];
    let laid = layout(&flow, &Mono, &furniture());
    let page = &laid.pages[0];
    for i in 0..3 {
        let target = Target::Anchor(format!("b{i}"));
        let links: Vec<f32> = page
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Link { y, target: t, .. } if *t == target => Some(*y),
                _ => None,
            })
            .collect();
        let mut lines = links.clone();
        lines.dedup();
        assert!(links.len() >= 2, "row {i}: the title wraps: {links:?}");
        assert_eq!(links, lines, "row {i}: one link per line");
    }
}

fn fact(label: &str, value: &str, wide: bool) -> Fact {
    Fact {
        label: label.into(),
        value: vec![Span::new(value)],
        wide,
    }
}

/// (x, y, text) of a page's texts at size `size`.
fn placed(page: &Page, size: f32) -> Vec<(f32, f32, &str)> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                x,
                y,
                size: s,
                text,
                ..
            } if (s - size).abs() < 0.01 => Some((*x, *y, text.as_str())),
            _ => None,
        })
        .collect()
}

#[test]
fn key_facts_stand_two_to_a_row_on_a_shaded_panel_kept_on_one_page() {
    let facts = vec![
        fact("번호", "CN-001", false),
        fact("조치국", "중국", false),
        fact("분야", "기술규제", false),
        fact("HS 코드", &"330499, ".repeat(12), false),
        fact("무역구제", &"반덤핑 재심 ".repeat(12), true),
        fact("영향", "10억 달러", false),
    ];
    for filler_lines in [0, 38, 40] {
        let flow = vec![
            Flow::PageBreak {
                chapter: "장".into(),
            },
            filler(filler_lines),
            Flow::Facts(facts.clone()),
        ];
        let laid = layout(&flow, &Mono, &furniture());
        let page = laid
            .pages
            .iter()
            .find(|p| placed(p, 8.5).iter().any(|t| t.2 == "번호"))
            .expect("the box");
        let t = placed(page, 8.5);
        let at = |s: &str| t.iter().find(|x| x.2 == s).copied().unwrap();
        // Two to a row: a row's facts share a baseline, the second in the right half.
        let (id, country) = (at("번호"), at("조치국"));
        assert_eq!(id.1, country.1);
        assert!(country.0 > MARGIN_X + CONTENT_W / 2.0 - 1.0);
        assert_eq!(at("분야").1, at("HS 코드").1);
        // A wide fact is a row of its own, below the pairs; the short one after it comes next.
        let remedy = at("무역구제");
        assert!(remedy.1 > at("HS 코드").1);
        assert!(at("영향").1 > remedy.1 && (at("영향").0 - id.0).abs() < 0.01);
        // A value that wraps keeps to its column: every piece of it right of its label.
        let value_x = at("CN-001").0;
        for (x, y, s) in &t {
            if s.contains("330499") {
                assert!(
                    *x >= at("HS 코드").0 + (value_x - id.0) - 0.01,
                    "{s} at {x},{y}"
                );
            }
            if s.contains("반덤핑") || s.contains("재심") {
                assert!(*x >= value_x - 0.01, "{s} at {x}");
            }
        }
        // The panel behind it all, on the same page as every fact.
        let panel = page.items.iter().find_map(|i| match i {
            Item::Fill { y, h, color, .. } if *color == SHADE => Some((*y, y + h)),
            _ => None,
        });
        let (top, bottom) = panel.expect("a shaded panel");
        assert!(t.iter().all(|(_, y, _)| *y > top && *y < bottom));
        assert!(bottom <= PAGE_H - MARGIN_BOTTOM);
        let all: usize = laid
            .pages
            .iter()
            .map(|p| placed(p, 8.5).iter().filter(|t| t.2 == "영향").count())
            .sum();
        assert_eq!(all, 1);
    }
}

#[test]
fn a_timeline_hangs_each_note_under_its_own_start_and_keeps_rows_whole() {
    let rows: Vec<Vec<Vec<Span>>> = (0..40)
        .map(|i| {
            vec![
                vec![Span::new(format!("2025-01-{:02}", i % 28 + 1)).bold()],
                vec![Span::new(if i % 2 == 0 {
                    "양자 협의"
                } else {
                    "WTO 분쟁해결"
                })],
                vec![Span::new(
                    format!("기록{i} ") + &"조치 철회를 요청함 ".repeat(8 + i % 5),
                )],
            ]
        })
        .collect();
    let flow = vec![
        Flow::PageBreak {
            chapter: "장".into(),
        },
        filler(12),
        Flow::Heading {
            level: 4,
            spans: vec![Span::new("우리 정부 대응 경과")],
            anchor: Some("t".into()),
            outline: None,
            toc: None,
        },
        Flow::Grid { rows, size: 8.5 },
    ];
    let laid = layout(&flow, &Mono, &furniture());
    assert!(laid.pages.len() >= 2);
    let mut seen = 0;
    let mut note_x = None;
    for page in &laid.pages {
        let t = placed(page, 8.5);
        let date_x = t
            .iter()
            .filter(|x| x.2.starts_with("2025-"))
            .map(|x| x.0)
            .fold(f32::MAX, f32::min);
        // In item order: a row's date, its channel, then its note's words, line by line. Every
        // word of a note starts at or right of the note column, never under the date or channel.
        let mut in_note = false;
        for (x, _, s) in &t {
            if s.starts_with("2025-") {
                in_note = false;
            } else if s.starts_with("기록") {
                seen += 1;
                in_note = true;
                let column = *note_x.get_or_insert(*x);
                assert!((x - column).abs() < 0.01, "{s} starts at {x}, not {column}");
                assert!(column > date_x + 40.0);
            } else if in_note {
                let column = note_x.expect("a note column");
                assert!(
                    *x >= column - 0.01,
                    "{s} at {x}, left of the notes at {column}"
                );
            }
        }
    }
    assert_eq!(seen, 40, "every row once: a row is never split");
}

#[test]
fn page_references_in_running_text_print_the_page_their_entry_is_on() {
    // References in justified paragraphs before their entries: the placeholder of the first pass
    // is wider than the number, so lines (and maybe the entries) move; the pages printed are the
    // pages found.
    for lines in (20..120).step_by(7) {
        let mut flow = vec![Flow::PageBreak {
            chapter: "장".into(),
        }];
        for e in 0..4 {
            let mut spans = vec![Span::new("가 ".repeat(40))];
            for t in 0..4 {
                spans.push(Span::new(format!(" 항목{t}(")));
                spans.push(Span::page_of(&format!("e{t}")));
                spans.push(Span::new("쪽 참조) 나 나 나"));
            }
            flow.push(Flow::Para {
                spans,
                style: ParaStyle::body(),
            });
            flow.push(filler(lines / 4 + e));
        }
        for t in 0..4 {
            flow.push(Flow::Heading {
                level: 3,
                spans: vec![Span::new(format!("항목{t} 제목"))],
                anchor: Some(format!("e{t}")),
                outline: None,
                toc: None,
            });
            flow.push(filler(lines));
        }
        let laid = layout(&flow, &Mono, &furniture());
        // The text in order, pieces joined without their spaces: "…항목0(12쪽참조)…".
        let all: String = laid
            .pages
            .iter()
            .flat_map(|p| placed(p, BODY))
            .map(|(_, _, s)| s)
            .collect();
        let printed: Vec<&str> = all
            .split("쪽참조)")
            .filter_map(|s| s.rsplit_once('(').map(|x| x.1))
            .collect();
        assert_eq!(printed.len(), 16, "{lines}");
        for (k, p) in printed.iter().enumerate() {
            let (page, _) = laid.anchors[&format!("e{}", k % 4)];
            assert_eq!(*p, (page + 1).to_string(), "{lines}: reference {k}");
        }
    }
}
