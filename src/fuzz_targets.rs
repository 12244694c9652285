//! Entry points for fuzzing (`fuzz/`) and for replaying the fuzz corpora as ordinary tests: each
//! takes arbitrary bytes and runs one stage of the pipeline on them. None may panic, hang or grow
//! without bound, whatever the input.

use crate::load::{self, EntryKind, Loaded, PartnerDir, Source};
use crate::markdown;
use crate::render::pdf::layout::{self, Caption, Face, Flow, Metrics, ParaStyle, Span};

const TAXONOMY: &str = "categories:\n  - { id: tbt, ko: 기술규제, en: TBT }\n  - { id: trade_remedies, ko: 무역구제, en: Trade remedies }\nsectors:\n  - { id: cosmetics, ko: 화장품, en: Cosmetics }\n  - { id: steel, ko: 철강, en: Steel }\nregions:\n  - { id: east_asia, ko: 동아시아, en: East Asia }\n";
const REPORT: &str = "---\ntitle: 보고서\ntitle_en: Report\nedition: 2026\npublished: 2026-11-30\npublisher: 작업반\npublisher_en: Task force\nbase_url: https://x.example\nsample: true\n---\n발간사\n";
const PARTNER: &str =
    "---\ncode: cn\nname: 중국\nname_en: China\nregion: east_asia\nagreements: []\n---\n개황\n";

/// The front-matter split, YAML parsing and validation of one barrier file made of `data`.
pub fn front_matter(data: &[u8]) {
    let text = match load::decode(data) {
        Ok(t) => t,
        Err(_) => return,
    };
    let source = |rel: &str, text: &str| Source {
        rel: rel.to_string(),
        text: text.to_string(),
    };
    let mut loaded = Loaded {
        report: Some(source("content/_report.md", REPORT)),
        taxonomy: Some(source("content/_taxonomy.yaml", TAXONOMY)),
        ..Loaded::default()
    };
    loaded.paths.insert("cn/fuzz.md".into());
    loaded.partners.push(PartnerDir {
        code: "cn".into(),
        files: vec![
            (
                EntryKind::Profile,
                source("content/cn/_partner.md", PARTNER),
            ),
            (
                EntryKind::Barrier {
                    slug: "fuzz".into(),
                },
                source("content/cn/fuzz.md", &text),
            ),
        ],
    });
    let outcome = crate::validate::validate(&loaded);
    for d in outcome.diagnostics.into_sorted() {
        let _ = d.render_text();
    }
}

/// Every Markdown step on `data` as a body: checks, HTML, plain text and blocks.
pub fn markdown(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let _ = markdown::scan(&body);
    let _ = markdown::to_html(&body, &|p| Some(format!("/x/{p}")));
    let _ = markdown::to_text(&body);
    let _ = markdown::to_blocks(&body, &|d| Some(d.to_string()));
}

/// Glyph widths for fuzzing the layout without a font: narrow Latin, wide everything else.
struct Fixed;
impl Metrics for Fixed {
    fn advance(&self, _face: Face, c: char) -> f32 {
        if c.is_ascii() {
            0.55
        } else {
            1.0
        }
    }
}

/// The PDF layout of `data` split into headings, paragraphs and a table.
pub fn pdf_layout(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut flow = vec![
        Flow::PageBreak {
            chapter: "장".into(),
        },
        Flow::Contents,
    ];
    for (i, part) in text.split('\n').enumerate().take(200) {
        let span = Span::new(part);
        match i % 4 {
            0 => flow.push(Flow::Heading {
                level: (i % 3) as u8 + 1,
                spans: vec![span.bold()],
                anchor: Some(format!("a{i}")),
                outline: Some(1),
                toc: Some(1),
            }),
            1 => flow.push(Flow::Para {
                spans: vec![span],
                style: ParaStyle {
                    indent: (i % 5) as f32 * 12.0,
                    marker: Some("•".into()),
                    ..ParaStyle::body()
                },
            }),
            2 => {
                let cells: Vec<Vec<Span>> = part
                    .split('|')
                    .take(6)
                    .map(|c| vec![Span::new(c)])
                    .collect();
                flow.push(Flow::Table {
                    head: cells.clone(),
                    rows: vec![cells.clone(), cells],
                    size: 8.5,
                    widths: None,
                    caption: Some(Caption {
                        label: "<표 1>".into(),
                        title: vec![Span::new(part)],
                        source: Some(vec![Span::new(part)]),
                        anchor: None,
                    }),
                });
            }
            _ => flow.push(Flow::Para {
                spans: vec![span, Span::new(" https://example.org/a/b/c").link(None)],
                style: ParaStyle {
                    rule: true,
                    ..ParaStyle::body()
                },
            }),
        }
    }
    let laid = layout::layout(
        &flow,
        &Fixed,
        &layout::Furniture {
            header_left: "보고서".into(),
            watermark: None,
            body_anchor: None,
            print: false,
        },
    );
    assert!(!laid.pages.is_empty());
}
