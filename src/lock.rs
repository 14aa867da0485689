//! `claims.lock`: what the sources said when the claims were last checked, and how they have
//! drifted since.
//!
//! `factcheck lock` records each source's sha256 and, for every citation whose quote holds,
//! where the quote was found, as the W3C Web Annotation model anchors a quote: the matched
//! text with a little context before and after (a `TextQuoteSelector`: `exact`, `prefix`,
//! `suffix`) and its position (a `TextPositionSelector`: `start`, plus `line` and `column`
//! for people). Later, [`drift`] lists the sources that changed and re-anchors each quote:
//!
//! | result | meaning |
//! | --- | --- |
//! | [`Reanchor::Unchanged`] | the source is byte-identical, or the locked text is still at the same place |
//! | [`Reanchor::Moved`] | the locked text, word for word, is somewhere else (the occurrence whose context matches best) |
//! | [`Reanchor::Changed`] | the locked text is not there any more; the closest passage and a word diff |
//! | [`Reanchor::Gone`] | nothing close is left (or the source itself is gone) |
//!
//! The file is TOML, written by [`Lock::to_toml`] rather than a serializer so that its bytes
//! are fixed: a header comment, `version`, `[[sources]]` sorted by id, `[[anchors]]` sorted by
//! claim id and citation index, every string on one line with `\n`-style escapes, no
//! timestamps. The same project gives the same bytes.
//!
//! ```toml
//! version = 1
//!
//! [[sources]]
//! id = "guardian-bhrrc"
//! file = "002_326e0245ca5f2455.txt"
//! sha256 = "12829d7d688ad75853c6d16915220b36737b4d61790964fe7d9a5c2ab4b2cbd7"
//!
//! [[anchors]]
//! claim = "netherlands-datacentre"
//! citation = 0
//! source = "guardian-bhrrc"
//! quote = "the enormous repository of intercepted calls...was held in a Microsoft datacentre in the Netherlands"
//! exact = "the enormous repository of intercepted calls...was held in a Microsoft datacentre in the Netherlands"
//! prefix = ".\nAccording to several sources, "
//! suffix = ". Within days of the Guardian pu"
//! start = 1330
//! line = 9
//! column = 31
//! ```
//!
//! Offsets are bytes of the source's text as `corpus` reads it (after a byte-order mark, CRLF
//! kept); `column` counts characters, 1-based. `exact` is the source's own text from the
//! quote's first to its last word (for an elided quote, the words between the pieces too).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::corpus::{Corpus, Source};
use crate::diff::{word_diff, DiffRun};
use crate::error::{InputError, Location, Result};
use crate::project::Project;
use crate::quote::Verifier;

/// The lock-file format this build reads and writes.
pub const VERSION: u32 = 1;

/// Characters of context kept on each side of a quote (`prefix`, `suffix`).
pub const CONTEXT_CHARS: usize = 32;

const HEADER: &str = "\
# claims.lock: written by `factcheck lock`; do not edit by hand.
# Each source's sha256, and where every holding quote was found (W3C Web Annotation
# TextQuoteSelector: exact, prefix, suffix; TextPositionSelector: start, in bytes).
# `factcheck check` reports sources that changed since; `check --locked` fails on them.
";

/// The contents of `claims.lock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lock {
    pub version: u32,
    /// Every source of the corpus, sorted by id.
    pub sources: Vec<LockedSource>,
    /// One per citation whose quote held, sorted by claim id and citation index.
    pub anchors: Vec<Anchor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockedSource {
    pub id: String,
    /// Path relative to the sources folder, `/` separators.
    pub file: String,
    /// Of the file's bytes (as in the JSON report).
    pub sha256: String,
}

/// Where one citation's quote was found when the lock was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    pub claim: String,
    /// Index of the citation within its claim, 0-based.
    pub citation: usize,
    pub source: String,
    /// The quote as written in claims.toml, to pair the anchor with its citation again.
    pub quote: String,
    /// The source's own text that matched.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters before `exact`.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after `exact`.
    pub suffix: String,
    /// Byte offset of `exact` in the source's text.
    pub start: usize,
    /// 1-based line and column (characters) of `start`.
    pub line: usize,
    pub column: usize,
}

/// `claims.lock` for `claims.toml`, beside it (`x.toml` -> `x.lock`).
pub fn lock_path(project: &Project) -> PathBuf {
    project.path.with_extension("lock")
}

/// The lock of a project as it is now: every source's hash, and an anchor for every citation
/// whose quote holds (exact, normalized or elided) in its cited source. Citations that do not
/// hold have nothing to anchor and are left out; `check` reports them anyway.
///
/// Quotes are located with [`Verifier::find`], the same search `check` starts with, so no
/// analysis is needed.
pub fn build(project: &Project, corpus: &Corpus) -> Lock {
    let verifier = Verifier::new(corpus, None);
    let mut sources: Vec<LockedSource> = corpus
        .sources
        .iter()
        .map(|s| LockedSource {
            id: s.id.clone(),
            file: s.file.clone(),
            sha256: s.sha256.clone(),
        })
        .collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let mut anchors = Vec::new();
    for claim in &project.claims {
        for (index, citation) in claim.citations.iter().enumerate() {
            let Some(i) = corpus.source_index(&citation.source) else {
                continue;
            };
            let Some(found) = verifier.find(&citation.quote, i) else {
                continue;
            };
            let source = &corpus.sources[i];
            let span = found.span;
            let (line, column) = source.line_col(span.start);
            anchors.push(Anchor {
                claim: claim.id.clone(),
                citation: index,
                source: source.id.clone(),
                quote: citation.quote.clone(),
                exact: source.text[span.clone()].to_string(),
                prefix: prefix(&source.text, span.start),
                suffix: suffix(&source.text, span.end),
                start: span.start,
                line,
                column,
            });
        }
    }
    anchors.sort_by(|a, b| (&a.claim, a.citation).cmp(&(&b.claim, b.citation)));
    Lock {
        version: VERSION,
        sources,
        anchors,
    }
}

fn prefix(text: &str, at: usize) -> String {
    let before = &text[..at];
    let from = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    before[from..].to_string()
}

fn suffix(text: &str, at: usize) -> String {
    text[at..].chars().take(CONTEXT_CHARS).collect()
}

impl Lock {
    pub fn source(&self, id: &str) -> Option<&LockedSource> {
        self.sources
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.sources[i])
    }

    /// The file's text: fixed layout, one `key = value` per line, strings as one-line TOML
    /// basic strings.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        let _ = writeln!(out, "version = {}", self.version);
        for s in &self.sources {
            out.push_str("\n[[sources]]\n");
            field(&mut out, "id", &s.id);
            field(&mut out, "file", &s.file);
            field(&mut out, "sha256", &s.sha256);
        }
        for a in &self.anchors {
            out.push_str("\n[[anchors]]\n");
            field(&mut out, "claim", &a.claim);
            let _ = writeln!(out, "citation = {}", a.citation);
            field(&mut out, "source", &a.source);
            field(&mut out, "quote", &a.quote);
            field(&mut out, "exact", &a.exact);
            field(&mut out, "prefix", &a.prefix);
            field(&mut out, "suffix", &a.suffix);
            let _ = writeln!(out, "start = {}", a.start);
            let _ = writeln!(out, "line = {}", a.line);
            let _ = writeln!(out, "column = {}", a.column);
        }
        out
    }

    /// Parse and validate lock-file text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Lock> {
        let text: Arc<str> = Arc::from(text.strip_prefix('\u{feff}').unwrap_or(text));
        let at = |span: Range<usize>| Location::in_text(path, &text, span);
        let toml_error = |e: toml::de::Error| {
            let err = InputError::new(format!("invalid lock file: {}", e.message().trim_end()));
            let err = match e.span() {
                Some(span) => err.at(at(span)),
                None => err.at(Location::file(path)),
            };
            err.help(
                "the lock file is written by `factcheck lock`; run it again to rewrite the file",
            )
        };
        // The version first: a newer format may not parse as this one.
        let header: RawHeader = toml::from_str(&text).map_err(toml_error)?;
        let Some(version) = header.version else {
            return Err(InputError::new("invalid lock file: missing field `version`")
                .at(Location::file(path))
                .help("the lock file is written by `factcheck lock`; run it again to rewrite the file"));
        };
        if *version.get_ref() != i64::from(VERSION) {
            return Err(InputError::new(format!(
                "{} has version {}, but this factcheck ({}) reads version {VERSION}",
                path.display(),
                version.get_ref(),
                env!("CARGO_PKG_VERSION"),
            ))
            .at(at(version.span()))
            .help(if *version.get_ref() > i64::from(VERSION) {
                "it was written by a newer factcheck: upgrade factcheck, or run `factcheck lock` to rewrite it in this version"
            } else {
                "run `factcheck lock` to rewrite it in this version"
            }));
        }
        let raw: RawLock = toml::from_str(&text).map_err(toml_error)?;

        let mut sources = Vec::with_capacity(raw.sources.len());
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for s in raw.sources {
            let id_span = s.id.span();
            let id = s.id.into_inner();
            if let Some(first) = seen.get(&id) {
                return Err(InputError::new(format!(
                    "invalid lock file: source \"{id}\" is listed twice"
                ))
                .at(at(id_span))
                .label(format!("first listed on line {first}"))
                .help("run `factcheck lock` to rewrite the file"));
            }
            seen.insert(id.clone(), line_of(&text, id_span.start));
            let sha_span = s.sha256.span();
            let sha256 = s.sha256.into_inner();
            if sha256.len() != 64
                || !sha256
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                return Err(InputError::new(format!(
                    "invalid lock file: the sha256 of source \"{id}\" is not 64 lowercase hex digits"
                ))
                .at(at(sha_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            sources.push(LockedSource {
                id,
                file: s.file,
                sha256,
            });
        }
        sources.sort_by(|a, b| a.id.cmp(&b.id));

        let mut anchors = Vec::with_capacity(raw.anchors.len());
        let mut keys: BTreeSet<(String, usize)> = BTreeSet::new();
        for a in raw.anchors {
            let source_span = a.source.span();
            let source = a.source.into_inner();
            if !seen.contains_key(&source) {
                return Err(InputError::new(format!(
                    "invalid lock file: an anchor of claim \"{}\" names source \"{source}\", which is not in [[sources]]",
                    a.claim
                ))
                .at(at(source_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            let exact_span = a.exact.span();
            let exact = a.exact.into_inner();
            if exact.is_empty() || a.line == 0 || a.column == 0 {
                return Err(InputError::new(format!(
                    "invalid lock file: the anchor of claim \"{}\", citation {} is empty or has line or column 0",
                    a.claim, a.citation
                ))
                .at(at(exact_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            if !keys.insert((a.claim.clone(), a.citation)) {
                return Err(InputError::new(format!(
                    "invalid lock file: claim \"{}\", citation {} is anchored twice",
                    a.claim, a.citation
                ))
                .at(at(exact_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            anchors.push(Anchor {
                claim: a.claim,
                citation: a.citation,
                source,
                quote: a.quote,
                exact,
                prefix: a.prefix,
                suffix: a.suffix,
                start: a.start,
                line: a.line,
                column: a.column,
            });
        }
        anchors.sort_by(|a, b| (&a.claim, a.citation).cmp(&(&b.claim, b.citation)));
        Ok(Lock {
            version: VERSION,
            sources,
            anchors,
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// `key = "value"` with the value as a one-line TOML basic string.
fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    basic_string(out, value);
    out.push('\n');
}

/// A TOML basic string on one line. Control characters are escaped (as TOML requires), and so
/// are the invisible ones that copy-and-paste carries (zero-width spaces, soft hyphens, BOM),
/// so that the file shows what the source holds.
fn basic_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{00AD}' | '\u{200B}'
                        ..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{2060}' | '\u{FEFF}'
                ) =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Deserialize)]
struct RawHeader {
    version: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    #[allow(dead_code)]
    version: i64,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    anchors: Vec<RawAnchor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    file: String,
    sha256: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnchor {
    claim: String,
    citation: usize,
    source: Spanned<String>,
    quote: String,
    exact: Spanned<String>,
    prefix: String,
    suffix: String,
    start: usize,
    line: usize,
    column: usize,
}

/// Read a lock file: `None` when there is none. A malformed file is an error with its line
/// and column; a file of another [`VERSION`] is an error that says what to do.
pub fn read(path: &Path) -> Result<Option<Lock>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(InputError::io("read the lock file", path, &e)),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::new(format!(
            "the lock file is not valid UTF-8 (byte offset {})",
            e.utf8_error().valid_up_to()
        ))
        .at(Location::file(path))
        .help("run `factcheck lock` to rewrite the file")
    })?;
    Lock::parse(path, &text).map(Some)
}

/// Write a lock file atomically (a temporary file beside it, renamed over it).
pub fn write(path: &Path, lock: &Lock) -> Result<()> {
    crate::output::write_atomic(path, lock.to_toml().as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Drift

/// How the project has moved away from its lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
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
pub struct SourceDrift {
    pub id: String,
    /// The file now, or the locked file when the source is gone.
    pub file: String,
    pub change: SourceChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum SourceChange {
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
pub enum Reanchor {
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
    pub fn as_str(&self) -> &'static str {
        match self {
            Reanchor::Unchanged { .. } => "unchanged",
            Reanchor::Moved { .. } => "moved",
            Reanchor::Changed { .. } => "changed",
            Reanchor::Gone => "gone",
        }
    }

    /// Where the quote is now (1-based line, column), unless it is gone.
    pub fn line_col(&self) -> Option<(usize, usize)> {
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
pub struct AnchorDrift {
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
    /// One line for people: what happened to the quote.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleAnchor {
    pub claim: String,
    /// The citation index in the lock.
    pub citation: usize,
    pub source: String,
    pub quote: String,
    /// Index of the claim in `project.claims`, when the claim still exists.
    pub claim_index: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unlocked {
    pub claim: String,
    pub claim_index: usize,
    pub citation: usize,
    pub source: String,
}

impl Drift {
    /// Nothing changed: same source bytes, and the lock covers exactly the current citations.
    pub fn is_clean(&self) -> bool {
        self.sources.is_empty() && self.stale.is_empty() && self.unlocked.is_empty()
    }

    /// Anchors whose source changed since the lock: each is a `source-changed` finding.
    pub fn changed_anchors(&self) -> impl Iterator<Item = &AnchorDrift> {
        self.anchors.iter().filter(|a| a.source_changed)
    }

    pub fn source(&self, id: &str) -> Option<&SourceDrift> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// Compare a lock with the project and corpus as they are now.
///
/// Anchors are paired with citations by claim id, source and quote (the citation index breaks
/// ties and is tried first), so reordering claims or citations does not make anchors stale.
pub fn drift(lock: &Lock, project: &Project, corpus: &Corpus) -> Drift {
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
        c.source == anchor.source && c.quote == anchor.quote
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
        let message = message(anchor, &result, source_changed, now.is_none());
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
            message,
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
            if verifier.find(&citation.quote, i).is_some() {
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

fn message(anchor: &Anchor, result: &Reanchor, source_changed: bool, source_gone: bool) -> String {
    let (claim, source) = (&anchor.claim, &anchor.source);
    let was = format!("line {}, column {}", anchor.line, anchor.column);
    if source_gone {
        return format!(
            "source \"{source}\" is gone since claims.lock; the passage quoted in claim \"{claim}\" went with it"
        );
    }
    if !source_changed {
        return format!("the passage quoted in claim \"{claim}\" is unchanged in \"{source}\"");
    }
    let lead = format!("source \"{source}\" changed since claims.lock");
    match result {
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
            let how = if crate::text::fold(found) == crate::text::fold(&anchor.exact) {
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
    for start in occurrences(text, &anchor.exact) {
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

/// Starts of `needle` in `hay` that begin and end on word boundaries, as quotes matched.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let first = word(needle.chars().next());
    let last = word(needle.chars().next_back());
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    std::iter::from_fn(move || {
        // Overlapping occurrences count too ("no no" twice in "no no no").
        let at = from + hay.get(from..)?.find(needle)?;
        from = at + step;
        Some(at)
    })
    .filter(move |&at| {
        let end = at + needle.len();
        !(first && word(hay[..at].chars().next_back()) || last && word(hay[end..].chars().next()))
    })
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

// ---------------------------------------------------------------------------------------------
// What `check` reports

/// The rule id for a citation whose source changed since the lock.
pub const RULE_SOURCE_CHANGED: &str = "source-changed";
/// The rule id for a lock that does not cover the current citations (only under `--locked`).
pub const RULE_LOCK_OUTDATED: &str = "lock-outdated";

/// A finding of drift, as plain data for `check` to turn into a `check::Finding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// [`RULE_SOURCE_CHANGED`] or [`RULE_LOCK_OUTDATED`].
    pub rule: &'static str,
    /// An error (under `--locked`) rather than a warning.
    pub error: bool,
    pub claim: String,
    /// Where in claims.toml: the citation's `source` value (a stale anchor of a claim that is
    /// gone: the start of the file).
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub notes: Vec<String>,
    pub help: String,
    /// The place in the source now: (source id, line, column).
    pub source_place: Option<(String, usize, usize)>,
    /// Word diff from the locked text to the passage now ([`Reanchor::Changed`]).
    pub diff: Option<Vec<DiffRun>>,
    /// For the finding's fingerprint, as `check` keys citations: `source \0 quote`.
    pub key: String,
}

/// The drift findings `check` should report, in claims-file order: one `source-changed` per
/// citation whose source changed (warning; error when `locked`), and under `locked` one
/// `lock-outdated` error per stale anchor or unlocked citation.
pub fn notices(drift: &Drift, project: &Project, locked: bool) -> Vec<Notice> {
    let mut out: Vec<(usize, usize, Notice)> = Vec::new();
    for a in drift.changed_anchors() {
        let citation = &project.claims[a.claim_index].citations[a.citation];
        let label = match &a.result {
            Reanchor::Unchanged { .. } => "source changed since claims.lock".to_string(),
            Reanchor::Moved { line, column, .. } => format!("quote moved to {line}:{column}"),
            Reanchor::Changed { .. } => "quoted passage changed".to_string(),
            Reanchor::Gone => "quoted passage gone".to_string(),
        };
        let mut notes = Vec::new();
        let mut diff = None;
        match &a.result {
            Reanchor::Changed { diff: d, .. } => {
                notes.push(format!("locked vs now: {}", crate::diff::plain(d)));
                diff = Some(d.clone());
            }
            Reanchor::Gone => notes.push(format!("it read: \"{}\"", a.exact)),
            _ => {}
        }
        if let Some(SourceDrift {
            change:
                SourceChange::Modified {
                    old_sha256,
                    new_sha256,
                },
            ..
        }) = drift.source(&a.source)
        {
            notes.push(format!(
                "sha256 {} in claims.lock, {} now",
                &old_sha256[..12.min(old_sha256.len())],
                &new_sha256[..12.min(new_sha256.len())]
            ));
        }
        let help = match &a.result {
            Reanchor::Unchanged { .. } | Reanchor::Moved { .. } => {
                "the quote is intact; run `factcheck lock` to accept the new version of the source"
            }
            _ => "review the change to the source and the claim; then run `factcheck lock` to accept it",
        };
        out.push((
            a.claim_index,
            a.citation,
            Notice {
                rule: RULE_SOURCE_CHANGED,
                error: locked,
                claim: a.claim.clone(),
                span: citation.source_span.clone(),
                message: a.message.clone(),
                label,
                notes,
                help: help.to_string(),
                source_place: a
                    .result
                    .line_col()
                    .map(|(line, column)| (a.source.clone(), line, column)),
                diff,
                key: format!("{}\u{0}{}", citation.source, citation.quote),
            },
        ));
    }
    if locked {
        for s in &drift.stale {
            let span = s
                .claim_index
                .map_or(0..0, |ci| project.claims[ci].id_span.clone());
            let what = if s.claim_index.is_some() {
                "a citation that claims.toml no longer has (its source or quote was edited, or it was removed)"
            } else {
                "a claim that claims.toml no longer has"
            };
            out.push((
                s.claim_index.unwrap_or(usize::MAX),
                s.citation,
                Notice {
                    rule: RULE_LOCK_OUTDATED,
                    error: true,
                    claim: s.claim.clone(),
                    span,
                    message: format!(
                        "claims.lock anchors {what}: claim \"{}\", citation {} of \"{}\"",
                        s.claim,
                        s.citation + 1,
                        s.source
                    ),
                    label: "not as locked".into(),
                    notes: vec![format!("locked quote: \"{}\"", s.quote)],
                    help: "run `factcheck lock` to update claims.lock".into(),
                    source_place: None,
                    diff: None,
                    key: format!("{}\u{0}{}", s.source, s.quote),
                },
            ));
        }
        for u in &drift.unlocked {
            let citation = &project.claims[u.claim_index].citations[u.citation];
            out.push((
                u.claim_index,
                u.citation,
                Notice {
                    rule: RULE_LOCK_OUTDATED,
                    error: true,
                    claim: u.claim.clone(),
                    span: citation.source_span.clone(),
                    message: format!(
                        "citation of \"{}\" in claim \"{}\" is not in claims.lock",
                        u.source, u.claim
                    ),
                    label: "not locked".into(),
                    notes: Vec::new(),
                    help: "run `factcheck lock` to update claims.lock".into(),
                    source_place: None,
                    diff: None,
                    key: format!("{}\u{0}{}", citation.source, citation.quote),
                },
            ));
        }
    }
    out.sort_by_key(|(ci, j, _)| (*ci, *j));
    out.into_iter().map(|(_, _, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        dir: tempfile::TempDir,
    }

    impl Fixture {
        fn new(sources: &[(&str, &str)], claims: &str) -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir(dir.path().join("s")).unwrap();
            for (name, text) in sources {
                std::fs::write(dir.path().join("s").join(name), text).unwrap();
            }
            let head = "[project]\ntitle = \"t\"\nsources = \"s\"\n\n";
            std::fs::write(dir.path().join("claims.toml"), format!("{head}{claims}")).unwrap();
            Fixture { dir }
        }

        fn load(&self) -> (Project, Corpus) {
            let p = Project::load(&self.dir.path().join("claims.toml")).unwrap();
            let c = Corpus::load(&p).unwrap();
            (p, c)
        }

        fn write(&self, name: &str, text: &str) {
            std::fs::write(self.dir.path().join("s").join(name), text).unwrap();
        }
    }

    const ARTICLE: &str = "Headline of the piece\n\n\
According to several sources, the enormous repository of intercepted calls was held in a Microsoft datacentre in the Netherlands. Within days it moved.\n\n\
Smith wrote: “We do not provide technology to facilitate mass surveillance of civilians.”\n";

    const CLAIMS: &str = "[[claims]]\nid = \"dc\"\ntext = \"Held in the Netherlands.\"\n\n\
[[claims.citations]]\nsource = \"a\"\nquote = \"held in a Microsoft datacentre in the Netherlands\"\n\n\
[[claims.citations]]\nsource = \"a\"\nquote = \"not in the article at all, whatever\"\n\n\
[[claims]]\nid = \"smith\"\ntext = \"Smith denied mass surveillance.\"\n\n\
[[claims.citations]]\nsource = \"a\"\nquote = \"We do not provide technology to facilitate mass surveillance\"\n";

    fn fixture() -> (Fixture, Lock) {
        let f = Fixture::new(
            &[("a.txt", ARTICLE), ("b.txt", "Other\n\nNothing here.\n")],
            CLAIMS,
        );
        let (p, c) = f.load();
        let lock = build(&p, &c);
        (f, lock)
    }

    #[test]
    fn builds_anchors_with_context_for_holding_quotes_only() {
        let (_f, lock) = fixture();
        assert_eq!(lock.sources.len(), 2);
        assert_eq!(lock.anchors.len(), 2);
        let a = &lock.anchors[0];
        assert_eq!((a.claim.as_str(), a.citation), ("dc", 0));
        assert_eq!(a.exact, "held in a Microsoft datacentre in the Netherlands");
        assert_eq!(a.prefix, "sitory of intercepted calls was ");
        assert_eq!(a.prefix.chars().count(), CONTEXT_CHARS);
        assert_eq!(a.suffix, ". Within days it moved.\n\nSmith w");
        assert_eq!((a.line, a.column), (3, 80));
        assert_eq!(&ARTICLE[a.start..a.start + a.exact.len()], a.exact);
        let s = &lock.anchors[1];
        assert_eq!(s.claim, "smith");
        assert_eq!(s.suffix, " of civilians.”\n");
    }

    #[test]
    fn toml_round_trips_and_escapes() {
        let (_f, mut lock) = fixture();
        lock.anchors[0].prefix = "tab\there \"q\" back\\slash \u{1} zw\u{200B}".into();
        let text = lock.to_toml();
        assert!(
            text.contains(r#"prefix = "tab\there \"q\" back\\slash \u0001 zw\u200B""#),
            "{text}"
        );
        assert!(text.contains("suffix = \". Within days it moved.\\n\\nSmith w\"\n"));
        let back = Lock::parse(Path::new("claims.lock"), &text).unwrap();
        assert_eq!(back, lock);
        assert_eq!(back.to_toml(), text);
    }

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
        assert!(notices(&d, &p, true).is_empty());
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
            assert_eq!(a.result.as_str(), "moved");
        }
        assert!(
            d.anchors[0]
                .message
                .contains("moved from line 3, column 80 to line 4, column 80"),
            "{}",
            d.anchors[0].message
        );
        let n = notices(&d, &p, false);
        assert_eq!(n.len(), 2);
        assert!(n.iter().all(|n| !n.error && n.rule == RULE_SOURCE_CHANGED));
        assert_eq!(&p.text[n[0].span.clone()], "\"a\"");
        assert!(notices(&d, &p, true).iter().all(|n| n.error));
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
        assert_eq!(notices(&d, &p, false).len(), 2);
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
        assert!(d.anchors[0].message.contains("now reads differently"));
        assert_eq!(d.anchors[1].result, Reanchor::Gone);
        let n = notices(&d, &p, false);
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
            assert_eq!(a.result.as_str(), "changed", "{a:?}");
            assert!(
                a.message.contains("only in spacing or typography"),
                "{}",
                a.message
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
        assert_eq!(d.anchors[0].result.as_str(), "moved");
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
        assert!(notices(&d, &p, false).is_empty());
        let n = notices(&d, &p, true);
        assert_eq!(n.len(), 3);
        assert!(n.iter().all(|n| n.rule == RULE_LOCK_OUTDATED && n.error));
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

    #[test]
    fn rejects_bad_lock_files_with_places() {
        let (_f, lock) = fixture();
        let text = lock.to_toml();
        let err = Lock::parse(
            Path::new("claims.lock"),
            &text.replace("version = 1", "version = 2"),
        )
        .unwrap_err();
        assert!(err.message.contains("has version 2"), "{}", err.message);
        assert!(err.help.as_deref().unwrap().contains("newer factcheck"));
        assert_eq!(err.location.as_ref().unwrap().line, 5);

        let err = Lock::parse(
            Path::new("claims.lock"),
            &text.replacen("sha256 = \"", "sha256 = \"zz", 1),
        )
        .unwrap_err();
        assert!(err.message.contains("64 lowercase hex"), "{}", err.message);

        let err = Lock::parse(
            Path::new("claims.lock"),
            &text.replacen("exact =", "exakt =", 1),
        )
        .unwrap_err();
        assert!(
            err.message.contains("unknown field `exakt`"),
            "{}",
            err.message
        );
        assert!(err.location.as_ref().unwrap().line > 5);

        let err = Lock::parse(Path::new("claims.lock"), "sources = []\n").unwrap_err();
        assert!(
            err.message.contains("missing field `version`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn occurrences_overlap_and_respect_word_boundaries() {
        assert_eq!(occurrences("no no no", "no no").collect::<Vec<_>>(), [0, 3]);
        assert_eq!(
            occurrences("has 200, has 20.", "has 20").collect::<Vec<_>>(),
            [9]
        );
        assert_eq!(occurrences("“quoted” text", "”").collect::<Vec<_>>(), [9]);
    }
}

#[cfg(test)]
mod same_as_before {
    use crate::corpus::Corpus;
    use crate::old;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn same_reanchoring((a, b) in old::gen::text_pair(), from in 0usize..30, len in 1usize..12) {
            let spans: Vec<std::ops::Range<usize>> = old::lock::chunks(&a).iter().map(|c| c.span.clone()).collect();
            prop_assume!(!spans.is_empty());
            let first = from % spans.len();
            let last = (first + len - 1).min(spans.len() - 1);
            let (start, end) = (spans[first].start, spans[last].end);
            let exact = a[start..end].to_string();
            let lines = crate::text::LineIndex::new(&a);
            let (line, column) = lines.line_col(&a, start);
            let anchor = super::Anchor {
                claim: "c".into(),
                citation: 0,
                source: "s".into(),
                quote: exact.clone(),
                exact: exact.clone(),
                prefix: super::prefix(&a, start),
                suffix: super::suffix(&a, end),
                start,
                line,
                column,
            };
            let old_anchor = old::lock::Anchor {
                claim: anchor.claim.clone(),
                citation: 0,
                source: anchor.source.clone(),
                quote: exact.clone(),
                exact,
                prefix: anchor.prefix.clone(),
                suffix: anchor.suffix.clone(),
                start,
                line,
                column,
            };
            let corpus = Corpus::from_texts(&[("s", &b)]);
            let source = &corpus.sources[0];
            let new = super::reanchor(&anchor, source, &super::chunks(&source.text));
            let old_ = old::lock::reanchor(&old_anchor, source, &old::lock::chunks(&source.text));
            prop_assert_eq!(format!("{new:?}"), format!("{old_:?}"));
        }
    }
}
