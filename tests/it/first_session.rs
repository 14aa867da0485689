//! Issue 17, a journalist's first session: the rough edges met on excerpts of BBC articles
//! about the Guantanamo Britons (`tests/fixtures/guantanamo/`), each as the user met it,
//! through the binary.

use crate::common;

use std::process::{Command, Output};

use crate::run::factcheck;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Whether `text` starts with a quotation mark followed by white space, or ends with one
/// after white space that opens no quote in it: a mark of the sentence next to it.
fn stray_quote_mark(text: &str) -> bool {
    let mark = |c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}');
    let mut chars = text.chars();
    let starts = chars.next().is_some_and(mark) && chars.next().is_some_and(char::is_whitespace);
    let mut back = text.chars().rev();
    let ends = back.next().is_some_and(mark)
        && back.next().is_some_and(char::is_whitespace)
        && text.matches('"').count().is_multiple_of(2);
    starts || ends
}

#[test]
fn cite_proposes_no_quote_mark_of_the_next_sentence() {
    let dir = common::fixture_project("guantanamo");
    let out = factcheck(dir.path(), &["cite", "--claim", "tutu-unacceptable"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let toml = stdout(&out);
    let quotes: Vec<String> = toml
        .lines()
        .filter_map(|l| l.strip_prefix("quote = "))
        .map(|q| {
            toml::from_str::<toml::Value>(&format!("q = {q}")).unwrap()["q"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(!quotes.is_empty(), "{toml}");
    assert!(
        quotes
            .iter()
            .any(|q| q.contains("It is utterly unacceptable.")),
        "{toml}"
    );
    for quote in &quotes {
        assert!(!stray_quote_mark(quote), "{quote:?} in\n{toml}");
        assert!(!quote.ends_with(". \""), "{quote:?}");
    }
}

#[test]
fn search_lists_no_passage_starting_with_the_last_sentences_quote_mark() {
    let dir = common::fixture_project("guantanamo");
    let out = factcheck(
        dir.path(),
        &[
            "search",
            "The US government denied the claims",
            "--top",
            "20",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing = stdout(&out);
    assert!(
        listing.contains("bbc-politics-100:5  The US government denied the claims, saying it condemned and prohibited torture.\n"),
        "{listing}"
    );
    for line in listing.lines() {
        let (_, passage) = line.split_once("  ").unwrap();
        assert!(!stray_quote_mark(passage), "{line}");
    }
}

/// The fixture with one more claim, `extra` (a `[[claims]]` table and its citations).
fn with_claim(extra: &str) -> tempfile::TempDir {
    let dir = common::fixture_project("guantanamo");
    let path = dir.path().join("claims.toml");
    let mut claims = std::fs::read_to_string(&path).unwrap();
    claims.push_str(extra);
    std::fs::write(&path, claims).unwrap();
    dir
}

/// The excerpt of source line `line` that human `check` shows after `::: PATH:LINE:COL`, and
/// the text its marker line underlines.
fn excerpt_and_mark(out: &str, line: usize) -> (String, String) {
    let lines: Vec<&str> = out.lines().collect();
    let prefix = format!("{line} | ");
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no excerpt of line {line} in\n{out}"));
    let shown = lines[at];
    let text_at = shown.find(" | ").unwrap() + 3;
    let marks = &lines[at + 1];
    let from = marks.find('-').unwrap();
    let to = marks.rfind('-').unwrap() + 1;
    let chars: Vec<char> = shown.chars().collect();
    assert!(shown.is_ascii(), "{shown}");
    let marked: String = chars[from..to].iter().collect();
    (chars[text_at..].iter().collect(), marked)
}

/// Every white-space-delimited word of `excerpt` but its "..." is a whole word of `source`.
fn assert_whole_words(excerpt: &str, source: &str) {
    let words: std::collections::HashSet<&str> = source.split_whitespace().collect();
    for word in excerpt.split_whitespace().filter(|w| *w != "...") {
        assert!(words.contains(word), "{word:?} is cut, in {excerpt:?}");
    }
}

#[test]
fn check_marks_the_quote_in_the_source_and_cuts_the_excerpt_at_white_space() {
    let quote = "The rule of law is in order to ensure that those who have power don't use their power arbitrarily";
    let dir = with_claim(&format!(
        "\n[[claims]]\nid = \"rule-of-law\"\ntext = \"Tutu said the rule of law stops the powerful using power arbitrarily.\"\n\n[[claims.citations]]\nsource = \"bbc-politics-100\"\nquote = \"{quote}\"\n"
    ));
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[wrong-source]"), "{text}");
    assert!(
        text.contains(" ::: sources/bbc-politics-205.txt:5:406\n")
            || text.contains(" ::: ./sources/bbc-politics-205.txt:5:406\n"),
        "{text}"
    );
    let source = std::fs::read_to_string(dir.path().join("sources/bbc-politics-205.txt")).unwrap();
    let paragraph = source.lines().nth(4).unwrap();
    let (excerpt, marked) = excerpt_and_mark(&text, 5);
    // The quote's own words, not the rest of the paragraph.
    assert_eq!(marked, quote, "{text}");
    assert_whole_words(&excerpt, paragraph);
}

#[test]
fn a_near_miss_marks_the_closest_words_and_a_long_span_keeps_whole_words() {
    let dir = with_claim(concat!(
        "\n[[claims]]\nid = \"tutu-totally\"\ntext = \"Tutu called the detentions totally unacceptable.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"It is totally unacceptable\"\n\n",
        "[[claims]]\nid = \"long-quote\"\ntext = \"Tutu said the rule of law protects everyone until proven guilty.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-100\"\n",
        "quote = \"The rule of law is in order to ensure that those who have power don't use their power arbitrarily and every person retains their human rights until you have proven conclusively that so-and-so is in fact guilty.\"\n",
    ));
    let out = factcheck(dir.path(), &["check"]);
    let text = stdout(&out);
    let source = std::fs::read_to_string(dir.path().join("sources/bbc-politics-205.txt")).unwrap();
    let paragraph = source.lines().nth(4).unwrap();
    let near = &text[text.find("error[quote-near-miss]").expect(&text)..];
    let (excerpt, marked) = excerpt_and_mark(near, 5);
    assert_eq!(marked, "It is utterly unacceptable", "{near}");
    assert_whole_words(&excerpt, paragraph);
    // A quote wider than the excerpt: its first and last words, whole, around a "...".
    let long = &text[text.find("claim \"long-quote\" is not in").expect(&text)..];
    let (excerpt, marked) = excerpt_and_mark(long, 5);
    assert!(marked.starts_with("The rule of law"), "{long}");
    assert!(marked.ends_with("is in fact guilty."), "{marked:?} {long}");
    assert!(marked.contains(" ... "), "{long}");
    assert_whole_words(&excerpt, paragraph);
    assert!(excerpt.chars().count() <= 110, "{excerpt}");
}

/// The real misquote: four words changed in sixteen. `check` shows the closest
/// passage, where it is, and the word diff, and the diff stops at the end of the source's
/// sentence.
#[test]
fn a_real_misquote_shows_its_closest_passage_and_an_unrelated_quote_does_not() {
    let dir = with_claim(concat!(
        "\n[[claims]]\nid = \"tutu-totally-opposed\"\ntext = \"Tutu said he opposed arbitrary detention, even in the UK.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\n",
        "quote = \"I am totally opposed to any arbitrary detention that is going on, even in the UK\"\n\n",
        "[[claims]]\nid = \"cheese\"\ntext = \"The moon is cheese.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"The moon is made of green cheese and always was\"\n",
    ));
    let out = factcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(rules_of(&out, "tutu-totally-opposed"), ["quote-near-miss"]);
    assert_eq!(rules_of(&out, "cheese"), ["quote-not-found"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = |claim: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["claim"] == claim)
            .unwrap()
            .clone()
    };
    let near = finding("tutu-totally-opposed");
    assert_eq!(near["source_place"]["line"], 7, "{near}");
    assert_eq!(near["source_place"]["column"], 51, "{near}");
    let runs: Vec<(String, String)> = near["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["op"].as_str().unwrap().into(),
                r["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    let run = |op: &str, text: &str| (op.to_string(), text.to_string());
    assert!(runs.contains(&run("delete", "totally")), "{runs:?}");
    assert!(runs.contains(&run("delete", "going on")), "{runs:?}");
    assert!(runs.contains(&run("insert", "happening")), "{runs:?}");
    // The source's sentence ends at "Britain.": the next one is not part of the diff.
    assert_eq!(runs.last(), Some(&run("insert", "Britain")), "{runs:?}");
    let not_found = finding("cheese");
    assert!(
        not_found.get("source_place").is_none_or(|p| p.is_null()),
        "{not_found}"
    );
    let notes = not_found["notes"].to_string();
    assert!(
        notes.contains("of its words in common with the quote"),
        "{notes}"
    );
    // The report carries how close each one came.
    let report = factcheck(dir.path(), &["report", "--format", "json", "--top", "0"]);
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let similarity = |claim: &str| {
        let c = report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == claim)
            .unwrap();
        c["citations"][0]["similarity"].as_f64().unwrap()
    };
    assert!(similarity("tutu-totally-opposed") >= 0.6);
    assert!(similarity("cheese") < 0.6);
}

#[test]
fn a_quoted_date_gets_the_hint_to_write_it_without_quotes() {
    let dir = common::fixture_project("guantanamo");
    let path = dir.path().join("claims.toml");
    let claims = std::fs::read_to_string(&path).unwrap();
    let quoted = claims.replace("published = 2005-02-20", "published = \"2005-02-20\"");
    assert_ne!(claims, quoted);
    std::fs::write(&path, quoted).unwrap();
    let out = factcheck(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("claims.toml:13:13"), "{err}");
    assert!(
        err.contains("help: write the date without quotes: published = 2005-02-20"),
        "{err}"
    );
    assert!(!err.contains("strings in double quotes"), "{err}");
}

#[test]
fn check_and_report_take_claim_tag_and_verdict_filters() {
    let dir = common::fixture_project("guantanamo");
    // The whole project fails: "tutu-unacceptable" cites nothing.
    assert_eq!(factcheck(dir.path(), &["check"]).status.code(), Some(1));
    let out = factcheck(dir.path(), &["check", "--claim", "tutu-opposed"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "ok: 1 claim checked, all citations hold\n");
    // Repeatable: any of the values; different options: each of them.
    let out = factcheck(
        dir.path(),
        &[
            "check",
            "--claim",
            "tutu-opposed",
            "--claim",
            "tutu-unacceptable",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("1 claim of 2 failed"),
        "{}",
        stdout(&out)
    );
    let out = factcheck(dir.path(), &["check", "--tag", "mubanga", "--tag", "us"]);
    assert_eq!(stdout(&out), "ok: 2 claims checked, all citations hold\n");
    let out = factcheck(
        dir.path(),
        &["check", "--tag", "tutu", "--verdict", "supported"],
    );
    assert!(
        stdout(&out).contains("1 claim of 3 failed"),
        "{}",
        stdout(&out)
    );
    let out = factcheck(
        dir.path(),
        &["check", "--format", "json", "--claim", "us-denied"],
    );
    assert_eq!(out.status.code(), Some(0));
    // The report: only the selected claims.
    let out = factcheck(
        dir.path(),
        &["report", "--format", "json", "--tag", "mubanga"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mubanga-sue", "us-denied"]);
    assert_eq!(json["summary"]["claims"], 2);
}

#[test]
fn an_unknown_claim_id_or_tag_is_a_clear_error() {
    let dir = common::fixture_project("guantanamo");
    for command in ["check", "report"] {
        let out = factcheck(dir.path(), &[command, "--claim", "tutu-oposed"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = stderr(&out);
        assert!(
            err.contains("--claim tutu-oposed: no claim in claims.toml has this id"),
            "{err}"
        );
        assert!(err.contains("did you mean --claim tutu-opposed?"), "{err}");
        assert!(!err.contains("unexpected argument"), "{err}");
        let out = factcheck(dir.path(), &[command, "--tag", "tutuu"]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains("--tag tutuu: no claim in claims.toml has this tag"),
            "{err}"
        );
        assert!(err.contains("\"mubanga\", \"tutu\", \"us\""), "{err}");
        let out = factcheck(dir.path(), &[command, "--verdict", "true-ish"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("a verdict is one of: supported"),
            "{}",
            stderr(&out)
        );
    }
    // Report writes nothing then.
    assert!(!dir.path().join("report.pdf").exists());
}

#[test]
fn quiet_prints_only_what_fails() {
    let dir = common::fixture_project("guantanamo");
    let passing = factcheck(dir.path(), &["check", "--quiet", "--tag", "mubanga"]);
    assert_eq!(passing.status.code(), Some(0));
    assert_eq!(stdout(&passing), "");
    assert_eq!(stderr(&passing), "");
    // A warning (two sources wanted) and an error: only the error.
    let out = factcheck(
        dir.path(),
        &["check", "-q", "--min-sources", "2", "--tag", "tutu"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[no-citation]"), "{text}");
    assert!(!text.contains("warning["), "{text}");
    // The summary line still counts every finding.
    assert!(
        text.ends_with("\n\nfailed: 1 claim of 3 failed (1 error, 2 warnings)\n"),
        "{text}"
    );
    // Report: no "wrote" lines.
    let out = factcheck(
        dir.path(),
        &["report", "--quiet", "--format", "md", "-o", "out.md"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
    assert!(dir.path().join("out.md").exists());
    let loud = factcheck(dir.path(), &["report", "--format", "md", "-o", "out.md"]);
    assert!(stderr(&loud).contains("wrote out.md"), "{}", stderr(&loud));
}

/// Pages of a PDF.
fn pages(pdf: &[u8]) -> usize {
    printpdf::lopdf::Document::load_mem(pdf)
        .expect("lopdf reads the PDF")
        .get_pages()
        .len()
}

#[test]
fn top_limits_the_suggested_passages_only() {
    let dir = common::seeds_project();
    let pdf = |top: &str| {
        let out = factcheck(
            dir.path(),
            &["report", "--format", "pdf", "--top", top, "-o", "-"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out.stdout
    };
    let json = |top: &str| -> serde_json::Value {
        let out = factcheck(dir.path(), &["report", "--format", "json", "--top", top]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (none, one, five) = (pdf("0"), pdf("1"), pdf("5"));
    // The briefing lists at most 3 suggestions per claim, compactly: fewer with a smaller
    // `--top`, which may or may not save a page.
    let words = |pdf: &[u8]| {
        pdf_extract::extract_text_from_mem(pdf)
            .unwrap()
            .split_whitespace()
            .count()
    };
    assert!(words(&none) < words(&one) && words(&one) < words(&five));
    assert!(
        pages(&none) <= pages(&one) && pages(&one) <= pages(&five),
        "{} {} {}",
        pages(&none),
        pages(&one),
        pages(&five)
    );
    // 0: no suggestions, but the quotes that hold still count, and so does every passage
    // searched: no claim is "without a supporting passage" for want of a listed one.
    let text = pdf_extract::extract_text_from_mem(&none).unwrap();
    // The briefing lists suggestions last, under "Found by search, not reviewed".
    assert!(
        !text.contains("Found by search, not reviewed"),
        "a suggestion under --top 0"
    );
    let one_text = pdf_extract::extract_text_from_mem(&one).unwrap();
    assert!(
        one_text.contains("Found by search, not reviewed"),
        "no suggestion under --top 1"
    );
    assert!(!text.contains("No supporting passage found"));
    let (j0, j1, j5) = (json("0"), json("1"), json("5"));
    // The counts are judged on every passage searched; only the suggestions listed (and so
    // the sources they come from) follow `--top`.
    let without_suggested = |j: &serde_json::Value| {
        let mut summary = j["summary"].clone();
        summary.as_object_mut().unwrap().remove("suggested_sources");
        summary
    };
    assert_eq!(without_suggested(&j0), without_suggested(&j5));
    assert_eq!(j0["summary"]["suggested_sources"], 0);
    assert_eq!(j0["needs_attention"], j5["needs_attention"]);
    assert_eq!(j0["sources"], j5["sources"]);
    for (j, top) in [(&j0, 0), (&j1, 1)] {
        for claim in j["claims"].as_array().unwrap() {
            let found = claim["wordings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|w| w["cited"] == false)
                .count();
            assert!(
                found <= top,
                "{}: {found} suggestions under --top {top}",
                claim["id"]
            );
            assert!(claim["matches"].as_array().unwrap().len() <= top);
            assert_eq!(
                claim["no_supporting_passage_found"], false,
                "{}",
                claim["id"]
            );
            // Every quote that holds is still there.
            let cited = claim["wordings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|w| w["cited"] == true)
                .count();
            let five = j5["claims"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == claim["id"])
                .unwrap();
            let cited5 = five["wordings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|w| w["cited"] == true)
                .count();
            assert_eq!(cited, cited5, "{}", claim["id"]);
        }
    }
}

#[test]
fn init_without_an_argument_finds_the_folder_of_articles_or_says_how_to_name_one() {
    // The journalist's folder: the articles in sources/, no seeds/.
    let dir = common::fixture_project("guantanamo");
    std::fs::remove_file(dir.path().join("claims.toml")).unwrap();
    let out = factcheck(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no seeds/ here; using sources"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_to_string(dir.path().join("claims.toml")).unwrap();
    assert!(written.contains("sources = \"sources\""), "{written}");
    assert_eq!(factcheck(dir.path(), &["check"]).status.code(), Some(0));
    // Two folders of articles: name one.
    let two = tempfile::tempdir().unwrap();
    for folder in ["bbc", "guardian"] {
        std::fs::create_dir(two.path().join(folder)).unwrap();
        std::fs::write(
            two.path().join(folder).join("a.txt"),
            "Title\n\nSome text here.\n",
        )
        .unwrap();
    }
    let out = factcheck(two.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2 folders hold articles: \"bbc\", \"guardian\""),
        "{err}"
    );
    assert!(err.contains("factcheck init bbc"), "{err}");
    assert!(!two.path().join("claims.toml").exists());
    // None at all.
    let none = tempfile::tempdir().unwrap();
    let out = factcheck(none.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no folder of articles here"), "{err}");
    assert!(err.contains("factcheck init SOURCES_DIR"), "{err}");
    assert!(!err.contains("seeds is not a folder"), "{err}");
}

#[test]
fn check_to_a_file_and_report_say_on_standard_error_what_fails() {
    let dir = common::fixture_project("guantanamo");
    let out = factcheck(
        dir.path(),
        &["check", "--format", "json", "-o", "findings.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "failed: 1 claim of 5 failed (1 error, 0 warnings); the findings are in findings.json\n"
    );
    // A passing run stays silent.
    let out = factcheck(
        dir.path(),
        &["check", "--tag", "mubanga", "-o", "findings.txt"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
    // Report: written, exit 0, and a warning with the count.
    let path = dir.path().join("claims.toml");
    let claims = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        claims.replace(
            "is happening, even in Britain",
            "is going on, even in the UK",
        ),
    )
    .unwrap();
    let out = factcheck(dir.path(), &["report", "--format", "md", "-o", "report.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("report.md").exists());
    assert!(
        stderr(&out)
            .contains("warning: 1 of 4 citations do not hold; `factcheck check` shows where"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn readme_figures_are_the_scripts() {
    let out = Command::new("bash")
        .arg(common::repo().join("scripts/readme-figures.sh"))
        .arg(env!("CARGO_BIN_EXE_factcheck"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let figures = stdout(&out);
    assert_eq!(figures.lines().count(), 6, "{figures}");
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    // README wraps its lines where it likes.
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in figures.lines() {
        assert!(
            readme.contains(line),
            "README.md does not say {line:?}: copy scripts/readme-figures.sh's output into it"
        );
    }
}

/// The rules of `check --format json` that fire for claim `claim`.
fn rules_of(out: &Output, claim: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["claim"] == claim)
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_failing_quote_gives_one_finding_not_also_too_few_sources() {
    let dir = with_claim(concat!(
        "\n[[claims]]\nid = \"tutu-totally-opposed\"\ntext = \"Tutu said he opposed arbitrary detention.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"The moon is made of green cheese and always was\"\n\n",
        "[[claims]]\nid = \"two-sources\"\ntext = \"Tutu said he opposed arbitrary detention.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"I am opposed to any arbitrary detention that is happening, even in Britain.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-100\"\nquote = \"The moon is made of green cheese and always was\"\n\n",
        "[[claims]]\nid = \"one-source-twice\"\ntext = \"Tutu said he opposed arbitrary detention.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"I am opposed to any arbitrary detention that is happening, even in Britain.\"\n\n",
        "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"I am opposed to any arbitrary detention\"\n",
    ));
    let out = factcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(rules_of(&out, "tutu-totally-opposed"), ["quote-not-found"]);
    let out = factcheck(
        dir.path(),
        &["check", "--format", "json", "--min-sources", "2"],
    );
    // Two sources cited: the failing quote is the one problem.
    assert_eq!(rules_of(&out, "two-sources"), ["quote-not-found"]);
    // One source cited twice is still too few.
    assert_eq!(rules_of(&out, "one-source-twice"), ["too-few-sources"]);
}

/// Each failing citation's status in the report is the rule `check` reports for it, and the
/// status Markdown words it by.
#[test]
fn report_and_check_classify_a_citation_alike() {
    let quote = "The rule of law is in order to ensure that those who have power don't use their power arbitrarily";
    let dir = with_claim(&format!(
        concat!(
            "\n[[claims]]\nid = \"rule-of-law\"\ntext = \"Tutu said the rule of law stops the powerful using power arbitrarily.\"\n\n",
            "[[claims.citations]]\nsource = \"bbc-politics-100\"\nquote = \"{quote}\"\n\n",
            "[[claims]]\nid = \"cheese\"\ntext = \"The moon is cheese.\"\n\n",
            "[[claims.citations]]\nsource = \"bbc-politics-100\"\nquote = \"The moon is made of green cheese and always was\"\n",
        ),
        quote = quote
    ));
    let check = factcheck(dir.path(), &["check", "--format", "json"]);
    assert_eq!(rules_of(&check, "rule-of-law"), ["wrong-source"]);
    assert_eq!(rules_of(&check, "cheese"), ["quote-not-found"]);
    let out = factcheck(dir.path(), &["report", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |claim: &str| {
        let claim = report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == claim)
            .unwrap();
        claim["citations"][0]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("rule-of-law"), "wrong-source");
    assert_eq!(status("cheese"), "not-found");
    let out = factcheck(dir.path(), &["report", "--format", "md"]);
    let md = stdout(&out);
    assert!(md.contains("**wrong source**"), "{md}");
    assert!(!md.contains("unknown status"), "{md}");
}

const ELIDED: &str = "I am opposed to any arbitrary detention ... even in Britain.";

#[test]
fn allow_accepts_a_known_warning_which_json_and_sarif_still_list() {
    let dir = with_claim(&format!(
        concat!(
            "\n[[claims]]\nid = \"elided-here\"\ntext = \"Tutu opposed arbitrary detention.\"\n\n",
            "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"{q}\"\nallow = [\"quote-elided\"]\n\n",
            "[[claims]]\nid = \"elided-claim\"\ntext = \"Tutu opposed arbitrary detention, even in Britain.\"\nallow = [\"quote-elided\"]\n\n",
            "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"{q}\"\n\n",
            "[[claims]]\nid = \"elided-not-allowed\"\ntext = \"Tutu opposed all arbitrary detention.\"\n\n",
            "[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"{q}\"\n",
        ),
        q = ELIDED
    ));
    // The claim without `allow` still warns, and fails under --deny warnings.
    let out = factcheck(dir.path(), &["check", "--deny", "warnings"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("[quote-elided]").count(), 1, "{text}");
    assert!(text.contains("claim \"elided-not-allowed\""), "{text}");
    assert!(
        text.contains("2 findings allowed by `allow` in claims.toml"),
        "{text}"
    );

    // Without it, the run passes under --deny warnings.
    let claims = dir.path().join("claims.toml");
    let toml = std::fs::read_to_string(&claims).unwrap();
    let cut = toml
        .find("\n[[claims]]\nid = \"elided-not-allowed\"")
        .unwrap();
    std::fs::write(&claims, &toml[..cut]).unwrap();
    let out = factcheck(dir.path(), &["check", "--deny", "warnings"]);
    let text = stdout(&out);
    assert!(!text.contains("quote-elided"), "{text}");
    let json_out = factcheck(
        dir.path(),
        &["check", "--deny", "warnings", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let allowed: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "quote-elided")
        .collect();
    assert_eq!(allowed.len(), 2, "{json:#}");
    assert!(allowed.iter().all(|f| f["suppressed"] == true), "{json:#}");
    assert_eq!(json["allowed"], 2);
    let unsuppressed = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] != true)
        .count();
    assert_eq!(
        json["errors"].as_u64().unwrap() + json["warnings"].as_u64().unwrap(),
        unsuppressed as u64
    );
    assert_eq!(
        out.status.code(),
        Some(if unsuppressed == 0 { 0 } else { 1 }),
        "{text}"
    );

    let sarif = factcheck(
        dir.path(),
        &["check", "--deny", "warnings", "--format", "sarif"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let elided: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "quote-elided")
        .collect();
    assert_eq!(elided.len(), 2);
    for r in elided {
        assert_eq!(r["suppressions"][0]["kind"], "inSource", "{r:#}");
    }
    assert!(results
        .iter()
        .filter(|r| r["ruleId"] != "quote-elided")
        .all(|r| r.get("suppressions").is_none()));
    let github = factcheck(dir.path(), &["check", "--format", "github"]);
    assert!(
        !stdout(&github).contains("quote-elided"),
        "{}",
        stdout(&github)
    );
}

#[test]
fn allow_with_an_unknown_rule_is_an_error_at_its_place_listing_the_rules() {
    let dir = with_claim(&format!(
        "\n[[claims]]\nid = \"elided-here\"\ntext = \"Tutu opposed arbitrary detention.\"\n\n[[claims.citations]]\nsource = \"bbc-politics-205\"\nquote = \"{ELIDED}\"\nallow = [\"quote-elidded\"]\n"
    ));
    let toml = std::fs::read_to_string(dir.path().join("claims.toml")).unwrap();
    let line = toml
        .lines()
        .position(|l| l.starts_with("allow = [\"quote-elidded"))
        .unwrap()
        + 1;
    let out = factcheck(dir.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("unknown rule \"quote-elidded\" in `allow`"),
        "{err}"
    );
    assert!(err.contains(&format!("claims.toml:{line}:10")), "{err}");
    assert!(err.contains("did you mean \"quote-elided\"?"), "{err}");
    for rule in [
        "no-citation",
        "quote-elided",
        "citation-without-quote",
        "lock-outdated",
    ] {
        assert!(err.contains(&format!("\"{rule}\"")), "{err}");
    }
}
