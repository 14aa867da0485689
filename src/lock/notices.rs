//! What `check` reports of drift: one notice per citation whose source changed, and under
//! `--locked` one per anchor or citation the lock does not cover.

use std::ops::Range;

use serde::Serialize;

use super::{Drift, Reanchor, SourceChange, SourceDrift};
use crate::diff::DiffRun;
use crate::project::Project;

/// The rule id for a citation whose source changed since the lock.
pub const RULE_SOURCE_CHANGED: &str = "source-changed";
/// The rule id for a lock that does not cover the current citations (only under `--locked`).
pub const RULE_LOCK_OUTDATED: &str = "lock-outdated";

/// A finding of drift, as plain data for `check` to turn into a `check::Finding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// [`RULE_SOURCE_CHANGED`] or [`RULE_LOCK_OUTDATED`].
    pub rule: &'static str,
    /// An error (under `--locked`) rather than a warning.
    pub error: bool,
    pub claim: String,
    /// Where in claims.toml: the citation's `source` value (a stale anchor of a claim that is
    /// gone: the start of the file).
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub notes: Vec<String>,
    pub help: String,
    /// The place in the source now: (source id, line, column).
    pub source_place: Option<(String, usize, usize)>,
    /// Word diff from the locked text to the passage now ([`Reanchor::Changed`]).
    pub diff: Option<Vec<DiffRun>>,
    /// For the finding's fingerprint, as `check` keys citations: `source \0 quote`.
    pub key: String,
}

/// The drift findings `check` should report, in claims-file order: one `source-changed` per
/// citation whose source changed (warning; error when `locked`), and under `locked` one
/// `lock-outdated` error per stale anchor or unlocked citation.
pub fn notices(drift: &Drift, project: &Project, locked: bool) -> Vec<Notice> {
    let mut out: Vec<(usize, usize, Notice)> = Vec::new();
    for a in drift.changed_anchors() {
        let citation = &project.claims[a.claim_index].citations[a.citation];
        let label = match &a.result {
            Reanchor::Unchanged { .. } => "source changed since claims.lock".to_string(),
            Reanchor::Moved { line, column, .. } => format!("quote moved to {line}:{column}"),
            Reanchor::Changed { .. } => "quoted passage changed".to_string(),
            Reanchor::Gone => "quoted passage gone".to_string(),
        };
        let mut notes = Vec::new();
        let mut diff = None;
        match &a.result {
            Reanchor::Changed { diff: d, .. } => {
                notes.push(format!("locked vs now: {}", crate::diff::plain(d)));
                diff = Some(d.clone());
            }
            Reanchor::Gone => notes.push(format!("it read: \"{}\"", a.exact)),
            _ => {}
        }
        if let Some(SourceDrift {
            change:
                SourceChange::Modified {
                    old_sha256,
                    new_sha256,
                },
            ..
        }) = drift.source(&a.source)
        {
            notes.push(format!(
                "sha256 {} in claims.lock, {} now",
                &old_sha256[..12.min(old_sha256.len())],
                &new_sha256[..12.min(new_sha256.len())]
            ));
        }
        let help = match &a.result {
            Reanchor::Unchanged { .. } | Reanchor::Moved { .. } => {
                "the quote is intact; run `factcheck lock` to accept the new version of the source"
            }
            _ => "review the change to the source and the claim; then run `factcheck lock` to accept it",
        };
        out.push((
            a.claim_index,
            a.citation,
            Notice {
                rule: RULE_SOURCE_CHANGED,
                error: locked,
                claim: a.claim.clone(),
                span: citation.source_span.clone(),
                message: a.message.clone(),
                label,
                notes,
                help: help.to_string(),
                source_place: a
                    .result
                    .line_col()
                    .map(|(line, column)| (a.source.clone(), line, column)),
                diff,
                key: format!("{}\u{0}{}", citation.source, citation.quote),
            },
        ));
    }
    if locked {
        for s in &drift.stale {
            let span = s
                .claim_index
                .map_or(0..0, |ci| project.claims[ci].id_span.clone());
            let what = if s.claim_index.is_some() {
                "a citation that claims.toml no longer has (its source or quote was edited, or it was removed)"
            } else {
                "a claim that claims.toml no longer has"
            };
            out.push((
                s.claim_index.unwrap_or(usize::MAX),
                s.citation,
                Notice {
                    rule: RULE_LOCK_OUTDATED,
                    error: true,
                    claim: s.claim.clone(),
                    span,
                    message: format!(
                        "claims.lock anchors {what}: claim \"{}\", citation {} of \"{}\"",
                        s.claim,
                        s.citation + 1,
                        s.source
                    ),
                    label: "not as locked".into(),
                    notes: vec![format!("locked quote: \"{}\"", s.quote)],
                    help: "run `factcheck lock` to update claims.lock".into(),
                    source_place: None,
                    diff: None,
                    key: format!("{}\u{0}{}", s.source, s.quote),
                },
            ));
        }
        for u in &drift.unlocked {
            let citation = &project.claims[u.claim_index].citations[u.citation];
            out.push((
                u.claim_index,
                u.citation,
                Notice {
                    rule: RULE_LOCK_OUTDATED,
                    error: true,
                    claim: u.claim.clone(),
                    span: citation.source_span.clone(),
                    message: format!(
                        "citation of \"{}\" in claim \"{}\" is not in claims.lock",
                        u.source, u.claim
                    ),
                    label: "not locked".into(),
                    notes: Vec::new(),
                    help: "run `factcheck lock` to update claims.lock".into(),
                    source_place: None,
                    diff: None,
                    key: format!("{}\u{0}{}", citation.source, citation.quote),
                },
            ));
        }
    }
    out.sort_by_key(|(ci, j, _)| (*ci, *j));
    out.into_iter().map(|(_, _, n)| n).collect()
}
