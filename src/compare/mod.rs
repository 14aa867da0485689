//! How the sources word the same fact: word diffs between each source's best passage and the
//! claim and between sources, and flags where they disagree on a number, quantity, date or name
//! ([`flags`], with the names of a wording from [`names`]).

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use crate::corpus::Source;
use crate::diff::{self, DiffRun};
use crate::quantity::{self, Quantity};
use crate::retrieve::analyze;
use crate::text::Word;

pub(crate) mod flags;
pub(crate) mod names;

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
    /// The page of a PDF source (1-based); absent for sources without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub cited: bool,
    /// Word-level similarity to the claim, 0..1 (`diff::similarity`).
    pub similarity: f64,
    /// Word diff from the claim (`delete`) to this wording (`insert`); empty when the two are
    /// less than `diff::MIN_DIFF_SIMILARITY` alike.
    pub diff: Vec<DiffRun>,
}

/// Two sources' wordings compared word by word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// `[a, b]`: the diff goes from a's wording (`delete`) to b's (`insert`).
    pub sources: [String; 2],
    /// `diff::similarity` of the two wordings.
    pub similarity: f64,
    /// Empty when the two are less than `diff::MIN_DIFF_SIMILARITY` alike.
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
    /// The page of a PDF source (1-based); absent for sources without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
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

/// Compare the wordings of one claim (one per source, best first): each wording against the
/// claim, every pair of wordings against each other, and the pairs' discrepancies.
pub fn compare(claim: &str, wordings: &[WordingInput<'_>]) -> ClaimComparison {
    compare_keeping(claim, wordings).0
}

/// [`compare`], handing back each wording's [`Reading`] too (in the order of `wordings`), so
/// that a passage is read once for its comparison with the claim as well.
pub(crate) fn compare_keeping<'c>(
    claim: &str,
    wordings: &[WordingInput<'c>],
) -> (ClaimComparison, Vec<Reading<'c>>) {
    let claim_tokens = diff::tokens(claim);
    // The things the claim itself counts ("calls" in "millions of calls every hour").
    let claim_things: BTreeSet<String> = quantity::scan(claim)
        .into_iter()
        .filter_map(|q| q.head)
        .collect();
    let prepared: Vec<PreparedWording<'_>> = wordings.iter().map(PreparedWording::new).collect();
    let mut keys = diff::Keys::default();
    let claim_keys = keys.of(&claim_tokens);
    let claim_content = keys.content(&claim_tokens);
    let keyed: Vec<(Vec<u32>, Vec<u32>)> = prepared
        .iter()
        .map(|p| (keys.of(&p.reading.tokens), keys.content(&p.reading.tokens)))
        .collect();
    // Only wordings alike enough are diffed: most pairs of retrieved passages are not, and an
    // all-change diff would cost the most and say the least.
    let ops = |old: &[Word], old_keys: &[u32], new_keys: &[u32], similarity: f64| {
        (similarity >= diff::MIN_DIFF_SIMILARITY).then(|| diff::keyed_ops(old, old_keys, new_keys))
    };
    let mut out = ClaimComparison::default();
    for (p, (p_keys, p_content)) in prepared.iter().zip(&keyed) {
        let similarity = diff::similarity(&claim_content, p_content);
        let diff =
            ops(&claim_tokens, &claim_keys, p_keys, similarity).map_or_else(Vec::new, |ops| {
                diff::token_runs(
                    claim,
                    &claim_tokens,
                    p.reading.text,
                    &p.reading.tokens,
                    &ops,
                )
            });
        let (line, column) = p.source.line_col(p.base);
        out.wordings.push(Wording {
            source: p.source.id.clone(),
            text: p.reading.text.to_string(),
            line,
            column,
            page: p.source.page_at(p.base),
            cited: p.cited,
            similarity,
            diff,
        });
    }
    for (i, (a, (a_keys, a_content))) in prepared.iter().zip(&keyed).enumerate() {
        for (b, (b_keys, b_content)) in prepared[i + 1..].iter().zip(&keyed[i + 1..]) {
            let similarity = diff::similarity(a_content, b_content);
            let ops = ops(&a.reading.tokens, a_keys, b_keys, similarity);
            out.comparisons.push(Comparison {
                sources: [a.source.id.clone(), b.source.id.clone()],
                similarity,
                diff: ops.as_ref().map_or_else(Vec::new, |ops| {
                    diff::token_runs(
                        a.reading.text,
                        &a.reading.tokens,
                        b.reading.text,
                        &b.reading.tokens,
                        ops,
                    )
                }),
            });
            out.discrepancies.extend(flags::discrepancies(
                a,
                b,
                ops.as_deref(),
                similarity,
                &claim_things,
            ));
        }
    }
    drop(keyed);
    drop(keys);
    (out, prepared.into_iter().map(|p| p.reading).collect())
}

/// Words of context on each side of a quantity that say what it is about.
const CONTEXT_WORDS: usize = 6;
/// Context words that say nothing about what a number is about.
const GENERIC: &[&str] = &["also", "could", "said", "say", "year", "would"];

/// A text read once for every comparison it takes part in: its words, quantities and names.
pub(crate) struct Reading<'a> {
    /// The text, trimmed.
    pub text: &'a str,
    pub tokens: Vec<Word<'a>>,
    pub quantities: Vec<Quantity>,
    /// Per quantity: stems of the words around it.
    pub contexts: Vec<BTreeSet<String>>,
    /// Per token: a capitalised word inside a sentence (a name), folded without possessive.
    pub names: Vec<Option<String>>,
    /// Capitalised words that start a sentence (names or not), folded.
    pub initials: BTreeSet<String>,
}

impl<'a> Reading<'a> {
    /// Read `text` (trimmed first).
    pub(crate) fn new(text: &'a str) -> Reading<'a> {
        let text = text.trim();
        let tokens = diff::tokens(text);
        let quantities = quantity::scan(text);
        let contexts = quantities.iter().map(|q| context(&tokens, q)).collect();
        let names = names::names(&tokens);
        let initials = names::initials(&tokens, &names);
        Reading {
            text,
            tokens,
            quantities,
            contexts,
            names,
            initials,
        }
    }

    /// Byte range of tokens `from..from + len` (words only, without trailing whitespace).
    pub(crate) fn range(&self, from: usize, len: usize) -> Range<usize> {
        if len == 0 {
            let at = self.tokens.get(from).map_or(self.text.len(), |t| t.start);
            return at..at;
        }
        self.tokens[from].start..self.tokens[from + len - 1].end
    }
}

/// One wording, analysed once for all its pairs.
struct PreparedWording<'a> {
    source: &'a Source,
    /// Byte offset of the reading's text in the source.
    base: usize,
    cited: bool,
    reading: Reading<'a>,
}

impl<'a> PreparedWording<'a> {
    fn new(w: &WordingInput<'a>) -> PreparedWording<'a> {
        let raw = &w.source.text[w.span.clone()];
        let base = w.span.start + (raw.len() - raw.trim_start().len());
        PreparedWording {
            source: w.source,
            base,
            cited: w.cited,
            reading: Reading::new(raw),
        }
    }

    fn at(&self, offset: usize) -> At {
        let (line, column) = self.source.line_col(self.base + offset);
        At {
            line,
            column,
            page: self.source.page_at(self.base + offset),
        }
    }
}

/// Stems of the content words around a quantity (not the quantity's own words).
fn context(tokens: &[Word], q: &Quantity) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Tokens are ordered and do not overlap: find the neighbours by bisection, so a passage
    // of millions of tokens costs a few steps per number, not a scan.
    let last_before = tokens.partition_point(|t| t.end <= q.span.start);
    let first_after = tokens.partition_point(|t| t.start < q.span.end);
    let before = tokens[..last_before]
        .iter()
        .rev()
        .filter(|t| t.is_word)
        .take(CONTEXT_WORDS);
    let after = tokens[first_after..]
        .iter()
        .filter(|t| t.is_word)
        .take(CONTEXT_WORDS);
    for t in before.chain(after) {
        if quantity::is_number_word(&t.key) {
            continue;
        }
        for stem in analyze::stems(t.as_str()) {
            if !stem.starts_with(|c: char| c.is_ascii_digit()) && !GENERIC.contains(&stem.as_str())
            {
                out.insert(stem);
            }
        }
    }
    if let Some(h) = &q.head {
        out.remove(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    /// A corpus of sources with the given ids and texts (as quote.rs's tests build one).
    pub(super) fn corpus(texts: &[(&str, &str)]) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("s")).unwrap();
        for (id, text) in texts {
            std::fs::write(dir.path().join("s").join(format!("{id}.txt")), text).unwrap();
        }
        let path = dir.path().join("claims.toml");
        std::fs::write(&path, "[project]\ntitle = \"t\"\nsources = \"s\"\n").unwrap();
        let project = crate::project::Project::load(&path).unwrap();
        Corpus::load(&project).unwrap()
    }

    /// The passage of a source that holds `needle`, as the analysis would hand it over.
    pub(super) fn wording<'c>(corpus: &'c Corpus, id: &str, needle: &str) -> WordingInput<'c> {
        let source = corpus.source(id).unwrap();
        let at = source.text.find(needle).unwrap();
        WordingInput {
            source,
            span: source.passages_around(at..at + needle.len()),
            cited: true,
        }
    }

    /// Compare one sentence per source (each source is a title line and the sentence).
    pub(super) fn pair(a: &str, b: &str) -> ClaimComparison {
        let c = corpus(&[
            ("a", &format!("Title\n\n{a}\n")),
            ("b", &format!("Title\n\n{b}\n")),
        ]);
        compare(
            "A claim.",
            &[wording(&c, "a", a.trim()), wording(&c, "b", b.trim())],
        )
    }

    /// 1-based line and column (in characters) of `needle` in `text`.
    pub(super) fn place(text: &str, needle: &str) -> At {
        let at = text.find(needle).unwrap();
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        At {
            line,
            column,
            page: None,
        }
    }

    pub(super) const NO_AZURE: &str = "‘No Azure For Apartheid’ Campaign Forces Microsoft To Begin Probe\n\n\
What did Microsoft say in the report?\n\
According to the joint report by those organisations, Microsoft’s Israeli office collaborated with the intelligence unit to create a specialised framework within Azure capable of recording “millions of calls per hour.”\n\
In response, Microsoft stated that it would contradict its terms of service.\n";

    pub(super) const WEBPRO: &str = "Microsoft Bans Israel’s Unit 8200 from Azure\n\n\
Uncovering the Surveillance Operation\n\n\
Investigative journalism played a pivotal role. According to a recent article in The Guardian, the Israeli military initiated this ambitious project around 2021, when it faced capacity constraints in handling the sheer volume of intercepted data. The program reportedly involved recording and storing up to a million calls per hour, using Microsoft’s European servers to manage the load.\n";

    #[test]
    fn never_compares_a_source_with_the_claim() {
        let c = corpus(&[("webpro", WEBPRO)]);
        let out = compare(
            "The system could record millions of calls every hour.",
            &[wording(&c, "webpro", "up to a million calls")],
        );
        assert!(out.discrepancies.is_empty());
        assert!(out.comparisons.is_empty());
        assert_eq!(out.wordings.len(), 1);
    }

    fn concatenates(runs: &[DiffRun], skip: crate::diff::DiffOp) -> String {
        runs.iter()
            .filter(|r| r.op != skip)
            .map(|r| r.text.as_str())
            .collect()
    }

    #[test]
    fn diffs_concatenate_back_to_the_originals() {
        use crate::diff::DiffOp;
        let a = "Microsoft’s  “Urgent” review:\tUnit 8200 stored millions of calls — per hour.";
        let b = "MICROSOFT'S \"urgent\" review: Unit 8200's archive held up to a million calls - each hour!";
        let claim = "  Microsoft's urgent review found Unit 8200 stored calls. ";
        let c = corpus(&[("a", &format!("T\n\n{a}\n")), ("b", &format!("T\n\n{b}\n"))]);
        let out = compare(claim, &[wording(&c, "a", a), wording(&c, "b", b)]);
        for w in &out.wordings {
            assert_eq!(concatenates(&w.diff, DiffOp::Insert), claim);
            assert_eq!(concatenates(&w.diff, DiffOp::Delete), w.text);
            assert!(
                w.diff.windows(2).all(|p| p[0].op != p[1].op),
                "{:?}",
                w.diff
            );
        }
        let cmp = &out.comparisons[0];
        assert_eq!(concatenates(&cmp.diff, DiffOp::Insert), a);
        assert_eq!(concatenates(&cmp.diff, DiffOp::Delete), b);
        // Words equal after folding align: "review" and "Unit 8200" are equal runs.
        assert!(cmp
            .diff
            .iter()
            .any(|r| r.op == DiffOp::Equal && r.text.contains("review")));
        assert!(cmp
            .diff
            .iter()
            .any(|r| r.op == DiffOp::Equal && r.text.contains("Unit 8200")));
        assert!(cmp.similarity > 0.4, "{}", cmp.similarity);
    }

    #[test]
    fn is_deterministic_and_ordered_by_pair_then_position() {
        let c = corpus(&[
            (
                "a",
                "T\n\nThe system recorded millions of calls per hour in 2019 for the unit.\n",
            ),
            (
                "b",
                "T\n\nThe system recorded up to a million calls per hour in 2022 for the unit.\n",
            ),
            (
                "c",
                "T\n\nThe system recorded a thousand calls per hour in 2019 for the unit.\n",
            ),
        ]);
        let inputs = [
            wording(&c, "a", "The system"),
            wording(&c, "b", "The system"),
            wording(&c, "c", "The system"),
        ];
        let claim = "The system recorded millions of calls every hour.";
        let first = compare(claim, &inputs);
        for _ in 0..5 {
            assert_eq!(compare(claim, &inputs), first);
        }
        let summary: Vec<(String, String, DiscrepancyKind, String)> = first
            .discrepancies
            .iter()
            .map(|d| {
                (
                    d.sources[0].clone(),
                    d.sources[1].clone(),
                    d.kind,
                    d.a.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "a".into(),
                    "b".into(),
                    DiscrepancyKind::Quantity,
                    "millions of calls per hour".into()
                ),
                ("a".into(), "b".into(), DiscrepancyKind::Year, "2019".into()),
                (
                    "a".into(),
                    "c".into(),
                    DiscrepancyKind::Quantity,
                    "millions of calls per hour".into()
                ),
                ("b".into(), "c".into(), DiscrepancyKind::Year, "2022".into()),
            ]
        );
        let pairs: Vec<[String; 2]> = first
            .comparisons
            .iter()
            .map(|c| c.sources.clone())
            .collect();
        assert_eq!(
            pairs,
            [
                ["a".to_string(), "b".to_string()],
                ["a".to_string(), "c".to_string()],
                ["b".to_string(), "c".to_string()],
            ]
        );
    }
}
