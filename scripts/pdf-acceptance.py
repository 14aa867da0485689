#!/usr/bin/env python3
"""Issue 13's acceptance on the five seeds: each seed turned into a PDF by a producer.

    scripts/pdf-acceptance.py [--bin target/release/factcheck] DIR...

Each DIR holds `000.pdf` ... `004.pdf`, the seeds `seeds/NNN_*.txt` made into PDFs by one
producer. For each DIR the sample project (claims.toml and seeds/) is copied, every seed
replaced by its PDF, and `factcheck report --format json` compared with the text copy's:

- citations: each keeps its status (or exact -> normalized) and has a page;
- passages: for each (claim, source) pair with matches in the text copy, the PDF copy's
  matches from that source are the same passages (their words, lowercased, compared).

Prints one line per DIR and the citations or pairs that differ.
"""

import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def words(text):
    return " ".join(w.lower() for w in re.split(r"\W+", text) if w)


def report(project, binary):
    run = subprocess.run(
        [binary, "report", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    if run.returncode != 0:
        sys.exit(f"factcheck failed in {project}: {run.stderr}")
    return json.loads(run.stdout)


def project_copy(tmp, pdfs=None):
    tmp.mkdir()
    shutil.copy(ROOT / "claims.toml", tmp / "claims.toml")
    shutil.copytree(ROOT / "seeds", tmp / "seeds")
    if pdfs is None:
        return tmp
    claims = (tmp / "claims.toml").read_text()
    for seed in sorted((tmp / "seeds").glob("*.txt")):
        stem = seed.name[:3]
        shutil.copy(pdfs / f"{stem}.pdf", tmp / "seeds" / f"{stem}.pdf")
        seed.unlink()
        claims = claims.replace(f'file = "{seed.name}"', f'file = "{stem}.pdf"')
    (tmp / "claims.toml").write_text(claims)
    return tmp


def passages(rep):
    out = {}
    for claim in rep["claims"]:
        for m in claim["matches"]:
            out.setdefault((claim["id"], m["source"]), []).append(words(m["text"]))
    return out


def main():
    args = sys.argv[1:]
    binary = str(ROOT / "target/release/factcheck")
    if args[:1] == ["--bin"]:
        binary, args = args[1], args[2:]
    with tempfile.TemporaryDirectory() as t:
        text = report(project_copy(pathlib.Path(t) / "text"), binary)
        for i, d in enumerate(args):
            rep = report(project_copy(pathlib.Path(t) / f"pdf{i}", pathlib.Path(d)), binary)
            kept, total, differ = 0, 0, []
            for tc, pc in zip(text["claims"], rep["claims"]):
                for a, b in zip(tc["citations"], pc["citations"]):
                    total += 1
                    ok = (a["status"] == b["status"] or (a["status"] == "exact" and b["status"] == "normalized"))
                    if ok and b.get("page"):
                        kept += 1
                    else:
                        differ.append(f"  citation {tc['id']} {a['source']}: {a['status']} -> {b['status']} page {b.get('page')}")
            tp, pp = passages(text), passages(rep)
            same = sum(1 for k, v in tp.items() if pp.get(k) == v)
            for k, v in tp.items():
                if pp.get(k) != v:
                    differ.append(f"  passages {k[0]} {k[1]}: {v} -> {pp.get(k)}")
            print(f"{d}: {kept} of {total} citations keep their status with a page; {same} of {len(tp)} (claim, source) pairs get the same passages ({same / max(len(tp), 1) * 100:.1f}%)")
            for line in differ:
                print(line)


if __name__ == "__main__":
    main()
