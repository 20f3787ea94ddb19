"""Benchmark: caseload_effect with its permutation test (figures, not a pass/fail test).

Issue 12 dropped the percentile cluster bootstrap (liberal: size 0.07-0.13); the resampling left
is the permutation test (provider caseloads shuffled, CR2 p-value as statistic), so this times
that. Target (issue 4, kept): 2,000 resamples on 28 providers x 60 cases in under 2 s on a
2-core machine, and time growing linearly with the number of resamples. Also reported: peak
memory (tracemalloc) of the case-level path on 20,000 cases (issue 12: within 300 MB), both
with a provider-level caseload (aggregated, with 2,000 permutations) and with case-level
caseloads (within_between=True, CR2 over 28 providers).

    .venv/bin/python tests/benchmarks/bench_caseload_effect.py   # writes book/benchmarks/caseload_effect.json

Each setting is run `REPEATS` times after a warm-up; the median wall time is reported. Data
are synthetic (seeded), 60 cases per provider, case-level input.
"""

import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

import probation_stats as ps

REPEATS = 7
RESAMPLES = [500, 1000, 2000, 4000, 8000]
OUT = Path(__file__).resolve().parents[2] / "book" / "benchmarks" / "caseload_effect.json"


def synthetic_cases(G=28, m=60, seed=20211):
    rng = np.random.default_rng(seed)
    x = rng.normal(45, 10, G)
    p = 1 / (1 + np.exp(-(np.log(0.8) / 10 * (x - 45) + rng.normal(0, 0.3, G))))
    return pd.DataFrame({"provider": np.repeat(np.arange(G), m), "caseload": np.repeat(x, m),
                         "sufficient": (rng.random(G * m) < np.repeat(p, m)).astype(int)})


def timed(cases, n_perm):
    start = time.perf_counter()
    ps.caseload_effect(cases, "caseload", outcome="sufficient", unit="provider", n_perm=n_perm)
    return time.perf_counter() - start


def peak_memory_mb(n_cases=20000, G=28, seed=1):
    """Peak traced memory of caseload_effect on n_cases case-level rows (both paths)."""
    rng = np.random.default_rng(seed)
    sizes = rng.multinomial(n_cases, np.full(G, 1 / G))
    prov = np.repeat(np.arange(G), sizes)
    x = np.repeat(rng.normal(45, 10, G), sizes)
    cases = pd.DataFrame({"provider": prov, "caseload": x, "officer_caseload": x + rng.normal(0, 5, n_cases),
                          "sufficient": (rng.random(n_cases) < 0.6).astype(int)})
    out = {}
    for label, kw in (("provider-level caseload, 2000 permutations", {"caseload": "caseload", "n_perm": 2000}),
                      ("case-level caseloads, within_between", {"caseload": "officer_caseload", "within_between": True})):
        tracemalloc.start()
        ps.caseload_effect(cases, outcome="sufficient", unit="provider", **kw)
        out[label] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return out


def main():
    cases = synthetic_cases()
    timed(cases, 100)  # warm-up: imports, first allocations
    rows = []
    for n_perm in RESAMPLES:
        times = [timed(cases, n_perm) for _ in range(REPEATS)]
        rows.append({"resamples": n_perm, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)})
        print(f"{n_perm:>6} resamples: median {rows[-1]['median_s']:.4f} s (min {rows[-1]['min_s']:.4f}, max {rows[-1]['max_s']:.4f})")
    # Linear growth: time per resample (after subtracting the fixed cost, estimated by least squares).
    x = np.array([r["resamples"] for r in rows], float)
    y = np.array([r["median_s"] for r in rows])
    slope, intercept = np.polyfit(x, y, 1)
    r2 = 1 - ((y - (slope * x + intercept)) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    result = {
        "benchmark": "caseload_effect, case-level input, 28 providers x 60 cases, permutation test only",
        "target": "2,000 resamples under 2 s; linear growth in resamples",
        "repeats": REPEATS, "rows": rows,
        "peak_memory_mb_20000_cases": peak_memory_mb(),
        "linear_fit": {"seconds_per_1000_resamples": slope * 1000, "fixed_seconds": intercept, "r_squared": r2},
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
                    "numpy": np.__version__, "pandas": pd.__version__, "probation_stats": ps.__version__},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"linear fit: {slope * 1000:.4f} s per 1,000 resamples + {intercept:.4f} s fixed (R^2 {r2:.3f}); wrote {OUT}")


if __name__ == "__main__":
    main()
