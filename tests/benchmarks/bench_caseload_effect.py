"""Benchmark: caseload_effect with a cluster bootstrap (figures, not a pass/fail test).

Target (issue 4): 2,000 bootstrap resamples on 28 providers x 60 cases in under 2 s on a
2-core machine, and time growing linearly with the number of resamples.

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


def timed(cases, n_boot):
    start = time.perf_counter()
    ps.caseload_effect(cases, "caseload", outcome="sufficient", provider="provider", n_boot=n_boot, n_perm=0)
    return time.perf_counter() - start


def main():
    cases = synthetic_cases()
    timed(cases, 100)  # warm-up: imports, first allocations
    rows = []
    for n_boot in RESAMPLES:
        times = [timed(cases, n_boot) for _ in range(REPEATS)]
        rows.append({"resamples": n_boot, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)})
        print(f"{n_boot:>6} resamples: median {rows[-1]['median_s']:.4f} s (min {rows[-1]['min_s']:.4f}, max {rows[-1]['max_s']:.4f})")
    # Linear growth: time per resample (after subtracting the fixed cost, estimated by least squares).
    x = np.array([r["resamples"] for r in rows], float)
    y = np.array([r["median_s"] for r in rows])
    slope, intercept = np.polyfit(x, y, 1)
    r2 = 1 - ((y - (slope * x + intercept)) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    result = {
        "benchmark": "caseload_effect, case-level input, 28 providers x 60 cases, cluster bootstrap only",
        "target": "2,000 resamples under 2 s; linear growth in resamples",
        "repeats": REPEATS, "rows": rows,
        "linear_fit": {"seconds_per_1000_resamples": slope * 1000, "fixed_seconds": intercept, "r_squared": r2},
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
                    "numpy": np.__version__, "pandas": pd.__version__, "probation_stats": ps.__version__},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"linear fit: {slope * 1000:.4f} s per 1,000 resamples + {intercept:.4f} s fixed (R^2 {r2:.3f}); wrote {OUT}")


if __name__ == "__main__":
    main()
