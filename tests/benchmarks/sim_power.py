"""Power study (figures, not a pass/fail test): every power figure the book prints, at the best
estimates of its inputs and over their range, with the figure the book printed before issue 22.

    .venv/bin/python tests/benchmarks/sim_power.py     # about a minute on 2 cores

Writes tests/benchmarks/sim_power.csv: one row per (estimate, design, when = before/after) in the
columns of sim_coverage.csv where they fit (``reps``, ``coverage`` and its Monte-Carlo SE at the
best estimates; ``size`` and its SE for the settings with no association), then ``power``,
``power_mc_se``, ``power_low`` and ``power_high`` (the range over the inputs' intervals).
The "after" rows are :func:`probation_stats.report.power_figures.book_power_figures`, the same
call the chapters make, so the table and the pages cannot disagree. The "before" rows re-run the
PDU design the way the book did before: the spread of the published risk-of-harm results taken
gross of sampling noise, which the simulation then added a second time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from probation_stats.estimators.power import workload_power  # noqa: E402
from probation_stats.report.power_figures import (_WORKLOAD_SEED, arrangement_words,  # noqa: E402
                                                  book_power_figures, workload_power_figures)

OUT = Path(__file__).resolve().parent / "sim_power.csv"


def _se(p, reps):
    return float(np.sqrt(p * (1 - p) / reps)) if pd.notna(p) and reps else None


def _design(row) -> str:
    if row.question == "caseload":
        return (f"{int(row.n_providers)} providers, cases {arrangement_words(row.cases_per_provider)}, "
                f"odds ratio {row.odds_ratio_per_10:g} per 10 cases")
    return f"{int(row.n_units)} PDU inspections, {row.slope_per_10:g} points per 10 points of vacancy rate"


def main() -> list[dict]:
    rows = []
    for r in book_power_figures().itertuples():
        null = r.question == "caseload" and r.odds_ratio_per_10 == 1.0
        rows.append({"estimate": f"power: {'caseload odds ratio' if r.question == 'caseload' else 'workload slope'}",
                     "design": _design(r), "method": r.method, "when": "after", "reps": int(r.n_sims),
                     "coverage": r.coverage if pd.notna(r.coverage) else None,
                     "coverage_mc_se": _se(r.coverage, r.n_sims),
                     "size": r.estimate if null else None, "size_mc_se": _se(r.estimate, r.n_sims) if null else None,
                     "power": None if null else r.estimate, "power_mc_se": None if null else _se(r.estimate, r.n_sims),
                     "power_low": r.range_low, "power_high": r.range_high})
    # Before: the gross spread of the published results (sampling noise counted twice), one point.
    details = workload_power_figures(n_units=(77,), n_sims=200).details
    gross = workload_power(n_units=(20, 40, 77), slope_per_10=(-5.0, -10.0), x_mean=details["x_mean"],
                           x_sd=details["x_sd"], outcome_mean=details["outcome_mean"],
                           between_unit_sd=details["between"]["observed_sd"], cases_per_unit=details["cases_per_unit"],
                           n_sims=2000, seed=_WORKLOAD_SEED)
    for r in gross.itertuples():
        rows.append({"estimate": "power: workload slope",
                     "design": f"{int(r.n)} PDU inspections, {r.slope_per_10:g} points per 10 points of vacancy rate",
                     "method": r.method + "; between-unit SD gross of sampling noise", "when": "before",
                     "reps": int(r.n_sims), "coverage": None, "coverage_mc_se": None, "size": None, "size_mc_se": None,
                     "power": r.estimate, "power_mc_se": _se(r.estimate, r.n_sims), "power_low": None, "power_high": None})
    return rows


if __name__ == "__main__":
    start = time.time()
    OUT.write_text(pd.DataFrame(main()).to_csv(index=False), encoding="utf-8")
    print(f"wrote {OUT.name} in {time.time() - start:.0f} s")
