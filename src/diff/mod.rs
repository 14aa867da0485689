//! Word diffs (with `similar`), shared by quote verification, checks and wording comparison.
//! `render` turns them into text, the one way every output shows them.

use serde::Serialize;
use similar::Algorithm;
use std::collections::HashMap;
use std::ops::Range;

pub(crate) use similar::DiffOp as Op;

use crate::text::{is_stopword, Word};

pub(crate) mod render;

pub(crate) use render::plain;

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
pub(crate) fn word_diff<K: Ord + std::hash::Hash + Eq>(
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
            // A deletion, an insertion or both (a replacement); an empty side adds nothing.
            _ => {
                push(DiffOp::Delete, &old_text[op.old_range()]);
                push(DiffOp::Insert, &new_text[op.new_range()]);
            }
        }
    }
    runs
}

/// The words of a text for a word diff ([`crate::text::words`]), each with the whitespace that
/// follows it, so that they concatenate back to the text: whitespace at the start of the text
/// is an empty word of its own.
pub(crate) fn tokens(text: &str) -> Vec<Word<'_>> {
    let mut words = crate::text::words(text).peekable();
    let mut out = Vec::new();
    let lead = words.peek().map_or(text.len(), |w| w.start);
    if lead > 0 {
        out.push(Word::leading_whitespace(lead));
    }
    out.extend(words);
    out
}

/// A word diff of two large texts should never take longer than this; past it `similar`
/// settles for a coarser diff. Only inputs of more than [`DEADLINE_CELLS`] token pairs get
/// a deadline, so that ordinary diffs never depend on the clock.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(250);
const DEADLINE_CELLS: usize = 1 << 20;

/// The diff operations from `old` to `new` tokens, compared by their folded keys as interned
/// with one [`Keys`] (`old_keys`, `new_keys`).
pub(crate) fn keyed_ops(old: &[Word], old_keys: &[u32], new_keys: &[u32]) -> Vec<Op> {
    let deadline = (old_keys.len().saturating_mul(new_keys.len()) > DEADLINE_CELLS)
        .then(|| std::time::Instant::now().checked_add(DIFF_DEADLINE))
        .flatten();
    let ops =
        similar::capture_diff_slices_deadline(Algorithm::Patience, old_keys, new_keys, deadline);
    absorb_filler(ops, old)
}

/// Word keys as small integers, the same for the same key: a diff compares and hashes them
/// many times, and the texts compared with each other (one claim's wordings) share one table.
#[derive(Default)]
pub(crate) struct Keys<'t> {
    ids: HashMap<&'t str, u32>,
}

impl<'t> Keys<'t> {
    /// The key of each token.
    pub(crate) fn of(&mut self, tokens: &'t [Word]) -> Vec<u32> {
        tokens.iter().map(|t| self.id(&t.key)).collect()
    }

    /// The keys of the content words only (words that are not stopwords): what
    /// [`similarity`] compares.
    pub(crate) fn content(&mut self, tokens: &'t [Word]) -> Vec<u32> {
        tokens
            .iter()
            .filter(|t| is_content(t))
            .map(|t| self.id(&t.key))
            .collect()
    }

    fn id(&mut self, key: &'t str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }
}

fn is_content(t: &Word) -> bool {
    t.is_word && !is_stopword(&t.key)
}

/// Longest stretch of filler (stopwords, punctuation) kept equal between two changes.
const MAX_FILLER: usize = 3;

/// Semantic clean-up: an equal stretch of only stopwords and punctuation ("to", "the", ",")
/// between two changes is merged into one change, so that unrelated wordings read as one
/// replacement rather than a splinter of coincidental "the"s.
fn absorb_filler(ops: Vec<Op>, old: &[Word]) -> Vec<Op> {
    let filler = |index: usize, len: usize| {
        len <= MAX_FILLER
            && old[index..index + len]
                .iter()
                .all(|t| !t.is_word || is_stopword(&t.key))
    };
    let absorbed = |i: usize| match ops[i] {
        Op::Equal { old_index, len, .. } => {
            i > 0
                && i + 1 < ops.len()
                && !matches!(ops[i - 1], Op::Equal { .. })
                && !matches!(ops[i + 1], Op::Equal { .. })
                && filler(old_index, len)
        }
        _ => true,
    };
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    // (old start, new start, old end, new end) of the change being built
    let mut change: Option<(usize, usize, usize, usize)> = None;
    let flush = |change: &mut Option<(usize, usize, usize, usize)>, out: &mut Vec<Op>| {
        if let Some((os, ns, oe, ne)) = change.take() {
            out.push(match (oe > os, ne > ns) {
                (true, true) => Op::Replace {
                    old_index: os,
                    old_len: oe - os,
                    new_index: ns,
                    new_len: ne - ns,
                },
                (true, false) => Op::Delete {
                    old_index: os,
                    old_len: oe - os,
                    new_index: ns,
                },
                _ => Op::Insert {
                    old_index: os,
                    new_index: ns,
                    new_len: ne - ns,
                },
            });
        }
    };
    for (i, op) in ops.iter().enumerate() {
        if !absorbed(i) {
            flush(&mut change, &mut out);
            out.push(*op);
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        change = Some(match change {
            Some((os, ns, _, _)) => (os, ns, o.end, n.end),
            None => (o.start, n.start, o.end, n.end),
        });
    }
    flush(&mut change, &mut out);
    out
}

/// The runs of a token diff. Each side's runs concatenate back to its text byte for byte:
/// `equal` + `delete` runs give `old_text`, `equal` + `insert` runs give `new_text`. Words
/// that are equal only after folding ("Cloud"/"cloud", "Microsoft's"/"Microsoft’s") are
/// aligned as equal but shown as a `delete` of one spelling and an `insert` of the other, as
/// is whitespace that differs; `text::fold` of the two runs is then equal.
pub(crate) fn token_runs(
    old_text: &str,
    old: &[Word],
    new_text: &str,
    new: &[Word],
    ops: &[Op],
) -> Vec<DiffRun> {
    let mut runs: Vec<DiffRun> = Vec::new();
    let mut push = |op: DiffOp, text: &str| {
        if text.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => runs.push(DiffRun {
                op,
                text: text.to_string(),
            }),
        }
    };
    // The bytes of a run of tokens, with the whitespace after each.
    let span = |tokens: &[Word], run: Range<usize>| -> Range<usize> {
        if run.is_empty() {
            return 0..0;
        }
        tokens[run.start].start..tokens[run.end - 1].ws_end
    };
    for op in ops {
        match *op {
            Op::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (o, n) = (&old[old_index + k], &new[new_index + k]);
                    let (ow, nw) = (o.as_str(), n.as_str());
                    if ow == nw {
                        push(DiffOp::Equal, ow);
                    } else {
                        push(DiffOp::Delete, ow);
                        push(DiffOp::Insert, nw);
                    }
                    let (os, ns) = (&old_text[o.end..o.ws_end], &new_text[n.end..n.ws_end]);
                    if os == ns {
                        push(DiffOp::Equal, os);
                    } else {
                        push(DiffOp::Delete, os);
                        push(DiffOp::Insert, ns);
                    }
                }
            }
            // A deletion, an insertion or both (a replacement); an empty side adds nothing.
            _ => {
                push(DiffOp::Delete, &old_text[span(old, op.old_range())]);
                push(DiffOp::Insert, &new_text[span(new, op.new_range())]);
            }
        }
    }
    runs
}

/// Below this [`similarity`], a word diff of two wordings is all change and helps nobody: it
/// is neither computed nor shown.
pub(crate) const MIN_DIFF_SIMILARITY: f64 = 0.2;

/// Longest common subsequences of more cells than this (words x words) are approximated by a
/// diff under [`DIFF_DEADLINE`], so that two huge passages are compared in bounded time.
const LCS_CELLS: usize = 1 << 22;

/// Word-level similarity of two texts, 0..1, from their content-word keys
/// ([`Keys::content`]): twice the content words the two have in common in the same order
/// (longest common subsequence) over the content words of both; 1 when neither has any.
/// Stopwords and punctuation do not count, so two unrelated sentences that share "the", "of"
/// and "said" are not alike. Rounded to 3 decimals.
pub(crate) fn similarity(a: &[u32], b: &[u32]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let ratio = 2.0 * common_subsequence(a, b) as f64 / total as f64;
    (ratio * 1000.0).round() / 1000.0
}

/// The length of the longest common subsequence of `a` and `b`.
fn common_subsequence(a: &[u32], b: &[u32]) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let inner = if short.is_empty() {
        0
    } else if short.len().saturating_mul(long.len()) > LCS_CELLS {
        let deadline = std::time::Instant::now().checked_add(DIFF_DEADLINE);
        similar::capture_diff_slices_deadline(Algorithm::Myers, short, long, deadline)
            .iter()
            .map(|op| match *op {
                Op::Equal { len, .. } => len,
                _ => 0,
            })
            .sum()
    } else {
        // One row of the classic table, over the shorter side.
        let mut row = vec![0u32; short.len() + 1];
        for &x in long {
            let mut diagonal = 0;
            for (j, &y) in short.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = if x == y {
                    diagonal + 1
                } else {
                    above.max(row[j])
                };
                diagonal = above;
            }
        }
        row[short.len()] as usize
    };
    prefix + inner + suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word diff of two texts with whitespace kept in the runs, and their [`similarity`].
    fn text_diff(old: &str, new: &str) -> (Vec<DiffRun>, f64) {
        let (o, n) = (tokens(old), tokens(new));
        let mut keys = Keys::default();
        let similarity = similarity(&keys.content(&o), &keys.content(&n));
        let ops = keyed_ops(&o, &keys.of(&o), &keys.of(&n));
        (token_runs(old, &o, new, &n, &ops), similarity)
    }

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

    fn sides(runs: &[DiffRun]) -> (String, String) {
        let side = |skip: DiffOp| {
            runs.iter()
                .filter(|r| r.op != skip)
                .map(|r| r.text.as_str())
                .collect::<String>()
        };
        (side(DiffOp::Insert), side(DiffOp::Delete))
    }

    #[test]
    fn token_runs_keep_whitespace_and_each_sides_spelling() {
        let old = "  Up to a million calls  per hour, using Microsoft’s servers.";
        let new = "up to a MILLION calls per\nhour; using Microsoft's servers";
        let (runs, similarity) = text_diff(old, new);
        assert_eq!(sides(&runs), (old.to_string(), new.to_string()));
        assert!(runs.windows(2).all(|w| w[0].op != w[1].op), "{runs:?}");
        // Equal after folding: aligned (all words count as equal) but spelled per side.
        assert_eq!(similarity, 1.0);
        assert!(runs.contains(&DiffRun {
            op: DiffOp::Delete,
            text: "Microsoft’s".into()
        }));
        assert!(runs
            .iter()
            .any(|r| r.op == DiffOp::Equal && r.text.starts_with(" calls")));
    }

    #[test]
    fn unrelated_wordings_are_one_change_not_a_splinter_of_stopwords() {
        let (runs, similarity) = text_diff(
            "According to the joint report, the unit recorded calls.",
            "The program involved storing the archive of calls.",
        );
        assert_eq!(
            plain(&runs),
            "[-According to the joint report, the unit recorded -] \
             {+The program involved storing the archive of +} calls."
        );
        assert!(similarity > 0.0 && similarity < 0.3, "{similarity}");
        let (runs, _) = text_diff("", "");
        assert!(runs.is_empty());
        assert_eq!(text_diff("a b", "").1, 0.0);
    }

    #[test]
    fn common_subsequence_is_exact_and_bounded_for_huge_inputs() {
        assert_eq!(common_subsequence(&[1, 2, 3, 4, 5], &[9, 2, 4, 8, 5]), 3);
        assert_eq!(common_subsequence(&[1, 2, 3], &[3, 2, 1]), 1);
        assert_eq!(common_subsequence(&[], &[1]), 0);
        assert_eq!(common_subsequence(&[7, 1, 2, 7], &[7, 2, 1, 7]), 3);
        // Past LCS_CELLS the diff approximates it; on a shifted copy it is still exact.
        let a: Vec<u32> = (0..5000).collect();
        let b: Vec<u32> = (1..5001).collect();
        assert_eq!(common_subsequence(&a, &b), 4999);
    }

    #[test]
    fn similarity_counts_content_words_in_order() {
        let (_, s) = text_diff(
            "The unit stored the calls in the cloud.",
            "In the cloud, the unit stored calls.",
        );
        // unit stored calls cloud / cloud unit stored calls: three of four in order.
        assert_eq!(s, 0.75);
        let (_, s) = text_diff("the of and", "to a");
        assert_eq!(s, 1.0);
        let (_, s) = text_diff("the of and", "Microsoft");
        assert_eq!(s, 0.0);
    }

    #[test]
    fn tokens_keep_the_leading_whitespace_and_cover_the_text() {
        let text = " \t Unit 8200’s “calls”\n";
        let t = tokens(text);
        assert_eq!((t[0].end, t[0].ws_end, t[0].key.as_ref()), (0, 3, ""));
        assert_eq!(t[1].as_str(), "Unit");
        assert_eq!(t.last().unwrap().ws_end, text.len());
        assert!(t.windows(2).all(|w| w[0].ws_end == w[1].start));
        assert!(tokens("").is_empty());
        assert_eq!(tokens(" \n").len(), 1);
    }
}
