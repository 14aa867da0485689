//! Rich text: the one text element, with its own line breaking.

use std::cell::RefCell;
use std::collections::HashMap;

use genpdfi::error::Error as GenError;
use genpdfi::fonts::{FontCache, Metrics};
use genpdfi::render::Area;
use genpdfi::style::Style;
use genpdfi::{Context, Element, Mm, Position, RenderResult};

use super::elements::stroke;
use super::fonts::{has_rtl, visual_order};
use super::{BLACK, PT};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mark {
    Plain,
    /// Only in the first text of a diff: struck through.
    Deleted,
    /// Only in the second text of a diff: underlined.
    Inserted,
    /// A hyperlink: underlined.
    Link,
}

#[derive(Clone, Debug)]
pub(super) struct Run {
    pub(super) text: String,
    style: Style,
    pub(super) mark: Mark,
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
pub(super) struct RichText {
    runs: Vec<Run>,
    indent: Mm,
    spacing: f32,
    lines: Option<Vec<Line>>,
    next: usize,
}

impl RichText {
    pub(super) fn new() -> RichText {
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

    pub(super) fn run(mut self, text: impl Into<String>, style: Style) -> RichText {
        self.push(text, style, Mark::Plain, None);
        self
    }

    pub(super) fn marked(mut self, text: impl Into<String>, style: Style, mark: Mark) -> RichText {
        self.push(text, style, mark, None);
        self
    }

    /// A clickable link for http(s) URLs; any other scheme (`javascript:`, `file:`) from a
    /// claims file is shown as plain text.
    pub(super) fn link(mut self, text: impl Into<String>, url: &str, style: Style) -> RichText {
        let lower = url.trim_start().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            self.push(text, style, Mark::Link, Some(url.to_string()));
        } else {
            self.push(text, style, Mark::Plain, None);
        }
        self
    }

    /// A link to the anchor `key` within the document ([`super::nav`]), not underlined.
    pub(super) fn goto(mut self, text: impl Into<String>, key: &str, style: Style) -> RichText {
        self.push(text, style, Mark::Plain, Some(super::nav::goto(key)));
        self
    }

    pub(super) fn indent(mut self, mm: f32) -> RichText {
        self.indent = Mm::from(mm);
        self
    }

    pub(super) fn spacing(mut self, factor: f32) -> RichText {
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

    pub(super) fn first_line_height(&mut self, cache: &FontCache, parent: Style, width: Mm) -> Mm {
        let spacing = self.spacing;
        self.ensure_layout(cache, parent, width)
            .first()
            .map_or(Mm::from(0.0), |l| l.metrics.line_height * spacing)
    }
}

#[cfg(test)]
impl RichText {
    pub(super) fn runs(&self) -> &[Run] {
        &self.runs
    }
}

/// A text unit that is never broken across lines unless it is longer than a line: a word and
/// the spaces after it, possibly in several runs.
type WordRuns = Vec<(usize, String)>;

fn words(runs: &[Run]) -> Vec<WordRuns> {
    let mut words = Vec::new();
    let mut word: WordRuns = Vec::new();
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
    fn word(&mut self, word: &WordRuns) {
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

#[cfg(test)]
mod tests {
    use genpdfi::fonts::FontFamily;
    use genpdfi::Document;

    use super::super::fonts::faces;
    use super::super::st;
    use super::*;

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
}
