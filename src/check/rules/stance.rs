//! Rules about what the evidence says of the claim: `citation-contradicts-claim` (a
//! `supports` citation whose passage conflicts with the claim), `verdict-without-support`
//! and `verdict-without-refutation` (a verdict the reviewed evidence does not back).

use super::{citation_key, Context, Rule, RuleInfo};
use crate::analysis::{CitationResult, ClaimAnalysis};
use crate::check::{Finding, Severity};
use crate::project::{Citation, Claim, Stance, Verdict};

pub(super) const CITATION_CONTRADICTS_CLAIM: RuleInfo = RuleInfo {
    id: "citation-contradicts-claim",
    severity: Severity::Error,
    description: "A citation marked as support holds but says something the claim contradicts.",
    name: "CitationContradictsClaim",
    full_description: "A citation marked `stance = \"supports\"` holds, but its passage says something the claim contradicts (a number, date, ordinal, quantifier, negation or name).",
    fix: "If the source refutes the claim, mark the citation `stance = \"refutes\"`; if the claim misstates the source, correct the claim's text.",
};

/// A `supports` citation that holds and conflicts with the claim, marked at its quote.
pub(super) fn citation_contradicts_claim(
    cx: &Context,
    claim: &Claim,
    citation: &Citation,
    verified: &CitationResult,
) -> Option<Finding> {
    if citation.stance != Stance::Supports
        || !verified.status.holds()
        || verified.conflicts.is_empty()
    {
        return None;
    }
    let first = &verified.conflicts[0];
    let key = citation_key(&citation.source, citation.quote.as_deref().unwrap_or(""));
    let notes = verified
        .conflicts
        .iter()
        .map(|c| format!("{} conflict: {}", c.kind.as_str(), c.detail));
    let finding = cx
        .finding(
            Rule::CitationContradictsClaim,
            &claim.id,
            citation.quote_span.clone(),
            &key,
        )
        .message(format!(
            "claim \"{}\" says “{}” where its source \"{}\" says “{}”",
            claim.id, first.claim, citation.source, first.source
        ))
        .label(format!("{} conflict with the claim", first.kind.as_str()))
        .notes(notes)
        .source_place(
            cx.source_place(&citation.source, verified.line, verified.column)
                .map(|p| p.spanning(verified.matched.as_deref().unwrap_or(""))),
        )
        .help("if the source refutes the claim, mark the citation `stance = \"refutes\"`; if the claim misstates it, correct the claim's text");
    Some(finding)
}

pub(super) const VERDICT_WITHOUT_SUPPORT: RuleInfo = RuleInfo {
    id: "verdict-without-support",
    severity: Severity::Error,
    description: "A claim marked supported has no holding supports citation free of conflicts.",
    name: "VerdictWithoutSupport",
    full_description: "A claim's verdict is `supported` or `partly-supported`, but none of its citations is `stance = \"supports\"`, holds and is free of conflicts with the claim.",
    fix: "Cite a passage that says what the claim says, or change the verdict.",
};

/// Verdict `supported` or `partly-supported` with no supporting source, marked at the claim's id.
pub(super) fn verdict_without_support(
    cx: &Context,
    claim: &Claim,
    analysis: &ClaimAnalysis,
) -> Option<Finding> {
    if !matches!(claim.verdict, Verdict::Supported | Verdict::PartlySupported)
        || claim.citations.is_empty()
        || !analysis.supporting_sources.is_empty()
    {
        return None;
    }
    let finding = cx
        .finding(Rule::VerdictWithoutSupport, &claim.id, claim.id_span.clone(), "")
        .message(format!(
            "claim \"{}\" is marked {} but no citation supports it: none is `stance = \"supports\"`, holds and is free of conflicts",
            claim.id, claim.verdict
        ))
        .label(format!("verdict {}", claim.verdict))
        .help("cite a source that says what the claim says, or change the verdict");
    Some(finding)
}

pub(super) const VERDICT_WITHOUT_REFUTATION: RuleInfo = RuleInfo {
    id: "verdict-without-refutation",
    severity: Severity::Warning,
    description: "A claim marked unsupported or disputed has no holding refutes citation.",
    name: "VerdictWithoutRefutation",
    full_description: "A claim's verdict is `unsupported` or `disputed`, but none of its citations is a holding `stance = \"refutes\"` citation.",
    fix: "Cite the passage that contradicts the claim with `stance = \"refutes\"` (or `\"context\"` for one that only frames it), or change the verdict.",
};

/// Verdict `unsupported` or `disputed` with no holding `refutes` citation, marked at the
/// claim's id.
pub(super) fn verdict_without_refutation(
    cx: &Context,
    claim: &Claim,
    analysis: &ClaimAnalysis,
) -> Option<Finding> {
    if !matches!(claim.verdict, Verdict::Unsupported | Verdict::Disputed)
        || claim.citations.is_empty()
    {
        return None;
    }
    let refuted = claim
        .citations
        .iter()
        .zip(&analysis.citations)
        .any(|(c, r)| c.stance == Stance::Refutes && r.status.holds());
    if refuted {
        return None;
    }
    let finding = cx
        .finding(Rule::VerdictWithoutRefutation, &claim.id, claim.id_span.clone(), "")
        .message(format!(
            "claim \"{}\" is marked {} but no citation refutes it",
            claim.id, claim.verdict
        ))
        .label(format!("verdict {}", claim.verdict))
        .help("cite the passage that contradicts the claim with `stance = \"refutes\"` (or `\"context\"` for one that only frames it)");
    Some(finding)
}
