//! Setup shared by the tests that run on a copy of the sample project, so that they all copy
//! the same files the same way: the integration tests (tests/it/main.rs) and the unit tests
//! of `cite` (src/cite/tests.rs), which include this file with `#[path = "..."] mod common;`.

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

/// Two claims without citations (for `cite`): one in the middle, with comments before, inside
/// and after it, and one at the end of the file, followed by comments.
const UNCITED_MIDDLE: &str = r#"# --- Added for the cite test ---------------------------------------------
# A claim that still needs its sources.

[[claims]]
id = "calls-on-azure"   # written before the sources were found
text = "Unit 8200 stored millions of intercepted phone calls from Gaza and the West Bank on Microsoft's Azure cloud."
verdict = "unverified"
# TODO: cite the Guardian and Amnesty

# A comment after the new claim, before the next one.

"#;

const UNCITED_END: &str = r#"
[[claims]]
id = "netherlands-storage"
text = "The intercepted calls were held in a Microsoft datacentre in the Netherlands."
# the last claim of the file

# closing comment
"#;

/// The ids of the claims of [`uncited_claims_project`] without citations.
pub const UNCITED: [&str; 2] = ["calls-on-azure", "netherlands-storage"];

/// A copy of the seeds and of `claims.toml` with the two claims without citations above added;
/// the edited text is returned too.
pub fn uncited_claims_project() -> (tempfile::TempDir, String) {
    edited_seeds_project(|original| {
        let anchor = "[[claims]]\nid = \"calls-per-hour\"";
        assert!(original.contains(anchor));
        let mut claims = original.replacen(anchor, &format!("{UNCITED_MIDDLE}{anchor}"), 1);
        claims.push_str(UNCITED_END);
        claims
    })
}

/// A fresh temporary folder holding a copy of `tests/fixtures/<name>/` (files and folders).
pub fn fixture_project(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}
