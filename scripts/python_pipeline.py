#!/usr/bin/env python3
"""The pipeline a user would otherwise write in Python, for the side-by-side benchmark.

usage: python_pipeline.py CLAIMS_TOML OUT_JSON [--top K]

Does what `factcheck report --format json` does, the straightforward Python way: reads every
.txt/.md source under the project's sources folder, cuts it into sentences (a regex), verifies
each citation's quote (substring after whitespace folding, else the closest sentence by
difflib), retrieves the top K passages per claim with bm25s and the PyStemmer English stemmer,
and diffs the claim against each retrieved passage word by word with difflib. Writes a JSON
report with the same top-level shape.

Needs: pip install bm25s==0.3.16 PyStemmer==3.1.0 numpy (../shared/eval/requirements.txt).
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tomllib
from pathlib import Path

import bm25s
import Stemmer

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")
SPACE = re.compile(r"\s+")


def sentences(text: str):
    """(line number, sentence) for every sentence; a paragraph is a non-blank line."""
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        for s in SENTENCE_END.split(line):
            s = s.strip()
            if s:
                yield lineno, s


def fold(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return SPACE.sub(" ", s).strip().lower()


def word_diff(a: str, b: str):
    aw, bw = a.split(), b.split()
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, aw, bw, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append({"op": "equal", "text": " ".join(bw[j1:j2])})
        else:
            if i2 > i1:
                runs.append({"op": "delete", "text": " ".join(aw[i1:i2])})
            if j2 > j1:
                runs.append({"op": "insert", "text": " ".join(bw[j1:j2])})
    return runs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("claims")
    ap.add_argument("out")
    ap.add_argument("--top", type=int, default=5)
    args = ap.parse_args()

    claims_path = Path(args.claims)
    doc = tomllib.loads(claims_path.read_text(encoding="utf-8"))
    src_dir = claims_path.parent / doc["project"].get("sources", "seeds")

    ids, texts, passages = [], {}, []  # passages: (source id, line, text)
    for f in sorted(p for p in src_dir.rglob("*") if p.suffix in (".txt", ".md")):
        sid = f.relative_to(src_dir).with_suffix("").as_posix()
        text = f.read_text(encoding="utf-8")
        texts[sid] = text
        ids.append(sid)
        for lineno, s in sentences(text):
            if lineno > 1:  # the first line is the headline
                passages.append((sid, lineno, s))
    by_source = {}
    for sid, lineno, s in passages:
        by_source.setdefault(sid, []).append((lineno, s))
    folded = {sid: fold(t) for sid, t in texts.items()}

    stemmer = Stemmer.Stemmer("english")
    corpus_tokens = bm25s.tokenize([p[2] for p in passages], stopwords="en", stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)

    claims = doc.get("claims", [])
    query_tokens = bm25s.tokenize([c["text"] for c in claims], stopwords="en", stemmer=stemmer, show_progress=False)
    results, scores = retriever.retrieve(query_tokens, k=min(args.top, len(passages)), show_progress=False)

    out_claims = []
    for ci, claim in enumerate(claims):
        citations = []
        for cit in claim.get("citations", []):
            quote = fold(cit["quote"])
            hay = folded.get(cit["source"])
            if hay is None:
                status, best = "unknown-source", None
            elif quote in hay:
                status, best = "found", None
            else:
                cands = [s for _, s in by_source.get(cit["source"], [])]
                best = max(cands, key=lambda s: difflib.SequenceMatcher(None, quote, fold(s)).ratio(), default=None)
                status = "not-found"
            citations.append({"source": cit["source"], "quote": cit["quote"], "status": status,
                              "diff": word_diff(cit["quote"], best) if best else None})
        matches = []
        for rank in range(results.shape[1]):
            sid, lineno, text = passages[int(results[ci, rank])]
            matches.append({"source": sid, "line": lineno, "text": text, "score": float(scores[ci, rank]),
                            "diff": word_diff(claim["text"], text)})
        out_claims.append({"id": claim["id"], "text": claim["text"], "citations": citations, "matches": matches})

    Path(args.out).write_text(json.dumps({"schema_version": 1, "claims": out_claims}, ensure_ascii=False, indent=1),
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
