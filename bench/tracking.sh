#!/usr/bin/env bash
# Loopback load test of the Vigil tracking server: builds the jars, starts `vigil.jar server` in its own
# JVM on 127.0.0.1 (free port, fresh temporary SQLite store), waits for GET /health, runs
# io.vigil.bench.tracking.TrackingLoadGenerator against it in a second JVM, prints a Markdown table and
# stops the server.
#
#   bash bench/tracking.sh            # full run (a few minutes on 2 cores)
#   bash bench/tracking.sh --quick    # smoke run
#
# Environment:
#   VIGIL_JAVA_OPTS   extra JVM options for the server, e.g.
#                     "-XX:StartFlightRecording=filename=/tmp/vigil.jfr,settings=profile"
#   BENCH_JAVA_OPTS   JVM options for the load generator (default: -Xmx2g)
#   SKIP_BUILD=1      use the jars already in */target
#   KEEP_TMP=1        keep the temporary store and server log
#   VIGIL_BENCH_STORE_URI  another (empty) store instead of a fresh SQLite file, e.g.
#                     postgresql://vigil:vigil@127.0.0.1:55432/vigil_bench
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
server_jar="$root/vigil-server/target/vigil.jar"
bench_jar="$root/bench/target/vigil-bench.jar"
main=io.vigil.bench.tracking.TrackingLoadGenerator

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "tracking.sh: building (mvn -B -q -DskipTests package -pl bench -am)..." >&2
  mvn -B -q -DskipTests package -pl bench -am >&2
fi
[ -f "$server_jar" ] && [ -f "$bench_jar" ] || { echo "tracking.sh: missing $server_jar or $bench_jar" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "tracking.sh: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(java -cp "$bench_jar" "$main" --free-port)"
url="http://127.0.0.1:$port"
store="${VIGIL_BENCH_STORE_URI:-sqlite:///$tmp/vigil.db}"
echo "tracking.sh: starting server on $url (store ${store%%@*}…)" >&2
# shellcheck disable=SC2086
java ${VIGIL_JAVA_OPTS:-} -jar "$server_jar" server --host 127.0.0.1 --port "$port" \
  --backend-store-uri "$store" --default-artifact-root "$tmp/artifacts" \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
echo "$server_pid" >"$tmp/server.pid"

healthy=0
for _ in $(seq 1 300); do   # at most ~60 s
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "tracking.sh: the server exited during start-up:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  if curl -fsS --max-time 2 "$url/health" >/dev/null 2>&1; then healthy=1; break; fi
  sleep 0.2
done
[ "$healthy" = 1 ] || { echo "tracking.sh: server not healthy after 60 s:" >&2; cat "$tmp/server.log" >&2; exit 1; }

echo "tracking.sh: server pid $server_pid healthy; server JVM: $(java -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.runtime.version = //p')" >&2
out="$root/bench/target/tracking-results.md"
# The generator caps every phase itself; `timeout` is the last resort.
# shellcheck disable=SC2086
timeout 1200 java ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$bench_jar" "$main" --url "$url" --server-pid "$server_pid" --markdown-out "$out" "$@"
echo "tracking.sh: table also written to $out" >&2
