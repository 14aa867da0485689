//! Rules about one citation's quote, by how its verification came out: `quote-elided`,
//! `unknown-source`, `wrong-source`, `quote-not-found`, `quote-near-miss`, `citation-without-quote`.
//! A quote that holds
//! exactly or after normalisation has no finding.

use super::{citation_key, Context, Rule, RuleInfo};
use crate::analysis::CitationResult;
use crate::check::{Finding, Severity, SourcePlace};
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
    /// A finding about this citation that marks its quote in claims.toml.
    fn at_quote(&self, rule: Rule) -> Finding {
        self.finding(rule, self.citation.quote_span.clone())
    }

    /// A finding about this citation that marks its source id in claims.toml.
    fn at_source(&self, rule: Rule) -> Finding {
        self.finding(rule, self.citation.source_span.clone())
    }

    /// Keyed by the citation's source and quote.
    fn finding(&self, rule: Rule, span: std::ops::Range<usize>) -> Finding {
        let key = citation_key(
            &self.citation.source,
            self.citation.quote.as_deref().unwrap_or(""),
        );
        self.cx.finding(rule, self.claim, span, &key)
    }

    /// The line of the cited source where the quote, or its closest passage, starts.
    fn found_at(&self) -> Option<SourcePlace> {
        let (line, column) = (self.verified.line, self.verified.column);
        let place = self.cx.source_place(&self.citation.source, line, column)?;
        Some(match &self.verified.matched {
            Some(words) => place.spanning(words),
            None => place,
        })
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
        QuoteStatus::Unquoted => Some(citation_without_quote(&q)),
        QuoteStatus::UnknownSource => Some(unknown_source(&q)),
        QuoteStatus::WrongSource => Some(wrong_source(&q)),
        QuoteStatus::NotFound => Some(quote_not_found(&q)),
        QuoteStatus::NearMiss => Some(quote_near_miss(&q)),
    }
}

pub(super) const QUOTE_ON_OTHER_PAGE: RuleInfo = RuleInfo {
    id: "quote-on-other-page",
    severity: Severity::Warning,
    description: "A citation's `page` is not the page of the PDF source its quote is on.",
    name: "QuoteOnOtherPage",
    full_description: "A citation gives `page = N`, and its quote holds, but on another page of the PDF source (or the source has no pages): a reader who opens the PDF at page N will not find it.",
    fix: "Set `page` to the page the message names, or remove `page` for a source without pages.",
};

/// For a citation with `page = N` whose quote holds: a warning when the quote is on another
/// page, or the source has none.
pub(super) fn on_other_page(
    cx: &Context,
    claim: &str,
    citation: &Citation,
    verified: &CitationResult,
) -> Option<Finding> {
    let (want, span) = citation.page.clone()?;
    if !verified.status.holds() || verified.line.is_none() {
        return None;
    }
    let q = Quote {
        cx,
        claim,
        citation,
        verified,
    };
    let source = &citation.source;
    let finding = q.finding(Rule::QuoteOnOtherPage, span);
    Some(match verified.page {
        Some(got) if got == want => return None,
        Some(got) => finding
            .message(format!(
                "quote in claim \"{claim}\" is on page {got} of \"{source}\", not page {want}"
            ))
            .label(format!("the quote is on page {got}"))
            .source_place(q.found_at())
            .help(format!("set `page = {got}`")),
        None => finding
            .message(format!(
                "citation of \"{source}\" in claim \"{claim}\" gives page {want}, but the source has no pages"
            ))
            .label("only a PDF source has pages")
            .help("remove `page`, or cite the PDF of the article"),
    })
}

pub(super) const CITATION_WITHOUT_QUOTE: RuleInfo = RuleInfo {
    id: "citation-without-quote",
    severity: Severity::Warning,
    description: "A citation gives no quote: the reviewer vouches for a paraphrase of the source.",
    name: "CitationWithoutQuote",
    full_description: "A citation names a source but gives no `quote`, so there is nothing to verify: the reviewer vouches for a paraphrase. factcheck reports the source's best passage for the claim instead.",
    fix: "Add `quote = \"...\"` with the source's own words (`--deny warnings` makes this finding an error).",
};

fn citation_without_quote(q: &Quote) -> Finding {
    let (claim, source) = (q.claim, &q.citation.source);
    let found = q.found_at().map(|place| {
        let (path, line, column) = (place.path, place.line, place.column);
        format!("its best passage for the claim is at {path}:{line}:{column}")
    });
    q.at_source(Rule::CitationWithoutQuote)
        .message(format!(
            "citation of \"{source}\" in claim \"{claim}\" has no quote"
        ))
        .label("no `quote` to verify")
        .notes(found)
        .help("add `quote = \"...\"` with the source's own words (`--deny warnings` makes this an error)")
}

pub(super) const QUOTE_ELIDED: RuleInfo = RuleInfo {
    id: "quote-elided",
    severity: Severity::Warning,
    description: "A quote matches its source only across \"...\" elisions.",
    name: "QuoteElided",
    full_description: "A quote matches its source only when the pieces around its \"...\" elisions are joined: the words are the source's, but what was left out may change the meaning.",
    fix: "Check that the elision does not change the meaning; quote one continuous passage, or accept the elision with `allow = [\"quote-elided\"]` on the citation.",
};

fn quote_elided(q: &Quote) -> Finding {
    let (claim, source) = (q.claim, &q.citation.source);
    let pieces = q.found_at().map(|place| {
        let (path, line, column) = (place.path, place.line, place.column);
        format!("the pieces start at {path}:{line}:{column}")
    });
    q.at_quote(Rule::QuoteElided)
        .message(format!(
            "quote in claim \"{claim}\" matches \"{source}\" only across \"...\" elisions"
        ))
        .label("found in pieces")
        .notes(pieces)
        .help("check that the elision does not change the meaning; quote a continuous passage to silence this")
}

pub(super) const UNKNOWN_SOURCE: RuleInfo = RuleInfo {
    id: "unknown-source",
    severity: Severity::Error,
    description: "A citation names a source that does not exist.",
    name: "UnknownSource",
    full_description: "A citation's `source` names an id that no file in the sources folder and no `[sources.<id>]` declaration has, so its quote cannot be verified.",
    fix: "Correct the id to one of the known sources (the message suggests the closest), or add the article to the sources folder or declare it under `[sources.<id>]`.",
};

fn unknown_source(q: &Quote) -> Finding {
    let (claim, source) = (q.claim, &q.citation.source);
    let known: Vec<&str> = q.cx.corpus.sources.iter().map(|s| s.id.as_str()).collect();
    let known_list = quoted_list(&known);
    let help = match closest(source, &known) {
        Some(near) => format!("did you mean \"{near}\"? known sources: {known_list}"),
        None => format!("known sources: {known_list}"),
    };
    q.at_source(Rule::UnknownSource)
        .message(format!(
            "claim \"{claim}\" cites unknown source \"{source}\""
        ))
        .label("no source has this id")
        .notes(q.elsewhere())
        .help(help)
}

pub(super) const WRONG_SOURCE: RuleInfo = RuleInfo {
    id: "wrong-source",
    severity: Severity::Error,
    description: "A quoted passage occurs in another source than the one cited.",
    name: "WrongSource",
    full_description: "A citation's quote is not in the source it cites but is found verbatim in another source: the attribution is wrong.",
    fix: "Cite the source that has the quote (`source = \"...\"` as the message says), or replace the quote with the cited source's own words.",
};

/// Only for a quote found elsewhere (`QuoteStatus::WrongSource`, with its `found_in`).
fn wrong_source(q: &Quote) -> Finding {
    let (claim, source) = (q.claim, &q.citation.source);
    let Some(there) = q.verified.found_in.as_ref() else {
        return quote_not_found(q);
    };
    let other = &there.source;
    q.at_source(Rule::WrongSource)
        .message(format!(
            "quote in claim \"{claim}\" is not in \"{source}\" but in \"{other}\""
        ))
        .label(format!("the quote is in \"{other}\""))
        .source_place(
            q.cx.source_place(other, Some(there.line), Some(there.column))
                .map(|place| {
                    let quote = q.citation.quote.as_deref().unwrap_or("");
                    match q.cx.quote_end(other, quote) {
                        Some(end) => place.ending_at(end),
                        None => place,
                    }
                }),
        )
        .notes(q.elsewhere())
        .help(format!("cite source = \"{other}\""))
}

pub(super) const QUOTE_NOT_FOUND: RuleInfo = RuleInfo {
    id: "quote-not-found",
    severity: Severity::Error,
    description: "A quoted passage does not occur in its source.",
    name: "QuoteNotFound",
    full_description: "A citation's quote occurs nowhere in its source, verbatim or after folding typography, case and whitespace, and no passage there is close to it.",
    fix: "Copy the quote from the source verbatim (\"...\" may stand for left-out words), or cite the source that has it.",
};

fn quote_not_found(q: &Quote) -> Finding {
    let (claim, source) = (q.claim, &q.citation.source);
    let closest = q.verified.similarity.map(|s| {
        format!(
            "the closest passage in \"{source}\" has only {:.0}% of its words in common with the quote (a near miss has at least {:.0}%)",
            s * 100.0,
            crate::quote::NEAR_MISS_SIMILARITY * 100.0
        )
    });
    q.at_quote(Rule::QuoteNotFound)
        .message(format!(
            "quote in claim \"{claim}\" not found in \"{source}\""
        ))
        .label(format!("not in {source}"))
        .notes(closest)
        .notes(q.verified.near_miss_search.map(|s| {
            let looked = match s.places {
                0 => "the quote is too long to align with it".to_string(),
                n => format!(
                    "it looked only at the {n} place{} where the quote's rarest words line up",
                    if n == 1 { "" } else { "s" }
                ),
            };
            format!(
                "the search for a close passage was cut short: {} quote words against {} words of \"{source}\" are too many to align whole, and {looked}",
                s.quote_words, s.source_words
            )
        }))
        .help("copy the quote from the source verbatim; \"...\" may stand for left-out words")
}

pub(super) const QUOTE_NEAR_MISS: RuleInfo = RuleInfo {
    id: "quote-near-miss",
    severity: Severity::Error,
    description: "A quoted passage differs from its source by a few words.",
    name: "QuoteNearMiss",
    full_description: "A citation's quote is not in its source, but a passage there differs from it by a few words: a misquote. The finding shows the word diff from the quote to the source.",
    fix: "Correct the quote to the source's words as the diff shows, or cite the source that has the quoted wording.",
};

fn quote_near_miss(q: &Quote) -> Finding {
    let (claim, source) = (q.claim, &q.citation.source);
    let diff = q.verified.diff.as_ref();
    q.at_quote(Rule::QuoteNearMiss)
        .message(format!(
            "quote in claim \"{claim}\" differs from \"{source}\""
        ))
        .label("not verbatim")
        .source_place(q.found_at())
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
