//! Negation: one text says a thing happened, the other that it did not. "found no evidence" /
//! "found evidence", "has not affected" / "has affected", "released without charge" / "were
//! charged", "neither ... nor", and verbs of opposite sense in the same place ("denied" /
//! "confirmed").
//!
//! A negation ("not", "no", "never", "without", "neither", "nor", "-n't", "cannot") negates the
//! first content word after it, over auxiliaries and a few adverbs ("has not yet been
//! charged": "charged"), within its clause. A content word (stem) negated in one text and only
//! affirmed in the other is a conflict, when the two texts share at least
//! [`MIN_SHARED_CONTEXT`] other content words (they are about the same thing). Both negated
//! ("did not affect" / "has not affected") is agreement.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::{stem, ConflictKind, Found, Pair};
use crate::compare::flags::{anchored, says_something};
use crate::compare::Reading;
use crate::diff::Op;

/// Other content words the two texts must share before a negated word counts against them.
const MIN_SHARED_CONTEXT: usize = 2;
/// Words between a negation and the word it negates, at most.
const MAX_SCOPE: usize = 4;

fn is_negation(key: &str) -> bool {
    matches!(
        key,
        "not" | "no" | "never" | "without" | "neither" | "nor" | "cannot" | "none" | "nothing"
    ) || key.ends_with("n't")
}

/// Words a negation reaches over to the word it negates ("not yet been", "no longer").
fn passes_over(key: &str) -> bool {
    matches!(
        key,
        "yet"
            | "ever"
            | "even"
            | "really"
            | "actually"
            | "always"
            | "previously"
            | "formally"
            | "officially"
            | "directly"
            | "longer"
            | "any"
            | "been"
            | "being"
            | "be"
            | "have"
            | "has"
            | "had"
            | "a"
            | "an"
            | "the"
            | "to"
            | "do"
            | "does"
            | "did"
            | "is"
            | "are"
            | "was"
            | "were"
            | "able"
            | "so"
            | "much"
            | "significantly"
            | "substantially"
    )
}

/// An adverb in "-ly" ("statistically", "sufficiently"), which a negation reaches over to the
/// word it modifies; not the verbs and nouns that end so ("supply", "rely", "assembly").
fn is_adverb(key: &str) -> bool {
    key.len() > 6
        && key.ends_with("ly")
        && !key.ends_with("ply")
        && !matches!(key, "assembly" | "monopoly" | "anomaly" | "family")
}

/// Negations that do not deny what follows: "not only ... but", "not just", "no doubt".
fn is_idiom(key: &str, next: &str) -> bool {
    matches!(
        (key, next),
        ("not", "only" | "just" | "merely" | "least" | "necessarily")
            | ("no", "doubt" | "matter" | "less" | "more" | "one")
            | ("without", "doubt")
    )
}

/// Pronouns end a negation's reach: "without it the Earth" negates "it", not "Earth".
fn is_pronoun(key: &str) -> bool {
    matches!(
        key,
        "it" | "them"
            | "this"
            | "that"
            | "these"
            | "those"
            | "he"
            | "she"
            | "they"
            | "him"
            | "her"
            | "us"
            | "we"
            | "you"
            | "me"
            | "i"
            | "one"
    )
}

/// Content words on each side of an occurrence that say what it is about.
const CONTEXT_WORDS: usize = 3;
/// Tokens before a word within which a negation keeps it from being affirmed ("no
/// statistically significant correlations": "correlations" is not affirmed).
const NEAR_NEGATION: usize = 4;

/// One content word's occurrences: negated ones (from the negation to the word) and affirmed
/// ones, each with its index in [`Polarity::content`] (for the words around it).
#[derive(Default)]
struct Occurrences {
    negated: Vec<(Range<usize>, usize)>,
    affirmed: Vec<(Range<usize>, usize)>,
}

/// Where a reading negates each content word (stem) and where it affirms it.
#[derive(Default)]
pub(super) struct Polarity {
    /// The reading's content words: token index and stem.
    content: Vec<(usize, String)>,
    stems: BTreeMap<String, Occurrences>,
}

impl Polarity {
    /// The stems of the content words around content word `k` (not its own).
    fn around(&self, k: usize) -> BTreeSet<&str> {
        let own = &self.content[k].1;
        self.content[k.saturating_sub(CONTEXT_WORDS)..]
            .iter()
            .take(2 * CONTEXT_WORDS + 1)
            .map(|(_, x)| x.as_str())
            .filter(|x| *x != own)
            .collect()
    }
}

/// Whether a reading holds a negation at all (most sentences do not: no polarity to compare).
pub(super) fn negates(r: &Reading<'_>) -> bool {
    r.tokens.iter().any(|t| t.is_word && is_negation(&t.key))
}

/// Per stem, where a reading negates it and where it affirms it.
pub(super) fn polarity(r: &Reading<'_>) -> Polarity {
    let t = &r.tokens;
    let mut negated_at: BTreeMap<usize, usize> = BTreeMap::new(); // word index -> negation index
    let mut near: Vec<bool> = vec![false; t.len()];
    for (i, w) in t.iter().enumerate() {
        if !w.is_word || !is_negation(&w.key) {
            continue;
        }
        let next = t.get(i + 1).map_or("", |n| n.key.as_ref());
        if is_idiom(&w.key, next) {
            continue;
        }
        // "No Azure for Apartheid", "No Logo": a capitalised negation before a capitalised
        // word is a name, not a denial.
        if w.capitalised() && t.get(i + 1).is_some_and(|n| n.capitalised()) {
            continue;
        }
        let mut found = false;
        for (j, n) in t.iter().enumerate().skip(i + 1).take(MAX_SCOPE + 3) {
            if !n.is_word {
                // A clause ends at punctuation other than a hyphen or an apostrophe.
                if matches!(n.key.as_ref(), "-" | "'") {
                    continue;
                }
                break;
            }
            if j - i <= NEAR_NEGATION {
                near[j] = true;
            }
            if found || is_negation(&n.key) || is_pronoun(&n.key) {
                if !found && is_pronoun(&n.key) {
                    found = true;
                }
                continue;
            }
            let adverb = is_adverb(&n.key);
            if says_something(n) && !passes_over(&n.key) && !adverb {
                negated_at.insert(j, i);
                found = true;
            } else if j - i > MAX_SCOPE {
                found = true;
            }
        }
    }
    let content: Vec<(usize, String)> = t
        .iter()
        .enumerate()
        .filter(|(_, w)| says_something(w))
        .filter_map(|(j, w)| stem(w.as_str()).map(|s| (j, s)))
        .collect();
    let mut stems: BTreeMap<String, Occurrences> = BTreeMap::new();
    for (k, (j, s)) in content.iter().enumerate() {
        let w = &t[*j];
        let entry = stems.entry(s.clone()).or_default();
        match negated_at.get(j) {
            Some(&i) => entry.negated.push((t[i].start..w.end, k)),
            None if near[*j] => {}
            None => {
                let from = j
                    .checked_sub(1)
                    .filter(|&p| t[p].is_word && !says_something(&t[p]))
                    .map_or(w.start, |p| t[p].start);
                entry.affirmed.push((from..w.end, k));
            }
        }
    }
    Polarity { content, stems }
}

/// Verbs of opposite sense: a stem of one side replaced by a stem of the other in the same
/// place of the diff.
const OPPOSITES: &[(&[&str], &[&str])] = &[
    (&["deni", "deny"], &["confirm", "admit", "acknowledg"]),
    (&["reject"], &["accept", "approv"]),
    (&["acquit"], &["convict"]),
    (&["refus", "declin"], &["agre"]),
];

pub(super) fn negations(pair: &Pair<'_, '_>, claim: &Polarity) -> Vec<Found> {
    let mut out = opposites(pair);
    // Without a negation in either text there is no polarity to disagree on.
    if !claim.stems.values().any(|o| !o.negated.is_empty()) && !negates(pair.source) {
        return out;
    }
    let source = polarity(pair.source);
    let shared = pair.shared_stems();
    // One side only negates the word, the other only affirms it, and a negated and an
    // affirmed occurrence share a word around them (they say it of the same thing).
    let against =
        |neg: &Occurrences, neg_text: &Polarity, aff: &Occurrences, aff_text: &Polarity| {
            if neg.negated.is_empty() || !neg.affirmed.is_empty() || !aff.negated.is_empty() {
                return None;
            }
            neg.negated.iter().find_map(|(n, kn)| {
                let n_around = neg_text.around(*kn);
                aff.affirmed
                    .iter()
                    .find(|(_, ka)| !n_around.is_disjoint(&aff_text.around(*ka)))
                    .map(|(a, _)| (n.clone(), a.clone()))
            })
        };
    for (word, c) in &claim.stems {
        let Some(s) = source.stems.get(word) else {
            continue;
        };
        if shared.iter().filter(|x| *x != word).count() < MIN_SHARED_CONTEXT {
            continue;
        }
        if let Some((n, a)) = against(c, claim, s, &source) {
            out.push(Found {
                kind: ConflictKind::Negation,
                claim: n,
                source: a,
                why: "the claim denies what the source says".to_string(),
            });
        } else if let Some((n, a)) = against(s, &source, c, claim) {
            out.push(Found {
                kind: ConflictKind::Negation,
                claim: a,
                source: n,
                why: "the source denies what the claim says".to_string(),
            });
        }
    }
    out
}

/// "denied" / "confirmed" in the same place of the diff.
fn opposites(pair: &Pair<'_, '_>) -> Vec<Found> {
    let side = |s: &str| {
        OPPOSITES.iter().enumerate().find_map(|(g, (a, b))| {
            if a.contains(&s) {
                Some((g, false))
            } else if b.contains(&s) {
                Some((g, true))
            } else {
                None
            }
        })
    };
    let mut out = Vec::new();
    for (k, op) in pair.ops.iter().enumerate() {
        let Op::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = *op
        else {
            continue;
        };
        if old_len > 3 || new_len > 3 || !anchored(pair.claim, &pair.ops, k) {
            continue;
        }
        let find = |r: &Reading<'_>, range: Range<usize>| {
            range
                .filter_map(|i| {
                    let w = &r.tokens[i];
                    let s = stem(w.as_str())?;
                    side(&s).map(|g| (g, w.start..w.end))
                })
                .next()
        };
        let (Some((gc, rc)), Some((gs, rs))) = (
            find(pair.claim, old_index..old_index + old_len),
            find(pair.source, new_index..new_index + new_len),
        ) else {
            continue;
        };
        if gc.0 == gs.0 && gc.1 != gs.1 {
            out.push(Found {
                kind: ConflictKind::Negation,
                claim: rc,
                source: rs,
                why: "words of opposite sense in the same place".to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{between, kinds};
    use super::super::ConflictKind;

    #[test]
    fn charged_against_released_without_charge() {
        let found = between(
            "The four were charged by UK police on their return.",
            "Mr Mubanga and the three other freed British detainees were released without charge by UK police on their return from Cuba.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, ConflictKind::Negation);
        assert_eq!(found[0].claim, "were charged");
        assert_eq!(found[0].source, "without charge");
    }

    #[test]
    fn negations_that_conflict() {
        for (claim, source) in [
            (
                "The review found evidence that Azure was used to target people.",
                "The review found no evidence that Azure was used to target people.",
            ),
            (
                "The ruling has affected the company's plans for Europe.",
                "The ruling has not affected the company's plans for Europe.",
            ),
            (
                "The US government confirmed the claims of abuse at the camp.",
                "The US government denied the claims of abuse at the camp.",
            ),
            (
                "Ministers approved the transfer of the detainee to the camp.",
                "Neither ministers nor officials approved the transfer of the detainee to the camp.",
            ),
        ] {
            assert_eq!(kinds(claim, source), [ConflictKind::Negation], "{claim:?} / {source:?}");
        }
    }

    #[test]
    fn the_same_polarity_in_other_words_is_no_conflict() {
        for (claim, source) in [
            (
                "The ruling did not affect the company's plans.",
                "The ruling has not affected the company's plans.",
            ),
            (
                "The home secretary will not launch an investigation.",
                "The home secretary said he would not be launching an investigation.",
            ),
            (
                "Not only the unit but the whole military used the cloud.",
                "The military used the cloud.",
            ),
            (
                "The detainees were released without charge.",
                "They were never charged and were released.",
            ),
            // A name that starts with a negation.
            (
                "The No Azure for Apartheid campaign is led by Microsoft employees.",
                "A campaign group led by Microsoft employees says that Azure is used by the unit.",
            ),
            // One word negated, the texts about different things.
            ("Profits did not rise.", "Sales rose sharply in Asia."),
        ] {
            assert!(
                between(claim, source).is_empty(),
                "{claim:?} / {source:?}: {:?}",
                between(claim, source)
            );
        }
    }
}

#[cfg(test)]
mod scope_tests {
    use super::super::tests::between;

    #[test]
    fn a_negated_verb_leaves_its_object_alone() {
        let found = between(
            "Microsoft says its policy is not to supply technology for the mass surveillance of civilians.",
            "Microsoft has strong policies against the use of its technology for mass surveillance — but policies without action are insufficient.",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
