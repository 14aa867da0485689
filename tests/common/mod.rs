//! Setup shared by the integration tests that run on a copy of the sample project, so that they
//! all copy the same files the same way.

// Each test module uses only some of the helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The crate root: the shipped `claims.toml` and `seeds/` are found from here, not from the
/// working directory, which cargo does not promise.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Creates `to` and copies every file of the repository's `seeds/` into it, so that tests which
/// edit or add sources never touch the shipped ones.
pub fn copy_seeds(to: &Path) {
    std::fs::create_dir(to).unwrap();
    for entry in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A fresh temporary folder with the seeds and the shipped `claims.toml`, laid out as in the
/// repository so that the claims file's relative source paths still resolve.
pub fn seeds_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("seeds"));
    std::fs::copy(repo().join("claims.toml"), dir.path().join("claims.toml")).unwrap();
    dir
}

/// Like [`seeds_project`], but `claims.toml` is the shipped one passed through `edit`; the
/// edited text is returned too, since tests point at its lines.
pub fn edited_seeds_project(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("seeds"));
    let original = std::fs::read_to_string(repo().join("claims.toml")).unwrap();
    let claims = edit(original);
    std::fs::write(dir.path().join("claims.toml"), &claims).unwrap();
    (dir, claims)
}
