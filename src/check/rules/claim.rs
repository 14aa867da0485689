//! Rules about a claim's citations as a whole: `no-citation`, `too-few-sources`.

use std::collections::BTreeSet;

use super::{Context, Rule, RuleInfo};
use crate::check::{Finding, Severity};
use crate::project::Claim;

pub(super) const NO_CITATION: RuleInfo = RuleInfo {
    id: "no-citation",
    severity: Severity::Error,
    description: "A claim cites no source.",
};

/// A claim with no `[[claims.citations]]`, marked at its id.
pub(super) fn no_citation(cx: &Context, claim: &Claim) -> Option<Finding> {
    if !claim.citations.is_empty() {
        return None;
    }
    let finding = cx
        .finding(Rule::NoCitation, &claim.id, claim.id_span.clone(), "")
        .message(format!("claim \"{}\" cites no source", claim.id))
        .label("this claim has no [[claims.citations]]")
        .help("add a [[claims.citations]] table with `source` and a verbatim `quote` after this claim (`factcheck search \"...\"` finds candidate passages)");
    Some(finding)
}

pub(super) const TOO_FEW_SOURCES: RuleInfo = RuleInfo {
    id: "too-few-sources",
    severity: Severity::Warning,
    description: "A claim is cited by fewer distinct sources than required.",
};

/// A claim with citations of fewer distinct sources than `--min-sources`, counted as written:
/// a citation whose quote fails has its own finding (`quote-not-found`, `wrong-source`, ...),
/// and counting it out here would report the one problem twice.
pub(super) fn too_few_sources(cx: &Context, claim: &Claim) -> Option<Finding> {
    let distinct: BTreeSet<&str> = claim.citations.iter().map(|c| c.source.as_str()).collect();
    let wanted = cx.options.min_sources;
    if claim.citations.is_empty() || distinct.len() >= wanted {
        return None;
    }
    let (n, s) = (distinct.len(), if distinct.len() == 1 { "" } else { "s" });
    let finding = cx
        .finding(Rule::TooFewSources, &claim.id, claim.id_span.clone(), "")
        .message(format!(
            "claim \"{}\" is cited by {n} source{s}, fewer than {wanted}",
            claim.id
        ))
        .label(format!("{n} distinct source{s}"))
        .help("add citations from other sources (`factcheck search` finds them)");
    Some(finding)
}
