//! The catalog entries of an accessible PDF: document information -> `/MarkInfo`, `/Lang`,
//! `/ViewerPreferences`, an XMP metadata stream and the tab order of every page.
//!
//! Input: the lopdf document printpdf made and the report's [`DocInfo`]. Output: the same
//! document with those entries set (the structure tree itself is added by `tree`).

use super::DocInfo;
use lopdf::{Dictionary, Object, Stream, StringFormat};

/// Sets the catalog and page entries; the XMP stream is left uncompressed (tools read it as text).
pub(super) fn mark(doc: &mut lopdf::Document, info: &DocInfo) -> Result<(), String> {
    let xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(info).into_bytes(),
    );
    let xmp_id = doc.add_object(Object::Stream(xmp));
    for page in doc.get_pages().into_values() {
        let d = doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(|e| e.to_string())?;
        // Tab moves through a page's links in the order of the structure tree.
        d.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| e.to_string())?;
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    // The window shows the report's title, not its file name.
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    catalog.set(
        "Lang",
        Object::String(info.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: title, author and subject (Dublin Core), the dates, the producer, and the
/// PDF/UA part the file is made to.
fn xmp(info: &DocInfo) -> String {
    let date = chrono::DateTime::from_timestamp(info.timestamp, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let lang = escape(&info.lang);
    let alt = |s: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            escape(s)
        )
    };
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>{title}</dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>{subject}</dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>knte</xmp:CreatorTool>
   <pdf:Producer>knte (printpdf)</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = alt(&info.title),
        author = escape(&info.author),
        subject = alt(&info.subject),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xmp_packet_names_the_title_and_the_pdfua_part_and_escapes_markup() {
        let info = DocInfo {
            title: "무역장벽 <2026> & 전망".into(),
            author: "산업통상부".into(),
            subject: "Trade barriers".into(),
            lang: "ko-KR".into(),
            timestamp: 1_767_225_600,
        };
        let x = xmp(&info);
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(x.contains("무역장벽 &lt;2026&gt; &amp; 전망</rdf:li>"));
        assert!(x.contains("<xmp:CreateDate>2026-01-01T00:00:00Z</xmp:CreateDate>"));
        assert!(!x.contains("<2026>"));
    }
}
