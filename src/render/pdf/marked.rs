//! The pages' marked content, rewritten after genpdfi: what a reader of the text (a screen
//! reader, `pdftotext`, a search index) gets, and no optional content.
//!
//! printpdf puts each page in an optional-content group of its own (a "layer", all named
//! "Layer 1"), which PDF/A-1 forbids and which only clutters a viewer's layer panel. Here, per
//! page:
//!
//! 1. the `/OC /MCn BDC ... EMC` around the page goes, and with it the page's `/Properties`
//!    resource and the catalog's `/OCProperties` (the groups are then unused and pruned);
//! 2. the footer, which the page decorator draws first, moves to the end of the page as a
//!    pagination artifact (`/Artifact <</Type /Pagination /Subtype /Footer>> BDC`), so that
//!    text extraction in drawing order reads it last and tagged-PDF readers skip it. The
//!    graphics and text state the footer left (the grey its text set, which the page's first
//!    text relies on) is set again where it stood, so the page draws exactly as before;
//! 3. every text object becomes a marked-content sequence with an MCID, owned by a `P` (or
//!    `H1`/`H2`, for the headings the outline points to) structure element; rules, frames,
//!    strikes, underlines and badge boxes are artifacts. [`StructTree`] collects them for
//!    the catalog's `/StructTreeRoot`.

use printpdf::lopdf::{
    self,
    content::{Content, Operation},
    Dictionary, Object, ObjectId,
};

use super::{FOOTER, MARGINS, PT};

/// The structure elements of the pages, in reading (drawing) order.
#[derive(Default)]
pub(super) struct StructTree {
    /// Page object, then its elements: a role and the MCIDs of its text objects.
    pages: Vec<(ObjectId, Vec<Element>)>,
}

/// A structure element of one page: its role and the marked text objects it owns.
#[derive(Debug, PartialEq)]
struct Element {
    role: &'static str,
    mcids: Vec<i64>,
    /// The baseline of each of its text objects, to find the links on its lines.
    baselines: Vec<f32>,
}

/// How far below a heading's first text object (its badge, say) the rest of its first line
/// may sit, in points.
const HEADING_LINE: f32 = 6.0;

/// The most one line of a paragraph is below the one before it, in font sizes: rich text's
/// lines are 1.15 line heights apart, DejaVu Sans's line height is 1.164 font sizes.
const LINE_STEP: f32 = 1.45;

/// Where a heading starts: the page and the top of its line (PDF points, from the bottom),
/// and its role. From the outline's anchors ([`super::nav::resolve`]).
pub(super) struct Heading {
    pub(super) page: ObjectId,
    pub(super) top: f32,
    pub(super) role: &'static str,
}

/// Operators that change the graphics or text state without painting: what the footer's
/// drawing leaves for the rest of the page.
const STATE: &[&str] = &[
    "w", "J", "j", "M", "d", "ri", "i", "gs", "CS", "cs", "SC", "SCN", "sc", "scn", "G", "g", "RG",
    "rg", "K", "k", "Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts",
];

/// Path construction and painting: drawn as artifacts.
const PATH: &[&str] = &["m", "l", "c", "v", "y", "h", "re"];
const PAINT: &[&str] = &["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"];

/// Rewrite every page as the module says; returns the structure found, and the glyphs each
/// font draws (for `subset`, which then need not decode the pages again).
pub(super) fn mark_pages(
    doc: &mut lopdf::Document,
    headings: &[Heading],
) -> (StructTree, super::subset::UsedGlyphs) {
    let mut tree = StructTree::default();
    let mut glyphs = super::subset::UsedGlyphs::new();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        drop_properties(doc, page);
        let Ok(bytes) = doc.get_page_content(page) else {
            continue;
        };
        let Ok(content) = Content::decode(&bytes) else {
            continue;
        };
        super::subset::note_glyphs(doc, page, &content.operations, &mut glyphs);
        let mut here: Vec<&Heading> = headings.iter().filter(|h| h.page == page).collect();
        here.sort_by(|a, b| b.top.total_cmp(&a.top));
        let (ops, roles) = rewrite(without_optional_content(content.operations), &here);
        let Ok(encoded) = (Content { operations: ops }).encode() else {
            continue;
        };
        if set_page_content(doc, page, &encoded) {
            tree.pages.push((page, roles));
        }
    }
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.remove(b"OCProperties");
    }
    (tree, glyphs)
}

/// The page's content replaced by `content`, deflated at the default level; false when the
/// page has no content to replace.
fn set_page_content(doc: &mut lopdf::Document, page: ObjectId, content: &[u8]) -> bool {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let Some(compressed) = encoder
        .write_all(content)
        .ok()
        .and_then(|()| encoder.finish().ok())
    else {
        return false;
    };
    let mut dict = Dictionary::new();
    dict.set("Filter", "FlateDecode");
    let stream = lopdf::Stream::new(dict, compressed);
    match doc.get_page_contents(page).as_slice() {
        [only] => {
            doc.objects.insert(*only, Object::Stream(stream));
        }
        [] => return false,
        _ => {
            let id = doc.add_object(stream);
            if let Ok(d) = doc.get_dictionary_mut(page) {
                d.set("Contents", Object::Reference(id));
            }
        }
    }
    true
}

/// The page's `/Properties` resource: printpdf's only use of it is the optional-content group.
fn drop_properties(doc: &mut lopdf::Document, page: ObjectId) {
    let resources = match doc.get_dictionary(page).and_then(|d| d.get(b"Resources")) {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let dict = match resources {
        Some(id) => doc.get_dictionary_mut(id).ok(),
        None => doc
            .get_dictionary_mut(page)
            .ok()
            .and_then(|d| d.get_mut(b"Resources").ok())
            .and_then(|r| r.as_dict_mut().ok()),
    };
    if let Some(dict) = dict {
        dict.remove(b"Properties");
    }
}

/// The operations without the optional-content sequences around them (`/OC /MCn BDC` and its
/// `EMC`); other marked content is kept.
fn without_optional_content(ops: Vec<Operation>) -> Vec<Operation> {
    let mut open: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let oc = op.operator == "BDC"
                    && matches!(op.operands.first(), Some(Object::Name(n)) if n == b"OC");
                open.push(oc);
                if oc {
                    continue;
                }
            }
            "EMC" if open.pop() == Some(true) => continue,
            _ => {}
        }
        out.push(op);
    }
    out
}

/// The top of the footer band in PDF points from the bottom of the page: the footer's rule,
/// above which the page decorator leaves the body (see [`super::elements::Pages`]).
fn footer_top() -> f32 {
    (MARGINS.2 + FOOTER) / PT + 0.5
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The footer: the operations after the page's opening `q` up to the end of its second text
/// object, if all of them lie in the footer band and none is marked content.
fn footer_span(ops: &[Operation]) -> Option<std::ops::Range<usize>> {
    let start = usize::from(ops.first().is_some_and(|o| o.operator == "q"));
    let band = footer_top();
    let mut texts = 0;
    for (i, op) in ops.iter().enumerate().skip(start) {
        match op.operator.as_str() {
            "BDC" | "BMC" | "EMC" | "Do" | "q" | "Q" | "cm" | "Tm" => return None,
            // A text position or a point of the rule above the band: not the footer.
            "Td" | "TD" | "m" | "l" if number(op.operands.get(1)?)? > band => return None,
            "ET" => {
                texts += 1;
                if texts == 2 {
                    return Some(start..i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether a text object shows no glyph: every string it shows is empty.
fn draws_nothing(text: &[Operation]) -> bool {
    fn empty(object: &Object) -> bool {
        match object {
            Object::String(bytes, _) => bytes.is_empty(),
            Object::Array(items) => items.iter().all(empty),
            _ => true,
        }
    }
    text.iter()
        .filter(|o| matches!(o.operator.as_str(), "Tj" | "TJ" | "'" | "\""))
        .all(|o| o.operands.iter().all(empty))
}

/// A text object's start (`Td`) and its first font size (`Tf`).
fn position(text: &[Operation]) -> Option<(f32, f32, f32)> {
    let td = text
        .iter()
        .find(|o| o.operator == "Td" || o.operator == "TD")?;
    let size = text
        .iter()
        .find(|o| o.operator == "Tf")
        .and_then(|o| o.operands.get(1).and_then(number))
        .unwrap_or(10.0);
    Some((
        number(td.operands.first()?)?,
        number(td.operands.get(1)?)?,
        size,
    ))
}

/// Whether a text object at `next` is the line after one at `last` in the same paragraph:
/// it starts where the last started (give or take a glyph's side bearing) and one line
/// lower. The space between paragraphs is more than a line's leading.
fn next_line(last: Option<(f32, f32, f32)>, next: Option<(f32, f32, f32)>) -> bool {
    let (Some((x0, y0, s0)), Some((x1, y1, s1))) = (last, next) else {
        return false;
    };
    let drop = y0 - y1;
    (x0 - x1).abs() <= 3.0 && drop > 0.0 && drop <= LINE_STEP * s0.max(s1)
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn op(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

/// The page's operations with the footer last and marked content for text and artifacts; the
/// role of each text object, by MCID.
fn rewrite(ops: Vec<Operation>, headings: &[&Heading]) -> (Vec<Operation>, Vec<Element>) {
    let footer = footer_span(&ops);
    let (footer_ops, body): (Vec<Operation>, Vec<Operation>) = match footer {
        Some(span) => {
            let mut ops = ops;
            let footer: Vec<Operation> = ops.drain(span.clone()).collect();
            // What the footer left set, set again where it was.
            let state: Vec<Operation> = footer
                .iter()
                .filter(|o| STATE.contains(&o.operator.as_str()))
                .cloned()
                .collect();
            ops.splice(span.start..span.start, state);
            (footer, ops)
        }
        None => (Vec::new(), ops),
    };
    let mut out = Vec::with_capacity(body.len() + footer_ops.len() * 2 + 16);
    let mut elements: Vec<Element> = Vec::new();
    let mut mcid = 0;
    let mut next_heading = 0;
    // The baseline of the heading being read, while its first line lasts.
    let mut heading_at: Option<f32> = None;
    let mut last_text: Option<(f32, f32, f32)> = None;
    let mut in_path = false;
    let mut ops = body.into_iter();
    while let Some(first) = ops.next() {
        if first.operator == "BT" {
            // The whole text object, with its position for the heading it may be.
            let mut text = vec![first];
            for o in ops.by_ref() {
                let end = o.operator == "ET";
                text.push(o);
                if end {
                    break;
                }
            }
            if draws_nothing(&text) {
                // An anchor's empty link text ([`super::nav`]): no content to tag.
                out.push(op("BMC", vec![name("Artifact")]));
                out.extend(text);
                out.push(op("EMC", vec![]));
                continue;
            }
            let at = position(&text);
            let y = at.map(|(_, y, _)| y);
            let same_line =
                matches!((heading_at, y), (Some(h), Some(y)) if (h - y).abs() < HEADING_LINE);
            let last_role = elements.last().map_or("P", |e| e.role);
            // A heading's next line: in the heading's font size, under its last line.
            let heading_goes_on = last_role != "P"
                && next_line(last_text, at)
                && matches!((last_text, at), (Some((_, _, a)), Some((_, _, b))) if a == b);
            let mut joins = same_line || heading_goes_on;
            let role = if joins {
                if heading_goes_on {
                    heading_at = y;
                }
                last_role
            } else {
                heading_at = None;
                match (headings.get(next_heading), y) {
                    (Some(h), Some(y)) if y <= h.top => {
                        next_heading += 1;
                        heading_at = Some(y);
                        h.role
                    }
                    _ => {
                        joins = last_role == "P" && next_line(last_text, at);
                        "P"
                    }
                }
            };
            last_text = at;
            let mut properties = Dictionary::new();
            properties.set("MCID", mcid);
            out.push(op("BDC", vec![name(role), Object::Dictionary(properties)]));
            out.extend(text);
            out.push(op("EMC", vec![]));
            match elements.last_mut() {
                Some(last) if joins => {
                    last.mcids.push(mcid);
                    last.baselines.extend(y);
                }
                _ => elements.push(Element {
                    role,
                    mcids: vec![mcid],
                    baselines: y.into_iter().collect(),
                }),
            }
            mcid += 1;
            continue;
        }
        let operator = first.operator.as_str();
        if PATH.contains(&operator) && !in_path {
            out.push(op("BMC", vec![name("Artifact")]));
            in_path = true;
        }
        let paints = PAINT.contains(&operator);
        out.push(first);
        if paints && in_path {
            out.push(op("EMC", vec![]));
            in_path = false;
        }
    }
    if in_path {
        out.push(op("EMC", vec![]));
    }
    if !footer_ops.is_empty() {
        let mut properties = Dictionary::new();
        properties.set("Type", "Pagination");
        properties.set("Subtype", "Footer");
        out.push(op(
            "BDC",
            vec![name("Artifact"), Object::Dictionary(properties)],
        ));
        out.push(op("q", vec![]));
        out.extend(footer_ops);
        out.push(op("Q", vec![]));
        out.push(op("EMC", vec![]));
    }
    (out, elements)
}

impl StructTree {
    /// Write the structure tree (a `Document` element whose kids are the pages' text, in
    /// order), the pages' `/StructParents` and the parent tree, and mark the catalog as
    /// tagged.
    pub(super) fn write(self, doc: &mut lopdf::Document) {
        let root = doc.new_object_id();
        let document = doc.new_object_id();
        let mut kids = Vec::new();
        let mut parent_tree = Vec::new();
        // Link annotations: each a `Link` element (an object reference to it) under the
        // element whose line it is on; their parent-tree keys follow the pages'.
        let mut link_parents = Vec::new();
        let first_link_key = self.pages.len();
        for (index, (page, elements)) in self.pages.into_iter().enumerate() {
            let ids: Vec<ObjectId> = elements.iter().map(|_| doc.new_object_id()).collect();
            let mut links: Vec<Vec<Object>> = vec![Vec::new(); elements.len()];
            for (annotation, bottom, top) in link_annotations(doc, page) {
                let on = elements.iter().position(|e| {
                    e.baselines
                        .iter()
                        .any(|&y| y >= bottom - 1.0 && y <= top + 1.0)
                });
                let parent = on.map_or(document, |i| ids[i]);
                let mut reference = Dictionary::new();
                reference.set("Type", "OBJR");
                reference.set("Obj", Object::Reference(annotation));
                let mut link = Dictionary::new();
                link.set("S", "Link");
                link.set("P", Object::Reference(parent));
                link.set("Pg", Object::Reference(page));
                link.set("K", reference);
                let link = doc.add_object(link);
                let key = first_link_key + link_parents.len();
                if let Ok(a) = doc.get_dictionary_mut(annotation) {
                    a.set("StructParent", key as i64);
                }
                link_parents.push(link);
                match on {
                    Some(i) => links[i].push(Object::Reference(link)),
                    None => kids.push(Object::Reference(link)),
                }
            }
            let mut owners = Vec::new();
            for ((e, id), links) in elements.into_iter().zip(ids).zip(links) {
                // (`/Type /StructElem` is optional: left out, as there are many.)
                let mut element = Dictionary::new();
                element.set("S", e.role);
                element.set("P", Object::Reference(document));
                element.set("Pg", Object::Reference(page));
                owners.extend(e.mcids.iter().map(|_| Object::Reference(id)));
                let mut content: Vec<Object> =
                    e.mcids.iter().map(|m| Object::Integer(*m)).collect();
                content.extend(links);
                element.set(
                    "K",
                    match content.len() {
                        1 => content.remove(0),
                        _ => Object::Array(content),
                    },
                );
                doc.objects.insert(id, Object::Dictionary(element));
                kids.push(Object::Reference(id));
            }
            if let Ok(dict) = doc.get_dictionary_mut(page) {
                dict.set("StructParents", index as i64);
            }
            parent_tree.push(Object::Integer(index as i64));
            parent_tree.push(Object::Array(owners));
        }
        for (i, link) in link_parents.into_iter().enumerate() {
            parent_tree.push(Object::Integer((first_link_key + i) as i64));
            parent_tree.push(Object::Reference(link));
        }
        let next_key = parent_tree.len() / 2;
        let mut element = Dictionary::new();
        element.set("Type", "StructElem");
        element.set("S", "Document");
        element.set("P", Object::Reference(root));
        element.set("K", kids);
        doc.objects.insert(document, Object::Dictionary(element));
        let mut nums = Dictionary::new();
        nums.set("Nums", parent_tree);
        let parents = doc.add_object(nums);
        let mut tree = Dictionary::new();
        tree.set("Type", "StructTreeRoot");
        tree.set("K", Object::Reference(document));
        tree.set("ParentTree", Object::Reference(parents));
        tree.set("ParentTreeNextKey", next_key as i64);
        doc.objects.insert(root, Object::Dictionary(tree));
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.set("StructTreeRoot", Object::Reference(root));
            let mut mark = Dictionary::new();
            mark.set("Marked", true);
            catalog.set("MarkInfo", mark);
        }
    }
}

/// The page's link annotations: each with the bottom and top of its rectangle.
fn link_annotations(doc: &lopdf::Document, page: ObjectId) -> Vec<(ObjectId, f32, f32)> {
    let Ok(Object::Array(annots)) = doc.get_dictionary(page).and_then(|d| d.get(b"Annots")) else {
        return Vec::new();
    };
    annots
        .iter()
        .filter_map(|a| {
            let id = a.as_reference().ok()?;
            let d = doc.get_dictionary(id).ok()?;
            if d.get(b"Subtype").ok()?.as_name().ok()? != b"Link" {
                return None;
            }
            let rect: Vec<f32> = d
                .get(b"Rect")
                .ok()?
                .as_array()
                .ok()?
                .iter()
                .filter_map(number)
                .collect();
            match rect.as_slice() {
                [_, y1, _, y2] => Some((id, y1.min(*y2), y1.max(*y2))),
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(text: &str) -> Vec<Operation> {
        Content::decode(text.as_bytes()).unwrap().operations
    }

    fn encode(ops: Vec<Operation>) -> String {
        String::from_utf8(Content { operations: ops }.encode().unwrap()).unwrap()
    }

    const PAGE: &str = "/OC /MC0 BDC q 0.5 w 0.7 0.7 0.7 RG 56 53 m 538 53 l S \
        BT 487 40 Td 0.4 0.4 0.4 rg /F0 8 Tf [<0033>] TJ ET \
        BT 55 40 Td /F0 8 Tf [<0030>] TJ ET \
        BT 55 707 Td /F0 10 Tf [<0029>] TJ ET \
        BT 55 600 Td /F1 16 Tf [<0021>] TJ ET Q EMC";

    #[test]
    fn the_layer_goes_the_footer_comes_last_as_an_artifact_and_text_is_tagged() {
        let heading = Heading {
            page: (1, 0),
            top: 620.0,
            role: "H1",
        };
        let (out, elements) = rewrite(without_optional_content(ops(PAGE)), &[&heading]);
        let roles: Vec<&str> = elements.iter().map(|e| e.role).collect();
        let text = encode(out);
        assert!(!text.contains("/OC"), "{text}");
        assert_eq!(roles, ["P", "H1"]);
        // The page's own text first, the footer last; the grey the footer set is set again
        // before the text that relied on it.
        let body = text.find("55 707 Td").unwrap();
        let footer = text.find("487 40 Td").unwrap();
        assert!(body < footer, "{text}");
        let grey = text.find("0.4 0.4 0.4 rg").unwrap();
        assert!(grey < body, "{text}");
        let artifact = text
            .find("/Artifact <</Type/Pagination/Subtype/Footer>> BDC")
            .expect(&text);
        assert!(body < artifact && artifact < footer, "{text}");
        assert!(text.contains("/P <</MCID 0>> BDC"), "{text}");
        assert!(text.contains("/H1 <</MCID 1>> BDC"), "{text}");
        // Begins and ends balance.
        let begins = text.matches("BDC").count() + text.matches("BMC").count();
        assert_eq!(begins, text.matches("EMC").count(), "{text}");
    }

    #[test]
    fn an_empty_text_object_is_an_artifact_not_a_paragraph() {
        let page = "q BT 55 707 Td /F0 10 Tf [<>] TJ ET BT 55 690 Td /F0 10 Tf [<0029>] TJ ET Q";
        let (out, elements) = rewrite(ops(page), &[]);
        assert_eq!(elements.len(), 1);
        let text = encode(out);
        assert!(text.starts_with("q\n/Artifact BMC\nBT"), "{text}");
        assert!(text.contains("/P <</MCID 0>> BDC"), "{text}");
    }

    #[test]
    fn a_page_without_the_footer_shape_keeps_its_order() {
        let page = "q BT 55 707 Td /F0 10 Tf [<0029>] TJ ET Q";
        let (out, elements) = rewrite(ops(page), &[]);
        assert_eq!(
            elements,
            [Element {
                role: "P",
                mcids: vec![0],
                baselines: vec![707.0],
            }]
        );
        let text = encode(out);
        assert!(!text.contains("Artifact"), "{text}");
    }
}
