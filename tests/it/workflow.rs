//! The fact-checker's workflow through the binary: lock and drift, init, several outputs in
//! one run, both reports by default.

use crate::common;

use common::{copy_seeds, repo, seeds_project};

use crate::run::factcheck;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn lock_then_a_line_inserted_at_the_top_is_a_moved_warning_and_a_note_under_locked() {
    let dir = seeds_project();
    let out = factcheck(dir.path(), &["lock"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lock = std::fs::read_to_string(dir.path().join("claims.lock")).unwrap();
    assert!(lock.contains("version = 1"));
    assert_eq!(
        factcheck(dir.path(), &["check", "--locked"]).status.code(),
        Some(0)
    );

    let source = dir.path().join("seeds/002_326e0245ca5f2455.txt");
    let original = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("Updated on 1 October.\n{original}")).unwrap();
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "a changed source is a warning");
    let report = text(&out.stdout);
    assert!(report.contains("warning[source-changed]"), "{report}");
    assert!(
        report.contains("moved from line 9, column 31 to line 10, column 31"),
        "{report}"
    );
    // One finding for the source, however many of its quotes moved (issue 17, item 6).
    assert_eq!(report.matches("[source-changed]").count(), 1, "{report}");

    // The words the reviewer checked are all still there: a note, not an error.
    let out = factcheck(dir.path(), &["check", "--locked"]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("note[source-changed]"), "{report}");
    assert!(!report.contains("error["), "{report}");

    // A quoted passage that changed stays an error under --locked.
    let edited = std::fs::read_to_string(&source).unwrap();
    let edited = edited.replacen(
        "held in a Microsoft datacentre",
        "kept in a Microsoft datacentre",
        1,
    );
    std::fs::write(&source, edited).unwrap();
    let out = factcheck(dir.path(), &["check", "--locked", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let drift: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "source-changed")
        .map(|f| {
            (
                f["severity"].as_str().unwrap(),
                f["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        drift.contains(&("error", "quoted passage changed")),
        "{drift:?}"
    );
    assert_eq!(
        drift.iter().filter(|(s, _)| *s == "note").count(),
        1,
        "{drift:?}"
    );
    std::fs::write(&source, format!("Updated on 1 October.\n{original}")).unwrap();

    // Accepting the new version clears it.
    assert_eq!(factcheck(dir.path(), &["lock"]).status.code(), Some(0));
    assert_eq!(
        factcheck(dir.path(), &["check", "--locked"]).status.code(),
        Some(0)
    );
}

#[test]
fn locked_without_a_lock_file_is_an_input_error() {
    let dir = seeds_project();
    let out = factcheck(dir.path(), &["check", "--locked"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("run `factcheck lock`"));
}

#[test]
fn init_on_the_seeds_gives_a_file_check_reads_and_never_overwrites() {
    // No claims.toml: `init` is the one to write it.
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("seeds"));
    let out = factcheck(dir.path(), &["init", "seeds"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("claims.toml")).unwrap();
    assert_eq!(written.matches("[sources.").count(), 5);
    assert!(written.contains(
        "title = \"Microsoft Bans Israel’s Unit 8200 from Azure Over Palestinian Surveillance\""
    ));
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let out = factcheck(dir.path(), &["init", "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("claims.toml")).unwrap(),
        written
    );
}

#[test]
fn check_writes_several_formats_in_one_run() {
    let dir = seeds_project();
    let out = factcheck(
        dir.path(),
        &[
            "check",
            "--output",
            "sarif=out.sarif",
            "--output",
            "junit=out.xml",
            "--output",
            "github=gh.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("ok: "),
        "human output still on stdout"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(dir.path().join("out.xml"))
        .unwrap()
        .contains("<testsuites"));
    assert!(dir.path().join("gh.txt").exists());

    let out = factcheck(dir.path(), &["check", "--output", "yaml=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown format"));
}

#[test]
fn report_writes_pdf_and_markdown_by_default_and_several_formats_on_request() {
    let dir = seeds_project();
    let out = factcheck(dir.path(), &["report"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pdf = std::fs::read(dir.path().join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.starts_with("# "));

    let reports = dir.path().join("out");
    std::fs::create_dir(&reports).unwrap();
    let out = factcheck(dir.path(), &["report", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read(reports.join("report.pdf")).unwrap(),
        pdf,
        "same input, same PDF bytes"
    );

    let out = factcheck(
        dir.path(),
        &[
            "report",
            "--output",
            "json=r.json",
            "--output",
            "claimreview=cr.json",
            "--output",
            "md=r.md",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cr: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("cr.json")).unwrap()).unwrap();
    assert_eq!(cr[0]["@type"], "ClaimReview");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("r.md")).unwrap(),
        md
    );

    let out = factcheck(dir.path(), &["report", "-o", "missing-folder"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_man_page_are_printed() {
    let out = factcheck(&repo(), &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("factcheck"));
    let out = factcheck(&repo(), &["man"]);
    assert!(text(&out.stdout).contains(".TH factcheck 1"));
}
