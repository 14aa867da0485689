//! `factcheck check`: findings about claims and citations, and the formats CI reads.

mod rules;
mod types;
pub use rules::Rule;
pub use types::*;

pub mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::analysis::Analysis;
use crate::corpus::Corpus;
use crate::lock::Notice;
use crate::project::Project;

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

/// Turn an analysis into findings located in the claims file: for each claim, what the claim
/// and quote rules find ([`rules`]), then its drift since `claims.lock`.
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
    let cx = rules::Context {
        project,
        corpus,
        options,
    };
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    for (claim, result) in project.claims.iter().zip(&analysis.claims) {
        let first = findings.len();
        findings.extend(rules::claim_findings(&cx, claim, result));
        for notice in drift.iter().filter(|n| n.claim == claim.id) {
            findings.push(rules::lock::finding(&cx, notice));
        }
        claims.push(ClaimOutcome {
            id: claim.id.clone(),
            text: claim.text.clone(),
            region: cx.region(claim.id_span.clone()),
            findings: (first..findings.len()).collect(),
        });
    }
    // Anchors of claims no longer in the file still deserve a word.
    for notice in drift
        .iter()
        .filter(|n| !project.claims.iter().any(|c| c.id == n.claim))
    {
        findings.push(rules::lock::finding(&cx, notice));
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
