#!/usr/bin/env bash
# Measures GET /api/v1/tools?limit=100 over 10,000 tools with wrk against the
# real server and, in the same run, against a bare net/http handler that
# serves the same bytes (docs/benchmarks.md, "Listing tools under wrk").
# Needs wrk (apt-get install -y wrk). Everything listens on 127.0.0.1 and is
# stopped at the end. Usage: scripts/bench-list-tools.sh [duration, default 5s]
# With BENCH_DB set to the URL of an empty PostgreSQL database, the server
# runs on it instead of a SQLite file.
set -euo pipefail
D=${1:-5s}
cd "$(dirname "$0")/.."
W=$(mktemp -d)
trap 'kill ${SP:-} ${BP:-} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W"' EXIT
go build -o "$W/interlock" ./cmd/interlock
mkdir "$W/bare" && cat > "$W/bare/main.go" <<'GO'
// Command bare serves one file's bytes as application/json on every request.
package main

import (
	"net/http"
	"os"
)

func main() {
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		panic(err)
	}
	_ = http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
}
GO
printf 'module bare\ngo 1.26\n' > "$W/bare/go.mod"
(cd "$W/bare" && go build -o "$W/bare-server" .)
cat > "$W/miss.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/tools?limit=100&nocache=" .. counter)
end
LUA
TOKEN=ilk_benchbenchbenchbenchbenchbench0001
DB=${BENCH_DB:-$W/seed.db}
"$W/interlock" dev seed --db "$DB" --tools 10000 --issues 0
INTERLOCK_ADMIN_TOKEN=$TOKEN "$W/interlock" serve --db "$DB" --addr 127.0.0.1:18081 >"$W/serve.log" 2>&1 &
SP=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18081/readyz >/dev/null && break; sleep 0.1; done
URL='http://127.0.0.1:18081/api/v1/tools?limit=100'
curl -sf -H "Authorization: Bearer $TOKEN" -o "$W/body.json" "$URL"
"$W/bare-server" 127.0.0.1:18082 "$W/body.json" &
BP=$!
sleep 0.3
echo "== bare net/http, the same $(wc -c <"$W/body.json") bytes"
wrk -t2 -c64 -d"$D" --latency http://127.0.0.1:18082/ | grep -E "Requests/sec|99%|Non-2xx"
echo "== interlock, GET /api/v1/tools?limit=100"
wrk -t2 -c64 -d"$D" --latency -H "Authorization: Bearer $TOKEN" "$URL" | grep -E "Requests/sec|99%|Non-2xx"
echo "== interlock, a new query string every request (no page cache)"
wrk -t2 -c64 -d"$D" --latency -s "$W/miss.lua" -H "Authorization: Bearer $TOKEN" "$URL" | grep -E "Requests/sec|99%|Non-2xx"
uptime
