//! Sources: found on disk, decoded, and cut into paragraphs and sentence passages with byte
//! offsets and line:column.
//!
//! `.txt` and `.md` files are read as they are. `.html` and `.htm` files are web pages: the
//! article's text is extracted (`crate::html`) and that text is the source's text, so every
//! offset, line and column of an HTML source is in the extracted text, not in the file.
//!
//! The code: this file holds what a corpus is; `load` finds, confines and decodes the files,
//! `segment` cuts a text into paragraphs, with their roles, and passages.

mod load;
mod own;
mod segment;

use std::ops::Range;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::error::InputError;
use crate::text::LineIndex;

pub use load::is_source_name;
pub(crate) use load::{Planned, DEFAULT_MAX_SOURCE_SIZE};
pub(crate) use own::{is_own_output, is_own_pdf};

use segment::{segment, text_title};

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
    /// `.html`, `.htm`: the article extracted from the page by `crate::html::extract`.
    Html,
    /// `.pdf`: the text of every page, read by `crate::pdf::extract`, pages kept apart.
    Pdf,
}

impl Format {
    /// The format of a file, from its extension.
    pub(crate) fn of(file: &str) -> Format {
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") {
            Format::Html
        } else if lower.ends_with(".pdf") {
            Format::Pdf
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
    /// For [`Format::Pdf`], the byte offset in `text` where each page starts (page 1 first);
    /// empty for sources without pages.
    pub page_starts: Vec<usize>,
    pub(crate) lines: LineIndex,
    pub paragraphs: Vec<Paragraph>,
    pub passages: Vec<Passage>,
    /// For a source an archive lists but whose text was not needed, so not read
    /// (`crate::archive`): what is known of it without its text. `text`, `paragraphs` and
    /// `passages` are then empty.
    pub(crate) unread: Option<Unread>,
}

/// What an archive knows of a source whose text is not read.
#[derive(Debug, Clone)]
pub(crate) struct Unread {
    pub(crate) body_passages: usize,
}

impl Source {
    /// How many of the passages are body text, the passages offered as support.
    pub fn body_passage_count(&self) -> usize {
        match &self.unread {
            Some(unread) => unread.body_passages,
            None => self
                .passages
                .iter()
                .filter(|p| self.role_of(p) == Role::Body)
                .count(),
        }
    }

    /// A source whose text the archive held: `text` (and its pages) segmented again, which
    /// gives the passages it was indexed with.
    pub(crate) fn with_text(mut self, text: String, page_starts: Vec<usize>) -> Source {
        self.lines = LineIndex::new(&text);
        self.text = text;
        self.page_starts = page_starts;
        self.paragraphs.clear();
        self.passages.clear();
        self.unread = None;
        segment(&mut self);
        self
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// Whether `text` was extracted from the file (an HTML page, a PDF) rather than read as
    /// it is.
    pub fn is_extracted(&self) -> bool {
        self.format != Format::Text
    }

    /// The 1-based page of a PDF source holding a byte offset of `text`; `None` for sources
    /// without pages.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        if self.page_starts.is_empty() {
            return None;
        }
        let page = self
            .page_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        Some(page as u32)
    }

    /// A 1-based line of `text`, named for a reader: `seeds/a.txt:12`, or
    /// `line 12 of the text extracted from seeds/a.html` (the page's own line 12 is elsewhere).
    pub fn describe_line(&self, line: usize) -> String {
        match self.format {
            Format::Text => format!("{}:{line}", self.file),
            Format::Html => format!("line {line} of the text extracted from {}", self.file),
            Format::Pdf => format!("line {line} of the text read from {}", self.file),
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
    /// What loading skipped or found odd, worth a warning but not an error (a file whose name
    /// is not UTF-8 or holds a backslash, an id that mixes scripts): the commands print them
    /// on standard error.
    pub(crate) warnings: Vec<InputError>,
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
                    page_starts: Vec::new(),
                    text,
                    paragraphs: Vec::new(),
                    passages: Vec::new(),
                    unread: None,
                };
                segment(&mut source);
                source.title = text_title(&source);
                source
            })
            .collect();
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        sources.dedup_by(|a, b| a.id == b.id);
        Corpus {
            sources,
            warnings: Vec::new(),
        }
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
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
