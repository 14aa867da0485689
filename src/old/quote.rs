//! Quote verification: is the cited quote in its source, and how exactly?

// `pieces` is a list of ranges that often has one element; `vec![a..b]` means exactly that.
#![allow(clippy::single_range_in_vec_init)]

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::corpus::{Corpus, Source};
use crate::old::diff::{word_diff, DiffRun};
use crate::retrieve::{MemoryIndex, Retriever};
use crate::text::{fold, Folded};

/// How a quote was found in its source, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStatus {
    /// Byte for byte.
    Exact,
    /// Equal after folding case, typographic quotes and apostrophes, dashes and whitespace.
    Normalized,
    /// The pieces around "..." occur in order, in the same or adjacent paragraphs.
    Elided,
    /// Not found, but a passage differs by a few words (see the diff).
    NearMiss,
    NotFound,
    /// The citation names a source that does not exist.
    UnknownSource,
}

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Exact => "exact",
            QuoteStatus::Normalized => "normalized",
            QuoteStatus::Elided => "elided",
            QuoteStatus::NearMiss => "near-miss",
            QuoteStatus::NotFound => "not-found",
            QuoteStatus::UnknownSource => "unknown-source",
        }
    }

    /// The quote holds: found as written, up to typography, or across elisions.
    pub fn holds(self) -> bool {
        matches!(
            self,
            QuoteStatus::Exact | QuoteStatus::Normalized | QuoteStatus::Elided
        )
    }
}

/// Where a quote was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub status: QuoteStatus,
    /// Byte range in the source, from the first piece's start to the last piece's end.
    pub span: Range<usize>,
    /// The pieces of an elided quote (one piece otherwise).
    pub pieces: Vec<Range<usize>>,
    /// Word diff from the quote to the source (near misses only).
    pub diff: Option<Vec<DiffRun>>,
}

/// The verdict on one citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub status: QuoteStatus,
    /// Where in the cited source (for holding quotes and near misses).
    pub found: Option<Found>,
    /// Another source that holds the quote, when the cited one does not: (source index, place).
    pub found_elsewhere: Option<(usize, Found)>,
}

/// Per-source text prepared for matching, built on first use: most sources are never cited.
#[derive(Default)]
pub struct Prepared {
    folded: OnceLock<Folded>,
    words: OnceLock<Words>,
}

/// A text's words for alignment: byte spans, and folded words as ids into `vocabulary`. 12
/// bytes a word (a 50 MB source has some 9 million), where a `String` per word took 50.
pub(crate) struct Words {
    spans: Vec<Range<u32>>,
    keys: Vec<u32>,
    vocabulary: HashMap<String, u32>,
}

pub struct Verifier<'c> {
    corpus: &'c Corpus,
    prepared: Vec<Prepared>,
    /// Finds the sources worth searching for a quote that is not where it was cited.
    retriever: Option<&'c dyn Retriever>,
    own_index: OnceLock<MemoryIndex<'c>>,
}

/// Up to this many sources, a quote missing from its cited source is looked for in all of
/// them; beyond, only in the sources of the passages retrieval ranks best for the quote.
pub(crate) const SCAN_ALL_SOURCES: usize = 200;
/// Passages asked of retrieval for those candidate sources.
pub(crate) const CANDIDATE_PASSAGES: usize = 50;

impl<'c> Verifier<'c> {
    /// `retriever` serves the search for a quote cited to the wrong source in a large corpus;
    /// without one, an index is built the first time it is needed.
    pub fn new(corpus: &'c Corpus, retriever: Option<&'c dyn Retriever>) -> Verifier<'c> {
        Verifier {
            corpus,
            prepared: corpus.sources.iter().map(|_| Prepared::default()).collect(),
            retriever,
            own_index: OnceLock::new(),
        }
    }

    /// Sources other than `cited` that may hold the quote, in the order to try them.
    fn other_sources(&self, quote: &str, cited: Option<usize>) -> Vec<usize> {
        let n = self.corpus.sources.len();
        if n <= SCAN_ALL_SOURCES {
            return (0..n).filter(|&i| Some(i) != cited).collect();
        }
        let retriever: &dyn Retriever = match self.retriever {
            Some(r) => r,
            None => self
                .own_index
                .get_or_init(|| MemoryIndex::build(self.corpus)),
        };
        let mut out: Vec<usize> = Vec::new();
        for hit in retriever.search(quote, CANDIDATE_PASSAGES) {
            let i = hit.id.source as usize;
            if Some(i) != cited && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    fn folded(&self, index: usize) -> &Folded {
        self.prepared[index]
            .folded
            .get_or_init(|| Folded::new(&self.corpus.sources[index].text))
    }

    fn words(&self, index: usize) -> &Words {
        self.prepared[index]
            .words
            .get_or_init(|| Words::new(&self.corpus.sources[index].text))
    }

    /// Verify a quote cited to the source `cited` (an id that may not exist).
    pub fn verify(&self, quote: &str, cited: &str) -> Verification {
        let cited = self.corpus.source_index(cited);
        if let Some(index) = cited {
            if let Some(found) = self.find(quote, index) {
                return Verification {
                    status: found.status,
                    found: Some(found),
                    found_elsewhere: None,
                };
            }
        }
        let elsewhere = self
            .other_sources(quote, cited)
            .into_iter()
            .find_map(|i| self.find(quote, i).map(|f| (i, f)));
        let Some(index) = cited else {
            return Verification {
                status: QuoteStatus::UnknownSource,
                found: None,
                found_elsewhere: elsewhere,
            };
        };
        if elsewhere.is_some() {
            return Verification {
                status: QuoteStatus::NotFound,
                found: None,
                found_elsewhere: elsewhere,
            };
        }
        let near = self.near_miss(quote, index);
        Verification {
            status: if near.is_some() {
                QuoteStatus::NearMiss
            } else {
                QuoteStatus::NotFound
            },
            found: near,
            found_elsewhere: None,
        }
    }

    /// Exact, normalized or elided match in one source.
    pub fn find(&self, quote: &str, index: usize) -> Option<Found> {
        let source = &self.corpus.sources[index];
        let quote = quote.trim();
        if quote.is_empty() {
            return None;
        }
        if let Some(at) = find_bounded(&source.text, quote, 0) {
            let span = at..at + quote.len();
            return Some(Found {
                status: QuoteStatus::Exact,
                span: span.clone(),
                pieces: vec![span],
                diff: None,
            });
        }
        let folded = self.folded(index);
        let needle = fold(quote);
        if let Some(at) = find_bounded(&folded.text, &needle, 0) {
            let (s, e) = folded.original_range(&source.text, at, at + needle.len());
            return Some(Found {
                status: QuoteStatus::Normalized,
                span: s..e,
                pieces: vec![s..e],
                diff: None,
            });
        }
        let pieces: Vec<&str> = needle
            .split("...")
            .map(|p| p.trim_matches(|c: char| c == ' '))
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() < 2 {
            // One piece with an elision at an end: the ellipsis only marks a cut.
            let piece = pieces.first()?;
            if *piece == needle {
                return None;
            }
            let at = find_bounded(&folded.text, piece, 0)?;
            let (s, e) = folded.original_range(&source.text, at, at + piece.len());
            return Some(Found {
                status: QuoteStatus::Normalized,
                span: s..e,
                pieces: vec![s..e],
                diff: None,
            });
        }
        find_elided(source, folded, &pieces)
    }

    /// The closest run of words to the quote in a source, if it differs by only a few words.
    fn near_miss(&self, quote: &str, index: usize) -> Option<Found> {
        let source = &self.corpus.sources[index];
        let old_text: Vec<&str> = word_slices(quote).map(|(_, w)| w).collect();
        if old_text.len() < 3 {
            return None;
        }
        let words = self.words(index);
        let q = words.keys_of(&old_text);
        let (start, end, widened) = best_local_alignment(&q, &words.keys)?;
        let (start, end) = widen_to_clause(&source.text, &words.spans, start, end, widened);
        let keys = &words.keys[start..end];
        let window = &words.spans[start..end];
        let new_text: Vec<&str> = window
            .iter()
            .map(|w| &source.text[usize_range(w)])
            .collect();
        let diff = word_diff(&q, keys, &old_text, &new_text);
        let equal: usize = similar::capture_diff_slices(similar::Algorithm::Patience, &q, keys)
            .iter()
            .map(|op| match op {
                similar::DiffOp::Equal { len, .. } => *len,
                _ => 0,
            })
            .sum();
        let changed = (q.len() - equal) + (keys.len() - equal);
        let allowed = 3.max(q.len() * 3 / 10);
        if equal * 10 < q.len() * 6 || changed > allowed {
            return None;
        }
        let span = window.first()?.start as usize..window.last()?.end as usize;
        Some(Found {
            status: QuoteStatus::NearMiss,
            span: span.clone(),
            pieces: vec![span],
            diff: Some(diff),
        })
    }
}

/// Find `needle` in `hay` from `from`, only where it starts and ends on word boundaries
/// (a quote "has 20" must not match "has 200").
pub(crate) fn find_bounded(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let first_word = needle.chars().next().is_some_and(char::is_alphanumeric);
    let last_word = needle
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let mut at = from;
    while let Some(i) = hay[at..].find(needle) {
        let start = at + i;
        let end = start + needle.len();
        let before_ok = !first_word
            || !hay[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = !last_word || !hay[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return Some(start);
        }
        at = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Upper bound on first-piece occurrences tried, so a quote of common words cannot make
/// the search quadratic.
pub(crate) const MAX_ELISION_STARTS: usize = 256;

pub(crate) fn find_elided(source: &Source, folded: &Folded, pieces: &[&str]) -> Option<Found> {
    let mut from = 0;
    for _ in 0..MAX_ELISION_STARTS {
        let first = find_bounded(&folded.text, pieces[0], from)?;
        from = first + 1;
        while !folded.text.is_char_boundary(from) {
            from += 1;
        }
        let mut spans = vec![first..first + pieces[0].len()];
        let mut ok = true;
        for piece in &pieces[1..] {
            let prev = spans.last().unwrap().end;
            let at = find_bounded(&folded.text, piece, prev)?;
            let prev_para =
                source.paragraph_at(folded.original_range(&source.text, prev - 1, prev).0);
            let this_para = source.paragraph_at(folded.original_range(&source.text, at, at + 1).0);
            if this_para > prev_para + 1 {
                ok = false;
                break;
            }
            spans.push(at..at + piece.len());
        }
        if ok {
            let pieces: Vec<Range<usize>> = spans
                .iter()
                .map(|r| {
                    let (s, e) = folded.original_range(&source.text, r.start, r.end);
                    s..e
                })
                .collect();
            return Some(Found {
                status: QuoteStatus::Elided,
                span: pieces[0].start..pieces[pieces.len() - 1].end,
                pieces,
                diff: None,
            });
        }
    }
    None
}

/// The words of a text (Unicode word boundaries, holding a letter or digit) and where they start.
pub(crate) fn word_slices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
}

pub(crate) fn usize_range(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

impl Words {
    /// The words of a text; a word's key is its folded form.
    fn new(text: &str) -> Words {
        let mut words = Words {
            spans: Vec::new(),
            keys: Vec::new(),
            vocabulary: HashMap::new(),
        };
        // News text repeats its words: fold each spelling once.
        let mut spellings: HashMap<&str, u32> = HashMap::new();
        for (at, w) in word_slices(text) {
            let key = *spellings.entry(w).or_insert_with(|| {
                let next = words.vocabulary.len() as u32;
                *words.vocabulary.entry(fold(w)).or_insert(next)
            });
            words.spans.push(at as u32..(at + w.len()) as u32);
            words.keys.push(key);
        }
        words
    }

    /// The keys of another text's words; a word this text lacks gets an id of its own.
    fn keys_of(&self, words: &[&str]) -> Vec<u32> {
        let mut unknown: HashMap<String, u32> = HashMap::new();
        words
            .iter()
            .map(|w| {
                let key = fold(w);
                match self.vocabulary.get(&key) {
                    Some(&id) => id,
                    None => {
                        let next = (self.vocabulary.len() + unknown.len()) as u32;
                        *unknown.entry(key).or_insert(next)
                    }
                }
            })
            .collect()
    }
}

/// Words a replaced quote ending may stretch to, so that "in Germany" against "in the
/// Netherlands" shows the whole replacement and not half of it.
pub(crate) const MAX_CLAUSE_STRETCH: usize = 3;

/// Stretch a widened end of the window on to the next punctuation (a clause boundary).
pub(crate) fn widen_to_clause(
    text: &str,
    words: &[Range<u32>],
    mut start: usize,
    mut end: usize,
    (left, right): (bool, bool),
) -> (usize, usize) {
    let clause_break = |between: &str| {
        between.contains(['.', ',', ';', ':', '!', '?', '"', '“', '”', '(', ')', '\n'])
    };
    if right {
        for _ in 0..MAX_CLAUSE_STRETCH {
            if end >= words.len() || end == 0 {
                break;
            }
            let between = &text[words[end - 1].end as usize..words[end].start as usize];
            if clause_break(between) {
                break;
            }
            end += 1;
        }
    }
    if left {
        for _ in 0..MAX_CLAUSE_STRETCH {
            if start == 0 || start >= words.len() {
                break;
            }
            let between = &text[words[start - 1].end as usize..words[start].start as usize];
            if clause_break(between) {
                break;
            }
            start -= 1;
        }
    }
    (start, end)
}

/// Smith-Waterman on words: the source range `start..end` that best aligns with the quote,
/// widened by the quote words left unaligned at either end so the diff shows them, and
/// whether it was widened on the (left, right).
pub(crate) fn best_local_alignment<K: PartialEq>(
    quote: &[K],
    source: &[K],
) -> Option<(usize, usize, (bool, bool))> {
    const MATCH: i32 = 2;
    const MISMATCH: i32 = -1;
    const GAP: i32 = -1;
    let m = quote.len();
    // Column over quote positions: score, and where (source j, quote i) the alignment began.
    let mut prev = vec![(0i32, 0usize, 0usize); m + 1];
    let mut cur = vec![(0i32, 0usize, 0usize); m + 1];
    let mut best = (0i32, 0usize, 0usize, 0usize, 0usize); // score, src start, src end, q start, q end
    for (j, sw) in source.iter().enumerate() {
        cur[0] = (0, j + 1, 0);
        for i in 1..=m {
            let diag = prev[i - 1];
            let s = if quote[i - 1] == *sw { MATCH } else { MISMATCH };
            let mut cell = if diag.0 > 0 {
                (diag.0 + s, diag.1, diag.2)
            } else {
                (s, j, i - 1)
            };
            let up = cur[i - 1];
            if up.0 + GAP > cell.0 {
                cell = (up.0 + GAP, up.1, up.2);
            }
            let left = prev[i];
            if left.0 + GAP > cell.0 {
                cell = (left.0 + GAP, left.1, left.2);
            }
            if cell.0 <= 0 {
                cell = (0, j + 1, i);
            }
            cur[i] = cell;
            if cell.0 > best.0 {
                best = (cell.0, cell.1, j + 1, cell.2, i);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    if best.0 <= 0 {
        return None;
    }
    let (_, s_start, s_end, q_start, q_end) = best;
    let start = s_start.saturating_sub(q_start);
    let end = (s_end + (m - q_end)).min(source.len());
    Some((start, end, (q_start > 0, q_end < m)))
}
