//! Sources: found on disk, decoded, and cut into paragraphs and sentence passages with byte
//! offsets and line:column.
//!
//! `.txt` and `.md` files are read as they are. `.html` and `.htm` files are web pages: the
//! article's text is extracted ([`crate::html`]) and that text is the source's text, so every
//! offset, line and column of an HTML source is in the extracted text, not in the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{InputError, Location, Result};
use crate::html;
use crate::project::{DeclaredSource, Project};
use crate::text::{more_words_than, LineIndex};

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

/// How a source's file becomes its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md` (and a declared file of any other extension): the file's own text.
    Text,
    /// `.html`, `.htm`: the article extracted from the page by [`crate::html::extract`].
    Html,
}

impl Format {
    /// The format of a file, from its extension.
    pub fn of(file: &str) -> Format {
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") {
            Format::Html
        } else {
            Format::Text
        }
    }
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
    /// How `text` was read from the file.
    pub format: Format,
    /// The text, without a byte-order mark; CRLF kept so offsets match the file. For
    /// [`Format::Html`], the text extracted from the page: offsets, lines and columns (here
    /// and everywhere they are reported) are in that text, not in the file's markup.
    pub text: String,
    /// Of the file's bytes (the page itself for HTML, not the extracted text).
    pub sha256: String,
    pub lines: LineIndex,
    pub paragraphs: Vec<Paragraph>,
    pub passages: Vec<Passage>,
}

impl Source {
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// Whether `text` was extracted from the file (an HTML page) rather than read as it is.
    pub fn is_extracted(&self) -> bool {
        self.format == Format::Html
    }

    /// A 1-based line of `text`, named for a reader: `seeds/a.txt:12`, or
    /// `line 12 of the text extracted from seeds/a.html` (the page's own line 12 is elsewhere).
    pub fn describe_line(&self, line: usize) -> String {
        match self.format {
            Format::Text => format!("{}:{line}", self.file),
            Format::Html => format!("line {line} of the text extracted from {}", self.file),
        }
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
    /// A corpus of plain-text sources held in memory, `(id, text)`, sorted by id: for tests,
    /// fuzzing and callers that have the articles already.
    pub fn from_texts(texts: &[(&str, &str)]) -> Corpus {
        let mut sources: Vec<Source> = texts
            .iter()
            .map(|(id, text)| {
                let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
                let mut source = Source {
                    id: id.to_string(),
                    file: format!("{id}.txt"),
                    path: PathBuf::from(format!("{id}.txt")),
                    title: String::new(),
                    publisher: None,
                    url: None,
                    published: None,
                    declared_at: None,
                    format: Format::Text,
                    lines: LineIndex::new(&text),
                    sha256: hex(&Sha256::digest(text.as_bytes())),
                    text,
                    paragraphs: Vec::new(),
                    passages: Vec::new(),
                };
                segment(&mut source);
                source.title = text_title(&source);
                source
            })
            .collect();
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        sources.dedup_by(|a, b| a.id == b.id);
        Corpus { sources }
    }

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

        if !project.allow_outside {
            let root = project
                .root
                .canonicalize()
                .unwrap_or_else(|_| project.root.clone());
            let real = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            if !real.starts_with(&root) {
                return Err(InputError::new(format!(
                    "the sources folder {} is outside the project's folder",
                    dir.display()
                ))
                .at(dir_location())
                .help("keep the articles in a folder beside claims.toml, or pass --allow-outside if you trust this project"));
            }
        }
        let mut found = Vec::new();
        walk(&dir, &dir, &mut found, 0, project.allow_outside)?;

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

/// A source file that is a link must point inside the sources folder (unless the project
/// allows outside files): a link in a pull request must not make us read the CI machine.
fn confine_link(root: &Path, path: &Path) -> Result<()> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    match path.canonicalize() {
        Ok(real) if real.starts_with(&root) => Ok(()),
        _ => Err(InputError::new(format!(
            "{} links to a file outside the sources folder",
            path.display()
        ))
        .at(Location::file(path))
        .help("copy the article into the sources folder, or pass --allow-outside if you trust this project")),
    }
}

/// Declared files must stay inside the project's folder: a claims file from a pull request
/// must not be able to make us read (and quote back) arbitrary files on the CI machine.
fn confine(project: &Project, decl: &DeclaredSource, path: &Path) -> Result<()> {
    if project.allow_outside {
        return Ok(());
    }
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
    .help("copy the article into the sources folder, or pass --allow-outside if you trust this project"))
}

const MAX_DEPTH: usize = 64;

/// Collect source files under `dir` (relative, '/' separated, sorted). Symlinked folders are
/// not followed, so a link loop cannot trap the walk.
fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<String>,
    depth: usize,
    allow_outside: bool,
) -> Result<()> {
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
            if is_saved_page_folder(dir, name) {
                continue;
            }
            walk(root, &path, out, depth + 1, allow_outside)?;
        } else if is_source_name(name) && (file_type.is_file() || path.is_file()) {
            if file_type.is_symlink() && !allow_outside {
                confine_link(root, &path)?;
            }
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
    [".txt", ".md", ".html", ".htm"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `Article_files`, beside `Article.html`: where a browser's "save page, complete" puts the
/// page's images, scripts and frames (ads and embeds saved as `.html`), which are not sources.
fn is_saved_page_folder(dir: &Path, name: &str) -> bool {
    name.strip_suffix("_files")
        .filter(|stem| !stem.is_empty())
        .is_some_and(|stem| {
            ["html", "htm", "HTML", "HTM"]
                .iter()
                .any(|ext| dir.join(format!("{stem}.{ext}")).is_file())
        })
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
    let format = Format::of(&file);
    // What the page says about itself fills what claims.toml does not declare.
    let (text, page) = match format {
        Format::Text => (decode(&path, bytes)?, None),
        Format::Html => {
            let mut page = read_page(&path, bytes)?;
            (std::mem::take(&mut page.text), Some(page))
        }
    };
    let page = page.unwrap_or_default();
    let mut source = Source {
        id,
        file,
        path,
        title: String::new(),
        publisher: decl.and_then(|d| d.publisher.clone()).or(page.site_name),
        url: decl.and_then(|d| d.url.clone()).or(page.url),
        published: decl.and_then(|d| d.published.clone()).or(page.published),
        declared_at: decl.map(|d| d.id_span.clone()),
        format,
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
    if let Some(order) = utf16_byte_order(&bytes) {
        return Err(
            InputError::new(format!("{} is UTF-16 ({order}), not UTF-8", path.display()))
                .at(Location::file(path))
                .help(format!(
            "convert the file to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 '{}' > converted.txt`, \
             and replace it with the result",
            path.display()
        )),
        );
    }
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(InputError::new(format!(
            "{} looks like a binary file (NUL byte at offset {at}), not an article",
            path.display()
        ))
        .at(Location::file(path))
        .help("keep only .txt, .md and .html articles in the sources folder"));
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

/// "little-endian" or "big-endian" when the bytes are UTF-16 text (as Windows Notepad saved
/// "Unicode"): a byte order mark, or mostly-ASCII text whose every other byte is NUL.
fn utf16_byte_order(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return None;
    }
    let units = head.len() / 2;
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    // Nine in ten code units with a NUL high byte: a text file, not a binary with some NULs.
    if nul_at(1) * 10 >= units * 9 && nul_at(0) == 0 {
        Some("little-endian")
    } else if nul_at(0) * 10 >= units * 9 && nul_at(1) == 0 {
        Some("big-endian")
    } else {
        None
    }
}

/// An HTML page: UTF-8 like every source (a `<meta charset>` naming another encoding is
/// refused, unless the file is plain ASCII and so reads the same), then its article extracted.
fn read_page(path: &Path, bytes: Vec<u8>) -> Result<html::Page> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(format!(
            "{} is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8",
            path.display()
        ))
        .at(Location::file(path))
        .help("convert the page to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`, and set <meta charset=\"utf-8\">"));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    // Not UTF-8: say which encoding the page is in, when it says so itself.
    let declared = (std::str::from_utf8(body).is_err() && !body.contains(&0))
        .then(|| html::declared_charset(&String::from_utf8_lossy(body)))
        .flatten()
        .filter(|label| !html::is_utf8_label(label));
    let text = decode(path, bytes).map_err(|mut e| {
        if let Some(label) = declared {
            e.message
                .push_str(&format!("; the page declares the encoding {label} (<meta charset>)"));
            e.help = Some(format!(
                "convert the page to UTF-8, e.g. `iconv -f {label} -t UTF-8`, and change its <meta charset> to utf-8"
            ));
        }
        e
    })?;
    let page = html::extract(&text).map_err(|e| {
        let (line, column) = LineIndex::new(&text).line_col(&text, e.offset);
        InputError::new(format!(
            "{} cannot be read as a web page: {} (line {line}, column {column})",
            path.display(),
            e.reason
        ))
        .at(Location {
            path: path.to_path_buf(),
            line,
            column,
            span: None,
            text: None,
        })
        .help("no saved news article is built like this; save the article's text as a .txt file")
    })?;
    if let Some(label) = page.charset.as_deref() {
        if !html::is_utf8_label(label) && !text.is_ascii() {
            let at = charset_declaration(&text, label);
            let (line, column) = LineIndex::new(&text).line_col(&text, at);
            return Err(InputError::new(format!(
                "{} declares the encoding {label} (<meta charset> at line {line}, column {column}), but sources must be UTF-8",
                path.display()
            ))
            .at(Location {
                path: path.to_path_buf(),
                line,
                column,
                span: None,
                text: None,
            })
            .help(format!(
                "if the page is UTF-8 already (its bytes are valid UTF-8), change the declaration to <meta charset=\"utf-8\">; otherwise convert it, e.g. `iconv -f {label} -t UTF-8`"
            )));
        }
    }
    Ok(page)
}

/// Byte offset of the encoding label in a page's `charset=` declaration (0 if not found).
fn charset_declaration(text: &str, label: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("charset") {
        let start = from + at;
        let rest = &lower[start + "charset".len()..];
        let value = rest
            .trim_start()
            .strip_prefix('=')
            .map(|v| v.trim_start().trim_start_matches(['"', '\'']));
        if value.is_some_and(|v| v.starts_with(label)) {
            return start;
        }
        from = start + "charset".len();
    }
    0
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
    if more_words_than(line, 12) {
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
            if !more_words_than(&source.text[span.clone()], 2) {
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
    source.passages = passages
        .into_iter()
        .flat_map(|p| bounded(&source.text, p))
        .collect();
}

/// A passage longer than this (a table flattened into one line, a text without full stops)
/// is cut at the last white space before it, so that matching and comparing, which work per
/// passage, always work on bounded pieces.
const MAX_PASSAGE_BYTES: usize = 2_000;

/// `passage` cut into pieces of at most [`MAX_PASSAGE_BYTES`] (longer only when one word is).
fn bounded(text: &str, passage: Passage) -> Vec<Passage> {
    let Passage { span, paragraph } = passage;
    let mut out = Vec::new();
    let mut start = span.start;
    while span.end - start > MAX_PASSAGE_BYTES {
        let limit = crate::text::floor_char_boundary(text, start + MAX_PASSAGE_BYTES);
        let end = match text[start..limit].rfind(char::is_whitespace) {
            Some(space) if space > 0 => start + space,
            // One word longer than the limit: up to the next white space.
            _ => text[limit..span.end]
                .find(char::is_whitespace)
                .map_or(span.end, |i| limit + i),
        };
        out.push(Passage {
            span: start..start + text[start..end].trim_end().len(),
            paragraph,
        });
        let rest = &text[end..span.end];
        start = end + (rest.len() - rest.trim_start().len());
    }
    if start < span.end {
        out.push(Passage {
            span: start..span.end,
            paragraph,
        });
    }
    out
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
    !more_words_than(text, TITLE_MAX_WORDS)
}

fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', '…'])
}

fn is_heading(text: &str) -> bool {
    !more_words_than(text, HEADING_MAX_WORDS) && !ends_like_sentence(text)
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
    if more_words_than(text, FURNITURE_MAX_WORDS) {
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
        let short = !more_words_than(&text[p.span.clone()], 15);
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
        Corpus::from_texts(&[("t", text)]).sources.remove(0)
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
    fn over_long_passages_are_cut_at_white_space() {
        let word = "abcdefghi ";
        let text = format!("Title\n\n{}\n", word.repeat(700));
        let s = source(&text);
        let pieces: Vec<&str> = passages(&s).into_iter().filter(|p| *p != "Title").collect();
        assert!(pieces.len() >= 4, "{}", pieces.len());
        for piece in &pieces {
            assert!(piece.len() <= MAX_PASSAGE_BYTES, "{}", piece.len());
            assert!(piece.starts_with('a') && piece.ends_with('i'), "{piece:?}");
        }
        let words: usize = pieces.iter().map(|p| p.split_whitespace().count()).sum();
        assert_eq!(words, 700);
        // One word longer than the limit stays whole.
        let long = "x".repeat(MAX_PASSAGE_BYTES + 10);
        let s = source(&format!("Title\n\nStart {long} end of it all.\n"));
        assert!(passages(&s).iter().any(|p| p.contains(&long)));
    }

    #[test]
    fn utf16_is_recognised_with_or_without_a_byte_order_mark() {
        assert_eq!(utf16_byte_order(b"\xff\xfeT\x00"), Some("little-endian"));
        let le: Vec<u8> = "Title of it".bytes().flat_map(|b| [b, 0]).collect();
        let be: Vec<u8> = "Title of it".bytes().flat_map(|b| [0, b]).collect();
        assert_eq!(utf16_byte_order(&le), Some("little-endian"));
        assert_eq!(utf16_byte_order(&be), Some("big-endian"));
        assert_eq!(utf16_byte_order(b"plain ASCII text"), None);
        assert_eq!(
            utf16_byte_order(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            None
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
