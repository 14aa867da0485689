//! Archives in PostgreSQL: the sources, their passages and the BM25 statistics of the
//! in-memory index ([`crate::retrieve::MemoryIndex`]) kept in tables, indexed once and then
//! incrementally (`factcheck index`), and searched behind the [`crate::retrieve::Retriever`]
//! trait, so that a run reads only the sources it shows.
//!
//! - `schema`: the tables and their version.
//! - `sync`: `factcheck index`, which adds, re-indexes (by sha256) and drops sources.
//! - `search`: [`ArchiveRetriever`], the same multi-field BM25 as the in-memory index: the
//!   postings of a query's terms are read from the archive and scored by the very code that
//!   scores the in-memory index, on a slice of its fields, so the two rank alike to the bit.
//! - `listing`: the corpus of a run against an archive: every source listed, and the text
//!   read (from disk when the file is there and unchanged, else from the archive) only of
//!   those it needs.
//!
//! Every error says what failed in words; the connection has a timeout, and a server that
//! goes away mid-run ends the run with an error, never a hang or a partial output.

mod listing;
mod schema;
mod search;
mod sync;

use std::str::FromStr;
use std::sync::{mpsc, Mutex, MutexGuard};
use std::time::Duration;

use postgres::{Client, Config, NoTls};

use crate::error::InputError;

pub(crate) use listing::Listing;
pub(crate) use schema::require_current;
pub(crate) use search::{ArchiveRetriever, Replay};
pub(crate) use sync::sync;

/// How long connecting (and the server's first answer) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to an archive's database.
pub(crate) struct Archive {
    /// A few connections, so that the searches of a run go on in parallel.
    clients: Vec<Mutex<Client>>,
    /// The URL without its password, for messages.
    shown: String,
}

/// Where a run's archive is: `--database`, or `[index] database` in `claims.toml`.
#[derive(Debug, Clone)]
pub(crate) struct DatabaseUrl {
    pub(crate) url: String,
    /// Where the URL came from, for messages ("--database", "the environment variable X").
    pub(crate) from: String,
}

impl Archive {
    /// Connect to the archive at `url` with `connections` connections (at least one), all
    /// within [`CONNECT_TIMEOUT`].
    pub(crate) fn connect(url: &DatabaseUrl, connections: usize) -> Result<Archive, InputError> {
        let mut config = Config::from_str(&url.url).map_err(|e| {
            InputError::new(format!(
                "the database URL from {} is not valid: {}",
                url.from,
                e
            ))
            .help("write it as postgres://USER@HOST:PORT/DATABASE (the password in an environment variable, see README, \"Archives in PostgreSQL\")")
        })?;
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30))
            .application_name("factcheck");
        let shown = shown(&config);
        // The client's own timeout covers the TCP connection, not a server that accepts and
        // then says nothing: the whole handshake runs on a thread we stop waiting for.
        let (tx, rx) = mpsc::channel();
        for _ in 0..connections.max(1) {
            let handshake = config.clone();
            let tx = tx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(handshake.connect(NoTls));
            });
        }
        let deadline = std::time::Instant::now() + CONNECT_TIMEOUT + Duration::from_secs(1);
        let mut clients = Vec::new();
        for _ in 0..connections.max(1) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(Ok(client)) => clients.push(Mutex::new(client)),
                Ok(Err(e)) => return Err(connect_error(&shown, &e)),
                Err(_) => {
                    return Err(InputError::new(format!(
                        "the database server {shown} did not answer within {} s",
                        CONNECT_TIMEOUT.as_secs()
                    ))
                    .help("check that the server is running and that HOST and PORT are its own"))
                }
            }
        }
        Ok(Archive { clients, shown })
    }

    /// A connection: a free one, else the one of this worker thread.
    pub(crate) fn client(&self) -> MutexGuard<'_, Client> {
        for c in &self.clients {
            match c.try_lock() {
                Ok(guard) => return guard,
                Err(std::sync::TryLockError::Poisoned(e)) => return e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
        }
        let i = rayon::current_thread_index().unwrap_or(0) % self.clients.len();
        self.clients[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An error of a query, in words.
    pub(crate) fn error(&self, doing: &str, e: &postgres::Error) -> InputError {
        query_error(&self.shown, doing, e)
    }

    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }
}

/// `user@host:port/database`, never the password.
fn shown(config: &Config) -> String {
    use postgres::config::Host;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let db = config.get_dbname().unwrap_or(user);
    let at = if user.is_empty() {
        String::new()
    } else {
        format!("{user}@")
    };
    format!("{at}{host}:{port}/{db}")
}

/// The io error under a client error, if there is one.
fn io_kind(e: &postgres::Error) -> Option<std::io::ErrorKind> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = s.source();
    }
    None
}

fn connect_error(shown: &str, e: &postgres::Error) -> InputError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            "28P01" | "28000" => InputError::new(format!(
                "authentication failed for the database {shown}: {}",
                db.message()
            ))
            .help("check the user and the password in the URL (keep the password in an environment variable)"),
            "3D000" => InputError::new(format!("the database {shown} does not exist"))
                .help("create it (createdb), or name an existing database in the URL"),
            _ => InputError::new(format!(
                "the database server {shown} refused the connection: {}",
                db.message()
            )),
        };
    }
    use std::io::ErrorKind::*;
    let why = match io_kind(e) {
        Some(ConnectionRefused) => "connection refused: no server listens there".to_string(),
        Some(TimedOut) | Some(WouldBlock) => {
            format!("it did not answer within {} s", CONNECT_TIMEOUT.as_secs())
        }
        Some(NotFound) => "no such host or socket".to_string(),
        _ => e.to_string(),
    };
    InputError::new(format!("the database server {shown} is unreachable: {why}"))
        .help("start the server, or correct HOST and PORT in the URL (README, \"Archives in PostgreSQL\", shows how to start a local one)")
}

fn query_error(shown: &str, doing: &str, e: &postgres::Error) -> InputError {
    if e.is_closed() || io_kind(e).is_some() {
        return InputError::new(format!(
            "the database server {shown} closed the connection while {doing}"
        ))
        .help("the server stopped or the network failed; nothing was written: run the command again when the server is back");
    }
    match e.as_db_error() {
        Some(db) => InputError::new(format!(
            "the database {shown} failed while {doing}: {}",
            db.message()
        )),
        None => InputError::new(format!("the database {shown} failed while {doing}: {e}")),
    }
}

/// The archive a run uses: `--database`, else `[index] database` in `claims.toml`, else none
/// (the sources are read and indexed in memory).
pub(crate) fn database_url(
    flag: Option<&str>,
    project: &crate::project::Project,
) -> Result<Option<DatabaseUrl>, InputError> {
    use crate::project::DatabaseSetting;
    if let Some(url) = flag {
        return Ok(Some(DatabaseUrl {
            url: url.to_string(),
            from: "--database".to_string(),
        }));
    }
    let Some((setting, span)) = &project.database else {
        return Ok(None);
    };
    match setting {
        DatabaseSetting::Url(url) => {
            let has_password = Config::from_str(url)
                .map(|c| c.get_password().is_some())
                .unwrap_or(false);
            if has_password {
                // Where, but not the line itself: it would print the password.
                let mut at = project.location(span.clone());
                at.span = None;
                at.text = None;
                return Err(InputError::new(
                    "[index] database holds a password, which must not sit in a file",
                )
                .at(at)
                .help("take the URL from an environment variable: database = { env = \"FACTCHECK_DATABASE_URL\" }"));
            }
            Ok(Some(DatabaseUrl {
                url: url.clone(),
                from: "[index] database".to_string(),
            }))
        }
        DatabaseSetting::Env(name) => match std::env::var(name) {
            Ok(url) if !url.trim().is_empty() => Ok(Some(DatabaseUrl {
                url,
                from: format!("the environment variable {name}"),
            })),
            _ => Err(InputError::new(format!(
                "[index] database is taken from the environment variable {name}, which is not set"
            ))
            .at(project.location(span.clone()))
            .help(format!(
                "set it to the archive's URL (export {name}=postgres://USER:PASSWORD@HOST:PORT/DATABASE), or pass --database"
            ))),
        },
    }
}
