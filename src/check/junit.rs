//! JUnit XML: one testcase per claim, for CI systems that show test reports.
//!
//! The shape follows the Jenkins xUnit schema `junit-10.xsd`: `<testsuites>` holds one
//! `<testsuite name="factcheck">` (which requires `name`, `tests`, `failures`, `errors`), and
//! each claim is a `<testcase name="CLAIM-ID" classname="factcheck">`: a classname without a
//! dot, since Jenkins splits one at its last dot into package and class (`claims.toml` was
//! package `claims`, class `toml`).
//!
//! A claim with error findings gets one `<failure>` listing them all, then its warnings. A
//! claim with warnings and no error passes, but GitLab shows nothing of a passing testcase
//! but its name (its `<system-out>` only for failed ones), and junit-viewer drops a passing
//! testcase's `<system-out>` too: so such a claim is `<skipped>`, with the warnings as its
//! message and text, which Jenkins, GitLab and junit-viewer all show, and which fails no
//! build. Notes (under `--locked`, quotes intact in a changed source) go to `<system-out>`.
//!
//! `--junit-file-attr` adds `file="claims.toml"` (under `--path-prefix`, from the repository
//! root) to every testcase, which GitLab shows and links; `junit-10.xsd` has no such
//! attribute, so it is opt-in. The schema requires no `time`, `timestamp` or `hostname`, so
//! there are none: checking claims is not timed per claim, and the output stays
//! deterministic.
//!
//! Written with `quick-xml`'s `Writer`, which escapes text and attribute values; characters
//! that XML 1.0 cannot hold at all (most C0 controls) are replaced beforehand.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

use super::format::{CiOptions, FormatContext, Formatter};
use super::{CheckReport, Finding, Severity};

/// Every testcase's classname: without a dot (see the module's comment).
pub(crate) const CLASSNAME: &str = "factcheck";

/// Renders `report` as a JUnit XML document (UTF-8, indented, trailing newline).
pub(crate) fn render(report: &CheckReport, ci: &CiOptions) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_document(&mut writer, report, ci).expect("writing XML to a Vec cannot fail");
    let mut out = String::from_utf8(writer.into_inner()).expect("quick-xml writes UTF-8 here");
    out.push('\n');
    out
}

/// The JUnit XML as a [`Formatter`].
pub(crate) struct Junit;

impl Formatter for Junit {
    fn format(&self, report: &CheckReport, context: &FormatContext) -> String {
        render(report, context.ci)
    }
}

/// One testcase: a claim id and the findings about it, in report order.
struct Case<'a> {
    name: &'a str,
    findings: Vec<&'a Finding>,
}

impl Case<'_> {
    /// The findings of one severity that are not allowed, in report order.
    fn of(&self, severity: Severity) -> Vec<&Finding> {
        let of = self.findings.iter().copied();
        of.filter(|f| !f.suppressed && f.severity == severity)
            .collect()
    }

    fn failed(&self) -> bool {
        !self.of(Severity::Error).is_empty()
    }

    /// Passed, with warnings: reported as skipped, so that every consumer shows them.
    fn warned(&self) -> bool {
        !self.failed() && !self.of(Severity::Warning).is_empty()
    }
}

/// The testcases: one per `report.claims` entry with the findings it lists. A finding that no
/// claim lists (the report should have none) still shows up: with the claim whose id it names,
/// or else in a testcase of its own claim id after the others, so no finding is ever dropped.
fn cases(report: &CheckReport) -> Vec<Case<'_>> {
    let mut listed = vec![false; report.findings.len()];
    let mut cases: Vec<Case> = report
        .claims
        .iter()
        .map(|claim| {
            let findings = claim
                .findings
                .iter()
                .filter_map(|&i| {
                    let finding = report.findings.get(i)?;
                    (!std::mem::replace(&mut listed[i], true)).then_some(finding)
                })
                .collect();
            Case {
                name: &claim.id,
                findings,
            }
        })
        .collect();
    for (i, finding) in report.findings.iter().enumerate() {
        if listed[i] {
            continue;
        }
        match cases.iter_mut().find(|case| case.name == finding.claim) {
            Some(case) => case.findings.push(finding),
            None => cases.push(Case {
                name: &finding.claim,
                findings: vec![finding],
            }),
        }
    }
    cases
}

fn write_document(
    writer: &mut Writer<Vec<u8>>,
    report: &CheckReport,
    ci: &CiOptions,
) -> io::Result<()> {
    let cases = cases(report);
    let tests = cases.len().to_string();
    let failures = cases.iter().filter(|c| c.failed()).count().to_string();
    let skipped = cases.iter().filter(|c| c.warned()).count().to_string();
    let claims_file = xml_safe(&ci.path(&report.claims_root_path));
    let at = Paths {
        claims_file: &claims_file,
        ci,
    };

    // What `<testsuites>` and its one `<testsuite>` both say.
    let counts = [
        ("name", "factcheck"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
    ];

    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attributes(counts)
        .write_inner_content(|writer| {
            writer
                .create_element("testsuite")
                .with_attributes(counts)
                .with_attribute(("skipped", skipped.as_str()))
                .with_attribute(("file", claims_file.as_str()))
                .write_inner_content(|writer| {
                    for case in &cases {
                        write_case(writer, case, &at)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// How the listings name files: the claims file and the sources from the project root (with
/// `--path-prefix`), as the other CI formats do.
struct Paths<'a> {
    claims_file: &'a str,
    ci: &'a CiOptions,
}

fn write_case(writer: &mut Writer<Vec<u8>>, case: &Case, at: &Paths) -> io::Result<()> {
    let name = xml_safe(case.name);
    let mut element = writer
        .create_element("testcase")
        .with_attribute(("name", name.as_str()))
        .with_attribute(("classname", CLASSNAME));
    if at.ci.junit_file_attr {
        element = element.with_attribute(("file", at.claims_file));
    }
    let errors = case.of(Severity::Error);
    let warnings = case.of(Severity::Warning);
    let notes = case.of(Severity::Note);
    if errors.is_empty() && warnings.is_empty() && notes.is_empty() {
        element.write_empty()?;
        return Ok(());
    }
    element.write_inner_content(|writer| {
        if let Some(first) = errors.first() {
            let mut message = one_line(&first.message);
            if errors.len() > 1 {
                message.push_str(&format!(" (and {} more)", errors.len() - 1));
            }
            // The warnings too: the failure is what every consumer shows of a failed test.
            let mut findings = errors.clone();
            findings.extend(&warnings);
            writer
                .create_element("failure")
                .with_attribute(("message", message.as_str()))
                .with_attribute(("type", first.rule.id()))
                .write_text_content(BytesText::new(&listing(&findings, at)))?;
        } else if let Some(first) = warnings.first() {
            let n = warnings.len();
            let mut message = format!(
                "passed with {n} warning{}: {}",
                if n == 1 { "" } else { "s" },
                one_line(&first.message)
            );
            if n > 1 {
                message.push_str(&format!(" (and {} more)", n - 1));
            }
            writer
                .create_element("skipped")
                .with_attribute(("message", message.as_str()))
                .with_attribute(("type", first.rule.id()))
                .write_text_content(BytesText::new(&listing(&warnings, at)))?;
        }
        if !notes.is_empty() {
            writer
                .create_element("system-out")
                .write_text_content(BytesText::new(&listing(&notes, at)))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Every finding as `severity[rule] at file:line:col: message`, then indented notes, help and
/// the source place.
fn listing(findings: &[&Finding], at: &Paths) -> String {
    let claims_file = at.claims_file;
    let mut text = String::new();
    for finding in findings {
        let r = &finding.region;
        text.push_str(&format!(
            "{}[{}] at {claims_file}:{}:{}: {}\n",
            finding.severity.as_str(),
            finding.rule.id(),
            r.line,
            r.column,
            indent(&finding.message)
        ));
        for note in &finding.notes {
            text.push_str(&format!("  note: {}\n", indent(note)));
        }
        if let Some(help) = &finding.help {
            text.push_str(&format!("  help: {}\n", indent(help)));
        }
        if let Some(place) = &finding.source_place {
            let path = match &place.root_path {
                Some(path) => at.ci.path(path),
                None => place.absolute_path.clone(),
            };
            text.push_str(&format!(
                "  source: {} at {path}:{}:{}\n",
                place.source, place.line, place.column
            ));
        }
    }
    xml_safe(&text)
}

/// Continuation lines of a multi-line text, indented under the line that starts it.
fn indent(text: &str) -> String {
    normalize_newlines(text).replace('\n', "\n    ")
}

/// A text for an attribute value: line breaks become spaces (a parser would turn them into
/// spaces anyway).
fn one_line(text: &str) -> String {
    xml_safe(&normalize_newlines(text).replace('\n', " "))
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Replaces the characters that XML 1.0 does not allow anywhere (C0 controls other than tab,
/// line feed and carriage return; U+FFFE, U+FFFF) with U+FFFD, and carriage returns with line
/// feeds (a parser would normalize them so).
fn xml_safe(text: &str) -> String {
    normalize_newlines(text)
        .chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::github::tests::sample_report;
    use crate::check::{Region, Rule, Severity};
    use quick_xml::events::Event;
    use quick_xml::Reader;

    type Element = (String, Vec<(String, String)>, String);

    /// Parses `xml` with quick-xml into (element path, attributes, text) per element, in
    /// document order, with references decoded: proves the output is well-formed and shows
    /// what a consumer reads.
    fn parse(xml: &str) -> Vec<Element> {
        fn element(stack: &[String], e: &quick_xml::events::BytesStart) -> Element {
            let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
            let attrs = e
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                    (key, a.unescape_value().unwrap().into_owned())
                })
                .collect();
            let mut path = stack.to_vec();
            path.push(name);
            (path.join("/"), attrs, String::new())
        }
        let mut reader = Reader::from_str(xml);
        let mut stack: Vec<String> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut out: Vec<Element> = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let el = element(&stack, &e);
                    stack.push(el.0.rsplit('/').next().unwrap().to_string());
                    open.push(out.len());
                    out.push(el);
                }
                Event::Empty(e) => out.push(element(&stack, &e)),
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        out[i].2.push_str(&t.xml10_content().unwrap());
                    }
                }
                Event::GeneralRef(r) => {
                    let c = match &*r.decode().unwrap() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => r.resolve_char_ref().unwrap().expect("a known reference"),
                    };
                    out[*open.last().unwrap()].2.push(c);
                }
                Event::End(_) => {
                    stack.pop();
                    open.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
        // Indentation between elements is not content.
        for el in &mut out {
            if el.2.trim().is_empty() {
                el.2.clear();
            }
        }
        out
    }

    fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn structure_and_counts() {
        let xml = render(&sample_report(), &CiOptions::default());
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
        assert!(xml.ends_with("</testsuites>\n"));
        let elements = parse(&xml);
        let paths: Vec<&str> = elements.iter().map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "testsuites",
                "testsuites/testsuite",
                "testsuites/testsuite/testcase",
                "testsuites/testsuite/testcase/failure",
                "testsuites/testsuite/testcase",
                "testsuites/testsuite/testcase/skipped",
            ]
        );
        let suites = &elements[0].1;
        assert_eq!(attr(suites, "tests"), Some("2"));
        assert_eq!(attr(suites, "failures"), Some("1"));
        assert_eq!(attr(suites, "errors"), Some("0"));
        assert_eq!(
            attr(suites, "skipped"),
            None,
            "the XSD allows no skipped on testsuites"
        );
        let suite = &elements[1].1;
        assert_eq!(attr(suite, "name"), Some("factcheck"));
        assert_eq!(attr(suite, "tests"), Some("2"));
        assert_eq!(attr(suite, "failures"), Some("1"));
        assert_eq!(attr(suite, "errors"), Some("0"));
        assert_eq!(attr(suite, "skipped"), Some("1"));
        for (_, attrs, _) in &elements {
            for key in ["timestamp", "hostname", "time"] {
                assert_eq!(attr(attrs, key), None);
            }
        }
        assert_eq!(attr(&elements[2].1, "name"), Some("minimum-wage"));
        assert_eq!(attr(&elements[4].1, "name"), Some("rent-cap"));
        // No dot, which Jenkins would split into package and class; no file unless asked.
        for case in [&elements[2].1, &elements[4].1] {
            assert_eq!(attr(case, "classname"), Some("factcheck"));
            assert_eq!(attr(case, "file"), None);
        }
    }

    /// `--junit-file-attr`: each testcase names the claims file, from the project root (or,
    /// with `--path-prefix`, the repository root), whatever the current directory.
    #[test]
    fn the_file_attribute_is_opt_in() {
        let mut report = sample_report();
        report.claims_file = "../claims.toml".into();
        let ci = CiOptions {
            path_prefix: "checks/".into(),
            junit_file_attr: true,
        };
        let elements = parse(&render(&report, &ci));
        let cases: Vec<_> = elements
            .iter()
            .filter(|(p, _, _)| p.ends_with("/testcase"))
            .collect();
        assert_eq!(cases.len(), 2);
        for (_, attrs, _) in cases {
            assert_eq!(attr(attrs, "file"), Some("checks/claims.toml"));
            assert_eq!(attr(attrs, "classname"), Some("factcheck"));
        }
        assert_eq!(attr(&elements[1].1, "file"), Some("checks/claims.toml"));
        let failure = elements
            .iter()
            .find(|(p, _, _)| p.ends_with("/failure"))
            .unwrap();
        assert!(
            failure.2.contains("at checks/claims.toml:12:5:"),
            "{}",
            failure.2
        );
        assert!(
            failure
                .2
                .contains("source: guardian at checks/sources/guardian, 2024.txt:3:1"),
            "{}",
            failure.2
        );
    }

    #[test]
    fn failure_lists_the_errors_with_escaping_undone_by_a_parser() {
        let xml = render(&sample_report(), &CiOptions::default());
        let elements = parse(&xml);
        let (_, attrs, text) = &elements[3];
        assert_eq!(attr(attrs, "type"), Some("quote-not-found"));
        assert_eq!(
            attr(attrs, "message"),
            Some("quote \"<50% of wages>\" is not in `guardian`: A&B, C")
        );
        assert_eq!(
            text,
            "error[quote-not-found] at claims.toml:12:5: \
             quote \"<50% of wages>\" is not in `guardian`: A&B, C\n\
             \x20 note: closest passage at 3:1 differs:\n\
             \x20     \"wages\" vs <pay> & 100%\n\
             \x20 note: checked 2 sources: a, b\n\
             \x20 help: fix the quote, or cite 'webpronews'\n\
             \x20   second line\n\
             \x20 source: guardian at sources/guardian, 2024.txt:3:1\n"
        );
        // The raw document escapes what must be escaped and holds no carriage return.
        assert!(xml.contains(
            "message=\"quote &quot;&lt;50% of wages&gt;&quot; is not in `guardian`: A&amp;B, C\""
        ));
        assert!(xml.contains("vs &lt;pay&gt; &amp; 100%"));
        assert!(!xml.contains('\r'));
    }

    /// A claim that passes with warnings is skipped, its warnings the message and text: what
    /// GitLab and junit-viewer show of a testcase that does not fail.
    #[test]
    fn a_claim_with_warnings_only_is_skipped_with_them() {
        let elements = parse(&render(&sample_report(), &CiOptions::default()));
        let (path, attrs, text) = &elements[5];
        assert_eq!(path, "testsuites/testsuite/testcase/skipped");
        assert_eq!(
            attr(attrs, "message"),
            Some("passed with 1 warning: cited by 1 source, fewer than 2")
        );
        assert_eq!(attr(attrs, "type"), Some("too-few-sources"));
        assert_eq!(
            text,
            "warning[too-few-sources] at claims.toml:20:6: cited by 1 source, fewer than 2\n"
        );
        assert_eq!(attr(&elements[0].1, "failures"), Some("1"));
        assert!(!elements.iter().any(|(p, _, _)| p.ends_with("/system-out")));
    }

    /// A note (`--locked`: quotes intact in a changed source) fails and skips nothing: it is in
    /// `<system-out>`.
    #[test]
    fn a_note_goes_to_system_out() {
        let mut report = sample_report();
        report.findings[1].severity = Severity::Note;
        let elements = parse(&render(&report, &CiOptions::default()));
        let (path, _, text) = &elements[5];
        assert_eq!(path, "testsuites/testsuite/testcase/system-out");
        assert!(
            text.starts_with("note[too-few-sources] at claims.toml:20:6:"),
            "{text}"
        );
        assert_eq!(attr(&elements[1].1, "skipped"), Some("0"));
    }

    #[test]
    fn several_errors_make_one_failure_which_lists_the_warnings_after_them() {
        let mut report = sample_report();
        let mut second = report.findings[0].clone();
        second.rule = Rule::UnknownSource;
        second.message = "no source `nyt`".into();
        second.notes.clear();
        second.help = None;
        second.source_place = None;
        second.region = Region {
            line: 14,
            column: 9,
            end_line: 14,
            end_column: 14,
            span: 0..0,
        };
        report.findings.push(second);
        let mut warning = report.findings[1].clone();
        warning.claim = "minimum-wage".into();
        report.findings.push(warning);
        report.claims[0].findings.extend([2, 3]);
        let elements = parse(&render(&report, &CiOptions::default()));
        let failures: Vec<_> = elements
            .iter()
            .filter(|(p, _, _)| p.ends_with("/failure"))
            .collect();
        assert_eq!(failures.len(), 1);
        let (_, attrs, text) = failures[0];
        assert_eq!(attr(attrs, "type"), Some("quote-not-found"));
        assert!(attr(attrs, "message").unwrap().ends_with(" (and 1 more)"));
        assert!(text.contains("error[quote-not-found] at claims.toml:12:5:"));
        assert!(text.contains("error[unknown-source] at claims.toml:14:9: no source `nyt`\n"));
        let warning = text
            .find("warning[too-few-sources]")
            .expect("the warning is listed");
        assert!(
            warning > text.find("error[unknown-source]").unwrap(),
            "{text}"
        );
        // One failure, one skipped (rent-cap), nothing in system-out.
        let paths: Vec<_> = elements.iter().map(|(p, _, _)| p.as_str()).collect();
        assert!(
            !paths.iter().any(|p| p.ends_with("/system-out")),
            "{paths:?}"
        );
        assert_eq!(paths.iter().filter(|p| p.ends_with("/skipped")).count(), 1);
        assert_eq!(attr(&elements[0].1, "failures"), Some("1"));
    }

    #[test]
    fn passing_claim_is_an_empty_testcase() {
        let mut report = sample_report();
        report.findings.truncate(1);
        report.claims[1].findings.clear();
        let xml = render(&report, &CiOptions::default());
        assert!(
            xml.contains("<testcase name=\"rent-cap\" classname=\"factcheck\"/>"),
            "{xml}"
        );
        let elements = parse(&xml);
        assert_eq!(attr(&elements[0].1, "tests"), Some("2"));
        assert_eq!(attr(&elements[0].1, "failures"), Some("1"));
    }

    #[test]
    fn unlisted_findings_are_not_dropped() {
        let mut report = sample_report();
        report.claims[1].findings.clear();
        report.findings[0].claim = "ghost".into();
        report.claims[0].findings.clear();
        let elements = parse(&render(&report, &CiOptions::default()));
        let names: Vec<_> = elements
            .iter()
            .filter(|(p, _, _)| p.ends_with("/testcase"))
            .map(|(_, a, _)| attr(a, "name").unwrap().to_string())
            .collect();
        assert_eq!(names, ["minimum-wage", "rent-cap", "ghost"]);
        assert_eq!(attr(&elements[0].1, "tests"), Some("3"));
        assert_eq!(attr(&elements[0].1, "failures"), Some("1"));
    }

    #[test]
    fn control_characters_are_replaced() {
        let mut report = sample_report();
        report.findings[0].message = "bell\u{7} and nul\u{0}".into();
        report.claims[0].id = "id\u{1b}".into();
        let xml = render(&report, &CiOptions::default());
        assert!(!xml.chars().any(|c| c < ' ' && c != '\n' && c != '\t'));
        assert!(xml.contains("bell\u{fffd} and nul\u{fffd}"));
        assert!(xml.contains("name=\"id\u{fffd}\""));
    }
}
