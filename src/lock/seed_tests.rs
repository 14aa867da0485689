//! `claims.lock` and source drift on a copy of the seeds: the lock built, written and read
//! back, and what `check` reports of each kind of change.

use std::path::{Path, PathBuf};

use crate::check::{self, CheckOptions, Finding, Rule, Severity};
use crate::corpus::Corpus;
use crate::input::read_lock;
use crate::lock::{self, Drift, Lock, Reanchor, SourceChange};
use crate::project::Project;

use crate::common;

const GUARDIAN: &str = "guardian-bhrrc";
const GUARDIAN_FILE: &str = "002_326e0245ca5f2455.txt";

/// A copy of the project (seeds and claims.toml) in a temporary folder.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Copy {
        Copy {
            dir: common::seeds_project(),
        }
    }

    fn load(&self) -> (Project, Corpus) {
        let project = Project::load(&self.dir.path().join("claims.toml")).unwrap();
        let corpus = Corpus::load(&project).unwrap();
        (project, corpus)
    }

    /// Build the lock of the project as it is and write it beside claims.toml.
    fn lock(&self) -> Lock {
        let (project, corpus) = self.load();
        let lock = lock::build(&project, &corpus);
        lock::write(&lock::lock_path(&project), &lock).unwrap();
        lock
    }

    fn source_path(&self, file: &str) -> PathBuf {
        self.dir.path().join("seeds").join(file)
    }

    fn edit_source(&self, file: &str, edit: impl FnOnce(String) -> String) {
        let path = self.source_path(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }

    /// Read the lock back from disk and compare it with the project now.
    fn drift(&self) -> (Project, Corpus, Drift) {
        let (project, corpus) = self.load();
        let lock = read_lock(&lock::lock_path(&project), false)
            .unwrap()
            .unwrap();
        let drift = lock::drift(&lock, &project, &corpus);
        (project, corpus, drift)
    }
}

/// What `check` reports of `drift`, with or without `--locked`.
fn findings(project: &Project, corpus: &Corpus, drift: &Drift, locked: bool) -> Vec<Finding> {
    let options = CheckOptions {
        locked,
        ..CheckOptions::default()
    };
    check::lock_findings(project, corpus, drift, options)
}

fn replace_once(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the source");
    text.replacen(from, to, 1)
}

#[test]
fn lock_is_written_beside_claims_and_reads_back_equal() {
    let copy = Copy::new();
    let lock = copy.lock();
    let path = copy.dir.path().join("claims.lock");
    assert!(path.is_file());
    assert_eq!(read_lock(&path, false).unwrap().as_ref(), Some(&lock));

    assert_eq!(lock.version, lock::VERSION);
    assert_eq!(lock.sources.len(), 5);
    assert!(lock.sources.windows(2).all(|w| w[0].id < w[1].id));
    let guardian = lock.source(GUARDIAN).unwrap();
    assert_eq!(guardian.file, GUARDIAN_FILE);
    assert_eq!(guardian.sha256.len(), 64);

    // Every citation of the shipped claims holds, so every one is anchored.
    let (project, corpus) = copy.load();
    let citations: usize = project.claims.iter().map(|c| c.citations.len()).sum();
    assert_eq!(lock.anchors.len(), citations);
    for a in &lock.anchors {
        let text = &corpus.source(&a.source).unwrap().text;
        assert_eq!(&text[a.start..a.start + a.exact.len()], a.exact);
        assert!(text[..a.start].ends_with(&a.prefix));
        assert!(text[a.start + a.exact.len()..].starts_with(&a.suffix));
        assert!(a.prefix.chars().count() <= lock::CONTEXT_CHARS);
    }
    let a = lock
        .anchors
        .iter()
        .find(|a| a.claim == "brad-smith-informed-staff" && a.citation == 0)
        .unwrap();
    assert_eq!(a.source, GUARDIAN);
    assert_eq!((a.line, a.column), (11, 1));
    assert!(lock
        .anchors
        .windows(2)
        .all(|w| (&w[0].claim, w[0].citation) < (&w[1].claim, w[1].citation)));
}

#[test]
fn no_lock_file_reads_as_none() {
    let copy = Copy::new();
    assert_eq!(
        read_lock(&copy.dir.path().join("claims.lock"), false).unwrap(),
        None
    );
}

#[test]
fn lock_bytes_are_deterministic() {
    let one = Copy::new();
    let two = Copy::new();
    one.lock();
    two.lock();
    // Twice in one place, and once elsewhere: the same bytes.
    let first = std::fs::read(one.dir.path().join("claims.lock")).unwrap();
    one.lock();
    assert_eq!(
        std::fs::read(one.dir.path().join("claims.lock")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read(two.dir.path().join("claims.lock")).unwrap(),
        first
    );
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("# claims.lock: written by `factcheck lock`"));
    assert!(text.contains("\nversion = 1\n"));
    // One key = value per line: no multi-line strings.
    assert!(!text.contains("\"\"\""));
}

#[test]
fn unchanged_sources_do_not_drift() {
    let copy = Copy::new();
    copy.lock();
    let (project, corpus, drift) = copy.drift();
    assert!(drift.is_clean(), "{drift:?}");
    assert!(drift
        .anchors
        .iter()
        .all(|a| !a.source_changed && matches!(a.result, Reanchor::Unchanged { .. })));
    assert!(findings(&project, &corpus, &drift, true).is_empty());
}

/// The acceptance test: after `lock`, a line inserted at the top of a source gives
/// `moved` and a warning, and `--locked` makes it an error.
#[test]
fn a_line_inserted_at_the_top_moves_quotes_and_warns() {
    let copy = Copy::new();
    let lock = copy.lock();
    copy.edit_source(GUARDIAN_FILE, |t| format!("Updated 26 September 2025\n{t}"));
    let (project, corpus, drift) = copy.drift();

    assert_eq!(drift.sources.len(), 1);
    let changed = &drift.sources[0];
    assert_eq!(changed.id, GUARDIAN);
    let SourceChange::Modified {
        old_sha256,
        new_sha256,
    } = &changed.change
    else {
        panic!("{changed:?}");
    };
    assert_eq!(old_sha256, &lock.source(GUARDIAN).unwrap().sha256);
    assert_ne!(old_sha256, new_sha256);

    let guardian: Vec<_> = drift
        .anchors
        .iter()
        .filter(|a| a.source == GUARDIAN)
        .collect();
    assert!(!guardian.is_empty());
    for a in &guardian {
        assert!(a.source_changed);
        let Reanchor::Moved { line, column, .. } = a.result else {
            panic!("{a:?}");
        };
        assert_eq!((line, column), (a.locked_line + 1, a.locked_column));
    }
    // Quotes of the other sources are untouched.
    assert!(drift
        .anchors
        .iter()
        .filter(|a| a.source != GUARDIAN)
        .all(|a| !a.source_changed && matches!(a.result, Reanchor::Unchanged { .. })));

    // One edit, one finding: the source's, with a note for each quote it moved.
    let warnings = findings(&project, &corpus, &drift, false);
    assert_eq!(warnings.len(), 1);
    let n = &warnings[0];
    assert_eq!(n.rule, Rule::SourceChanged);
    assert_eq!(n.severity, Severity::Warning);
    assert_eq!(
        &project.text[n.region.span.clone()],
        format!("\"{GUARDIAN}\"")
    );
    assert_eq!(
        n.message,
        format!(
            "source \"guardian-bhrrc\" changed since claims.lock; all {} passages quoted from it are intact",
            guardian.len()
        )
    );
    let moved: Vec<&String> = n
        .notes
        .iter()
        .filter(|n| n.contains("moved from line"))
        .collect();
    assert_eq!(moved.len(), guardian.len(), "{:?}", n.notes);
    assert!(n.notes.contains(
        &"claim \"brad-smith-informed-staff\": moved from line 11, column 1 to line 12, column 1, intact"
            .to_string()
    ));
    let place = n.source_place.as_ref().unwrap();
    assert_eq!(place.source.as_str(), GUARDIAN);

    // Under --locked: a note, which fails no run.
    let locked = findings(&project, &corpus, &drift, true);
    assert_eq!(locked.len(), 1);
    assert!(locked.iter().all(|n| n.severity == Severity::Note));
}

#[test]
fn a_changed_word_in_a_quoted_passage_gives_a_diff() {
    let copy = Copy::new();
    copy.lock();
    copy.edit_source(GUARDIAN_FILE, |t| {
        replace_once(t, "Brad Smith, informed staff", "Brad Smith, told staff")
    });
    let (project, corpus, drift) = copy.drift();
    let a = drift
        .anchors
        .iter()
        .find(|a| a.claim == "brad-smith-informed-staff" && a.source == GUARDIAN)
        .unwrap();
    let Reanchor::Changed {
        line,
        column,
        found,
        diff,
        ..
    } = &a.result
    else {
        panic!("{a:?}");
    };
    assert_eq!((*line, *column), (11, 1));
    assert_eq!(
        found,
        "On Thursday, Microsoft’s vice-chair and president, Brad Smith, told staff of the decision."
    );
    assert_eq!(
        crate::diff::plain(diff),
        "On Thursday, Microsoft’s vice-chair and president, Brad Smith, [-informed-] {+told+} staff of the decision."
    );
    let n = findings(&project, &corpus, &drift, false);
    let n = n
        .iter()
        .find(|n| n.claim == "brad-smith-informed-staff")
        .unwrap();
    assert!(n.message.contains("now reads differently"), "{}", n.message);
    assert_eq!(n.diff.as_ref(), Some(diff));
    assert!(
        n.notes[0].contains("[-informed-] {+told+}"),
        "{:?}",
        n.notes
    );
}

#[test]
fn a_deleted_passage_is_gone() {
    let copy = Copy::new();
    copy.lock();
    copy.edit_source(GUARDIAN_FILE, |t| {
        replace_once(
            t,
            "On Thursday, Microsoft’s vice-chair and president, Brad Smith, informed staff of the decision. ",
            "",
        )
    });
    let (project, corpus, drift) = copy.drift();
    let a = drift
        .anchors
        .iter()
        .find(|a| a.claim == "brad-smith-informed-staff" && a.source == GUARDIAN)
        .unwrap();
    assert_eq!(a.result, Reanchor::Gone, "{a:?}");
    // The other quotes of that source are still there, in place or moved.
    assert!(drift
        .anchors
        .iter()
        .filter(|a| a.source == GUARDIAN && a.claim != "brad-smith-informed-staff")
        .all(|a| matches!(
            a.result,
            Reanchor::Unchanged { .. } | Reanchor::Moved { .. }
        )));
    let gone = findings(&project, &corpus, &drift, true);
    let gone = gone
        .iter()
        .find(|n| n.claim == "brad-smith-informed-staff")
        .unwrap();
    assert_eq!(gone.severity, Severity::Error);
    assert!(
        gone.message
            .contains("is gone (it was at line 11, column 1)"),
        "{}",
        gone.message
    );
}

#[test]
fn a_malformed_lock_is_an_error_with_its_line() {
    let copy = Copy::new();
    copy.lock();
    let path = copy.dir.path().join("claims.lock");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("start = ", "start = \"", 1);
    std::fs::write(&path, &broken).unwrap();
    let err = read_lock(&path, false).unwrap_err();
    let line = broken
        .lines()
        .position(|l| l.starts_with("start = \""))
        .unwrap()
        + 1;
    let at = err.location.as_deref().unwrap();
    assert_eq!(at.path, path);
    assert_eq!(at.line, line, "{err}");
    assert!(
        err.to_string().contains(&format!("claims.lock:{line}:")),
        "{err}"
    );

    std::fs::write(&path, text.replacen("version = 1", "version = 7", 1)).unwrap();
    let err = read_lock(&path, false).unwrap_err();
    assert!(err.message.contains("has version 7"), "{err}");
    assert!(err.help.unwrap().contains("upgrade factcheck"));
}

#[test]
fn lock_path_follows_the_claims_file_name() {
    let copy = Copy::new();
    let (project, _) = copy.load();
    assert_eq!(
        lock::lock_path(&project),
        copy.dir.path().join("claims.lock")
    );
    let other = Project::parse(
        Path::new("work/x.toml"),
        PathBuf::from("work"),
        "[project]\ntitle = \"t\"\n".into(),
    )
    .unwrap();
    assert_eq!(lock::lock_path(&other), Path::new("work/x.lock"));
}
