//! Sources: found on disk, decoded, and cut into paragraphs and sentence passages with byte
//! offsets and line:column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{InputError, Location, Result};
use crate::project::{DeclaredSource, Project};
use crate::text::{word_count, LineIndex};

/// What a paragraph is for; only [`Role::Body`] passages are offered as support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The first line of the file, when it reads as a headline.
    Title,
    /// A short line without closing punctuation: a section heading or a credit.
    Heading,
    /// Newsletter sign-ups, advertising and similar page furniture.
    Furniture,
    Body,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub span: Range<usize>,
    pub role: Role,
}

/// A sentence (or a short run of sentences) of one paragraph.
#[derive(Debug, Clone)]
pub struct Passage {
    pub span: Range<usize>,
    pub paragraph: u32,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    /// Path relative to the sources folder, with `/` separators.
    pub file: String,
    pub path: PathBuf,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// Declared in `claims.toml`: where, for diagnostics.
    pub declared_at: Option<Range<usize>>,
    /// The text, without a byte-order mark; CRLF kept so offsets match the file.
    pub text: String,
    pub sha256: String,
    pub lines: LineIndex,
    pub paragraphs: Vec<Paragraph>,
    pub passages: Vec<Passage>,
}

impl Source {
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    pub fn passage_text(&self, passage: &Passage) -> &str {
        self.text[passage.span.clone()].trim()
    }

    pub fn role_of(&self, passage: &Passage) -> Role {
        self.paragraphs[passage.paragraph as usize].role
    }

    /// The index of the paragraph holding a byte offset.
    pub fn paragraph_at(&self, offset: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.span.end <= offset)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// The passages that overlap a byte range, as one span.
    pub fn passages_around(&self, range: Range<usize>) -> Range<usize> {
        let first = self.passages.partition_point(|p| p.span.end <= range.start);
        let mut start = range.start;
        let mut end = range.end;
        for p in &self.passages[first..] {
            if p.span.start >= range.end {
                break;
            }
            start = start.min(p.span.start);
            end = end.max(p.span.end);
        }
        start..end
    }
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub sources: Vec<Source>,
}

impl Corpus {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.sources[i])
    }

    pub fn source_index(&self, id: &str) -> Option<usize> {
        self.sources
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
    }

    /// Find, read and segment every source of a project.
    pub fn load(project: &Project) -> Result<Corpus> {
        let dir = project.sources_path();
        let dir_location = || match &project.sources_dir_span {
            Some(span) => project.location(span.clone()),
            None => Location::file(&project.path),
        };
        let meta = std::fs::metadata(&dir).map_err(|e| {
            InputError::io("read the sources folder", &dir, &e)
                .at(dir_location())
                .help("set [project] sources to the folder of articles, relative to claims.toml")
        })?;
        if !meta.is_dir() {
            return Err(
                InputError::new(format!("{} is not a folder", dir.display()))
                    .at(dir_location())
                    .help(
                        "set [project] sources to the folder of articles, relative to claims.toml",
                    ),
            );
        }

        let mut found = Vec::new();
        walk(&dir, &dir, &mut found, 0)?;

        // file (relative, '/') -> declaration
        let declared: BTreeMap<String, &DeclaredSource> = project
            .declared_sources
            .iter()
            .map(|d| (normalise_rel(&d.file), d))
            .collect();
        let mut planned: Vec<(String, String, PathBuf, Option<&DeclaredSource>)> = Vec::new();
        for rel in &found {
            let path = dir.join(rel);
            match declared.get(rel) {
                Some(d) => planned.push((d.id.clone(), rel.clone(), path, Some(d))),
                None => planned.push((derived_id(rel), rel.clone(), path, None)),
            }
        }
        // Declared files that the walk did not see: missing, or outside the folder.
        for d in &project.declared_sources {
            let rel = normalise_rel(&d.file);
            if found.binary_search(&rel).is_ok() {
                continue;
            }
            let path = dir.join(&d.file);
            if !path.is_file() {
                return Err(InputError::new(format!(
                    "source \"{}\": file {} does not exist",
                    d.id,
                    path.display()
                ))
                .at(project.location(d.file_span.clone()))
                .help(format!(
                    "`file` is relative to the sources folder {}",
                    dir.display()
                )));
            }
            confine(project, d, &path)?;
            planned.push((d.id.clone(), rel, path, Some(d)));
        }
        planned.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        for pair in planned.windows(2) {
            let ((id, first, ..), (_, second, path, decl)) = (&pair[0], &pair[1]);
            if pair[0].0 != pair[1].0 {
                continue;
            }
            let err = InputError::new(format!(
                "two sources would get the id \"{id}\": {first} and {second}"
            ));
            let err = match decl.or(pair[0].3) {
                Some(d) => err.at(project.location(d.id_span.clone())),
                None => err.at(Location::file(path)),
            };
            return Err(err.help("declare one of them under another id with [sources.<id>] file = \"...\", or rename a file"));
        }

        let sources = planned
            .into_par_iter()
            .map(|(id, rel, path, decl)| read_source(id, rel, path, decl))
            .collect::<Result<Vec<_>>>()?;
        Ok(Corpus { sources })
    }
}

/// Declared files must stay inside the project's folder: a claims file from a pull request
/// must not be able to make us read (and quote back) arbitrary files on the CI machine.
fn confine(project: &Project, decl: &DeclaredSource, path: &Path) -> Result<()> {
    let root = project
        .root
        .canonicalize()
        .unwrap_or_else(|_| project.root.clone());
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if real.starts_with(&root) {
        return Ok(());
    }
    Err(InputError::new(format!(
        "source \"{}\": file {} is outside the project's folder",
        decl.id, decl.file
    ))
    .at(project.location(decl.file_span.clone()))
    .help("copy the article into the sources folder"))
}

const MAX_DEPTH: usize = 64;

/// Collect source files under `dir` (relative, '/' separated, sorted). Symlinked folders are
/// not followed, so a link loop cannot trap the walk.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(InputError::new(format!(
            "the sources folder is nested more than {MAX_DEPTH} levels deep at {}",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| InputError::io("read the folder", dir, &e))?;
    let mut entries: Vec<_> = entries
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| InputError::io("read the folder", dir, &e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| InputError::io("read", &path, &e))?;
        if file_type.is_dir() {
            walk(root, &path, out, depth + 1)?;
        } else if is_source_name(name) && (file_type.is_file() || path.is_file()) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(normalise_rel(&rel.to_string_lossy()));
        }
    }
    if depth == 0 {
        out.sort();
    }
    Ok(())
}

pub fn is_source_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".txt") || lower.ends_with(".md")
}

fn normalise_rel(rel: &str) -> String {
    let rel = rel.replace('\\', "/");
    rel.trim_start_matches("./").to_string()
}

/// `business/001.txt` -> `business/001`.
fn derived_id(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if dot > rel.rfind('/').map_or(0, |s| s + 1) => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

fn read_source(
    id: String,
    file: String,
    path: PathBuf,
    decl: Option<&DeclaredSource>,
) -> Result<Source> {
    let bytes = std::fs::read(&path).map_err(|e| InputError::io("read the source", &path, &e))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let text = decode(&path, bytes)?;
    let mut source = Source {
        id,
        file,
        path,
        title: String::new(),
        publisher: decl.and_then(|d| d.publisher.clone()),
        url: decl.and_then(|d| d.url.clone()),
        published: decl.and_then(|d| d.published.clone()),
        declared_at: decl.map(|d| d.id_span.clone()),
        lines: LineIndex::new(&text),
        text,
        sha256,
        paragraphs: Vec::new(),
        passages: Vec::new(),
    };
    segment(&mut source);
    source.title = decl
        .and_then(|d| d.title.clone())
        .unwrap_or_else(|| text_title(&source));
    Ok(source)
}

/// UTF-8 only; a BOM is dropped. Anything else names the byte where decoding failed.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(InputError::new(format!(
            "{} looks like a binary file (NUL byte at offset {at}), not an article",
            path.display()
        ))
        .at(Location::file(path))
        .help("keep only .txt/.md articles in the sources folder"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
        InputError::new(format!(
            "{} is not valid UTF-8: invalid byte 0x{:02X} at offset {at} (line {line}, column {column})",
            path.display(),
            bytes[at]
        ))
        .at(Location {
            path: path.to_path_buf(),
            line,
            column,
            span: None,
            text: None,
        })
        .help("convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
    })
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The title shown for an undeclared source: its headline, or the start of its first line.
fn text_title(source: &Source) -> String {
    let Some(first) = source.paragraphs.first() else {
        return source.file.clone();
    };
    let line = source.text[first.span.clone()].trim();
    let line = line.trim_start_matches('#').trim();
    if first.role == Role::Title {
        return line.to_string();
    }
    let mut title: String = line
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ");
    if word_count(line) > 12 {
        title.push_str(" ...");
    }
    title
}

/// Longest first line still read as a headline rather than an opening paragraph.
const TITLE_MAX_WORDS: usize = 35;
/// Longest line read as a heading when it has no closing punctuation.
const HEADING_MAX_WORDS: usize = 12;
/// Longest paragraph that furniture keywords can mark as furniture.
const FURNITURE_MAX_WORDS: usize = 40;

fn segment(source: &mut Source) {
    let spans = paragraph_spans(&source.text);
    let mut paragraphs: Vec<Paragraph> = spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| {
            let text = source.text[span.clone()].trim();
            let role = if i == 0 && is_title_line(text) {
                Role::Title
            } else if is_furniture(text) {
                Role::Furniture
            } else if is_heading(text) {
                Role::Heading
            } else {
                Role::Body
            };
            Paragraph { span, role }
        })
        .collect();
    mark_trailing_furniture(&source.text, &mut paragraphs);
    // A repeat of the headline inside the page is furniture too.
    if let Some(title) = paragraphs
        .first()
        .filter(|p| p.role == Role::Title)
        .map(|p| crate::text::fold(&source.text[p.span.clone()]))
    {
        for p in paragraphs.iter_mut().skip(1) {
            if crate::text::fold(&source.text[p.span.clone()]) == title {
                p.role = Role::Heading;
            }
        }
    }

    let language = sentencex::language_factory("en");
    let mut passages = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let body = &source.text[paragraph.span.clone()];
        let mut pending: Option<Range<usize>> = None;
        for sentence in language.segment(body) {
            let offset = sentence.as_ptr() as usize - body.as_ptr() as usize;
            let start =
                paragraph.span.start + offset + (sentence.len() - sentence.trim_start().len());
            let end = paragraph.span.start + offset + sentence.trim_end().len();
            if start >= end {
                continue;
            }
            let span = match pending.take() {
                Some(p) => p.start..end,
                None => start..end,
            };
            // A fragment of one or two words ("Smith wrote:") reads only with what follows.
            if word_count(&source.text[span.clone()]) < 3 {
                pending = Some(span);
                continue;
            }
            passages.push(Passage {
                span,
                paragraph: index as u32,
            });
        }
        if let Some(span) = pending {
            match passages.last_mut() {
                Some(last) if last.paragraph == index as u32 => last.span.end = span.end,
                _ => passages.push(Passage {
                    span,
                    paragraph: index as u32,
                }),
            }
        }
    }
    source.paragraphs = paragraphs;
    source.passages = passages;
}

/// Paragraphs are lines, except that a block of hard-wrapped lines is one paragraph.
fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push(at..at + content.len());
        at += line.len();
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut block: Vec<Range<usize>> = Vec::new();
    let flush = |block: &mut Vec<Range<usize>>, out: &mut Vec<Range<usize>>| {
        if block.is_empty() {
            return;
        }
        // Editors wrap at a fixed width, and most wrapped lines stop mid-sentence.
        let inner = &block[..block.len().saturating_sub(1)];
        let wrapped = !inner.is_empty()
            && inner.iter().all(|l| {
                let width = text[l.clone()].trim_end().chars().count();
                (40..=100).contains(&width)
            })
            && inner
                .iter()
                .filter(|l| !ends_like_sentence(&text[(*l).clone()]))
                .count()
                * 2
                >= inner.len()
            && inner
                .iter()
                .any(|l| !ends_like_sentence(&text[(*l).clone()]));
        if wrapped {
            out.push(block[0].start..block[block.len() - 1].end);
        } else {
            out.extend(block.iter().cloned());
        }
        block.clear();
    };
    for line in lines {
        let content = &text[line.clone()];
        if content.trim().is_empty() {
            flush(&mut block, &mut out);
        } else {
            let lead = content.len() - content.trim_start().len();
            let trail = content.trim_end().len();
            block.push(line.start + lead..line.start + trail);
        }
    }
    flush(&mut block, &mut out);
    out
}

fn is_title_line(text: &str) -> bool {
    word_count(text) <= TITLE_MAX_WORDS
}

fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', '…'])
}

fn is_heading(text: &str) -> bool {
    word_count(text) <= HEADING_MAX_WORDS && !ends_like_sentence(text)
}

/// Phrases that mark page furniture when they appear in a short paragraph.
const FURNITURE_PHRASES: &[&str] = &[
    "subscribe",
    "newsletter",
    "sign up",
    "signing up",
    "advertise with us",
    "advertisement",
    "media kit",
    "all rights reserved",
    "cookie policy",
    "privacy policy",
    "follow us on",
    "share this article",
    "click here",
    "read more:",
    "related articles",
    "notice an error",
    "delivered to your inbox",
];

fn is_furniture(text: &str) -> bool {
    if word_count(text) > FURNITURE_MAX_WORDS {
        return false;
    }
    let folded = crate::text::fold(text);
    FURNITURE_PHRASES.iter().any(|p| folded.contains(p)) || folded.starts_with("written by ")
}

/// A run of short paragraphs at the end of a page that includes furniture is furniture
/// as a whole ("Help us improve our content..." between two sign-up lines).
fn mark_trailing_furniture(text: &str, paragraphs: &mut [Paragraph]) {
    let mut first = paragraphs.len();
    let mut any = false;
    while first > 1 {
        let p = &paragraphs[first - 1];
        let short = word_count(&text[p.span.clone()]) <= 15;
        if p.role == Role::Furniture || short {
            any |= p.role == Role::Furniture;
            first -= 1;
        } else {
            break;
        }
    }
    // The run starts at its first furniture; short closing lines of the article stay body.
    while first < paragraphs.len() && paragraphs[first].role != Role::Furniture {
        first += 1;
    }
    if any {
        for p in &mut paragraphs[first..] {
            p.role = Role::Furniture;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        let mut s = Source {
            id: "t".into(),
            file: "t.txt".into(),
            path: "t.txt".into(),
            title: String::new(),
            publisher: None,
            url: None,
            published: None,
            declared_at: None,
            lines: LineIndex::new(text),
            text: text.into(),
            sha256: String::new(),
            paragraphs: vec![],
            passages: vec![],
        };
        segment(&mut s);
        s.title = text_title(&s);
        s
    }

    fn passages(s: &Source) -> Vec<&str> {
        s.passages.iter().map(|p| s.passage_text(p)).collect()
    }

    #[test]
    fn splits_sentences_without_breaking_abbreviations() {
        let s = source("Headline here\n\nThe U.S. Senate voted 52-48 on Tuesday. Mr. Smith said the plan was \"dead on arrival.\" It passed as Resolution No. 5 after midnight. Critics disagreed.\n");
        assert_eq!(s.title, "Headline here");
        assert_eq!(
            passages(&s),
            [
                "Headline here",
                "The U.S. Senate voted 52-48 on Tuesday.",
                "Mr. Smith said the plan was \"dead on arrival.\"",
                "It passed as Resolution No. 5 after midnight. Critics disagreed."
            ]
        );
        assert_eq!(s.paragraphs[0].role, Role::Title);
    }

    #[test]
    fn offsets_and_lines_survive_bom_free_crlf_text() {
        let text =
            "Title\r\n\r\nFirst sentence is here. Second one follows.\r\nNext paragraph line.\r\n";
        let s = source(text);
        let second = s
            .passages
            .iter()
            .find(|p| s.passage_text(p).starts_with("Second"))
            .unwrap();
        assert_eq!(s.line_col(second.span.start), (3, 25));
        assert_eq!(&text[second.span.clone()], "Second one follows.");
        assert_eq!(s.paragraphs.len(), 3);
    }

    #[test]
    fn hard_wrapped_blocks_are_one_paragraph() {
        let text = "Title\n\nThis paragraph was wrapped by an editor at a fixed width\nof about sixty characters, as plain text often is.\n";
        let s = source(text);
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(s.passages.len(), 2);
    }

    #[test]
    fn long_first_line_is_body_and_trailing_boilerplate_is_furniture() {
        let long = "word ".repeat(40);
        let text = format!("{long}.\nA real closing paragraph of the article that says something useful here.\n\nSubscribe for Updates\n\nNews and updates in security.\n\nGet the free daily newsletter read by decision makers\n\nAdvertise with Us\n");
        let s = source(&text);
        assert_eq!(s.paragraphs[0].role, Role::Body);
        assert!(s.title.ends_with("..."));
        let roles: Vec<Role> = s.paragraphs.iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [
                Role::Body,
                Role::Body,
                Role::Furniture,
                Role::Furniture,
                Role::Furniture,
                Role::Furniture
            ]
        );
    }

    #[test]
    fn decode_names_the_bad_byte() {
        let err = decode(Path::new("x.txt"), b"ok\nbad \xff here".to_vec()).unwrap_err();
        assert!(
            err.message.contains("0xFF at offset 7 (line 2, column 5)"),
            "{}",
            err.message
        );
        assert_eq!(
            decode(Path::new("x.txt"), b"\xEF\xBB\xBFhi".to_vec()).unwrap(),
            "hi"
        );
    }

    #[test]
    fn derived_ids_drop_the_extension_only() {
        assert_eq!(derived_id("business/001.txt"), "business/001");
        assert_eq!(derived_id("a.b/c"), "a.b/c");
        assert_eq!(derived_id("notes.md"), "notes");
    }
}
