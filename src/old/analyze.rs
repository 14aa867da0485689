//! Terms for retrieval: Unicode words, folded, stopwords dropped, Snowball-stemmed.

use std::cell::RefCell;
use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// A word of the analysed text: its stem, and whether it looked like a name or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub stem: String,
    /// Capitalised in the text, and not the first word of it: probably a name.
    pub capitalised: bool,
    pub numeric: bool,
}

thread_local! {
    /// Word as written -> its term (None: a stopword or no word at all), per thread: news text
    /// repeats its words, and folding and stemming each occurrence dominated indexing.
    static TERMS: RefCell<HashMap<String, Option<(String, bool)>>> = RefCell::new(HashMap::new());
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

pub(crate) const TERM_CACHE_LIMIT: usize = 500_000;

/// The term of a word as written: (stem, numeric), or None for stopwords.
pub(crate) fn analyse_word(word: &str) -> Option<(String, bool)> {
    TERMS.with(|cache| {
        if let Some(t) = cache.borrow().get(word) {
            return t.clone();
        }
        let term = normalise_word(word)
            .filter(|n| !is_stopword(n))
            .map(|norm| {
                let numeric = norm.chars().any(|c| c.is_ascii_digit());
                if numeric {
                    (norm, true)
                } else {
                    (STEMMER.with(|s| s.stem(&norm).into_owned()), false)
                }
            });
        let mut cache = cache.borrow_mut();
        if cache.len() >= TERM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.to_string(), term.clone());
        term
    })
}

/// Fold a word for indexing: lowercase, typographic apostrophes, no possessive, no
/// thousands separators.
pub(crate) fn normalise_word(word: &str) -> Option<String> {
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

/// Analyse text into retrieval terms (stopwords dropped).
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut first = true;
    for word in text.unicode_words() {
        let starts_sentence = first;
        if !word
            .chars()
            .all(|c| matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}'))
        {
            first = false;
        }
        let Some((stem, numeric)) = analyse_word(word) else {
            continue;
        };
        let capitalised = !starts_sentence && word.chars().next().is_some_and(char::is_uppercase);
        out.push(Term {
            stem,
            capitalised,
            numeric,
        });
    }
    out
}

/// Just the stems.
pub fn stems(text: &str) -> Vec<String> {
    terms(text).into_iter().map(|t| t.stem).collect()
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
    pub vocabulary: Vec<String>,
}

impl<'t> StemTable<'t> {
    /// The stems of `text`, stopwords dropped, as [`stems`] gives them.
    pub fn stems(&mut self, text: &'t str) -> Vec<u32> {
        let mut out = Vec::new();
        for word in text.unicode_words() {
            let id = match self.words.get(word) {
                Some(&id) => id,
                None => {
                    let id = analyse_word(word).map(|(stem, _)| {
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

pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// English stopwords (the NLTK list, sorted), without the negations "no", "nor", "not":
/// a claim and its denial must not look alike.
pub(crate) const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];
