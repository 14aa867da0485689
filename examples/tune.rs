//! Retrieval tuning aid: `cargo run --release --example tune -- CLAIMS OUT k1 b title source phrase entity per_source`
//! writes a JSON report (matches only) for the Climate-FEVER scorer.

use factcheck::corpus::Corpus;
use factcheck::project::Project;
use factcheck::retrieve::{diversify, MemoryIndex, Params, Retriever};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let f = |i: usize| args[i].parse::<f32>().unwrap();
    let project = Project::load(args[1].as_ref()).unwrap();
    let corpus = Corpus::load(&project).unwrap();
    let params = Params {
        k1: f(3),
        b: f(4),
        title_weight: f(5),
        source_weight: f(6),
        phrase_weight: f(7),
        entity_weight: f(8),
        coverage_weight: args.get(10).map_or(0.0, |a| a.parse().unwrap()),
        title_coverage_weight: args.get(11).map_or(0.0, |a| a.parse().unwrap()),
        ..Params::default()
    };
    let per_source = f(9) as usize;
    let index = MemoryIndex::with_params(&corpus, params);
    let mut claims = Vec::new();
    for claim in &project.claims {
        let hits = index.search_raw(&claim.text);
        let hits = diversify(hits, 10, per_source);
        let matches: Vec<_> = hits
            .iter()
            .map(|h| serde_json::json!({"text": factcheck::analysis::to_match(&corpus, h).text}))
            .collect();
        claims.push(serde_json::json!({"id": claim.id, "matches": matches}));
    }
    let _ = Retriever::search(&index, "", 1);
    std::fs::write(&args[2], serde_json::json!({"claims": claims}).to_string()).unwrap();
}
