#!/usr/bin/env bash
# Times the report and list requests of docs/scaling.md against a seeded database:
# starts `interlock serve` on it, sends each request seven times with curl, prints
# the medians, and stops the server. Usage: scripts/measure-reports.sh BINARY DB PORT
# (DB: a SQLite file or a postgres:// URL, seeded with `interlock dev seed`).
set -u
BIN=$1; DB=$2; PORT=$3
TOKEN=ilk_measuremeasuremeasure000001
start=$(date +%s.%N)
INTERLOCK_ADMIN_TOKEN=$TOKEN $BIN serve --db "$DB" --addr 127.0.0.1:$PORT > "${TMPDIR:-/tmp}/measure-serve-$PORT.log" 2>&1 &
SP=$!
for _ in $(seq 1 1200); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.5; done
echo "ready after $(echo "$(date +%s.%N) - $start" | bc) s (includes migrating and building roll-ups)"
t() {
  local name=$1 path=$2
  local times=()
  for i in 1 2 3 4 5 6 7; do
    times+=($(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path"))
  done
  local code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path")
  printf '%s\t%s\tmedian %s s\t(all: %s)\n' "$name" "$code" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)" "${times[*]}"
}
t slo_report_year "/api/v1/reports/slo"
t at_risk_list "/api/v1/issues?clock=at_risk&limit=100"
t open_blocking_list "/api/v1/issues?state=open&blocking=true&limit=100"
t breached_open_list "/api/v1/issues?state=open&clock=breached&limit=100"
t tools_page "/api/v1/tools?limit=100"
t tool_one "/api/v1/tools/5000"
kill $SP; wait $SP 2>/dev/null
