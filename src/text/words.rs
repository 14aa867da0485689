//! The words of a text, one model for every module that reads text word by word: quote
//! verification, word diffs, wording comparison, quantities, cite, lock and the index.
//!
//! A word is a segment of the text between two Unicode word boundaries (UAX #29) that is not
//! whitespace: "Microsoft’s", "8200", "1,000,000", "Unit", but also "," and "“", which are
//! punctuation rather than words ([`Word::is_word`]). Each knows its place, its folded key,
//! whether it starts a sentence and whether it is capitalised. The whitespace-delimited chunks
//! that people count as words ("datacentre." is one) are runs of words with no whitespace
//! between them ([`chunks`]).

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// One word of a text (or one punctuation mark), with the whitespace that follows it, so that
/// the words of a text, each with its whitespace, concatenate back to the text (whitespace at
/// the very start excepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'t> {
    /// Byte offset of the word in the text.
    pub start: usize,
    /// End of the word, before its whitespace.
    pub end: usize,
    /// End of the whitespace after the word.
    pub ws_end: usize,
    /// The word folded as [`super::fold`] folds it (case, typographic quotes, apostrophes,
    /// dashes): what comparisons of words compare. Borrowed when folding changes nothing.
    pub key: Cow<'t, str>,
    /// A word (it holds a letter or digit) rather than punctuation.
    pub is_word: bool,
    /// A word with no word before it since the text's start or the last [`SENTENCE_ENDS`].
    pub starts_sentence: bool,
    written: &'t str,
}

impl<'t> Word<'t> {
    /// The word as written.
    pub(crate) fn as_str(&self) -> &'t str {
        self.written
    }

    /// Its first letter is a capital.
    pub(crate) fn capitalised(&self) -> bool {
        self.written.chars().next().is_some_and(char::is_uppercase)
    }

    /// An empty word at the start of a text, holding the whitespace the text starts with
    /// (`..ws_end`): word diffs show that whitespace too.
    pub(crate) fn leading_whitespace(ws_end: usize) -> Word<'static> {
        Word {
            start: 0,
            end: 0,
            ws_end,
            key: Cow::Borrowed(""),
            is_word: false,
            starts_sentence: false,
            written: "",
        }
    }
}

/// Punctuation (folded) after which the next word starts a sentence. A colon counts: the
/// capital in `Smith wrote: “We do` says nothing about a name.
const SENTENCE_ENDS: [&str; 5] = [".", "!", "?", "...", ":"];

/// The words of `text`, in order.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words {
        segments: text.split_word_bound_indices(),
        pending: None,
        sentence_start: true,
    }
}

/// The iterator of [`words`]. A word is handed out once the whitespace after it is known.
pub(crate) struct Words<'t> {
    segments: UWordBoundIndices<'t>,
    pending: Option<Word<'t>>,
    sentence_start: bool,
}

impl<'t> Iterator for Words<'t> {
    type Item = Word<'t>;

    fn next(&mut self) -> Option<Word<'t>> {
        for (at, segment) in self.segments.by_ref() {
            let end = at + segment.len();
            if segment.chars().all(char::is_whitespace) {
                if let Some(word) = &mut self.pending {
                    word.ws_end = end;
                }
                continue;
            }
            let is_word = segment.chars().any(char::is_alphanumeric);
            let key = fold_word(segment);
            let starts_sentence = is_word && self.sentence_start;
            if is_word {
                self.sentence_start = false;
            } else if SENTENCE_ENDS.contains(&key.as_ref()) {
                self.sentence_start = true;
            }
            let word = Word {
                start: at,
                end,
                ws_end: end,
                key,
                is_word,
                starts_sentence,
                written: segment,
            };
            if let Some(done) = self.pending.replace(word) {
                return Some(done);
            }
        }
        self.pending.take()
    }
}

/// The folded key of one word, as [`super::fold`] gives it. A word in ASCII holds no
/// whitespace, so folding it only lowercases it, which needs no copy when it is lowercase
/// already.
pub(crate) fn fold_word(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(super::fold(word))
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The words of `text` that hold a letter or digit (`is_word`), as written and where they
/// start: what [`words`] gives filtered by `is_word`, without keys or sentence starts. The
/// index reads every passage this way, and the segmenter's own word iterator has a fast path
/// for ASCII text that its general boundaries lack (2.5 times faster on news text).
pub(crate) fn word_slices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.unicode_word_indices()
}

/// The whitespace-delimited chunks of `text` ("datacentre." is one), as byte ranges: the runs
/// of words with no whitespace between them. A word may hold whitespace of its own (a narrow
/// no-break space inside "10 000", a space that carries a combining mark), which separates
/// chunks too, so that the chunks are exactly what `str::split_whitespace` gives.
pub(crate) fn chunks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut add = |piece: Range<usize>| match &mut current {
        Some(chunk) if chunk.end == piece.start => chunk.end = piece.end,
        _ => out.extend(current.replace(piece)),
    };
    for word in words(text) {
        let written = word.as_str();
        if !written.contains(char::is_whitespace) {
            add(word.start..word.end);
            continue;
        }
        let mut from = None;
        for (i, c) in written.char_indices() {
            match (c.is_whitespace(), from) {
                (true, Some(f)) => {
                    add(word.start + f..word.start + i);
                    from = None;
                }
                (false, None) => from = Some(i),
                _ => {}
            }
        }
        if let Some(f) = from {
            add(word.start + f..word.end);
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(text: &str) -> Vec<String> {
        words(text).map(|w| w.key.into_owned()).collect()
    }

    #[test]
    fn words_fold_keys_and_cover_the_text() {
        let text = " Unit 8200’s “calls” — 1,000,000";
        assert_eq!(
            keys(text),
            [
                "unit",
                "8200",
                "'",
                "s",
                "\"",
                "calls",
                "\"",
                "-",
                "1,000,000"
            ]
        );
        let w: Vec<Word> = words(text).collect();
        assert_eq!(w[0].start, 1);
        assert_eq!(w.last().unwrap().ws_end, text.len());
        assert!(w.windows(2).all(|p| p[0].ws_end == p[1].start));
        let kinds: Vec<bool> = w.iter().map(|w| w.is_word).collect();
        assert_eq!(
            kinds,
            [true, true, false, true, false, true, false, false, true]
        );
        assert!(matches!(w[0].key, Cow::Owned(_)));
        assert!(matches!(w[1].key, Cow::Borrowed(_)));
    }

    #[test]
    fn sentences_start_after_their_ends_and_a_colon() {
        let text = "Microsoft said so. “Then” staff… Smith wrote: We do! Why? Later, Mr Brown";
        let starts: Vec<&str> = words(text)
            .filter(|w| w.starts_sentence)
            .map(|w| w.as_str())
            .collect();
        assert_eq!(starts, ["Microsoft", "Then", "Smith", "We", "Why", "Later"]);
        let capitalised: Vec<&str> = words(text)
            .filter(|w| w.capitalised() && !w.starts_sentence)
            .map(|w| w.as_str())
            .collect();
        assert_eq!(capitalised, ["Mr", "Brown"]);
        // Punctuation starts nothing, and a full stop inside a word ends no sentence.
        let starts: Vec<&str> = words("“1.5 million” Calls")
            .filter(|w| w.starts_sentence)
            .map(|w| w.as_str())
            .collect();
        assert_eq!(starts, ["1.5"]);
    }

    #[test]
    fn chunks_are_runs_of_words_without_whitespace_between() {
        let text = "  the “datacentre.” 10\u{202F}000 calls—per\u{00A0}hour \u{0301}x";
        let got: Vec<&str> = chunks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "the",
                "“datacentre.”",
                "10",
                "000",
                "calls—per",
                "hour",
                "\u{0301}x"
            ]
        );
        assert!(chunks("").is_empty() && chunks(" \t\n").is_empty());
    }

    /// The segmenter's fast word iterator and `words` agree on what a word is, on every
    /// character: it decides letters and digits with its own Unicode tables, `words` with the
    /// standard library's, and the two must be of the same Unicode version.
    #[test]
    fn the_fast_word_iterator_knows_every_letter_and_digit_as_words_does() {
        let mut s = String::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            s.clear();
            s.push(c);
            assert_eq!(
                word_slices(&s).next().is_some(),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    fn split_whitespace_spans(s: &str) -> Vec<Range<usize>> {
        s.split_whitespace()
            .map(|w| {
                let at = w.as_ptr() as usize - s.as_ptr() as usize;
                at..at + w.len()
            })
            .collect()
    }

    proptest! {
        #[test]
        fn chunks_are_what_split_whitespace_gives(s in crate::text::test_texts::text()) {
            prop_assert_eq!(chunks(&s), split_whitespace_spans(&s));
            prop_assert_eq!(s.split_whitespace().count(), chunks(&s).len());
        }

        #[test]
        fn chunks_of_any_string_are_what_split_whitespace_gives(s in any::<String>()) {
            prop_assert_eq!(chunks(&s), split_whitespace_spans(&s));
        }

        /// On ASCII text too, where the segmenter takes its fast path.
        #[test]
        fn word_slices_are_the_words_that_hold_a_letter_or_digit(
            s in crate::text::test_texts::text(),
            ascii in "[a-zA-Z0-9 _.,:;'\"!?()\\-\t\r\n]{0,60}",
        ) {
            for s in [s, ascii] {
                let fast: Vec<(usize, &str)> = word_slices(&s).collect();
                let filtered: Vec<(usize, &str)> = words(&s)
                    .filter(|w| w.is_word)
                    .map(|w| (w.start, w.as_str()))
                    .collect();
                prop_assert_eq!(fast, filtered);
            }
        }

        #[test]
        fn keys_are_folded_words(s in crate::text::test_texts::text()) {
            for w in words(&s) {
                prop_assert_eq!(w.key.as_ref(), super::super::fold(w.as_str()));
            }
        }
    }
}
