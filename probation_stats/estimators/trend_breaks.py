"""What happened to a series at named dates? Segmented (interrupted) time-series regression.

``y = b0 + b1 * t + sum_k [ level_k * 1(t >= T_k) + slope_k * max(0, t - T_k) ]``

with ``t`` in years (irregularly spaced dates are fine: time is measured, not counted), fitted by
least squares with **classical standard errors and t on the residual degrees of freedom**.

Why not Newey-West (HAC) errors: with a dozen points or fewer the HAC estimate is badly biased
down; on the caseload chapter's design (9 dates, 2 breaks, 4 residual df) its 95% intervals
covered 43-64% of the time, the classical ones 95%. HAC errors are offered only with at least
``30`` points (``errors="hac"``). Autocorrelated errors make the classical intervals too narrow
too; with so few points this cannot be checked, and the table's caveats say so.

**Single-point segments.** A break whose segment (until the next break or the end) holds one
value gets a level change but no slope change; that value then has leverage 1 and residual 0,
so its own noise never enters any residual: the level change rests on the assumption that
this point is as noisy as the others (the classical error uses the other points' variance;
every sandwich estimator would instead report almost no uncertainty). The row is flagged
(``single_point`` True, a ``note``, a warning among the caveats printed by ``summary()``, and
a pointer in the sentence); ``single_point="refuse"`` raises instead.

**Dates** must be datetimes, ISO 8601 text (``2021-06-26``), or text in one day-first or
month-first format with ``dayfirst`` given explicitly; mixed formats are never guessed
(``05/06/2021`` is 5 June with ``dayfirst=True``, 6 May with ``dayfirst=False``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probation_stats.estimators._checks import require_columns, require_finite
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["trend_breaks", "parse_dates"]

_DAYS_PER_YEAR = 365.25
MIN_POINTS_FOR_HAC = 30


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


def trend_breaks(data: pd.DataFrame, date: str, value: str, breaks: dict[str, str | pd.Timestamp], *,
                 dayfirst: bool | None = None, errors: str = "classical", single_point: str = "flag",
                 maxlags: int | None = None, alpha: float = 0.05) -> EstimateTable:
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
    errors : {"classical", "hac"}
        Standard errors: classical OLS (default), or Newey-West HAC (only with at least 30 values).
    single_point : {"flag", "refuse"}
        What to do when a break's segment holds one value (see the module notes).
    maxlags : int, optional
        HAC lags (``errors="hac"`` only); default ``floor(4 * (n / 100) ** (2 / 9))``.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    EstimateTable
        Rows ``baseline_level`` (value at the first date), ``baseline_slope`` (per year), and
        per break ``level_change_<name>`` and ``slope_change_<name>`` (per year). Core columns,
        ``n`` being the number of dated values, plus ``n_segment`` (values between the break and
        the next), ``single_point``, ``break_date``, ``df`` and ``note``. ``.fitted`` is the
        statsmodels OLS result (its intervals are the table's).

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
    if errors not in ("classical", "hac"):
        raise ValueError(f"errors must be 'classical' or 'hac', got {errors!r}")
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
    names = list(breaks)
    when_all = parse_dates(pd.Series(list(breaks.values())), "breaks", dayfirst)
    n = len(frame)
    t0 = frame[date].iloc[0]
    t = ((frame[date] - t0).dt.days / _DAYS_PER_YEAR).to_numpy()
    y = frame[value].to_numpy(float)
    columns = {"baseline_level": np.ones(n), "baseline_slope": t}
    notes, info, single = {}, {}, []
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
    rows = []
    for term in X.columns:
        name = term.split("_change_", 1)[-1] if "_change_" in term else None
        rows.append({
            "term": term, "estimate": float(fitted.params[term]), "ci_low": float(ci.loc[term, 0]),
            "ci_high": float(ci.loc[term, 1]), "p_value": float(fitted.pvalues[term]), "n": n, "method": method,
            "n_segment": info[name][1] if name else n, "single_point": bool(name in single),
            "break_date": info[name][0] if name else pd.NaT, "df": df, "note": notes.get(term, ""),
        })
    caveats = [f"{n} dated values and {df} residual degrees of freedom: the errors are assumed independent and of equal "
               "variance, which so few points cannot check (autocorrelation would make the intervals too narrow)."]
    for name in single:
        msg = (f"The '{name}' segment holds a single value: its level change is one point's distance from the trend, "
               "with no slope after it; the interval assumes that point is as noisy as the others.")
        caveats.append(msg)
    table = EstimateTable.build(rows, fitted=fitted, details={"t0": t0, "design": X}, caveats=caveats)
    first = next((r for r in rows if r["term"].startswith("level_change_")), None)
    if first:
        name = first["term"].removeprefix("level_change_")
        table.sentence = (f"At the {name} break ({first['break_date'].date()}) the level of {value} changed by "
                          f"{fmt(first['estimate'], 0)} ({100 * (1 - alpha):g}% interval {fmt(first['ci_low'], 0)} to "
                          f"{fmt(first['ci_high'], 0)}), from {n} dated values"
                          + (" (a single value after the break: see the caveats)." if first["single_point"] else "."))
    return table
