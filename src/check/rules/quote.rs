//! Rules about one citation's quote, by how its verification came out: `quote-elided`,
//! `unknown-source`, `wrong-source`, `quote-not-found`, `quote-near-miss`. A quote that holds
//! exactly or after normalisation has no finding.

use super::{citation_key, Context, Rule, RuleInfo};
use crate::analysis::CitationResult;
use crate::check::{Finding, Severity};
use crate::error::quoted_list;
use crate::project::Citation;
use crate::quote::QuoteStatus;

/// One citation of one claim, with how its quote was verified.
struct Quote<'a> {
    cx: &'a Context<'a>,
    claim: &'a str,
    citation: &'a Citation,
    verified: &'a CitationResult,
}

impl Quote<'_> {
    /// A finding about this citation: keyed by its source and quote.
    fn finding(&self, rule: Rule, span: std::ops::Range<usize>) -> Finding {
        let key = citation_key(&self.citation.source, &self.citation.quote);
        self.cx.finding(rule, self.claim, span, &key)
    }

    /// Where else the quote is, as a note.
    fn elsewhere(&self) -> Option<String> {
        self.verified.found_in.as_ref().map(|p| {
            format!(
                "the quote is in source \"{}\" at line {}, column {}",
                p.source, p.line, p.column
            )
        })
    }
}

/// The finding of the rule the citation's verification falls under, if any.
pub(super) fn finding(
    cx: &Context,
    claim: &str,
    citation: &Citation,
    verified: &CitationResult,
) -> Option<Finding> {
    let q = Quote {
        cx,
        claim,
        citation,
        verified,
    };
    match verified.status {
        QuoteStatus::Exact | QuoteStatus::Normalized => None,
        QuoteStatus::Elided => Some(quote_elided(&q)),
        QuoteStatus::UnknownSource => Some(unknown_source(&q)),
        QuoteStatus::NotFound if verified.found_in.is_some() => Some(wrong_source(&q)),
        QuoteStatus::NotFound => Some(quote_not_found(&q)),
        QuoteStatus::NearMiss => Some(quote_near_miss(&q)),
    }
}

pub(super) const QUOTE_ELIDED: RuleInfo = RuleInfo {
    id: "quote-elided",
    severity: Severity::Warning,
    description: "A quote matches its source only across \"...\" elisions.",
};

fn quote_elided(q: &Quote) -> Finding {
    let (citation, verified) = (q.citation, q.verified);
    let pieces =
        q.cx.source_place(&citation.source, verified.line, verified.column)
            .map(|place| {
                format!(
                    "the pieces start at {}:{}:{}",
                    place.path, place.line, place.column
                )
            });
    q.finding(Rule::QuoteElided, citation.quote_span.clone())
        .message(format!(
            "quote in claim \"{}\" matches \"{}\" only across \"...\" elisions",
            q.claim, citation.source
        ))
        .label("found in pieces")
        .notes(pieces)
        .help("check that the elision does not change the meaning; quote a continuous passage to silence this")
}

pub(super) const UNKNOWN_SOURCE: RuleInfo = RuleInfo {
    id: "unknown-source",
    severity: Severity::Error,
    description: "A citation names a source that does not exist.",
};

fn unknown_source(q: &Quote) -> Finding {
    let citation = q.citation;
    let known: Vec<&str> = q.cx.corpus.sources.iter().map(|s| s.id.as_str()).collect();
    let help = match closest(&citation.source, &known) {
        Some(near) => format!(
            "did you mean \"{near}\"? known sources: {}",
            quoted_list(&known)
        ),
        None => format!("known sources: {}", quoted_list(&known)),
    };
    q.finding(Rule::UnknownSource, citation.source_span.clone())
        .message(format!(
            "claim \"{}\" cites unknown source \"{}\"",
            q.claim, citation.source
        ))
        .label("no source has this id")
        .notes(q.elsewhere())
        .help(help)
}

pub(super) const WRONG_SOURCE: RuleInfo = RuleInfo {
    id: "wrong-source",
    severity: Severity::Error,
    description: "A quoted passage occurs in another source than the one cited.",
};

/// Only for a quote found elsewhere (`found_in`).
fn wrong_source(q: &Quote) -> Finding {
    let citation = q.citation;
    let there = q
        .verified
        .found_in
        .as_ref()
        .expect("the quote is elsewhere");
    q.finding(Rule::WrongSource, citation.source_span.clone())
        .message(format!(
            "quote in claim \"{}\" is not in \"{}\" but in \"{}\"",
            q.claim, citation.source, there.source
        ))
        .label(format!("the quote is in \"{}\"", there.source))
        .source_place(q.cx.source_place(&there.source, Some(there.line), Some(there.column)))
        .notes(q.elsewhere())
        .help(format!("cite source = \"{}\"", there.source))
}

pub(super) const QUOTE_NOT_FOUND: RuleInfo = RuleInfo {
    id: "quote-not-found",
    severity: Severity::Error,
    description: "A quoted passage does not occur in its source.",
};

fn quote_not_found(q: &Quote) -> Finding {
    let citation = q.citation;
    q.finding(Rule::QuoteNotFound, citation.quote_span.clone())
        .message(format!(
            "quote in claim \"{}\" not found in \"{}\"",
            q.claim, citation.source
        ))
        .label(format!("not in {}", citation.source))
        .help("copy the quote from the source verbatim; \"...\" may stand for left-out words")
}

pub(super) const QUOTE_NEAR_MISS: RuleInfo = RuleInfo {
    id: "quote-near-miss",
    severity: Severity::Error,
    description: "A quoted passage differs from its source by a few words.",
};

fn quote_near_miss(q: &Quote) -> Finding {
    let (citation, verified) = (q.citation, q.verified);
    let diff = verified.diff.as_ref();
    q.finding(Rule::QuoteNearMiss, citation.quote_span.clone())
        .message(format!(
            "quote in claim \"{}\" differs from \"{}\"",
            q.claim, citation.source
        ))
        .label("not verbatim")
        .source_place(q.cx.source_place(&citation.source, verified.line, verified.column))
        .notes(diff.map(|d| format!("quote vs source: {}", crate::diff::plain(d))))
        .diff(diff.cloned())
        .help("correct the quote to the source's words, or cite the source that has them")
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
