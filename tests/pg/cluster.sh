#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 18): `cluster.sh DIR` runs initdb and
# pg_ctl in DIR, listening only on a Unix socket in DIR (no TCP port), prints `ready DIR`,
# then waits for its standard input to close. Then — or on any signal, or if a step fails —
# it stops the server and removes DIR. The test harness (tests/it/common/pg.rs) holds that
# input open for as long as the test process lives, so the cluster is stopped however the
# process ends (a failed assertion, a panic, SIGKILL: the kernel closes the pipe).
#
# initdb and postgres refuse to run as root: as root (CI), the cluster runs as `nobody`
# (runuser), which owns DIR; tests connect through the socket as the superuser `postgres`.
# Members of the role `password_login` must log in with a password (scram-sha-256); every
# other role is trusted, as the socket is reachable only through DIR.
# PostgreSQL comes from the distribution's packages (.ci/deps installs `postgresql`).
set -euo pipefail

dir=${1:?usage: cluster.sh DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql: run .ci/deps" >&2
    exit 2
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    chown nobody: "$dir"
    as_owner=(runuser -u nobody --)
fi

stop() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 1' INT TERM HUP PIPE

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
# 200 parallel catool processes in one test (the PIN race) while other tests run beside it.
max_connections = 500
CONF
cat >"$dir/data/pg_hba.conf" <<HBA
local all +password_login scram-sha-256
local all all trust
HBA

"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
"$bindir/psql" -h "$dir" -U postgres -d postgres -q -c "CREATE ROLE password_login NOLOGIN" >/dev/null
echo "ready $dir"
cat >/dev/null
