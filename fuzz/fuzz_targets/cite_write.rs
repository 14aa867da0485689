//! The claims file together with `cite --write`: any text, and a citation added to one of its
//! claims as `cite --write` adds it.
//!
//! The input's first byte chooses the quote (from a few awkward ones: quotes, apostrophes,
//! backslashes, `##[`, non-ASCII) and the claim (its index among the file's claims); the rest
//! is the claims file. Asserts, whenever the insertion succeeds: what it writes parses as a
//! claims file, holds every byte of the original in order (so nothing outside the inserted
//! citation is lost or changed), and its claims are the original's with the new citation last
//! in the chosen claim (or, when the claim cited it already, the file unchanged).
#![no_main]

use std::path::{Path, PathBuf};

use factcheck::fuzzing::cite::write_citation;
use factcheck::project::Project;
use libfuzzer_sys::fuzz_target;

const QUOTES: [&str; 8] = [
    "held in a Microsoft datacentre",
    "He said \"no\" twice",
    "it's 'single' quoted",
    "a back\\slash and a tab\there",
    "##[error] forged",
    "café – “curly” naïve",
    "'''triple'''",
    "\"\"\" and ''' together",
];

fn parse(text: &str) -> Option<Project> {
    Project::parse(Path::new("claims.toml"), PathBuf::from("."), text.to_string()).ok()
}

/// Every byte of `part` is in `whole`, in order.
fn is_subsequence(part: &[u8], whole: &[u8]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|b| rest.any(|w| w == b))
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let Some(before) = parse(&text) else {
        return;
    };
    if before.claims.is_empty() {
        return;
    }
    let quote = QUOTES[usize::from(choice) % QUOTES.len()];
    let index = usize::from(choice / 8) % before.claims.len();
    let claim = before.claims[index].id.clone();
    let Ok(written) = write_citation(&text, &claim, "fuzzed-source", quote) else {
        return;
    };
    assert!(
        is_subsequence(text.as_bytes(), written.as_bytes()),
        "an original byte is lost:\n--- before\n{text:?}\n--- after\n{written:?}"
    );
    let after = parse(&written).unwrap_or_else(|| {
        panic!("what cite --write wrote does not parse:\n--- before\n{text:?}\n--- after\n{written:?}")
    });
    assert_eq!(after.claims.len(), before.claims.len());
    for (i, (a, b)) in after.claims.iter().zip(&before.claims).enumerate() {
        assert_eq!((&a.id, &a.text), (&b.id, &b.text));
        let old: Vec<(&str, &str)> = b
            .citations
            .iter()
            .map(|c| (c.source.as_str(), c.quote.as_str()))
            .collect();
        let new: Vec<(&str, &str)> = a
            .citations
            .iter()
            .map(|c| (c.source.as_str(), c.quote.as_str()))
            .collect();
        if i == index && !old.contains(&("fuzzed-source", quote)) {
            assert_eq!(new.len(), old.len() + 1, "{written:?}");
            assert_eq!(&new[..old.len()], &old[..]);
            assert_eq!(new[old.len()], ("fuzzed-source", quote));
        } else {
            assert_eq!(new, old, "claim {i} changed:\n{written:?}");
        }
    }
    if !written.contains("fuzzed-source") {
        assert_eq!(written, text);
    }
});
