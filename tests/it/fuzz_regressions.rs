//! Inputs the fuzz targets in `fuzz/` found (README.md, "Fuzzing"), kept as tests. Each test
//! names its target and the input file in `fuzz/regressions/<target>/`; each finding is fixed
//! and its test guards the fix.

use factcheck::render::markdown::{code_span, escape};
use pulldown_cmark::{Event, Parser};

use crate::markdown_oracle::{self, options};

/// `value`, escaped, reads as `value` and keeps the structure of every template context
/// (`escape_round_trips`, the fuzz target's check).
fn assert_reads_back(value: &str) {
    if let Err(e) = markdown_oracle::escape_round_trips(escape, value) {
        panic!("{e}");
    }
}

/// Target `markdown_escape`, fuzz/regressions/markdown_escape/escape-edge-vt and
/// escape-edge-ff-table-cell: a vertical tab or form feed at either end of a value is
/// trimmed by the parser like a space (from a paragraph's line, from a table cell), so
/// `escape` protects it there as it does spaces and tabs (as a character reference).
#[test]
fn escape_keeps_a_vertical_tab_or_form_feed_at_either_end() {
    for value in ["\u{b}", "a\u{b}", "\u{b}a", "a\u{c}", "\u{c}a"] {
        assert_reads_back(value);
    }
}

/// The same values inside a line, where nothing trims them.
#[test]
fn escape_keeps_a_vertical_tab_or_form_feed_inside() {
    for value in ["a\u{b}a", "a\u{c}a", " \u{b} ", "\t\u{c}\t"] {
        assert_reads_back(value);
    }
}

/// The code spans in `markdown`.
fn code_spans(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|e| match e {
            Event::Code(c) => Some(c.into_string()),
            _ => None,
        })
        .collect()
}

/// Target `markdown_escape`, fuzz/regressions/markdown_escape/code-span-blank: `code_span`
/// decides whether to pad with `str::trim` (any Unicode white space), but CommonMark strips
/// one space from each side of a code span unless it is made of spaces (U+0020) only, so
/// " \u{c} " and " \u{a0} " lose their outer spaces.
#[test]
fn code_span_keeps_outer_spaces_around_other_white_space() {
    for value in [
        " \u{c} ",
        " \u{b} ",
        " \u{a0} ",
        " \u{3000} ",
        "  \u{a0}\t ",
    ] {
        let markup = code_span(value);
        assert_eq!(code_spans(&markup), [value], "{value:?} as {markup:?}");
    }
}

/// What `code_span` gets right around that finding.
#[test]
fn code_span_keeps_spaces() {
    for value in [" ", "  ", " x ", " `x` ", "\u{a0}", " \u{a0}x "] {
        let markup = code_span(value);
        assert_eq!(code_spans(&markup), [value], "{value:?} as {markup:?}");
    }
}
