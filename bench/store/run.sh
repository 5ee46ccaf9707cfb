#!/usr/bin/env bash
# Minimal loopback measurement of a tracking store (no JMH): log-batch ingest at concurrency 4 through
# one and two in-process servers, and runs/search over 10,000 runs.
#   bench/store/run.sh postgresql://vigil:vigil@127.0.0.1:55432/vigil_bench [seconds=10] [runs=10000]
#   bench/store/run.sh sqlite:////tmp/vigil-bench.db
# Use an empty database (it adds experiments and runs). Builds vigil.jar when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=vigil-server/target/vigil.jar
[ -f "$jar" ] || mvn -B -q -o package -pl vigil-server -am -DskipTests
out=$(mktemp -d)
javac -d "$out" -cp "$jar" bench/store/StoreLoopbackBench.java
exec java -Xmx2g -cp "$jar:$out" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn StoreLoopbackBench "$@"
