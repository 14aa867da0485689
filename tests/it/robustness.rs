//! Bad input, run through the binary in temporary folders: each case fails with a clear
//! message and exit code 2 (or runs, when the input is merely large or odd), and a failing run
//! writes no output file and leaves every earlier report as it was. Then text from articles and
//! `claims.toml` that looks like markup (`<script>`, `[x](javascript:...)`, `{{...}}`,
//! headings, table pipes) stays text in the Markdown and PDF reports.
//!
//! No test here measures time. Runs of the binary have a hang guard (`HANG`, minutes, far beyond
//! any real run, debug builds included) so that a loop is a failure and not a stuck test suite.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use factcheck::analysis::{
    Analysis, At, Comparison, DiffOp, DiffRun, Discrepancy, DiscrepancyKind,
};
use factcheck::corpus::Corpus;
use factcheck::project::Project;
use factcheck::retrieve::MemoryIndex;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

// --- Running the binary --------------------------------------------------------------------------

/// Longer than any run takes: a run still going after this is hung (a loop), and fails.
const HANG: Duration = Duration::from_secs(900);

struct Run {
    args: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    #[track_caller]
    fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "factcheck {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
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
            self.args.join(" "),
            self.stderr
        );
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "factcheck {}: {needle:?} not in:\n{}",
                self.args.join(" "),
                self.stderr
            );
        }
        assert_eq!(self.stdout, "", "factcheck {}", self.args.join(" "));
    }
}

/// Run the binary in `dir`, its output captured in files outside `dir` (so that `dir` holds
/// only what the run itself wrote).
fn factcheck(dir: &Path, args: &[&str]) -> Run {
    let capture = tempfile::tempdir().unwrap();
    let out_path = capture.path().join("stdout");
    let err_path = capture.path().join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "factcheck {} did not finish in {HANG:?}: it hangs",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: status.code(),
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
    }
}

// --- Projects ------------------------------------------------------------------------------------

const ARTICLE: &str = "Council approves budget\n\n\
The council approved the budget on Monday. It passed by seven votes to two.\n";

const CLAIMS: &str = r#"[project]
title = "Budget"

[[claims]]
id = "budget"
text = "The budget passed."
verdict = "supported"

[[claims.citations]]
source = "council"
quote = "It passed by seven votes to two."
"#;

/// A small project in a temporary folder: `claims.toml` and `seeds/council.txt`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        fixture.write("seeds/council.txt", ARTICLE);
        fixture.write("claims.toml", CLAIMS);
        fixture
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn run(&self, args: &[&str]) -> Run {
        factcheck(self.root(), args)
    }

    fn report_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["report", "--format", "json"]);
        let run = self.run(&all);
        run.assert_code(0);
        serde_json::from_str(&run.stdout).expect("the JSON report parses")
    }
}

fn source_ids(report: &serde_json::Value) -> Vec<String> {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// What an earlier run wrote, before a failing run.
const OLD: &str = "the previous report, which a failing run must leave as it is\n";

/// The reports a run can write beside `claims.toml`, each planted with [`OLD`].
const OUTPUTS: [&str; 3] = ["out.json", "report.pdf", "report.md"];

fn plant(dir: &Path) {
    for name in OUTPUTS {
        fs::write(dir.join(name), OLD).unwrap();
    }
}

/// The planted reports are as they were, and no temporary file is left.
#[track_caller]
fn assert_untouched(dir: &Path) {
    for name in OUTPUTS {
        assert_eq!(
            fs::read_to_string(dir.join(name)).unwrap(),
            OLD,
            "{name} was changed by a failing run"
        );
    }
    assert_no_temp_files(dir);
}

/// No `.factcheck-*.tmp` is left behind, in `dir` or below it.
#[track_caller]
fn assert_no_temp_files(dir: &Path) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !(name.starts_with(".factcheck-") && name.ends_with(".tmp")),
                "a temporary file is left behind: {}",
                entry.path().display()
            );
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            }
        }
    }
}

/// Every command that reads the project fails the same way and writes nothing: `check`,
/// `report` in one format to a file and in its default formats, `lock`, `cite --write` and
/// `search`.
#[track_caller]
fn assert_every_command_refuses(dir: &Path, needles: &[&str]) -> Run {
    plant(dir);
    // Not a lock `check` could read: it must not get that far.
    fs::write(dir.join("claims.lock"), OLD).unwrap();
    let claims = fs::read(dir.join("claims.toml")).ok();
    let mut last = None;
    for args in [
        &["check"][..],
        &["check", "--format", "json", "-o", "out.json"],
        &["report", "--format", "json", "-o", "out.json"],
        &["report"],
        &["lock"],
        &["cite", "--write"],
        &["search", "budget"],
    ] {
        let run = factcheck(dir, args);
        run.assert_refused(needles);
        assert_untouched(dir);
        assert_eq!(fs::read_to_string(dir.join("claims.lock")).unwrap(), OLD);
        last = Some(run);
    }
    if let Some(claims) = claims {
        assert_eq!(fs::read(dir.join("claims.toml")).unwrap(), claims);
    }
    fs::remove_file(dir.join("claims.lock")).unwrap();
    last.unwrap()
}

// --- The claims file ---------------------------------------------------------------------------

#[test]
fn an_empty_claims_file_is_refused() {
    let f = Fixture::new();
    f.write("claims.toml", "");
    assert_every_command_refuses(
        f.root(),
        &["claims.toml is empty", "needs at least a [project] table"],
    );
    // Blank lines and comments are as empty as nothing: no [project].
    f.write("claims.toml", "\n  \n# nothing yet\n");
    assert_every_command_refuses(f.root(), &["invalid claims file: missing field `project`"]);
}

#[test]
fn a_claims_file_that_is_a_folder_is_refused() {
    let f = Fixture::new();
    fs::remove_file(f.path("claims.toml")).unwrap();
    fs::create_dir(f.path("claims.toml")).unwrap();
    fs::write(f.path("claims.toml/claims.toml"), CLAIMS).unwrap();
    assert_every_command_refuses(
        f.root(),
        &["claims.toml is a folder, not a claims file", "--claims"],
    );
    // Named explicitly, the same.
    let run = f.run(&["--claims", "claims.toml", "check"]);
    run.assert_refused(&["is a folder, not a claims file"]);
}

// --- Sources -------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_in_a_source_names_the_file_and_byte() {
    let f = Fixture::new();
    // Latin-1 "é" on line 3, column 4 (byte 10), as a Windows editor saves it.
    f.write("seeds/latin1.txt", b"Title\n\nCaf\xe9 society\n");
    assert_every_command_refuses(
        f.root(),
        &[
            "seeds/latin1.txt is not valid UTF-8: invalid byte 0xE9 at offset 10 (line 3, column 4)",
            "seeds/latin1.txt:3:4",
            "iconv",
        ],
    );
    // UTF-16 (as Notepad once saved "Unicode"), with or without a byte order mark: named as
    // such, not as a binary file.
    fs::remove_file(f.path("seeds/latin1.txt")).unwrap();
    f.write("seeds/utf16.txt", b"\xff\xfeT\x00i\x00\n\x00");
    let run = f.run(&["check"]);
    run.assert_refused(&[
        "seeds/utf16.txt is UTF-16 (little-endian), not UTF-8",
        "iconv -f UTF-16 -t UTF-8",
    ]);
    fs::remove_file(f.path("seeds/utf16.txt")).unwrap();
    let be: Vec<u8> = "Title\n\nBody text.\n"
        .bytes()
        .flat_map(|b| [0, b])
        .collect();
    f.write("seeds/utf16be.txt", &be);
    let run = f.run(&["check"]);
    run.assert_refused(&["seeds/utf16be.txt is UTF-16 (big-endian), not UTF-8"]);
}

#[test]
fn a_binary_file_among_the_sources_is_refused_by_name() {
    let f = Fixture::new();
    // A zip archive saved as .txt: NUL bytes from the fifth byte on.
    f.write(
        "seeds/scan.txt",
        b"PK\x03\x04\x00\x00\x08\x00\x00\x00binary",
    );
    assert_every_command_refuses(
        f.root(),
        &[
            "seeds/scan.txt looks like a binary file (NUL byte at offset 4), not an article",
            "keep only .txt, .md and .html articles",
        ],
    );
}

#[test]
fn files_that_are_not_articles_are_not_sources() {
    let f = Fixture::new();
    f.write(
        "seeds/photo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06",
    );
    f.write("seeds/notes.docx", b"PK\x03\x04\x00\x00");
    f.write("seeds/.hidden.txt", b"\x00\x01 hidden files are skipped");
    let run = f.run(&["check"]);
    run.assert_code(0);
    assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
    assert_eq!(source_ids(&f.report_json(&[])), ["council"]);
}

#[test]
fn a_symlink_loop_in_the_sources_folder_ends() {
    let f = Fixture::new();
    std::os::unix::fs::symlink("..", f.path("seeds/loop")).unwrap();
    std::os::unix::fs::symlink(".", f.path("seeds/self")).unwrap();
    fs::create_dir(f.path("seeds/sub")).unwrap();
    std::os::unix::fs::symlink("../../seeds", f.path("seeds/sub/back")).unwrap();
    // A link to itself, and a link to a folder, with an article's extension.
    std::os::unix::fs::symlink("itself.txt", f.path("seeds/itself.txt")).unwrap();
    std::os::unix::fs::symlink("sub", f.path("seeds/folder.txt")).unwrap();
    for flags in [&[][..], &["--allow-outside"]] {
        let mut args = flags.to_vec();
        args.push("check");
        let run = f.run(&args);
        run.assert_code(0);
        assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
        // Linked folders are not followed, and links that lead nowhere are not sources.
        assert_eq!(source_ids(&f.report_json(flags)), ["council"]);
    }
}

#[test]
fn a_sources_folder_nested_too_deep_is_refused() {
    let f = Fixture::new();
    let deep = "d/".repeat(70);
    f.write(&format!("seeds/{deep}article.txt"), ARTICLE);
    assert_every_command_refuses(
        f.root(),
        &["the sources folder is nested more than 64 levels deep"],
    );
}

/// The secret of the "machine": a file beside the project, which `claims.toml` names as
/// `../../etc/passwd` (relative to the sources folder `proj/seeds`).
const PASSWD: &str = "root:x:0:0:SECRET-4242 the password is swordfish here:/root:/bin/bash\n";

/// `tmp/proj/{claims.toml, seeds/council.txt}` and `tmp/etc/passwd`.
fn outside_fixture(extra_claims: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    fs::create_dir_all(proj.join("seeds")).unwrap();
    fs::create_dir_all(tmp.path().join("etc")).unwrap();
    fs::write(tmp.path().join("etc/passwd"), PASSWD).unwrap();
    fs::write(proj.join("seeds/council.txt"), ARTICLE).unwrap();
    fs::write(proj.join("claims.toml"), format!("{CLAIMS}{extra_claims}")).unwrap();
    (tmp, proj)
}

const CITES_PASSWD: &str = r#"
[sources.passwd]
file = "../../etc/passwd"

[[claims]]
id = "password"
text = "The password is swordfish."

[[claims.citations]]
source = "passwd"
quote = "the password is swordfish"
"#;

#[test]
fn a_source_file_outside_the_project_is_refused_without_allow_outside() {
    let (_tmp, proj) = outside_fixture(CITES_PASSWD);
    let run = assert_every_command_refuses(
        &proj,
        &[
            "source \"passwd\": file ../../etc/passwd is outside the project's folder",
            "claims.toml:",
            "--allow-outside",
        ],
    );
    for args in [
        &["check"][..],
        &["report", "--format", "json"],
        &["lock"],
        &["cite"],
        &["search", "password swordfish"],
    ] {
        let run = factcheck(&proj, args);
        run.assert_code(2);
        let all = run.both();
        assert!(
            !all.contains("SECRET-4242") && !all.contains("root:x:0:0"),
            "factcheck {}: the file's bytes are printed:\n{all}",
            args.join(" ")
        );
    }
    // The error points at the `file = ...` line of claims.toml.
    let line = fs::read_to_string(proj.join("claims.toml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("../../etc/passwd"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("claims.toml:{line}:8")),
        "{}",
        run.stderr
    );

    // With --allow-outside, the file is read; the flag goes before or after the command.
    let run = factcheck(&proj, &["--allow-outside", "check"]);
    run.assert_code(0);
    assert!(
        run.stdout.starts_with("ok: 2 claims checked"),
        "{}",
        run.stdout
    );
    let run = factcheck(&proj, &["report", "--format", "json", "--allow-outside"]);
    run.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(source_ids(&report), ["council", "passwd"]);
    let password = &report["claims"][1];
    assert_eq!(password["citations"][0]["status"], "exact");
    let run = factcheck(&proj, &["--allow-outside", "lock"]);
    run.assert_code(0);
    assert!(proj.join("claims.lock").is_file());
}

#[test]
fn a_link_to_a_file_outside_the_project_is_refused_without_allow_outside() {
    let (tmp, proj) = outside_fixture("");
    std::os::unix::fs::symlink(tmp.path().join("etc/passwd"), proj.join("seeds/passwd.txt"))
        .unwrap();
    assert_every_command_refuses(
        &proj,
        &[
            "seeds/passwd.txt links to a file outside the sources folder",
            "--allow-outside",
        ],
    );
    let run = factcheck(&proj, &["report", "--format", "json"]);
    assert!(!run.both().contains("SECRET-4242"), "{}", run.both());

    let run = factcheck(&proj, &["--allow-outside", "report", "--format", "json"]);
    run.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(source_ids(&report), ["council", "passwd"]);
}

#[test]
fn a_sources_folder_outside_the_project_is_refused_without_allow_outside() {
    let (tmp, proj) = outside_fixture("");
    fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    fs::write(tmp.path().join("elsewhere/council.txt"), ARTICLE).unwrap();
    fs::write(
        proj.join("claims.toml"),
        CLAIMS.replace(
            "title = \"Budget\"",
            "title = \"Budget\"\nsources = \"../elsewhere\"",
        ),
    )
    .unwrap();
    assert_every_command_refuses(
        &proj,
        &[
            "elsewhere is outside the project's folder",
            "--allow-outside",
        ],
    );
    let run = factcheck(&proj, &["--allow-outside", "check"]);
    run.assert_code(0);
}

/// 50 MB on one line: a realistic sentence, over and over, without a line break. Loading,
/// sentence splitting, an exact quote, a near miss (aligned word by word against the whole
/// source) and the report all finish. Measured apart (`/usr/bin/time -v`, release binary, 2
/// cores): `check` 2.5 s and 450 MB peak, `report --format json` 3.2 s and 630 MB; this test
/// takes about 90 s in a debug build.
#[test]
fn a_fifty_megabyte_source_on_one_line_is_read() {
    let f = Fixture::new();
    let sentence = "The committee said on Tuesday that the regional council approved a budget \
                    of 4.5 million euros for the new water treatment plant, which will serve \
                    about 20,000 residents. ";
    let text = sentence.repeat(50 * 1024 * 1024 / sentence.len() + 1);
    f.write("seeds/big.txt", text.trim_end());
    f.write(
        "claims.toml",
        format!(
            "{CLAIMS}\n[[claims]]\nid = \"plant\"\ntext = \"The plant will serve 20,000 residents.\"\n\n\
             [[claims.citations]]\nsource = \"big\"\n\
             quote = \"the regional council approved a budget of 4.5 million euros\"\n\n\
             [[claims.citations]]\nsource = \"big\"\nquote = \"which will serve about 30,000 residents\"\n"
        ),
    );
    let run = f.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("error[quote-near-miss]")
            && run.stdout.contains("[-30,000-] {+20,000+}"),
        "{}",
        run.stdout
    );
    let run = f.run(&["report", "--format", "json", "-o", "out.json"]);
    run.assert_code(0);
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(f.path("out.json")).unwrap()).unwrap();
    let citation = &report["claims"][1]["citations"][0];
    assert_eq!(citation["status"], "exact");
    assert_eq!(
        (citation["line"].as_u64(), citation["column"].as_u64()),
        (
            Some(1),
            Some(sentence.find("the regional").unwrap() as u64 + 1)
        )
    );
    let big = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "big")
        .unwrap();
    assert!(big["passages"].as_u64().unwrap() > 300_000, "{big}");
    assert_no_temp_files(f.root());
}

/// The same 50 MB without a full stop: one sentence, one passage of 50 MB.
#[test]
fn a_fifty_megabyte_source_without_a_full_stop_is_read() {
    let f = Fixture::new();
    let words = "the committee said on tuesday that the regional council approved a budget of 4 \
                 million euros for the new water treatment plant which will serve about 20000 \
                 residents ";
    f.write(
        "seeds/big.txt",
        words.repeat(50 * 1024 * 1024 / words.len() + 1).trim_end(),
    );
    f.write(
        "claims.toml",
        format!(
            "{CLAIMS}\n[[claims]]\nid = \"plant\"\ntext = \"The plant will serve 20000 residents.\"\n\n\
             [[claims.citations]]\nsource = \"big\"\nquote = \"the regional council approved a budget\"\n"
        ),
    );
    f.run(&["check"]).assert_code(0);
    f.run(&["report", "--format", "json", "-o", "out.json"])
        .assert_code(0);
}

/// 10,000 small articles: found, read, indexed; a quote cited to the wrong one of them is
/// found in the right one (by retrieval: beyond 200 sources not every source is scanned).
/// Release binary: `check` 0.6 s and 80 MB, `report --format json` 0.4 s and 86 MB, `report`
/// (PDF and Markdown, a 10,000-entry sources appendix) 3.8 s and 550 MB.
#[test]
fn ten_thousand_small_sources_are_read() {
    let f = Fixture::new();
    for i in 0..10_000 {
        f.write(
            &format!("seeds/many/{:02}/s{i:05}.txt", i % 100),
            format!(
                "Article number {i} about the city\n\n\
                 The city council met for session {i} and discussed the budget, the roads and \
                 the schools. A second sentence closes article {i}.\n"
            ),
        );
    }
    f.write(
        "claims.toml",
        format!(
            "{CLAIMS}\n[[claims]]\nid = \"session\"\ntext = \"The council met for session 4242.\"\n\n\
             [[claims.citations]]\nsource = \"many/77/s00077\"\n\
             quote = \"The city council met for session 4242\"\n"
        ),
    );
    let run = f.run(&["check"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains(
            "error[wrong-source]: quote in claim \"session\" is not in \"many/77/s00077\" but in \"many/42/s04242\""
        ),
        "{}",
        run.stdout
    );
    let run = f.run(&["report", "--format", "json", "-o", "out.json"]);
    run.assert_code(0);
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(f.path("out.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["sources"], 10_001);
    assert_no_temp_files(f.root());
}

// --- Templates -----------------------------------------------------------------------------------

#[test]
fn a_template_with_a_syntax_error_names_its_line() {
    let f = Fixture::new();
    f.write(
        "bad.hbs",
        "# {{project.title}}\n\n{{#each claims}}\n- {{id}\n{{/each}}\n",
    );
    plant(f.root());
    for args in [
        &[
            "report",
            "--format",
            "md",
            "--template",
            "bad.hbs",
            "-o",
            "out.json",
        ][..],
        &["report", "--template", "bad.hbs"],
        &[
            "report",
            "--format",
            "json",
            "-o",
            "out.json",
            "--output",
            "md=report.md",
            "--template",
            "bad.hbs",
        ],
    ] {
        let run = f.run(args);
        run.assert_refused(&["invalid template", "--> bad.hbs:4:7", "4 | - {{id}"]);
        assert_untouched(f.root());
    }
}

#[test]
fn a_template_naming_a_missing_field_is_refused() {
    let f = Fixture::new();
    f.write(
        "bad.hbs",
        "# {{project.title}}\n\n{{#each claims}}\n- {{id}} {{nosuchfield}}\n{{/each}}\n",
    );
    plant(f.root());
    for args in [
        &[
            "report",
            "--format",
            "md",
            "--template",
            "bad.hbs",
            "-o",
            "out.json",
        ][..],
        &["report", "--template", "bad.hbs"],
    ] {
        let run = f.run(args);
        run.assert_refused(&[
            "the template uses `nosuchfield`, which the report data does not have here",
            "--> bad.hbs:4:10",
        ]);
        assert_untouched(f.root());
    }
}

// --- Writing outputs -----------------------------------------------------------------------------

#[test]
fn an_output_in_a_missing_folder_is_refused() {
    let f = Fixture::new();
    plant(f.root());
    for (args, needle) in [
        (
            &["report", "--format", "json", "-o", "missing/out.json"][..],
            "cannot write missing/out.json: the folder missing does not exist",
        ),
        (
            &["report", "--format", "pdf", "-o", "missing/out.pdf"],
            "cannot write missing/out.pdf: the folder missing does not exist",
        ),
        (
            &["report", "-o", "missing"],
            "cannot write the reports into missing: it is not a folder",
        ),
        (
            &["check", "-o", "missing/out.json"],
            "cannot write missing/out.json: the folder missing does not exist",
        ),
        (
            &["check", "--output", "sarif=missing/out.sarif"],
            "cannot write missing/out.sarif: the folder missing does not exist",
        ),
        (
            &["report", "--format", "json", "-o", "seeds"],
            "cannot write seeds: it is a folder",
        ),
    ] {
        let run = f.run(args);
        run.assert_refused(&[needle]);
        assert!(!f.path("missing").exists(), "no folder is created");
        assert_untouched(f.root());
    }
    // A file where the folder should be.
    let run = f.run(&["report", "--format", "json", "-o", "out.json/report.json"]);
    run.assert_refused(&["cannot write out.json/report.json"]);
    assert_untouched(f.root());
}

/// One bad destination among several: nothing is written, not even the good ones.
#[test]
fn one_bad_destination_among_several_writes_nothing() {
    let f = Fixture::new();
    plant(f.root());
    for args in [
        &[
            "report",
            "--output",
            "json=out.json",
            "--output",
            "md=missing/report.md",
        ][..],
        &[
            "check",
            "--output",
            "json=out.json",
            "--output",
            "sarif=missing/out.sarif",
        ],
    ] {
        let run = f.run(args);
        run.assert_refused(&["the folder missing does not exist"]);
        assert_untouched(f.root());
    }
}

/// Run the binary with its file size limited to `blocks` of 512 bytes (`ulimit -f`), so that
/// writing the report fails half way: with SIGXFSZ at its default the process is killed
/// mid-write (a crash, a power cut); with it ignored, the write fails with EFBIG.
fn factcheck_short_of_space(dir: &Path, killed: bool, args: &[&str]) -> std::process::Output {
    let script = if killed {
        "ulimit -f 2; exec \"$@\""
    } else {
        "ulimit -f 2; trap '' XFSZ; exec \"$@\""
    };
    Command::new("sh")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["-c", script, "sh", env!("CARGO_BIN_EXE_factcheck")])
        .args(args)
        .output()
        .unwrap()
}

/// Reports are written to a temporary file in the same folder, synced, then renamed over the
/// old one (`output::write_atomic`): a run that dies while writing leaves the
/// previous report whole.
#[test]
fn an_interrupted_write_leaves_the_previous_report_whole() {
    let f = Fixture::new();
    plant(f.root());
    let big = format!("{OLD}{}", "x".repeat(4000));
    fs::write(f.path("out.json"), &big).unwrap();

    // Killed while writing the temporary file.
    let out = factcheck_short_of_space(
        f.root(),
        true,
        &["report", "--format", "json", "-o", "out.json"],
    );
    assert_eq!(out.status.code(), None, "killed by SIGXFSZ: {out:?}");
    assert_eq!(fs::read_to_string(f.path("out.json")).unwrap(), big);
    // The killed run's partial temporary file is all it leaves; remove it for the next case.
    for entry in fs::read_dir(f.root()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(".factcheck-") {
            assert!(fs::metadata(&path).unwrap().len() <= 1024);
            fs::remove_file(path).unwrap();
        }
    }

    // The write fails: an error, and the temporary file is removed.
    for args in [
        &["report", "--format", "json", "-o", "out.json"][..],
        &["report", "--format", "pdf", "-o", "report.pdf"],
        &["report"],
    ] {
        let out = factcheck_short_of_space(f.root(), false, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        let target = match args.iter().position(|a| *a == "-o") {
            Some(i) => args[i + 1].to_string(),
            None => "./report.pdf".to_string(),
        };
        assert!(
            stderr.starts_with(&format!("error: cannot write {target}: File too large")),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("{target} is left as it was")),
            "{args:?}: {stderr}"
        );
        assert_eq!(fs::read_to_string(f.path("out.json")).unwrap(), big);
        for name in ["report.pdf", "report.md"] {
            assert_eq!(fs::read_to_string(f.path(name)).unwrap(), OLD, "{name}");
        }
        assert_no_temp_files(f.root());
    }
}

// --- Text stays text -----------------------------------------------------------------------------

/// Lines of an article that look like markup, each a sentence of its own.
const HOSTILE_ARTICLE: &str = "A hostile article about a vote

Officials said <script>alert(1)</script> was typed into the form during the vote.

The page linked [x](javascript:alert(1)) next to the results of the vote.

The template marker {{title}} appeared in the minutes of the vote.

## heading

The table row | a | b | was pasted into the article as it is.
";

const HOSTILE_CLAIMS: &str = r###"[project]
title = "Hostile votes"

[sources.hostile]
file = "hostile.txt"
url = "https://example.org/hostile"

[[claims]]
id = "script-tag"
text = "The form held <script>alert(1)</script>."
verdict = "supported"

[[claims.citations]]
source = "hostile"
quote = "Officials said <script>alert(1)</script> was typed into the form"

[[claims]]
id = "javascript-link"
text = "The page linked [x](javascript:alert(1))."
verdict = "disputed"

[[claims.citations]]
source = "hostile"
quote = "The page linked [x](javascript:alert(1)) next to the results"

[[claims]]
id = "template-marker"
text = "The minutes held {{title}} and {{{raw}}}."

[[claims.citations]]
source = "hostile"
quote = "The template marker {{title}} appeared in the minutes"

[[claims]]
id = "heading-and-table"
text = "## heading\n| a | b |\n|---|---|"

[[claims.citations]]
source = "hostile"
quote = "## heading"

[[claims.citations]]
source = "hostile"
quote = "The table row | a | b | was pasted"
"###;

const HOSTILE_STRINGS: [&str; 5] = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{{title}}",
    "## heading",
    "| a | b |",
];

fn hostile_fixture() -> Fixture {
    let f = Fixture::new();
    fs::remove_file(f.path("seeds/council.txt")).unwrap();
    f.write("seeds/hostile.txt", HOSTILE_ARTICLE);
    f.write("claims.toml", HOSTILE_CLAIMS);
    f
}

/// The report as GitHub reads it.
fn markdown_events(markdown: &str) -> Vec<Event<'_>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    Parser::new_ext(markdown, options).collect()
}

/// What the Markdown is made of: its headings, raw HTML, link targets and the text of each
/// block (paragraph, heading, list item, table cell).
#[derive(Default)]
struct Shape {
    headings: Vec<(HeadingLevel, String)>,
    html: Vec<String>,
    links: Vec<String>,
    blocks: Vec<String>,
    /// Per table, the cells of each row.
    table_rows: Vec<Vec<usize>>,
}

fn shape(markdown: &str) -> Shape {
    let mut s = Shape::default();
    let mut block = String::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut cells = 0;
    let mut html_before = false;
    for e in markdown_events(markdown) {
        let in_html = std::mem::replace(&mut html_before, matches!(e, Event::Html(_)));
        let ends_block = matches!(
            e,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item)
        );
        match e {
            Event::Text(t) | Event::Code(t) => {
                block.push_str(&t);
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            // The lines of an HTML block, joined.
            Event::Html(h) if in_html => s.html.last_mut().unwrap().push_str(&h),
            Event::Html(h) | Event::InlineHtml(h) => s.html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => s.links.push(dest_url.to_string()),
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => s.headings.extend(heading.take()),
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::End(TagEnd::TableCell) => cells += 1,
            Event::Start(Tag::Table(_)) => s.table_rows.push(Vec::new()),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                if let Some(rows) = s.table_rows.last_mut() {
                    rows.push(cells);
                }
            }
            _ => {}
        }
        if ends_block && !block.is_empty() {
            s.blocks.push(std::mem::take(&mut block));
        }
    }
    s
}

/// The HTML the built-in templates write themselves, and nothing else.
#[track_caller]
fn assert_only_template_markup(s: &Shape) {
    for h in &s.html {
        // The anchor before each claim heading: `<a id="claim-<slug>">`, the slug made of
        // letters, digits, `-` and `_` only.
        let anchor = h
            .strip_prefix("<a id=\"claim-")
            .and_then(|r| r.strip_suffix("\">"))
            .is_some_and(|id| {
                id.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            });
        let ok = ["<del>", "</del>", "<ins>", "</ins>", "</details>\n", "</a>"]
            .contains(&h.as_str())
            || anchor
            || (h.starts_with("<details>\n<summary>") && h.ends_with("</summary>\n"));
        assert!(ok, "raw HTML in the report: {h:?}");
    }
    for link in &s.links {
        assert!(
            link.starts_with('#') || link.starts_with("https://"),
            "a link to {link:?}"
        );
    }
    assert!(
        // Needs attention has three columns, the summary five; no cell spills into another.
        s.table_rows
            .iter()
            .all(|rows| rows.iter().all(|&n| n == rows[0]))
            && s.table_rows.iter().any(|rows| rows[0] == 5),
        "the summary table's rows: {:?}",
        s.table_rows
    );
}

#[test]
fn hostile_article_text_stays_text_in_the_markdown_report() {
    let f = hostile_fixture();
    let run = f.run(&["report", "--format", "md"]);
    run.assert_code(0);
    let s = shape(&run.stdout);
    assert_only_template_markup(&s);
    let h3: Vec<&str> = s
        .headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H3)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        [
            "Supported: ",
            "Disputed: ",
            "Unverified: ",
            "Unverified: ",
            "Source hostile"
        ]
        .iter()
        .zip(&h3)
        .filter(|(prefix, h)| h.starts_with(*prefix))
        .count(),
        5,
        "{h3:?}"
    );
    assert_eq!(h3.len(), 5);
    assert!(s.headings.iter().all(|(_, t)| t != "heading"));
    assert_eq!(
        s.links.iter().filter(|l| l.starts_with("https://")).count(),
        1
    );
    for needle in HOSTILE_STRINGS {
        assert!(
            s.blocks.iter().any(|b| b.contains(needle)),
            "{needle:?} is not in the report's text"
        );
    }
    assert!(s
        .blocks
        .contains(&"## heading | a | b | |---|---|".to_string()));
}

/// Source ids come from file names when they are not declared, and file names can hold
/// anything but `/`.
#[test]
fn hostile_file_names_stay_text_in_the_markdown_report() {
    let f = Fixture::new();
    let names = [
        "[x](javascript:alert(1))",
        "## heading | a | b",
        "<script>alert(1)<",
        "{{title}}",
        "`tick` *em*",
    ];
    for name in names {
        f.write(
            &format!("seeds/{name}.txt"),
            format!("A title for {name}\n\nThe council approved the budget on Monday after a long debate.\n"),
        );
    }
    // Every source is cited, so that the appendix (which lists the sources a report uses)
    // shows every hostile name.
    let mut claims = CLAIMS
        .replace("\"council\"", "'[x](javascript:alert(1))'")
        .replace(
            "It passed by seven votes to two.",
            "The council approved the budget on Monday",
        );
    for (i, name) in names.iter().enumerate() {
        claims.push_str(&format!(
            "\n[[claims]]\nid = \"n{i}\"\ntext = \"The council approved the budget.\"\n\
             verdict = \"supported\"\n\n[[claims.citations]]\nsource = '{name}'\n\
             quote = \"The council approved the budget on Monday\"\n"
        ));
    }
    f.write("claims.toml", claims);
    let run = f.run(&["report", "--format", "md"]);
    run.assert_code(0);
    let s = shape(&run.stdout);
    assert_only_template_markup(&s);
    let mut sources: Vec<String> = s
        .headings
        .iter()
        .filter_map(|(_, t)| t.strip_prefix("Source ").map(str::to_string))
        .collect();
    sources.sort();
    let mut expected: Vec<String> = names
        .iter()
        .map(|n| n.to_string())
        .chain(["council".to_string()])
        .collect();
    expected.sort();
    assert_eq!(sources, expected);
    // Every link is to a heading of the report.
    let mut anchors: Vec<String> = s
        .headings
        .iter()
        .map(|(_, t)| factcheck::render::markdown::anchor(t))
        .collect();
    // And the anchors before claim headings.
    anchors.extend(s.html.iter().filter_map(|h| {
        h.strip_prefix("<a id=\"")
            .and_then(|r| r.strip_suffix("\">"))
            .map(str::to_string)
    }));
    for link in &s.links {
        let target = link.strip_prefix('#').unwrap();
        assert!(anchors.iter().any(|a| a == target), "{link} leads nowhere");
    }
    for name in names {
        assert!(
            s.blocks
                .iter()
                .any(|b| b.contains(&format!("A title for {name}"))),
            "{name}"
        );
    }
}

fn hostile_analysis(f: &Fixture) -> Analysis {
    let project = Project::load(&f.path("claims.toml")).unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::load(&project).unwrap_or_else(|e| panic!("{e}"));
    let index = MemoryIndex::build(&corpus);
    Analysis::run(&project, &corpus, Some(&index), 5)
}

/// What the comparison of wordings puts in the report (discrepancy call-outs, word diffs)
/// comes from the articles too.
#[test]
fn hostile_wordings_and_discrepancies_stay_text_in_the_markdown_report() {
    let f = hostile_fixture();
    f.write(
        "seeds/other.txt",
        "Another article\n\nOfficials said the vote was typed into the form on Monday.\n",
    );
    let mut analysis = hostile_analysis(&f);
    let run = |op, text: &str| DiffRun {
        op,
        text: text.to_string(),
    };
    let claim = &mut analysis.claims[0];
    let a = "hostile".to_string();
    let b = "other".to_string();
    let hostile =
        "<script>alert(1)</script> [x](javascript:alert(1)) {{title}}\n## heading\n| a | b |";
    claim.discrepancies = vec![Discrepancy {
        kind: DiscrepancyKind::Name,
        sources: [a.clone(), b.clone()],
        a: hostile.to_string(),
        b: "</details>\n\n# Injected".to_string(),
        a_at: At {
            line: 3,
            column: 1,
            page: None,
        },
        b_at: At {
            line: 3,
            column: 1,
            page: None,
        },
        detail: "{{#each claims}}x{{/each}} | c |".to_string(),
    }];
    for w in &mut claim.wordings {
        w.text = hostile.to_string();
        w.diff = vec![
            run(DiffOp::Equal, "<del>"),
            run(DiffOp::Delete, "[x](javascript:alert(1))"),
            run(DiffOp::Insert, "</ins>\n## heading"),
        ];
    }
    claim.comparisons = vec![Comparison {
        sources: [a, b],
        similarity: 0.5,
        diff: vec![
            run(DiffOp::Delete, "<script>"),
            run(DiffOp::Insert, "| a | b |\n"),
            run(DiffOp::Equal, "{{title}}"),
        ],
    }];
    // The appendix lists the sources the claims use: now "other" too.
    for source in &mut analysis.sources {
        source.supports = vec![analysis.claims[0].id.clone()];
    }
    let md = factcheck::render::markdown::render(&analysis, None).unwrap_or_else(|e| panic!("{e}"));
    let s = shape(&md);
    assert_only_template_markup(&s);
    let headings: Vec<&str> = s.headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Fact-check: Hostile votes",
            "Needs attention",
            "Summary",
            "Claims",
            "Supported: The form held <script>alert(1)</script>.",
            "Disputed: The page linked [x](javascript:alert(1)).",
            "Unverified: The minutes held {{title}} and {{{raw}}}.",
            "Unverified: ## heading | a | b | |---|---|",
            "Sources",
            "Source hostile",
            "Source other"
        ]
    );
    let flat = hostile.replace('\n', " ");
    assert!(
        s.blocks
            .iter()
            .any(|b| b.contains(&format!("says “{flat}”"))),
        "{:#?}",
        s.blocks
    );
    assert!(s
        .blocks
        .iter()
        .any(|b| b.contains("says “</details>  # Injected”")));
    assert!(s
        .blocks
        .iter()
        .any(|b| b.contains("{{#each claims}}x{{/each}} | c |")));
    assert!(
        s.blocks
            .iter()
            .any(|b| b.contains("<del> [x](javascript:alert(1)) </ins> ## heading")),
        "{:#?}",
        s.blocks
    );
    assert!(s
        .blocks
        .iter()
        .any(|b| b.contains("<script>| a | b | {{title}}")));
    // Each diff run in its tag: the article's own "<del>" is text, not a tag.
    let tags = s.html.iter().filter(|h| h.as_str() == "<del>").count();
    assert_eq!(
        tags,
        s.html.iter().filter(|h| h.as_str() == "</del>").count()
    );
}

/// The text of a PDF (pdf-extract), and the same with runs of whitespace as single spaces.
fn pdf_text(bytes: &[u8]) -> (String, String) {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("pdf-extract reads the PDF");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (text, flat)
}

/// The link targets of a PDF, and every way it could run script or open something else:
/// JavaScript actions (`/JS`, `/S /JavaScript`, a `/JavaScript` name tree), launch and open
/// actions, annotations other than links, and actions other than URIs.
fn pdf_actions(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    use printpdf::lopdf::{Dictionary, Document, Object};

    fn name(object: &Object) -> Option<String> {
        object
            .as_name()
            .ok()
            .map(|n| String::from_utf8_lossy(n).into_owned())
    }

    fn visit(object: &Object, uris: &mut Vec<String>, bad: &mut Vec<String>) {
        match object {
            Object::Dictionary(d) => visit_dict(d, uris, bad),
            Object::Stream(s) => visit_dict(&s.dict, uris, bad),
            Object::Array(items) => {
                for item in items {
                    visit(item, uris, bad);
                }
            }
            _ => {}
        }
    }

    fn visit_dict(dict: &Dictionary, uris: &mut Vec<String>, bad: &mut Vec<String>) {
        let is_annot = dict.get(b"Type").ok().and_then(name).as_deref() == Some("Annot");
        // `/S` is also a structure element's role (issue 16's tagging: one with a parent
        // and content) and an output intent's subtype: not actions, if they are what the
        // briefing writes.
        let role = dict.get(b"S").ok().and_then(name);
        let is_struct_elem = dict.get(b"P").is_ok_and(|p| p.as_reference().is_ok())
            && dict.get(b"K").is_ok()
            && matches!(
                role.as_deref(),
                Some("Document" | "P" | "H1" | "H2" | "Link")
            );
        let is_output_intent = dict.get(b"Type").ok().and_then(name).as_deref()
            == Some("OutputIntent")
            && role.as_deref() == Some("GTS_PDFA1");
        for (key, value) in dict.iter() {
            let key = String::from_utf8_lossy(key).into_owned();
            match key.as_str() {
                "JS" | "JavaScript" | "OpenAction" | "AA" | "Launch" | "EmbeddedFiles" => {
                    bad.push(format!("/{key}"))
                }
                "S" if !is_struct_elem
                    && !is_output_intent
                    && name(value).as_deref() != Some("URI") =>
                {
                    bad.push(format!("an action /S {:?}", name(value)))
                }
                "Subtype" if is_annot && name(value).as_deref() != Some("Link") => {
                    bad.push(format!("an annotation /Subtype {:?}", name(value)))
                }
                "URI" => match value {
                    Object::String(s, _) => uris.push(String::from_utf8_lossy(s).into_owned()),
                    other => bad.push(format!("/URI {other:?}")),
                },
                _ => {}
            }
            visit(value, uris, bad);
        }
    }

    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let mut uris = Vec::new();
    let mut bad = Vec::new();
    for object in doc.objects.values() {
        visit(object, &mut uris, &mut bad);
    }
    // And in the raw bytes, for what lopdf might not show.
    let raw = String::from_utf8_lossy(bytes);
    for needle in ["/JavaScript", "/JS", "/Launch", "/OpenAction"] {
        if raw.contains(needle) {
            bad.push(format!("the raw bytes hold {needle}"));
        }
    }
    for (at, _) in raw.match_indices("/URI") {
        let after = raw[at + 4..].trim_start();
        let target = after.strip_prefix('(').unwrap_or(after).trim_start();
        if target.to_ascii_lowercase().starts_with("javascript:") {
            let end = after.char_indices().nth(40).map_or(after.len(), |(i, _)| i);
            bad.push(format!("the raw bytes hold /URI{}", &after[..end]));
        }
    }
    uris.sort();
    (uris, bad)
}

#[test]
fn hostile_article_text_stays_text_in_the_pdf_report() {
    let f = hostile_fixture();
    let run = f.run(&["report", "--format", "pdf", "-o", "out.pdf"]);
    run.assert_code(0);
    let bytes = fs::read(f.path("out.pdf")).unwrap();
    let (text, flat) = pdf_text(&bytes);
    for needle in HOSTILE_STRINGS {
        assert!(flat.contains(needle), "{needle:?} is not in:\n{text}");
    }
    for needle in [
        "The form held <script>alert(1)</script>.",
        "The page linked [x](javascript:alert(1)).",
        "The minutes held {{title}} and {{{raw}}}.",
        "## heading | a | b | |---|---|",
        "“The table row | a | b | was pasted”",
    ] {
        assert!(flat.contains(needle), "{needle:?} is not in:\n{text}");
    }
    // Each claim's section starts with a heading: its verdict badge and its text, then its id
    // and claims.toml line in small print.
    for (id, verdict) in [
        ("script-tag", "SUPPORTED"),
        ("javascript-link", "DISPUTED"),
        ("template-marker", "UNVERIFIED"),
        ("heading-and-table", "UNVERIFIED"),
    ] {
        let headings = text
            .lines()
            .filter(|l| l.split_whitespace().next() == Some(verdict))
            .count();
        assert!(headings >= 1, "{verdict} as a heading in:\n{text}");
        let small_print = format!("{id} · claims.toml line");
        assert_eq!(
            flat.matches(&small_print).count(),
            1,
            "{small_print} in:\n{text}"
        );
    }
    let (uris, bad) = pdf_actions(&bytes);
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(uris, ["https://example.org/hostile"]);
}

/// A `javascript:` URL in `claims.toml` (a source's or the project's `url`) is shown as text,
/// not made a link.
#[test]
fn a_javascript_url_is_not_a_link_in_the_pdf_report() {
    let f = hostile_fixture();
    f.write(
        "claims.toml",
        HOSTILE_CLAIMS
            .replace(
                "url = \"https://example.org/hostile\"",
                "url = \"javascript:alert(2)\"",
            )
            .replace(
                "title = \"Hostile votes\"",
                "title = \"Hostile votes\"\nurl = \" JavaScript:alert(3)\"",
            ),
    );
    let run = f.run(&["report", "--format", "pdf", "-o", "out.pdf"]);
    run.assert_code(0);
    let bytes = fs::read(f.path("out.pdf")).unwrap();
    let (_, flat) = pdf_text(&bytes);
    assert!(flat.contains("javascript:alert(2)") && flat.contains("JavaScript:alert(3)"));
    let (uris, bad) = pdf_actions(&bytes);
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(uris.is_empty(), "{uris:?}");
}
