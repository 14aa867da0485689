#!/usr/bin/env python3
"""Generate the retrieval lexicon, src/retrieve/lexicon/wordnet.txt, from WordNet 3.0.

usage: scripts/make-lexicon.py [--wordnet DIR] [--senses N] [--kinds s,p,x] [--out FILE]

DIR is a WordNet 3.0 database folder (default /usr/share/wordnet, from Debian's `wordnet-base`:
`apt-get install wordnet-base`). Standard library only; the output is deterministic, and what
`factcheck` ships is the output of the defaults (src/retrieve/lexicon/README.md says why).

Words are lowercased and single words only (letters, with inner hyphens or apostrophes):
WordNet's multi-word lemmas ("carbon_dioxide") are left out. Each line is one of

    s WORD WORD ~WORD ...   a synset (one sense) with at least two such words. A word without
                            "~" has this synset among its first N senses (WordNet orders a
                            word's senses by how often they were tagged in its sense-tagged
                            corpora, so these are its common senses) and is matched by the
                            others; a word with "~" only matches them (it is the synset's
                            member in a rarer sense of its own).
    p ADJECTIVE NOUN...     pertainyms and nationalities: the noun an adjective pertains to
                            ("dutch netherlands", "solar sun"), and a noun for a person of a
                            nationality with the country ("german germany deutschland frg")
    x INFLECTED BASE...     an irregular inflection and its base form ("bought buy"), from the
                            exception lists

Derivations ("decide" ~ "decision"), hypernyms, hyponyms, similar adjectives, entailments and
multi-word lemmas were measured too and are not generated: none helped (README, "Retrieval").
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
WORD = re.compile(r"^[a-z](?:[a-z'-]*[a-z])?$")
# Lexicographer files: 18 noun.person, 15 noun.location.
NOUN_PERSON = 18
NOUN_LOCATION = 15


def clean(word: str) -> str:
    # Adjective markers: "galore(ip)", "elect(p)".
    return re.sub(r"\([a-z]+\)$", "", word).lower()


def single(word: str) -> bool:
    return bool(WORD.match(word))


def read_data(folder: Path):
    """synset key (offset + pos) -> (lexicographer file, words, pointers); a pointer is
    (symbol, target key, source word number, target word number), 0 for whole synsets."""
    synsets = {}
    for pos, name in POS.items():
        with open(folder / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue  # the licence header
                fields = line.split(" | ", 1)[0].split()
                offset, lexfile = fields[0], int(fields[1])
                count = int(fields[3], 16)
                words = [clean(fields[4 + 2 * i]) for i in range(count)]
                at = 4 + 2 * count
                pointers = []
                for _ in range(int(fields[at])):
                    symbol, target, tpos, st = fields[at + 1 : at + 5]
                    at += 4
                    tpos = "a" if tpos == "s" else tpos
                    pointers.append((symbol, target + tpos, int(st[:2], 16), int(st[2:], 16)))
                synsets[offset + pos] = (lexfile, words, pointers)
    return synsets


def read_index(folder: Path):
    """(lemma, pos) -> synset keys, commonest sense first."""
    senses = {}
    for pos, name in POS.items():
        with open(folder / f"index.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                f = line.split()
                lemma, n_synsets, n_ptr = f[0], int(f[2]), int(f[3])
                offsets = f[4 + n_ptr + 2 :]
                assert len(offsets) == n_synsets, line
                senses[(lemma, pos)] = [o + pos for o in offsets]
    return senses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--senses", type=int, default=3, help="senses per word that give synonyms (3)")
    ap.add_argument("--kinds", default="s,p,x", help="lines to write, comma-separated (s,p,x)")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "src/retrieve/lexicon/wordnet.txt"))
    args = ap.parse_args()
    folder = Path(args.wordnet)
    kinds = set(args.kinds.split(","))
    synsets = read_data(folder)
    senses = read_index(folder)

    lines: set[str] = set()
    if "s" in kinds:
        # synset -> its single words that have it among their first senses
        common: dict[str, set[str]] = {}
        for (lemma, _pos), keys in senses.items():
            if single(lemma):
                for key in keys[: args.senses]:
                    common.setdefault(key, set()).add(lemma)
        for key, matched in common.items():
            words = sorted({w for w in synsets[key][1] if single(w)})
            if len(words) >= 2:
                lines.add("s " + " ".join(w if w in matched else "~" + w for w in words))

    def pairs(kind: str, word: str, related) -> None:
        related = sorted({r for r in related if r != word and single(r)})
        if related and single(word):
            lines.add(f"{kind} {word} {' '.join(related)}")

    if "p" in kinds:
        for (lemma, pos), keys in senses.items():
            lexfile, words, pointers = synsets[keys[0]]
            n = words.index(lemma) + 1 if lemma in words else 0
            related = []
            for sym, target, source_word, target_word in pointers:
                if pos == "a" and sym == "\\" and source_word == n and target.endswith("n"):
                    related.append(synsets[target][1][target_word - 1])
                # A person of a nationality and the country (member holonym).
                if pos == "n" and lexfile == NOUN_PERSON and sym == "#m" and synsets[target][0] == NOUN_LOCATION:
                    related.extend(synsets[target][1])
            pairs("p", lemma, related)
    if "x" in kinds:
        for name in POS.values():
            with open(folder / f"{name}.exc", encoding="latin-1") as fh:
                for line in fh:
                    inflected, *bases = line.split()
                    pairs("x", inflected, bases)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for line in sorted(lines):
            fh.write(line + "\n")
    print(f"{out}: {len(lines)} lines, {out.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
