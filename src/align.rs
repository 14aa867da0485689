//! Word alignment: where a run of words (a quote, a locked passage) best fits among the words
//! of a source. Quote verification looks for the closest passage to a quote that is not in its
//! source ([`local`]); lock re-anchors a locked passage in a source that changed ([`fitting`]).
//! Both score alike and fill the same table: one column of query positions per target word,
//! each cell the best alignment ending there and where that alignment started.

use std::ops::Range;

/// Two words paired that are equal.
const MATCH: i32 = 2;
/// Two words paired that differ.
const MISMATCH: i32 = -1;
/// A word of either side left unpaired.
const GAP: i32 = -1;

fn pair_score<K: PartialEq>(a: &K, b: &K) -> i32 {
    if a == b {
        MATCH
    } else {
        MISMATCH
    }
}

/// The best alignment ending at one query position and target word: its score, and the
/// target and query positions where it starts.
#[derive(Debug, Clone, Copy)]
struct Cell {
    score: i32,
    target_start: usize,
    query_start: usize,
}

impl Cell {
    fn new(score: i32, target_start: usize, query_start: usize) -> Cell {
        Cell {
            score,
            target_start,
            query_start,
        }
    }

    fn plus(self, score: i32) -> Cell {
        Cell {
            score: self.score + score,
            ..self
        }
    }
}

/// The best way into a cell: pairing the two words, leaving the query's word unpaired, or the
/// target's; on a tie, in that order, so that equal input gives equal alignments.
fn best_step(paired: Cell, query_unpaired: Cell, target_unpaired: Cell) -> Cell {
    let mut cell = paired;
    if query_unpaired.score > cell.score {
        cell = query_unpaired;
    }
    if target_unpaired.score > cell.score {
        cell = target_unpaired;
    }
    cell
}

/// A local alignment: the query words `query` aligned with the target words `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Local {
    pub query: Range<usize>,
    pub target: Range<usize>,
    /// The alignment's score, to compare alignments in different runs of the target.
    pub score: i32,
}

/// Smith-Waterman: the best-scoring alignment of any run of the query with any run of the
/// target (the first of equals); `None` when no word pairs up.
pub(crate) fn local<K: PartialEq>(query: &[K], target: &[K]) -> Option<Local> {
    let m = query.len();
    let mut prev = vec![Cell::new(0, 0, 0); m + 1];
    let mut cur = prev.clone();
    let mut best_score = 0;
    let mut best: Option<Local> = None;
    for (j, word) in target.iter().enumerate() {
        cur[0] = Cell::new(0, j + 1, 0);
        for i in 1..=m {
            let score = pair_score(&query[i - 1], word);
            let diagonal = prev[i - 1];
            // An alignment that has nothing to gain from its past starts afresh at this pair.
            let paired = if diagonal.score > 0 {
                diagonal.plus(score)
            } else {
                Cell::new(score, j, i - 1)
            };
            let mut cell = best_step(paired, cur[i - 1].plus(GAP), prev[i].plus(GAP));
            if cell.score <= 0 {
                cell = Cell::new(0, j + 1, i);
            }
            cur[i] = cell;
            if cell.score > best_score {
                best_score = cell.score;
                best = Some(Local {
                    query: cell.query_start..i,
                    target: cell.target_start..j + 1,
                    score: cell.score,
                });
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// A fitting alignment of the whole query with the target words `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fit {
    pub score: i32,
    pub target: Range<usize>,
}

/// Semi-global alignment of the query (all of it) against any run of the target: for every
/// end position in the target, in order, the best score and the run's start.
pub(crate) fn fitting<K: PartialEq>(query: &[K], target: &[K]) -> Vec<Fit> {
    let m = query.len();
    // Before the first target word, the query's first i words can only be left unpaired.
    let mut prev: Vec<Cell> = (0..=m).map(|i| Cell::new(GAP * i as i32, 0, 0)).collect();
    let mut cur = prev.clone();
    let mut out = Vec::with_capacity(target.len());
    for (j, word) in target.iter().enumerate() {
        cur[0] = Cell::new(0, j + 1, 0);
        for i in 1..=m {
            let paired = prev[i - 1].plus(pair_score(&query[i - 1], word));
            cur[i] = best_step(paired, cur[i - 1].plus(GAP), prev[i].plus(GAP));
        }
        out.push(Fit {
            score: cur[m].score,
            target: cur[m].target_start..j + 1,
        });
        std::mem::swap(&mut prev, &mut cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_alignment_finds_the_best_run_on_either_side() {
        let quote: Vec<&str> = "held in a microsoft datacentre in germany"
            .split(' ')
            .collect();
        let source: Vec<&str> = "the archive was held in a microsoft datacentre in the netherlands"
            .split(' ')
            .collect();
        let found = local(&quote, &source).unwrap();
        assert_eq!(found.query, 0..6);
        assert_eq!(found.target, 3..9);
        assert_eq!(local(&["x", "y"], &["a", "b"]), None);
        assert_eq!(local::<&str>(&[], &["a"]), None);
    }

    #[test]
    fn fitting_alignment_covers_the_whole_query() {
        let q = ["a", "b", "c"];
        let t = ["x", "a", "b", "z", "c", "y"];
        let fits = fitting(&q, &t);
        assert_eq!(fits.len(), t.len());
        let best = fits.into_iter().max_by_key(|f| f.score).unwrap();
        assert_eq!(
            best,
            Fit {
                score: 5,
                target: 1..5
            }
        );
    }
}
