//! The CI formats as their consumers read them (issue 16): paths from the project root
//! whatever the current directory, GitHub's order and its limit of 10 annotations of a kind,
//! JUnit's classnames and its opt-in `file` attribute.

use std::process::Output;

use crate::common;

use crate::run::factcheck;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The seeds with one near miss (a finding with a related location in a source).
fn near_miss_project() -> tempfile::TempDir {
    let (dir, _) = common::edited_seeds_project(|t| {
        let from = "was held in a Microsoft datacentre in the Netherlands\"";
        assert!(t.contains(from));
        t.replacen(
            from,
            "was held in a Microsoft datacentre in the Belgium\"",
            1,
        )
    });
    std::fs::create_dir_all(dir.path().join("ci/logs")).unwrap();
    dir
}

/// Every `artifactLocation` of a SARIF log, wherever it is.
fn artifact_locations(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if key == "artifactLocation" || (key == "location" && value.get("uri").is_some()) {
                    out.push(value.clone());
                }
                artifact_locations(value, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| artifact_locations(i, out)),
        _ => {}
    }
}

#[test]
fn check_from_a_subfolder_gives_the_same_root_relative_sarif_github_and_summary_paths() {
    let dir = near_miss_project();
    let root = dir.path();
    let sub = root.join("ci/logs");
    let at_root = factcheck(
        root,
        &[
            "check",
            "--output",
            "sarif=a.sarif",
            "--output",
            "summary=a.md",
            "--format",
            "github",
        ],
    );
    let in_sub = factcheck(
        &sub,
        &[
            "--claims",
            "../../claims.toml",
            "check",
            "--output",
            "sarif=../../b.sarif",
            "--output",
            "summary=../../b.md",
            "--format",
            "github",
        ],
    );
    assert_eq!(at_root.status.code(), Some(1));
    assert_eq!(in_sub.status.code(), Some(1));

    // GitHub: the same commands, naming claims.toml from the project root.
    let github = stdout(&at_root);
    assert_eq!(github, stdout(&in_sub));
    assert!(
        github.starts_with("::error file=claims.toml,line="),
        "{github}"
    );

    let a = std::fs::read(root.join("a.sarif")).unwrap();
    let b = std::fs::read(root.join("b.sarif")).unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&b).unwrap();
    let mut locations = Vec::new();
    artifact_locations(&sarif, &mut locations);
    assert!(locations.len() >= 3, "{locations:?}");
    for location in &locations {
        let uri = location["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with("../") && !uri.starts_with("./") && !uri.starts_with("file:"),
            "{uri}"
        );
        assert_eq!(location["uriBaseId"], "%SRCROOT%", "{location}");
    }
    let run = &sarif["runs"][0];
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "quote-near-miss");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "claims.toml"
    );
    // The related location: the source from the project root, with a full region.
    let related = &result["relatedLocations"][0]["physicalLocation"];
    let uri = related["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("seeds/") && uri.ends_with(".txt"), "{uri}");
    let region = &related["region"];
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert!(region[key].as_u64().unwrap() >= 1, "{region}");
    }
    assert!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64())
            > (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        "{region}"
    );
    // Nothing else depends on the current directory either.
    assert!(a == b, "SARIF differs when run from a subfolder");
    // The job summary names claims.toml as the annotations do.
    let summary = std::fs::read_to_string(root.join("b.md")).unwrap();
    assert_eq!(summary, std::fs::read_to_string(root.join("a.md")).unwrap());
    assert!(summary.contains("claims in `claims.toml`:"), "{summary}");
    assert!(summary.contains("| `claims.toml:"), "{summary}");
}

/// The seeds with `extra` claims that cite nothing appended (an error each, at the end of the
/// file), checked with `--min-sources 2` (11 warnings, earlier in the file).
fn many_findings(extra: usize) -> Output {
    let (dir, _) = common::edited_seeds_project(|mut t| {
        for i in 0..extra {
            t.push_str(&format!(
                "\n[[claims]]\nid = \"uncited-{i:02}\"\ntext = \"Nothing cites this.\"\n"
            ));
        }
        t
    });
    factcheck(
        dir.path(),
        &["check", "--format", "github", "--min-sources", "2"],
    )
}

#[test]
fn github_prints_errors_first_and_a_notice_for_what_it_does_not_annotate() {
    let out = many_findings(12);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let level = |l: &str| l[2..].split([' ', ':']).next().unwrap().to_string();
    let levels: Vec<String> = lines.iter().map(|l| level(l)).collect();
    let errors = levels.iter().take_while(|l| *l == "error").count();
    assert_eq!(errors, 12, "{text}");
    let warnings = levels[errors..]
        .iter()
        .take_while(|l| *l == "warning")
        .count();
    assert_eq!(warnings, 11, "{text}");
    // The errors in file order.
    for (i, line) in lines[..12].iter().enumerate() {
        assert!(line.contains(&format!("uncited-{i:02}")), "{line}");
    }
    let notices = &lines[23..];
    assert_eq!(notices.len(), 2, "{text}");
    assert!(
        notices[0].starts_with("::notice title=factcheck%3A 2 more errors::factcheck found 12 errors: GitHub annotates the first 10 of a step, so 2 more are only in this log."),
        "{}",
        notices[0]
    );
    assert!(notices[0].contains("`--output summary=FILE`, added to $GITHUB_STEP_SUMMARY"));
    assert!(notices[0].contains("`factcheck check --output sarif=FILE`, uploaded to code scanning"));
    assert!(
        notices[1].starts_with(
            "::notice title=factcheck%3A 1 more warning::factcheck found 11 warnings:"
        ),
        "{}",
        notices[1]
    );

    // Ten errors: no notice for them.
    let text = stdout(&many_findings(10));
    assert!(!text.contains("more errors"), "{text}");
    assert!(text.contains("1 more warning::"), "{text}");
}

#[test]
fn junit_classnames_have_no_dot_and_the_file_attribute_is_opt_in() {
    let dir = near_miss_project();
    let sub = dir.path().join("ci/logs");
    let plain = stdout(&factcheck(
        dir.path(),
        &["check", "--format", "junit", "--min-sources", "2"],
    ));
    let cases: Vec<&str> = plain
        .lines()
        .filter(|l| l.trim_start().starts_with("<testcase "))
        .collect();
    assert_eq!(cases.len(), 29, "{plain}");
    for case in &cases {
        assert!(case.contains(" classname=\"factcheck\""), "{case}");
        assert!(!case.contains(" file="), "{case}");
    }
    // A failure for the near miss, a skipped testcase (with its warning) per claim that
    // passes with a warning, and the suite's counts.
    assert_eq!(plain.matches("<failure ").count(), 1, "{plain}");
    let skipped = plain
        .matches("<skipped message=\"passed with 1 warning: ")
        .count();
    assert!(skipped >= 5, "{plain}");
    assert!(
        plain.contains(&format!(
            "failures=\"1\" errors=\"0\" skipped=\"{skipped}\""
        )),
        "{plain}"
    );

    let with_file = stdout(&factcheck(
        &sub,
        &[
            "--claims",
            "../../claims.toml",
            "check",
            "--format",
            "junit",
            "--junit-file-attr",
            "--path-prefix",
            "./fact-checks/",
        ],
    ));
    let cases: Vec<&str> = with_file
        .lines()
        .filter(|l| l.trim_start().starts_with("<testcase "))
        .collect();
    assert_eq!(cases.len(), 29);
    for case in &cases {
        assert!(
            case.contains(" classname=\"factcheck\" file=\"fact-checks/claims.toml\""),
            "{case}"
        );
    }
}

#[test]
fn a_path_prefix_that_leaves_the_repository_is_refused() {
    let dir = near_miss_project();
    let out = factcheck(dir.path(), &["check", "--path-prefix", "../x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--path-prefix") && err.contains("without `..`"),
        "{err}"
    );
}

/// A sources folder outside the project (`--allow-outside`): its files are absolute `file:`
/// URIs without `..` (SARIF consumers refuse one), with no base.
#[test]
fn a_source_outside_the_project_is_an_absolute_uri_without_dot_dot() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    std::fs::create_dir(&project).unwrap();
    common::copy_seeds(&dir.path().join("elsewhere"));
    let claims = std::fs::read_to_string(common::repo().join("claims.toml")).unwrap();
    let sources = "\nsources = \"seeds\"\n";
    assert!(claims.contains(sources));
    let claims = claims
        .replacen(sources, "\nsources = \"../elsewhere\"\n", 1)
        .replacen(
            "datacentre in the Netherlands\"",
            "datacentre in the Belgium\"",
            1,
        );
    std::fs::write(project.join("claims.toml"), claims).unwrap();
    let out = factcheck(&project, &["--allow-outside", "check", "--format", "sarif"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let related = &result["relatedLocations"][0]["physicalLocation"]["artifactLocation"];
    let uri = related["uri"].as_str().unwrap();
    let real = dir.path().join("elsewhere").canonicalize().unwrap();
    assert!(
        uri.starts_with(&format!("file://{}/", real.display())),
        "{uri}"
    );
    assert!(!uri.contains("/../") && !uri.contains("/./"), "{uri}");
    assert!(related.get("uriBaseId").is_none(), "{related}");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "claims.toml"
    );
}
