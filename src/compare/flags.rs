//! Where two wordings disagree: quantities of the same thing that cannot both be true, and
//! names, dates, years and numbers that the word diff replaces in the same place.

use std::collections::BTreeSet;
use std::ops::Range;

use super::names::{different_subjects, is_time_name, same_name, WEEKDAYS};
use super::{Discrepancy, DiscrepancyKind, PreparedWording, Reading};
use crate::diff::Op;
use crate::quantity::{self, Kind, Quantity};
use crate::text::{fold, is_stopword, Word};

/// Evidence that two quantities state the same fact, needed to flag them (see [`evidence`]).
const MIN_EVIDENCE: usize = 2;
/// "The same place" of a diff means something only when the two wordings are this similar.
pub(crate) const MIN_PLACE_SIMILARITY: f64 = 0.3;
/// A replaced stretch of the diff longer than this (tokens, each side) is not "the same place".
const MAX_REPLACED_TOKENS: usize = 8;
/// Names compared in one replaced stretch: at most this many words each side.
const MAX_NAME_WORDS: usize = 4;

fn discrepancy_kind(kind: Kind) -> DiscrepancyKind {
    match kind {
        Kind::Count => DiscrepancyKind::Quantity,
        Kind::Money(_) => DiscrepancyKind::Money,
        Kind::Percent | Kind::PercentagePoints => DiscrepancyKind::Percentage,
        Kind::Date => DiscrepancyKind::Date,
        Kind::Year => DiscrepancyKind::Year,
        Kind::Number => DiscrepancyKind::Number,
    }
}

/// A flag before it is written out: spans are byte ranges of the two wordings.
pub(crate) struct Flag {
    pub kind: DiscrepancyKind,
    pub a: Range<usize>,
    pub b: Range<usize>,
    /// The two quantities give different rates ("per hour" / "each day").
    pub rates_differ: bool,
    pub detail: String,
}

/// Whether two quantities of two wordings measure the same kind of thing: the same counted
/// thing (head noun stem), money in comparable currencies, percentages; with a named thing
/// ("in revenue", "of voters") the same one. A rate and a total are different things.
fn comparable(qa: &Quantity, qb: &Quantity) -> bool {
    if qa.rate.is_some() != qb.rate.is_some() {
        return false;
    }
    let heads = match (&qa.head, &qb.head) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    match (qa.kind, qb.kind) {
        // Periods ("the three months to 31 December") are compared only in the same place.
        (Kind::Count, Kind::Count) => qa.head == qb.head && qa.duration().is_none(),
        (Kind::Money(x), Kind::Money(y)) => x.compatible(y) && heads,
        (Kind::Percent, Kind::Percent) | (Kind::PercentagePoints, Kind::PercentagePoints) => heads,
        _ => false,
    }
}

/// How sure we are that two comparable quantities state the same fact rather than two facts
/// of the same kind: one point per content word the two contexts share ("economy grew"), one
/// when both give a rate (a specific measure), one when the claim counts that same thing.
fn evidence(
    a: &Reading<'_>,
    ia: usize,
    b: &Reading<'_>,
    ib: usize,
    claim: &BTreeSet<String>,
) -> usize {
    let (qa, qb) = (&a.quantities[ia], &b.quantities[ib]);
    let shared = a.contexts[ia].intersection(&b.contexts[ib]).count();
    let rates = usize::from(qa.rate.is_some() && qb.rate.is_some());
    let claimed = usize::from(qa.head.as_ref().is_some_and(|h| claim.contains(h)));
    shared + rates + claimed
}

/// Where two quantities of the same thing disagree, for people.
fn quantity_detail(qa: &Quantity, qb: &Quantity) -> String {
    let (da, db) = quantity::describe_pair(qa, qb);
    if qa.rate != qb.rate {
        let noun = |q: &Quantity| {
            q.noun
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default()
        };
        let rate = |q: &Quantity| {
            q.rate
                .map(|r| format!(" {}", r.as_str()))
                .unwrap_or_default()
        };
        return format!(
            "different rates: {da}{}{} vs {db}{}{}",
            noun(qa),
            rate(qa),
            noun(qb),
            rate(qb)
        );
    }
    let thing = quantity::thing(qa);
    if thing.is_empty() {
        format!("{da} vs {db}")
    } else {
        format!("{da} vs {db} {thing}")
    }
}

/// The discrepancies between two wordings: quantities of the same thing that cannot both be
/// true, and names, dates, years and numbers that the word diff replaces in the same place.
pub(super) fn discrepancies(
    a: &PreparedWording<'_>,
    b: &PreparedWording<'_>,
    ops: Option<&[Op]>,
    similarity: f64,
    claim: &BTreeSet<String>,
) -> Vec<Discrepancy> {
    flags(&a.reading, &b.reading, ops, similarity, claim, false)
        .into_iter()
        .map(|f| Discrepancy {
            kind: f.kind,
            sources: [a.source.id.clone(), b.source.id.clone()],
            a: a.reading.text[f.a.clone()].to_string(),
            b: b.reading.text[f.b.clone()].to_string(),
            a_at: a.at(f.a.start),
            b_at: b.at(f.b.start),
            detail: f.detail,
        })
        .collect()
}

/// Where two readings disagree, in the order of their places in `a` then `b`, each
/// disagreement once (the same one said twice in the same words is one). `claim` holds the
/// things the claim counts, which make two quantities more likely to state the same fact.
/// `same_subject`: the caller knows the two speak of the same thing (a claim and the passage
/// it cites), so that naming different entities does not set them apart.
pub(crate) fn flags(
    a: &Reading<'_>,
    b: &Reading<'_>,
    ops: Option<&[Op]>,
    similarity: f64,
    claim: &BTreeSet<String>,
    same_subject: bool,
) -> Vec<Flag> {
    let mut flags = if same_subject || !different_subjects(a, b) {
        quantity_flags(a, b, claim)
    } else {
        Vec::new()
    };
    if let Some(ops) = ops.filter(|_| similarity >= MIN_PLACE_SIMILARITY) {
        flags.extend(replaced_flags(a, b, ops, &flags));
    }
    flags.sort_by(|x, y| {
        (x.a.start, x.b.start, x.kind, x.a.end, x.b.end)
            .cmp(&(y.a.start, y.b.start, y.kind, y.a.end, y.b.end))
    });
    let mut seen: BTreeSet<(DiscrepancyKind, String, String)> = BTreeSet::new();
    flags.retain(|f| {
        seen.insert((
            f.kind,
            fold(&a.text[f.a.clone()]),
            fold(&b.text[f.b.clone()]),
        ))
    });
    flags
}

/// Quantities of the same thing whose values (or rates) disagree. A quantity that agrees
/// with a comparable quantity of the other wording is confirmed and not flagged against the
/// others: those are likely about something else. Conflicting pairs need [`MIN_EVIDENCE`]
/// and are matched one to one, the best evidence first.
fn quantity_flags(a: &Reading<'_>, b: &Reading<'_>, claim: &BTreeSet<String>) -> Vec<Flag> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (ia, qa) in a.quantities.iter().enumerate() {
        for (ib, qb) in b.quantities.iter().enumerate() {
            if comparable(qa, qb) {
                pairs.push((ia, ib));
            }
        }
    }
    let agree = |&(ia, ib): &(usize, usize)| a.quantities[ia].agrees(&b.quantities[ib]);
    let confirmed_a: BTreeSet<usize> = pairs.iter().filter(|p| agree(p)).map(|p| p.0).collect();
    let confirmed_b: BTreeSet<usize> = pairs.iter().filter(|p| agree(p)).map(|p| p.1).collect();
    let mut conflicts: Vec<(usize, usize, usize)> = pairs
        .iter()
        .filter(|p| !agree(p) && !confirmed_a.contains(&p.0) && !confirmed_b.contains(&p.1))
        .map(|&(ia, ib)| (ia, ib, evidence(a, ia, b, ib, claim)))
        .filter(|&(_, _, e)| e >= MIN_EVIDENCE)
        .collect();
    conflicts.sort_by_key(|&(ia, ib, e)| (std::cmp::Reverse(e), ia, ib));
    let (mut used_a, mut used_b) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (ia, ib, _) in conflicts {
        if !used_a.insert(ia) || !used_b.insert(ib) {
            continue;
        }
        let (qa, qb) = (&a.quantities[ia], &b.quantities[ib]);
        out.push(Flag {
            kind: discrepancy_kind(qa.kind),
            a: qa.span.clone(),
            b: qb.span.clone(),
            rates_differ: qa.rate != qb.rate,
            detail: quantity_detail(qa, qb),
        });
    }
    out
}

/// A word that says what the words around a change are about: no stopword, no number.
pub(crate) fn says_something(t: &Word) -> bool {
    t.is_word && !is_stopword(&t.key) && !t.key.starts_with(|c: char| c.is_ascii_digit())
}

/// A replaced stretch of the diff is "the same place" in both wordings when the words next to
/// it are equal in both and say something (a content word among the three nearest).
pub(crate) fn anchored(a: &Reading<'_>, ops: &[Op], at: usize) -> bool {
    let before = match at.checked_sub(1).map(|i| ops[i]) {
        None => Some(false),
        Some(Op::Equal { old_index, len, .. }) => Some(
            a.tokens[old_index..old_index + len]
                .iter()
                .rev()
                .take(3)
                .any(says_something),
        ),
        Some(_) => None,
    };
    let after = match ops.get(at + 1) {
        None => Some(false),
        Some(Op::Equal { old_index, len, .. }) => Some(
            a.tokens[*old_index..*old_index + *len]
                .iter()
                .take(3)
                .any(says_something),
        ),
        Some(_) => None,
    };
    matches!((before, after), (Some(x), Some(y)) if x || y)
}

/// Names, dates, years and numbers that the diff puts in the same place of both wordings.
fn replaced_flags(a: &Reading<'_>, b: &Reading<'_>, ops: &[Op], found: &[Flag]) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    let mut a_to_b: Vec<Option<usize>> = vec![None; a.tokens.len()];
    for op in ops {
        if let Op::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                a_to_b[old_index + k] = Some(new_index + k);
            }
        }
    }
    for (ia, qa) in a.quantities.iter().enumerate() {
        for (ib, qb) in b.quantities.iter().enumerate() {
            let Some(flag) = same_place_flag(qa, qb) else {
                continue;
            };
            if !aligned(a, b, &a_to_b, ia, ib) {
                continue;
            }
            let known = found
                .iter()
                .chain(out.iter())
                .any(|f| f.a == flag.a || f.b == flag.b);
            if !known {
                out.push(flag);
            }
        }
    }
    for (at, op) in ops.iter().enumerate() {
        let Op::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = *op
        else {
            continue;
        };
        if old_len > MAX_REPLACED_TOKENS || new_len > MAX_REPLACED_TOKENS || !anchored(a, ops, at) {
            continue;
        }
        let (ra, rb) = (a.range(old_index, old_len), b.range(new_index, new_len));
        let holds_quantity = |p: &Reading<'_>, r: &Range<usize>| {
            p.quantities
                .iter()
                .any(|q| q.number.start < r.end && r.start < q.number.end)
        };
        if holds_quantity(a, &ra) || holds_quantity(b, &rb) {
            continue;
        }
        if let Some(flag) = name_flag(
            a,
            b,
            old_index..old_index + old_len,
            new_index..new_index + new_len,
        ) {
            out.push(flag);
        }
    }
    out
}

/// Tokens of a wording inside a byte range.
fn token_range(p: &Reading<'_>, span: &Range<usize>) -> Range<usize> {
    let start = p.tokens.partition_point(|t| t.end <= span.start);
    let end = p.tokens.partition_point(|t| t.start < span.end);
    start..end.max(start)
}

/// Whether quantity `ia` of `a` and `ib` of `b` sit in the same place of the diff: between
/// the same two equal anchors (or a text's edge), with at most a few other words beside them
/// in that stretch, and a content word among the anchors ("initiated the project around
/// 2019, when" / "initiated the project in 2022, when").
fn aligned(
    a: &Reading<'_>,
    b: &Reading<'_>,
    a_to_b: &[Option<usize>],
    ia: usize,
    ib: usize,
) -> bool {
    const MAX_BESIDE: usize = 4;
    let ta = token_range(a, &a.quantities[ia].span);
    let tb = token_range(b, &b.quantities[ib].span);
    let left = (0..ta.start).rev().find(|&i| a_to_b[i].is_some());
    let right = (ta.end..a.tokens.len()).find(|&i| a_to_b[i].is_some());
    let (a_lo, b_lo) = match left {
        Some(i) => (i + 1, a_to_b[i].map_or(0, |j| j + 1)),
        None => (0, 0),
    };
    let (a_hi, b_hi) = match right {
        Some(i) => (i, a_to_b[i].unwrap_or(b.tokens.len())),
        None => (a.tokens.len(), b.tokens.len()),
    };
    if tb.start < b_lo || tb.end > b_hi {
        return false;
    }
    let beside_a = (ta.start - a_lo) + (a_hi - ta.end);
    let beside_b = (tb.start - b_lo) + (b_hi - tb.end);
    if beside_a > MAX_BESIDE || beside_b > MAX_BESIDE {
        return false;
    }
    let content = |i: usize| a_to_b[i].is_some() && says_something(&a.tokens[i]);
    let before = left.is_some_and(|l| (l.saturating_sub(2)..=l).any(content));
    let after = right.is_some_and(|r| (r..(r + 3).min(a.tokens.len())).any(content));
    before || after
}

/// Two quantities in the same place of the diff that cannot both be true.
fn same_place_flag(qa: &Quantity, qb: &Quantity) -> Option<Flag> {
    // A rate and a total are different things, wherever they stand.
    if qa.rate.is_some() != qb.rate.is_some() {
        return None;
    }
    let year = |q: &Quantity| match (q.kind, q.date) {
        (Kind::Date, Some(d)) => d.year.map(|y| y as f64),
        (Kind::Year, _) if q.bound == quantity::Bound::Exact => Some(q.nominal),
        _ => None,
    };
    let said = |q: &Quantity, other: &Quantity| match &q.noun {
        Some(n) => format!("{} {n}", q.describe(other)),
        None => q.describe(other),
    };
    let comparable = match (qa.kind, qb.kind) {
        (Kind::Date, Kind::Date) | (Kind::Year, Kind::Year) | (Kind::Number, Kind::Number) => true,
        (Kind::Count, Kind::Number) | (Kind::Number, Kind::Count) => true,
        (Kind::Count, Kind::Count) => {
            // "within 12 months" / "within 12 weeks": durations compare in seconds.
            if let (Some(da), Some(db)) = (qa.duration(), qb.duration()) {
                if da.overlaps(&db) || qa.head == qb.head {
                    return None;
                }
                return Some(Flag {
                    kind: DiscrepancyKind::Number,
                    a: qa.span.clone(),
                    b: qb.span.clone(),
                    rates_differ: false,
                    detail: format!(
                        "{} vs {} in the same place of both wordings",
                        said(qa, qb),
                        said(qb, qa)
                    ),
                });
            }
            qa.head == qb.head
        }
        (Kind::Money(x), Kind::Money(y)) => x.compatible(y),
        (Kind::Percent, Kind::Percent) | (Kind::PercentagePoints, Kind::PercentagePoints) => true,
        (Kind::Date, Kind::Year) | (Kind::Year, Kind::Date) => {
            // "in 2021" / "in September 2022": the years
            let (ya, yb) = (year(qa)?, year(qb)?);
            if ya == yb {
                return None;
            }
            return Some(Flag {
                kind: DiscrepancyKind::Year,
                a: qa.span.clone(),
                b: qb.span.clone(),
                rates_differ: false,
                detail: format!("{ya} vs {yb} in the same place of both wordings"),
            });
        }
        _ => false,
    };
    if !comparable || qa.agrees(qb) {
        return None;
    }
    let (da, db) = quantity::describe_pair(qa, qb);
    let kind = match (qa.kind, qb.kind) {
        (Kind::Count, _) | (_, Kind::Count) => DiscrepancyKind::Number,
        (k, _) => discrepancy_kind(k),
    };
    let detail = match kind {
        DiscrepancyKind::Quantity | DiscrepancyKind::Money | DiscrepancyKind::Percentage => {
            quantity_detail(qa, qb)
        }
        _ => format!("{da} vs {db} in the same place of both wordings"),
    };
    Some(Flag {
        kind,
        a: qa.span.clone(),
        b: qb.span.clone(),
        rates_differ: qa.rate != qb.rate,
        detail,
    })
}

/// A name replaced by a different name in the same place ("Netherlands" / "Ireland").
fn name_flag(a: &Reading<'_>, b: &Reading<'_>, ta: Range<usize>, tb: Range<usize>) -> Option<Flag> {
    let words = |p: &Reading<'_>, r: &Range<usize>| {
        p.tokens[r.clone()].iter().filter(|t| t.is_word).count()
    };
    if words(a, &ta) > MAX_NAME_WORDS || words(b, &tb) > MAX_NAME_WORDS {
        return None;
    }
    let found = |p: &Reading<'_>, r: &Range<usize>| -> Vec<(usize, String)> {
        r.clone()
            .filter_map(|i| p.names[i].clone().map(|n| (i, n)))
            .collect()
    };
    // Each side is a name: its other words are stopwords ("the Netherlands") or the
    // number of a name ("Unit 8200"), not words that change what the sentence says.
    let only_names = |p: &Reading<'_>, r: &Range<usize>| {
        r.clone().all(|i| {
            let t = &p.tokens[i];
            !t.is_word
                || p.names[i].is_some()
                || is_stopword(&t.key)
                || t.key.starts_with(|c: char| c.is_ascii_digit())
        })
    };
    let (na, nb) = (found(a, &ta), found(b, &tb));
    if na.is_empty() || nb.is_empty() || !only_names(a, &ta) || !only_names(b, &tb) {
        return None;
    }
    // Words before a name both wordings give are variants of that one name: "Greek
    // Athletics Federation" / "Greek Track and Field Federation", "Mr Brown" / "Chancellor
    // Gordon Brown".
    let next = |p: &Reading<'_>, at: usize| p.names.get(at).cloned().flatten();
    if next(a, ta.end).is_some() && next(a, ta.end) == next(b, tb.end) {
        return None;
    }
    // A day is not replaced by a place.
    let times = |n: &[(usize, String)]| n.iter().all(|(_, w)| is_time_name(w));
    if times(&na) != times(&nb) {
        return None;
    }
    // A name the other wording also mentions (anywhere) is not replaced: the two list
    // things in another order, or say more.
    let mentions = |p: &Reading<'_>, n: &[(usize, String)]| {
        n.iter()
            .any(|(_, x)| p.names.iter().flatten().any(|y| same_name(x, y)))
    };
    if mentions(b, &na) || mentions(a, &nb) {
        return None;
    }
    let span = |p: &Reading<'_>, n: &[(usize, String)]| {
        p.tokens[n[0].0].start..p.tokens[n[n.len() - 1].0].end
    };
    let (sa, sb) = (span(a, &na), span(b, &nb));
    let weekday = |n: &[(usize, String)]| n.iter().all(|(_, w)| WEEKDAYS.contains(&w.as_str()));
    let kind = if weekday(&na) && weekday(&nb) {
        DiscrepancyKind::Date
    } else {
        DiscrepancyKind::Name
    };
    let detail = format!(
        "{} vs {} in the same place of both wordings",
        &a.text[sa.clone()],
        &b.text[sb.clone()]
    );
    Some(Flag {
        kind,
        a: sa,
        b: sb,
        rates_differ: false,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{corpus, pair, place, wording, NO_AZURE, WEBPRO};
    use super::super::{compare, At, Discrepancy, DiscrepancyKind};

    /// The one discrepancy between two wordings of a claim.
    fn only_discrepancy(a: &str, b: &str) -> Discrepancy {
        let out = pair(a, b);
        assert_eq!(out.discrepancies.len(), 1, "{:?}", out.discrepancies);
        out.discrepancies.into_iter().next().unwrap()
    }

    #[test]
    fn flags_millions_per_hour_against_up_to_a_million() {
        let c = corpus(&[("no-azure", NO_AZURE), ("webpro", WEBPRO)]);
        let inputs = [
            wording(&c, "no-azure", "capable of recording"),
            wording(&c, "webpro", "up to a million calls"),
        ];
        let out = compare(
            "The Azure-based system could record millions of calls every hour.",
            &inputs,
        );
        assert_eq!(
            out.discrepancies,
            [Discrepancy {
                kind: DiscrepancyKind::Quantity,
                sources: ["no-azure".into(), "webpro".into()],
                a: "millions of calls per hour".into(),
                b: "up to a million calls per hour".into(),
                a_at: place(NO_AZURE, "millions of calls per hour"),
                b_at: place(WEBPRO, "up to a million calls per hour"),
                detail: "at least 2,000,000 vs at most 1,000,000 calls per hour".into(),
            }]
        );
        assert_eq!(
            out.discrepancies[0].a_at,
            At {
                line: 4,
                column: 191,
                page: None
            }
        );
        assert_eq!(out.wordings.len(), 2);
        assert_eq!(out.wordings[1].line, 5);
        assert_eq!(out.comparisons.len(), 1);
        assert_eq!(out.comparisons[0].sources, ["no-azure", "webpro"]);
        assert!(out
            .wordings
            .iter()
            .all(|w| w.similarity > 0.0 && w.similarity < 1.0));
    }

    #[test]
    fn flags_a_rate_of_the_same_thing_that_differs() {
        let d = only_discrepancy(
            "The system recorded millions of calls per hour in Gaza.",
            "The system collected millions of Palestinian phone calls made each day in Gaza.",
        );
        assert_eq!(d.kind, DiscrepancyKind::Quantity);
        assert_eq!(d.b, "millions of Palestinian phone calls made each day");
        assert!(d.detail.starts_with("different rates:"), "{}", d.detail);
        // A rate and a total are different things.
        assert!(pair(
            "The system recorded millions of calls per hour.",
            "The system stored millions of intercepted calls."
        )
        .discrepancies
        .is_empty());
    }

    #[test]
    fn the_same_fact_in_other_words_is_not_flagged() {
        for (a, b) in [
            (
                "The system handled 1 million calls per hour last year.",
                "The system handled a million calls per hour last year.",
            ),
            (
                "The network handled one million calls per hour.",
                "The network handled 1,000,000 calls an hour.",
            ),
            (
                "For Microsoft, which reported $200 billion in revenue, the move is small.",
                "For Microsoft, which reported 200 billion dollars in revenue, the move is small.",
            ),
            (
                "Microsoft reported US$200bn in revenue last year.",
                "Microsoft reported over $190 billion in revenue last year.",
            ),
            (
                "Microsoft restricted Unit 8200 from Azure storage.",
                "Microsoft restricted Unit 8200's access to Azure storage.",
            ),
            (
                "The briefing named 15 companies contributing to the violations.",
                "The resolution gave Israel 12 months to end the occupation.",
            ),
            (
                "Investigators found 300 documents in the archive.",
                "Investigators found documents in the archive.",
            ),
            (
                "About 1,000 people attended the protest in London.",
                "Some 1,050 people attended the protest in London.",
            ),
            (
                "The system could record a million calls an hour.",
                "The system could record 24 million calls a day.",
            ),
            (
                "Hundreds of staff signed the letter to Microsoft.",
                "More than 400 staff signed the letter to Microsoft.",
            ),
            (
                "In a joint investigation with +972 Magazine and Local Call, the Guardian revealed the plan.",
                "Investigations by The Guardian, +972 Magazine and Local Call, and The Associated Press revealed the plan.",
            ),
            (
                "The archive was held in a Microsoft datacentre in the Netherlands.",
                "The archive was held in a Microsoft datacentre in the Netherlands, sources said.",
            ),
        ] {
            let out = pair(a, b);
            assert!(out.discrepancies.is_empty(), "{a:?} / {b:?}: {:?}", out.discrepancies);
        }
    }

    #[test]
    fn flags_a_name_replaced_by_another() {
        let d = only_discrepancy(
            "According to several sources, the archive was held in a Microsoft datacentre in the Netherlands.",
            "According to several sources, the archive was held in a Microsoft datacentre in Ireland.",
        );
        assert_eq!(d.kind, DiscrepancyKind::Name);
        assert_eq!((d.a.as_str(), d.b.as_str()), ("Netherlands", "Ireland"));
        assert_eq!(
            d.a_at,
            At {
                line: 3,
                column: 85,
                page: None
            }
        );
        assert_eq!(
            d.detail,
            "Netherlands vs Ireland in the same place of both wordings"
        );
        // A word that only starts a sentence is no name; "Israel's" is "Israel".
        for (a, b) in [
            (
                "Microsoft said it acted. Then staff were told.",
                "Microsoft said it acted. Later staff were told.",
            ),
            (
                "The plan of Israel’s military was reported.",
                "The plan of Israel's military was reported.",
            ),
            (
                "The plan of Israel’s military was reported.",
                "The plan of the Israeli military was reported.",
            ),
        ] {
            assert!(pair(a, b).discrepancies.is_empty(), "{a:?} / {b:?}");
        }
    }

    #[test]
    fn flags_a_year_or_date_replaced_in_the_same_place() {
        let d = only_discrepancy(
            "The Israeli military initiated the project around 2019, when it faced capacity constraints.",
            "The Israeli military initiated the project in 2022, when it faced capacity constraints.",
        );
        assert_eq!(d.kind, DiscrepancyKind::Year);
        assert_eq!((d.a.as_str(), d.b.as_str()), ("around 2019", "2022"));
        assert_eq!(
            d.detail,
            "about 2019 vs 2022 in the same place of both wordings"
        );
        // "around 2021" allows 2022.
        assert!(pair(
            "The military initiated the project around 2021, when it faced constraints.",
            "The military initiated the project in 2022, when it faced constraints.",
        )
        .discrepancies
        .is_empty());

        let d = only_discrepancy(
            "The UN General Assembly resolution of 18 September 2024 called for Israel to end its occupation.",
            "The UN General Assembly resolution of September 19, 2024 called for Israel to end its occupation.",
        );
        assert_eq!(d.kind, DiscrepancyKind::Date);
        assert_eq!(
            d.detail,
            "18 September 2024 vs 19 September 2024 in the same place of both wordings"
        );
        assert!(pair(
            "The resolution of 18 September 2024 called for an end to the occupation.",
            "The resolution of 2024-09-18 called for an end to the occupation.",
        )
        .discrepancies
        .is_empty());
    }
}
