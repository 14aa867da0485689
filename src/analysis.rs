//! The analysis of a project: per claim, its citations verified and the passages that support
//! it, ranked. Built once and handed to every renderer; the data itself is the report model
//! (`crate::model`, re-exported here).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::compare::{self, WordingInput};
use crate::conflict;
use crate::corpus::{Corpus, Source};
use crate::error::InputError;
use crate::project::Project;
use crate::quote::{Found, Verification, Verifier};
use crate::retrieve::{Hit, Retriever};

// The model is named through this module: `factcheck::analysis::{Analysis, ClaimAnalysis, ...}`.
pub use crate::model::*;

/// Below this share of the claim's weighted words (idf) matched by the best passage, the claim
/// is marked "no supporting passage found" instead of presenting a weak match as support.
/// On the Climate-FEVER dev split, where every claim has labelled evidence, 8% of claims fall
/// below it (0.25 would flag 21%); text about something else entirely, matching on a word or
/// two, stays below it.
pub(crate) const MIN_SUPPORT_COVERAGE: f32 = 0.2;

/// Whether a ranked list of passages holds support for a claim.
pub(crate) fn has_support(hits: &[Hit]) -> bool {
    hits.iter().any(|h| h.coverage >= MIN_SUPPORT_COVERAGE)
}

/// Round for output: scores are for ranking and reading, and fewer digits diff better.
fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

/// Passages searched per claim to find each source's best wording.
pub(crate) const WORDING_DEPTH: usize = 30;
/// Sources whose wordings are compared per claim (pairs grow with the square).
pub(crate) const MAX_WORDINGS: usize = 6;

impl Analysis {
    /// Analyse every claim. Without a retriever only the citations are verified (what
    /// `check` needs): `matches`, `wordings`, `comparisons` and `discrepancies` stay empty.
    pub fn run(
        project: &Project,
        corpus: &Corpus,
        retriever: Option<&dyn Retriever>,
        top: usize,
    ) -> Analysis {
        Analysis::run_with_progress(project, corpus, retriever, None, top, &|| {})
    }

    /// [`Analysis::run`], calling `on_claim` after each claim (from any thread). `quotes`,
    /// when there is no `retriever`, finds the sources worth searching for a quote that is
    /// not where it was cited (see [`Verifier::new`]).
    pub(crate) fn run_with_progress(
        project: &Project,
        corpus: &Corpus,
        retriever: Option<&dyn Retriever>,
        quotes: Option<&dyn Retriever>,
        top: usize,
        on_claim: &(dyn Fn() + Sync),
    ) -> Analysis {
        let verifier = Verifier::new(corpus, retriever.or(quotes));
        let (claims, supporting): (Vec<ClaimAnalysis>, Vec<Vec<String>>) = project
            .claims
            .par_iter()
            .map(|claim| {
                let claim_reading = conflict::ClaimText::new(&claim.text);
                let verified: Vec<Verification> = claim
                    .citations
                    .iter()
                    .map(|c| verifier.verify_citation(c.quote.as_deref(), &c.source, &claim.text))
                    .collect();
                // Support is judged on every passage searched, not on the `top` listed: a
                // report with `--top 0` (or `check`'s summary) lists none but knows.
                let (hits, mut compared, read, supported) = match retriever {
                    Some(r) => {
                        let hits = r.search(&claim.text, top.max(WORDING_DEPTH));
                        let inputs = wording_inputs(corpus, claim, &verified, &hits);
                        let (compared, readings) = compare::compare_keeping(&claim.text, &inputs);
                        let read: Vec<(&str, compare::Reading<'_>)> = inputs
                            .iter()
                            .map(|w| w.source.id.as_str())
                            .zip(readings)
                            .collect();
                        let supported = has_support(&hits);
                        (
                            hits.into_iter().take(top).collect::<Vec<_>>(),
                            compared,
                            read,
                            supported,
                        )
                    }
                    None => (
                        Vec::new(),
                        compare::ClaimComparison::default(),
                        Vec::new(),
                        true,
                    ),
                };
                // A passage the comparison of wordings has read is not read again.
                let conflicts_of = |source: &str, text: &str, passage: conflict::Passage| match read
                    .iter()
                    .find(|(id, r)| *id == source && r.text == text.trim())
                {
                    Some((_, r)) => conflict::conflicts_read(&claim_reading, r, passage),
                    None => conflict::conflicts(&claim_reading, text, passage),
                };
                let citations: Vec<CitationResult> = claim
                    .citations
                    .iter()
                    .zip(&verified)
                    .map(|(c, v)| {
                        let mut result = citation_result(project, corpus, c, v);
                        if let Some(p) = result.passage.as_deref().filter(|_| v.status.holds()) {
                            result.conflicts = conflicts_of(&c.source, p, conflict::Passage::Cited);
                        }
                        result
                    })
                    .collect();
                let matches: Vec<Match> = hits
                    .iter()
                    .map(|h| {
                        let mut m = to_match(corpus, h);
                        m.cited = claim.citations.iter().any(|c| c.source == m.source);
                        // A cited passage that search also found is compared once.
                        m.conflicts = match citations.iter().find(|c| {
                            c.source == m.source && c.passage.as_deref() == Some(m.text.as_str())
                        }) {
                            Some(c) => c.conflicts.clone(),
                            // A passage with less than the support floor of the claim's
                            // words is about something else: nothing in it contradicts it.
                            None if h.coverage < MIN_SUPPORT_COVERAGE => Vec::new(),
                            None => conflicts_of(&m.source, &m.text, conflict::Passage::Found),
                        };
                        m
                    })
                    .collect();
                let evidence = Evidence::of(&citations, &hits, corpus, claim);
                // The sources that support the claim, before `--top` trims what is listed.
                let supporting: Vec<String> =
                    compared.wordings.iter().map(|w| w.source.clone()).collect();
                list_suggestions(&mut compared, top);
                on_claim();
                let analysis = ClaimAnalysis {
                    citation_status: verified.iter().map(|v| v.status).max(),
                    id: claim.id.clone(),
                    text: claim.text.clone(),
                    verdict: claim.verdict,
                    note: claim.note.clone(),
                    tags: claim.tags.clone(),
                    claimant: claim.claimant.clone(),
                    claimed: claim.claimed.clone(),
                    appeared_in: claim.appeared_in.clone(),
                    line: project.line_col(claim.id_span.start).0,
                    citations,
                    matches,
                    no_supporting_passage_found: !supported,
                    wordings: compared.wordings,
                    comparisons: compared.comparisons,
                    discrepancies: compared.discrepancies,
                    supporting_sources: evidence.supporting,
                    refuting_sources: evidence.refuting,
                    context_sources: evidence.context,
                    suggested_sources: evidence.suggested,
                };
                (analysis, supporting)
            })
            .unzip();
        // Per source, the claims that cite it and that it supports, in claim order: one pass
        // over the claims, not one per source.
        let mut cited_by: HashMap<&str, Vec<String>> = HashMap::new();
        let mut supports: HashMap<&str, Vec<String>> = HashMap::new();
        for claim in &project.claims {
            let mut sources: Vec<&str> =
                claim.citations.iter().map(|c| c.source.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            for source in sources {
                cited_by.entry(source).or_default().push(claim.id.clone());
            }
        }
        for (claim, sources) in claims.iter().zip(&supporting) {
            for source in sources {
                supports
                    .entry(source.as_str())
                    .or_default()
                    .push(claim.id.clone());
            }
        }
        let sources: Vec<SourceInfo> = corpus
            .sources
            .iter()
            .map(|s| SourceInfo {
                cited_by: cited_by.remove(s.id.as_str()).unwrap_or_default(),
                supports: supports.remove(s.id.as_str()).unwrap_or_default(),
                ..source_info(s)
            })
            .collect();
        let mut analysis = Analysis {
            schema_version: SCHEMA_VERSION,
            generator: Generator {
                name: env!("CARGO_PKG_NAME").to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
                // Checked by `report` before any work (an invalid value is an error there).
                date: report_date().ok(),
            },
            project: project_info(project),
            summary: summary(&claims, &sources),
            needs_attention: Vec::new(),
            sources,
            claims,
        };
        // What `check` finds with its default options (no claims.lock: that is `check`'s).
        let check = crate::check::check(project, corpus, &analysis, None, Default::default());
        analysis.needs_attention = crate::attention::needs_attention(&analysis, &check);
        analysis
    }
}

/// A claim's evidence by what it says of the claim (README, "Reviewed and suggested
/// evidence"): each list holds source ids, in citation (or rank) order, once.
struct Evidence {
    supporting: Vec<String>,
    refuting: Vec<String>,
    context: Vec<String>,
    suggested: Vec<String>,
}

impl Evidence {
    fn of(
        citations: &[CitationResult],
        hits: &[Hit],
        corpus: &Corpus,
        claim: &crate::project::Claim,
    ) -> Evidence {
        let mut e = Evidence {
            supporting: Vec::new(),
            refuting: Vec::new(),
            context: Vec::new(),
            suggested: Vec::new(),
        };
        let add = |list: &mut Vec<String>, id: &str| {
            if !list.iter().any(|x| x == id) {
                list.push(id.to_string());
            }
        };
        for c in citations.iter().filter(|c| c.status.holds()) {
            match c.stance {
                Stance::Supports if c.conflicts.is_empty() => add(&mut e.supporting, &c.source),
                Stance::Supports | Stance::Refutes => add(&mut e.refuting, &c.source),
                Stance::Context => add(&mut e.context, &c.source),
            }
        }
        // A source that refutes in one citation and supports in another is listed under both:
        // the reader sees both passages.
        for hit in hits.iter().filter(|h| h.coverage >= MIN_SUPPORT_COVERAGE) {
            let id = &corpus.sources[hit.id.source as usize].id;
            if !claim.citations.iter().any(|c| &c.source == id) {
                add(&mut e.suggested, id);
            }
        }
        e
    }
}

/// Each source's best wording of a claim: cited quotes that hold first, then retrieval's best
/// passage of every other source with support.
/// `--top` limits the suggestions: of the wordings the search found (not cited), the first
/// `top` are listed, and the comparisons between listed wordings. Support and discrepancies
/// were judged on all of them and stay: a disagreement is a finding, not a suggestion.
fn list_suggestions(compared: &mut compare::ClaimComparison, top: usize) {
    let mut found = 0;
    compared.wordings.retain(|w| {
        found += usize::from(!w.cited);
        w.cited || found <= top
    });
    let listed = |s: &String| compared.wordings.iter().any(|w| &w.source == s);
    let comparisons = std::mem::take(&mut compared.comparisons);
    compared.comparisons = comparisons
        .into_iter()
        .filter(|c| listed(&c.sources[0]) && listed(&c.sources[1]))
        .collect();
}

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

pub(crate) fn project_info(project: &Project) -> ProjectInfo {
    ProjectInfo {
        title: project.title.clone(),
        description: project.description.clone(),
        author: project.author.clone(),
        url: project.url.clone(),
        claims_file: project.path.to_string_lossy().replace('\\', "/"),
        sources_dir: project.sources_dir.clone(),
    }
}

fn summary(claims: &[ClaimAnalysis], sources: &[SourceInfo]) -> Summary {
    let citations = claims.iter().flat_map(|c| &c.citations);
    Summary {
        claims: claims.len(),
        sources: sources.len(),
        sources_unused: sources
            .iter()
            .filter(|s| s.cited_by.is_empty() && s.supports.is_empty())
            .count(),
        verdicts: Verdict::ALL
            .iter()
            .map(|&verdict| VerdictCount {
                verdict,
                count: claims.iter().filter(|c| c.verdict == verdict).count(),
            })
            .filter(|v| v.count > 0)
            .collect(),
        citations: citations.clone().count(),
        citations_holding: citations.filter(|c| c.status.holds()).count(),
        claims_without_citation: claims.iter().filter(|c| c.citations.is_empty()).count(),
        claims_without_support: claims
            .iter()
            .filter(|c| c.no_supporting_passage_found)
            .count(),
        discrepancies: claims.iter().map(|c| c.discrepancies.len()).sum(),
        supporting_sources: claims.iter().map(|c| c.supporting_sources.len()).sum(),
        refuting_sources: claims.iter().map(|c| c.refuting_sources.len()).sum(),
        suggested_sources: claims.iter().map(|c| c.suggested_sources.len()).sum(),
        citation_conflicts: claims
            .iter()
            .flat_map(|c| &c.citations)
            .map(|c| c.conflicts.len())
            .sum(),
    }
}

/// The report's date (UTC) as `YYYY-MM-DD`: the day of `SOURCE_DATE_EPOCH` when it is set, as
/// reproducible builds do (reproducible-builds.org: integer seconds since 1970-01-01 UTC),
/// else today's. An empty value counts as unset; any other value that is not such an integer
/// is an error, so that a typo cannot silently date a report by the clock.
pub(crate) fn report_date() -> Result<String, InputError> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => source_date_epoch(&value)?,
        Ok(_) | Err(std::env::VarError::NotPresent) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(invalid_epoch("a value that is not UTF-8"))
        }
    };
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// The latest `SOURCE_DATE_EPOCH` accepted: 9999-12-31T23:59:59Z, so that dates keep four digits.
const MAX_EPOCH: i64 = 253_402_300_799;

fn source_date_epoch(value: &str) -> Result<i64, InputError> {
    let digits = value.trim();
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse::<i64>().ok())
        .flatten()
        .filter(|&secs| secs <= MAX_EPOCH)
        .ok_or_else(|| invalid_epoch(&format!("{value:?}")))
}

fn invalid_epoch(what: &str) -> InputError {
    InputError::new(format!(
        "SOURCE_DATE_EPOCH is {what}, not a whole number of seconds since 1970-01-01 00:00 UTC"
    ))
    .help("set it to an integer such as `date +%s` or `git log -1 --format=%ct` prints, or unset it to date the report today")
}

/// Seconds since 1970-01-01 of midnight (UTC) of a `YYYY-MM-DD` date, for the PDF's creation
/// date; `None` for anything else.
pub(crate) fn epoch_of_date(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil, the inverse of `civil_from_days`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// What a source is, without the claims that cite it or that it supports.
fn source_info(s: &Source) -> SourceInfo {
    SourceInfo {
        id: s.id.clone(),
        file: s.file.clone(),
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        url: s.url.clone(),
        published: s.published.clone(),
        sha256: s.sha256.clone(),
        passages: s.body_passage_count(),
        cited_by: Vec::new(),
        supports: Vec::new(),
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
        page: source.page_at(passage.span.start),
        score: round3(hit.score),
        coverage: round3(hit.coverage),
        cited: false,
        conflicts: Vec::new(),
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
            source.page_at(found.span.start),
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
            page: s.page_at(f.span.start),
        }
    });
    let (line, column, page, passage, matched) = match located {
        Some((l, c, page, p, m)) => (Some(l), Some(c), page, Some(p), Some(m)),
        None => (None, None, None, None, None),
    };
    CitationResult {
        source: citation.source.clone(),
        quote: citation.quote.clone(),
        stance: citation.stance,
        note: citation.note.clone(),
        status: v.status,
        line,
        column,
        page,
        passage,
        matched,
        diff: v.found.as_ref().and_then(|f| f.diff.clone()),
        found_in,
        claims_line: project.line_col(citation.quote_span.start).0,
        near_miss_search: v.near_miss_cut_short,
        similarity: v
            .closest
            .map(|c| (c.similarity() * 1000.0).round() / 1000.0),
        // Filled in by the analysis, which compares the claim with the passage.
        conflicts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_is_whole_seconds() {
        assert_eq!(source_date_epoch("1767225600").unwrap(), 1_767_225_600);
        assert_eq!(source_date_epoch(" 0\n").unwrap(), 0);
        for bad in [
            "abc",
            "-5",
            "1.5",
            "1e9",
            "+7",
            "253402300800",
            "99999999999999999999",
        ] {
            let e = source_date_epoch(bad).unwrap_err().to_string();
            assert!(
                e.contains("SOURCE_DATE_EPOCH") && e.contains("seconds"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_991), (2024, 9, 25));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        for days in [-1, 0, 11_016, 19_991, 20_454] {
            let (y, m, d) = civil_from_days(days);
            let date = format!("{y:04}-{m:02}-{d:02}");
            assert_eq!(epoch_of_date(&date), Some(days * 86_400), "{date}");
        }
        assert_eq!(epoch_of_date("2026-13-01"), None);
        assert_eq!(epoch_of_date("today"), None);
    }
}
