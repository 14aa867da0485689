#!/usr/bin/env bash
# The figures README.md gives about the sample project (seeds/ and claims.toml), as this
# build of factcheck makes them, one phrase per line, each as README.md words it (README's
# line breaks aside). After a change that moves them, run this and copy the lines into
# README.md; `cargo test` (first_session::readme_figures_are_the_scripts) fails until it does.
#
# Usage: scripts/readme-figures.sh [BINARY]    (default: target/debug/factcheck, built if missing)
# Needs bash and coreutils only. The report date is pinned (SOURCE_DATE_EPOCH), so the PDF's
# bytes, and its size, are the same on every run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/target/debug/factcheck}
if [[ $# -eq 0 && ! -x $bin ]]; then
    (cd "$root" && cargo build --quiet)
fi
[[ $bin = /* ]] || bin=$PWD/$bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/seeds" "$root/claims.toml" "$work/"
export SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1
(cd "$work" && "$bin" report --quiet --format json -o report.json && "$bin" report --quiet --format pdf -o report.pdf)

# The summary's counts, from the pretty-printed JSON ("key": value, one per line).
count() { grep -m1 -o "\"$1\": [0-9]*" "$work/report.json" | grep -o '[0-9]*$'; }
verdict() { grep -A1 "\"verdict\": \"$1\"" "$work/report.json" | grep -m1 -o '"count": [0-9]*' | grep -o '[0-9]*$'; }
claims=$(count claims)
sources=$(count sources)
pages=$(grep -a -o '/Type */Page[^s]' "$work/report.pdf" | wc -l)
bytes=$(wc -c < "$work/report.pdf")
kb=$(( (bytes + 500) / 1000 ))

echo "$sources articles about Microsoft restricting"
echo "and $claims claims about them"
echo "\"summary\": {\"claims\": $claims, \"sources\": $sources,"
echo "{\"verdict\": \"supported\", \"count\": $(verdict supported)}"
echo "\"citations\": $(count citations), \"citations_holding\": $(count citations_holding), \"claims_without_citation\": $(count claims_without_citation), \"claims_without_support\": $(count claims_without_support), \"discrepancies\": $(count discrepancies), \"supporting_sources\": $(count supporting_sources), \"refuting_sources\": $(count refuting_sources), \"suggested_sources\": $(count suggested_sources), \"citation_conflicts\": $(count citation_conflicts), \"sources_unused\": $(count sources_unused)}"
echo "The seeds' briefing is $pages pages, $kb KB"
