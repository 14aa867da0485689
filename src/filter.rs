//! `--claim ID`, `--tag TAG` and `--verdict V` of `check` and `report`: which claims a run is
//! about. Each option may be given several times and selects the claims with any of its
//! values; given together, a claim must pass each of them. An id or tag that no claim has is
//! an error, since a misspelt filter would otherwise select nothing (or, for `check`, pass).

use crate::check::CheckReport;
use crate::cli::ClaimFilterArgs;
use crate::error::{quoted_list, InputError};
use crate::project::{Claim, Project, Verdict};

#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimFilter {
    ids: Vec<String>,
    tags: Vec<String>,
    verdicts: Vec<Verdict>,
}

impl ClaimFilter {
    pub(crate) fn new(args: &ClaimFilterArgs) -> ClaimFilter {
        ClaimFilter {
            ids: args.claim_ids.clone(),
            tags: args.tags.clone(),
            verdicts: args.verdicts.clone(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.tags.is_empty() && self.verdicts.is_empty()
    }

    pub(crate) fn selects(&self, claim: &Claim) -> bool {
        (self.ids.is_empty() || self.ids.contains(&claim.id))
            && (self.tags.is_empty() || claim.tags.iter().any(|t| self.tags.contains(t)))
            && (self.verdicts.is_empty() || self.verdicts.contains(&claim.verdict))
    }

    /// Every id and tag names one of `project`'s, and some claim passes the filter.
    pub(crate) fn validate(&self, project: &Project) -> Result<(), InputError> {
        if self.is_empty() {
            return Ok(());
        }
        let file = project.path.display();
        let ids: Vec<&str> = project.claims.iter().map(|c| c.id.as_str()).collect();
        for id in &self.ids {
            if !ids.contains(&id.as_str()) {
                let help = match closest(id, &ids) {
                    Some(near) => format!("did you mean --claim {near}? (`--claim` takes a claim's id, as in `id = \"...\"`)"),
                    None => "`--claim` takes a claim's id, as in `id = \"...\"`".to_string(),
                };
                return Err(InputError::new(format!(
                    "--claim {id}: no claim in {file} has this id"
                ))
                .help(help));
            }
        }
        let mut tags: Vec<&str> = project
            .claims
            .iter()
            .flat_map(|c| c.tags.iter().map(String::as_str))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        for tag in &self.tags {
            if !tags.contains(&tag.as_str()) {
                let help = if tags.is_empty() {
                    "no claim has tags; add `tags = [\"...\"]` to a claim".to_string()
                } else {
                    let near = closest(tag, &tags)
                        .map(|near| format!("did you mean --tag {near}? "))
                        .unwrap_or_default();
                    format!("{near}the tags in use: {}", quoted_list(&tags))
                };
                return Err(InputError::new(format!(
                    "--tag {tag}: no claim in {file} has this tag"
                ))
                .help(help));
            }
        }
        if !project.claims.iter().any(|c| self.selects(c)) {
            return Err(InputError::new(format!(
                "no claim in {file} passes {}",
                self.describe()
            ))
            .help("each of --claim, --tag and --verdict keeps the claims with any of its values; given together, a claim must pass each"));
        }
        Ok(())
    }

    /// The filter as it was given, for messages: `--tag tutu --verdict disputed`.
    fn describe(&self) -> String {
        let ids = self.ids.iter().map(|v| format!("--claim {v}"));
        let tags = self.tags.iter().map(|v| format!("--tag {v}"));
        let verdicts = self.verdicts.iter().map(|v| format!("--verdict {v}"));
        ids.chain(tags)
            .chain(verdicts)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `project` with only the claims the filter selects, for a report on them.
    pub(crate) fn apply_to_project(&self, project: &mut Project) {
        if !self.is_empty() {
            project.claims.retain(|c| self.selects(c));
        }
    }

    /// `report` with only the selected claims and their findings (a finding about no claim
    /// of the file, as a lock entry of a removed claim, is about none of them).
    pub(crate) fn apply_to_check(&self, project: &Project, report: CheckReport) -> CheckReport {
        if self.is_empty() {
            return report;
        }
        let selected: Vec<&str> = project
            .claims
            .iter()
            .filter(|c| self.selects(c))
            .map(|c| c.id.as_str())
            .collect();
        report.retain_claims(|id| selected.contains(&id))
    }
}

/// The name among `known` closest to a misspelt one, if it is close.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (similar::TextDiff::from_chars(name, *k).ratio(), *k))
        .filter(|(r, _)| *r >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// A `--verdict` value: one of the verdicts, as claims.toml writes them.
pub(crate) fn parse_verdict(s: &str) -> Result<Verdict, String> {
    Verdict::ALL
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or_else(|| {
            format!(
                "a verdict is one of: {}",
                Verdict::ALL.map(Verdict::as_str).join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn project() -> Project {
        let text = "[project]\ntitle = \"T\"\n\n[[claims]]\nid = \"a\"\ntext = \"A.\"\ntags = [\"x\"]\nverdict = \"supported\"\n\n[[claims]]\nid = \"b\"\ntext = \"B.\"\ntags = [\"x\", \"y\"]\n\n[[claims]]\nid = \"c\"\ntext = \"C.\"\n";
        Project::parse(Path::new("claims.toml"), PathBuf::from("."), text.into()).unwrap()
    }

    fn selected(filter: &ClaimFilter) -> Vec<String> {
        let mut p = project();
        filter.apply_to_project(&mut p);
        p.claims.into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn values_of_one_option_are_any_of_and_options_are_all_of() {
        let of = |ids: &[&str], tags: &[&str], verdicts: &[Verdict]| ClaimFilter {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            verdicts: verdicts.to_vec(),
        };
        assert_eq!(selected(&of(&[], &[], &[])), ["a", "b", "c"]);
        assert_eq!(selected(&of(&["a", "c"], &[], &[])), ["a", "c"]);
        assert_eq!(selected(&of(&[], &["y", "x"], &[])), ["a", "b"]);
        assert_eq!(selected(&of(&[], &["x"], &[Verdict::Unverified])), ["b"]);
        let p = project();
        assert!(of(&["d"], &[], &[]).validate(&p).is_err());
        assert!(of(&[], &["z"], &[]).validate(&p).is_err());
        assert!(of(&["c"], &["x"], &[])
            .validate(&p)
            .unwrap_err()
            .message
            .contains("no claim in claims.toml passes --claim c --tag x"));
        assert!(of(&["b"], &["y"], &[]).validate(&p).is_ok());
        // No filter: every project passes, one without claims too.
        let empty = Project::parse(
            Path::new("claims.toml"),
            PathBuf::from("."),
            "[project]\ntitle = \"T\"\n".into(),
        )
        .unwrap();
        assert!(ClaimFilter::default().validate(&empty).is_ok());
    }
}
