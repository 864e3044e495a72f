#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database the test suite may use
# (INTERLOCK_TEST_POSTGRES), starting one when there is none:
#   1. INTERLOCK_TEST_POSTGRES, when set, is used as it is;
#   2. else a server already answering on 127.0.0.1:5432 with trust
#      authentication for the user postgres (and a database "test") is used;
#   3. else Debian's postgresql is installed if missing, and a throwaway
#      cluster is made in a temporary directory and started on 127.0.0.1:55432
#      as the postgres user (PostgreSQL refuses to run as root). Its directory
#      is printed to stderr, and written to the file $INTERLOCK_PG_STATE when
#      that is set; `scripts/postgres-for-tests.sh stop DIR` ends it.
# Needs root for step 3, as CI runs.
set -euo pipefail

if [ "${1:-}" = stop ]; then
	dir=$2
	bin=$(cat "$dir/bindir")
	runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	exit 0
fi

if [ -n "${INTERLOCK_TEST_POSTGRES:-}" ]; then
	echo "$INTERLOCK_TEST_POSTGRES"
	exit 0
fi

existing="postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
if command -v psql >/dev/null 2>&1 && psql "$existing" -Atqc 'SELECT 1' >/dev/null 2>&1; then
	echo "$existing"
	exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends postgresql >&2
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
dir=$(mktemp -d /tmp/interlock-pg.XXXXXX)
chown postgres "$dir"
echo "$bin" >"$dir/bindir"
port=55432
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
# Tests need speed, not durability: nothing here outlives the run.
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
	"-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
	start >/dev/null
runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p $port -U postgres test
if [ -n "${INTERLOCK_PG_STATE:-}" ]; then echo "$dir" >"$INTERLOCK_PG_STATE"; fi
echo "throwaway PostgreSQL cluster in $dir (stop: scripts/postgres-for-tests.sh stop $dir)" >&2
echo "postgres://postgres@127.0.0.1:$port/test?sslmode=disable"
