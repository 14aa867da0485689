//! Names in a wording: capitalised words that do not start a sentence (a headline's capitals
//! say nothing), and the capitalised words that do, which may be names too.

use std::collections::BTreeSet;

use super::Reading;
use crate::text::Word;

/// Most words of a headline are capitalised; its capitals say nothing about names.
pub(super) fn is_headline(tokens: &[Word]) -> bool {
    let long: Vec<&Word> = tokens
        .iter()
        .filter(|t| t.is_word && t.end - t.start >= 4)
        .collect();
    long.len() >= 3 && long.iter().filter(|w| w.capitalised()).count() * 10 >= long.len() * 6
}

/// Per token, the name it spells (folded, without possessive or dots) when it is a
/// capitalised word that does not start a sentence.
pub(super) fn names(tokens: &[Word]) -> Vec<Option<String>> {
    let headline = is_headline(tokens);
    tokens
        .iter()
        .map(|t| {
            // A capital that starts a sentence says nothing, unless the word is possessive
            // ("Japan's economy grew").
            let possessive = t.key.ends_with("'s");
            let name = t.is_word
                && !headline
                && (!t.starts_sentence || possessive)
                && t.capitalised()
                && !t.as_str().starts_with(|c: char| c.is_ascii_digit())
                && !TITLES.contains(&t.key.trim_end_matches('.'));
            name.then(|| name_key(&t.key))
        })
        .collect()
}

/// Capitalised words that start a sentence: a name ("Microsoft has ...") or not ("The").
pub(super) fn initials(tokens: &[Word], names: &[Option<String>]) -> BTreeSet<String> {
    tokens
        .iter()
        .zip(names)
        .filter(|(t, name)| t.starts_sentence && name.is_none() && t.capitalised())
        .map(|(t, _)| name_key(&t.key))
        .collect()
}

/// A name folded for comparison: no dots, no possessive.
pub(crate) fn name_key(key: &str) -> String {
    let key = key.replace('.', "");
    for suffix in ["'s", "'"] {
        if let Some(k) = key.strip_suffix(suffix) {
            return k.to_string();
        }
    }
    key
}

/// Two wordings that name entities and have none in common (as a name, or a name of one
/// starting a sentence of the other) are about different things: "Brent crude fell to
/// $49.74 in London" and "light sweet crude jumped to $53.09 in New York".
pub(super) fn different_subjects(a: &Reading<'_>, b: &Reading<'_>) -> bool {
    let names = |p: &Reading<'_>| -> Vec<String> {
        p.names
            .iter()
            .flatten()
            .filter(|n| !is_time_name(n))
            .cloned()
            .collect()
    };
    let (na, nb) = (names(a), names(b));
    if na.is_empty() || nb.is_empty() {
        return false;
    }
    let shared = |x: &[String], y: &[String], y_initials: &BTreeSet<String>| {
        x.iter()
            .any(|n| y.iter().chain(y_initials.iter()).any(|m| same_name(n, m)))
    };
    !shared(&na, &nb, &b.initials) && !shared(&nb, &na, &a.initials)
}

/// Two names that are the same name: equal, or one the other's adjective or plural
/// ("Israel"/"Israeli", "Palestinian"/"Palestinians").
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.len() >= 4 && long.starts_with(short) && long.len() - short.len() <= 3)
}

/// Titles are not names: "Mr Brown" and "Chancellor Brown" name one man.
const TITLES: &[&str] = &[
    "dr", "lady", "lord", "miss", "mr", "mrs", "ms", "prof", "rev", "sir",
];

/// Day and month names: times, not entities.
pub(super) fn is_time_name(name: &str) -> bool {
    WEEKDAYS.contains(&name)
        || matches!(
            name,
            "january"
                | "february"
                | "march"
                | "april"
                | "may"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
        )
}

pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
