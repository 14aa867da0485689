//! PDF sources (issue 13): the seed article `000` (source `amnesty`) as PDFs from real
//! producers (tests/fixtures/pdf/README.md) verifies every citation of `claims.toml` that
//! cites it as its text copy does, with page numbers; PDFs that cannot be read (no text
//! layer, encrypted, truncated) are refused with the file named and exit 2.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_factcheck");
const SEED: &str = "000_9145fefdaec83068.txt";
/// The real producers' copies of the seed, and the pages they have (and one written by a
/// script: two columns drawn line by line across the page).
const PRODUCERS: [(&str, usize); 6] = [
    ("groff-ps2pdf.pdf", 2),
    ("gropdf.pdf", 2),
    ("latex-twocol.pdf", 3),
    ("chromium.pdf", 1),
    ("libreoffice.pdf", 1),
    ("interleaved-columns.pdf", 2),
];

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/pdf").join(name)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn factcheck(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The sample project with the seed `000` replaced by the PDF `pdf` (as `seeds/000.pdf`),
/// `claims.toml` passed through `edit` too.
fn pdf_project(pdf: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let (dir, _) = common::edited_seeds_project(|claims| {
        let declared = format!("file = \"{SEED}\"");
        assert!(claims.contains(&declared));
        edit(claims.replace(&declared, "file = \"000.pdf\""))
    });
    fs::remove_file(dir.path().join("seeds").join(SEED)).unwrap();
    fs::copy(fixture(pdf), dir.path().join("seeds/000.pdf")).unwrap();
    dir
}

fn json_report(dir: &Path) -> Value {
    let run = factcheck(dir, &["report", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The passages of `amnesty` that each claim is matched with, by claim, as their words
/// (lowercased, punctuation and line breaks aside).
fn amnesty_passages(report: &Value) -> Vec<(String, Vec<String>)> {
    let words = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| {
            let passages = claim["matches"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["source"] == "amnesty")
                .map(|m| words(m["text"].as_str().unwrap()))
                .collect();
            (claim["id"].as_str().unwrap().to_string(), passages)
        })
        .collect()
}

/// (claim, status, page) of every citation of `amnesty`.
fn amnesty_citations(report: &Value) -> Vec<(String, String, Option<u64>)> {
    let mut out = Vec::new();
    for claim in report["claims"].as_array().unwrap() {
        for c in claim["citations"].as_array().unwrap() {
            if c["source"] == "amnesty" {
                out.push((
                    claim["id"].as_str().unwrap().to_string(),
                    c["status"].as_str().unwrap().to_string(),
                    c.get("page").map(|p| p.as_u64().unwrap()),
                ));
            }
        }
    }
    out
}

/// The acceptance: every citation of the seed holds against each producer's PDF with
/// the text copy's status (or `normalized` for `exact`), and carries its page; the text copy's
/// JSON has no `page` at all. Each claim is matched with the same passages of the seed as in
/// the text copy. Running headers, footers and page numbers are not in any passage, and
/// "mem-" + "ber" across the page break is "member".
#[test]
fn each_producers_pdf_verifies_the_seeds_citations_as_the_text_does_with_pages() {
    let text_dir = common::seeds_project();
    let text_run = factcheck(text_dir.path(), &["report", "--format", "json"]);
    assert_eq!(text_run.code, Some(0), "{}", text_run.stderr);
    assert!(!text_run.stdout.contains("\"page\""));
    let text_report: Value = serde_json::from_str(&text_run.stdout).unwrap();
    let text = amnesty_citations(&text_report);
    let text_passages = amnesty_passages(&text_report);
    assert_eq!(text.len(), 5);
    assert!(text
        .iter()
        .all(|(_, status, page)| status == "exact" && page.is_none()));

    for (pdf, pages) in PRODUCERS {
        let dir = pdf_project(pdf, |c| c);
        let report = json_report(dir.path());
        let got = amnesty_citations(&report);
        assert_eq!(got.len(), text.len(), "{pdf}");
        for ((claim, want, _), (_, status, page)) in text.iter().zip(&got) {
            assert!(
                status == want || (want == "exact" && status == "normalized"),
                "{pdf}: {claim} is {status}, {want} in the text copy"
            );
            let page = page.unwrap_or_else(|| panic!("{pdf}: {claim} has no page"));
            assert!(
                (1..=pages as u64).contains(&page),
                "{pdf}: {claim} on page {page}"
            );
        }
        let mut passages = Vec::new();
        for claim in report["claims"].as_array().unwrap() {
            for m in claim["matches"].as_array().unwrap() {
                if m["source"] == "amnesty" {
                    assert!(
                        m["page"].as_u64().is_some(),
                        "{pdf}: a match without a page"
                    );
                    passages.push(m["text"].as_str().unwrap().to_string());
                }
            }
        }
        assert!(!passages.is_empty(), "{pdf}");
        for ((claim, want), (_, got)) in text_passages.iter().zip(amnesty_passages(&report)) {
            assert_eq!(&got, want, "{pdf}: the passages {claim} is matched with");
        }
        for p in &passages {
            // The running headers of the fixtures (the seed says neither).
            for header in [
                "Amnesty International briefing",
                "Microsoft and Unit 8200",
                "welcomes Microsoft's decision",
            ] {
                assert!(!p.contains(header), "{pdf}: a running header in {p}");
            }
        }
        let md = factcheck(dir.path(), &["report", "--format", "md"]);
        assert!(
            md.stdout.contains("[amnesty:1, p. 1](#source-amnesty)"),
            "{pdf}: {}",
            md.stdout
        );
    }

    // The groff copy: the sentence that runs over the page break ("mem-" | "ber states") is
    // whole, and the citations are on the pages the PDF shows them on.
    let dir = pdf_project("groff-ps2pdf.pdf", |c| c);
    let report = json_report(dir.path());
    let pages: Vec<_> = amnesty_citations(&report)
        .into_iter()
        .map(|(_, _, p)| p.unwrap())
        .collect();
    assert_eq!(pages, [1, 2, 1, 2, 1]);
    let un = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "un-ga-resolution-2024")
        .unwrap();
    let passage = un["citations"][0]["passage"].as_str().unwrap();
    assert!(
        passage.contains("urged member states not to support"),
        "{passage}"
    );
    // The PDF briefing gives the page too, as the Markdown does.
    let out = dir.path().join("briefing.pdf");
    let run = factcheck(
        dir.path(),
        &["report", "--format", "pdf", "-o", "briefing.pdf"],
    );
    assert!(out.is_file(), "{}", run.stderr);
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&out).unwrap()).unwrap();
    assert!(text.contains("amnesty:1, p. 1"), "{text}");
    assert!(text.contains(", p. 2"), "{text}");
}

/// `check` names the page where it shows a place in a PDF source (a quote that differs from
/// its passage), in the human output and in the JSON.
#[test]
fn check_shows_the_page_of_a_place_in_a_pdf() {
    let dir = pdf_project("groff-ps2pdf.pdf", |c| {
        let quote = "The briefing also identified 15 companies contributing";
        assert!(c.contains(quote));
        c.replace(
            quote,
            "The briefing also identified 16 companies contributing",
        )
    });
    let human = factcheck(dir.path(), &["check"]);
    assert_eq!(human.code, Some(1), "{}\n{}", human.stdout, human.stderr);
    let all = format!("{}{}", human.stdout, human.stderr);
    assert!(all.contains("seeds/000.pdf:"), "{all}");
    assert!(all.contains(" (p. 2)"), "{all}");

    let json = factcheck(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    let pages: Vec<u64> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["source_place"]["page"].as_u64())
        .collect();
    assert_eq!(pages, [2], "{}", json.stdout);
}

/// What a PDF's document information says fills the title, publisher and date of a source
/// that `claims.toml` does not declare.
#[test]
fn pdf_metadata_fills_what_claims_toml_does_not_declare() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::copy(
        fixture("latex-twocol.pdf"),
        dir.path().join("src/briefing.pdf"),
    )
    .unwrap();
    fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"t\"\nsources = \"src\"\n",
    )
    .unwrap();
    let report = json_report(dir.path());
    let source = &report["sources"][0];
    assert_eq!(source["id"], "briefing");
    assert_eq!(
        source["title"],
        "Amnesty welcomes Microsoft's decision on Unit 8200"
    );
    assert_eq!(source["publisher"], "Amnesty International");
    assert_eq!(source["published"], "2026-01-01");
}

/// A project whose only source is `name` with the bytes `bytes`.
fn lone_pdf(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src").join(name), bytes).unwrap();
    fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"t\"\nsources = \"src\"\n",
    )
    .unwrap();
    dir
}

/// PDFs that cannot be read are refused, exit 2, the file named and the way out given; never
/// a panic, never a partial report.
#[test]
fn unreadable_pdfs_are_refused_with_the_file_named() {
    let groff = fs::read(fixture("groff-ps2pdf.pdf")).unwrap();
    let cases: [(&str, Vec<u8>, &[&str]); 4] = [
        (
            "scan.pdf",
            fs::read(fixture("scan.pdf")).unwrap(),
            &["no text layer", "ocrmypdf"],
        ),
        (
            "locked.pdf",
            fs::read(fixture("encrypted.pdf")).unwrap(),
            &["it is encrypted", "qpdf --decrypt"],
        ),
        (
            "cut.pdf",
            groff[..groff.len() / 2].to_vec(),
            &["not a readable PDF", "truncated"],
        ),
        (
            "fake.pdf",
            b"Zebras crossed the river at dawn.\n".to_vec(),
            &["not a readable PDF", "%PDF-"],
        ),
    ];
    for (name, bytes, needles) in cases {
        let dir = lone_pdf(name, &bytes);
        for args in [&["check"][..], &["report", "--format", "json"]] {
            let run = factcheck(dir.path(), args);
            assert_eq!(run.code, Some(2), "{name} {args:?}: {}", run.stderr);
            assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
            assert!(
                run.stderr.contains(&format!("src/{name}")),
                "{}",
                run.stderr
            );
            for needle in needles {
                assert!(
                    run.stderr.contains(needle),
                    "{name}: {needle:?} in {}",
                    run.stderr
                );
            }
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        }
    }
}

/// A PDF of `objects` (numbered from 1, the first the catalog), with its cross-reference
/// table, as a writer lays one out.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// `pages` pages, each drawing its own line in Helvetica ("Herd ba crossed the river.", a
/// name of letters per page, since a line repeated on most pages is a running header).
fn pages_of_one_line(pages: usize) -> Vec<u8> {
    let name = |mut i: usize| {
        let mut s = String::new();
        loop {
            s.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
            if i == 0 {
                break s;
            }
        }
    };
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 2 * i + 4)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> >>",
            kids.join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for i in 0..pages {
        let content = format!(
            "BT /F1 12 Tf 72 700 Td (Herd {} crossed the river.) Tj ET",
            name(i)
        );
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R >>",
                2 * i + 5
            )
            .into_bytes(),
        );
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
    }
    pdf_of(&objects)
}

/// Hostile page trees: one that loops back on itself has no pages; 10,000 pages are more than
/// a source may have, refused at once; 2,000 are read, each page's line a passage, in bounded
/// time.
#[test]
fn hostile_page_trees_are_refused_or_read_in_bounded_time() {
    let looped = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>".to_vec(),
    ]);
    let dir = lone_pdf("loop.pdf", &looped);
    let run = factcheck(dir.path(), &["check"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("src/loop.pdf") && run.stderr.contains("no pages"),
        "{}",
        run.stderr
    );

    let started = std::time::Instant::now();
    let dir = lone_pdf("huge.pdf", &pages_of_one_line(10_000));
    let run = factcheck(dir.path(), &["check"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("10000 pages, more than the 5000"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());

    let started = std::time::Instant::now();
    let dir = lone_pdf("long.pdf", &pages_of_one_line(2_000));
    let report = json_report(dir.path());
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    assert_eq!(report["sources"][0]["passages"], 2_000);
}

/// `lock` records the PDF's own sha256; another producer's PDF of the same article is a
/// changed source whose quoted passages are all intact, found again in its text.
#[test]
fn lock_records_the_pdfs_sha256_and_re_anchors_in_its_text() {
    use sha2::{Digest, Sha256};
    let dir = pdf_project("groff-ps2pdf.pdf", |c| c);
    let run = factcheck(dir.path(), &["lock"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lock = fs::read_to_string(dir.path().join("claims.lock")).unwrap();
    let sha: String = Sha256::digest(fs::read(fixture("groff-ps2pdf.pdf")).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(lock.contains(&format!("sha256 = \"{sha}\"")), "{lock}");

    fs::copy(
        fixture("latex-twocol.pdf"),
        dir.path().join("seeds/000.pdf"),
    )
    .unwrap();
    let run = factcheck(dir.path(), &["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("source \"amnesty\" changed since claims.lock; all 5 passages quoted from it are intact"),
        "{all}"
    );
}

/// `page = N` on a citation: no finding when the quote is on that page, a warning naming the
/// page it is on otherwise, and one for a source without pages; page 0 is refused.
#[test]
fn a_citations_page_is_checked() {
    let quote = "quote = \"The briefing also identified 15 companies contributing to these unlawful actions\"";
    let with_page = |page: &'static str| {
        move |c: String| {
            assert!(c.contains(quote));
            c.replace(quote, &format!("{quote}\npage = {page}"))
        }
    };
    let dir = pdf_project("groff-ps2pdf.pdf", with_page("2"));
    let run = factcheck(dir.path(), &["check"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("quote-on-other-page"),
        "{}",
        run.stdout
    );

    let dir = pdf_project("groff-ps2pdf.pdf", with_page("1"));
    let run = factcheck(dir.path(), &["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.code, Some(0), "a warning fails no run: {all}");
    assert!(
        all.contains("warning[quote-on-other-page]: quote in claim \"amnesty-15-companies\" is on page 2 of \"amnesty\", not page 1"),
        "{all}"
    );
    assert!(all.contains("help: set `page = 2`"), "{all}");
    let run = factcheck(dir.path(), &["check", "--deny", "warnings"]);
    assert_eq!(run.code, Some(1));

    let (text, _) = common::edited_seeds_project(with_page("2"));
    let run = factcheck(text.path(), &["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("gives page 2, but the source has no pages"),
        "{all}"
    );

    let dir = pdf_project("groff-ps2pdf.pdf", with_page("0"));
    let run = factcheck(dir.path(), &["check"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("page = 0, which is no page"),
        "{}",
        run.stderr
    );
}

/// factcheck's own PDF briefing is never a source, now that a `.pdf` is: with `sources = "."`
/// a second `report` neither reads the first one's report.pdf nor refuses to replace it.
#[test]
fn the_pdf_briefing_is_never_a_source() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("gropdf.pdf"), dir.path().join("briefing.pdf")).unwrap();
    fs::write(
        dir.path().join("claims.toml"),
        "[project]\ntitle = \"t\"\nsources = \".\"\n",
    )
    .unwrap();
    for _ in 0..2 {
        let run = factcheck(dir.path(), &["report"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    assert!(dir.path().join("report.pdf").is_file());
    let report = json_report(dir.path());
    let ids: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["briefing"]);
}

/// A footnote marker (pdfTeX's `\footnote`) and a superscript reference inside a quoted
/// sentence do not break the quote in two.
#[test]
fn footnote_markers_do_not_break_a_quote() {
    let dir = lone_pdf("fn.pdf", &fs::read(fixture("latex-footnotes.pdf")).unwrap());
    let claims = dir.path().join("claims.toml");
    let mut text = fs::read_to_string(&claims).unwrap();
    text.push_str(concat!(
        "\n[[claims]]\nid = \"a\"\ntext = \"Amnesty said the company must review its contracts.\"\n\n",
        "[[claims.citations]]\nsource = \"fn\"\n",
        "quote = \"the company must review all its contracts with the Israeli military, and suspend sales of surveillance technology to Israel\"\n",
    ));
    fs::write(&claims, text).unwrap();
    let run = factcheck(dir.path(), &["check"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let report = json_report(dir.path());
    let citation = &report["claims"][0]["citations"][0];
    assert_eq!(citation["status"], "exact", "{citation}");
    assert_eq!(citation["page"], 1, "{citation}");
}
