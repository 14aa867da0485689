//! Issue 17, a journalist's first session: the rough edges met on excerpts of BBC articles
//! about the Guantanamo Britons (`tests/fixtures/guantanamo/`), each as the user met it,
//! through the binary.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

fn factcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Whether `text` starts with a quotation mark followed by white space, or ends with one
/// after white space that opens no quote in it: a mark of the sentence next to it.
fn stray_quote_mark(text: &str) -> bool {
    let mark = |c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}');
    let mut chars = text.chars();
    let starts = chars.next().is_some_and(mark) && chars.next().is_some_and(char::is_whitespace);
    let mut back = text.chars().rev();
    let ends = back.next().is_some_and(mark)
        && back.next().is_some_and(char::is_whitespace)
        && text.matches('"').count().is_multiple_of(2);
    starts || ends
}

#[test]
fn cite_proposes_no_quote_mark_of_the_next_sentence() {
    let dir = common::fixture_project("guantanamo");
    let out = factcheck(dir.path(), &["cite", "--claim", "tutu-unacceptable"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let toml = stdout(&out);
    let quotes: Vec<String> = toml
        .lines()
        .filter_map(|l| l.strip_prefix("quote = "))
        .map(|q| {
            toml::from_str::<toml::Value>(&format!("q = {q}")).unwrap()["q"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(!quotes.is_empty(), "{toml}");
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("It is utterly unacceptable.")),
        "{toml}"
    );
    for quote in &quotes {
        assert!(!stray_quote_mark(quote), "{quote:?} in\n{toml}");
        assert!(!quote.ends_with(". \""), "{quote:?}");
    }
}

#[test]
fn search_lists_no_passage_starting_with_the_last_sentences_quote_mark() {
    let dir = common::fixture_project("guantanamo");
    let out = factcheck(
        dir.path(),
        &[
            "search",
            "The US government denied the claims",
            "--top",
            "20",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing = stdout(&out);
    assert!(
        listing.contains("bbc-politics-100:5  The US government denied the claims, saying it condemned and prohibited torture.\n"),
        "{listing}"
    );
    for line in listing.lines() {
        let (_, passage) = line.split_once("  ").unwrap();
        assert!(!stray_quote_mark(passage), "{line}");
    }
}
