//! The unit tests of `cite`.

use std::path::{Path, PathBuf};

use super::*;
use crate::analysis::Analysis;
use crate::check::CheckOptions;
use crate::corpus::Source;
use crate::retrieve::MemoryIndex;

use crate::common;

use common::UNCITED;

fn project(text: &str) -> Project {
    Project::parse(
        Path::new("claims.toml"),
        PathBuf::from("."),
        text.to_string(),
    )
    .unwrap()
}

fn source(id: &str, text: &str) -> Source {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(format!("{id}.txt")), text).unwrap();
    let p = Project::parse(
        &dir.path().join("claims.toml"),
        dir.path().to_path_buf(),
        "[project]\ntitle = \"t\"\nsources = \".\"\n".to_string(),
    )
    .unwrap();
    Corpus::load(&p).unwrap().sources.remove(0)
}

fn stems(text: &str) -> HashSet<String> {
    analyze::stems(text).into_iter().collect()
}

fn proposal(claim: &str, source: &str, quote: &str) -> Proposal {
    Proposal {
        claim: claim.into(),
        source: source.into(),
        quote: quote.into(),
        line: 1,
        column: 1,
        score: 1.0,
    }
}

const FILE: &str = r#"# head comment
[project]
title = "T"   # trailing comment

[[claims]]
id = "a"
text = "First claim."
# a comment inside claim a

# before claim b
[[claims]]
id = "b"
text = "Second claim."

[[claims.citations]]
source = "s"
quote = "existing"

# between b and c

[[claims]]
id = "c"
text = "Third claim."
# trailing comment at the end
"#;

#[test]
fn short_passages_are_quoted_whole() {
    let text = "Microsoft cut off Unit 8200 from some Azure services.";
    assert_eq!(excerpt(text, 0..text.len(), &stems("Azure")), 0..text.len());
}

#[test]
fn long_passages_are_cut_to_a_window_around_the_claims_words() {
    let filler = "and then some other words followed in a long run of text here";
    let text = format!(
        "{filler} {filler}, while the archive of intercepted calls was held in a datacentre in the Netherlands, {filler} {filler}."
    );
    let r = excerpt(
        &text,
        0..text.len(),
        &stems("Intercepted calls were held in the Netherlands."),
    );
    let quote = &text[r];
    assert_eq!(
        quote,
        "while the archive of intercepted calls was held in a datacentre in the Netherlands"
    );
    assert!(word_count(quote) <= MAX_QUOTE_WORDS);
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

#[test]
fn windows_stay_within_the_budget_and_on_word_boundaries() {
    let words: Vec<String> = (0..120).map(|i| format!("w{i}")).collect();
    let mut text = words.join(" ");
    text.push('.');
    let claim = stems("w10 w95");
    let r = excerpt(&text, 0..text.len(), &claim);
    let quote = &text[r.clone()];
    assert!(word_count(quote) <= MAX_QUOTE_WORDS, "{quote}");
    assert!(r.start == 0 || text[..r.start].ends_with(' '));
    assert!(r.end == text.len() || text[r.end..].starts_with([' ', '.']));
}

#[test]
fn best_line_of_a_wrapped_passage_is_one_line() {
    let text = "The first line of a wrapped paragraph says nothing\nabout Azure storage of intercepted calls at all.";
    let r = best_line(text, 0..text.len(), &stems("Azure intercepted calls"));
    assert_eq!(&text[r], "about Azure storage of intercepted calls at all.");
}

#[test]
fn proposes_verbatim_quotes_from_supporting_sources_only() {
    let s = source(
        "guardian",
        "Headline about it\n\nThe archive of intercepted calls was held in a Microsoft datacentre in the Netherlands. Nothing else here.\n\nAn unrelated paragraph about the weather in spring.\n",
    );
    let corpus = Corpus {
        sources: vec![s],
        ..Corpus::default()
    };
    let index = MemoryIndex::build(&corpus);
    let p = project(
        "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"nl\"\ntext = \"Intercepted calls were stored in the Netherlands.\"\n\n[[claims]]\nid = \"moon\"\ntext = \"Cheese makes up the moon.\"\n",
    );
    let got = propose(&p, &corpus, &index, None).unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].claim, "nl");
    assert_eq!(got[0].source, "guardian");
    assert_eq!(
        got[0].quote,
        "The archive of intercepted calls was held in a Microsoft datacentre in the Netherlands."
    );
    assert_eq!((got[0].line, got[0].column), (3, 1));
    let err = propose(&p, &corpus, &index, Some("nl-x")).unwrap_err();
    assert!(err.message.contains("no claim has the id \"nl-x\""));
    assert!(err.help.unwrap().contains("\"nl\""));
}

#[test]
fn render_escapes_and_groups_by_claim() {
    let ps = [
        proposal("a", "s", "He said \"no\" \\ then left."),
        proposal("a", "t", "It's plain."),
        proposal("b", "s", "Tab\there."),
    ];
    let out = render_toml(&ps);
    assert!(
        out.starts_with(
            "# cite: claim \"a\"\n# proposed by factcheck cite: review\n[[claims.citations]]\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "\n\n# cite: claim \"b\"\n# proposed by factcheck cite: review\n[[claims.citations]]\n"
        ),
        "{out}"
    );
    #[derive(serde::Deserialize)]
    struct F {
        claims: C,
    }
    #[derive(serde::Deserialize)]
    struct C {
        citations: Vec<Cit>,
    }
    #[derive(serde::Deserialize)]
    struct Cit {
        source: String,
        quote: String,
    }
    let f: F = toml::from_str(&out).unwrap();
    let back: Vec<(String, String)> = f
        .claims
        .citations
        .into_iter()
        .map(|c| (c.source, c.quote))
        .collect();
    let want: Vec<(String, String)> = ps
        .iter()
        .map(|p| (p.source.clone(), p.quote.clone()))
        .collect();
    assert_eq!(back, want);
    assert_eq!(render_toml(&[]), "");
}

#[test]
fn write_into_inserts_after_the_claim_and_keeps_everything_else() {
    let ps = [
        proposal("a", "s", "new for a"),
        proposal("b", "t", "new for b"),
        proposal("c", "u", "new for \"c\""),
    ];
    let out = write_into(FILE, &ps).unwrap();
    assert!(only_inserted(FILE, &out), "{out}");
    // FILE with a citation table after each claim's last key or citation, and nothing else.
    let table = |source: &str, quote: &str| {
        format!("\n# proposed by factcheck cite: review\n[[claims.citations]]\nsource = {source}\nquote = {quote}\n")
    };
    let after = |text: String, line: &str, table: String| {
        assert_eq!(text.matches(line).count(), 1, "{line:?}");
        text.replace(line, &format!("{line}{table}"))
    };
    let expected = after(
        FILE.to_string(),
        "text = \"First claim.\"\n",
        table("\"s\"", "\"new for a\""),
    );
    let expected = after(
        expected,
        "quote = \"existing\"\n",
        table("\"t\"", "\"new for b\""),
    );
    let expected = after(
        expected,
        "text = \"Third claim.\"\n",
        table("\"u\"", "'new for \"c\"'"),
    );
    assert_eq!(out, expected);
    // Parsed, each claim has its citation.
    let p = project(&out);
    let cited: Vec<Vec<&str>> = p
        .claims
        .iter()
        .map(|c| {
            c.citations
                .iter()
                .map(|x| x.quote.as_deref().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        cited,
        [
            vec!["new for a"],
            vec!["existing", "new for b"],
            vec!["new for \"c\""]
        ]
    );
    // Idempotent: the same proposals again change nothing.
    assert_eq!(write_into(&out, &ps).unwrap(), out);
}

#[test]
fn write_into_keeps_crlf_and_bom_and_inline_arrays() {
    let text = "\u{feff}[project]\r\ntitle = \"T\"\r\n\r\n[[claims]]\r\nid = \"a\"\r\ntext = \"x\"\r\n\r\n[[claims]]\r\nid = \"b\"\r\ntext = \"y\"\r\ncitations = [{ source = \"s\", quote = \"q\" }]\r\n";
    let out = write_into(
        text,
        &[proposal("a", "s", "new"), proposal("b", "t", "more")],
    )
    .unwrap();
    assert!(out.starts_with('\u{feff}'));
    assert!(crlf_only(&out), "{out:?}");
    assert!(out.contains("citations = [{ source = \"s\", quote = \"q\" }, { source = \"t\", quote = \"more\" }]\r\n"), "{out:?}");
    let p = project(&out);
    assert_eq!(p.claims[0].citations[0].quote.as_deref(), Some("new"));
    assert_eq!(p.claims[1].citations.len(), 2);
    assert_eq!(p.claims[1].citations[1].source, "t");
}

#[test]
fn hard_wrapped_passages_give_one_line_quotes_that_hold_exactly() {
    let s = source(
        "wrapped",
        "Headline about the archive\n\nSources said the archive of intercepted phone calls from the West\nBank and Gaza was held in a Microsoft datacentre in the Netherlands\nbefore it was moved out within days of the reporting being published.\n",
    );
    assert_eq!(s.paragraphs.len(), 2, "the body is one wrapped paragraph");
    let corpus = Corpus {
        sources: vec![s],
        ..Corpus::default()
    };
    let index = MemoryIndex::build(&corpus);
    let p = project(
        "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"nl\"\ntext = \"The archive was held in a datacentre in the Netherlands.\"\n",
    );
    let got = propose(&p, &corpus, &index, Some("nl")).unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].quote,
        "Bank and Gaza was held in a Microsoft datacentre in the Netherlands"
    );
    assert_eq!((got[0].line, got[0].column), (4, 1));
    let printed = render_toml(&got);
    assert!(printed.contains("quote = \"Bank and Gaza"), "{printed}");
}

#[test]
fn write_into_handles_a_last_claim_without_a_final_line_break() {
    let text = "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"a\"\ntext = \"x\"";
    let out = write_into(text, &[proposal("a", "s", "q")]).unwrap();
    assert_eq!(
        out,
        "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"a\"\ntext = \"x\"\n\n# proposed by factcheck cite: review\n[[claims.citations]]\nsource = \"s\"\nquote = \"q\"\n"
    );
}

#[test]
fn write_into_refuses_inline_claims() {
    let text = "claims = [{ id = \"a\", text = \"x\" }]\n\n[project]\ntitle = \"T\"\n";
    assert_eq!(project(text).claims.len(), 1);
    let err = write_into(text, &[proposal("a", "s", "q")]).unwrap_err();
    assert!(err.message.contains("[[claims]]"), "{}", err.message);
}

#[test]
fn targets_are_uncited_claims_or_the_named_one() {
    let p = project(FILE);
    let ids = |t: Vec<&Claim>| t.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(targets(&p, None).unwrap()), ["a", "c"]);
    assert_eq!(ids(targets(&p, Some("b")).unwrap()), ["b"]);
    let err = targets(&p, Some("bb")).unwrap_err();
    assert_eq!(err.help.as_deref(), Some("did you mean \"b\"?"));
}

#[test]
fn write_into_names_a_missing_claim() {
    let err = write_into(FILE, &[proposal("zzz", "s", "q")]).unwrap_err();
    assert!(err.message.contains("\"zzz\""), "{}", err.message);
}

#[test]
fn only_inserted_sees_changed_and_reordered_lines() {
    assert!(only_inserted("a\nb\n", "a\nx\nb\n"));
    assert!(!only_inserted("a\nb\n", "b\na\n"));
    assert!(!only_inserted("a\nb\n", "a\nc\n"));
}

/// Lines kept byte for byte with their own line breaks; inserted ones end as their
/// neighbours; a dropped or rewritten line is refused.
#[test]
fn keep_lines_keeps_each_line_break_and_refuses_lost_lines() {
    let before = "a\r\nb\nc\r\n";
    assert_eq!(
        keep_lines(before, "a\nx\nb\ny\nc\nz\n").as_deref(),
        Some("a\r\nx\r\nb\ny\nc\r\nz\r\n")
    );
    assert_eq!(keep_lines("a", "a\nb\n").as_deref(), Some("a\nb\n"));
    assert_eq!(
        keep_lines("k = []\r\n", "k = [1]\n").as_deref(),
        Some("k = [1]\r\n")
    );
    assert_eq!(keep_lines("a\nb\n", "a\n"), None);
    assert_eq!(keep_lines("k = [2]\n", "k = [1]\n"), None);
}

/// A file that mixes CRLF and LF lines keeps every line break as it was; the inserted lines
/// take those of their neighbourhood (issue 18, item 4).
#[test]
fn write_into_keeps_mixed_line_breaks() {
    let text = "[project]\r\ntitle = \"T\"\n\n[[claims]]\r\nid = \"a\"\r\ntext = \"x\"\r\n\r\n[[claims]]\nid = \"b\"\ntext = \"y\"\n";
    let out = write_into(
        text,
        &[proposal("a", "s", "new"), proposal("b", "t", "more")],
    )
    .unwrap();
    assert!(is_subsequence(text.as_bytes(), out.as_bytes()), "{out:?}");
    assert_eq!(
        out,
        "[project]\r\ntitle = \"T\"\n\n[[claims]]\r\nid = \"a\"\r\ntext = \"x\"\r\n\r\n# proposed by factcheck cite: review\r\n[[claims.citations]]\r\nsource = \"s\"\r\nquote = \"new\"\r\n\r\n[[claims]]\nid = \"b\"\ntext = \"y\"\n\n# proposed by factcheck cite: review\n[[claims.citations]]\nsource = \"t\"\nquote = \"more\"\n"
    );
}

/// An inline `citations = []` is guarded as tables are: the citation goes into the array,
/// and nothing else changes.
#[test]
fn write_into_guards_inline_arrays_too() {
    let text = "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"a\"\ntext = \"x\"\ncitations = [] # none yet\n";
    let out = write_into(text, &[proposal("a", "s", "q")]).unwrap();
    assert_eq!(
        out,
        "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"a\"\ntext = \"x\"\ncitations = [{ source = \"s\", quote = \"q\" }] # none yet\n"
    );
    assert!(adds_only(text, &out, &[(0, &proposal("a", "s", "q"))]));
    assert!(!adds_only(
        text,
        &out.replace("\"x\"", "\"y\""),
        &[(0, &proposal("a", "s", "q"))]
    ));
}

/// Test helper: `after` is `before` with lines inserted.
fn only_inserted(before: &str, after: &str) -> bool {
    let mut after_lines = after.lines();
    before
        .lines()
        .all(|line| after_lines.by_ref().any(|l| l == line))
}

/// Test helper: every line break is CRLF.
fn crlf_only(text: &str) -> bool {
    let lf = text.matches('\n').count();
    lf > 0 && text.matches("\r\n").count() == lf
}

// --- On a copy of the seeds, with two claims without citations ----------------------------------

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
        assert!(p.quote.split_whitespace().count() <= MAX_WHOLE_WORDS);
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
                    || next == crate::cite::PROPOSED
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
    let (dir, text) = common::uncited_claims_project();
    let path = dir.path().join("claims.toml");
    let (project, corpus) = load(&path);
    let index = MemoryIndex::build(&corpus);

    let proposals = propose(&project, &corpus, &index, None).unwrap();
    assert!(!proposals.is_empty());
    for id in UNCITED {
        let n = proposals.iter().filter(|p| p.claim == id).count();
        assert!((1..=MAX_SOURCES).contains(&n), "{id}: {proposals:?}");
    }
    assert!(proposals
        .iter()
        .all(|p| UNCITED.contains(&p.claim.as_str())));
    assert_exact(&corpus, &proposals);
    // One source per claim at most once.
    for id in UNCITED {
        let mut sources: Vec<&str> = proposals
            .iter()
            .filter(|p| p.claim == id)
            .map(|p| p.source.as_str())
            .collect();
        let n = sources.len();
        sources.dedup();
        assert_eq!(sources.len(), n);
    }

    let written = write_into(&text, &proposals).unwrap();
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
    let quote_line = render_toml(std::slice::from_ref(first))
        .lines()
        .find(|l| l.starts_with("quote = "))
        .unwrap()
        .to_string();
    let quote_at = written.find(&quote_line).unwrap();
    assert!(claim_at < quote_at && quote_at < next_claim);
    crate::output::write_atomic(&path, written.as_bytes()).unwrap();

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
    for id in UNCITED {
        let claim = analysis.claims.iter().find(|c| c.id == id).unwrap();
        assert!(claim
            .citations
            .iter()
            .all(|c| c.status == QuoteStatus::Exact));
    }
    let report = crate::check::check(&project, &corpus, &analysis, None, CheckOptions::default());
    assert_eq!(report.errors, 0, "{:?}", report.findings);

    // Idempotent: every claim now has citations, so nothing more is proposed, and writing the
    // same proposals again changes nothing.
    let index = MemoryIndex::build(&corpus);
    assert_eq!(
        propose(&project, &corpus, &index, None).unwrap(),
        Vec::<Proposal>::new()
    );
    assert_eq!(write_into(&written, &proposals).unwrap(), written);
}

#[test]
fn named_claim_with_citations_gets_sources_it_does_not_cite_yet() {
    let (dir, _) = common::uncited_claims_project();
    let (project, corpus) = load(&dir.path().join("claims.toml"));
    let index = MemoryIndex::build(&corpus);
    let id = "millions-of-calls-stored";
    let claim = project.claims.iter().find(|c| c.id == id).unwrap();
    assert!(!claim.citations.is_empty());
    let proposals = propose(&project, &corpus, &index, Some(id)).unwrap();
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
    let (dir, _) = common::uncited_claims_project();
    let (project, corpus) = load(&dir.path().join("claims.toml"));
    let index = MemoryIndex::build(&corpus);
    let err = propose(&project, &corpus, &index, Some("netherland-datacenter")).unwrap_err();
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
    let (dir, _) = common::uncited_claims_project();
    let (project, corpus) = load(&dir.path().join("claims.toml"));
    let index = MemoryIndex::build(&corpus);
    let proposals = propose(&project, &corpus, &index, None).unwrap();
    let printed = render_toml(&proposals);
    for id in UNCITED {
        assert!(printed.contains(&format!(
            "# cite: claim \"{id}\"\n{}\n[[claims.citations]]\n",
            crate::cite::PROPOSED
        )));
    }
    let value: toml::Table = toml::from_str(&printed).unwrap();
    let citations = value["claims"]["citations"].as_array().unwrap();
    assert_eq!(citations.len(), proposals.len());
    for (c, p) in citations.iter().zip(&proposals) {
        assert_eq!(c["source"].as_str(), Some(p.source.as_str()));
        assert_eq!(c["quote"].as_str(), Some(p.quote.as_str()));
    }
}
