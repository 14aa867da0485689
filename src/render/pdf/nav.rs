//! Navigation: the outline (bookmarks), links within the document and "Page N of M".
//!
//! genpdfi knows nothing of either, so the document is laid out twice. The first pass counts
//! the pages and notes the page each anchor (a section, a claim) lands on; the second draws
//! "of M" and the summary's page numbers from them. Both passes lay out the same flow: the
//! numbers sit in cells and footers of a fixed size, so the pages break alike.
//!
//! Where on its page an anchor is, genpdfi does not tell: an anchor draws an empty link to
//! `factcheck-anchor:KEY`, whose rectangle [`resolve`] reads back from the file (and then
//! removes). A link within the document is a link to `factcheck-goto:KEY`, which [`resolve`]
//! turns into a destination on the anchor's page, at its height; the outline is built there
//! too.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use genpdfi::error::Error as GenError;
use genpdfi::render::Area;
use genpdfi::style::Style;
use genpdfi::{Context, Element, Position, RenderResult};
use printpdf::lopdf::{self, Dictionary, Object, ObjectId};

const ANCHOR: &str = "factcheck-anchor:";
/// The anchor of the cover's title: no outline entry, but the structure tree's first `H1`.
pub(super) const TITLE: &str = "title";
const GOTO: &str = "factcheck-goto:";

/// The URI of a link to anchor `key`.
pub(super) fn goto(key: &str) -> String {
    format!("{GOTO}{key}")
}

/// What the passes share: the page being drawn, and from the first pass the page count and
/// the page of each anchor.
#[derive(Default)]
pub(super) struct NavState {
    pub(super) page: usize,
    /// Each anchor's page in this pass.
    pub(super) anchors: BTreeMap<String, usize>,
    /// From the first pass: the page count and each anchor's page.
    pub(super) total: Option<usize>,
    pub(super) known: BTreeMap<String, usize>,
}

pub(super) type Nav = Rc<RefCell<NavState>>;

/// An outline entry: the anchor it goes to, its title, and whether it is under the previous
/// top-level entry.
pub(super) struct OutlineEntry {
    pub(super) key: String,
    pub(super) title: String,
    pub(super) child: bool,
}

/// A place to link to: takes no room.
pub(super) struct Anchor {
    key: String,
    nav: Nav,
    done: bool,
}

pub(super) fn anchor(nav: &Nav, key: impl Into<String>) -> Anchor {
    Anchor {
        key: key.into(),
        nav: Rc::clone(nav),
        done: false,
    }
}

impl Element for Anchor {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, GenError> {
        if !self.done {
            self.done = true;
            let page = self.nav.borrow().page;
            self.nav.borrow_mut().anchors.insert(self.key.clone(), page);
            let uri = format!("{ANCHOR}{}", self.key);
            area.add_link(&context.font_cache, Position::new(0, 0), style, "", &uri)?;
        }
        Ok(RenderResult::default())
    }
}

fn uri_of(annotation: &Dictionary) -> Option<String> {
    let action = annotation.get(b"A").ok()?.as_dict().ok()?;
    match action.get(b"URI").ok()? {
        Object::String(bytes, _) => String::from_utf8(bytes.clone()).ok(),
        _ => None,
    }
}

fn top_of(annotation: &Dictionary) -> f32 {
    annotation
        .get(b"Rect")
        .ok()
        .and_then(|r| r.as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_float().ok())
                .fold(0.0, f32::max)
        })
        .unwrap_or(0.0)
}

/// How far above its anchor's line a destination points, in points: the heading shows whole.
const ABOVE: f32 = 14.0;

/// Anchors read and removed, links to them made destinations, and the outline written; the
/// headings the outline's entries point to (sections `H1`, claims `H2`), for the structure
/// tree.
pub(super) fn resolve(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
) -> Vec<super::marked::Heading> {
    let mut places: BTreeMap<String, (ObjectId, f32)> = BTreeMap::new();
    let mut gotos: Vec<(ObjectId, String)> = Vec::new();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for &page in &pages {
        let annots: Vec<ObjectId> = match doc.get_dictionary(page).and_then(|d| d.get(b"Annots")) {
            Ok(Object::Array(items)) => {
                items.iter().filter_map(|o| o.as_reference().ok()).collect()
            }
            _ => continue,
        };
        let mut kept = Vec::new();
        for id in annots {
            let Ok(annotation) = doc.get_dictionary(id) else {
                continue;
            };
            match uri_of(annotation) {
                Some(uri) if uri.starts_with(ANCHOR) => {
                    // Some room above the anchor's line, so its heading shows whole.
                    let top = top_of(annotation) + ABOVE;
                    places
                        .entry(uri[ANCHOR.len()..].to_string())
                        .or_insert((page, top));
                    doc.objects.remove(&id);
                }
                Some(uri) if uri.starts_with(GOTO) => {
                    gotos.push((id, uri[GOTO.len()..].to_string()));
                    kept.push(id);
                }
                _ => kept.push(id),
            }
        }
        if let Ok(dict) = doc.get_dictionary_mut(page) {
            if kept.is_empty() {
                dict.remove(b"Annots");
            } else {
                dict.set(
                    "Annots",
                    kept.into_iter().map(Object::Reference).collect::<Vec<_>>(),
                );
            }
        }
    }
    let destination = |(page, top): (ObjectId, f32)| -> Object {
        Object::Array(vec![
            Object::Reference(page),
            Object::Name(b"XYZ".to_vec()),
            Object::Null,
            Object::Real(top),
            Object::Null,
        ])
    };
    for (id, key) in gotos {
        if let Ok(annotation) = doc.get_dictionary_mut(id) {
            annotation.remove(b"A");
            match places.get(&key) {
                Some(&place) => annotation.set("Dest", destination(place)),
                // Nothing to go to: the text stays, the link goes.
                None => annotation.set("Dest", Object::Null),
            }
        }
    }
    write_outline(doc, outline, &places, destination);
    outline
        .iter()
        .map(|e| (e.key.as_str(), if e.child { "H2" } else { "H1" }))
        .chain([(TITLE, "H1")])
        .filter_map(|(key, role)| {
            let &(page, top) = places.get(key)?;
            Some(super::marked::Heading {
                page,
                // The anchor's own line, and a point to spare for rounding.
                top: top - ABOVE + 1.0,
                role,
            })
        })
        .collect()
}

fn write_outline(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    places: &BTreeMap<String, (ObjectId, f32)>,
    destination: impl Fn((ObjectId, f32)) -> Object,
) {
    // Entries whose anchor was drawn, grouped under their top-level entry.
    let mut tops: Vec<(&OutlineEntry, Vec<&OutlineEntry>)> = Vec::new();
    for entry in outline.iter().filter(|e| places.contains_key(&e.key)) {
        match tops.last_mut() {
            Some((_, children)) if entry.child => children.push(entry),
            _ => tops.push((entry, Vec::new())),
        }
    }
    if tops.is_empty() {
        return;
    }
    let root = doc.new_object_id();
    let item = |doc: &mut lopdf::Document, e: &OutlineEntry, parent: ObjectId| -> ObjectId {
        let mut d = Dictionary::new();
        d.set("Title", super::finish::pdf_string(&e.title));
        d.set("Parent", Object::Reference(parent));
        d.set("Dest", destination(places[&e.key]));
        doc.add_object(d)
    };
    let link_siblings = |doc: &mut lopdf::Document, ids: &[ObjectId]| {
        for (i, id) in ids.iter().enumerate() {
            if let Ok(d) = doc.get_dictionary_mut(*id) {
                if i > 0 {
                    d.set("Prev", Object::Reference(ids[i - 1]));
                }
                if let Some(next) = ids.get(i + 1) {
                    d.set("Next", Object::Reference(*next));
                }
            }
        }
    };
    let mut top_ids = Vec::new();
    for (top, children) in &tops {
        let id = item(doc, top, root);
        let child_ids: Vec<ObjectId> = children.iter().map(|c| item(doc, c, id)).collect();
        link_siblings(doc, &child_ids);
        if let (Some(first), Some(last), Ok(d)) = (
            child_ids.first(),
            child_ids.last(),
            doc.get_dictionary_mut(id),
        ) {
            d.set("First", Object::Reference(*first));
            d.set("Last", Object::Reference(*last));
            // Negative: closed, so the claims do not crowd the outline at first.
            d.set("Count", -(child_ids.len() as i64));
        }
        top_ids.push(id);
    }
    link_siblings(doc, &top_ids);
    let mut d = Dictionary::new();
    d.set("Type", "Outlines");
    d.set("First", Object::Reference(top_ids[0]));
    d.set(
        "Last",
        Object::Reference(*top_ids.last().unwrap_or(&top_ids[0])),
    );
    d.set("Count", top_ids.len() as i64);
    doc.objects.insert(root, Object::Dictionary(d));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", "UseOutlines");
    }
}
