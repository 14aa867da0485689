//! The pipeline benchmark on a real news corpus (README, "Performance").
//!
//!     cargo bench --bench pipeline -- generate CORPUS_DIR CLAIMS_OUT GOLD_OUT [N]
//!     cargo bench --bench pipeline -- run CLAIMS_FILE GOLD_FILE [--no-pdf]
//!     cargo bench --bench pipeline -- floor CORPUS_DIR
//!
//! `generate` writes N (default 1,000) claims reworded deterministically from the corpus's
//! sentences (words dropped, clauses swapped), each citing its gold source with a quote, and a
//! gold file. `run` times each stage in this process and prints one tab-separated line per
//! stage: stage, wall seconds, CPU seconds, peak RSS in MiB so far; then recall@5.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use factcheck::analysis::Analysis;
use factcheck::corpus::{Corpus, Role};
use factcheck::project::Project;
use factcheck::retrieve::{MemoryIndex, Retriever};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("generate") => generate(
            Path::new(&args[1]),
            Path::new(&args[2]),
            Path::new(&args[3]),
            args.get(4)
                .map_or(1000, |n| n.parse().expect("N is a number")),
        ),
        Some("floor") => floor(Path::new(&args[1])),
        Some("run") => run(
            Path::new(&args[1]),
            Path::new(&args[2]),
            !args.iter().any(|a| a == "--no-pdf"),
        ),
        _ => {
            eprintln!("usage: pipeline generate CORPUS_DIR CLAIMS_OUT GOLD_OUT [N] | run CLAIMS GOLD [--no-pdf]");
            std::process::exit(2);
        }
    }
}

fn floor(dir: &Path) {
    use rayon::prelude::*;
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                files(&path, out);
            } else if factcheck::corpus::is_source_name(&path.to_string_lossy()) {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    files(dir, &mut paths);
    // Read once untimed: the floor is CPU work, not a cold page cache (the stages after it
    // find the files cached too).
    paths.par_iter().for_each(|p| drop(std::fs::read(p)));
    let stage = Stage::start();
    let words: usize = paths
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("UTF-8 source");
            factcheck::retrieve::StemTable::default().stems(&text).len()
        })
        .sum();
    stage.end("floor: read+tokenise+stem");
    println!("# files {}, words stemmed {}", paths.len(), words);
}

/// A small deterministic generator (xorshift64*), so the claims are the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `target` as a '/'-separated path relative to `base`, as `factcheck init` writes the
/// sources folder into claims.toml.
fn relative_to(target: &Path, base: &Path) -> String {
    use std::path::Component;
    let (Ok(t), Ok(b)) = (target.canonicalize(), base.canonicalize()) else {
        return target.to_string_lossy().replace('\\', "/");
    };
    let t: Vec<Component> = t.components().collect();
    let b: Vec<Component> = b.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// Reword a sentence: swap the clauses around its first comma, drop two words.
fn reword(sentence: &str, rng: &mut Rng) -> String {
    let sentence = sentence.trim_end_matches(['.', '"', '\'']);
    let swapped = match sentence.split_once(", ") {
        Some((a, b)) if a.split_whitespace().count() >= 3 && b.split_whitespace().count() >= 3 => {
            format!("{b}, {a}")
        }
        _ => sentence.to_string(),
    };
    let mut words: Vec<&str> = swapped.split_whitespace().collect();
    for _ in 0..2 {
        if words.len() > 8 {
            let i = 1 + rng.below(words.len() - 1);
            words.remove(i);
        }
    }
    let mut text = words.join(" ");
    text.push('.');
    text
}

fn generate(corpus_dir: &Path, claims_out: &Path, gold_out: &Path, n: usize) {
    let claims_dir = claims_out.parent().expect("claims file has a folder");
    let rel = relative_to(corpus_dir, claims_dir);
    let probe = format!(
        "[project]\ntitle = \"probe\"\nsources = {}\n",
        toml_string(&rel)
    );
    let project =
        Project::parse(claims_out, claims_dir.to_path_buf(), probe).expect("probe parses");
    let corpus = Corpus::load(&project).expect("corpus loads");
    // Candidate sentences: body passages of 12 to 40 words.
    let mut candidates = Vec::new();
    for (s, source) in corpus.sources.iter().enumerate() {
        for (p, passage) in source.passages.iter().enumerate() {
            let words = source.passage_text(passage).split_whitespace().count();
            if source.role_of(passage) == Role::Body && (12..=40).contains(&words) {
                candidates.push((s, p));
            }
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut toml = format!(
        "[project]\ntitle = \"BBC News benchmark\"\nsources = {}\n",
        toml_string(&rel)
    );
    let mut gold = BTreeMap::new();
    for i in 0..n {
        let (s, p) = candidates[rng.below(candidates.len())];
        let source = &corpus.sources[s];
        let sentence = source.passage_text(&source.passages[p]);
        let id = format!("bbc-{:04}", i + 1);
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let start = rng.below(words.len().saturating_sub(8).max(1));
        let mut quote: Vec<&str> = words[start..(start + 8).min(words.len())].to_vec();
        // Every tenth quote has one word changed, to exercise the near-miss path.
        if i % 10 == 9 {
            quote[3] = "allegedly";
        }
        toml.push_str(&format!(
            "\n[[claims]]\nid = {}\ntext = {}\nverdict = \"unverified\"\n\n[[claims.citations]]\nsource = {}\nquote = {}\n",
            toml_string(&id),
            toml_string(&reword(sentence, &mut rng)),
            toml_string(&source.id),
            toml_string(&quote.join(" ")),
        ));
        gold.insert(
            id,
            serde_json::json!({"source": source.id, "text": sentence}),
        );
    }
    std::fs::write(claims_out, toml).expect("write claims");
    std::fs::write(gold_out, serde_json::to_string_pretty(&gold).unwrap()).expect("write gold");
    eprintln!(
        "{n} claims from {} candidate sentences of {} sources",
        candidates.len(),
        corpus.sources.len()
    );
}

/// (user + system CPU seconds, peak RSS MiB) of this process, from /proc.
fn usage() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // After the command name: state is field 0, utime 11, stime 12 (clock ticks of 1/100 s).
    let cpu = (ticks(11) + ticks(12)) / 100.0;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm_kib = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    (cpu, hwm_kib / 1024.0)
}

struct Stage {
    wall: Instant,
    cpu: f64,
}

impl Stage {
    fn start() -> Stage {
        Stage {
            wall: Instant::now(),
            cpu: usage().0,
        }
    }

    fn end(self, name: &str) {
        let (cpu, rss) = usage();
        println!(
            "{name}\t{:.3}\t{:.2}\t{:.0}",
            self.wall.elapsed().as_secs_f64(),
            cpu - self.cpu,
            rss
        );
    }
}

fn run(claims: &Path, gold: &Path, pdf: bool) {
    let total = Stage::start();
    let stage = Stage::start();
    let project = Project::load(claims).unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::load(&project).unwrap_or_else(|e| panic!("{e}"));
    stage.end("load+segment");

    let stage = Stage::start();
    let index = MemoryIndex::build(&corpus);
    stage.end("index");

    let stage = Stage::start();
    let verified = Analysis::run(&project, &corpus, None, 5);
    stage.end("verify quotes (no index)");
    drop(verified);

    let stage = Stage::start();
    use rayon::prelude::*;
    let hits: Vec<_> = project
        .claims
        .par_iter()
        .map(|c| index.search(&c.text, 5))
        .collect();
    stage.end("match claims");

    let stage = Stage::start();
    let analysis = Analysis::run(&project, &corpus, Some(&index), 5);
    stage.end("full analysis (verify+match+compare)");

    let stage = Stage::start();
    let json = factcheck::render::json::render(&analysis);
    stage.end("render json");
    let stage = Stage::start();
    let md = factcheck::render::markdown::render(&analysis, None).unwrap_or_else(|e| panic!("{e}"));
    stage.end("render markdown");
    let pdf_len = if pdf {
        let stage = Stage::start();
        let out = factcheck::render::pdf::render(&analysis).unwrap_or_else(|e| panic!("{e}"));
        stage.end("render pdf");
        out.bytes.len()
    } else {
        0
    };
    total.end("total");

    let gold: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(gold).expect("gold file"))
            .expect("gold json");
    let mut found = 0;
    for (claim, hits) in project.claims.iter().zip(&hits) {
        let want = gold[&claim.id]["text"].as_str().unwrap_or_default();
        if hits.iter().any(|h| {
            let s = &corpus.sources[h.id.source as usize];
            s.passage_text(&s.passages[h.id.passage as usize]) == want
        }) {
            found += 1;
        }
    }
    let passages: usize = corpus.sources.iter().map(|s| s.passages.len()).sum();
    println!(
        "# sources {}, passages {}, claims {}, json {} B, markdown {} B, pdf {} B",
        corpus.sources.len(),
        passages,
        project.claims.len(),
        json.len(),
        md.len(),
        pdf_len
    );
    println!(
        "recall@5\t{:.4}",
        found as f64 / project.claims.len().max(1) as f64
    );
}
