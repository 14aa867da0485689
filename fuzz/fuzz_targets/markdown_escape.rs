//! Markdown escaping: any value, escaped, reads back as itself wherever a template puts it.
//!
//! The check is `escape_round_trips` of tests/support/markdown_oracle.rs, shared with the unit
//! tests of the escaper (src/render/markdown/escape.rs, which keep the inputs found here):
//! `escape(value)` put in each template context parses (pulldown-cmark, every extension but
//! smart punctuation and old footnotes) to the context's text with the value in place of a
//! plain word, with line ends ("\r\n", "\r", "\n") as spaces and NUL as U+FFFD, and leaves
//! the context's structure (every non-text event) as it is with a plain word (the empty value
//! escapes to ""). Also: a non-empty value in `code_span` parses to exactly one code span
//! holding the value (each of "\r", "\n" as a space), unless it holds what a code span would
//! show raw and must not (`fits_code_span`: a control, a bidirectional control, `##[`): then
//! `code_span` is `escape`, checked above.
#![no_main]

#[path = "../../tests/support/markdown_oracle.rs"]
mod markdown_oracle;

use factcheck::fuzzing::markdown::{code_span, escape, fits_code_span};
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Parser};

use markdown_oracle::options;

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    let value = value.as_ref();
    if let Err(e) = markdown_oracle::escape_round_trips(escape, value) {
        panic!("{e}");
    }

    // code_span("") is "``", no code span.
    if value.is_empty() {
        return;
    }
    let markup = code_span(value);
    if !fits_code_span(value) {
        assert_eq!(markup, escape(value), "{value:?}");
        return;
    }
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
