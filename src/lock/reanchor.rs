//! Drift: what changed in the sources and claims since the lock, and where each locked quote
//! is now ([`Reanchor`]), found as annotation tools re-anchor a quote: the locked text byte for
//! byte where its context fits best, else the closest passage by a fitting word alignment.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::{Anchor, Lock};
use crate::corpus::{Corpus, Source};
use crate::diff::{word_diff, DiffRun};
use crate::project::Project;
use crate::quote::Verifier;

/// How the project has moved away from its lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Drift {
    /// Sources whose bytes differ from the lock, or that were added or removed, by id.
    pub sources: Vec<SourceDrift>,
    /// Every anchor paired with its citation in claims.toml, re-anchored; in lock order.
    pub anchors: Vec<AnchorDrift>,
    /// Anchors whose citation is no longer in claims.toml (claim removed, or the citation's
    /// source or quote edited): the lock is out of date, not the sources.
    pub stale: Vec<StaleAnchor>,
    /// Citations whose quote holds now but that the lock has no anchor for (added or edited
    /// since the lock): the lock is out of date.
    pub unlocked: Vec<Unlocked>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SourceDrift {
    pub id: String,
    /// The file now, or the locked file when the source is gone.
    pub file: String,
    pub change: SourceChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub(crate) enum SourceChange {
    Modified {
        old_sha256: String,
        new_sha256: String,
    },
    Added {
        sha256: String,
    },
    Removed {
        old_sha256: String,
    },
}

/// Where a locked quote is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub(crate) enum Reanchor {
    /// The source is unchanged, or the locked text is still at the same offset (or the same
    /// line and column).
    Unchanged { line: usize, column: usize },
    /// The locked text, byte for byte, is elsewhere in the source.
    Moved {
        start: usize,
        line: usize,
        column: usize,
    },
    /// The locked text is not in the source any more; `found` is the closest passage and
    /// `diff` goes from the locked text (`delete`) to it (`insert`), by words.
    Changed {
        start: usize,
        line: usize,
        column: usize,
        found: String,
        diff: Vec<DiffRun>,
    },
    /// No passage close to the locked text is left, or the source itself is gone.
    Gone,
}

impl Reanchor {
    /// Where the quote is now (1-based line, column), unless it is gone.
    pub(crate) fn line_col(&self) -> Option<(usize, usize)> {
        match *self {
            Reanchor::Unchanged { line, column }
            | Reanchor::Moved { line, column, .. }
            | Reanchor::Changed { line, column, .. } => Some((line, column)),
            Reanchor::Gone => None,
        }
    }
}

/// One anchor re-anchored in the source as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct AnchorDrift {
    pub claim: String,
    /// Index of the claim in `project.claims`.
    pub claim_index: usize,
    /// Index of the citation within the claim now (the lock's index when citations were only
    /// reordered since).
    pub citation: usize,
    pub source: String,
    /// The source's bytes differ from the lock (or the source is gone).
    pub source_changed: bool,
    /// Where the quote was when locked (1-based line, column).
    pub locked_line: usize,
    pub locked_column: usize,
    /// The locked text.
    pub exact: String,
    pub result: Reanchor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct StaleAnchor {
    pub claim: String,
    /// The citation index in the lock.
    pub citation: usize,
    pub source: String,
    pub quote: String,
    /// Index of the claim in `project.claims`, when the claim still exists.
    pub claim_index: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Unlocked {
    pub claim: String,
    pub claim_index: usize,
    pub citation: usize,
    pub source: String,
}

impl Drift {
    /// Nothing changed: same source bytes, and the lock covers exactly the current citations.
    #[cfg(test)]
    pub(crate) fn is_clean(&self) -> bool {
        self.sources.is_empty() && self.stale.is_empty() && self.unlocked.is_empty()
    }

    /// Anchors whose source changed since the lock: each is a `source-changed` finding.
    pub(crate) fn changed_anchors(&self) -> impl Iterator<Item = &AnchorDrift> {
        self.anchors.iter().filter(|a| a.source_changed)
    }

    pub(crate) fn source(&self, id: &str) -> Option<&SourceDrift> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// Compare a lock with the project and corpus as they are now.
///
/// Anchors are paired with citations by claim id, source and quote (the citation index breaks
/// ties and is tried first), so reordering claims or citations does not make anchors stale.
pub(crate) fn drift(lock: &Lock, project: &Project, corpus: &Corpus) -> Drift {
    let mut sources = Vec::new();
    let ids: BTreeSet<&str> = lock
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .chain(corpus.sources.iter().map(|s| s.id.as_str()))
        .collect();
    for id in ids {
        let change = match (lock.source(id), corpus.source(id)) {
            (Some(old), Some(new)) if old.sha256 == new.sha256 => continue,
            (Some(old), Some(new)) => SourceDrift {
                id: id.to_string(),
                file: new.file.clone(),
                change: SourceChange::Modified {
                    old_sha256: old.sha256.clone(),
                    new_sha256: new.sha256.clone(),
                },
            },
            (None, Some(new)) => SourceDrift {
                id: id.to_string(),
                file: new.file.clone(),
                change: SourceChange::Added {
                    sha256: new.sha256.clone(),
                },
            },
            (Some(old), None) => SourceDrift {
                id: id.to_string(),
                file: old.file.clone(),
                change: SourceChange::Removed {
                    old_sha256: old.sha256.clone(),
                },
            },
            (None, None) => continue,
        };
        sources.push(change);
    }

    let claim_index: HashMap<&str, usize> = project
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    // Pair anchors with citations: first those still at their index, then the others with
    // the first free citation of the same claim, source and quote.
    let fits = |anchor: &Anchor, ci: usize, j: usize| {
        let c = &project.claims[ci].citations[j];
        c.source == anchor.source && c.quote.as_deref() == Some(anchor.quote.as_str())
    };
    let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut pairs: Vec<Option<(usize, usize)>> = lock
        .anchors
        .iter()
        .map(|anchor| {
            let ci = *claim_index.get(anchor.claim.as_str())?;
            let j = anchor.citation;
            (j < project.claims[ci].citations.len() && fits(anchor, ci, j) && used.insert((ci, j)))
                .then_some((ci, j))
        })
        .collect();
    for (anchor, pair) in lock.anchors.iter().zip(pairs.iter_mut()) {
        let Some(&ci) = claim_index.get(anchor.claim.as_str()) else {
            continue;
        };
        if pair.is_none() {
            *pair = (0..project.claims[ci].citations.len())
                .find(|&j| !used.contains(&(ci, j)) && fits(anchor, ci, j))
                .map(|j| (ci, j));
            if let Some(p) = *pair {
                used.insert(p);
            }
        }
    }

    let mut anchors = Vec::new();
    let mut stale = Vec::new();
    let mut tokens: HashMap<usize, Vec<Chunk>> = HashMap::new();
    for (anchor, pair) in lock.anchors.iter().zip(pairs) {
        let Some((ci, j)) = pair else {
            stale.push(StaleAnchor {
                claim: anchor.claim.clone(),
                citation: anchor.citation,
                source: anchor.source.clone(),
                quote: anchor.quote.clone(),
                claim_index: claim_index.get(anchor.claim.as_str()).copied(),
            });
            continue;
        };
        let locked_sha = lock.source(&anchor.source).map(|s| s.sha256.as_str());
        let now = corpus.source_index(&anchor.source);
        let (result, source_changed) = match now {
            None => (Reanchor::Gone, true),
            Some(i) => {
                let source = &corpus.sources[i];
                if locked_sha == Some(source.sha256.as_str()) {
                    (
                        Reanchor::Unchanged {
                            line: anchor.line,
                            column: anchor.column,
                        },
                        false,
                    )
                } else {
                    let chunks = tokens.entry(i).or_insert_with(|| chunks(&source.text));
                    (reanchor(anchor, source, chunks), true)
                }
            }
        };
        anchors.push(AnchorDrift {
            claim: anchor.claim.clone(),
            claim_index: ci,
            citation: j,
            source: anchor.source.clone(),
            source_changed,
            locked_line: anchor.line,
            locked_column: anchor.column,
            exact: anchor.exact.clone(),
            result,
        });
    }

    let verifier = Verifier::new(corpus, None);
    let mut unlocked = Vec::new();
    for (ci, claim) in project.claims.iter().enumerate() {
        for (j, citation) in claim.citations.iter().enumerate() {
            if used.contains(&(ci, j)) {
                continue;
            }
            let Some(i) = corpus.source_index(&citation.source) else {
                continue;
            };
            let Some(quote) = &citation.quote else {
                continue;
            };
            if verifier.find(quote, i).is_some() {
                unlocked.push(Unlocked {
                    claim: claim.id.clone(),
                    claim_index: ci,
                    citation: j,
                    source: citation.source.clone(),
                });
            }
        }
    }

    Drift {
        sources,
        anchors,
        stale,
        unlocked,
    }
}

/// A whitespace-delimited chunk of text ("datacentre." is one, [`crate::text::chunks`]): the
/// unit of re-anchoring and of the diff, so that the diff reads as the text with `[-...-]
/// {+...+}` marks.
#[derive(Debug, Clone)]
struct Chunk {
    span: Range<usize>,
    /// Folded, without punctuation at the edges: what alignment compares.
    key: String,
}

fn chunks(text: &str) -> Vec<Chunk> {
    crate::text::chunks(text)
        .into_iter()
        .map(|span| {
            let key = crate::text::fold(&text[span.clone()]);
            let key = key.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            Chunk { span, key }
        })
        .collect()
}

/// Where the locked text is in a source that changed.
fn reanchor(anchor: &Anchor, source: &Source, chunks: &[Chunk]) -> Reanchor {
    let text = &source.text;
    // The locked text, byte for byte: the occurrence whose context fits best.
    let mut best: Option<(f64, usize)> = None;
    for start in crate::text::bounded_matches(text, &anchor.exact, 0) {
        let score = place_score(anchor, text, start..start + anchor.exact.len(), 1.0);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, start));
        }
    }
    if let Some((_, start)) = best {
        let (line, column) = source.line_col(start);
        if start == anchor.start || (line, column) == (anchor.line, anchor.column) {
            return Reanchor::Unchanged { line, column };
        }
        return Reanchor::Moved {
            start,
            line,
            column,
        };
    }
    match near_match(anchor, text, chunks) {
        Some(near) => {
            let span = near.span;
            let found = text[span.clone()].to_string();
            // The chunks the alignment compared, the source's cut to the passage found; the
            // diff compares them as written, so that it shows typography that changed.
            let old: Vec<&str> = near
                .exact
                .iter()
                .map(|c| &anchor.exact[c.span.clone()])
                .collect();
            let new: Vec<&str> = chunks[near.chunks]
                .iter()
                .map(|c| c.span.start.max(span.start)..c.span.end.min(span.end))
                .filter(|r| r.start < r.end)
                .map(|r| &text[r])
                .collect();
            let diff = word_diff(&old, &new, &old, &new);
            let (line, column) = source.line_col(span.start);
            Reanchor::Changed {
                start: span.start,
                line,
                column,
                found,
                diff,
            }
        }
        None => Reanchor::Gone,
    }
}

/// How well a candidate place fits the anchor, as annotation tools rank fuzzy matches (the
/// weights of Hypothesis's client): the text's similarity counts most, then the context on
/// either side, then nearness to the locked offset.
fn place_score(anchor: &Anchor, text: &str, span: Range<usize>, similarity: f64) -> f64 {
    let (before, after) = context_fit(anchor, text, span.clone());
    let distance = span.start.abs_diff(anchor.start) as f64 / text.len().max(1) as f64;
    50.0 * similarity + 20.0 * before + 20.0 * after + 2.0 * (1.0 - distance.min(1.0))
}

/// Share of `prefix` that ends the text before `span`, and of `suffix` that starts the text
/// after it, 0 to 1 each.
fn context_fit(anchor: &Anchor, text: &str, span: Range<usize>) -> (f64, f64) {
    let before = if anchor.prefix.is_empty() {
        f64::from(u8::from(span.start == 0))
    } else {
        let same = anchor
            .prefix
            .chars()
            .rev()
            .zip(text[..span.start].chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        same as f64 / anchor.prefix.chars().count() as f64
    };
    let after = if anchor.suffix.is_empty() {
        f64::from(u8::from(span.end == text.len()))
    } else {
        let same = anchor
            .suffix
            .chars()
            .zip(text[span.end..].chars())
            .take_while(|(a, b)| a == b)
            .count();
        same as f64 / anchor.suffix.chars().count() as f64
    };
    (before, after)
}

/// Alignment similarity at which a passage is the locked text changed, whatever its context.
const NEAR_SIMILARITY: f64 = 0.5;
/// Lower similarity still accepted when the context on one side is mostly intact.
const NEAR_SIMILARITY_IN_CONTEXT: f64 = 0.25;

/// The passage closest to a locked text.
struct Near {
    /// Byte range of the passage in the source.
    span: Range<usize>,
    /// The source's chunks that the passage cuts from (its first and last may be cut short).
    chunks: Range<usize>,
    /// The locked text's chunks, aligned with them.
    exact: Vec<Chunk>,
}

/// The passage of the source closest to the locked text: a fitting alignment of its chunks
/// (all of the locked text against any run of the source's), scored with context and
/// position; `None` when nothing is close.
fn near_match(anchor: &Anchor, text: &str, chunks: &[Chunk]) -> Option<Near> {
    let exact = self::chunks(&anchor.exact);
    if exact.is_empty() || chunks.is_empty() {
        return None;
    }
    let keys: Vec<&str> = exact.iter().map(|c| c.key.as_str()).collect();
    let source: Vec<&str> = chunks.iter().map(|c| c.key.as_str()).collect();
    let max = (2 * keys.len()) as f64;
    let mut best: Option<(f64, Range<usize>, Range<usize>)> = None;
    for fit in crate::align::fitting(&keys, &source) {
        let similarity = f64::from(fit.score) / max;
        let (from, to) = (fit.target.start, fit.target.end);
        if similarity < NEAR_SIMILARITY_IN_CONTEXT || from >= to {
            continue;
        }
        let span = trim_span(text, &anchor.exact, &exact, chunks, from, to);
        let (before, after) = context_fit(anchor, text, span.clone());
        if similarity < NEAR_SIMILARITY && before.max(after) < 0.5 {
            continue;
        }
        let score = place_score(anchor, text, span.clone(), similarity);
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, span, fit.target));
        }
    }
    best.map(|(_, span, chunks)| Near {
        span,
        chunks,
        exact,
    })
}

/// The byte span of source chunks `from..to`, trimmed at either end to fit the locked text's
/// first and last chunk: to that chunk where the source's holds it ("“We" -> "We",
/// "datacentre." -> "datacentre"), else by the punctuation the locked text does not have
/// there ("Ireland." -> "Ireland" where the locked text ended "Netherlands").
fn trim_span(
    text: &str,
    exact_text: &str,
    exact: &[Chunk],
    chunks: &[Chunk],
    from: usize,
    to: usize,
) -> Range<usize> {
    let (first, last) = (&chunks[from].span, &chunks[to - 1].span);
    let (mut start, mut end) = (first.start, last.end);
    let exact_first = &exact_text[exact[0].span.clone()];
    let exact_last = &exact_text[exact[exact.len() - 1].span.clone()];
    let punct = |c: char| !c.is_alphanumeric();
    if text[first.clone()].ends_with(exact_first) {
        start = first.end - exact_first.len();
    } else if !exact_first.starts_with(punct) {
        let chunk = &text[first.clone()];
        start = first.start + (chunk.len() - chunk.trim_start_matches(punct).len());
    }
    if text[last.clone()].starts_with(exact_last) {
        end = last.start + exact_last.len();
    } else if !exact_last.ends_with(punct) {
        end = last.start + text[last.clone()].trim_end_matches(punct).len();
    }
    if start >= end {
        return first.start..last.end;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::super::tests::findings;
    use super::super::tests::{fixture, Fixture, ARTICLE};
    use super::super::{build, prefix, suffix};
    use super::*;
    use crate::check::{Rule, Severity};

    #[test]
    fn unchanged_corpus_has_no_drift() {
        let (f, lock) = fixture();
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        assert!(d.is_clean(), "{d:?}");
        assert!(d
            .anchors
            .iter()
            .all(|a| !a.source_changed && matches!(a.result, Reanchor::Unchanged { .. })));
        assert!(findings(&d, &p, &c, true).is_empty());
    }

    #[test]
    fn a_line_at_the_top_moves_every_anchor_down() {
        let (f, lock) = fixture();
        f.write("a.txt", &format!("Updated on Monday\n{ARTICLE}"));
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        assert_eq!(d.sources.len(), 1);
        assert!(matches!(d.sources[0].change, SourceChange::Modified { .. }));
        for a in &d.anchors {
            assert!(a.source_changed);
            assert_eq!(
                a.result.line_col(),
                Some((a.locked_line + 1, a.locked_column)),
                "{a:?}"
            );
            assert!(matches!(a.result, Reanchor::Moved { .. }), "{a:?}");
        }
        // One finding for the source, a note for each quote that moved.
        let n = findings(&d, &p, &c, false);
        assert_eq!(n.len(), 1);
        assert_eq!(
            n[0].message,
            "source \"a\" changed since claims.lock; all 2 passages quoted from it are intact"
        );
        assert!(
            n[0].notes
                .iter()
                .any(|n| n.contains("moved from line 3, column 80 to line 4, column 80")),
            "{:?}",
            n[0].notes
        );
        assert!(n
            .iter()
            .all(|n| n.severity == Severity::Warning && n.rule == Rule::SourceChanged));
        assert_eq!(&p.text[n[0].region.span.clone()], "\"a\"");
        // Under --locked, intact quotes are a note, not an error.
        let locked = findings(&d, &p, &c, true);
        assert_eq!(locked.len(), 1);
        assert!(locked.iter().all(|n| n.severity == Severity::Note));
    }

    #[test]
    fn an_edit_after_the_quote_leaves_it_unchanged_in_a_changed_source() {
        let (f, lock) = fixture();
        f.write("a.txt", &format!("{ARTICLE}\nA correction was appended.\n"));
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        assert_eq!(
            d.anchors[0].result,
            Reanchor::Unchanged {
                line: 3,
                column: 80
            }
        );
        assert!(d.anchors[0].source_changed);
        // Both quotes intact: one finding for their source.
        assert_eq!(findings(&d, &p, &c, false).len(), 1);
    }

    #[test]
    fn a_changed_word_gives_a_diff_and_a_deleted_passage_is_gone() {
        let (f, lock) = fixture();
        f.write("a.txt", &ARTICLE.replace("the Netherlands", "Ireland").replace(
            "Smith wrote: “We do not provide technology to facilitate mass surveillance of civilians.”\n",
            "Smith declined to comment.\n",
        ));
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        let Reanchor::Changed {
            found, diff, line, ..
        } = &d.anchors[0].result
        else {
            panic!("{:?}", d.anchors[0]);
        };
        assert_eq!(found, "held in a Microsoft datacentre in Ireland");
        assert_eq!(*line, 3);
        assert_eq!(
            crate::diff::plain(diff),
            "held in a Microsoft datacentre in [-the Netherlands-] {+Ireland+}"
        );
        assert_eq!(d.anchors[1].result, Reanchor::Gone);
        let n = findings(&d, &p, &c, false);
        assert!(n[0].message.contains("now reads differently"));
        assert!(n[0].notes[0].starts_with("locked vs now: "));
        assert!(n[1].notes[0].starts_with("it read: \"We do not"));
    }

    #[test]
    fn typography_and_rewrapping_are_named_as_such() {
        let (f, lock) = fixture();
        f.write(
            "a.txt",
            &ARTICLE
                .replace("in a Microsoft datacentre", "in a Microsoft\ndatacentre")
                .replace("“We do not", "\"We do NOT"),
        );
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        for a in &d.anchors {
            assert!(matches!(a.result, Reanchor::Changed { .. }), "{a:?}");
        }
        for n in findings(&d, &p, &c, false) {
            assert!(
                n.message.contains("only in spacing or typography"),
                "{}",
                n.message
            );
        }
        let Reanchor::Changed { found, diff, .. } = &d.anchors[1].result else {
            unreachable!()
        };
        assert_eq!(
            found,
            "We do NOT provide technology to facilitate mass surveillance"
        );
        assert_eq!(
            crate::diff::plain(diff),
            "We do [-not-] {+NOT+} provide technology to facilitate mass surveillance"
        );
    }

    #[test]
    fn context_picks_the_right_one_of_two_occurrences() {
        let text = "Intro line\n\nFirst, the unit said no. The board met.\n\nLater the unit said no. Then more.\n";
        let f = Fixture::new(
            &[("a.txt", text)],
            "[[claims]]\nid = \"x\"\ntext = \"t\"\n\n[[claims.citations]]\nsource = \"a\"\nquote = \"the unit said no\"\n",
        );
        let (p, c) = f.load();
        let mut lock = build(&p, &c);
        assert_eq!((lock.anchors[0].line, lock.anchors[0].column), (3, 8));
        // Anchor the second occurrence, as if the quote had been found there.
        let at = text.rfind("the unit said no").unwrap();
        let a = &mut lock.anchors[0];
        a.start = at;
        a.prefix = prefix(text, at);
        a.suffix = suffix(text, at + a.exact.len());
        (a.line, a.column) = (5, 7);
        // A long insertion: the first occurrence ends up nearer the locked offset, but the
        // context is the second's.
        f.write(
            "a.txt",
            &format!("{}\n{text}", "An editor's note. ".repeat(6)),
        );
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        assert_eq!(d.anchors[0].result.line_col(), Some((6, 7)));
        assert!(matches!(d.anchors[0].result, Reanchor::Moved { .. }));
    }

    #[test]
    fn removed_source_and_edited_citations() {
        let (f, lock) = fixture();
        std::fs::remove_file(f.dir.path().join("s/b.txt")).unwrap();
        std::fs::write(f.dir.path().join("s/c.txt"), "New\n\nA new article.\n").unwrap();
        let claims = std::fs::read_to_string(f.dir.path().join("claims.toml")).unwrap();
        let claims = claims
            .replace("facilitate mass surveillance\"", "facilitate mass surveillance of civilians\"")
            + "\n[[claims]]\nid = \"new\"\ntext = \"t\"\n\n[[claims.citations]]\nsource = \"c\"\nquote = \"A new article\"\n";
        std::fs::write(f.dir.path().join("claims.toml"), claims).unwrap();
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        let changes: Vec<(&str, &str)> = d
            .sources
            .iter()
            .map(|s| {
                let kind = match s.change {
                    SourceChange::Added { .. } => "added",
                    SourceChange::Removed { .. } => "removed",
                    SourceChange::Modified { .. } => "modified",
                };
                (s.id.as_str(), kind)
            })
            .collect();
        assert_eq!(changes, [("b", "removed"), ("c", "added")]);
        assert_eq!(d.stale.len(), 1);
        assert_eq!(d.stale[0].claim, "smith");
        let unlocked: Vec<&str> = d.unlocked.iter().map(|u| u.claim.as_str()).collect();
        assert_eq!(unlocked, ["smith", "new"]);
        assert!(findings(&d, &p, &c, false).is_empty());
        let n = findings(&d, &p, &c, true);
        assert_eq!(n.len(), 3);
        assert!(n
            .iter()
            .all(|n| n.rule == Rule::LockOutdated && n.severity == Severity::Error));
    }

    #[test]
    fn reordered_citations_are_not_stale() {
        let (f, lock) = fixture();
        let claims = std::fs::read_to_string(f.dir.path().join("claims.toml")).unwrap();
        let first = "[[claims.citations]]\nsource = \"a\"\nquote = \"held in a Microsoft datacentre in the Netherlands\"\n\n";
        let second = "[[claims.citations]]\nsource = \"a\"\nquote = \"not in the article at all, whatever\"\n\n";
        let claims = claims.replace(&format!("{first}{second}"), &format!("{second}{first}"));
        std::fs::write(f.dir.path().join("claims.toml"), claims).unwrap();
        let (p, c) = f.load();
        let d = drift(&lock, &p, &c);
        assert!(d.is_clean(), "{d:?}");
        assert_eq!(d.anchors[0].citation, 1);
    }
}
