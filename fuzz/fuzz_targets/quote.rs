//! Quote verification: any quote against any source.
//!
//! The input is split at its first 0xFF byte (else in half) into source text and quote; a
//! second 0xFF starts the text of another source "b" (else "b" is the quote in a sentence, so
//! that a quote missing from "a" is found elsewhere). Asserts: `verify` never panics; the
//! status is that of `found`; an exact match is the trimmed quote byte for byte; every span
//! and piece lies in its source on char boundaries, pieces in order inside the span; a holding
//! status has a place; `found_elsewhere` names another, existing source.
#![no_main]

use std::ops::Range;

use factcheck::corpus::Corpus;
use factcheck::fuzzing::quote::{Found, QuoteStatus, Verification, Verifier};
use libfuzzer_sys::fuzz_target;

fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    }
}

fn check_found(text: &str, found: &Found) {
    let valid = |span: &Range<usize>| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    assert!(valid(&found.span), "span {:?} invalid", found.span);
    assert!(!found.pieces.is_empty());
    let mut end = found.span.start;
    for piece in &found.pieces {
        assert!(valid(piece), "piece {piece:?} invalid");
        assert!(piece.start >= end, "pieces {:?} out of order", found.pieces);
        end = piece.end;
    }
    assert!(end <= found.span.end);
    assert_eq!(found.pieces.first().unwrap().start, found.span.start);
    assert_eq!(found.pieces.last().unwrap().end, found.span.end);
    assert_eq!(found.diff.is_some(), found.status == QuoteStatus::NearMiss);
}

fn check(corpus: &Corpus, quote: &str, cited: &str, v: &Verification) {
    let cited_index = corpus.source_index(cited);
    if cited_index.is_none() {
        assert_eq!(v.status, QuoteStatus::UnknownSource);
    }
    if let Some(found) = &v.found {
        assert_eq!(found.status, v.status);
        let text = &corpus.sources[cited_index.expect("found in a cited source")].text;
        check_found(text, found);
        if v.status == QuoteStatus::Exact {
            assert_eq!(
                &text[found.span.clone()],
                quote.trim(),
                "exact match differs"
            );
        }
    }
    if v.status.holds() {
        assert!(v.found.is_some(), "{:?} without a place", v.status);
    }
    if let Some((i, found)) = &v.found_elsewhere {
        assert_ne!(Some(*i), cited_index);
        assert!(
            found.status.holds(),
            "found elsewhere as {:?}",
            found.status
        );
        check_found(&corpus.sources[*i].text, found);
        if found.status == QuoteStatus::Exact {
            assert_eq!(&corpus.sources[*i].text[found.span.clone()], quote.trim());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (text, rest) = split(data);
    let (quote, other) = match rest.iter().position(|&b| b == 0xFF) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let text = String::from_utf8_lossy(text);
    let quote = String::from_utf8_lossy(quote);
    let other = match other {
        Some(o) => String::from_utf8_lossy(o).into_owned(),
        None => format!("He said: \"{quote}\", and left."),
    };
    let corpus = Corpus::from_texts(&[("a", &text), ("b", &other)]);
    let verifier = Verifier::new(&corpus, None);
    for cited in ["a", "missing"] {
        let v = verifier.verify(&quote, cited);
        check(&corpus, &quote, cited, &v);
    }
});
