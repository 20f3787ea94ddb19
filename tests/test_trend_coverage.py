"""The caseload chapter's trend intervals hold their rate on the chapter's own design (issue 22).

CI-sized version of tests/benchmarks/sim_trend.py (same simulation: tests/trend_designs.py).
The design is read by the chapter's own call; a test checks the chapter makes that call.
"""

import functools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from probation_stats.estimators.trend_breaks import trend_breaks
from tests import trend_designs as td

ROOT = Path(__file__).resolve().parents[1]
REPS = 2000


@functools.lru_cache(maxsize=None)
def rates(process, errors):
    return td.trend_rates(process, errors, reps=REPS, seed=7).set_index("term")


def _chapter():
    return json.loads((ROOT / "book" / "caseload.ipynb").read_text(encoding="utf-8"))


def _glued(name):
    for cell in _chapter()["cells"]:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return out["data"]["application/papermill.record/text/plain"].strip("'\"")
    raise KeyError(name)


def test_the_chapter_fits_the_design_the_simulation_checks():
    code = "\n".join("".join(c["source"]) for c in _chapter()["cells"] if c["cell_type"] == "code")
    assert "caseload_trend_design()" in code
    call = re.search(r"trend_breaks\(([^)]*)\)", code).group(1)
    assert call.replace(" ", "").startswith("design.series,design.date,design.value,design.breaks")
    assert 'errors="serial"' in call
    design, res = td.chapter_fit("serial")
    assert int(_glued("tb_n")) == len(design.series) == res.n.iloc[0]
    assert int(_glued("tb_df")) == res.df.iloc[0]
    # the simulation's truth is the fit to the same totals
    np.testing.assert_allclose(res.fitted.fittedvalues.to_numpy() + res.fitted.resid.to_numpy(),
                               design.series.value.to_numpy())


def test_the_batch_path_equals_trend_breaks():
    design, res = td.chapter_fit("serial")
    X = res.details["design"].to_numpy()
    rng = np.random.default_rng(3)
    Y = X @ res.estimate.to_numpy() + 3000 * td.simulate_errors(res.details["steps"], 0.8, 3, rng)
    b, lo, hi = td.batch_intervals(X, Y, td.method_critical_values(res))
    for r in range(3):
        one = trend_breaks(design.series.assign(value=Y[r]), design.date, design.value, design.breaks, errors="serial")
        # Equal to rounding: a tolerance on the scale of each interval's width, because an end
        # near zero (a slope of -39 beside a level of 283,000) has no useful relative tolerance.
        width = one.ci_high.to_numpy() - one.ci_low.to_numpy()
        for got, want in ((one.estimate, b[r]), (one.ci_low, lo[r]), (one.ci_high, hi[r])):
            np.testing.assert_array_less(np.abs(got.to_numpy() - want), 1e-9 * width + 1e-12)


@pytest.mark.parametrize("process", [0.0, 0.5, 0.8, "random walk", 0.7])
def test_serial_intervals_cover_and_tests_hold_size_on_the_chapter_design(process):
    r = rates(process, "serial")
    for term, row in r.iterrows():
        assert row.coverage >= 0.95 - td.tolerance(0.95, REPS), (process, term, row.coverage)
        if np.isfinite(row["size"]):
            assert row["size"] <= 0.05 + td.tolerance(0.05, REPS), (process, term, row["size"])


def test_classical_intervals_are_right_only_for_independent_errors():
    # Known answers of the audit (issue 22): the classical intervals cover 95% with independent
    # errors; with AR(1) 0.8 the baseline slope covers about 0.82, under a random walk the
    # Covid-19 level change is "significant" in about 12% of series with no break at all.
    indep, ar8, rw = rates(0.0, "classical"), rates(0.8, "classical"), rates("random walk", "classical")
    assert (abs(indep.coverage - 0.95) <= td.tolerance(0.95, REPS)).all()
    assert ar8.loc["baseline_slope", "coverage"] == pytest.approx(0.815, abs=0.03)
    assert rw.loc["level_change_covid", "size"] == pytest.approx(0.115, abs=0.025)


def test_the_benchmark_table_has_the_shared_columns_and_the_chapter_rows():
    table = pd.read_csv(ROOT / "tests" / "benchmarks" / "sim_trend.csv")
    assert list(table.columns) == ["estimate", "design", "method", "when", "reps", "coverage", "coverage_mc_se",
                                   "size", "size_mc_se"]
    assert set(table.when) == {"before", "after"}
    design, res = td.chapter_fit("serial")
    chapter = table[table.design.str.startswith(f"caseload chapter: {len(design.series)} quarter-ends")]
    assert set(chapter.estimate) == {f"trend {t}" for t in res.term}
    after = chapter[chapter.when == "after"]
    assert (after.coverage >= 0.95 - 2 * after.coverage_mc_se).all()
    assert (after["size"].dropna() <= 0.06).all()
