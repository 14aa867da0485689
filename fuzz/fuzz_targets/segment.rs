//! Source segmentation: any text cut into paragraphs and sentence passages.
//!
//! Asserts: `Corpus::from_texts` never panics; every paragraph and passage span lies within
//! the (BOM-less) text on char boundaries; paragraphs and passages are in order and do not
//! overlap; each passage lies inside its paragraph; `line_col` agrees with counting '\n'
//! (line) and characters since the last '\n' (column); the helpers that take offsets do not
//! panic.
#![no_main]

use std::ops::Range;

use factcheck::corpus::Corpus;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let corpus = Corpus::from_texts(&[("a", &input)]);
    assert_eq!(corpus.sources.len(), 1);
    let source = &corpus.sources[0];
    let text = source.text.as_str();
    assert_eq!(text, input.strip_prefix('\u{feff}').unwrap_or(&input));

    let valid = |what: &str, span: &Range<usize>| {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{what} span {span:?} outside the text ({} bytes)",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{what} span {span:?} not on char boundaries"
        );
    };
    let line_col = |offset: usize| {
        let (line, column) = source.line_col(offset);
        let before = &text[..offset];
        assert_eq!(line, 1 + before.matches('\n').count(), "line at {offset}");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            column,
            1 + text[line_start..offset].chars().count(),
            "column at {offset}"
        );
    };

    let mut end = 0;
    for p in &source.paragraphs {
        valid("paragraph", &p.span);
        assert!(
            p.span.start >= end,
            "paragraphs overlap or are out of order"
        );
        end = p.span.end;
        line_col(p.span.start);
        line_col(p.span.end);
    }
    let mut end = 0;
    for p in &source.passages {
        valid("passage", &p.span);
        assert!(p.span.start < p.span.end, "empty passage {:?}", p.span);
        assert!(p.span.start >= end, "passages overlap or are out of order");
        end = p.span.end;
        let paragraph = source
            .paragraphs
            .get(p.paragraph as usize)
            .expect("passage's paragraph exists");
        assert!(
            paragraph.span.start <= p.span.start && p.span.end <= paragraph.span.end,
            "passage {:?} outside its paragraph {:?}",
            p.span,
            paragraph.span
        );
        line_col(p.span.start);
        line_col(p.span.end);
        let _ = source.passage_text(p);
        let _ = source.role_of(p);
        let _ = source.passages_around(p.span.clone());
        if !source.paragraphs.is_empty() {
            assert!(source.paragraph_at(p.span.start) < source.paragraphs.len());
        }
    }
    line_col(0);
    line_col(text.len());
    let _ = &source.title;
});
