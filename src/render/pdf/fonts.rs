//! Fonts, glyph coverage and right-to-left text: every text is cleaned here before it is laid
//! out, and what cleaning did becomes the render's warnings.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use genpdfi::error::Error as GenError;
use genpdfi::fonts::FontData;
use unicode_normalization::UnicodeNormalization;

/// DejaVu Sans regular and bold, the data shared by every render.
pub(super) fn faces() -> Result<(FontData, FontData), GenError> {
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
pub(super) fn rtl_script(c: char) -> Option<&'static str> {
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
pub(super) struct Checker {
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
    pub(super) fn new(regular: FontData, bold: FontData) -> Checker {
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

    pub(super) fn clean(&mut self, context: &str, text: &str, bold: bool) -> String {
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

    pub(super) fn clean_each<'a>(
        &mut self,
        context: &str,
        texts: impl IntoIterator<Item = &'a String>,
    ) -> Vec<String> {
        texts
            .into_iter()
            .map(|t| self.clean(context, t, false))
            .collect()
    }

    pub(super) fn warnings(&self) -> Vec<String> {
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

pub(super) fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| rtl_script(c).is_some())
}

/// One line of text in visual (left-to-right drawing) order.
pub(super) fn visual_line(text: &str) -> String {
    if !has_rtl(text) {
        return text.to_string();
    }
    let info = unicode_bidi::ParagraphBidiInfo::new(text, None);
    visual_order(&info, 0..text.len())
}

/// The characters of `range` (a line of the paragraph `info` holds) in drawing order, those
/// in right-to-left runs mirrored: an opening bracket there is drawn as a closing one.
pub(super) fn visual_order(
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

#[cfg(test)]
impl Checker {
    /// A checker with the faces every render uses.
    pub(super) fn with_faces() -> Checker {
        let (regular, bold) = faces().unwrap();
        Checker::new(regular, bold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_collapses_whitespace_and_drops_controls() {
        let mut c = Checker::with_faces();
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
        let mut c = Checker::with_faces();
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
        let mut c = Checker::with_faces();
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
}
