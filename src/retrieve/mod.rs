//! Passage retrieval: which passages of the corpus support a claim, ranked.
//!
//! [`Retriever`] is the seam: [`MemoryIndex`] is an inverted index held in memory, built in one
//! pass over the corpus. A search engine (PostgreSQL full-text search, OpenSearch) can stand in
//! for it when an archive outgrows one machine.
//!
//! Scoring is multi-field BM25: the passage's own words, plus the words of its source's title and
//! of the whole source as weaker evidence (a passage about "the rise" in an article titled "Sea
//! level rise" is about sea levels). A word of the claim that a passage lacks may be stood in
//! for, at a lower weight, by a related word of the [`Lexicon`] (WordNet synonyms,
//! nationalities, irregular forms, number words) or by a compound in its other spelling
//! (`expand`). Headlines are offered as passages, in a field of their own. Weights are what
//! the Climate-FEVER dev split supports; word pair (phrase), number and name bonuses,
//! pseudo-relevance feedback, a neighbour-context field, an unstemmed field, WordNet's
//! derivations, hypernyms and multi-word lemmas, and learned reranking were measured there too
//! and left out: none helped (README).

use std::collections::HashMap;

pub(crate) mod analyze;
mod expand;
mod index;
mod lexicon;
mod rerank;

pub use analyze::StemTable;
pub(crate) use expand::Group;
pub(crate) use index::{best, Field, Fields, SourceTerms};
pub use index::{MemoryIndex, Params};

/// The query groups of `text` (see [`expand::query`]).
pub(crate) use expand::query as query_groups;
pub use lexicon::{Lexicon, Relation};
pub(crate) use rerank::POOL as RERANK_POOL;
pub use rerank::{LoadError as RerankerError, Reranked, Reranker};

/// A passage of the corpus, by source index and passage index within the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PassageId {
    pub source: u32,
    pub passage: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: PassageId,
    pub score: f32,
    /// The share of the query's weight (sum of idf) that the passage's own words match, 0..1.
    /// Comparable across queries, unlike the score: the basis of the support threshold.
    pub coverage: f32,
}

/// Ranked passage retrieval over a corpus.
pub trait Retriever: Sync {
    /// The best `top` passages for `query`, best first, at most [`PER_SOURCE_FIRST_ROUND`]
    /// from one source before every other source with a match has had its turn.
    fn search(&self, query: &str, top: usize) -> Vec<Hit>;
}

/// How many passages one source may place before the other sources get a turn.
pub const PER_SOURCE_FIRST_ROUND: usize = 3;

/// How many of the first `top` picks the first round of [`diversify`] can make from `hits`.
fn first_round_count(hits: &[Hit], top: usize, per_source: usize) -> usize {
    let mut taken: HashMap<u32, usize> = HashMap::new();
    let mut n = 0;
    for hit in hits {
        let c = taken.entry(hit.id.source).or_insert(0);
        if *c < per_source {
            *c += 1;
            n += 1;
            if n >= top {
                break;
            }
        }
    }
    n
}

/// Take hits best first, at most `per_source` from one source, then fill up with the rest in
/// order: a source that says a thing ten times does not crowd out the second source.
pub fn diversify(hits: Vec<Hit>, top: usize, per_source: usize) -> Vec<Hit> {
    let mut taken: HashMap<u32, usize> = HashMap::new();
    let mut out = Vec::with_capacity(top);
    let mut deferred = Vec::new();
    for hit in hits {
        if out.len() >= top {
            break;
        }
        let n = taken.entry(hit.id.source).or_insert(0);
        if *n < per_source {
            *n += 1;
            out.push(hit);
        } else {
            deferred.push(hit);
        }
    }
    out.extend(deferred.into_iter().take(top.saturating_sub(out.len())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(source: u32, passage: u32, score: f32) -> Hit {
        Hit {
            id: PassageId { source, passage },
            score,
            coverage: 1.0,
        }
    }

    #[test]
    fn diversify_gives_other_sources_a_turn() {
        let hits = vec![
            hit(0, 0, 9.0),
            hit(0, 1, 8.0),
            hit(0, 2, 7.0),
            hit(0, 3, 6.0),
            hit(1, 0, 1.0),
        ];
        let out = diversify(hits, 5, 3);
        let order: Vec<(u32, u32)> = out.iter().map(|h| (h.id.source, h.id.passage)).collect();
        assert_eq!(order, [(0, 0), (0, 1), (0, 2), (1, 0), (0, 3)]);
    }
}
