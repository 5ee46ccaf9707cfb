#!/usr/bin/env bash
# Loopback load test of monitoring ingestion (predictions, then outcomes; batches of 1000, 4 threads):
# builds the jars, starts `vigil.jar server` in its own
# JVM on 127.0.0.1 (free port, fresh temporary SQLite store), waits for GET /health, runs
# io.vigil.bench.monitor.MonitorLoadGenerator against it in a second JVM, prints a Markdown table and
# stops the server.
#
#   bash bench/monitoring.sh            # full run (400k events each way)
#   bash bench/monitoring.sh --quick    # smoke run
#
# Environment:
#   VIGIL_JAVA_OPTS   extra JVM options for the server, e.g.
#                     "-XX:StartFlightRecording=filename=/tmp/vigil.jfr,settings=profile"
#   BENCH_JAVA_OPTS   JVM options for the load generator (default: -Xmx2g)
#   SKIP_BUILD=1      use the jars already in */target
#   KEEP_TMP=1        keep the temporary store and server log
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
server_jar="$root/vigil-server/target/vigil.jar"
bench_jar="$root/bench/target/vigil-bench.jar"
main=io.vigil.bench.monitor.MonitorLoadGenerator

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "monitoring.sh: building (mvn -B -q -DskipTests package -pl bench -am)..." >&2
  mvn -B -q -DskipTests package -pl bench -am >&2
fi
[ -f "$server_jar" ] && [ -f "$bench_jar" ] || { echo "monitoring.sh: missing $server_jar or $bench_jar" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "monitoring.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(java -cp "$bench_jar" io.vigil.bench.tracking.TrackingLoadGenerator --free-port)"
url="http://127.0.0.1:$port"
echo "monitoring.sh: starting server on $url (store $tmp/vigil.db)" >&2
# shellcheck disable=SC2086
java ${VIGIL_JAVA_OPTS:-} -jar "$server_jar" server --host 127.0.0.1 --port "$port" \
  --backend-store-uri "sqlite:///$tmp/vigil.db" --default-artifact-root "$tmp/artifacts" \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
echo "$server_pid" >"$tmp/server.pid"

healthy=0
for _ in $(seq 1 300); do   # at most ~60 s
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "monitoring.sh: the server exited during start-up:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  if curl -fsS --max-time 2 "$url/health" >/dev/null 2>&1; then healthy=1; break; fi
  sleep 0.2
done
[ "$healthy" = 1 ] || { echo "monitoring.sh: server not healthy after 60 s:" >&2; cat "$tmp/server.log" >&2; exit 1; }

echo "monitoring.sh: server pid $server_pid healthy; server JVM: $(java -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.runtime.version = //p')" >&2
out="$root/bench/target/monitoring-results.md"
# `timeout` is the last resort.
# shellcheck disable=SC2086
timeout 1200 java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$bench_jar" "$main" --url "$url" "$@" | tee "$out"
echo "monitoring.sh: table also written to $out" >&2
