//! Text folding for quote matching, line:column arithmetic, and the words of a text.
//!
//! Quotes are compared after folding both sides the same way: case, typographic quotes and
//! apostrophes, dashes, ellipses and whitespace. The folded text keeps a map back to the
//! original bytes so that every match can be reported where a person will look for it.
//!
//! [`words`] is the one word model that every module reading a text word by word uses.

use unicode_normalization::char::decompose_compatible;

mod stopwords;
#[cfg(test)]
pub(crate) mod test_texts;
mod words;

pub(crate) use stopwords::is_stopword;
pub(crate) use words::{chunks, fold_word, word_slices, words, Word};

/// Text folded for matching, with each folded byte mapped back to the original character
/// that produced it.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    pub text: String,
    /// `starts[i]` is where the original character that produced folded byte `i` starts. Its
    /// end is read from the original text, which halves the map: it costs 4 bytes per folded
    /// byte, 200 MB for a 50 MB source.
    starts: Vec<u32>,
    /// Whether `starts` is kept ([`fold`] needs only the text).
    mapped: bool,
}

impl Folded {
    pub(crate) fn new(original: &str) -> Folded {
        Folded::build(original, true)
    }

    fn build(original: &str, mapped: bool) -> Folded {
        let mut out = Folded {
            text: String::with_capacity(original.len()),
            starts: Vec::with_capacity(if mapped { original.len() } else { 0 }),
            mapped,
        };
        for (at, ch) in original.char_indices() {
            fold_char(ch, |folded| out.push(folded, at as u32));
        }
        // A trailing space carries no information for matching.
        if out.text.ends_with(' ') {
            out.pop();
        }
        out
    }

    fn push(&mut self, ch: char, start: u32) {
        match ch {
            // Collapse runs, drop leading space and space next to a dash, so that
            // "unit – Unit" and "unit—Unit" fold alike.
            ' ' if self.text.is_empty() || self.text.ends_with([' ', '-']) => return,
            '-' if self.text.ends_with(' ') => self.pop(),
            _ => {}
        }
        let before = self.text.len();
        self.text.push(ch);
        if self.mapped {
            for _ in before..self.text.len() {
                self.starts.push(start);
            }
        }
    }

    fn pop(&mut self) {
        if let Some(ch) = self.text.pop().filter(|_| self.mapped) {
            for _ in 0..ch.len_utf8() {
                self.starts.pop();
            }
        }
    }

    /// The original byte range covered by the folded byte range `start..end`, in `original`,
    /// the text this was folded from: from the start of the character that produced folded
    /// byte `start` to the end of the one that produced byte `end - 1`. An empty or reversed
    /// range (a needle that folds to nothing) maps to the empty range where `start` is, and a
    /// range past the folded text is cut at its end: never a panic, always on character
    /// boundaries of `original`.
    pub(crate) fn original_range(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        let end = end.min(self.starts.len());
        let at = |i: usize| {
            self.starts.get(i).map_or(original.len(), |&s| {
                floor_char_boundary(original, s as usize)
            })
        };
        if start >= end {
            let here = at(start);
            return (here, here);
        }
        let last = at(end - 1);
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        (at(start), last + last_len)
    }
}

/// Fold one character into zero or more characters, calling `emit` for each.
fn fold_char(ch: char, mut emit: impl FnMut(char)) {
    match ch {
        c if c.is_ascii() => {
            if c.is_ascii_whitespace() {
                emit(' ')
            } else {
                emit(c.to_ascii_lowercase())
            }
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BC}' => emit('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => emit('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{2043}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => emit('-'),
        '\u{2026}' => {
            emit('.');
            emit('.');
            emit('.')
        }
        // Invisible characters that copy-and-paste adds or drops.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_whitespace() => emit(' '),
        c => decompose_compatible(c, |d| {
            for lower in d.to_lowercase() {
                emit(lower)
            }
        }),
    }
}

/// Fold a string without keeping the map (for comparisons and tokens).
pub(crate) fn fold(s: &str) -> String {
    Folded::build(s, false).text
}

/// Where `needle` occurs in `hay` from byte `from` on, overlapping occurrences too ("no no"
/// twice in "no no no"), but only where it starts and ends on word boundaries: a quote "has 20"
/// must not match "has 200". Quote verification and lock's re-anchoring find text this way.
pub(crate) fn bounded_matches<'a>(
    hay: &'a str,
    needle: &'a str,
    from: usize,
) -> impl Iterator<Item = usize> + 'a {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let first = word(needle.chars().next());
    let last = word(needle.chars().next_back());
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut at = from;
    std::iter::from_fn(move || {
        let found = at + hay.get(at..)?.find(needle)?;
        at = found + step;
        Some(found)
    })
    .filter(move |&found| {
        let end = found + needle.len();
        !(first && word(hay[..found].chars().next_back())
            || last && word(hay[end..].chars().next()))
    })
}

/// Byte offsets of line starts, for 1-based line:column lookups.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.starts[line];
        let column = text[line_start..floor_char_boundary(text, offset)]
            .chars()
            .count()
            + 1;
        (line + 1, column)
    }

    /// The byte offset of a 1-based line and column (in characters), clamped to the text.
    pub(crate) fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| start + i)
    }

    /// The text of a 1-based line, without its line break.
    pub(crate) fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

pub(crate) fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether `s` has more than `n` words, counted the way people count them: the
/// whitespace-delimited [`chunks`]. Segmentation asks this of every paragraph and sentence,
/// so it splits at whitespace directly rather than through the word model (which gives the
/// same words, see the tests), and reads only as far as it takes.
pub(crate) fn more_words_than(s: &str, n: usize) -> bool {
    s.split_whitespace().nth(n).is_some()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::test_texts::{article, config};
    use super::*;

    #[test]
    fn folds_quotes_dashes_case_and_space() {
        assert_eq!(
            fold("Microsoft’s  “Urgent”\u{00A0}Review"),
            "microsoft's \"urgent\" review"
        );
        assert_eq!(fold("unit – Unit 8200 –  the"), "unit-unit 8200-the");
        assert_eq!(fold("unit—Unit"), "unit-unit");
        assert_eq!(fold("calls… was"), "calls... was");
        assert_eq!(fold("  lead\r\n\ttrail  "), "lead trail");
        assert_eq!(fold("ﬁne café"), fold("fine cafe\u{301}"));
    }

    #[test]
    fn fold_without_the_map_folds_alike() {
        for s in [
            "",
            "  lead\r\n\ttrail  ",
            "unit – Unit 8200 –  the",
            "a -b - c\u{2014} d\u{00AD}e ﬁ “x” …",
            "- -  - ",
        ] {
            let folded = Folded::new(s);
            assert_eq!(fold(s), folded.text, "{s:?}");
            assert_eq!(folded.starts.len(), folded.text.len());
            assert!(folded.starts.windows(2).all(|w| w[0] <= w[1]));
            assert!(Folded::build(s, false).starts.is_empty());
        }
    }

    #[test]
    fn maps_folded_bytes_back_to_original() {
        let original = "A “quoted” text—here";
        let folded = Folded::new(original);
        let at = folded.text.find("quoted\" text").unwrap();
        let (s, e) = folded.original_range(original, at, at + "quoted\" text".len());
        assert_eq!(&original[s..e], "quoted” text");
        let at = folded.text.find("text-here").unwrap();
        let (s, e) = folded.original_range(original, at, at + "text-here".len());
        assert_eq!(&original[s..e], "text—here");
    }

    /// Text that folds to nothing (a zero-width space, a soft hyphen, a byte-order mark, a word
    /// joiner) and empty or out-of-range folded ranges map to empty ranges, without a panic.
    #[test]
    fn degenerate_ranges_map_to_empty_ranges() {
        for original in [
            "\u{200b}",
            "\u{ad}",
            "\u{feff}",
            "\u{2060}",
            "",
            "a\u{200b}é",
        ] {
            let folded = Folded::new(original);
            for (start, end) in [(0, 0), (1, 0), (0, 99), (99, 100), (1, 1)] {
                let (s, e) = folded.original_range(original, start, end);
                assert!(s <= e && e <= original.len(), "{original:?} {start}..{end}");
                assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
            }
        }
        assert_eq!(fold("\u{200b}\u{ad}\u{feff}\u{2060}"), "");
    }

    #[test]
    fn matches_overlap_and_respect_word_boundaries() {
        assert_eq!(
            bounded_matches("no no no", "no no", 0).collect::<Vec<_>>(),
            [0, 3]
        );
        assert_eq!(
            bounded_matches("has 200, has 20.", "has 20", 0).collect::<Vec<_>>(),
            [9]
        );
        assert_eq!(
            bounded_matches("“quoted” text", "”", 0).collect::<Vec<_>>(),
            [9]
        );
        assert_eq!(
            bounded_matches("has 20, has 20", "has 20", 1).next(),
            Some(8)
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "first\r\nsecond “line”\nthird";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        let at = text.find("line").unwrap();
        assert_eq!(index.line_col(text, at), (2, 9));
        assert_eq!(index.line(text, 1), "first");
        assert_eq!(index.line(text, 3), "third");
        assert_eq!(index.line_col(text, text.len()), (3, 6));
    }

    proptest! {
        #![proptest_config(config())]

        /// The folded text maps back to the original: each folded range to an original range in
        /// bounds, on character boundaries, in order; `fold` folds as `Folded` does.
        #[test]
        fn folding_maps_back_in_order(text in article()) {
            let folded = Folded::new(&text);
            prop_assert_eq!(fold(&text), folded.text.clone());
            let boundaries: Vec<usize> = folded
                .text
                .char_indices()
                .map(|(i, _)| i)
                .chain([folded.text.len()])
                .collect();
            let mut previous = (0, 0);
            for pair in boundaries.windows(2) {
                let (s, e) = folded.original_range(&text, pair[0], pair[1]);
                prop_assert!(s < e && e <= text.len());
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                prop_assert!(s >= previous.0 && e >= previous.1, "{:?} after {:?}", (s, e), previous);
                // The original character folds to text holding the folded one.
                let ch = &folded.text[pair[0]..pair[1]];
                let original = fold(&text[s..e]);
                prop_assert!(
                    ch == " " || original.contains(ch),
                    "{:?} from {:?}",
                    ch,
                    &text[s..e]
                );
                previous = (s, e);
            }
            if let (Some(&first), Some(&last)) = (boundaries.first(), boundaries.last()) {
                if last > first {
                    let (s, e) = folded.original_range(&text, first, last);
                    prop_assert!(s <= e && e <= text.len());
                }
            }
        }
    }
}
