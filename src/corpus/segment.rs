//! A source's text cut into paragraphs, each with its role (title, heading, furniture, body),
//! and into sentence passages of bounded length.

use std::ops::Range;

use crate::text::more_words_than;

use super::{Paragraph, Passage, Role, Source};

/// The title shown for an undeclared source: its headline, or the start of its first line.
pub(super) fn text_title(source: &Source) -> String {
    let Some(first) = source.paragraphs.first() else {
        return source.file.clone();
    };
    let line = source.text[first.span.clone()].trim();
    let line = line.trim_start_matches('#').trim();
    if first.role == Role::Title {
        return line.to_string();
    }
    let mut title: String = line
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ");
    if more_words_than(line, 12) {
        title.push_str(" ...");
    }
    title
}

/// Longest first line still read as a headline rather than an opening paragraph.
const TITLE_MAX_WORDS: usize = 35;
/// Longest line read as a heading when it has no closing punctuation.
const HEADING_MAX_WORDS: usize = 12;
/// Longest paragraph that furniture keywords can mark as furniture.
const FURNITURE_MAX_WORDS: usize = 40;

pub(super) fn segment(source: &mut Source) {
    let spans = paragraph_spans(&source.text);
    let mut paragraphs: Vec<Paragraph> = spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| {
            let text = source.text[span.clone()].trim();
            let role = if i == 0 && is_title_line(text) {
                Role::Title
            } else if is_furniture(text) {
                Role::Furniture
            } else if is_heading(text) {
                Role::Heading
            } else {
                Role::Body
            };
            Paragraph { span, role }
        })
        .collect();
    mark_trailing_furniture(&source.text, &mut paragraphs);
    // A repeat of the headline inside the page is furniture too.
    if let Some(title) = paragraphs
        .first()
        .filter(|p| p.role == Role::Title)
        .map(|p| crate::text::fold(&source.text[p.span.clone()]))
    {
        for p in paragraphs.iter_mut().skip(1) {
            if crate::text::fold(&source.text[p.span.clone()]) == title {
                p.role = Role::Heading;
            }
        }
        // The standfirst: a line under the headline that reads as a heading only for want of
        // a full stop ("Microsoft acts after an investigation into surveillance") sums up the
        // story, and is evidence like the body. A byline or a date line stays out.
        if let Some(p) = paragraphs.get_mut(1) {
            let text = source.text[p.span.clone()].trim();
            if p.role == Role::Heading && crate::text::fold(text) != title && is_standfirst(text) {
                p.role = Role::Body;
            }
        }
    }

    let language = sentencex::language_factory("en");
    let mut passages = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let body = &source.text[paragraph.span.clone()];
        let sentences: Vec<Range<usize>> = language
            .segment(body)
            .into_iter()
            .filter_map(|sentence| {
                let offset = sentence.as_ptr() as usize - body.as_ptr() as usize;
                let start =
                    paragraph.span.start + offset + (sentence.len() - sentence.trim_start().len());
                let end = paragraph.span.start + offset + sentence.trim_end().len();
                (start < end).then_some(start..end)
            })
            .collect();
        let mut pending: Option<Range<usize>> = None;
        for Range { start, end } in quote_marks_to_their_sentences(&source.text, sentences) {
            let span = match pending.take() {
                Some(p) => p.start..end,
                None => start..end,
            };
            // A fragment of one or two words ("Smith wrote:") reads only with what follows.
            if !more_words_than(&source.text[span.clone()], 2) {
                pending = Some(span);
                continue;
            }
            passages.push(Passage {
                span,
                paragraph: index as u32,
            });
        }
        if let Some(span) = pending {
            match passages.last_mut() {
                Some(last) if last.paragraph == index as u32 => last.span.end = span.end,
                _ => passages.push(Passage {
                    span,
                    paragraph: index as u32,
                }),
            }
        }
    }
    source.paragraphs = paragraphs;
    source.passages = passages
        .into_iter()
        .flat_map(|p| bounded(&source.text, p))
        .collect();
}

/// Whether `c` is a quotation mark (straight, typographic or guillemet).
fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»')
}

/// Quotation marks given back to the sentence they belong to. The splitter cuts after a full
/// stop, so where a quote closes after it (`is." The US ...`), or a quoted paragraph opens
/// right after it (`unacceptable. "The rule ...`, as BBC copy runs quoted paragraphs
/// together), the mark lands in the wrong sentence: `" The US ...`, `unacceptable. "`.
/// At a cut, a mark that touches the next sentence's first word opens it; one that touches
/// the previous sentence's last character closes it; one with white space on both sides
/// closes the previous sentence when a quote is open there (counted in that sentence, or
/// from the paragraph's start, as a quote runs over sentences and BBC copy reopens one at
/// each of its paragraphs), and else opens the next. `sentences` are trimmed, in order, in one paragraph.
fn quote_marks_to_their_sentences(
    text: &str,
    mut sentences: Vec<Range<usize>>,
) -> Vec<Range<usize>> {
    let Some(paragraph_start) = sentences.first().map(|s| s.start) else {
        return sentences;
    };
    for i in 1..sentences.len() {
        let (before, after) = sentences.split_at_mut(i);
        let (previous, sentence) = (&mut before[i - 1], &mut after[0]);
        if previous.start >= previous.end {
            continue;
        }
        let head = &text[previous.clone()];
        let tail = &text[sentence.clone()];
        let gap = previous.end < sentence.start;
        // A mark ending the previous sentence after white space.
        if let Some(mark) = head.chars().next_back().filter(|&m| is_quote_mark(m)) {
            let rest = &head[..head.len() - mark.len_utf8()];
            if rest.ends_with(char::is_whitespace) {
                // With white space on both sides and no quote open before it, the mark
                // opens the next sentence, but `" The` would read no better: it stays.
                if !gap {
                    sentence.start = previous.end - mark.len_utf8();
                    previous.end = previous.start + rest.trim_end().len();
                }
                continue;
            }
        }
        // A mark starting this sentence before white space (or alone).
        if let Some(mark) = tail.chars().next().filter(|&m| is_quote_mark(m)) {
            let rest = &tail[mark.len_utf8()..];
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                let closes = !gap
                    || has_open_quote(head, mark)
                    || has_open_quote(&text[paragraph_start..previous.end], mark);
                if closes {
                    previous.end = sentence.start + mark.len_utf8();
                    sentence.start = sentence.end - rest.trim_start().len();
                }
            }
        }
    }
    sentences.retain(|s| s.start < s.end);
    sentences
}

/// Whether `text` leaves a quotation open that `mark` would close: an odd number of straight
/// double quotes, or more opening than closing typographic ones. Apostrophes and single
/// straight quotes are too ambiguous to count.
fn has_open_quote(text: &str, mark: char) -> bool {
    let count = |c: char| text.chars().filter(|&x| x == c).count();
    match mark {
        '"' => count('"') % 2 == 1,
        '”' | '“' => count('“') > count('”'),
        '»' | '«' => count('«') > count('»'),
        _ => false,
    }
}

/// A passage longer than this (a table flattened into one line, a text without full stops)
/// is cut at the last white space before it, so that matching and comparing, which work per
/// passage, always work on bounded pieces.
const MAX_PASSAGE_BYTES: usize = 2_000;

/// `passage` cut into pieces of at most [`MAX_PASSAGE_BYTES`] (longer only when one word is).
fn bounded(text: &str, passage: Passage) -> Vec<Passage> {
    let Passage { span, paragraph } = passage;
    let mut out = Vec::new();
    let mut start = span.start;
    while span.end - start > MAX_PASSAGE_BYTES {
        let limit = crate::text::floor_char_boundary(text, start + MAX_PASSAGE_BYTES);
        let end = match text[start..limit].rfind(char::is_whitespace) {
            Some(space) if space > 0 => start + space,
            // One word longer than the limit: up to the next white space.
            _ => text[limit..span.end]
                .find(char::is_whitespace)
                .map_or(span.end, |i| limit + i),
        };
        out.push(Passage {
            span: start..start + text[start..end].trim_end().len(),
            paragraph,
        });
        let rest = &text[end..span.end];
        start = end + (rest.len() - rest.trim_start().len());
    }
    if start < span.end {
        out.push(Passage {
            span: start..span.end,
            paragraph,
        });
    }
    out
}

/// Paragraphs are lines, except that a block of hard-wrapped lines is one paragraph.
fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push(at..at + content.len());
        at += line.len();
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut block: Vec<Range<usize>> = Vec::new();
    let flush = |block: &mut Vec<Range<usize>>, out: &mut Vec<Range<usize>>| {
        if block.is_empty() {
            return;
        }
        // Editors wrap at a fixed width, and most wrapped lines stop mid-sentence.
        let inner = &block[..block.len().saturating_sub(1)];
        let wrapped = !inner.is_empty()
            && inner.iter().all(|l| {
                let width = text[l.clone()].trim_end().chars().count();
                (40..=100).contains(&width)
            })
            && inner
                .iter()
                .filter(|l| !ends_like_sentence(&text[(*l).clone()]))
                .count()
                * 2
                >= inner.len()
            && inner
                .iter()
                .any(|l| !ends_like_sentence(&text[(*l).clone()]));
        if wrapped {
            out.push(block[0].start..block[block.len() - 1].end);
        } else {
            out.extend(block.iter().cloned());
        }
        block.clear();
    };
    for line in lines {
        let content = &text[line.clone()];
        if content.trim().is_empty() {
            flush(&mut block, &mut out);
        } else {
            let lead = content.len() - content.trim_start().len();
            let trail = content.trim_end().len();
            block.push(line.start + lead..line.start + trail);
        }
    }
    flush(&mut block, &mut out);
    out
}

fn is_title_line(text: &str) -> bool {
    !more_words_than(text, TITLE_MAX_WORDS)
}

fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', '…'])
}

fn is_heading(text: &str) -> bool {
    !more_words_than(text, HEADING_MAX_WORDS) && !ends_like_sentence(text)
}

/// Fewest words of a standfirst: a byline ("By Jane Smith, Technology reporter") or a date
/// line has fewer.
const STANDFIRST_MIN_WORDS: usize = 6;

fn is_standfirst(text: &str) -> bool {
    more_words_than(text, STANDFIRST_MIN_WORDS - 1)
        && !crate::text::fold(text).starts_with("by ")
        && !text.contains(['|', '\u{2022}'])
}

/// Phrases that mark page furniture when they appear in a short paragraph.
const FURNITURE_PHRASES: &[&str] = &[
    "subscribe",
    "newsletter",
    "sign up",
    "signing up",
    "advertise with us",
    "advertisement",
    "media kit",
    "all rights reserved",
    "cookie policy",
    "privacy policy",
    "follow us on",
    "share this article",
    "click here",
    "read more:",
    "related articles",
    "notice an error",
    "delivered to your inbox",
];

fn is_furniture(text: &str) -> bool {
    if more_words_than(text, FURNITURE_MAX_WORDS) {
        return false;
    }
    let folded = crate::text::fold(text);
    FURNITURE_PHRASES.iter().any(|p| folded.contains(p)) || folded.starts_with("written by ")
}

/// A run of short paragraphs at the end of a page that includes furniture is furniture
/// as a whole ("Help us improve our content..." between two sign-up lines).
fn mark_trailing_furniture(text: &str, paragraphs: &mut [Paragraph]) {
    let mut first = paragraphs.len();
    let mut any = false;
    while first > 1 {
        let p = &paragraphs[first - 1];
        let short = !more_words_than(&text[p.span.clone()], 15);
        if p.role == Role::Furniture || short {
            any |= p.role == Role::Furniture;
            first -= 1;
        } else {
            break;
        }
    }
    // The run starts at its first furniture; short closing lines of the article stay body.
    while first < paragraphs.len() && paragraphs[first].role != Role::Furniture {
        first += 1;
    }
    if any {
        for p in &mut paragraphs[first..] {
            p.role = Role::Furniture;
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::Corpus;
    use super::*;
    use crate::text::test_texts::{article, config};

    fn source(text: &str) -> Source {
        Corpus::from_texts(&[("t", text)]).sources.remove(0)
    }

    fn passages(s: &Source) -> Vec<&str> {
        s.passages.iter().map(|p| s.passage_text(p)).collect()
    }

    #[test]
    fn splits_sentences_without_breaking_abbreviations() {
        let s = source("Headline here\n\nThe U.S. Senate voted 52-48 on Tuesday. Mr. Smith said the plan was \"dead on arrival.\" It passed as Resolution No. 5 after midnight. Critics disagreed.\n");
        assert_eq!(s.title, "Headline here");
        assert_eq!(
            passages(&s),
            [
                "Headline here",
                "The U.S. Senate voted 52-48 on Tuesday.",
                "Mr. Smith said the plan was \"dead on arrival.\"",
                "It passed as Resolution No. 5 after midnight. Critics disagreed."
            ]
        );
        assert_eq!(s.paragraphs[0].role, Role::Title);
    }

    #[test]
    fn quote_marks_stay_with_the_sentence_they_belong_to() {
        // BBC copy runs quoted paragraphs together: the mark after "unacceptable. " opens the
        // next sentence, and the one before " The US" closes the previous one.
        let s = source("Headline here\n\nTutu told BBC News: \"It is utterly unacceptable. \"The rule of law is in order to ensure that those who have power don't use it.\" He added: \"They've made me what I am - even if I'm not quite sure yet who that person is.\" The US government denied the claims.\n");
        assert_eq!(
            passages(&s)[1..],
            [
                "Tutu told BBC News: \"It is utterly unacceptable.",
                "\"The rule of law is in order to ensure that those who have power don't use it.\"",
                "He added: \"They've made me what I am - even if I'm not quite sure yet who that person is.\"",
                "The US government denied the claims."
            ]
        );
        // A mark with white space on both sides closes the quote open before it.
        let s = source("Headline here\n\nHe said: \"Nobody would be worse off a year. \" And Chancellor Gordon Brown said the figures did not add up.\n");
        assert_eq!(
            passages(&s)[1..],
            [
                "He said: \"Nobody would be worse off a year. \"",
                "And Chancellor Gordon Brown said the figures did not add up."
            ]
        );
        // Typographic marks, by their shape.
        let s = source("Headline here\n\nShe said: \u{201c}It is wrong, and we have said so many times. \u{201c}We will fight it in the courts.\u{201d} The ministry declined to comment.\n");
        let cut = passages(&s);
        assert!(
            cut.iter()
                .all(|p| !p.ends_with('\u{201c}') && !p.starts_with('\u{201d}')),
            "{cut:?}"
        );
    }

    #[test]
    fn a_standfirst_under_the_headline_is_body_and_a_byline_is_not() {
        let roles =
            |text: &str| -> Vec<Role> { source(text).paragraphs.iter().map(|p| p.role).collect() };
        assert_eq!(
            roles("Spam duo convicted\n\nBrother and sister sent millions of junk e-mails to AOL users\n\nThe trial ended on Friday.\n"),
            [Role::Title, Role::Body, Role::Body]
        );
        assert_eq!(
            roles("Spam duo convicted\n\nBy Jane Smith, Technology reporter\n\nThe trial ended on Friday.\n"),
            [Role::Title, Role::Heading, Role::Body]
        );
        // Only the line under the headline: a section heading further down stays one.
        assert_eq!(
            roles("Spam duo convicted\n\nThe trial ended on Friday.\n\nWhat the jurors heard in the long trial\n\nThey heard from AOL.\n"),
            [Role::Title, Role::Body, Role::Heading, Role::Body]
        );
    }

    #[test]
    fn offsets_and_lines_survive_bom_free_crlf_text() {
        let text =
            "Title\r\n\r\nFirst sentence is here. Second one follows.\r\nNext paragraph line.\r\n";
        let s = source(text);
        let second = s
            .passages
            .iter()
            .find(|p| s.passage_text(p).starts_with("Second"))
            .unwrap();
        assert_eq!(s.line_col(second.span.start), (3, 25));
        assert_eq!(&text[second.span.clone()], "Second one follows.");
        assert_eq!(s.paragraphs.len(), 3);
    }

    #[test]
    fn hard_wrapped_blocks_are_one_paragraph() {
        let text = "Title\n\nThis paragraph was wrapped by an editor at a fixed width\nof about sixty characters, as plain text often is.\n";
        let s = source(text);
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(s.passages.len(), 2);
    }

    #[test]
    fn long_first_line_is_body_and_trailing_boilerplate_is_furniture() {
        let long = "word ".repeat(40);
        let text = format!("{long}.\nA real closing paragraph of the article that says something useful here.\n\nSubscribe for Updates\n\nNews and updates in security.\n\nGet the free daily newsletter read by decision makers\n\nAdvertise with Us\n");
        let s = source(&text);
        assert_eq!(s.paragraphs[0].role, Role::Body);
        assert!(s.title.ends_with("..."));
        let roles: Vec<Role> = s.paragraphs.iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [
                Role::Body,
                Role::Body,
                Role::Furniture,
                Role::Furniture,
                Role::Furniture,
                Role::Furniture
            ]
        );
    }

    #[test]
    fn over_long_passages_are_cut_at_white_space() {
        let word = "abcdefghi ";
        let text = format!("Title\n\n{}\n", word.repeat(700));
        let s = source(&text);
        let pieces: Vec<&str> = passages(&s).into_iter().filter(|p| *p != "Title").collect();
        assert!(pieces.len() >= 4, "{}", pieces.len());
        for piece in &pieces {
            assert!(piece.len() <= MAX_PASSAGE_BYTES, "{}", piece.len());
            assert!(piece.starts_with('a') && piece.ends_with('i'), "{piece:?}");
        }
        let words: usize = pieces.iter().map(|p| p.split_whitespace().count()).sum();
        assert_eq!(words, 700);
        // One word longer than the limit stays whole.
        let long = "x".repeat(MAX_PASSAGE_BYTES + 10);
        let s = source(&format!("Title\n\nStart {long} end of it all.\n"));
        assert!(passages(&s).iter().any(|p| p.contains(&long)));
    }

    // --- Properties, on generated articles ------------------------------------------------------
    //
    // A source's paragraphs and passages are byte ranges in bounds, on character boundaries,
    // ordered and not overlapping, each passage inside its paragraph, together covering every
    // word of the source, and their line:column is a recount of the bytes.

    /// 1-based line and column (in characters) of a byte offset, counted from the start.
    fn recount(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    fn check_range(
        source: &Source,
        what: &str,
        start: usize,
        end: usize,
    ) -> Result<(), TestCaseError> {
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
            let source = source(&text);
            prop_assert_eq!(&source.text, text.strip_prefix('\u{feff}').unwrap_or(&text));
            check_segments(&source)?;
        }

        #[test]
        fn a_byte_order_mark_is_dropped_and_offsets_follow(text in article()) {
            let source = source(&format!("\u{feff}{text}"));
            prop_assert_eq!(&source.text, &text);
            check_segments(&source)?;
        }
    }
}
