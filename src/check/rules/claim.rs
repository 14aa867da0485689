//! Rules about a claim's citations as a whole: `no-citation`, `too-few-sources`.

use std::collections::BTreeSet;

use super::{Context, Rule, RuleInfo};
use crate::check::{Finding, Severity};
use crate::project::Claim;

pub(super) const NO_CITATION: RuleInfo = RuleInfo {
    id: "no-citation",
    severity: Severity::Error,
    description: "A claim cites no source.",
    name: "NoCitation",
    full_description: "A claim in claims.toml has no `[[claims.citations]]` table, so nothing in the sources backs it and the fact-check cannot show where it comes from. Every claim must cite at least one source.",
    fix: "Add a `[[claims.citations]]` table after the claim with the source's id in `source` and the source's own words in `quote`; `factcheck search \"...\"` and `factcheck cite` find candidate passages.",
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
    name: "TooFewSources",
    full_description: "A claim's citations name fewer distinct sources than `--min-sources` asks for. Sources are counted as written: a citation whose quote fails has a finding of its own and still counts.",
    fix: "Cite the claim from more independent sources (`factcheck search` finds passages in the others), or lower `--min-sources` if one source is enough for this project.",
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
