#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for factcheck's archive backend, on 127.0.0.1 with a
# password (scram-sha-256), and print its URL. Used by .ci/run and by README's "Archives in
# PostgreSQL". Installs Debian's PostgreSQL when it is missing.
#
#   scripts/pg-local.sh [DIR]          start (or reuse) a server whose data is in DIR
#   scripts/pg-local.sh --stop [DIR]   stop it
#
# PGPORT picks the port (default 55432). The role and database are both "factcheck", the
# password "factcheck": for a local throwaway server only.
set -euo pipefail
stop=
if [[ ${1:-} == --stop ]]; then stop=1; shift; fi
dir=${1:-${TMPDIR:-/tmp}/factcheck-pg}
port=${PGPORT:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin=$(find_bin)
if [[ -z $bin && -z $stop ]]; then
    echo "installing PostgreSQL (apt-get install postgresql)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    bin=$(find_bin)
fi
[[ -n $bin ]] || { echo "PostgreSQL is not installed" >&2; exit 1; }

# PostgreSQL refuses to run as root: the server runs as the postgres user when we are root.
as_db() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ -n $stop ]]; then
    as_db "$bin/pg_ctl" -D "$dir" -m fast stop >&2 || true
    exit 0
fi

if [[ ! -s $dir/PG_VERSION ]]; then
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    pw=$(mktemp)
    echo factcheck >"$pw"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$pw"
    as_db "$bin/initdb" -D "$dir" -U factcheck --pwfile="$pw" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >&2
    rm -f "$pw"
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
if ! as_db "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_db "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >&2
fi
as_db "$bin/psql" -h "$dir" -p "$port" -U factcheck -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'factcheck'" | grep -q 1 ||
    as_db "$bin/createdb" -h "$dir" -p "$port" -U factcheck factcheck
echo "postgres://factcheck:factcheck@127.0.0.1:$port/factcheck"
