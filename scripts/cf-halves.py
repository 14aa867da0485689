#!/usr/bin/env python3
"""Score a report on the Climate-FEVER dev split and on its two halves.

usage: scripts/cf-halves.py PROJECT_DIR REPORT_JSON [REPORT_JSON...]

PROJECT_DIR is what cf_project.py wrote (target/cf-dev); the halves are the claims at even and
odd positions of its claims.toml (768 claims, sorted by claim id), so each half holds about half
of the claims with SUPPORTS gold. Prints, per report, R@1/5/10 and MRR@10 on the SUPPORTS gold
for all, even and odd. Uses the eval's own scorer: FACTCHECK_EVAL_DIR (default ../shared/eval).
"""
from __future__ import annotations

import json
import os
import sys
import tomllib
from pathlib import Path

root = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("FACTCHECK_EVAL_DIR", str(root.parent / "shared" / "eval")))
import cf_score  # noqa: E402


def metrics(gold: dict, report: dict, keep: set[str]) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        Path(d, "gold.json").write_text(json.dumps({k: v for k, v in gold.items() if k in keep}))
        return cf_score.score(Path(d), {k: v for k, v in report.items() if k in keep})["supports"]


def main() -> int:
    project = Path(sys.argv[1])
    gold = json.loads((project / "gold.json").read_text(encoding="utf-8"))
    ids = [c["id"] for c in tomllib.loads((project / "claims.toml").read_text(encoding="utf-8"))["claims"]]
    halves = {"all": set(ids), "even": set(ids[0::2]), "odd": set(ids[1::2])}
    print(f"{'report':<28} {'half':<5} {'claims':>6} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7}")
    for path in sys.argv[2:]:
        report = cf_score.load_report(Path(path))
        for name, keep in halves.items():
            m = metrics(gold, report, keep)
            print(f"{Path(path).name:<28} {name:<5} {m['claims']:>6} {m['recall@1']:>6.3f} "
                  f"{m['recall@5']:>6.3f} {m['recall@10']:>6.3f} {m['mrr@10']:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
