//! SARIF 2.1.0: the static-analysis log format that GitHub code scanning and other CI tools
//! read.
//!
//! The log is built with the types of `serde-sarif`, which are generated from the official
//! SARIF 2.1.0 JSON schema, so field names and nesting are checked by the compiler. Everything
//! in it is ordered (rules in [`Rule::ALL`] order, results in report order, maps are
//! `BTreeMap`s) and it holds no timestamps, so the same report always renders the same bytes.

use serde_json::json;
use serde_sarif::sarif::{
    Artifact, ArtifactContent, ArtifactLocation, Location, Message, MultiformatMessageString,
    PhysicalLocation, Region as SarifRegion, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};
use std::collections::BTreeMap;

use super::format::{CiOptions, FormatContext, Formatter};
use super::{CheckReport, Finding, Region, Rule, Severity, SourcePlace};

/// The schema the log declares: the `id` of the OASIS SARIF 2.1.0 schema (errata 01).
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of `partialFingerprints` under which [`Finding::fingerprint`] goes.
const FINGERPRINT_KEY: &str = "factcheck/v1";

/// The base of every relative URI: the project root (the folder holding claims.toml), or,
/// under `--path-prefix`, the repository root. SARIF's conventional name for the source root.
const SRCROOT: &str = "%SRCROOT%";

/// The tool's page (Cargo.toml's `repository`): SARIF's `informationUri`.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The README heading that documents every rule (`### Check rules`), as GitHub anchors it.
pub(crate) const RULES_ANCHOR: &str = "check-rules";

/// Where a rule's `helpUri` points: the README's rule table, on the repository.
pub(crate) fn help_uri() -> String {
    format!("{INFORMATION_URI}/blob/main/README.md#{RULES_ANCHOR}")
}

/// Renders `report` as a SARIF 2.1.0 log: pretty-printed JSON with a trailing newline.
/// `claims_text` is the claims file's text, whose regions become snippets.
pub(crate) fn render(report: &CheckReport, ci: &CiOptions, claims_text: &str) -> String {
    let mut out = serde_json::to_string_pretty(&log(report, ci, claims_text))
        .expect("a SARIF log of strings and numbers always serializes");
    out.push('\n');
    out
}

/// The SARIF log as a [`Formatter`].
pub(crate) struct SarifLog;

impl Formatter for SarifLog {
    fn format(&self, report: &CheckReport, context: &FormatContext) -> String {
        render(report, context.ci, &context.project.text)
    }
}

fn log(report: &CheckReport, ci: &CiOptions, claims_text: &str) -> Sarif {
    let claims_uri = path_to_uri(&ci.path(&report.claims_root_path));
    let rules: Vec<ReportingDescriptor> = Rule::ALL.iter().map(|&rule| descriptor(rule)).collect();
    let driver = ToolComponent::builder()
        .name("factcheck")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules)
        .build();
    let artifact = Artifact::builder()
        .location(in_srcroot(&claims_uri))
        .roles(vec![json!("analysisTarget")])
        .build();
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| result(f, &claims_uri, ci, claims_text))
        .collect();
    // No absolute path of this machine in the log: the base is described, not given, so the
    // same project gives the same bytes wherever it is checked out (SARIF 2.1.0 §3.14.14
    // allows a base without a `uri`, which the consumer then supplies; GitHub resolves
    // relative URIs from the repository root).
    let base = if ci.path_prefix.is_empty() {
        "The project root: the folder that holds the claims file. GitHub code scanning reads relative URIs from the repository root, so a claims file in a subfolder needs `factcheck check --path-prefix FOLDER`."
    } else {
        "The repository root: the project folder is the `--path-prefix` folder in it."
    };
    let mut base_ids = BTreeMap::new();
    base_ids.insert(
        SRCROOT.to_string(),
        ArtifactLocation::builder()
            .description(Message::builder().text(base).build())
            .build(),
    );
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .original_uri_base_ids(base_ids)
        .artifacts(vec![artifact])
        // Region columns count characters (Unicode scalar values), not UTF-16 code units.
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// A relative URI under [`SRCROOT`].
fn in_srcroot(uri: &str) -> ArtifactLocation {
    ArtifactLocation::builder()
        .uri(uri)
        .uri_base_id(SRCROOT)
        .build()
}

fn descriptor(rule: Rule) -> ReportingDescriptor {
    let (full, fix, uri) = (rule.full_description(), rule.fix(), help_uri());
    let text = format!("{full}\n\nHow to fix: {fix}\n\nAll rules: {uri}");
    let markdown = format!(
        "{full}\n\n**How to fix:** {fix}\n\nSee [the rules of `factcheck check`]({uri}) in the README."
    );
    ReportingDescriptor::builder()
        .id(rule.id())
        .name(rule.name())
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.description())
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(full).build())
        .help(
            MultiformatMessageString::builder()
                .text(text)
                .markdown(markdown)
                .build(),
        )
        .help_uri(uri)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(rule.default_severity().as_str()))
                .build(),
        )
        .build()
}

fn result(finding: &Finding, claims_uri: &str, ci: &CiOptions, claims_text: &str) -> SarifResult {
    let rule_index = Rule::ALL
        .iter()
        .position(|&r| r == finding.rule)
        .expect("Rule::ALL lists every rule");
    let location = Location::builder()
        .physical_location(physical_location(
            in_srcroot(claims_uri),
            Some(0),
            claim_region(&finding.region).map(|mut region| {
                // What the region marks, for viewers without the file (SARIF §3.30.13).
                let marked = claims_text.get(finding.region.span.clone());
                region.snippet = marked.filter(|t| !t.is_empty()).map(snippet);
                region
            }),
        ))
        .build();
    let mut result = SarifResult::builder()
        .rule_id(finding.rule.id())
        .rule_index(to_i64(rule_index))
        .level(match finding.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
            Severity::Note => ResultLevel::Note,
        })
        .message(Message::builder().text(finding.plain_text()).build())
        .locations(vec![location])
        .build();
    // GitHub matches alerts by `primaryLocationLineHash`, which upload-sarif computes from
    // the claims.toml line when it is absent (README, "Check in CI"); ours stays for other
    // consumers, from rule, claim, source and quote rather than lines.
    if !finding.fingerprint.is_empty() {
        let mut fingerprints = BTreeMap::new();
        fingerprints.insert(FINGERPRINT_KEY.to_string(), finding.fingerprint.clone());
        result.partial_fingerprints = Some(fingerprints);
    }
    if let Some(place) = &finding.source_place {
        result.related_locations = Some(vec![related_location(place, ci)]);
    }
    if finding.suppressed {
        // Accepted by an `allow` in claims.toml: SARIF 2.1.0's in-source suppression (§3.35).
        let suppression = serde_sarif::sarif::Suppression::builder()
            .kind(json!("inSource"))
            .justification("allowed by `allow` in claims.toml")
            .build();
        result.suppressions = Some(vec![suppression]);
    }
    result
}

fn related_location(place: &SourcePlace, ci: &CiOptions) -> Location {
    let artifact = match &place.root_path {
        Some(path) => in_srcroot(&path_to_uri(&ci.path(path))),
        // Outside the project folder (`--allow-outside`): an absolute `file:` URI.
        None => ArtifactLocation::builder()
            .uri(path_to_uri(&place.absolute_path))
            .build(),
    };
    let mut region = start_region(place.line, place.column);
    if let Some(region) = &mut region {
        region.end_line = Some(to_i64(place.end_line.max(place.line)));
        region.end_column = Some(to_i64(place.end_column.max(1)));
        region.snippet = place.snippet.as_deref().map(snippet);
    }
    // An id for each related location, as SARIF asks (§3.28.2), so a message can link it.
    let mut location = Location::builder()
        .physical_location(physical_location(artifact, None, region))
        .message(
            Message::builder()
                .text(format!(
                    "in source `{}`: {}",
                    place.source,
                    place.line_text.trim()
                ))
                .build(),
        )
        .build();
    location.id = Some(1);
    location
}

fn physical_location(
    mut artifact: ArtifactLocation,
    artifact_index: Option<usize>,
    region: Option<SarifRegion>,
) -> PhysicalLocation {
    artifact.index = artifact_index.map(to_i64);
    let mut location = PhysicalLocation::builder()
        .artifact_location(artifact)
        .build();
    location.region = region;
    location
}

/// The SARIF region of a place in `claims.toml`. SARIF line and column numbers are 1-based and
/// the schema rejects 0, so a region without a line (0) is left out, and so are unknown columns.
/// `end_column`, like SARIF's `endColumn`, is the column just past the last character.
fn claim_region(r: &Region) -> Option<SarifRegion> {
    let mut region = start_region(r.line, r.column)?;
    if r.end_line >= r.line {
        region.end_line = Some(to_i64(r.end_line));
        if r.end_column >= 1 {
            region.end_column = Some(to_i64(r.end_column));
        }
    }
    Some(region)
}

fn snippet(text: &str) -> ArtifactContent {
    ArtifactContent::builder().text(text).build()
}

/// A region that starts at `line` and `column`: none without a line, no column when unknown.
fn start_region(line: usize, column: usize) -> Option<SarifRegion> {
    if line == 0 {
        return None;
    }
    let mut region = SarifRegion::builder().start_line(to_i64(line)).build();
    if column >= 1 {
        region.start_column = Some(to_i64(column));
    }
    Some(region)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Turns a file path as shown to people into a URI reference: relative paths stay relative
/// (with `/` separators), absolute ones become `file:` URIs, and every byte that may not stand
/// in a URI path as it is gets percent-encoded (spaces, `%`, `#`, `?`, non-ASCII, and `:` so
/// that a relative path's first segment cannot read as a scheme).
fn path_to_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let is_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) = if is_drive {
        (format!("file:///{}:", &path[..1]), &path[2..])
    } else if path.starts_with('/') {
        ("file://".to_string(), path.as_str())
    } else {
        (String::new(), path.as_str())
    };
    let mut out = prefix;
    for &b in rest.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'/'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::github::tests::sample_report;
    use serde_json::Value;

    fn rendered() -> Value {
        let out = render(&sample_report(), &CiOptions::default(), "");
        assert!(out.ends_with("}\n"), "{out}");
        serde_json::from_str(&out).unwrap()
    }

    #[test]
    fn round_trips_through_the_schema_types() {
        let out = render(&sample_report(), &CiOptions::default(), "");
        let log: Sarif = serde_json::from_str(&out).unwrap();
        assert_eq!(log.runs.len(), 1);
        assert_eq!(serde_json::to_string_pretty(&log).unwrap() + "\n", out);
    }

    #[test]
    fn header_tool_and_rules() {
        let v = rendered();
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["$schema"], SCHEMA_URI);
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "factcheck");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
        assert!(INFORMATION_URI.starts_with("https://github.com/"));
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Rule::ALL.len());
        for (rule, json) in Rule::ALL.iter().zip(rules) {
            assert_eq!(json["id"], rule.id());
            assert_eq!(json["name"], rule.name());
            assert_eq!(json["shortDescription"]["text"], rule.description());
            assert_eq!(json["fullDescription"]["text"], rule.full_description());
            let (text, markdown) = (
                json["help"]["text"].as_str().unwrap(),
                json["help"]["markdown"].as_str().unwrap(),
            );
            assert!(text.contains(rule.fix()) && markdown.contains(rule.fix()));
            assert!(markdown.contains("**How to fix:**"), "{markdown}");
            assert_eq!(
                json["helpUri"],
                format!(
                    "{}/blob/main/README.md#check-rules",
                    env!("CARGO_PKG_REPOSITORY")
                )
            );
            assert_eq!(
                json["defaultConfiguration"]["level"],
                rule.default_severity().as_str()
            );
        }
        assert_eq!(
            run["artifacts"][0]["location"],
            json!({"uri": "claims.toml", "uriBaseId": "%SRCROOT%"})
        );
        let base = &run["originalUriBaseIds"]["%SRCROOT%"];
        assert!(
            base.get("uri").is_none(),
            "no absolute path of this machine"
        );
        assert!(base["description"]["text"]
            .as_str()
            .unwrap()
            .starts_with("The project root"));
    }

    #[test]
    fn results() {
        let v = rendered();
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);

        let error = &results[0];
        assert_eq!(error["ruleId"], "quote-not-found");
        let index = error["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "quote-not-found"
        );
        assert_eq!(error["level"], "error");
        assert_eq!(
            error["message"]["text"],
            "quote \"<50% of wages>\" is not in `guardian`: A&B, C\n\
             note: closest passage at 3:1 differs:\n  \"wages\" vs <pay> & 100%\n\
             note: checked 2 sources: a, b\n\
             help: fix the quote, or cite 'webpronews'\r\nsecond line"
        );
        let loc = &error["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"],
            json!({"uri": "claims.toml", "uriBaseId": "%SRCROOT%", "index": 0})
        );
        assert_eq!(
            loc["region"],
            json!({"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 30})
        );
        assert_eq!(
            error["partialFingerprints"],
            json!({"factcheck/v1": "3f2a9c1e0b7d4a55"})
        );
        let related = error["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 1);
        let rel = &related[0]["physicalLocation"];
        assert_eq!(
            rel["artifactLocation"],
            json!({"uri": "sources/guardian,%202024.txt", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            rel["region"],
            json!({"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 11,
                   "snippet": {"text": "Wages rose"}})
        );
        assert_eq!(
            related[0]["message"]["text"],
            "in source `guardian`: Wages rose 50% & more <today>"
        );

        let warning = &results[1];
        assert_eq!(warning["ruleId"], "too-few-sources");
        assert_eq!(warning["level"], "warning");
        assert_eq!(
            warning["message"]["text"],
            "cited by 1 source, fewer than 2"
        );
        assert!(warning.get("relatedLocations").is_none());
    }

    #[test]
    fn zero_positions_are_left_out() {
        let mut report = sample_report();
        report.findings[0].region = Region {
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            span: 0..0,
        };
        report.findings[1].region.end_column = 0;
        report.findings[0].fingerprint.clear();
        let v: Value = serde_json::from_str(&render(&report, &CiOptions::default(), "")).unwrap();
        let results = &v["runs"][0]["results"];
        assert!(results[0]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
        assert!(results[0].get("partialFingerprints").is_none());
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["region"],
            json!({"startLine": 20, "startColumn": 6, "endLine": 20})
        );
    }

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("claims.toml"), "claims.toml");
        assert_eq!(path_to_uri("a b/c#d?e%f.txt"), "a%20b/c%23d%3Fe%25f.txt");
        assert_eq!(path_to_uri("x:y.txt"), "x%3Ay.txt");
        assert_eq!(path_to_uri("sources\\é.txt"), "sources/%C3%A9.txt");
        assert_eq!(path_to_uri("/srv/a b.txt"), "file:///srv/a%20b.txt");
        assert_eq!(path_to_uri("C:\\src\\a.txt"), "file:///C:/src/a.txt");
    }

    /// The same URIs from any current directory: the claims file as named on the command line
    /// (`../claims.toml`) and the source's path as shown (`../seeds/...`) do not reach SARIF.
    #[test]
    fn uris_are_from_the_project_root() {
        let mut report = sample_report();
        report.claims_file = "../claims.toml".into();
        report.findings[0].source_place.as_mut().unwrap().path = "../sources/g.txt".into();
        let v: Value = serde_json::from_str(&render(&report, &CiOptions::default(), "")).unwrap();
        let result = &v["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "claims.toml"
        );
        assert_eq!(
            result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "sources/guardian,%202024.txt"
        );
        // Under --path-prefix, from the repository root.
        let ci = CiOptions {
            path_prefix: "checks/".into(),
            junit_file_attr: false,
        };
        let v: Value = serde_json::from_str(&render(&report, &ci, "")).unwrap();
        let run = &v["runs"][0];
        assert_eq!(run["artifacts"][0]["location"]["uri"], "checks/claims.toml");
        assert_eq!(
            run["results"][0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "checks/sources/guardian,%202024.txt"
        );
        assert!(
            run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
                .as_str()
                .unwrap()
                .starts_with("The repository root")
        );
    }

    /// A source outside the project folder (`--allow-outside`): an absolute `file:` URI, with
    /// no base.
    #[test]
    fn a_source_outside_the_project_has_an_absolute_uri() {
        let mut report = sample_report();
        report.findings[0].source_place.as_mut().unwrap().root_path = None;
        let v: Value = serde_json::from_str(&render(&report, &CiOptions::default(), "")).unwrap();
        assert_eq!(
            v["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"]
                ["artifactLocation"],
            json!({"uri": "file:///p/sources/guardian,%202024.txt"})
        );
    }

    /// A region of claims.toml carries the text it marks.
    #[test]
    fn claims_regions_have_snippets() {
        let mut report = sample_report();
        let text = format!("{}quote = \"x\"", " ".repeat(200));
        report.findings[0].region.span = 200..211;
        let v: Value =
            serde_json::from_str(&render(&report, &CiOptions::default(), &text)).unwrap();
        let results = &v["runs"][0]["results"];
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["snippet"],
            json!({"text": "quote = \"x\""})
        );
        // A span past the text (or empty) has none.
        assert!(results[1]["locations"][0]["physicalLocation"]["region"]
            .get("snippet")
            .is_none());
    }
}
