//! The lock file on disk: its fixed TOML layout, written by hand so that its bytes are fixed,
//! and read back with the place of every mistake.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{Anchor, Lock, LockedSource, VERSION};
use crate::error::{InputError, Location, Result};

const HEADER: &str = "\
# claims.lock: written by `factcheck lock`; do not edit by hand.
# Each source's sha256, and where every holding quote was found (W3C Web Annotation
# TextQuoteSelector: exact, prefix, suffix; TextPositionSelector: start, in bytes).
# `factcheck check` reports sources that changed since; `check --locked` fails on them.
";

impl Lock {
    /// The file's text: fixed layout, one `key = value` per line, strings as one-line TOML
    /// basic strings.
    pub(crate) fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        let _ = writeln!(out, "version = {}", self.version);
        for s in &self.sources {
            out.push_str("\n[[sources]]\n");
            field(&mut out, "id", &s.id);
            field(&mut out, "file", &s.file);
            field(&mut out, "sha256", &s.sha256);
        }
        for a in &self.anchors {
            out.push_str("\n[[anchors]]\n");
            field(&mut out, "claim", &a.claim);
            let _ = writeln!(out, "citation = {}", a.citation);
            field(&mut out, "source", &a.source);
            field(&mut out, "quote", &a.quote);
            field(&mut out, "exact", &a.exact);
            field(&mut out, "prefix", &a.prefix);
            field(&mut out, "suffix", &a.suffix);
            let _ = writeln!(out, "start = {}", a.start);
            let _ = writeln!(out, "line = {}", a.line);
            let _ = writeln!(out, "column = {}", a.column);
        }
        out
    }

    /// Parse and validate lock-file text; `path` names it in errors.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Lock> {
        let text: Arc<str> = Arc::from(text.strip_prefix('\u{feff}').unwrap_or(text));
        let at = |span: Range<usize>| Location::in_text(path, &text, span);
        let toml_error = |e: toml::de::Error| {
            let err = InputError::new(format!("invalid lock file: {}", e.message().trim_end()));
            let err = match e.span() {
                Some(span) => err.at(at(span)),
                None => err.at(Location::file(path)),
            };
            err.help(
                "the lock file is written by `factcheck lock`; run it again to rewrite the file",
            )
        };
        // The version first: a newer format may not parse as this one.
        let header: RawHeader = toml::from_str(&text).map_err(toml_error)?;
        let Some(version) = header.version else {
            return Err(InputError::new("invalid lock file: missing field `version`")
                .at(Location::file(path))
                .help("the lock file is written by `factcheck lock`; run it again to rewrite the file"));
        };
        if *version.get_ref() != i64::from(VERSION) {
            return Err(InputError::new(format!(
                "{} has version {}, but this factcheck ({}) reads version {VERSION}",
                path.display(),
                version.get_ref(),
                env!("CARGO_PKG_VERSION"),
            ))
            .at(at(version.span()))
            .help(if *version.get_ref() > i64::from(VERSION) {
                "it was written by a newer factcheck: upgrade factcheck, or run `factcheck lock` to rewrite it in this version"
            } else {
                "run `factcheck lock` to rewrite it in this version"
            }));
        }
        let raw: RawLock = toml::from_str(&text).map_err(toml_error)?;

        let mut sources = Vec::with_capacity(raw.sources.len());
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for s in raw.sources {
            let id_span = s.id.span();
            let id = s.id.into_inner();
            if let Some(first) = seen.get(&id) {
                return Err(InputError::new(format!(
                    "invalid lock file: source \"{id}\" is listed twice"
                ))
                .at(at(id_span))
                .label(format!("first listed on line {first}"))
                .help("run `factcheck lock` to rewrite the file"));
            }
            seen.insert(id.clone(), line_of(&text, id_span.start));
            let sha_span = s.sha256.span();
            let sha256 = s.sha256.into_inner();
            if sha256.len() != 64
                || !sha256
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                return Err(InputError::new(format!(
                    "invalid lock file: the sha256 of source \"{id}\" is not 64 lowercase hex digits"
                ))
                .at(at(sha_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            sources.push(LockedSource {
                id,
                file: s.file,
                sha256,
            });
        }
        sources.sort_by(|a, b| a.id.cmp(&b.id));

        let mut anchors = Vec::with_capacity(raw.anchors.len());
        let mut keys: BTreeSet<(String, usize)> = BTreeSet::new();
        for a in raw.anchors {
            let source_span = a.source.span();
            let source = a.source.into_inner();
            if !seen.contains_key(&source) {
                return Err(InputError::new(format!(
                    "invalid lock file: an anchor of claim \"{}\" names source \"{source}\", which is not in [[sources]]",
                    a.claim
                ))
                .at(at(source_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            let exact_span = a.exact.span();
            let exact = a.exact.into_inner();
            if exact.is_empty() || a.line == 0 || a.column == 0 {
                return Err(InputError::new(format!(
                    "invalid lock file: the anchor of claim \"{}\", citation {} is empty or has line or column 0",
                    a.claim, a.citation
                ))
                .at(at(exact_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            if !keys.insert((a.claim.clone(), a.citation)) {
                return Err(InputError::new(format!(
                    "invalid lock file: claim \"{}\", citation {} is anchored twice",
                    a.claim, a.citation
                ))
                .at(at(exact_span))
                .help("run `factcheck lock` to rewrite the file"));
            }
            anchors.push(Anchor {
                claim: a.claim,
                citation: a.citation,
                source,
                quote: a.quote,
                exact,
                prefix: a.prefix,
                suffix: a.suffix,
                start: a.start,
                line: a.line,
                column: a.column,
            });
        }
        anchors.sort_by(|a, b| (&a.claim, a.citation).cmp(&(&b.claim, b.citation)));
        Ok(Lock {
            version: VERSION,
            sources,
            anchors,
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// `key = "value"` with the value as a one-line TOML basic string.
fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    basic_string(out, value);
    out.push('\n');
}

/// A TOML basic string on one line. Control characters are escaped (as TOML requires), and so
/// are the invisible ones that copy-and-paste carries (zero-width spaces, soft hyphens, BOM),
/// so that the file shows what the source holds.
fn basic_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{00AD}' | '\u{200B}'
                        ..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{2060}' | '\u{FEFF}'
                ) =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Deserialize)]
struct RawHeader {
    version: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    #[allow(dead_code)]
    version: i64,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    anchors: Vec<RawAnchor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    file: String,
    sha256: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnchor {
    claim: String,
    citation: usize,
    source: Spanned<String>,
    quote: String,
    exact: Spanned<String>,
    prefix: String,
    suffix: String,
    start: usize,
    line: usize,
    column: usize,
}

/// Write a lock file atomically (a temporary file beside it, renamed over it).
pub(crate) fn write(path: &Path, lock: &Lock) -> Result<()> {
    crate::output::write_atomic(path, lock.to_toml().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixture;
    use super::*;

    #[test]
    fn toml_round_trips_and_escapes() {
        let (_f, mut lock) = fixture();
        lock.anchors[0].prefix = "tab\there \"q\" back\\slash \u{1} zw\u{200B}".into();
        let text = lock.to_toml();
        assert!(
            text.contains(r#"prefix = "tab\there \"q\" back\\slash \u0001 zw\u200B""#),
            "{text}"
        );
        assert!(text.contains("suffix = \". Within days it moved.\\n\\nSmith w\"\n"));
        let back = Lock::parse(Path::new("claims.lock"), &text).unwrap();
        assert_eq!(back, lock);
        assert_eq!(back.to_toml(), text);
    }

    #[test]
    fn rejects_bad_lock_files_with_places() {
        let (_f, lock) = fixture();
        let text = lock.to_toml();
        let err = Lock::parse(
            Path::new("claims.lock"),
            &text.replace("version = 1", "version = 2"),
        )
        .unwrap_err();
        assert!(err.message.contains("has version 2"), "{}", err.message);
        assert!(err.help.as_deref().unwrap().contains("newer factcheck"));
        assert_eq!(err.location.as_ref().unwrap().line, 5);

        let err = Lock::parse(
            Path::new("claims.lock"),
            &text.replacen("sha256 = \"", "sha256 = \"zz", 1),
        )
        .unwrap_err();
        assert!(err.message.contains("64 lowercase hex"), "{}", err.message);

        let err = Lock::parse(
            Path::new("claims.lock"),
            &text.replacen("exact =", "exakt =", 1),
        )
        .unwrap_err();
        assert!(
            err.message.contains("unknown field `exakt`"),
            "{}",
            err.message
        );
        assert!(err.location.as_ref().unwrap().line > 5);

        let err = Lock::parse(Path::new("claims.lock"), "sources = []\n").unwrap_err();
        assert!(
            err.message.contains("missing field `version`"),
            "{}",
            err.message
        );
    }
}
