//! [`MemoryIndex`]: an inverted index of the corpus's passages held in memory, scored by
//! multi-field BM25 (see the module above).

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::{
    analyze, diversify, first_round_count, Hit, PassageId, Retriever, PER_SOURCE_FIRST_ROUND,
};
use crate::corpus::{Corpus, Role};

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
        let mut hits = self.score(&analyze::stems(query));
        hits.sort_by(by_rank);
        hits
    }

    fn score(&self, query: &[String]) -> Vec<Hit> {
        // Query term ids with their weights; unknown terms still weigh in the coverage.
        let mut counts: Vec<(u32, f32)> = Vec::new();
        let mut unknown_weight = 0.0f32;
        for stem in query {
            match self.terms.get(stem) {
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
        let mut hits = self.score(&analyze::stems(query));
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
