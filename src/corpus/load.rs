//! Loading a project's sources: the files found in the sources folder and declared in
//! `claims.toml`, kept inside the project's folder, decoded (UTF-8 only) and, for web pages,
//! extracted.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{InputError, Location, Result};
use crate::html;
use crate::project::{DeclaredSource, Project};
use crate::source_id;
use crate::text::LineIndex;

use super::segment::{segment, text_title};
use super::{hex, Corpus, Format, Source};

/// A source file found (or declared) and given its id, not read yet.
pub(crate) struct Planned<'p> {
    pub(crate) id: String,
    /// Relative to the sources folder, with `/` separators.
    pub(crate) file: String,
    pub(crate) path: PathBuf,
    pub(crate) declared: Option<&'p DeclaredSource>,
}

impl Planned<'_> {
    /// The file read, decoded and segmented; `None` for one of factcheck's own outputs.
    pub(crate) fn read(&self, cap: u64) -> Result<Option<Source>> {
        read_source(
            self.id.clone(),
            self.file.clone(),
            self.path.clone(),
            self.declared,
            cap,
        )
    }
}

impl Corpus {
    /// Find, read and segment every source of a project.
    pub fn load(project: &Project) -> Result<Corpus> {
        let (planned, warnings) = Corpus::plan(project)?;
        let cap = project.max_source_size;
        let sources = planned
            .into_par_iter()
            .map(|p| p.read(cap))
            .collect::<Result<Vec<_>>>()?;
        Ok(Corpus {
            sources: sources.into_iter().flatten().collect(),
            warnings,
        })
    }

    /// Every source file of a project with its id, in id order, and what is worth a warning;
    /// nothing is read but the folder.
    pub(crate) fn plan(project: &Project) -> Result<(Vec<Planned<'_>>, Vec<InputError>)> {
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
        let mut warnings = Vec::new();
        walk(
            &dir,
            &dir,
            &mut found,
            &mut warnings,
            0,
            project.allow_outside,
        )?;

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
                None => {
                    let id = derived_id(rel);
                    match source_id::check(&id) {
                        source_id::Check::Ok => {}
                        source_id::Check::LookAlike(why) => warnings.push(
                            InputError::new(format!(
                                "source id \"{id}\", from the file {}: {why}",
                                path.display()
                            ))
                            .help("rename the file in one script, or declare it in claims.toml under another id ([sources.<id>] file = \"...\"), if the mix is not meant"),
                        ),
                        source_id::Check::Refused(why) => {
                            return Err(InputError::new(format!(
                                "the file {} cannot be a source: its name gives the source id \"{id}\", and {why}",
                                path.display()
                            ))
                            .at(Location::file(&path))
                            .help(format!(
                                "rename the file, or declare it in claims.toml under an id that is allowed ([sources.<id>] file = \"...\"); {}",
                                source_id::allowed_set()
                            )));
                        }
                    }
                    planned.push((id, rel.clone(), path, None));
                }
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

        let planned = planned
            .into_iter()
            .map(|(id, file, path, declared)| Planned {
                id,
                file,
                path,
                declared,
            })
            .collect();
        Ok((planned, warnings))
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
/// not followed, so a link loop cannot trap the walk. A file or folder whose name is not
/// UTF-8, or holds a backslash (a folder separator on Windows), cannot give a source id: it is
/// skipped, with a warning.
fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<String>,
    warnings: &mut Vec<InputError>,
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
        let path = entry.path();
        let file_name = entry.file_name();
        let lossy = file_name.to_string_lossy();
        if lossy.starts_with('.') {
            continue;
        }
        let file_type = entry
            .file_type()
            .map_err(|e| InputError::io("read", &path, &e))?;
        let is_dir = file_type.is_dir();
        let unreadable_name = match file_name.to_str() {
            None => Some("its name is not UTF-8"),
            Some(name) if name.contains('\\') => {
                Some("its name holds a backslash, a folder separator on Windows")
            }
            Some(_) => None,
        };
        if let Some(why) = unreadable_name {
            // Only what would have been read: a folder, or a file with a source's extension.
            if is_dir || is_source_name(&lossy) {
                warnings.push(skipped(&path, is_dir, why));
            }
            continue;
        }
        let name = lossy.as_ref();
        if is_dir {
            if is_saved_page_folder(dir, name) {
                continue;
            }
            walk(root, &path, out, warnings, depth + 1, allow_outside)?;
        } else if is_source_name(name) && (file_type.is_file() || path.is_file()) {
            if file_type.is_symlink() && !allow_outside {
                confine_link(root, &path)?;
            }
            if is_own_briefing(&path) {
                continue;
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

/// The warning for a file or folder the walk skips: its path (escaped when shown, and with
/// U+FFFD for bytes that are not UTF-8), why, and how to have it read.
fn skipped(path: &Path, is_dir: bool, why: &str) -> InputError {
    let what = if is_dir { "the folder" } else { "the file" };
    let inside = if is_dir { " and everything in it" } else { "" };
    InputError::new(format!(
        "skipped {what} {}{inside}: {why}, so it cannot give a source id",
        path.display()
    ))
    .help("rename it in UTF-8, without a backslash, to read it as a source")
}

/// A `.pdf` that is factcheck's own briefing ([`super::is_own_pdf`]) is left out as it is
/// found, before ids are given: `report.pdf` must not clash with a `report.md` beside it (an
/// own output too, known only once read). A file too large to be a source is left for
/// reading to refuse.
fn is_own_briefing(path: &Path) -> bool {
    Format::of(&path.to_string_lossy()) == Format::Pdf
        && std::fs::metadata(path).is_ok_and(|m| m.len() <= DEFAULT_MAX_SOURCE_SIZE)
        && std::fs::read(path).is_ok_and(|bytes| super::is_own_pdf(&bytes))
}

pub fn is_source_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".txt", ".md", ".html", ".htm", ".pdf"]
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

/// The default of `--max-source-size`: far beyond any article (the largest of the benchmark's
/// is some 6 MB), small enough that a file of zeros or a disk image in the sources folder is
/// refused at once rather than read.
pub(crate) const DEFAULT_MAX_SOURCE_SIZE: u64 = 64 << 20;
/// A web page may have this share of the cap (a quarter: 16 MiB by default): parsing a page
/// and extracting its text takes some 17 times its size in memory, a text file about 5.
pub(crate) const HTML_SHARE: u64 = 4;
/// The bytes read first, to tell a binary file before the whole of it is read.
const SNIFF: u64 = 8 << 10;

/// A source's file read, decoded and segmented; `None` for a file found in the sources folder
/// that is one of factcheck's own outputs ([`super::is_own_output`]), which is never a source.
fn read_source(
    id: String,
    file: String,
    path: PathBuf,
    decl: Option<&DeclaredSource>,
    cap: u64,
) -> Result<Option<Source>> {
    let format = Format::of(&file);
    let bytes = read_capped(&path, format, cap)?;
    if decl.is_none() && format == Format::Pdf && super::is_own_pdf(&bytes) {
        return Ok(None);
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    // What the page says about itself fills what claims.toml does not declare.
    let mut page_starts = Vec::new();
    let mut pdf_title = None;
    let (text, page) = match format {
        Format::Text => (decode(&path, bytes)?, None),
        Format::Html => {
            let mut page = read_page(&path, bytes)?;
            (std::mem::take(&mut page.text), Some(page))
        }
        Format::Pdf => {
            let doc = read_pdf(&path, &bytes)?;
            page_starts = doc.page_starts;
            pdf_title = doc.title;
            let meta = html::Page {
                site_name: doc.author,
                published: doc.created,
                ..html::Page::default()
            };
            (doc.text, Some(meta))
        }
    };
    if decl.is_none() && format == Format::Text && super::is_own_output(&text) {
        return Ok(None);
    }
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
        page_starts,
        paragraphs: Vec::new(),
        passages: Vec::new(),
        unread: None,
    };
    segment(&mut source);
    source.title = decl
        .and_then(|d| d.title.clone())
        .or(pdf_title)
        .unwrap_or_else(|| text_title(&source));
    Ok(Some(source))
}

/// The file's bytes, refused when there are more than the cap for its format (`cap` for
/// text, `cap / HTML_SHARE` for a web page), or when its first bytes hold a NUL (a binary
/// file: refused before the rest of it is read).
fn read_capped(path: &Path, format: Format, cap: u64) -> Result<Vec<u8>> {
    let failed = |e: std::io::Error| InputError::io("read the source", path, &e);
    let limit = match format {
        Format::Text | Format::Pdf => cap,
        Format::Html => cap / HTML_SHARE,
    };
    let mut file = std::fs::File::open(path).map_err(failed)?;
    let len = file.metadata().map_err(failed)?.len();
    if len > limit {
        return Err(too_big(path, format, cap, Some(len)));
    }
    let mut bytes = Vec::with_capacity(len.min(limit) as usize);
    (&mut file)
        .take(SNIFF)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    // A PDF is binary: its NULs are not a sign of the wrong file.
    if format != Format::Pdf && utf16_byte_order(body).is_none() {
        if let Some(at) = body.iter().position(|&b| b == 0) {
            return Err(binary(path, at));
        }
    }
    let rest = (limit + 1).saturating_sub(bytes.len() as u64);
    (&mut file)
        .take(rest)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > limit {
        // It grew while it was read, or is a device without end.
        return Err(too_big(path, format, cap, None));
    }
    Ok(bytes)
}

fn too_big(path: &Path, format: Format, cap: u64, len: Option<u64>) -> InputError {
    let mib = |n: u64| format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64);
    let (limit, what) = match format {
        Format::Text | Format::Pdf => (cap, String::new()),
        Format::Html => (
            cap / HTML_SHARE,
            format!(
                " (a web page may have a quarter of --max-source-size, {}, since reading one takes some 17 times its size in memory)",
                mib(cap)
            ),
        ),
    };
    let size = match len {
        Some(len) => format!("is {}", mib(len)),
        None => format!("goes on past {}", mib(limit)),
    };
    InputError::new(format!(
        "the source {} {size}, more than the {} a source may have{what}",
        path.display(),
        mib(limit)
    ))
    .at(Location::file(path))
    .help(format!(
        "if it is an article, pass --max-source-size with a larger size (e.g. --max-source-size {}MiB); otherwise move it out of the sources folder",
        (len.unwrap_or(limit) * match format { Format::Text | Format::Pdf => 1, Format::Html => HTML_SHARE }) / (1 << 20) + 1
    ))
}

fn binary(path: &Path, at: usize) -> InputError {
    InputError::new(format!(
        "{} looks like a binary file (NUL byte at offset {at}), not an article",
        path.display()
    ))
    .at(Location::file(path))
    .help("keep only .txt, .md and .html articles in the sources folder")
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
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(binary(path, at));
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
        .at(line_in(path, line, column))
        .help("convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
    })
}

/// A place in a source file by its line and column, without the text to show under it.
fn line_in(path: &Path, line: usize, column: usize) -> Location {
    Location {
        path: path.to_path_buf(),
        line,
        column,
        span: None,
        text: None,
    }
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
        .at(line_in(path, line, column))
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
            .at(line_in(path, line, column))
            .help(format!(
                "if the page is UTF-8 already (its bytes are valid UTF-8), change the declaration to <meta charset=\"utf-8\">; otherwise convert it, e.g. `iconv -f {label} -t UTF-8`"
            )));
        }
    }
    Ok(page)
}

/// A PDF's text, page by page (`crate::pdf`); a refusal names the file and says what to do.
fn read_pdf(path: &Path, bytes: &[u8]) -> Result<crate::pdf::Document> {
    crate::pdf::extract(bytes).map_err(|refusal| {
        InputError::new(format!(
            "the PDF {} cannot be read as a source: {}",
            path.display(),
            refusal.reason
        ))
        .at(Location::file(path))
        .help(refusal.help)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

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
