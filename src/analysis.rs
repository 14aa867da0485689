//! The analysis of a project: per claim, its citations verified and the passages that support
//! it, ranked. Built once and handed to every renderer; this is the JSON report's model.

use rayon::prelude::*;
use serde::Serialize;

use crate::compare::{self, Comparison, Discrepancy, Wording, WordingInput};
use crate::corpus::{Corpus, Source};
use crate::diff::DiffRun;
use crate::project::{Project, Verdict};
use crate::quote::{Found, QuoteStatus, Verification, Verifier};
use crate::retrieve::{Hit, Retriever};

pub const SCHEMA_VERSION: u32 = 1;

/// Below this share of the claim's weighted words (idf) matched by the best passage, the claim
/// is marked "no supporting passage found" instead of presenting a weak match as support.
/// On the Climate-FEVER dev split, where every claim has labelled evidence, 8% of claims fall
/// below it (0.25 would flag 21%); text about something else entirely, matching on a word or
/// two, stays below it.
pub const MIN_SUPPORT_COVERAGE: f32 = 0.2;

/// Whether a ranked list of passages holds support for a claim.
pub fn has_support(hits: &[Hit]) -> bool {
    hits.iter().any(|h| h.coverage >= MIN_SUPPORT_COVERAGE)
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub schema_version: u32,
    pub project: ProjectInfo,
    pub sources: Vec<SourceInfo>,
    pub claims: Vec<ClaimAnalysis>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectInfo {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The claims file as named on the command line.
    pub claims_file: String,
    /// The sources folder as written in the claims file.
    pub sources_dir: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub id: String,
    /// Path relative to the sources folder.
    pub file: String,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub sha256: String,
    /// Passages offered for matching (body text, not headings or page furniture).
    pub passages: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimAnalysis {
    pub id: String,
    pub text: String,
    pub verdict: Verdict,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Line of the claim's id in the claims file.
    pub line: usize,
    pub citations: Vec<CitationResult>,
    /// Best passages across all sources, best first.
    pub matches: Vec<Match>,
    /// True when even the best passage matches too little of the claim to count as support.
    pub no_supporting_passage_found: bool,
    /// The best passage of each source that supports the claim: the passage of a cited quote
    /// that holds, else the source's best match; cited sources first, then by rank.
    pub wordings: Vec<Wording>,
    /// Every pair of wordings compared word by word.
    pub comparisons: Vec<Comparison>,
    /// Where two sources disagree on a number, quantity, date or name.
    pub discrepancies: Vec<Discrepancy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitationResult {
    pub source: String,
    pub quote: String,
    pub status: QuoteStatus,
    /// Where the quote (or its closest passage) starts in the source; null when not found.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The sentence(s) of the source holding the match.
    pub passage: Option<String>,
    /// The source's own words that matched (for elided quotes, from first to last piece).
    pub matched: Option<String>,
    /// Word diff from the quote to the closest passage (near misses).
    pub diff: Option<Vec<DiffRun>>,
    /// When the quote is not in the cited source but in another one.
    pub found_in: Option<Place>,
    /// Line of this citation's quote in the claims file.
    pub claims_line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub source: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub source: String,
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub score: f64,
    /// Share of the claim's weighted words this passage matches, 0..1.
    pub coverage: f64,
}

/// Round for output: scores are for ranking and reading, and fewer digits diff better.
fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

/// Passages searched per claim to find each source's best wording.
const WORDING_DEPTH: usize = 30;
/// Sources whose wordings are compared per claim (pairs grow with the square).
pub const MAX_WORDINGS: usize = 6;

impl Analysis {
    /// Analyse every claim. Without a retriever only the citations are verified (what
    /// `check` needs): `matches`, `wordings`, `comparisons` and `discrepancies` stay empty.
    pub fn run(
        project: &Project,
        corpus: &Corpus,
        retriever: Option<&dyn Retriever>,
        top: usize,
    ) -> Analysis {
        let verifier = Verifier::new(corpus);
        let claims = project
            .claims
            .par_iter()
            .map(|claim| {
                let verified: Vec<Verification> = claim
                    .citations
                    .iter()
                    .map(|c| verifier.verify(&c.quote, &c.source))
                    .collect();
                let citations = claim
                    .citations
                    .iter()
                    .zip(&verified)
                    .map(|(c, v)| citation_result(project, corpus, c, v))
                    .collect();
                let (hits, compared) = match retriever {
                    Some(r) => {
                        let hits = r.search(&claim.text, top.max(WORDING_DEPTH));
                        let inputs = wording_inputs(corpus, claim, &verified, &hits);
                        let compared = compare::compare(&claim.text, &inputs);
                        (hits.into_iter().take(top).collect::<Vec<_>>(), compared)
                    }
                    None => (Vec::new(), compare::ClaimComparison::default()),
                };
                ClaimAnalysis {
                    id: claim.id.clone(),
                    text: claim.text.clone(),
                    verdict: claim.verdict,
                    note: claim.note.clone(),
                    tags: claim.tags.clone(),
                    line: project.line_col(claim.id_span.start).0,
                    citations,
                    matches: hits.iter().map(|h| to_match(corpus, h)).collect(),
                    no_supporting_passage_found: retriever.is_some() && !has_support(&hits),
                    wordings: compared.wordings,
                    comparisons: compared.comparisons,
                    discrepancies: compared.discrepancies,
                }
            })
            .collect();
        Analysis {
            schema_version: SCHEMA_VERSION,
            project: project_info(project),
            sources: corpus.sources.iter().map(source_info).collect(),
            claims,
        }
    }
}

/// Each source's best wording of a claim: cited quotes that hold first, then retrieval's best
/// passage of every other source with support.
fn wording_inputs<'c>(
    corpus: &'c Corpus,
    claim: &crate::project::Claim,
    verified: &[Verification],
    hits: &[Hit],
) -> Vec<WordingInput<'c>> {
    let mut out: Vec<WordingInput<'c>> = Vec::new();
    for (citation, v) in claim.citations.iter().zip(verified) {
        let (Some(source), Some(found)) = (corpus.source(&citation.source), &v.found) else {
            continue;
        };
        if !v.status.holds() || out.iter().any(|w| w.source.id == source.id) {
            continue;
        }
        out.push(WordingInput {
            source,
            span: source.passages_around(found.span.clone()),
            cited: true,
        });
    }
    for hit in hits {
        if hit.coverage < MIN_SUPPORT_COVERAGE {
            continue;
        }
        let source = &corpus.sources[hit.id.source as usize];
        if out.iter().any(|w| w.source.id == source.id) {
            continue;
        }
        out.push(WordingInput {
            source,
            span: source.passages[hit.id.passage as usize].span.clone(),
            cited: false,
        });
    }
    out.truncate(MAX_WORDINGS);
    out
}

pub fn project_info(project: &Project) -> ProjectInfo {
    ProjectInfo {
        title: project.title.clone(),
        description: project.description.clone(),
        author: project.author.clone(),
        url: project.url.clone(),
        claims_file: project.path.to_string_lossy().replace('\\', "/"),
        sources_dir: project.sources_dir.clone(),
    }
}

fn source_info(s: &Source) -> SourceInfo {
    SourceInfo {
        id: s.id.clone(),
        file: s.file.clone(),
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        url: s.url.clone(),
        published: s.published.clone(),
        sha256: s.sha256.clone(),
        passages: s
            .passages
            .iter()
            .filter(|p| s.role_of(p) == crate::corpus::Role::Body)
            .count(),
    }
}

pub fn to_match(corpus: &Corpus, hit: &Hit) -> Match {
    let source = &corpus.sources[hit.id.source as usize];
    let passage = &source.passages[hit.id.passage as usize];
    let (line, column) = source.line_col(passage.span.start);
    Match {
        source: source.id.clone(),
        text: source.passage_text(passage).to_string(),
        line,
        column,
        score: round3(hit.score),
        coverage: round3(hit.coverage),
    }
}

fn citation_result(
    project: &Project,
    corpus: &Corpus,
    citation: &crate::project::Citation,
    v: &Verification,
) -> CitationResult {
    let source = corpus.source(&citation.source);
    let place = |source: &Source, found: &Found| {
        let (line, column) = source.line_col(found.span.start);
        let around = source.passages_around(found.span.clone());
        (
            line,
            column,
            source.text[around].trim().to_string(),
            source.text[found.span.clone()].to_string(),
        )
    };
    let located = match (source, &v.found) {
        (Some(s), Some(f)) => Some(place(s, f)),
        _ => None,
    };
    let found_in = v.found_elsewhere.as_ref().map(|(i, f)| {
        let s = &corpus.sources[*i];
        let (line, column) = s.line_col(f.span.start);
        Place {
            source: s.id.clone(),
            line,
            column,
        }
    });
    let (line, column, passage, matched) = match located {
        Some((l, c, p, m)) => (Some(l), Some(c), Some(p), Some(m)),
        None => (None, None, None, None),
    };
    CitationResult {
        source: citation.source.clone(),
        quote: citation.quote.clone(),
        status: v.status,
        line,
        column,
        passage,
        matched,
        diff: v.found.as_ref().and_then(|f| f.diff.clone()),
        found_in,
        claims_line: project.line_col(citation.quote_span.start).0,
    }
}
