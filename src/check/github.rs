//! GitHub Actions workflow commands: one `::error` / `::warning` line per finding, which the
//! Actions runner turns into annotations on `claims.toml`.
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

use super::format::{FormatContext, Formatter};
use super::{CheckReport, Finding};
use crate::display::escape as shown;

/// Renders every finding of `report` as a workflow command, one per line, in report order.
/// A report without findings renders as the empty string.
pub(crate) fn render(report: &CheckReport) -> String {
    let mut out = String::new();
    // An allowed finding is no annotation: the project accepted it.
    for finding in report.findings.iter().filter(|f| !f.suppressed) {
        out.push_str(&command(&report.claims_file, finding));
        out.push('\n');
    }
    out
}

/// The workflow commands as a [`Formatter`].
pub(crate) struct Github;

impl Formatter for Github {
    fn format(&self, report: &CheckReport, _: &FormatContext) -> String {
        render(report)
    }
}

fn command(claims_file: &str, finding: &Finding) -> String {
    let r = &finding.region;
    let properties = [
        ("file", shown(claims_file).into_owned()),
        ("line", r.line.to_string()),
        ("col", r.column.to_string()),
        ("endLine", r.end_line.to_string()),
        ("endColumn", r.end_column.to_string()),
        ("title", finding.rule.id().to_string()),
    ];
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape(value, Escape::Property)))
        .collect();
    // GitHub's third level is `notice`.
    let level = match finding.severity {
        super::Severity::Note => "notice",
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
                line_text: "Wages rose 50% & more <today>".into(),
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
        let out = render(&sample_report());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(out.ends_with('\n'));
        assert!(lines[0].starts_with("::error "), "{}", lines[0]);
        assert!(lines[1].starts_with("::warning "), "{}", lines[1]);
    }

    #[test]
    fn properties_and_message() {
        let out = render(&sample_report());
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
        report.claims_file = "dir:a,b/100%\r\nclaims.toml".into();
        let out = render(&report);
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
        let out = render(&report);
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
        report.claims_file = "c\u{1b}[31m.toml".into();
        let f = &mut report.findings[0];
        f.message = "quote not in \"b\n::error file=x.yml,line=1::FORGED\" ##[error]x".into();
        f.notes = vec!["\u{202e}reversed \u{1b}]8;;http://x\u{1b}\\".into()];
        f.help = Some("\u{2028}::warning::y".into());
        let out = render(&report);
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
        let out = render(&sample_report());
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
        assert_eq!(render(&report), "");
    }
}
