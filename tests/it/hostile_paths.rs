//! Hostile and careless paths (issue 18, items 1 to 5, part of 9, and 10), each set up for real
//! in a temporary folder and run through the binary: outputs that are inputs or given twice,
//! a claims file or lock that links out of the project or is not text, files without end
//! (`/dev/zero`) and pipes as the claims file, FIFOs, device nodes, symlinks and a full disk as
//! outputs, a read-only claims file, an editor saving `claims.toml` while `cite --write` runs,
//! and absurd `--top` values.
//!
//! Runs of the binary have a hang guard (`HANG`), and the runs that would take the machine's
//! memory before the fix run under `ulimit -v`.

use crate::common;

use std::fs;
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{symlink, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_factcheck");

/// Longer than any run takes: a run still going after this hangs, and fails.
const HANG: Duration = Duration::from_secs(600);

/// The virtual memory a run may take (KiB) where a run before the fix took all there is.
const MEMORY_KIB: u64 = 4 << 20;

/// A secret in a file outside the project, which no output may show.
const SECRET: &str = "ghp_SECRETTOKEN0123456789";

struct Run {
    args: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    #[track_caller]
    fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "factcheck {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            truncate(&self.stdout),
            self.stderr
        );
    }

    /// Exit 2, an error on standard error holding every needle, nothing on standard output.
    #[track_caller]
    fn assert_refused(&self, needles: &[&str]) {
        self.assert_code(2);
        assert!(
            self.stderr.starts_with("error: "),
            "factcheck {}: {}",
            self.args,
            self.stderr
        );
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "factcheck {}: {needle:?} not in:\n{}",
                self.args,
                self.stderr
            );
        }
        assert_eq!(self.stdout, "", "factcheck {}", self.args);
    }

    #[track_caller]
    fn assert_no_secret(&self) {
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            assert!(
                !text.contains(SECRET) && !text.contains("SECRET"),
                "factcheck {}: the secret is in {name}:\n{text}",
                self.args
            );
        }
    }
}

fn truncate(s: &str) -> &str {
    &s[..s.floor_char_boundary(2000)]
}

/// The binary with `args`, in `dir`.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .stdin(Stdio::null());
    command
}

/// The binary with `args` under `ulimit -v` (a run that would take all memory fails instead).
fn command_with_memory_cap(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args([
            "-c",
            &format!("ulimit -v {MEMORY_KIB}; exec \"$@\""),
            "sh",
            BIN,
        ])
        .args(args)
        .stdin(Stdio::null());
    command
}

/// Runs `command` to its end, standard output and error captured in files (so that a run
/// that writes much cannot block on a pipe), unless standard output is set already.
fn finish(mut command: Command, args: &[&str], capture_stdout: bool) -> Run {
    let capture = tempfile::tempdir().unwrap();
    let out_path = capture.path().join("stdout");
    let err_path = capture.path().join("stderr");
    if capture_stdout {
        command.stdout(fs::File::create(&out_path).unwrap());
    }
    command.stderr(fs::File::create(&err_path).unwrap());
    let mut child = command.spawn().expect("the binary runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("factcheck {} did not finish in {HANG:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        args: args.join(" "),
        code: status.code(),
        stdout: fs::read(&out_path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
    }
}

fn factcheck(dir: &Path, args: &[&str]) -> Run {
    finish(command(dir, args), args, true)
}

fn factcheck_with_memory_cap(dir: &Path, args: &[&str]) -> Run {
    finish(command_with_memory_cap(dir, args), args, true)
}

/// Every file under `dir` (links as links) with its bytes, to show a run changed nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let what = if kind.is_symlink() {
                format!("-> {}", fs::read_link(&path).unwrap().display())
            } else if kind.is_dir() {
                stack.push(path.clone());
                "folder".to_string()
            } else if kind.is_file() {
                let bytes = fs::read(&path).unwrap();
                format!(
                    "{} bytes, {:x?}",
                    bytes.len(),
                    &bytes[..bytes.len().min(64)]
                ) + &format!(" {}", fnv(&bytes))
            } else {
                "special".to_string()
            };
            out.push((path, what));
        }
    }
    out.sort();
    out
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

fn is_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The shipped claims file with `extra` (TOML) inserted before the first claim.
fn claims_with(extra: &str) -> String {
    let shipped = fs::read_to_string(common::repo().join("claims.toml")).unwrap();
    let at = shipped.find("[[claims]]").unwrap();
    format!("{}{extra}\n{}", &shipped[..at], &shipped[at..])
}

/// Two claims without citations, which `cite` proposes citations for.
const UNCITED: &str = r#"[[claims]]
id = "uncited-storage"
text = "Microsoft stopped Unit 8200 from using some Azure cloud storage and AI services."

[[claims]]
id = "uncited-review"
text = "Microsoft reviewed how the Israeli military used Azure."
"#;

fn claim_ids(text: &str) -> Vec<String> {
    let project = factcheck::project::Project::parse(
        Path::new("claims.toml"),
        PathBuf::from("."),
        text.to_string(),
    )
    .unwrap_or_else(|e| panic!("the claims file does not parse: {e}"));
    project.claims.iter().map(|c| c.id.clone()).collect()
}

// --- 1 and 5: outputs that are inputs, outputs given twice -------------------------------------

/// Every spelling of an input as an output is refused with exit 2, and nothing is written:
/// the claims file (relative, `./`, `sub/..`, absolute, a link to it), its lock, a declared
/// source, a discovered source, a file in the sources folder; and an output given twice.
#[test]
fn outputs_that_are_inputs_or_given_twice_are_refused() {
    let dir = common::seeds_project();
    let root = dir.path();
    fs::write(root.join("claims.lock"), "# not read\n").unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    fs::create_dir(root.join("out")).unwrap();
    symlink("claims.toml", root.join("link.toml")).unwrap();
    fs::write(root.join("seeds/notes.pdf"), "scanned notes, not a source").unwrap();
    let absolute = root.join("claims.toml").to_string_lossy().into_owned();
    let before = snapshot(root);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["report", "--format", "json", "-o", "claims.toml"],
            "it is the claims file",
        ),
        (
            vec!["report", "--format", "json", "-o", "./claims.toml"],
            "it is the claims file",
        ),
        (
            vec!["report", "--format", "md", "-o", "sub/../claims.toml"],
            "it is the claims file",
        ),
        (
            vec!["report", "--format", "json", "-o", &absolute],
            "it is the claims file",
        ),
        (
            vec!["report", "--format", "json", "-o", "link.toml"],
            "it is the claims file",
        ),
        (vec!["check", "-o", "claims.toml"], "it is the claims file"),
        (
            vec!["check", "--output", "junit=claims.lock"],
            "it is the claims file's lock",
        ),
        (
            vec!["report", "--output", "md=seeds/000_9145fefdaec83068.txt"],
            "source \"amnesty\"",
        ),
        (
            vec![
                "report",
                "--format",
                "md",
                "-o",
                "seeds/../seeds/./002_326e0245ca5f2455.txt",
            ],
            "source \"guardian-bhrrc\"",
        ),
        (
            vec!["report", "--format", "md", "-o", "seeds/notes.pdf"],
            "a file in the sources folder",
        ),
        (
            vec![
                "check",
                "--output",
                "json=a.json",
                "--output",
                "sarif=a.json",
            ],
            "given twice",
        ),
        (
            vec!["check", "-o", "x.json", "--output", "json=./x.json"],
            "given twice",
        ),
        (
            vec![
                "report",
                "--output",
                "json=r.json",
                "--output",
                "md=sub/../r.json",
            ],
            "given twice",
        ),
        (
            vec!["report", "-o", "out", "--output", "md=out/report.md"],
            "given twice",
        ),
    ];
    for (args, needle) in &cases {
        let run = factcheck(root, args);
        run.assert_refused(&[needle, "help:"]);
        assert_eq!(snapshot(root), before, "factcheck {}", run.args);
    }

    // With --allow-outside, a link in the sources folder may lead out: its target is a source.
    let outside = tempfile::tempdir().unwrap();
    let article = outside.path().join("article.txt");
    fs::write(
        &article,
        "An article kept elsewhere\n\nIt says something.\n",
    )
    .unwrap();
    symlink(&article, root.join("seeds/elsewhere.txt")).unwrap();
    let target = article.to_string_lossy().into_owned();
    let run = factcheck(
        root,
        &["--allow-outside", "report", "--format", "md", "-o", &target],
    );
    run.assert_refused(&["a source"]);
    assert!(fs::read_to_string(&article)
        .unwrap()
        .starts_with("An article"));
    fs::remove_file(root.join("seeds/elsewhere.txt")).unwrap();

    // The lock of a claims file named *.lock is the claims file itself (item 5).
    fs::copy(root.join("claims.toml"), root.join("p.lock")).unwrap();
    let before = snapshot(root);
    let run = factcheck(root, &["--claims", "p.lock", "lock"]);
    run.assert_refused(&["p.lock", "it is the claims file"]);
    assert_eq!(snapshot(root), before);
}

/// With `sources = "."` the project's folder is the sources folder: the default reports still
/// replace themselves there, and an article there is still refused as an output.
#[test]
fn with_sources_dot_the_default_reports_replace_themselves_and_articles_stay() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for entry in fs::read_dir(common::repo().join("seeds")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), root.join(entry.file_name())).unwrap();
    }
    let shipped = fs::read_to_string(common::repo().join("claims.toml")).unwrap();
    let claims = shipped.replace("sources = \"seeds\"", "sources = \".\"");
    fs::write(root.join("claims.toml"), claims).unwrap();
    let article = fs::read(root.join("001_6a06bd2eb74f129a.txt")).unwrap();
    let run = factcheck(
        root,
        &["report", "--format", "md", "-o", "001_6a06bd2eb74f129a.txt"],
    );
    run.assert_refused(&["source \"no-azure-report\""]);
    assert_eq!(
        fs::read(root.join("001_6a06bd2eb74f129a.txt")).unwrap(),
        article
    );
    fs::write(root.join("notes.md"), "my notes\n").unwrap();
    let run = factcheck(root, &["report", "--format", "md", "-o", "notes.md"]);
    run.assert_refused(&["notes.md", "a source"]);
    // The default reports, written twice.
    for _ in 0..2 {
        factcheck(root, &["report"]).assert_code(0);
    }
}

/// The refusal comes before any article is read: with an article that is not UTF-8 in the
/// sources folder, the error is the refusal, not the article's.
#[test]
fn outputs_are_refused_before_any_article_is_read() {
    let dir = common::seeds_project();
    let root = dir.path();
    fs::write(root.join("seeds/zz-broken.txt"), b"caf\xe9\n").unwrap();
    let before = snapshot(root);
    for args in [
        &["report", "--format", "json", "-o", "claims.toml"][..],
        &["check", "--output", "junit=claims.lock"],
        &[
            "check",
            "--output",
            "json=a.json",
            "--output",
            "json=a.json",
        ],
    ] {
        let run = factcheck(root, args);
        run.assert_refused(&["cannot write"]);
        assert!(!run.stderr.contains("UTF-8"), "{}", run.stderr);
        assert_eq!(snapshot(root), before);
    }
    // The same runs with harmless outputs do read the articles, and fail on the broken one.
    factcheck(root, &["check", "-o", "ok.json"]).assert_refused(&["zz-broken.txt", "UTF-8"]);
}

// --- 2: claims.toml and claims.lock are confined, capped, and quoted only when they are text ---

/// A secret file outside the project, and a project beside it.
fn project_and_secret() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let project = common::seeds_project();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("git-credentials");
    // The second line is not TOML: a parse error there would show it.
    fs::write(
        &secret,
        format!("user = \"me\"\nhttps://me:{SECRET}@github.com\n"),
    )
    .unwrap();
    (project, outside, secret)
}

#[test]
fn a_lock_linking_out_of_the_project_is_refused_and_never_quoted() {
    let (project, _outside, secret) = project_and_secret();
    let root = project.path();
    symlink(&secret, root.join("claims.lock")).unwrap();
    for format in ["human", "json", "github", "sarif", "junit"] {
        let run = factcheck(root, &["check", "--format", format]);
        run.assert_refused(&["claims.lock", "outside the project", "--allow-outside"]);
        run.assert_no_secret();
    }
    // Allowed outside, it is read, but not quoted: the error names the file, line and column.
    let run = factcheck(root, &["--allow-outside", "check"]);
    run.assert_refused(&["invalid lock file", "claims.lock:2:"]);
    run.assert_no_secret();
}

#[test]
fn a_claims_file_linking_out_of_the_project_is_refused_and_never_quoted() {
    let (project, _outside, secret) = project_and_secret();
    let root = project.path();
    fs::remove_file(root.join("claims.toml")).unwrap();
    symlink(&secret, root.join("claims.toml")).unwrap();
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["report", "--format", "json"],
        &["lock"],
        &["cite", "--write"],
    ] {
        let run = factcheck(root, args);
        run.assert_refused(&["claims.toml", "outside the project", "--allow-outside"]);
        run.assert_no_secret();
    }
    let run = factcheck(root, &["--allow-outside", "check"]);
    run.assert_refused(&["invalid claims file", "claims.toml:2:"]);
    run.assert_no_secret();

    // A link to /proc/self/environ, allowed: the environment is not quoted either.
    fs::remove_file(root.join("claims.toml")).unwrap();
    symlink("/proc/self/environ", root.join("claims.toml")).unwrap();
    let mut cmd = command(root, &["--allow-outside", "check"]);
    cmd.env("FACTCHECK_TEST_TOKEN", SECRET);
    let run = finish(cmd, &["--allow-outside", "check"], true);
    run.assert_refused(&["claims.toml"]);
    run.assert_no_secret();
    let mut cmd = command(root, &["check"]);
    cmd.env("FACTCHECK_TEST_TOKEN", SECRET);
    let run = finish(cmd, &["check"], true);
    run.assert_refused(&["outside the project"]);
    run.assert_no_secret();
}

/// A file in the project that is not text (a NUL, an ESC) is not quoted either.
#[test]
fn claims_files_and_locks_that_are_not_text_are_never_quoted() {
    let dir = common::seeds_project();
    let root = dir.path();
    fs::write(
        root.join("claims.lock"),
        format!("version = 1\nnote = \"{SECRET}\0\"\n"),
    )
    .unwrap();
    let run = factcheck(root, &["check"]);
    run.assert_refused(&["invalid lock file", "claims.lock:2:"]);
    run.assert_no_secret();

    fs::remove_file(root.join("claims.lock")).unwrap();
    fs::write(
        root.join("claims.toml"),
        format!("[project]\ntitle = \"\x1b]8;;x\x07{SECRET}\"\n"),
    )
    .unwrap();
    let run = factcheck(root, &["check"]);
    run.assert_refused(&["invalid claims file", "claims.toml:2:"]);
    run.assert_no_secret();
}

/// `--claims /dev/zero` fails at once; a claims file or lock over its cap is refused with its
/// size and the cap; a pipe still works.
#[test]
fn claims_files_and_locks_are_read_with_a_size_cap() {
    let dir = common::seeds_project();
    let root = dir.path();
    let run = factcheck_with_memory_cap(root, &["--claims", "/dev/zero", "check"]);
    run.assert_refused(&["/dev/zero", "64 MiB"]);

    let big = root.join("big.toml");
    let file = fs::File::create(&big).unwrap();
    file.set_len(65 << 20).unwrap();
    let run = factcheck_with_memory_cap(root, &["--claims", "big.toml", "check"]);
    run.assert_refused(&["big.toml", "65.0 MiB", "64 MiB"]);

    let file = fs::File::create(root.join("claims.lock")).unwrap();
    file.set_len((256 << 20) + 1).unwrap();
    let run = factcheck_with_memory_cap(root, &["check"]);
    run.assert_refused(&["claims.lock", "256.0 MiB", "256 MiB"]);
    fs::remove_file(root.join("claims.lock")).unwrap();

    // A FIFO as the claims file: read to its end.
    let claims = fs::read_to_string(root.join("claims.toml")).unwrap();
    mkfifo(&root.join("pipe.toml"));
    let writer = {
        let (path, claims) = (root.join("pipe.toml"), claims.clone());
        std::thread::spawn(move || fs::write(path, claims))
    };
    let run = factcheck(root, &["--claims", "pipe.toml", "check"]);
    run.assert_code(0);
    writer.join().unwrap().unwrap();

    // Process substitution, `--claims <(cat claims.toml)`: /dev/fd/N, a link to a pipe.
    let seeds = root.join("seeds").to_string_lossy().into_owned();
    let piped = claims.replace("sources = \"seeds\"", &format!("sources = {seeds:?}"));
    fs::write(root.join("piped.toml"), piped).unwrap();
    let mut cmd = Command::new("bash");
    cmd.current_dir(root).env("NO_COLOR", "1").args([
        "-c",
        "exec \"$0\" --claims <(cat piped.toml) --allow-outside check",
        BIN,
    ]);
    let run = finish(cmd, &["--claims <(cat piped.toml) check"], true);
    run.assert_code(0);
    assert!(run.stdout.contains("29 claims"), "{}", run.stdout);
}

// --- 3: special files, symlinks and write errors as outputs ------------------------------------

#[test]
fn a_fifo_output_is_written_into_not_replaced() {
    let dir = common::seeds_project();
    let root = dir.path();
    let fifo = root.join("out.json");
    mkfifo(&fifo);
    // Both ends held here, so that the run's open does not wait for a reader.
    let mut pipe = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let run = factcheck(root, &["check", "--format", "json", "-o", "out.json"]);
    run.assert_code(0);
    let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "out.json is no longer a FIFO: {kind:?}");
    let mut buf = vec![0; 1 << 16];
    let n = pipe.read(&mut buf).unwrap();
    assert!(buf[..n].starts_with(b"{"), "{:?}", &buf[..n]);
}

#[test]
fn a_device_output_is_written_into_not_replaced() {
    if !is_root() {
        println!("skipped: mknod needs root");
        return;
    }
    let dir = common::seeds_project();
    let root = dir.path();
    // A copy of /dev/null (character device 1:3), never the real one.
    let status = Command::new("mknod")
        .args(["null", "c", "1", "3"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success());
    let rdev = fs::metadata(root.join("null")).unwrap().rdev();
    for args in [
        &["check", "-o", "null"][..],
        &["check", "--output", "json=null", "--output", "sarif=null"],
        &["report", "--format", "json", "-o", "null"],
    ] {
        factcheck(root, args).assert_code(0);
        let meta = fs::symlink_metadata(root.join("null")).unwrap();
        assert!(
            meta.file_type().is_char_device(),
            "factcheck {args:?} replaced the device with {:?}",
            meta.file_type()
        );
        assert_eq!(meta.rdev(), rdev);
    }
}

#[test]
fn symlinked_outputs_are_followed_inside_the_project_and_refused_outside() {
    let dir = common::seeds_project();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();

    // Inside: the target is written, the link stays.
    fs::create_dir(root.join("real")).unwrap();
    symlink("real/out.json", root.join("out.json")).unwrap();
    for _ in 0..2 {
        factcheck(root, &["check", "--format", "json", "-o", "out.json"]).assert_code(0);
        assert!(fs::symlink_metadata(root.join("out.json"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::read_to_string(root.join("real/out.json"))
            .unwrap()
            .starts_with('{'));
    }

    // Outside: refused, unless --allow-outside.
    let bashrc = outside.path().join("bashrc");
    fs::write(&bashrc, "keep\n").unwrap();
    symlink(&bashrc, root.join("report.md")).unwrap();
    let before = snapshot(root);
    let run = factcheck(root, &["report"]);
    run.assert_refused(&["report.md", "outside the project", "--allow-outside"]);
    assert_eq!(fs::read_to_string(&bashrc).unwrap(), "keep\n");
    assert_eq!(snapshot(root), before);
    // A folder link is a link too.
    symlink(outside.path(), root.join("elsewhere")).unwrap();
    let run = factcheck(root, &["check", "-o", "elsewhere/x.json"]);
    run.assert_refused(&["elsewhere/x.json", "outside the project"]);
    assert!(!outside.path().join("x.json").exists());
    // The lock, too.
    let lock = outside.path().join("lock");
    fs::write(&lock, "keep\n").unwrap();
    symlink(&lock, root.join("claims.lock")).unwrap();
    factcheck(root, &["lock"]).assert_refused(&["claims.lock", "outside the project"]);
    assert_eq!(fs::read_to_string(&lock).unwrap(), "keep\n");
    fs::remove_file(root.join("claims.lock")).unwrap();

    let run = factcheck(
        root,
        &[
            "--allow-outside",
            "report",
            "--format",
            "md",
            "-o",
            "report.md",
        ],
    );
    run.assert_code(0);
    assert!(fs::read_to_string(&bashrc).unwrap().starts_with("# "));
    assert!(fs::symlink_metadata(root.join("report.md"))
        .unwrap()
        .file_type()
        .is_symlink());

    // A path outside the project given as it is (no link) is the user's choice.
    let explicit = outside.path().join("explicit.json");
    let explicit = explicit.to_string_lossy().into_owned();
    factcheck(root, &["check", "--format", "json", "-o", &explicit]).assert_code(0);
    assert!(fs::read_to_string(&explicit).unwrap().starts_with('{'));
}

#[test]
fn cite_write_follows_a_symlinked_claims_file() {
    let dir = common::seeds_project();
    let root = dir.path();
    fs::create_dir(root.join("data")).unwrap();
    fs::write(root.join("data/claims.toml"), claims_with(UNCITED)).unwrap();
    fs::remove_file(root.join("claims.toml")).unwrap();
    symlink("data/claims.toml", root.join("claims.toml")).unwrap();
    let run = factcheck(root, &["cite", "--write"]);
    run.assert_code(0);
    assert!(fs::symlink_metadata(root.join("claims.toml"))
        .unwrap()
        .file_type()
        .is_symlink());
    let written = fs::read_to_string(root.join("data/claims.toml")).unwrap();
    let at = written.find("id = \"uncited-storage\"").unwrap();
    assert!(
        written[at..].contains("[[claims.citations]]"),
        "no citation was written into data/claims.toml"
    );
    assert_eq!(claim_ids(&written).len(), 31);
}

#[test]
fn write_errors_on_standard_output_are_reported_and_a_closed_pipe_is_not() {
    let dir = common::seeds_project();
    let root = dir.path();
    for args in [
        &["report", "--format", "json"][..],
        &["check", "--format", "json"],
        &["search", "calls per hour"],
        &["cite", "--claim", "netherlands-datacentre"],
        &["man"],
    ] {
        let mut cmd = command(root, args);
        cmd.stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        );
        let run = finish(cmd, args, false);
        run.assert_code(2);
        assert!(
            run.stderr.contains("cannot write to standard output"),
            "{args:?}: {}",
            run.stderr
        );
    }

    // `| head`: the reader goes away; no message, exit 0.
    let mut child = command(root, &["report", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

// --- 10: read-only claims, both reports or neither ---------------------------------------------

#[test]
fn cite_write_refuses_a_read_only_claims_file_and_keeps_owner_and_mode() {
    let dir = common::seeds_project();
    let root = dir.path();
    let claims = root.join("claims.toml");
    fs::write(&claims, claims_with(UNCITED)).unwrap();
    fs::set_permissions(&claims, fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(root);
    let run = factcheck(root, &["cite", "--write"]);
    run.assert_refused(&["claims.toml", "read-only"]);
    assert_eq!(snapshot(root), before);
    assert_eq!(fs::metadata(&claims).unwrap().mode() & 0o7777, 0o444);

    if !is_root() {
        println!("skipped: keeping another user's ownership needs root");
        return;
    }
    fs::set_permissions(&claims, fs::Permissions::from_mode(0o664)).unwrap();
    std::os::unix::fs::chown(&claims, Some(4242), Some(4343)).unwrap();
    factcheck(root, &["cite", "--write"]).assert_code(0);
    let meta = fs::metadata(&claims).unwrap();
    assert!(
        fs::read_to_string(&claims)
            .unwrap()
            .matches("[[claims.citations]]")
            .count()
            > 52
    );
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    assert_eq!(meta.mode() & 0o7777, 0o664);
}

/// The default `report` writes report.pdf and report.md. With the file size limited (as on a
/// full disk) so that the Markdown (made large by its template) cannot be written but the PDF
/// can, both old reports stay.
#[test]
fn the_default_reports_are_replaced_together_or_not_at_all() {
    let dir = common::seeds_project();
    let root = dir.path();
    fs::write(root.join("report.pdf"), "old pdf\n").unwrap();
    fs::write(root.join("report.md"), "old md\n").unwrap();
    // 6 MB of Markdown, larger than the PDF (about 1 MB) and than the limit below.
    let line = "A line of the review template, repeated to make the report large.\n";
    let template = format!(
        "# {{{{project.title}}}}\n\n{}",
        line.repeat(6_000_000 / line.len())
    );
    let outside = tempfile::tempdir().unwrap();
    let template_path = outside.path().join("big.md.hbs");
    fs::write(&template_path, template).unwrap();
    let template_path = template_path.to_string_lossy().into_owned();
    // `ulimit -f 3000`: 1.5 MB in 512-byte blocks (3 MB where the shell counts KiB): above
    // the PDF, below the Markdown. SIGXFSZ ignored: the write fails with EFBIG.
    let mut cmd = Command::new("sh");
    cmd.current_dir(root).env("NO_COLOR", "1").args([
        "-c",
        "ulimit -f 3000; trap '' XFSZ; exec \"$@\"",
        "sh",
        BIN,
        "report",
        "--template",
        &template_path,
    ]);
    let run = finish(cmd, &["report --template big.md.hbs"], true);
    run.assert_refused(&["report.md", "File too large"]);
    assert_eq!(
        fs::read_to_string(root.join("report.pdf")).unwrap(),
        "old pdf\n"
    );
    assert_eq!(
        fs::read_to_string(root.join("report.md")).unwrap(),
        "old md\n"
    );
    for entry in fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with(".factcheck-"), "left behind: {name}");
    }
    // Without the limit, both are written.
    let run = factcheck(root, &["report", "--template", &template_path]);
    run.assert_code(0);
    assert!(fs::read(root.join("report.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    assert!(fs::metadata(root.join("report.md")).unwrap().len() > 5_000_000);
}

// --- 4: claims.toml rewritten in place while cite --write runs ----------------------------------

/// An editor saving claims.toml in place, over and over (truncate, the first claims, a pause,
/// the rest, a pause; each save with its own first line), while `cite --write` runs: the run
/// refuses and writes nothing, or what it writes holds every claim. Before the fix, it read a
/// half-saved file and renamed its result over the real one, claims lost.
///
/// A save takes about 2 ms, far less than a run, so that no run sees one half-saved file
/// throughout (such a file cannot be told from a finished one); and each save differs, so that
/// two looks at the file in different saves differ whatever the clock's granularity.
#[test]
fn cite_write_refuses_a_claims_file_changed_while_it_ran() {
    let dir = common::seeds_project();
    let root = dir.path();
    let claims = root.join("claims.toml");
    let full = claims_with(UNCITED);
    let all_ids = claim_ids(&full);
    // Cut before the fourth claim: the half-saved file is valid TOML with fewer claims.
    let cut = full.match_indices("[[claims]]").nth(3).unwrap().0;
    let (head, tail) = full.split_at(cut);
    assert!(claim_ids(head).len() < all_ids.len());
    fs::write(&claims, &full).unwrap();

    for attempt in 0..10 {
        fs::write(&claims, &full).unwrap();
        let inode = fs::metadata(&claims).unwrap().ino();
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let stop = stop.clone();
            let (head, tail) = (head.to_string(), tail.to_string());
            let mut file = fs::OpenOptions::new().write(true).open(&claims).unwrap();
            std::thread::spawn(move || {
                let mut save = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    save += 1;
                    file.set_len(0).unwrap();
                    file.rewind().unwrap();
                    file.write_all(format!("# save {save}\n{head}").as_bytes())
                        .unwrap();
                    std::thread::sleep(Duration::from_millis(1));
                    file.write_all(tail.as_bytes()).unwrap();
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        };
        let run = factcheck(root, &["cite", "--write"]);
        stop.store(true, Ordering::Relaxed);
        writer.join().unwrap();
        let now = fs::read_to_string(&claims).unwrap();
        let first_line = run
            .stderr
            .lines()
            .find(|l| l.starts_with("error") || l.starts_with("added"));
        println!(
            "attempt {attempt}: exit {:?}: {}",
            run.code,
            first_line.unwrap_or("")
        );
        match run.code {
            Some(2) => {
                assert_eq!(
                    fs::metadata(&claims).unwrap().ino(),
                    inode,
                    "attempt {attempt}: refused, yet claims.toml was replaced: {}",
                    run.stderr
                );
                assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
            }
            Some(0) => {
                let ids = claim_ids(&now);
                assert_eq!(
                    ids, all_ids,
                    "attempt {attempt}: claims lost: {}",
                    run.stderr
                );
            }
            _ => panic!("attempt {attempt}: {:?} {}", run.code, run.stderr),
        }
        if run.code == Some(2) && run.stderr.contains("changed while factcheck was working") {
            assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        }
    }
}

// --- 9: --top -----------------------------------------------------------------------------------

#[test]
fn absurd_top_values_are_refused() {
    let dir = common::seeds_project();
    let root = dir.path();
    for args in [
        &[
            "report",
            "--format",
            "json",
            "--top",
            "18446744073709551615",
        ][..],
        &["report", "--format", "json", "--top", "1000000000"],
        &["search", "calls per hour", "--top", "1000000000"],
        &["search", "calls per hour", "--top", "18446744073709551615"],
        &[
            "search",
            "calls per hour",
            "--top",
            "99999999999999999999999",
        ],
    ] {
        let run = factcheck_with_memory_cap(root, args);
        run.assert_refused(&["--top", "1000"]);
    }
    let run = factcheck(root, &["search", "calls per hour", "--top", "1000"]);
    run.assert_code(0);
}
