//! What needs an editor's attention, first in every report: one line per problem, naming the
//! claim and what is wrong, most serious kind first. The problems are what `check` finds (its
//! rules' own words) and what only the analysis knows: discrepancies between sources, claims
//! no passage supports, claims without a verdict.
//!
//! A new kind of problem is one more [`AttentionKind`] (its place in the enum is its place in
//! the list) and one more loop in [`needs_attention`].

use serde::{Deserialize, Serialize};

use crate::check::{CheckReport, Rule, Severity};
use crate::model::{Analysis, Verdict};

/// The kinds of problem, most serious first: the order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttentionKind {
    /// A citation whose quote does not hold: not found, a near miss, in another source, or of
    /// an unknown source (the `check` errors about quotes).
    CitationFails,
    /// A `supports` citation that holds but says something other than the claim
    /// (`citation-contradicts-claim`).
    Conflict,
    /// A claim that cites no source (`no-citation`).
    Uncited,
    /// Any other `check` error (`lock-outdated`, a warning under `--deny warnings` ...).
    CheckError,
    /// Two sources disagree on a number, quantity, date or name.
    Discrepancy,
    /// A passage found by search, in a source the claim does not cite, that says something
    /// other than the claim: not reviewed, so a warning to look at, not an error.
    PossibleContradiction,
    /// A `check` warning (`quote-elided`, `too-few-sources`, `source-changed`).
    CheckWarning,
    /// Even the best passage of the sources matches too little of the claim to support it.
    NoSupportingPassage,
    /// The claim has no verdict yet (`verdict = "unverified"`).
    Unverified,
}

impl AttentionKind {
    /// A short label for a table cell.
    pub fn label(self) -> &'static str {
        match self {
            AttentionKind::CitationFails => "citation does not hold",
            AttentionKind::Conflict => "citation contradicts the claim",
            AttentionKind::Uncited => "no citation",
            AttentionKind::CheckError => "check error",
            AttentionKind::Discrepancy => "sources disagree",
            AttentionKind::PossibleContradiction => "possible contradiction",
            AttentionKind::CheckWarning => "check warning",
            AttentionKind::NoSupportingPassage => "no supporting passage",
            AttentionKind::Unverified => "unverified",
        }
    }

    /// Whether `check` counts it as an error (red in the PDF).
    pub fn is_error(self) -> bool {
        matches!(
            self,
            AttentionKind::CitationFails
                | AttentionKind::Conflict
                | AttentionKind::Uncited
                | AttentionKind::CheckError
        )
    }
}

/// One line of "Needs attention".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attention {
    pub kind: AttentionKind,
    /// The claim's id; null for a `check` finding about no claim in the file (a
    /// `claims.lock` entry of a claim that is gone).
    pub claim: Option<String>,
    /// Line in the claims file (of the quote, the source id or the claim).
    pub line: usize,
    /// The `check` rule, for the kinds that come from `check`.
    pub rule: Option<String>,
    /// The problem in one line.
    pub problem: String,
}

fn citation_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::QuoteNotFound | Rule::QuoteNearMiss | Rule::WrongSource | Rule::UnknownSource
    )
}

/// The "Needs attention" list of `analysis`, with the findings of `check` (`report` checks
/// with the default options; `check` passes its own run's). Most serious kind first, then in
/// claims-file order.
pub(crate) fn needs_attention(analysis: &Analysis, check: &CheckReport) -> Vec<Attention> {
    let mut items = Vec::new();
    // An allowed finding is accepted by the project: nothing to attend to.
    // Nor is a note (a quote intact in a changed source, under `--locked`).
    for f in check
        .findings
        .iter()
        .filter(|f| !f.suppressed && f.severity != Severity::Note)
    {
        let kind = match (f.rule, f.severity) {
            (Rule::NoCitation, _) => AttentionKind::Uncited,
            (Rule::CitationContradictsClaim, _) => AttentionKind::Conflict,
            (rule, Severity::Error) if citation_rule(rule) => AttentionKind::CitationFails,
            (_, Severity::Error) => AttentionKind::CheckError,
            (_, Severity::Warning | Severity::Note) => AttentionKind::CheckWarning,
        };
        let known = analysis.claims.iter().any(|c| c.id == f.claim);
        items.push(Attention {
            kind,
            claim: known.then(|| f.claim.clone()),
            line: f.region.line,
            rule: Some(f.rule.id().to_string()),
            problem: f.message.clone(),
        });
    }
    for claim in &analysis.claims {
        let item = |kind, problem: String| Attention {
            kind,
            claim: Some(claim.id.clone()),
            line: claim.line,
            rule: None,
            problem,
        };
        for d in &claim.discrepancies {
            let what = serde_json::to_value(d.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "fact".to_string());
            items.push(item(
                AttentionKind::Discrepancy,
                format!(
                    "{}: {} says “{}”, {} says “{}”",
                    what.replace('-', " "),
                    d.sources[0],
                    d.a,
                    d.sources[1],
                    d.b
                ),
            ));
        }
        for m in claim.matches.iter().filter(|m| !m.cited) {
            for c in &m.conflicts {
                items.push(item(
                    AttentionKind::PossibleContradiction,
                    format!(
                        "found by search in {} (line {}), not reviewed: {}",
                        m.source, m.line, c.detail
                    ),
                ));
            }
        }
        if claim.no_supporting_passage_found {
            items.push(item(
                AttentionKind::NoSupportingPassage,
                "no passage of the sources matches a fifth of the claim's words".to_string(),
            ));
        }
        if claim.verdict == Verdict::Unverified {
            items.push(item(
                AttentionKind::Unverified,
                "the claim has no verdict yet".to_string(),
            ));
        }
    }
    let order: Vec<&str> = analysis.claims.iter().map(|c| c.id.as_str()).collect();
    let claim_index = |a: &Attention| {
        a.claim
            .as_deref()
            .and_then(|id| order.iter().position(|o| *o == id))
            .unwrap_or(usize::MAX)
    };
    // Stable: within a kind and a claim, the order the rules and the analysis gave.
    items.sort_by_key(|a| (a.kind, claim_index(a)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_ordered_most_serious_first() {
        assert!(AttentionKind::CitationFails < AttentionKind::Discrepancy);
        assert!(AttentionKind::Discrepancy < AttentionKind::Unverified);
        assert!(AttentionKind::CitationFails < AttentionKind::Conflict);
        assert!(AttentionKind::Discrepancy < AttentionKind::PossibleContradiction);
        assert!(AttentionKind::Conflict.is_error());
        assert!(!AttentionKind::PossibleContradiction.is_error());
        assert!(AttentionKind::Uncited.is_error());
        assert!(!AttentionKind::CheckWarning.is_error());
        let json = serde_json::to_string(&AttentionKind::NoSupportingPassage).unwrap();
        assert_eq!(json, "\"no-supporting-passage\"");
    }
}
