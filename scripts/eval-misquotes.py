#!/usr/bin/env python3
"""Near miss or not found: where the closest passage of a cited source stops being worth
showing. Measured on misquotes generated from real articles.

usage: eval-misquotes.py OUT_DIR FACTCHECK DIR... [--per-source N] [--seed S]
                         [--max-false RATE] [--min-recall RATE]

Each DIR holds articles as .txt files (the seeds; BBC News, one folder per section). For each
article, N sentences of 8 to 40 words become quotes cited to it:
- misquotes: the sentence (a third of the time, 5 to 8 words of it) with 1 to 4 of the slips real misquotes show (a word dropped, an
  intensifier or filler added, a word or a two-word phrase replaced, a synonym, two words
  swapped, a contraction, a number changed), at most one in five words;
- unrelated: a sentence of another article of the same folder (same topic, so it shares
  names and words), cited to this one. Showing a "closest passage" for it misleads.

Runs `FACTCHECK report --format json --top 0` on the project and reads each citation's status
and `similarity` (the closest passage's words shared over the mean length). For a grid of
thresholds it prints how many misquotes would be shown with their closest passage (recall, by
number of slips) and how many unrelated sentences would (false shows), then the figures at the
threshold factcheck uses (status near-miss). With --max-false / --min-recall, exits 1 when the
built-in threshold shows more unrelated quotes or fewer misquotes than that. Writes
OUT_DIR/misquotes.json with every case. Standard library only; deterministic for a seed.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

INTENSIFIERS = ["totally", "really", "very", "just", "actually", "completely", "absolutely",
                "clearly", "certainly", "simply", "all", "even"]
SYNONYMS = {
    "said": "stated", "told": "informed", "big": "large", "large": "huge", "small": "little",
    "happening": "going on", "britain": "the UK", "uk": "Britain", "us": "America",
    "people": "persons", "children": "kids", "begin": "start", "began": "started",
    "start": "begin", "buy": "purchase", "bought": "purchased", "help": "assist",
    "think": "believe", "believe": "think", "very": "really", "important": "crucial",
    "need": "require", "show": "demonstrate", "showed": "revealed", "use": "utilise",
    "used": "employed", "many": "numerous", "government": "administration", "firm": "company",
    "company": "firm", "rise": "increase", "rose": "increased", "fell": "dropped",
    "cut": "reduce", "chance": "opportunity", "job": "work", "jobs": "work",
    "world": "globe", "country": "nation", "against": "versus", "about": "around",
    "also": "too", "but": "however", "because": "since", "while": "whilst",
    "would": "will", "will": "would", "could": "might", "can": "could", "must": "should",
    "has": "had", "have": "had", "is": "was", "was": "is", "are": "were", "were": "are",
}
CONTRACTIONS = [("do not", "don't"), ("is not", "isn't"), ("are not", "aren't"),
                ("will not", "won't"), ("cannot", "can't"), ("it is", "it's"),
                ("we are", "we're"), ("i am", "I'm"), ("they are", "they're"),
                ("did not", "didn't"), ("would not", "wouldn't"), ("have not", "haven't")]
SLIPS = ["drop", "add", "replace", "phrase", "synonym", "swap", "contraction", "number"]


def sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if not para:
            continue
        for s in re.split(r"(?<=[.!?])[\"'”’]?\s+(?=[\"'“‘A-Z0-9])", para):
            s = s.strip().strip("\"'“”‘’ ")
            n = len(s.split())
            if 8 <= n <= 40 and not re.search(r"\.\.\.|…", s):
                out.append(s)
    return out


def fragment(sentence: str, rng: random.Random) -> str:
    """A third of quotes are a few words cut from a sentence, as short quotes are."""
    words = sentence.split()
    if rng.random() >= 1 / 3:
        return sentence
    n = rng.randint(5, 8)
    at = rng.randrange(len(words) - n + 1)
    return " ".join(words[at:at + n]).strip(",.;:")


def slip(words: list[str], kind: str, rng: random.Random, vocab: list[str]) -> bool:
    """Apply one slip of `kind` to `words` in place; False when it does not apply."""
    n = len(words)
    if kind == "drop" and n > 4:
        del words[rng.randrange(1, n)]
        return True
    if kind == "add":
        words.insert(rng.randrange(1, n), rng.choice(INTENSIFIERS))
        return True
    if kind == "replace":
        i = rng.randrange(n)
        words[i] = rng.choice(vocab)
        return True
    if kind == "phrase" and n > 4:
        i = rng.randrange(n - 1)
        words[i:i + 2] = [rng.choice(vocab) for _ in range(rng.choice([1, 2, 3]))]
        return True
    if kind == "synonym":
        at = [i for i, w in enumerate(words) if w.lower().strip(",.;:") in SYNONYMS]
        if not at:
            return False
        i = rng.choice(at)
        bare = words[i].lower().strip(",.;:")
        words[i:i + 1] = SYNONYMS[bare].split()
        return True
    if kind == "swap" and n > 3:
        i = rng.randrange(n - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
        return True
    if kind == "contraction":
        joined = " ".join(words)
        for long, short in CONTRACTIONS:
            for a, b in ((long, short), (short, long)):
                m = re.search(r"\b" + re.escape(a) + r"\b", joined, re.IGNORECASE)
                if m:
                    words[:] = (joined[:m.start()] + b + joined[m.end():]).split()
                    return True
        return False
    if kind == "number":
        at = [i for i, w in enumerate(words) if re.search(r"\d", w)]
        if not at:
            return False
        i = rng.choice(at)
        words[i] = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), words[i], count=1)
        return True
    return False


def misquote(sentence: str, slips: int, rng: random.Random, vocab: list[str]) -> tuple[str, list[str]]:
    words = sentence.split()
    done: list[str] = []
    tries = 0
    while len(done) < slips and tries < 50:
        tries += 1
        kind = rng.choice(SLIPS)
        if slip(words, kind, rng, vocab):
            done.append(kind)
    return " ".join(words), done


def toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("factcheck")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--per-source", type=int, default=2)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--max-false", type=float, default=None)
    ap.add_argument("--min-recall", type=float, default=None)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    out = Path(args.out_dir).resolve()
    shutil.rmtree(out, ignore_errors=True)
    (out / "sources").mkdir(parents=True)
    # Articles grouped by folder: the unrelated quotes come from the same folder.
    groups: dict[str, list[tuple[str, str]]] = {}
    for d in args.dirs:
        for f in sorted(Path(d).rglob("*.txt")):
            group = f"{Path(d).name}/{f.parent.name}"
            sid = re.sub(r"[^a-z0-9]+", "-", f"{group}-{f.stem}".lower()).strip("-")
            groups.setdefault(group, []).append((sid, f.read_text(encoding="utf-8", errors="replace")))
    cases = []
    toml = ['[project]', 'title = "Misquotes"', 'sources = "sources"', '']
    for group, articles in sorted(groups.items()):
        if len(articles) < 2:
            continue
        # Every other article is a source; the rest lend the unrelated quotes, so that no
        # source holds them (else they are found, in the wrong source).
        cited, donors = articles[0::2], articles[1::2]
        for sid, text in cited:
            said = sentences(text)
            if not said:
                continue
            (out / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
            vocab = [w for s in said for w in s.split()]
            for s in rng.sample(said, min(args.per_source, len(said))):
                s = fragment(s, rng)
                # One slip in every five words at most: more is a different text, not a
                # misquote of this one.
                most = max(1, min(4, len(s.split()) // 5))
                quote, done = misquote(s, rng.randint(1, most), rng, vocab)
                cases.append({"kind": "misquote", "source": sid, "slips": done, "original": s, "quote": quote})
            for _ in range(args.per_source):
                osid, otext = rng.choice(donors)
                osaid = [x for x in sentences(otext) if x not in text]
                if osaid:
                    quote = fragment(rng.choice(osaid), rng)
                    cases.append({"kind": "unrelated", "source": sid, "from": osid, "quote": quote})
    for i, c in enumerate(cases):
        c["id"] = f"c{i:05d}"
        toml += ['[[claims]]', f'id = "{c["id"]}"', f'text = {toml_string(c["quote"])}',
                 '[[claims.citations]]', f'source = "{c["source"]}"', f'quote = {toml_string(c["quote"])}', '']
    (out / "claims.toml").write_text("\n".join(toml), encoding="utf-8")

    run = subprocess.run([args.factcheck, "--claims", str(out / "claims.toml"), "report",
                          "--format", "json", "--top", "0", "-o", str(out / "report.json")],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.stderr.write(run.stderr)
        return 2
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in report["claims"]}
    for c in cases:
        cit = by_id[c["id"]]["citations"][0]
        c["status"] = cit["status"]
        c["similarity"] = cit.get("similarity")
        c["line"] = cit.get("line")
    (out / "misquotes.json").write_text(json.dumps(cases, indent=1) + "\n", encoding="utf-8")

    # A misquote that still holds (a contraction folds, a swapped pair of equal words) is not
    # a case for the threshold.
    mis = [c for c in cases if c["kind"] == "misquote" and c["status"] in ("near-miss", "not-found")]
    held = sum(1 for c in cases if c["kind"] == "misquote") - len(mis)
    unrel = [c for c in cases if c["kind"] == "unrelated"]
    found = sum(c["status"] not in ("near-miss", "not-found") for c in unrel)
    print(f"{len(mis)} misquotes ({held} more still hold after folding), {len(unrel)} unrelated "
          f"quotes ({found} of them found verbatim somewhere: left in), "
          f"from {sum(len(a) for a in groups.values())} articles")

    def sim(c):
        return c["similarity"] if c["similarity"] is not None else 0.0

    def short(c):
        return len(c["quote"].split()) <= 8

    def rate(cs, t):
        return sum(sim(c) >= t for c in cs) / max(1, len(cs))

    print("threshold  misquotes shown: all (1/2/3/4 slips; quotes of <= 8 words)   unrelated shown: all (<= 8 words)")
    for t in [x / 20 for x in range(6, 17)]:
        per = "/".join(f"{rate([c for c in mis if len(c['slips']) == k], t):.3f}" for k in (1, 2, 3, 4))
        print(f"  {t:.2f}     {rate(mis, t):.3f} ({per}; {rate([c for c in mis if short(c)], t):.3f})"
              f"            {rate(unrel, t):.4f} ({rate([c for c in unrel if short(c)], t):.4f})")
    print(f"unrelated quotes' closest passages, most similar: "
          f"{sorted(sim(c) for c in unrel)[-5:]}")
    shown = sum(c["status"] == "near-miss" for c in mis) / max(1, len(mis))
    false = sum(c["status"] == "near-miss" for c in unrel) / max(1, len(unrel))
    print(f"factcheck's threshold: misquotes shown as near misses {shown:.3f}, unrelated quotes shown {false:.4f}")
    failed = False
    if args.max_false is not None and false > args.max_false:
        print(f"FAIL: unrelated quotes shown {false:.4f} > {args.max_false}")
        failed = True
    if args.min_recall is not None and shown < args.min_recall:
        print(f"FAIL: misquotes shown {shown:.3f} < {args.min_recall}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
