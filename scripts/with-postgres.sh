#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on loopback, started as
# the unprivileged postgres user in a temporary directory, and exported as
# THROUGHLINE_TEST_POSTGRES. The cluster is stopped and removed on exit.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
	echo "with-postgres: PostgreSQL is not installed (make deps installs it)" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/throughline-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
run_as_postgres() {
	if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "$(id -u)" = 0 ]; then
	install -d -o postgres -g postgres "$dir/data" "$dir/sock"
else
	mkdir -p "$dir/data" "$dir/sock"
fi
chmod 755 "$dir"
cleanup() {
	run_as_postgres "$bin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT
run_as_postgres "$bin/initdb -D $dir/data -U postgres -A trust -E UTF8 --no-sync" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# The cluster is thrown away, so durability is traded for speed: no fsync,
# no WAL beyond what crash recovery of a live server needs, and no
# checkpoints while the tests write (each test database is a copy).
opts="-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
opts="$opts -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=8GB -c checkpoint_timeout=1h -c shared_buffers=256MB"
run_as_postgres "$bin/pg_ctl -D $dir/data -l $dir/sock/pg.log -w -o \"$opts\" start" >/dev/null || { cat "$dir/sock/pg.log" >&2; exit 1; }
# The Unix socket: each of the many small queries a test makes costs less than over TCP.
export THROUGHLINE_TEST_POSTGRES="postgres://postgres@/postgres?host=$dir/sock&port=$port&sslmode=disable"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
