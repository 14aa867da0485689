#!/usr/bin/env bash
# Build and run factcheck's fuzz targets (cargo-fuzz / libFuzzer), each for a fixed time.
#
#   fuzz/run.sh [SECONDS] [TARGET...]       # default: 600 s each, all seven targets, one by one
#
# Each target's corpus (fuzz/corpus/TARGET, not committed) is started from fuzz/seeds/TARGET
# and fuzz/regressions/TARGET. If a target crashes before its time is up, the crash input is
# kept (fuzz/artifacts/TARGET/crash-*) and fuzzing goes on for the rest of the time in
# libFuzzer's fork mode with -ignore_crashes=1, so every target gets its full time. The log of
# each run is fuzz/logs/TARGET.log; a summary line per target is printed at the end.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). On a stable toolchain the nightly
# flags cargo-fuzz passes are allowed with RUSTC_BOOTSTRAP=1, which this script sets.
# Environment: FUZZ_NICE (default 10) for `nice -n`; FUZZ_SANITIZER (default none: the crate
# has no unsafe code; "address" needs a toolchain with the ASan runtime); FUZZ_FLAGS, more
# libFuzzer flags (e.g. "-len_control=0" to try long inputs early).
set -euo pipefail

cd "$(dirname "$0")"
ALL_TARGETS=(claims segment quote quantity markdown_escape cite_write pdf_source)
SECONDS_EACH=600
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
    SECONDS_EACH=$1
    shift
fi
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=("${ALL_TARGETS[@]}")
NICE=${FUZZ_NICE:-10}
SANITIZER=${FUZZ_SANITIZER:-none}

if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi
# Release build with debug assertions and overflow checks on.
BUILD_FLAGS=(-O -a -s "$SANITIZER")
LIBFUZZER_FLAGS=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
read -r -a EXTRA_FLAGS <<<"${FUZZ_FLAGS:-}"
LIBFUZZER_FLAGS+=("${EXTRA_FLAGS[@]}")

echo "== building ${TARGETS[*]}"
for t in "${TARGETS[@]}"; do
    nice -n "$NICE" cargo fuzz build "${BUILD_FLAGS[@]}" "$t"
done
# Run the built binaries themselves: `cargo fuzz run` would rebuild when src/ changes meanwhile.
BIN_DIR="target/$(rustc -vV | sed -n 's/^host: //p')/release"

mkdir -p logs
summary=()
for t in "${TARGETS[@]}"; do
    corpus="corpus/$t"
    artifacts="artifacts/$t"
    log="logs/$t.log"
    mkdir -p "$corpus" "$artifacts"
    cp -n seeds/"$t"/* "$corpus"/ 2>/dev/null || true
    cp -n regressions/"$t"/* "$corpus"/ 2>/dev/null || true
    before=$(ls "$artifacts" | wc -l)
    : >"$log"
    start=$(date +%s)
    echo "== $t: fuzzing for ${SECONDS_EACH}s (log: fuzz/$log)"
    status=0
    timeout --signal=INT $((SECONDS_EACH + 300)) nice -n "$NICE" "$BIN_DIR/$t" \
        "${LIBFUZZER_FLAGS[@]}" -max_total_time="$SECONDS_EACH" \
        -artifact_prefix="$artifacts/" "$corpus" >>"$log" 2>&1 || status=$?
    elapsed=$(($(date +%s) - start))
    remaining=$((SECONDS_EACH - elapsed))
    first_runs=$(grep -aE '^#[0-9]+[[:space:]]' "$log" | grep -aoE '^#[0-9]+' | tail -1 | tr -d '#' || true)
    if [[ $status -ne 0 && $remaining -gt 5 ]]; then
        echo "== $t: crashed after ${elapsed}s (see fuzz/$log); going on for ${remaining}s in fork mode"
        echo "=== fork mode, -ignore_crashes=1, ${remaining}s ===" >>"$log"
        # A crashing input left in the corpus would crash every fork job at once.
        for f in "$corpus"/*; do
            if [[ -e "$artifacts/crash-$(sha1sum <"$f" | cut -c1-40)" ]]; then rm -f "$f"; fi
        done
        timeout --signal=INT $((remaining + 120)) nice -n "$NICE" "$BIN_DIR/$t" \
            "${LIBFUZZER_FLAGS[@]}" -max_total_time="$remaining" \
            -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
            -artifact_prefix="$artifacts/" "$corpus" >>"$log" 2>&1 || true
    fi
    elapsed=$(($(date +%s) - start))
    # The last status line of each phase: "#N DONE cov: C ft: F ..." (or "#N: cov: ..." in
    # fork mode), N being the inputs run so far in that phase.
    last=$(grep -aE '^#[0-9]+:?[[:space:]].*cov: ' "$log" | tail -1 || true)
    runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
    if grep -q '=== fork mode' "$log"; then
        runs=$((${first_runs:-0} + ${runs:-0}))
    fi
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    after=$(ls "$artifacts" | wc -l)
    found=$((after - before))
    line="$t: ${elapsed}s, ${runs:-?} runs, cov ${cov:-?}, ft ${ft:-?}, new artifacts ${found}"
    if [[ $found -gt 0 ]]; then
        line+=" ($(ls -t "$artifacts" | head -n "$found" | tr '\n' ' '))"
    fi
    echo "== $line"
    summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
