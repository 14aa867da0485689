//! PDF crate survey (issue 13): how much of a text's words each reader recovers, in order,
//! from a PDF of that text, and how long it takes.
//!
//!     cargo run --release --example pdf_survey -- TEXT PDF [--dump]
//!
//! Prints one line per reader: factcheck's own (pdf-extract driven through its output device,
//! then its layout), pdf-extract's `extract_text_from_mem`, and lopdf's `extract_text`. The
//! share is the longest common subsequence of the text's words and the reader's words over the
//! text's words (words: runs of letters and digits, lowercased), so a word dropped, split,
//! run together with its neighbour or read out of order counts as lost. The time is the best
//! of five runs. `--dump` prints factcheck's text after the figures.

use std::time::{Duration, Instant};

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The length of the longest common subsequence of `a` and `b`.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

fn best_of_five(read: &dyn Fn() -> Option<String>) -> (Option<String>, Duration) {
    let mut best = Duration::MAX;
    let mut text = None;
    for _ in 0..5 {
        let start = Instant::now();
        text = read();
        best = best.min(start.elapsed());
    }
    (text, best)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(text), Some(pdf)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pdf_survey TEXT PDF [--dump]");
        std::process::exit(2);
    };
    let want = words(&std::fs::read_to_string(text).expect("the text reads"));
    let bytes = std::fs::read(pdf).expect("the PDF reads");
    let readers: [(&str, &dyn Fn() -> Option<String>); 3] = [
        ("factcheck", &|| {
            factcheck::fuzzing::pdf::extract(&bytes).ok().map(|d| d.0)
        }),
        ("pdf-extract", &|| {
            pdf_extract::extract_text_from_mem(&bytes).ok()
        }),
        ("lopdf", &|| {
            let doc = pdf_extract::Document::load_mem(&bytes).ok()?;
            let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
            doc.extract_text(&pages).ok()
        }),
    ];
    let mut ours = String::new();
    for (name, read) in readers {
        let (got, time) = best_of_five(read);
        let share = got
            .as_deref()
            .map(|g| lcs(&want, &words(g)) as f64 / want.len().max(1) as f64 * 100.0);
        match share {
            Some(s) => println!("{name}\t{s:.1}%\t{:.1} ms", time.as_secs_f64() * 1e3),
            None => println!("{name}\tfails\t{:.1} ms", time.as_secs_f64() * 1e3),
        }
        if name == "factcheck" {
            ours = got.unwrap_or_default();
        }
    }
    if args.iter().any(|a| a == "--dump") {
        println!("{ours}");
    }
}
