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
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| InputError::io("write", tmp.path(), &e))?;
    tmp.persist(path)
        .map_err(|e| InputError::io("write", path, &e.error))?;
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
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
        let err = write_atomic(&dir.path().join("missing/report.json"), b"x").unwrap_err();
        assert!(err.message.contains("does not exist"));
    }
}
