//! rustc-style diagnostics: the claims.toml line with a caret, and for a quote that differs
//! from its source, the source line and the word diff.
//!
//! Each finding shows only the lines it marks, so that the output costs the findings times
//! their lines, not the findings times the file. Everything from input (messages, notes,
//! labels, paths, lines) is escaped on the way ([`crate::display`]).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::format::{FormatContext, Formatter};
use super::{CheckReport, Finding, Severity};
use crate::display::{self, escape};
use crate::error::marked_snippet;
use crate::project::Project;

pub(crate) fn render(report: &CheckReport, project: &Project, renderer: &Renderer) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        out.push_str(&render_finding(finding, report, project, renderer));
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
        let renderer = if context.styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        render(report, context.project, &renderer.term_width(120))
    }
}

fn render_finding(
    f: &Finding,
    report: &CheckReport,
    project: &Project,
    renderer: &Renderer,
) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
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
    if let Some(place) = &f.source_place {
        let line = place.line_text.as_str();
        let start = line
            .char_indices()
            .nth(place.column.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let len: usize = match &f.diff {
            // The source's side of the diff: what the quote should have said.
            Some(runs) => crate::diff::render::new_text(runs).len(),
            None => line.len() - start,
        };
        let end = crate::text::floor_char_boundary(line, (start + len.max(1)).min(line.len()));
        let label = if f.diff.is_some() {
            "closest passage"
        } else {
            "here"
        };
        let (line, span) = display::escape_source(line, start..end.max(start));
        title = title.element(
            Snippet::source(line)
                .line_start(place.line)
                .path(escape(&place.path))
                .annotation(AnnotationKind::Context.span(span).label(label)),
        );
    }
    for note in &f.notes {
        title = title.element(Level::NOTE.message(escape(note)));
    }
    let mut groups = vec![title];
    if let Some(help) = &f.help {
        groups.push(Group::with_title(Level::HELP.secondary_title(escape(help))));
    }
    renderer.render(&groups)
}

pub(crate) fn summary(report: &CheckReport) -> String {
    let failing = report
        .claims
        .iter()
        .filter(|c| {
            c.findings
                .iter()
                .any(|&i| report.findings[i].severity == Severity::Error)
        })
        .count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if report.findings.is_empty() {
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
    }
}
