//! Where outputs go and how they are written: files atomically (a temporary file beside the
//! target, renamed over it, so an interrupted run leaves the previous file intact), standard
//! output as it comes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{InputError, Location, Result};

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// The file, or standard output without one.
    pub fn file_or_stdout(path: Option<PathBuf>) -> Destination {
        path.map_or(Destination::Stdout, Destination::File)
    }

    /// Writes all of `bytes`: a file with [`write_atomic`], standard output with [`print`].
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Destination::Stdout => {
                print(bytes);
                Ok(())
            }
            Destination::File(path) => write_atomic(path, bytes),
        }
    }
}

/// Whether every file among `destinations` can be written, the first that cannot as the error.
/// A command checks before its work, so that a wrong path fails at once rather than after
/// analysing an archive, and again before writing the first file, in case a folder went away
/// meanwhile: one bad path must not leave the other files written and the run failed.
pub fn check_destinations<'a>(
    destinations: impl IntoIterator<Item = &'a Destination>,
) -> Result<()> {
    for destination in destinations {
        if let Destination::File(path) = destination {
            check_destination(path)?;
        }
    }
    Ok(())
}

/// Writes `bytes` to standard output.
pub fn print(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = stdout.write_all(bytes).and_then(|_| stdout.flush());
}

/// Write `bytes` to `path` so that `path` holds either its old content or all of `bytes`, never
/// a part: the bytes go to a temporary file in the same folder (`.factcheck-XXXXXX.tmp`, so the
/// rename stays within one file system), which is flushed to disk (`fsync`) and then renamed
/// over `path` (`rename(2)` replaces the old file in one step); the folder is then synced so the
/// rename itself survives a power cut. A failure before the rename removes the temporary file;
/// a process killed before it leaves the temporary file and the old report whole.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = check_destination(path)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".factcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| InputError::io("create a temporary file in", dir, &e))?;
    tmp.write_all(bytes)
        .and_then(|_| keep_permissions(tmp.as_file(), path))
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| {
            // Named by the report's path: the temporary file is gone when the error is shown.
            InputError::io("write", path, &e).help(format!("{} is left as it was", path.display()))
        })?;
    tmp.persist(path)
        .map_err(|e| InputError::io("write", path, &e.error))?;
    sync_folder(dir);
    Ok(())
}

/// Whether `path` can be written: its folder exists and it is not a folder itself. Returns the
/// folder. A run that writes several files checks them all first, so that one bad path does
/// not leave the others written and the run failed.
pub fn check_destination(path: &Path) -> Result<&Path> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        let why = if dir.exists() {
            format!("{} is not a folder", dir.display())
        } else {
            format!("the folder {} does not exist", dir.display())
        };
        return Err(
            InputError::new(format!("cannot write {}: {why}", path.display()))
                .at(Location::file(path))
                .help("create the folder first, or choose another output path with -o"),
        );
    }
    if path.is_dir() {
        return Err(
            InputError::new(format!("cannot write {}: it is a folder", path.display()))
                .at(Location::file(path))
                .help("give a file name with -o"),
        );
    }
    Ok(dir)
}

/// Make a rename in `dir` durable. Best effort: some file systems cannot sync a folder, and the
/// file is in place either way.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Keep the replaced file's permissions; a new report gets 0644 (temporary files are 0600).
#[cfg(unix)]
fn keep_permissions(file: &std::fs::File, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => std::fs::Permissions::from_mode(0o644),
    };
    file.set_permissions(permissions)
}

#[cfg(not(unix))]
fn keep_permissions(_: &std::fs::File, _: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_refuses_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
        let err = write_atomic(&dir.path().join("missing/report.json"), b"x").unwrap_err();
        assert!(err.message.contains("does not exist"));
        let err = write_atomic(&path.join("report.json"), b"x").unwrap_err();
        assert!(
            err.message.ends_with("report.json is not a folder"),
            "{}",
            err.message
        );
        assert!(check_destination(dir.path()).is_err());
        assert_eq!(check_destination(&path).unwrap(), dir.path());
    }
}
