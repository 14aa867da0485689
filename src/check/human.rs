//! rustc-style diagnostics: the claims.toml line with a caret, and for a quote that differs
//! from its source, the source line and the word diff.
//!
//! Each finding shows only the lines it marks, so that the output costs the findings times
//! their lines, not the findings times the file. Everything from input (messages, notes,
//! labels, paths, lines) is escaped on the way ([`crate::display`]).

use annotate_snippets::{AnnotationKind, Group, Level, Padding, Renderer, Snippet};

use super::format::{FormatContext, Formatter};
use super::{CheckReport, Finding, Severity, SourcePlace};
use crate::display::{self, escape};
use crate::error::marked_snippet;
use crate::project::Project;

pub(crate) fn render(report: &CheckReport, project: &Project, styled: bool, quiet: bool) -> String {
    // Quiet: only what fails the run, and nothing at all when it passes.
    if quiet && report.errors == 0 {
        return String::new();
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(120);
    let mut out = String::new();
    // An allowed finding is not shown: the summary counts them.
    for finding in report.findings.iter().filter(|f| !f.suppressed) {
        if quiet && finding.severity != Severity::Error {
            continue;
        }
        out.push_str(&render_finding(finding, report, project, &renderer, styled));
        out.push_str("\n\n");
    }
    out.push_str(&summary(report));
    out.push('\n');
    display::guard(&out).into_owned()
}

/// The diagnostics as a [`Formatter`]: in colour when the context is styled.
pub(crate) struct Human;

impl Formatter for Human {
    fn format(&self, report: &CheckReport, context: &FormatContext) -> String {
        render(report, context.project, context.styled, context.quiet)
    }
}

fn render_finding(
    f: &Finding,
    report: &CheckReport,
    project: &Project,
    renderer: &Renderer,
    styled: bool,
) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let mut title = level
        .primary_title(escape(&f.message))
        .id(f.rule.id())
        .element(marked_snippet(
            &project.text,
            f.region.line,
            &report.claims_file,
            f.region.span.clone(),
            Some(f.label.as_str()),
        ));
    let mut groups = Vec::new();
    match &f.source_place {
        Some(place) => {
            let notes = f.notes.iter().map(|note| Level::NOTE.message(escape(note)));
            groups.push(title);
            let mut excerpt = source_excerpt(f, place, project, styled);
            if !f.notes.is_empty() {
                excerpt = excerpt.element(Padding);
            }
            groups.push(excerpt.elements(notes));
        }
        None => {
            for note in &f.notes {
                title = title.element(Level::NOTE.message(escape(note)));
            }
            groups.push(title);
        }
    }
    if let Some(help) = &f.help {
        groups.push(Group::with_title(Level::HELP.secondary_title(escape(help))));
    }
    renderer.render(&groups)
}

/// Widest excerpt of a source line shown, in characters: with a gutter of up to 9 columns it
/// fits the 120 the renderer is given, so the renderer never cuts it itself.
const EXCERPT_WIDTH: usize = 108;

/// The source line a finding points at, as a group of its own: its place (`::: path:line:col`,
/// laid out as the renderer lays out a second file) and an excerpt of the line cut at white
/// space, with the quote's own span marked. The renderer would cut a long line at any
/// character and compute the column from the excerpt, so the place is written here.
fn source_excerpt<'a>(
    f: &Finding,
    place: &'a SourcePlace,
    project: &Project,
    styled: bool,
) -> Group<'a> {
    let line = place.line_text.as_str();
    let start = line
        .char_indices()
        .nth(place.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let shown = match &f.diff {
        // The source's side of the diff: what the quote should have said.
        Some(runs) => Some(crate::diff::render::new_text(runs)),
        None => cited_quote(f, project).map(str::to_string),
    };
    let end = match &shown {
        Some(text) => end_of_same_words(line, start, text),
        None => line.len(),
    };
    let label = if f.diff.is_some() {
        "closest passage"
    } else {
        "here"
    };
    let (escaped, span) = display::escape_source(line, start..end.max(start));
    let (text, span) = excerpt(&escaped, span, EXCERPT_WIDTH);
    // The gutter is as wide as the widest line number the finding shows.
    let gutter = (f.region.end_line.max(f.region.line).max(place.line))
        .to_string()
        .len();
    // In the renderer's colour for line numbers and separators (bold bright blue).
    let marker = if styled {
        "\x1b[1m\x1b[94m:::\x1b[0m"
    } else {
        ":::"
    };
    let page = place.page.map(|p| format!(" (p. {p})")).unwrap_or_default();
    let location = format!(
        "{} {marker} {}:{}:{}{page}",
        " ".repeat(gutter),
        escape(&place.path),
        place.line,
        place.column
    );
    Group::with_title(Level::NOTE.no_name().secondary_title(location)).element(
        Snippet::source(text)
            .line_start(place.line)
            .annotation(AnnotationKind::Context.span(span).label(label)),
    )
}

/// The quote of the citation a finding marks (its quote or its source id in claims.toml).
fn cited_quote<'p>(f: &Finding, project: &'p Project) -> Option<&'p str> {
    let claim = project.claims.iter().find(|c| c.id == f.claim)?;
    claim
        .citations
        .iter()
        .find(|c| c.quote_span == f.region.span || c.source_span == f.region.span)
        .and_then(|c| c.quote.as_deref())
}

/// Where the words of `text` end when they are read in `line` from `start`: as many words and
/// punctuation marks as `text` has (folding changes none of them), so the mark covers the
/// quote and not the rest of its paragraph.
fn end_of_same_words(line: &str, start: usize, text: &str) -> usize {
    let count = crate::text::words(text).count();
    if count == 0 {
        return line.len();
    }
    crate::text::words(&line[start..])
        .take(count)
        .last()
        .map_or(line.len(), |w| start + w.end)
}

/// `line` cut to at most about `width` characters around `span`, at white space so that no
/// word is cut, with "..." where something was left out: the context before and after the
/// span shares the room, and a span wider than the room shows its first and last words
/// around a "...". Returns the excerpt and the span in it.
fn excerpt(
    line: &str,
    span: std::ops::Range<usize>,
    width: usize,
) -> (String, std::ops::Range<usize>) {
    let chars = |s: &str| s.chars().count();
    if chars(line) <= width {
        return (line.to_string(), span);
    }
    const GAP: &str = " ... ";
    let chunks = crate::text::chunks(line);
    // The chunks (white-space-delimited words) of `range`, as byte ranges.
    let inside = |from: usize, to: usize| -> Vec<std::ops::Range<usize>> {
        chunks
            .iter()
            .filter(|c| c.end > from && c.start < to)
            .map(|c| c.start.max(from)..c.end.min(to))
            .collect()
    };
    // Room for the span and its context, besides a "... " before and a " ..." after.
    let room = width.saturating_sub(8);
    let marked = &line[span.clone()];
    let (middle, middle_span) = if chars(marked) <= room {
        (marked.to_string(), 0..marked.len())
    } else {
        // Whole words from each end of the span, half the room each.
        let words = inside(span.start, span.end);
        let half = room.saturating_sub(GAP.len()) / 2;
        let mut head_end = span.start;
        for w in &words {
            if chars(&line[span.start..w.end]) > half {
                break;
            }
            head_end = w.end;
        }
        let mut tail_start = span.end;
        for w in words.iter().rev() {
            if chars(&line[w.start..span.end]) > half || w.start < head_end {
                break;
            }
            tail_start = w.start;
        }
        if head_end == span.start || tail_start == span.end || head_end >= tail_start {
            (marked.to_string(), 0..marked.len())
        } else {
            let text = format!(
                "{}{GAP}{}",
                &line[span.start..head_end],
                &line[tail_start..span.end]
            );
            let len = text.len();
            (text, 0..len)
        }
    };
    // The context: whole words before and after, sharing what room is left.
    let left_room = room.saturating_sub(chars(&middle));
    let before_words = inside(0, span.start);
    let after_words = inside(span.end, line.len());
    let fits = |from: usize, to: usize, budget: usize| chars(&line[from..to]) <= budget;
    let mut from = span.start;
    let mut to = span.end;
    let (mut before_budget, mut after_budget) = (left_room / 2, left_room - left_room / 2);
    // What one side cannot use goes to the other.
    let before_all = chars(&line[..span.start]);
    let after_all = chars(&line[span.end..]);
    if before_all < before_budget {
        after_budget += before_budget - before_all;
        before_budget = before_all;
    } else if after_all < after_budget {
        before_budget += after_budget - after_all;
        after_budget = after_all;
    }
    for w in before_words.iter().rev() {
        if !fits(w.start, span.start, before_budget) {
            break;
        }
        from = w.start;
    }
    // Nothing worth a "...": white space or punctuation alone.
    let wordless = |s: &str| !s.chars().any(char::is_alphanumeric);
    if before_words.is_empty() || wordless(&line[..from]) {
        from = 0;
    }
    for w in &after_words {
        if !fits(span.end, w.end, after_budget) {
            break;
        }
        to = w.end;
    }
    if wordless(&line[to..]) {
        to = line.len();
    }
    let mut out = String::new();
    if from > 0 {
        out.push_str("... ");
    }
    let before = line[from..span.start].trim_start();
    out.push_str(before);
    let marked_at = out.len() + middle_span.start..out.len() + middle_span.end;
    out.push_str(&middle);
    out.push_str(line[span.end..to].trim_end());
    if to < line.len() {
        out.push_str(" ...");
    }
    (out, marked_at)
}

pub(crate) fn summary(report: &CheckReport) -> String {
    let failing = report
        .claims
        .iter()
        .filter(|c| {
            c.findings.iter().any(|&i| {
                let f = &report.findings[i];
                !f.suppressed && f.severity == Severity::Error
            })
        })
        .count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let line = if report.errors + report.warnings == 0 && report.allowed > 0 {
        // Not "all citations hold": an allowed finding may be about one that does not.
        format!("ok: {} checked", plural(report.claims.len(), "claim"))
    } else if report.errors + report.warnings == 0 {
        format!(
            "ok: {} checked, all citations hold",
            plural(report.claims.len(), "claim")
        )
    } else {
        format!(
            "{}: {} of {} failed ({}, {})",
            if report.errors > 0 { "failed" } else { "ok" },
            plural(failing, "claim"),
            report.claims.len(),
            plural(report.errors, "error"),
            plural(report.warnings, "warning"),
        )
    };
    match report.allowed {
        0 => line,
        n => format!(
            "{line}; {} allowed by `allow` in claims.toml",
            plural(n, "finding")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_shown_whole() {
        let line = "He said: \"It is utterly unacceptable.\"";
        assert_eq!(excerpt(line, 10..36, 60), (line.to_string(), 10..36));
    }

    #[test]
    fn a_long_line_is_cut_at_white_space_around_the_span() {
        let line =
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
        let span = line.find("seven").unwrap()..line.find(" eight").unwrap();
        let (text, marked) = excerpt(line, span, 30);
        assert_eq!(&text[marked.clone()], "seven");
        assert!(text.starts_with("... ") && text.ends_with(" ..."), "{text}");
        assert!(text.chars().count() <= 30, "{text}");
        for word in text.split_whitespace().filter(|w| *w != "...") {
            assert!(
                line.split_whitespace().any(|w| w == word),
                "{word} in {text}"
            );
        }
        // At the line's start: nothing left out before it.
        let (text, marked) = excerpt(line, 0..3, 30);
        assert_eq!(&text[marked], "one");
        assert!(!text.starts_with("..."), "{text}");
    }

    #[test]
    fn a_span_wider_than_the_excerpt_keeps_its_first_and_last_words() {
        let line = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
        let span = line.find("beta").unwrap()..line.find(" mu").unwrap();
        let (text, marked) = excerpt(line, span, 40);
        assert_eq!(&text[marked], "beta gamma ... kappa lambda");
        assert_eq!(text, "... beta gamma ... kappa lambda mu");
        assert!(text.chars().count() <= 40, "{text}");
    }

    #[test]
    fn the_mark_ends_with_the_quotes_words() {
        let line = "Tutu said: \"It is utterly unacceptable. \"The rule of law.\"";
        let start = line.find("It").unwrap();
        let end = end_of_same_words(line, start, "it is utterly unacceptable");
        assert_eq!(&line[start..end], "It is utterly unacceptable");
    }
}
