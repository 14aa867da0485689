//! Markdown escaping: any value, escaped, reads back as itself wherever a template puts it.
//!
//! Mirrors the unit test `escaped_text_reads_back_as_the_original` in src/render/markdown.rs:
//! `escape(value)` put in each template context parses (pulldown-cmark, every extension but
//! smart punctuation and old footnotes) to the context's text with the value in place of a
//! plain word, with line ends ("\r\n", "\r", "\n") as spaces and NUL as U+FFFD, and leaves
//! the context's structure (every non-text event) as it is with a plain word (for a
//! non-empty value; the empty value escapes to ""). Also: a non-empty value in `code_span`
//! parses to exactly one code span holding the value (each of "\r", "\n" as a space).
#![no_main]

use factcheck::render::markdown::{code_span, escape};
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser};

fn options() -> Options {
    Options::all() - Options::ENABLE_SMART_PUNCTUATION - Options::ENABLE_OLD_FOOTNOTES
}

/// The document's text, and its shape: every event but text, in order.
fn parse(markdown: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut shape = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) => text.push_str(&t),
            e => shape.push(format!("{e:?}")),
        }
    }
    (text, shape)
}

/// The contexts a template puts values in; `Q` marks the value (as in the unit test).
const CONTEXTS: [&str; 8] = [
    "Q",
    "Before\nQ\nafter",
    "- Q",
    "1. Q",
    "### Claim Q",
    "> [!WARNING]\n> Q says",
    "| a | b |\n| --- | --- |\n| Q | z |",
    "- [Q](#anchor) and <del>Q</del>",
];

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    let value = value.as_ref();
    let escaped = escape(value);
    if value.is_empty() {
        // Nothing to read back, and no paragraph where "word" makes one.
        assert_eq!(escaped, "");
        return;
    }
    let expected = value
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .replace('\0', "\u{FFFD}");
    for context in CONTEXTS {
        let (plain_text, plain_shape) = parse(&context.replace('Q', "word"));
        let (text, shape) = parse(&context.replace('Q', &escaped));
        assert_eq!(
            text,
            plain_text.replace("word", &expected),
            "{value:?} escaped as {escaped:?} in {context:?}"
        );
        assert_eq!(
            shape, plain_shape,
            "{value:?} escaped as {escaped:?} changes the structure of {context:?}"
        );
    }

    // (code_span("") is "``", no code span: the value is never empty here.)
    let markup = code_span(value);
    // pulldown-cmark keeps NUL in code spans where CommonMark replaces it; compare without.
    let expected = value.replace(['\r', '\n'], " ").replace('\0', "\u{FFFD}");
    let codes: Vec<String> = Parser::new_ext(&markup, options())
        .filter_map(|e| match e {
            Event::Code(c) => Some(c.replace('\0', "\u{FFFD}")),
            _ => None,
        })
        .collect();
    assert_eq!(codes, [expected], "{value:?} as {markup:?}");
});
