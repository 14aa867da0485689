//! The archive's tables. One row per source, with its text (a CI job may have only
//! `claims.toml` and the database) and the per-source lengths BM25 needs; one row per term;
//! one row per (term, source) with the passages and headlines that have the term, their term
//! frequencies and lengths, and the term's frequency in the title, packed in one blob. The whole-source field is
//! the sum of a source's passages, so it needs no rows of its own. The statistics of each
//! field (documents, total length) are sums over the sources table, so they cannot drift
//! from what is indexed.

use postgres::Client;

use super::Archive;
use crate::error::InputError;

/// The version of the tables this build reads and writes.
pub(crate) const VERSION: i32 = 1;

const CREATE: &str = "
CREATE TABLE factcheck_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE factcheck_sources (
    sid serial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    file text NOT NULL UNIQUE,
    format smallint NOT NULL,
    sha256 text NOT NULL,
    -- The title claims.toml declared when the source was indexed (NULL: none), and the
    -- title the file gives itself; the title indexed is the first of the two.
    declared_title text,
    file_title text NOT NULL,
    -- What the file says of itself (a page's metadata, a PDF's /Author and /CreationDate).
    publisher text,
    url text,
    published text,
    body_passages integer NOT NULL,
    body_length bigint NOT NULL,
    headlines integer NOT NULL,
    headline_length bigint NOT NULL,
    title_length integer NOT NULL,
    page_starts bigint[] NOT NULL,
    text text NOT NULL
);
-- How many passages have the term (the passage field's document frequency, which choosing
-- among related stems needs before their postings are read) and how many postings rows it
-- has (a term with none is dropped); kept by the transaction that changes the postings.
CREATE TABLE factcheck_terms (
    tid serial PRIMARY KEY,
    stem text NOT NULL UNIQUE,
    passages bigint NOT NULL DEFAULT 0,
    rows integer NOT NULL DEFAULT 0
);
-- `data` packs, as little-endian u32s: the count of passages that have the term, then their
-- indexes, term frequencies and lengths; the same for headlines; the term frequency in the
-- title. One blob, not seven arrays: a common term has a row in nearly every source, and a
-- query reads them all.
CREATE TABLE factcheck_postings (
    tid integer NOT NULL REFERENCES factcheck_terms,
    sid integer NOT NULL REFERENCES factcheck_sources ON DELETE CASCADE,
    passages integer NOT NULL,
    data bytea NOT NULL,
    -- The key carries the data, so that a query reads a term's rows in one run of index
    -- pages (an index-only scan), not from heap pages all over the table, which hold the
    -- rows in the order the sources were indexed.
    PRIMARY KEY (tid, sid) INCLUDE (data)
);
CREATE INDEX factcheck_postings_sid ON factcheck_postings (sid);
";

const DROP: &str = "
DROP TABLE IF EXISTS factcheck_postings, factcheck_terms, factcheck_sources, factcheck_meta;
";

/// What the database holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// No factcheck tables.
    Empty,
    Version(i32),
}

pub(crate) fn state(archive: &Archive) -> Result<State, InputError> {
    let mut client = archive.client();
    state_of(&mut client).map_err(|e| archive.error("reading the schema version", &e))
}

fn state_of(client: &mut Client) -> Result<State, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('factcheck_meta') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(State::Empty);
    }
    let row = client.query_opt(
        "SELECT value FROM factcheck_meta WHERE key = 'schema_version'",
        &[],
    )?;
    let version = row
        .and_then(|r| r.get::<_, String>(0).parse::<i32>().ok())
        .unwrap_or(0);
    Ok(State::Version(version))
}

/// The tables are there and of this build's version; for the commands that read an archive.
pub(crate) fn require_current(archive: &Archive) -> Result<(), InputError> {
    match state(archive)? {
        State::Version(VERSION) => Ok(()),
        State::Empty => Err(InputError::new(format!(
            "the database {} holds no factcheck archive",
            archive.shown()
        ))
        .help("index the sources into it first: factcheck index --database URL")),
        State::Version(v) => Err(version_error(archive, v)),
    }
}

fn version_error(archive: &Archive, found: i32) -> InputError {
    if found < VERSION {
        InputError::new(format!(
            "the archive in {} has schema version {found}, too old for this factcheck (version {VERSION})",
            archive.shown()
        ))
        .help("migrate it with `factcheck index --migrate`, which rebuilds the tables and indexes the sources again")
    } else {
        InputError::new(format!(
            "the archive in {} has schema version {found}, made by a newer factcheck (this one reads version {VERSION})",
            archive.shown()
        ))
        .help("upgrade factcheck, or index into another database")
    }
}

/// Make the tables current for `factcheck index`: create them in an empty database; with
/// `migrate`, rebuild an older version's (the archive is derived from the sources, so the
/// next indexing run fills it again). Returns whether the tables were (re)made.
pub(crate) fn prepare(archive: &Archive, migrate: bool) -> Result<bool, InputError> {
    let found = state(archive)?;
    let rebuild = match found {
        State::Version(VERSION) => return Ok(false),
        State::Empty => false,
        State::Version(v) if v < VERSION && migrate => true,
        State::Version(v) => return Err(version_error(archive, v)),
    };
    let mut client = archive.client();
    let mut tx = client
        .transaction()
        .map_err(|e| archive.error("creating the tables", &e))?;
    let sql = if rebuild {
        format!("{DROP}{CREATE}")
    } else {
        CREATE.to_string()
    };
    tx.batch_execute(&sql)
        .and_then(|()| {
            tx.execute(
                "INSERT INTO factcheck_meta (key, value) VALUES ('schema_version', $1)",
                &[&VERSION.to_string()],
            )
        })
        .and_then(|_| tx.commit())
        .map_err(|e| archive.error("creating the tables", &e))?;
    Ok(true)
}
