//! Font subsetting after the fact: printpdf embeds each DejaVu face whole (about 700 KB
//! each) and lists every glyph of the face in its widths and ToUnicode CMap. genpdfi's own
//! subsetting is not usable (its ToUnicode CMap keeps one entry, so `pdftotext` returns
//! nothing, and it iterates a `HashSet`, so the bytes change between runs). Here, once the
//! PDF is written:
//!
//! 1. the glyphs each font draws are read from the pages' text operators (`Tj`, `TJ`, `'`,
//!    `"`, two bytes a glyph under Identity-H, the font chosen by `Tf`);
//! 2. the face is cut down to those glyphs with `subsetter` (typst's), which renumbers them
//!    in ascending order, so the renumbering depends on the glyph set alone;
//! 3. the content streams keep the original glyph ids as character ids: a `CIDToGIDMap`
//!    stream maps each to its new glyph, so no text operator is rewritten;
//! 4. the widths (`W`) and the ToUnicode CMap keep only the used character ids, so text
//!    extraction still finds every character, and the font's names get the subset tag that
//!    PDF asks for (six letters from a hash of the glyph set, so the same text gives the same
//!    tag). A `CIDSet` lists the character ids present.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::lopdf::{self, Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

/// Per Type0 font object, the glyph ids its text operators draw (with 0, `.notdef`).
pub(super) type UsedGlyphs = BTreeMap<ObjectId, BTreeSet<u16>>;

/// Subset every embedded TrueType font of `doc` to the glyphs `used` says its pages draw
/// ([`note_glyphs`]). A font whose glyphs cannot be read, or that `subsetter` refuses, stays
/// whole.
pub(super) fn subset_fonts(doc: &mut lopdf::Document, used: UsedGlyphs) {
    for (font, glyphs) in used {
        // Failing is not an error: the font stays whole and the PDF correct.
        let _ = subset_font(doc, font, &glyphs);
    }
}

/// Add the glyphs that `ops`, the operations of `page`, draw to `used`. (The caller has the
/// operations decoded already: `marked` rewrites every page.)
pub(super) fn note_glyphs(
    doc: &lopdf::Document,
    page: ObjectId,
    ops: &[lopdf::content::Operation],
    used: &mut UsedGlyphs,
) {
    let fonts = page_fonts(doc, page);
    let mut current: Option<ObjectId> = None;
    for op in ops {
        match op.operator.as_str() {
            "Tf" => {
                current = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| fonts.get(n).copied());
            }
            "Tj" | "'" | "\"" | "TJ" => {
                let Some(font) = current else { continue };
                let glyphs = used.entry(font).or_default();
                glyphs.insert(0);
                for operand in &op.operands {
                    strings_of(operand, &mut |bytes| {
                        glyphs.extend(
                            bytes
                                .chunks_exact(2)
                                .map(|b| u16::from_be_bytes([b[0], b[1]])),
                        );
                    });
                }
            }
            _ => {}
        }
    }
}

fn strings_of(object: &Object, f: &mut impl FnMut(&[u8])) {
    match object {
        Object::String(bytes, _) => f(bytes),
        Object::Array(items) => items.iter().for_each(|o| strings_of(o, f)),
        _ => {}
    }
}

/// The page's font resources: resource name to font object.
fn page_fonts(doc: &lopdf::Document, page: ObjectId) -> BTreeMap<Vec<u8>, ObjectId> {
    let mut out = BTreeMap::new();
    let (direct, inherited) = doc.get_page_resources(page);
    let dicts = direct.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    for resources in dicts {
        let fonts = match resources.get(b"Font") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        for (name, value) in fonts.into_iter().flat_map(|d| d.iter()) {
            if let Object::Reference(id) = value {
                out.entry(name.clone()).or_insert(*id);
            }
        }
    }
    out
}

fn reference(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dict.get(key).ok()?.as_reference().ok()
}

fn subset_font(doc: &mut lopdf::Document, font: ObjectId, glyphs: &BTreeSet<u16>) -> Option<()> {
    let type0 = doc.get_dictionary(font).ok()?;
    if type0.get(b"Subtype").ok()?.as_name().ok()? != b"Type0" {
        return None;
    }
    // The CIDFont: printpdf writes it inline in the array; a reference is read too.
    let (descendant, cid_font) = match type0.get(b"DescendantFonts").ok()? {
        Object::Array(items) => match items.first()? {
            Object::Reference(id) => (Some(*id), doc.get_dictionary(*id).ok()?.clone()),
            Object::Dictionary(d) => (None, d.clone()),
            _ => return None,
        },
        _ => return None,
    };
    let to_unicode = reference(type0, b"ToUnicode");
    let cid_font = &cid_font;
    if cid_font.get(b"Subtype").ok()?.as_name().ok()? != b"CIDFontType2"
        || cid_font.get(b"CIDToGIDMap").is_ok()
    {
        return None;
    }
    let descriptor = reference(cid_font, b"FontDescriptor")?;
    let widths = widths_of(doc, cid_font);
    let file = reference(doc.get_dictionary(descriptor).ok()?, b"FontFile2")?;
    let face = match doc.get_object(file).ok()? {
        Object::Stream(s) => s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone()),
        _ => return None,
    };

    let list: Vec<u16> = glyphs.iter().copied().collect();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&list);
    let subset = subsetter::subset(&face, 0, &remapper).ok()?;
    let max = *glyphs.last()?;
    let mut map = vec![0u8; (usize::from(max) + 1) * 2];
    for &old in glyphs {
        let new = remapper.get(old)?;
        map[usize::from(old) * 2..usize::from(old) * 2 + 2].copy_from_slice(&new.to_be_bytes());
    }

    let tag = subset_tag(&list);
    let map_id = doc.add_object(Stream::new(Dictionary::new(), map));
    let mut file_dict = Dictionary::new();
    file_dict.set("Length1", subset.len() as i64);
    doc.objects
        .insert(file, Object::Stream(Stream::new(file_dict, subset)));
    let mut cid_font = cid_font.clone();
    if let Some(widths) = widths {
        let kept: Vec<(u16, Object)> = widths
            .into_iter()
            .filter(|(cid, _)| glyphs.contains(cid))
            .collect();
        cid_font.set("W", widths_array(kept));
    }
    cid_font.set("CIDToGIDMap", Object::Reference(map_id));
    tag_name(&mut cid_font, b"BaseFont", &tag);
    match descendant {
        Some(id) => {
            doc.objects.insert(id, Object::Dictionary(cid_font));
        }
        None => {
            if let Ok(d) = doc.get_dictionary_mut(font) {
                d.set("DescendantFonts", vec![Object::Dictionary(cid_font)]);
            }
        }
    }
    // The CIDs present, one bit each from the high bit of the first byte: PDF/A-1 asks for
    // it with a subset, PDF/A-2 checks it when present.
    let mut cid_set = vec![0u8; usize::from(max) / 8 + 1];
    for &cid in glyphs {
        cid_set[usize::from(cid) / 8] |= 0x80 >> (cid % 8);
    }
    let cid_set = doc.add_object(Stream::new(Dictionary::new(), cid_set));
    if let Ok(d) = doc.get_dictionary_mut(descriptor) {
        tag_name(d, b"FontName", &tag);
        d.set("CIDSet", Object::Reference(cid_set));
    }
    if let Ok(d) = doc.get_dictionary_mut(font) {
        tag_name(d, b"BaseFont", &tag);
    }
    if let Some(id) = to_unicode {
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) {
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if let Some(cmap) = trimmed_cmap(&content, glyphs) {
                *stream = Stream::new(Dictionary::new(), cmap);
            }
        }
    }
    Some(())
}

/// Six capital letters from the glyph set (PDF 32000-1, 9.6.4: a subset's name is
/// `ABCDEF+Name`).
fn subset_tag(glyphs: &[u16]) -> String {
    let mut hash = Sha256::new();
    for g in glyphs {
        hash.update(g.to_be_bytes());
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

fn tag_name(dict: &mut Dictionary, key: &[u8], tag: &str) {
    if let Ok(Object::Name(name)) = dict.get_mut(key) {
        if !name.contains(&b'+') {
            let mut tagged = format!("{tag}+").into_bytes();
            tagged.extend_from_slice(name);
            *name = tagged;
        }
    }
}

/// The `W` array as character id to width: `c [w1 w2 ...]` and `c_first c_last w` forms.
fn widths_of(doc: &lopdf::Document, cid_font: &Dictionary) -> Option<Vec<(u16, Object)>> {
    let w = match cid_font.get(b"W").ok()? {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let items = w.as_array().ok()?;
    let mut out = Vec::new();
    let mut i = 0;
    let int = |o: &Object| o.as_i64().ok().and_then(|n| u16::try_from(n).ok());
    while i < items.len() {
        let first = int(&items[i])?;
        match items.get(i + 1)? {
            Object::Array(ws) => {
                for (k, w) in ws.iter().enumerate() {
                    out.push((first.checked_add(u16::try_from(k).ok()?)?, w.clone()));
                }
                i += 2;
            }
            last => {
                let last = int(last)?;
                let w = items.get(i + 2)?.clone();
                out.extend((first..=last).map(|c| (c, w.clone())));
                i += 3;
            }
        }
    }
    Some(out)
}

/// `c [w1 w2 ...]` runs of consecutive character ids.
fn widths_array(widths: Vec<(u16, Object)>) -> Object {
    let mut out: Vec<Object> = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut start: Option<u16> = None;
    let mut next = 0u32;
    for (cid, w) in widths {
        if start.is_some() && u32::from(cid) != next {
            out.push(Object::Integer(i64::from(start.unwrap_or(0))));
            out.push(Object::Array(std::mem::take(&mut run)));
            start = None;
        }
        if start.is_none() {
            start = Some(cid);
        }
        run.push(w);
        next = u32::from(cid) + 1;
    }
    if let Some(s) = start {
        out.push(Object::Integer(i64::from(s)));
        out.push(Object::Array(run));
    }
    Object::Array(out)
}

/// The ToUnicode CMap with only the `bfchar` entries of `glyphs`; `None` if it has none.
fn trimmed_cmap(content: &[u8], glyphs: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(content).ok()?;
    let mut entries: Vec<(u16, &str)> = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            in_block = true;
            continue;
        }
        if line == "endbfchar" {
            in_block = false;
            continue;
        }
        if !in_block {
            continue;
        }
        let (code, uni) = line.strip_prefix('<')?.split_once("> <")?;
        let uni = uni.strip_suffix('>')?;
        let code = u16::from_str_radix(code, 16).ok()?;
        if glyphs.contains(&code) {
            entries.push((code, uni));
        }
    }
    if entries.is_empty() {
        return None;
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n",
    );
    for block in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, uni) in block {
            out.push_str(&format!("<{code:04x}> <{uni}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_round_trip_in_runs() {
        let w = |n: i64| Object::Integer(n);
        let array = widths_array(vec![(3, w(500)), (4, w(600)), (9, w(700))]);
        let items = array.as_array().unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_i64().unwrap(), 3);
        assert_eq!(items[1].as_array().unwrap().len(), 2);
        assert_eq!(items[2].as_i64().unwrap(), 9);
    }

    #[test]
    fn the_cmap_keeps_the_used_entries() {
        let cmap = b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n\
                     3 beginbfchar\n<0003> <0020>\n<0024> <0041>\n<0fff> <d83dde00>\nendbfchar\n";
        let used: BTreeSet<u16> = [0, 0x24, 0xfff].into_iter().collect();
        let out = String::from_utf8(trimmed_cmap(cmap, &used).unwrap()).unwrap();
        assert!(out.contains("2 beginbfchar\n<0024> <0041>\n<0fff> <d83dde00>\nendbfchar"));
        assert!(!out.contains("<0003>"));
    }

    #[test]
    fn the_tag_is_six_capitals_from_the_glyphs() {
        let tag = subset_tag(&[0, 3, 36]);
        assert_eq!(tag.len(), 6);
        assert!(tag.bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(&[0, 3, 36]));
        assert_ne!(tag, subset_tag(&[0, 3, 37]));
    }
}
