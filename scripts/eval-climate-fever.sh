#!/usr/bin/env bash
# Retrieval quality on the Climate-FEVER dev split (../shared/eval): recall@1/5/10 and MRR@10
# of `factcheck report` matches, scored by the eval's own scorer.
#
# Usage: scripts/eval-climate-fever.sh [MIN_RECALL_AT_5]
#   With MIN_RECALL_AT_5, exits 1 when recall@5 (SUPPORTS gold) falls below it.
#   RERANKER=DIR scores `--reranker DIR` instead (scripts/get-reranker.sh DIR fetches it), in
#   target/cf-dev-reranked.
#   DATABASE=URL indexes the split's project (target/cf-dev) into the PostgreSQL archive at URL
#   and scores the report made against it (`--database URL`), written to target/cf-dev-archive.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval_dir=${FACTCHECK_EVAL_DIR:-$root/../shared/eval}
out=$root/target/cf-dev
rerank=()
if [[ -n ${RERANKER:-} ]]; then
    out=$root/target/cf-dev-reranked
    rerank=(--reranker "$RERANKER")
fi
archive=()
project=$out
if [[ -n ${DATABASE:-} ]]; then
    # The same project as the in-memory run, so that the two reports can be compared byte
    # for byte (the report names its claims file).
    project=$root/target/cf-dev
    out=$root/target/cf-dev-archive
    archive=(--database "$DATABASE")
fi
cd "$root"
cargo build --release --quiet
python3 "$eval_dir/cf_project.py" "$eval_dir/climate-fever-dev.jsonl" "$project"
mkdir -p "$out"
if [[ ${#archive[@]} -gt 0 ]]; then
    target/release/factcheck --claims "$project/claims.toml" "${archive[@]}" index
fi
target/release/factcheck --claims "$project/claims.toml" "${rerank[@]}" "${archive[@]}" report --format json --top 10 -o "$out/report.json"
python3 "$eval_dir/cf_score.py" "$project" "$out/report.json" --name factcheck | tee "$out/score.txt"
if [[ $# -ge 1 ]]; then
    got=$(sed -n 's/^recall@5=//p' "$out/score.txt")
    python3 -c "import sys; g, m = float('$got'), float('$1'); print(f'recall@5 {g:.4f} vs required {m:.4f}'); sys.exit(0 if g >= m else 1)"
fi
