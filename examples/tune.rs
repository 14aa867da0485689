//! Retrieval tuning aid: writes a JSON report (matches only, top 10) for the Climate-FEVER
//! scorer, with the scoring given on the command line.
//!
//!     cargo run --release --example tune -- CLAIMS OUT [KEY=VALUE...]
//!
//! Keys (default: the shipped configuration): `k1`, `b`, `title`, `source`, `related`,
//! `compound`, `headline` (weights, 0 turns one off), `max_related` (related stems per word),
//! `per_source` (the first round of
//! diversification), `top` (matches written), `lexicon` (a table in the format of
//! `src/retrieve/lexicon/wordnet.txt`, e.g. from `scripts/make-lexicon.py --out FILE`),
//! `kinds` (the lexicon's line kinds to keep, comma-separated: `s,p,x`), `numbers` (0/1: the
//! number words, with `lexicon` or `kinds`). `scripts/cf-halves.py` scores the result on both halves.

use factcheck::corpus::Corpus;
use factcheck::project::Project;
use factcheck::retrieve::{diversify, Lexicon, MemoryIndex, Params, PER_SOURCE_FIRST_ROUND};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let project = Project::load(args[1].as_ref()).unwrap();
    let corpus = Corpus::load(&project).unwrap();
    let mut params = Params::default();
    let mut per_source = PER_SOURCE_FIRST_ROUND;
    let mut table: Option<String> = None;
    let mut kinds: Option<Vec<String>> = None;
    let mut numbers = true;
    let mut top = 10usize;
    for arg in &args[3..] {
        let (key, value) = arg.split_once('=').expect("KEY=VALUE");
        let f = || value.parse::<f32>().expect("a number");
        match key {
            "k1" => params.k1 = f(),
            "b" => params.b = f(),
            "title" => params.title_weight = f(),
            "source" => params.source_weight = f(),
            "related" => params.related_weight = f(),
            "compound" => params.compound_weight = f(),
            "max_related" => params.max_related = f() as usize,
            "headline" => params.headline_weight = f(),
            "per_source" => per_source = f() as usize,
            "lexicon" => table = Some(std::fs::read_to_string(value).unwrap()),
            "kinds" => kinds = Some(value.split(',').map(str::to_string).collect()),
            "numbers" => numbers = f() != 0.0,
            "top" => top = f() as usize,
            _ => panic!("unknown key {key}"),
        }
    }
    let lexicon: &Lexicon = match (table, kinds) {
        (None, None) => Lexicon::builtin(),
        (table, kinds) => {
            let table = table.unwrap_or_else(|| {
                std::fs::read_to_string("src/retrieve/lexicon/wordnet.txt").unwrap()
            });
            let keep = move |kind: &str| {
                kinds
                    .as_ref()
                    .is_none_or(|k| k.iter().any(|p| kind.starts_with(p.as_str())))
            };
            Box::leak(Box::new(Lexicon::parse(&table, &keep, numbers)))
        }
    };
    let index = MemoryIndex::with_lexicon(&corpus, params, lexicon);
    let mut claims = Vec::new();
    for claim in &project.claims {
        let hits = index.search_raw(&claim.text);
        let hits = diversify(hits, top, per_source);
        let matches: Vec<_> = hits
            .iter()
            .map(|h| serde_json::json!({"text": factcheck::analysis::to_match(&corpus, h).text}))
            .collect();
        claims.push(serde_json::json!({"id": claim.id, "matches": matches}));
    }
    std::fs::write(&args[2], serde_json::json!({"claims": claims}).to_string()).unwrap();
}
