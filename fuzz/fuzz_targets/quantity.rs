//! Number and quantity normalisation, and the comparison of wordings built on it.
//!
//! The input is split at 0xFF bytes: the first part is a text to scan (and the claim), up to
//! three more parts are wordings of it in sources "w0".."w2". Asserts: `quantity::scan` never
//! panics; every quantity's span and number lie in the text on char boundaries, the number
//! inside the span; its interval is not NaN and not reversed (lo <= hi); a date's month and
//! day are in range; `format_number`, `describe`, `duration`, `agrees` and `thing` do not
//! panic on what scan gives, nor `format_number` on any f64 taken from the input's bytes;
//! `compare::compare` never panics and its line:column and similarities are sane.
#![no_main]

use std::ops::Range;

use factcheck::fuzzing::compare::{compare, WordingInput};
use factcheck::corpus::Corpus;
use factcheck::fuzzing::quantity::{self, format_number, Kind, Quantity};
use libfuzzer_sys::fuzz_target;

fn check_quantity(text: &str, q: &Quantity) {
    let valid = |span: &Range<usize>| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    assert!(valid(&q.span), "span {:?} invalid in {text:?}", q.span);
    assert!(
        valid(&q.number),
        "number {:?} invalid in {text:?}",
        q.number
    );
    assert!(
        q.span.start <= q.number.start && q.number.end <= q.span.end,
        "number {:?} outside span {:?}",
        q.number,
        q.span
    );
    let v = &q.value;
    assert!(!v.lo.is_nan() && !v.hi.is_nan(), "NaN in {q:?}");
    assert!(!q.nominal.is_nan(), "NaN nominal in {q:?}");
    assert!(v.lo <= v.hi, "reversed interval in {q:?} from {text:?}");
    if let Some(d) = &q.date {
        if let Some(m) = d.month {
            assert!((1..=12).contains(&m), "month {m} in {q:?}");
        }
        if let Some(day) = d.day {
            assert!((1..=31).contains(&day), "day {day} in {q:?}");
        }
        let _ = d.to_string();
    }
    if q.kind == Kind::Date {
        assert!(q.date.is_some(), "a date without its date: {q:?}");
    }
    let _ = format_number(q.nominal);
    let _ = format_number(v.lo);
    let _ = format_number(v.hi);
    let _ = q.describe(q);
    let _ = q.duration();
    let _ = quantity::thing(q);
    assert!(
        q.agrees(q) || q.value.lo_open || q.value.hi_open,
        "{q:?} disagrees with itself"
    );
}

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let x = f64::from_le_bytes(data[..8].try_into().unwrap());
        let _ = format_number(x);
        let _ = format_number(-x);
    }
    let parts: Vec<String> = data
        .split(|&b| b == 0xFF)
        .take(4)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let text = parts[0].as_str();
    let found = quantity::scan(text);
    for q in &found {
        check_quantity(text, q);
    }
    for pair in found.windows(2) {
        let _ = quantity::describe_pair(&pair[0], &pair[1]);
        let _ = pair[0].agrees(&pair[1]);
        let _ = pair[1].agrees(&pair[0]);
    }

    if parts.len() < 2 {
        return;
    }
    let ids = ["w0", "w1", "w2"];
    let texts: Vec<(&str, &str)> = parts[1..]
        .iter()
        .zip(ids)
        .map(|(p, id)| (id, p.as_str()))
        .collect();
    let corpus = Corpus::from_texts(&texts);
    // Each wording is its source's first passage, or the whole text when it has none.
    let wordings: Vec<WordingInput<'_>> = corpus
        .sources
        .iter()
        .map(|source| WordingInput {
            source,
            span: source
                .passages
                .first()
                .map_or(0..source.text.len(), |p| p.span.clone()),
            cited: true,
        })
        .collect();
    let result = compare(text, &wordings);
    assert_eq!(result.wordings.len(), wordings.len());
    for w in &result.wordings {
        assert!(w.line >= 1 && w.column >= 1);
        assert!(
            (0.0..=1.0).contains(&w.similarity),
            "similarity {}",
            w.similarity
        );
    }
    for c in &result.comparisons {
        assert!(
            (0.0..=1.0).contains(&c.similarity),
            "similarity {}",
            c.similarity
        );
    }
    for d in &result.discrepancies {
        assert!(d.a_at.line >= 1 && d.b_at.line >= 1);
    }
});
