//! Quote verification: is the cited quote in its source, and how exactly?

// `pieces` is a list of ranges that often has one element; `vec![a..b]` means exactly that.
#![allow(clippy::single_range_in_vec_init)]

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

use crate::corpus::{Corpus, Source};
use crate::diff::{word_diff, DiffRun};
pub use crate::model::NearMissSearch;
use crate::retrieve::{MemoryIndex, Retriever};
use crate::text::{bounded_matches, fold, fold_word, word_slices, words, Folded, Word};

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
    /// The citation has no quote: the reviewer vouches for the source, whose best passage for
    /// the claim is shown ("found in the cited source").
    Unquoted,
    /// Not found, but a passage differs by a few words (see the diff).
    NearMiss,
    /// Not in the cited source, but found (exactly, normalized or elided) in another one,
    /// which the citation result's `found_in` names. The report and `check` (its
    /// `wrong-source` rule) both read this one classification.
    WrongSource,
    /// Nowhere: neither in the cited source nor, as far as the search goes, in another.
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
            QuoteStatus::Unquoted => "unquoted",
            QuoteStatus::NearMiss => "near-miss",
            QuoteStatus::WrongSource => "wrong-source",
            QuoteStatus::NotFound => "not-found",
            QuoteStatus::UnknownSource => "unknown-source",
        }
    }

    /// The citation holds: its quote found as written, up to typography, or across elisions;
    /// or, without a quote, its source exists (the reviewer vouches for it).
    pub fn holds(self) -> bool {
        matches!(
            self,
            QuoteStatus::Exact
                | QuoteStatus::Normalized
                | QuoteStatus::Elided
                | QuoteStatus::Unquoted
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

impl Found {
    /// A match in one piece, without a diff.
    fn whole(status: QuoteStatus, span: Range<usize>) -> Found {
        Found {
            status,
            span: span.clone(),
            pieces: vec![span],
            diff: None,
        }
    }
}

/// The verdict on one citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub status: QuoteStatus,
    /// Where in the cited source (for holding quotes and near misses).
    pub found: Option<Found>,
    /// Another source that holds the quote, when the cited one does not: (source index, place).
    pub found_elsewhere: Option<(usize, Found)>,
    /// The search for a close passage (a near miss) did not look at the whole cited source:
    /// the quote times the source was too many words to align ([`NearMissSearch`]).
    pub near_miss_cut_short: Option<NearMissSearch>,
    /// How close the cited source's closest passage is to a quote it does not hold (near
    /// misses and quotes not found).
    pub closest: Option<Closeness>,
}

/// Per-source text prepared for matching, built on first use: most sources are never cited.
#[derive(Default)]
pub(crate) struct PreparedSource {
    folded: OnceLock<Folded>,
    words: OnceLock<KeyedWords>,
}

/// A text's words for alignment: byte spans, and folded words as ids into `vocabulary`. 12
/// bytes a word (a 50 MB source has some 9 million), where a `String` per word took 50.
struct KeyedWords {
    spans: Vec<Range<u32>>,
    keys: Vec<u32>,
    vocabulary: HashMap<String, u32>,
}

pub struct Verifier<'c> {
    corpus: &'c Corpus,
    prepared: Vec<PreparedSource>,
    /// Finds the sources worth searching for a quote that is not where it was cited.
    retriever: Option<&'c dyn Retriever>,
    own_index: OnceLock<MemoryIndex<'c>>,
}

/// Up to this many sources, a quote missing from its cited source is looked for in all of
/// them; beyond, only in the sources of the passages retrieval ranks best for the quote.
pub(crate) const SCAN_ALL_SOURCES: usize = 200;
/// Passages asked of retrieval for those candidate sources.
const CANDIDATE_PASSAGES: usize = 50;

impl<'c> Verifier<'c> {
    /// `retriever` serves the search for a quote cited to the wrong source in a large corpus;
    /// without one, an index is built the first time it is needed.
    pub fn new(corpus: &'c Corpus, retriever: Option<&'c dyn Retriever>) -> Verifier<'c> {
        Verifier {
            corpus,
            prepared: corpus
                .sources
                .iter()
                .map(|_| PreparedSource::default())
                .collect(),
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

    fn words(&self, index: usize) -> &KeyedWords {
        self.prepared[index]
            .words
            .get_or_init(|| KeyedWords::new(&self.corpus.sources[index].text))
    }

    /// Verify a citation of `cited` for `claim`: its quote, or without one, the source's
    /// passage that shares the most of the claim's words.
    pub fn verify_citation(&self, quote: Option<&str>, cited: &str, claim: &str) -> Verification {
        if let Some(quote) = quote {
            return self.verify(quote, cited);
        }
        let Some(index) = self.corpus.source_index(cited) else {
            return Verification {
                status: QuoteStatus::UnknownSource,
                found: None,
                found_elsewhere: None,
                near_miss_cut_short: None,
                closest: None,
            };
        };
        let source = &self.corpus.sources[index];
        let wanted: std::collections::BTreeSet<String> =
            crate::retrieve::analyze::stems(claim).into_iter().collect();
        let best = source
            .passages
            .iter()
            .filter(|p| source.role_of(p) == crate::corpus::Role::Body)
            .map(|p| {
                let shared = crate::retrieve::analyze::stems(source.passage_text(p))
                    .into_iter()
                    .collect::<std::collections::BTreeSet<_>>()
                    .intersection(&wanted)
                    .count();
                (shared, p)
            })
            // The first of the passages that share the most words.
            .fold(
                None,
                |best: Option<(usize, &crate::corpus::Passage)>, (n, p)| match best {
                    Some((m, _)) if m >= n => best,
                    _ => Some((n, p)),
                },
            );
        Verification {
            status: QuoteStatus::Unquoted,
            found: best.map(|(_, p)| Found::whole(QuoteStatus::Unquoted, p.span.clone())),
            found_elsewhere: None,
            near_miss_cut_short: None,
            closest: None,
        }
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
                    near_miss_cut_short: None,
                    closest: None,
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
                near_miss_cut_short: None,
                closest: None,
            };
        };
        if elsewhere.is_some() {
            return Verification {
                status: QuoteStatus::WrongSource,
                found: None,
                found_elsewhere: elsewhere,
                near_miss_cut_short: None,
                closest: None,
            };
        }
        let (near, closest, cut_short) = self.near_miss(quote, index);
        Verification {
            status: if near.is_some() {
                QuoteStatus::NearMiss
            } else {
                QuoteStatus::NotFound
            },
            found: near,
            found_elsewhere: None,
            near_miss_cut_short: cut_short,
            closest,
        }
    }

    /// Exact, normalized or elided match in one source.
    pub(crate) fn find(&self, quote: &str, index: usize) -> Option<Found> {
        let source = &self.corpus.sources[index];
        let quote = quote.trim();
        // A quote without a word ("." or "....", or invisible characters that fold to nothing)
        // would be found anywhere: it holds nowhere (claims files refuse such quotes,
        // `Project::parse`).
        if !has_word(quote) {
            return None;
        }
        if let Some(at) = bounded_matches(&source.text, quote, 0).next() {
            return Some(Found::whole(QuoteStatus::Exact, at..at + quote.len()));
        }
        let folded = self.folded(index);
        let needle = fold(quote);
        if let Some(at) = bounded_matches(&folded.text, &needle, 0).next() {
            let (s, e) = folded.original_range(&source.text, at, at + needle.len());
            return Some(Found::whole(QuoteStatus::Normalized, s..e));
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
            let at = bounded_matches(&folded.text, piece, 0).next()?;
            let (s, e) = folded.original_range(&source.text, at, at + piece.len());
            return Some(Found::whole(QuoteStatus::Normalized, s..e));
        }
        find_elided(source, folded, &pieces)
    }

    /// The closest run of words to the quote in a source, as a near miss when it is close
    /// enough ([`NEAR_MISS_SIMILARITY`]); how close it is; and whether (and how) the search
    /// was cut short.
    fn near_miss(
        &self,
        quote: &str,
        index: usize,
    ) -> (Option<Found>, Option<Closeness>, Option<NearMissSearch>) {
        let quote_words: Vec<Word> = words(quote).filter(|w| w.is_word).collect();
        if quote_words.len() < 3 {
            return (None, None, None);
        }
        let source_words = self.words(index);
        let q = source_words.keys_of(&quote_words);
        let (aligned, cut_short) = bounded_alignment(&q, source_words);
        let closest = aligned.and_then(|aligned| {
            self.closest_around(index, &quote_words, &q, source_words, aligned)
        });
        let closeness = closest.as_ref().map(|(_, c)| *c);
        let found = closest
            .filter(|(_, c)| c.is_near_miss())
            .map(|(found, _)| found);
        let cut_short = cut_short.filter(|_| found.is_none());
        (found, closeness, cut_short)
    }

    /// The passage around an alignment of the quote's words `q` in the source, with its word
    /// diff, and how close it is to the quote.
    fn closest_around(
        &self,
        index: usize,
        quote_words: &[Word],
        q: &[u32],
        source_words: &KeyedWords,
        aligned: crate::align::Local,
    ) -> Option<(Found, Closeness)> {
        let source = &self.corpus.sources[index];
        let old_text: Vec<&str> = quote_words.iter().map(Word::as_str).collect();
        // Widened by the quote's words left unaligned at either end, so that the diff shows
        // them.
        let unaligned = (aligned.query.start, q.len() - aligned.query.end);
        let spans = &source_words.spans;
        let (start, end) = widen_to_clause(&source.text, spans, aligned.target, unaligned);
        let keys = &source_words.keys[start..end];
        let window = &spans[start..end];
        let new_text: Vec<&str> = window
            .iter()
            .map(|w| &source.text[usize_range(w)])
            .collect();
        let diff = word_diff(q, keys, &old_text, &new_text);
        let shared: usize = similar::capture_diff_slices(similar::Algorithm::Patience, q, keys)
            .iter()
            .map(|op| match op {
                similar::DiffOp::Equal { len, .. } => *len,
                _ => 0,
            })
            .sum();
        let closeness = Closeness {
            shared,
            quote_words: q.len(),
            passage_words: keys.len(),
        };
        let span = window.first()?.start as usize..window.last()?.end as usize;
        let found = Found {
            diff: Some(diff),
            ..Found::whole(QuoteStatus::NearMiss, span)
        };
        Some((found, closeness))
    }
}

/// How close the closest passage of a cited source is to a quote it does not hold: the words
/// the two share in order (the word diff's equal runs), of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closeness {
    pub shared: usize,
    pub quote_words: usize,
    pub passage_words: usize,
}

/// The least [`Closeness::similarity`] of a near miss: below it, the closest passage is
/// more likely an unrelated sentence that shares a few words than a misquote of it. Measured
/// by `scripts/eval-misquotes.py` on misquotes generated from the seeds and BBC articles
/// (README, "Near misses").
pub const NEAR_MISS_SIMILARITY: f64 = 0.6;

impl Closeness {
    /// The words shared, over the mean length of quote and passage (the Dice coefficient of
    /// the two word sequences): 1 when they are the same words, 0 when they share none.
    pub fn similarity(&self) -> f64 {
        let total = self.quote_words + self.passage_words;
        if total == 0 {
            return 0.0;
        }
        (2 * self.shared) as f64 / total as f64
    }

    fn is_near_miss(&self) -> bool {
        self.similarity() >= NEAR_MISS_SIMILARITY
    }
}

/// Quote words times source words aligned whole (Smith-Waterman fills one cell for each): a
/// 50-word quote in a source of 500,000 words, some 0.1 s. Every quote of every article of a
/// news archive is within it; a bigger search looks only where the quote's rarest words are.
const FULL_ALIGNMENT_CELLS: usize = 25_000_000;
/// The places of a source tried then: those where most of the quote's rarest words line up.
const CANDIDATE_PLACES: usize = 8;
/// The quote's rarest words that point to those places.
const ANCHOR_WORDS: usize = 32;
/// A quote longer than this is aligned nowhere in a source too big to align whole: 8 places
/// of some 1.6 times its length would be 8 × 1.6 × 2,000² = 51 million cells.
const MAX_PLACED_QUOTE_WORDS: usize = 2_000;

/// The fewest of a quote's words a passage must share with it to be a near miss: with `s`
/// words shared, the passage has at least `s` words, so the similarity `2s / (q + p)` is at
/// most `2s / (q + s)`, below [`NEAR_MISS_SIMILARITY`] for fewer than `q·T / (2 - T)`.
fn least_shared_words(quote_words: usize) -> usize {
    let t = NEAR_MISS_SIMILARITY;
    // Less a rounding error, so that 7 × 0.6 / 1.4 = 3.0000000000000004 asks for 3 words.
    (quote_words as f64 * t / (2.0 - t) - 1e-9).ceil() as usize
}

/// The best local alignment of the quote's words `q` in the source's words: the whole source
/// when `q` times the source is at most [`FULL_ALIGNMENT_CELLS`]; else the best of the
/// alignments at the [`CANDIDATE_PLACES`] places where the quote's rarest words line up, and
/// how the search was cut short. A source that does not hold the share of the quote's words a
/// near miss needs ([`least_shared_words`]) is not searched at all, and the search is whole for it: there is nothing to
/// find.
fn bounded_alignment(
    q: &[u32],
    source: &KeyedWords,
) -> (Option<crate::align::Local>, Option<NearMissSearch>) {
    let keys = &source.keys;
    if q.len().saturating_mul(keys.len()) <= FULL_ALIGNMENT_CELLS {
        return (crate::align::local(q, keys), None);
    }
    // How often each of the quote's words occurs in the source.
    let mut in_quote: HashMap<u32, usize> = HashMap::new();
    for &k in q {
        *in_quote.entry(k).or_default() += 1;
    }
    let mut in_source: HashMap<u32, usize> = in_quote.keys().map(|&k| (k, 0)).collect();
    for k in keys {
        if let Some(n) = in_source.get_mut(k) {
            *n += 1;
        }
    }
    let shared: usize = in_quote.iter().map(|(k, &n)| n.min(in_source[k])).sum();
    if shared < least_shared_words(q.len()) {
        return (None, None);
    }
    let mut search = NearMissSearch {
        quote_words: q.len(),
        source_words: keys.len(),
        places: 0,
    };
    if q.len() > MAX_PLACED_QUOTE_WORDS {
        return (None, Some(search));
    }
    // The rarest words the source shares with the quote, the first of equals first.
    let mut anchors: Vec<(usize, usize, u32)> = Vec::new();
    for (i, &k) in q.iter().enumerate() {
        let n = in_source[&k];
        if n > 0 && !anchors.iter().any(|&(_, _, a)| a == k) {
            anchors.push((n, i, k));
        }
    }
    anchors.sort_unstable();
    anchors.truncate(ANCHOR_WORDS);
    // Where each anchor is in the quote.
    let mut anchor_at: HashMap<u32, Vec<usize>> =
        anchors.iter().map(|&(_, _, k)| (k, Vec::new())).collect();
    for (i, k) in q.iter().enumerate() {
        if let Some(at) = anchor_at.get_mut(k) {
            at.push(i);
        }
    }
    // Each occurrence of an anchor in the source votes for where the quote would start
    // there, in bands of `band` words.
    let band = (q.len() / 8).max(16);
    let mut votes: HashMap<usize, usize> = HashMap::new();
    for (p, k) in keys.iter().enumerate() {
        let Some(at) = anchor_at.get(k) else {
            continue;
        };
        for &i in at {
            *votes.entry(p.saturating_sub(i) / band).or_default() += 1;
        }
    }
    let mut places: Vec<(usize, usize)> = votes.into_iter().map(|(b, n)| (n, b)).collect();
    places.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    places.truncate(CANDIDATE_PLACES);
    search.places = places.len();
    let slack = q.len() * 3 / 10 + 8;
    let mut best: Option<crate::align::Local> = None;
    for (_, b) in places {
        let start = (b * band).saturating_sub(slack);
        let end = (b * band + band + q.len() + slack).min(keys.len());
        let Some(mut local) = crate::align::local(q, &keys[start..end]) else {
            continue;
        };
        local.target = local.target.start + start..local.target.end + start;
        let better = best.as_ref().is_none_or(|b| {
            (local.score, std::cmp::Reverse(local.target.start))
                > (b.score, std::cmp::Reverse(b.target.start))
        });
        if better {
            best = Some(local);
        }
    }
    (best, Some(search))
}

/// Whether `quote` holds a word (a letter or a digit, as the word model has it), the least a
/// quote must hold to be looked for.
pub(crate) fn has_word(quote: &str) -> bool {
    words(quote).any(|w| w.is_word)
}

/// Upper bound on first-piece occurrences tried, so a quote of common words cannot make
/// the search quadratic.
const MAX_ELISION_STARTS: usize = 256;

fn find_elided(source: &Source, folded: &Folded, pieces: &[&str]) -> Option<Found> {
    let mut from = 0;
    for _ in 0..MAX_ELISION_STARTS {
        let first = bounded_matches(&folded.text, pieces[0], from).next()?;
        from = first + 1;
        while !folded.text.is_char_boundary(from) {
            from += 1;
        }
        let mut spans = vec![first..first + pieces[0].len()];
        let mut ok = true;
        for piece in &pieces[1..] {
            let prev = spans.last().unwrap().end;
            let at = bounded_matches(&folded.text, piece, prev).next()?;
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

fn usize_range(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

impl KeyedWords {
    /// The words of a text; a word's key is its folded form.
    fn new(text: &str) -> KeyedWords {
        let mut words = KeyedWords {
            spans: Vec::new(),
            keys: Vec::new(),
            vocabulary: HashMap::new(),
        };
        // News text repeats its words: fold each spelling once.
        let mut spellings: HashMap<&str, u32> = HashMap::new();
        for (at, w) in word_slices(text) {
            let key = *spellings.entry(w).or_insert_with(|| {
                let next = words.vocabulary.len() as u32;
                *words
                    .vocabulary
                    .entry(fold_word(w).into_owned())
                    .or_insert(next)
            });
            words.spans.push(at as u32..(at + w.len()) as u32);
            words.keys.push(key);
        }
        words
    }

    /// The keys of another text's words; a word this text lacks gets an id of its own.
    fn keys_of<'w>(&self, words: &'w [Word]) -> Vec<u32> {
        let mut unknown: HashMap<&'w str, u32> = HashMap::new();
        words
            .iter()
            .map(|w| match self.vocabulary.get(w.key.as_ref()) {
                Some(&id) => id,
                None => {
                    let next = (self.vocabulary.len() + unknown.len()) as u32;
                    *unknown.entry(&w.key).or_insert(next)
                }
            })
            .collect()
    }
}

/// Words a replaced quote ending may stretch to, so that "in Germany" against "in the
/// Netherlands" shows the whole replacement and not half of it.
const MAX_CLAUSE_STRETCH: usize = 3;

/// The words `aligned` of the source, widened at each end by as many words as the quote has
/// left unaligned there (`unaligned`), then on to the next punctuation (a clause boundary),
/// by at most [`MAX_CLAUSE_STRETCH`] words more; never across the end of a sentence, so that
/// the quote's last word is not set against the next sentence's first.
fn widen_to_clause(
    text: &str,
    words: &[Range<u32>],
    aligned: Range<usize>,
    (left, right): (usize, usize),
) -> (usize, usize) {
    let between = |a: usize, b: usize| &text[words[a].end as usize..words[b].start as usize];
    let sentence_break = |gap: &str| gap.contains(['.', '!', '?', '"', '“', '”', '\n']);
    let clause_break = |gap: &str| sentence_break(gap) || gap.contains([',', ';', ':', '(', ')']);
    let (mut start, mut end) = (aligned.start, aligned.end);
    if right > 0 && end > 0 {
        let mut stretch = 0;
        while end < words.len() {
            let gap = between(end - 1, end);
            let wanted = end - aligned.end < right;
            if sentence_break(gap)
                || (!wanted && (clause_break(gap) || stretch == MAX_CLAUSE_STRETCH))
            {
                break;
            }
            if !wanted {
                stretch += 1;
            }
            end += 1;
        }
    }
    if left > 0 && start < words.len() {
        let mut stretch = 0;
        while start > 0 {
            let gap = between(start - 1, start);
            let wanted = aligned.start - start < left;
            if sentence_break(gap)
                || (!wanted && (clause_break(gap) || stretch == MAX_CLAUSE_STRETCH))
            {
                break;
            }
            if !wanted {
                stretch += 1;
            }
            start -= 1;
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::corpus::Corpus;
    use crate::text::test_texts::{article, config};

    fn corpus(texts: &[(&str, &str)]) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let mut claims = String::from("[project]\ntitle = \"t\"\nsources = \"s\"\n");
        std::fs::create_dir(dir.path().join("s")).unwrap();
        for (id, text) in texts {
            std::fs::write(dir.path().join("s").join(format!("{id}.txt")), text).unwrap();
        }
        claims.push('\n');
        let path = dir.path().join("claims.toml");
        std::fs::write(&path, claims).unwrap();
        let project = crate::project::Project::load(&path).unwrap();
        Corpus::load(&project).unwrap()
    }

    const GUARDIAN: &str = "Headline\n\
Microsoft told Israeli officials...that Unit 8200...had violated the company’s terms of service by storing the vast trove of surveillance data.\n\
According to several sources, the enormous repository of intercepted calls...was held in a Microsoft datacentre in the Netherlands. Within days it moved.\n\
Smith wrote: “We do not provide technology to facilitate mass surveillance of civilians.”\n";

    const WEBPRO: &str = "Other\n\nThe program reportedly involved recording and storing up to a million calls per hour, using Microsoft’s European servers.\n";

    #[test]
    fn classifies_quotes() {
        let c = corpus(&[("g", GUARDIAN), ("w", WEBPRO)]);
        let v = Verifier::new(&c, None);
        let status = |q: &str, s: &str| v.verify(q, s).status;
        assert_eq!(
            status(
                "the enormous repository of intercepted calls...was held in a Microsoft datacentre",
                "g"
            ),
            QuoteStatus::Exact
        );
        assert_eq!(
            status(
                "\"We do not provide   technology to facilitate mass surveillance",
                "g"
            ),
            QuoteStatus::Normalized
        );
        assert_eq!(
            status("THE COMPANY'S TERMS OF SERVICE", "g"),
            QuoteStatus::Normalized
        );
        assert_eq!(
            status(
                "Microsoft told Israeli officials … had violated the company's terms",
                "g"
            ),
            QuoteStatus::Elided
        );
        assert_eq!(
            status("several sources ... Within days it moved", "g"),
            QuoteStatus::Elided
        );
        // The second piece is in another source.
        assert_eq!(
            status(
                "told Israeli officials ... recording and storing up to a million calls per hour",
                "g"
            ),
            QuoteStatus::NotFound
        );
        // Three of five words: close enough to show the closest passage.
        assert_eq!(
            status("told Israeli officials ... European servers", "g"),
            QuoteStatus::NearMiss
        );
        assert_eq!(
            status("held in a Microsoft datacentre in Germany", "g"),
            QuoteStatus::NearMiss
        );
        assert_eq!(
            status("held in a Microsoft datacentre", "nope"),
            QuoteStatus::UnknownSource
        );
        assert_eq!(
            status("a sentence that appears in neither article at all", "g"),
            QuoteStatus::NotFound
        );
        assert_eq!(
            status("Microsoft datacentre in the Nether", "g"),
            QuoteStatus::NearMiss
        );
    }

    #[test]
    fn words_share_ids_by_folded_spelling() {
        let text = "The “Council” met; the council’s vote, THE COUNCIL said.";
        let w = KeyedWords::new(text);
        let spelled: Vec<&str> = w.spans.iter().map(|r| &text[usize_range(r)]).collect();
        assert_eq!(
            spelled,
            [
                "The",
                "Council",
                "met",
                "the",
                "council’s",
                "vote",
                "THE",
                "COUNCIL",
                "said"
            ]
        );
        assert_eq!(w.keys[0], w.keys[3]);
        assert_eq!(w.keys[0], w.keys[6]);
        assert_eq!(w.keys[1], w.keys[7]);
        // A quote's words the text lacks get ids of their own: equal to each other only.
        let quote: Vec<Word> = words("council Geneva geneva Bern council's").collect();
        let q = w.keys_of(&quote);
        assert_eq!(q[0], w.keys[1]);
        assert_eq!(q[4], w.keys[4], "typographic apostrophes fold alike");
        assert_eq!(q[1], q[2]);
        assert_ne!(q[1], q[3]);
        assert!(q[1..4].iter().all(|k| !w.keys.contains(k)));
    }

    #[test]
    fn a_source_sharing_fewer_words_cannot_hold_a_near_miss() {
        for q in 1..200 {
            let least = least_shared_words(q);
            // With `least` words shared and no other word, the passage is a near miss...
            let close = Closeness {
                shared: least,
                quote_words: q,
                passage_words: least.max(1),
            };
            assert!(least == 0 || close.is_near_miss(), "{q}: {close:?}");
            // ... and with one word fewer, no passage is.
            if least > 0 {
                let s = least - 1;
                let best = Closeness {
                    shared: s,
                    quote_words: q,
                    passage_words: s,
                };
                assert!(!best.is_near_miss(), "{q}: {best:?}");
            }
        }
    }

    #[test]
    fn a_near_miss_diff_ends_with_its_sentence_and_a_far_quote_is_not_one() {
        let text = "He said: \"I am opposed to any arbitrary detention that is happening, even in Britain.\" Shami Chakrabarti, director of Liberty, disagreed.\n";
        let c = corpus(&[("t", text)]);
        let v = Verifier::new(&c, None);
        let near = v.verify(
            "I am totally opposed to any arbitrary detention that is going on, even in the UK",
            "t",
        );
        assert_eq!(near.status, QuoteStatus::NearMiss);
        let found = near.found.unwrap();
        assert_eq!(
            &text[found.span.clone()],
            "I am opposed to any arbitrary detention that is happening, even in Britain"
        );
        let closest = near.closest.unwrap();
        assert_eq!(
            (closest.shared, closest.quote_words, closest.passage_words),
            (11, 16, 13)
        );
        assert!((closest.similarity() - 22.0 / 29.0).abs() < 1e-9);
        let far = v.verify("Liberty said the director of detention was opposed", "t");
        assert_eq!(far.status, QuoteStatus::NotFound);
        assert!(far.found.is_none());
        assert!(far.closest.unwrap().similarity() < NEAR_MISS_SIMILARITY);
    }

    #[test]
    fn locates_matches_and_diffs_near_misses() {
        let c = corpus(&[("g", GUARDIAN), ("w", WEBPRO)]);
        let v = Verifier::new(&c, None);
        let g = c.source("g").unwrap();
        let r = v.verify("“We do not provide technology", "g");
        let found = r.found.unwrap();
        assert_eq!(g.line_col(found.span.start), (4, 14));

        let r = v.verify("held in a Microsoft datacentre in Germany", "g");
        let diff = crate::diff::plain(r.found.unwrap().diff.as_ref().unwrap());
        assert_eq!(
            diff,
            "held in a Microsoft datacentre in [-Germany-] {+the Netherlands+}"
        );

        let r = v.verify("storing up to a million calls per hour", "g");
        assert_eq!(r.status, QuoteStatus::WrongSource);
        let (index, found) = r.found_elsewhere.unwrap();
        assert_eq!(c.sources[index].id, "w");
        assert_eq!(c.sources[index].line_col(found.span.start), (3, 47));
    }

    // --- Properties, on generated articles ------------------------------------------------------
    //
    // Every passage, and every run of whole words, of a source verifies `exact` against it;
    // retyped (upper case, doubled spaces) it still holds.

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn every_passage_verifies_exact(text in article()) {
            let corpus = Corpus::from_texts(&[("s", &text)]);
            let source = &corpus.sources[0];
            let verifier = Verifier::new(&corpus, None);
            for p in &source.passages {
                let quote = source.passage_text(p);
                // A quote without a word (an emoji and a full stop) holds nowhere.
                if !has_word(quote) {
                    continue;
                }
                let v = verifier.verify(quote, "s");
                prop_assert_eq!(v.status, QuoteStatus::Exact, "{:?} in {:?}", quote, text);
                let found = v.found.unwrap();
                prop_assert_eq!(&source.text[found.span.clone()], quote);
                prop_assert_eq!(found.pieces, vec![found.span.clone()]);
            }
        }

        /// Any run of whole words (cut at whitespace) is a quote that holds as it is.
        #[test]
        fn every_run_of_whole_words_verifies_exact(
            text in article(),
            cuts in prop::collection::vec((any::<prop::sample::Index>(), 1usize..30), 8),
        ) {
            let corpus = Corpus::from_texts(&[("s", &text)]);
            let source = &corpus.sources[0];
            let words: Vec<(usize, usize)> = source
                .text
                .split_whitespace()
                .map(|w| {
                    let start = w.as_ptr() as usize - source.text.as_ptr() as usize;
                    (start, start + w.len())
                })
                .collect();
            prop_assume!(!words.is_empty());
            let verifier = Verifier::new(&corpus, None);
            for (first, len) in cuts {
                let first = first.index(words.len());
                let last = (first + len - 1).min(words.len() - 1);
                let quote = &source.text[words[first].0..words[last].1];
                if !has_word(quote) {
                    continue;
                }
                let v = verifier.verify(quote, "s");
                prop_assert_eq!(v.status, QuoteStatus::Exact, "{:?} in {:?}", quote, source.text);
                prop_assert_eq!(&source.text[v.found.unwrap().span], quote);
            }
        }

        /// A passage retyped, in capitals with its spaces doubled, still holds.
        #[test]
        fn a_retyped_passage_holds(text in article()) {
            let corpus = Corpus::from_texts(&[("s", &text)]);
            let source = &corpus.sources[0];
            let verifier = Verifier::new(&corpus, None);
            for p in &source.passages {
                let quote = source.passage_text(p).to_ascii_uppercase().replace(' ', "  ");
                if !has_word(&quote) {
                    continue;
                }
                let v = verifier.verify(&quote, "s");
                prop_assert!(
                    v.status.holds(),
                    "{:?} is {:?} in {:?}",
                    quote,
                    v.status,
                    source.text
                );
                let found = v.found.unwrap();
                prop_assert!(
                    source.text.is_char_boundary(found.span.start)
                        && source.text.is_char_boundary(found.span.end)
                        && found.span.start < found.span.end
                );
            }
        }
    }
}
