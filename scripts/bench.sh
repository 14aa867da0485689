#!/usr/bin/env bash
# The performance benchmark (README, "Performance"): BBC News at 1x, 4x and 16x, 1,000 claims.
#
# Usage: scripts/bench.sh [SCALES...]      (default: 1 4 16)
#   BBC_TARBALL  the corpus (default ../shared/bench/bbc-news.tar.gz)
#   NO_PYTHON=1  skip the side-by-side Python pipeline (needs bm25s, PyStemmer: installed if missing)
#   RUNS=N       time the CLI and the Python pipeline N times each, report the median (default 3)
#   FACTCHECK_BENCH_DATABASE=URL  also the archive backend: a PostgreSQL role that may create
#                databases (scripts/pg-local.sh starts one); each scale is indexed into a database
#                of its own, then `check` and `report` run against it and in memory
#   DATABASE_ONLY=1  only the archive comparison (skips the stage tables and Python)
#
# Unpacks into target/bench-data (git-ignored), makes the copies, generates the claims once,
# then for each scale prints the stage table of the in-process bench (wall s, CPU s, peak RSS
# MiB) and times the command a user runs, `factcheck report --format json --top 5`, as a
# separate process. Results are also written to target/bench-data/results.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 4 16)
tarball=${BBC_TARBALL:-$root/../shared/bench/bbc-news.tar.gz}
data=$root/target/bench-data
results=$data/results.md

cargo build --release --quiet
cargo build --release --quiet --bench pipeline
bench() { cargo bench --quiet --bench pipeline -- "$@"; }

# Run a command RUNS times (default 3) under /usr/bin/time and write the line ("wall user sys
# maxrss") of the run with the median wall time to $1: one run on a shared machine is noisy.
median_of_runs() {
    local out=$1
    shift
    local runs=${RUNS:-3} i
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%e %U %S %M' -o "$out.$i" "$@"
    done
    # time adds "Command exited with non-zero status N" for `check`'s exit 1: not a timing.
    grep -hv '^Command' "$out".? | sort -n | sed -n "$(((runs + 1) / 2))p" >"$out"
    rm -f "$out".?
}

mkdir -p "$data"
if [[ ! -d $data/bbc-news ]]; then
    tar -xzf "$tarball" -C "$data"
    # One article (sport/199.txt) is Windows-1252, not UTF-8; factcheck refuses such files,
    # so convert them the way its error message suggests.
    while IFS= read -r -d '' f; do
        if ! iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
            iconv -f WINDOWS-1252 -t UTF-8 "$f" >"$f.utf8" && mv "$f.utf8" "$f"
            echo "converted to UTF-8: ${f#"$data"/}"
        fi
    done < <(find "$data/bbc-news" -name '*.txt' -print0)
fi

for n in "${scales[@]}"; do
    dir=$data/x$n
    if [[ ! -d $dir/corpus/c$n ]]; then
        rm -rf "$dir"
        mkdir -p "$dir/corpus"
        for ((i = 1; i <= n; i++)); do cp -r "$data/bbc-news" "$dir/corpus/c$i"; done
    fi
done

# The claims come from the first copy, so every scale checks the same 1,000 claims.
first=$data/x${scales[0]}
if [[ ! -f $data/claims.toml ]]; then
    bench generate "$first/corpus" "$data/claims-gen.toml" "$data/gold.json" 1000
    sed 's|^sources = .*|sources = "corpus"|' "$data/claims-gen.toml" >"$data/claims.toml"
fi
for n in "${scales[@]}"; do cp "$data/claims.toml" "$data/gold.json" "$data/x$n/"; done

{
    echo "# factcheck benchmark: BBC News, 1,000 claims ($(nproc) cores)"
    echo
} >"$results"

declare -A cli_wall cli_cpu cli_rss
for n in "${scales[@]}"; do
    [[ -z ${DATABASE_ONLY:-} ]] || break
    dir=$data/x$n
    echo "== ${n}x: in-process stages (stage, wall s, CPU s, peak RSS MiB)"
    bench floor "$dir/corpus" | tee "$dir/floor.txt"
    bench run "$dir/claims.toml" "$dir/gold.json" | tee "$dir/stages.txt"
    echo "== ${n}x: factcheck report --format json --top 5"
    median_of_runs "$dir/time.txt" \
        target/release/factcheck --claims "$dir/claims.toml" report --format json --top 5 -o "$dir/report.json"
    read -r wall user sys rss <"$dir/time.txt"
    cli_wall[$n]=$wall
    cli_cpu[$n]=$(python3 -c "print(f'{$user + $sys:.2f}')")
    cli_rss[$n]=$((rss / 1024))
    echo "wall ${cli_wall[$n]} s, CPU ${cli_cpu[$n]} s, peak RSS ${cli_rss[$n]} MiB"
    {
        echo "## ${n}x"
        echo
        echo "| stage | wall s | CPU s | peak RSS MiB |"
        echo "| --- | --- | --- | --- |"
        grep -v '^#' "$dir/floor.txt" "$dir/stages.txt" -h | grep -v '^recall' |
            awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
        grep -h '^#' "$dir/floor.txt" "$dir/stages.txt" | sed 's/^# /\n/'
        echo
        grep '^recall' "$dir/stages.txt" | awk -F'\t' '{ printf "recall@5 on the generated claims: %s\n", $2 }'
        echo
    } >>"$results"
done

[[ -n ${DATABASE_ONLY:-} ]] || {
    echo "## The command a user runs: \`factcheck report --format json --top 5\`"
    echo
    echo "| corpus | wall s | CPU s | peak RSS MiB | wall vs 1x |"
    echo "| --- | --- | --- | --- | --- |"
    for n in "${scales[@]}"; do
        ratio=$(python3 -c "print(f'{${cli_wall[$n]} / ${cli_wall[${scales[0]}]}:.2f}')")
        echo "| ${n}x | ${cli_wall[$n]} | ${cli_cpu[$n]} | ${cli_rss[$n]} | $ratio |"
    done
    echo
} >>"$results"

if [[ -z ${NO_PYTHON:-} && -z ${DATABASE_ONLY:-} ]]; then
    python3 -c "import bm25s, Stemmer" 2>/dev/null || pip install -q bm25s==0.3.16 PyStemmer==3.1.0 numpy
    n=${scales[0]}
    dir=$data/x$n
    echo "== ${n}x: the Python pipeline (bm25s + PyStemmer + difflib), same corpus and claims"
    median_of_runs "$dir/time-python.txt" \
        python3 scripts/python_pipeline.py "$dir/claims.toml" "$dir/report-python.json"
    read -r pwall puser psys prss <"$dir/time-python.txt"
    ratio=$(python3 -c "print(f'{$pwall / ${cli_wall[$n]}:.1f}')")
    echo "python: wall $pwall s, peak RSS $((prss / 1024)) MiB; factcheck is ${ratio}x faster"
    {
        echo "## Side by side at ${n}x"
        echo
        echo "| pipeline | wall s | CPU s | peak RSS MiB |"
        echo "| --- | --- | --- | --- |"
        echo "| factcheck report --format json --top 5 | ${cli_wall[$n]} | ${cli_cpu[$n]} | ${cli_rss[$n]} |"
        echo "| Python: bm25s + PyStemmer + difflib | $pwall | $(python3 -c "print(f'{$puser + $psys:.2f}')") | $((prss / 1024)) |"
        echo
        echo "factcheck is ${ratio}x faster."
    } >>"$results"
fi

if [[ -n ${FACTCHECK_BENCH_DATABASE:-} ]]; then
    base=${FACTCHECK_BENCH_DATABASE%/*}
    fc=$root/target/release/factcheck
    sec() { python3 -c "print(f'{$1:.2f}')"; }
    declare -A row
    for n in "${scales[@]}"; do
        dir=$data/x$n
        db=factcheck_bench_x$n
        url=$base/$db
        psql "$FACTCHECK_BENCH_DATABASE" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
        echo "== ${n}x: factcheck index --database (first run, then a second over the unchanged folder)"
        /usr/bin/time -f '%e %U %S %M' -o "$dir/db-index.txt" "$fc" --claims "$dir/claims.toml" --database "$url" index
        /usr/bin/time -f '%e %U %S %M' -o "$dir/db-reindex.txt" "$fc" --claims "$dir/claims.toml" --database "$url" index
        size=$(psql "$url" -tAc "SELECT pg_database_size(current_database()) / 1048576")
        read -r iwall _ _ irss <"$dir/db-index.txt"
        read -r rwall _ _ _ <"$dir/db-reindex.txt"
        for mode in memory archive; do
            flags=()
            [[ $mode == archive ]] && flags=(--database "$url")
            echo "== ${n}x: check and report --format json --top 5, $mode"
            set +e
            median_of_runs "$dir/$mode-check.txt" "$fc" --claims "$dir/claims.toml" "${flags[@]}" check --format json -o "$dir/$mode-check.json"
            set -e
            median_of_runs "$dir/$mode-report.txt" "$fc" --claims "$dir/claims.toml" "${flags[@]}" report --format json --top 5 -o "$dir/$mode-report.json"
        done
        same=differ
        cmp -s "$dir/memory-report.json" "$dir/archive-report.json" && cmp -s "$dir/memory-check.json" "$dir/archive-check.json" && same=identical
        read -r mcw _ _ mcr <"$dir/memory-check.txt"
        read -r acw _ _ acr <"$dir/archive-check.txt"
        read -r mrw _ _ mrr <"$dir/memory-report.txt"
        read -r arw _ _ arr <"$dir/archive-report.txt"
        row[$n]="| ${n}x | $iwall | $((irss / 1024)) | $size | $rwall | $mcw / $acw | $((mcr / 1024)) / $((acr / 1024)) | $mrw / $arw | $((mrr / 1024)) / $((arr / 1024)) | $same |"
        echo "${row[$n]}"
    done
    {
        echo "## The archive backend (PostgreSQL, same machine)"
        echo
        echo "Index: the first \`factcheck index\` (wall s, client peak RSS MiB, database MiB), then a second run"
        echo "over the unchanged folder. Then \`check --format json\` and \`report --format json --top 5\`,"
        echo "in memory / against the archive (wall s, client peak RSS MiB), and whether both gave the same bytes."
        echo
        echo "| corpus | index s | index RSS | database MiB | re-index s | check s | check RSS | report s | report RSS | outputs |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for n in "${scales[@]}"; do echo "${row[$n]}"; done
        echo
    } >>"$results"
fi

echo
cat "$results"
