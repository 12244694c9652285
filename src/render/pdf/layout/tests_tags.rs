//! Unit tests of the figures and the structure marking, with fixed-width metrics: a chart's bars
//! scaled to its largest count on one page with its caption, its description and box on its
//! `Figure` element; a list item's marker in `Lbl`; a link's text and box in one `Link` element;
//! English text in a `Span` with its language.

use super::tests::{furniture, Mono};
use super::*;

fn chart() -> Chart {
    Chart {
        caption: Caption {
            label: "<그림 1>".into(),
            title: vec![Span::new("분야별 장벽 수")],
            source: None,
            anchor: Some("f-1".into()),
        },
        bars: vec![("관세".into(), 8), ("통관".into(), 2), ("기타".into(), 0)],
        alt: "분야별 장벽 수: 관세 8건, 통관 2건, 기타 0건".into(),
    }
}

/// The element each item of `page` belongs to, by the page's marks.
fn owner<'l>(laid: &'l Laid, page: &Page, index: usize) -> Option<&'l Element> {
    element_of(&page.marks, index).map(|e| &laid.elements[e])
}

#[test]
fn a_chart_draws_bars_in_proportion_with_its_labels_counts_and_description() {
    let flow = vec![
        Flow::Para {
            spans: vec![Span::new("앞 문단")],
            style: ParaStyle::body(),
        },
        Flow::Figure(chart()),
    ];
    let laid = layout(&flow, &Mono, &furniture());
    assert_eq!(laid.pages.len(), 1);
    let page = &laid.pages[0];
    let bars: Vec<f32> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Fill { w, .. } => Some(*w),
            _ => None,
        })
        .collect();
    // Two bars (none for a count of 0), the first four times the second.
    assert_eq!(bars.len(), 2, "{bars:?}");
    assert!((bars[0] / bars[1] - 4.0).abs() < 1e-3, "{bars:?}");
    let figure = laid
        .elements
        .iter()
        .position(|e| e.tag == "Figure")
        .expect("a Figure element");
    let e = &laid.elements[figure];
    assert_eq!(e.alt.as_deref(), Some(chart().alt.as_str()));
    let (p, [left, top, right, bottom]) = e.bbox.expect("a box");
    assert_eq!(p, 0);
    assert!(left < right && top < bottom);
    // The caption is a Caption beside the Figure, in one Div; the bars, labels and counts are the
    // figure's, inside its box.
    let caption = laid
        .elements
        .iter()
        .position(|e| e.tag == "Caption")
        .unwrap();
    assert_eq!(laid.elements[caption].parent, e.parent);
    assert_eq!(laid.elements[e.parent.unwrap()].tag, "Div");
    let mut texts = Vec::new();
    for (i, item) in page.items.iter().enumerate() {
        let mine = owner(&laid, page, i).is_some_and(|o| std::ptr::eq(o, e));
        match item {
            Item::Fill { y, h, .. } => {
                assert!(mine && *y >= top && y + h <= bottom);
            }
            Item::Text { text, y, .. } if mine => {
                assert!(*y > top && *y <= bottom, "{text} at {y}");
                texts.push(text.as_str());
            }
            _ => {}
        }
    }
    assert_eq!(&texts[..6], ["관세", "8", "통관", "2", "기타", "0"]);
    // The grid values under the axis: steps of 2 up to 8.
    assert_eq!(&texts[6..], ["0", "2", "4", "6", "8"]);
    assert_eq!(laid.anchors["f-1"].0, 0);
}

#[test]
fn a_list_item_has_its_marker_in_a_label_and_its_text_in_a_body() {
    let style = ParaStyle {
        indent: 16.0,
        marker: Some("•".into()),
        ..ParaStyle::body()
    };
    let flow = vec![
        Flow::Para {
            spans: vec![Span::new("첫째 항목")],
            style: style.clone(),
        },
        Flow::Para {
            spans: vec![Span::new("둘째 항목")],
            style,
        },
    ];
    let laid = layout(&flow, &Mono, &furniture());
    let tags: Vec<(&str, Option<&str>)> = laid
        .elements
        .iter()
        .map(|e| (e.tag, e.parent.map(|p| laid.elements[p].tag)))
        .collect();
    assert_eq!(
        tags,
        [
            ("L", None),
            ("LI", Some("L")),
            ("Lbl", Some("LI")),
            ("LBody", Some("LI")),
            ("LI", Some("L")),
            ("Lbl", Some("LI")),
            ("LBody", Some("LI")),
        ]
    );
    let page = &laid.pages[0];
    let marker = page
        .items
        .iter()
        .position(|i| matches!(i, Item::Text { text, .. } if text == "•"))
        .unwrap();
    assert_eq!(owner(&laid, page, marker).unwrap().tag, "Lbl");
}

#[test]
fn a_link_holds_its_text_and_its_box_and_english_text_carries_its_language() {
    let spans = vec![
        Span::new("자세한 내용은 "),
        Span::new("세계무역기구 누리집").link(Some(Target::Uri("https://wto.org".into()))),
        Span::new(" 참조 "),
        Span::new("World Trade Organization").english(),
    ];
    let flow = vec![Flow::Para {
        spans,
        style: ParaStyle::body(),
    }];
    let laid = layout(&flow, &Mono, &furniture());
    let page = &laid.pages[0];
    let of = |want: &str| -> Vec<&str> {
        page.items
            .iter()
            .enumerate()
            .filter(|(i, _)| owner(&laid, page, *i).is_some_and(|e| e.tag == want))
            .map(|(_, item)| match item {
                Item::Text { text, .. } => text.as_str(),
                Item::Link { .. } => "[link box]",
                _ => "[shape]",
            })
            .collect()
    };
    assert_eq!(of("Link"), ["세계무역기구", "누리집", "[link box]"]);
    assert_eq!(of("Span"), ["World", "Trade", "Organization"]);
    assert!(of("P").contains(&"자세한") && of("P").contains(&"참조"));
    let span = laid.elements.iter().find(|e| e.tag == "Span").unwrap();
    assert_eq!(span.lang, Some(ENGLISH));
    assert_eq!(laid.elements[span.parent.unwrap()].tag, "P");
}

#[test]
fn a_note_at_the_foot_of_a_page_a_paragraph_runs_on_from_stands_inside_that_paragraph() {
    let mut spans = vec![Span::new("첫말"), Span::note_ref("n1", "1)")];
    spans.push(Span::new(" 가나다".repeat(1500)));
    let flow = vec![
        Flow::Para {
            spans,
            style: ParaStyle::body(),
        },
        Flow::Note {
            key: "n1".into(),
            label: "1)".into(),
            spans: vec![Span::new("각주의 설명")],
        },
        Flow::Para {
            spans: vec![Span::new("다음 문단")],
            style: ParaStyle::body(),
        },
    ];
    let laid = layout(&flow, &Mono, &furniture());
    assert!(laid.pages.len() >= 2);
    let para = laid.elements.iter().position(|e| e.tag == "P").unwrap();
    let note = laid.elements.iter().position(|e| e.tag == "Note").unwrap();
    // The paragraph has text on both sides of the break; the note, set at the foot of the
    // first page, is its child, so reading the tree in page order gives: the paragraph's first
    // page, the note, the rest of the paragraph.
    let pages_of = |e: usize| -> Vec<usize> {
        (0..laid.pages.len())
            .filter(|p| {
                let page = &laid.pages[*p];
                (0..page.items.len()).any(|i| element_of(&page.marks, i) == Some(e))
            })
            .collect()
    };
    assert_eq!(&pages_of(para)[..2], [0, 1]);
    assert_eq!(pages_of(note), [0]);
    assert_eq!(laid.elements[note].parent, Some(para));
    // A note called where no paragraph runs on is a child of nothing.
    let flow = vec![
        Flow::Para {
            spans: vec![Span::new("짧은 문단"), Span::note_ref("n2", "2)")],
            style: ParaStyle::body(),
        },
        Flow::Note {
            key: "n2".into(),
            label: "2)".into(),
            spans: vec![Span::new("설명")],
        },
    ];
    let laid = layout(&flow, &Mono, &furniture());
    let note = laid.elements.iter().find(|e| e.tag == "Note").unwrap();
    assert_eq!(note.parent, None);
}
