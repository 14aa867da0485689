//! `factcheck cite`: propose citations for claims that have none, and write them into
//! `claims.toml` without disturbing the rest of the file.
//!
//! For each claim, the claim's text is searched; of every source that the claim does not cite
//! yet, the best-ranked passage that supports the claim (coverage at least
//! [`MIN_PROPOSAL_COVERAGE`], and at least [`RELATIVE_SUPPORT`] of the best passage's, and no
//! conflict with the claim, [`crate::conflict`]) becomes a
//! quote, up to [`MAX_SOURCES`] sources. The quote is the source's own bytes, so `check`
//! verifies it as `exact`: the passage (a sentence) itself, or, when it is longer than
//! [`MAX_WHOLE_WORDS`] words, the run of at most [`MAX_QUOTE_WORDS`] of its words that holds the
//! most of the claim's words, on clause boundaries where it can. A quote never spans a line
//! break (a TOML string with a newline would be written multi-line). Every quote is verified
//! before it is proposed.
//!
//! [`write_into`] edits the file with `toml_edit`: the new `[[claims.citations]]` tables go
//! directly after the claim's last key or citation, and every other byte keeps its place.
//! Comments and blank lines that precede the next table stay attached to it, so they follow
//! the inserted citations.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use serde::Serialize;
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use crate::corpus::Corpus;
use crate::error::{quoted_list, InputError, Location};
use crate::project::{Claim, Project};
use crate::quote::{QuoteStatus, Verifier};
use crate::retrieve::analyze;
use crate::retrieve::Retriever;

/// Sources proposed per claim at most.
pub(crate) const MAX_SOURCES: usize = 3;
/// A passage (a sentence) of up to this many words is quoted whole.
pub(crate) const MAX_WHOLE_WORDS: usize = 50;
/// A longer one is cut to a window of at most this many words.
pub(crate) const MAX_QUOTE_WORDS: usize = 40;
/// A proposed passage covers at least this share of what the claim's best passage (of any
/// source) covers. Stricter than the report's support threshold alone: a proposal becomes a
/// citation that `check` accepts, and on the seeds the passages between 0.2 and half the best
/// coverage are mostly about something else (a datacentre claim matched by "intercepted calls").
pub(crate) const RELATIVE_SUPPORT: f32 = 0.5;
/// A proposed passage covers at least this share of the claim's weighted words. Measured on
/// the Climate-FEVER dev split (README, "cite"): of the passages proposed at 0.2 (the report's
/// floor), 18.6% are a gold SUPPORTS sentence; at 0.3, 21.7%, keeping 78% of the claims that
/// get a gold sentence proposed (149 of 191); higher floors gain little precision (0.4: 24.4%)
/// for much recall (93 claims).
pub(crate) const MIN_PROPOSAL_COVERAGE: f32 = 0.3;
/// Passages asked of retrieval per claim (several per source, see `PER_SOURCE_FIRST_ROUND`).
pub(crate) const SEARCH_DEPTH: usize = 30;

/// One proposed citation: `quote` is verbatim in `source`, at `line`:`column`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Proposal {
    /// The claim's id.
    pub claim: String,
    /// The source's id.
    pub source: String,
    pub quote: String,
    /// Where the quote starts in the source, 1-based (columns in characters).
    pub line: usize,
    pub column: usize,
    /// The retrieval score of the passage the quote comes from (for ranking).
    pub score: f32,
}

/// The claims `cite` works on: the named one (which may already have citations), or every
/// claim without citations.
pub(crate) fn targets<'p>(
    project: &'p Project,
    claim: Option<&str>,
) -> Result<Vec<&'p Claim>, InputError> {
    match claim {
        Some(id) => match project.claims.iter().find(|c| c.id == id) {
            Some(c) => Ok(vec![c]),
            None => Err(unknown_claim(project, id)),
        },
        None => Ok(project
            .claims
            .iter()
            .filter(|c| c.citations.is_empty())
            .collect()),
    }
}

/// Propose citations for the named claim, or for every claim without citations. A named claim
/// that already has citations gets proposals from the sources it does not cite yet. Claims
/// with no supporting passage get none. Proposals come in the claims' order, then by rank.
pub(crate) fn propose(
    project: &Project,
    corpus: &Corpus,
    retriever: &dyn Retriever,
    claim: Option<&str>,
) -> Result<Vec<Proposal>, InputError> {
    let targets = targets(project, claim)?;
    let verifier = Verifier::new(corpus, Some(retriever));
    let mut out = Vec::new();
    for claim in targets {
        out.extend(propose_for(corpus, retriever, &verifier, claim));
    }
    Ok(out)
}

fn propose_for(
    corpus: &Corpus,
    retriever: &dyn Retriever,
    verifier: &Verifier<'_>,
    claim: &Claim,
) -> Vec<Proposal> {
    let claim_stems: HashSet<String> = analyze::stems(&claim.text).into_iter().collect();
    let cited: HashSet<&str> = claim.citations.iter().map(|c| c.source.as_str()).collect();
    let mut done: BTreeSet<u32> = BTreeSet::new();
    let mut out: Vec<Proposal> = Vec::new();
    let hits = retriever.search(&claim.text, SEARCH_DEPTH);
    let best = hits.iter().map(|h| h.coverage).fold(0.0f32, f32::max);
    let floor = MIN_PROPOSAL_COVERAGE.max(RELATIVE_SUPPORT * best);
    let claim_reading = crate::conflict::ClaimText::new(&claim.text);
    for hit in hits {
        if out.len() >= MAX_SOURCES {
            break;
        }
        if hit.coverage < floor || done.contains(&hit.id.source) {
            continue;
        }
        let Some(source) = corpus.sources.get(hit.id.source as usize) else {
            continue;
        };
        if cited.contains(source.id.as_str()) {
            continue;
        }
        let Some(passage) = source.passages.get(hit.id.passage as usize) else {
            continue;
        };
        // The excerpt, or failing that the passage's best line as it stands.
        let line = best_line(&source.text, passage.span.clone(), &claim_stems);
        let candidates = [excerpt(&source.text, line.clone(), &claim_stems), line];
        for range in candidates {
            let quote = source.text[range].trim();
            if quote.is_empty() {
                continue;
            }
            let v = verifier.verify(quote, &source.id);
            let (QuoteStatus::Exact, Some(found)) = (v.status, v.found) else {
                continue;
            };
            // A passage that conflicts with the claim would be a refutation, not support.
            let around = source.passages_around(found.span.clone());
            if !crate::conflict::conflicts(
                &claim_reading,
                &source.text[around],
                crate::conflict::Passage::Found,
            )
            .is_empty()
            {
                continue;
            }
            let (line, column) = source.line_col(found.span.start);
            done.insert(hit.id.source);
            out.push(Proposal {
                claim: claim.id.clone(),
                source: source.id.clone(),
                quote: quote.to_string(),
                line,
                column,
                score: hit.score,
            });
            break;
        }
    }
    out
}

/// The claim's stems that a whitespace-delimited token holds.
fn matches_claim(token: &str, claim_stems: &HashSet<String>) -> Vec<String> {
    analyze::stems(token)
        .into_iter()
        .filter(|s| claim_stems.contains(s))
        .collect()
}

/// Per token, the claim's stems it holds: choosing a line and choosing a window within it must
/// count the claim's words the same way.
fn claim_hits(words: &[&str], claim_stems: &HashSet<String>) -> Vec<Vec<String>> {
    words
        .iter()
        .map(|w| matches_claim(w, claim_stems))
        .collect()
}

/// Distinct claim words, then tokens that hold any: distinct words come first so that a run
/// repeating one claim word does not beat a run that holds several.
fn coverage(hits: &[Vec<String>]) -> (usize, usize) {
    let distinct = hits.iter().flatten().collect::<HashSet<_>>().len();
    let total = hits.iter().filter(|h| !h.is_empty()).count();
    (distinct, total)
}

/// The candidate with the greatest key, and its key; the first of equals, so that on a tie the
/// earlier text wins and the choice does not depend on how the maximum is searched.
fn first_best<T, K: Ord>(
    candidates: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Option<(T, K)> {
    let mut best: Option<(T, K)> = None;
    for c in candidates {
        let k = key(&c);
        if best.as_ref().is_none_or(|(_, b)| k > *b) {
            best = Some((c, k));
        }
    }
    best
}

/// The line of a passage (a passage of a hard-wrapped paragraph spans several) that holds the
/// most of the claim's words, trimmed; the first on a tie.
fn best_line(text: &str, span: Range<usize>, claim_stems: &HashSet<String>) -> Range<usize> {
    let mut lines = Vec::new();
    let mut at = span.start;
    for piece in text[span.clone()].split('\n') {
        lines.push(trim_range(text, at..at + piece.len()));
        at += piece.len() + 1;
    }
    let count = |line: &Range<usize>| {
        let toks = tokens(text, line.clone());
        claim_hits(&words(text, &toks), claim_stems)
            .iter()
            .map(Vec::len)
            .sum::<usize>()
    };
    first_best(lines.into_iter().filter(|l| !l.is_empty()), count).map_or(span, |(l, _)| l)
}

/// `range` without the white space around it, as byte offsets of `text`; empty when it holds
/// nothing else.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// The whitespace-delimited tokens of a range ([`crate::text::chunks`]), as byte ranges of
/// `text`.
fn tokens(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    crate::text::chunks(&text[range.clone()])
        .into_iter()
        .map(|chunk| range.start + chunk.start..range.start + chunk.end)
        .collect()
}

fn words<'t>(text: &'t str, toks: &[Range<usize>]) -> Vec<&'t str> {
    toks.iter().map(|t| &text[t.clone()]).collect()
}

fn is_dash(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| matches!(c, '-' | '–' | '—' | '―'))
}

fn has_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// A token after which a clause ends.
fn ends_clause(token: &str) -> bool {
    token
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with([',', ';', ':', '.', '!', '?', '…'])
}

/// Whether a clause boundary lies before token `at` (`words.len()`: the line's end): the
/// line's ends, after a clause-ending token, and on either side of a dash. Splitting into
/// clauses and widening a window to clause edges share it, so both cut at the same places.
fn clause_break(words: &[&str], at: usize) -> bool {
    at == 0
        || at == words.len()
        || ends_clause(words[at - 1])
        || is_dash(words[at - 1])
        || is_dash(words[at])
}

/// The line's clauses as token ranges, without the dashes between them.
fn clauses(words: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for at in 1..=words.len() {
        if clause_break(words, at) {
            // A dash stands alone between two breaks.
            if !is_dash(words[start]) {
                out.push(start..at);
            }
            start = at;
        }
    }
    out
}

/// Walk `steps` away from `anchor` to the first token `at_edge` accepts, as long as the words
/// from it to `anchor` (both included) fit in a quote; `None` when the budget runs out first.
fn widen(
    steps: impl Iterator<Item = usize>,
    anchor: usize,
    at_edge: impl Fn(usize) -> bool,
) -> Option<usize> {
    steps
        .take_while(|&k| k.abs_diff(anchor) < MAX_QUOTE_WORDS)
        .find(|&k| at_edge(k))
}

/// The quote to propose from one line of a passage: the whole line up to [`MAX_WHOLE_WORDS`]
/// words. Else at most [`MAX_QUOTE_WORDS`] of its words holding the most of the claim's
/// (distinct words, then matches): a run of whole clauses (cut at commas, semicolons, colons,
/// sentence ends and dashes) when one holds as many distinct claim words as any window, else a
/// window narrowed to the first and last claim word and widened to clause boundaries. Without
/// a trailing comma or a leading "and".
fn excerpt(text: &str, line: Range<usize>, claim_stems: &HashSet<String>) -> Range<usize> {
    let toks = tokens(text, line.clone());
    let n = toks.len();
    if n <= MAX_WHOLE_WORDS {
        return line;
    }
    let words = words(text, &toks);
    let hits = claim_hits(&words, claim_stems);
    let finish = |first: usize, last: usize| {
        let first = match words[first] {
            "and" | "or" | "but" if first < last => first + 1,
            _ => first,
        };
        if last + 1 == n {
            // The line's own end, closing punctuation included.
            toks[first].start..line.end
        } else {
            trim_end_punct(text, toks[first].start..toks[last].end)
        }
    };

    // The best fixed-size window.
    let windows = (0..=n - MAX_QUOTE_WORDS).map(|i| i..i + MAX_QUOTE_WORDS);
    let (window, window_score) = first_best(windows, |w| coverage(&hits[w.clone()]))
        .expect("a line longer than a quote has a window");
    if window_score.0 == 0 {
        // Nothing of the claim in words (retrieval matched on the title or the source): the
        // opening words.
        return finish(0, MAX_QUOTE_WORDS - 1);
    }

    // The best run of whole clauses within the budget: the shortest, then the earliest.
    let clauses = clauses(&words);
    let runs = clauses.iter().enumerate().flat_map(|(i, first)| {
        clauses[i..]
            .iter()
            .map(|last| first.start..last.end)
            .take_while(|r| r.len() <= MAX_QUOTE_WORDS)
    });
    let run = first_best(runs, |r| (coverage(&hits[r.clone()]), Reverse(r.len())));
    if let Some((r, (s, _))) = run {
        if s.0 >= window_score.0 {
            return finish(r.start, r.end - 1);
        }
    }

    // The window narrowed to its first and last claim word, then widened to the nearest clause
    // start and end within the budget.
    let holds_claim = |&k: &usize| !hits[k].is_empty();
    let a = window.clone().find(holds_claim).unwrap_or(window.start);
    let b = window.clone().rev().find(holds_claim).unwrap_or(a);
    let first = widen((0..=a).rev(), b, |k| {
        clause_break(&words, k) && has_word(words[k])
    })
    .unwrap_or(a);
    let last = widen(b..n, first, |k| {
        clause_break(&words, k + 1) && has_word(words[k])
    })
    .unwrap_or(b);
    finish(first, last)
}

/// Drop trailing commas, semicolons, colons and dashes, which read as a cut-off clause.
fn trim_end_punct(text: &str, range: Range<usize>) -> Range<usize> {
    let kept = text[range.clone()]
        .trim_end_matches([',', ';', ':', '-', '–', '—', ' '])
        .len();
    range.start..range.start + kept
}

fn unknown_claim(project: &Project, id: &str) -> InputError {
    let mut close: Vec<(f32, &str)> = project
        .claims
        .iter()
        .map(|c| {
            let ratio = similar::TextDiff::from_chars(id, c.id.as_str()).ratio();
            let contains = !id.is_empty() && (c.id.contains(id) || id.contains(c.id.as_str()));
            (if contains { ratio.max(0.7) } else { ratio }, c.id.as_str())
        })
        .filter(|(r, _)| *r >= 0.6)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    close.truncate(5);
    let help = if close.is_empty() {
        let ids: Vec<&str> = project.claims.iter().map(|c| c.id.as_str()).collect();
        if ids.is_empty() {
            "the claims file has no claims yet".to_string()
        } else {
            format!("the claims are: {}", quoted_list(&ids))
        }
    } else {
        let ids: Vec<&str> = close.iter().map(|(_, id)| *id).collect();
        format!(
            "did you mean {}?",
            ids.iter()
                .map(|i| format!("\"{i}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    InputError::new(format!("no claim has the id \"{id}\""))
        .at(Location::file(&project.path))
        .help(help)
}

/// The comment above every citation `cite` writes: a proposal is not yet reviewed evidence.
pub(crate) const PROPOSED: &str = "# proposed by factcheck cite: review";

/// A proposal as a `[[claims.citations]]` table, under the [`PROPOSED`] comment.
fn citation_table(p: &Proposal) -> Table {
    let mut t = Table::new();
    t.decor_mut().set_prefix(format!("\n{PROPOSED}\n"));
    t.insert("source", toml_edit::value(p.source.as_str()));
    t.insert("quote", toml_edit::value(p.quote.as_str()));
    t
}

/// The proposals as `[[claims.citations]]` tables, each claim's under a `# cite: claim "id"`
/// comment, ready to paste after the claim. Empty for no proposals.
pub(crate) fn render_toml(proposals: &[Proposal]) -> String {
    let mut citations = ArrayOfTables::new();
    let mut previous: Option<&str> = None;
    for p in proposals {
        let mut t = citation_table(p);
        t.decor_mut().set_prefix(format!("{PROPOSED}\n"));
        if previous != Some(p.claim.as_str()) {
            let gap = if previous.is_none() { "" } else { "\n" };
            t.decor_mut()
                .set_prefix(format!("{gap}# cite: claim \"{}\"\n{PROPOSED}\n", p.claim));
            previous = Some(p.claim.as_str());
        }
        citations.push(t);
    }
    if citations.is_empty() {
        return String::new();
    }
    let mut claims = Table::new();
    claims.set_implicit(true);
    claims.insert("citations", Item::ArrayOfTables(citations));
    let mut doc = DocumentMut::new();
    doc.insert("claims", Item::Table(claims));
    doc.to_string()
}

/// `text` (a claims file) with the proposals appended to their claims' citations: each claim's
/// new `[[claims.citations]]` tables come right after its last key or citation and before the
/// next table; every line of `text` is kept, in order. A proposal whose source and quote the
/// claim already cites is skipped, so writing twice adds nothing. A byte-order mark and CRLF
/// line ends are kept, so pass the file as read (`Project::text` has no byte-order mark). The
/// caller writes the result with [`crate::output::write_atomic`].
pub(crate) fn write_into(text: &str, proposals: &[Proposal]) -> Result<String, InputError> {
    if proposals.is_empty() {
        return Ok(text.to_string());
    }
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let mut doc: DocumentMut = body.parse().map_err(|e: toml_edit::TomlError| {
        InputError::new(format!("invalid claims file: {}", e.message().trim_end()))
            .help("fix the TOML syntax first; `factcheck check` shows where")
    })?;
    let Some(claims) = doc.get_mut("claims") else {
        return Err(no_such_claim(proposals));
    };
    let Some(claims) = claims.as_array_of_tables_mut() else {
        return Err(InputError::new(
            "the claims are not written as [[claims]] tables, so citations cannot be added after them",
        )
        .help("write each claim as a [[claims]] table (see README.md, \"The claims file\"), or add the printed citations by hand"));
    };
    // Each citation added, with the index of its claim, for the check below.
    let mut added: Vec<(usize, &Proposal)> = Vec::new();
    for p in proposals {
        let Some(index) = claims
            .iter()
            .position(|t| t.get("id").and_then(Item::as_str) == Some(p.claim.as_str()))
        else {
            return Err(no_such_claim(std::slice::from_ref(p)));
        };
        let claim = claims.get_mut(index).expect("the claim just found");
        if add_citation(claim, p)? {
            added.push((index, p));
        }
    }
    let unchanged = || {
        InputError::new(
            "adding the citations would change other lines of the claims file; nothing was written",
        )
        .help("add the printed citations by hand (`factcheck cite` without --write)")
    };
    // toml_edit writes every line break it makes as LF: the file's own lines are taken back
    // byte for byte, and the new ones end as their neighbours do.
    let mut out = keep_lines(body, &doc.to_string()).ok_or_else(unchanged)?;
    out.insert_str(0, bom);
    // The guard, for tables and inline arrays alike: every byte of the file is still there,
    // in order, and what the file says is what it said plus the added citations.
    if !is_subsequence(text.as_bytes(), out.as_bytes())
        || !adds_only(body, &out[bom.len()..], &added)
    {
        return Err(unchanged());
    }
    Ok(out)
}

fn no_such_claim(proposals: &[Proposal]) -> InputError {
    let id = proposals.first().map_or("", |p| p.claim.as_str());
    InputError::new(format!(
        "the claims file has no claim \"{id}\" to add citations to"
    ))
    .help("propose citations from the same claims file that is written")
}

/// Add one citation to a claim's table; false when the claim cites that quote of that source
/// already.
fn add_citation(claim: &mut Table, p: &Proposal) -> Result<bool, InputError> {
    let same = |source: Option<&str>, quote: Option<&str>| {
        source == Some(p.source.as_str()) && quote == Some(p.quote.as_str())
    };
    // toml_edit prints tables sorted by position, a stable sort over the order it visits them
    // (a claim, then its citations, then the next claim), and a table without a position takes
    // the one visited before it. Giving the new table the position of the claim's last table
    // (its header, or its last citation) makes it print right after that table and before the
    // next one, whatever else shares the document.
    let mut anchor = claim.position();
    match claim.get_mut("citations") {
        None => {
            let mut t = citation_table(p);
            t.set_position(anchor);
            let mut citations = ArrayOfTables::new();
            citations.push(t);
            claim.insert("citations", Item::ArrayOfTables(citations));
        }
        Some(Item::ArrayOfTables(citations)) => {
            if citations.iter().any(|t| {
                same(
                    t.get("source").and_then(Item::as_str),
                    t.get("quote").and_then(Item::as_str),
                )
            }) {
                return Ok(false);
            }
            for t in citations.iter() {
                anchor = anchor.max(t.position());
            }
            let mut t = citation_table(p);
            t.set_position(anchor);
            citations.push(t);
        }
        Some(Item::Value(Value::Array(citations))) => {
            if citations.iter().any(|v| {
                v.as_inline_table().is_some_and(|t| {
                    same(
                        t.get("source").and_then(Value::as_str),
                        t.get("quote").and_then(Value::as_str),
                    )
                })
            }) {
                return Ok(false);
            }
            let mut t = InlineTable::new();
            t.insert("source", p.source.as_str().into());
            t.insert("quote", p.quote.as_str().into());
            citations.push(t);
        }
        Some(_) => {
            return Err(InputError::new(format!(
                "claim \"{}\": `citations` is neither [[claims.citations]] tables nor an array",
                p.claim
            ))
            .help("write the claim's citations as [[claims.citations]] tables"));
        }
    }
    Ok(true)
}

/// `before` (a claims file, without its byte-order mark) as `after` (`toml_edit`'s rendering of
/// it with citations added, every line break LF) has it, but with every line of `before` kept
/// byte for byte, its line break (CRLF or LF) included: lines are matched by a line diff, the
/// lines `after` adds end as the line before them does (or the line after, at the start), and
/// a line `after` changes (an inline `citations = [...]` array grown) keeps its line break and
/// must hold the old line's characters in order. `None` when `after` drops a line or changes
/// one otherwise.
pub(crate) fn keep_lines(before: &str, after: &str) -> Option<String> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let content = |line: &'_ str| -> usize {
        let bare = line
            .strip_suffix('\n')
            .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        bare.len()
    };
    let old_keys: Vec<&str> = old.iter().map(|l| &l[..content(l)]).collect();
    let new_keys: Vec<&str> = new.iter().map(|l| &l[..content(l)]).collect();
    let ending = |i: usize| {
        old.get(i)
            .map(|l| &l[content(l)..])
            .filter(|e| !e.is_empty())
    };
    let first_ending = (0..old.len()).find_map(ending).unwrap_or("\n");
    // The line break of a line inserted before old line `at`.
    let around = |at: usize| {
        at.checked_sub(1)
            .and_then(ending)
            .or_else(|| ending(at))
            .unwrap_or(first_ending)
    };
    let mut out = String::with_capacity(after.len() + after.len() / 16);
    // A line after the file's last line, which had no line break, starts on a line of its own.
    let start_line = |out: &mut String, at: usize| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(around(at));
        }
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                for line in &old[old_index..old_index + len] {
                    start_line(&mut out, old_index);
                    out.push_str(line);
                }
            }
            similar::DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => {
                for line in &new_keys[new_index..new_index + new_len] {
                    start_line(&mut out, old_index);
                    out.push_str(line);
                    out.push_str(around(old_index));
                }
            }
            similar::DiffOp::Delete { .. } => return None,
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let was = old_keys[old_index..old_index + old_len].concat();
                let is = new_keys[new_index..new_index + new_len].concat();
                if !is_subsequence(was.as_bytes(), is.as_bytes()) {
                    return None;
                }
                for (k, line) in new_keys[new_index..new_index + new_len].iter().enumerate() {
                    start_line(&mut out, old_index + k.min(old_len));
                    out.push_str(line);
                    if k < old_len {
                        out.push_str(&old[old_index + k][content(old[old_index + k])..]);
                    } else {
                        out.push_str(around(old_index + old_len));
                    }
                }
            }
        }
    }
    Some(out)
}

/// Every byte of `part` is in `whole`, in order.
pub(crate) fn is_subsequence(part: &[u8], whole: &[u8]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|b| rest.any(|w| w == b))
}

/// `after` says what `before` says plus the `added` citations, each appended to the
/// citations of the claim at its index: nothing else changed, nothing lost, whatever the
/// bytes (read as TOML values, so tables and inline arrays alike).
fn adds_only(before: &str, after: &str, added: &[(usize, &Proposal)]) -> bool {
    let (Ok(mut expected), Ok(got)) = (before.parse::<toml::Table>(), after.parse::<toml::Table>())
    else {
        return false;
    };
    for (index, p) in added {
        let Some(claim) = expected
            .get_mut("claims")
            .and_then(toml::Value::as_array_mut)
            .and_then(|claims| claims.get_mut(*index))
            .and_then(toml::Value::as_table_mut)
        else {
            return false;
        };
        let citations = claim
            .entry("citations")
            .or_insert_with(|| toml::Value::Array(Vec::new()));
        let Some(citations) = citations.as_array_mut() else {
            return false;
        };
        let mut citation = toml::Table::new();
        citation.insert("source".into(), p.source.clone().into());
        citation.insert("quote".into(), p.quote.clone().into());
        citations.push(toml::Value::Table(citation));
    }
    expected == got
}

#[cfg(test)]
mod tests;
