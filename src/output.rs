//! Where outputs go and how they are written.
//!
//! - A regular file (or a new one) is written atomically: a temporary file beside it, renamed
//!   over it, so an interrupted run leaves the previous file intact. A set of files
//!   ([`write_all`]) gets all its temporary files written before the first rename, so a full
//!   disk leaves every old file or every new one.
//! - A link is followed, and its target written atomically: the link stays a link.
//! - A device, FIFO or socket (`/dev/null`, `mkfifo`) is opened and written, never replaced.
//! - Standard output is written as it comes; a write error is an error, except a closed pipe
//!   (`| head`).
//!
//! Before its work, a command checks its destinations against its inputs ([`Inputs`]): no
//! output may be the claims file, its lock, a source or a file in the sources folder, or a
//! link from inside the project to a file outside it (unless `--allow-outside`), and no file
//! may be given twice.

use std::cell::OnceCell;
use std::fs::Metadata;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{InputError, Location, Result};
use crate::input::{self, Fingerprint, Kind};
use crate::project::Project;

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// The file, or standard output without one.
    pub(crate) fn file_or_stdout(path: Option<PathBuf>) -> Destination {
        path.map_or(Destination::Stdout, Destination::File)
    }
}

/// Whether every file among `destinations` can be written, the first that cannot as the error.
/// A command checks before its work, so that a wrong path fails at once rather than after
/// analysing an archive, and again before writing the first file, in case a folder went away
/// meanwhile: one bad path must not leave the other files written and the run failed.
pub(crate) fn check_destinations<'a>(
    destinations: impl IntoIterator<Item = &'a Destination>,
) -> Result<()> {
    for destination in destinations {
        if let Destination::File(path) = destination {
            check_destination(path)?;
        }
    }
    Ok(())
}

/// Whether `path` can be written: its folder (the folder of its target, for a link) exists,
/// it is not a folder, and it is not read-only.
pub(crate) fn check_destination(path: &Path) -> Result<()> {
    resolve(path).map(|_| ())
}

/// Writes `bytes` to standard output. A closed pipe (`| head`) is not an error worth a message;
/// any other failure (`> /dev/full`) is.
pub(crate) fn print(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(InputError::new(format!(
            "cannot write to standard output: {}",
            crate::error::plain_io(&e)
        ))
        .help("check where standard output goes: a full disk, or a file that cannot grow")),
    }
}

/// Write `bytes` to `path` so that `path` holds either its old content or all of `bytes`, never
/// a part: the bytes go to a temporary file in the same folder (`.factcheck-XXXXXX.tmp`, so the
/// rename stays within one file system), which is flushed to disk (`fsync`) and then renamed
/// over `path` (`rename(2)` replaces the old file in one step); the folder is then synced so the
/// rename itself survives a power cut. A failure before the rename removes the temporary file;
/// a process killed before it leaves the temporary file and the old report whole.
///
/// A link is followed: its target is written so, in the target's folder, and the link stays.
/// A device, FIFO or socket is opened and written as it is. A read-only file is refused, and
/// a replaced file keeps its mode and (where the user may set it) its owner and group.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(Destination::File(path.to_path_buf()), bytes)])
}

/// Writes every output, files that are replaced first to their temporary files and only then,
/// when all are written, renamed in order (devices, FIFOs and standard output are written in
/// the same order): a full disk leaves every old file whole, or every file new.
pub(crate) fn write_all<B: AsRef<[u8]>>(outputs: &[(Destination, B)]) -> Result<()> {
    let mut staged = Vec::with_capacity(outputs.len());
    for (destination, bytes) in outputs {
        staged.push(match destination {
            Destination::File(path) => stage(path, bytes.as_ref())?,
            Destination::Stdout => None,
        });
    }
    for ((destination, bytes), staged) in outputs.iter().zip(staged) {
        match (destination, staged) {
            (_, Some(staged)) => staged.commit()?,
            (Destination::Stdout, None) => print(bytes.as_ref())?,
            (Destination::File(path), None) => write_in_place(path, bytes.as_ref())?,
        }
    }
    Ok(())
}

/// Replaces the regular file `path` (a link followed) with `bytes` as [`write_atomic`] does,
/// but only if, just before the rename, the file still holds what was read (`read_as`: the
/// same size, modification time and sha256); else nothing is written and the error is
/// `changed()`.
pub(crate) fn replace_if_unchanged(
    path: &Path,
    bytes: &[u8],
    read_as: &Fingerprint,
    changed: impl FnOnce() -> InputError,
) -> Result<()> {
    let Some(staged) = stage(path, bytes)? else {
        return Err(InputError::new(format!(
            "cannot write into {}: it is not a regular file",
            path.display()
        ))
        .at(Location::file(path))
        .help("point --claims at the file itself"));
    };
    match input::fingerprint(&staged.file, Kind::Claims) {
        Ok(now) if now == *read_as => staged.commit(),
        // The temporary file goes with `staged`.
        _ => Err(changed()),
    }
}

/// Where the bytes for a path go.
enum Target {
    /// A regular file, or none yet: a temporary file in `dir` is renamed over `file`, the path
    /// with its links followed. `old` is the file it replaces.
    Replace {
        file: PathBuf,
        dir: PathBuf,
        old: Option<Box<Metadata>>,
    },
    /// A device, FIFO or socket: opened and written.
    InPlace,
}

fn resolve(path: &Path) -> Result<Target> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(InputError::new(format!(
            "cannot write {}: it is a folder",
            path.display()
        ))
        .at(Location::file(path))
        .help("give a file name with -o")),
        Ok(meta) if meta.is_file() => {
            let file = path
                .canonicalize()
                .map_err(|e| InputError::io("write", path, &e))?;
            refuse_read_only(path, &file, &meta)?;
            Ok(Target::Replace {
                dir: input::folder_of(&file),
                file,
                old: Some(Box::new(meta)),
            })
        }
        Ok(_) => Ok(Target::InPlace),
        Err(_) => {
            let file = follow_links(path);
            let dir = input::folder_of(&file);
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
            Ok(Target::Replace {
                file,
                dir,
                old: None,
            })
        }
    }
}

/// A file that nobody may write (no `w` in its mode) is left alone, by root too, who could
/// write it anyway; so is one this user may not write.
fn refuse_read_only(path: &Path, file: &Path, meta: &Metadata) -> Result<()> {
    if meta.permissions().readonly() {
        return Err(InputError::new(format!(
            "cannot write {}: it is read-only",
            path.display()
        ))
        .at(Location::file(path))
        .help(format!(
            "make it writable first (chmod u+w {}) if it is meant to change, or choose another path",
            path.display()
        )));
    }
    match std::fs::OpenOptions::new().write(true).open(file) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(InputError::io("write", path, &e))
        }
        _ => Ok(()),
    }
}

/// The end of the chain of links that starts at `path` (`path` itself when it is no link),
/// which need not exist: the file a write to `path` creates.
fn follow_links(path: &Path) -> PathBuf {
    let mut end = path.to_path_buf();
    // As many as the kernel follows (ELOOP after 40).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&end) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::read_link(&end) {
                Ok(target) if target.is_absolute() => end = target,
                Ok(target) => end = input::folder_of(&end).join(target),
                Err(_) => break,
            },
            _ => break,
        }
    }
    end
}

/// A file's bytes, written to its temporary file and waiting for the rename.
struct Staged<'a> {
    path: &'a Path,
    file: PathBuf,
    dir: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl Staged<'_> {
    fn commit(self) -> Result<()> {
        let path = self.path;
        self.tmp
            .persist(&self.file)
            .map_err(|e| InputError::io("write", path, &e.error))?;
        sync_folder(&self.dir);
        Ok(())
    }
}

/// `bytes` in a temporary file beside `path`'s target, synced; `None` for a device, FIFO or
/// socket, which is written in place.
fn stage<'a>(path: &'a Path, bytes: &[u8]) -> Result<Option<Staged<'a>>> {
    let (file, dir, old) = match resolve(path)? {
        Target::InPlace => return Ok(None),
        Target::Replace { file, dir, old } => (file, dir, old),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".factcheck-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| InputError::io("create a temporary file in", &input::folder_of(path), &e))?;
    tmp.write_all(bytes)
        .and_then(|_| keep_metadata(tmp.as_file(), old.as_deref()))
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| {
            // Named by the report's path: the temporary file is gone when the error is shown.
            InputError::io("write", path, &e).help(format!("{} is left as it was", path.display()))
        })?;
    Ok(Some(Staged {
        path,
        file,
        dir,
        tmp,
    }))
}

/// Writes `bytes` into the device, FIFO or socket at `path`, which is opened, never created.
fn write_in_place(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes).and_then(|_| file.flush()))
        .map_err(|e| InputError::io("write", path, &e))
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

/// Keep the replaced file's permissions (a new report gets 0644; temporary files are 0600),
/// and its owner and group where this user may give them (root may; others keep their own).
#[cfg(unix)]
fn keep_metadata(file: &std::fs::File, old: Option<&Metadata>) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Some(old) = old else {
        return file.set_permissions(std::fs::Permissions::from_mode(0o644));
    };
    let new = file.metadata()?;
    if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    file.set_permissions(old.permissions())
}

#[cfg(not(unix))]
fn keep_metadata(_: &std::fs::File, _: Option<&Metadata>) -> std::io::Result<()> {
    Ok(())
}

// --- Outputs that are inputs ------------------------------------------------------------------

/// The files a run reads, which none of its outputs may replace, and the project's folder,
/// out of which no link in it may lead an output (see [`Inputs::check`]).
pub(crate) struct Inputs {
    files: Vec<(Identity, Role, String)>,
    /// The declared sources' paths, described; looked up only when a run writes a file (an
    /// archive can declare tens of thousands).
    declared: Vec<(PathBuf, String)>,
    declared_files: OnceCell<Vec<Identity>>,
    /// The sources folder, resolved, and whether it is a folder of its own (not the project's
    /// folder or one above it, as with `sources = "."`).
    sources: Option<(PathBuf, bool)>,
    sources_shown: PathBuf,
    /// Identities of the files that links in the sources folder lead to, found when needed.
    linked_sources: OnceCell<Vec<(u64, u64)>>,
    /// The run's own files (the default reports), which are never sources.
    own: Vec<Identity>,
    root: PathBuf,
    root_real: Option<PathBuf>,
    allow_outside: bool,
    writing_lock: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Claims,
    Lock,
    Source,
}

impl Inputs {
    /// The inputs of `project`, from its claims file alone (before any source is read): the
    /// claims file, its lock, every declared source file and the sources folder.
    pub(crate) fn of(project: &Project) -> Inputs {
        let lock = crate::lock::lock_path(project);
        let files = vec![
            (
                Identity::of(&project.path),
                Role::Claims,
                format!("the claims file ({})", project.path.display()),
            ),
            (
                Identity::of(&lock),
                Role::Lock,
                format!("the claims file's lock ({})", lock.display()),
            ),
        ];
        let sources = project.sources_path();
        let declared = project
            .declared_sources
            .iter()
            .map(|declared| {
                // `./seeds/./x.txt` shown as `./seeds/x.txt`.
                let path: PathBuf = sources.join(&declared.file).components().collect();
                let what = format!("source \"{}\" ({})", declared.id, path.display());
                (path, what)
            })
            .collect();
        let root_real = project.root.canonicalize().ok();
        let sources_real = sources.canonicalize().ok().map(|real| {
            let own = root_real
                .as_ref()
                .is_none_or(|root| !root.starts_with(&real));
            (real, own)
        });
        Inputs {
            files,
            declared,
            declared_files: OnceCell::new(),
            sources: sources_real,
            sources_shown: sources,
            linked_sources: OnceCell::new(),
            own: Vec::new(),
            root: lexical(&project.root),
            root_real,
            allow_outside: project.allow_outside,
            writing_lock: false,
        }
    }

    /// `path` is an input too (`report --template FILE`), described as `what`.
    pub(crate) fn and(mut self, path: &Path, what: &str) -> Inputs {
        self.files.push((
            Identity::of(path),
            Role::Source,
            format!("{what} ({})", path.display()),
        ));
        self
    }

    /// `paths` are the tool's own files (`report`'s default report.pdf and report.md), which
    /// may be replaced where they lie among the sources: they are never sources themselves
    /// (issue 18, item 8). The claims file, its lock and declared sources stay protected.
    pub(crate) fn own_outputs(mut self, paths: &[PathBuf]) -> Inputs {
        self.own.extend(paths.iter().map(|p| Identity::of(p)));
        self
    }

    /// For `factcheck lock`, which writes the lock by design.
    pub(crate) fn writing_lock(mut self) -> Inputs {
        self.files.retain(|(_, role, _)| *role != Role::Lock);
        self.writing_lock = true;
        self
    }

    /// Refuses, with exit 2 and what to do, a file among `destinations` that cannot be
    /// written ([`check_destination`]), that is one of the inputs, that is reached through a
    /// link inside the project leading out of it (unless `--allow-outside`; a path outside the
    /// project given as it is is the user's choice), or that is given twice. Paths are
    /// compared as files, not as spellings: `claims.toml`, `./claims.toml`,
    /// `sub/../claims.toml`, its absolute path and a link to it are one file.
    pub(crate) fn check<'a>(
        &self,
        destinations: impl IntoIterator<Item = &'a Destination>,
    ) -> Result<()> {
        let mut seen: Vec<(Identity, &Path)> = Vec::new();
        for destination in destinations {
            let Destination::File(path) = destination else {
                continue;
            };
            check_destination(path)?;
            let identity = Identity::of(path);
            if !self.allow_outside && self.leads_out(path, &identity) {
                return Err(InputError::new(format!(
                    "cannot write {}: it links to a file outside the project's folder {}",
                    path.display(),
                    self.root.display()
                ))
                .at(Location::file(path))
                .help("remove the link (a checkout may hold one that points at your files), choose another path, or pass --allow-outside if you trust this project"));
            }
            if let Some(what) = self.input_at(&identity) {
                let help = if self.writing_lock && what.1 == Role::Claims {
                    "the lock is the claims file's path with the extension .lock; give the claims file another name, e.g. claims.toml"
                } else {
                    "choose another path for this output: factcheck never writes over its inputs (the claims file, its lock, the sources)"
                };
                return Err(InputError::new(format!(
                    "cannot write {}: it is {}",
                    path.display(),
                    what.0
                ))
                .at(Location::file(path))
                .help(help));
            }
            if let Some((_, first)) = seen
                .iter()
                .find(|(other, _)| !identity.device && identity.same(other))
            {
                return Err(InputError::new(format!(
                    "cannot write {}: it is given twice as an output (also as {})",
                    path.display(),
                    first.display()
                ))
                .at(Location::file(path))
                .help("give each output its own path; the second would replace the first"));
            }
            seen.push((identity, path));
        }
        Ok(())
    }

    /// Whether `path` lies in the project as written but its file (its links followed) does
    /// not.
    fn leads_out(&self, path: &Path, identity: &Identity) -> bool {
        let Some(root_real) = &self.root_real else {
            return false;
        };
        if !lexical(path).starts_with(&self.root) {
            return false;
        }
        match &identity.path {
            Some(real) => !real.starts_with(root_real),
            // A file that no path names (a link to a pipe): not the project's.
            None => identity.file.is_some(),
        }
    }

    /// The input that `identity` is, described, with its role.
    fn input_at(&self, identity: &Identity) -> Option<(String, Role)> {
        if let Some((_, role, what)) = self.files.iter().find(|(f, ..)| f.same(identity)) {
            return Some((what.clone(), *role));
        }
        let declared = self
            .declared_files
            .get_or_init(|| self.declared.iter().map(|(p, _)| Identity::of(p)).collect());
        if let Some(i) = declared.iter().position(|f| f.same(identity)) {
            return Some((self.declared[i].1.clone(), Role::Source));
        }
        // Only existing files are sources, and the run's own files are not.
        let file = identity.file?;
        if self.own.iter().any(|own| own.same(identity)) {
            return None;
        }
        if let (Some((sources, own)), Some(real)) = (&self.sources, &identity.path) {
            if let Ok(rel) = real.strip_prefix(sources) {
                if *own {
                    return Some((
                        format!(
                            "a file in the sources folder {}",
                            self.sources_shown.display()
                        ),
                        Role::Source,
                    ));
                }
                if read_as_source(real, rel) {
                    return Some((format!("a source ({})", real.display()), Role::Source));
                }
            }
        }
        // Without --allow-outside, links in the sources folder lead inside it, which a folder
        // of its own protects whole.
        if matches!(self.sources, Some((_, true))) && !self.allow_outside {
            return None;
        }
        let linked = self.linked_sources.get_or_init(|| match &self.sources {
            Some((sources, _)) => links_in(sources),
            None => Vec::new(),
        });
        if linked.contains(&file) {
            return Some((
                "a source (a link in the sources folder leads to it)".to_string(),
                Role::Source,
            ));
        }
        None
    }
}

/// Whether the file `real`, at `rel` in the sources folder, is read as a source: the rule of
/// `corpus::load`'s walk (no hidden folder or file, a source's extension), and not one of
/// factcheck's own outputs ([`crate::corpus::is_own_output`]: an earlier report may be
/// replaced where it lies). When the sources folder is a folder of its own, every file in it
/// is protected anyway; this decides for `sources = "."`.
fn read_as_source(real: &Path, rel: &Path) -> bool {
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let named = !hidden
        && rel
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(crate::corpus::is_source_name);
    let own = match std::fs::read(real) {
        Ok(bytes)
            if crate::corpus::Format::of(&rel.to_string_lossy()) == crate::corpus::Format::Pdf =>
        {
            crate::corpus::is_own_pdf(&bytes)
        }
        Ok(bytes) => std::str::from_utf8(&bytes).is_ok_and(crate::corpus::is_own_output),
        Err(_) => false,
    };
    named && !own
}

/// The files that links in `dir` (and its folders, not followed when they are links
/// themselves, as the corpus does) lead to, as device and inode.
fn links_in(dir: &Path) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && depth < 64 {
                stack.push((entry.path(), depth + 1));
            } else if kind.is_symlink() {
                if let Some(file) = std::fs::metadata(entry.path())
                    .ok()
                    .and_then(|m| dev_ino(&m))
                {
                    out.push(file);
                }
            }
        }
    }
    out
}

/// A file as the file system knows it, for telling whether two paths are one file.
#[derive(Debug, Clone)]
struct Identity {
    /// The path with every link followed (for a file that does not exist yet, its resolved
    /// folder and its name).
    path: Option<PathBuf>,
    /// Device and inode, for a file that exists.
    file: Option<(u64, u64)>,
    /// A character device (`/dev/null`), which may take any number of outputs.
    device: bool,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        match std::fs::metadata(path) {
            Ok(meta) => Identity {
                path: path.canonicalize().ok(),
                file: dev_ino(&meta),
                device: is_char_device(&meta),
            },
            Err(_) => {
                let end = follow_links(path);
                let path = end.file_name().and_then(|name| {
                    let folder = input::folder_of(&end).canonicalize().ok()?;
                    Some(folder.join(name))
                });
                Identity {
                    path,
                    file: None,
                    device: false,
                }
            }
        }
    }

    fn same(&self, other: &Identity) -> bool {
        (self.path.is_some() && self.path == other.path)
            || (self.file.is_some() && self.file == other.file)
    }
}

#[cfg(unix)]
fn dev_ino(meta: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dev_ino(_: &Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(unix)]
fn is_char_device(meta: &Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_: &Metadata) -> bool {
    false
}

/// `path` made absolute with `.` and `..` taken away as written (links not followed): where
/// the user says the file is.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
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
        assert!(check_destination(&path).is_ok());
    }

    #[test]
    fn replace_if_unchanged_writes_nothing_over_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        let read_as = input::fingerprint(&path, Kind::Claims).unwrap();
        std::fs::write(&path, "a = 2\n").unwrap();
        let changed = || InputError::new("changed");
        let err = replace_if_unchanged(&path, b"a = 3\n", &read_as, changed).unwrap_err();
        assert_eq!(err.message, "changed");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let read_as = input::fingerprint(&path, Kind::Claims).unwrap();
        replace_if_unchanged(&path, b"a = 3\n", &read_as, changed).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 3\n");
    }

    #[test]
    fn lexical_paths_drop_dots_without_following_links() {
        let here = std::env::current_dir().unwrap();
        assert_eq!(lexical(Path::new("a/./b/../c")), here.join("a/c"));
        assert_eq!(lexical(Path::new("/x/../y")), PathBuf::from("/y"));
    }

    #[cfg(unix)]
    #[test]
    fn identities_are_files_not_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("claims.toml");
        std::fs::write(&file, "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(&file, dir.path().join("link")).unwrap();
        let id = Identity::of(&file);
        for other in ["sub/../claims.toml", "./claims.toml", "link"] {
            assert!(id.same(&Identity::of(&dir.path().join(other))), "{other}");
        }
        assert!(!id.same(&Identity::of(&dir.path().join("other.toml"))));
        let new = Identity::of(&dir.path().join("sub/../new.json"));
        assert!(new.same(&Identity::of(&dir.path().join("new.json"))));
    }

    #[test]
    fn write_atomic_replaces_whole_files_or_nothing() {
        use std::fs;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");

        // The parent is a file, not a folder.
        let err = write_atomic(&path.join("x.md"), b"x").unwrap_err();
        assert!(err.message.contains("is not a folder"), "{}", err.message);
        // The target is a folder.
        fs::create_dir(dir.path().join("folder")).unwrap();
        let err = write_atomic(&dir.path().join("folder"), b"x").unwrap_err();
        assert!(err.message.contains("it is a folder"), "{}", err.message);
        assert!(dir.path().join("folder").is_dir());
        assert_eq!(fs::read(&path).unwrap(), b"second");

        // A folder we may not write into (not a test for root, who may).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let locked = dir.path().join("locked");
            fs::create_dir(&locked).unwrap();
            fs::write(locked.join("report.md"), "old").unwrap();
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
            let root = fs::write(locked.join("probe"), "").is_ok();
            if !root {
                let err = write_atomic(&locked.join("report.md"), b"new").unwrap_err();
                assert!(
                    err.message.starts_with("cannot create a temporary file in"),
                    "{}",
                    err.message
                );
                assert_eq!(fs::read_to_string(locked.join("report.md")).unwrap(), "old");
            }
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".factcheck-"))
            .collect();
        assert!(left.is_empty(), "temporary files left behind: {left:?}");
    }
}
