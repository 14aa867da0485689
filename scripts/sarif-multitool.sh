#!/usr/bin/env bash
# Validates SARIF logs with Microsoft's SARIF Multitool and GitHub's ingestion rules
# (`sarif validate --rule-kind "Sarif;Gh"`: the SARIF spec's rules and the GHxxxx rules of
# GitHub code scanning), as the issue that asked for it did by hand.
#
# Usage: scripts/sarif-multitool.sh SARIF_FILE...
#
# Installs @microsoft/sarif-multitool (pinned, with npm) into target/sarif-multitool (or
# $SARIF_MULTITOOL_DIR) unless it is there. Prints every error and warning the Multitool
# reports and a count per file (of its notes too: suggestions such as snippets and
# versionControlProvenance, not shown); exits 1 if it reports any error for any file, 2 on a
# usage error. Warnings are shown but do not fail. The Multitool exits 0 whatever it finds,
# so the counts come from its output.
set -euo pipefail

version=5.7.0
[[ $# -ge 1 ]] || { echo "usage: $0 SARIF_FILE..." >&2; exit 2; }
for f in "$@"; do
    [[ -f $f ]] || { echo "error: no such file: $f" >&2; exit 2; }
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tool_dir=${SARIF_MULTITOOL_DIR:-$script_dir/../target/sarif-multitool}
mkdir -p "$tool_dir"
tool_dir=$(cd "$tool_dir" && pwd)

# The npm package's binary is a self-contained .NET executable per platform.
case "$(uname -s)" in
    Linux) platform=linux ;;
    Darwin) platform=darwin ;;
    *) echo "error: no SARIF Multitool package for $(uname -s)" >&2; exit 1 ;;
esac
multitool=$tool_dir/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool
installed=$tool_dir/node_modules/@microsoft/sarif-multitool/package.json
if [[ ! -f $installed ]] || ! grep -q "\"version\": \"$version\"" "$installed"; then
    command -v npm >/dev/null 2>&1 || { echo "error: npm is needed to install the SARIF Multitool" >&2; exit 1; }
    echo "installing @microsoft/sarif-multitool@$version into $tool_dir..." >&2
    npm install --prefix "$tool_dir" --no-audit --no-fund --silent "@microsoft/sarif-multitool@$version" >&2
fi
# Its postinstall script (which npm may not run) only makes the binary executable.
[[ -x $multitool ]] || chmod u+x "$multitool"

status=0
for f in "$@"; do
    # Every level, so that the count of notes (suggestions) is shown too; only errors fail.
    if ! out=$("$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning;Note" "$f" 2>&1); then
        printf '%s\n' "$out" >&2
        echo "error: the SARIF Multitool failed on $f" >&2
        status=1
        continue
    fi
    # Its findings are lines "FILE(LINE,COL): LEVEL RULE: message".
    pattern='\): (error|warning|note) [A-Z]+[0-9]+: '
    count() { grep -cE "\): $1 [A-Z]+[0-9]+: " <<<"$out" || true; }
    errors=$(count error)
    warnings=$(count warning)
    notes=$(count note)
    grep -E "$pattern" <<<"$out" | grep -vE '\): note ' >&2 || true
    echo "SARIF Multitool $version (Sarif;Gh): $f: $errors errors, $warnings warnings, $notes notes"
    [[ $errors -eq 0 ]] || status=1
done
exit "$status"
