//! `factcheck check`: findings about claims and citations, and the formats CI reads.

mod types;
pub use types::*;

pub mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::corpus::Corpus;
use crate::error::quoted_list;
use crate::lock::Notice;
use crate::project::Project;
use crate::quote::QuoteStatus;

#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Warn when a claim is cited by fewer distinct sources (whose quotes hold).
    pub min_sources: usize,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            min_sources: 1,
            deny_warnings: false,
        }
    }
}

/// Turn an analysis into findings located in the claims file.
///
/// `drift` holds what changed since `claims.lock` (see [`crate::lock::notices`]); each notice
/// becomes a finding of the claim it names.
pub fn check(
    project: &Project,
    corpus: &Corpus,
    analysis: &Analysis,
    drift: &[Notice],
    options: CheckOptions,
) -> CheckReport {
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    let region = |span: Range<usize>| region(project, span);
    for (claim, result) in project.claims.iter().zip(&analysis.claims) {
        let first = findings.len();
        let new = |rule: Rule, span: Range<usize>, message: String, label: String, key: &str| {
            let severity = match rule.default_severity() {
                Severity::Warning if options.deny_warnings => Severity::Error,
                s => s,
            };
            Finding {
                rule,
                severity,
                claim: claim.id.clone(),
                message,
                region: region(span),
                label,
                notes: Vec::new(),
                help: None,
                source_place: None,
                diff: None,
                fingerprint: fingerprint(rule, &claim.id, key),
            }
        };
        if claim.citations.is_empty() {
            let mut f = new(
                Rule::NoCitation,
                claim.id_span.clone(),
                format!("claim \"{}\" cites no source", claim.id),
                "this claim has no [[claims.citations]]".into(),
                "",
            );
            f.help = Some("add a [[claims.citations]] table with `source` and a verbatim `quote` after this claim (`factcheck search \"...\"` finds candidate passages)".into());
            findings.push(f);
        }
        for (citation, cr) in claim.citations.iter().zip(&result.citations) {
            let key = format!("{}\u{0}{}", citation.source, citation.quote);
            let elsewhere = cr.found_in.as_ref().map(|p| {
                format!(
                    "the quote is in source \"{}\" at line {}, column {}",
                    p.source, p.line, p.column
                )
            });
            match cr.status {
                QuoteStatus::Exact | QuoteStatus::Normalized => {}
                QuoteStatus::Elided => {
                    let mut f = new(
                        Rule::QuoteElided,
                        citation.quote_span.clone(),
                        format!(
                            "quote in claim \"{}\" matches \"{}\" only across \"...\" elisions",
                            claim.id, citation.source
                        ),
                        "found in pieces".into(),
                        &key,
                    );
                    if let Some(place) = source_place(corpus, &citation.source, cr.line, cr.column)
                    {
                        f.notes.push(format!(
                            "the pieces start at {}:{}:{}",
                            place.path,
                            place.line,
                            cr.column.unwrap_or(1)
                        ));
                    }
                    f.help = Some("check that the elision does not change the meaning; quote a continuous passage to silence this".into());
                    findings.push(f);
                }
                QuoteStatus::UnknownSource => {
                    let known: Vec<&str> = corpus.sources.iter().map(|s| s.id.as_str()).collect();
                    let mut f = new(
                        Rule::UnknownSource,
                        citation.source_span.clone(),
                        format!(
                            "claim \"{}\" cites unknown source \"{}\"",
                            claim.id, citation.source
                        ),
                        "no source has this id".into(),
                        &key,
                    );
                    if let Some(e) = elsewhere {
                        f.notes.push(e);
                    }
                    f.help = Some(match closest(&citation.source, &known) {
                        Some(near) => {
                            format!(
                                "did you mean \"{near}\"? known sources: {}",
                                quoted_list(&known)
                            )
                        }
                        None => format!("known sources: {}", quoted_list(&known)),
                    });
                    findings.push(f);
                }
                QuoteStatus::NotFound if cr.found_in.is_some() => {
                    let p = cr.found_in.as_ref().unwrap();
                    let mut f = new(
                        Rule::WrongSource,
                        citation.source_span.clone(),
                        format!(
                            "quote in claim \"{}\" is not in \"{}\" but in \"{}\"",
                            claim.id, citation.source, p.source
                        ),
                        format!("the quote is in \"{}\"", p.source),
                        &key,
                    );
                    f.source_place = source_place(corpus, &p.source, Some(p.line), Some(p.column));
                    f.notes.push(elsewhere.unwrap_or_default());
                    f.help = Some(format!("cite source = \"{}\"", p.source));
                    findings.push(f);
                }
                QuoteStatus::NotFound => {
                    let mut f = new(
                        Rule::QuoteNotFound,
                        citation.quote_span.clone(),
                        format!(
                            "quote in claim \"{}\" not found in \"{}\"",
                            claim.id, citation.source
                        ),
                        format!("not in {}", citation.source),
                        &key,
                    );
                    f.help = Some("copy the quote from the source verbatim; \"...\" may stand for left-out words".into());
                    findings.push(f);
                }
                QuoteStatus::NearMiss => {
                    let mut f = new(
                        Rule::QuoteNearMiss,
                        citation.quote_span.clone(),
                        format!(
                            "quote in claim \"{}\" differs from \"{}\"",
                            claim.id, citation.source
                        ),
                        "not verbatim".into(),
                        &key,
                    );
                    f.source_place = source_place(corpus, &citation.source, cr.line, cr.column);
                    if let Some(diff) = &cr.diff {
                        f.notes
                            .push(format!("quote vs source: {}", crate::diff::plain(diff)));
                        f.diff = Some(diff.clone());
                    }
                    f.help = Some(
                        "correct the quote to the source's words, or cite the source that has them"
                            .into(),
                    );
                    findings.push(f);
                }
            }
        }
        let distinct: std::collections::BTreeSet<&str> = claim
            .citations
            .iter()
            .zip(&result.citations)
            .filter(|(_, r)| r.status.holds())
            .map(|(c, _)| c.source.as_str())
            .collect();
        if !claim.citations.is_empty() && distinct.len() < options.min_sources {
            let mut f = new(
                Rule::TooFewSources,
                claim.id_span.clone(),
                format!(
                    "claim \"{}\" is cited by {} source{}, fewer than {}",
                    claim.id,
                    distinct.len(),
                    if distinct.len() == 1 { "" } else { "s" },
                    options.min_sources
                ),
                format!(
                    "{} distinct source{}",
                    distinct.len(),
                    if distinct.len() == 1 { "" } else { "s" }
                ),
                "",
            );
            f.help =
                Some("add citations from other sources (`factcheck search` finds them)".into());
            findings.push(f);
        }
        for notice in drift.iter().filter(|n| n.claim == claim.id) {
            findings.push(drift_finding(project, corpus, notice, options));
        }
        claims.push(ClaimOutcome {
            id: claim.id.clone(),
            text: claim.text.clone(),
            region: region(claim.id_span.clone()),
            findings: (first..findings.len()).collect(),
        });
    }
    // Anchors of claims no longer in the file still deserve a word.
    for notice in drift
        .iter()
        .filter(|n| !project.claims.iter().any(|c| c.id == n.claim))
    {
        findings.push(drift_finding(project, corpus, notice, options));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    CheckReport {
        claims_file: project.path.to_string_lossy().replace('\\', "/"),
        claims,
        findings,
        errors,
        warnings,
    }
}

fn drift_finding(project: &Project, corpus: &Corpus, n: &Notice, options: CheckOptions) -> Finding {
    let rule = if n.rule == crate::lock::RULE_LOCK_OUTDATED {
        Rule::LockOutdated
    } else {
        Rule::SourceChanged
    };
    let severity = if n.error || options.deny_warnings {
        Severity::Error
    } else {
        rule.default_severity()
    };
    Finding {
        rule,
        severity,
        claim: n.claim.clone(),
        message: n.message.clone(),
        region: region(project, n.span.clone()),
        label: n.label.clone(),
        notes: n.notes.clone(),
        help: Some(n.help.clone()),
        source_place: n
            .source_place
            .as_ref()
            .and_then(|(id, line, column)| source_place(corpus, id, Some(*line), Some(*column))),
        diff: n.diff.clone(),
        fingerprint: fingerprint(rule, &n.claim, &n.key),
    }
}

impl CheckReport {
    /// How the run ends for CI: with findings when any of them fails.
    pub fn exit_code(&self) -> crate::exit::Exit {
        if self.errors > 0 {
            crate::exit::Exit::Findings
        } else {
            crate::exit::Exit::Ok
        }
    }
}

fn region(project: &Project, span: Range<usize>) -> Region {
    let (line, column) = project.line_col(span.start);
    let (end_line, end_column) = project.line_col(span.end);
    Region {
        line,
        column,
        end_line,
        end_column,
        span,
    }
}

fn source_place(
    corpus: &Corpus,
    id: &str,
    line: Option<usize>,
    column: Option<usize>,
) -> Option<SourcePlace> {
    let source = corpus.source(id)?;
    let line = line?;
    Some(SourcePlace {
        source: id.to_string(),
        path: source.path.to_string_lossy().replace('\\', "/"),
        line,
        column: column.unwrap_or(1),
        line_text: source.lines.line(&source.text, line).to_string(),
    })
}

/// Stable across runs and edits elsewhere in the file: no line numbers in it.
fn fingerprint(rule: Rule, claim: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{}\u{0}{claim}\u{0}{key}", rule.id()).as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The known id closest to a misspelt one, if it is close.
fn closest<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (similar::TextDiff::from_chars(id, *k).ratio(), *k))
        .filter(|(r, _)| *r >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k)
}
