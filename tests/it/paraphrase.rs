//! Retrieval that understands paraphrase (issue 12), on small corpora of its own: a demonym
//! finds its country, a synonym its word, a compound its other spelling, a number word its
//! digits, and a headline that states the claim is offered as a match.
//!
//! Each case has a distractor that the claim's own words match exactly as well as the
//! paraphrase, and that comes first in corpus order: without the lexicon the two tie and the
//! distractor wins, so the paraphrase ranking first is the lexicon's doing (checked too).

use std::path::Path;
use std::process::Command;

use factcheck::corpus::{Corpus, Role};
use factcheck::retrieve::{Lexicon, MemoryIndex, Params, Retriever};

/// The text of the best passage for `claim`.
fn best(corpus: &Corpus, index: &MemoryIndex, claim: &str) -> String {
    let hits = index.search(claim, 5);
    let hit = hits
        .first()
        .unwrap_or_else(|| panic!("no match for {claim:?}"));
    let source = &corpus.sources[hit.id.source as usize];
    source
        .passage_text(&source.passages[hit.id.passage as usize])
        .to_string()
}

/// A distractor article ("a-...") and the paraphrase ("b-..."), both under the same neutral
/// headline; the claim must find the paraphrase, and does not without the lexicon.
fn finds(claim: &str, distractor: &str, paraphrase: &str) {
    let a = format!("News in brief\n\n{distractor}\n");
    let b = format!("News in brief\n\n{paraphrase}\n");
    let corpus = Corpus::from_texts(&[("a-distractor", &a), ("b-paraphrase", &b)]);
    let index = MemoryIndex::build(&corpus);
    assert_eq!(best(&corpus, &index, claim), paraphrase, "{claim:?}");
    let plain = MemoryIndex::with_lexicon(
        &corpus,
        Params {
            related_weight: 0.0,
            compound_weight: 0.0,
            ..Params::default()
        },
        Lexicon::empty(),
    );
    assert_eq!(
        best(&corpus, &plain, claim),
        distractor,
        "{claim:?}: the case does not need the lexicon"
    );
}

#[test]
fn a_demonym_finds_its_country() {
    finds(
        "A Dutch court ruled against the government.",
        "A court in Belgium ruled against the government on Tuesday.",
        "A court in the Netherlands ruled against the government on Tuesday.",
    );
    finds(
        "The German chancellor visited Paris.",
        "Austria's chancellor visited Paris on Monday.",
        "Germany's chancellor visited Paris on Monday.",
    );
    // And the country its demonym.
    finds(
        "Germany's chancellor visited Paris.",
        "The Austrian chancellor visited Paris on Monday.",
        "The German chancellor visited Paris on Monday.",
    );
}

#[test]
fn a_synonym_finds_its_word() {
    finds(
        "The company bought the factory.",
        "The company sold the factory last year.",
        "The company purchased the factory last year.",
    );
    finds(
        "A doctor treated the patient.",
        "A nurse treated the patient at home.",
        "A physician treated the patient at home.",
    );
    finds(
        "The bank lost a customer.",
        "The bank lost a branch in March.",
        "The bank lost a client in March.",
    );
}

#[test]
fn a_compound_finds_its_other_spelling() {
    finds(
        "The recordings were stored in a data centre.",
        "The recordings were stored in a vault abroad.",
        "The recordings were stored in a datacentre abroad.",
    );
    finds(
        "Heatwaves are getting longer.",
        "Heat records are getting longer lists.",
        "Heat waves are getting longer each year.",
    );
}

#[test]
fn a_number_word_finds_its_digits() {
    finds(
        "Seven people were injured in the blast.",
        "Many people were injured in the blast on Friday.",
        "7 people were injured in the blast on Friday.",
    );
}

#[test]
fn the_claims_own_word_counts_more_than_its_synonym() {
    let corpus = Corpus::from_texts(&[
        (
            "a",
            "News in brief\n\nThe company purchased the factory last year.\n",
        ),
        (
            "b",
            "News in brief\n\nThe company bought the factory last year.\n",
        ),
    ]);
    let index = MemoryIndex::build(&corpus);
    assert_eq!(
        best(&corpus, &index, "The company bought the factory."),
        "The company bought the factory last year."
    );
}

const HEADLINE: &str = "Microsoft cuts off Israeli military unit from its Azure cloud";

fn headline_corpus() -> Vec<(&'static str, String)> {
    vec![
        (
            "azure-outage",
            "Azure outage hits customers\n\nMicrosoft said its Azure cloud was back after an outage that lasted hours.\n".to_string(),
        ),
        (
            "unit-8200",
            format!("{HEADLINE}\n\nThe company said a review had found that its terms of service were breached.\n\nStaff were told of the decision on Thursday.\n"),
        ),
    ]
}

#[test]
fn a_headline_that_states_the_claim_is_matched() {
    let texts = headline_corpus();
    let texts: Vec<(&str, &str)> = texts.iter().map(|(i, t)| (*i, t.as_str())).collect();
    let corpus = Corpus::from_texts(&texts);
    let index = MemoryIndex::build(&corpus);
    let claim = "Microsoft cut off an Israeli military unit from Azure.";
    let hits = index.search(claim, 5);
    let top = hits[0];
    let source = &corpus.sources[top.id.source as usize];
    let passage = &source.passages[top.id.passage as usize];
    assert_eq!(source.passage_text(passage), HEADLINE);
    assert_eq!(source.role_of(passage), Role::Title);
    assert!(top.coverage > 0.8, "{}", top.coverage);

    // Headlines off: the body passages only.
    let off = MemoryIndex::with_params(
        &corpus,
        Params {
            headline_weight: 0.0,
            ..Params::default()
        },
    );
    assert!(off.search(claim, 5).iter().all(|h| {
        let s = &corpus.sources[h.id.source as usize];
        s.role_of(&s.passages[h.id.passage as usize]) == Role::Body
    }));
}

#[test]
fn search_offers_the_headline_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    for (id, text) in headline_corpus() {
        std::fs::write(sources.join(format!("{id}.txt")), text).unwrap();
    }
    std::fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"Headlines\"\nsources = \"sources\"\n",
    )
    .unwrap();
    let out = search(
        dir.path(),
        "Microsoft cut off an Israeli military unit from Azure.",
    );
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(first, format!("unit-8200:1  {HEADLINE}"), "{out}");
}

fn search(dir: &Path, text: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["search", text])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
