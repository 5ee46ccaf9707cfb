#!/usr/bin/env bash
# log-metric request rate measured with wrk (a C load generator: on 2 cores the JDK HttpClient in
# tracking.sh saturates before the server does). Starts vigil.jar on a fresh SQLite store on
# 127.0.0.1, creates a run, then posts one point per request (increasing steps, 10 keys) for 10 s at
# concurrency 1 and 4, and GET /version at concurrency 4 as the HTTP floor of this setup.
#
#   apt-get install -y wrk      # once (Debian package)
#   bash bench/log-metric-wrk.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { echo "log-metric-wrk.sh: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests package -pl vigil-server -am >&2
tmp="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar vigil-server/target/vigil.jar server --port "$port" --backend-store-uri "sqlite:///$tmp/v.db" \
  --default-artifact-root "$tmp/a" >"$tmp/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 300); do curl -fsS --max-time 2 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
run=$(curl -fsS -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/2.0/mlflow/runs/create" -d '{}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["run"]["info"]["run_id"])')
cat >"$tmp/log-metric.lua" <<LUA
counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = '{"run_id":"$run","key":"k' .. (counter % 10) .. '","value":0.5,"timestamp":1700000000000,"step":' .. counter .. '}'
  return wrk.format(nil, "/api/2.0/mlflow/runs/log-metric", nil, body)
end
LUA
u="http://127.0.0.1:$port/"
wrk -t1 -c4 -d5s -s "$tmp/log-metric.lua" "$u" >/dev/null   # warm-up
row() { # concurrency, label, extra args…
  local c=$1 label=$2; shift 2
  wrk -t1 -c"$c" -d10s --latency "$@" | awk -v c="$c" -v l="$label" '
    /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "| %s | %d | %.0f req/s | %s | %s | %s |\n", l, c, rps, p50, p99, (bad==""?"0":bad)}'
}
echo "| request | concurrency | rate | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
row 1 "log-metric (1 point)" -s "$tmp/log-metric.lua" "$u"
row 4 "log-metric (1 point)" -s "$tmp/log-metric.lua" "$u"
row 4 "GET /version (HTTP floor)" "${u}version"
points=$(curl -fsS "http://127.0.0.1:$port/api/2.0/mlflow/runs/get?run_id=$run" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["run"]["data"]["metrics"]))')
echo "(run $run has $points metric keys; nproc=$(nproc), $(java -version 2>&1 | head -1))"
