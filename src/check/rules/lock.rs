//! Rules about drift since `claims.lock` ([`crate::lock::drift`]): `source-changed` for every
//! citation whose source changed, and under `--locked` `lock-outdated` for every anchor or
//! citation the lock does not cover.

use super::{citation_key, Context, Rule, RuleInfo};
use crate::check::{Finding, Severity};
use crate::lock::{AnchorDrift, Drift, Reanchor, SourceChange, SourceDrift, StaleAnchor, Unlocked};

/// The lock rules' findings in claims-file order (by claim, then citation), each with the
/// index of its claim in claims.toml: `None`, last, for a claim that claims.toml no longer has.
pub(crate) fn findings(cx: &Context, drift: &Drift) -> Vec<(Option<usize>, Finding)> {
    // A quote changed or gone is a finding of its own; the quotes still intact in a changed
    // source (one line added at its top moves them all) are one finding for the source.
    let intact = |a: &AnchorDrift| {
        cx.corpus.source(&a.source).is_some()
            && matches!(
                a.result,
                Reanchor::Unchanged { .. } | Reanchor::Moved { .. }
            )
    };
    let mut out: Vec<(Option<usize>, usize, Finding)> = drift
        .changed_anchors()
        .filter(|a| !intact(a))
        .map(|a| {
            (
                Some(a.claim_index),
                a.citation,
                source_changed(cx, drift, a),
            )
        })
        .collect();
    let mut by_source: std::collections::BTreeMap<&str, Vec<&AnchorDrift>> = Default::default();
    for a in drift.changed_anchors().filter(|a| intact(a)) {
        by_source.entry(a.source.as_str()).or_default().push(a);
    }
    for anchors in by_source.values() {
        let first = anchors
            .iter()
            .min_by_key(|a| (a.claim_index, a.citation))
            .expect("a group has an anchor");
        out.push((
            Some(first.claim_index),
            first.citation,
            source_changed_intact(cx, drift, first, anchors),
        ));
    }
    if cx.options.locked {
        for s in &drift.stale {
            out.push((s.claim_index, s.citation, stale_anchor(cx, s)));
        }
        for u in &drift.unlocked {
            out.push((Some(u.claim_index), u.citation, unlocked(cx, u)));
        }
    }
    out.sort_by_key(|(claim, citation, _)| (claim.is_none(), *claim, *citation));
    out.into_iter().map(|(claim, _, f)| (claim, f)).collect()
}

pub(super) const SOURCE_CHANGED: RuleInfo = RuleInfo {
    id: "source-changed",
    severity: Severity::Warning,
    description: "A cited source changed since claims.lock.",
    name: "SourceChanged",
    full_description: "A cited source's file changed since `claims.lock` recorded it. Each quoted passage that changed or is gone is a finding of its own; the quotes still intact in the source are one finding for the source.",
    fix: "Review the change to the source and to the claims that quote it, then run `factcheck lock` to accept the new version.",
};

/// A citation whose source changed: where its quote is now, marked at the citation's source
/// id; an error under `--locked`.
fn source_changed(cx: &Context, drift: &Drift, a: &AnchorDrift) -> Finding {
    let citation = &cx.project.claims[a.claim_index].citations[a.citation];
    let key = citation_key(&citation.source, citation.quote.as_deref().unwrap_or(""));
    let label = match &a.result {
        Reanchor::Unchanged { .. } => "source changed since claims.lock".to_string(),
        Reanchor::Moved { line, column, .. } => format!("quote moved to {line}:{column}"),
        Reanchor::Changed { .. } => "quoted passage changed".to_string(),
        Reanchor::Gone => "quoted passage gone".to_string(),
    };
    let (what, diff) = match &a.result {
        Reanchor::Changed { diff, .. } => (
            Some(format!("locked vs now: {}", crate::diff::plain(diff))),
            Some(diff.clone()),
        ),
        Reanchor::Gone => (Some(format!("it read: \"{}\"", a.exact)), None),
        _ => (None, None),
    };
    let hashes = match drift.source(&a.source) {
        Some(SourceDrift {
            change:
                SourceChange::Modified {
                    old_sha256,
                    new_sha256,
                },
            ..
        }) => Some(format!(
            "sha256 {} in claims.lock, {} now",
            &old_sha256[..12.min(old_sha256.len())],
            &new_sha256[..12.min(new_sha256.len())]
        )),
        _ => None,
    };
    let help = match &a.result {
        Reanchor::Unchanged { .. } | Reanchor::Moved { .. } => {
            "the quote is intact; run `factcheck lock` to accept the new version of the source"
        }
        _ => {
            "review the change to the source and the claim; then run `factcheck lock` to accept it"
        }
    };
    let now = a.result.line_col();
    let mut finding = cx
        .finding(
            Rule::SourceChanged,
            &a.claim,
            citation.source_span.clone(),
            &key,
        )
        .message(source_changed_message(cx, a))
        .label(label)
        .notes(what.into_iter().chain(hashes))
        .help(help)
        .source_place(
            now.and_then(|(line, column)| cx.source_place(&a.source, Some(line), Some(column)))
                .map(|p| p.spanning(now_text(a))),
        )
        .diff(diff);
    if cx.options.locked {
        finding.severity = Severity::Error;
    }
    finding
}

/// The quotes of one changed source that are all still there, moved or not: one finding,
/// marked at the first citation's source id, with a note for each quote. A warning, and under
/// `--locked` a note: the words the reviewer checked are still in the source.
fn source_changed_intact(
    cx: &Context,
    drift: &Drift,
    first: &AnchorDrift,
    anchors: &[&AnchorDrift],
) -> Finding {
    let citation = &cx.project.claims[first.claim_index].citations[first.citation];
    let source = &first.source;
    let n = anchors.len();
    let passages = if n == 1 {
        "the passage quoted from it is".to_string()
    } else {
        format!("all {n} passages quoted from it are")
    };
    let notes = anchors.iter().map(|a| {
        let was = format!("line {}, column {}", a.locked_line, a.locked_column);
        match &a.result {
            Reanchor::Moved { line, column, .. } => format!(
                "claim \"{}\": moved from {was} to line {line}, column {column}, intact",
                a.claim
            ),
            _ => format!("claim \"{}\": unchanged at {was}", a.claim),
        }
    });
    let hashes = match drift.source(source) {
        Some(SourceDrift {
            change:
                SourceChange::Modified {
                    old_sha256,
                    new_sha256,
                },
            ..
        }) => Some(format!(
            "sha256 {} in claims.lock, {} now",
            &old_sha256[..12.min(old_sha256.len())],
            &new_sha256[..12.min(new_sha256.len())]
        )),
        _ => None,
    };
    let now = first.result.line_col();
    let mut finding = cx
        .finding(
            Rule::SourceChanged,
            &first.claim,
            citation.source_span.clone(),
            source,
        )
        .message(format!(
            "source \"{source}\" changed since claims.lock; {passages} intact"
        ))
        .label(format!("{n} quote{} intact", if n == 1 { "" } else { "s" }))
        .notes(notes.collect::<Vec<_>>().into_iter().chain(hashes))
        .help("the quotes are intact; run `factcheck lock` to accept the new version of the source")
        .source_place(
            now.and_then(|(line, column)| cx.source_place(source, Some(line), Some(column)))
                .map(|p| p.spanning(now_text(first))),
        );
    if cx.options.locked {
        finding.severity = Severity::Note;
    }
    finding
}

/// The source's words at the quote's place now: the locked text where it is unchanged or
/// moved, the closest passage where it changed.
fn now_text(a: &AnchorDrift) -> &str {
    match &a.result {
        Reanchor::Changed { found, .. } => found,
        Reanchor::Gone => "",
        _ => &a.exact,
    }
}

/// What happened to the quoted passage, in one line.
fn source_changed_message(cx: &Context, a: &AnchorDrift) -> String {
    let (claim, source) = (&a.claim, &a.source);
    if cx.corpus.source(source).is_none() {
        return format!(
            "source \"{source}\" is gone since claims.lock; the passage quoted in claim \"{claim}\" went with it"
        );
    }
    let was = format!("line {}, column {}", a.locked_line, a.locked_column);
    let lead = format!("source \"{source}\" changed since claims.lock");
    match &a.result {
        Reanchor::Unchanged { .. } => {
            format!("{lead}; the passage quoted in claim \"{claim}\" is unchanged at {was}")
        }
        Reanchor::Moved { line, column, .. } => format!(
            "{lead}; the passage quoted in claim \"{claim}\" moved from {was} to line {line}, column {column}"
        ),
        Reanchor::Changed {
            line,
            column,
            found,
            ..
        } => {
            let how = if crate::text::fold(found) == crate::text::fold(&a.exact) {
                "changed only in spacing or typography (quotes, apostrophes, dashes, case)"
            } else {
                "now reads differently"
            };
            format!(
                "{lead}; the passage quoted in claim \"{claim}\" {how} (line {line}, column {column})"
            )
        }
        Reanchor::Gone => {
            format!("{lead}; the passage quoted in claim \"{claim}\" is gone (it was at {was})")
        }
    }
}

pub(super) const LOCK_OUTDATED: RuleInfo = RuleInfo {
    id: "lock-outdated",
    severity: Severity::Error,
    description: "claims.lock does not match the citations in claims.toml.",
    name: "LockOutdated",
    full_description: "Under `--locked`, `claims.lock` does not match the citations in claims.toml: it anchors a citation that is no longer there, or a citation has no anchor.",
    fix: "Run `factcheck lock` and commit `claims.lock` with claims.toml.",
};

const LOCK_OUTDATED_HELP: &str = "run `factcheck lock` to update claims.lock";

/// An anchor whose citation claims.toml no longer has, marked at its claim's id (at the start
/// of the file when the claim is gone too).
fn stale_anchor(cx: &Context, s: &StaleAnchor) -> Finding {
    let span = s
        .claim_index
        .map_or(0..0, |ci| cx.project.claims[ci].id_span.clone());
    let what = if s.claim_index.is_some() {
        "a citation that claims.toml no longer has (its source or quote was edited, or it was removed)"
    } else {
        "a claim that claims.toml no longer has"
    };
    cx.finding(
        Rule::LockOutdated,
        &s.claim,
        span,
        &citation_key(&s.source, &s.quote),
    )
    .message(format!(
        "claims.lock anchors {what}: claim \"{}\", citation {} of \"{}\"",
        s.claim,
        s.citation + 1,
        s.source
    ))
    .label("not as locked")
    .notes([format!("locked quote: \"{}\"", s.quote)])
    .help(LOCK_OUTDATED_HELP)
}

/// A citation whose quote holds but that the lock has no anchor for, marked at its source id.
fn unlocked(cx: &Context, u: &Unlocked) -> Finding {
    let citation = &cx.project.claims[u.claim_index].citations[u.citation];
    cx.finding(
        Rule::LockOutdated,
        &u.claim,
        citation.source_span.clone(),
        &citation_key(&citation.source, citation.quote.as_deref().unwrap_or("")),
    )
    .message(format!(
        "citation of \"{}\" in claim \"{}\" is not in claims.lock",
        u.source, u.claim
    ))
    .label("not locked")
    .help(LOCK_OUTDATED_HELP)
}
