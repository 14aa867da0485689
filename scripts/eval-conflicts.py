#!/usr/bin/env python3
"""Claim-versus-source conflicts on the Climate-FEVER dev split: how often a claim gets a
conflict with a sentence annotators said SUPPORTS it (false conflicts) and with one they said
REFUTES it (conflicts found).

usage: eval-conflicts.py EVAL_DIR OUT_DIR FACTCHECK [--max-false RATE]

Builds the eval's project (EVAL_DIR/cf_project.py), cites every gold SUPPORTS and REFUTES
sentence of each claim as a quote of its article, runs `FACTCHECK report --format json --top 0`
and reads claims[].citations[].conflicts. Prints both rates, per conflict kind too, and writes
OUT_DIR/conflicts.json with every pair that got a conflict. With --max-false, exits 1 when the
false-conflict rate is above RATE. Standard library only.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir")
    ap.add_argument("out_dir")
    ap.add_argument("factcheck")
    ap.add_argument("--max-false", type=float, default=None)
    args = ap.parse_args()

    eval_dir = Path(args.eval_dir).resolve()
    out = Path(args.out_dir).resolve()
    subprocess.run([sys.executable, str(eval_dir / "cf_project.py"),
                    str(eval_dir / "climate-fever-dev.jsonl"), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(eval_dir))
    from cf_common import toml_basic_string  # noqa: E402

    gold = json.loads((out / "gold.json").read_text(encoding="utf-8"))
    # sentence text -> the source id of the article that holds it (the file's stem)
    where: dict[str, str] = {}
    for path in sorted((out / "sources").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            where.setdefault(para.strip(), path.stem)

    base = (out / "claims.toml").read_text(encoding="utf-8")
    head, _, rest = base.partition("[[claims]]")
    blocks = ["[[claims]]" + b for b in rest.split("[[claims]]")]
    ids = [json.loads(b.split("id = ", 1)[1].split("\n", 1)[0]) for b in blocks]
    pairs = []  # (claim id, label, sentence), in citation order
    lines = [head.rstrip("\n"), ""]
    for claim_id, block in zip(ids, blocks):
        lines.append(block.rstrip("\n"))
        lines.append("")
        for label in ("supports", "refutes"):
            for sentence in gold[claim_id][label]:
                if sentence not in where:
                    continue
                pairs.append((claim_id, label, sentence))
                lines += ["[[claims.citations]]", f"source = {toml_basic_string(where[sentence])}",
                          f"quote = {toml_basic_string(sentence)}", ""]
    claims = out / "claims-cited.toml"
    claims.write_text("\n".join(lines), encoding="utf-8")

    report = subprocess.run([args.factcheck, "--claims", str(claims), "report", "--format", "json",
                             "--top", "0"], check=True, capture_output=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "0"}).stdout
    analysis = json.loads(report)
    cited = [(c["id"], cit) for c in analysis["claims"] for cit in c["citations"]]
    assert len(cited) == len(pairs), (len(cited), len(pairs))

    totals = collections.Counter()
    hits = collections.Counter()
    kinds = {"supports": collections.Counter(), "refutes": collections.Counter()}
    found = []
    for (claim_id, label, sentence), (cid, citation) in zip(pairs, cited):
        assert cid == claim_id
        totals[label] += 1
        conflicts = citation.get("conflicts") or []
        if conflicts:
            hits[label] += 1
            for k in sorted({c["kind"] for c in conflicts}):
                kinds[label][k] += 1
            claim_text = next(c["text"] for c in analysis["claims"] if c["id"] == claim_id)
            found.append({"claim": claim_id, "label": label, "claim_text": claim_text,
                          "sentence": sentence, "conflicts": conflicts})
    (out / "conflicts.json").write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")

    def rate(label: str) -> float:
        return hits[label] / totals[label] if totals[label] else 0.0

    for label, name in (("supports", "false conflicts (SUPPORTS pairs)"),
                        ("refutes", "conflicts found (REFUTES pairs)")):
        by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds[label].items())) or "none"
        print(f"{name}: {hits[label]} of {totals[label]} = {rate(label):.3f} ({by_kind})")
    print(f"false_conflicts={rate('supports'):.4f}")
    print(f"refutes_conflicts={rate('refutes'):.4f}")
    if args.max_false is not None and rate("supports") > args.max_false:
        print(f"false-conflict rate {rate('supports'):.4f} is above {args.max_false}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
