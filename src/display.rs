//! Text from input, made safe to show where people read it: a terminal, a CI log.
//!
//! Every printer that shows text it did not write itself (file names, source ids, claims.toml
//! lines, article lines, quotes, and the messages that hold them) passes that text through
//! here: human `check`, `search`, `cite`, the input errors and every line on standard error.
//! The rule (README.md, "What the terminal is shown"):
//!
//! - the characters that drive a terminal or reorder, hide or break a line ([`is_escaped`]:
//!   the C0 controls, tab and line feed included, DEL, the C1 controls, NEL included, the
//!   bidirectional controls, and the line and paragraph separators) are written `\u{HEX}`,
//!   their code point in lower-case hexadecimal, as Rust's `{:?}` writes them: ESC is
//!   `\u{1b}`, U+202E is `\u{202e}`, a line feed inside a file name is `\u{a}`. Only the line
//!   structure the printer itself makes is left as it is;
//! - `##[`, which the GitHub Actions runner reads as a (legacy) workflow command anywhere in a
//!   line, is written `##\[`;
//! - a printed line that starts with `::` after white space (a workflow command) is written
//!   `:\:` there ([`guard`]); `:::`, which annotate-snippets starts a source's location with,
//!   is left alone, as the runner cannot read it as a command (the name it reads, up to the
//!   next `::`, starts with `:`).
//!
//! Machine formats (JSON, SARIF, JUnit) keep the text exact, in their own escaping; the
//! GitHub format escapes as here, then as the runner unescapes (`check/github.rs`); the
//! Markdown report writes the escaped and invisible characters as character references
//! (`render/markdown/escape.rs`, with [`is_invisible`]).

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::ops::Range;

/// Whether `c` is never printed as it is: the C0 controls (U+0000 to U+001F), DEL, the C1
/// controls (U+0080 to U+009F, NEL U+0085 among them), the bidirectional controls (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) and the line and paragraph separators
/// (U+2028, U+2029).
pub(crate) fn is_escaped(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Whether `c` is a character that shows nothing but changes how text around it is read or
/// joined (Unicode's format characters, general category Cf): the bidirectional controls, the
/// soft hyphen, zero-width spaces and joiners, the word joiner and invisible operators, the
/// byte-order mark, interlinear annotation marks, tags. A terminal is shown them as they
/// are, except the bidirectional ones ([`is_escaped`]); the Markdown report writes them all
/// as character references, so that its file holds none of them raw.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'
            | '\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Appends `c` to `out` as the rule has it: escaped if [`is_escaped`], `[` after `##` as `\[`.
fn push(out: &mut String, c: char) {
    if is_escaped(c) {
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    } else if c == '[' && out.ends_with("##") {
        out.push_str("\\[");
    } else {
        out.push(c);
    }
}

/// Whether [`escape`] changes `text`.
fn needs_escape(text: &str) -> bool {
    text.chars().any(is_escaped) || text.contains("##[")
}

/// `text`, from input, as it is shown on one line: every [`is_escaped`] character as
/// `\u{HEX}`, and `##[` as `##\[`. Text without either is returned as it is.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push(&mut out, c);
    }
    Cow::Owned(out)
}

/// Lines of a file, shown as a snippet (annotate-snippets lays out their lines and expands
/// their tabs itself): escaped as [`escape`] does, except their line breaks (`\n`, `\r\n`) and
/// tabs; `span`, a byte range of `text`, is returned as the range of the same characters in the
/// escaped text.
pub(crate) fn escape_source(text: &str, span: Range<usize>) -> (Cow<'_, str>, Range<usize>) {
    let kept =
        |c: char, next: Option<char>| c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'));
    let mut chars = text.char_indices().peekable();
    let plain = !text.contains("##[")
        && !text
            .chars()
            .zip(text.chars().skip(1).map(Some).chain([None]))
            .any(|(c, next)| is_escaped(c) && !kept(c, next));
    if plain {
        return (Cow::Borrowed(text), span);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (None, None);
    while let Some((at, c)) = chars.next() {
        if start.is_none() && at >= span.start {
            start = Some(out.len());
        }
        if end.is_none() && at >= span.end {
            end = Some(out.len());
        }
        if kept(c, chars.peek().map(|&(_, n)| n)) {
            out.push(c);
        } else {
            push(&mut out, c);
        }
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (Cow::Owned(out), start..end)
}

/// Printed output, made safe line by line for a CI log, whatever its pieces: `##[` becomes
/// `##\[`, and a line that starts with `::` after white space (but not with `:::`) has `:\:`
/// there. The last pass of every human-facing printer; its pieces from input went through
/// [`escape`] already.
pub(crate) fn guard(text: &str) -> Cow<'_, str> {
    let commands = |line: &str| {
        let t = line.trim_start();
        t.starts_with("::") && !t.starts_with(":::")
    };
    if !text.contains("##[") && !text.split('\n').any(commands) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = if commands(line) {
            let at = line.len() - line.trim_start().len() + 1;
            Cow::Owned(format!("{}\\{}", &line[..at], &line[at..]))
        } else {
            Cow::Borrowed(line)
        };
        out.push_str(&line.replace("##[", "##\\["));
    }
    Cow::Owned(out)
}

/// `value` as a TOML basic string that holds it exactly and shows nothing of it raw: the
/// [`is_escaped`] characters, tab and line breaks among them, as TOML escapes (`\n`, `\t`,
/// `\r`, `\uXXXX`), `"` and `\` escaped, and the `[` of `##[` as `\u005B`. For TOML printed
/// on a terminal (`cite`), which must stay valid TOML.
pub(crate) fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_escaped(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            '[' if out.ends_with("##") => out.push_str("\\u005B"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a value printed in TOML needs [`toml_string`] rather than its usual form.
pub(crate) fn toml_needs_escape(value: &str) -> bool {
    needs_escape(value)
}

/// A value shown through [`escape`]: `format!("wrote {}", Shown(path.display()))`.
pub(crate) struct Shown<T>(pub T);

impl<T: fmt::Display> fmt::Display for Shown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape(&self.0.to_string()))
    }
}

/// Prints `line` on standard error, through [`guard`]: for messages whose pieces from input
/// are [`Shown`].
pub(crate) fn eprint_line(line: &str) {
    eprintln!("{}", guard(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_separators_are_escaped_as_rust_debug_writes_them() {
        for (text, shown) in [
            ("\u{1b}[31mred\u{1b}[0m", "\\u{1b}[31mred\\u{1b}[0m"),
            (
                "\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\",
                "\\u{1b}]8;;http://x\\u{1b}\\link\\u{1b}]8;;\\u{1b}\\",
            ),
            ("a\nb\r\nc\td", "a\\u{a}b\\u{d}\\u{a}c\\u{9}d"),
            ("\0\u{7f}\u{85}\u{9b}", "\\u{0}\\u{7f}\\u{85}\\u{9b}"),
            (
                "x\u{202e}y\u{2066}\u{200f}\u{61c}",
                "x\\u{202e}y\\u{2066}\\u{200f}\\u{61c}",
            ),
            ("\u{2028}\u{2029}", "\\u{2028}\\u{2029}"),
        ] {
            assert_eq!(escape(text), shown, "{text:?}");
        }
        // The same form as `{:?}`, for the characters Rust escapes that way.
        for c in [
            '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2028}', '\u{61c}',
        ] {
            assert_eq!(escape(&c.to_string()), format!("{c:?}").trim_matches('\''));
        }
    }

    #[test]
    fn plain_text_is_borrowed() {
        for text in ["", "plain", "Café – “quoted” ✓ # [x] ::a", "#[x] #[ [##"] {
            assert!(matches!(escape(text), Cow::Borrowed(_)), "{text:?}");
            assert!(matches!(guard(text), Cow::Borrowed(_)), "{text:?}");
        }
        let (shown, span) = escape_source("a\r\nb\tc\n", 1..5);
        assert!(matches!(shown, Cow::Borrowed(_)));
        assert_eq!(span, 1..5);
    }

    #[test]
    fn legacy_workflow_commands_are_neutralised() {
        assert_eq!(escape("##[error]x"), "##\\[error]x");
        assert_eq!(escape("a ###[b ##[c"), "a ###\\[b ##\\[c");
        assert_eq!(escape("#\u{1b}#[x"), "#\\u{1b}#[x");
        assert_eq!(
            guard("x ##[error]y\n##[warning]"),
            "x ##\\[error]y\n##\\[warning]"
        );
    }

    #[test]
    fn lines_starting_with_two_colons_are_neutralised() {
        assert_eq!(
            guard("ok\n::error file=x::FORGED\n   \t::warning::y\nz ::a::b\n"),
            "ok\n:\\:error file=x::FORGED\n   \t:\\:warning::y\nz ::a::b\n"
        );
        // annotate-snippets' location lines stay as they are.
        assert_eq!(guard("  ::: src/a.txt:4:1"), "  ::: src/a.txt:4:1");
    }

    #[test]
    fn source_spans_follow_the_escaped_text() {
        let text = "a\u{1b}b\r\nc\u{202e}d ##[e\rf\n";
        let (shown, span) = escape_source(text, 2..text.find('d').unwrap() + 1);
        assert_eq!(shown, "a\\u{1b}b\r\nc\\u{202e}d ##\\[e\\u{d}f\n");
        assert_eq!(&shown[span], "b\r\nc\\u{202e}d");
        // A span at the end of the text, and an empty one.
        let (shown, span) = escape_source("x\u{7f}", 1..2);
        assert_eq!(&shown[span], "\\u{7f}");
        let (shown, span) = escape_source("\u{7f}x", 1..1);
        assert_eq!(span, 6..6);
        assert_eq!(&shown[span.start..], "x");
    }

    #[test]
    fn toml_strings_hold_the_value_and_show_nothing_raw() {
        for value in [
            "plain",
            "a\n::error file=x.yml,line=1::FORGED",
            "##[error] \u{1b}[31m \u{202e} \"q\" \\ \t \r\n \u{85} \u{2028} ###[",
            "",
        ] {
            let toml = format!("v = {}\n", toml_string(value));
            assert!(!toml.contains("##["), "{toml}");
            assert_eq!(toml.lines().count(), 1, "{toml}");
            assert!(!toml.trim_end().chars().any(is_escaped), "{toml}");
            let table: toml::Table = toml::from_str(&toml).unwrap();
            assert_eq!(table["v"].as_str(), Some(value), "{toml}");
        }
        assert_eq!(toml_string("a\u{1b}b"), "\"a\\u001Bb\"");
    }

    #[test]
    fn shown_escapes_a_display() {
        let path = std::path::Path::new("a\n::error::x.txt");
        assert_eq!(
            format!("wrote {}", Shown(path.display())),
            "wrote a\\u{a}::error::x.txt"
        );
    }
}
