"""Simulation of the caseload chapter's trend model on the chapter's own design (issue 22).

Shared by tests/test_trend_coverage.py (CI sized) and tests/benchmarks/sim_trend.py (larger,
writes tests/benchmarks/sim_trend.csv). The design is read by the call the chapter makes
(:func:`probation_stats.derived.trend_design.caseload_trend_design`), never copied here: a
chapter that changes its dates or breaks changes what is checked.

Errors are simulated on the full grid of quarters from the first date to the last and read at
the dates the data hold (so quarters never found still carry the correlation), by a recursion
written here independently of the package's covariance matrices:
independent; first-order autocorrelation rho per quarter (stationary start); a random walk.
True values are the fit to the real data. Coverage: share of series whose 95% interval holds
the true coefficient. Size: share with p < 0.05 for a break term on series with no break at all
(baseline trend only), drawn separately.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from probation_stats.derived.trend_design import caseload_trend_design
from probation_stats.estimators.trend_breaks import trend_breaks

ALPHA = 0.05
#: Error processes simulated. The first four are the brief's; 0.3, 0.7 and 0.85 are held out
#: (not among the processes the "serial" interval is calibrated on).
PROCESSES = (0.0, 0.5, 0.8, "random walk", 0.3, 0.7, 0.85)
HELD_OUT = (0.3, 0.7, 0.85)


@functools.lru_cache(maxsize=None)
def chapter_fit(errors: str = "classical"):
    """The chapter's design and fit: (design, result of trend_breaks on the real totals). Cached: do not modify."""
    design = caseload_trend_design()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = trend_breaks(design.series, design.date, design.value, design.breaks, errors=errors)
    return design, res


def process_label(process) -> str:
    if process == "random walk":
        return "random walk errors"
    return "independent errors" if process == 0 else f"AR(1) {process:g} per quarter"


def simulate_errors(steps: np.ndarray, process, reps: int, rng: np.random.Generator) -> np.ndarray:
    """Errors (reps x dates) with unit innovation variance on the grid 0..max(steps), read at steps."""
    grid = int(steps.max()) + 1
    z = rng.standard_normal((reps, grid))
    if process == "random walk":
        e = np.cumsum(z, axis=1)
    else:
        rho = float(process)
        e = np.empty_like(z)
        e[:, 0] = z[:, 0]                          # stationary start: variance 1
        for i in range(1, grid):
            e[:, i] = rho * e[:, i - 1] + np.sqrt(1 - rho ** 2) * z[:, i]
    return e[:, steps]


def batch_intervals(X: np.ndarray, Y: np.ndarray, crit: np.ndarray):
    """OLS estimates and intervals ``b +- crit * se_classical`` for many series (rows of Y).

    The package's path for one series is trend_breaks; tests/test_trend_coverage.py proves the two equal.
    """
    n, k = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    b = Y @ (xtx_inv @ X.T).T
    resid = Y - b @ X.T
    s2 = (resid ** 2).sum(1) / (n - k)
    se = np.sqrt(s2[:, None] * np.diag(xtx_inv)[None, :])
    return b, b - crit * se, b + crit * se


def method_critical_values(res) -> np.ndarray:
    """The multiple of the standard error each published interval uses (``critical_value`` column)."""
    return res.critical_value.to_numpy(float)


def trend_rates(process, errors: str = "serial", reps: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Coverage of each coefficient's interval and size of each break term's test, one error process.

    Returns one row per term: ``term``, ``coverage``, ``size`` (NaN for the baseline terms, which
    have no "no effect" to test), ``reps``.
    """
    design, res = chapter_fit(errors)
    X = res.details["design"].to_numpy()
    steps = res.details["steps"]
    truth = res.estimate.to_numpy()
    sd = float(np.sqrt(res.fitted.scale))
    crit = method_critical_values(res)
    rng = np.random.default_rng(seed)
    y = X @ truth + sd * simulate_errors(steps, process, reps, rng)
    _, lo, hi = batch_intervals(X, y, crit)
    coverage = ((lo <= truth) & (truth <= hi)).mean(0)
    null_truth = np.where(res.term.str.startswith("baseline"), truth, 0.0)
    y0 = X @ null_truth + sd * simulate_errors(steps, process, reps, rng)
    _, lo0, hi0 = batch_intervals(X, y0, crit)
    reject = ((lo0 > 0) | (hi0 < 0)).mean(0)
    size = np.where(res.term.str.startswith("baseline"), np.nan, reject)
    return pd.DataFrame({"term": res.term.to_numpy(), "coverage": coverage, "size": size, "reps": reps})


def long_series_hac_rates(process, n: int = 40, errors: str = "hac", reps: int = 1000, seed: int = 0) -> pd.DataFrame:
    """A longer design where HAC errors are offered: ``n`` quarter-ends, one break halfway.

    Coverage per term of ``errors`` ("hac" through statsmodels, as trend_breaks fits it, or
    "serial"/"classical" through the batch path), true coefficients 0 except a trend of 1 a year.
    """
    import statsmodels.api as sm
    dates = pd.date_range("2010-03-31", periods=n, freq="QE")
    mid = dates[n // 2] - pd.Timedelta(days=10)
    base = pd.DataFrame({"date": dates, "value": np.arange(n, dtype=float) + np.random.default_rng(99).normal(0, 1, n)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = trend_breaks(base, "date", "value", {"b": mid}, errors=errors)
    X = res.details["design"].to_numpy()
    steps = res.details["steps"]
    truth = np.zeros(X.shape[1])
    truth[1] = 1.0
    rng = np.random.default_rng(seed)
    y = X @ truth + simulate_errors(steps, process, reps, rng)
    if errors == "hac":
        lags = int(res.method.iloc[0].split("(")[1].split(" ")[0])
        cover = np.zeros(X.shape[1])
        for r in range(reps):
            f = sm.OLS(y[r], X).fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True)
            ci = np.asarray(f.conf_int(alpha=ALPHA))
            cover += (ci[:, 0] <= truth) & (truth <= ci[:, 1])
        coverage = cover / reps
    else:
        _, lo, hi = batch_intervals(X, y, method_critical_values(res))
        coverage = ((lo <= truth) & (truth <= hi)).mean(0)
    return pd.DataFrame({"term": res.term.to_numpy(), "coverage": coverage, "reps": reps,
                         "method": res.method.iloc[0]})


def classical_t_crit(res) -> float:
    return float(stats.t.ppf(1 - ALPHA / 2, int(res.df.iloc[0])))


def tolerance(p: float, reps: int, z: float = 2.5) -> float:
    """Monte-Carlo allowance around a rate p estimated from reps draws."""
    return z * float(np.sqrt(p * (1 - p) / reps))
