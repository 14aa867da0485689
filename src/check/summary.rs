//! `--format summary`: the Needs-attention table as GitHub-flavoured Markdown, for a CI job's
//! summary (`--output summary="$GITHUB_STEP_SUMMARY"`). The same list as the reports' first
//! section ([`crate::attention`]), with this run's findings (its `--min-sources`, `--deny`
//! and `--locked`), and a count line above it. Text from input is escaped as in the Markdown
//! report, so it stays text.

use super::format::{FormatContext, Formatter};
use super::CheckReport;
use crate::render::markdown::escape::{code_span, escape};

pub(crate) struct Summary;

impl Formatter for Summary {
    fn format(&self, report: &CheckReport, context: &FormatContext) -> String {
        let items = context.needs_attention;
        // Named as the other CI formats name it: from the project root (or, with
        // `--path-prefix`, the repository root), whatever the current directory.
        let path = context.ci.path(&report.claims_root_path);
        let claims_file = code_span(&path);
        let mut out = String::from("## factcheck: needs attention\n\n");
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        out.push_str(&format!(
            "{} in {claims_file}: {}, {}; {} needing attention.\n\n",
            plural(report.claims.len(), "claim", "claims"),
            plural(report.errors, "error", "errors"),
            plural(report.warnings, "warning", "warnings"),
            plural(items.len(), "problem", "problems"),
        ));
        if items.is_empty() {
            out.push_str("Nothing needs attention: every citation holds, no two sources disagree, and every claim has a verdict and a supporting passage.\n");
            return out;
        }
        out.push_str(
            "| Problem | Claim | What is wrong | Where |\n| :--- | :--- | :--- | :--- |\n",
        );
        for item in items {
            let label = escape(item.kind.label());
            let label = if item.kind.is_error() {
                format!("**{label}**")
            } else {
                label
            };
            let claim = match &item.claim {
                Some(id) => code_span(id),
                None => "(no claim)".to_string(),
            };
            let problem = escape(&crate::render::one_line(&item.problem));
            let at = code_span(&format!("{path}:{}", item.line));
            out.push_str(&format!("| {label} | {claim} | {problem} | {at} |\n"));
        }
        out
    }
}
