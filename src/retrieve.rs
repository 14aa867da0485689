//! Passage retrieval: which passages of the corpus support a claim, ranked.
//!
//! [`Retriever`] is the seam: [`MemoryIndex`] is an inverted index held in memory, built in one
//! pass over the corpus. A search engine (PostgreSQL full-text search, OpenSearch) can stand in
//! for it when an archive outgrows one machine.
//!
//! Scoring is multi-field BM25: the passage's own words, plus the words of its source's title and
//! of the whole source as weaker evidence (a passage about "the rise" in an article titled "Sea
//! level rise" is about sea levels). Weights are what the Climate-FEVER dev split supports; word
//! pair (phrase), number and name bonuses, pseudo-relevance feedback, a neighbour-context field
//! and an unstemmed field were measured there too and left out: none helped (README).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::analyze::{self, Term};
use crate::corpus::{Corpus, Role};

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

/// Tuning of the scoring; the defaults are what the Climate-FEVER dev split supports (README,
/// "Retrieval quality").
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub k1: f32,
    pub b: f32,
    /// Weight of the source title field.
    pub title_weight: f32,
    /// Weight of the whole-source field.
    pub source_weight: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            k1: 1.2,
            b: 0.75,
            title_weight: 0.3,
            source_weight: 0.2,
        }
    }
}

/// Postings of one field: for each term, (document, term frequency).
#[derive(Default)]
struct Field {
    postings: Vec<Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    avg_len: f32,
}

impl Field {
    fn new(terms: usize, docs: Vec<Vec<u32>>) -> Field {
        let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); terms];
        let mut lengths = Vec::with_capacity(docs.len());
        for (doc, mut ids) in docs.into_iter().enumerate() {
            lengths.push(ids.len() as u32);
            ids.sort_unstable();
            let mut i = 0;
            while i < ids.len() {
                let mut j = i;
                while j < ids.len() && ids[j] == ids[i] {
                    j += 1;
                }
                postings[ids[i] as usize].push((doc as u32, (j - i) as u32));
                i = j;
            }
        }
        let total: u64 = lengths.iter().map(|&l| l as u64).sum();
        let avg_len = if lengths.is_empty() {
            1.0
        } else {
            (total as f32 / lengths.len() as f32).max(1.0)
        };
        Field {
            postings,
            lengths,
            avg_len,
        }
    }

    fn docs(&self) -> usize {
        self.lengths.len()
    }

    fn idf(&self, term: u32) -> f32 {
        let n = self.docs() as f32;
        let df = self.postings.get(term as usize).map_or(0, Vec::len) as f32;
        // BM25's idf, kept positive for terms in more than half the documents.
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// Add the BM25 score of `term` (with query weight `qtf`) for every document that has it.
    fn score_term(&self, term: u32, qtf: f32, p: &Params, mut add: impl FnMut(u32, f32)) {
        let Some(list) = self.postings.get(term as usize) else {
            return;
        };
        let idf = self.idf(term);
        for &(doc, tf) in list {
            let tf = tf as f32;
            let len = self.lengths[doc as usize] as f32;
            let norm = tf * (p.k1 + 1.0) / (tf + p.k1 * (1.0 - p.b + p.b * len / self.avg_len));
            add(doc, qtf * idf * norm);
        }
    }
}

/// An inverted index of the corpus's body passages, held in memory.
pub struct MemoryIndex<'c> {
    corpus: &'c Corpus,
    params: Params,
    terms: FxHashMap<String, u32>,
    /// Passage documents, in corpus order, and their ids.
    passages: Field,
    ids: Vec<PassageId>,
    titles: Field,
    sources: Field,
}

impl<'c> MemoryIndex<'c> {
    pub fn build(corpus: &'c Corpus) -> MemoryIndex<'c> {
        MemoryIndex::with_params(corpus, Params::default())
    }

    pub fn with_params(corpus: &'c Corpus, params: Params) -> MemoryIndex<'c> {
        // Analyse in parallel, each source with its own small vocabulary; then give global term
        // ids in one sequential pass, so they are deterministic.
        struct Analysed {
            vocabulary: Vec<String>,
            title: Vec<u32>,
            passages: Vec<(u32, Vec<u32>)>,
        }
        let analysed: Vec<Analysed> = corpus
            .sources
            .par_iter()
            .map(|source| {
                let mut table = analyze::StemTable::default();
                let title = table.stems(&source.title);
                let passages = source
                    .passages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| source.role_of(p) == Role::Body)
                    .map(|(i, p)| (i as u32, table.stems(source.passage_text(p))))
                    .collect();
                Analysed {
                    vocabulary: table.vocabulary,
                    title,
                    passages,
                }
            })
            .collect();

        let mut terms: FxHashMap<String, u32> = FxHashMap::default();
        let mut ids = Vec::new();
        let mut passage_docs = Vec::new();
        let mut title_docs = Vec::with_capacity(corpus.sources.len());
        let mut source_docs = Vec::with_capacity(corpus.sources.len());
        for (source, analysed) in analysed.into_iter().enumerate() {
            let global: Vec<u32> = analysed
                .vocabulary
                .into_iter()
                .map(|stem| {
                    let next = terms.len() as u32;
                    *terms.entry(stem).or_insert(next)
                })
                .collect();
            let to_global = |local: Vec<u32>| -> Vec<u32> {
                local.into_iter().map(|i| global[i as usize]).collect()
            };
            title_docs.push(to_global(analysed.title));
            let mut whole = Vec::new();
            for (passage, local) in analysed.passages {
                let doc = to_global(local);
                whole.extend_from_slice(&doc);
                passage_docs.push(doc);
                ids.push(PassageId {
                    source: source as u32,
                    passage,
                });
            }
            source_docs.push(whole);
        }
        let n_terms = terms.len();
        // The three fields are independent: on a large archive, building them one after the
        // other left a core idle for a second.
        let (passages, (titles, sources)) = rayon::join(
            || Field::new(n_terms, passage_docs),
            || {
                rayon::join(
                    || Field::new(n_terms, title_docs),
                    || Field::new(n_terms, source_docs),
                )
            },
        );
        MemoryIndex {
            corpus,
            params,
            terms,
            passages,
            ids,
            titles,
            sources,
        }
    }

    /// All matching passages, best first, before per-source diversification.
    pub fn search_raw(&self, query: &str) -> Vec<Hit> {
        let mut hits = self.score(&analyze::terms(query));
        hits.sort_by(by_rank);
        hits
    }

    pub fn passage_count(&self) -> usize {
        self.ids.len()
    }

    fn score(&self, query: &[Term]) -> Vec<Hit> {
        // Query term ids with their weights; unknown terms still weigh in the coverage.
        let mut counts: Vec<(u32, f32)> = Vec::new();
        let mut unknown_weight = 0.0f32;
        for t in query {
            match self.terms.get(&t.stem) {
                Some(&id) => match counts.iter_mut().find(|(i, _)| *i == id) {
                    Some(c) => c.1 += 1.0,
                    None => counts.push((id, 1.0)),
                },
                None => unknown_weight += self.passages.idf(u32::MAX),
            }
        }
        if counts.is_empty() {
            return Vec::new();
        }
        let total_weight: f32 = counts
            .iter()
            .map(|&(id, q)| q * self.passages.idf(id))
            .sum::<f32>()
            + unknown_weight;
        self.rank(&counts, total_weight)
    }

    /// Score every passage that has one of the query's terms.
    fn rank(&self, counts: &[(u32, f32)], total_weight: f32) -> Vec<Hit> {
        let p = &self.params;
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                score,
                matched,
                touched,
                per_source,
            } = &mut *scratch;
            // Dense accumulators, reused across queries on this thread: cheaper than a map
            // when a common word touches tens of thousands of passages.
            score.resize(self.ids.len(), 0.0);
            matched.resize(self.ids.len(), 0.0);
            for &(id, q) in counts {
                let idf = self.passages.idf(id);
                self.passages.score_term(id, q, p, |doc, s| {
                    let d = doc as usize;
                    if matched[d] == 0.0 {
                        touched.push(doc);
                    }
                    score[d] += s;
                    matched[d] += q * idf;
                });
            }
            per_source.clear();
            per_source.resize(self.corpus.sources.len(), 0.0);
            for &(id, q) in counts {
                if p.title_weight > 0.0 {
                    self.titles.score_term(id, q, p, |doc, s| {
                        per_source[doc as usize] += p.title_weight * s
                    });
                }
                if p.source_weight > 0.0 {
                    self.sources.score_term(id, q, p, |doc, s| {
                        per_source[doc as usize] += p.source_weight * s
                    });
                }
            }
            let hits = touched
                .drain(..)
                .map(|doc| {
                    let d = doc as usize;
                    let id = self.ids[d];
                    let hit = Hit {
                        id,
                        score: score[d] + per_source[id.source as usize],
                        coverage: if total_weight > 0.0 {
                            matched[d] / total_weight
                        } else {
                            0.0
                        },
                    };
                    score[d] = 0.0;
                    matched[d] = 0.0;
                    hit
                })
                .collect();
            hits
        })
    }
}

#[derive(Default)]
struct Scratch {
    score: Vec<f32>,
    matched: Vec<f32>,
    touched: Vec<u32>,
    per_source: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Best first; ties broken by position, so equal input gives equal output.
fn by_rank(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
}

impl Retriever for MemoryIndex<'_> {
    fn search(&self, query: &str, top: usize) -> Vec<Hit> {
        let mut hits = self.score(&analyze::terms(query));
        // Order only the head of the list when that decides the answer: diversification
        // needs `top` hits from the first round, and a longer head almost always has them.
        let head = (top * 8).max(64);
        if hits.len() > head {
            hits.select_nth_unstable_by(head, by_rank);
            let mut prefix: Vec<Hit> = hits[..head].to_vec();
            prefix.sort_by(by_rank);
            if first_round_count(&prefix, top, PER_SOURCE_FIRST_ROUND) >= top {
                return diversify(prefix, top, PER_SOURCE_FIRST_ROUND);
            }
        }
        hits.sort_by(by_rank);
        diversify(hits, top, PER_SOURCE_FIRST_ROUND)
    }
}

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
