//! Claim versus source: where a claim says something its own evidence does not.
//!
//! The claim's text and a source's passage (the sentences around a cited quote, or a passage
//! search found) are read once each ([`Reading`]: the words of [`crate::text::words`], the
//! quantities of [`crate::quantity`], the names of [`crate::compare`]), diffed word by word,
//! and compared kind by kind:
//!
//! - numbers, quantities, money, percentages, dates, years, rates and names: the machinery
//!   that compares sources with each other ([`crate::compare::flags`]), plus a person's age
//!   ("Martin Mubanga is 29" / "Mr Mubanga, 32,") ([`numbers`]);
//! - ordinals ("second" / "third" of the same thing) ([`ordinals`]);
//! - quantifiers ("all", "entirely" / "some", "part of") ([`quantifiers`]);
//! - negation ("found no evidence" / "found evidence", "released without charge" / "were
//!   charged", "denied" / "confirmed") ([`negation`]).
//!
//! A conflict is raised only where the two speak about the same thing: aligned in the word
//! diff, attached to the same head noun, or (negation) the same content word with the texts
//! sharing others. The same fact in other words ("15" / "fifteen", "did not affect" / "has
//! not affected") is none: every quantity is compared by value, every negation by polarity.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use crate::compare::{flags, DiscrepancyKind, Reading};
use crate::diff::{self, Op};
use crate::text::fold;

mod negation;
mod numbers;
mod ordinals;
mod quantifiers;

/// What a conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    /// A number in the same place, or a person's age.
    Number,
    /// A count of the same thing ("millions of calls" / "up to a million calls").
    Quantity,
    Money,
    Percentage,
    Date,
    Year,
    /// The same thing counted per a different period ("per hour" / "each day").
    Rate,
    /// "second" / "third" of the same thing.
    Ordinal,
    /// "all", "entirely" / "some", "part of".
    Quantifier,
    /// One says it, the other says it did not happen.
    Negation,
    /// A name replaced by another name.
    Name,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Number => "number",
            ConflictKind::Quantity => "quantity",
            ConflictKind::Money => "money",
            ConflictKind::Percentage => "percentage",
            ConflictKind::Date => "date",
            ConflictKind::Year => "year",
            ConflictKind::Rate => "rate",
            ConflictKind::Ordinal => "ordinal",
            ConflictKind::Quantifier => "quantifier",
            ConflictKind::Negation => "negation",
            ConflictKind::Name => "name",
        }
    }
}

/// One place where the claim and a source disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The claim's wording.
    pub claim: String,
    /// The source's wording.
    pub source: String,
    /// The disagreement in words ("the claim says 2023, the source says 2024").
    pub detail: String,
}

/// A conflict before it is written out: byte ranges of the claim's and the source's texts,
/// and what to add to "the claim says X, the source says Y" (may be empty).
pub(crate) struct Found {
    pub kind: ConflictKind,
    pub claim: Range<usize>,
    pub source: Range<usize>,
    pub why: String,
}

/// The claim and one source passage, read and diffed once for every kind of conflict.
pub(crate) struct Pair<'c, 's> {
    pub claim: &'c Reading<'c>,
    pub source: &'s Reading<'s>,
    /// Word diff from the claim's tokens to the source's; empty when the two are less than
    /// `flags::MIN_PLACE_SIMILARITY` alike.
    pub ops: Vec<Op>,
    /// `diff::similarity` of the two texts' content words.
    pub similarity: f64,
    /// The content-word stems both texts have, computed when a kind first needs them.
    shared: std::cell::OnceCell<BTreeSet<String>>,
}

impl Pair<'_, '_> {
    /// The content-word stems both texts have.
    pub(crate) fn shared_stems(&self) -> &BTreeSet<String> {
        self.shared.get_or_init(|| {
            content_stems(self.claim)
                .intersection(&content_stems(self.source))
                .cloned()
                .collect()
        })
    }
}

/// Passages longer than this (bytes) are not compared: a whole article pasted as one line
/// says too many things for a conflict with one of them to mean anything.
const MAX_SOURCE_BYTES: usize = 4_000;

/// Whether the passage is one the claim cites (the reviewer says both speak of the same thing)
/// or one search found (which may be about something else that shares the claim's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Passage {
    Cited,
    Found,
}

/// A claim read once for all the passages it is compared with.
pub(crate) struct ClaimText<'a> {
    reading: Reading<'a>,
    /// Its content words (stems), to skip passages that share none.
    words: BTreeSet<String>,
    /// Where it negates what, computed when a passage first needs it.
    polarity: std::cell::OnceCell<negation::Polarity>,
}

impl<'a> ClaimText<'a> {
    pub(crate) fn new(text: &'a str) -> ClaimText<'a> {
        let reading = Reading::new(text);
        let words = content_stems(&reading);
        ClaimText {
            reading,
            words,
            polarity: std::cell::OnceCell::new(),
        }
    }
}

impl ClaimText<'_> {
    /// Whether a word of a passage is one of the claim's content words (by stem: "unit’s" is
    /// "Unit").
    fn shares(&self, word: &crate::text::Word<'_>) -> bool {
        flags::says_something(word) && stem(word.as_str()).is_some_and(|s| self.words.contains(&s))
    }
}

/// The conflicts between a claim and one passage of a source.
pub(crate) fn conflicts(
    claim_text: &ClaimText<'_>,
    source_text: &str,
    passage: Passage,
) -> Vec<Conflict> {
    let claim = &claim_text.reading;
    if claim.text.is_empty() || source_text.len() > MAX_SOURCE_BYTES {
        return Vec::new();
    }
    // Two texts that share no content word speak of different things: every kind of
    // conflict needs a shared word (an anchor of the diff, a counted thing, a name, a
    // context), so the passage is not read further.
    let shares = crate::text::words(source_text).any(|t| claim_text.shares(&t));
    if !shares {
        return Vec::new();
    }
    conflicts_read(claim_text, &Reading::new(source_text), passage)
}

/// [`conflicts`] with a passage already read (as the comparison of wordings reads it).
pub(crate) fn conflicts_read(
    claim_text: &ClaimText<'_>,
    source: &Reading<'_>,
    passage: Passage,
) -> Vec<Conflict> {
    let claim = &claim_text.reading;
    if claim.text.is_empty() || source.text.len() > MAX_SOURCE_BYTES {
        return Vec::new();
    }
    let shares = source.tokens.iter().any(|t| claim_text.shares(t));
    if !shares {
        return Vec::new();
    }
    let mut keys = diff::Keys::default();
    let claim_keys = keys.of(&claim.tokens);
    let source_keys = keys.of(&source.tokens);
    let similarity = diff::similarity(&keys.content(&claim.tokens), &keys.content(&source.tokens));
    // "The same place" of a diff means something only for texts this alike (as between
    // sources); below it no kind reads the diff, and it is not computed.
    let ops = if similarity >= flags::MIN_PLACE_SIMILARITY {
        diff::keyed_ops(&claim.tokens, &claim_keys, &source_keys)
    } else {
        Vec::new()
    };
    let pair = Pair {
        claim,
        source,
        ops,
        similarity,
        shared: std::cell::OnceCell::new(),
    };
    let mut found = quantities(&pair, passage == Passage::Cited);
    for more in [
        numbers::ages(&pair),
        ordinals::ordinals(&pair),
        quantifiers::quantifiers(&pair),
        negation::negations(
            &pair,
            claim_text
                .polarity
                .get_or_init(|| negation::polarity(claim)),
        ),
    ] {
        for f in more {
            // One place of the claim is one conflict: the first kind that explains it.
            if !found.iter().any(|g| overlaps(&g.claim, &f.claim)) {
                found.push(f);
            }
        }
    }
    found.sort_by_key(|f| (f.claim.start, f.source.start, f.kind));
    let mut seen: BTreeSet<(ConflictKind, String, String)> = BTreeSet::new();
    let mut out = Vec::new();
    for f in found {
        let (c, s) = (&claim.text[f.claim.clone()], &source.text[f.source.clone()]);
        if !seen.insert((f.kind, fold(c), fold(s))) {
            continue;
        }
        let mut detail = format!("the claim says “{c}”, the source says “{s}”");
        if !f.why.is_empty() {
            detail.push_str(&format!(" ({})", f.why));
        }
        out.push(Conflict {
            kind: f.kind,
            claim: c.to_string(),
            source: s.to_string(),
            detail,
        });
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Numbers, quantities, money, percentages, dates, years, rates and names, as sources are
/// compared with each other. The claim is no extra evidence here (it is one of the two).
fn quantities(pair: &Pair<'_, '_>, same_subject: bool) -> Vec<Found> {
    flags::flags(
        pair.claim,
        pair.source,
        Some(&pair.ops),
        pair.similarity,
        &BTreeSet::new(),
        same_subject,
    )
    .into_iter()
    .filter(|f| !stated_elsewhere(pair, f))
    .map(|f| {
        let kind = match f.kind {
            _ if f.rates_differ => ConflictKind::Rate,
            DiscrepancyKind::Quantity => ConflictKind::Quantity,
            DiscrepancyKind::Percentage => ConflictKind::Percentage,
            DiscrepancyKind::Money => ConflictKind::Money,
            DiscrepancyKind::Date => ConflictKind::Date,
            DiscrepancyKind::Year => ConflictKind::Year,
            DiscrepancyKind::Name => ConflictKind::Name,
            DiscrepancyKind::Number => ConflictKind::Number,
        };
        // The comparison's own wording of a quantity ("at least 2,000,000 vs at most
        // 1,000,000 calls per hour") says more than the two phrases; "in the same place"
        // says nothing here.
        let why = if f.detail.ends_with("in the same place of both wordings") {
            String::new()
        } else {
            f.detail.replace(" vs ", " against ")
        };
        Found {
            kind,
            claim: f.a,
            source: f.b,
            why,
        }
    })
    .collect()
}

/// A year, date or number of the claim that the source also gives, elsewhere than where the
/// diff put it ("In 1977" / "1976/1977: PDO changed"): the source says both, and the claim's.
fn stated_elsewhere(pair: &Pair<'_, '_>, f: &flags::Flag) -> bool {
    if !matches!(
        f.kind,
        DiscrepancyKind::Year | DiscrepancyKind::Date | DiscrepancyKind::Number
    ) {
        return false;
    }
    let Some(qc) = pair.claim.quantities.iter().find(|q| q.span == f.a) else {
        return false;
    };
    pair.source
        .quantities
        .iter()
        .any(|qs| qs.kind == qc.kind && qs.span != f.b && qc.agrees(qs))
}

/// The content-word stems of a reading (not stopwords, punctuation or numbers).
pub(crate) fn content_stems(r: &Reading<'_>) -> BTreeSet<String> {
    r.tokens
        .iter()
        .filter(|t| flags::says_something(t))
        .filter_map(|t| stem(t.as_str()))
        .collect()
}

/// The Snowball stem of one word (None for a stopword).
pub(crate) fn stem(word: &str) -> Option<String> {
    crate::retrieve::analyze::stems(word).into_iter().next()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The conflicts of a claim with one source text.
    pub(crate) fn between(claim: &str, source: &str) -> Vec<Conflict> {
        conflicts(&ClaimText::new(claim), source, Passage::Cited)
    }

    /// The kinds of the conflicts found.
    pub(crate) fn kinds(claim: &str, source: &str) -> Vec<ConflictKind> {
        between(claim, source).iter().map(|c| c.kind).collect()
    }

    #[test]
    fn a_quantity_misstated_is_one_conflict_with_both_wordings() {
        let found = between(
            "The Azure-based system could record up to a million calls every hour.",
            "Microsoft built a system capable of recording millions of calls per hour.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, ConflictKind::Quantity);
        assert_eq!(found[0].claim, "up to a million calls every hour");
        assert_eq!(found[0].source, "millions of calls per hour");
        assert_eq!(
            found[0].detail,
            "the claim says “up to a million calls every hour”, the source says “millions of \
             calls per hour” (at most 1,000,000 against at least 2,000,000 calls per hour)"
        );
    }

    #[test]
    fn each_kind_is_found_where_the_claim_misstates_its_source() {
        for (claim, source, kind) in [
            (
                "The index of leading shares closed at 4,850 on Friday.",
                "The index of leading shares closed at 4,580 on Friday.",
                ConflictKind::Number,
            ),
            (
                "The firm said it cut 400 jobs in the year.",
                "The firm said it cut 4,000 jobs in the year.",
                ConflictKind::Quantity,
            ),
            (
                "Revenues at the firm grew to $42bn last year.",
                "Revenues at the firm grew to $24bn last year.",
                ConflictKind::Money,
            ),
            (
                "Profits at the firm rose 76% in the quarter.",
                "Profits at the firm rose 67% in the quarter.",
                ConflictKind::Percentage,
            ),
            (
                "The resolution of 18 September 2024 called for an end to the occupation.",
                "The resolution of 19 September 2024 called for an end to the occupation.",
                ConflictKind::Date,
            ),
            (
                "The military began the project in 2019, when it faced capacity constraints.",
                "The military began the project in 2021, when it faced capacity constraints.",
                ConflictKind::Year,
            ),
            (
                "The system recorded millions of calls per hour in Gaza.",
                "The system recorded millions of calls each day in Gaza.",
                ConflictKind::Rate,
            ),
            (
                "It is the second largest bank in the country.",
                "It is the third largest bank in the country.",
                ConflictKind::Ordinal,
            ),
            (
                "Microsoft cut Unit 8200 off from all of its Azure services.",
                "Microsoft cut Unit 8200 off from some of its Azure services.",
                ConflictKind::Quantifier,
            ),
            (
                "The review found evidence that the cloud was used for surveillance.",
                "The review found no evidence that the cloud was used for surveillance.",
                ConflictKind::Negation,
            ),
            (
                "The archive was held in a Microsoft datacentre in the Netherlands.",
                "The archive was held in a Microsoft datacentre in Ireland.",
                ConflictKind::Name,
            ),
        ] {
            assert_eq!(kinds(claim, source), [kind], "{claim:?} / {source:?}");
        }
    }

    #[test]
    fn the_same_fact_in_other_words_is_no_conflict() {
        for (claim, source) in [
            (
                "Fifteen people were arrested at the protest.",
                "Police said 15 people were arrested at the protest.",
            ),
            (
                "The deal is worth $200 billion to the company.",
                "The deal is worth 200 billion dollars to the company.",
            ),
            (
                "The ruling did not affect the company's plans.",
                "The ruling has not affected the company's plans.",
            ),
            (
                "The system stored up to a million calls per hour.",
                "The system stored up to one million calls per hour.",
            ),
            (
                "The conflict has lasted two decades.",
                "The conflict has lasted twenty years.",
            ),
            (
                "Microsoft cut Unit 8200 off from some of its services.",
                "Microsoft cut Unit 8200 off from certain services.",
            ),
            (
                "It is the second largest bank in the country.",
                "It is the country's 2nd largest bank.",
            ),
            (
                "The court found no evidence of wrongdoing.",
                "Judges found no evidence of any wrongdoing.",
            ),
        ] {
            assert!(
                between(claim, source).is_empty(),
                "{claim:?} / {source:?}: {:?}",
                between(claim, source)
            );
        }
    }
}
