//! A person's age, which news gives in forms the word diff cannot align: "Mr Mubanga, 32, from
//! Wembley" (apposition), "Martin Mubanga is 29 years old", "aged 29", "a 29-year-old Mubanga".
//! Two ages of the same name that differ are a number conflict.

use std::ops::Range;

use super::{ConflictKind, Found, Pair};
use crate::compare::names::{name_key, same_name};
use crate::compare::Reading;

/// An age given for a name: the name (folded), the age, and the age's byte range.
struct Age {
    name: String,
    years: u32,
    span: Range<usize>,
}

/// Ages worth reading: a person's, not a number of years in general.
const MAX_AGE: u32 = 120;

fn ages_of(r: &Reading<'_>) -> Vec<Age> {
    let t = &r.tokens;
    let key = |i: usize| t.get(i).map_or("", |w| w.key.as_ref());
    // The name a token spells, when it is capitalised (a name, or a sentence's first word).
    let name = |i: usize| -> Option<String> {
        let w = t.get(i)?;
        (w.is_word && w.capitalised()).then(|| name_key(&w.key))
    };
    let mut out = Vec::new();
    for (i, w) in t.iter().enumerate() {
        let Ok(years) = w.as_str().parse::<u32>() else {
            continue;
        };
        if years == 0 || years > MAX_AGE {
            continue;
        }
        let who = if i >= 2 && key(i - 1) == "," && matches!(key(i + 1), "," | ")") {
            // "Mr Mubanga, 32, from Wembley"
            name(i - 2)
        } else if key(i + 1) == "years" && key(i + 2) == "old" {
            // "Martin Mubanga is 29 years old", "Mubanga, 29 years old,"
            (1..=3)
                .filter_map(|k| i.checked_sub(k))
                .take_while(|&j| matches!(key(j), "is" | "was" | "," | "") || name(j).is_some())
                .find_map(name)
        } else if key(i + 1) == "-" && key(i + 2) == "year" && key(i + 4) == "old" {
            // "the 29-year-old Mubanga"
            (5..=6).find_map(|k| name(i + k))
        } else if i >= 1 && key(i - 1) == "aged" {
            // "Mubanga, aged 29,"
            (2..=3).filter_map(|k| i.checked_sub(k)).find_map(name)
        } else {
            None
        };
        if let Some(name) = who {
            out.push(Age {
                name,
                years,
                span: w.start..w.end,
            });
        }
    }
    out
}

/// Ages of the same name that differ.
pub(super) fn ages(pair: &Pair<'_, '_>) -> Vec<Found> {
    let (claim, source) = (ages_of(pair.claim), ages_of(pair.source));
    let mut out = Vec::new();
    for c in &claim {
        let same: Vec<&Age> = source
            .iter()
            .filter(|s| same_name(&s.name, &c.name))
            .collect();
        // One age that matches is the claim's: a text giving two ages of one name is unclear.
        if same.is_empty() || same.iter().any(|s| s.years == c.years) {
            continue;
        }
        out.push(Found {
            kind: ConflictKind::Number,
            claim: c.span.clone(),
            source: same[0].span.clone(),
            why: format!(
                "{}'s age",
                pair.claim.text[name_span(pair.claim, &c.name)].trim()
            ),
        });
    }
    out
}

/// Where a name is written in a reading (for the detail), or the empty range.
fn name_span(r: &Reading<'_>, name: &str) -> Range<usize> {
    r.tokens
        .iter()
        .find(|t| t.is_word && name_key(&t.key) == name)
        .map_or(0..0, |t| t.start..t.end)
}

#[cfg(test)]
mod tests {
    use super::super::tests::between;
    use super::super::ConflictKind;

    #[test]
    fn an_age_misstated_is_a_number_conflict() {
        let found = between(
            "Martin Mubanga is 29 years old.",
            "Mr Mubanga, 32, from Wembley, London, said he was brutally interrogated.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, ConflictKind::Number);
        assert_eq!(
            (found[0].claim.as_str(), found[0].source.as_str()),
            ("29", "32")
        );
        assert_eq!(
            found[0].detail,
            "the claim says “29”, the source says “32” (Mubanga's age)"
        );
        for claim in [
            "Martin Mubanga is 32 years old.",
            "Mr Mubanga, aged 32, spoke to the Observer.",
            "The 32-year-old Mubanga spoke to the Observer.",
        ] {
            assert!(
                between(claim, "Mr Mubanga, 32, from Wembley, said so.").is_empty(),
                "{claim}"
            );
        }
        // Another person's age is no conflict.
        assert!(between(
            "Martin Mubanga is 29 years old.",
            "His lawyer Louise Christian, 32, said so."
        )
        .is_empty());
    }
}
