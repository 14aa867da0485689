//! The binary on the seeds and on broken copies of `claims.toml`.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::repo;

/// A fixed report date: the golden file compares bytes.
const SOURCE_DATE_EPOCH: &str = "1767225600";

fn factcheck(dir: &Path, args: &[&str]) -> Output {
    factcheck_dated(dir, args, SOURCE_DATE_EPOCH)
}

fn factcheck_dated(dir: &Path, args: &[&str], epoch: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the project (seeds and claims.toml) in a temporary folder, with `edit` applied
/// to the claims file.
struct Project {
    dir: tempfile::TempDir,
    claims: String,
}

impl Project {
    fn new(edit: impl FnOnce(String) -> String) -> Project {
        let (dir, claims) = common::edited_seeds_project(edit);
        Project { dir, claims }
    }

    fn run(&self, args: &[&str]) -> Output {
        factcheck(self.dir.path(), args)
    }

    /// 1-based line of the first line containing `needle` in the edited claims file.
    fn line_of(&self, needle: &str) -> usize {
        self.claims
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in claims.toml"))
            + 1
    }
}

fn replace_once(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in claims.toml");
    text.replacen(from, to, 1)
}

#[test]
fn shipped_claims_pass_check() {
    let out = factcheck(&repo(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));
}

#[test]
fn shipped_claims_meet_the_brief() {
    let out = factcheck(&repo(), &["report", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = report["claims"].as_array().unwrap();
    assert!(claims.len() >= 15);
    assert_eq!(report["sources"].as_array().unwrap().len(), 5);
    let distinct_sources = |c: &serde_json::Value| {
        let mut s: Vec<&str> = c["citations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["source"].as_str().unwrap())
            .collect();
        s.sort();
        s.dedup();
        s.len()
    };
    assert!(claims.iter().any(|c| distinct_sources(c) >= 2));
    assert!(claims.iter().any(|c| distinct_sources(c) == 1));
    let per_hour = claims.iter().find(|c| c["id"] == "calls-per-hour").unwrap();
    let quotes: Vec<&str> = per_hour["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["quote"].as_str().unwrap())
        .collect();
    assert!(quotes
        .iter()
        .any(|q| q.contains("millions of calls per hour")));
    assert!(quotes
        .iter()
        .any(|q| q.contains("up to a million calls per hour")));
}

#[test]
fn claim_without_citations_fails_at_its_line() {
    let p = Project::new(|t| {
        t + "\n[[claims]]\nid = \"lonely-claim\"\ntext = \"Nobody cites this.\"\n"
    });
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error[no-citation]: claim \"lonely-claim\" cites no source"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "claims.toml:{}:6",
            p.line_of("id = \"lonely-claim\"")
        )),
        "{text}"
    );
}

#[test]
fn one_changed_word_is_a_near_miss_with_a_diff() {
    let p = Project::new(|t| {
        replace_once(
            t,
            "was held in a Microsoft datacentre in the Netherlands\"",
            "was held in a Microsoft datacentre in the Belgium\"",
        )
    });
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[quote-near-miss]"), "{text}");
    let line = p.line_of("datacentre in the Belgium");
    assert!(text.contains(&format!("claims.toml:{line}:9")), "{text}");
    assert!(
        text.contains("seeds/002_326e0245ca5f2455.txt:9:"),
        "source line shown: {text}"
    );
    assert!(text.contains("[-Belgium-] {+Netherlands+}"), "{text}");
}

#[test]
fn quote_cited_to_the_wrong_source_names_the_right_one() {
    // The "up to a million calls per hour" quote belongs to webpronews.
    let p = Project::new(|t| {
        t + "\n[[claims]]\nid = \"misattributed\"\ntext = \"x\"\n\n[[claims.citations]]\nsource = \"amnesty\"\nquote = \"recording and storing up to a million calls per hour\"\n"
    });
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[wrong-source]: quote in claim \"misattributed\" is not in \"amnesty\" but in \"webpronews\""), "{text}");
    let line = p
        .claims
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("source = \"amnesty\""))
        .last()
        .unwrap()
        .0
        + 1;
    assert!(text.contains(&format!("claims.toml:{line}:10")), "{text}");
}

#[test]
fn unknown_source_suggests_the_closest_id() {
    let p = Project::new(|t| {
        replace_once(
            t,
            "source = \"guardian-bhrrc\"",
            "source = \"guardian-bhrc\"",
        )
    });
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[unknown-source]"), "{text}");
    assert!(text.contains("did you mean \"guardian-bhrrc\"?"), "{text}");
    assert!(
        text.contains(&format!(
            "claims.toml:{}:10",
            p.line_of("source = \"guardian-bhrc\"")
        )),
        "{text}"
    );
}

#[test]
fn duplicate_claim_id_is_an_input_error() {
    let p = Project::new(|t| t + "\n[[claims]]\nid = \"calls-per-hour\"\ntext = \"again\"\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("duplicate claim id \"calls-per-hour\""),
        "{text}"
    );
    let second = p
        .claims
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id = \"calls-per-hour\""))
        .last()
        .unwrap()
        .0
        + 1;
    assert!(text.contains(&format!("claims.toml:{second}:6")), "{text}");
    assert!(
        text.contains(&format!(
            "first used on line {}",
            p.line_of("id = \"calls-per-hour\"")
        )),
        "{text}"
    );
}

#[test]
fn invalid_toml_gives_line_and_column() {
    let p = Project::new(|t| replace_once(t, "verdict = \"disputed\"", "verdict = \"disputed"));
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    let line = p.line_of("verdict = \"disputed");
    assert!(text.contains(&format!("claims.toml:{line}:")), "{text}");
    assert!(text.contains("invalid claims file"), "{text}");
}

#[test]
fn unknown_field_and_bad_verdict_are_input_errors() {
    let p = Project::new(|t| replace_once(t, "note = ", "notes = "));
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown field `notes`"),
        "{}",
        stderr(&out)
    );

    let p = Project::new(|t| replace_once(t, "verdict = \"supported\"", "verdict = \"true\""));
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("supported, partly-supported, disputed, unsupported, unverified"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_claims_file_and_folder_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read the claims file claims.toml"),
        "{}",
        stderr(&out)
    );
    std::fs::create_dir(dir.path().join("claims.toml")).unwrap();
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    let out = factcheck(dir.path(), &["check", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn min_sources_warns_and_deny_warnings_fails() {
    let p = Project::new(|t| t);
    let out = p.run(&["check", "--min-sources", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("warning[too-few-sources]: claim \"netherlands-datacentre\" is cited by 1 source, fewer than 2"), "{text}");
    let out = p.run(&["check", "--min-sources", "2", "--deny", "warnings"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn machine_formats_carry_the_findings() {
    let p = Project::new(|t| {
        replace_once(
            t,
            "was held in a Microsoft datacentre in the Netherlands\"",
            "was held in a Microsoft datacentre in the Belgium\"",
        )
    });
    let line = p.line_of("datacentre in the Belgium");

    let out = p.run(&["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l
            .starts_with(&format!("::error file=claims.toml,line={line},col=9,"))
            && l.contains("title=quote-near-miss::")),
        "{text}"
    );

    let out = p.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["findings"][0]["rule"], "quote-near-miss");
    assert_eq!(json["findings"][0]["region"]["line"], line);

    let out = p.run(&["check", "--format", "sarif", "-o", "out.sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.dir.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "quote-near-miss");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        line
    );

    let out = p.run(&["check", "--format", "junit"]);
    let xml = stdout(&out);
    let claims = p.claims.matches("[[claims]]").count();
    assert_eq!(xml.matches("<testcase ").count(), claims, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
}

#[test]
fn report_is_deterministic_and_lists_ranked_passages() {
    let p = Project::new(|t| t);
    let first = p.run(&["report", "--format", "json", "--top", "3"]);
    let second = p.run(&["report", "--format", "json", "--top", "3"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(first.stdout, second.stdout, "same input, same bytes");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(report["schema_version"], 1);
    for claim in report["claims"].as_array().unwrap() {
        let matches = claim["matches"].as_array().unwrap();
        assert!(matches.len() <= 3);
        let scores: Vec<f64> = matches
            .iter()
            .map(|m| m["score"].as_f64().unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "ranked best first: {scores:?}"
        );
        for m in matches {
            let text = m["text"].as_str().unwrap();
            assert!(text.len() < 1200, "a passage, not a file: {text}");
            assert!(m["line"].as_u64().unwrap() >= 1);
        }
        for c in claim["citations"].as_array().unwrap() {
            assert!(["exact", "normalized", "elided"].contains(&c["status"].as_str().unwrap()));
            assert!(c["line"].as_u64().is_some() && c["column"].as_u64().is_some());
        }
    }
    // The newsletter lines at the end of 003 are never offered as support.
    let all = String::from_utf8_lossy(&first.stdout);
    assert!(!all.contains("newsletter delivered to your inbox"));

    let out = p.run(&["report", "--format", "json", "-o", "report.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(p.dir.path().join("report.json")).unwrap(), {
        let o = p.run(&["report", "--format", "json"]);
        o.stdout
    });
    let out = p.run(&["report", "--format", "json", "-o", "missing/report.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"));
}

#[test]
fn source_date_epoch_dates_the_reports_and_a_bad_one_is_refused() {
    let p = Project::new(|c| c);
    let out = factcheck_dated(p.dir.path(), &["report", "--format", "md"], "1767225600");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("**Date:** 2026-01-01 (UTC)"));
    // Empty is unset: today's date, whatever it is.
    let out = factcheck_dated(p.dir.path(), &["report", "--format", "json"], "");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let date = json["generator"]["date"].as_str().unwrap();
    assert!(date.len() == 10 && date.as_bytes()[4] == b'-', "{date}");
    for bad in ["yesterday", "-1", "1.5"] {
        let out = factcheck_dated(p.dir.path(), &["report", "-o", "out"], bad);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = stderr(&out);
        assert!(
            err.contains("SOURCE_DATE_EPOCH") && err.contains(bad) && err.contains("seconds"),
            "{err}"
        );
        assert!(!p.dir.path().join("out").exists(), "nothing is written");
    }
}

#[test]
fn check_writes_the_needs_attention_summary() {
    let p = Project::new(|c| {
        let c = replace_once(
            c,
            "source = \"guardian-bhrrc\"",
            "source = \"guardian-bhrc\"",
        );
        c + "\n[[claims]]\nid = \"lonely\"\ntext = \"No one | cites *this* <b>here</b>.\"\n"
    });
    let summary = p.dir.path().join("summary.md");
    let out = p.run(&[
        "check",
        "--format",
        "github",
        "--output",
        &format!("summary={}", summary.display()),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("::error file=claims.toml"));
    let md = std::fs::read_to_string(&summary).unwrap();
    // GitHub-flavoured Markdown: one table, a row per problem, most serious first.
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    for e in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match e {
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::TableCell) => rows.last_mut().unwrap().extend(cell.take()),
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in {md}"),
            _ => {}
        }
    }
    assert_eq!(rows[0], ["Problem", "Claim", "What is wrong", "Where"]);
    assert_eq!(rows[1][0], "citation does not hold");
    assert_eq!(rows[1][1], "unit-8200-access-cut");
    assert!(rows[1][2].contains("unknown source \"guardian-bhrc\""));
    assert_eq!(
        rows[1][3],
        format!("claims.toml:{}", p.line_of("guardian-bhrc"))
    );
    assert_eq!(rows[2][..2], ["no citation", "lonely"]);
    let kinds: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    // Only a search of the sources finds these: the summary has them all the same.
    assert!(kinds.contains(&"sources disagree"), "{kinds:?}");
    assert!(kinds.contains(&"unverified"));
    assert!(rows.iter().all(|r| r.len() == 4));
    assert!(md.starts_with("## factcheck: needs attention\n\n30 claims in `claims.toml`: 2 errors"));
    // The shipped claims: nothing fails, but what needs a look is still listed.
    let out = factcheck(&repo(), &["check", "--format", "summary"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("| sources disagree | `calls-per-hour` |"));
}

#[test]
fn report_matches_the_golden_file() {
    let out = factcheck(&repo(), &["report", "--format", "json", "--top", "3"]);
    let golden = repo().join("tests/golden/report.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &out.stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .expect("tests/golden/report.json (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        stdout(&out),
        expected,
        "report changed: review and rerun with UPDATE_GOLDEN=1"
    );
}

#[test]
fn search_lists_source_and_line() {
    let out = factcheck(
        &repo(),
        &["search", "datacentre in the Netherlands", "--top", "2"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("guardian-bhrrc:9  "), "{text}");
    assert!(first.contains("Netherlands"));
}

#[test]
fn sources_with_bom_and_crlf_work_and_bad_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    std::fs::write(
        dir.path().join("articles/one.txt"),
        "\u{feff}A headline\r\n\r\nThe council approved the budget on Monday. It passed 7-2.\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"t\"\nsources = \"articles\"\n\n[[claims]]\nid = \"budget\"\ntext = \"The budget was approved.\"\n\n[[claims.citations]]\nsource = \"one\"\nquote = \"It passed 7-2.\"\n",
    )
    .unwrap();
    let out = factcheck(dir.path(), &["report", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let citation = &report["claims"][0]["citations"][0];
    assert_eq!(citation["status"], "exact");
    assert_eq!(
        (citation["line"].as_u64(), citation["column"].as_u64()),
        (Some(3), Some(44))
    );
    assert_eq!(report["sources"][0]["title"], "A headline");

    std::fs::write(
        dir.path().join("articles/two.txt"),
        b"Title\n\nCaf\xe9 society\n",
    )
    .unwrap();
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains(
            "two.txt is not valid UTF-8: invalid byte 0xE9 at offset 10 (line 3, column 4)"
        ),
        "{text}"
    );
}

#[test]
fn nested_sources_get_path_ids_and_collisions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("seeds/business")).unwrap();
    std::fs::write(
        dir.path().join("seeds/business/001.txt"),
        "Headline\n\nBody text here.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("claims.toml"), "[project]\ntitle = \"t\"\n").unwrap();
    let out = factcheck(dir.path(), &["report", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sources"][0]["id"], "business/001");

    std::fs::write(
        dir.path().join("seeds/business/001.md"),
        "Headline\n\nOther text.\n",
    )
    .unwrap();
    let out = factcheck(dir.path(), &["report", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("two sources would get the id \"business/001\""),
        "{}",
        stderr(&out)
    );
}

/// A destination that cannot be written is refused before any source is read: a wrong `-o`
/// costs nothing on a large archive. (A source that is not UTF-8 would otherwise be the error.)
#[test]
fn an_unwritable_destination_fails_before_the_sources_are_read() {
    let dir = common::seeds_project();
    std::fs::write(dir.path().join("seeds/broken.txt"), b"Caf\xe9\n").unwrap();
    for args in [
        &["report", "--format", "json", "-o", "missing/report.json"][..],
        &["report", "-o", "report.json"],
        &["check", "--format", "sarif", "-o", "missing/check.sarif"],
    ] {
        if args[1] == "-o" {
            std::fs::write(dir.path().join("report.json"), "{}").unwrap();
        }
        let out = factcheck(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("broken.txt"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("missing") || stderr.contains("not a folder"),
            "{args:?}: {stderr}"
        );
    }
}
