//! GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per
//! finding, which the Actions runner turns into annotations on `claims.toml`, named from the
//! project root (with `--path-prefix`, from the repository root) whatever the current
//! directory.
//!
//! GitHub annotates only the first 10 errors, 10 warnings and 10 notices of a step, so the
//! errors come first, then the warnings, then the notes (each kind in report order), and a
//! kind with more than 10 gets a `::notice::` saying how many more there are and where all of
//! them are (the job summary, SARIF). The runner drops the columns of an annotation over
//! several lines, so such a region has only `line` and `endLine`.
//!
//! Escaping follows the runner's own rules (`@actions/core`, `command.ts`): property values
//! escape `%`, `\r`, `\n`, `:` and `,`; the message escapes `%`, `\r` and `\n`. Notes and help
//! follow the message on lines of their own (an escaped `%0A`), which GitHub shows as line
//! breaks in the annotation.
//!
//! Before that, text from input (the message, notes and help, the claims file's name) is
//! escaped as in every human-facing output ([`crate::display`]): the runner prints the message
//! in the log and on the annotation, so a control or a bidirectional control in it is written
//! `\u{HEX}`, a line break from input too (only the breaks between message, notes and help are
//! `%0A`), and `##[`, the runner's legacy command, is `##\[`.

use super::format::{CiOptions, FormatContext, Formatter};
use super::{CheckReport, Finding, Severity};
use crate::display::escape as shown;

/// How many annotations of each kind (error, warning, notice) GitHub makes of one step's
/// workflow commands; it drops the rest, which stay lines of the log.
pub(crate) const ANNOTATION_LIMIT: usize = 10;

/// Renders the findings of `report` as workflow commands, one per line: the errors, then the
/// warnings, each in report order; then, for each kind with more findings than GitHub
/// annotates, a `::notice::` saying how many it leaves out and where they all are; then the
/// notes. A report without findings renders as the empty string.
pub(crate) fn render(report: &CheckReport, ci: &CiOptions) -> String {
    let file = ci.path(&report.claims_root_path);
    // An allowed finding is no annotation: the project accepted it.
    let of = |severity: Severity| {
        report
            .findings
            .iter()
            .filter(move |f| !f.suppressed && f.severity == severity)
    };
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        for finding in of(severity) {
            out.push_str(&command(&file, finding));
            out.push('\n');
        }
    }
    // Before the notes, so that these notices are among the notices GitHub keeps.
    for severity in [Severity::Error, Severity::Warning, Severity::Note] {
        let n = of(severity).count();
        if n > ANNOTATION_LIMIT {
            out.push_str(&overflow_notice(severity, n));
            out.push('\n');
        }
    }
    for finding in of(Severity::Note) {
        out.push_str(&command(&file, finding));
        out.push('\n');
    }
    out
}

/// The notice for `n` findings of one kind, more than GitHub annotates.
fn overflow_notice(severity: Severity, n: usize) -> String {
    let kind = severity.as_str();
    let more = n - ANNOTATION_LIMIT;
    let (more_kind, are) = if more == 1 {
        (kind.to_string(), "is")
    } else {
        (format!("{kind}s"), "are")
    };
    let message = format!(
        "factcheck found {n} {kind}s: GitHub annotates the first {ANNOTATION_LIMIT} of a step, so {more} more {are} only in this log. \
         The SARIF log has every finding (`factcheck check --output sarif=FILE`, uploaded to code scanning with github/codeql-action/upload-sarif), \
         and the job summary what needs attention (`--output summary=FILE`, added to $GITHUB_STEP_SUMMARY)."
    );
    format!(
        "::notice title={}::{}",
        escape(
            &format!("factcheck: {more} more {more_kind}"),
            Escape::Property
        ),
        escape(&message, Escape::Data)
    )
}

/// The workflow commands as a [`Formatter`].
pub(crate) struct Github;

impl Formatter for Github {
    fn format(&self, report: &CheckReport, context: &FormatContext) -> String {
        render(report, context.ci)
    }
}

fn command(file: &str, finding: &Finding) -> String {
    let r = &finding.region;
    let mut properties = vec![("file", shown(file).into_owned())];
    if r.line >= 1 {
        properties.push(("line", r.line.to_string()));
        // The runner drops the columns of an annotation over several lines.
        let one_line = r.end_line == r.line;
        if one_line && r.column >= 1 {
            properties.push(("col", r.column.to_string()));
        }
        if r.end_line >= r.line {
            properties.push(("endLine", r.end_line.to_string()));
        }
        if one_line && r.column >= 1 && r.end_column > r.column {
            properties.push(("endColumn", r.end_column.to_string()));
        }
    }
    properties.push(("title", finding.rule.id().to_string()));
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape(value, Escape::Property)))
        .collect();
    // GitHub's third level is `notice`.
    let level = match finding.severity {
        Severity::Note => "notice",
        s => s.as_str(),
    };
    format!(
        "::{} {}::{}",
        level,
        properties.join(","),
        escape(&plain_text(finding), Escape::Data)
    )
}

/// [`Finding::plain_text`], each of its pieces escaped for the log.
fn plain_text(finding: &Finding) -> String {
    let mut text = shown(&finding.message).into_owned();
    for note in &finding.notes {
        text.push_str("\nnote: ");
        text.push_str(&shown(note));
    }
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(&shown(help));
    }
    text
}

/// What is escaped: a workflow command's message, or one of its property values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// `escapeData` in `@actions/core`: `%`, `\r`, `\n`.
    Data,
    /// `escapeProperty`: those, and `:` and `,` too.
    Property,
}

fn escape(s: &str, what: Escape) -> String {
    let property = what == Escape::Property;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::check::{ClaimOutcome, Region, Rule, Severity, SourcePlace};

    /// A small report shared by the tests of all three CI formats: claim `minimum-wage` has an
    /// error (with a source place, and `<"&>`, `%`, `:`, `,`, CR/LF in its texts); claim
    /// `rent-cap` passes but has a warning.
    pub(crate) fn sample_report() -> CheckReport {
        let error = Finding {
            rule: Rule::QuoteNotFound,
            severity: Severity::Error,
            claim: "minimum-wage".into(),
            message: "quote \"<50% of wages>\" is not in `guardian`: A&B, C".into(),
            region: Region {
                line: 12,
                column: 5,
                end_line: 12,
                end_column: 30,
                span: 200..225,
            },
            label: "not in guardian".into(),
            notes: vec![
                "closest passage at 3:1 differs:\n  \"wages\" vs <pay> & 100%".into(),
                "checked 2 sources: a, b".into(),
            ],
            help: Some("fix the quote, or cite 'webpronews'\r\nsecond line".into()),
            source_place: Some(SourcePlace {
                source: "guardian".into(),
                path: "sources/guardian, 2024.txt".into(),
                line: 3,
                column: 1,
                page: None,
                line_text: "Wages rose 50% & more <today>".into(),
                end_line: 3,
                end_column: 11,
                root_path: Some("sources/guardian, 2024.txt".into()),
                absolute_path: "/p/sources/guardian, 2024.txt".into(),
                snippet: Some("Wages rose".into()),
            }),
            diff: None,
            fingerprint: "3f2a9c1e0b7d4a55".into(),
            suppressed: false,
        };
        let warning = Finding {
            rule: Rule::TooFewSources,
            severity: Severity::Warning,
            claim: "rent-cap".into(),
            message: "cited by 1 source, fewer than 2".into(),
            region: Region {
                line: 20,
                column: 6,
                end_line: 20,
                end_column: 16,
                span: 300..310,
            },
            label: "1 source".into(),
            notes: vec![],
            help: None,
            source_place: None,
            diff: None,
            fingerprint: "9c0d1e2f3a4b5c6d".into(),
            suppressed: false,
        };
        CheckReport {
            claims_file: "claims.toml".into(),
            claims_root_path: "claims.toml".into(),
            claims: vec![
                ClaimOutcome {
                    id: "minimum-wage".into(),
                    text: "The minimum wage rose by half.".into(),
                    region: Region {
                        line: 10,
                        column: 7,
                        end_line: 10,
                        end_column: 21,
                        span: 150..164,
                    },
                    findings: vec![0],
                },
                ClaimOutcome {
                    id: "rent-cap".into(),
                    text: "Rents are capped.".into(),
                    region: Region {
                        line: 18,
                        column: 7,
                        end_line: 18,
                        end_column: 17,
                        span: 280..290,
                    },
                    findings: vec![1],
                },
            ],
            findings: vec![error, warning],
            errors: 1,
            warnings: 1,
            allowed: 0,
        }
    }

    #[test]
    fn one_command_per_finding() {
        let out = render(&sample_report(), &CiOptions::default());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(out.ends_with('\n'));
        assert!(lines[0].starts_with("::error "), "{}", lines[0]);
        assert!(lines[1].starts_with("::warning "), "{}", lines[1]);
    }

    #[test]
    fn properties_and_message() {
        let out = render(&sample_report(), &CiOptions::default());
        let first = out.lines().next().unwrap();
        assert_eq!(
            first,
            "::error file=claims.toml,line=12,col=5,endLine=12,endColumn=30,title=quote-not-found\
             ::quote \"<50%25 of wages>\" is not in `guardian`: A&B, C\
             %0Anote: closest passage at 3:1 differs:\\u{a}  \"wages\" vs <pay> & 100%25\
             %0Anote: checked 2 sources: a, b\
             %0Ahelp: fix the quote, or cite 'webpronews'\\u{d}\\u{a}second line"
        );
        let second = out.lines().nth(1).unwrap();
        assert_eq!(
            second,
            "::warning file=claims.toml,line=20,col=6,endLine=20,endColumn=16,title=too-few-sources\
             ::cited by 1 source, fewer than 2"
        );
    }

    #[test]
    fn property_values_are_escaped() {
        let mut report = sample_report();
        report.claims_root_path = "dir:a,b/100%\r\nclaims.toml".into();
        let out = render(&report, &CiOptions::default());
        let first = out.lines().next().unwrap();
        assert!(
            first.starts_with("::error file=dir%3Aa%2Cb/100%25\\u{d}\\u{a}claims.toml,line=12,"),
            "{first}"
        );
        // Only the separators between properties and before the message are left unescaped.
        let (props, _message) = first["::error ".len()..].split_once("::").unwrap();
        assert_eq!(props.matches(',').count(), 5, "{props}");
        assert!(!props.contains(':'), "{props}");
    }

    /// A note (quotes intact in a changed source, under `--locked`) is GitHub's `notice`; an
    /// allowed finding is no annotation.
    #[test]
    fn a_note_is_a_notice_and_an_allowed_finding_is_left_out() {
        let mut report = sample_report();
        report.findings[1].severity = Severity::Note;
        report.findings[0].suppressed = true;
        let out = render(&report, &CiOptions::default());
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with("::notice file=claims.toml,line=20,"),
            "{out}"
        );
    }

    /// Text from input reaches the log escaped: no control, no line of its own, no `##[`.
    #[test]
    fn text_from_input_is_escaped_for_the_log() {
        let mut report = sample_report();
        report.claims_root_path = "c\u{1b}[31m.toml".into();
        let f = &mut report.findings[0];
        f.message = "quote not in \"b\n::error file=x.yml,line=1::FORGED\" ##[error]x".into();
        f.notes = vec!["\u{202e}reversed \u{1b}]8;;http://x\u{1b}\\".into()];
        f.help = Some("\u{2028}::warning::y".into());
        let out = render(&report, &CiOptions::default());
        let first = out.lines().next().unwrap();
        assert_eq!(
            first,
            "::error file=c\\u{1b}[31m.toml,line=12,col=5,endLine=12,endColumn=30,\
             title=quote-not-found::quote not in \"b\\u{a}::error file=x.yml,line=1::FORGED\" \
             ##\\[error]x%0Anote: \\u{202e}reversed \\u{1b}]8;;http://x\\u{1b}\\\
             %0Ahelp: \\u{2028}::warning::y"
        );
        assert!(!out.contains("##["));
        assert!(!out
            .chars()
            .any(|c| c != '\n' && crate::display::is_escaped(c)));
    }

    #[test]
    fn no_raw_line_breaks_in_a_command() {
        let out = render(&sample_report(), &CiOptions::default());
        for line in out.lines() {
            assert!(!line.contains('\r'));
        }
        assert_eq!(out.matches('\n').count(), 2);
    }

    #[test]
    fn empty_report_renders_nothing() {
        let mut report = sample_report();
        report.findings.clear();
        report.claims.iter_mut().for_each(|c| c.findings.clear());
        assert_eq!(render(&report, &CiOptions::default()), "");
    }

    /// The file is the claims file's path from the project root, whatever the current
    /// directory, under `--path-prefix` from the repository root.
    #[test]
    fn the_file_is_named_from_the_project_root() {
        let mut report = sample_report();
        report.claims_file = "../../claims.toml".into();
        let out = render(&report, &CiOptions::default());
        assert!(
            out.starts_with("::error file=claims.toml,line=12,"),
            "{out}"
        );
        let ci = CiOptions {
            path_prefix: "checks/2026/".into(),
            junit_file_attr: false,
        };
        let out = render(&report, &ci);
        assert!(
            out.starts_with("::error file=checks/2026/claims.toml,line=12,"),
            "{out}"
        );
    }

    /// `n` copies of the sample's error and warning, then its notes, interleaved in report
    /// order: warning, error, note, warning, error, note, ...
    fn many(errors: usize, warnings: usize, notes: usize) -> CheckReport {
        let mut report = sample_report();
        let (error, warning) = (report.findings[0].clone(), report.findings[1].clone());
        let mut note = warning.clone();
        note.severity = Severity::Note;
        report.findings.clear();
        for i in 0..errors.max(warnings).max(notes) {
            let numbered = |f: &Finding, n: usize| {
                let mut f = f.clone();
                f.message = format!("{} #{n}", f.rule.id());
                f.region.line = 100 + n;
                f.region.end_line = 100 + n;
                f
            };
            if i < warnings {
                report.findings.push(numbered(&warning, i));
            }
            if i < errors {
                report.findings.push(numbered(&error, i));
            }
            if i < notes {
                report.findings.push(numbered(&note, i));
            }
        }
        report.claims.clear();
        report
    }

    #[test]
    fn errors_come_first_then_warnings_then_notes_each_in_report_order() {
        let out = render(&many(3, 3, 2), &CiOptions::default());
        let kinds: Vec<String> = out
            .lines()
            .map(|l| {
                let (level, rest) = l[2..].split_once(' ').unwrap();
                let n = rest.rsplit('#').next().unwrap().split('%').next().unwrap();
                format!("{level}{n}")
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "error0", "error1", "error2", "warning0", "warning1", "warning2", "notice0",
                "notice1"
            ],
            "{out}"
        );
    }

    #[test]
    fn past_ten_of_a_kind_a_notice_says_how_many_more_and_where_they_are() {
        let out = render(&many(13, 10, 12), &CiOptions::default());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 13 + 10 + 12 + 2, "{out}");
        // Every error and warning first, then the two notices, before the notes.
        assert!(lines[..23]
            .iter()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")));
        assert_eq!(
            lines[23],
            "::notice title=factcheck%3A 3 more errors::factcheck found 13 errors: GitHub \
             annotates the first 10 of a step, so 3 more are only in this log. The SARIF log has \
             every finding (`factcheck check --output sarif=FILE`, uploaded to code scanning with \
             github/codeql-action/upload-sarif), and the job summary what needs attention \
             (`--output summary=FILE`, added to $GITHUB_STEP_SUMMARY)."
        );
        assert!(
            lines[24]
                .starts_with("::notice title=factcheck%3A 2 more notes::factcheck found 12 notes:"),
            "{}",
            lines[24]
        );
        assert!(lines[25..].iter().all(|l| l.starts_with("::notice file=")));
        let out = render(&many(0, 11, 0), &CiOptions::default());
        assert!(
            out.contains("::notice title=factcheck%3A 1 more warning::factcheck found 11 warnings: GitHub annotates the first 10 of a step, so 1 more is only in this log."),
            "{out}"
        );
        // Exactly ten of a kind: no notice.
        let out = render(&many(10, 10, 0), &CiOptions::default());
        assert!(!out.contains("::notice"), "{out}");
    }

    #[test]
    fn a_region_over_several_lines_has_no_columns() {
        let mut report = sample_report();
        report.findings[0].region.end_line = 14;
        report.findings[1].region.line = 0;
        let out = render(&report, &CiOptions::default());
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[0]
                .starts_with("::error file=claims.toml,line=12,endLine=14,title=quote-not-found::"),
            "{}",
            lines[0]
        );
        // No line: an annotation on the file.
        assert!(
            lines[1].starts_with("::warning file=claims.toml,title=too-few-sources::"),
            "{}",
            lines[1]
        );
    }
}
