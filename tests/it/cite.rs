//! `cite` through the library: proposals for claims without citations on a copy of the seeds,
//! written into a commented `claims.toml` that `check` then passes.

use crate::common;

use std::path::Path;
use std::process::Command;

use factcheck::analysis::Analysis;
use factcheck::check::{self, CheckOptions};
use factcheck::cite::{self, Proposal};
use factcheck::corpus::Corpus;
use factcheck::project::Project;
use factcheck::quote::{QuoteStatus, Verifier};
use factcheck::retrieve::MemoryIndex;

/// Two claims without citations: one in the middle, with comments before, inside and after
/// it, and one at the end of the file, followed by comments.
const MIDDLE: &str = r#"# --- Added for the cite test ---------------------------------------------
# A claim that still needs its sources.

[[claims]]
id = "calls-on-azure"   # written before the sources were found
text = "Unit 8200 stored millions of intercepted phone calls from Gaza and the West Bank on Microsoft's Azure cloud."
verdict = "unverified"
# TODO: cite the Guardian and Amnesty

# A comment after the new claim, before the next one.

"#;

const END: &str = r#"
[[claims]]
id = "netherlands-storage"
text = "The intercepted calls were held in a Microsoft datacentre in the Netherlands."
# the last claim of the file

# closing comment
"#;

const NEW: [&str; 2] = ["calls-on-azure", "netherlands-storage"];

/// A copy of the seeds and of `claims.toml` with the two claims above added.
fn project_dir() -> (tempfile::TempDir, String) {
    common::edited_seeds_project(|original| {
        let anchor = "[[claims]]\nid = \"calls-per-hour\"";
        assert!(original.contains(anchor));
        let mut claims = original.replacen(anchor, &format!("{MIDDLE}{anchor}"), 1);
        claims.push_str(END);
        claims
    })
}

fn load(path: &Path) -> (Project, Corpus) {
    let project = Project::load(path).unwrap();
    let corpus = Corpus::load(&project).unwrap();
    (project, corpus)
}

fn assert_exact(corpus: &Corpus, proposals: &[Proposal]) {
    let verifier = Verifier::new(corpus, None);
    for p in proposals {
        let source = corpus.source(&p.source).expect("a known source");
        assert!(source.text.contains(&p.quote), "{p:?}");
        assert_eq!(
            verifier.verify(&p.quote, &p.source).status,
            QuoteStatus::Exact,
            "{p:?}"
        );
        assert!(!p.quote.contains('\n'), "{p:?}");
        assert!(p.quote.split_whitespace().count() <= cite::MAX_WHOLE_WORDS);
        let (line, column) = source.line_col(source.text.find(&p.quote).unwrap());
        assert_eq!((p.line, p.column), (line, column), "{p:?}");
    }
}

/// Every line of `before` is in `after`, in order; the lines between are citation tables.
fn assert_only_citations_inserted(before: &str, after: &str) {
    let mut after_lines = after.lines();
    for line in before.lines() {
        loop {
            let next = after_lines
                .next()
                .unwrap_or_else(|| panic!("line {line:?} is missing or out of order"));
            if next == line {
                break;
            }
            assert!(
                next.is_empty()
                    || next == "[[claims.citations]]"
                    || next.starts_with("source = ")
                    || next.starts_with("quote = "),
                "unexpected line {next:?} before {line:?}"
            );
        }
    }
    for rest in after_lines {
        assert!(rest.is_empty() || rest.starts_with("[[") || rest.contains(" = "));
    }
}

#[test]
fn cite_write_keeps_comments_and_then_check_passes() {
    let (dir, text) = project_dir();
    let path = dir.path().join("claims.toml");
    let (project, corpus) = load(&path);
    let index = MemoryIndex::build(&corpus);

    let proposals = cite::propose(&project, &corpus, &index, None).unwrap();
    assert!(!proposals.is_empty());
    for id in NEW {
        let n = proposals.iter().filter(|p| p.claim == id).count();
        assert!((1..=cite::MAX_SOURCES).contains(&n), "{id}: {proposals:?}");
    }
    assert!(proposals.iter().all(|p| NEW.contains(&p.claim.as_str())));
    assert_exact(&corpus, &proposals);
    // One source per claim at most once.
    for id in NEW {
        let mut sources: Vec<&str> = proposals
            .iter()
            .filter(|p| p.claim == id)
            .map(|p| p.source.as_str())
            .collect();
        let n = sources.len();
        sources.dedup();
        assert_eq!(sources.len(), n);
    }

    let written = cite::write_into(&text, &proposals).unwrap();
    assert_only_citations_inserted(&text, &written);
    for comment in [
        "# --- Added for the cite test",
        "id = \"calls-on-azure\"   # written before the sources were found",
        "# TODO: cite the Guardian and Amnesty",
        "# A comment after the new claim, before the next one.",
        "# the last claim of the file",
        "# closing comment",
    ] {
        assert!(written.contains(comment), "{comment}");
    }
    // The new citations sit between their claim and the next [[claims]].
    let claim_at = written.find("id = \"calls-on-azure\"").unwrap();
    let next_claim = claim_at + written[claim_at..].find("\n[[claims]]\n").unwrap();
    let first = proposals
        .iter()
        .find(|p| p.claim == "calls-on-azure")
        .unwrap();
    let quote_line = cite::render_toml(std::slice::from_ref(first))
        .lines()
        .find(|l| l.starts_with("quote = "))
        .unwrap()
        .to_string();
    let quote_at = written.find(&quote_line).unwrap();
    assert!(claim_at < quote_at && quote_at < next_claim);
    factcheck::output::write_atomic(&path, written.as_bytes()).unwrap();

    // `check` would pass: every citation holds and every claim cites a source.
    let (project, corpus) = load(&path);
    let analysis = Analysis::run(&project, &corpus, None, 0);
    for claim in &analysis.claims {
        assert!(!claim.citations.is_empty(), "{} has no citation", claim.id);
        for c in &claim.citations {
            assert!(
                c.status.holds(),
                "{}: {:?} {:?}",
                claim.id,
                c.quote,
                c.status
            );
        }
    }
    for id in NEW {
        let claim = analysis.claims.iter().find(|c| c.id == id).unwrap();
        assert!(claim
            .citations
            .iter()
            .all(|c| c.status == QuoteStatus::Exact));
    }
    let report = check::check(&project, &corpus, &analysis, None, CheckOptions::default());
    assert_eq!(report.errors, 0, "{:?}", report.findings);

    // And the binary agrees.
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Idempotent: every claim now has citations, so nothing more is proposed, and writing the
    // same proposals again changes nothing.
    let index = MemoryIndex::build(&corpus);
    assert_eq!(
        cite::propose(&project, &corpus, &index, None).unwrap(),
        Vec::<Proposal>::new()
    );
    assert_eq!(cite::write_into(&written, &proposals).unwrap(), written);
}

#[test]
fn named_claim_with_citations_gets_sources_it_does_not_cite_yet() {
    let (dir, _) = project_dir();
    let (project, corpus) = load(&dir.path().join("claims.toml"));
    let index = MemoryIndex::build(&corpus);
    let id = "millions-of-calls-stored";
    let claim = project.claims.iter().find(|c| c.id == id).unwrap();
    assert!(!claim.citations.is_empty());
    let proposals = cite::propose(&project, &corpus, &index, Some(id)).unwrap();
    assert!(!proposals.is_empty());
    assert!(proposals.iter().all(|p| p.claim == id));
    for p in &proposals {
        assert!(
            claim.citations.iter().all(|c| c.source != p.source),
            "{} is already cited",
            p.source
        );
    }
    assert_exact(&corpus, &proposals);
}

#[test]
fn unknown_claim_is_an_error_naming_close_ids() {
    let (dir, _) = project_dir();
    let (project, corpus) = load(&dir.path().join("claims.toml"));
    let index = MemoryIndex::build(&corpus);
    let err = cite::propose(&project, &corpus, &index, Some("netherland-datacenter")).unwrap_err();
    assert!(
        err.message.contains("netherland-datacenter"),
        "{}",
        err.message
    );
    let help = err.help.unwrap();
    assert!(help.contains("\"netherlands-datacentre\""), "{help}");
}

#[test]
fn printed_toml_parses_back_to_the_proposals() {
    let (dir, _) = project_dir();
    let (project, corpus) = load(&dir.path().join("claims.toml"));
    let index = MemoryIndex::build(&corpus);
    let proposals = cite::propose(&project, &corpus, &index, None).unwrap();
    let printed = cite::render_toml(&proposals);
    for id in NEW {
        assert!(printed.contains(&format!("# cite: claim \"{id}\"\n[[claims.citations]]\n")));
    }
    let value: toml::Table = toml::from_str(&printed).unwrap();
    let citations = value["claims"]["citations"].as_array().unwrap();
    assert_eq!(citations.len(), proposals.len());
    for (c, p) in citations.iter().zip(&proposals) {
        assert_eq!(c["source"].as_str(), Some(p.source.as_str()));
        assert_eq!(c["quote"].as_str(), Some(p.quote.as_str()));
    }
}
