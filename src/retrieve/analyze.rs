//! Terms for retrieval: the words of a text ([`crate::text::word_slices`]), folded for
//! indexing, stopwords dropped, Snowball-stemmed.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::{is_stopword, word_slices};

thread_local! {
    /// Word as written -> its stem (None: a stopword or no word at all), per thread: news text
    /// repeats its words, and folding and stemming each occurrence dominated indexing.
    static TERMS: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

const TERM_CACHE_LIMIT: usize = 500_000;

/// The stem of a word as written, or None for stopwords. Numbers are kept as they are.
fn analyse_word(word: &str) -> Option<String> {
    TERMS.with(|cache| {
        if let Some(t) = cache.borrow().get(word) {
            return t.clone();
        }
        let term = term_uncached(word);
        let mut cache = cache.borrow_mut();
        if cache.len() >= TERM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.to_string(), term.clone());
        term
    })
}

/// Fold a word for indexing: lowercase, typographic apostrophes, no possessive, no
/// thousands separators. Not [`crate::text::fold`]: the index folds less (no compatibility
/// forms, dashes or quotes), and what it folds is what its terms are.
fn normalise_word(word: &str) -> Option<String> {
    let mut w: String = word
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(stripped) = w.strip_suffix("'s") {
        w.truncate(stripped.len());
    }
    let w = w.trim_matches('\'');
    if w.is_empty() {
        return None;
    }
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        // "1,000,000" and "1000000" are one number.
        return Some(w.replace(',', ""));
    }
    Some(w.to_string())
}

/// [`term`] without the cache, for many distinct words read once (the lexicon).
pub(crate) fn term_uncached(word: &str) -> Option<String> {
    normalise_word(word)
        .filter(|n| !is_stopword(n))
        .map(|norm| {
            if norm.chars().any(|c| c.is_ascii_digit()) {
                norm
            } else {
                STEMMER.with(|s| s.stem(&norm).into_owned())
            }
        })
}

/// The retrieval term of one word: its stem, or None for a stopword.
pub(crate) fn term(word: &str) -> Option<String> {
    analyse_word(word)
}

/// The words of a text, each with its term (None: a stopword) and whether only white space
/// or a hyphen separates it from the word before ("data centre", "data-centre").
pub(crate) fn query_words(text: &str) -> Vec<QueryWord<'_>> {
    let mut out: Vec<QueryWord<'_>> = Vec::new();
    let mut previous_end = None;
    for (at, word) in word_slices(text) {
        let joined = previous_end.is_some_and(|end: usize| {
            let between = &text[end..at];
            between.trim().is_empty() || between == "-"
        });
        previous_end = Some(at + word.len());
        out.push(QueryWord {
            written: word,
            term: analyse_word(word),
            joined,
        });
    }
    out
}

pub(crate) struct QueryWord<'t> {
    pub(crate) written: &'t str,
    pub(crate) term: Option<String>,
    pub(crate) joined: bool,
}

/// The folded form of a word as the index folds it, before stemming.
pub(crate) fn folded(word: &str) -> Option<String> {
    normalise_word(word)
}

/// The retrieval terms of a text: its words' stems, stopwords dropped.
pub(crate) fn stems(text: &str) -> Vec<String> {
    word_slices(text)
        .filter_map(|(_, word)| analyse_word(word))
        .collect()
}

/// The stems of many texts as small integers: a vocabulary of the distinct stems, in order of
/// first appearance, and each text as indices into it. Each distinct word is analysed once,
/// and no string is made per word, which is what indexing a large corpus needs.
#[derive(Default)]
pub struct StemTable<'t> {
    /// Word as written -> index of its stem (None: a stopword).
    words: rustc_hash::FxHashMap<&'t str, Option<u32>>,
    stems: rustc_hash::FxHashMap<String, u32>,
    /// The distinct stems, by index.
    pub(crate) vocabulary: Vec<String>,
}

impl<'t> StemTable<'t> {
    /// The stems of `text`, stopwords dropped, as `analyze::stems` gives them.
    pub fn stems(&mut self, text: &'t str) -> Vec<u32> {
        let mut out = Vec::new();
        for (_, word) in word_slices(text) {
            let id = match self.words.get(word) {
                Some(&id) => id,
                None => {
                    let id = analyse_word(word).map(|stem| {
                        let next = self.vocabulary.len() as u32;
                        *self.stems.entry(stem).or_insert_with_key(|stem| {
                            self.vocabulary.push(stem.clone());
                            next
                        })
                    });
                    self.words.insert(word, id);
                    id
                }
            };
            out.extend(id);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyses_news_words() {
        assert_eq!(
            stems("Microsoft’s investigation of the calls: 1,000,000 per hour, not millions"),
            [
                "microsoft",
                "investig",
                "call",
                "1000000",
                "per",
                "hour",
                "not",
                "million"
            ]
        );
    }

    #[test]
    fn a_stem_table_gives_the_stems_as_indices() {
        let texts = [
            "The calls, Calls and calling",
            "Microsoft's calls: 1,000 per hour",
        ];
        let mut table = StemTable::default();
        for text in texts {
            let ids = table.stems(text);
            let from_table: Vec<&str> = ids
                .iter()
                .map(|&i| table.vocabulary[i as usize].as_str())
                .collect();
            assert_eq!(from_table, stems(text));
        }
        assert_eq!(
            table.vocabulary,
            ["call", "microsoft", "1000", "per", "hour"]
        );
    }
}
