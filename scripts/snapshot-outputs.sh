#!/usr/bin/env bash
# Every output of one factcheck binary on a fixed battery of projects, for checking that a
# refactoring changes no byte: run it with the old and the new binary, then `diff -r`.
#
# Usage: scripts/snapshot-outputs.sh BINARY OUT_DIR
#   BENCH_CLAIMS  a claims file to run `report --format json --top 5` on as well (default: the
#                 1,000 BBC claims of scripts/bench.sh, target/bench-data/x1/claims.toml, if present)
#
# Each command's standard output, standard error and exit code are kept. The projects are
# built in one fixed folder, so that paths printed by the two binaries are the same.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$(realpath "$1")
out=$(realpath -m "$2")
rm -rf "$out" && mkdir -p "$out"
work=${TMPDIR:-/tmp}/factcheck-snapshot-work
rm -rf "$work" && mkdir -p "$work"
export SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1

# run NAME DIR ARGS...: stdout to NAME.out, stderr to NAME.err, exit code to NAME.code
run() {
    local name=$1 dir=$2
    shift 2
    (cd "$dir" && "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err")
    echo $? >"$out/$name.code"
}

project() {
    local dir=$work/$1
    mkdir -p "$dir"
    cp -r "$root/seeds" "$dir/seeds"
    cp "$root/claims.toml" "$dir/claims.toml"
    echo "$dir"
}

# The shipped project.
seeds=$(project seeds)
for format in json md claimreview; do
    run "seeds-report-$format" "$seeds" report --format "$format"
done
run seeds-report-pdf "$seeds" report --format pdf -o -
run seeds-report-top1 "$seeds" report --format json --top 1
run seeds-report-top0-md "$seeds" report --format md --top 0
mkdir -p "$seeds/both"
run seeds-report-default "$seeds" report -o both
cp "$seeds/both/report.pdf" "$seeds/both/report.md" "$out/" 2>/dev/null
# An invalid SOURCE_DATE_EPOCH is refused (without one the report is dated today: not comparable).
(SOURCE_DATE_EPOCH=not-a-date run seeds-report-json-bad-date "$seeds" report --format json)
for format in human json github sarif junit; do
    run "seeds-check-$format" "$seeds" check --format "$format"
done
run seeds-check-min2 "$seeds" check --min-sources 3 --deny warnings
run seeds-search "$seeds" search "millions of calls per hour" --top 7
run seeds-search-none "$seeds" search "zebra quokka"
run seeds-cite-claim "$seeds" cite --claim netherlands-datacentre
run seeds-cite-all "$seeds" cite
run seeds-lock "$seeds" lock
cp "$seeds/claims.lock" "$out/seeds.lock"
run seeds-check-locked "$seeds" check --locked
# Drift: a line at the top of one article, a word changed in another, a line deleted in a third.
first=$(ls "$seeds/seeds" | head -1)
second=$(ls "$seeds/seeds" | sed -n 3p)
last=$(ls "$seeds/seeds" | tail -1)
sed -i '1i Correction: an earlier version of this article misspelt a name.\n' "$seeds/seeds/$first"
sed -i 's/Netherlands/Belgium/' "$seeds/seeds/$second"
sed -i "5d" "$seeds/seeds/$last"
for format in human json github sarif junit; do
    run "drift-check-$format" "$seeds" check --format "$format"
    run "drift-check-locked-$format" "$seeds" check --locked --format "$format"
done
run drift-report-json "$seeds" report --format json

# A lock gone stale: a claim removed, a quote shortened, a citation added after the lock.
stale=$(project stale)
run stale-lock "$stale" lock
python3 - "$stale/claims.toml" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
blocks = text.split("\n[[claims]]\n")
del blocks[2]
b = blocks[4]
i = b.find('quote = "')
j = b.find('"', i + 9)
words = b[i + 9:j].split()
blocks[4] = b[:i + 9] + " ".join(words[:max(3, len(words) // 2)]) + b[j:]
text = "\n[[claims]]\n".join(blocks)
text += '\n[[claims.citations]]\nsource = "amnesty"\nquote = "Microsoft"\n'
open(path, "w", encoding="utf-8").write(text)
PY
sed -i 's/Microsoft/Microsft/' "$stale/seeds/$(ls "$stale/seeds" | sed -n 2p)"
for format in human json github sarif junit; do
    run "stale-check-locked-$format" "$stale" check --locked --format "$format"
    run "stale-check-deny-$format" "$stale" check --deny warnings --min-sources 2 --format "$format"
done

# A broken copy: a near miss, an unknown source, an uncited claim, too few sources.
broken=$(project broken)
python3 - "$broken/claims.toml" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("datacentre in the Netherlands\"", "datacentre in the Belgium\"", 1)
text = text.replace('source = "guardian-bhrrc"', 'source = "guardian-bhrc"', 1)
text = text.replace("intercepted calls", "intercepted phone calls", 1)
text += '\n[[claims]]\nid = "lonely"\ntext = "No one cites this & <that>."\n'
text += '\n[[claims]]\nid = "elsewhere"\ntext = "A quote from another source."\n'
text += '\n[[claims.citations]]\nsource = "webpronews"\nquote = "violated the company\'s terms of service"\n'
open(path, "w", encoding="utf-8").write(text)
PY
for format in human json github sarif junit; do
    run "broken-check-$format" "$broken" check --format "$format" --min-sources 2
done
run broken-check-multi "$broken" check --output sarif=multi.sarif --output junit=multi.junit -o multi.json --format json
cp "$broken/multi.sarif" "$broken/multi.junit" "$broken/multi.json" "$out/" 2>/dev/null
for format in json md claimreview; do
    run "broken-report-$format" "$broken" report --format "$format"
done
run broken-report-pdf "$broken" report --format pdf -o -
run broken-cite-lonely "$broken" cite --claim lonely

# cite --write on claims whose citations were taken out.
uncited=$(project uncited)
python3 - "$uncited/claims.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
blocks = text.split("\n[[claims]]\n")
for i in (3, 7, 11):
    if i < len(blocks):
        blocks[i] = blocks[i].split("\n[[claims.citations]]\n")[0] + "\n"
open(path, "w", encoding="utf-8").write("\n[[claims]]\n".join(blocks))
PY
run uncited-cite "$uncited" cite
run uncited-cite-write "$uncited" cite --write
cp "$uncited/claims.toml" "$out/uncited-written.toml"
run uncited-check "$uncited" check

# Input errors.
errors=$(project errors)
bad() {
    local name=$1 text=$2
    printf '%s' "$text" >"$errors/$name.toml"
    run "error-$name" "$errors" --claims "$name.toml" check
}
bad syntax $'[project]\ntitle = "t\n'
bad unknown-field $'[project]\ntitle = "t"\nnotes = "x"\n'
bad duplicate-id $'[[claims]]\nid = "a"\ntext = "x"\n[[claims]]\nid = "a"\ntext = "y"\n'
bad bad-verdict $'[[claims]]\nid = "a"\ntext = "x"\nverdict = "maybe"\n'
bad quoted-date $'[sources.x]\nfile = "000_9145fefdaec83068.txt"\npublished = "2005-02-20"\n'
bad empty ''
run error-missing "$errors" --claims nope.toml check
run error-locked-no-lock "$errors" check --locked
run error-out-missing-dir "$errors" report --format json -o no/such/dir.json

# init, completions, man.
init=$work/init
mkdir -p "$init" && cp -r "$root/seeds" "$init/seeds"
run init "$init" init
cp "$init/claims.toml" "$out/init-claims.toml" 2>/dev/null
run init-again "$init" init
run completions "$work" completions bash
run man "$work" man

# The 1,000 BBC claims (scripts/bench.sh makes them).
bench=${BENCH_CLAIMS:-$root/target/bench-data/x1/claims.toml}
if [[ -f $bench ]]; then
    (cd "$(dirname "$bench")" && "$bin" --claims "$bench" report --format json --top 5 | sha256sum >"$out/bench-report-json.sha256")
    (cd "$(dirname "$bench")" && "$bin" --claims "$bench" check --format json | sha256sum >"$out/bench-check-json.sha256")
else
    echo "no $bench: run scripts/bench.sh 1 first" >&2
fi
echo "snapshot of $(find "$out" -type f | wc -l) files in $out"
