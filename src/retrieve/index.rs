//! [`MemoryIndex`]: an inverted index of the corpus's passages held in memory, scored by
//! multi-field BM25 (see the module above).

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::expand::{self, Group, Widening};
use super::lexicon::Lexicon;
use super::{
    analyze, diversify, first_round_count, Hit, PassageId, Retriever, PER_SOURCE_FIRST_ROUND,
};
use crate::corpus::{Corpus, Role, Source};

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
    /// Weight of a related stem from the lexicon (a synonym, a demonym's country, an
    /// irregular form's base, a number's digits) standing in for a word of the query that the
    /// passage lacks (0: off).
    pub related_weight: f32,
    /// Weight of a compound in its other spelling ("datacentre" for "data centre" and back)
    /// standing in for a word of the query (0: off).
    pub compound_weight: f32,
    /// Most related stems that stand in for one word of the query: the rarest in the corpus
    /// (the most telling, and the cheapest to score).
    pub max_related: usize,
    /// Weight of a headline's own words when it is offered as a passage (0: headlines are
    /// not offered). Its title and source fields count as for any passage of the source.
    pub headline_weight: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            k1: 1.2,
            b: 0.75,
            title_weight: 0.3,
            source_weight: 0.2,
            related_weight: 0.1,
            compound_weight: 0.7,
            max_related: 3,
            headline_weight: 0.5,
        }
    }
}

/// Postings of one field: for each term, (document, term frequency).
#[derive(Default)]
pub(crate) struct Field {
    postings: Vec<Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    avg_len: f32,
    /// Documents in the field: `lengths.len()`, except in a query's slice of an archive
    /// (`crate::archive`), which holds only the documents the query's terms touch but
    /// scores them with the whole archive's statistics.
    docs: usize,
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
        let docs = lengths.len();
        Field {
            postings,
            lengths,
            avg_len: average_length(total, docs),
            docs,
        }
    }

    /// A field's slice: `postings` (by term, of documents numbered by `lengths`) out of a
    /// field of `docs` documents whose lengths add up to `total`.
    pub(crate) fn slice(
        postings: Vec<Vec<(u32, u32)>>,
        lengths: Vec<u32>,
        docs: usize,
        total: u64,
    ) -> Field {
        Field {
            postings,
            lengths,
            avg_len: average_length(total, docs),
            docs,
        }
    }

    fn docs(&self) -> usize {
        self.docs
    }

    /// Documents held here (all of them, but in a slice).
    fn held(&self) -> usize {
        self.lengths.len()
    }

    fn df(&self, term: u32) -> usize {
        self.postings.get(term as usize).map_or(0, Vec::len)
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

/// BM25's average document length, at least 1.
fn average_length(total: u64, docs: usize) -> f32 {
    if docs == 0 {
        1.0
    } else {
        (total as f32 / docs as f32).max(1.0)
    }
}

/// A source's terms, as the index takes them: its own small vocabulary, the title's terms
/// and each indexed passage's (its index, whether it is the headline, its terms), all as
/// positions in the vocabulary.
pub(crate) struct SourceTerms {
    pub(crate) vocabulary: Vec<String>,
    pub(crate) title: Vec<u32>,
    pub(crate) passages: Vec<(u32, bool, Vec<u32>)>,
}

impl SourceTerms {
    /// What the index takes of `source`: its body passages, and its headline when
    /// `params` offer headlines as passages.
    pub(crate) fn of(source: &Source, params: &Params) -> SourceTerms {
        let mut table = analyze::StemTable::default();
        let title = table.stems(&source.title);
        let passages = source
            .passages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let headline = match source.role_of(p) {
                    Role::Body => false,
                    Role::Title if params.headline_weight > 0.0 => true,
                    _ => return None,
                };
                Some((i as u32, headline, table.stems(source.passage_text(p))))
            })
            .collect();
        SourceTerms {
            vocabulary: table.vocabulary,
            title,
            passages,
        }
    }
}

/// The fields of an index: what [`MemoryIndex`] builds over a corpus, and what an archive's
/// query slice (`crate::archive`) holds of the documents its terms touch.
pub(crate) struct Fields {
    pub(crate) passages: Field,
    pub(crate) headlines: Field,
    pub(crate) titles: Field,
    pub(crate) sources: Field,
    /// Passage and then headline documents' ids, in the fields' document order; their
    /// `source` numbers the documents of `titles` and `sources`.
    pub(crate) ids: Vec<PassageId>,
}

/// An inverted index of the corpus's body passages, held in memory.
pub struct MemoryIndex<'c> {
    params: Params,
    lexicon: &'c Lexicon,
    terms: FxHashMap<String, u32>,
    /// Passage documents in corpus order; headlines offered as passages in a field of their
    /// own, so that their words do not change the passages' statistics.
    fields: Fields,
}

impl<'c> MemoryIndex<'c> {
    pub fn build(corpus: &'c Corpus) -> MemoryIndex<'c> {
        MemoryIndex::with_params(corpus, Params::default())
    }

    pub fn with_params(corpus: &'c Corpus, params: Params) -> MemoryIndex<'c> {
        // The shipped lexicon is read (once per process) while the corpus is indexed.
        let (lexicon, mut index) = rayon::join(Lexicon::builtin, || {
            MemoryIndex::with_lexicon(corpus, params, Lexicon::empty())
        });
        index.lexicon = lexicon;
        index
    }

    /// An index that widens queries with `lexicon` (as `params` say how much).
    pub fn with_lexicon(
        corpus: &'c Corpus,
        params: Params,
        lexicon: &'c Lexicon,
    ) -> MemoryIndex<'c> {
        // Analyse in parallel, each source with its own small vocabulary; then give global term
        // ids in one sequential pass, so they are deterministic.
        let analysed: Vec<SourceTerms> = corpus
            .sources
            .par_iter()
            .map(|source| SourceTerms::of(source, &params))
            .collect();

        let mut terms: FxHashMap<String, u32> = FxHashMap::default();
        let mut ids = Vec::new();
        let mut headline_ids = Vec::new();
        let mut headline_docs = Vec::new();
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
            for (passage, is_headline, local) in analysed.passages {
                let doc = to_global(local);
                let id = PassageId {
                    source: source as u32,
                    passage,
                };
                if is_headline {
                    headline_docs.push(doc);
                    headline_ids.push(id);
                    continue;
                }
                whole.extend_from_slice(&doc);
                passage_docs.push(doc);
                ids.push(id);
            }
            source_docs.push(whole);
        }
        let n_terms = terms.len();
        ids.extend(headline_ids);
        let headlines = Field::new(n_terms, headline_docs);
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
            params,
            lexicon,
            terms,
            fields: Fields {
                passages,
                headlines,
                titles,
                sources,
                ids,
            },
        }
    }

    /// All matching passages, best first, before per-source diversification.
    pub fn search_raw(&self, query: &str) -> Vec<Hit> {
        let mut hits = self.score(query);
        hits.sort_by(by_rank);
        hits
    }

    fn score(&self, query: &str) -> Vec<Hit> {
        let groups = expand::query(
            query,
            self.lexicon,
            self.params.widening(),
            &|stem| self.terms.get(stem).copied(),
            &|term| self.fields.passages.df(term),
        );
        self.fields.score(&groups, &self.params)
    }
}

impl Params {
    pub(crate) fn widening(&self) -> Widening {
        Widening {
            related: self.related_weight,
            compound: self.compound_weight,
            max_related: self.max_related,
        }
    }
}

impl Fields {
    /// Every document that has one of the query's terms (`groups`, as [`expand::query`]
    /// gives them), scored; in no order.
    pub(crate) fn score(&self, groups: &[Group], p: &Params) -> Vec<Hit> {
        if groups
            .iter()
            .all(|g| g.term.is_none() && g.alternatives.is_empty())
        {
            return Vec::new();
        }
        // The query's weight is its own words' idf; words no passage has still weigh in it.
        let total_weight: f32 = groups
            .iter()
            .map(|g| g.count * self.passages.idf(g.term.unwrap_or(u32::MAX)))
            .sum();
        self.rank(groups, total_weight, p)
    }

    /// Score every passage that has one of the query's terms or their alternatives.
    fn rank(&self, groups: &[Group], total_weight: f32, p: &Params) -> Vec<Hit> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch {
                score,
                matched,
                touched,
                per_source,
                group,
            } = &mut *scratch;
            // Dense accumulators, reused across queries on this thread: cheaper than a map
            // when a common word touches tens of thousands of passages.
            score.resize(self.ids.len(), 0.0);
            matched.resize(self.ids.len(), 0.0);
            for g in groups {
                let idf = self.passages.idf(g.term.unwrap_or(u32::MAX));
                let mut add = |doc: u32, s: f32, covered: f32| {
                    let d = doc as usize;
                    if matched[d] == 0.0 {
                        touched.push(doc);
                    }
                    score[d] += s;
                    matched[d] += covered;
                };
                if g.alternatives.is_empty() {
                    if let Some(id) = g.term {
                        self.passages
                            .score_term(id, g.count, p, |doc, s| add(doc, s, g.count * idf));
                    }
                } else {
                    group.score(&self.passages, g, idf, p, &mut add);
                }
                if self.headlines.docs() > 0 {
                    // Headline documents follow the passages.
                    let first = self.passages.held() as u32;
                    let mut add = |doc: u32, s: f32, covered: f32| {
                        add(first + doc, p.headline_weight * s, covered)
                    };
                    if g.alternatives.is_empty() {
                        if let Some(id) = g.term {
                            self.headlines
                                .score_term(id, g.count, p, |doc, s| add(doc, s, g.count * idf));
                        }
                    } else {
                        group.score(&self.headlines, g, idf, p, add);
                    }
                }
            }
            per_source.clear();
            per_source.resize(self.titles.held(), 0.0);
            for (field, weight) in [
                (&self.titles, p.title_weight),
                (&self.sources, p.source_weight),
            ] {
                if weight <= 0.0 {
                    continue;
                }
                for g in groups {
                    let mut add = |doc: u32, s: f32, _| per_source[doc as usize] += weight * s;
                    if g.alternatives.is_empty() {
                        if let Some(id) = g.term {
                            field.score_term(id, g.count, p, |doc, s| add(doc, s, 0.0));
                        }
                    } else {
                        let idf = field.idf(g.term.unwrap_or(u32::MAX));
                        group.score(field, g, idf, p, add);
                    }
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
                            (matched[d] / total_weight).min(1.0)
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

/// Accumulators for one query word and its alternatives: a document scores the best of the
/// word itself and each alternative (the terms of an alternative add up), so an alternative
/// stands in for a missing word and never adds to a word that is there.
#[derive(Default)]
struct GroupScratch {
    /// The best alternative per document, score and covered weight.
    best: Vec<f32>,
    covered: Vec<f32>,
    /// The alternative being added up.
    alternative: Vec<f32>,
    alternative_covered: Vec<f32>,
    touched: Vec<u32>,
    alternative_touched: Vec<u32>,
}

impl GroupScratch {
    /// Call `add(doc, score, covered)` for every document of `field` that has the word of
    /// `group` or one of its alternatives; `covered` is the share of the word's weight
    /// (`count * idf`) that the document matches. The alternatives (mostly rarer words) are
    /// added up first, so that the word's own postings, often long, take one pass.
    fn score(
        &mut self,
        field: &Field,
        group: &Group,
        idf: f32,
        p: &Params,
        mut add: impl FnMut(u32, f32, f32),
    ) {
        let n = field.held();
        for v in [
            &mut self.best,
            &mut self.covered,
            &mut self.alternative,
            &mut self.alternative_covered,
        ] {
            if v.len() < n {
                v.resize(n, 0.0);
            }
        }
        let weight = group.count * idf;
        for alternative in &group.alternatives {
            let share = alternative.weight / alternative.terms.len() as f32;
            let qtf = group.count * alternative.weight;
            if let [term] = alternative.terms[..] {
                // One word (the common case): straight to the best.
                field.score_term(term, qtf, p, |doc, s| {
                    let d = doc as usize;
                    if self.covered[d] == 0.0 {
                        self.touched.push(doc);
                    }
                    self.best[d] = self.best[d].max(s);
                    self.covered[d] = self.covered[d].max(share * weight);
                });
                continue;
            }
            for &term in &alternative.terms {
                field.score_term(term, qtf, p, |doc, s| {
                    let d = doc as usize;
                    if self.alternative_covered[d] == 0.0 {
                        self.alternative_touched.push(doc);
                    }
                    self.alternative[d] += s;
                    self.alternative_covered[d] += share * weight;
                });
            }
            for doc in self.alternative_touched.drain(..) {
                let d = doc as usize;
                if self.covered[d] == 0.0 {
                    self.touched.push(doc);
                }
                self.best[d] = self.best[d].max(self.alternative[d]);
                self.covered[d] = self.covered[d].max(self.alternative_covered[d]);
                self.alternative[d] = 0.0;
                self.alternative_covered[d] = 0.0;
            }
        }
        if let Some(id) = group.term {
            field.score_term(id, group.count, p, |doc, s| {
                let d = doc as usize;
                if self.covered[d] == 0.0 {
                    add(doc, s, weight);
                } else {
                    add(doc, s.max(self.best[d]), weight.max(self.covered[d]));
                    self.best[d] = 0.0;
                    self.covered[d] = 0.0;
                }
            });
        }
        for doc in self.touched.drain(..) {
            let d = doc as usize;
            if self.covered[d] > 0.0 {
                add(doc, self.best[d], self.covered[d]);
                self.best[d] = 0.0;
                self.covered[d] = 0.0;
            }
        }
    }
}

#[derive(Default)]
struct Scratch {
    score: Vec<f32>,
    matched: Vec<f32>,
    touched: Vec<u32>,
    per_source: Vec<f32>,
    group: GroupScratch,
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
        best(self.score(query), top)
    }
}

/// The `top` of `hits` (scored in any order), best first and diversified by source.
pub(crate) fn best(mut hits: Vec<Hit>, top: usize) -> Vec<Hit> {
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
