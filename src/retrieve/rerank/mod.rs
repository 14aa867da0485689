//! A second stage over BM25: the best [`POOL`] passages re-ordered by how close their meaning
//! is to the claim's, by a sentence encoder (all-MiniLM-L6-v2, read from a folder the user
//! names: `--reranker DIR`).
//!
//! Claims paraphrase their evidence ("Global warming is driving polar bears toward extinction"
//! against "Rising global temperatures ... endangering various species, such as the polar
//! bear"), which no word match sees. A passage's new score is its BM25 score over the best one's
//! plus [`WEIGHT`] times the cosine of the two embeddings; both measured on the Climate-FEVER
//! dev split (README, "Reranking"). The encoder costs some 20 ms of CPU a passage, each
//! passage once a run: opt-in, for projects of hundreds of claims, not archives.

mod bert;
mod wordpiece;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{diversify, Hit, PassageId, Retriever, PER_SOURCE_FIRST_ROUND};
use crate::corpus::Corpus;
use bert::{Bert, Config};
use wordpiece::WordPiece;

/// The BM25 candidates re-ordered: R@5 0.728 at 20 against 0.720 at 15 and 0.725 at 30.
pub const POOL: usize = 20;
/// The cosine's weight against the BM25 score over the best one's.
pub const WEIGHT: f32 = 1.0;
/// Inputs are cut to this many word pieces: a passage is a sentence or two.
const MAX_PIECES: usize = 128;

/// A sentence encoder and its tokenizer.
pub struct Reranker {
    model: Bert,
    pieces: WordPiece,
}

/// Why a reranker's folder could not be read.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl Reranker {
    /// From a folder holding a BERT sentence encoder as sentence-transformers saves it:
    /// `config.json`, `vocab.txt` and `model.safetensors` (float32).
    pub fn load(dir: &Path) -> Result<Reranker, LoadError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| LoadError {
                message: format!("cannot read it ({e}); --reranker names a folder with config.json, vocab.txt and model.safetensors"),
                path,
            })
        };
        let fail = |name: &str, message: String| LoadError {
            path: dir.join(name),
            message,
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| fail("config.json", format!("not a BERT configuration: {e}")))?;
        let vocab = String::from_utf8(read("vocab.txt")?)
            .map_err(|_| fail("vocab.txt", "not UTF-8".into()))?;
        let pieces = WordPiece::from_vocab(&vocab).map_err(|e| fail("vocab.txt", e))?;
        let model = Bert::load(&read("model.safetensors")?, config)
            .map_err(|e| fail("model.safetensors", e))?;
        Ok(Reranker { model, pieces })
    }

    /// The unit-length embedding of `text`.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut ids = vec![self.pieces.cls];
        let most = MAX_PIECES.min(self.model.max_tokens()).saturating_sub(2);
        ids.extend(self.pieces.encode(text).into_iter().take(most));
        ids.push(self.pieces.sep);
        self.model.embed(&ids)
    }
}

/// A retriever whose best [`POOL`] passages are re-ordered by a [`Reranker`].
pub struct Reranked<'a> {
    inner: &'a dyn Retriever,
    corpus: &'a Corpus,
    reranker: &'a Reranker,
    /// Each passage is embedded once a run, whichever claims rank it.
    embedded: Mutex<HashMap<PassageId, Arc<Vec<f32>>>>,
}

impl<'a> Reranked<'a> {
    pub fn new(inner: &'a dyn Retriever, corpus: &'a Corpus, reranker: &'a Reranker) -> Self {
        Reranked {
            inner,
            corpus,
            reranker,
            embedded: Mutex::new(HashMap::new()),
        }
    }

    fn passage_vector(&self, id: PassageId) -> Arc<Vec<f32>> {
        if let Some(v) = self.embedded.lock().unwrap().get(&id) {
            return v.clone();
        }
        let source = &self.corpus.sources[id.source as usize];
        let text = source.passage_text(&source.passages[id.passage as usize]);
        let v = Arc::new(self.reranker.embed(text));
        self.embedded.lock().unwrap().insert(id, v.clone());
        v
    }
}

impl Retriever for Reranked<'_> {
    fn search(&self, query: &str, top: usize) -> Vec<Hit> {
        let hits = self.inner.search(query, POOL.max(top));
        let Some(best) = hits.iter().map(|h| h.score).reduce(f32::max) else {
            return hits;
        };
        if best <= 0.0 {
            return diversify(hits, top, PER_SOURCE_FIRST_ROUND);
        }
        let q = self.reranker.embed(query);
        let (pool, rest) = hits.split_at(hits.len().min(POOL));
        let mut rescored: Vec<Hit> = pool
            .iter()
            .map(|h| {
                let p = self.passage_vector(h.id);
                let cosine: f32 = q.iter().zip(p.iter()).map(|(a, b)| a * b).sum();
                Hit {
                    score: h.score / best + WEIGHT * cosine,
                    ..*h
                }
            })
            .collect();
        rescored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        // Below the pool, BM25's order stands, scored as if their cosine were -1: under every
        // reranked passage, whose BM25 score is at least theirs.
        rescored.extend(rest.iter().map(|h| Hit {
            score: h.score / best - WEIGHT,
            ..*h
        }));
        diversify(rescored, top, PER_SOURCE_FIRST_ROUND)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Reranker {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-bert");
        Reranker::load(&dir).unwrap()
    }

    /// The pieces and embeddings of `tests/fixtures/tiny-bert/expected.json`, which its
    /// `make.py` computed with the numpy reference.
    #[test]
    fn embeds_as_the_reference_does() {
        let reranker = tiny();
        let expected: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/tiny-bert/expected.json"
        ))
        .unwrap();
        let cases = expected.as_object().unwrap();
        assert_eq!(cases.len(), 3);
        for (text, case) in cases {
            let mut pieces = vec![reranker.pieces.cls];
            pieces.extend(reranker.pieces.encode(text));
            pieces.push(reranker.pieces.sep);
            let want: Vec<u32> = case["pieces"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as u32)
                .collect();
            assert_eq!(pieces, want, "{text}");
            let got = reranker.embed(text);
            let want: Vec<f32> = case["embedding"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap() as f32)
                .collect();
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 2e-5, "{text}: {got:?} against {want:?}");
            }
        }
    }

    #[test]
    fn a_folder_without_a_model_says_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let err = Reranker::load(dir.path()).err().unwrap().to_string();
        assert!(err.contains("config.json: cannot read it"), "{err}");
        let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-bert");
        for name in ["config.json", "vocab.txt"] {
            std::fs::copy(tiny.join(name), dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join("model.safetensors"), b"not a model").unwrap();
        let err = Reranker::load(dir.path()).err().unwrap().to_string();
        assert!(err.contains("model.safetensors: "), "{err}");
    }
}
