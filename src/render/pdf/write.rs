//! PDF writing: laid-out pages -> PDF bytes. The only module that speaks printpdf.
//!
//! Input: a [`Laid`] document, the [`Fonts`] and the document's [`DocInfo`]. Output: the bytes of
//! a PDF with the fonts embedded as subsets, clickable links, a nested outline (chapters, then the
//! entries under them), document info and `/Lang`, and a file identifier derived from the content,
//! so the same input always gives the same bytes.

use super::fonts::Fonts;
use super::layout::{Face, Item, Laid, Rgb, Target, PAGE_H, PAGE_W};
use printpdf::{
    Actions, BorderArray, Color, Destination, FontId, LinkAnnotation, Mm, Op, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem, TextMatrix,
    TextRenderingMode,
};
use std::collections::{BTreeMap, BTreeSet};

mod catalog;
mod shapes;
mod tree;
mod xref;

pub(crate) struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub lang: String,
    /// Seconds since 1970 for the creation and modification dates (taken from the content).
    pub timestamp: i64,
}

/// Takes the laid-out document by value: each page's items are dropped as soon as its operators
/// are made, so a long report is not held three times over (items, operators, PDF objects).
pub(crate) fn write(mut laid: Laid, fonts: &Fonts, info: &DocInfo) -> Result<Vec<u8>, String> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text { face, text, .. } = item {
                used.entry(face.embedded())
                    .or_default()
                    .extend(text.chars());
            }
        }
    }
    let mut doc = PdfDocument::new(&info.title);
    let mut ids: BTreeMap<Face, FontId> = BTreeMap::new();
    for (face, chars) in &used {
        let bytes = fonts.subset(*face, chars)?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or("the font subset cannot be read back")?;
        // Named here rather than by printpdf's process-wide id sequence, so a document's bytes do
        // not depend on what other documents were made before it, or at the same time.
        let id = FontId(format!("F{}", ids.len() + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(parsed));
        ids.insert(*face, id);
    }
    let date =
        printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp).map_err(|e| e.to_string())?;
    let meta = &mut doc.metadata.info;
    meta.author = info.author.clone();
    meta.subject = info.subject.clone();
    meta.creator = "knte".into();
    meta.producer = "knte (printpdf)".into();
    meta.creation_date = date;
    meta.modification_date = date;
    meta.metadata_date = date;

    let file_id = file_id(&laid, info);
    let laid_pages = std::mem::take(&mut laid.pages);
    let laid = &laid;
    let (pages, tags): (Vec<PdfPage>, Vec<tree::PageTags>) = laid_pages
        .into_iter()
        .map(|p| page_ops(&p, &ids, laid, fonts))
        .unzip();
    doc.with_pages(pages);
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // The pages' operations are in `lo` now; a large report should not hold them twice.
    drop(doc);
    let names: BTreeMap<String, &str> = ids
        .iter()
        .map(|(face, id)| (id.0.clone(), Fonts::name(*face)))
        .collect();
    finish(&mut lo, laid, info, &names, &file_id)?;
    tree::build(&mut lo, laid, &tags)?;
    compress(&mut lo)?;
    let mut out = Vec::new();
    // Object streams compress the page dictionaries and their link annotations too (PDF 1.5).
    lo.save_modern(&mut out).map_err(|e| e.to_string())?;
    // Only a smaller file is at stake: a stream not where lopdf puts it is left as it is (the
    // unit test of `xref` fails first if lopdf ever changes that).
    let _ = xref::pack(&mut out);
    Ok(out)
}

/// The stroke width, in ems, that thickens a font without a bold of its own: stroking the outline
/// as well as filling it widens every stem by this much. Chosen by eye on page images: Droid Sans
/// Fallback's regular is already darker than NanumGothic's Hanja, and 0.03 made its bold heavier
/// than NanumGothic Bold.
const SYNTHETIC_BOLD: f32 = 0.015;

/// Everything is printed in black ink alone (DeviceGray: `g`/`G`), so a print shop needs no colour
/// separation: a colour the layout names becomes the grey of its luminance (Rec. 601 weights),
/// rounded to a thousandth so that nearby shades give the same operator.
fn color(c: Rgb) -> Color {
    Color::Greyscale(printpdf::Greyscale {
        percent: gray(c),
        icc_profile: None,
    })
}

fn gray(c: Rgb) -> f32 {
    let l = 0.299 * c.0 + 0.587 * c.1 + 0.114 * c.2;
    (l.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// A distance from the page's bottom, rounded as [`r`] rounds.
fn pt(y_from_top: f32) -> f32 {
    r(PAGE_H - y_from_top)
}

/// A coordinate or length rounded to a hundredth of a point (1/7200 inch, far below what a
/// screen or printer resolves): the content streams print `757.05`, not `757.05005`, which makes
/// them about a tenth smaller compressed.
fn r(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

// Long: one arm per kind of placed item (text, rule, box, link, marked content), each emitting its operators into the same content stream.
fn page_ops(
    page: &super::layout::Page,
    ids: &BTreeMap<Face, FontId>,
    laid: &Laid,
    metrics: &dyn super::layout::Metrics,
) -> (PdfPage, tree::PageTags) {
    let mut ops = Vec::new();
    let mut tags = tree::PageTags::default();
    // Shapes first, text over them, links last (see `shapes`).
    shapes::draw(page, laid, &mut ops, &mut tags);
    ops.push(Op::StartTextSection);
    // The marked-content sequence open: `Some(None)` an artifact, `Some(Some(e))` element `e`'s.
    let mut marked: Option<Option<usize>> = None;
    let mut current: Option<(Face, u32)> = None;
    let mut current_color: Option<(u32, u32, u32)> = None;
    // The stroke colour and rendering mode of a bold drawn by stroking the outlines as well.
    let mut stroke_color: Option<(u32, u32, u32)> = None;
    let mut thickened = false;
    // Words the layout placed one after another on a line, in one face, size and colour, go out as
    // one text run: a single position, then the words with the gaps between them as spacing
    // adjustments (a TJ array), instead of a position per word. The run ends where the pen is.
    let mut run: Vec<TextItem> = Vec::new();
    let mut pen: Option<(f32, f32)> = None; // (x where the last word ended, its baseline)
    let flush = |ops: &mut Vec<Op>, run: &mut Vec<TextItem>| {
        if !run.is_empty() {
            ops.push(Op::ShowText {
                items: std::mem::take(run),
            });
        }
    };
    for (index, item) in page.items.iter().enumerate() {
        if let Item::Text {
            x,
            y,
            face,
            size,
            color: c,
            text,
            italic,
            tracking,
        } = item
        {
            let key = (*face, (size * 100.0) as u32);
            let ckey = (
                (c.0 * 1000.0) as u32,
                (c.1 * 1000.0) as u32,
                (c.2 * 1000.0) as u32,
            );
            let (items, advance) = shown(text, *tracking, *size, metrics, *face);
            let element = super::layout::element_of(&page.marks, index);
            if marked != Some(element) {
                flush(&mut ops, &mut run);
                pen = None;
                if marked.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
                ops.push(begin_marked(element, index, laid, &mut tags));
                marked = Some(element);
            }
            if !*italic && current == Some(key) && current_color == Some(ckey) {
                if let Some((end, base)) = pen {
                    let gap = x - end;
                    if base == *y && gap > -0.01 && gap < PAGE_W {
                        if gap.abs() > 0.001 {
                            run.push(TextItem::Offset(offset(gap, *size)));
                        }
                        run.extend(items);
                        pen = Some((x + advance, *y));
                        continue;
                    }
                }
            }
            flush(&mut ops, &mut run);
            let thicken = face.synthetic_bold();
            if current != Some(key) {
                if let Some(id) = ids.get(&face.embedded()) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(*size),
                    });
                }
                if thicken != thickened {
                    ops.push(Op::SetTextRenderingMode {
                        mode: if thicken {
                            TextRenderingMode::FillStroke
                        } else {
                            TextRenderingMode::Fill
                        },
                    });
                    thickened = thicken;
                }
                if thicken {
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(size * SYNTHETIC_BOLD),
                    });
                }
                current = Some(key);
            }
            if current_color != Some(ckey) {
                ops.push(Op::SetFillColor { col: color(*c) });
                current_color = Some(ckey);
                stroke_color = None;
            }
            if thicken && stroke_color != Some(ckey) {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                stroke_color = Some(ckey);
            }
            // Tm sets the position absolutely (SetTextCursor's Td would move relative to the last text).
            let matrix = if *italic {
                // A 12-degree shear stands in for the italic the Korean font does not have.
                TextMatrix::Raw([1.0, 0.0, 0.21, 1.0, r(*x), pt(*y)])
            } else {
                TextMatrix::Translate(Pt(r(*x)), Pt(pt(*y)))
            };
            ops.push(Op::SetTextMatrix { matrix });
            run.extend(items);
            pen = (!*italic).then_some((x + advance, *y));
        }
    }
    flush(&mut ops, &mut run);
    if marked.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    ops.push(Op::EndTextSection);
    for (index, item) in page.items.iter().enumerate() {
        if let Item::Link {
            x,
            y,
            w,
            h,
            target,
            text: link_text,
        } = item
        {
            let actions = match target {
                Target::Uri(u) => Actions::uri(u.clone()),
                Target::Anchor(a) => match laid.anchors.get(a) {
                    Some((p, top)) => Actions::go_to(Destination::Xyz {
                        page: p + 1,
                        left: Some(0.0),
                        top: Some(pt(top - 12.0)),
                        zoom: None,
                    }),
                    None => continue,
                },
            };
            let rect = Rect {
                x: Pt(*x),
                y: Pt(pt(y + h)),
                width: Pt(*w),
                height: Pt(*h),
                mode: None,
                winding_order: None,
            };
            tags.links.push((
                super::layout::element_of(&page.marks, index),
                index,
                link_text.clone(),
            ));
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect,
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
    }
    (PdfPage::new(Mm(210.0), Mm(297.0), ops), tags)
}

/// Opens the marked-content sequence of `element`'s content, which starts at item `index` of the
/// page, numbered for the structure tree, or of page furniture (an artifact).
fn begin_marked(
    element: Option<usize>,
    index: usize,
    laid: &Laid,
    tags: &mut tree::PageTags,
) -> Op {
    match element {
        None => Op::BeginMarkedContent {
            tag: "Artifact".into(),
        },
        Some(e) => {
            let mcid = tags.mcids.len() as i64;
            tags.mcids.push((e, index));
            let mut map = BTreeMap::new();
            map.insert("MCID".to_string(), printpdf::DictItem::Int(mcid));
            Op::BeginMarkedContentWithProperties {
                tag: laid.elements[e].tag.into(),
                properties: printpdf::DictItem::Dict { map },
            }
        }
    }
}

/// A TJ adjustment that moves the pen `gap` points right, in thousandths of an em rounded to a
/// tenth (finer than any screen or printer).
fn offset(gap: f32, size: f32) -> f32 {
    (-gap * 10_000.0 / size).round() / 10.0
}

/// The TJ items that draw `text` with `tracking` points between its grapheme clusters (the
/// letter spacing of a justified line), and the width they advance the pen.
fn shown(
    text: &str,
    tracking: f32,
    size: f32,
    metrics: &dyn super::layout::Metrics,
    face: Face,
) -> (Vec<TextItem>, f32) {
    use unicode_segmentation::UnicodeSegmentation;
    let natural = super::layout::width(metrics, face, size, text);
    if tracking <= 0.0 {
        return (vec![TextItem::Text(text.to_string())], natural);
    }
    let mut items = Vec::new();
    for (i, g) in text.graphemes(true).enumerate() {
        if i > 0 {
            items.push(TextItem::Offset(offset(tracking, size)));
        }
        items.push(TextItem::Text(g.to_string()));
    }
    let gaps = (items.len() / 2) as f32;
    (items, natural + tracking * gaps)
}

// Long: the steps printpdf leaves to us, one after another on the same document: outline, language, identifier, structure tree, metadata.
/// Adds what printpdf does not write: the nested outline, the document language and a file
/// identifier derived from the content.
fn finish(
    doc: &mut lopdf::Document,
    laid: &Laid,
    info: &DocInfo,
    font_names: &BTreeMap<String, &str>,
    file_id: &str,
) -> Result<(), String> {
    use lopdf::{Dictionary, Object, StringFormat};
    // Subset fonts are named TAG+Name, the tag made from the name so that it is stable.
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
                let current = d
                    .get(key)
                    .ok()
                    .and_then(|o| o.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).to_string());
                if let Some(name) = current.and_then(|c| font_names.get(&c).copied()) {
                    let mut h: u32 = 2166136261;
                    for b in name.bytes() {
                        h = (h ^ b as u32).wrapping_mul(16777619);
                    }
                    let tag: String = (0..6)
                        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
                        .collect();
                    d.set(key, Object::Name(format!("{tag}+{name}").into_bytes()));
                }
            }
        }
    }
    let pages = doc.get_pages();
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;

    // The outline: level-1 entries with their level-2 children.
    let outlines_id = doc.new_object_id();
    let mut tops: Vec<(lopdf::ObjectId, Vec<lopdf::ObjectId>)> = Vec::new();
    let mut entries: BTreeMap<lopdf::ObjectId, (String, usize, f32)> = BTreeMap::new();
    for e in &laid.outline {
        let id = doc.new_object_id();
        entries.insert(id, (e.title.clone(), e.page, e.y));
        if e.level <= 1 || tops.is_empty() {
            tops.push((id, Vec::new()));
        } else if let Some(last) = tops.last_mut() {
            last.1.push(id);
        }
    }
    let dest = |page: usize, y: f32| -> Object {
        let page_id = pages.get(&(page as u32 + 1)).copied();
        Object::Array(vec![
            page_id.map(Object::Reference).unwrap_or(Object::Null),
            Object::Name(b"XYZ".to_vec()),
            Object::Integer(0),
            Object::Real(pt(y - 12.0)),
            Object::Integer(0),
        ])
    };
    let text = |s: &str| -> Object {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    };
    let link_siblings =
        |ids: &[lopdf::ObjectId],
         parent: lopdf::ObjectId,
         doc: &mut lopdf::Document,
         kids: &BTreeMap<lopdf::ObjectId, Vec<lopdf::ObjectId>>| {
            for (i, id) in ids.iter().enumerate() {
                let (title, page, y) = entries[id].clone();
                let mut d = Dictionary::new();
                d.set("Title", text(&title));
                d.set("Parent", Object::Reference(parent));
                d.set("Dest", dest(page, y));
                if i > 0 {
                    d.set("Prev", Object::Reference(ids[i - 1]));
                }
                if i + 1 < ids.len() {
                    d.set("Next", Object::Reference(ids[i + 1]));
                }
                if let Some(children) = kids.get(id).filter(|c| !c.is_empty()) {
                    d.set("First", Object::Reference(children[0]));
                    d.set(
                        "Last",
                        Object::Reference(*children.last().expect("non-empty")),
                    );
                    // Negative: children start closed, so a long report opens as a list of chapters.
                    d.set("Count", Object::Integer(-(children.len() as i64)));
                }
                doc.objects.insert(*id, Object::Dictionary(d));
            }
        };
    let kids: BTreeMap<lopdf::ObjectId, Vec<lopdf::ObjectId>> = tops.iter().cloned().collect();
    let top_ids: Vec<lopdf::ObjectId> = tops.iter().map(|t| t.0).collect();
    link_siblings(&top_ids, outlines_id, doc, &kids);
    for (parent, children) in &tops {
        link_siblings(children, *parent, doc, &BTreeMap::new());
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top_ids.first(), top_ids.last()) {
        outlines.set("First", Object::Reference(*first));
        outlines.set("Last", Object::Reference(*last));
    }
    outlines.set("Count", Object::Integer(top_ids.len() as i64));
    doc.objects
        .insert(outlines_id, Object::Dictionary(outlines));

    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| e.to_string())?;
    catalog.set("Outlines", Object::Reference(outlines_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    // Every document labels its pages as it prints them: a partner's report (no front matter)
    // from 1 on its cover.
    catalog.set("PageLabels", page_labels(laid.body_start.unwrap_or(0)));
    catalog::mark(doc, info)?;

    // printpdf writes an empty `GTS_PDFXVersion`, which some tools read as a PDF/X claim that
    // the file (with no output intent) does not meet.
    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(d) = doc.get_object_mut(info_id).and_then(Object::as_dict_mut) {
            d.remove(b"GTS_PDFXVersion");
        }
    }

    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(file_id.as_bytes().to_vec(), StringFormat::Hexadecimal),
            Object::String(file_id.as_bytes().to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// A file identifier from the content (every text drawn, and the date), instead of a per-process
/// counter.
fn file_id(laid: &Laid, info: &DocInfo) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text { text, .. } = item {
                for b in text.bytes() {
                    h ^= b as u64;
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    format!("{h:016x}{:016x}", h.rotate_left(17) ^ info.timestamp as u64)
}

/// Deflates every stream that has no filter yet, at level 3 (of 9: for the 500-entry benchmark
/// report, 5% larger than level 9 and several times faster), keeping the original where
/// compression would not save anything.
/// `/PageLabels`: the front matter numbered i, ii ... from the first page, the body 1, 2 ... from
/// page `body_start` (0-based), as the pages print them.
fn page_labels(body_start: usize) -> lopdf::Object {
    use lopdf::{dictionary, Object};
    let mut nums = Vec::new();
    if body_start > 0 {
        nums.push(Object::Integer(0));
        nums.push(Object::Dictionary(dictionary! { "S" => "r" }));
    }
    nums.push(Object::Integer(body_start as i64));
    nums.push(Object::Dictionary(dictionary! { "S" => "D" }));
    Object::Dictionary(dictionary! { "Nums" => nums })
}

fn compress(doc: &mut lopdf::Document) -> Result<(), String> {
    use flate2::write::ZlibEncoder;
    use lopdf::Object;
    use std::io::Write;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            let metadata =
                stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata");
            if stream.dict.get(b"Filter").is_ok() || metadata {
                continue;
            }
            let mut encoder = ZlibEncoder::new(Vec::new(), flate2::Compression::new(3));
            encoder
                .write_all(&stream.content)
                .map_err(|e| e.to_string())?;
            let packed = encoder.finish().map_err(|e| e.to_string())?;
            if packed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(packed);
            }
        }
    }
    Ok(())
}
