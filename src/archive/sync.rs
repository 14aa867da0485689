//! `factcheck index`: the archive made to hold the sources folder as it is. A source is
//! re-indexed when its file's sha256, its id or its declared title changed; the work is
//! done in batches, each one transaction, so that a run stopped at any point leaves every
//! source either as it was or wholly re-indexed, and the next run does only what is left.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;

use postgres::Transaction;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{schema, Archive};
use crate::corpus::{Corpus, Format, Planned, Source};
use crate::error::InputError;
use crate::progress::Progress;
use crate::project::Project;
use crate::retrieve::{Params, SourceTerms};

/// Sources read and written per transaction.
const BATCH: usize = 256;

/// What an indexing run did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub(crate) added: usize,
    pub(crate) changed: usize,
    pub(crate) removed: usize,
    pub(crate) unchanged: usize,
    /// Whether the tables were created (or rebuilt by `--migrate`).
    pub(crate) created: bool,
    pub(crate) warnings: Vec<InputError>,
}

impl Summary {
    pub(crate) fn did_nothing(&self) -> bool {
        self.added + self.changed + self.removed == 0 && !self.created
    }
}

struct Indexed {
    sid: i32,
    id: String,
    sha256: String,
    declared_title: Option<String>,
}

/// Bring the archive up to date with the project's sources.
pub(crate) fn sync(
    archive: &Archive,
    project: &Project,
    migrate: bool,
    progress: &Progress,
) -> Result<Summary, InputError> {
    take_lock(archive)?;
    let created = schema::prepare(archive, migrate)?;
    let (planned, warnings) = Corpus::plan(project)?;

    let indexed: HashMap<String, Indexed> = {
        let mut client = archive.client();
        client
            .query(
                "SELECT sid, id, file, sha256, declared_title FROM factcheck_sources",
                &[],
            )
            .map_err(|e| archive.error("reading the indexed sources", &e))?
            .into_iter()
            .map(|r| {
                (
                    r.get::<_, String>(2),
                    Indexed {
                        sid: r.get(0),
                        id: r.get(1),
                        sha256: r.get(3),
                        declared_title: r.get(4),
                    },
                )
            })
            .collect()
    };

    progress.stage(
        "comparing sources with the archive",
        Some(planned.len() as u64),
    );
    let hashed: Vec<Result<Option<String>, InputError>> = planned
        .par_iter()
        .map(|p| {
            let known = indexed.get(&p.file);
            let result = match known {
                Some(known)
                    if known.id == p.id
                        && known.declared_title.as_deref()
                            == p.declared.and_then(|d| d.title.as_deref()) =>
                {
                    file_sha256(p).map(Some)
                }
                _ => Ok(None),
            };
            progress.tick();
            result
        })
        .collect();
    let mut todo: Vec<&Planned> = Vec::new();
    let mut unchanged = 0;
    let mut replaced: BTreeMap<String, i32> = BTreeMap::new();
    for (p, sha) in planned.iter().zip(hashed) {
        let sha = sha?;
        let known = indexed.get(&p.file);
        match (known, sha) {
            (Some(k), Some(sha)) if k.sha256 == sha => unchanged += 1,
            _ => {
                if let Some(k) = known {
                    replaced.insert(p.file.clone(), k.sid);
                }
                todo.push(p);
            }
        }
    }
    let seen: BTreeSet<&str> = planned.iter().map(|p| p.file.as_str()).collect();
    let removed: Vec<i32> = indexed
        .iter()
        .filter(|(file, _)| !seen.contains(file.as_str()))
        .map(|(_, k)| k.sid)
        .collect();

    let mut summary = Summary {
        unchanged,
        removed: removed.len(),
        created,
        warnings,
        ..Summary::default()
    };
    let cap = project.max_source_size;
    let params = Params::default();
    progress.stage("indexing sources", Some(todo.len() as u64));
    let mut client = archive.client();
    // Sources that are gone go first, so that a file renamed to another's id finds it free.
    let mut batches: Vec<&[&Planned]> = todo.chunks(BATCH).collect();
    if batches.is_empty() && !removed.is_empty() {
        batches.push(&[]);
    }
    for (i, batch) in batches.into_iter().enumerate() {
        let first = i == 0;
        let read: Vec<Option<(Source, Option<String>, SourceTerms)>> = batch
            .par_iter()
            .map(|p| {
                let r = read_for_archive(p, cap, &params);
                progress.tick();
                r
            })
            .collect::<Result<_, _>>()?;
        let mut tx = client
            .transaction()
            .map_err(|e| archive.error("starting a transaction", &e))?;
        let mut dropped: Vec<i32> = if first { removed.clone() } else { Vec::new() };
        dropped.extend(batch.iter().filter_map(|p| replaced.get(&p.file)));
        let write = |tx: &mut Transaction| -> Result<(), postgres::Error> {
            let mut gone: BTreeMap<i32, (i64, i32)> = BTreeMap::new();
            if !dropped.is_empty() {
                for row in tx.query(
                    "DELETE FROM factcheck_postings WHERE sid = ANY($1) RETURNING tid, passages",
                    &[&dropped],
                )? {
                    let count = gone.entry(row.get(0)).or_default();
                    count.0 += row.get::<_, i32>(1) as i64;
                    count.1 += 1;
                }
                tx.execute(
                    "DELETE FROM factcheck_sources WHERE sid = ANY($1)",
                    &[&dropped],
                )?;
                count_terms(tx, &gone, -1)?;
            }
            write_sources(tx, &read)?;
            if !gone.is_empty() {
                // A term no source has any more is not a term of the archive: the in-memory
                // index would not know it either.
                let tids: Vec<i32> = gone.keys().copied().collect();
                tx.execute(
                    "DELETE FROM factcheck_terms WHERE tid = ANY($1) AND rows = 0",
                    &[&tids],
                )?;
            }
            Ok(())
        };
        write(&mut tx)
            .and_then(|()| tx.commit())
            .map_err(|e| archive.error("writing the archive", &e))?;
        for (p, r) in batch.iter().zip(&read) {
            if r.is_some() {
                if replaced.contains_key(&p.file) {
                    summary.changed += 1;
                } else {
                    summary.added += 1;
                }
            }
        }
    }
    if !summary.did_nothing() {
        // Index-only scans need the visibility map current, and the planner the new sizes.
        progress.stage("analysing the archive", None);
        client
            .batch_execute(
                "VACUUM (ANALYZE) factcheck_postings, factcheck_terms, factcheck_sources",
            )
            .map_err(|e| archive.error("vacuuming the archive", &e))?;
    }
    Ok(summary)
}

/// One indexing run at a time per database: two would give a term two ids.
fn take_lock(archive: &Archive) -> Result<(), InputError> {
    let mut client = archive.client();
    let got: bool = client
        .query_one("SELECT pg_try_advisory_lock(7286355463514621)", &[])
        .map_err(|e| archive.error("taking the indexing lock", &e))?
        .get(0);
    if got {
        Ok(())
    } else {
        Err(InputError::new(format!(
            "another `factcheck index` is writing to {}",
            archive.shown()
        ))
        .help("wait for it to finish, then run this one again"))
    }
}

fn file_sha256(p: &Planned) -> Result<String, InputError> {
    let bytes =
        std::fs::read(&p.path).map_err(|e| InputError::io("read the source", &p.path, &e))?;
    Ok(crate::corpus::hex(&Sha256::digest(&bytes)))
}

/// The source as the file gives it (its own title and metadata, which the archive keeps
/// apart from the declaration's), its declared title, and its terms under the title that
/// is indexed.
fn read_for_archive(
    p: &Planned,
    cap: u64,
    params: &Params,
) -> Result<Option<(Source, Option<String>, SourceTerms)>, InputError> {
    let own = Planned {
        id: p.id.clone(),
        file: p.file.clone(),
        path: p.path.clone(),
        declared: None,
    };
    let Some(source) = own.read(cap)? else {
        return Ok(None);
    };
    if let Some(at) = source.text.find('\0') {
        let (line, column) = source.line_col(at);
        return Err(InputError::new(format!(
            "{} holds a NUL character at line {line}, column {column}, which the database cannot store",
            p.path.display()
        ))
        .help("remove the character from the file"));
    }
    let declared_title = p.declared.and_then(|d| d.title.clone());
    let mut indexed = source.clone();
    if let Some(title) = &declared_title {
        indexed.title = title.clone();
    }
    let terms = SourceTerms::of(&indexed, params);
    Ok(Some((source, declared_title, terms)))
}

fn write_sources(
    tx: &mut Transaction,
    read: &[Option<(Source, Option<String>, SourceTerms)>],
) -> Result<(), postgres::Error> {
    let read: Vec<&(Source, Option<String>, SourceTerms)> = read.iter().flatten().collect();
    if read.is_empty() {
        return Ok(());
    }
    let mut sids = Vec::with_capacity(read.len());
    for (source, declared_title, terms) in &read {
        let body: Vec<&(u32, bool, Vec<u32>)> = terms.passages.iter().filter(|p| !p.1).collect();
        let heads: Vec<&(u32, bool, Vec<u32>)> = terms.passages.iter().filter(|p| p.1).collect();
        let length =
            |ps: &[&(u32, bool, Vec<u32>)]| ps.iter().map(|p| p.2.len() as i64).sum::<i64>();
        let format: i16 = match source.format {
            Format::Text => 0,
            Format::Html => 1,
            Format::Pdf => 2,
        };
        let pages: Vec<i64> = source.page_starts.iter().map(|&p| p as i64).collect();
        let row = tx.query_one(
            "INSERT INTO factcheck_sources (id, file, format, sha256, declared_title, file_title, publisher, url, published, body_passages, body_length, headlines, headline_length, title_length, page_starts, text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING sid",
            &[
                &source.id,
                &source.file,
                &format,
                &source.sha256,
                declared_title,
                &source.title,
                &source.publisher,
                &source.url,
                &source.published,
                &(body.len() as i32),
                &length(&body),
                &(heads.len() as i32),
                &length(&heads),
                &(terms.title.len() as i32),
                &pages,
                &source.text,
            ],
        )?;
        sids.push(row.get::<_, i32>(0));
    }

    let stems: Vec<&str> = read
        .iter()
        .flat_map(|(_, _, t)| t.vocabulary.iter().map(String::as_str))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    tx.execute(
        "INSERT INTO factcheck_terms (stem) SELECT unnest($1::text[]) ON CONFLICT (stem) DO NOTHING",
        &[&stems],
    )?;
    let tids: HashMap<String, i32> = tx
        .query(
            "SELECT stem, tid FROM factcheck_terms WHERE stem = ANY($1)",
            &[&stems],
        )?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();

    let mut rows = String::new();
    let mut added: BTreeMap<i32, (i64, i32)> = BTreeMap::new();
    for ((_, _, terms), sid) in read.iter().zip(&sids) {
        postings_rows(terms, *sid, &tids, &mut rows, &mut added);
    }
    let mut copy = tx.copy_in("COPY factcheck_postings (tid, sid, passages, data) FROM STDIN")?;
    // A write that fails (the connection lost) fails `finish` too, with the client's error.
    let _ = copy.write_all(rows.as_bytes());
    copy.finish()?;
    count_terms(tx, &added, 1)
}

/// Add (`sign` 1) or take away (-1) passages and postings rows from the terms' counts.
fn count_terms(
    tx: &mut Transaction,
    counts: &BTreeMap<i32, (i64, i32)>,
    sign: i64,
) -> Result<(), postgres::Error> {
    if counts.is_empty() {
        return Ok(());
    }
    let tids: Vec<i32> = counts.keys().copied().collect();
    let passages: Vec<i64> = counts.values().map(|c| sign * c.0).collect();
    let rows: Vec<i32> = counts.values().map(|c| sign as i32 * c.1).collect();
    tx.execute(
        "UPDATE factcheck_terms t SET passages = t.passages + d.passages, rows = t.rows + d.rows
         FROM (SELECT unnest($1::integer[]) AS tid, unnest($2::bigint[]) AS passages, unnest($3::integer[]) AS rows) d
         WHERE t.tid = d.tid",
        &[&tids, &passages, &rows],
    )?;
    Ok(())
}

/// A term's postings in one source, as the index counts them.
#[derive(Default)]
struct TermRow {
    passages: Vec<(u32, u32, u32)>,
    headlines: Vec<(u32, u32, u32)>,
    title_tf: u32,
}

/// COPY text lines of a source's postings, one per term, in term order.
fn postings_rows(
    terms: &SourceTerms,
    sid: i32,
    tids: &HashMap<String, i32>,
    out: &mut String,
    totals: &mut BTreeMap<i32, (i64, i32)>,
) {
    let mut rows: Vec<TermRow> = (0..terms.vocabulary.len())
        .map(|_| TermRow::default())
        .collect();
    for &t in &terms.title {
        rows[t as usize].title_tf += 1;
    }
    let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
    for (passage, headline, ids) in &terms.passages {
        counts.clear();
        for &t in ids {
            *counts.entry(t).or_insert(0) += 1;
        }
        let len = ids.len() as u32;
        for (&t, &tf) in &counts {
            let row = &mut rows[t as usize];
            let list = if *headline {
                &mut row.headlines
            } else {
                &mut row.passages
            };
            list.push((*passage, tf, len));
        }
    }
    let mut packed: Vec<u32> = Vec::new();
    for (stem, row) in terms.vocabulary.iter().zip(&rows) {
        if row.passages.is_empty() && row.headlines.is_empty() && row.title_tf == 0 {
            continue;
        }
        let tid = tids[stem];
        let count = totals.entry(tid).or_default();
        count.0 += row.passages.len() as i64;
        count.1 += 1;
        packed.clear();
        for list in [&row.passages, &row.headlines] {
            packed.push(list.len() as u32);
            packed.extend(list.iter().map(|p| p.0));
            packed.extend(list.iter().map(|p| p.1));
            packed.extend(list.iter().map(|p| p.2));
        }
        packed.push(row.title_tf);
        // bytea in COPY's text format: \\x and hex digits.
        let _ = write!(out, "{tid}\t{sid}\t{}\t\\\\x", row.passages.len());
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for v in &packed {
            for b in v.to_le_bytes() {
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
        out.push('\n');
    }
}
