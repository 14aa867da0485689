//! Properties, on generated text (proptest, a fixed number of cases so CI time stays small):
//!
//! - a source's paragraphs and passages are byte ranges in bounds, on character boundaries,
//!   ordered and not overlapping, each passage inside its paragraph, together covering every
//!   word of the source, and their line:column is a recount of the bytes;
//! - every passage, and every run of whole words, of a source verifies `exact` against it;
//!   retyped (upper case, doubled spaces) it still holds;
//! - folding keeps a map back to the original that stays in bounds and in order;
//! - escaped Markdown read back through a CommonMark parser is the original text, as the doc
//!   comment of `factcheck::render::markdown::escape` describes, and keeps the structure
//!   around it.

use factcheck::corpus::{Corpus, Source};
use factcheck::quote::{QuoteStatus, Verifier};
use factcheck::render::markdown::escape;
use factcheck::text::{fold, Folded};
use proptest::prelude::*;

use crate::markdown_oracle;

/// 256 cases a property; `PROPTEST_CASES=20000 cargo test --release --test it properties::`
/// for a deeper search.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// --- Generated articles --------------------------------------------------------------------------

/// Pieces of news text and of what breaks it: words, abbreviations, sentence ends, every kind
/// of line end and blank line, Unicode spaces and any character at all.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Za-z]{1,9}".prop_map(|w| format!("{w} ")),
        2 => "[0-9]{1,4}([.,][0-9]{1,3})?".prop_map(|w| format!("{w} ")),
        2 => prop::sample::select(vec![
            ". ", "? ", "! ", ", ", ": ", "; ", "...", "…", "\"", "“", "”", "’", "(", ")", " - ",
            " — ", "Mr. ", "U.S. ", "No. 5 ", "e.g. ", "1. ", "# ", "| ", "* ",
        ])
        .prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "\n", "\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n", "  ", "\t", "\u{a0}", "\u{2028}",
            "\u{3000}", "\r",
        ])
        .prop_map(str::to_string),
        1 => "[\\PC\\p{M}]{1,3}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|pieces| pieces.concat())
}

fn corpus_of(text: &str) -> Corpus {
    Corpus::from_texts(&[("s", text)])
}

/// 1-based line and column (in characters) of a byte offset, counted from the start.
fn recount(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn check_range(source: &Source, what: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    let text = &source.text;
    prop_assert!(start < end, "{what}: empty {start}..{end}");
    prop_assert!(
        end <= text.len(),
        "{what}: {start}..{end} beyond {}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on character boundaries"
    );
    for offset in [start, end] {
        prop_assert_eq!(
            source.line_col(offset),
            recount(text, offset),
            "{} at {}",
            what,
            offset
        );
    }
    Ok(())
}

fn check_segments(source: &Source) -> Result<(), TestCaseError> {
    let text = &source.text;
    let mut covered = vec![false; text.len()];
    let mut previous_end = 0;
    for (i, p) in source.paragraphs.iter().enumerate() {
        let what = format!("paragraph {i}");
        check_range(source, &what, p.span.start, p.span.end)?;
        prop_assert!(
            p.span.start >= previous_end,
            "{what} overlaps the one before"
        );
        previous_end = p.span.end;
        let body = &text[p.span.clone()];
        prop_assert_eq!(body.trim(), body, "{} is not trimmed", what);
        for line in body.split('\n') {
            prop_assert!(
                !line.trim().is_empty(),
                "{what} holds a blank line: {body:?}"
            );
        }
    }
    // Every line that is not blank is in a paragraph.
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        if !content.trim().is_empty() {
            let start = at + lead;
            prop_assert!(
                source
                    .paragraphs
                    .iter()
                    .any(|p| p.span.start <= start && start < p.span.end),
                "line at {at} ({content:?}) is in no paragraph"
            );
        }
        at += line.len();
    }

    let mut previous: Option<(u32, usize)> = None;
    for (i, p) in source.passages.iter().enumerate() {
        let what = format!("passage {i}");
        check_range(source, &what, p.span.start, p.span.end)?;
        let paragraph = source.paragraphs.get(p.paragraph as usize);
        prop_assert!(paragraph.is_some(), "{what}: no paragraph {}", p.paragraph);
        let paragraph = paragraph.unwrap();
        prop_assert!(
            paragraph.span.start <= p.span.start && p.span.end <= paragraph.span.end,
            "{what} {:?} is outside its paragraph {:?}",
            p.span,
            paragraph.span
        );
        if let Some((para, end)) = previous {
            prop_assert!(p.paragraph >= para, "{what}: paragraphs out of order");
            prop_assert!(p.span.start >= end, "{what} overlaps the one before");
        }
        previous = Some((p.paragraph, p.span.end));
        prop_assert_eq!(source.passage_text(p), &text[p.span.clone()]);
        covered[p.span.clone()].iter_mut().for_each(|c| *c = true);
    }
    // Passages cover their source: every character that is not a space is in one.
    for (at, c) in text.char_indices() {
        prop_assert!(
            c.is_whitespace() || covered[at],
            "{c:?} at {at} is in no passage of {text:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn passages_cover_their_source(text in article()) {
        let corpus = corpus_of(&text);
        let source = &corpus.sources[0];
        prop_assert_eq!(&source.text, text.strip_prefix('\u{feff}').unwrap_or(&text));
        check_segments(source)?;
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_offsets_follow(text in article()) {
        let corpus = corpus_of(&format!("\u{feff}{text}"));
        let source = &corpus.sources[0];
        prop_assert_eq!(&source.text, &text);
        check_segments(source)?;
    }

    #[test]
    fn every_passage_verifies_exact(text in article()) {
        let corpus = corpus_of(&text);
        let source = &corpus.sources[0];
        let verifier = Verifier::new(&corpus, None);
        for p in &source.passages {
            let quote = source.passage_text(p);
            let v = verifier.verify(quote, "s");
            prop_assert_eq!(v.status, QuoteStatus::Exact, "{:?} in {:?}", quote, text);
            let found = v.found.unwrap();
            prop_assert_eq!(&source.text[found.span.clone()], quote);
            prop_assert_eq!(found.pieces, vec![found.span.clone()]);
        }
    }

    /// Any run of whole words (cut at whitespace) is a quote that holds as it is.
    #[test]
    fn every_run_of_whole_words_verifies_exact(
        text in article(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 1usize..30), 8),
    ) {
        let corpus = corpus_of(&text);
        let source = &corpus.sources[0];
        let words: Vec<(usize, usize)> = source
            .text
            .split_whitespace()
            .map(|w| {
                let start = w.as_ptr() as usize - source.text.as_ptr() as usize;
                (start, start + w.len())
            })
            .collect();
        prop_assume!(!words.is_empty());
        let verifier = Verifier::new(&corpus, None);
        for (first, len) in cuts {
            let first = first.index(words.len());
            let last = (first + len - 1).min(words.len() - 1);
            let quote = &source.text[words[first].0..words[last].1];
            let v = verifier.verify(quote, "s");
            prop_assert_eq!(v.status, QuoteStatus::Exact, "{:?} in {:?}", quote, source.text);
            prop_assert_eq!(&source.text[v.found.unwrap().span], quote);
        }
    }

    /// A passage retyped, in capitals with its spaces doubled, still holds.
    #[test]
    fn a_retyped_passage_holds(text in article()) {
        let corpus = corpus_of(&text);
        let source = &corpus.sources[0];
        let verifier = Verifier::new(&corpus, None);
        for p in &source.passages {
            let quote = source.passage_text(p).to_ascii_uppercase().replace(' ', "  ");
            let v = verifier.verify(&quote, "s");
            prop_assert!(
                v.status.holds(),
                "{:?} is {:?} in {:?}",
                quote,
                v.status,
                source.text
            );
            let found = v.found.unwrap();
            prop_assert!(
                source.text.is_char_boundary(found.span.start)
                    && source.text.is_char_boundary(found.span.end)
                    && found.span.start < found.span.end
            );
        }
    }

    /// The folded text maps back to the original: each folded range to an original range in
    /// bounds, on character boundaries, in order; `fold` folds as `Folded` does.
    #[test]
    fn folding_maps_back_in_order(text in article()) {
        let folded = Folded::new(&text);
        prop_assert_eq!(fold(&text), folded.text.clone());
        let boundaries: Vec<usize> = folded
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([folded.text.len()])
            .collect();
        let mut previous = (0, 0);
        for pair in boundaries.windows(2) {
            let (s, e) = folded.original_range(&text, pair[0], pair[1]);
            prop_assert!(s < e && e <= text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            prop_assert!(s >= previous.0 && e >= previous.1, "{:?} after {:?}", (s, e), previous);
            // The original character folds to text holding the folded one.
            let ch = &folded.text[pair[0]..pair[1]];
            let original = fold(&text[s..e]);
            prop_assert!(
                ch == " " || original.contains(ch),
                "{:?} from {:?}",
                ch,
                &text[s..e]
            );
            previous = (s, e);
        }
        if let (Some(&first), Some(&last)) = (boundaries.first(), boundaries.last()) {
            if last > first {
                let (s, e) = folded.original_range(&text, first, last);
                prop_assert!(s <= e && e <= text.len());
            }
        }
    }
}

// --- Markdown escaping ---------------------------------------------------------------------------

/// Text made of what Markdown reads as markup, and anything else.
fn markdown_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(
            "\\`*_{}[]()#!|<>~&$^.:-+=0123456789 \t\n\r\0abcXYZé—“’"
                .chars()
                .collect::<Vec<_>>()
        )
        .prop_map(String::from),
        2 => prop::sample::select(vec![
            "<script>", "</script>", "<!--", "-->", "[x](javascript:alert(1))", "{{title}}",
            "{{{raw}}}", "## ", "> ", "- ", "1. ", "2) ", "---", "===", "***", "```", "~~~",
            "    ", "&amp;", "&#32;", "&copy", "<https://example.com>", "https://example.com",
            "www.example.com", "a@b.co", "[^1]", "[[x]]", "[ ] ", "$$", "\\\n", "  \n",
            "|---|", ":---:", "{#id}", "<del>", "</ins>", "\r\n",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 1..24)
        .prop_map(|p| p.concat())
        .prop_map(|value| {
            if value.is_empty() {
                "x".to_string()
            } else {
                value
            }
        })
}

proptest! {
    #![proptest_config(config())]

    /// As the doc comment of `escape` says: in every context, the escaped value reads back as
    /// the value with its line ends (`\r\n`, `\r`, `\n`) as spaces and NUL as U+FFFD, and the
    /// context keeps the structure it has around a plain word (`escape_round_trips`, in
    /// tests/support/markdown_oracle.rs, with the contexts).
    #[test]
    fn escaped_text_reads_back_as_the_original(value in markdown_value()) {
        markdown_oracle::escape_round_trips(escape, &value).map_err(TestCaseError::fail)?;
    }
}
