//! The findings of `factcheck check`, independent of how they are printed.

use serde::Serialize;

use super::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
    /// For the record: counts for neither the exit code nor `--deny warnings` (a quote intact
    /// in a changed source, under `--locked`).
    Note,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in `claims.toml`: byte span, and 1-based line/column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

/// A place in a source article that a finding refers to (e.g. the closest passage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SourcePlace {
    pub source: String,
    /// The file path as shown to people (sources folder joined with the file).
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// The text of that line in the source.
    pub line_text: String,
}

pub(crate) use crate::diff::DiffRun;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// The claim the finding is about.
    pub claim: String,
    pub message: String,
    /// Where in `claims.toml` (the quote, the source id or the claim id).
    pub region: Region,
    /// A short label for the marked span ("not in guardian-bhrrc").
    pub label: String,
    /// Further lines of explanation ("found in webpronews at 12:5").
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// The source passage the finding refers to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_place: Option<SourcePlace>,
    /// Word diff from the quote to the closest source passage (near misses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<DiffRun>>,
    /// A stable identity for this finding across runs (for SARIF partialFingerprints):
    /// derived from rule, claim id and the cited source/quote, not from line numbers.
    pub fingerprint: String,
    /// Accepted by an `allow = [...]` of its citation or claim in claims.toml: still listed
    /// (JSON, SARIF's `suppressions`), but it counts for neither the exit code nor the totals,
    /// and the human, GitHub and JUnit formats leave it out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

impl Finding {
    /// The message, then a line per note and one for the help, if any: the finding as plain
    /// text (GitHub annotations, SARIF messages).
    pub(crate) fn plain_text(&self) -> String {
        let mut text = self.message.clone();
        for note in &self.notes {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        if let Some(help) = &self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        text
    }
}

/// The outcome of checking one claim: for per-claim formats (JUnit testcases).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClaimOutcome {
    pub id: String,
    pub text: String,
    /// Region of the claim's id in `claims.toml`.
    pub region: Region,
    /// Indices into [`CheckReport::findings`].
    pub findings: Vec<usize>,
}

impl CheckReport {
    /// The report with only the claims whose id passes `keep`, their findings, and the
    /// counts of those.
    pub(crate) fn retain_claims(self, keep: impl Fn(&str) -> bool) -> CheckReport {
        let mut findings = Vec::new();
        let mut renumbered = vec![None; self.findings.len()];
        for (i, finding) in self.findings.into_iter().enumerate() {
            if keep(&finding.claim) {
                renumbered[i] = Some(findings.len());
                findings.push(finding);
            }
        }
        let claims = self
            .claims
            .into_iter()
            .filter(|c| keep(&c.id))
            .map(|mut c| {
                c.findings = c.findings.iter().filter_map(|&i| renumbered[i]).collect();
                c
            })
            .collect();
        CheckReport::new(self.claims_file, claims, findings)
    }

    /// The report of `findings`, with its counts: errors and warnings not allowed, and the
    /// findings allowed.
    pub(crate) fn new(
        claims_file: String,
        claims: Vec<ClaimOutcome>,
        findings: Vec<Finding>,
    ) -> CheckReport {
        let count = |severity: Severity| {
            findings
                .iter()
                .filter(|f| !f.suppressed && f.severity == severity)
                .count()
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let allowed = findings.iter().filter(|f| f.suppressed).count();
        CheckReport {
            claims_file,
            claims,
            findings,
            errors,
            warnings,
            allowed,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckReport {
    /// The claims file as named on the command line (e.g. "claims.toml"), '/' separators.
    pub claims_file: String,
    pub claims: Vec<ClaimOutcome>,
    pub findings: Vec<Finding>,
    /// Errors and warnings that are not allowed.
    pub errors: usize,
    pub warnings: usize,
    /// Findings that an `allow` in claims.toml accepts (`suppressed`).
    pub allowed: usize,
}
