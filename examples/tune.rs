//! Retrieval tuning aid: `cargo run --release --example tune -- CLAIMS OUT k1 b title source per_source`
//! writes a JSON report (matches only) for the Climate-FEVER scorer.

use factcheck::corpus::Corpus;
use factcheck::project::Project;
use factcheck::retrieve::{diversify, MemoryIndex, Params};

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
    };
    let per_source = f(7) as usize;
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
    std::fs::write(&args[2], serde_json::json!({"claims": claims}).to_string()).unwrap();
}
