//! The rules of `factcheck check`. A rule is written in one place: its [`RuleInfo`] (stable id,
//! default severity, description: what SARIF's rule list shows) stands beside the function that
//! finds its problems and words them (message, label, notes, help). One file per family:
//!
//! | file | rules | about |
//! | --- | --- | --- |
//! | `claim.rs` | `no-citation`, `too-few-sources` | a claim's citations as a whole |
//! | `quote.rs` | `unknown-source`, `quote-near-miss`, `quote-not-found`, `wrong-source`, `quote-elided`, `citation-without-quote` | one citation's quote |
//! | `lock.rs` | `source-changed`, `lock-outdated` | drift since `claims.lock` |
//! | `stance.rs` | `citation-contradicts-claim`, `verdict-without-support`, `verdict-without-refutation` | what the evidence says of the claim |
//!
//! A new rule is a line in the `rules!` list below, which puts it in [`Rule::ALL`] (and so in
//! SARIF's rule list), and a row in the README's rule table; the tests fail until it has both.

mod claim;
pub(crate) mod lock;
mod quote;
mod stance;

use std::ops::Range;

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::{CheckOptions, DiffRun, Finding, Region, Severity, SourcePlace};
use crate::analysis::ClaimAnalysis;
use crate::corpus::Corpus;
use crate::project::{Claim, Project};

/// What a rule is, for people and for SARIF's rule metadata.
pub(crate) struct RuleInfo {
    /// Stable: CI systems key on it (`error[quote-not-found]`, SARIF's `ruleId`).
    pub(crate) id: &'static str,
    /// The severity of its findings unless `--deny warnings` (or `--locked`, for drift) raises it.
    pub(crate) severity: Severity,
    /// One line, for SARIF's `shortDescription`.
    pub(crate) description: &'static str,
    /// SARIF's `name`: the id in UpperCamelCase, as SARIF 2.1.0 (§3.49.7) and GitHub's rule
    /// list expect.
    pub(crate) name: &'static str,
    /// What the rule checks and why it matters, for SARIF's `fullDescription`.
    pub(crate) full_description: &'static str,
    /// How to fix a finding, for SARIF's `help` (Markdown: `code` spans only, so that the text
    /// reads the same as plain text).
    pub(crate) fix: &'static str,
}

/// Declares [`Rule`] and [`Rule::ALL`] from one list, each variant with the [`RuleInfo`] that
/// describes it, so that no rule can be left out of `ALL`.
macro_rules! rules {
    ($($(#[doc = $doc:literal])+ $rule:ident => $info:path,)+) => {
        /// What kind of problem a finding reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum Rule {
            $($(#[doc = $doc])+ $rule,)+
        }

        impl Rule {
            /// Every rule, in the order SARIF lists them (its `ruleIndex`).
            pub(crate) const ALL: [Rule; [$(Rule::$rule),+].len()] = [$(Rule::$rule),+];

            fn info(self) -> &'static RuleInfo {
                match self {
                    $(Rule::$rule => &$info,)+
                }
            }
        }
    };
}

rules! {
    /// A claim with no `[[claims.citations]]`.
    NoCitation => claim::NO_CITATION,
    /// A citation naming a source id that no file has.
    UnknownSource => quote::UNKNOWN_SOURCE,
    /// The quote is not in the cited source, but a passage there differs by a few words.
    QuoteNearMiss => quote::QUOTE_NEAR_MISS,
    /// The quote is nowhere in the cited source.
    QuoteNotFound => quote::QUOTE_NOT_FOUND,
    /// The quote is not in the cited source but is in another one.
    WrongSource => quote::WRONG_SOURCE,
    /// Fewer distinct sources than `--min-sources`.
    TooFewSources => claim::TOO_FEW_SOURCES,
    /// The quote is found only by joining pieces around "...".
    QuoteElided => quote::QUOTE_ELIDED,
    /// A cited source changed since `claims.lock`.
    SourceChanged => lock::SOURCE_CHANGED,
    /// `claims.lock` does not match the citations in `claims.toml` (under `--locked`).
    LockOutdated => lock::LOCK_OUTDATED,
    /// A `supports` citation holds but conflicts with the claim.
    CitationContradictsClaim => stance::CITATION_CONTRADICTS_CLAIM,
    /// Verdict supported or partly-supported without a conflict-free supporting citation.
    VerdictWithoutSupport => stance::VERDICT_WITHOUT_SUPPORT,
    /// Verdict unsupported or disputed without a holding refuting citation.
    VerdictWithoutRefutation => stance::VERDICT_WITHOUT_REFUTATION,
    /// A citation without a quote.
    CitationWithoutQuote => quote::CITATION_WITHOUT_QUOTE,
    /// A citation's `page = N` is not the page its quote is on.
    QuoteOnOtherPage => quote::QUOTE_ON_OTHER_PAGE,
}

impl Rule {
    /// The rule's stable id, e.g. `quote-not-found`.
    pub(crate) fn id(self) -> &'static str {
        self.info().id
    }

    /// A one-line description, for SARIF rule metadata and help texts.
    pub(crate) fn description(self) -> &'static str {
        self.info().description
    }

    /// SARIF's `name` (`QuoteNotFound`).
    pub(crate) fn name(self) -> &'static str {
        self.info().name
    }

    /// A paragraph: what the rule checks and why.
    pub(crate) fn full_description(self) -> &'static str {
        self.info().full_description
    }

    /// How to fix its findings.
    pub(crate) fn fix(self) -> &'static str {
        self.info().fix
    }

    /// The severity a rule has unless the user changes it (`--deny warnings`).
    pub(crate) fn default_severity(self) -> Severity {
        self.info().severity
    }
}

/// As its id (`"quote-not-found"`), in the JSON findings.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// What the rules read besides the claim at hand: the project checked, its sources and the
/// options of the run.
pub(crate) struct Context<'a> {
    pub(crate) project: &'a Project,
    pub(crate) corpus: &'a Corpus,
    pub(crate) options: CheckOptions,
}

impl Context<'_> {
    /// A finding of `rule` about claim `claim`, marking `span` of claims.toml, for the rule to
    /// word with [`Finding::message`] and the others. Its severity is the rule's, a warning
    /// raised to an error under `--deny warnings`; its fingerprint comes from rule, claim and
    /// `key` (a citation's `source \0 quote`, empty for a claim's own findings).
    pub(crate) fn finding(
        &self,
        rule: Rule,
        claim: &str,
        span: Range<usize>,
        key: &str,
    ) -> Finding {
        let severity = match rule.default_severity() {
            Severity::Warning if self.options.deny_warnings => Severity::Error,
            s => s,
        };
        Finding {
            rule,
            severity,
            claim: claim.to_string(),
            message: String::new(),
            region: self.region(span),
            label: String::new(),
            notes: Vec::new(),
            help: None,
            source_place: None,
            diff: None,
            fingerprint: fingerprint(rule, claim, key),
            suppressed: false,
        }
    }

    /// A byte span of claims.toml with its lines and columns.
    pub(crate) fn region(&self, span: Range<usize>) -> Region {
        let (line, column) = self.project.line_col(span.start);
        let (end_line, end_column) = self.project.line_col(span.end);
        Region {
            line,
            column,
            end_line,
            end_column,
            span,
        }
    }

    /// A line of source `id`, if the source exists and the line is known.
    pub(crate) fn source_place(
        &self,
        id: &str,
        line: Option<usize>,
        column: Option<usize>,
    ) -> Option<SourcePlace> {
        let source = self.corpus.source(id)?;
        let line = line?;
        let line_text = source.lines.line(&source.text, line).to_string();
        let column = column.unwrap_or(1);
        // Until the rule says where the passage ends: the end of its first line.
        let line_end = line_text.trim_end_matches(['\r', '\n']).chars().count() + 1;
        let page = source.page_at(source.lines.offset(&source.text, line, column));
        Some(SourcePlace {
            source: id.to_string(),
            path: source.path.to_string_lossy().replace('\\', "/"),
            line,
            column,
            page,
            line_text,
            end_line: line,
            end_column: line_end.max(column),
            root_path: super::root_relative(&self.project.root, &source.path),
            absolute_path: super::absolute_path(&source.path),
            snippet: None,
        })
    }
}

impl Context<'_> {
    /// Where `quote` ends in source `id` (line, column just past its last character), found
    /// again as the verification found it there: the end of a related location's region.
    pub(crate) fn quote_end(&self, id: &str, quote: &str) -> Option<(usize, usize)> {
        let index = self.corpus.source_index(id)?;
        let found = crate::quote::Verifier::new(self.corpus, None).find(quote, index)?;
        Some(self.corpus.sources[index].line_col(found.span.end))
    }
}

/// How a rule words its finding: the builder methods that [`Context::finding`] leaves to it.
impl Finding {
    pub(crate) fn message(mut self, message: String) -> Finding {
        self.message = message;
        self
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = label.into();
        self
    }

    /// Adds a note for each item (none for `None`).
    pub(crate) fn notes(mut self, notes: impl IntoIterator<Item = String>) -> Finding {
        self.notes.extend(notes);
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn source_place(mut self, place: Option<SourcePlace>) -> Finding {
        self.source_place = place;
        self
    }

    pub(crate) fn diff(mut self, diff: Option<Vec<DiffRun>>) -> Finding {
        self.diff = diff;
        self
    }
}

/// Every finding the claim and quote rules make about one claim, in report order: each
/// citation's, then the claim's own (a claim without citations has only `no-citation`).
pub(crate) fn claim_findings(
    cx: &Context,
    claim: &Claim,
    analysis: &ClaimAnalysis,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = claim::no_citation(cx, claim).into_iter().collect();
    for (citation, verified) in claim.citations.iter().zip(&analysis.citations) {
        let first = findings.len();
        findings.extend(quote::finding(cx, &claim.id, citation, verified));
        findings.extend(quote::on_other_page(cx, &claim.id, citation, verified));
        findings.extend(stance::citation_contradicts_claim(
            cx, claim, citation, verified,
        ));
        for finding in &mut findings[first..] {
            finding.suppressed |= citation.allow.iter().any(|id| id == finding.rule.id());
        }
    }
    findings.extend(claim::too_few_sources(cx, claim));
    findings.extend(stance::verdict_without_support(cx, claim, analysis));
    findings.extend(stance::verdict_without_refutation(cx, claim, analysis));
    findings
}

/// The fingerprint key of a citation's findings: which source, which quote.
pub(crate) fn citation_key(source: &str, quote: &str) -> String {
    format!("{source}\u{0}{quote}")
}

/// Stable across runs and edits elsewhere in the file: no line numbers in it.
fn fingerprint(rule: Rule, claim: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{}\u{0}{claim}\u{0}{key}", rule.id()).as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckReport;

    #[test]
    fn ids_are_distinct_and_serialise_as_themselves() {
        let ids: std::collections::BTreeSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len(), "two rules share an id");
        for rule in Rule::ALL {
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.id());
        }
    }

    /// Every rule is in the `rules` array of SARIF's driver, with its description and level.
    #[test]
    fn every_rule_is_in_the_sarif_rule_list() {
        let report = CheckReport {
            claims_file: "claims.toml".into(),
            claims_root_path: "claims.toml".into(),
            claims: Vec::new(),
            findings: Vec::new(),
            errors: 0,
            warnings: 0,
            allowed: 0,
        };
        let log: serde_json::Value = serde_json::from_str(&crate::check::sarif::render(
            &report,
            &crate::check::format::CiOptions::default(),
            "",
        ))
        .unwrap();
        let listed = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        for rule in Rule::ALL {
            let entry = listed
                .iter()
                .find(|r| r["id"] == rule.id())
                .unwrap_or_else(|| panic!("{} is missing from SARIF's rule list", rule.id()));
            assert_eq!(entry["shortDescription"]["text"], rule.description());
            assert_eq!(
                entry["defaultConfiguration"]["level"],
                rule.default_severity().as_str()
            );
        }
        assert_eq!(listed.len(), Rule::ALL.len());
    }

    /// The rows of the README's rule table (under "Commands"): rule id and severity cell.
    fn readme_rules() -> Vec<(String, String)> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let commands = &readme[readme.find("\n## Commands\n").expect("a Commands section")..];
        let commands = &commands[..commands[1..]
            .find("\n## ")
            .map_or(commands.len(), |i| i + 1)];
        let header = commands
            .find("| rule | severity | when |")
            .expect("the rule table under Commands");
        commands[header..]
            .lines()
            .skip(2)
            .map(str::trim)
            .take_while(|line| line.starts_with('|'))
            .map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
                let id = cells[0].trim_matches('`').to_string();
                (id, cells[1].to_string())
            })
            .collect()
    }

    /// Every rule has a row in the README's table, whose severity starts with the rule's
    /// default one, and the table names no rule that does not exist.
    #[test]
    fn every_rule_is_in_the_readme_table() {
        let rows = readme_rules();
        for rule in Rule::ALL {
            let (_, severity) = rows
                .iter()
                .find(|(id, _)| id == rule.id())
                .unwrap_or_else(|| panic!("{} is missing from the README's rule table", rule.id()));
            assert!(
                severity.starts_with(rule.default_severity().as_str()),
                "{}: README says {severity:?}",
                rule.id()
            );
        }
        for (id, _) in &rows {
            assert!(
                Rule::ALL.iter().any(|r| r.id() == id),
                "the README's rule table names {id:?}, which is no rule"
            );
        }
    }

    /// SARIF's `helpUri` lands on a real heading: the README has exactly one heading that
    /// GitHub anchors as `#check-rules` (lower case, punctuation dropped, spaces to hyphens,
    /// as github-slugger does), and the rule table is in its section.
    #[test]
    fn the_help_uri_anchor_is_the_heading_of_the_rule_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let slug = |heading: &str| -> String {
            heading
                .trim()
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        };
        let anchor = crate::check::sarif::RULES_ANCHOR;
        let mut in_code = false;
        let mut headings = Vec::new();
        for (i, line) in readme.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            } else if !in_code && line.starts_with('#') {
                headings.push((i, slug(line.trim_start_matches('#'))));
            }
        }
        let matching: Vec<_> = headings.iter().filter(|(_, s)| s == anchor).collect();
        assert_eq!(
            matching.len(),
            1,
            "headings anchored #{anchor}: {matching:?}"
        );
        let start = matching[0].0;
        let end = headings
            .iter()
            .find(|(i, _)| *i > start)
            .map_or(usize::MAX, |(i, _)| *i);
        let section: Vec<&str> = readme.lines().take(end).skip(start).collect();
        assert!(
            section
                .iter()
                .any(|l| l.starts_with("| rule | severity | when |")),
            "the rule table is not under the #{anchor} heading"
        );
        assert!(crate::check::sarif::help_uri().ends_with(&format!("/README.md#{anchor}")));
    }
}
