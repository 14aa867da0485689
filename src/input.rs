//! Reading the project's own files, `claims.toml` and `claims.lock`, as the sources are read:
//! confined to the project's folder, capped in size, and quoted in error messages only when
//! they are text inside the project.
//!
//! The project's folder is the folder that holds the path as given (`--claims`, or the lock
//! beside it). A file there that is a link to a file outside it is refused unless
//! `--allow-outside` is given, so that a pull request cannot commit `claims.lock ->
//! ~/.git-credentials` and have CI print the token in a parse error. A named FIFO and a pipe
//! (`--claims <(cat claims.toml)`, a link to no file at all) are read as they come.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::error::{InputError, Location, Result};
use crate::lock::Lock;

const MIB: u64 = 1 << 20;

/// The largest claims file read: far beyond any real one (the 1,000-claim benchmark's is
/// 0.4 MiB), small enough that `--claims /dev/zero` fails at once.
pub(crate) const CLAIMS_CAP: u64 = 64 * MIB;
/// The largest lock read: a lock holds every citation's quote with its context, a few times
/// the claims file.
pub(crate) const LOCK_CAP: u64 = 256 * MIB;

/// Which of the project's files is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Claims,
    Lock,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Claims => "claims file",
            Kind::Lock => "lock file",
        }
    }

    pub(crate) fn cap(self) -> u64 {
        match self {
            Kind::Claims => CLAIMS_CAP,
            Kind::Lock => LOCK_CAP,
        }
    }

    fn help(self) -> &'static str {
        match self {
            Kind::Claims => "check that --claims names your claims.toml",
            Kind::Lock => {
                "the lock file is written by `factcheck lock`; run it again to rewrite the file"
            }
        }
    }
}

/// A file as it was read.
#[derive(Debug)]
pub(crate) struct Input {
    pub bytes: Vec<u8>,
    /// Whether error messages may show its lines: it is text, and inside the project.
    pub quotable: bool,
    /// Why not, for the message that shows none.
    unquotable_because: &'static str,
    pub fingerprint: Fingerprint,
}

/// What a file held when it was read, to tell later whether it is still the same file: its
/// size, modification time and the sha256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub sha256: [u8; 32],
}

impl Fingerprint {
    fn of(bytes: &[u8], modified: Option<SystemTime>) -> Fingerprint {
        Fingerprint {
            len: bytes.len() as u64,
            modified,
            sha256: Sha256::digest(bytes).into(),
        }
    }
}

/// Why a file could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// There is no such file (or its folder cannot be looked into): the caller says what that
    /// means (no lock yet; a wrong `--claims`).
    Missing(std::io::Error),
    /// Anything else, with its message.
    Failed(InputError),
}

/// Reads `path` as the project's `kind` of file: refused when it is a link out of the
/// project's folder (unless `allow_outside`), when it is a folder, or when it holds more than
/// [`Kind::cap`] bytes (the size and the cap are in the message).
pub(crate) fn read(path: &Path, kind: Kind, allow_outside: bool) -> Result<Input, ReadError> {
    let noun = kind.noun();
    let link = std::fs::symlink_metadata(path).map_err(ReadError::Missing)?;
    // Where a link leads: inside the project, outside it, or to no file at all (a pipe, or a
    // link to nothing), which only opening it tells.
    let mut outside = false;
    let mut unplaced = false;
    if link.file_type().is_symlink() {
        match leads_inside(path) {
            Some(true) => {}
            Some(false) if allow_outside => outside = true,
            Some(false) => return Err(ReadError::Failed(links_outside(path, kind))),
            None => unplaced = true,
        }
    }
    let mut file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing(e),
        _ => ReadError::Failed(InputError::io(&format!("read the {noun}"), path, &e)),
    })?;
    let failed = |e: std::io::Error| {
        ReadError::Failed(InputError::io(&format!("read the {noun}"), path, &e))
    };
    let meta = file.metadata().map_err(failed)?;
    if meta.is_dir() {
        return Err(ReadError::Failed(
            InputError::new(format!("{} is a folder, not a {noun}", path.display()))
                .at(Location::file(path))
                .help(match kind {
                    Kind::Claims => {
                        "pass the path of the TOML file itself, e.g. --claims path/to/claims.toml"
                    }
                    Kind::Lock => {
                        "the lock is a file beside claims.toml; remove the folder or rename it"
                    }
                }),
        ));
    }
    if unplaced && !is_pipe(&meta) {
        if !allow_outside {
            return Err(ReadError::Failed(links_outside(path, kind)));
        }
        outside = true;
    }
    let cap = kind.cap();
    if meta.is_file() && meta.len() > cap {
        return Err(ReadError::Failed(too_big(path, kind, Some(meta.len()))));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(cap) as usize);
    (&mut file)
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::Failed(too_big(path, kind, None)));
    }
    // The time after reading: a write while we read makes it differ from a later look.
    let modified = file.metadata().ok().and_then(|m| m.modified().ok());
    let text = is_text(&bytes);
    Ok(Input {
        fingerprint: Fingerprint::of(&bytes, modified),
        quotable: text && !outside,
        unquotable_because: if !text {
            "it holds bytes that are not text: NUL, ESC or another control character"
        } else {
            "it lies outside the project"
        },
        bytes,
    })
}

/// What `path` holds now, for comparing with what was read ([`Input::fingerprint`]).
pub(crate) fn fingerprint(path: &Path, kind: Kind) -> std::io::Result<Fingerprint> {
    let mut file = File::open(path)?;
    let mut bytes = Vec::new();
    (&mut file).take(kind.cap() + 1).read_to_end(&mut bytes)?;
    let modified = file.metadata().ok().and_then(|m| m.modified().ok());
    Ok(Fingerprint::of(&bytes, modified))
}

/// The error to show for a file that is not [`Input::quotable`]: the file, line and column of
/// `err`, and nothing of the file's text, not even in the message (a TOML message can name a
/// key or a value).
pub(crate) fn unquoted(err: InputError, path: &Path, kind: Kind, input: &Input) -> InputError {
    let noun = kind.noun();
    let mut location = Location::file(path);
    if let Some(at) = err.location.as_deref().filter(|l| l.line > 0) {
        location.line = at.line;
        location.column = at.column;
    }
    InputError::new(format!(
        "invalid {noun}: {} does not read as one at the line and column below; none of it is shown, since {}",
        path.display(),
        input.unquotable_because
    ))
    .at(location)
    .help(kind.help())
}

/// The claims file's lock, read with [`read`]: `None` when there is none. A malformed lock is
/// an error with its line and column (and its text, when it may be shown).
pub(crate) fn read_lock(path: &Path, allow_outside: bool) -> Result<Option<Lock>> {
    let input = match read(path, Kind::Lock, allow_outside) {
        Ok(input) => input,
        Err(ReadError::Missing(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(ReadError::Missing(e)) => {
            return Err(InputError::io("read the lock file", path, &e));
        }
        Err(ReadError::Failed(e)) => return Err(e),
    };
    let text = std::str::from_utf8(&input.bytes).map_err(|e| {
        InputError::new(format!(
            "the lock file is not valid UTF-8 (byte offset {})",
            e.valid_up_to()
        ))
        .at(Location::file(path))
        .help("run `factcheck lock` to rewrite the file")
    })?;
    Lock::parse(path, text).map(Some).map_err(|e| {
        if input.quotable {
            e
        } else {
            unquoted(e, path, Kind::Lock, &input)
        }
    })
}

/// Text that may be shown on a terminal: UTF-8 without NUL and the other C0 control bytes
/// (tab, line feed, carriage return and form feed are text).
pub(crate) fn is_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
        && !bytes
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

/// The folder that holds `path` as given ("." for a bare file name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether the link `path` leads to a file inside the folder that holds it; `None` when it
/// leads to no file on disk (a pipe's `/dev/fd/N`, a link to nothing).
fn leads_inside(path: &Path) -> Option<bool> {
    let root = folder_of(path).canonicalize().ok()?;
    let real = path.canonicalize().ok()?;
    Some(real.starts_with(root))
}

fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo() || meta.file_type().is_socket()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn links_outside(path: &Path, kind: Kind) -> InputError {
    let noun = kind.noun();
    let folder = folder_of(path);
    let folder = folder.canonicalize().unwrap_or(folder);
    InputError::new(format!(
        "the {noun} {} links to a file outside the project's folder {}",
        path.display(),
        folder.display()
    ))
    .at(Location::file(path))
    .help(format!(
        "replace the link with the {noun} itself, or pass --allow-outside if you trust this project"
    ))
}

fn too_big(path: &Path, kind: Kind, len: Option<u64>) -> InputError {
    let noun = kind.noun();
    let cap = kind.cap() / MIB;
    let message = match len {
        Some(len) => format!(
            "the {noun} {} is {}, more than the {cap} MiB a {noun} may have",
            path.display(),
            mib(len)
        ),
        None => format!(
            "the {noun} {} goes on past {cap} MiB, the most a {noun} may have",
            path.display()
        ),
    };
    InputError::new(message)
        .at(Location::file(path))
        .help(match kind {
            Kind::Claims => {
                "check that --claims names your claims.toml (see README.md, \"Outside files\")"
            }
            Kind::Lock => "remove it and run `factcheck lock` to write it again",
        })
}

/// `len` in MiB with one decimal: "65.0 MiB".
fn mib(len: u64) -> String {
    format!("{:.1} MiB", len as f64 / MIB as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_without_control_bytes() {
        assert!(is_text(b"title = \"caf\xc3\xa9\"\r\n\tx\x0c"));
        assert!(!is_text(b"a\0b"));
        assert!(!is_text(b"a\x1b[31mb"));
        assert!(!is_text(b"caf\xe9"));
    }

    #[test]
    fn sizes_read_as_mib() {
        assert_eq!(mib(65 << 20), "65.0 MiB");
        assert_eq!(mib((256 << 20) + 1), "256.0 MiB");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_refused_unless_allowed() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x = 1\n").unwrap();
        std::fs::write(dir.path().join("real.toml"), "x = 2\n").unwrap();
        let link = dir.path().join("claims.toml");
        std::os::unix::fs::symlink(outside.path().join("secret"), &link).unwrap();
        let err = match read(&link, Kind::Claims, false) {
            Err(ReadError::Failed(e)) => e,
            other => panic!("{other:?}"),
        };
        assert!(
            err.message.contains("outside the project"),
            "{}",
            err.message
        );
        let input = read(&link, Kind::Claims, true).unwrap();
        assert!(!input.quotable);
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink("real.toml", &link).unwrap();
        let input = read(&link, Kind::Claims, false).unwrap();
        assert!(input.quotable);
        assert_eq!(input.fingerprint, fingerprint(&link, Kind::Claims).unwrap());
        assert!(matches!(
            read(&dir.path().join("missing"), Kind::Lock, false),
            Err(ReadError::Missing(_))
        ));
    }
}
