"""Trend intervals on the caseload chapter's own design, with correlated errors (issue 22).

    .venv/bin/python tests/benchmarks/sim_trend.py            # about a minute on 2 cores
    .venv/bin/python tests/benchmarks/sim_trend.py --quick    # a tenth of the repetitions

The design (dates, breaks, true coefficients = the fit to the real totals) comes from
probation_stats.derived.trend_design.caseload_trend_design, the call the chapter makes; the
simulation itself is tests/trend_designs.py (shared with the CI-sized tests/test_trend_coverage.py).
Errors: independent, AR(1) 0.5 and 0.8 per quarter, a random walk, and three held-out
autocorrelations (0.3, 0.7, 0.85) that the "serial" intervals were not calibrated on.

Writes tests/benchmarks/sim_trend.csv (columns as sim_coverage.csv: estimate, design, method,
when, reps, coverage, coverage_mc_se, size, size_mc_se; when = "before" for the classical
intervals the chapter published, "after" for errors="serial") and sim_trend.json (the same
rows with the run's settings). Also two rows per process for Newey-West HAC errors on a 40-quarter
design, where the package offers them, beside errors="serial" there.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.simulation_tables import write_tables  # noqa: E402

from tests import trend_designs as td  # noqa: E402

OUT = Path(__file__).resolve().parent / "sim_trend"
METHODS = {"classical": ("classical OLS, t on residual df", "before"),
           "serial": ("least favourable error process (independent to random walk)", "after")}


def mc_se(p, reps):
    return float(np.sqrt(p * (1 - p) / reps)) if p is not None and np.isfinite(p) and reps else None


def main(scale: float = 1.0) -> list[dict]:
    R = lambda n: max(200, int(n * scale))  # noqa: E731
    design, res = td.chapter_fit()
    n_dates, n_breaks = len(design.series), len(design.breaks)
    df = int(res.df.iloc[0])
    rows = []

    def add(estimate, design_label, method, when, reps, coverage, size):
        size = None if size is None or not np.isfinite(size) else float(size)
        rows.append({"estimate": estimate, "design": design_label, "method": method, "when": when, "reps": reps,
                     "coverage": float(coverage), "coverage_mc_se": mc_se(coverage, reps),
                     "size": size, "size_mc_se": mc_se(size, reps)})
        print(f"{estimate:34} {design_label:62} {when:6} cov {coverage:.3f} "
              f"size {size if size is not None else float('nan'):.3f} ({reps})", flush=True)

    for i, process in enumerate(td.PROCESSES):
        held = " (held out)" if process in td.HELD_OUT else ""
        label = f"caseload chapter: {n_dates} quarter-ends, {n_breaks} breaks, {td.process_label(process)}{held}"
        for errors, (method, when) in METHODS.items():
            rates = td.trend_rates(process, errors, reps=R(10000), seed=100 + i)
            if errors == "classical":
                method = f"classical OLS, t({df})"
            for r in rates.itertuples():
                add(f"trend {r.term}", label, method, when, int(r.reps), r.coverage, r.size)
    for i, process in enumerate((0.0, 0.5, 0.8)):
        label = f"40 quarter-ends, 1 break, {td.process_label(process)}"
        for errors, when, reps in (("hac", "before", R(1000)), ("serial", "after", R(10000))):
            rates = td.long_series_hac_rates(process, errors=errors, reps=reps, seed=200 + i)
            method = ("Newey-West HAC (offered from 30 points, not published)" if errors == "hac"
                      else METHODS["serial"][0])
            for r in rates[rates.term.str.contains("_change_")].itertuples():
                add(f"trend (40 quarters) {r.term}", label, method, when, int(r.reps), r.coverage, None)
    return rows


if __name__ == "__main__":
    scale = 0.1 if "--quick" in sys.argv else 1.0
    start = time.time()
    rows = main(scale)
    write_tables(OUT, rows, what="trend_breaks intervals (nominal 95%) and tests (nominal 5%) on the caseload chapter's design, "
                    "with independent, autocorrelated and random-walk errors, before and after issue 22",
                 targets={"coverage": [0.93, 0.97], "max_size": 0.06}, scale=scale, start=start)
    print(f"wrote {OUT.name}.csv and .json in {time.time() - start:.0f} s")
