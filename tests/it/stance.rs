//! Stances and the evidence rules (issue 10, §1, §3, §4), through the binary:
//! tests/fixtures/stance/claims.toml on a copy of the seeds makes each of the four rules fire
//! once, at its line of claims.toml, in every format; a `refutes` citation that conflicts with
//! its claim makes none; the reports keep reviewed evidence apart from search's suggestions.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{copy_seeds, repo};

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("s"));
    std::fs::copy(
        repo().join("tests/fixtures/stance/claims.toml"),
        dir.path().join("claims.toml"),
    )
    .unwrap();
    dir
}

fn factcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "0")
        .args(args)
        .output()
        .unwrap()
}

/// Each rule, the claims.toml line (and column) it marks, and its severity.
const EXPECTED: [(&str, usize, usize, &str); 4] = [
    ("citation-contradicts-claim", 12, 9, "error"),
    ("verdict-without-support", 6, 6, "error"),
    ("verdict-without-refutation", 15, 6, "warning"),
    ("citation-without-quote", 30, 10, "warning"),
];

#[test]
fn each_rule_is_reported_at_its_line_in_every_format() {
    let dir = project();
    let human = factcheck(dir.path(), &["check"]);
    assert_eq!(human.status.code(), Some(1));
    let human = String::from_utf8(human.stdout).unwrap();
    let json =
        String::from_utf8(factcheck(dir.path(), &["check", "--format", "json"]).stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let github =
        String::from_utf8(factcheck(dir.path(), &["check", "--format", "github"]).stdout).unwrap();
    let sarif =
        String::from_utf8(factcheck(dir.path(), &["check", "--format", "sarif"]).stdout).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let junit =
        String::from_utf8(factcheck(dir.path(), &["check", "--format", "junit"]).stdout).unwrap();

    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), EXPECTED.len(), "{findings:?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), EXPECTED.len());
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for (i, (rule, line, column, severity)) in EXPECTED.iter().enumerate() {
        assert!(
            human.contains(&format!("{severity}[{rule}]"))
                && human.contains(&format!("--> claims.toml:{line}:{column}")),
            "human {rule}:\n{human}"
        );
        let f = &findings[i];
        assert_eq!(
            (
                f["rule"].as_str(),
                f["severity"].as_str(),
                f["region"]["line"].as_u64()
            ),
            (Some(*rule), Some(*severity), Some(*line as u64)),
        );
        assert!(
            github.contains(&format!(
                "::{severity} file=claims.toml,line={line},col={column},"
            )) && github.contains(&format!("title={rule}::")),
            "github {rule}:\n{github}"
        );
        let r = &results[i];
        assert_eq!(r["ruleId"], *rule);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            *line as u64
        );
        assert_eq!(
            r["partialFingerprints"]["factcheck/v1"]
                .as_str()
                .unwrap()
                .len(),
            16
        );
        assert!(rules.contains(rule), "SARIF rule metadata for {rule}");
        assert!(
            junit.contains(&format!(
                "{severity}[{rule}] at claims.toml:{line}:{column}"
            )),
            "junit {rule}:\n{junit}"
        );
    }
    // The contradiction shows both wordings and the fix.
    assert!(human.contains(
        "claim \"entirely\" says “entirely” where its source \"002_326e0245ca5f2455\" says “some”"
    ));
    assert!(human.contains("mark the citation `stance = \"refutes\"`"));
    // A refutes citation with a conflict is what it should be.
    assert!(!human.contains("rightly-refuted"), "{human}");
    // --deny warnings raises the two warnings.
    let denied = factcheck(
        dir.path(),
        &["check", "--deny", "warnings", "--format", "json"],
    );
    let denied: serde_json::Value = serde_json::from_slice(&denied.stdout).unwrap();
    assert!(denied["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "error"));
}

#[test]
fn the_reports_keep_reviewed_evidence_apart_from_suggestions() {
    let dir = project();
    let out = factcheck(dir.path(), &["report", "--format", "json", "--top", "5"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let claim = |id: &str| {
        report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    let entirely = claim("entirely");
    assert_eq!(entirely["supporting_sources"], serde_json::json!([]));
    assert_eq!(
        entirely["refuting_sources"],
        serde_json::json!(["002_326e0245ca5f2455"])
    );
    let refuted = claim("rightly-refuted");
    assert_eq!(
        refuted["refuting_sources"],
        serde_json::json!(["002_326e0245ca5f2455"])
    );
    assert_eq!(
        claim("refuted-elsewhere")["context_sources"],
        serde_json::json!(["002_326e0245ca5f2455"])
    );
    let paraphrased = claim("paraphrased");
    let citation = &paraphrased["citations"][0];
    assert_eq!(citation["quote"], serde_json::Value::Null);
    assert_eq!(citation["status"], "unquoted");
    assert_eq!(citation["note"], "The source names the firm in full.");
    assert!(citation["passage"]
        .as_str()
        .unwrap()
        .contains("Covington and Burling"));
    assert_eq!(
        paraphrased["supporting_sources"],
        serde_json::json!(["001_6a06bd2eb74f129a"])
    );
    // Suggestions come from sources the claim does not cite, and are never support.
    for c in report["claims"].as_array().unwrap() {
        for s in c["suggested_sources"].as_array().unwrap() {
            assert!(!c["supporting_sources"].as_array().unwrap().contains(s));
            assert!(!c["citations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| &x["source"] == s));
        }
    }
    assert_eq!(report["summary"]["supporting_sources"], 1);

    let md =
        String::from_utf8(factcheck(dir.path(), &["report", "--format", "md"]).stdout).unwrap();
    assert!(!md.contains("Supporting passages"), "{md}");
    assert!(md.contains("**Passages found by search, not reviewed**"));
    assert!(
        md.contains("- **refutes** · exact: “cancel the unit’s access"),
        "{md}"
    );
    assert!(md.contains("**Conflicts with the claim** (quantifier)"));
    assert!(md.contains("no quote; found in the cited source: “"));
    assert!(
        md.contains(
            "| [Microsoft cut Unit 8200 off from Azure entirely.](#claim-entirely) | supported | 0 | 1 |"
        ),
        "{md}"
    );
}
