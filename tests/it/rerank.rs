//! `--reranker`: the best passages re-ordered by a sentence encoder. The real model
//! (all-MiniLM-L6-v2, 90 MB) is not in the repository, so these run the tiny random BERT of
//! `tests/fixtures/tiny-bert`, which the unit tests check against the numpy reference;
//! `.ci/run` measures the real one on Climate-FEVER.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use factcheck::corpus::Corpus;
use factcheck::retrieve::{MemoryIndex, Reranked, Reranker, Retriever};

fn tiny_bert() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-bert")
}

const ARTICLES: [(&str, &str); 3] = [
    ("bears", "Polar bears\n\nRising temperatures endanger species such as the polar bear.\n\nThe sea ice melts earlier each year, and the bears go hungry.\n"),
    ("cars", "Carbon\n\nCar exhaust carries carbon into the air.\n\nGlobal sales of cars rose.\n"),
    ("cats", "Cats\n\nThe cat sat on the mat.\n\nA cat is not a polar bear.\n"),
];

/// Re-ordering only: the reranked passages are BM25's, in another order, scored afresh.
#[test]
fn reranking_reorders_the_same_passages() {
    let corpus = Corpus::from_texts(&ARTICLES);
    let index = MemoryIndex::build(&corpus);
    let reranker = Reranker::load(&tiny_bert()).unwrap();
    let reranked = Reranked::new(&index, &corpus, &reranker);
    for claim in [
        "Global warming is driving polar bears toward extinction",
        "cats on mats",
        "carbon",
    ] {
        let plain = index.search(claim, 10);
        let again = reranked.search(claim, 10);
        assert!(!plain.is_empty(), "{claim}");
        let ids =
            |hits: &[factcheck::retrieve::Hit]| hits.iter().map(|h| h.id).collect::<BTreeSet<_>>();
        assert_eq!(ids(&plain), ids(&again), "{claim}");
        // Scored as BM25 over the best plus the cosine: the best's is within [0, 2].
        assert!(
            again.iter().all(|h| h.score <= 2.0 + 1e-4),
            "{claim}: {again:?}"
        );
        assert_eq!(again, reranked.search(claim, 10), "{claim}: the same twice");
    }
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    for (id, text) in ARTICLES {
        std::fs::write(dir.path().join(format!("sources/{id}.txt")), text).unwrap();
    }
    std::fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"t\"\nsources = \"sources\"\n\n[[claims]]\nid = \"bears\"\ntext = \"Global warming is driving polar bears toward extinction.\"\n\n[[claims.citations]]\nsource = \"bears\"\nquote = \"Rising temperatures endanger species such as the polar bear.\"\n\n[[claims]]\nid = \"exhaust\"\ntext = \"Car exhaust carries carbon into the air.\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn search_report_and_cite_take_a_reranker() {
    let dir = project();
    let tiny = tiny_bert();
    let tiny = tiny.to_str().unwrap();
    for args in [
        vec!["--reranker", tiny, "search", "polar bears and the ice"],
        vec!["--reranker", tiny, "report", "--format", "json", "-o", "-"],
        vec!["--reranker", tiny, "cite", "--claim", "exhaust"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_wrong_reranker_folder_is_an_input_error_that_says_what_to_pass() {
    let dir = project();
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir.path())
        .args(["--reranker", "no-such-folder", "search", "polar bears"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot use the reranker"), "{err}");
    assert!(
        err.contains("no-such-folder/config.json: cannot read it"),
        "{err}"
    );
    assert!(err.contains("all-MiniLM-L6-v2"), "{err}");
}
