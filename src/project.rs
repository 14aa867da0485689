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

/// How a cited source bears on its claim (`stance =` of a citation).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    /// The source says what the claim says.
    #[default]
    Supports,
    /// The source says otherwise.
    Refutes,
    /// The source frames the claim without settling it.
    Context,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Supports, Stance::Refutes, Stance::Context];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Refutes => "refutes",
            Stance::Context => "context",
        }
    }
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
    index: Option<RawIndex>,
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
    language: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    database: Option<Spanned<RawDatabase>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDatabase {
    Url(String),
    Env { env: String },
}

/// `[index] database`: where the archive is (see `crate::archive`).
#[derive(Debug, Clone)]
pub enum DatabaseSetting {
    /// A URL written in the file (without a password: refused with one).
    Url(String),
    /// The name of the environment variable that holds the URL.
    Env(String),
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
    /// Who made the claim (ClaimReview's `itemReviewed.author`).
    claimant: Option<String>,
    /// When the claim was made (ClaimReview's `itemReviewed.datePublished`).
    claimed: Option<toml::value::Datetime>,
    /// Where the claim was made: web addresses, not the evidence.
    #[serde(default)]
    appeared_in: Vec<Spanned<String>>,
    #[serde(default)]
    citations: Vec<RawCitation>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    source: Spanned<String>,
    quote: Option<Spanned<String>>,
    #[serde(default)]
    stance: Stance,
    note: Option<String>,
    /// The page of a PDF source the quote is on, as the reviewer read it.
    page: Option<Spanned<i64>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
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
    /// The language of the claims and notes, a BCP 47 tag (default "en"): the PDF's `/Lang`.
    pub language: String,
    /// The sources folder as written in the file (default "seeds").
    pub sources_dir: String,
    pub sources_dir_span: Option<Range<usize>>,
    pub declared_sources: Vec<DeclaredSource>,
    pub claims: Vec<Claim>,
    /// `[index] database`, and where it is written.
    pub database: Option<(DatabaseSetting, Range<usize>)>,
    /// Read sources outside the project's folder (declared files, links). Off by default:
    /// a claims file from a pull request must not make CI read (and quote) the machine's files.
    pub allow_outside: bool,
    /// The largest source file read, in bytes (`--max-source-size`); web pages may have a
    /// quarter of it (see [`crate::corpus::DEFAULT_MAX_SOURCE_SIZE`]).
    pub max_source_size: u64,
    /// What the claims file held when it was read ([`Project::open`]), so that `cite --write`
    /// can tell whether it changed since; `None` for text parsed from memory.
    pub read_as: Option<Fingerprint>,
    /// What is worth a warning but not an error (a declared source id that mixes scripts),
    /// printed on standard error by the commands.
    pub warnings: Vec<InputError>,
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
    /// Who made the claim, if `claims.toml` says.
    pub claimant: Option<String>,
    /// When the claim was made: a TOML date (or date-time), as written.
    pub claimed: Option<String>,
    /// The `http(s)` addresses where the claim was made (not the evidence), first first.
    pub appeared_in: Vec<String>,
    pub citations: Vec<Citation>,
    /// Rule ids whose findings about this claim are accepted (`allow = ["quote-elided"]`).
    pub allow: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Citation {
    pub source: String,
    pub source_span: Range<usize>,
    /// None: the reviewer vouches for a paraphrase of the source; its best passage for the
    /// claim is shown instead.
    pub quote: Option<String>,
    /// The quote's place in the claims file, or the source's when there is no quote (where
    /// findings about the citation point).
    pub quote_span: Range<usize>,
    pub stance: Stance,
    /// Why this source, what it does not say.
    pub note: Option<String>,
    /// Rule ids whose findings about this citation are accepted.
    pub allow: Vec<String>,
    /// `page = N`: the page of a PDF source the quote is on (1-based), and where it is
    /// written; `check` warns when the quote is found on another page.
    pub page: Option<(u32, Range<usize>)>,
}

pub const DEFAULT_SOURCES_DIR: &str = "seeds";
pub const DEFAULT_LANGUAGE: &str = "en";

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
            let key = e
                .span()
                .map(|s| key_before(&text, s.start))
                .unwrap_or_default();
            err.help(toml_help(e.message(), key))
        })?;

        let (sources_dir, sources_dir_span) = match raw.project.sources {
            Some(s) => {
                let span = s.span();
                (s.into_inner(), Some(span))
            }
            None => (DEFAULT_SOURCES_DIR.to_string(), None),
        };

        let language = match raw.project.language {
            Some(tag) => {
                let span = tag.span();
                let tag = tag.into_inner();
                check_language(&tag).map_err(|why| {
                    InputError::new(format!("invalid language \"{tag}\" in [project]: {why}"))
                        .at(at(span))
                        .help("write a BCP 47 language tag: a two- or three-letter ISO 639 code, then optional subtags joined by '-', e.g. language = \"en\", \"de-CH\" or \"pt-BR\"")
                })?;
                tag
            }
            None => DEFAULT_LANGUAGE.to_string(),
        };

        let mut declared_sources = Vec::new();
        let mut warnings = Vec::new();
        for (key, source) in raw.sources {
            let id_span = key.span();
            let id = key.into_inner();
            match crate::source_id::check(&id) {
                crate::source_id::Check::Ok => {}
                crate::source_id::Check::LookAlike(why) => warnings.push(
                    InputError::new(format!("source id \"{id}\": {why}"))
                        .at(at(id_span.clone()))
                        .help("retype the id in one script if the mix is not meant"),
                ),
                crate::source_id::Check::Refused(why) => {
                    return Err(
                        InputError::new(format!("invalid source id \"{id}\": {why}"))
                            .at(at(id_span.clone()))
                            .help(crate::source_id::allowed_set()),
                    );
                }
            }
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
                let source_span = c.source.span();
                let (quote, quote_span) = match c.quote {
                    Some(q) => {
                        let span = q.span();
                        let quote = q.into_inner();
                        if quote.trim().is_empty() {
                            return Err(InputError::new(format!(
                                "claim \"{id}\" has a citation with an empty quote"
                            ))
                            .at(at(span))
                            .help("copy the words from the source, or remove the `quote` line to cite the source without one"));
                        }
                        if !crate::quote::has_word(&quote) {
                            return Err(InputError::new(format!(
                                "claim \"{id}\" has a citation whose quote holds no word, only punctuation or invisible characters"
                            ))
                            .at(at(span))
                            .help("a quote is found only by its words: copy at least one word from the source, or remove the `quote` line to cite the source without one"));
                        }
                        (Some(quote), span)
                    }
                    None => (None, source_span.clone()),
                };
                let page = match c.page {
                    None => None,
                    Some(p) => {
                        let span = p.span();
                        match u32::try_from(*p.get_ref()) {
                            Ok(n) if n >= 1 => Some((n, span)),
                            _ => {
                                return Err(InputError::new(format!(
                                    "claim \"{id}\" has a citation with page = {}, which is no page",
                                    p.get_ref()
                                ))
                                .at(at(span))
                                .help("pages count from 1, as a PDF viewer numbers them: write the page the quote is on, or remove `page`"))
                            }
                        }
                    }
                };
                citations.push(Citation {
                    source_span,
                    source: c.source.into_inner(),
                    quote,
                    quote_span,
                    stance: c.stance,
                    note: c.note,
                    allow: allowed_rules(c.allow, &at)?,
                    page,
                });
            }
            let appeared_in = web_addresses(&id, claim.appeared_in, &at)?;
            claims.push(Claim {
                id,
                id_span,
                text: claim_text,
                text_span,
                verdict: claim.verdict,
                note: claim.note,
                tags: claim.tags,
                claimant: claim
                    .claimant
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
                claimed: claim.claimed.map(|d| d.to_string()),
                appeared_in,
                citations,
                allow: allowed_rules(claim.allow, &at)?,
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
            language,
            sources_dir,
            sources_dir_span,
            declared_sources,
            claims,
            database: raw.index.and_then(|i| i.database).map(|d| {
                let span = d.span();
                let setting = match d.into_inner() {
                    RawDatabase::Url(url) => DatabaseSetting::Url(url),
                    RawDatabase::Env { env } => DatabaseSetting::Env(env),
                };
                (setting, span)
            }),
            allow_outside: false,
            max_source_size: crate::corpus::DEFAULT_MAX_SOURCE_SIZE,
            read_as: None,
            warnings,
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

/// The key of the `key = value` line a TOML error at `at` is on, for its help.
fn key_before(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .split_once('=')
        .map_or("", |(key, _)| key.trim())
}

fn toml_help(message: &str, key: &str) -> String {
    if message.contains("unknown field") {
        "remove or rename the field; the allowed fields are listed above (see README.md, \"The claims file\")".into()
    } else if message.contains("unknown variant") && message.contains("`refutes`") {
        format!(
            "a citation's stance is one of: {} (default \"supports\")",
            Stance::ALL.map(Stance::as_str).join(", ")
        )
    } else if message.contains("unknown variant") {
        format!(
            "a verdict is one of: {}",
            Verdict::ALL.map(Verdict::as_str).join(", ")
        )
    } else if message.contains("expected a TOML datetime") {
        date_help(message, if key.is_empty() { "published" } else { key })
    } else if message.contains("missing field") {
        "add the field; see README.md, \"The claims file\"".into()
    } else {
        "fix the TOML syntax at the marked place (strings in double quotes, one key = value per line)".into()
    }
}

/// A BCP 47 tag in shape (RFC 5646's syntax, not its registry): a primary language subtag of
/// two or three letters, then subtags of one to eight letters or digits, joined by '-'.
fn check_language(tag: &str) -> Result<(), &'static str> {
    if tag.is_empty() {
        return Err("it is empty");
    }
    if tag.contains('_') {
        return Err("subtags are joined by '-', not '_'");
    }
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err("it must start with a two- or three-letter language code");
    }
    for subtag in subtags {
        if subtag.is_empty()
            || subtag.len() > 8
            || !subtag.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err("each subtag after the first is one to eight letters or digits");
        }
    }
    Ok(())
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
fn date_help(message: &str, key: &str) -> String {
    let quoted = message
        .strip_prefix("invalid type: string \"")
        .and_then(|rest| rest.split_once('"'))
        .map(|(value, _)| value);
    match quoted {
        Some(value) if value.trim().parse::<toml::value::Datetime>().is_ok() => format!(
            "write the date without quotes: {key} = {}; a TOML date is not a string",
            value.trim()
        ),
        _ => format!("write the date as a TOML date, without quotes: {key} = YYYY-MM-DD (e.g. {key} = 2025-09-25)"),
    }
}

/// A claim's `appeared_in`: each an `http(s)` address without spaces, or an error at it.
fn web_addresses(
    claim: &str,
    urls: Vec<Spanned<String>>,
    at: &impl Fn(Range<usize>) -> Location,
) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    for url in urls {
        let span = url.span();
        let url = url.into_inner();
        let trimmed = url.trim();
        let lower = trimmed.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        let plain = !trimmed.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plain || rest.is_none_or(str::is_empty) {
            return Err(InputError::new(format!(
                "claim \"{claim}\" has an appeared_in that is not a web address: \"{}\"",
                url.escape_debug()
            ))
            .at(at(span))
            .label("not an http(s) address")
            .help("appeared_in lists the pages where the claim was made, each a full address: appeared_in = [\"https://example.org/speech\"]"));
        }
        if !out.iter().any(|u| u == trimmed) {
            out.push(trimmed.to_string());
        }
    }
    Ok(out)
}

/// The rule ids of an `allow = [...]`, each one a rule of `check`: an unknown id is an error at
/// its place, with the closest id and the list of them.
fn allowed_rules(
    allow: Vec<Spanned<String>>,
    at: &impl Fn(Range<usize>) -> Location,
) -> Result<Vec<String>> {
    let known: Vec<&str> = crate::check::Rule::ALL.iter().map(|r| r.id()).collect();
    allow
        .into_iter()
        .map(|id| {
            let span = id.span();
            let id = id.into_inner();
            if known.contains(&id.as_str()) {
                return Ok(id);
            }
            let near = known
                .iter()
                .map(|k| (similar::TextDiff::from_chars(id.as_str(), *k).ratio(), *k))
                .filter(|(r, _)| *r >= 0.7)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
                .map(|(_, k)| format!("did you mean \"{k}\"? "))
                .unwrap_or_default();
            Err(InputError::new(format!("unknown rule \"{id}\" in `allow`"))
                .at(at(span))
                .label("no rule has this id")
                .help(format!(
                    "{near}`allow` takes the rule ids of `factcheck check`: {}",
                    // All of them (13), not a shortened list: the user picks one.
                    known
                        .iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
        })
        .collect()
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
    fn the_language_is_a_bcp47_tag_and_english_by_default() {
        assert_eq!(parse(GOOD).unwrap().language, "en");
        let with = |tag: &str| {
            parse(&GOOD.replacen(
                "title = \"T\"",
                &format!("title = \"T\"\nlanguage = \"{tag}\""),
                1,
            ))
        };
        for good in [
            "de",
            "de-CH",
            "pt-BR",
            "zh-Hant-TW",
            "sr-Latn",
            "es-419",
            "gsw",
        ] {
            assert_eq!(with(good).unwrap().language, good);
        }
        for bad in [
            "",
            "english",
            "en_US",
            "e",
            "en-",
            "en-toolongsubtag",
            "fr--CA",
            "1a",
        ] {
            let e = with(bad).unwrap_err().to_string();
            assert!(e.contains("invalid language"), "{bad}: {e}");
            assert!(e.contains(":4:"), "{bad}: the line is named: {e}");
        }
    }

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
    fn citations_have_a_stance_a_note_and_an_optional_quote() {
        let c = &parse(GOOD).unwrap().claims[0].citations[0];
        assert_eq!((c.stance, c.note.as_deref()), (Stance::Supports, None));
        let p = parse(&GOOD.replace(
            "quote = \"held in a Microsoft datacentre\"",
            "stance = \"refutes\"\nnote = \"Says Ireland.\"",
        ))
        .unwrap();
        let c = &p.claims[0].citations[0];
        assert_eq!(c.stance, Stance::Refutes);
        assert_eq!(c.note.as_deref(), Some("Says Ireland."));
        assert_eq!(c.quote, None);
        // Findings about a citation without a quote point at its source.
        assert_eq!(c.quote_span, c.source_span);
        assert_eq!(p.line_col(c.quote_span.start), (17, 10));
    }

    #[test]
    fn rejects_an_unknown_stance_with_line_column_and_the_allowed_values() {
        let err = parse(&GOOD.replace("quote = \"held", "stance = \"agrees\"\nquote = \"held"))
            .unwrap_err();
        assert!(
            err.message.contains("unknown variant `agrees`"),
            "{}",
            err.message
        );
        let at = err.location.unwrap();
        assert_eq!((at.line, at.column), (18, 10));
        assert_eq!(
            err.help.as_deref(),
            Some(
                "a citation's stance is one of: supports, refutes, context (default \"supports\")"
            )
        );
    }

    #[test]
    fn citations_and_claims_allow_rules_by_id() {
        let p = parse(&GOOD.replace(
            "quote = \"held",
            "allow = [\"quote-elided\", \"source-changed\"]\nquote = \"held",
        ))
        .unwrap();
        assert_eq!(
            p.claims[0].citations[0].allow,
            ["quote-elided", "source-changed"]
        );
        assert!(p.claims[0].allow.is_empty());
        let p = parse(&GOOD.replace("tags =", "allow = [\"too-few-sources\"]\ntags =")).unwrap();
        assert_eq!(p.claims[0].allow, ["too-few-sources"]);
    }

    #[test]
    fn rejects_an_unknown_allowed_rule_at_its_place_with_every_rule_id() {
        let err = parse(&GOOD.replace("tags =", "allow = [\"quote-elided\", \"elided\"]\ntags ="))
            .unwrap_err();
        assert_eq!(err.message, "unknown rule \"elided\" in `allow`");
        let at = err.location.unwrap();
        assert_eq!(at.column, 26);
        let help = err.help.unwrap();
        for rule in crate::check::Rule::ALL {
            assert!(help.contains(&format!("\"{}\"", rule.id())), "{help}");
        }
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
    fn a_claim_says_who_made_it_when_and_where() {
        let text = GOOD.replace(
            "tags =",
            "claimant = \" The minister \"\nclaimed = 2025-03-02\nappeared_in = [\"https://tv.example/a\", \"https://tv.example/a\", \"http://b.example/\"]\ntags =",
        );
        let p = parse(&text).unwrap();
        let claim = &p.claims[0];
        assert_eq!(claim.claimant.as_deref(), Some("The minister"));
        assert_eq!(claim.claimed.as_deref(), Some("2025-03-02"));
        assert_eq!(
            claim.appeared_in,
            ["https://tv.example/a", "http://b.example/"]
        );
        // The date hint names the key it is for.
        let quoted = text.replace("claimed = 2025-03-02", "claimed = \"2025-03-02\"");
        let help = parse(&quoted).unwrap_err().help.unwrap();
        assert!(
            help.contains("without quotes: claimed = 2025-03-02"),
            "{help}"
        );
        for bad in [
            "\"tv.example/a\"",
            "\"https://\"",
            "\"https://a b\"",
            "\"javascript:x\"",
        ] {
            let text = text.replace("\"http://b.example/\"", bad);
            let err = parse(&text).unwrap_err();
            assert!(
                err.message.contains("not a web address"),
                "{bad}: {}",
                err.message
            );
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
