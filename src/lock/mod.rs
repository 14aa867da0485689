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
//! What drift means to `check` (`source-changed` and `lock-outdated` findings, and their
//! wording) is for check's lock rules, `check/rules/lock.rs`; this module only states the facts.
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

use std::path::PathBuf;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::project::Project;
use crate::quote::Verifier;

mod file;
mod reanchor;

pub(crate) use file::write;
pub(crate) use reanchor::{
    drift, AnchorDrift, Drift, Reanchor, SourceChange, SourceDrift, StaleAnchor, Unlocked,
};

/// The lock-file format this build reads and writes.
pub(crate) const VERSION: u32 = 1;

/// Characters of context kept on each side of a quote (`prefix`, `suffix`).
pub(crate) const CONTEXT_CHARS: usize = 32;

/// The contents of `claims.lock`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Lock {
    pub version: u32,
    /// Every source of the corpus, sorted by id.
    pub sources: Vec<LockedSource>,
    /// One per citation whose quote held, sorted by claim id and citation index.
    pub anchors: Vec<Anchor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LockedSource {
    pub id: String,
    /// Path relative to the sources folder, `/` separators.
    pub file: String,
    /// Of the file's bytes (as in the JSON report).
    pub sha256: String,
}

/// Where one citation's quote was found when the lock was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Anchor {
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
pub(crate) fn lock_path(project: &Project) -> PathBuf {
    project.path.with_extension("lock")
}

/// The lock of a project as it is now: every source's hash, and an anchor for every citation
/// whose quote holds (exact, normalized or elided) in its cited source. Citations that do not
/// hold have nothing to anchor and are left out; `check` reports them anyway.
///
/// Quotes are located with [`Verifier::find`], the same search `check` starts with, so no
/// analysis is needed.
pub(crate) fn build(project: &Project, corpus: &Corpus) -> Lock {
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
            // A citation without a quote has nothing to anchor.
            let Some(quote) = &citation.quote else {
                continue;
            };
            let Some(found) = verifier.find(quote, i) else {
                continue;
            };
            let source = &corpus.sources[i];
            let span = found.span;
            let (line, column) = source.line_col(span.start);
            anchors.push(Anchor {
                claim: claim.id.clone(),
                citation: index,
                source: source.id.clone(),
                quote: quote.clone(),
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
    pub(crate) fn source(&self, id: &str) -> Option<&LockedSource> {
        self.sources
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.sources[i])
    }
}

#[cfg(test)]
mod seed_tests;

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) struct Fixture {
        pub(super) dir: tempfile::TempDir,
    }

    impl Fixture {
        pub(super) fn new(sources: &[(&str, &str)], claims: &str) -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir(dir.path().join("s")).unwrap();
            for (name, text) in sources {
                std::fs::write(dir.path().join("s").join(name), text).unwrap();
            }
            let head = "[project]\ntitle = \"t\"\nsources = \"s\"\n\n";
            std::fs::write(dir.path().join("claims.toml"), format!("{head}{claims}")).unwrap();
            Fixture { dir }
        }

        pub(super) fn load(&self) -> (Project, Corpus) {
            let p = Project::load(&self.dir.path().join("claims.toml")).unwrap();
            let c = Corpus::load(&p).unwrap();
            (p, c)
        }

        pub(super) fn write(&self, name: &str, text: &str) {
            std::fs::write(self.dir.path().join("s").join(name), text).unwrap();
        }
    }

    /// The lock rules' findings about `drift` (what `check` reports of it), with or without
    /// `--locked`.
    pub(super) fn findings(
        drift: &Drift,
        project: &Project,
        corpus: &Corpus,
        locked: bool,
    ) -> Vec<crate::check::Finding> {
        let options = crate::check::CheckOptions {
            locked,
            ..Default::default()
        };
        crate::check::lock_findings(project, corpus, drift, options)
    }

    pub(super) const ARTICLE: &str = "Headline of the piece\n\n\
According to several sources, the enormous repository of intercepted calls was held in a Microsoft datacentre in the Netherlands. Within days it moved.\n\n\
Smith wrote: “We do not provide technology to facilitate mass surveillance of civilians.”\n";

    pub(super) const CLAIMS: &str = "[[claims]]\nid = \"dc\"\ntext = \"Held in the Netherlands.\"\n\n\
[[claims.citations]]\nsource = \"a\"\nquote = \"held in a Microsoft datacentre in the Netherlands\"\n\n\
[[claims.citations]]\nsource = \"a\"\nquote = \"not in the article at all, whatever\"\n\n\
[[claims]]\nid = \"smith\"\ntext = \"Smith denied mass surveillance.\"\n\n\
[[claims.citations]]\nsource = \"a\"\nquote = \"We do not provide technology to facilitate mass surveillance\"\n";

    pub(super) fn fixture() -> (Fixture, Lock) {
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
}
