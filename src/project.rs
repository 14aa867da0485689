//! `claims.toml`: the serde model, validated, with byte spans kept for diagnostics.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{InputError, Location, Result};
use crate::input::{self, Fingerprint, Kind, ReadError};

/// What the curator concluded about a claim.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Supported,
    PartlySupported,
    Disputed,
    Unsupported,
    #[default]
    Unverified,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Supported,
        Verdict::PartlySupported,
        Verdict::Disputed,
        Verdict::Unsupported,
        Verdict::Unverified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::PartlySupported => "partly-supported",
            Verdict::Disputed => "disputed",
            Verdict::Unsupported => "unsupported",
            Verdict::Unverified => "unverified",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    project: RawProject,
    #[serde(default)]
    sources: BTreeMap<Spanned<String>, RawSource>,
    #[serde(default)]
    claims: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    title: String,
    sources: Option<Spanned<String>>,
    description: Option<String>,
    author: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    file: Spanned<String>,
    publisher: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    verdict: Verdict,
    note: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    citations: Vec<RawCitation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    source: Spanned<String>,
    quote: Spanned<String>,
}

/// A validated claims file.
#[derive(Debug, Clone)]
pub struct Project {
    /// The claims file as the user named it (used in diagnostics).
    pub path: PathBuf,
    /// The folder holding the claims file; relative paths inside it start here.
    pub root: PathBuf,
    /// The claims file's text, for line:column and snippets.
    pub text: Arc<str>,
    lines: crate::text::LineIndex,
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The sources folder as written in the file (default "seeds").
    pub sources_dir: String,
    pub sources_dir_span: Option<Range<usize>>,
    pub declared_sources: Vec<DeclaredSource>,
    pub claims: Vec<Claim>,
    /// Read sources outside the project's folder (declared files, links). Off by default:
    /// a claims file from a pull request must not make CI read (and quote) the machine's files.
    pub allow_outside: bool,
    /// What the claims file held when it was read ([`Project::open`]), so that `cite --write`
    /// can tell whether it changed since; `None` for text parsed from memory.
    pub read_as: Option<Fingerprint>,
}

#[derive(Debug, Clone)]
pub struct DeclaredSource {
    pub id: String,
    pub id_span: Range<usize>,
    pub file: String,
    pub file_span: Range<usize>,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub id_span: Range<usize>,
    pub text: String,
    pub text_span: Range<usize>,
    pub verdict: Verdict,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone)]
pub struct Citation {
    pub source: String,
    pub source_span: Range<usize>,
    pub quote: String,
    pub quote_span: Range<usize>,
}

pub const DEFAULT_SOURCES_DIR: &str = "seeds";

impl Project {
    /// Read and validate a claims file, refusing one that links out of its folder (see
    /// [`Project::open`]).
    pub fn load(path: &Path) -> Result<Project> {
        Project::open(path, false)
    }

    /// Read and validate a claims file with `input::read`: a link out of the folder
    /// that holds it is refused unless `allow_outside`, the size is capped, and an error in a
    /// file that is not text (or lies outside the project) shows none of its lines.
    pub fn open(path: &Path, allow_outside: bool) -> Result<Project> {
        let mut input = match input::read(path, Kind::Claims, allow_outside) {
            Ok(input) => input,
            Err(ReadError::Missing(e)) => {
                return Err(InputError::io("read the claims file", path, &e).help(
                    "pass --claims PATH, or run factcheck from the folder that holds claims.toml",
                ))
            }
            Err(ReadError::Failed(e)) => return Err(e),
        };
        let text = String::from_utf8(std::mem::take(&mut input.bytes)).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            InputError::new(format!(
                "the claims file is not valid UTF-8 (byte offset {at})"
            ))
            .at(Location::file(path))
            .help("save the file as UTF-8")
        })?;
        let root = input::folder_of(path);
        let mut project = Project::parse(path, root, text).map_err(|e| {
            if input.quotable {
                e
            } else {
                input::unquoted(e, path, Kind::Claims, &input)
            }
        })?;
        project.allow_outside = allow_outside;
        project.read_as = Some(input.fingerprint);
        Ok(project)
    }

    /// Parse and validate claims-file text; `path` and `root` are used for messages and paths.
    pub fn parse(path: &Path, root: PathBuf, text: String) -> Result<Project> {
        let text: Arc<str> = Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text));
        let at = |span: Range<usize>| Location::in_text(path, &text, span);
        if text.trim().is_empty() {
            return Err(InputError::new(format!("{} is empty", path.display()))
                .at(Location::file(path))
                .help("a claims file needs at least a [project] table with a title; see README.md, \"The claims file\""));
        }
        let raw: RawFile = toml::from_str(&text).map_err(|e| {
            let mut err =
                InputError::new(format!("invalid claims file: {}", e.message().trim_end()));
            if let Some(span) = e.span() {
                err = err.at(at(span));
            } else {
                err = err.at(Location::file(path));
            }
            err.help(toml_help(e.message()))
        })?;

        let (sources_dir, sources_dir_span) = match raw.project.sources {
            Some(s) => {
                let span = s.span();
                (s.into_inner(), Some(span))
            }
            None => (DEFAULT_SOURCES_DIR.to_string(), None),
        };

        let mut declared_sources = Vec::new();
        for (key, source) in raw.sources {
            let id_span = key.span();
            let id = key.into_inner();
            check_id(&id).map_err(|why| {
                InputError::new(format!("invalid source id \"{id}\": {why}"))
                    .at(at(id_span.clone()))
                    .help("source ids use lowercase letters, digits, '-', '_', '.' and '/'")
            })?;
            let file_span = source.file.span();
            declared_sources.push(DeclaredSource {
                id,
                id_span,
                file: source.file.into_inner(),
                file_span,
                publisher: source.publisher,
                title: source.title,
                url: source.url,
                published: source.published.map(|d| d.to_string()),
            });
        }
        // Two declarations of the same file would give one text two ids.
        let mut by_file: BTreeMap<String, &DeclaredSource> = BTreeMap::new();
        for s in &declared_sources {
            let key = s.file.replace('\\', "/");
            if let Some(first) = by_file.insert(key, s) {
                let (line, _) =
                    crate::text::LineIndex::new(&text).line_col(&text, first.file_span.start);
                return Err(InputError::new(format!(
                    "file \"{}\" is declared twice, as \"{}\" and \"{}\"",
                    s.file, first.id, s.id
                ))
                .at(at(s.file_span.clone()))
                .label(format!("first declared on line {line}"))
                .help("keep one [sources.<id>] table per file"));
            }
        }

        let mut claims: Vec<Claim> = Vec::with_capacity(raw.claims.len());
        let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for claim in raw.claims {
            let id_span = claim.id.span();
            let id = claim.id.into_inner();
            if let Err(why) = check_claim_id(&id) {
                return Err(InputError::new(format!("invalid claim id \"{id}\": {why}"))
                    .at(at(id_span))
                    .help("claim ids use lowercase letters, digits and '-', e.g. \"netherlands-datacentre\""));
            }
            if let Some(first) = seen.get(&id) {
                let (line, _) = crate::text::LineIndex::new(&text).line_col(&text, first.start);
                return Err(InputError::new(format!("duplicate claim id \"{id}\""))
                    .at(at(id_span))
                    .label(format!("first used on line {line}"))
                    .help("give each claim its own id"));
            }
            seen.insert(id.clone(), id_span.clone());
            let text_span = claim.text.span();
            let claim_text = claim.text.into_inner();
            if claim_text.trim().is_empty() {
                return Err(InputError::new(format!("claim \"{id}\" has an empty text"))
                    .at(at(text_span))
                    .help("write the claim as one sentence in your own words"));
            }
            let mut citations = Vec::with_capacity(claim.citations.len());
            for c in claim.citations {
                let quote_span = c.quote.span();
                let quote = c.quote.into_inner();
                if quote.trim().is_empty() {
                    return Err(InputError::new(format!(
                        "claim \"{id}\" has a citation with an empty quote"
                    ))
                    .at(at(quote_span))
                    .help("copy the words from the source, or remove the citation"));
                }
                citations.push(Citation {
                    source_span: c.source.span(),
                    source: c.source.into_inner(),
                    quote,
                    quote_span,
                });
            }
            claims.push(Claim {
                id,
                id_span,
                text: claim_text,
                text_span,
                verdict: claim.verdict,
                note: claim.note,
                tags: claim.tags,
                citations,
            });
        }

        Ok(Project {
            path: path.to_path_buf(),
            root,
            lines: crate::text::LineIndex::new(&text),
            text,
            title: raw.project.title,
            description: raw.project.description,
            author: raw.project.author,
            url: raw.project.url,
            sources_dir,
            sources_dir_span,
            declared_sources,
            claims,
            allow_outside: false,
            read_as: None,
        })
    }

    /// Where the sources folder is on disk.
    pub fn sources_path(&self) -> PathBuf {
        self.root.join(&self.sources_dir)
    }

    /// A location in the claims file, for diagnostics.
    pub fn location(&self, span: Range<usize>) -> Location {
        Location::in_text(&self.path, &self.text, span)
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }
}

fn toml_help(message: &str) -> String {
    if message.contains("unknown field") {
        "remove or rename the field; the allowed fields are listed above (see README.md, \"The claims file\")".into()
    } else if message.contains("unknown variant") {
        format!(
            "a verdict is one of: {}",
            Verdict::ALL.map(Verdict::as_str).join(", ")
        )
    } else if message.contains("expected a TOML datetime") {
        date_help(message)
    } else if message.contains("missing field") {
        "add the field; see README.md, \"The claims file\"".into()
    } else {
        "fix the TOML syntax at the marked place (strings in double quotes, one key = value per line)".into()
    }
}

fn check_claim_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("it is empty");
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err("only lowercase letters a-z, digits and '-' are allowed");
    }
    Ok(())
}

/// The help for a `published` value that is no TOML date. The commonest case is a date in
/// quotes, a string to TOML: the fix is to take the quotes away, the opposite of the general
/// "strings in double quotes".
fn date_help(message: &str) -> String {
    let quoted = message
        .strip_prefix("invalid type: string \"")
        .and_then(|rest| rest.split_once('"'))
        .map(|(value, _)| value);
    match quoted {
        Some(value) if value.trim().parse::<toml::value::Datetime>().is_ok() => format!(
            "write the date without quotes: published = {}; a TOML date is not a string",
            value.trim()
        ),
        _ => "write the date as a TOML date, without quotes: published = YYYY-MM-DD (e.g. published = 2025-09-25)".into(),
    }
}

/// Source ids are claim-id characters plus the separators of derived ids (`business/001`).
fn check_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("it is empty");
    }
    if !id.bytes().all(|b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.' | b'/')
    }) {
        return Err("only lowercase letters a-z, digits, '-', '_', '.' and '/' are allowed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Project> {
        Project::parse(
            Path::new("claims.toml"),
            PathBuf::from("."),
            text.to_string(),
        )
    }

    const GOOD: &str = r#"
[project]
title = "T"

[sources.guardian]
file = "002.txt"
publisher = "Guardian"
published = 2025-09-25

[[claims]]
id = "netherlands"
text = "Held in the Netherlands."
verdict = "partly-supported"
tags = ["storage"]

[[claims.citations]]
source = "guardian"
quote = "held in a Microsoft datacentre"
"#;

    #[test]
    fn parses_claims_with_spans() {
        let p = parse(GOOD).unwrap();
        assert_eq!(p.sources_dir, "seeds");
        assert_eq!(
            p.declared_sources[0].published.as_deref(),
            Some("2025-09-25")
        );
        let c = &p.claims[0];
        assert_eq!(c.verdict, Verdict::PartlySupported);
        assert_eq!(&p.text[c.id_span.clone()], "\"netherlands\"");
        assert_eq!(p.line_col(c.citations[0].quote_span.start), (18, 9));
    }

    #[test]
    fn rejects_unknown_field_with_location() {
        let err = parse(&GOOD.replace("tags =", "tag =")).unwrap_err();
        assert!(
            err.message.contains("unknown field `tag`"),
            "{}",
            err.message
        );
        assert_eq!(err.location.unwrap().line, 14);
    }

    #[test]
    fn rejects_duplicate_claim_id() {
        let twice = format!("{GOOD}\n[[claims]]\nid = \"netherlands\"\ntext = \"again\"\n");
        let err = parse(&twice).unwrap_err();
        assert!(err.message.contains("duplicate claim id"));
        assert_eq!(err.location.unwrap().line, 21);
        assert!(err.label.unwrap().contains("line 11"));
    }

    #[test]
    fn a_quoted_date_is_told_to_lose_its_quotes() {
        let err = parse(&GOOD.replace("published = 2025-09-25", "published = \"2025-09-25\""))
            .unwrap_err();
        assert_eq!(err.location.unwrap().line, 8);
        let help = err.help.unwrap();
        assert!(
            help.contains("without quotes: published = 2025-09-25"),
            "{help}"
        );
        assert!(!help.contains("strings in double quotes"), "{help}");
        // A string that is no date, or a number, gets the form a date takes.
        for value in ["\"25 September 2025\"", "20250925"] {
            let text = GOOD.replace("published = 2025-09-25", &format!("published = {value}"));
            let help = parse(&text).unwrap_err().help.unwrap();
            assert!(help.contains("published = YYYY-MM-DD"), "{value}: {help}");
        }
    }

    #[test]
    fn rejects_bad_ids_verdicts_and_empty_files() {
        assert!(parse(&GOOD.replace("\"netherlands\"", "\"Nether lands\""))
            .unwrap_err()
            .message
            .contains("invalid claim id"));
        let err = parse(&GOOD.replace("partly-supported", "true-ish")).unwrap_err();
        assert!(err.help.unwrap().contains("supported, partly-supported"));
        assert!(parse("  \n").unwrap_err().message.contains("is empty"));
        let err = parse("[project\ntitle = 1").unwrap_err();
        assert_eq!(err.location.unwrap().line, 1);
    }
}
