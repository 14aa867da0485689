//! [`ArchiveRetriever`]: the in-memory index's ranking, over an archive.
//!
//! Scoring happens here, not in SQL: the archive gives the postings of the query's terms
//! (and each term's document frequency), and they become a slice of the index's fields, the
//! documents the terms touch with the whole archive's statistics, which the in-memory
//! index's own code scores. SQL's float arithmetic would differ from the index's f32 in the
//! last bits and so reorder ties; a slice ranks to the bit as the in-memory index does, so
//! the JSON of a run is the same against either (tests/it/archive.rs).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::{Archive, Listing};
use crate::error::InputError;
use crate::retrieve::{
    best, query_groups, Field, Fields, Group, Hit, Lexicon, Params, PassageId, Retriever,
};

/// What the archive says of a stem: its term id and in how many passages it is.
#[derive(Clone, Copy)]
struct Term {
    tid: i32,
    passages: usize,
}

/// Stems asked of the archive (`None`: it has no such term), and each found term's passage
/// count by term id, which choosing among related stems asks for.
#[derive(Default)]
struct KnownTerms {
    by_stem: HashMap<String, Option<Term>>,
    passages: HashMap<u32, usize>,
}

pub(crate) struct ArchiveRetriever<'a> {
    archive: &'a Archive,
    listing: &'a Listing,
    params: Params,
    lexicon: &'static Lexicon,
    /// What the archive said of the stems asked so far.
    terms: Mutex<KnownTerms>,
    /// The postings of the terms read so far: claims share their words.
    postings: Mutex<PostingsCache>,
    /// The first error: `search` cannot return one, so the caller asks after the searches.
    failure: Mutex<Option<InputError>>,
}

/// A term's postings, packed per source: the source's listing index; the passages' count,
/// then their indexes, term frequencies and lengths; the same for headlines; the title's
/// term frequency.
#[derive(Default)]
struct Packed(Vec<u32>);

#[derive(Default)]
struct PostingsCache {
    by_tid: HashMap<i32, Arc<Packed>>,
    bytes: usize,
}

/// The most the postings cache holds.
const POSTINGS_CACHE_BYTES: usize = 64 << 20;

impl<'a> ArchiveRetriever<'a> {
    pub(crate) fn new(archive: &'a Archive, listing: &'a Listing) -> ArchiveRetriever<'a> {
        ArchiveRetriever {
            archive,
            listing,
            params: Params::default(),
            lexicon: Lexicon::builtin(),
            terms: Mutex::new(KnownTerms::default()),
            postings: Mutex::new(PostingsCache::default()),
            failure: Mutex::new(None),
        }
    }

    /// The error that stopped a search, if one did.
    pub(crate) fn failure(&self) -> Option<InputError> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn fail(&self, e: InputError) {
        let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        failure.get_or_insert(e);
    }

    /// Every passage of the archive that has one of the query's terms, scored, in no order.
    fn score(&self, query: &str) -> Result<Vec<Hit>, InputError> {
        let widening = self.params.widening();
        // The query's groups need what the archive knows of each stem they ask about, and
        // which stems they ask depends on the answers (a compound's second part is asked
        // only if its first is a term): ask until no stem is new.
        let groups = loop {
            let unknown = RefCell::new(Vec::<String>::new());
            let groups = {
                let terms = self.terms.lock().unwrap_or_else(|e| e.into_inner());
                query_groups(
                    query,
                    self.lexicon,
                    widening,
                    &|stem| match terms.by_stem.get(stem) {
                        Some(t) => t.map(|t| t.tid as u32),
                        None => {
                            unknown.borrow_mut().push(stem.to_string());
                            None
                        }
                    },
                    &|tid| terms.passages.get(&tid).copied().unwrap_or(0),
                )
            };
            let unknown = unknown.into_inner();
            if unknown.is_empty() {
                break groups;
            }
            self.look_up(unknown)?;
        };
        if groups
            .iter()
            .all(|g| g.term.is_none() && g.alternatives.is_empty())
        {
            return Ok(Vec::new());
        }
        let (groups, tids) = local_terms(groups);
        let (fields, sources) = self.slice(&tids)?;
        let hits = fields
            .score(&groups, &self.params)
            .into_iter()
            .map(|mut hit| {
                hit.id.source = sources[hit.id.source as usize];
                hit
            })
            .collect();
        Ok(hits)
    }

    fn look_up(&self, mut stems: Vec<String>) -> Result<(), InputError> {
        stems.sort_unstable();
        stems.dedup();
        let rows = self
            .archive
            .client()
            .query(
                "SELECT stem, tid, passages FROM factcheck_terms WHERE stem = ANY($1) AND rows > 0",
                &[&stems],
            )
            .map_err(|e| self.archive.error("looking up the terms of a query", &e))?;
        let mut terms = self.terms.lock().unwrap_or_else(|e| e.into_inner());
        for stem in &stems {
            terms.by_stem.insert(stem.clone(), None);
        }
        for row in rows {
            let passages: i64 = row.get(2);
            let term = Term {
                tid: row.get(1),
                passages: passages.max(0) as usize,
            };
            terms.passages.insert(term.tid as u32, term.passages);
            terms.by_stem.insert(row.get(0), Some(term));
        }
        Ok(())
    }

    /// The postings of `tids`, from the cache or the archive.
    fn postings(&self, tids: &[i32]) -> Result<Vec<Arc<Packed>>, InputError> {
        let mut found: HashMap<i32, Arc<Packed>> = HashMap::new();
        let missing: Vec<i32> = {
            let cache = self.postings.lock().unwrap_or_else(|e| e.into_inner());
            tids.iter()
                .copied()
                .filter(|t| match cache.by_tid.get(t) {
                    Some(p) => {
                        found.insert(*t, p.clone());
                        false
                    }
                    None => true,
                })
                .collect()
        };
        if !missing.is_empty() {
            let rows = self
                .archive
                .client()
                .query(
                    "SELECT tid, sid, data FROM factcheck_postings WHERE tid = ANY($1)",
                    &[&missing],
                )
                .map_err(|e| self.archive.error("reading the postings of a query", &e))?;
            let mut packed: HashMap<i32, Packed> = HashMap::new();
            for row in rows {
                let Some(index) = self.listing.index_of(row.get(1)) else {
                    // Indexed after this run began: not a source of this run.
                    continue;
                };
                let data: &[u8] = row.get(2);
                let values: Vec<u32> = data
                    .chunks_exact(4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect();
                if !data.len().is_multiple_of(4) || !well_formed(&values) {
                    return Err(InputError::new(format!(
                        "the archive {} holds damaged postings (term {}, source {})",
                        self.archive.shown(),
                        row.get::<_, i32>(0),
                        row.get::<_, i32>(1)
                    ))
                    .help("rebuild it: factcheck index --migrate"));
                }
                let p = packed.entry(row.get(0)).or_default();
                p.0.push(index);
                p.0.extend(values);
            }
            let mut cache = self.postings.lock().unwrap_or_else(|e| e.into_inner());
            for tid in missing {
                let p = Arc::new(packed.remove(&tid).unwrap_or_default());
                let bytes = p.0.len() * 4 + 64;
                if cache.bytes + bytes > POSTINGS_CACHE_BYTES {
                    // Past the budget, start again: the client's memory stays bounded however
                    // large the archive.
                    cache.by_tid.clear();
                    cache.bytes = 0;
                }
                cache.bytes += bytes;
                cache.by_tid.insert(tid, p.clone());
                found.insert(tid, p);
            }
        }
        Ok(tids.iter().map(|t| found[t].clone()).collect())
    }

    /// The fields' slice for the terms `tids` (numbered by their position there), and the
    /// listing's index of each source the slice numbers.
    fn slice(&self, tids: &[i32]) -> Result<(Fields, Vec<u32>), InputError> {
        let postings = self.postings(tids)?;
        let n = tids.len();
        let mut passages = vec![Vec::new(); n];
        let mut headlines = vec![Vec::new(); n];
        let mut titles = vec![Vec::new(); n];
        let mut wholes = vec![Vec::new(); n];
        let mut passage_lengths = Vec::new();
        let mut headline_lengths = Vec::new();
        let mut title_lengths = Vec::new();
        let mut whole_lengths = Vec::new();
        let mut passage_ids = Vec::new();
        let mut headline_ids = Vec::new();
        let mut passage_doc: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut headline_doc: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut source_doc: FxHashMap<u32, u32> = FxHashMap::default();
        let mut sources: Vec<u32> = Vec::new();
        for (term, packed) in postings.iter().enumerate() {
            let mut rest: &[u32] = &packed.0;
            while let [index, tail @ ..] = rest {
                let source = *source_doc.entry(*index).or_insert_with(|| {
                    sources.push(*index);
                    let (title, whole) = self.listing.lengths(*index);
                    title_lengths.push(title);
                    whole_lengths.push(whole);
                    (sources.len() - 1) as u32
                });
                let mut whole_tf = 0;
                let mut tail = tail;
                for headline in [false, true] {
                    let k = tail[0] as usize;
                    let (ps, tfs, lens) = (
                        &tail[1..1 + k],
                        &tail[1 + k..1 + 2 * k],
                        &tail[1 + 2 * k..1 + 3 * k],
                    );
                    tail = &tail[1 + 3 * k..];
                    let (docs, lengths, ids, field) = if headline {
                        (
                            &mut headline_doc,
                            &mut headline_lengths,
                            &mut headline_ids,
                            &mut headlines,
                        )
                    } else {
                        (
                            &mut passage_doc,
                            &mut passage_lengths,
                            &mut passage_ids,
                            &mut passages,
                        )
                    };
                    for ((&p, &tf), &len) in ps.iter().zip(tfs).zip(lens) {
                        let doc = *docs.entry((source, p)).or_insert_with(|| {
                            lengths.push(len);
                            ids.push(PassageId { source, passage: p });
                            (lengths.len() - 1) as u32
                        });
                        field[term].push((doc, tf));
                        if !headline {
                            whole_tf += tf;
                        }
                    }
                }
                let title_tf = tail[0];
                rest = &tail[1..];
                if title_tf > 0 {
                    titles[term].push((source, title_tf));
                }
                if whole_tf > 0 {
                    wholes[term].push((source, whole_tf));
                }
            }
        }
        let stats = self.listing.stats();
        let mut ids = passage_ids;
        ids.extend(headline_ids);
        let fields = Fields {
            passages: Field::slice(
                passages,
                passage_lengths,
                stats.passages,
                stats.passage_length,
            ),
            headlines: Field::slice(
                headlines,
                headline_lengths,
                stats.headlines,
                stats.headline_length,
            ),
            titles: Field::slice(titles, title_lengths, stats.sources, stats.title_length),
            sources: Field::slice(wholes, whole_lengths, stats.sources, stats.passage_length),
            ids,
        };
        Ok((fields, sources))
    }
}

/// Whether a row's `data` has the shape `slice` reads: two lists of `k` passages (indexes,
/// term frequencies, lengths), then the title's term frequency.
fn well_formed(data: &[u32]) -> bool {
    let mut rest = data;
    for _ in 0..2 {
        let Some((&k, tail)) = rest.split_first() else {
            return false;
        };
        let Some(tail) = (k as usize).checked_mul(3).and_then(|n| tail.get(n..)) else {
            return false;
        };
        rest = tail;
    }
    rest.len() == 1
}

/// The groups with their terms renumbered 0.. in order of first use, and the archive's term
/// id of each.
fn local_terms(mut groups: Vec<Group>) -> (Vec<Group>, Vec<i32>) {
    let mut tids: Vec<i32> = Vec::new();
    let mut local: HashMap<u32, u32> = HashMap::new();
    let mut renumber = |tid: &mut u32| {
        *tid = *local.entry(*tid).or_insert_with(|| {
            tids.push(*tid as i32);
            (tids.len() - 1) as u32
        });
    };
    for g in &mut groups {
        if let Some(t) = &mut g.term {
            renumber(t);
        }
        for a in &mut g.alternatives {
            a.terms.iter_mut().for_each(&mut renumber);
        }
    }
    (groups, tids)
}

impl Retriever for ArchiveRetriever<'_> {
    fn search(&self, query: &str, top: usize) -> Vec<Hit> {
        if self.failure().is_some() {
            return Vec::new();
        }
        match self.score(query) {
            Ok(hits) => best(hits, top),
            Err(e) => {
                self.fail(e);
                Vec::new()
            }
        }
    }
}

/// The searches of a run made before its analysis, so that the sources they find are read
/// first; the analysis then gets the same answers from here.
pub(crate) struct Replay<'a> {
    live: &'a ArchiveRetriever<'a>,
    answers: Mutex<HashMap<String, (usize, Vec<Hit>)>>,
    /// Once the sources are read: which of them are, by listing index. A search not made
    /// before (none should be) keeps to them.
    readable: Mutex<Option<Vec<bool>>>,
}

impl<'a> Replay<'a> {
    pub(crate) fn new(live: &'a ArchiveRetriever<'a>) -> Replay<'a> {
        Replay {
            live,
            answers: Mutex::new(HashMap::new()),
            readable: Mutex::new(None),
        }
    }

    /// From now on, answer only with the sources `readable` marks, the sources read.
    pub(crate) fn freeze(&self, readable: Vec<bool>) {
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        for (_, hits) in answers.values_mut() {
            hits.retain(|h| readable.get(h.id.source as usize).copied().unwrap_or(false));
        }
        *self.readable.lock().unwrap_or_else(|e| e.into_inner()) = Some(readable);
    }

    /// The sources of every answer so far, by listing index.
    pub(crate) fn sources(&self) -> Vec<u32> {
        let answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<u32> = answers
            .values()
            .flat_map(|(_, hits)| hits.iter().map(|h| h.id.source))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub(crate) fn failure(&self) -> Option<InputError> {
        self.live.failure()
    }
}

impl Retriever for Replay<'_> {
    /// A search's best `top`: a prefix of a deeper answer already given is the answer, since
    /// diversifying the same ranking keeps its prefix.
    fn search(&self, query: &str, top: usize) -> Vec<Hit> {
        {
            let answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((depth, hits)) = answers.get(query) {
                if *depth >= top {
                    return hits.iter().take(top).copied().collect();
                }
            }
        }
        let mut hits = self.live.search(query, top);
        if let Some(readable) = &*self.readable.lock().unwrap_or_else(|e| e.into_inner()) {
            hits.retain(|h| readable.get(h.id.source as usize).copied().unwrap_or(false));
        }
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.insert(query.to_string(), (top, hits.clone()));
        hits
    }
}
