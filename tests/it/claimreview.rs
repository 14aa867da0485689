//! The ClaimReview export on the seeds, with `author` and `url` added to `[project]` and URLs to
//! all but one of the `[sources.*]` tables of a copy of `claims.toml`.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use factcheck::analysis::Analysis;
use factcheck::corpus::Corpus;
use factcheck::project::{Project, Verdict};
use factcheck::render::claimreview::{self, BEST_RATING, WORST_RATING};
use factcheck::retrieve::MemoryIndex;
use serde_json::{Map, Value};

use common::repo;

const AUTHOR: &str = "Example Fact Desk";
const BASE: &str = "https://factcheck.example/reports/unit-8200";
/// Declared in `claims.toml` but given no URL, to show a source without one.
const NO_URL: &str = "no-azure-report";

fn source_url(id: &str) -> String {
    format!("https://news.example/{id}")
}

/// The repository's claims file with `author`, `url` and source URLs, and a copy of the seeds.
fn project_dir() -> tempfile::TempDir {
    common::edited_seeds_project(with_urls).0
}

fn with_urls(text: String) -> String {
    let mut out = String::new();
    let mut table = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with('[') {
            table = line.trim().to_string();
        }
        if table == "[project]" && line.starts_with("title = ") {
            out.push_str(&format!("author = \"{AUTHOR}\"\nurl = \"{BASE}\"\n"));
        }
        if let Some(id) = table
            .strip_prefix("[sources.")
            .and_then(|t| t.strip_suffix(']'))
        {
            if line.starts_with("file = ") && id != NO_URL {
                out.push_str(&format!("url = \"{}\"\n", source_url(id)));
            }
        }
    }
    assert!(out.contains("author = "), "no [project] title line found");
    out
}

fn analyse(claims: &Path) -> Analysis {
    let project = Project::load(claims).unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::load(&project).unwrap_or_else(|e| panic!("{e}"));
    let index = MemoryIndex::build(&corpus);
    Analysis::run(&project, &corpus, Some(&index), 5)
}

/// The analysis with a fixed report date, whatever SOURCE_DATE_EPOCH says.
fn analysed(date: Option<&str>) -> (tempfile::TempDir, Analysis) {
    let dir = project_dir();
    let mut analysis = analyse(&dir.path().join("claims.toml"));
    analysis.generator.date = date.map(Into::into);
    (dir, analysis)
}

fn reviews(json: &str) -> Vec<Map<String, Value>> {
    assert!(json.ends_with("]\n"), "pretty JSON array with a newline");
    let v: Value = serde_json::from_str(json).unwrap();
    v.as_array()
        .expect("a JSON array")
        .iter()
        .map(|r| r.as_object().expect("an object").clone())
        .collect()
}

fn by_url(reviews: &[Map<String, Value>]) -> BTreeMap<String, &Map<String, Value>> {
    reviews
        .iter()
        .map(|r| (r["url"].as_str().unwrap().to_string(), r))
        .collect()
}

#[test]
fn one_review_per_claim_with_a_verdict_with_every_field() {
    let (_dir, analysis) = analysed(Some("2025-10-01"));
    let out = claimreview::render(&analysis);
    let reviews = reviews(&out);
    let judged: Vec<_> = analysis
        .claims
        .iter()
        .filter(|c| c.verdict != Verdict::Unverified)
        .collect();
    assert_eq!(reviews.len(), judged.len());
    assert_eq!(judged.len(), 25, "29 seed claims, 4 unverified");

    for (claim, r) in judged.iter().zip(&reviews) {
        let ctx = format!("claim {}", claim.id);
        assert_eq!(r["@context"], "https://schema.org", "{ctx}");
        assert_eq!(r["@type"], "ClaimReview", "{ctx}");
        // The Markdown report's anchor for the claim ("### Claim <id>").
        assert_eq!(r["url"], format!("{BASE}#claim-{}", claim.id), "{ctx}");
        assert_eq!(r["claimReviewed"], claim.text.as_str(), "{ctx}");
        assert_eq!(
            r.get("reviewBody").and_then(Value::as_str),
            claim.note.as_deref(),
            "{ctx}"
        );
        assert_eq!(r["datePublished"], "2025-10-01", "{ctx}");
        assert_eq!(
            r["author"],
            serde_json::json!({"@type": "Organization", "name": AUTHOR}),
            "{ctx}"
        );

        let rating = r["reviewRating"].as_object().unwrap();
        assert_eq!(rating["@type"], "Rating", "{ctx}");
        assert_eq!(rating["bestRating"], 5, "{ctx}");
        assert_eq!(rating["worstRating"], 1, "{ctx}");
        let (value, words) = match claim.verdict {
            Verdict::Supported => (5, "Supported"),
            Verdict::PartlySupported => (4, "Partly supported"),
            Verdict::Disputed => (3, "Disputed"),
            Verdict::Unsupported => (1, "Unsupported"),
            Verdict::Unverified => unreachable!(),
        };
        assert_eq!(rating["ratingValue"], value, "{ctx}");
        assert_eq!(rating["alternateName"], words, "{ctx}");
        assert_eq!(claimreview::rating(claim.verdict), Some((value, words)));

        let item = r["itemReviewed"].as_object().unwrap();
        assert_eq!(item["@type"], "Claim", "{ctx}");
        // Where the claim was made: the seeds' claims do not say (no `appeared_in`).
        assert!(item.get("appearance").is_none(), "{ctx}");
        let appearance = r["citation"].as_array().unwrap();
        // The evidence: the cited sources, in order first cited, each once (all seed quotes
        // hold).
        let mut cited: Vec<&str> = Vec::new();
        for c in &claim.citations {
            assert!(c.status.holds(), "{ctx}: {} {:?}", c.source, c.status);
            if !cited.contains(&c.source.as_str()) {
                cited.push(&c.source);
            }
        }
        assert!(!cited.is_empty(), "{ctx}");
        assert_eq!(appearance.len(), cited.len(), "{ctx}");
        for (work, id) in appearance.iter().zip(&cited) {
            let source = analysis.sources.iter().find(|s| s.id == *id).unwrap();
            assert_eq!(work["@type"], "CreativeWork", "{ctx}");
            assert_eq!(work["headline"], source.title.as_str(), "{ctx}");
            if *id == NO_URL {
                assert!(work.get("url").is_none(), "{ctx}: {work}");
            } else {
                assert_eq!(work["url"], source_url(id), "{ctx}");
            }
            match &source.publisher {
                Some(p) => assert_eq!(work["publisher"]["name"], p.as_str(), "{ctx}"),
                None => assert!(work.get("publisher").is_none(), "{ctx}"),
            }
            assert_eq!(
                work.get("datePublished").and_then(Value::as_str),
                source.published.as_deref(),
                "{ctx}"
            );
        }
        // When the claim was made: the seeds do not say (no `claimed`); a source's date is
        // when the evidence was published, not the claim.
        assert!(item.get("datePublished").is_none(), "{ctx}");
        assert_eq!(
            rating.get("ratingExplanation"),
            r.get("reviewBody"),
            "{ctx}"
        );
    }
}

#[test]
fn unverified_claims_get_no_review() {
    let (_dir, analysis) = analysed(None);
    let out = claimreview::render(&analysis);
    let reviews = reviews(&out);
    let urls = by_url(&reviews);
    let unverified: Vec<&str> = analysis
        .claims
        .iter()
        .filter(|c| c.verdict == Verdict::Unverified)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        unverified,
        [
            "microsoft-france-management",
            "project-began-2021",
            "planned-aws-move",
            "revenue-200-billion"
        ]
    );
    for id in unverified {
        assert!(!urls.contains_key(&format!("{BASE}#claim-{id}")), "{id}");
        assert!(!out.contains(&format!("#claim-{id}\"")), "{id}");
    }
    assert!(!out.contains("Unverified"));
}

#[test]
fn the_scale_covers_every_verdict_in_the_seeds() {
    let (_dir, analysis) = analysed(None);
    let reviews = reviews(&claimreview::render(&analysis));
    let urls = by_url(&reviews);
    let rating = |id: &str| {
        let r = &urls[&format!("{BASE}#claim-{id}")]["reviewRating"];
        (
            r["ratingValue"].as_u64().unwrap(),
            r["alternateName"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(rating("unit-8200-access-cut"), (5, "Supported".into()));
    assert_eq!(
        rating("first-us-tech-withdrawal"),
        (4, "Partly supported".into())
    );
    assert_eq!(rating("calls-per-hour"), (3, "Disputed".into()));
    assert_eq!(rating("total-azure-ban"), (1, "Unsupported".into()));
    for r in &reviews {
        let v = r["reviewRating"]["ratingValue"].as_u64().unwrap();
        assert!((u64::from(WORST_RATING)..=u64::from(BEST_RATING)).contains(&v));
    }
}

#[test]
fn evidence_urls_for_one_claim() {
    let (_dir, analysis) = analysed(None);
    let reviews = reviews(&claimreview::render(&analysis));
    let urls = by_url(&reviews);
    let r = urls[&format!("{BASE}#claim-total-azure-ban")];
    let appearance: Vec<Option<&str>> = r["citation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.get("url").and_then(Value::as_str))
        .collect();
    assert_eq!(
        appearance,
        [
            Some("https://news.example/webpronews"),
            Some("https://news.example/guardian-bhrrc")
        ]
    );
    // An analysis without a report date gives no datePublished.
    assert!(r.get("datePublished").is_none());
}

#[test]
fn same_input_same_bytes() {
    let (dir, analysis) = analysed(Some("2025-10-01"));
    let first = claimreview::render(&analysis);
    assert_eq!(first, claimreview::render(&analysis));
    let mut again = analyse(&dir.path().join("claims.toml"));
    again.generator.date = Some("2025-10-01".into());
    assert_eq!(first, claimreview::render(&again));
}

#[test]
fn without_author_and_url_those_fields_are_left_out() {
    let analysis = analyse(&repo().join("claims.toml"));
    let reviews = reviews(&claimreview::render(&analysis));
    assert_eq!(reviews.len(), 25);
    for r in &reviews {
        assert!(r.get("url").is_none() && r.get("author").is_none(), "{r:?}");
        assert_eq!(
            r.get("datePublished").and_then(Value::as_str),
            analysis.generator.date.as_deref()
        );
        // Sources without URLs still appear, by headline.
        for work in r["citation"].as_array().unwrap() {
            assert!(work.get("url").is_none());
            assert!(work["headline"].as_str().is_some_and(|h| !h.is_empty()));
        }
    }
}

/// `claimant`, `claimed` and `appeared_in` say who made the claim, when and where; `report`
/// warns of what Google's markup needs and leaves out a rating no holding citation backs.
#[test]
fn the_claim_itself_and_the_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(
        dir.path().join("sources/a.txt"),
        "Budget\n\nThe minister said the budget would rise by ten percent.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("claims.toml"),
        concat!(
            "[project]\ntitle = \"t\"\nsources = \"sources\"\n\n",
            "[[claims]]\nid = \"rise\"\ntext = \"The budget rises by ten percent.\"\nverdict = \"supported\"\n",
            "claimant = \"The minister\"\nclaimed = 2025-03-02\n",
            "appeared_in = [\"https://tv.example/budget-interview\", \"https://tv.example/budget-interview\"]\n\n",
            "[[claims.citations]]\nsource = \"a\"\nquote = \"the budget would rise by ten percent\"\n\n",
            "[[claims]]\nid = \"fall\"\ntext = \"The budget falls.\"\nverdict = \"unsupported\"\n\n",
            "[[claims.citations]]\nsource = \"a\"\nquote = \"the budget would fall by half, said nobody at all\"\n",
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["report", "--format", "claimreview", "-o", "-"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let reviews: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    let item = &reviews[0]["itemReviewed"];
    assert_eq!(
        item["author"],
        serde_json::json!({"@type": "Person", "name": "The minister"})
    );
    assert_eq!(item["datePublished"], "2025-03-02");
    let page =
        serde_json::json!({"@type": "CreativeWork", "url": "https://tv.example/budget-interview"});
    assert_eq!(item["appearance"], serde_json::json!([page]));
    assert_eq!(item["firstAppearance"], page);
    assert_eq!(reviews[0]["datePublished"], "2026-01-01");
    assert!(
        err.contains("claim \"fall\" (unsupported) is left out"),
        "{err}"
    );
    assert!(err.contains("no `url`"), "{err}");
    assert!(err.contains("no `author`"), "{err}");
    // A page that is no web address is an error at its place in claims.toml.
    let claims = std::fs::read_to_string(dir.path().join("claims.toml")).unwrap();
    std::fs::write(
        dir.path().join("claims.toml"),
        claims.replacen("https://tv.example/budget-interview\"]", "tv.example\"]", 1),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir.path())
        .args(["check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("has an appeared_in that is not a web address"),
        "{err}"
    );
    assert!(err.contains("claims.toml:11:55"), "{err}");
}
