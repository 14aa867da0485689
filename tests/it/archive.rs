//! The PostgreSQL archive (`factcheck index`, `--database`): the same results as the
//! in-memory index, incremental indexing, a killed indexing run, a server that goes away,
//! and the errors in words.
//!
//! These tests need a server: FACTCHECK_TEST_DATABASE is the URL of a role that may create
//! databases (`scripts/pg-local.sh` starts one). Without it they say they were skipped and
//! pass; with FACTCHECK_REQUIRE_DATABASE=1 (as `.ci/run` sets it) a missing server fails them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::seeds_project;
use crate::run::factcheck;

/// A database of its own for one test, dropped and made again: its URL.
fn database(name: &str) -> Option<String> {
    let Ok(admin) = std::env::var("FACTCHECK_TEST_DATABASE") else {
        if std::env::var("FACTCHECK_REQUIRE_DATABASE").is_ok_and(|v| v == "1") {
            panic!("FACTCHECK_REQUIRE_DATABASE=1 but FACTCHECK_TEST_DATABASE is not set");
        }
        eprintln!(
            "skipped archive::{name}: FACTCHECK_TEST_DATABASE is not set (scripts/pg-local.sh starts a server)"
        );
        return None;
    };
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to FACTCHECK_TEST_DATABASE: {e}"));
    let db = format!("factcheck_test_{name}");
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap();
    let (base, _) = admin.rsplit_once('/').expect("a URL ending in /DATABASE");
    Some(format!("{base}/{db}"))
}

fn sql(url: &str, statement: &str) -> Vec<postgres::Row> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.query(statement, &[]).unwrap()
}

/// The terms' counts are what the postings add up to, and no term is left without postings.
fn assert_counts_consistent(url: &str) {
    let wrong: i64 = sql(
        url,
        "SELECT count(*) FROM factcheck_terms t WHERE t.rows = 0
            OR t.rows <> (SELECT count(*) FROM factcheck_postings p WHERE p.tid = t.tid)
            OR t.passages <> (SELECT COALESCE(sum(p.passages), 0) FROM factcheck_postings p WHERE p.tid = t.tid)",
    )[0]
    .get(0);
    assert_eq!(wrong, 0, "terms whose counts are not their postings'");
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The JSON report, `check`'s output and a search, in memory and against the archive.
fn assert_same_from_both(dir: &Path, url: &str, query: &str) {
    let db = ["--database", url];
    let with =
        |args: &[&str]| -> Vec<String> { db.iter().chain(args).map(|s| s.to_string()).collect() };
    for args in [
        vec!["report", "--format", "json"],
        vec!["check", "--format", "json"],
        vec!["search", query],
    ] {
        let memory = factcheck(dir, &args);
        let archived = with(&args);
        let archived: Vec<&str> = archived.iter().map(String::as_str).collect();
        let archive = factcheck(dir, &archived);
        assert_eq!(
            memory.status.code(),
            archive.status.code(),
            "{args:?}: {}",
            stderr(&archive)
        );
        assert!(!memory.stdout.is_empty(), "{args:?} printed nothing");
        assert!(
            memory.stdout == archive.stdout,
            "{args:?} differs between the in-memory index and the archive"
        );
    }
}

#[test]
fn the_seeds_give_byte_identical_results_from_the_archive() {
    let Some(url) = database("seeds") else { return };
    let project = seeds_project();
    let dir = project.path();
    let out = factcheck(dir, &["--database", &url, "index"]);
    assert!(ok(&out).contains("5 added"), "{}", stderr(&out));
    assert_same_from_both(dir, &url, "data centre in the Netherlands");
    // A second run over the unchanged folder does no work, and says so.
    let out = factcheck(dir, &["--database", &url, "index"]);
    assert!(
        ok(&out).contains("up to date: 5 sources, nothing to do"),
        "{}",
        stderr(&out)
    );
}

/// A project of `n` generated articles (a seeded generator over the seeds' own words) and
/// claims that quote them, misquote them and cite the wrong one.
fn generated_project(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds = crate::common::repo().join("seeds");
    let mut words: Vec<String> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        words.extend(
            text.split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                .filter(|w| !w.is_empty()),
        );
    }
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let sources = dir.path().join("articles");
    std::fs::create_dir(&sources).unwrap();
    let mut sentences: Vec<(usize, String)> = Vec::new();
    for i in 0..n {
        let mut text = String::new();
        let title: Vec<&str> = (0..6).map(|_| words[next(words.len())].as_str()).collect();
        text.push_str(&title.join(" "));
        text.push_str("\n\n");
        for _ in 0..(3 + next(4)) {
            let mut paragraph = Vec::new();
            for _ in 0..(2 + next(3)) {
                let len = 8 + next(14);
                let start = next(words.len() - len);
                let sentence = format!("{}.", words[start..start + len].join(" "));
                if sentences.len() < 400 && next(6) == 0 {
                    sentences.push((i, sentence.clone()));
                }
                paragraph.push(sentence);
            }
            text.push_str(&paragraph.join(" "));
            text.push_str("\n\n");
        }
        std::fs::write(sources.join(format!("a{i:05}.txt")), text).unwrap();
    }
    let mut claims = String::from("[project]\ntitle = \"Generated\"\nsources = \"articles\"\n\n");
    for (k, (i, sentence)) in sentences.iter().take(60).enumerate() {
        let quote = sentence.trim_end_matches('.');
        let (source, quote) = match k % 4 {
            // Cited to the wrong article: found elsewhere by searching the archive.
            1 => (format!("a{:05}", (i + 1) % n), quote.to_string()),
            // Misquoted: a word dropped.
            2 => (
                format!("a{i:05}"),
                quote
                    .split(' ')
                    .enumerate()
                    .filter(|(j, _)| *j != 3)
                    .map(|(_, w)| w)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => (format!("a{i:05}"), quote.to_string()),
        };
        claims.push_str(&format!(
            "[[claims]]\nid = \"c{k}\"\ntext = {:?}\n\n[[claims.citations]]\nsource = \"{source}\"\nquote = {:?}\n\n",
            sentence, quote
        ));
    }
    std::fs::write(dir.path().join("claims.toml"), claims).unwrap();
    dir
}

#[test]
fn a_generated_thousand_source_archive_gives_byte_identical_results() {
    let Some(url) = database("thousand") else {
        return;
    };
    let project = generated_project(1000);
    let dir = project.path();
    let out = factcheck(dir, &["--database", &url, "index"]);
    assert!(ok(&out).contains("1000 added"), "{}", stderr(&out));
    assert_same_from_both(dir, &url, "military surveillance data");
    // The wrong-source citations were found in their real article, through the archive.
    let report = factcheck(dir, &["--database", &url, "report", "--format", "json"]);
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    assert!(
        report.contains("\"wrong-source\""),
        "no wrong-source citation found"
    );
}

#[test]
fn reindexing_adds_the_new_source_re_indexes_the_changed_and_drops_the_removed() {
    let Some(url) = database("incremental") else {
        return;
    };
    let project = generated_project(40);
    let dir = project.path();
    ok(&factcheck(dir, &["--database", &url, "index"]));
    let articles = dir.join("articles");
    let changed = articles.join("a00003.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("A paragraph added later about the archive.\n");
    std::fs::write(&changed, text).unwrap();
    std::fs::write(
        articles.join("new.txt"),
        "A new article\n\nIt says something new about the archive.\n",
    )
    .unwrap();
    std::fs::remove_file(articles.join("a00039.txt")).unwrap();
    // The claims must not cite the removed article.
    let claims = std::fs::read_to_string(dir.join("claims.toml")).unwrap();
    std::fs::write(dir.join("claims.toml"), claims.replace("a00039", "a00038")).unwrap();

    let out = factcheck(dir, &["--database", &url, "index"]);
    let said = ok(&out);
    assert!(
        said.contains("1 added, 1 changed, 1 removed, 38 unchanged"),
        "{said}"
    );
    assert_counts_consistent(&url);
    let out = factcheck(dir, &["--database", &url, "index"]);
    assert!(ok(&out).contains("nothing to do"), "{}", stderr(&out));
    assert_same_from_both(dir, &url, "something new about the archive");
    let rows = sql(
        &url,
        "SELECT count(*) FROM factcheck_sources WHERE file = 'a00039.txt'",
    );
    assert_eq!(rows[0].get::<_, i64>(0), 0);
}

#[test]
fn a_cited_source_is_read_from_the_archive_when_its_file_is_gone() {
    let Some(url) = database("nofiles") else {
        return;
    };
    let project = seeds_project();
    let dir = project.path();
    ok(&factcheck(dir, &["--database", &url, "index"]));
    let memory = factcheck(dir, &["report", "--format", "json"]);
    std::fs::rename(dir.join("seeds"), dir.join("elsewhere")).unwrap();
    // A CI job with claims.toml and the database only.
    let archive = factcheck(dir, &["--database", &url, "report", "--format", "json"]);
    ok(&archive);
    assert!(
        memory.stdout == archive.stdout,
        "the report differs without the files"
    );
    let check = factcheck(dir, &["--database", &url, "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_killed_indexing_run_leaves_the_archive_consistent_and_the_next_run_finishes_it() {
    let Some(url) = database("killed") else {
        return;
    };
    let project = generated_project(3000);
    let dir = project.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .args(["--database", &url, "index"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a first batch is in, with more to come.
    let started = Instant::now();
    loop {
        let n: i64 = postgres::Client::connect(&url, postgres::NoTls)
            .ok()
            .and_then(|mut c| {
                c.query_one("SELECT count(*) FROM factcheck_sources", &[])
                    .ok()
            })
            .map_or(0, |r| r.get(0));
        if n > 0 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let indexed: i64 = sql(&url, "SELECT count(*) FROM factcheck_sources")[0].get(0);
    assert!(
        indexed > 0 && indexed < 3000,
        "killed after {indexed} sources"
    );
    // Every source is wholly indexed or not at all: each one's postings are all there.
    let half: i64 = sql(
        &url,
        "SELECT count(*) FROM factcheck_sources s WHERE NOT EXISTS (SELECT 1 FROM factcheck_postings p WHERE p.sid = s.sid)",
    )[0]
    .get(0);
    assert_eq!(half, 0, "sources without postings after the kill");
    assert_counts_consistent(&url);
    let out = factcheck(dir, &["--database", &url, "index"]);
    let said = ok(&out);
    assert!(
        said.contains(&format!(
            "{} added, 0 changed, 0 removed, {indexed} unchanged",
            3000 - indexed
        )),
        "{said}"
    );
    let memory = factcheck(dir, &["report", "--format", "json"]);
    let archive = factcheck(dir, &["--database", &url, "report", "--format", "json"]);
    assert!(
        memory.stdout == archive.stdout,
        "the report differs after the resumed run"
    );
}

/// A proxy to the server that cuts every connection once it has passed `budget` bytes
/// from the server: a server that goes away mid-run.
fn cutting_proxy(target: &str, budget: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let target = target.to_string();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            let (mut c_read, mut s_write) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = c_read.read(&mut buf) {
                    if n == 0 || s_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            });
            let (mut s_read, mut c_write) = (server, client);
            std::thread::spawn(move || {
                let mut passed = 0;
                let mut buf = [0u8; 8192];
                while let Ok(n) = s_read.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let n = n.min(budget.saturating_sub(passed));
                    if n == 0 || c_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    passed += n;
                }
                let _ = c_write.shutdown(std::net::Shutdown::Both);
                let _ = s_read.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    port
}

/// host:port of a postgres://user:password@host:port/db URL.
fn host_port(url: &str) -> String {
    let after = url.split_once('@').map_or(url, |(_, a)| a);
    let hp = after.split('/').next().unwrap();
    if hp.contains(':') {
        hp.to_string()
    } else {
        format!("{hp}:5432")
    }
}

fn through(url: &str, port: u16) -> String {
    url.replace(&host_port(url), &format!("127.0.0.1:{port}"))
}

#[test]
fn a_server_that_goes_away_mid_run_is_an_error_in_words_and_nothing_is_written() {
    let Some(url) = database("goes_away") else {
        return;
    };
    let project = generated_project(300);
    let dir = project.path();
    ok(&factcheck(dir, &["--database", &url, "index"]));
    // Enough for the handshake and the schema check, not for the listing of the sources.
    let port = cutting_proxy(&host_port(&url), 12 * 1024);
    let started = Instant::now();
    let out = factcheck(
        dir,
        &[
            "--database",
            &through(&url, port),
            "report",
            "--format",
            "json",
            "-o",
            "out.json",
        ],
    );
    assert!(started.elapsed() < Duration::from_secs(30), "it hung");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("closed the connection while"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(
        !dir.join("out.json").exists(),
        "a partial output was written"
    );
}

#[test]
fn connection_failures_and_an_old_schema_are_errors_in_words() {
    let Some(url) = database("errors") else {
        return;
    };
    let project = seeds_project();
    let dir = project.path();
    // Nothing listens: refused at once.
    let free = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let out = factcheck(dir, &["--database", &through(&url, port), "check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is unreachable: connection refused"),
        "{}",
        stderr(&out)
    );

    // A wrong password, which never shows.
    let wrong = url.replacen(":factcheck@", ":not-the-password@", 1);
    if wrong != url {
        let out = factcheck(dir, &["--database", &wrong, "check"]);
        let said = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains("authentication failed"), "{said}");
        assert!(!said.contains("not-the-password"), "{said}");
    }

    // A server that accepts and says nothing: the connect timeout, not a hang.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let started = Instant::now();
    let out = factcheck(dir, &["--database", &through(&url, port), "check"]);
    assert!(started.elapsed() < Duration::from_secs(20), "it hung");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did not answer within 10 s"),
        "{}",
        stderr(&out)
    );
    drop(silent);

    // An empty database, then one of an older schema.
    let out = factcheck(dir, &["--database", &url, "check"]);
    assert!(
        stderr(&out).contains("holds no factcheck archive"),
        "{}",
        stderr(&out)
    );
    ok(&factcheck(dir, &["--database", &url, "index"]));
    sql(
        &url,
        "UPDATE factcheck_meta SET value = '0' WHERE key = 'schema_version'",
    );
    let out = factcheck(dir, &["--database", &url, "check"]);
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(
        said.contains("schema version 0, too old") && said.contains("factcheck index --migrate"),
        "{said}"
    );
    let out = factcheck(dir, &["--database", &url, "index"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "index without --migrate must refuse"
    );
    ok(&factcheck(dir, &["--database", &url, "index", "--migrate"]));
    let out = factcheck(dir, &["--database", &url, "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_database_comes_from_an_environment_variable_never_a_password_in_the_file() {
    let project = seeds_project();
    let dir = project.path();
    let claims = dir.join("claims.toml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(
        &claims,
        format!("{text}\n[index]\ndatabase = \"postgres://u:secret@127.0.0.1/x\"\n"),
    )
    .unwrap();
    let out = factcheck(dir, &["check"]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("holds a password") && said.contains("claims.toml:"),
        "{said}"
    );
    assert!(!said.contains("secret@"), "{said}");

    std::fs::write(
        &claims,
        format!("{text}\n[index]\ndatabase = {{ env = \"FACTCHECK_TEST_UNSET_VARIABLE\" }}\n"),
    )
    .unwrap();
    let out = factcheck(dir, &["check"]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("FACTCHECK_TEST_UNSET_VARIABLE, which is not set"),
        "{said}"
    );

    let Some(url) = database("from_env") else {
        return;
    };
    ok(&factcheck(dir, &["--database", &url, "index"]));
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("FACTCHECK_TEST_UNSET_VARIABLE", &url)
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
