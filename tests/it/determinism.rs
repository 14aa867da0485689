//! The same input gives the same bytes: every `check` format and every `report` format, from
//! two runs of the binary on one project. Two processes differ in what no test inside one
//! process can vary: their HashMap seeds, thread scheduling and addresses.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// A fixed report date, so that the reports are dated and the date is the same in both runs.
const SOURCE_DATE_EPOCH: &str = "1767225600";

/// Runs the binary in `dir`; returns its standard output and exit code.
fn factcheck(dir: &Path, args: &[&str]) -> (Vec<u8>, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "factcheck {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, out.status.code())
}

/// One run of `args`: its standard output, then each of `files` (removed afterwards, so that
/// the next run has to write them again).
fn run(dir: &Path, args: &[&str], files: &[&str]) -> Vec<(String, Vec<u8>)> {
    let (stdout, code) = factcheck(dir, args);
    let mut outputs = vec![(format!("standard output (exit {code:?})"), stdout)];
    for file in files {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        std::fs::remove_file(&path).unwrap();
        outputs.push((file.to_string(), bytes));
    }
    outputs
}

fn assert_same_twice(dir: &Path, args: &[&str], files: &[&str]) -> Vec<(String, Vec<u8>)> {
    let first = run(dir, args, files);
    let second = run(dir, args, files);
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        assert!(!a.is_empty(), "{name} is empty");
        assert!(a == b, "{name} differs between two runs of {args:?}");
    }
    first
}

/// `text` with `from` replaced once, which must be there: a test that edits nothing proves
/// nothing.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1)
}

/// The seeds with findings of several kinds: a near miss, an unknown source, a quote from
/// another source, a claim without citations, too few sources (under `--min-sources 2`), and a
/// cited source changed since claims.lock.
fn broken_project() -> tempfile::TempDir {
    let (dir, _) = common::edited_seeds_project(|claims| {
        let claims = replace_once(
            &claims,
            "intercepted calls would breach",
            "intercepted phone calls would breach",
        );
        let claims = replace_once(
            &claims,
            "source = \"guardian-bhrrc\"",
            "source = \"guardian-bhrc\"",
        );
        claims
            + "\n[[claims]]\nid = \"lonely\"\ntext = \"No one cites this & <that>.\"\n"
            + "\n[[claims]]\nid = \"elsewhere\"\ntext = \"A quote from another source.\"\n"
            + "\n[[claims.citations]]\nsource = \"webpronews\"\n"
            + "quote = \"violated the company's terms of service\"\n"
    });
    factcheck(dir.path(), &["lock"]);
    let article = dir.path().join("seeds/003_653de2be3120c781.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    let text = replace_once(&text, "has severed access", "has cut access");
    std::fs::write(&article, text).unwrap();
    dir
}

#[test]
fn every_check_format_renders_the_same_bytes_twice() {
    let project = broken_project();
    let files = ["check.json", "check.github", "check.sarif", "check.xml"];
    let outputs = assert_same_twice(
        project.path(),
        &[
            "check",
            "--min-sources",
            "2",
            "--format",
            "human",
            "--output",
            "json=check.json",
            "--output",
            "github=check.github",
            "--output",
            "sarif=check.sarif",
            "--output",
            "junit=check.xml",
        ],
        &files,
    );
    let json: serde_json::Value = serde_json::from_slice(&outputs[1].1).unwrap();
    let rules: BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    let expected = [
        "no-citation",
        "quote-near-miss",
        "source-changed",
        "too-few-sources",
        "unknown-source",
        "wrong-source",
    ];
    assert!(
        expected.iter().all(|rule| rules.contains(rule)),
        "findings of {rules:?}, not of every rule in {expected:?}"
    );
}

#[test]
fn every_report_format_renders_the_same_bytes_twice() {
    let project = broken_project();
    let files = ["report.md", "report.pdf", "report.jsonld"];
    assert_same_twice(
        project.path(),
        &[
            "report",
            "--format",
            "json",
            "--output",
            "md=report.md",
            "--output",
            "pdf=report.pdf",
            "--output",
            "claimreview=report.jsonld",
        ],
        &files,
    );
}
