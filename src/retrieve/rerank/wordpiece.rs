//! BERT's uncased tokenizer: text to word-piece ids, as the model was trained on them.
//!
//! Hand-written rather than the `tokenizers` crate (a C regex library and some 60 crates) for
//! the one thing needed here: BERT's basic tokenizer (clean, split CJK ideographs, lowercase,
//! strip accents, split on whitespace and punctuation), then greedy longest-match-first word
//! pieces, with "##" marking a piece that continues a word.

use std::collections::HashMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A word longer than this is one unknown piece, as in BERT.
const MAX_WORD_CHARS: usize = 100;

pub(crate) struct WordPiece {
    ids: HashMap<String, u32>,
    pub(crate) cls: u32,
    pub(crate) sep: u32,
    unk: u32,
}

impl WordPiece {
    /// From a `vocab.txt`: one piece a line, its id its line number.
    pub(crate) fn from_vocab(text: &str) -> Result<WordPiece, String> {
        let ids: HashMap<String, u32> = text
            .lines()
            .enumerate()
            .map(|(i, p)| (p.to_string(), i as u32))
            .collect();
        let special = |name: &str| {
            ids.get(name)
                .copied()
                .ok_or_else(|| format!("the vocabulary has no {name}"))
        };
        Ok(WordPiece {
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            unk: special("[UNK]")?,
            ids,
        })
    }

    /// The ids of `text`'s pieces, without [CLS] and [SEP].
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for word in basic_words(text) {
            self.pieces_of(&word, &mut out);
        }
        out
    }

    fn pieces_of(&self, word: &str, out: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while start < end {
                let piece = if start == 0 {
                    word[start..end].to_string()
                } else {
                    format!("##{}", &word[start..end])
                };
                if let Some(&id) = self.ids.get(&piece) {
                    found = Some(id);
                    break;
                }
                end = word[..end].char_indices().next_back().map_or(0, |(i, _)| i);
            }
            match found {
                Some(id) => pieces.push(id),
                None => {
                    out.push(self.unk);
                    return;
                }
            }
            start = end;
        }
        out.extend(pieces);
    }
}

/// BERT's basic tokenizer: the words and punctuation marks of `text`, lowercased and without
/// accents.
fn basic_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in text.nfd() {
        if c == '\0' || c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut word, &mut words);
        } else if is_punctuation(c) || is_cjk(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else {
            word.extend(c.to_lowercase());
        }
    }
    flush(&mut word, &mut words);
    words
}

/// ASCII's non-alphanumeric characters, as BERT has them, and other punctuation (Unicode's
/// general category P, approximated by what is neither alphanumeric, whitespace nor a symbol
/// a word may hold).
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3001}'..='\u{3003}'
        | '\u{300c}'..='\u{300f}' | '\u{ff01}'..='\u{ff0f}' | '¡' | '§' | '«' | '¶' | '·' | '»' | '¿')
}

/// The CJK ideographs BERT splits one by one.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB: &str =
        "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\nun\n##aff\n##able\ncafe\n,\n.\nrun\n##ning\n";

    #[test]
    fn splits_words_into_the_longest_pieces() {
        let wp = WordPiece::from_vocab(VOCAB).unwrap();
        // "unaffable" is un ##aff ##able; accents and case go; punctuation is its own word.
        assert_eq!(
            wp.encode("The UNAFFABLE café, running."),
            [4, 5, 6, 7, 8, 9, 11, 12, 10]
        );
        // A word with a part not in the vocabulary is one unknown piece.
        assert_eq!(wp.encode("unxyz the"), [1, 4]);
        assert_eq!(
            basic_words("a\u{7}b  c—d 中文"),
            ["ab", "c", "—", "d", "中", "文"]
        );
    }
}
