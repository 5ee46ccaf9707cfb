"""scikit-learn / SciPy timings on the same shapes as Vigil's JMH metric benchmarks.

Run by bench/metrics.sh with Debian's python3 (python3-sklearn 1.2.1, python3-scipy 1.10.1 — the
reference versions of the golden vectors). Prints one line per benchmark: name, best-of-N seconds.
Data are generated with NumPy, not the JMH generators, but with the same sizes and distributions.
"""
import sys
import time

import numpy as np
from scipy.stats import ks_2samp
from sklearn.metrics import confusion_matrix, f1_score, roc_auc_score


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = np.random.default_rng(42)
    k = 10
    y10 = rng.integers(0, k, 10_000_000)
    p10 = np.where(rng.integers(0, 10, y10.size) < 7, y10, rng.integers(0, k, y10.size))
    y1, p1 = y10[:1_000_000], p10[:1_000_000]
    labels = rng.integers(0, 2, 1_000_000)
    scores = np.round(labels * 0.5 + rng.standard_normal(labels.size), 3)
    ref = rng.standard_normal(1_000_000)
    cur = rng.standard_normal(1_000_000) + 0.003
    edges = np.quantile(ref, np.arange(1, 10) / 10)

    def psi():
        r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / ref.size
        c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10) / cur.size
        r = np.where(r == 0, 1e-4, r)
        c = np.where(c == 0, 1e-4, c)
        return np.sum((c - r) * np.log(c / r))

    rows = [
        ("confusion_matrix 10M rows (sklearn)", lambda: confusion_matrix(y10, p10, labels=list(range(k))), 2),
        ("macro F1 1M rows (sklearn)", lambda: f1_score(y1, p1, average="macro"), repeat),
        ("binary ROC AUC 1M (sklearn)", lambda: roc_auc_score(labels, scores), repeat),
        ("KS 2x1M (scipy ks_2samp, asymp)", lambda: ks_2samp(ref, cur, method="asymp"), repeat),
        ("PSI 1M (numpy)", psi, repeat),
    ]
    for name, fn, n in rows:
        print(f"{name}\t{best(fn, n):.4f}")


if __name__ == "__main__":
    main()
