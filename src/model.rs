//! The report model: what the JSON report, the Markdown templates and the PDF read. Plain
//! serialisable data, computed by [`crate::analysis`]; the field order here is the order of
//! the JSON report's keys (README, "The JSON report").
//!
//! Wordings, comparisons and discrepancies are the model types of [`crate::compare`], word
//! diffs those of [`crate::diff`], and citation statuses and verdicts those of
//! [`crate::quote`] and [`crate::project`]; they are re-exported here, so that the whole model
//! is named from one place (`factcheck::analysis`).

use serde::Serialize;

pub use crate::attention::{Attention, AttentionKind};
pub use crate::compare::{At, Comparison, Discrepancy, DiscrepancyKind, Wording};
pub use crate::conflict::{Conflict, ConflictKind};
pub use crate::diff::{DiffOp, DiffRun};
pub use crate::project::{Stance, Verdict};
pub use crate::quote::QuoteStatus;

pub const SCHEMA_VERSION: u32 = 1;

/// Everything a report shows about one project.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub schema_version: u32,
    pub generator: Generator,
    pub project: ProjectInfo,
    pub summary: Summary,
    /// What needs an editor's attention, most serious first (`crate::attention`).
    pub needs_attention: Vec<Attention>,
    pub sources: Vec<SourceInfo>,
    pub claims: Vec<ClaimAnalysis>,
}

/// What made the report, and when: the date is SOURCE_DATE_EPOCH's when set (so that the same
/// input gives the same bytes), else today's.
#[derive(Debug, Clone, Serialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
    /// `YYYY-MM-DD` (UTC): the day of SOURCE_DATE_EPOCH when set, else the day the report was
    /// made; null only in an analysis made while SOURCE_DATE_EPOCH is invalid (which `report`
    /// refuses).
    pub date: Option<String>,
}

/// Counts for the cover and the summary table.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub claims: usize,
    pub sources: usize,
    /// Claims per verdict, in the order of `Verdict::ALL`, only verdicts that occur.
    pub verdicts: Vec<VerdictCount>,
    pub citations: usize,
    /// Citations whose quote holds (exact, normalized or elided).
    pub citations_holding: usize,
    pub claims_without_citation: usize,
    pub claims_without_support: usize,
    pub discrepancies: usize,
    /// Per claim, its reviewed supporting sources, summed.
    pub supporting_sources: usize,
    /// Per claim, its refuting sources, summed.
    pub refuting_sources: usize,
    /// Per claim, its suggested sources, summed.
    pub suggested_sources: usize,
    /// Conflicts between claims and their holding citations.
    pub citation_conflicts: usize,
    /// Sources neither cited by nor found by search for any claim (the reports count them; only the
    /// JSON lists them).
    pub sources_unused: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictCount {
    pub verdict: Verdict,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectInfo {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The claims file as named on the command line.
    pub claims_file: String,
    /// The sources folder as written in the claims file.
    pub sources_dir: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub id: String,
    /// Path relative to the sources folder.
    pub file: String,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub sha256: String,
    /// Passages offered for matching (body text, not headings or page furniture).
    pub passages: usize,
    /// Ids of the claims that cite this source.
    pub cited_by: Vec<String>,
    /// Ids of the claims this source has a passage for (one of their `wordings`, cited or
    /// found by search). Not reviewed support (that is `ClaimAnalysis::supporting_sources`);
    /// the name is the JSON schema's.
    pub supports: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimAnalysis {
    pub id: String,
    pub text: String,
    pub verdict: Verdict,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Who made the claim (`claimant`), absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    /// When the claim was made (`claimed`, a TOML date), absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed: Option<String>,
    /// Where the claim was made (`appeared_in`), absent when not given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub appeared_in: Vec<String>,
    /// Line of the claim's id in the claims file.
    pub line: usize,
    /// The weakest citation status ("exact" best ... "unknown-source" worst); null when the
    /// claim cites nothing.
    pub citation_status: Option<QuoteStatus>,
    pub citations: Vec<CitationResult>,
    /// Best passages across all sources, best first.
    pub matches: Vec<Match>,
    /// True when even the best passage matches too little of the claim to count as support.
    pub no_supporting_passage_found: bool,
    /// The best passage of each source that supports the claim: the passage of a cited quote
    /// that holds, else the source's best match; cited sources first, then by rank.
    pub wordings: Vec<Wording>,
    /// Every pair of wordings compared word by word.
    pub comparisons: Vec<Comparison>,
    /// Where two sources disagree on a number, quantity, date or name.
    pub discrepancies: Vec<Discrepancy>,
    /// Reviewed support: sources of holding `supports` citations free of conflicts.
    pub supporting_sources: Vec<String>,
    /// Sources cited `refutes`, and sources cited `supports` whose passage conflicts with the
    /// claim.
    pub refuting_sources: Vec<String>,
    /// Sources cited `context`.
    pub context_sources: Vec<String>,
    /// Sources the claim does not cite whose passages search found (coverage at least the
    /// support floor): not reviewed, never counted as support.
    pub suggested_sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitationResult {
    pub source: String,
    /// Null when the citation has no quote (status `unquoted`): `passage` is then the cited
    /// source's best passage for the claim.
    pub quote: Option<String>,
    /// How the source bears on the claim, as `claims.toml` says.
    pub stance: Stance,
    /// The reviewer's note on this citation.
    pub note: Option<String>,
    pub status: QuoteStatus,
    /// Where the quote (or its closest passage) starts in the source; null when not found.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The page of a PDF source (1-based); absent for sources without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The sentence(s) of the source holding the match.
    pub passage: Option<String>,
    /// The source's own words that matched (for elided quotes, from first to last piece).
    pub matched: Option<String>,
    /// Word diff from the quote to the closest passage (near misses).
    pub diff: Option<Vec<DiffRun>>,
    /// When the quote is not in the cited source but in another one.
    pub found_in: Option<Place>,
    /// Line of this citation's quote (without one, its source) in the claims file.
    pub claims_line: usize,
    /// When the search for a close passage was cut short (a long quote in a large source),
    /// what it looked at; absent when it searched the whole source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near_miss_search: Option<NearMissSearch>,
    /// For a quote the cited source does not hold: how close its closest passage is (the
    /// words they share over their mean length, 0 to 1). A near miss is at least
    /// `quote::NEAR_MISS_SIMILARITY`; absent for quotes that hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Where the claim says something this passage does not (empty when the quote does not
    /// hold, or when none).
    pub conflicts: Vec<Conflict>,
}

/// A search for a close passage cut short: the quote's and the source's words, and the places
/// of the source where the quote's rarest words line up that it aligned the quote with (none
/// for a quote too long to align).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NearMissSearch {
    pub quote_words: usize,
    pub source_words: usize,
    pub places: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub source: String,
    pub line: usize,
    pub column: usize,
    /// The page of a PDF source (1-based); absent for sources without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub source: String,
    pub text: String,
    pub line: usize,
    pub column: usize,
    /// The page of a PDF source (1-based); absent for sources without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub score: f64,
    /// Share of the claim's weighted words this passage matches, 0..1.
    pub coverage: f64,
    /// The claim cites this passage's source (else the passage is a suggestion: found by
    /// search, not reviewed).
    pub cited: bool,
    /// Where the claim says something this passage does not.
    pub conflicts: Vec<Conflict>,
}
