//! The test oracle of the Markdown escaper (`escape` in src/render/markdown/escape.rs): whether
//! a value, escaped, reads back as itself wherever a template puts it.
//!
//! One file, included with `#[path = "..."] mod markdown_oracle;` by everything that checks
//! the escaper: its unit tests (through src/render/markdown.rs) and the fuzz target
//! fuzz/fuzz_targets/markdown_escape.rs. It reads Markdown with pulldown-cmark, which each of
//! them has as a (dev-)dependency; the library itself has no Markdown parser and ships none of
//! this.

use pulldown_cmark::{Event, Options, Parser};

/// Every extension pulldown-cmark has, except smart punctuation (which rewrites quotes and
/// dashes by design) and the old footnote syntax.
pub fn options() -> Options {
    Options::all() - Options::ENABLE_SMART_PUNCTUATION - Options::ENABLE_OLD_FOOTNOTES
}

/// The contexts the templates put values in; `Q` marks the value.
const ESCAPE_CONTEXTS: [&str; 8] = [
    "Q",
    "Before\nQ\nafter",
    "- Q",
    "1. Q",
    "### Claim Q",
    "> [!WARNING]\n> Q says",
    "| a | b |\n| --- | --- |\n| Q | z |",
    "- [Q](#anchor) and <del>Q</del>",
];

/// A document's text and its shape (every event but text, in order).
fn read(markdown: &str) -> (String, Vec<String>) {
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

/// Whether `escape` keeps its promise for `value`. The check holds when the escaped value has
/// no line end and, put in each context a template puts values in, reads back as `value` with
/// its line ends (`\r\n`, `\r`, `\n`) as spaces and NUL as U+FFFD, the context keeping the
/// shape it has around a plain word. The empty value holds when it escapes to nothing (no
/// paragraph where a word makes one). The error names the value, its escaped form, the context
/// and what was read back.
pub fn escape_round_trips(escape: fn(&str) -> String, value: &str) -> Result<(), String> {
    let escaped = escape(value);
    if value.is_empty() {
        return if escaped.is_empty() {
            Ok(())
        } else {
            Err(format!("\"\" escaped as {escaped:?}, not \"\""))
        };
    }
    if escaped.contains(['\n', '\r']) {
        return Err(format!("{value:?} escaped as {escaped:?} holds a line end"));
    }
    let expected = value
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .replace('\0', "\u{FFFD}");
    for context in ESCAPE_CONTEXTS {
        let (plain_text, plain_shape) = read(&context.replace('Q', "word"));
        let (text, shape) = read(&context.replace('Q', &escaped));
        let want = plain_text.replace("word", &expected);
        if text != want {
            return Err(format!(
                "{value:?} escaped as {escaped:?} in {context:?} reads back as {text:?}, \
                 not {want:?}"
            ));
        }
        if shape != plain_shape {
            return Err(format!(
                "{value:?} escaped as {escaped:?} changes the structure of {context:?}: \
                 {shape:?}, not {plain_shape:?}"
            ));
        }
    }
    Ok(())
}
