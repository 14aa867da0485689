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
    /// What the CI formats (github, sarif, junit, summary) add to their paths and attributes.
    pub(crate) ci: &'a CiOptions,
}

/// Options of the formats that CI services read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CiOptions {
    /// `--path-prefix`: the project folder's path from the repository root, `/`-separated
    /// with a trailing `/` (empty for a project at the root). GitHub resolves the paths of
    /// annotations and code-scanning alerts from the repository root, GitLab its JUnit `file`.
    pub(crate) path_prefix: String,
    /// `--junit-file-attr`: a `file` attribute on each JUnit testcase (GitLab links it), which
    /// the Jenkins xUnit schema does not allow.
    pub(crate) junit_file_attr: bool,
}

impl CiOptions {
    /// A path from the project root as CI shows it: with the prefix.
    pub(crate) fn path(&self, root_path: &str) -> String {
        format!("{}{root_path}", self.path_prefix)
    }
}

/// Parses `--path-prefix`: a relative path inside the repository, normalised to `a/b/`
/// (`.` and the empty string mean the root).
pub(crate) fn parse_path_prefix(s: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for part in s.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(format!("{s:?} leaves the repository: give the project folder's path from the repository root, without `..`")),
            p if p.contains(':') => return Err(format!("{s:?} is not a relative path: give the project folder's path from the repository root, e.g. `fact-checks/2026`")),
            p => parts.push(p),
        }
    }
    if s.starts_with(['/', '\\']) {
        return Err(format!("{s:?} is absolute: give the project folder's path from the repository root, e.g. `fact-checks/2026`"));
    }
    Ok(parts.iter().map(|p| format!("{p}/")).collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_prefixes() {
        assert_eq!(parse_path_prefix("").unwrap(), "");
        assert_eq!(parse_path_prefix(".").unwrap(), "");
        assert_eq!(parse_path_prefix("a/b").unwrap(), "a/b/");
        assert_eq!(parse_path_prefix("./a//b/").unwrap(), "a/b/");
        assert_eq!(parse_path_prefix("a\\b").unwrap(), "a/b/");
        for bad in ["../a", "a/../../b", "/srv/a", "C:/a", "\\\\host\\a"] {
            assert!(parse_path_prefix(bad).is_err(), "{bad}");
        }
        let ci = CiOptions {
            path_prefix: "a/b/".into(),
            junit_file_attr: false,
        };
        assert_eq!(ci.path("claims.toml"), "a/b/claims.toml");
    }
}
