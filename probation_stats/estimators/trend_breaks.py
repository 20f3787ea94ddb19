"""What happened to a series at named dates? Segmented (interrupted) time-series regression.

``y = b0 + b1 * t + sum_k [ level_k * 1(t >= T_k) + slope_k * max(0, t - T_k) ]``

with ``t`` in years (irregularly spaced dates are fine: time is measured, not counted), fitted by
least squares. Two ways to put an interval round the estimates:

* ``errors="classical"`` (default): classical standard errors and t on the residual degrees of
  freedom. They hold when the errors are independent. Totals a quarter apart rarely are: on the
  caseload chapter's 17 quarterly totals (11 residual df) the baseline slope's interval covered
  about 81% and the pandemic level change's about 90% when quarter-to-quarter errors had
  first-order autocorrelation 0.8, and 89% under a random walk (``tests/benchmarks/sim_trend.py``).
  Every classical result therefore carries ``details["serial_check"]``: the coverage of each
  published interval if the errors were correlated (autocorrelation 0.5, 0.8, 0.9 per time step,
  or a random walk), measured by seeded simulation on the result's own dates, and a caveat states it.
* ``errors="serial"``: the same estimates and standard errors, but each coefficient's critical
  value and p-value taken from the distribution of its t statistic under the *least favourable*
  of a family of error processes (independent; first-order autocorrelation 0.2 to 0.95 per time
  step; a random walk), simulated on the result's own dates (a maximised Monte-Carlo test,
  Dufour 2006). The OLS t statistic does not depend on the coefficients or on the error scale, so
  the simulated distribution is exact up to Monte-Carlo error: the interval covers at least 95%
  under every process of the family (by construction; checked on held-out processes too), at the
  price of covering more than 95% when the errors are in fact independent.
  ``details["serial_check"]`` gives its coverage under each process.

Why neither HAC nor an estimated AR(1) correction: with a few dozen points or fewer the
Newey-West estimate is badly biased down (on a 9-date design its 95% intervals covered 43-64%);
it treats heteroskedasticity and weak, short-range correlation in long series, not the strong
correlation of quarterly totals: on 40 quarter-ends with one break its 95% intervals covered
85-87% with independent errors and 55-64% with autocorrelation 0.8 (``sim_trend.py``). It is
offered only from ``30`` points, with a caveat saying so.
An AR(1) GLS with the correlation estimated by REML from 17 points was tried: it covered 87%
(baseline level) to 93% with autocorrelation 0.8 and 86-90% under a random walk, because the
correlation cannot be estimated from so few points.

**Time steps.** Correlation is "per time step": the step is the smallest gap between dates
(``step_days`` to set it), and each gap is rounded to whole steps (so quarter-ends 90-92 days
apart are one step, a year apart four).

**Short segments.** A break whose segment (until the next break or the end) holds one value
gets a level change but no slope change; that value then has leverage 1 and residual 0, so its
own noise never enters any residual: the level change rests on the assumption that this point is
as noisy as the others. A segment of two values with a slope change is fitted exactly in the
same way (both residuals 0). Such rows are flagged (``single_point`` for one value, a ``note``
for both, a caveat printed by ``summary()``); ``single_point="refuse"`` raises for one value.
A constant series, or one the model fits exactly, is refused.

**Dates** must be datetimes, ISO 8601 text (``2021-06-26``), or text in one day-first or
month-first format with ``dayfirst`` given explicitly; mixed formats are never guessed
(``05/06/2021`` is 5 June with ``dayfirst=True``, 6 May with ``dayfirst=False``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probation_stats.estimators._checks import require_columns, require_finite
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["trend_breaks", "parse_dates", "time_steps", "serial_error_covariance", "serial_t_draws",
           "SERIAL_PROCESSES", "CHECK_PROCESSES", "SERIAL_REPS", "CHECK_REPS"]

_DAYS_PER_YEAR = 365.25
MIN_POINTS_FOR_HAC = 30

#: The error processes the "serial" intervals must hold under: autocorrelation per time step
#: (0 = independent) and "random walk". The interval uses the least favourable of them.
SERIAL_PROCESSES = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, "random walk")
#: The processes whose coverage every result reports in ``details["serial_check"]``.
CHECK_PROCESSES = (0.0, 0.5, 0.8, 0.9, "random walk")
#: Monte-Carlo draws per process, and the seed (fixed: the same data give the same interval).
SERIAL_REPS = 20000
SERIAL_SEED = 2022
#: Draws per process for the reported check (a rate to about +-0.6 points at 95%; kept small so
#: that a loop over many fits stays quick).
CHECK_REPS = 5000


def parse_dates(values, name: str, dayfirst: bool | None = None) -> pd.Series:
    """Read dates without guessing: datetimes as they are, ISO 8601 text, or one explicit order.

    Parameters
    ----------
    values : Series, list or scalar
        Datetimes, or text dates.
    name : str
        What the values are called in error messages.
    dayfirst : bool, optional
        For text that is not ISO 8601: True for day/month/year, False for month/day/year.

    Returns
    -------
    Series of datetime64

    Examples
    --------
    >>> parse_dates(["05/06/2021"], "date", dayfirst=True).dt.strftime("%d %B %Y").tolist()
    ['05 June 2021']
    >>> parse_dates(["2021-06-26"], "date").dt.day.tolist()
    [26]
    """
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s
    elif s.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year")).all():
        out = pd.to_datetime(s)
    else:
        text = s.astype("string").str.strip()
        if dayfirst is None:
            iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?").fillna(False).astype(bool)
            if not iso[text.notna()].all():
                raise ValueError(f"{name}: dates must be ISO 8601 (e.g. 2021-06-26) unless dayfirst= is given "
                                 f"(True for 26/06/2021, False for 06/26/2021); got e.g. {text[~iso].iloc[0]!r}")
            out = pd.to_datetime(text, format="ISO8601", errors="coerce")
        else:
            fmt_ = "%d/%m/%Y" if dayfirst else "%m/%d/%Y"
            sep = text.str.replace(r"[.\-]", "/", regex=True)
            try:
                out = pd.to_datetime(sep, format=fmt_)
            except (ValueError, TypeError):
                raise ValueError(f"{name}: every date must be written {'day/month/year' if dayfirst else 'month/day/year'} "
                                 f"(dayfirst={dayfirst}); some are not, e.g. among {list(text.dropna().iloc[:3])}") from None
    if out.isna().any():
        raise ValueError(f"{name} has unreadable or missing dates at rows {list(out.index[out.isna()][:5])}")
    return out


def time_steps(dates: pd.Series, step_days: float | None = None) -> np.ndarray:
    """Position of each date on a grid of whole time steps, the first date at 0.

    Parameters
    ----------
    dates : Series of datetime64
        Sorted, distinct dates.
    step_days : float, optional
        Length of one step in days; default the smallest gap between consecutive dates.

    Returns
    -------
    ndarray of int
        Cumulative sums of the gaps rounded to whole steps (rounding each gap, not the running
        total, so that quarter-ends 90 to 92 days apart never drift by a step).

    Examples
    --------
    >>> time_steps(pd.Series(pd.to_datetime(["2020-03-31", "2020-06-30", "2021-06-30", "2021-09-30"]))).tolist()
    [0, 1, 5, 6]
    """
    gaps = pd.Series(dates).diff().dt.days.to_numpy()[1:]
    if len(gaps) == 0:
        return np.zeros(1, dtype=int)
    step = float(step_days) if step_days is not None else float(gaps.min())
    if not step > 0:
        raise ValueError(f"step_days must be positive, got {step}")
    return np.r_[0, np.cumsum(np.maximum(1, np.rint(gaps / step)))].astype(int)


def serial_error_covariance(steps: np.ndarray, process) -> np.ndarray:
    """Correlation (or covariance) matrix of errors at ``steps`` under one error process.

    Parameters
    ----------
    steps : array of int
        Positions on the grid of time steps (:func:`time_steps`).
    process : float or "random walk"
        First-order autocorrelation per step (0 = independent, below 1), or a random walk that
        starts with one step's variance at the first date.

    Returns
    -------
    ndarray, shape (n, n)
        ``rho ** |i - j|`` in steps for an autocorrelation; ``1 + min(i, j)`` for a random walk.

    Examples
    --------
    >>> serial_error_covariance(np.array([0, 1, 3]), 0.5).round(3).tolist()
    [[1.0, 0.5, 0.125], [0.5, 1.0, 0.25], [0.125, 0.25, 1.0]]
    >>> serial_error_covariance(np.array([0, 1, 3]), "random walk").tolist()
    [[1.0, 1.0, 1.0], [1.0, 2.0, 2.0], [1.0, 2.0, 4.0]]
    """
    steps = np.asarray(steps, dtype=float)
    if process == "random walk":
        return 1.0 + np.minimum.outer(steps, steps)
    rho = float(process)
    if not 0 <= rho < 1:
        raise ValueError(f"autocorrelation must be in [0, 1), or process='random walk'; got {process!r}")
    gap = np.abs(np.subtract.outer(steps, steps))
    return np.where(gap == 0, 1.0, rho ** gap)


def serial_t_draws(X, steps, processes=SERIAL_PROCESSES, reps: int = SERIAL_REPS, seed: int = SERIAL_SEED) -> dict:
    """Simulated OLS t statistics of every coefficient under each error process.

    The t statistic ``(b_hat - b) / se_classical`` of least squares with a fixed design depends
    neither on the coefficients nor on the scale of the errors, only on their correlation, so
    ``reps`` draws of Gaussian errors per process give its distribution exactly up to
    Monte-Carlo error. The same normal draws are reused for every process (common random numbers).

    Parameters
    ----------
    X : array, shape (n, k)
        The design (``details["design"]`` of a :func:`trend_breaks` result).
    steps : array of int
        Each row's position in time steps (:func:`time_steps`).
    processes : sequence
        Autocorrelations per step and/or "random walk" (see :func:`serial_error_covariance`).
    reps, seed : int
        Draws per process and the seed.

    Returns
    -------
    dict
        ``{process: ndarray (reps, k)}`` of t statistics.

    Examples
    --------
    >>> X = np.column_stack([np.ones(12), np.arange(12.0)])
    >>> draws = serial_t_draws(X, np.arange(12), processes=(0.0,), reps=20000, seed=1)
    >>> round(float(np.quantile(np.abs(draws[0.0][:, 1]), 0.95)), 1)   # t(10): 2.23
    2.2
    """
    X = np.asarray(X, dtype=float)
    n, k = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    hat = xtx_inv @ X.T
    resid_maker = np.eye(n) - X @ hat
    z = np.random.default_rng(seed).standard_normal((reps, n))
    out = {}
    for process in processes:
        # a tiny ridge keeps the Cholesky factor real when dates are many steps apart and rho ~ 1
        chol = np.linalg.cholesky(serial_error_covariance(steps, process) + 1e-12 * np.eye(n))
        # einsum, not @: for these thin products BLAS's thread start-up costs ten times the arithmetic
        e = np.einsum("rj,ij->ri", z, chol, optimize=False)
        b = np.einsum("rj,ij->ri", e, hat, optimize=False)
        s2 = (np.einsum("rj,ij->ri", e, resid_maker, optimize=False) ** 2).sum(1) / (n - k)
        out[process] = b / np.sqrt(s2[:, None] * np.diag(xtx_inv)[None, :])
    return out


def _t_crit(df: int, alpha: float) -> float:
    from scipy import stats
    return float(stats.t.ppf(1 - alpha / 2, df))


def _process_label(process) -> str:
    return "random walk" if process == "random walk" else ("independent" if float(process) == 0 else
                                                          f"autocorrelation {float(process):g}")


def trend_breaks(data: pd.DataFrame, date: str, value: str, breaks: dict[str, str | pd.Timestamp], *,
                 dayfirst: bool | None = None, errors: str = "classical", single_point: str = "flag",
                 maxlags: int | None = None, step_days: float | None = None, alpha: float = 0.05) -> EstimateTable:
    """Level and slope changes of ``value`` at each named break date.

    Parameters
    ----------
    data : DataFrame
        One row per observation; dates need not be evenly spaced but must be distinct.
    date : str
        Column with the date: datetimes, ISO 8601 text, or text in one order given by ``dayfirst``.
    value : str
        Numeric column with the measured number.
    breaks : dict
        ``{name: date}``, e.g. ``{"split": "2014-06-01", "reunification": "2021-06-26"}``
        (same date rules as ``date``).
    dayfirst : bool, optional
        For text dates that are not ISO 8601: True = day/month/year, False = month/day/year.
    errors : {"classical", "serial", "hac"}
        Intervals and p-values: classical OLS (default; they hold for independent errors), "serial"
        (critical values and p-values that hold under every error process of
        :data:`SERIAL_PROCESSES`, from independent to a random walk: see the module notes), or
        Newey-West HAC (only with at least 30 values; it is *not* a correction for the strong
        correlation of quarterly totals, see the module notes).
    single_point : {"flag", "refuse"}
        What to do when a break's segment holds one value (see the module notes).
    maxlags : int, optional
        HAC lags (``errors="hac"`` only); default ``floor(4 * (n / 100) ** (2 / 9))``.
    step_days : float, optional
        Length of one time step for the serial correlation (default: the smallest gap between dates).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    EstimateTable
        Rows ``baseline_level`` (value at the first date), ``baseline_slope`` (per year), and
        per break ``level_change_<name>`` and ``slope_change_<name>`` (per year). Core columns,
        ``n`` being the number of dated values, plus ``n_segment`` (values between the break and
        the next), ``single_point``, ``break_date``, ``df``, ``critical_value`` (the multiple of the
        standard error each side of the estimate) and ``note``. ``.fitted`` is the statsmodels
        OLS result (its intervals are the table's for "classical" and "hac"). ``.details`` holds
        ``design``, ``t0``, ``steps`` and ``serial_check``: one row per term and error process
        (:data:`CHECK_PROCESSES`) with ``coverage``, the share of simulated series whose
        published interval covers the true value under that process (seeded).

    Examples
    --------
    >>> import pandas as pd
    >>> synthetic = pd.DataFrame({"date": pd.date_range("2015-01-01", periods=10, freq="YS"),
    ...                           "value": [100, 104, 108, 112, 116, 90, 92, 94, 96, 98.5]})
    >>> res = trend_breaks(synthetic, "date", "value", {"policy": "2020-01-01"})
    >>> print(f"{res.row('level_change_policy').estimate:.1f}")
    -30.1
    >>> res.row("level_change_policy").method
    'segmented OLS, classical errors, t with 6 df'
    """
    import statsmodels.api as sm

    require_columns(data, date, value)
    require_finite(data, value)
    if errors not in ("classical", "serial", "hac"):
        raise ValueError(f"errors must be 'classical', 'serial' or 'hac', got {errors!r}")
    if single_point not in ("flag", "refuse"):
        raise ValueError(f"single_point must be 'flag' or 'refuse', got {single_point!r}")
    if not breaks:
        raise ValueError("give at least one break date")
    frame = data[[date, value]].copy()
    frame[date] = parse_dates(frame[date], f"column '{date}'", dayfirst)
    frame = frame.sort_values(date)
    if frame[date].duplicated().any():
        raise ValueError(f"column '{date}' has repeated dates {list(frame[date][frame[date].duplicated()].dt.date[:3])}; "
                         "give one value per date")
    if frame[value].nunique() < 2:
        raise ValueError(f"column '{value}' is constant ({frame[value].iloc[0]:g} at every date): "
                         "there is no trend or change to estimate")
    names = list(breaks)
    when_all = parse_dates(pd.Series(list(breaks.values())), "breaks", dayfirst)
    n = len(frame)
    t0 = frame[date].iloc[0]
    t = ((frame[date] - t0).dt.days / _DAYS_PER_YEAR).to_numpy()
    y = frame[value].to_numpy(float)
    columns = {"baseline_level": np.ones(n), "baseline_slope": t}
    notes, info, single, short = {}, {}, [], []
    ordered = sorted(zip(names, when_all), key=lambda kv: kv[1])
    first_break = ordered[0][1]
    n_before_first = int((frame[date] < first_break).sum())
    if n_before_first < 2:
        raise ValueError(f"only {n_before_first} value(s) before the first break ({first_break.date()}): "
                         "a baseline trend needs at least two; drop that break or add earlier data")
    for i, (name, when) in enumerate(ordered):
        tb = (when - t0).days / _DAYS_PER_YEAR
        after = frame[date] >= when
        next_when = ordered[i + 1][1] if i + 1 < len(ordered) else None
        in_segment = after & (frame[date] < next_when) if next_when is not None else after
        n_segment = int(in_segment.sum())
        info[name] = (when, n_segment)
        if n_segment == 0:
            raise ValueError(f"break '{name}' ({when.date()}) has no observations before the next break or the end: "
                             "its level change cannot be estimated")
        columns[f"level_change_{name}"] = after.to_numpy(float)
        if n_segment >= 2:
            columns[f"slope_change_{name}"] = np.maximum(0.0, t - tb)
            if n_segment == 2:
                # level and slope change through two points: both fitted exactly (residual 0)
                short.append(name)
                notes[f"level_change_{name}"] = notes[f"slope_change_{name}"] = (
                    "two values in this segment, fitted exactly by its level and slope change: their noise "
                    "is not seen by the residuals; the interval assumes they are as noisy as the others")
        else:
            if single_point == "refuse":
                raise ValueError(f"break '{name}' ({when.date()}) has a single value before the next break or the end: "
                                 "its level change would rest on one point (leverage 1); drop the break or add data")
            single.append(name)
            notes[f"level_change_{name}"] = ("one value in this segment: the level change is that point's distance from "
                                             "the previous trend, its noise is not seen by the residuals (leverage 1); "
                                             "no slope change is estimable (the segment keeps the previous slope)")
    X = pd.DataFrame(columns)
    k = X.shape[1]
    if n <= k:
        raise ValueError(f"{n} observations cannot estimate {k} coefficients ({list(X.columns)}); "
                         "use fewer breaks or more data")
    if np.linalg.matrix_rank(X.to_numpy()) < k:
        raise ValueError("the break terms are not separately identifiable with these dates")
    df = n - k
    ols = np.linalg.lstsq(X.to_numpy(), y, rcond=None)[0]
    if np.allclose(X.to_numpy() @ ols, y, rtol=0, atol=1e-9 * max(1.0, float(np.abs(y).max()))):
        raise ValueError(f"the model fits all {n} values exactly: there is no residual noise to measure "
                         "uncertainty from; use fewer breaks or more data")
    steps = time_steps(frame[date], step_days)
    if errors == "hac":
        if n < MIN_POINTS_FOR_HAC:
            raise ValueError(f"HAC errors need at least {MIN_POINTS_FOR_HAC} values (got {n}): with few points they are "
                             "biased down and their intervals far too narrow; use errors='classical'")
        lags = maxlags if maxlags is not None else max(1, int(np.floor(4 * (n / 100) ** (2 / 9))))
        fitted = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True)
        method = f"segmented OLS, Newey-West HAC errors ({lags} lag{'s' if lags > 1 else ''}), t with {df} df"
    else:
        if maxlags is not None:
            raise ValueError("maxlags applies only to errors='hac'")
        fitted = sm.OLS(y, X).fit()
        method = f"segmented OLS, classical errors, t with {df} df"
    ci = fitted.conf_int(alpha=alpha)
    tstat = fitted.params.to_numpy() / fitted.bse.to_numpy()
    if errors == "serial":
        draws = serial_t_draws(X.to_numpy(), steps, SERIAL_PROCESSES)
        stacked = np.abs(np.stack(list(draws.values())))               # process x draw x term
        crit = np.quantile(stacked, 1 - alpha, axis=1).max(0)          # least favourable process
        # (count + 1) / (reps + 1): a Monte-Carlo p-value is never 0 (Davison & Hinkley 1997, eq. 4.11)
        pvals = (((stacked >= np.abs(tstat)[None, None, :]).sum(1) + 1) / (stacked.shape[1] + 1)).max(0)
        bse = fitted.bse.to_numpy()
        ci = pd.DataFrame({0: fitted.params.to_numpy() - crit * bse, 1: fitted.params.to_numpy() + crit * bse},
                          index=X.columns)
        pvalues = pd.Series(pvals, index=X.columns)
        method = (f"segmented OLS, classical errors, critical value and p-value of the least favourable of "
                  f"{len(SERIAL_PROCESSES)} error processes (independent to random walk), {SERIAL_REPS:,} draws each")
    else:
        pvalues = fitted.pvalues
        crit = np.abs(np.asarray(ci[1]) - fitted.params.to_numpy()) / fitted.bse.to_numpy()
    # The check uses fresh draws (another seed), so that it is not the calibration's own sample. For
    # "hac" it reports the classical interval's rates (the HAC standard error is not simulated here).
    crit_check = np.full(k, _t_crit(df, alpha)) if errors == "hac" else crit
    check_draws = serial_t_draws(X.to_numpy(), steps, CHECK_PROCESSES, reps=CHECK_REPS, seed=SERIAL_SEED + 1)
    check = {proc: np.abs(check_draws[proc]) <= crit_check for proc in CHECK_PROCESSES}
    serial_check = pd.DataFrame([{"term": term, "process": _process_label(proc), "autocorrelation":
                                  (np.nan if proc == "random walk" else float(proc)), "coverage": float(hit[:, j].mean()),
                                  "reps": int(hit.shape[0])}
                                 for proc, hit in check.items() for j, term in enumerate(X.columns)])
    rows = []
    for term in X.columns:
        name = term.split("_change_", 1)[-1] if "_change_" in term else None
        rows.append({
            "term": term, "estimate": float(fitted.params[term]), "ci_low": float(ci.loc[term, 0]),
            "ci_high": float(ci.loc[term, 1]), "p_value": float(pvalues[term]), "n": n, "method": method,
            "n_segment": info[name][1] if name else n, "single_point": bool(name in single),
            "break_date": info[name][0] if name else pd.NaT, "df": df,
            "critical_value": float(crit[list(X.columns).index(term)]), "note": notes.get(term, ""),
        })
    worst = serial_check[serial_check.process != "independent"].sort_values("coverage").iloc[0]
    if errors == "serial":
        indep = serial_check[serial_check.process == "independent"].coverage
        caveats = [f"{n} dated values and {df} residual degrees of freedom. Intervals and p-values hold under every error "
                   "process from independent errors to a random walk; if the errors are in fact independent the 95% "
                   f"intervals cover {100 * indep.min():.0f}% to {100 * indep.max():.0f}% (they are wider than needed)."]
    else:
        caveats = [f"{n} dated values and {df} residual degrees of freedom: the errors are assumed independent, which so "
                   f"few points cannot check. If they were correlated from one date to the next ({worst.process}), the "
                   f"interval of {worst.term} would cover {100 * worst.coverage:.0f}% instead of {100 * (1 - alpha):g}% "
                   "(details['serial_check']); errors='serial' gives intervals that hold under such correlation."]
    if errors == "hac":
        caveats.append("Newey-West errors treat heteroskedasticity and weak short-range correlation in long series; they do "
                       "not correct strong serial correlation at these lengths (their intervals cover well below the "
                       "nominal rate when quarter-to-quarter autocorrelation is 0.5 or more): use errors='serial'.")
    for name in single:
        msg = (f"The '{name}' segment holds a single value: its level change is one point's distance from the trend, "
               "with no slope after it; the interval assumes that point is as noisy as the others.")
        caveats.append(msg)
    for name in short:
        caveats.append(f"The '{name}' segment holds two values, fitted exactly by its level and slope change: its "
                       "intervals assume those two points are as noisy as the others.")
    table = EstimateTable.build(rows, fitted=fitted, details={"t0": t0, "design": X, "steps": steps,
                                                              "serial_check": serial_check}, caveats=caveats)
    first = next((r for r in rows if r["term"].startswith("level_change_")), None)
    if first:
        name = first["term"].removeprefix("level_change_")
        table.sentence = (f"At the {name} break ({first['break_date'].date()}) the level of {value} changed by "
                          f"{fmt(first['estimate'], 0)} ({100 * (1 - alpha):g}% interval {fmt(first['ci_low'], 0)} to "
                          f"{fmt(first['ci_high'], 0)}), from {n} dated values"
                          + (" (a single value after the break: see the caveats)." if first["single_point"] else "."))
    return table
