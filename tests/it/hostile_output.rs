//! Hostile text in what people and CI logs read (issue 18, item 6, the first line of 9 and the
//! last line of 10), each set up for real and run through the binary: control characters,
//! ESC and OSC-8 sequences, bidirectional controls, line separators, GitHub Actions workflow
//! commands (`::error ...` at the start of a line, `##[error]` anywhere) in file names, source
//! titles, claims.toml lines, quotes, claim texts and article lines; and 4,000 failing claims
//! for human `check`.
//!
//! What no output people or a CI log read may hold ([`assert_safe`]): a raw control (but the
//! line feeds of the output's own lines), DEL, C1 control, bidirectional control or line or
//! paragraph separator; `##[`; a line that starts with `::` after white space, other than the
//! commands of `check --format github` and annotate-snippets' `::: path` location lines.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_factcheck");

/// A forged workflow command, on a line of its own after a line break.
const FORGED: &str = "\n::error file=x.yml,line=1::FORGED";

struct Run {
    args: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn factcheck(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        args: args.join(" "),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

impl Run {
    #[track_caller]
    fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "factcheck {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Both outputs hold nothing a terminal or the Actions runner would act on.
    #[track_caller]
    fn assert_safe(&self) -> &Run {
        assert_safe(&self.args, "stdout", &self.stdout, false);
        assert_safe(&self.args, "stderr", &self.stderr, false);
        self
    }

    #[track_caller]
    fn assert_stdout_has(&self, needles: &[&str]) -> &Run {
        for needle in needles {
            assert!(
                self.stdout.contains(needle),
                "factcheck {}: {needle:?} not on standard output:\n{}",
                self.args,
                self.stdout
            );
        }
        self
    }
}

/// The characters never printed raw: C0 controls but the line feed, DEL, C1 controls, the
/// bidirectional controls, the line and paragraph separators.
fn forbidden(c: char) -> bool {
    (c < ' ' && c != '\n')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{61c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text`, an output of `factcheck args`, holds no raw [`forbidden`] character and no `##[`,
/// and none of its lines starts (after white space) with `::`, but annotate-snippets'
/// `::: path` lines and, with `commands`, the workflow commands `check --format github` writes
/// (one per line, on the claims file).
#[track_caller]
fn assert_safe(args: &str, name: &str, text: &str, commands: bool) {
    if let Some(c) = text.chars().find(|&c| forbidden(c)) {
        panic!("factcheck {args}: {name} holds a raw {c:?}:\n{text}");
    }
    assert!(
        !text.contains("##["),
        "factcheck {args}: {name} holds `##[`:\n{text}"
    );
    for line in text.lines() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with("::") || trimmed.starts_with("::: ") {
            continue;
        }
        let own = commands
            && (line.starts_with("::error file=claims.toml,line=")
                || line.starts_with("::warning file=claims.toml,line="));
        assert!(
            own,
            "factcheck {args}: a line of {name} starts with `::`: {line:?}\n{text}"
        );
    }
}

/// An article whose lines hold every payload: ESC colour codes, an OSC-8 link, U+202E and
/// U+202C, `##[error]`, a line that starts with a workflow command after spaces, U+2028, NEL
/// and a C1 CSI.
const ARTICLE: &str = "Budget report\n\n\
    The finance minister said the budget \u{1b}[31mwould rise\u{1b}[0m by ten percent \
    ##[error]FORGED next year, see \u{1b}]8;;http://x\u{1b}\\the plan\u{1b}]8;;\u{1b}\\ and \
    \u{202e}reversed\u{202c} text.\n\n   \
    ::error file=x.yml,line=1::FORGED article line about the budget minister.\n\n\
    Opposition leaders disputed\u{2028}the budget figures\u{85}and the minister\u{9b}31m claims.\n";

/// A claims file with the payloads in the project's and a declared source's title, in claim
/// texts (TOML escapes and a raw U+202E), in a comment, and in quotes: a near miss of the
/// article's hostile line (so that human `check` shows that line), a quote not found (its
/// workflow command is not the article's, so that it is not a near miss of that line), and a
/// claim without citations that `cite` finds the hostile line for. `@RLO@` stands for a raw
/// U+202E, which rustc does not take in a literal.
const CLAIMS: &str = r#"[project]
title = "Hostile \u202e ##[error] title"
sources = "src"

[sources.a]
file = "a.txt"
title = "Title\n::error file=x.yml,line=1::FORGED ##[error]t \u001b[31m"

# ##[error] in a comment line
[[claims]]
id = "near-miss"
text = "The budget rises ##[error] @RLO@ by ten percent."

[[claims.citations]]
source = "a"
quote = "The finance minister said the budget \u001b[31mwould grow\u001b[0m by ten percent ##[error]FORGED next year"

[[claims]]
id = "not-found"
text = "Claim \u202e two\n::error file=x.yml,line=1::FORGED"

[[claims.citations]]
source = "a"
quote = "nothing like this @RLO@ ##[warning]here\n::error::FORGED"  # ##[error] comment

[[claims]]
id = "uncited"
text = "The finance minister said the budget would rise by ten percent next year, see the plan."
"#;

fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/a.txt"), ARTICLE).unwrap();
    let claims = CLAIMS.replace("@RLO@", "\u{202e}");
    fs::write(dir.path().join("claims.toml"), claims).unwrap();
    dir
}

// --- 6: human check, github, search, cite, input errors, file names ---------------------------

/// Human `check` shows the claims.toml lines, the article line, messages, notes and help with
/// every payload escaped, visibly: `\u{1b}`, `\u{202e}`, `##\[`.
#[test]
fn human_check_shows_hostile_text_escaped() {
    let dir = hostile_project();
    factcheck(dir.path(), &["check"])
        .assert_code(1)
        .assert_safe()
        .assert_stdout_has(&[
            "error[quote-near-miss]",
            "error[quote-not-found]",
            // The article's line, escaped.
            "the budget \\u{1b}[31mwould rise\\u{1b}[0m by ten percent ##\\[error]FORGED",
            // The claims.toml lines: `##[` neutralised, the raw U+202E escaped.
            "quote = \"nothing like this \\u{202e} ##\\[warning]here",
            "# ##\\[error] comment",
        ]);
}

/// `search` lists the hostile passages escaped, each on one line.
#[test]
fn search_shows_hostile_passages_escaped() {
    let dir = hostile_project();
    for (text, shown) in [
        (
            "finance minister budget plan reversed",
            "a:3  The finance minister said the budget \\u{1b}[31mwould rise\\u{1b}[0m by ten \
             percent ##\\[error]FORGED next year, see \\u{1b}]8;;http://x\\u{1b}\\the \
             plan\\u{1b}]8;;\\u{1b}\\ and \\u{202e}reversed\\u{202c} text.\n",
        ),
        (
            "opposition leaders disputed figures",
            "a:7  Opposition leaders disputed\\u{2028}the budget figures\\u{85}and the \
             minister\\u{9b}31m claims.\n",
        ),
    ] {
        let run = factcheck(dir.path(), &["search", text, "--top", "1"]);
        run.assert_code(0).assert_safe();
        assert_eq!(run.stdout, shown, "{}", run.args);
    }
    // The text searched for is shown escaped too.
    factcheck(dir.path(), &["search", "zebra\u{1b}[31m\u{202e}##[error]"])
        .assert_code(0)
        .assert_safe();
}

/// `cite` prints the hostile passage as a quote in TOML escapes: valid TOML that holds the
/// article's text exactly, with nothing of it raw.
#[test]
fn cite_prints_hostile_quotes_as_toml_escapes() {
    let dir = hostile_project();
    let run = factcheck(dir.path(), &["cite"]);
    run.assert_code(0).assert_safe();
    let toml: toml::Table = toml::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("cite prints no valid TOML: {e}\n{}", run.stdout));
    let quote = toml["claims"]["citations"][0]["quote"].as_str().unwrap();
    assert!(ARTICLE.contains(quote), "{quote:?}");
    assert!(quote.contains("\u{1b}[31m") && quote.contains("##[error]"));
    assert!(run.stdout.contains("##\\u005Berror]"), "{}", run.stdout);
}

/// Input errors on standard error: a raw U+202E, U+2028, NEL, a C1 CSI and `##[` in a
/// claims.toml line (a TOML error that shows the line; a raw ESC makes the file "not text",
/// which is never shown), and a claim id holding a forged command, ESC and U+202E (an error
/// whose message quotes it).
#[test]
fn input_errors_show_hostile_lines_escaped() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/a.txt"), ARTICLE).unwrap();
    fs::write(
        dir.path().join("raw.toml"),
        "[project]\nsources = \"src\"\ntitle = \"\u{9b}31mred \u{202e} \u{2028}\u{85}##[error]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("id.toml"),
        "[project]\ntitle = \"t\"\nsources = \"src\"\n\n[[claims]]\n\
         id = \"a\\n::error file=x.yml,line=1::FORGED ##[error] \\u001b[31m \\u202e\"\n\
         text = \"x\"\n",
    )
    .unwrap();
    for (claims, shown) in [
        (
            "raw.toml",
            "title = \"\\u{9b}31mred \\u{202e} \\u{2028}\\u{85}##\\[error]",
        ),
        (
            "id.toml",
            "a\\u{a}::error file=x.yml,line=1::FORGED ##\\[error] \\u{1b}[31m \\u{202e}",
        ),
    ] {
        let run = factcheck(dir.path(), &["--claims", claims, "check"]);
        run.assert_code(2).assert_safe();
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(
            run.stderr.contains(shown),
            "{shown:?} not in:\n{}",
            run.stderr
        );
    }
}

/// A project whose sources folder holds files named with a line break and a forged command,
/// a forged command at the start, U+202E, ESC and OSC-8, and `##[`; a claim cites an unknown
/// source (`check` lists the known ones), another has no citation (`cite` proposes one).
fn hostile_names_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    fs::create_dir(&src).unwrap();
    let names = [
        format!("b{FORGED}.txt"),
        "::error file=x.yml,line=1::leading.txt".to_string(),
        "c\u{202e}txt.exe.txt".to_string(),
        // OSC-8 ended by BEL: a backslash is refused in a source's name.
        "d\u{1b}[31mred\u{1b}]8;;http:x\u{7}.txt".to_string(),
        "e##[error].txt".to_string(),
    ];
    for (i, name) in names.iter().enumerate() {
        fs::write(
            src.join(name),
            format!("Zebra news {i}\n\nZebras crossed the river at dawn, the ranger said.\n"),
        )
        .unwrap();
    }
    fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"t\"\nsources = \"src\"\n\n\
         [[claims]]\nid = \"unknown\"\ntext = \"Zebras crossed the river.\"\n\n\
         [[claims.citations]]\nsource = \"nope\"\nquote = \"crossed the river at dawn\"\n\n\
         [[claims]]\nid = \"uncited\"\ntext = \"Zebras crossed the river at dawn, the ranger said.\"\n",
    )
    .unwrap();
    dir
}

/// Whether discovery takes the hostile names as source ids or skips or refuses them, nothing
/// of them reaches any output raw: `check` lists them among the known sources, `search` and
/// `cite` show their ids, the Markdown report their file names, errors and warnings name them.
#[test]
fn file_names_with_commands_and_controls_reach_no_output_raw() {
    let dir = hostile_names_project();
    for args in [
        &["check"][..],
        &["search", "zebras river dawn ranger"],
        &["cite"],
        &["report", "--format", "md"],
        &["lock"],
    ] {
        factcheck(dir.path(), args).assert_safe();
    }
}

/// `check --format github` writes one command per finding, and nothing else: the names in
/// its messages (the known sources of an unknown-source finding) are escaped, no line break
/// of their own, no `##[`, no control.
#[test]
fn github_check_writes_only_its_own_commands() {
    let dir = hostile_names_project();
    let run = factcheck(dir.path(), &["check", "--format", "github"]);
    assert_safe(&run.args, "stdout", &run.stdout, true);
    assert_safe(&run.args, "stderr", &run.stderr, false);
    if run.code == Some(1) {
        assert!(run.stdout.contains("e##\\[error]"), "{}", run.stdout);
    }
}

// --- 10: U+202E in claim text reaches report.md raw -------------------------------------------

/// The Markdown report holds no raw bidirectional control or control character: claim texts,
/// titles and quotes carry them as character references (`&#x202E;`). The "wrote" lines on
/// standard error show a hostile output name escaped.
#[test]
fn the_markdown_report_holds_no_raw_bidi_control() {
    let dir = hostile_project();
    let run = factcheck(dir.path(), &["report", "--format", "md"]);
    run.assert_code(0).assert_safe();
    run.assert_stdout_has(&["The budget rises \\#\\#\\[error\\] &#x202E; by ten percent."]);
    let name = "r\u{1b}[31m\u{202e}.md";
    let run = factcheck(dir.path(), &["report", "--output", &format!("md={name}")]);
    run.assert_code(0).assert_safe();
    // The report's warning about its failing citations (issue 17) follows the file's name.
    assert_eq!(
        run.stderr,
        "wrote r\\u{1b}[31m\\u{202e}.md\nwarning: 2 of 2 citations do not hold; `factcheck check` shows where and how to fix them\n"
    );
    let written = fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(!written.chars().any(forbidden), "{written}");
    assert!(written.contains("Claim &#x202E; two"), "{written}");
}

// --- 9: human check is linear in the number of failures ----------------------------------------

/// 4,000 failing claims: human `check` took 19.6 s in the issue's release build (10.6 s here;
/// 41 s in this debug build), quadratic in the failures, as each finding gave annotate-snippets
/// the whole claims file. It shows only the lines each finding marks now, and takes well under
/// a second. The bound is generous, for a debug build on a busy machine.
#[test]
fn human_check_of_four_thousand_failures_is_fast() {
    const CLAIMS: usize = 4000;
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(
        dir.path().join("src/a.txt"),
        "The minister said the budget would rise next year.\n",
    )
    .unwrap();
    let mut claims = String::from("[project]\ntitle = \"many\"\nsources = \"src\"\n");
    for i in 0..CLAIMS {
        claims.push_str(&format!(
            "\n[[claims]]\nid = \"c{i}\"\ntext = \"Claim {i}\"\n\n[[claims.citations]]\n\
             source = \"a\"\nquote = \"nothing like this at all {i}\"\n"
        ));
    }
    fs::write(dir.path().join("claims.toml"), claims).unwrap();
    let start = Instant::now();
    let run = factcheck(dir.path(), &["check"]);
    let took = start.elapsed();
    run.assert_code(1);
    assert!(
        run.stdout.ends_with(&format!(
            // One finding per failing quote: no too-few-sources besides (issue 17, item 3).
            "failed: {CLAIMS} claims of {CLAIMS} failed ({CLAIMS} errors, 0 warnings)\n"
        )),
        "{}",
        &run.stdout[run.stdout.len().saturating_sub(300)..]
    );
    assert_eq!(run.stdout.matches("error[quote-not-found]").count(), CLAIMS);
    assert!(
        took < Duration::from_secs(20),
        "human check of {CLAIMS} failing claims took {took:?}"
    );
    // The last claim's line is shown with its number, as the first one's.
    let last = 11 + 8 * (CLAIMS - 1);
    assert!(
        run.stdout.contains(&format!(
            "{last} | quote = \"nothing like this at all {}\"",
            CLAIMS - 1
        )),
        "line {last}"
    );
}

/// The seeds' human check output is the same with or without the fast path: it is checked byte
/// for byte by scripts/snapshot-outputs.sh; here, that a claims file with CRLF lines and a
/// multi-line quote shows its lines as before.
#[test]
fn human_check_shows_crlf_and_multi_line_quotes_whole() {
    let (dir, _) = common::edited_seeds_project(|text| {
        let text = text.replacen(
            "quote = \"Microsoft’s recent decision",
            "quote = \"\"\"\nnot the words\nof the source\"\"\"\n\n[[claims.citations]]\nsource = \"amnesty\"\nquote = \"Microsoft’s recent decision",
            1,
        );
        text.replace('\n', "\r\n")
    });
    let run = factcheck(dir.path(), &["check"]);
    run.assert_code(1).assert_safe();
    run.assert_stdout_has(&[
        "  --> claims.toml:58:9\n   |\n58 |   quote = \"\"\"\n   |  _________^\n\
         59 | | not the words\n60 | | of the source\"\"\"\n   | |________________^ not in amnesty\n",
    ]);
}
