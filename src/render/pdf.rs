//! The PDF briefing (genpdfi): what a person would hand out.
//!
//! Layout (A4, 20 mm side margins, a footer with the project's title and "Page N" on every
//! page):
//!
//! 1. a cover: title, description, author, URL, the summary counts, the verdicts as coloured
//!    badges, and the generator (with the date when SOURCE_DATE_EPOCH gives one);
//! 2. the summary table: claim id, verdict, supporting sources (`wordings`), citation status;
//!    the id column is as wide as the longest id needs, so ids stay on one line;
//! 3. one section per claim: verdict badge and id, the claim, its note, its citations with
//!    their status and `source:line` (near misses with their word diff), a call-out when no
//!    passage supports it, the supporting passages by source with their word diff against the
//!    claim, the word diffs between sources, and the discrepancies in framed boxes. In word
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

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use genpdfi::elements::{CellDecorator, LinearLayout, PageBreak, TableLayout};
use genpdfi::error::Error as GenError;
use genpdfi::fonts::{FontCache, FontData, FontFamily, Metrics};
use genpdfi::render::Area;
use genpdfi::style::{Color, LineStyle, Style};
use genpdfi::{Context, Document, Element, Margins, Mm, PageDecorator, Position, RenderResult};
use printpdf::lopdf;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::analysis::{Analysis, CitationResult, ClaimAnalysis, SourceInfo};
use crate::compare::{Comparison, Discrepancy, Wording};
use crate::diff::{DiffOp, DiffRun};
use crate::error::InputError;
use crate::project::Verdict;
use crate::quote::QuoteStatus;

/// The PDF and what the reader should know about it (characters the font lacks,
/// right-to-left text that is not shaped).
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// 2000-01-01T00:00:00Z: the creation and modification date without SOURCE_DATE_EPOCH.
pub const FIXED_DATE_EPOCH: i64 = 946_684_800;

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

pub fn verdict_color(verdict: Verdict) -> Color {
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
        QuoteStatus::Elided => AMBER,
        QuoteStatus::NearMiss => ORANGE,
        QuoteStatus::NotFound | QuoteStatus::UnknownSource => RED,
    }
}

pub fn render(analysis: &Analysis) -> Result<PdfOutput, InputError> {
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
                    "neither cited by nor supporting any claim"
                } else {
                    "none is cited by or supports any claim"
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
    Ok(PdfOutput {
        bytes,
        warnings: text.warnings(),
    })
}

// ---------------------------------------------------------------------------------------------
// Fonts, coverage and right-to-left text

/// DejaVu Sans regular and bold, the data shared by every render.
fn faces() -> Result<(FontData, FontData), GenError> {
    type Shared = Arc<Vec<u8>>;
    static BYTES: OnceLock<(Shared, Shared)> = OnceLock::new();
    let (regular, bold) = BYTES.get_or_init(|| {
        (
            Arc::new(dejavu::sans::regular().to_vec()),
            Arc::new(dejavu::sans::bold().to_vec()),
        )
    });
    Ok((
        FontData::new_shared(regular.clone(), None)?,
        FontData::new_shared(bold.clone(), None)?,
    ))
}

/// The script of a right-to-left character, if it is one.
pub fn rtl_script(c: char) -> Option<&'static str> {
    Some(match u32::from(c) {
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => "Hebrew",
        0x0600..=0x06FF
        | 0x0750..=0x077F
        | 0x0870..=0x08FF
        | 0xFB50..=0xFDFF
        | 0xFE70..=0xFEFE
        | 0x10E60..=0x10E7F
        | 0x1EE00..=0x1EEFF => "Arabic",
        0x0700..=0x074F | 0x0860..=0x086F => "Syriac",
        0x0780..=0x07BF => "Thaana",
        0x07C0..=0x07FF => "N'Ko",
        0x0800..=0x085F => "Samaritan/Mandaic",
        0x10800..=0x10FFF | 0x1E800..=0x1EDFF => "right-to-left",
        _ => return None,
    })
}

/// Characters that print nothing and that this renderer can do nothing with: soft hyphen,
/// zero-width and joiner characters, bidi controls, variation selectors, byte-order mark.
fn ignorable(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x2069
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xE0100..=0xE01EF
    )
}

fn no_break_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Cleans every text before it is laid out: NFC, whitespace collapsed to single spaces,
/// invisible controls dropped, characters the face lacks replaced; records what it did, per
/// claim or source, for the warnings.
struct Checker {
    regular: FontData,
    bold: FontData,
    replacement: char,
    /// Per context ("claim \"x\""), in order of first appearance: missing characters, scripts.
    notes: BTreeMap<String, Note>,
}

#[derive(Default)]
struct Note {
    order: usize,
    missing: BTreeSet<char>,
    rtl: BTreeSet<&'static str>,
}

impl Checker {
    fn new(regular: FontData, bold: FontData) -> Checker {
        let replacement = if regular.has_glyph('\u{fffd}') && bold.has_glyph('\u{fffd}') {
            '\u{fffd}'
        } else {
            '?'
        };
        Checker {
            regular,
            bold,
            replacement,
            notes: BTreeMap::new(),
        }
    }

    fn clean(&mut self, context: &str, text: &str, bold: bool) -> String {
        let face = if bold { &self.bold } else { &self.regular };
        let mut out = String::with_capacity(text.len());
        let mut space = false;
        let mut missing = BTreeSet::new();
        let mut rtl = BTreeSet::new();
        for c in text.nfc() {
            if (c.is_whitespace() && !no_break_space(c)) || c.is_control() {
                space = true;
                continue;
            }
            if ignorable(c) {
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if let Some(script) = rtl_script(c) {
                rtl.insert(script);
            }
            if face.has_glyph(c) {
                out.push(c);
            } else if no_break_space(c) {
                out.push(if face.has_glyph('\u{a0}') {
                    '\u{a0}'
                } else {
                    ' '
                });
            } else {
                missing.insert(c);
                out.push(self.replacement);
            }
        }
        if !missing.is_empty() || !rtl.is_empty() {
            let order = self.notes.len();
            let note = self
                .notes
                .entry(context.to_string())
                .or_insert_with(|| Note {
                    order,
                    ..Note::default()
                });
            note.missing.extend(missing);
            note.rtl.extend(rtl);
        }
        out
    }

    fn clean_each<'a>(
        &mut self,
        context: &str,
        texts: impl IntoIterator<Item = &'a String>,
    ) -> Vec<String> {
        texts
            .into_iter()
            .map(|t| self.clean(context, t, false))
            .collect()
    }

    fn warnings(&self) -> Vec<String> {
        let mut notes: Vec<(&String, &Note)> = self.notes.iter().collect();
        notes.sort_by_key(|(_, n)| n.order);
        let mut out = Vec::new();
        for (context, note) in notes {
            if !note.missing.is_empty() {
                const SHOWN: usize = 12;
                let mut list: Vec<String> = note
                    .missing
                    .iter()
                    .take(SHOWN)
                    .map(|c| format!("'{c}' (U+{:04X})", u32::from(*c)))
                    .collect();
                if note.missing.len() > SHOWN {
                    list.push(format!("and {} more", note.missing.len() - SHOWN));
                }
                out.push(format!(
                    "{context}: the PDF font (DejaVu Sans) has no glyph for {}; shown as '{}'",
                    list.join(", "),
                    self.replacement
                ));
            }
            if !note.rtl.is_empty() {
                let scripts: Vec<&str> = note.rtl.iter().copied().collect();
                out.push(format!(
                    "{context}: right-to-left text ({}) is not shaped in the PDF (letters are not \
                     joined; lines are only put in visual order); the Markdown report carries it \
                     intact",
                    scripts.join(", ")
                ));
            }
        }
        out
    }
}

fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| rtl_script(c).is_some())
}

/// One line of text in visual (left-to-right drawing) order.
fn visual_line(text: &str) -> String {
    if !has_rtl(text) {
        return text.to_string();
    }
    let info = unicode_bidi::ParagraphBidiInfo::new(text, None);
    visual_order(&info, 0..text.len())
}

/// The characters of `range` (a line of the paragraph `info` holds) in drawing order, those
/// in right-to-left runs mirrored: an opening bracket there is drawn as a closing one.
fn visual_order(
    info: &unicode_bidi::ParagraphBidiInfo<'_>,
    range: std::ops::Range<usize>,
) -> String {
    let levels = info.reordered_levels_per_char(range.clone());
    let chars: Vec<(char, unicode_bidi::Level)> = info
        .text
        .char_indices()
        .zip(levels)
        .filter(|((i, _), _)| range.contains(i))
        .map(|((_, c), level)| (c, level))
        .collect();
    let line_levels: Vec<unicode_bidi::Level> = chars.iter().map(|(_, l)| *l).collect();
    unicode_bidi::ParagraphBidiInfo::reorder_visual(&line_levels)
        .into_iter()
        .filter_map(|i| chars.get(i))
        .map(|&(c, level)| if level.is_rtl() { mirrored(c) } else { c })
        .collect()
}

/// The Bidi_Mirrored pairs that occur in running text.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '≤' => '≥',
        '≥' => '≤',
        _ => c,
    }
}

// ---------------------------------------------------------------------------------------------
// Rich text: the one text element, with its own line breaking

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Plain,
    /// Only in the first text of a diff: struck through.
    Deleted,
    /// Only in the second text of a diff: underlined.
    Inserted,
    /// A hyperlink: underlined.
    Link,
}

#[derive(Clone, Debug)]
struct Run {
    text: String,
    style: Style,
    mark: Mark,
    link: Option<String>,
}

#[derive(Clone, Debug)]
struct Piece {
    text: String,
    style: Style,
    mark: Mark,
    link: Option<String>,
    width: Mm,
    /// Width without trailing spaces: what a strike or underline covers.
    ink: Mm,
}

#[derive(Clone, Debug)]
struct Line {
    pieces: Vec<Piece>,
    width: Mm,
    metrics: Metrics,
    right: bool,
}

/// A paragraph of styled runs. Unlike genpdfi's `Paragraph`, a word longer than the line is
/// broken (instead of failing the whole document), right-to-left lines are put in visual
/// order, and strikes and underlines are drawn after the text object is closed.
struct RichText {
    runs: Vec<Run>,
    indent: Mm,
    spacing: f32,
    lines: Option<Vec<Line>>,
    next: usize,
}

impl RichText {
    fn new() -> RichText {
        RichText {
            runs: Vec::new(),
            indent: Mm::from(0.0),
            spacing: 1.15,
            lines: None,
            next: 0,
        }
    }

    fn push(&mut self, text: impl Into<String>, style: Style, mark: Mark, link: Option<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.runs.push(Run {
                text,
                style,
                mark,
                link,
            });
        }
    }

    fn run(mut self, text: impl Into<String>, style: Style) -> RichText {
        self.push(text, style, Mark::Plain, None);
        self
    }

    fn marked(mut self, text: impl Into<String>, style: Style, mark: Mark) -> RichText {
        self.push(text, style, mark, None);
        self
    }

    /// A clickable link for http(s) URLs; any other scheme (`javascript:`, `file:`) from a
    /// claims file is shown as plain text.
    fn link(mut self, text: impl Into<String>, url: &str, style: Style) -> RichText {
        let lower = url.trim_start().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            self.push(text, style, Mark::Link, Some(url.to_string()));
        } else {
            self.push(text, style, Mark::Plain, None);
        }
        self
    }

    fn indent(mut self, mm: f32) -> RichText {
        self.indent = Mm::from(mm);
        self
    }

    fn spacing(mut self, factor: f32) -> RichText {
        self.spacing = factor;
        self
    }

    fn ensure_layout(&mut self, cache: &FontCache, parent: Style, width: Mm) -> &[Line] {
        if self.lines.is_none() {
            let width = width - self.indent;
            self.lines = Some(layout(&self.runs, parent, cache, width));
        }
        self.lines.as_deref().unwrap_or_default()
    }

    fn first_line_height(&mut self, cache: &FontCache, parent: Style, width: Mm) -> Mm {
        let spacing = self.spacing;
        self.ensure_layout(cache, parent, width)
            .first()
            .map_or(Mm::from(0.0), |l| l.metrics.line_height * spacing)
    }
}

/// A text unit that is never broken across lines unless it is longer than a line: a word and
/// the spaces after it, possibly in several runs.
type Word = Vec<(usize, String)>;

fn words(runs: &[Run]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut word: Word = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        for segment in run.text.split_inclusive(' ') {
            match word.last_mut() {
                Some((r, text)) if *r == i => text.push_str(segment),
                _ => word.push((i, segment.to_string())),
            }
            if segment.ends_with(' ') {
                words.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

struct Lines<'a> {
    cache: &'a FontCache,
    runs: &'a [Run],
    styles: &'a [Style],
    width: Mm,
    lines: Vec<Line>,
    pieces: Vec<(usize, String)>,
    x: Mm,
}

impl Lines<'_> {
    fn append(&mut self, run: usize, text: &str) {
        match self.pieces.last_mut() {
            Some((r, t)) if *r == run => t.push_str(text),
            _ => self.pieces.push((run, text.to_string())),
        }
    }

    fn finish(&mut self) {
        let mut pieces = std::mem::take(&mut self.pieces);
        self.x = Mm::from(0.0);
        if let Some((_, last)) = pieces.last_mut() {
            let trimmed = last.trim_end().len();
            last.truncate(trimmed);
        }
        pieces.retain(|(_, t)| !t.is_empty());
        if pieces.is_empty() {
            return;
        }
        let mut width = Mm::from(0.0);
        let mut metrics = Metrics::default();
        let pieces: Vec<Piece> = pieces
            .into_iter()
            .map(|(run, text)| {
                let style = self.styles[run];
                let w = style.str_width(self.cache, &text);
                let ink = w - text_width(self.cache, style, &text[text.trim_end().len()..]);
                width += w;
                metrics = metrics.max(&style.metrics(self.cache));
                Piece {
                    text,
                    style,
                    mark: self.runs[run].mark,
                    link: self.runs[run].link.clone(),
                    width: w,
                    ink,
                }
            })
            .collect();
        self.lines.push(Line {
            pieces,
            width,
            metrics,
            right: false,
        });
    }

    /// Add a word, on this line if it fits, else on the next; a word longer than a line is
    /// broken between characters.
    fn word(&mut self, word: &Word) {
        let width: Mm = word
            .iter()
            .map(|(r, t)| text_width(self.cache, self.styles[*r], t))
            .sum();
        let trailing: Mm = word.last().map_or(Mm::from(0.0), |(r, t)| {
            text_width(self.cache, self.styles[*r], &t[t.trim_end().len()..])
        });
        let ink = width - trailing;
        if !self.pieces.is_empty() && self.x + ink > self.width {
            self.finish();
        }
        if ink <= self.width {
            for (r, t) in word {
                self.append(*r, t);
            }
            self.x += width;
            return;
        }
        let mut buf = [0u8; 4];
        for (r, t) in word {
            for c in t.chars() {
                let w = char_width(self.cache, self.styles[*r], c);
                if !self.pieces.is_empty() && self.x + w > self.width {
                    self.finish();
                }
                if self.pieces.is_empty() && c == ' ' {
                    continue;
                }
                self.append(*r, c.encode_utf8(&mut buf));
                self.x += w;
            }
        }
    }
}

/// The advance width of `c` in `style`, remembered: line breaking measures every character.
/// (Every style here is DejaVu Sans, regular or bold; the map is never iterated.)
fn char_width(cache: &FontCache, style: Style, c: char) -> Mm {
    thread_local! {
        static WIDTHS: RefCell<HashMap<(u8, bool, char), Mm>> = RefCell::new(HashMap::new());
    }
    WIDTHS.with(|widths| {
        *widths
            .borrow_mut()
            .entry((style.font_size(), style.is_bold(), c))
            .or_insert_with(|| style.char_width(cache, c))
    })
}

/// The width of `text` without kerning (which in DejaVu Sans mostly tightens): enough to
/// break lines; what is drawn is measured with kerning.
fn text_width(cache: &FontCache, style: Style, text: &str) -> Mm {
    text.chars().map(|c| char_width(cache, style, c)).sum()
}

fn layout(runs: &[Run], parent: Style, cache: &FontCache, width: Mm) -> Vec<Line> {
    if runs.iter().any(|r| has_rtl(&r.text)) {
        return layout_rtl(runs, parent, cache, width);
    }
    let styles: Vec<Style> = runs.iter().map(|r| parent.and(r.style)).collect();
    break_lines(cache, runs, &styles, width)
}

/// Shared by both directions: right-to-left text is broken as one flat run, then reordered.
fn break_lines(cache: &FontCache, runs: &[Run], styles: &[Style], width: Mm) -> Vec<Line> {
    let mut lines = Lines {
        cache,
        runs,
        styles,
        width,
        lines: Vec::new(),
        pieces: Vec::new(),
        x: Mm::from(0.0),
    };
    for word in words(runs) {
        lines.word(&word);
    }
    lines.finish();
    lines.lines
}

/// Text with right-to-left characters: one style (diff marks become `[-...-]` and `{+...+}`),
/// broken into lines in logical order, each line then reordered for drawing; right-aligned
/// when the paragraph's direction is right-to-left.
fn layout_rtl(runs: &[Run], parent: Style, cache: &FontCache, width: Mm) -> Vec<Line> {
    let mut flat = String::new();
    for run in runs {
        match run.mark {
            Mark::Deleted => {
                flat.push_str("[-");
                flat.push_str(&run.text);
                flat.push_str("-]");
            }
            Mark::Inserted => {
                flat.push_str("{+");
                flat.push_str(&run.text);
                flat.push_str("+}");
            }
            Mark::Plain | Mark::Link => flat.push_str(&run.text),
        }
    }
    let mut style = parent.and(runs[0].style);
    if matches!(runs[0].mark, Mark::Deleted | Mark::Inserted) {
        style.set_color(BLACK);
    }
    let single = [Run {
        text: flat.clone(),
        style,
        mark: Mark::Plain,
        link: None,
    }];
    let lines = break_lines(cache, &single, &[style], width);
    let info = unicode_bidi::ParagraphBidiInfo::new(&flat, None);
    let right = info.paragraph_level.is_rtl();
    // Find each logical line in the flat text (lines hold its text in order, minus the
    // spaces at breaks) and replace it by its visual order.
    let mut at = 0;
    let mut out = Vec::new();
    for mut line in lines {
        let text: String = line.pieces.iter().map(|p| p.text.as_str()).collect();
        while flat[at..].starts_with(' ') {
            at += 1;
        }
        let visual = if flat[at..].starts_with(&text) {
            let range = at..at + text.len();
            at = range.end;
            visual_order(&info, range)
        } else {
            text
        };
        let w = style.str_width(cache, &visual);
        line.pieces = vec![Piece {
            text: visual,
            style,
            mark: Mark::Plain,
            link: None,
            width: w,
            ink: w,
        }];
        line.width = w;
        line.right = right;
        out.push(line);
    }
    out
}

impl Element for RichText {
    fn render(
        &mut self,
        context: &Context,
        mut area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, GenError> {
        let cache = &context.font_cache;
        let available = area.size().width - self.indent;
        self.ensure_layout(cache, style, area.size().width);
        let lines = self.lines.as_deref().unwrap_or_default();
        let mut result = RenderResult::default();
        while let Some(line) = lines.get(self.next) {
            let height = line.metrics.line_height * self.spacing;
            if height > area.size().height {
                result.has_more = true;
                break;
            }
            let x0 = self.indent
                + if line.right && line.width < available {
                    available - line.width
                } else {
                    Mm::from(0.0)
                };
            let Some(mut section) = area.text_section(cache, Position::new(x0, 0), line.metrics)
            else {
                result.has_more = true;
                break;
            };
            for piece in &line.pieces {
                match &piece.link {
                    Some(url) => section.add_link(&piece.text, url, piece.style)?,
                    None => section.print_str(&piece.text, piece.style)?,
                }
            }
            drop(section);
            // genpdfi starts a line at minus the first glyph's left side bearing.
            let mut x = x0
                - line.pieces.first().map_or(Mm::from(0.0), |p| {
                    p.text
                        .chars()
                        .next()
                        .map_or(Mm::from(0.0), |c| p.style.char_left_side_bearing(cache, c))
                });
            for piece in &line.pieces {
                let mark = piece.mark;
                let size = f32::from(piece.style.font_size()) * PT;
                let y = match mark {
                    Mark::Plain => None,
                    Mark::Deleted => Some(line.metrics.ascent - Mm::from(size * 0.3)),
                    Mark::Inserted | Mark::Link => {
                        Some(line.metrics.ascent + Mm::from(size * 0.12))
                    }
                };
                if let Some(y) = y.filter(|_| piece.ink > Mm::from(0.0)) {
                    let color = piece.style.color().unwrap_or(BLACK);
                    area.draw_line(
                        [Position::new(x, y), Position::new(x + piece.ink, y)],
                        stroke(size * 0.06, color),
                    );
                }
                x += piece.width;
            }
            area.add_offset(Position::new(0, height));
            result.size.height += height;
            result.size.width = result.size.width.max(x0 + line.width);
            self.next += 1;
        }
        Ok(result)
    }
}

// ---------------------------------------------------------------------------------------------
// Small elements: badges, spaces, rules, page breaks on demand, the page decorator

/// Every line drawn here (rules, frames, badges, strikes) is solid: only its weight and colour
/// vary.
fn stroke(thickness: impl Into<Mm>, color: Color) -> LineStyle {
    LineStyle::new().with_thickness(thickness).with_color(color)
}

/// Shared by measuring a badge and drawing it, so the label sits where the box was sized for.
fn badge_pad(size: u8) -> (Mm, Mm) {
    let size = f32::from(size) * PT;
    (Mm::from(size * 0.45), Mm::from(size * 0.22))
}

fn badge_size(cache: &FontCache, label: &str, size: u8) -> (Mm, Mm, Style) {
    let style = Style::new().bold().with_font_size(size).with_color(WHITE);
    let (pad_x, pad_y) = badge_pad(size);
    let metrics = style.metrics(cache);
    (
        style.str_width(cache, label) + pad_x * 2.0,
        metrics.glyph_height + pad_y * 2.0,
        style,
    )
}

/// A filled box with a white label: a stroke as thick as the box, then the text on it.
fn draw_badge(
    area: &Area<'_>,
    cache: &FontCache,
    at: Position,
    label: &str,
    color: Color,
    size: u8,
) -> Result<(Mm, Mm), GenError> {
    let (w, h, style) = badge_size(cache, label, size);
    area.draw_line(
        [
            Position::new(at.x, at.y + h / 2.0),
            Position::new(at.x + w, at.y + h / 2.0),
        ],
        stroke(h, color),
    );
    let (pad_x, pad_y) = badge_pad(size);
    area.print_str(
        cache,
        Position::new(at.x + pad_x, at.y + pad_y),
        style,
        label,
    )?;
    Ok((w, h))
}

/// A badge alone (the summary table's verdicts).
struct Badge {
    label: String,
    color: Color,
    size: u8,
    done: bool,
}

impl Element for Badge {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, GenError> {
        let mut result = RenderResult::default();
        if self.done {
            return Ok(result);
        }
        let cache = &context.font_cache;
        let (w, h, _) = badge_size(cache, &self.label, self.size);
        if h > area.size().height {
            result.has_more = true;
            return Ok(result);
        }
        draw_badge(
            &area,
            cache,
            Position::new(0, 0),
            &self.label,
            self.color,
            self.size,
        )?;
        self.done = true;
        result.size = genpdfi::Size::new(w, h);
        Ok(result)
    }
}

/// Badges side by side, wrapping (the cover's verdict counts).
struct BadgeRow {
    items: Vec<(String, Color)>,
    size: u8,
    done: bool,
}

impl Element for BadgeRow {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, GenError> {
        let mut result = RenderResult::default();
        if self.done || self.items.is_empty() {
            return Ok(result);
        }
        let cache = &context.font_cache;
        let gap = Mm::from(2.5);
        // Measure first: the row is drawn whole or on the next page.
        let mut places = Vec::new();
        let (mut x, mut y, mut row_h) = (Mm::from(0.0), Mm::from(0.0), Mm::from(0.0));
        for (label, _) in &self.items {
            let (w, h, _) = badge_size(cache, label, self.size);
            if x > Mm::from(0.0) && x + w > area.size().width {
                x = Mm::from(0.0);
                y += row_h + gap;
            }
            places.push(Position::new(x, y));
            x += w + gap;
            row_h = row_h.max(h);
        }
        let height = y + row_h;
        if height > area.size().height {
            result.has_more = true;
            return Ok(result);
        }
        for ((label, color), at) in self.items.iter().zip(places) {
            draw_badge(&area, cache, at, label, *color, self.size)?;
        }
        self.done = true;
        result.size = genpdfi::Size::new(area.size().width, height);
        Ok(result)
    }
}

/// A badge followed by text on the same line (a claim's heading).
struct Badged {
    label: String,
    color: Color,
    size: u8,
    body: RichText,
    offset: Option<Mm>,
}

impl Element for Badged {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, GenError> {
        let cache = &context.font_cache;
        if let Some(offset) = self.offset {
            let mut body_area = area.clone();
            body_area.add_offset(Position::new(offset, 0));
            return self.body.render(context, body_area, style);
        }
        let (w, h, _) = badge_size(cache, &self.label, self.size);
        let offset = w + Mm::from(3.0);
        let first = self
            .body
            .first_line_height(cache, style, area.size().width - offset);
        if h.max(first) > area.size().height {
            return Ok(RenderResult {
                has_more: true,
                ..RenderResult::default()
            });
        }
        let zero = Mm::from(0.0);
        let badge_y = if first > h { (first - h) / 2.0 } else { zero };
        let body_y = if h > first { (h - first) / 2.0 } else { zero };
        draw_badge(
            &area,
            cache,
            Position::new(0, badge_y),
            &self.label,
            self.color,
            self.size,
        )?;
        self.offset = Some(offset);
        let mut body_area = area.clone();
        body_area.add_offset(Position::new(offset, body_y));
        let mut result = self.body.render(context, body_area, style)?;
        result.size.height = (result.size.height + body_y).max(h + badge_y);
        result.size.width = area.size().width;
        Ok(result)
    }
}

/// Vertical space in millimetres.
struct Space {
    height: Mm,
    done: bool,
}

fn space(mm: f32) -> Space {
    Space {
        height: Mm::from(mm),
        done: false,
    }
}

impl Element for Space {
    fn render(
        &mut self,
        _context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, GenError> {
        let mut result = RenderResult::default();
        if !self.done {
            self.done = true;
            let h = if self.height < area.size().height {
                self.height
            } else {
                area.size().height
            };
            result.size.height = h;
        }
        Ok(result)
    }
}

/// A horizontal rule with space above and below.
struct Rule {
    color: Color,
    thickness: f32,
    above: f32,
    below: f32,
    done: bool,
}

fn rule(color: Color, thickness: f32, above: f32, below: f32) -> Rule {
    Rule {
        color,
        thickness,
        above,
        below,
        done: false,
    }
}

impl Element for Rule {
    fn render(
        &mut self,
        _context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, GenError> {
        let mut result = RenderResult::default();
        if self.done {
            return Ok(result);
        }
        self.done = true;
        let h = Mm::from(self.above + self.below);
        if h > area.size().height {
            // At the foot of a page a rule only separates from nothing.
            return Ok(result);
        }
        let y = Mm::from(self.above);
        area.draw_line(
            [Position::new(0, y), Position::new(area.size().width, y)],
            stroke(self.thickness, self.color),
        );
        result.size = genpdfi::Size::new(area.size().width, h);
        Ok(result)
    }
}

/// A page break when less than `height` is left on the page: keeps a heading with what
/// follows it. Only at the top level of the document.
struct NeedSpace {
    height: Mm,
    done: bool,
}

fn need(mm: f32) -> NeedSpace {
    NeedSpace {
        height: Mm::from(mm),
        done: false,
    }
}

impl Element for NeedSpace {
    fn render(
        &mut self,
        _context: &Context,
        area: Area<'_>,
        _style: Style,
    ) -> Result<RenderResult, GenError> {
        if self.done {
            return Ok(RenderResult::default());
        }
        self.done = true;
        if area.size().height < self.height {
            // As genpdfi's PageBreak: a non-zero size so that a page break on an empty page is
            // not taken for an element that cannot fit.
            return Ok(RenderResult {
                size: genpdfi::Size::new(1, 0),
                has_more: true,
            });
        }
        Ok(RenderResult::default())
    }
}

/// Margins and the footer: a rule, the project's title on the left, "Page N" on the right.
struct Pages {
    page: usize,
    footer: String,
}

impl PageDecorator for Pages {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        _style: Style,
    ) -> Result<Area<'a>, GenError> {
        self.page += 1;
        let (top, right, bottom, left) = MARGINS;
        area.add_margins(Margins::trbl(top, right, bottom, left));
        let cache = &context.font_cache;
        let width = area.size().width;
        let y = area.size().height - Mm::from(FOOTER);
        area.draw_line(
            [Position::new(0, y), Position::new(width, y)],
            stroke(0.2, LIGHT),
        );
        let style = Style::new().with_font_size(8).with_color(GREY);
        let label = format!("Page {}", self.page);
        let label_w = style.str_width(cache, &label);
        let text_y = y + Mm::from(2.0);
        area.print_str(cache, Position::new(width - label_w, text_y), style, &label)?;
        let room = width - label_w - Mm::from(10.0);
        let title = fit(cache, style, &self.footer, room);
        area.print_str(cache, Position::new(0, text_y), style, &title)?;
        area.set_height(y - Mm::from(3.0));
        Ok(area)
    }
}

/// `text`, shortened with an ellipsis to fit `width`.
fn fit(cache: &FontCache, style: Style, text: &str, width: Mm) -> String {
    if style.str_width(cache, text) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if style.str_width(cache, &candidate) <= width {
            return candidate;
        }
    }
    String::new()
}

// ---------------------------------------------------------------------------------------------
// The document's parts

/// The document's elements in reading order. It boxes what the parts push, so that they read
/// as what they draw.
#[derive(Default)]
struct Flow(Vec<Box<dyn Element>>);

impl Flow {
    fn push(&mut self, element: impl Element + 'static) {
        self.0.push(Box::new(element));
    }

    fn space(&mut self, mm: f32) {
        self.push(space(mm));
    }

    fn need(&mut self, mm: f32) {
        self.push(need(mm));
    }
}

fn st(size: u8) -> Style {
    Style::new().with_font_size(size)
}

fn bold(size: u8) -> Style {
    Style::new().with_font_size(size).bold()
}

fn colored(style: Style, color: Color) -> Style {
    style.with_color(color)
}

/// One run of text: the start of most lines, which add runs to it.
fn styled(text: impl Into<String>, style: Style) -> RichText {
    RichText::new().run(text, style)
}

fn plain(text: &str, size: u8, color: Color) -> RichText {
    styled(text, colored(st(size), color))
}

/// A line under one of a claim's sub-headings: indented, so the sub-heading stands out.
fn indented(text: impl Into<String>, style: Style) -> RichText {
    styled(text, style).indent(INDENT)
}

/// A grey bold label and its value: the label is read past, the value is what the line says.
fn labelled(label: &str, size: u8, value: impl Into<String>, style: Style) -> RichText {
    styled(label, colored(bold(size), GREY)).run(value, style)
}

/// The first line of a passage or a comparison: what it is in bold, then how it bears on the
/// claim in small grey type.
fn entry_head(name: String, detail: &str) -> RichText {
    indented(name, bold(9)).run(format!("  {detail}"), colored(st(8), GREY))
}

/// `source:line`, the source cleaned for the bold face it is drawn in.
fn place(text: &mut Checker, ctx: &str, source: &str, line: usize) -> String {
    format!("{}:{line}", text.clean(ctx, source, true))
}

/// A call-out that must not be missed (no supporting passage, a discrepancy): a bold title
/// in `color`, then its lines, padded and framed in the same colour.
struct FramedBox {
    body: LinearLayout,
    color: Color,
    thickness: f32,
}

fn framed_box(title: impl Into<String>, color: Color, thickness: f32) -> FramedBox {
    FramedBox {
        body: LinearLayout::vertical()
            .element(styled(title, colored(bold(10), color)))
            .element(space(1.0)),
        color,
        thickness,
    }
}

impl FramedBox {
    fn line(mut self, element: impl Element + 'static) -> FramedBox {
        self.push(element);
        self
    }

    fn push(&mut self, element: impl Element + 'static) {
        self.body.push(element);
    }

    /// Onto the flow, on a new page unless `room` is left: a frame split across pages reads
    /// as two.
    fn end(self, flow: &mut Flow, room: f32) {
        flow.need(room);
        flow.space(2.5);
        flow.push(
            self.body
                .padded(Margins::trbl(2.0, 3.0, 2.0, 3.0))
                .framed(stroke(self.thickness, self.color)),
        );
    }
}

fn heading(text: &str, size: u8) -> LinearLayout {
    LinearLayout::vertical()
        .element(styled(text, bold(size)))
        .element(space(2.5))
}

fn legend() -> LinearLayout {
    let s = colored(st(8), GREY);
    LinearLayout::vertical()
        .element(
            styled("In word diffs, ", s)
                .marked(
                    "struck-through red words",
                    colored(st(8), RED),
                    Mark::Deleted,
                )
                .run(
                    " are only in the first text (the claim, the quote, the first source), ",
                    s,
                )
                .marked(
                    "underlined green words",
                    colored(st(8), GREEN),
                    Mark::Inserted,
                )
                .run(" only in the second (the source, the second source).", s),
        )
        .element(space(2.0))
}

fn quoted(text: &str) -> String {
    format!("“{text}”")
}

fn percent(x: f64) -> String {
    format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
}

fn cover(flow: &mut Flow, text: &mut Checker, analysis: &Analysis, title: &str) {
    let p = &analysis.project;
    let s = &analysis.summary;
    let ctx = "the project";
    flow.space(28.0);
    flow.push(plain("FACT-CHECK BRIEFING", 10, GREY));
    flow.space(3.0);
    flow.push(styled(title, bold(24)).spacing(1.1));
    flow.space(5.0);
    if let Some(description) = &p.description {
        flow.push(styled(text.clean(ctx, description, false), st(11)));
        flow.space(2.0);
    }
    if let Some(author) = &p.author {
        let a = text.clean(ctx, author, false);
        flow.push(styled("By ", st(10)).run(a, bold(10)));
    }
    if let Some(url) = &p.url {
        let u = text.clean(ctx, url, false);
        flow.push(RichText::new().link(u, url.trim(), colored(st(10), BLUE)));
    }
    flow.space(10.0);

    // The counts, three to a row.
    let counts = [
        (s.claims.to_string(), "claims"),
        (s.sources.to_string(), "sources"),
        (
            format!("{} of {}", s.citations_holding, s.citations),
            "citations hold",
        ),
        (
            s.claims_without_citation.to_string(),
            "claims without citation",
        ),
        (
            s.claims_without_support.to_string(),
            "claims without a supporting passage",
        ),
        (s.discrepancies.to_string(), "discrepancies between sources"),
    ];
    let mut table = TableLayout::new(vec![1, 1, 1]);
    for row in counts.chunks(3) {
        let cells: Vec<Box<dyn Element>> = row
            .iter()
            .map(|(n, label)| {
                Box::new(
                    LinearLayout::vertical()
                        .element(styled(n.as_str(), bold(20)))
                        .element(plain(label, 9, GREY))
                        .element(space(4.0)),
                ) as Box<dyn Element>
            })
            .collect();
        // Three cells for three columns: cannot fail.
        let _ = table.push_row(cells);
    }
    flow.push(table);
    flow.space(4.0);
    flow.push(styled("Verdicts", colored(bold(9), GREY)));
    flow.space(1.5);
    flow.push(BadgeRow {
        items: s
            .verdicts
            .iter()
            .map(|v| {
                (
                    format!("{}  {}", v.verdict.as_str(), v.count),
                    verdict_color(v.verdict),
                )
            })
            .collect(),
        size: 10,
        done: false,
    });
    flow.space(14.0);
    let g = &analysis.generator;
    let mut generated = format!("Generated by {} {}", g.name, g.version);
    if let Some(date) = &g.date {
        generated.push_str(&format!(" on {date}"));
    }
    flow.push(plain(&generated, 9, GREY));
    let files = format!(
        "Claims: {} · sources: {}",
        text.clean(ctx, &p.claims_file, false),
        text.clean(ctx, &p.sources_dir, false)
    );
    flow.push(plain(&files, 9, GREY));
}

/// Column weights of the summary table (tenths of a millimetre): the id column as wide as the
/// longest id needs, up to 60% of the line.
fn summary_widths(cache: &FontCache, analysis: &Analysis) -> [usize; 4] {
    let line = 210.0 - MARGINS.1 - MARGINS.3;
    let pad = 2.0 * CELL_PAD_X + 1.0;
    let mm = |m: Mm| f32::from(m);
    let id = analysis
        .claims
        .iter()
        .map(|c| mm(st(9).str_width(cache, &c.id)))
        .fold(mm(st(9).str_width(cache, "Claim")), f32::max)
        + pad;
    let verdict = Verdict::ALL
        .iter()
        .map(|v| mm(badge_size(cache, v.as_str(), 7).0))
        .fold(0.0, f32::max)
        + pad;
    let sources = mm(bold(8).str_width(cache, "Sources")) + pad;
    let rest = line - verdict - sources;
    let id = id.clamp(30.0, line * 0.6).min(rest - 35.0);
    let citations = line - id - verdict - sources;
    [id, verdict, sources, citations].map(|w| (w.max(5.0) * 10.0).round() as usize)
}

const CELL_PAD_X: f32 = 1.5;

fn cell<E: Element + 'static>(element: E) -> Box<dyn Element> {
    Box::new(element.padded(Margins::trbl(1.2, CELL_PAD_X, 1.0, CELL_PAD_X)))
}

fn summary_table(flow: &mut Flow, text: &mut Checker, analysis: &Analysis, widths: [usize; 4]) {
    flow.push(heading("Summary", 16));
    if analysis.claims.is_empty() {
        flow.push(plain("No claims.", 10, GREY));
        return;
    }
    let mut table = TableLayout::new(widths.to_vec());
    table.set_cell_decorator(RowRules);
    let head = colored(bold(8), GREY);
    let _ = table.push_row(
        ["Claim", "Verdict", "Sources", "Citations"]
            .into_iter()
            .map(|h| cell(styled(h, head)))
            .collect(),
    );
    for claim in &analysis.claims {
        let id = text.clean(&claim_context(claim), &claim.id, false);
        let citations = match claim.citation_status {
            Some(status) => styled(status.as_str(), colored(bold(9), status_color(status))).run(
                format!(
                    "  ({} {})",
                    claim.citations.len(),
                    if claim.citations.len() == 1 {
                        "citation"
                    } else {
                        "citations"
                    }
                ),
                colored(st(8), GREY),
            ),
            None => styled("no citation", colored(bold(9), RED)),
        };
        let _ = table.push_row(vec![
            cell(styled(id, st(9))),
            cell(Badge {
                label: claim.verdict.as_str().to_string(),
                color: verdict_color(claim.verdict),
                size: 7,
                done: false,
            }),
            cell(styled(claim.wordings.len().to_string(), st(9))),
            cell(citations),
        ]);
    }
    flow.push(table);
}

/// A rule under every row of a table (darker under the header), no vertical lines.
struct RowRules;

impl CellDecorator for RowRules {
    fn decorate_cell(
        &mut self,
        _column: usize,
        row: usize,
        has_more: bool,
        area: Area<'_>,
        row_height: Mm,
    ) -> Mm {
        if !has_more {
            let (color, thickness) = if row == 0 { (GREY, 0.3) } else { (LIGHT, 0.15) };
            area.draw_line(
                [
                    Position::new(0, row_height),
                    Position::new(area.size().width, row_height),
                ],
                stroke(thickness, color),
            );
        }
        row_height
    }
}

fn claim_context(claim: &ClaimAnalysis) -> String {
    format!("claim \"{}\"", claim.id)
}

fn sub_heading(flow: &mut Flow, label: &str) {
    flow.need(18.0);
    flow.space(2.5);
    flow.push(styled(label, colored(bold(10), GREY)));
    flow.space(1.0);
}

/// Word diff runs as rich text: equal words plain, deleted red and struck through, inserted
/// green and underlined, spaced as [`crate::diff::render::lay_out`] says. Whitespace is drawn
/// plain, once, so that marks cover words only.
fn diff_text(text: &mut Checker, ctx: &str, label: &str, runs: &[DiffRun]) -> RichText {
    let mut out = RichText::new().indent(INDENT);
    if !label.is_empty() {
        out = out.run(format!("{label} "), colored(bold(8), GREY));
    }
    let runs = runs.iter().map(|r| (r.op, r.text.as_str()));
    let clean = |t: &str| Some(text.clean(ctx, t, false)).filter(|core| !core.is_empty());
    for shown in crate::diff::render::lay_out(runs, clean) {
        if shown.space_before {
            out = out.run(" ", st(9));
        }
        out = match shown.op {
            DiffOp::Equal => out.run(shown.core, st(9)),
            DiffOp::Delete => out.marked(shown.core, colored(st(9), RED), Mark::Deleted),
            DiffOp::Insert => out.marked(shown.core, colored(st(9), GREEN), Mark::Inserted),
        };
    }
    out
}

fn claim_section(flow: &mut Flow, text: &mut Checker, claim: &ClaimAnalysis, first: bool) {
    let ctx = claim_context(claim);
    let ctx = ctx.as_str();
    flow.need(45.0);
    if !first {
        flow.push(rule(LIGHT, 0.3, 4.0, 4.0));
    }
    let id = text.clean(ctx, &claim.id, true);
    flow.push(Badged {
        label: claim.verdict.as_str().to_uppercase(),
        color: verdict_color(claim.verdict),
        size: 8,
        body: styled(id, bold(13)),
        offset: None,
    });
    let mut meta = format!("claims.toml line {}", claim.line);
    if !claim.tags.is_empty() {
        meta.push_str(" · tags: ");
        meta.push_str(&text.clean_each(ctx, &claim.tags).join(", "));
    }
    flow.space(1.0);
    flow.push(plain(&meta, 8, GREY));
    flow.space(1.5);
    let body = text.clean(ctx, &claim.text, false);
    flow.push(styled(body, st(11)).spacing(1.2));
    if let Some(note) = &claim.note {
        let note = text.clean(ctx, note, false);
        if !note.is_empty() {
            flow.space(1.5);
            flow.push(labelled("Note: ", 9, note, colored(st(9), GREY)));
        }
    }

    sub_heading(flow, "Citations");
    if claim.citations.is_empty() {
        flow.push(indented(
            "No citation: this claim cites no source.",
            colored(bold(9), RED),
        ));
    }
    for c in &claim.citations {
        citation(flow, text, ctx, c);
    }

    if claim.no_supporting_passage_found {
        no_support(flow, text, ctx, claim);
    }
    // Findings before the evidence they come from.
    for d in &claim.discrepancies {
        discrepancy(flow, text, ctx, d);
    }

    if !claim.wordings.is_empty() {
        sub_heading(flow, "Supporting passages by source");
        // A passage that another source has word for word (syndicated copy) is drawn once.
        let mut drawn: Vec<&Wording> = Vec::new();
        for w in &claim.wordings {
            match drawn.iter().find(|d| d.text == w.text) {
                Some(first) => same_wording(flow, text, ctx, w, first),
                None => {
                    wording(flow, text, ctx, w);
                    drawn.push(w);
                }
            }
        }
    }

    if !claim.comparisons.is_empty() {
        sub_heading(flow, "How the sources word it");
        let mut same = Vec::new();
        let mut far = Vec::new();
        for c in &claim.comparisons {
            if c.diff.is_empty() {
                // Too different to be diffed (compare): listed, not drawn.
                far.push(c);
            } else if c.diff.iter().all(|r| r.op == DiffOp::Equal) {
                same.push(c);
            } else {
                comparison(flow, text, ctx, c);
            }
        }
        for (label, pairs, with_percent) in [
            ("Word for word the same: ", same, false),
            ("Too different for a word diff to help: ", far, true),
        ] {
            if pairs.is_empty() {
                continue;
            }
            let pairs: Vec<String> = pairs
                .iter()
                .map(|c| {
                    let (a, b) = (
                        text.clean(ctx, &c.sources[0], false),
                        text.clean(ctx, &c.sources[1], false),
                    );
                    if with_percent {
                        format!("{a} → {b} ({})", percent(c.similarity))
                    } else {
                        format!("{a} → {b}")
                    }
                })
                .collect();
            flow.push(labelled(label, 8, pairs.join(", "), colored(st(8), GREY)).indent(INDENT));
            flow.space(1.8);
        }
    }
    flow.space(2.0);
}

fn citation(flow: &mut Flow, text: &mut Checker, ctx: &str, c: &CitationResult) {
    let at = match c.line {
        Some(line) => place(text, ctx, &c.source, line),
        None => text.clean(ctx, &c.source, true),
    };
    let quote = text.clean(ctx, &c.quote, false);
    flow.need(12.0);
    flow.push(
        indented(c.status.as_str(), colored(bold(9), status_color(c.status)))
            .run("  ", st(9))
            .run(at, bold(9))
            .run("  ", st(9))
            .run(quoted(&quote), st(9)),
    );
    if let Some(diff) = c.diff.as_ref().filter(|d| !d.is_empty()) {
        flow.push(diff_text(text, ctx, "Quote → source:", diff));
    }
    if let Some(found) = &c.found_in {
        let other = place(text, ctx, &found.source, found.line);
        flow.push(
            indented("The quote is in another source: ", colored(st(8), GREY)).run(other, bold(8)),
        );
    }
    if c.status == QuoteStatus::UnknownSource {
        flow.push(indented("No source has this id.", colored(st(8), GREY)));
    }
    flow.space(1.2);
}

fn no_support(flow: &mut Flow, text: &mut Checker, ctx: &str, claim: &ClaimAnalysis) {
    let mut call_out = framed_box("No supporting passage found", RED, 0.5).line(plain(
        "Even the best passage of the sources matches less than a fifth of the claim's \
         words. The closest candidates, which are not support:",
        9,
        GREY,
    ));
    for m in claim.matches.iter().take(3) {
        let at = place(text, ctx, &m.source, m.line);
        let passage = text.clean(ctx, &m.text, false);
        call_out.push(space(1.0));
        call_out.push(
            styled(at, bold(8))
                .run(
                    format!("  ({} of the claim)  ", percent(m.coverage)),
                    colored(st(8), GREY),
                )
                .run(passage, colored(st(8), GREY)),
        );
    }
    call_out.end(flow, 25.0);
}

fn wording(flow: &mut Flow, text: &mut Checker, ctx: &str, w: &Wording) {
    let at = place(text, ctx, &w.source, w.line);
    let mut how = if w.cited { "cited" } else { "found by search" }.to_string();
    if w.similarity > 0.0 {
        how.push_str(&format!(" · {} like the claim", percent(w.similarity)));
    }
    flow.need(14.0);
    flow.push(entry_head(at, &how));
    let passage = text.clean(ctx, &w.text, false);
    flow.push(indented(passage, st(9)));
    if !w.diff.is_empty() {
        flow.space(0.8);
        flow.push(diff_text(text, ctx, "Claim → source:", &w.diff));
    }
    flow.space(1.8);
}

/// A wording whose passage an earlier source has word for word: named, not drawn again.
fn same_wording(flow: &mut Flow, text: &mut Checker, ctx: &str, w: &Wording, first: &Wording) {
    let at = place(text, ctx, &w.source, w.line);
    let how = if w.cited { "cited" } else { "found by search" };
    let first = place(text, ctx, &first.source, first.line);
    flow.need(8.0);
    flow.push(entry_head(
        at,
        &format!("{how} · word for word the passage of {first}"),
    ));
    flow.space(1.8);
}

fn comparison(flow: &mut Flow, text: &mut Checker, ctx: &str, c: &Comparison) {
    let a = text.clean(ctx, &c.sources[0], true);
    let b = text.clean(ctx, &c.sources[1], true);
    flow.need(12.0);
    flow.push(entry_head(
        format!("{a} → {b}"),
        &format!("{} alike", percent(c.similarity)),
    ));
    if !c.diff.is_empty() {
        flow.push(diff_text(text, ctx, "", &c.diff));
    }
    flow.space(1.8);
}

fn kind_name<T: serde::Serialize>(kind: &T) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "difference".to_string(),
    }
}

fn discrepancy(flow: &mut Flow, text: &mut Checker, ctx: &str, d: &Discrepancy) {
    let says = |text: &mut Checker, source: &str, line: usize, wording: &str| {
        let at = place(text, ctx, source, line);
        let wording = text.clean(ctx, wording, false);
        styled(at, bold(9))
            .run("  ", st(9))
            .run(quoted(&wording), st(10))
    };
    let detail = text.clean(ctx, &d.detail, false);
    framed_box(format!("Discrepancy: {}", kind_name(&d.kind)), ORANGE, 0.6)
        .line(says(text, &d.sources[0], d.a_at.line, &d.a))
        .line(says(text, &d.sources[1], d.b_at.line, &d.b))
        .line(space(1.0))
        .line(plain(&detail, 9, GREY))
        .end(flow, 28.0);
}

fn source_entry(flow: &mut Flow, text: &mut Checker, s: &SourceInfo) {
    let ctx = format!("source \"{}\"", s.id);
    let ctx = ctx.as_str();
    flow.need(32.0);
    flow.push(styled(text.clean(ctx, &s.id, true), bold(12)));
    let title = text.clean(ctx, &s.title, false);
    if !title.is_empty() {
        flow.push(styled(title, st(10)));
    }
    let mut meta = Vec::new();
    if let Some(p) = &s.publisher {
        meta.push(text.clean(ctx, p, false));
    }
    if let Some(d) = &s.published {
        meta.push(text.clean(ctx, d, false));
    }
    meta.retain(|m| !m.is_empty());
    if !meta.is_empty() {
        flow.push(plain(&meta.join(" · "), 9, GREY));
    }
    if let Some(url) = &s.url {
        let shown = text.clean(ctx, url, false);
        flow.push(RichText::new().link(shown, url.trim(), colored(st(9), BLUE)));
    }
    let file = text.clean(ctx, &s.file, false);
    flow.push(plain(
        &format!("File {file} · {} passages", s.passages),
        8,
        GREY,
    ));
    flow.push(plain(&format!("SHA-256 {}", s.sha256), 8, GREY));
    if s.cited_by.is_empty() {
        flow.push(plain("Cited by no claim.", 9, GREY));
    } else {
        let ids = text.clean_each(ctx, &s.cited_by).join(", ");
        flow.push(labelled("Cited by: ", 9, ids, st(9)));
    }
    let found: Vec<&String> = s
        .supports
        .iter()
        .filter(|id| !s.cited_by.contains(id))
        .collect();
    if !found.is_empty() {
        let ids = text.clean_each(ctx, found).join(", ");
        flow.push(labelled("Also supports: ", 9, ids, st(9)));
    }
    flow.space(5.0);
}

// ---------------------------------------------------------------------------------------------
// Dates and the reproducible file

/// SOURCE_DATE_EPOCH when set and valid, else [`FIXED_DATE_EPOCH`].
fn pdf_date() -> printpdf::OffsetDateTime {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(FIXED_DATE_EPOCH);
    printpdf::OffsetDateTime::from_unix_timestamp(secs)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(FIXED_DATE_EPOCH))
        .unwrap_or(printpdf::OffsetDateTime::UNIX_EPOCH)
}

struct Info<'a> {
    title: &'a str,
    author: Option<&'a str>,
    creator: String,
}

/// A PDF text string: PDFDocEncoding is ASCII for printable ASCII, else UTF-16BE with a BOM.
fn pdf_string(text: &str) -> lopdf::Object {
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
fn finish(raw: &[u8], info: &Info<'_>) -> Result<Vec<u8>, String> {
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
    if let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.set("Title", pdf_string(info.title));
            dict.set("Creator", pdf_string(&info.creator));
            dict.set(
                "Producer",
                pdf_string("genpdfi 0.2.7 (printpdf 0.7.0), post-processed by factcheck"),
            );
            match info.author {
                Some(a) if !a.trim().is_empty() => dict.set("Author", pdf_string(a.trim())),
                _ => {
                    dict.remove(b"Author");
                }
            }
            let empty: Vec<Vec<u8>> = dict
                .iter()
                .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
                .map(|(k, _)| k.clone())
                .collect();
            for key in empty {
                dict.remove(&key);
            }
        }
    }
    rename_fonts(&mut doc);
    let mut to_unicode = BTreeSet::new();
    for object in doc.objects.values() {
        to_unicode_refs(object, &mut to_unicode);
    }
    let fonts = compressed_faces();
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
        } else if stream.dict.get(b"Filter").is_err() {
            if let Some((_, packed)) = fonts.iter().find(|(plain, _)| **plain == stream.content) {
                // The faces, compressed once per process: Flate at its best is slow.
                stream.set_content(packed.clone());
                stream.dict.set("Filter", "FlateDecode");
                stream.allows_compression = false;
            }
        }
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), lopdf::StringFormat::Literal);
    doc.trailer
        .set("ID", vec![placeholder.clone(), placeholder]);
    doc.prune_objects();
    doc.delete_zero_length_streams();
    doc.compress();
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

/// The two faces' bytes and their Flate-compressed form, computed once.
fn compressed_faces() -> &'static [(&'static [u8], Vec<u8>); 2] {
    static PACKED: OnceLock<[(&'static [u8], Vec<u8>); 2]> = OnceLock::new();
    PACKED.get_or_init(|| {
        [dejavu::sans::regular(), dejavu::sans::bold()].map(|face| {
            let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), face.to_vec());
            // If compression fails or does not help, the stream keeps its bytes.
            let _ = stream.compress();
            (face, stream.content)
        })
    })
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

    fn checker() -> Checker {
        let (regular, bold) = faces().unwrap();
        Checker::new(regular, bold)
    }

    #[test]
    fn cleaning_collapses_whitespace_and_drops_controls() {
        let mut c = checker();
        assert_eq!(
            c.clean("x", "  a\tb\n\nc\u{200b}d\u{00ad}e  ", false),
            "a b cde"
        );
        // NFC: e + combining acute becomes é.
        assert_eq!(c.clean("x", "e\u{301}", false), "é");
        assert!(c.warnings().is_empty());
    }

    #[test]
    fn missing_glyphs_are_replaced_and_reported_once_per_context() {
        let mut c = checker();
        let out = c.clean("claim \"cjk\"", "Beijing 北京", false);
        assert_eq!(out, "Beijing \u{fffd}\u{fffd}");
        c.clean("claim \"cjk\"", "北", true);
        let w = c.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("claim \"cjk\": "), "{w:?}");
        assert!(w[0].contains("U+5317") && w[0].contains("U+4EAC"), "{w:?}");
    }

    #[test]
    fn right_to_left_scripts_are_detected() {
        assert_eq!(rtl_script('ש'), Some("Hebrew"));
        assert_eq!(rtl_script('م'), Some("Arabic"));
        assert_eq!(rtl_script('a'), None);
        let mut c = checker();
        c.clean("source \"x\"", "שלום and مرحبا", false);
        let w = c.warnings();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("Arabic, Hebrew") && w[0].contains("Markdown"),
            "{w:?}"
        );
    }

    #[test]
    fn hebrew_lines_are_put_in_visual_order() {
        // "shalom" in logical order is shin-lamed-vav-mem; drawn left to right: mem first.
        assert_eq!(visual_line("שלום"), "םולש");
        assert_eq!(visual_line("plain"), "plain");
        assert_eq!(visual_line("(שלום)"), "(םולש)");
        assert_eq!(
            visual_line("Unit 8200 (יחידה 8200)"),
            "Unit 8200 (8200 הדיחי)"
        );
    }

    #[test]
    fn words_keep_their_trailing_spaces_and_join_runs() {
        let runs = vec![
            Run {
                text: "ab".into(),
                style: Style::new(),
                mark: Mark::Plain,
                link: None,
            },
            Run {
                text: "cd ef".into(),
                style: Style::new(),
                mark: Mark::Deleted,
                link: None,
            },
        ];
        let w = words(&runs);
        assert_eq!(
            w,
            vec![
                vec![(0, "ab".to_string()), (1, "cd ".to_string())],
                vec![(1, "ef".to_string())]
            ]
        );
    }

    fn joined(t: &RichText) -> String {
        t.runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn diff_runs_of_both_shapes_read_as_text() {
        let run = |op, text: &str| DiffRun {
            op,
            text: text.to_string(),
        };
        let mut c = checker();
        // Words joined by spaces, runs without edges (quote near misses).
        let near = [
            run(DiffOp::Equal, "storing up to"),
            run(DiffOp::Delete, "two"),
            run(DiffOp::Insert, "a"),
            run(DiffOp::Equal, "million calls"),
        ];
        let t = diff_text(&mut c, "x", "Quote:", &near);
        assert_eq!(joined(&t), "Quote: storing up to two a million calls");
        // Runs that concatenate back to the texts, whitespace included (comparisons).
        let whole = [
            run(DiffOp::Delete, "The system "),
            run(DiffOp::Insert, "Amnesty\nhas "),
            run(DiffOp::Equal, "warned Palestinians"),
            run(DiffOp::Equal, "."),
            run(DiffOp::Delete, " "),
            run(DiffOp::Insert, "  "),
            run(DiffOp::Equal, "Then"),
        ];
        let t = diff_text(&mut c, "x", "", &whole);
        assert_eq!(
            joined(&t),
            "The system Amnesty has warned Palestinians. Then"
        );
        let marks: Vec<Mark> = t.runs.iter().map(|r| r.mark).collect();
        assert_eq!(marks[0], Mark::Deleted);
        assert_eq!(marks[2], Mark::Inserted);
        assert!(t
            .runs
            .iter()
            .filter(|r| r.text == " ")
            .all(|r| r.mark == Mark::Plain));
    }

    fn document() -> Document {
        let (regular, bold) = faces().unwrap();
        Document::new(FontFamily {
            regular: regular.clone(),
            bold: bold.clone(),
            italic: regular,
            bold_italic: bold,
        })
    }

    fn runs(items: &[(&str, Mark)]) -> Vec<Run> {
        items
            .iter()
            .map(|(text, mark)| Run {
                text: text.to_string(),
                style: st(9),
                mark: *mark,
                link: None,
            })
            .collect()
    }

    #[test]
    fn words_longer_than_the_line_are_broken() {
        let doc = document();
        let width = Mm::from(50.0);
        let long = "x".repeat(500);
        let lines = layout(
            &runs(&[
                ("short", Mark::Plain),
                (&format!(" {long} end"), Mark::Plain),
            ]),
            Style::new(),
            doc.font_cache(),
            width,
        );
        assert!(lines.len() > 5, "{}", lines.len());
        for line in &lines {
            assert!(line.width <= width + Mm::from(0.5), "{:?}", line.width);
        }
        let text: String = lines
            .iter()
            .flat_map(|l| l.pieces.iter().map(|p| p.text.as_str()))
            .collect();
        assert_eq!(text, format!("short{long} end"));
        assert!(layout(&[], Style::new(), doc.font_cache(), width).is_empty());
        // Not even one character fits: one per line, no endless loop.
        let narrow = layout(
            &runs(&[("abc", Mark::Plain)]),
            Style::new(),
            doc.font_cache(),
            Mm::from(0.1),
        );
        assert_eq!(narrow.len(), 3);
    }

    #[test]
    fn right_to_left_diffs_lose_their_marks_but_keep_their_sense() {
        let doc = document();
        let lines = layout(
            &runs(&[
                ("שלום", Mark::Deleted),
                (" ", Mark::Plain),
                ("world", Mark::Inserted),
            ]),
            Style::new(),
            doc.font_cache(),
            Mm::from(170.0),
        );
        assert_eq!(lines.len(), 1);
        let piece = &lines[0].pieces[0];
        assert_eq!(piece.mark, Mark::Plain);
        // Read right to left: [-שלום-] {+world+}, brackets mirrored as drawn.
        assert_eq!(piece.text, "{+world+} [-םולש-]");
    }

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

    #[test]
    fn the_fixed_date_is_2000_01_01() {
        let d = printpdf::OffsetDateTime::from_unix_timestamp(FIXED_DATE_EPOCH).unwrap();
        assert_eq!((d.year(), u8::from(d.month()), d.day()), (2000, 1, 1));
    }
}

// Below the tests only until this file is split into a folder, where it moves.
/// The PDF briefing as a [`super::Renderer`].
#[allow(clippy::items_after_test_module)]
pub struct Pdf;

impl super::Renderer for Pdf {
    fn render(&self, analysis: &Analysis) -> Result<super::Rendered, InputError> {
        let PdfOutput { bytes, warnings } = render(analysis)?;
        Ok(super::Rendered { bytes, warnings })
    }
}
