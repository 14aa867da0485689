//! A claim as a query: its own terms, each with the alternatives that may stand for it in a
//! passage (the lexicon's related stems, a compound written as one word or two), which count
//! less than the claim's own words.

use super::analyze::{self, QueryWord};
use super::lexicon::Lexicon;

/// One of the query's words (all its occurrences) and what may stand for it.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The word's term in the index; None when no passage has it.
    pub(crate) term: Option<u32>,
    pub(crate) stem: String,
    /// How many times the query has the word.
    pub(crate) count: f32,
    pub(crate) alternatives: Vec<Alternative>,
}

/// Terms that together may stand for a query word, and how much they count against the word
/// itself (below 1).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Alternative {
    pub(crate) terms: Vec<u32>,
    pub(crate) weight: f32,
}

/// How the query is widened; a weight of 0 turns a kind of alternative off.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Widening {
    /// Weight of the lexicon's related stems.
    pub(crate) related: f32,
    /// Weight of a compound in its other spelling ("datacentre" for "data centre").
    pub(crate) compound: f32,
    /// Most related stems per word, the rarest in the index first: a common one adds little
    /// to any passage's score, at the cost of visiting many.
    pub(crate) max_related: usize,
}

/// Shortest part of a compound: "data" and "centre", not "heat" and "hwave"'s "h".
const MIN_COMPOUND_PART: usize = 3;

/// The query groups of `text`. `lookup` gives a stem's term in the index, `df` how many
/// passages have a term.
pub(crate) fn query(
    text: &str,
    lexicon: &Lexicon,
    widening: Widening,
    lookup: &dyn Fn(&str) -> Option<u32>,
    df: &dyn Fn(u32) -> usize,
) -> Vec<Group> {
    let words = analyze::query_words(text);
    let mut groups: Vec<Group> = Vec::new();
    // The group of each word (None for stopwords).
    let mut group_of: Vec<Option<usize>> = Vec::with_capacity(words.len());
    for word in &words {
        let Some(stem) = &word.term else {
            group_of.push(None);
            continue;
        };
        if let Some(i) = groups.iter().position(|g| &g.stem == stem) {
            groups[i].count += 1.0;
            group_of.push(Some(i));
            continue;
        }
        let mut group = Group {
            term: lookup(stem),
            stem: stem.clone(),
            count: 1.0,
            alternatives: Vec::new(),
        };
        if widening.related > 0.0 {
            related(&mut group, lexicon, stem, widening, lookup, df);
        }
        if widening.compound > 0.0 {
            if let Some(parts) = split_compound(word, lexicon, lookup) {
                push(&mut group, parts, widening.compound);
            }
        }
        group_of.push(Some(groups.len()));
        groups.push(group);
    }
    if widening.compound > 0.0 {
        // Two words written as one elsewhere: "data centre" finds "datacentre".
        for i in 1..words.len() {
            let (a, b) = (&words[i - 1], &words[i]);
            let (Some(ga), Some(gb)) = (group_of[i - 1], group_of[i]) else {
                continue;
            };
            if !b.joined || ga == gb {
                continue;
            }
            let (Some(fa), Some(fb)) = (analyze::folded(a.written), analyze::folded(b.written))
            else {
                continue;
            };
            let Some(id) = analyze::term(&format!("{fa}{fb}")).and_then(|t| lookup(&t)) else {
                continue;
            };
            push(&mut groups[ga], vec![id], widening.compound);
            push(&mut groups[gb], vec![id], widening.compound);
        }
    }
    groups
}

/// The lexicon's related stems of `stem` that the index has, as alternatives of `group`.
fn related(
    group: &mut Group,
    lexicon: &Lexicon,
    stem: &str,
    widening: Widening,
    lookup: &dyn Fn(&str) -> Option<u32>,
    df: &dyn Fn(u32) -> usize,
) {
    // Ties in frequency go by the stem, not the term id: ids are numbered in the order an
    // index met the stems, which an archive indexed over time does not share.
    let mut found: Vec<(usize, &str, u32)> = lexicon
        .related(stem)
        .filter_map(|(other, _)| lookup(other).map(|id| (df(id), other, id)))
        .collect();
    found.sort_unstable();
    for (_, _, id) in found.into_iter().take(widening.max_related) {
        push(group, vec![id], widening.related);
    }
}

fn push(group: &mut Group, terms: Vec<u32>, weight: f32) {
    if group.term.is_some_and(|t| terms == [t]) {
        return;
    }
    if !group.alternatives.iter().any(|a| a.terms == terms) {
        group.alternatives.push(Alternative { terms, weight });
    }
}

/// A word that is not in the dictionary (the lexicon) written as two words that are, and that
/// the corpus has ("datacentre" as "data" and "centre"), as the terms of the two; the split
/// with the longest first part wins.
fn split_compound(
    word: &QueryWord,
    lexicon: &Lexicon,
    lookup: &dyn Fn(&str) -> Option<u32>,
) -> Option<Vec<u32>> {
    let stem = word.term.as_deref()?;
    if lexicon.knows(stem) {
        return None;
    }
    let folded = analyze::folded(word.written)?;
    if !folded.chars().all(|c| c.is_alphabetic()) || !folded.is_ascii() {
        return None;
    }
    let n = folded.len();
    (MIN_COMPOUND_PART..=n.saturating_sub(MIN_COMPOUND_PART))
        .rev()
        .find_map(|i| {
            let part = |text: &str| {
                let stem = analyze::term(text).filter(|s| lexicon.knows(s))?;
                lookup(&stem)
            };
            Some(vec![part(&folded[..i])?, part(&folded[i..])?])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| analyze::term(w).unwrap()).collect()
    }

    fn lookup_in(vocabulary: &[String]) -> impl Fn(&str) -> Option<u32> + '_ {
        |stem: &str| vocabulary.iter().position(|v| v == stem).map(|i| i as u32)
    }

    const WIDE: Widening = Widening {
        related: 0.5,
        compound: 0.5,
        max_related: usize::MAX,
    };

    #[test]
    fn a_word_brings_its_related_stems_that_the_index_has() {
        let vocabulary = vocabulary(&["court", "netherlands", "holland"]);
        let groups = query(
            "a Dutch court",
            Lexicon::builtin(),
            WIDE,
            &lookup_in(&vocabulary),
            &|_| 1,
        );
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].term, None);
        let alternatives: Vec<&[u32]> = groups[0]
            .alternatives
            .iter()
            .map(|a| a.terms.as_slice())
            .collect();
        assert_eq!(alternatives, [&[1u32][..]]);
        assert_eq!(groups[1].term, Some(0));
    }

    #[test]
    fn compounds_are_found_in_their_other_spelling() {
        let both = vocabulary(&["data", "centre", "datacentre"]);
        let lookup = lookup_in(&both);
        let groups = query("a data centre", Lexicon::empty(), WIDE, &lookup, &|_| 1);
        assert!(groups.iter().all(|g| g.alternatives
            == [Alternative {
                terms: vec![2],
                weight: 0.5
            }]));
        // Not across punctuation.
        let groups = query("data, centre", Lexicon::empty(), WIDE, &lookup, &|_| 1);
        assert!(groups.iter().all(|g| g.alternatives.is_empty()));

        let parts = vocabulary(&["data", "centre"]);
        let groups = query(
            "datacentres",
            Lexicon::builtin(),
            WIDE,
            &lookup_in(&parts),
            &|_| 1,
        );
        assert_eq!(groups[0].alternatives[0].terms, [0, 1]);
    }
}
