//! The PDF briefing (genpdfi): what a person would hand out.
//!
//! Layout (A4, 20 mm side margins, a footer with the project's title and "Page N of M"):
//!
//! 1. a cover: title, description, author, URL, the report's date, the counts (with the
//!    problems and claims needing attention), the verdicts as coloured badges;
//! 2. Needs attention: a line per problem, its claim a link to the claim's page;
//! 3. the summary table: the claim's text (a line or two, a link), verdict badge, reviewed
//!    supporting and refuting sources, the claim's page (a link);
//! 4. one section per claim: verdict badge and the claim's text as heading, id and
//!    claims.toml line in small print, its note, its citations with stance (supports green,
//!    refutes red, context grey), status, `source:line` (near misses with their word diff),
//!    note and conflicts with the claim, a call-out when search finds no passage, the
//!    discrepancies in framed boxes, the reviewed evidence by stance and the passages found by
//!    search (not reviewed, possible contradictions in red) with their word diff against the
//!    claim, and the word diffs between sources at least 40% alike or disagreeing. In word
//!    diffs, deleted words are red and struck through, inserted words green and underlined;
//! 5. the sources: id, title, publisher, date, URL (a link), file, SHA-256, citing claims.
//!
//! The outline has the sections and an entry per claim; `nav` lays the document out twice
//! to know the page count and each claim's page.
//!
//! Fonts: DejaVu Sans regular and bold from the `dejavu` crate, each embedded once and cut
//! down to the glyphs drawn by `subset` (genpdfi's subsetting breaks text extraction and
//! determinism); the italic slots of the font
//! family reuse those faces, so nothing else is embedded. A character the face lacks becomes
//! U+FFFD, with a warning naming the claim or source. Right-to-left text (Hebrew, Arabic, ...)
//! is laid out line by line and each line put in visual order (unicode-bidi), but not shaped:
//! Arabic letters stay unjoined. A warning then points to the Markdown report.
//!
//! Reproducible: the same analysis gives the same bytes. The creation and modification dates
//! come from SOURCE_DATE_EPOCH, else are 2000-01-01T00:00:00Z; the XMP metadata is written
//! by `archive` (printpdf's has process-dependent ids); the trailer's /ID is derived from the
//! content (printpdf draws it from a counter shared by the whole process); link annotations
//! are put in reading order (printpdf keeps them in a `HashMap`); the streams are compressed
//! here, so debug and release builds agree.
//!
//! The code: `sections` lays the parts out as a flow of elements (`elements`, and `rich_text`,
//! the one text element, which breaks its own lines), each text cleaned first by `fonts`;
//! `finish` reads the rendered file back and makes it reproducible; `marked` takes out
//! printpdf's per-page layers, moves the footer last as an artifact and tags the text;
//! `archive` writes the Info dictionary, the XMP metadata, `/Lang` and, for PDF/A-2b
//! (`--pdf-a`), the sRGB output intent.

mod archive;
mod elements;
mod finish;
mod fonts;
mod marked;
mod nav;
mod rich_text;
mod sections;
mod subset;

use genpdfi::elements::PageBreak;
use genpdfi::error::Error as GenError;
use genpdfi::fonts::FontFamily;
use genpdfi::style::{Color, Style};
use genpdfi::Document;

use crate::analysis::{Analysis, SourceInfo};
use crate::error::InputError;
use crate::project::Verdict;
use crate::quote::QuoteStatus;
use crate::render::{Rendered, Renderer};

use elements::Pages;
use finish::{finish, pdf_date, Info};
use fonts::{faces, visual_line, Checker};
use sections::{
    claim_section, cover, heading, legend, needs_attention, plain, source_entry, summary_table,
    summary_widths, Flow,
};

/// 2000-01-01T00:00:00Z: the creation and modification date without SOURCE_DATE_EPOCH.
pub(crate) const FIXED_DATE_EPOCH: i64 = 946_684_800;

const BLACK: Color = Color::Rgb(0, 0, 0);
const GREY: Color = Color::Rgb(105, 105, 105);
const LIGHT: Color = Color::Rgb(190, 190, 190);
const WHITE: Color = Color::Rgb(255, 255, 255);
const GREEN: Color = Color::Rgb(27, 128, 56);
const AMBER: Color = Color::Rgb(196, 128, 0);
const ORANGE: Color = Color::Rgb(222, 92, 16);
const RED: Color = Color::Rgb(196, 32, 32);
const BLUE: Color = Color::Rgb(20, 80, 180);

/// Page margins in mm (top, right, bottom, left) and the footer's height.
const MARGINS: (f32, f32, f32, f32) = (16.0, 20.0, 10.0, 20.0);
const FOOTER: f32 = 9.0;
/// Points to millimetres.
const PT: f32 = 0.352_778;
/// Indent of the items under a claim's sub-headings.
const INDENT: f32 = 4.0;

pub(crate) fn verdict_color(verdict: Verdict) -> Color {
    match verdict {
        Verdict::Supported => GREEN,
        Verdict::PartlySupported => AMBER,
        Verdict::Disputed => ORANGE,
        Verdict::Unsupported => RED,
        Verdict::Unverified => GREY,
    }
}

fn status_color(status: QuoteStatus) -> Color {
    match status {
        QuoteStatus::Exact | QuoteStatus::Normalized => GREEN,
        QuoteStatus::Elided | QuoteStatus::Unquoted => AMBER,
        QuoteStatus::NearMiss => ORANGE,
        QuoteStatus::WrongSource | QuoteStatus::NotFound | QuoteStatus::UnknownSource => RED,
    }
}

/// The text styles of every part: a size in points, bold, a colour.
fn st(size: u8) -> Style {
    Style::new().with_font_size(size)
}

fn bold(size: u8) -> Style {
    Style::new().with_font_size(size).bold()
}

fn colored(style: Style, color: Color) -> Style {
    style.with_color(color)
}

/// What the claims file and the command line choose about the PDF beyond the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// The document's language, a BCP 47 tag (`[project] language`, default `en`).
    pub language: String,
    /// Write PDF/A-2b (`report --pdf-a`).
    pub pdf_a: bool,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            language: crate::project::DEFAULT_LANGUAGE.to_string(),
            pdf_a: false,
        }
    }
}

/// The briefing in English, not PDF/A: see [`render_with`].
pub fn render(analysis: &Analysis) -> Result<Rendered, InputError> {
    render_with(analysis, &PdfOptions::default())
}

pub fn render_with(analysis: &Analysis, options: &PdfOptions) -> Result<Rendered, InputError> {
    // The first pass counts the pages and finds each claim's; the second draws them.
    let first = lay_out(analysis, nav::Nav::default())?;
    let pages = first.nav.borrow().page;
    let known = std::mem::take(&mut first.nav.borrow_mut().anchors);
    let nav = nav::Nav::default();
    {
        let mut state = nav.borrow_mut();
        state.total = Some(pages);
        state.known = known;
    }
    let second = lay_out(analysis, nav)?;
    let info = Info {
        title: &second.title,
        author: analysis.project.author.as_deref(),
        creator: format!("{} {}", analysis.generator.name, analysis.generator.version),
        outline: &second.outline,
        date: pdf_date(analysis.generator.date.as_deref()),
        language: &options.language,
        pdf_a: options.pdf_a,
    };
    let bytes = finish(&second.raw, &info)
        .map_err(|e| InputError::new(format!("cannot write the PDF: {e}")))?;
    Ok(Rendered {
        bytes,
        warnings: second.warnings,
    })
}

/// One pass: genpdfi's file, the outline, the warnings and what the pass noted in `nav`.
struct Pass {
    raw: Vec<u8>,
    title: String,
    outline: Vec<nav::OutlineEntry>,
    warnings: Vec<String>,
    nav: nav::Nav,
}

fn lay_out(analysis: &Analysis, nav: nav::Nav) -> Result<Pass, InputError> {
    let fail = |e: GenError| InputError::new(format!("cannot write the PDF: {e}"));
    let (regular, bold) = faces().map_err(fail)?;
    let family = FontFamily {
        regular: regular.clone(),
        bold: bold.clone(),
        // Never used; the same data, so that genpdfi embeds each face once.
        italic: regular.clone(),
        bold_italic: bold.clone(),
    };
    let mut doc = Document::new(family);
    let mut text = Checker::new(regular, bold);

    let title = text.clean("the project", &analysis.project.title, true);
    let title = if title.is_empty() {
        "Fact-check".to_string()
    } else {
        title
    };
    doc.set_title(title.clone());
    doc.set_paper_size(genpdfi::PaperSize::A4);
    doc.set_font_size(10);
    // No XMP metadata (process-dependent ids) and no ICC profile (400 KB): `archive` writes
    // both, the profile a 456-byte one and only for PDF/A.
    doc.set_minimal_conformance();
    let date = pdf_date(analysis.generator.date.as_deref());
    doc.set_creation_date(date);
    doc.set_modification_date(date);
    doc.set_page_decorator(Pages {
        nav: nav.clone(),
        footer: visual_line(&title),
    });

    let widths = {
        let cache = doc.font_cache();
        summary_widths(cache)
    };
    let mut outline = Vec::new();
    let mut section = |flow: &mut Flow, key: &str, title: &str| {
        flow.push(nav::anchor(&nav, key));
        outline.push(nav::OutlineEntry {
            key: key.to_string(),
            title: title.to_string(),
            child: false,
        });
    };
    let mut flow = Flow::default();
    let title_anchor = nav::anchor(&nav, nav::TITLE);
    cover(&mut flow, &mut text, analysis, &title, title_anchor);
    flow.push(PageBreak::new());
    section(&mut flow, "needs-attention", "Needs attention");
    needs_attention(&mut flow, &mut text, analysis);
    flow.need(40.0);
    section(&mut flow, "summary", "Summary");
    let pages = nav.borrow().known.clone();
    summary_table(&mut flow, &mut text, analysis, widths, &pages);
    flow.push(PageBreak::new());
    section(&mut flow, "claims", "Claims");
    flow.push(heading("Claims", 16));
    flow.push(legend());
    for (i, claim) in analysis.claims.iter().enumerate() {
        claim_section(
            &mut flow,
            &mut text,
            claim,
            &analysis.sources,
            i == 0,
            nav::anchor(&nav, claim_key(i)),
        );
        outline.push(nav::OutlineEntry {
            key: claim_key(i),
            title: format!(
                "{}: {}",
                claim.verdict.as_str().replace('-', " "),
                crate::render::shorten(&claim.text, 80)
            ),
            child: true,
        });
    }
    if analysis.claims.is_empty() {
        flow.push(plain("This project has no claims.", 10, GREY));
    }
    // The appendix follows on the claims' last page when a good part of it is free.
    flow.need(90.0);
    flow.space(6.0);
    flow.push(nav::anchor(&nav, "sources"));
    outline.push(nav::OutlineEntry {
        key: "sources".to_string(),
        title: "Sources".to_string(),
        child: false,
    });
    flow.push(heading("Sources", 16));
    // The sources this briefing draws on; an archive's others are counted, not listed.
    let (listed, others): (Vec<&SourceInfo>, Vec<&SourceInfo>) = analysis
        .sources
        .iter()
        .partition(|s| !s.cited_by.is_empty() || !s.supports.is_empty());
    for source in listed {
        source_entry(&mut flow, &mut text, source);
    }
    if analysis.sources.is_empty() {
        flow.push(plain("This project has no sources.", 10, GREY));
    } else if !others.is_empty() {
        flow.push(plain(
            &format!(
                "{} {}{} searched and {} (the JSON report lists every source).",
                others.len(),
                if others.len() < analysis.sources.len() {
                    "other "
                } else {
                    ""
                },
                if others.len() == 1 {
                    "source was"
                } else {
                    "sources were"
                },
                if others.len() < analysis.sources.len() {
                    "neither cited by nor found by search for any claim"
                } else {
                    "none is cited by or found by search for any claim"
                }
            ),
            9,
            GREY,
        ));
    }
    for element in flow.0 {
        doc.push(element);
    }

    let mut raw = Vec::new();
    doc.render(&mut raw).map_err(fail)?;
    Ok(Pass {
        raw,
        title,
        outline,
        warnings: text.warnings(),
        nav,
    })
}

/// The anchor of the claim at `index`.
pub(super) fn claim_key(index: usize) -> String {
    format!("claim-{index}")
}

/// The PDF briefing as a [`Renderer`]; its warnings are the characters the font lacks and the
/// right-to-left text it cannot shape.
pub(crate) struct PdfReport(pub(crate) PdfOptions);

impl Renderer for PdfReport {
    fn render(&self, analysis: &Analysis) -> Result<Rendered, InputError> {
        render_with(analysis, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_date_is_2000_01_01() {
        let d = printpdf::OffsetDateTime::from_unix_timestamp(FIXED_DATE_EPOCH).unwrap();
        assert_eq!((d.year(), u8::from(d.month()), d.day()), (2000, 1, 1));
    }
}
