//! Ordinals: "the second largest bank" / "the third largest bank", "2nd" / "third". Two
//! ordinals conflict when they rank the same thing (the same next content word, or the same
//! place of the word diff) with different numbers.

use std::ops::Range;

use super::{stem, ConflictKind, Found, Pair};
use crate::compare::flags::says_something;
use crate::compare::Reading;
use crate::diff::Op;

const WORDS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The rank an ordinal word gives ("third" and "3rd" are 3).
pub(super) fn rank(key: &str) -> Option<u32> {
    if let Some(i) = WORDS.iter().position(|w| *w == key) {
        return Some(i as u32 + 1);
    }
    let digits = key.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &key[digits.len()..];
    let n: u32 = digits.parse().ok()?;
    let expected = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    (suffix == expected).then_some(n)
}

/// An ordinal of a reading: its rank, token index and the stem of the thing it ranks.
struct Ordinal {
    rank: u32,
    at: usize,
    thing: Option<String>,
}

fn ordinals_of(r: &Reading<'_>) -> Vec<Ordinal> {
    let t = &r.tokens;
    let mut out = Vec::new();
    for (i, w) in t.iter().enumerate() {
        let Some(rank) = rank(&w.key) else {
            continue;
        };
        // "a second", "per second", "seconds" are time; "second" before a content word ranks it.
        let prev = i.checked_sub(1).map(|j| t[j].key.as_ref());
        if w.key == "second" && matches!(prev, Some("a" | "per" | "one" | "every" | "each")) {
            continue;
        }
        // The ranked thing: the next content word, over hyphens and "and final"-like pairs.
        let thing = t[i + 1..]
            .iter()
            .take(3)
            .take_while(|n| n.is_word || n.key == "-")
            .find(|n| says_something(n) && self::rank(&n.key).is_none())
            .and_then(|n| stem(n.as_str()));
        out.push(Ordinal { rank, at: i, thing });
    }
    out
}

/// Ordinals of periods ("the 22nd century", "the third quarter") are times, as years are: two
/// texts name different ones without disagreeing, unless the diff puts them in one place.
fn is_time(thing: &Option<String>) -> bool {
    matches!(
        thing.as_deref(),
        Some(
            "centuri"
                | "quarter"
                | "year"
                | "month"
                | "week"
                | "day"
                | "decad"
                | "half"
                | "time"
                | "round"
                | "term"
                | "season"
        )
    )
}

/// Ordinals of the same thing, or in the same place of the diff, with different ranks.
pub(super) fn ordinals(pair: &Pair<'_, '_>) -> Vec<Found> {
    let (claim, source) = (ordinals_of(pair.claim), ordinals_of(pair.source));
    if claim.is_empty() || source.is_empty() {
        return Vec::new();
    }
    let span = |r: &Reading<'_>, i: usize| -> Range<usize> { r.tokens[i].start..r.tokens[i].end };
    let mut out = Vec::new();
    for c in &claim {
        let replaced = replaced_by(pair, c.at);
        let same: Vec<&Ordinal> = source
            .iter()
            .filter(|s| {
                replaced.contains(&s.at)
                    || (c.thing.is_some() && s.thing == c.thing && !is_time(&c.thing))
            })
            .collect();
        if same.is_empty() || same.iter().any(|s| s.rank == c.rank) {
            continue;
        }
        // The source ranks the thing the claim ranks the same way elsewhere: no conflict.
        if source
            .iter()
            .any(|s| s.rank == c.rank && s.thing == c.thing)
        {
            continue;
        }
        out.push(Found {
            kind: ConflictKind::Ordinal,
            claim: span(pair.claim, c.at),
            source: span(pair.source, same[0].at),
            why: String::new(),
        });
    }
    out
}

/// The source tokens that replace claim token `at` in the diff (a short, anchored
/// replacement), if any.
fn replaced_by(pair: &Pair<'_, '_>, at: usize) -> Range<usize> {
    for (k, op) in pair.ops.iter().enumerate() {
        if let Op::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = *op
        {
            if (old_index..old_index + old_len).contains(&at)
                && old_len <= 4
                && new_len <= 4
                && crate::compare::flags::anchored(pair.claim, &pair.ops, k)
            {
                return new_index..new_index + new_len;
            }
        }
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::super::tests::kinds;
    use super::super::ConflictKind;
    use super::rank;

    #[test]
    fn ranks_words_and_digits() {
        assert_eq!(rank("third"), Some(3));
        assert_eq!(rank("3rd"), Some(3));
        assert_eq!(rank("21st"), Some(21));
        assert_eq!(rank("11th"), Some(11));
        assert_eq!(rank("11st"), None);
        assert_eq!(rank("3"), None);
        assert_eq!(rank("thirdly"), None);
    }

    #[test]
    fn ordinals_of_the_same_thing_that_differ() {
        assert_eq!(
            kinds(
                "Mubanga was the first of the four detainees to speak.",
                "Mr Mubanga is the second of the four detainees freed last month to give an interview."
            ),
            [ConflictKind::Ordinal]
        );
        assert_eq!(
            kinds(
                "It was the third film in the trilogy.",
                "It was the third and final film in the trilogy."
            ),
            []
        );
        // Different things ranked: no conflict.
        assert_eq!(
            kinds(
                "The second quarter was weak.",
                "Profits rose for the third year running."
            ),
            []
        );
        // Time is no rank.
        assert_eq!(
            kinds(
                "The system records a million calls a second.",
                "The system records a million calls in its first year."
            ),
            []
        );
    }
}
