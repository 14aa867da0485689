//! The reproducible file: genpdfi's output read back with lopdf, then dated, tidied,
//! compressed and given a content-derived document ID.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::lopdf;
use sha2::{Digest, Sha256};

use super::FIXED_DATE_EPOCH;

/// The report's date (`analysis.generator.date`, from SOURCE_DATE_EPOCH or the clock) at
/// 00:00 UTC, else [`FIXED_DATE_EPOCH`]: the PDF's creation date says no more than its cover.
pub(super) fn pdf_date(date: Option<&str>) -> printpdf::OffsetDateTime {
    let secs = date
        .and_then(crate::analysis::epoch_of_date)
        .unwrap_or(FIXED_DATE_EPOCH);
    printpdf::OffsetDateTime::from_unix_timestamp(secs)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(FIXED_DATE_EPOCH))
        .unwrap_or(printpdf::OffsetDateTime::UNIX_EPOCH)
}

pub(super) struct Info<'a> {
    pub(super) title: &'a str,
    pub(super) author: Option<&'a str>,
    pub(super) creator: String,
    pub(super) outline: &'a [super::nav::OutlineEntry],
    /// The creation and modification date ([`pdf_date`]).
    pub(super) date: printpdf::OffsetDateTime,
    /// The document's language, a BCP 47 tag (`/Lang`).
    pub(super) language: &'a str,
    /// PDF/A-2b: an output intent, the identification in the XMP, a cross-reference table.
    pub(super) pdf_a: bool,
}

const PRODUCER: &str = "genpdfi 0.2.7 (printpdf 0.7.0), post-processed by factcheck";

/// Every link annotation printed with the page (flag 4, Print), as PDF/A asks; printpdf sets
/// no flags, which hides annotations from print.
fn print_links(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Dictionary(dict) = object {
            let link = matches!(dict.get(b"Subtype"), Ok(lopdf::Object::Name(n)) if n == b"Link");
            if link && dict.get(b"Rect").is_ok() {
                dict.set("F", 4);
            }
        }
    }
}

/// A PDF text string: PDFDocEncoding is ASCII for printable ASCII, else UTF-16BE with a BOM.
pub(super) fn pdf_string(text: &str) -> lopdf::Object {
    if text.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        lopdf::Object::String(text.as_bytes().to_vec(), lopdf::StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    }
}

/// Where a link annotation sits: top edge (from the top of the page), left edge, then its
/// whole text, for a total order.
fn annotation_key(object: &lopdf::Object) -> (i64, i64, String) {
    let rect: Vec<f32> = object
        .as_dict()
        .ok()
        .and_then(|d| d.get(b"Rect").ok())
        .and_then(|r| r.as_array().ok())
        .map(|a| a.iter().filter_map(|n| n.as_float().ok()).collect())
        .unwrap_or_default();
    let (top, left) = match rect.as_slice() {
        [x1, y1, x2, y2] => (y1.max(*y2), x1.min(*x2)),
        _ => (0.0, 0.0),
    };
    (
        (-top * 100.0).round() as i64,
        (left * 100.0).round() as i64,
        format!("{object:?}"),
    )
}

const ID_PLACEHOLDER: &[u8; 32] = b"factcheck-document-id-0000000000";

/// Make genpdfi's output reproducible and tidy: link annotations in reading order, the Info
/// dictionary's strings properly encoded, unused objects dropped, every stream compressed,
/// and a document ID that is a hash of the rest.
pub(super) fn finish(raw: &[u8], info: &Info<'_>) -> Result<Vec<u8>, String> {
    use lopdf::Object;
    let mut doc = lopdf::Document::load_mem(raw).map_err(|e| e.to_string())?;
    for page in doc.get_pages().into_values() {
        let annots: Vec<lopdf::ObjectId> =
            match doc.get_dictionary(page).and_then(|d| d.get(b"Annots")) {
                Ok(Object::Array(items)) => {
                    items.iter().filter_map(|o| o.as_reference().ok()).collect()
                }
                _ => continue,
            };
        if annots.len() < 2 {
            continue;
        }
        let mut ids = annots;
        ids.sort_unstable();
        let mut objects: Vec<Object> = ids
            .iter()
            .filter_map(|id| doc.objects.get(id).cloned())
            .collect();
        if objects.len() != ids.len() {
            continue;
        }
        objects.sort_by_cached_key(annotation_key);
        for (id, object) in ids.iter().zip(objects) {
            doc.objects.insert(*id, object);
        }
        if let Ok(dict) = doc.get_dictionary_mut(page) {
            dict.set(
                "Annots",
                ids.iter()
                    .map(|id| Object::Reference(*id))
                    .collect::<Vec<_>>(),
            );
        }
    }
    // After the reordering: which object ids the anchors had (and lose) is then fixed too.
    let headings = super::nav::resolve(&mut doc, info.outline);
    let (tree, glyphs) = super::marked::mark_pages(&mut doc, &headings);
    tree.write(&mut doc);
    print_links(&mut doc);
    let author = info.author.map(str::trim).filter(|a| !a.is_empty());
    super::archive::describe(
        &mut doc,
        &super::archive::Described {
            title: info.title,
            author,
            creator: &info.creator,
            producer: PRODUCER,
            date: info.date,
            language: info.language,
            pdf_a: info.pdf_a,
        },
    );
    rename_fonts(&mut doc);
    super::subset::subset_fonts(&mut doc, glyphs);
    let mut to_unicode = BTreeSet::new();
    for object in doc.objects.values() {
        to_unicode_refs(object, &mut to_unicode);
    }
    for (id, object) in doc.objects.iter_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if to_unicode.contains(id) {
            let fixed = if stream.dict.get(b"Filter").is_ok() {
                stream
                    .decompressed_content()
                    .ok()
                    .and_then(|c| fix_to_unicode(&c))
            } else {
                fix_to_unicode(&stream.content)
            };
            if let Some(fixed) = fixed {
                stream.set_plain_content(fixed);
            }
        }
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), lopdf::StringFormat::Literal);
    doc.trailer
        .set("ID", vec![placeholder.clone(), placeholder]);
    doc.prune_objects();
    doc.delete_zero_length_streams();
    doc.compress();
    // 1.7: the cross-reference stream is 1.5, the footer's artifact subtype 1.7. PDF/A-1
    // (what PDFBox Preflight checks) has no cross-reference streams; PDF/A-2 allows both.
    // The comment line of bytes above 127 after the header tells file transfer that the
    // file is binary (PDF 32000-1, 7.5.2; PDF/A asks for it): lopdf writes the header as
    // `%PDF-{version}` and a line break, and nothing after it.
    doc.version = "1.7\n%\u{e2}\u{e3}\u{cf}\u{d3}".to_string();
    if info.pdf_a {
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        // The trailer was read from printpdf's cross-reference stream's dictionary.
        doc.trailer.remove(b"Type");
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    // The ID: the first 16 bytes of the SHA-256 of the file with the placeholder, in hex,
    // which has the placeholder's length so that no offset moves. It is in the trailer (a
    // dictionary after the cross-reference table, or the cross-reference stream's).
    let hash = Sha256::digest(&out);
    let id: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    let trailer = rfind(&out, b"startxref")
        .and_then(|i| {
            let digits: String = out[i + b"startxref".len()..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_digit())
                .map(|b| char::from(*b))
                .collect();
            digits.parse::<usize>().ok()
        })
        .filter(|&at| at < out.len())
        .ok_or("the PDF has no startxref")?;
    let mut replaced = 0;
    let mut from = trailer;
    while let Some(i) = find(&out[from..], ID_PLACEHOLDER) {
        let at = from + i;
        out[at..at + ID_PLACEHOLDER.len()].copy_from_slice(id.as_bytes());
        replaced += 1;
        from = at + ID_PLACEHOLDER.len();
    }
    if replaced != 2 {
        return Err(format!(
            "the document ID was written {replaced} times, not twice"
        ));
    }
    Ok(out)
}

/// printpdf names the embedded fonts after their index (`/F0`, `/F1`); give them their
/// PostScript names, found from the face each descriptor's FontFile2 holds, so that viewers
/// and `pdffonts` say which font is in the file.
fn rename_fonts(doc: &mut lopdf::Document) {
    use lopdf::Object;
    fn descriptors(object: &Object, out: &mut Vec<(Vec<u8>, lopdf::ObjectId)>) {
        match object {
            Object::Dictionary(dict) => {
                if let (Ok(Object::Name(name)), Ok(Object::Reference(file))) =
                    (dict.get(b"FontName"), dict.get(b"FontFile2"))
                {
                    out.push((name.clone(), *file));
                }
                dict.iter().for_each(|(_, v)| descriptors(v, out));
            }
            Object::Array(items) => items.iter().for_each(|o| descriptors(o, out)),
            _ => {}
        }
    }
    fn rename(object: &mut Object, names: &BTreeMap<Vec<u8>, &str>) {
        match object {
            Object::Dictionary(dict) => {
                for (key, value) in dict.iter_mut() {
                    match value {
                        Object::Name(name)
                            if key.as_slice() == b"BaseFont" || key.as_slice() == b"FontName" =>
                        {
                            if let Some(new) = names.get(name.as_slice()) {
                                *name = new.as_bytes().to_vec();
                            }
                        }
                        _ => rename(value, names),
                    }
                }
            }
            Object::Array(items) => items.iter_mut().for_each(|o| rename(o, names)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    doc.objects
        .values()
        .for_each(|o| descriptors(o, &mut found));
    let faces = [
        (dejavu::sans::regular(), "DejaVuSans"),
        (dejavu::sans::bold(), "DejaVuSans-Bold"),
    ];
    let mut names = BTreeMap::new();
    for (old, file) in found {
        if let Some(Object::Stream(stream)) = doc.objects.get(&file) {
            if let Some((_, name)) = faces.iter().find(|(bytes, _)| *bytes == stream.content) {
                names.insert(old, *name);
            }
        }
    }
    if !names.is_empty() {
        doc.objects.values_mut().for_each(|o| rename(o, &names));
    }
}

/// The ToUnicode CMaps referenced from `object` (font dictionaries may be nested).
fn to_unicode_refs(object: &lopdf::Object, out: &mut BTreeSet<lopdf::ObjectId>) {
    use lopdf::Object;
    match object {
        Object::Dictionary(dict) => {
            for (key, value) in dict.iter() {
                match value {
                    Object::Reference(id) if key.as_slice() == b"ToUnicode" => {
                        out.insert(*id);
                    }
                    _ => to_unicode_refs(value, out),
                }
            }
        }
        Object::Array(items) => items.iter().for_each(|o| to_unicode_refs(o, out)),
        _ => {}
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// printpdf writes a character beyond U+FFFF in a ToUnicode CMap as five or six hex digits
/// (`<1f600>`), which is not UTF-16: pdftotext truncates it and pdf-extract's CMap parser
/// panics on it. Rewrite those as surrogate pairs (`<d83dde00>`); `None` when nothing changes.
fn fix_to_unicode(content: &[u8]) -> Option<Vec<u8>> {
    if !content.windows(11).any(|w| w == b"beginbfchar") {
        return None;
    }
    let text = std::str::from_utf8(content).ok()?;
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 1024);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        let fixed = body
            .strip_prefix('<')
            .and_then(|rest| rest.split_once("> <"))
            .and_then(|(code, uni)| Some((code, uni.strip_suffix('>')?)))
            .filter(|(_, uni)| uni.len() > 4)
            .and_then(|(code, uni)| {
                let c = char::from_u32(u32::from_str_radix(uni, 16).ok()?)?;
                let units: String = c
                    .encode_utf16(&mut [0u16; 2])
                    .iter()
                    .map(|u| format!("{u:04x}"))
                    .collect();
                Some(format!("<{code}> <{units}>{}", &line[body.len()..]))
            });
        match fixed {
            Some(f) => {
                out.push_str(&f);
                changed = true;
            }
            None => out.push_str(line),
        }
    }
    changed.then(|| out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_strings_are_ascii_or_utf16() {
        match pdf_string("Azure") {
            lopdf::Object::String(bytes, lopdf::StringFormat::Literal) => {
                assert_eq!(bytes, b"Azure");
            }
            other => panic!("{other:?}"),
        }
        match pdf_string("Unit 8200’s") {
            lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal) => {
                assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
            }
            other => panic!("{other:?}"),
        }
    }
}
