//! Rules about drift since `claims.lock`: `source-changed`, `lock-outdated`.

use super::{Context, Rule, RuleInfo};
use crate::check::{Finding, Severity};
use crate::lock::Notice;

pub(super) const SOURCE_CHANGED: RuleInfo = RuleInfo {
    id: "source-changed",
    severity: Severity::Warning,
    description: "A cited source changed since claims.lock.",
};

pub(super) const LOCK_OUTDATED: RuleInfo = RuleInfo {
    id: "lock-outdated",
    severity: Severity::Error,
    description: "claims.lock does not match the citations in claims.toml.",
};

pub(crate) fn finding(cx: &Context, n: &Notice) -> Finding {
    let rule = if n.rule == crate::lock::RULE_LOCK_OUTDATED {
        Rule::LockOutdated
    } else {
        Rule::SourceChanged
    };
    let mut f = cx
        .finding(rule, &n.claim, n.span.clone(), &n.key)
        .message(n.message.clone())
        .label(n.label.clone())
        .notes(n.notes.clone())
        .help(n.help.clone())
        .source_place(
            n.source_place
                .as_ref()
                .and_then(|(id, line, column)| cx.source_place(id, Some(*line), Some(*column))),
        )
        .diff(n.diff.clone());
    if n.error {
        f.severity = Severity::Error;
    }
    f
}
