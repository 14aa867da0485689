//! `factcheck check`: findings about claims and citations, and the formats CI reads.
//!
//! [`check`] asks the rules (`rules/`, where each rule's id, severity, description and wording
//! live together) for each claim's findings, and the lock rules for what drifted since
//! `claims.lock`; `types.rs` holds what they make ([`Finding`], [`CheckReport`]); `format.rs`
//! picks the format, one file each (`human`, `json`, `github`, `sarif`, `junit`,
//! `summary`).

mod rules;
mod types;
pub(crate) use rules::Rule;
pub(crate) use types::*;

pub(crate) mod format;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod summary;

use crate::analysis::Analysis;
use crate::corpus::Corpus;
use crate::lock::Drift;
use crate::project::Project;

#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckOptions {
    /// Warn when a claim is cited by fewer distinct sources (whose quotes hold).
    pub min_sources: usize,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// `--locked`: a source changed since `claims.lock` is an error, and so is a lock that does
    /// not cover the citations (`lock-outdated`).
    pub locked: bool,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            min_sources: 1,
            deny_warnings: false,
            locked: false,
        }
    }
}

/// Turn an analysis into findings located in the claims file: for each claim, what the claim
/// and quote rules find (`check/rules/`), then what the lock rules find in `drift`, what
/// changed since `claims.lock` (none without one).
pub(crate) fn check(
    project: &Project,
    corpus: &Corpus,
    analysis: &Analysis,
    drift: Option<&Drift>,
    options: CheckOptions,
) -> CheckReport {
    let cx = rules::Context {
        project,
        corpus,
        options,
    };
    let mut drift = drift
        .map(|d| rules::lock::findings(&cx, d))
        .unwrap_or_default()
        .into_iter()
        .peekable();
    let mut findings = Vec::new();
    let mut claims = Vec::new();
    for (i, (claim, result)) in project.claims.iter().zip(&analysis.claims).enumerate() {
        let first = findings.len();
        findings.extend(rules::claim_findings(&cx, claim, result));
        while let Some((_, finding)) = drift.next_if(|(of, _)| *of == Some(i)) {
            findings.push(finding);
        }
        // The claim's `allow` covers all its findings; a citation's, that citation's (marked
        // by `claim_findings`).
        for finding in &mut findings[first..] {
            finding.suppressed |= claim.allow.iter().any(|id| id == finding.rule.id());
        }
        claims.push(ClaimOutcome {
            id: claim.id.clone(),
            text: claim.text.clone(),
            region: cx.region(claim.id_span.clone()),
            findings: (first..findings.len()).collect(),
        });
    }
    // Anchors of claims no longer in the file still deserve a word.
    findings.extend(drift.filter(|(of, _)| of.is_none()).map(|(_, f)| f));
    CheckReport::new(
        project.path.to_string_lossy().replace('\\', "/"),
        claims,
        findings,
    )
}

/// The lock rules' findings alone (`source-changed`, and under `--locked` `lock-outdated`), in
/// claims-file order: what [`check`] reports of `drift`.
#[cfg(test)]
pub(crate) fn lock_findings(
    project: &Project,
    corpus: &Corpus,
    drift: &Drift,
    options: CheckOptions,
) -> Vec<Finding> {
    let cx = rules::Context {
        project,
        corpus,
        options,
    };
    rules::lock::findings(&cx, drift)
        .into_iter()
        .map(|(_, f)| f)
        .collect()
}

impl CheckReport {
    /// How the run ends for CI: with findings when any of them fails.
    pub(crate) fn exit_code(&self) -> crate::exit::Exit {
        if self.errors > 0 {
            crate::exit::Exit::Findings
        } else {
            crate::exit::Exit::Ok
        }
    }
}
