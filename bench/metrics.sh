#!/usr/bin/env bash
# The metric and drift library against its references, measured in one run on this machine:
# JMH (one thread) for Vigil, then scikit-learn / SciPy on the same sizes when Debian's
# python3-sklearn and python3-scipy are installed (apt-get install -y python3-sklearn python3-scipy).
#
#   bash bench/metrics.sh            # about 4 minutes
#   SKIP_BUILD=1 bash bench/metrics.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests package -pl bench -am >&2
fi
out="$root/bench/target/metrics-jmh.json"
java -jar bench/target/vigil-bench.jar \
  'io.vigil.bench.metrics.ClassificationBench.(confusionMatrix10M|macroF1_1M)$' \
  'io.vigil.bench.metrics.ProbabilisticBenchmark.rocAucFromLabels' \
  'io.vigil.bench.drift.DriftBenchmark' -p shift=0.003 \
  -f 1 -t 1 -wi 3 -i 5 -w 2s -r 2s -rf json -rff "$out" >&2
py=/usr/bin/python3
baseline=""
if "$py" -c 'import sklearn, scipy' 2>/dev/null; then
  baseline="$("$py" bench/metrics_baseline.py 5)"
else
  echo "metrics.sh: no python3-sklearn/python3-scipy: reference column left empty" >&2
fi
BASELINE="$baseline" python3 - "$out" <<'PY'
import json, os, sys
res = {r["benchmark"].rsplit(".", 1)[1]: r for r in json.load(open(sys.argv[1]))}
base = dict(line.split("\t") for line in os.environ.get("BASELINE", "").splitlines() if "\t" in line)
def ms(name):
    r = res[name]["primaryMetric"]
    if r["scoreUnit"] == "ops/s":
        return None
    return r["score"]
cm = res["confusionMatrix10M"]["primaryMetric"]["score"]  # rows/s (@OperationsPerInvocation(10M))
rows = [
  ("confusion-matrix accumulation, 10M rows", 10e6 / cm * 1000, "confusion_matrix 10M rows (sklearn)", f"{cm/1e6:.0f}M rows/s (target ≥ 100M rows/s)"),
  ("multiclass macro F1, 1M rows", ms("macroF1_1M"), "macro F1 1M rows (sklearn)", "≥ 2× faster"),
  ("binary ROC AUC, 1M scores", ms("rocAucFromLabels"), "binary ROC AUC 1M (sklearn)", "≥ 2× faster"),
  ("two-sample KS, 2 × 1M", ms("ksAsymptotic"), "KS 2x1M (scipy ks_2samp, asymp)", "≥ 2× faster"),
  ("PSI, 1M vs 1M", ms("psi"), "PSI 1M (numpy)", "—"),
]
print("| benchmark (one core) | Vigil | reference, same machine and run | ratio | target |")
print("|---|---|---|---|---|")
for name, v, key, target in rows:
    ref = base.get(key)
    refms = float(ref) * 1000 if ref else None
    ratio = f"{refms / v:.1f}× faster" if refms else "—"
    print(f"| {name} | {v:.1f} ms | {f'{refms:.0f} ms ({key})' if refms else '—'} | {ratio} | {target} |")
PY
