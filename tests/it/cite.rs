//! `cite --write` through the binary, on a copy of the seeds with two claims without citations:
//! the citations it writes into `claims.toml` make `check` pass. (What `cite` proposes and how
//! it edits the file are unit tests, in src/cite/tests.rs, on the same project.)

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

fn factcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cite_write_then_check_passes() {
    let (dir, text) = common::uncited_claims_project();
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "claims without citations fail");

    assert_success(&factcheck(dir.path(), &["cite", "--write"]));
    let written = std::fs::read_to_string(dir.path().join("claims.toml")).unwrap();
    let tables = |t: &str| t.matches("[[claims.citations]]").count();
    assert!(tables(&written) > tables(&text), "{written}");

    // The binary agrees: every citation holds and every claim cites a source.
    assert_success(&factcheck(dir.path(), &["check"]));
}

#[test]
fn cite_marks_its_proposals_and_says_when_it_has_none() {
    let (dir, _) = common::uncited_claims_project();
    assert_success(&factcheck(dir.path(), &["cite", "--write"]));
    let written = std::fs::read_to_string(dir.path().join("claims.toml")).unwrap();
    let marked = written
        .matches("# proposed by factcheck cite: review\n[[claims.citations]]")
        .count();
    assert!(marked >= common::UNCITED.len(), "{written}");

    // Every claim cited now: nothing to propose, and it says so.
    let out = factcheck(dir.path(), &["cite"]);
    assert_success(&out);
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("every claim has citations: nothing to propose"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A claim no source is about: nothing relevant enough.
    let claims = format!(
        "{written}\n[[claims]]\nid = \"moon\"\ntext = \"Penguins nest on the far side of the Moon.\"\n"
    );
    std::fs::write(dir.path().join("claims.toml"), claims).unwrap();
    let out = factcheck(dir.path(), &["cite", "--claim", "moon"]);
    assert_success(&out);
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("claim \"moon\": no passage of an uncited source is relevant enough (coverage 0.30 or more), nothing to propose"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
