//! Parsing a PDF (lopdf), drawing each page's text into positioned glyphs (pdf-extract), and
//! reading its metadata; refusals for what cannot be read, never a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};

// pdf-extract re-exports the lopdf it is built on: one parser, one version.
use pdf_extract::content::{Content, Operation};
use pdf_extract::{MediaBox, Object, ObjectId, OutputDev, OutputError, Transform};

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
    // All pages in one pass: pdf-extract's page-at-a-time call walks the page tree each
    // time, which makes a long document quadratic.
    let mut device = Glyphs::default();
    pdf_extract::output_doc(&doc, &mut device).map_err(malformed)?;
    let glyphs_seen: usize = device.pages.iter().map(Vec::len).sum();
    let mut laid_pages: Vec<Vec<Line>> = device.pages.iter().map(|g| layout::lines(g)).collect();
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
