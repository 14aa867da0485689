//! What a PDF reader or an archive reads about the file: the document information
//! dictionary, the same told as XMP metadata (catalog `/Metadata`), the language (`/Lang`),
//! and for `--pdf-a` the PDF/A-2b identification and an sRGB output intent.
//!
//! Nothing here depends on the process or the clock: the dates are the report's (pinned by
//! SOURCE_DATE_EPOCH), and the XMP has no instance or document ids (the trailer's `/ID` is
//! derived from the content in `finish`).

use printpdf::lopdf::{self, Dictionary, Object, Stream};

use super::finish::pdf_string;

/// The sRGB IEC 61966-2.1 profile (ICC v2) of the output intent: Compact-ICC-Profiles'
/// `sRGB-v2-micro.icc`, CC0 (see icc/NOTICE).
const SRGB: &[u8] = include_bytes!("icc/sRGB-v2-micro.icc");

/// The document information, as both the Info dictionary and the XMP say it.
pub(super) struct Described<'a> {
    pub(super) title: &'a str,
    pub(super) author: Option<&'a str>,
    pub(super) creator: &'a str,
    pub(super) producer: &'a str,
    pub(super) date: printpdf::OffsetDateTime,
    pub(super) language: &'a str,
    pub(super) pdf_a: bool,
}

/// `D:YYYYMMDDHHmmSS+00'00'`: the date in UTC, as the Info dictionary has it.
/// (The report's dates are made from a Unix time: their offset is UTC.)
fn info_date(d: printpdf::OffsetDateTime) -> String {
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    )
}

/// `YYYY-MM-DDTHH:mm:SS+00:00`: the same instant, as XMP has it.
fn xmp_date(d: printpdf::OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        d.year(),
        u8::from(d.month()),
        d.day(),
        d.hour(),
        d.minute(),
        d.second()
    )
}

/// Text for XML character data and attribute values; characters XML 1.0 does not allow
/// (C0 controls but tab, line feed, carriage return) become U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: Dublin Core title, creator, language and format; the XMP basic dates and
/// creator tool; the PDF producer; for PDF/A its identification (part 2, conformance B).
pub(super) fn xmp(d: &Described<'_>) -> String {
    let date = xmp_date(d.date);
    let mut rdf = String::new();
    rdf.push_str("  <rdf:Description rdf:about=\"\"\n");
    rdf.push_str("      xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
    rdf.push_str("      xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    rdf.push_str("      xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    if d.pdf_a {
        rdf.push_str("\n      xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    }
    rdf.push_str(">\n");
    rdf.push_str("   <dc:format>application/pdf</dc:format>\n");
    rdf.push_str(&format!(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        xml(d.title)
    ));
    if let Some(author) = d.author {
        rdf.push_str(&format!(
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            xml(author)
        ));
    }
    rdf.push_str(&format!(
        "   <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        xml(d.language)
    ));
    rdf.push_str(&format!(
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        xml(d.creator)
    ));
    rdf.push_str(&format!("   <xmp:CreateDate>{date}</xmp:CreateDate>\n"));
    rdf.push_str(&format!("   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n"));
    rdf.push_str(&format!("   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n"));
    rdf.push_str(&format!(
        "   <pdf:Producer>{}</pdf:Producer>\n",
        xml(d.producer)
    ));
    if d.pdf_a {
        rdf.push_str("   <pdfaid:part>2</pdfaid:part>\n");
        rdf.push_str("   <pdfaid:conformance>B</pdfaid:conformance>\n");
    }
    rdf.push_str("  </rdf:Description>\n");
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         \x20<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         {rdf}\
         \x20</rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
}

/// Write the Info dictionary, the XMP metadata, `/Lang` and, for PDF/A, the output intent.
pub(super) fn describe(doc: &mut lopdf::Document, d: &Described<'_>) {
    let mut info = Dictionary::new();
    info.set("Title", pdf_string(d.title));
    if let Some(author) = d.author {
        info.set("Author", pdf_string(author));
    }
    info.set("Creator", pdf_string(d.creator));
    info.set("Producer", pdf_string(d.producer));
    let date = info_date(d.date);
    info.set("CreationDate", pdf_string(&date));
    info.set("ModDate", pdf_string(&date));
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            doc.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = doc.add_object(info);
            doc.trailer.set("Info", Object::Reference(id));
        }
    }
    let mut dict = Dictionary::new();
    dict.set("Type", "Metadata");
    dict.set("Subtype", "XML");
    // Uncompressed, as PDF/A asks, so that a tool that does not read PDF finds it too.
    let metadata = doc.add_object(Stream::new(dict, xmp(d).into_bytes()).with_compression(false));
    let intent = d.pdf_a.then(|| {
        let mut profile = Dictionary::new();
        profile.set("N", 3);
        let profile = doc.add_object(Stream::new(profile, SRGB.to_vec()));
        let mut intent = Dictionary::new();
        intent.set("Type", "OutputIntent");
        intent.set("S", "GTS_PDFA1");
        intent.set("OutputConditionIdentifier", pdf_string("sRGB IEC61966-2.1"));
        intent.set("Info", pdf_string("sRGB IEC61966-2.1"));
        intent.set("RegistryName", pdf_string("http://www.color.org"));
        intent.set("DestOutputProfile", Object::Reference(profile));
        doc.add_object(intent)
    });
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(metadata));
        catalog.set("Lang", pdf_string(d.language));
        match intent {
            Some(intent) => catalog.set("OutputIntents", vec![Object::Reference(intent)]),
            None => {
                catalog.remove(b"OutputIntents");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_agree_and_xml_is_escaped() {
        let date = printpdf::OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap();
        assert_eq!(info_date(date), "D:20260101000000+00'00'");
        assert_eq!(xmp_date(date), "2026-01-01T00:00:00+00:00");
        assert_eq!(
            xml("a < b & \"c\"\u{1}"),
            "a &lt; b &amp; &quot;c&quot;\u{fffd}"
        );
    }

    #[test]
    fn the_xmp_says_pdf_a_only_when_asked() {
        let date = printpdf::OffsetDateTime::from_unix_timestamp(0).unwrap();
        let mut d = Described {
            title: "T & U",
            author: None,
            creator: "factcheck 0.1.0",
            producer: "p",
            date,
            language: "en",
            pdf_a: false,
        };
        let plain = xmp(&d);
        assert!(plain.contains("<rdf:li xml:lang=\"x-default\">T &amp; U</rdf:li>"));
        assert!(!plain.contains("pdfaid") && !plain.contains("dc:creator"));
        d.pdf_a = true;
        d.author = Some("Desk");
        let archived = xmp(&d);
        assert!(archived.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(archived.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(archived.contains("<rdf:Seq><rdf:li>Desk</rdf:li></rdf:Seq>"));
    }
}
