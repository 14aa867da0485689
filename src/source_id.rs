//! What a source id may be (README.md, "Sources"): one rule for the ids taken from file names
//! and the ids declared in claims.toml (`[sources.<id>]`).
//!
//! An id is shown everywhere people and CI read (human `check`, the GitHub annotations, the
//! reports, `cite`'s TOML), so it holds only characters that show as what they are: letters,
//! digits, marks, punctuation and symbols of any script, and the space (U+0020); `/` only
//! between the folders and the file of an id taken from a path (`business/001`). Refused:
//!
//! - the control characters (a line break in a file name would start a forged line in a CI
//!   log), DEL and the C1 controls;
//! - the backslash, a folder separator on Windows;
//! - the invisible and bidirectional format characters (zero-width spaces and joiners, the
//!   soft hyphen, U+202E ...), the line and paragraph separators, every space but U+0020 (a
//!   no-break space looks like one and is not), and private-use characters.
//!
//! Markup in an id (`[x](y)`, `##[`, a leading `::`) is text like any other: the printers
//! escape it for terminals, CI logs and Markdown (`crate::display`, the Markdown escaper).
//! An id whose letters mix scripts that are not written together, such as
//! a Cyrillic "а" in an otherwise Latin id, is accepted with a warning ([`Check::LookAlike`]):
//! it looks like another id and is not. Latin with Han and the Japanese kana, Han with
//! Bopomofo, or Han with Hangul are written together, as Unicode's "highly restrictive" level
//! (UTS #39) has it, and are not warned about.

use unicode_script::{Script, UnicodeScript};

/// What the rule says of an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Check {
    Ok,
    /// Accepted, but its letters mix scripts: the message says which characters stand out.
    LookAlike(String),
    /// Refused: why, naming the first character that is not allowed.
    Refused(String),
}

/// The rule for one id.
pub(crate) fn check(id: &str) -> Check {
    if id.is_empty() {
        return Check::Refused("it is empty".into());
    }
    if id.starts_with('/') || id.ends_with('/') || id.contains("//") {
        return Check::Refused("'/' may only stand between two parts of a path".into());
    }
    if let Some(c) = id.chars().find(|&c| !allowed(c)) {
        let what = if c.is_control() {
            "a control character"
        } else if c == '\\' {
            "a backslash"
        } else if c.is_whitespace() {
            "a space other than U+0020"
        } else if crate::display::is_invisible(c) || crate::display::is_escaped(c) {
            "an invisible or bidirectional character"
        } else {
            "a private-use character"
        };
        return Check::Refused(format!("it holds {what}, {}", describe(c)));
    }
    match mixed_scripts(id) {
        Some(message) => Check::LookAlike(message),
        None => Check::Ok,
    }
}

/// The help line for a refused id, naming the allowed set.
pub(crate) fn allowed_set() -> String {
    "a source id holds letters, digits, marks, punctuation and symbols, the space U+0020, and '/' between folders: no control, backslash, invisible or bidirectional character, other space or private-use character (README.md, \"Sources\")".to_string()
}

fn allowed(c: char) -> bool {
    let private_use = matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..);
    !(c.is_control()
        || c == '\\'
        || (c.is_whitespace() && c != ' ')
        || crate::display::is_escaped(c)
        || crate::display::is_invisible(c)
        || private_use)
}

/// `'а' (U+0430, Cyrillic)`: the character escaped as the terminal is shown it, its code
/// point and, for a letter, its script.
fn describe(c: char) -> String {
    let shown = crate::display::escape(c.encode_utf8(&mut [0; 4])).into_owned();
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => {
            format!("'{shown}' (U+{:04X})", u32::from(c))
        }
        script => format!("'{shown}' (U+{:04X}, {})", u32::from(c), script.full_name()),
    }
}

/// Scripts written together in one word (UTS #39, "highly restrictive"): a set of scripts
/// within one of these is not mixed.
const WRITTEN_TOGETHER: [&[Script]; 3] = [
    &[
        Script::Latin,
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
    ],
    &[Script::Latin, Script::Han, Script::Bopomofo],
    &[Script::Latin, Script::Han, Script::Hangul],
];

/// When the letters of `id` come from scripts not written together: which characters are not
/// of its main script (the one most of its letters are in; Latin on a tie).
fn mixed_scripts(id: &str) -> Option<String> {
    // Each script with its letters, in the order the id uses them.
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in id.chars() {
        match c.script() {
            Script::Common | Script::Inherited | Script::Unknown => {}
            script => match counts.iter_mut().find(|(s, _)| *s == script) {
                Some((_, n)) => *n += 1,
                None => counts.push((script, 1)),
            },
        }
    }
    if counts.len() < 2
        || WRITTEN_TOGETHER
            .iter()
            .any(|set| counts.iter().all(|(s, _)| set.contains(s)))
    {
        return None;
    }
    // Most letters; Latin, then the first used, on a tie.
    let main = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, &(script, n))| (n, script == Script::Latin, std::cmp::Reverse(i)))
        .map(|(_, &(script, _))| script)?;
    let mut odd: Vec<String> = Vec::new();
    for c in id.chars() {
        let script = c.script();
        if !matches!(script, Script::Common | Script::Inherited | Script::Unknown) && script != main
        {
            let described = describe(c);
            if !odd.contains(&described) {
                odd.push(described);
            }
        }
    }
    let main = main.full_name();
    let (may, are) = if odd.len() == 1 {
        ("may", "is")
    } else {
        ("may", "are")
    };
    Some(format!(
        "its letters mix scripts: {} among {main} letters {may} look like {main} but {are} not",
        odd.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_letters_digits_and_the_punctuation_pass() {
        for id in [
            "000_9145fefdaec83068",
            "business/001",
            "Guardian 2025-09-25 (print), p.3",
            "café",
            "cafe\u{301}",
            "Москва",
            "東京ニュース",
            "NHK報道",
            "ελληνικά",
            "O'Brien & sons",
            "[x](javascript:alert(1))",
            "e##[error] {{title}} `tick` *em* <b>",
            "Guardian – “quoted” 2025",
        ] {
            assert_eq!(check(id), Check::Ok, "{id:?}");
        }
    }

    #[test]
    fn controls_backslashes_and_other_characters_are_refused() {
        for (id, why) in [
            (
                "b\n::error file=x.yml,line=1::FORGED",
                "a control character, '\\u{a}'",
            ),
            ("a\\b", "a backslash, '\\' (U+005C)"),
            (
                "c\u{202e}txt",
                "an invisible or bidirectional character, '\\u{202e}'",
            ),
            (
                "zero\u{200b}width",
                "an invisible or bidirectional character",
            ),
            (
                "no\u{a0}break",
                "a space other than U+0020, '\u{a0}' (U+00A0)",
            ),
            ("a\u{e000}", "a private-use character"),
            ("", "it is empty"),
            ("/abs", "'/' may only stand"),
            ("a//b", "'/' may only stand"),
        ] {
            match check(id) {
                Check::Refused(message) => assert!(message.contains(why), "{id:?}: {message}"),
                other => panic!("{id:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn mixed_scripts_are_look_alikes() {
        // A Cyrillic "а" (U+0430) in a Latin id.
        let Check::LookAlike(message) = check("p\u{430}ypal") else {
            panic!("not a look-alike");
        };
        assert!(
            message.contains("'а' (U+0430, Cyrillic) among Latin letters may look like Latin"),
            "{message}"
        );
        assert!(matches!(check("Αthens"), Check::LookAlike(_)));
        assert!(
            matches!(check("москвa"), Check::LookAlike(m) if m.contains("among Cyrillic letters"))
        );
    }
}
