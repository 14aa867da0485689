//! The corpus of a run against an archive: every source the archive lists, in id order as
//! a loaded corpus has them, with the text of only those the run needs. A needed source is
//! read from its file when the file is there and has the sha256 the archive indexed (the
//! same text, so the same passages), else from the archive: a CI job needs only
//! `claims.toml` and the database.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path};

use rayon::prelude::*;

use super::Archive;
use crate::corpus::{Corpus, Format, Planned, Source, Unread};
use crate::error::InputError;
use crate::project::{DeclaredSource, Project};
use crate::text::LineIndex;

/// What BM25 needs of the whole archive: documents and total length of each field.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stats {
    pub(crate) sources: usize,
    pub(crate) passages: usize,
    pub(crate) passage_length: u64,
    pub(crate) headlines: usize,
    pub(crate) headline_length: u64,
    pub(crate) title_length: u64,
}

pub(crate) struct Listing {
    /// The archive's id of each source, by its index in the corpus.
    sids: Vec<i32>,
    /// Each source's title and whole-source field lengths, by index.
    lengths: Vec<(u32, u32)>,
    by_sid: HashMap<i32, u32>,
    stats: Stats,
}

/// What reading sources found worth saying.
#[derive(Default)]
pub(crate) struct Read {
    /// Sources whose file changed since the archive indexed it: read from the file, but their
    /// passages are not the archive's, so retrieval does not offer them.
    pub(crate) changed: Vec<u32>,
}

impl Listing {
    /// The archive's sources as a corpus of unread sources, and its statistics, from one
    /// snapshot.
    pub(crate) fn open(
        archive: &Archive,
        project: &Project,
    ) -> Result<(Listing, Corpus), InputError> {
        let mut client = archive.client();
        let doing = "listing the archive's sources";
        let mut tx = client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| archive.error(doing, &e))?;
        let rows = tx
            .query(
                "SELECT sid, id, file, format, sha256, declared_title, file_title, publisher, url, published, body_passages,
                        title_length, body_length
                 FROM factcheck_sources",
                &[],
            )
            .map_err(|e| archive.error(doing, &e))?;
        let totals = tx
            .query_one(
                "SELECT count(*), COALESCE(sum(body_passages), 0)::bigint, COALESCE(sum(body_length), 0)::bigint,
                        COALESCE(sum(headlines), 0)::bigint, COALESCE(sum(headline_length), 0)::bigint,
                        COALESCE(sum(title_length), 0)::bigint
                 FROM factcheck_sources",
                &[],
            )
            .map_err(|e| archive.error(doing, &e))?;
        tx.commit().map_err(|e| archive.error(doing, &e))?;
        let count = |i: usize| totals.get::<_, i64>(i).max(0) as u64;
        let stats = Stats {
            sources: count(0) as usize,
            passages: count(1) as usize,
            passage_length: count(2),
            headlines: count(3) as usize,
            headline_length: count(4),
            title_length: count(5),
        };

        let declared: BTreeMap<&str, &DeclaredSource> = project
            .declared_sources
            .iter()
            .map(|d| (d.id.as_str(), d))
            .collect();
        let dir = project.sources_path();
        let mut listed: Vec<(i32, (u32, u32), Source)> = Vec::with_capacity(rows.len());
        let mut warnings = Vec::new();
        for row in rows {
            let id: String = row.get(1);
            let file: String = row.get(2);
            let decl = declared.get(id.as_str()).copied();
            if let Some(d) = decl {
                if d.file.trim_start_matches("./") != file {
                    return Err(InputError::new(format!(
                        "source \"{id}\" is the file {} in claims.toml but {file} in the archive {}",
                        d.file,
                        archive.shown()
                    ))
                    .at(project.location(d.file_span.clone()))
                    .help("index the sources again: factcheck index"));
                }
            }
            let file_title: String = row.get(6);
            let indexed_title: Option<String> = row.get(5);
            let title = decl.and_then(|d| d.title.clone());
            if title != indexed_title {
                warnings.push(InputError::new(format!(
                    "the title of source \"{id}\" in claims.toml changed since the archive indexed it, so its ranking still uses the old one"
                )).help("index the sources again: factcheck index"));
            }
            let format = match row.get::<_, i16>(3) {
                1 => Format::Html,
                2 => Format::Pdf,
                _ => Format::Text,
            };
            let body_passages: i32 = row.get(10);
            let lengths = (
                row.get::<_, i32>(11).max(0) as u32,
                row.get::<_, i64>(12).max(0) as u32,
            );
            listed.push((
                row.get(0),
                lengths,
                Source {
                    path: dir.join(&file),
                    title: title.unwrap_or(file_title),
                    publisher: decl.and_then(|d| d.publisher.clone()).or(row.get(7)),
                    url: decl.and_then(|d| d.url.clone()).or(row.get(8)),
                    published: decl.and_then(|d| d.published.clone()).or(row.get(9)),
                    declared_at: decl.map(|d| d.id_span.clone()),
                    format,
                    text: String::new(),
                    sha256: row.get(4),
                    page_starts: Vec::new(),
                    lines: LineIndex::new(""),
                    paragraphs: Vec::new(),
                    passages: Vec::new(),
                    unread: Some(Unread {
                        body_passages: body_passages.max(0) as usize,
                    }),
                    id,
                    file,
                },
            ));
        }
        let listed_ids: std::collections::HashSet<&str> =
            listed.iter().map(|(_, _, s)| s.id.as_str()).collect();
        for d in &project.declared_sources {
            if !listed_ids.contains(d.id.as_str()) {
                return Err(InputError::new(format!(
                    "source \"{}\" is declared in claims.toml but not in the archive {}",
                    d.id,
                    archive.shown()
                ))
                .at(project.location(d.id_span.clone()))
                .help("index the sources again: factcheck index"));
            }
        }
        // Byte order, as a loaded corpus has them (not the database's collation).
        listed.sort_by(|a, b| a.2.id.cmp(&b.2.id));
        let sids: Vec<i32> = listed.iter().map(|(sid, ..)| *sid).collect();
        let lengths = listed.iter().map(|(_, l, _)| *l).collect();
        let by_sid = sids
            .iter()
            .enumerate()
            .map(|(i, &sid)| (sid, i as u32))
            .collect();
        let corpus = Corpus {
            sources: listed.into_iter().map(|(_, _, s)| s).collect(),
            warnings,
        };
        Ok((
            Listing {
                sids,
                lengths,
                by_sid,
                stats,
            },
            corpus,
        ))
    }

    pub(crate) fn index_of(&self, sid: i32) -> Option<u32> {
        self.by_sid.get(&sid).copied()
    }

    /// The title's and the whole source's length (in terms) of the source at `index`.
    pub(crate) fn lengths(&self, index: u32) -> (u32, u32) {
        self.lengths[index as usize]
    }

    pub(crate) fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Read the text of the sources `which` (corpus indexes) that are not read yet.
    pub(crate) fn read(
        &self,
        archive: &Archive,
        project: &Project,
        corpus: &mut Corpus,
        which: impl IntoIterator<Item = usize>,
    ) -> Result<Read, InputError> {
        let mut wanted: Vec<usize> = which
            .into_iter()
            .filter(|&i| corpus.sources.get(i).is_some_and(|s| s.unread.is_some()))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(Read::default());
        }
        let cap = project.max_source_size;
        let declared: BTreeMap<&str, &DeclaredSource> = project
            .declared_sources
            .iter()
            .map(|d| (d.id.as_str(), d))
            .collect();
        let dir = readable_folder(project);
        let from_disk: Vec<Option<Source>> = wanted
            .par_iter()
            .map(|&i| {
                let s = &corpus.sources[i];
                let Some(dir) = &dir else { return Ok(None) };
                if !file_inside(dir, &s.file, project.allow_outside) {
                    return Ok(None);
                }
                let planned = Planned {
                    id: s.id.clone(),
                    file: s.file.clone(),
                    path: s.path.clone(),
                    declared: declared.get(s.id.as_str()).copied(),
                };
                planned.read(cap)
            })
            .collect::<Result<_, InputError>>()?;
        let mut read = Read::default();
        let mut from_archive: Vec<usize> = Vec::new();
        for (&i, disk) in wanted.iter().zip(from_disk) {
            match disk {
                Some(source) => {
                    if source.sha256 != corpus.sources[i].sha256 {
                        read.changed.push(i as u32);
                    }
                    corpus.sources[i] = source;
                }
                None => from_archive.push(i),
            }
        }
        if !from_archive.is_empty() {
            let sids: Vec<i32> = from_archive.iter().map(|&i| self.sids[i]).collect();
            let rows = archive
                .client()
                .query(
                    "SELECT sid, text, page_starts FROM factcheck_sources WHERE sid = ANY($1)",
                    &[&sids],
                )
                .map_err(|e| archive.error("reading sources' text", &e))?;
            let mut texts: HashMap<i32, (String, Vec<i64>)> = rows
                .into_iter()
                .map(|r| (r.get(0), (r.get(1), r.get(2))))
                .collect();
            for &i in &from_archive {
                let Some((text, pages)) = texts.remove(&self.sids[i]) else {
                    return Err(InputError::new(format!(
                        "source \"{}\" left the archive {} during this run",
                        corpus.sources[i].id,
                        archive.shown()
                    ))
                    .help("an indexing run removed it; run the command again"));
                };
                let pages = pages.into_iter().map(|p| p.max(0) as usize).collect();
                let source = corpus.sources[i].clone().with_text(text, pages);
                corpus.sources[i] = source;
            }
        }
        Ok(read)
    }
}

/// The sources folder, when it is there and may be read (inside the project's folder, or
/// `--allow-outside`).
fn readable_folder(project: &Project) -> Option<std::path::PathBuf> {
    let dir = project.sources_path();
    let real = dir.canonicalize().ok()?;
    if !project.allow_outside {
        let root = project.root.canonicalize().ok()?;
        if !real.starts_with(&root) {
            return None;
        }
    }
    Some(real)
}

/// Whether `file`, as the archive names it, is a file inside `dir`: the archive's rows are
/// not trusted to name a path that leads out (`..`, an absolute path, a link out).
fn file_inside(dir: &Path, file: &str, allow_outside: bool) -> bool {
    let rel = Path::new(file);
    if !rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return false;
    }
    let path = dir.join(rel);
    let Ok(real) = path.canonicalize() else {
        return false;
    };
    real.is_file() && (allow_outside || real.starts_with(dir))
}
