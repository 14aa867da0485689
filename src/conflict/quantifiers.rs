//! Quantifiers: the claim says all of something, the source some of it (or the other way
//! round). "all services" / "some of its services", "the whole archive" / "part of the
//! archive", "cut off entirely" / "access to some of its services".
//!
//! Two forms conflict:
//! - a quantifier before a noun in each text, the same noun (stem), one universal and one
//!   partial;
//! - a universal adverb ("entirely", "completely") in one text and a partial quantifier in the
//!   other, when neither text quantifies a noun as a whole ("all glaciers ... melt entirely") and
//!   the two share at least [`MIN_SHARED_FOR_ADVERB`] content word (they are about the same act).

use std::ops::Range;

use super::{stem, ConflictKind, Found, Pair};
use crate::compare::flags::says_something;
use crate::compare::Reading;

/// Universal determiners: before a noun.
const ALL: &[&str] = &["all", "every", "entire", "whole"];
/// Universal adverbs: of the act.
const ALL_ADVERBS: &[&str] = &["entirely", "completely", "totally", "wholly", "fully"];
/// Partial determiners ("part" only in "part of", "certain" only before a noun).
const SOME: &[&str] = &["some", "certain", "part", "parts", "most", "several"];
/// Partial adverbs.
const SOME_ADVERBS: &[&str] = &["partly", "partially"];

/// Shared content words needed before an adverb ("entirely") is held against a partial
/// quantifier of a text that says nothing universal.
const MIN_SHARED_FOR_ADVERB: usize = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Some,
}

/// One quantifier of a reading: universal or partial, the noun stem it quantifies (None for an
/// adverb) and its byte range.
struct Quantifier {
    scope: Scope,
    noun: Option<String>,
    span: Range<usize>,
}

fn quantifiers_of(r: &Reading<'_>) -> Vec<Quantifier> {
    let t = &r.tokens;
    let key = |i: usize| t.get(i).map_or("", |w| w.key.as_ref());
    let mut out = Vec::new();
    for (i, w) in t.iter().enumerate() {
        let k = w.key.as_ref();
        // "not all", "not entirely": partial.
        let negated = i >= 1 && matches!(key(i - 1), "not" | "never");
        let (scope, adverb) = if ALL.contains(&k) {
            (Scope::All, false)
        } else if ALL_ADVERBS.contains(&k) {
            (Scope::All, true)
        } else if SOME_ADVERBS.contains(&k) {
            (Scope::Some, true)
        } else if SOME.contains(&k) {
            (Scope::Some, false)
        } else {
            continue;
        };
        let scope = match (scope, negated) {
            (Scope::All, true) => Scope::Some,
            (s, _) => s,
        };
        let prev = key(i.wrapping_sub(1));
        // "any other part of the world" is a place, not a share; "at all", "above all" idioms.
        if matches!(k, "part" | "parts")
            && (key(i + 1) != "of"
                || matches!(
                    prev,
                    "other" | "any" | "every" | "each" | "this" | "that" | "which" | "what" | "no"
                ))
        {
            continue;
        }
        if k == "all" && matches!(prev, "at" | "above" | "after" | "once" | "for") {
            continue;
        }
        // "some 1,050 people" is about 1,050; "most" before an adjective is a superlative
        // ("the most important"), which the noun test below leaves without a noun.
        if k == "some"
            && t.get(i + 1)
                .is_some_and(|n| n.key.starts_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        if k == "most" && key(i.wrapping_sub(1)) == "the" {
            continue;
        }
        let noun = if adverb {
            None
        } else {
            // The quantified noun: the first content word within four words ("some of its
            // cloud storage": "cloud"; "all Azure services": "azure"), and the last one of that
            // run too, so that "cloud storage services" and "services" meet.
            let run: Vec<String> = t[i + 1..]
                .iter()
                .take(5)
                .take_while(|n| n.is_word || n.key == "-")
                .filter(|n| says_something(n))
                .filter_map(|n| stem(n.as_str()))
                .collect();
            match run.first() {
                Some(n) => Some(n.clone()),
                // "certain" with no noun after it ("it is certain") is not a quantifier.
                None if k == "certain" => continue,
                None => None,
            }
        };
        out.push(Quantifier {
            scope,
            noun,
            span: if negated {
                t[i - 1].start..w.end
            } else {
                w.start..w.end
            },
        });
    }
    out
}

pub(super) fn quantifiers(pair: &Pair<'_, '_>) -> Vec<Found> {
    let (claim, source) = (quantifiers_of(pair.claim), quantifiers_of(pair.source));
    if claim.is_empty() || source.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // The same noun, quantified both ways.
    for c in &claim {
        let Some(noun) = &c.noun else { continue };
        let with_noun: Vec<&Quantifier> = source
            .iter()
            .filter(|s| s.noun.as_ref() == Some(noun))
            .collect();
        if with_noun.iter().any(|s| s.scope == c.scope) {
            continue;
        }
        if let Some(s) = with_noun.first() {
            out.push(found(c, s));
        }
    }
    if !out.is_empty() {
        return out;
    }
    // An adverb against the other text's partial quantifier, when that text is about the same
    // act and says nothing universal.
    let shared = pair.shared_stems().len();
    if shared < MIN_SHARED_FOR_ADVERB {
        return out;
    }
    let adverb_against = |xs: &[Quantifier], ys: &[Quantifier]| -> Option<(usize, usize)> {
        let x = xs
            .iter()
            .position(|q| q.noun.is_none() && q.scope == Scope::All)?;
        // A text with "all X" besides its adverb says what is whole: its adverb may be of X.
        if xs.iter().any(|q| q.noun.is_some() && q.scope == Scope::All)
            || ys.iter().any(|q| q.scope == Scope::All)
        {
            return None;
        }
        let y = ys.iter().position(|q| q.scope == Scope::Some)?;
        Some((x, y))
    };
    if let Some((c, s)) = adverb_against(&claim, &source) {
        if !claim.iter().any(|q| q.scope == Scope::Some) {
            out.push(found(&claim[c], &source[s]));
        }
    } else if let Some((s, c)) = adverb_against(&source, &claim) {
        if !source.iter().any(|q| q.scope == Scope::Some) {
            out.push(found(&claim[c], &source[s]));
        }
    }
    out
}

fn found(c: &Quantifier, s: &Quantifier) -> Found {
    let word = |q: &Quantifier| match q.scope {
        Scope::All => "all of it",
        Scope::Some => "only part of it",
    };
    Found {
        kind: ConflictKind::Quantifier,
        claim: c.span.clone(),
        source: s.span.clone(),
        why: format!("{} against {}", word(c), word(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{between, kinds};
    use super::super::ConflictKind;

    #[test]
    fn all_against_some_of_the_same_thing() {
        let found = between(
            "Microsoft cut Unit 8200 off from Azure entirely.",
            "Microsoft would cancel the unit’s access to some of its cloud storage and AI services.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, ConflictKind::Quantifier);
        assert_eq!(
            (found[0].claim.as_str(), found[0].source.as_str()),
            ("entirely", "some")
        );
        assert_eq!(
            kinds(
                "Every detainee was charged on return.",
                "Most detainees were charged on return."
            ),
            [ConflictKind::Quantifier]
        );
        assert_eq!(
            kinds(
                "The unit lost part of its archive.",
                "The unit lost the whole archive."
            ),
            [ConflictKind::Quantifier]
        );
    }

    #[test]
    fn the_same_scope_in_other_words_is_no_conflict() {
        for (claim, source) in [
            (
                "Microsoft cut off some of the unit's services.",
                "Microsoft disabled certain services used by the unit.",
            ),
            (
                "Not all of the services were cut.",
                "Some of the services were cut.",
            ),
            (
                "Microsoft cut the unit off entirely.",
                "Microsoft cut the unit off from all its services.",
            ),
            (
                "Some 1,050 people attended the protest entirely peacefully.",
                "About 1,000 people attended the protest in London.",
            ),
            (
                "It is certain that the archive was moved entirely.",
                "The archive was moved, it is certain.",
            ),
            (
                "Microsoft cut the unit off entirely.",
                "Some analysts praised the decision.",
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
