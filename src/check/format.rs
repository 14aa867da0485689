//! The output formats of `factcheck check`, behind one trait, `Formatter`;
//! `CheckFormat::formatter` is the one place a format gets its formatter.

use clap::ValueEnum;

use super::{github, human, json, junit, sarif, summary, CheckReport};
use crate::attention::Attention;
use crate::project::Project;

/// What a format may read besides the findings.
pub(crate) struct FormatContext<'a> {
    /// The project checked: its claims file's text is what human output quotes.
    pub(crate) project: &'a Project,
    /// Whether to colour the output (standard output on a terminal, unless `--color` or
    /// NO_COLOR says otherwise); formats without colour ignore it.
    pub(crate) styled: bool,
    /// The Needs-attention list of this run (what `summary` prints; empty unless planned).
    pub(crate) needs_attention: &'a [Attention],
    /// `--quiet`: human output shows only what fails the run.
    pub(crate) quiet: bool,
}

/// One output format of `factcheck check`.
pub(crate) trait Formatter {
    fn format(&self, report: &CheckReport, context: &FormatContext) -> String;
}

/// The formats of `factcheck check --format` and `--output FORMAT=PATH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
    /// The Needs-attention table as GitHub-flavoured Markdown (for $GITHUB_STEP_SUMMARY).
    Summary,
}

impl CheckFormat {
    pub(crate) fn formatter(self) -> &'static dyn Formatter {
        match self {
            CheckFormat::Human => &human::Human,
            CheckFormat::Json => &json::Json,
            CheckFormat::Github => &github::Github,
            CheckFormat::Sarif => &sarif::SarifLog,
            CheckFormat::Junit => &junit::Junit,
            CheckFormat::Summary => &summary::Summary,
        }
    }
}
