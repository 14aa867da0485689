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
    /// The page of a PDF source (1-based); absent for sources without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The text of that line in the source.
    pub line_text: String,
    /// Where the passage ends: the line and the column just past its last character (SARIF's
    /// `endLine`/`endColumn`); the end of `line` when only the start is known.
    #[serde(skip)]
    pub end_line: usize,
    #[serde(skip)]
    pub end_column: usize,
    /// The file's path from the project root (the folder of claims.toml), `/`-separated and
    /// without `.` or `..`: the same from any current directory. `None` for a file outside
    /// the project folder (`--allow-outside`).
    #[serde(skip)]
    pub root_path: Option<String>,
    /// The file's absolute path, for a file outside the project folder.
    #[serde(skip)]
    pub absolute_path: String,
    /// The source's words from the start to the end, when the rule gave them (SARIF's
    /// `snippet`).
    #[serde(skip)]
    pub snippet: Option<String>,
}

impl SourcePlace {
    /// The place extended over `text`, the source's own words from its start: the end is where
    /// they end.
    pub(crate) fn spanning(mut self, text: &str) -> SourcePlace {
        let (mut line, mut column) = (self.line, self.column);
        for c in text.chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        if (line, column) > (self.line, self.column) {
            (self.end_line, self.end_column) = (line, column);
            self.snippet = Some(text.to_string());
        }
        self
    }

    /// The place ending at `end` (line, column just past the last character), if after its
    /// start.
    pub(crate) fn ending_at(mut self, end: (usize, usize)) -> SourcePlace {
        if end > (self.line, self.column) {
            (self.end_line, self.end_column) = end;
        }
        self
    }
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
            claims_root_path: file_name(&claims_file).to_string(),
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
    /// The claims file's path from the project root, which is the folder holding it: its
    /// file name, whatever the current directory (what CI formats print).
    #[serde(skip)]
    pub claims_root_path: String,
    pub claims: Vec<ClaimOutcome>,
    pub findings: Vec<Finding>,
    /// Errors and warnings that are not allowed.
    pub errors: usize,
    pub warnings: usize,
    /// Findings that an `allow` in claims.toml accepts (`suppressed`).
    pub allowed: usize,
}

/// The last component of a `/`-separated path (`claims.toml` of `../a/claims.toml`).
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `path` relative to `root` as a `/`-separated path without `.` or `..` components, if it
/// lies inside `root` (lexically: links are not followed; the corpus confines them).
pub(crate) fn root_relative(root: &std::path::Path, path: &std::path::Path) -> Option<String> {
    use std::path::Component;
    let rest = path.strip_prefix(root).ok()?;
    let mut parts: Vec<String> = Vec::new();
    for component in rest.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().replace('\\', "/")),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `path` as an absolute path without `.` or `..` (which SARIF consumers refuse in a `file:`
/// URI, since a link makes `..` mean another folder): the real path of the file, which was
/// just read; the lexically normalised absolute path if it is gone.
pub(crate) fn absolute_path(path: &std::path::Path) -> String {
    let real = path
        .canonicalize()
        .unwrap_or_else(|_| crate::output::lexical(path));
    real.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn paths_from_the_project_root() {
        let r = |root: &str, path: &str| root_relative(Path::new(root), Path::new(path));
        assert_eq!(r(".", "./seeds/a.txt").as_deref(), Some("seeds/a.txt"));
        assert_eq!(r("..", "../seeds/a.txt").as_deref(), Some("seeds/a.txt"));
        assert_eq!(
            r("../p", "../p/s/../seeds/./a b.txt").as_deref(),
            Some("seeds/a b.txt")
        );
        assert_eq!(
            r("/w/p", "/w/p/seeds/a.txt").as_deref(),
            Some("seeds/a.txt")
        );
        assert_eq!(r(".", "./../elsewhere/a.txt"), None);
        assert_eq!(r("p", "q/a.txt"), None);
        assert_eq!(file_name("../a/claims.toml"), "claims.toml");
        let gone = absolute_path(Path::new("/no/such/dir/../x/./a.txt"));
        assert_eq!(gone, "/no/such/x/a.txt");
        let here = absolute_path(Path::new("src/../Cargo.toml"));
        assert!(
            here.starts_with('/') && here.ends_with("/Cargo.toml"),
            "{here}"
        );
        assert!(!here.contains("/../") && !here.contains("/./"), "{here}");
        assert_eq!(file_name("claims.toml"), "claims.toml");
    }

    #[test]
    fn a_place_spans_its_words() {
        let place = SourcePlace {
            source: "s".into(),
            path: "s.txt".into(),
            line: 3,
            column: 5,
            page: None,
            line_text: "abcd efgh".into(),
            end_line: 3,
            end_column: 10,
            root_path: None,
            absolute_path: String::new(),
            snippet: None,
        };
        let one = place.clone().spanning("efg");
        assert_eq!((one.end_line, one.end_column), (3, 8));
        let two = place.clone().spanning("efgh\nij");
        assert_eq!((two.end_line, two.end_column), (4, 3));
        assert_eq!(two.snippet.as_deref(), Some("efgh\nij"));
        let none = place.ending_at((3, 5));
        assert_eq!((none.end_line, none.end_column), (3, 10));
    }
}
