//! Parsing a PDF (lopdf), drawing each page's text into positioned glyphs (pdf-extract), and
//! reading its metadata; refusals for what cannot be read, never a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};

// pdf-extract re-exports the lopdf it is built on: one parser, one version.
use pdf_extract::content::{Content, Operation};
use pdf_extract::{MediaBox, Object, ObjectId, OutputDev, OutputError, Transform};

use super::columns;
use super::layout::{self, Glyph, Line};

/// A PDF read: its text (paragraphs separated by blank lines), where each page starts in it,
/// and what its metadata says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Document {
    pub text: String,
    /// Byte offset in `text` where each page starts; one per page, in order.
    pub page_starts: Vec<usize>,
    /// `/Title`, `/Author` and `/CreationDate` (as `YYYY-MM-DD`) of the document information.
    pub title: Option<String>,
    pub author: Option<String>,
    pub created: Option<String>,
}

/// Why a PDF cannot be a source: what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub reason: String,
    pub help: String,
}

impl Refusal {
    fn new(reason: impl Into<String>, help: impl Into<String>) -> Refusal {
        Refusal {
            reason: reason.into(),
            help: help.into(),
        }
    }
}

/// The most pages read: far beyond any report (the longest UN reports run to some 1,500),
/// small enough that a file claiming millions of pages is refused at once.
pub(crate) const MAX_PAGES: usize = 5_000;

fn malformed(what: impl std::fmt::Display) -> Refusal {
    Refusal::new(
        format!("it is not a readable PDF ({what})"),
        "check that the file is complete (a download cut short is truncated); open it in a PDF viewer and save or print it to a new PDF",
    )
}

/// Read a PDF's text page by page.
pub(crate) fn extract(bytes: &[u8]) -> Result<Document, Refusal> {
    // The header may follow some junk, within the first kilobyte (as readers allow).
    if !(0..bytes.len().min(1024)).any(|at| bytes[at..].starts_with(b"%PDF-")) {
        return Err(malformed("it does not start with %PDF-"));
    }
    let result = catch_unwind(AssertUnwindSafe(|| read(bytes)));
    match result {
        Ok(r) => r,
        Err(_) => Err(malformed("the PDF reader gave up on its structure")),
    }
}

fn read(bytes: &[u8]) -> Result<Document, Refusal> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| match e {
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => encrypted(),
        e => malformed(e),
    })?;
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(encrypted());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(malformed("it has no pages"));
    }
    if pages.len() > MAX_PAGES {
        return Err(Refusal::new(
            format!(
                "it has {} pages, more than the {MAX_PAGES} a source may have",
                pages.len()
            ),
            "split the document (e.g. `qpdf in.pdf --pages . 1-500 -- part1.pdf`) and cite the part that holds the quote",
        ));
    }
    for &id in pages.values() {
        rewrite_next_line_shows(&mut doc, id);
    }
    expand_cid_width_ranges(&mut doc);
    // All pages in one pass: pdf-extract's page-at-a-time call walks the page tree each
    // time, which makes a long document quadratic.
    let mut device = Glyphs::default();
    pdf_extract::output_doc(&doc, &mut device).map_err(malformed)?;
    let glyphs_seen: usize = device.pages.iter().map(Vec::len).sum();
    let mut laid_pages: Vec<Vec<Line>> = columns::pages_in_reading_order(&device.pages)
        .iter()
        .map(|g| layout::lines(g))
        .collect();
    if glyphs_seen == 0 {
        return Err(Refusal::new(
            "it has no text layer (a scan, or pages of images): there is no text to quote",
            "run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf`, and put the result in the sources folder in its place",
        ));
    }
    layout::drop_furniture(&mut laid_pages);
    let laid = layout::paragraphs(&laid_pages);
    let info = info(&doc);
    Ok(Document {
        text: laid.text,
        page_starts: laid.page_starts,
        title: info.0,
        author: info.1,
        created: info.2,
    })
}

fn encrypted() -> Refusal {
    Refusal::new(
        "it is encrypted",
        "save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`, with `--password=...` if it needs one) and use that",
    )
}

/// pdf-extract does not draw the `'` and `"` operators (move to the next line, then show a
/// string), which Ghostscript writes for most lines; rewrite them as the `T*` and `Tj` they
/// stand for (and `"`'s spacings as `Tw` and `Tc`). A page whose content cannot be decoded is
/// left alone: pdf-extract reports it.
fn rewrite_next_line_shows(doc: &mut pdf_extract::Document, page: ObjectId) {
    let Ok(content) = doc.get_and_decode_page_content(page) else {
        return;
    };
    if !content
        .operations
        .iter()
        .any(|op| op.operator == "'" || op.operator == "\"")
    {
        return;
    }
    let mut operations = Vec::with_capacity(content.operations.len() + 16);
    for op in content.operations {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("'", [text]) => {
                operations.push(Operation::new("T*", vec![]));
                operations.push(Operation::new("Tj", vec![text.clone()]));
            }
            ("\"", [word, character, text]) => {
                operations.push(Operation::new("Tw", vec![word.clone()]));
                operations.push(Operation::new("Tc", vec![character.clone()]));
                operations.push(Operation::new("T*", vec![]));
                operations.push(Operation::new("Tj", vec![text.clone()]));
            }
            _ => operations.push(op),
        }
    }
    if let Ok(encoded) = (Content { operations }).encode() {
        let _ = doc.change_page_content(page, encoded);
    }
}

/// The most glyph widths [`expand_cid_width_ranges`] writes out over a whole document: a
/// CIDFont has at most 65,536 glyphs, and a few dozen fonts are many.
const MAX_EXPANDED_WIDTHS: usize = 1 << 22;

/// pdf-extract reads a CIDFont's `/W` entry `c_first c_last w` (one width for a range of
/// glyphs) as nothing: those glyphs get the font's `/DW` instead. Chromium (Skia) writes
/// such ranges for every run of equal widths (the space, "i" and "j"...), so along a line
/// the pen drifts away from where the page really puts the glyphs and a run drawn after a
/// `Td` lands on the text already drawn ("lar" | "gely"). Each range is written out as the
/// `c_first [w w ...]` form pdf-extract reads right. A `/W` that is not a well-formed list
/// is left as it is.
fn expand_cid_width_ranges(doc: &mut pdf_extract::Document) {
    let mut budget = MAX_EXPANDED_WIDTHS;
    let fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"CIDFontType2" || s == b"CIDFontType0")
            })
        })
        .map(|(&id, _)| id)
        .collect();
    for font in fonts {
        let Some(w) = doc
            .objects
            .get(&font)
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"W").ok())
            .cloned()
        else {
            continue;
        };
        let (at, list) = match w {
            Object::Array(list) => (None, list),
            Object::Reference(id) => match doc.objects.get(&id) {
                Some(Object::Array(list)) => (Some(id), list.clone()),
                _ => continue,
            },
            _ => continue,
        };
        let Some(expanded) = expand_width_ranges(&list, &mut budget) else {
            continue;
        };
        match at {
            Some(id) => {
                doc.objects.insert(id, Object::Array(expanded));
            }
            None => {
                if let Some(Ok(dict)) = doc.objects.get_mut(&font).map(Object::as_dict_mut) {
                    dict.set("W", Object::Array(expanded));
                }
            }
        }
    }
}

/// A `/W` list with its ranges written out (`3 5 250` as `3 [250 250 250]`), or `None` when it
/// has no range, is not well formed, or would take more than `budget` widths.
fn expand_width_ranges(list: &[Object], budget: &mut usize) -> Option<Vec<Object>> {
    let mut out = Vec::with_capacity(list.len());
    let mut ranges = false;
    let mut i = 0;
    while i < list.len() {
        let first = list[i].as_i64().ok()?;
        match list.get(i + 1)? {
            Object::Array(widths) => {
                out.push(Object::Integer(first));
                out.push(Object::Array(widths.clone()));
                i += 2;
            }
            last => {
                let last = last.as_i64().ok()?;
                let width = list.get(i + 2)?;
                if width.as_float().is_err() || first < 0 || last < first || last > 0xFFFF {
                    return None;
                }
                let n = (last - first + 1) as usize;
                *budget = budget.checked_sub(n)?;
                out.push(Object::Integer(first));
                out.push(Object::Array(vec![width.clone(); n]));
                ranges = true;
                i += 3;
            }
        }
    }
    ranges.then_some(out)
}

/// The output device: every glyph drawn, page by page, with its position on the page (y
/// grows down).
#[derive(Default)]
struct Glyphs {
    pages: Vec<Vec<Glyph>>,
    top: f64,
}

/// A page of glyphs is bounded too: a content stream drawing millions of glyphs is cut off.
const MAX_GLYPHS_PER_PAGE: usize = 1 << 20;

impl OutputDev for Glyphs {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.top = media_box.ury;
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let Some(glyphs) = self.pages.last_mut() else {
            return Ok(());
        };
        if glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            return Ok(());
        }
        // The side of the square of the same area as the font's scaled em (as pdf-extract's
        // own plain-text output measures it).
        let (sx, sy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (sx * sy).abs().sqrt();
        let (x, y) = (trm.m31, self.top - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        glyphs.push(Glyph {
            x,
            y,
            size,
            end: x + width * size,
            text: text.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// `/Title`, `/Author` and `/CreationDate` (as `YYYY-MM-DD`) of the document information.
fn info(doc: &pdf_extract::Document) -> (Option<String>, Option<String>, Option<String>) {
    let Some(dict) = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }) else {
        return (None, None, None);
    };
    let text = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| match o {
                Object::Reference(id) => doc.get_object(*id).ok(),
                o => Some(o),
            })
            .and_then(|o| pdf_extract::decode_text_string(o).ok())
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    (
        text(b"Title"),
        text(b"Author"),
        text(b"CreationDate").and_then(|d| pdf_date(&d)),
    )
}

/// A PDF date (`D:20250925143000+01'00'`) as `YYYY-MM-DD`, when it has a valid day.
fn pdf_date(raw: &str) -> Option<String> {
    let digits = raw.trim().strip_prefix("D:").unwrap_or(raw.trim());
    let d = digits.get(..8)?;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, day) = (&d[..4], &d[4..6], &d[6..8]);
    let (mi, di): (u32, u32) = (m.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&mi) && (1..=31).contains(&di)).then(|| format!("{y}-{m}-{day}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_give_their_day() {
        assert_eq!(
            pdf_date("D:20250925143000+01'00'").as_deref(),
            Some("2025-09-25")
        );
        assert_eq!(pdf_date("20250925").as_deref(), Some("2025-09-25"));
        assert_eq!(pdf_date("D:2025"), None);
        assert_eq!(pdf_date("D:20251340"), None);
    }

    #[test]
    fn cid_width_ranges_are_written_out_and_bad_lists_left_alone() {
        use Object::{Array, Integer, Real};
        // Chromium's `/W [0 [777.8] 3 5 250 36 [722 667]]`.
        let list = vec![
            Integer(0),
            Array(vec![Real(777.8)]),
            Integer(3),
            Integer(5),
            Integer(250),
            Integer(36),
            Array(vec![Integer(722), Integer(667)]),
        ];
        let mut budget = 100;
        let expanded = expand_width_ranges(&list, &mut budget).unwrap();
        assert_eq!(
            expanded,
            vec![
                Integer(0),
                Array(vec![Real(777.8)]),
                Integer(3),
                Array(vec![Integer(250); 3]),
                Integer(36),
                Array(vec![Integer(722), Integer(667)]),
            ]
        );
        assert_eq!(budget, 97);
        // No range: nothing to do. A range backwards, past the last CID, over the budget, or
        // cut short: left alone.
        assert_eq!(expand_width_ranges(&expanded, &mut 100), None);
        for bad in [
            vec![Integer(5), Integer(3), Integer(250)],
            vec![Integer(0), Integer(70_000), Integer(250)],
            vec![Integer(0), Integer(200), Integer(250)],
            vec![Integer(3), Integer(5)],
            vec![Integer(3), Integer(5), Object::Null],
        ] {
            assert_eq!(expand_width_ranges(&bad, &mut 100), None, "{bad:?}");
        }
    }

    #[test]
    fn what_is_not_a_pdf_is_refused_not_a_panic() {
        for bytes in [
            &b""[..],
            b"%PDF-1.7\n",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"plain text",
        ] {
            let refusal = extract(bytes).unwrap_err();
            assert!(refusal.reason.contains("not a readable PDF"), "{refusal:?}");
        }
    }
}
