//! Writing outputs atomically: a report is written to a temporary file beside its target and
//! renamed over it, so an interrupted run leaves the previous report intact.

use std::io::Write;
use std::path::Path;

use crate::error::{InputError, Location, Result};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(InputError::new(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            dir.display()
        ))
        .at(Location::file(path))
        .help("create the folder first, or choose another output path with -o"));
    }
    if path.is_dir() {
        return Err(
            InputError::new(format!("cannot write {}: it is a folder", path.display()))
                .at(Location::file(path))
                .help("give a file name with -o"),
        );
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".factcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| InputError::io("create a temporary file in", dir, &e))?;
    tmp.write_all(bytes)
        .and_then(|_| keep_permissions(tmp.as_file(), path))
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| InputError::io("write", tmp.path(), &e))?;
    tmp.persist(path)
        .map_err(|e| InputError::io("write", path, &e.error))?;
    Ok(())
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
    }
}
