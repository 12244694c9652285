//! The cross-reference stream: the bytes lopdf saved -> the same file with that stream compressed.
//!
//! Input: a PDF whose last object is lopdf's uncompressed cross-reference stream. Output: the same
//! PDF with the stream deflated (PNG "up" predictor); every other byte is unchanged.

/// Compresses the cross-reference stream lopdf writes uncompressed (one 7-byte row per object:
/// 8% of the 500-entry benchmark report), with the PNG "up" predictor that makes its rows of
/// nearly equal offsets compress well. It is the file's last object, so no offset before it moves
/// and `startxref` still points at it. On an error the file is left exactly as it was.
pub(super) fn pack(pdf: &mut Vec<u8>) -> Result<(), String> {
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    const ROW: usize = 7; // `/W[1 4 2]`
    let bad = || "the PDF's cross-reference stream is not where it was expected".to_string();
    let tail = pdf
        .windows(10)
        .rposition(|w| w == b"startxref\n")
        .ok_or_else(bad)?;
    let start: usize = std::str::from_utf8(&pdf[tail + 10..])
        .ok()
        .and_then(|t| t.split_whitespace().next()?.parse().ok())
        .ok_or_else(bad)?;
    let head_end = find(&pdf[start..], b">>stream\n").ok_or_else(bad)? + start;
    let head = std::str::from_utf8(&pdf[start..head_end]).map_err(|_| bad())?;
    if !head.contains("/Type/XRef") || !head.contains("/W[1 4 2]") || head.contains("/Filter") {
        return Err(bad());
    }
    let at = head.rfind("/Length ").ok_or_else(bad)?;
    let length: usize = head[at + 8..].trim().parse().map_err(|_| bad())?;
    let data_start = head_end + b">>stream\n".len();
    let data = pdf.get(data_start..data_start + length).ok_or_else(bad)?;
    if !length.is_multiple_of(ROW) {
        return Err(bad());
    }
    let mut rows = Vec::with_capacity(length + length / ROW);
    let mut prev = [0u8; ROW];
    for row in data.chunks(ROW) {
        rows.push(2); // PNG filter type 2, "up": each byte minus the one above it
        for (i, b) in row.iter().enumerate() {
            rows.push(b.wrapping_sub(prev[i]));
            prev[i] = *b;
        }
    }
    let mut z = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&rows).map_err(|e| e.to_string())?;
    let packed = z.finish().map_err(|e| e.to_string())?;
    let rest = pdf[data_start + length..].to_vec();
    let dict = format!(
        "{}/Length {}/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns {ROW}>>>>stream\n",
        &head[..at],
        packed.len()
    );
    pdf.truncate(start);
    pdf.extend_from_slice(dict.as_bytes());
    pdf.extend_from_slice(&packed);
    pdf.extend_from_slice(&rest);
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small document saved as `write` saves it, then its cross-reference stream packed: the
    /// file is smaller, its stream starts where it did, and lopdf reads it back with every object
    /// (which it can only do by undoing the predictor row by row).
    #[test]
    fn the_packed_cross_reference_stream_reads_back_as_written() {
        use lopdf::{dictionary, Document, Object, Stream};
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let mut kids = Vec::new();
        for i in 0..40 {
            let content =
                doc.add_object(Stream::new(dictionary! {}, format!("BT ET % {i}").into()));
            let page = doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages, "Contents" => content,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            });
            kids.push(Object::Reference(page));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut plain = Vec::new();
        doc.save_modern(&mut plain).unwrap();
        let mut packed = plain.clone();
        pack(&mut packed).unwrap();
        assert!(
            packed.len() < plain.len(),
            "{} >= {}",
            packed.len(),
            plain.len()
        );
        let start = |pdf: &[u8]| {
            let text = String::from_utf8_lossy(pdf).into_owned();
            let at = text.rfind("startxref\n").unwrap();
            text[at + 10..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            start(&plain),
            start(&packed),
            "the stream stays where it was"
        );
        let read = Document::load_mem(&packed).expect("the packed file reads");
        assert_eq!(read.get_pages().len(), 40);
        assert_eq!(
            read.objects.len(),
            Document::load_mem(&plain).unwrap().objects.len()
        );
        // A file whose last object is not an uncompressed cross-reference stream is refused.
        let mut again = packed.clone();
        assert!(pack(&mut again).is_err());
        assert_eq!(again, packed);
    }
}
