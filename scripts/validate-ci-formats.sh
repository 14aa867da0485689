#!/usr/bin/env bash
# Validates factcheck's CI outputs against their official schemas:
#   SARIF_FILE against the OASIS SARIF 2.1.0 JSON schema (draft-04, Python `jsonschema`),
#   JUNIT_FILE against the Jenkins xUnit JUnit schema junit-10.xsd (`xmllint`).
#
# Usage: scripts/validate-ci-formats.sh SARIF_FILE JUNIT_FILE [SCHEMAS_DIR]
#   SCHEMAS_DIR defaults to ../shared/schemas beside the repository root.
#
# Installs xmllint (Debian package libxml2-utils) and the Python package jsonschema when they
# are missing. Prints one line per valid file; exits non-zero if either file is invalid (both
# are always checked), 2 on a usage error.
set -euo pipefail

usage() {
    echo "usage: $0 SARIF_FILE JUNIT_FILE [SCHEMAS_DIR]" >&2
    exit 2
}

[[ $# -eq 2 || $# -eq 3 ]] || usage
sarif_file=$1
junit_file=$2

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -eq 3 ]]; then
    schemas_dir=$3
else
    repo_root=$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null || (cd "$script_dir/.." && pwd))
    schemas_dir="$repo_root/../shared/schemas"
fi
sarif_schema="$schemas_dir/sarif-schema-2.1.0.json"
junit_schema="$schemas_dir/junit-10.xsd"

for f in "$sarif_file" "$junit_file" "$sarif_schema" "$junit_schema"; do
    if [[ ! -f $f ]]; then
        echo "error: no such file: $f" >&2
        exit 2
    fi
done

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "error: need root to run: $*" >&2
        return 1
    fi
}

apt_updated=
# Quiet: apt's output is shown only if it fails.
apt_install() {
    local out
    if [[ -z $apt_updated ]]; then
        out=$(as_root apt-get update -qq 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
        apt_updated=1
    fi
    out=$(as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" 2>&1) \
        || { printf '%s\n' "$out" >&2; return 1; }
}

if ! command -v xmllint >/dev/null 2>&1; then
    echo "installing libxml2-utils (xmllint)..." >&2
    apt_install libxml2-utils
fi

if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
    echo "installing jsonschema (Python)..." >&2
    # pip first; where the system Python refuses pip installs (PEP 668), Debian's package.
    python3 -m pip install --quiet --disable-pip-version-check jsonschema >/dev/null 2>&1 \
        || apt_install python3-jsonschema
    python3 -c 'import jsonschema' || { echo "error: could not install jsonschema" >&2; exit 1; }
fi

status=0

# SARIF: the schema declares draft-04; validator_for picks the validator from its "$schema".
if python3 - "$sarif_file" "$sarif_schema" <<'PY'
import json
import sys

import jsonschema

instance_path, schema_path = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
try:
    with open(instance_path, encoding="utf-8") as f:
        instance = json.load(f)
except ValueError as e:
    print(f"{instance_path}: not JSON: {e}", file=sys.stderr)
    sys.exit(1)
validator_class = jsonschema.validators.validator_for(schema)
validator_class.check_schema(schema)
errors = sorted(validator_class(schema).iter_errors(instance), key=lambda e: list(e.absolute_path))
for e in errors:
    where = "/".join(str(p) for p in e.absolute_path) or "(root)"
    print(f"{instance_path}: {where}: {e.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
PY
then
    echo "valid SARIF 2.1.0: $sarif_file"
else
    echo "INVALID SARIF 2.1.0: $sarif_file" >&2
    status=1
fi

# JUnit: xmllint prints "FILE validates" on success; show its output only on failure.
if xmllint_out=$(xmllint --noout --schema "$junit_schema" "$junit_file" 2>&1); then
    echo "valid JUnit XML (junit-10.xsd): $junit_file"
else
    printf '%s\n' "$xmllint_out" >&2
    echo "INVALID JUnit XML (junit-10.xsd): $junit_file" >&2
    status=1
fi

exit "$status"
