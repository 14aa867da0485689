//! The Markdown escaper, and the markup that holds text as it is: code spans, autolinks,
//! heading anchors.

/// Escape a value for Markdown (CommonMark and GitHub Flavored Markdown) so that it reads as
/// the same text and nothing else, wherever a template puts it (a paragraph, a heading, a
/// list item, a table cell, link text):
///
/// - line ends become spaces: a value never starts a new line, so never a new block, and
///   never breaks a table row;
/// - `\` `` ` `` `*` `_` `{` `}` `[` `]` `(` `)` `#` `!` `|` `<` `>` `~` `&` `$` `^` are
///   always backslash-escaped: no emphasis, code, links, images, raw HTML or autolinks (`<`),
///   entities (`&`), table cells (`|`), strikethrough (`~`), GitHub math (`$`), superscript
///   (`^`, in some renderers), and no `{{`;
/// - at the start of the value, where a line may start, `.` and `:` (definition lists, in
///   some renderers) are escaped too, and so are a `-` `+` `=` and the `.` after leading
///   digits when no letter or digit follows them (lists, thematic breaks, setext underlines);
///   elsewhere these have no meaning and stay as they are, so "U.S.", "0.1.0" and
///   "2025-09-25" read plainly;
/// - leading and trailing spaces and tabs become `&#32;` and `&#9;`: they would otherwise
///   start an indented code block, be trimmed, or make a hard line break;
/// - the characters a terminal is never shown raw ([`crate::display::is_escaped`]: controls,
///   bidirectional controls, line and paragraph separators), tab aside, and the invisible
///   format characters ([`crate::display::is_invisible`]: soft hyphen, zero-width spaces and
///   joiners, byte-order mark ...) become hexadecimal character references (`&#x202E;`): a
///   Markdown reader shows the same text, and the file holds none of them raw, so that a
///   U+202E in a claim cannot reorder what an editor or `cat report.md` shows.
pub fn escape(value: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(value.len());
    let mut it = value.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\r' => {
                if it.peek() == Some(&'\n') {
                    it.next();
                }
                chars.push(' ');
            }
            '\n' => chars.push(' '),
            // CommonMark replaces NUL; do it here so that what is shown is what was escaped.
            '\0' => chars.push('\u{FFFD}'),
            c => chars.push(c),
        }
    }
    // The white space a parser trims from a line or a table cell: space, tab, and the vertical
    // tab and form feed (found by fuzzing).
    let blank = |c: &&char| matches!(**c, ' ' | '\t' | '\u{b}' | '\u{c}');
    let lead = chars.iter().take_while(blank).count();
    let trail = if lead == chars.len() {
        0
    } else {
        chars.iter().rev().take_while(blank).count()
    };
    let digits = chars[lead..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let mut out = String::with_capacity(value.len() + value.len() / 8 + 2);
    for (i, &c) in chars.iter().enumerate() {
        if i < lead || i >= chars.len() - trail {
            out.push_str(match c {
                ' ' => "&#32;",
                '\t' => "&#9;",
                '\u{b}' => "&#11;",
                _ => "&#12;",
            });
            continue;
        }
        // A list marker or ordered-list number needs a blank or the end of the line after it.
        let marker_end = chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric());
        let escaped = match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '<'
            | '>' | '~' | '&' | '$' | '^' => true,
            '.' | ':' if i == lead => true,
            '-' | '+' | '=' => i == lead && marker_end,
            '.' => digits > 0 && i == lead + digits && marker_end,
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        if as_reference(c) {
            out.push_str(&format!("&#x{:X};", u32::from(c)));
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether [`code_span`] makes a code span of `text`. A code span shows its text as it is
/// written, so not a text with a character [`escape`] writes as a reference (a bidirectional
/// control in a file name ...) or with `##[`, which the GitHub Actions runner would read as a
/// command where the report is printed in a CI log.
pub fn fits_code_span(text: &str) -> bool {
    !text.chars().any(as_reference) && !text.contains("##[")
}

/// Whether `c` is written as a character reference (see [`escape`]); a text holding one is
/// never a code span ([`code_span`]).
pub fn as_reference(c: char) -> bool {
    // Tab stays as it is; line ends become spaces (and NUL U+FFFD) before.
    (crate::display::is_escaped(c) && !matches!(c, '\t' | '\n' | '\r'))
        || crate::display::is_invisible(c)
}

/// A code span holding `text` as it is (line ends as spaces), if one can ([`fits_code_span`]);
/// otherwise the text escaped, which reads the same.
pub fn code_span(text: &str) -> String {
    if !fits_code_span(text) {
        return escape(text);
    }
    let text: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each side when both sides have one.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        // Only U+0020 counts as "all spaces" to CommonMark, not other white space.
        || (text.starts_with(' ') && text.ends_with(' ') && !text.chars().all(|c| c == ' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// GitHub's anchor for a heading's text: lower case, letters, digits, `-` and `_` kept, spaces
/// to `-`, everything else dropped (github-slugger).
pub fn anchor(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Unique anchors for a document's headings, in order, as GitHub makes them (github-slugger):
/// the first heading that slugs to `s` gets `s`, the next `s-1`, then `s-2`, skipping any
/// taken by a heading of its own.
#[derive(Default)]
pub struct Slugger {
    occurrences: std::collections::HashMap<String, usize>,
}

impl Slugger {
    pub fn slug(&mut self, heading: &str) -> String {
        let original = anchor(heading);
        let mut slug = original.clone();
        while self.occurrences.contains_key(&slug) {
            let n = self
                .occurrences
                .get_mut(&original)
                .expect("the original is taken");
            *n += 1;
            slug = format!("{original}-{n}");
        }
        self.occurrences.insert(slug.clone(), 0);
        slug
    }
}

/// An `http(s)` URL as an autolink, anything else (`javascript:` ...) as escaped text.
pub(crate) fn url_markup(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let plain = url
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !as_reference(c) && c != '<' && c != '>');
    if web && plain && url.len() > "https://".len() {
        format!("<{url}>")
    } else {
        escape(url)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser, Tag};

    use super::super::markdown_oracle::{escape_round_trips, options};
    use super::*;
    use crate::text::test_texts::config;

    /// `value`, escaped into each context, reads as `value` and keeps the context's structure
    /// (`escape_round_trips`).
    fn assert_round_trip(value: &str) {
        if let Err(e) = escape_round_trips(escape, value) {
            panic!("{e}");
        }
    }

    #[test]
    fn always_escaped_characters() {
        for c in "\\`*_{}[]()#!|<>~&$^".chars() {
            assert_eq!(escape(&c.to_string()), format!("\\{c}"), "{c:?}");
            assert_eq!(escape(&format!("a{c}b")), format!("a\\{c}b"), "{c:?}");
        }
    }

    #[test]
    fn line_start_characters_only_where_they_start_structure() {
        for (value, escaped) in [
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("---", "\\---"),
            ("===", "\\==="),
            (": definition", "\\: definition"),
            (".", "\\."),
            ("1. first", "1\\. first"),
            ("2019.", "2019\\."),
            ("12) twelve", "12\\) twelve"),
            // Not a marker: left as written.
            ("-5% on the year", "-5% on the year"),
            ("0.1.0", "0.1.0"),
            ("U.S. - 2025-09-25.", "U.S. - 2025-09-25."),
            ("a + b = c", "a + b = c"),
        ] {
            assert_eq!(escape(value), escaped, "{value:?}");
        }
    }

    #[test]
    fn hostile_values() {
        for (value, escaped) in [
            ("## heading", "\\#\\# heading"),
            ("> quote", "\\> quote"),
            (
                "<script>alert(1)</script>",
                "\\<script\\>alert\\(1\\)\\</script\\>",
            ),
            (
                "[x](javascript:alert(1))",
                "\\[x\\]\\(javascript:alert\\(1\\)\\)",
            ),
            ("{{title}}", "\\{\\{title\\}\\}"),
            ("a | b | c", "a \\| b \\| c"),
            ("&lt;b&gt;", "\\&lt;b\\&gt;"),
            ("*emphasis* `code`", "\\*emphasis\\* \\`code\\`"),
        ] {
            assert_eq!(escape(value), escaped, "{value:?}");
        }
    }

    #[test]
    fn line_ends_become_spaces_and_edge_blanks_entities() {
        for (value, escaped) in [
            ("one\ntwo\r\nthree\rfour", "one two three four"),
            ("line\n## heading", "line \\#\\# heading"),
            ("    code", "&#32;&#32;&#32;&#32;code"),
            ("\tx  ", "&#9;x&#32;&#32;"),
            ("  ", "&#32;&#32;"),
            ("", ""),
        ] {
            assert_eq!(escape(value), escaped, "{value:?}");
        }
    }

    #[test]
    fn escaped_text_reads_back_as_the_original() {
        for value in [
            "a | b | c",
            "<script>alert(1)</script>",
            "<!-- comment -->",
            "[x](javascript:alert(1))",
            "![img](http://x/y.png)",
            "<https://example.com>",
            "{{title}} {{{raw}}}",
            "## heading",
            "line one\n## heading\n> quote\n- item\n1. first\n    code",
            "*emphasis* _under_ **strong** ~~gone~~ `code` ``two``",
            "\\ backslash at the end \\",
            "trailing  ",
            "   leading",
            "\ttab",
            "&amp; &#32; &copy;",
            "$x^2$ and $5 or $$",
            "[^note] and [[wiki]] and - [ ] task",
            "===",
            "---",
            "***",
            "+",
            "1986. A year",
            "2) second",
            "Setext\n---",
            "Heading {#id .class}",
            "The U.S. Treasury's “quote” – dash — é ✓",
            "nul\0byte",
        ] {
            assert_round_trip(value);
        }
    }

    #[test]
    fn escaped_random_text_reads_back_as_the_original() {
        let alphabet: Vec<char> = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\nab1é—"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..3000 {
            let len = 1 + next() % 16;
            let value: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            assert_round_trip(&value);
        }
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("a.txt"), "`a.txt`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        for value in ["a.txt", "a`b", "`x`", " x ", "<b>*x*</b>", "a\\b", "``"] {
            let markup = code_span(value);
            let events: Vec<Event> = Parser::new_ext(&markup, options()).collect();
            assert!(
                events.contains(&Event::Code(value.into())),
                "{value:?}: {events:?}"
            );
        }
    }

    #[test]
    fn urls_link_only_for_the_web() {
        assert_eq!(
            url_markup("https://example.com/a_(b)"),
            "<https://example.com/a_(b)>"
        );
        assert_eq!(url_markup("javascript:alert(1)"), "javascript:alert\\(1\\)");
        assert_eq!(url_markup("https://x.org/a b"), "https://x.org/a b");
        assert_eq!(url_markup("http://x/<script>"), "http://x/\\<script\\>");
        let markup = url_markup("HTTPS://example.com/a_(b)*c");
        let events: Vec<Event> = Parser::new_ext(&markup, options()).collect();
        assert!(events.iter().any(|e| matches!(e,
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == "HTTPS://example.com/a_(b)*c")));
    }

    #[test]
    fn anchors_as_github_makes_them() {
        assert_eq!(
            anchor("Claim unit-8200-access-cut"),
            "claim-unit-8200-access-cut"
        );
        assert_eq!(
            anchor("Source business/001_x.txt"),
            "source-business001_xtxt"
        );
        assert_eq!(anchor("Fact-check: Ärger & Co"), "fact-check-ärger--co");
    }

    // --- Generated values (proptest) -----------------------------------------------------------

    /// Text made of what Markdown reads as markup, and anything else.
    fn markdown_value() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => prop::sample::select(
                "\\`*_{}[]()#!|<>~&$^.:-+=0123456789 \t\n\r\0abcXYZé—“’"
                    .chars()
                    .collect::<Vec<_>>()
            )
            .prop_map(String::from),
            2 => prop::sample::select(vec![
                "<script>", "</script>", "<!--", "-->", "[x](javascript:alert(1))", "{{title}}",
                "{{{raw}}}", "## ", "> ", "- ", "1. ", "2) ", "---", "===", "***", "```", "~~~",
                "    ", "&amp;", "&#32;", "&copy", "<https://example.com>", "https://example.com",
                "www.example.com", "a@b.co", "[^1]", "[[x]]", "[ ] ", "$$", "\\\n", "  \n",
                "|---|", ":---:", "{#id}", "<del>", "</ins>", "\r\n",
            ])
            .prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            1 => "\\PC{1,4}",
        ];
        prop::collection::vec(piece, 1..24)
            .prop_map(|p| p.concat())
            .prop_map(|value| {
                if value.is_empty() {
                    "x".to_string()
                } else {
                    value
                }
            })
    }

    proptest! {
        #![proptest_config(config())]

        /// As the doc comment of `escape` says: in every context, the escaped value reads back as
        /// the value with its line ends (`\r\n`, `\r`, `\n`) as spaces and NUL as U+FFFD, and the
        /// context keeps the structure it has around a plain word (`escape_round_trips`, in
        /// tests/support/markdown_oracle.rs, with the contexts).
        #[test]
        fn escaped_generated_text_reads_back_as_the_original(value in markdown_value()) {
            escape_round_trips(escape, &value).map_err(TestCaseError::fail)?;
        }
    }

    // --- Inputs the fuzz target `markdown_escape` found (README.md, "Fuzzing") -------------
    //
    // Each test names its input file in fuzz/regressions/markdown_escape/; each finding is
    // fixed and its test guards the fix. `assert_round_trip` is the fuzz target's check.

    /// Target `markdown_escape`, fuzz/regressions/markdown_escape/escape-edge-vt and
    /// escape-edge-ff-table-cell: a vertical tab or form feed at either end of a value is
    /// trimmed by the parser like a space (from a paragraph's line, from a table cell), so
    /// `escape` protects it there as it does spaces and tabs (as a character reference).
    #[test]
    fn escape_keeps_a_vertical_tab_or_form_feed_at_either_end() {
        for value in ["\u{b}", "a\u{b}", "\u{b}a", "a\u{c}", "\u{c}a"] {
            assert_round_trip(value);
        }
    }

    /// The same values inside a line, where nothing trims them.
    #[test]
    fn escape_keeps_a_vertical_tab_or_form_feed_inside() {
        for value in ["a\u{b}a", "a\u{c}a", " \u{b} ", "\t\u{c}\t"] {
            assert_round_trip(value);
        }
    }

    /// The code spans in `markdown`.
    fn code_spans(markdown: &str) -> Vec<String> {
        Parser::new_ext(markdown, options())
            .filter_map(|e| match e {
                Event::Code(c) => Some(c.into_string()),
                _ => None,
            })
            .collect()
    }

    /// Target `markdown_escape`, fuzz/regressions/markdown_escape/code-span-blank: `code_span`
    /// decides whether to pad with `str::trim` (any Unicode white space), but CommonMark strips
    /// one space from each side of a code span unless it is made of spaces (U+0020) only, so
    /// " \u{c} " and " \u{a0} " lose their outer spaces. (A form feed or vertical tab is a
    /// control, which a code span cannot write as a reference: such a value is escaped text
    /// since issue 18, and reads back as itself all the same.)
    #[test]
    fn code_span_keeps_outer_spaces_around_other_white_space() {
        for value in [" \u{a0} ", " \u{3000} ", "  \u{a0}\t "] {
            let markup = code_span(value);
            assert_eq!(code_spans(&markup), [value], "{value:?} as {markup:?}");
        }
        for value in [" \u{c} ", " \u{b} "] {
            assert_eq!(code_span(value), escape(value));
            assert_round_trip(value);
        }
    }

    /// What `code_span` gets right around that finding.
    #[test]
    fn code_span_keeps_spaces() {
        for value in [" ", "  ", " x ", " `x` ", "\u{a0}", " \u{a0}x "] {
            let markup = code_span(value);
            assert_eq!(code_spans(&markup), [value], "{value:?} as {markup:?}");
        }
    }
}

#[cfg(test)]
mod reference_tests {
    use super::super::markdown_oracle::escape_round_trips;
    use super::*;

    /// Issue 18: bidirectional controls, other invisible format characters, and controls
    /// reach report.md as character references, and read back as the original text.
    #[test]
    fn bidi_controls_and_invisible_characters_become_character_references() {
        assert_eq!(escape("a\u{202e}b"), "a&#x202E;b");
        assert_eq!(escape("\u{202e}"), "&#x202E;");
        assert_eq!(escape("x\u{1b}[31m"), "x&#x1B;\\[31m");
        assert_eq!(
            escape("soft\u{ad}hyphen\u{200b}\u{feff}"),
            "soft&#xAD;hyphen&#x200B;&#xFEFF;"
        );
        for value in [
            "claim \u{202e}txt.exe",
            "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}",
            "\u{2028}\u{2029}\u{85}\u{7f}\u{80}\u{9f}\u{1}\u{1b}\u{b}x\u{c}",
            "- \u{202e} item",
            "1.\u{200b}",
            "\u{ad}",
            "\u{e0001}\u{e0041}",
            "a\u{200d}b 👨\u{200d}👩",
        ] {
            let escaped = escape(value);
            assert!(!escaped.chars().any(as_reference), "{value:?} as {escaped:?}");
            if let Err(e) = escape_round_trips(escape, value) {
                panic!("{e}");
            }
            // File names (code spans) and URLs hold none raw either.
            assert_eq!(code_span(value), escaped, "{value:?}");
            assert!(!url_markup(&format!("https://x.org/{value}")).chars().any(as_reference));
        }
        assert_eq!(code_span("a\u{202e}txt.exe"), "a&#x202E;txt.exe");
        assert_eq!(code_span("e##[error].txt"), "e\\#\\#\\[error\\].txt");
    }
}
