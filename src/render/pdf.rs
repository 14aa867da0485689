//! The PDF briefing (genpdfi): what a person would hand out.
//!
//! Layout (A4, 20 mm side margins, a footer with the project's title and "Page N" on every
//! page):
//!
//! 1. a cover: title, description, author, URL, the summary counts, the verdicts as coloured
//!    badges, and the generator (with the date when SOURCE_DATE_EPOCH gives one);
//! 2. the summary table: claim id, verdict, reviewed supporting and refuting sources, citation
//!    status;
//!    the id column is as wide as the longest id needs, so ids stay on one line;
//! 3. one section per claim: verdict badge and id, the claim, its note, its citations with
//!    stance (supports green, refutes red, context grey), status, `source:line` (near misses
//!    with their word diff), note and conflicts with the claim, a call-out when search finds no
//!    passage, the reviewed evidence by stance and the passages found by search (not
//!    reviewed, possible contradictions in red), the passages by source with their word diff
//!    against the claim, the word diffs between sources, and the discrepancies in framed boxes. In word
//!    diffs, deleted words are red and struck through, inserted words green and underlined;
//! 4. the sources: id, title, publisher, date, URL (a link), file, SHA-256, citing claims.
//!
//! Fonts: DejaVu Sans regular and bold from the `dejavu` crate, each embedded once and whole
//! (genpdfi's subsetting breaks text extraction and determinism); the italic slots of the font
//! family reuse those faces, so nothing else is embedded. A character the face lacks becomes
//! U+FFFD, with a warning naming the claim or source. Right-to-left text (Hebrew, Arabic, ...)
//! is laid out line by line and each line put in visual order (unicode-bidi), but not shaped:
//! Arabic letters stay unjoined. A warning then points to the Markdown report.
//!
//! Reproducible: the same analysis gives the same bytes. The creation and modification dates
//! come from SOURCE_DATE_EPOCH, else are 2000-01-01T00:00:00Z; no XMP metadata is written
//! (printpdf fills it with process-dependent ids); the trailer's /ID is derived from the
//! content (printpdf draws it from a counter shared by the whole process); link annotations
//! are put in reading order (printpdf keeps them in a `HashMap`); the streams are compressed
//! here, so debug and release builds agree.
//!
//! The code: `sections` lays the parts out as a flow of elements (`elements`, and `rich_text`,
//! the one text element, which breaks its own lines), each text cleaned first by `fonts`;
//! `finish` reads the rendered file back and makes it reproducible.

mod elements;
mod finish;
mod fonts;
mod rich_text;
mod sections;

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
    claim_section, cover, heading, legend, plain, source_entry, summary_table, summary_widths, Flow,
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
        QuoteStatus::NotFound | QuoteStatus::UnknownSource => RED,
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

pub fn render(analysis: &Analysis) -> Result<Rendered, InputError> {
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
    // No XMP metadata (process-dependent ids) and no ICC profile (400 KB for nothing here).
    doc.set_minimal_conformance();
    let date = pdf_date();
    doc.set_creation_date(date);
    doc.set_modification_date(date);
    doc.set_page_decorator(Pages {
        page: 0,
        footer: visual_line(&title),
    });

    let widths = {
        let cache = doc.font_cache();
        summary_widths(cache, analysis)
    };
    let mut flow = Flow::default();
    cover(&mut flow, &mut text, analysis, &title);
    flow.push(PageBreak::new());
    summary_table(&mut flow, &mut text, analysis, widths);
    flow.push(PageBreak::new());
    flow.push(heading("Claims", 16));
    flow.push(legend());
    for (i, claim) in analysis.claims.iter().enumerate() {
        claim_section(&mut flow, &mut text, claim, i == 0);
    }
    if analysis.claims.is_empty() {
        flow.push(plain("This project has no claims.", 10, GREY));
    }
    flow.push(PageBreak::new());
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
    let info = Info {
        title: &title,
        author: analysis.project.author.as_deref(),
        creator: format!("{} {}", analysis.generator.name, analysis.generator.version),
    };
    let bytes =
        finish(&raw, &info).map_err(|e| InputError::new(format!("cannot write the PDF: {e}")))?;
    Ok(Rendered {
        bytes,
        warnings: text.warnings(),
    })
}

/// The PDF briefing as a [`Renderer`]; its warnings are the characters the font lacks and the
/// right-to-left text it cannot shape.
pub(crate) struct PdfReport;

impl Renderer for PdfReport {
    fn render(&self, analysis: &Analysis) -> Result<Rendered, InputError> {
        render(analysis)
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
