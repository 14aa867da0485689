//! Word diffs (with `similar`), shared by quote verification, checks and wording comparison.

use serde::Serialize;
use similar::{Algorithm, DiffOp as Op};

/// One run of a word diff: "equal", "delete" (only in the old text, e.g. the quote) or
/// "insert" (only in the new text, e.g. the source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRun {
    pub op: DiffOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

/// Diff two word sequences compared by `key`, showing each side's own spelling (`old_text`,
/// `new_text`). Adjacent runs of the same kind are merged, words joined by single spaces.
pub fn word_diff<K: Ord + std::hash::Hash + Eq>(
    old_keys: &[K],
    new_keys: &[K],
    old_text: &[&str],
    new_text: &[&str],
) -> Vec<DiffRun> {
    let ops = similar::capture_diff_slices(Algorithm::Patience, old_keys, new_keys);
    let mut runs: Vec<DiffRun> = Vec::new();
    let mut push = |op: DiffOp, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        let text = words.join(" ");
        match runs.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(&text);
            }
            _ => runs.push(DiffRun { op, text }),
        }
    };
    for op in ops {
        match op {
            Op::Equal { new_index, len, .. } => {
                push(DiffOp::Equal, &new_text[new_index..new_index + len])
            }
            Op::Delete {
                old_index, old_len, ..
            } => push(DiffOp::Delete, &old_text[old_index..old_index + old_len]),
            Op::Insert {
                new_index, new_len, ..
            } => push(DiffOp::Insert, &new_text[new_index..new_index + new_len]),
            Op::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(DiffOp::Delete, &old_text[old_index..old_index + old_len]);
                push(DiffOp::Insert, &new_text[new_index..new_index + new_len]);
            }
        }
    }
    runs
}

/// The diff as one line of text: `equal [-deleted-] {+inserted+}` (as `git diff --word-diff`).
pub fn plain(runs: &[DiffRun]) -> String {
    runs.iter()
        .map(|r| match r.op {
            DiffOp::Equal => r.text.clone(),
            DiffOp::Delete => format!("[-{}-]", r.text),
            DiffOp::Insert => format!("{{+{}+}}", r.text),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_words_and_merges_runs() {
        let old = ["up", "to", "a", "million", "calls", "per", "hour"];
        let new = ["millions", "of", "calls", "per", "hour"];
        let runs = word_diff(&old, &new, &old, &new);
        assert_eq!(
            plain(&runs),
            "[-up to a million-] {+millions of+} calls per hour"
        );
    }
}
