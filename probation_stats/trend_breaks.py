"""What happened to a series at named dates? Segmented (interrupted) time-series regression.

``y = b0 + b1 * t + sum_k [ level_k * 1(t >= T_k) + slope_k * max(0, t - T_k) ]``

with ``t`` in years (so irregularly spaced dates are fine: time is measured, not counted), fitted
by least squares with Newey-West (HAC) standard errors, which allow for autocorrelated errors.
HAC lags count observations, so with irregular spacing they are an approximation; with few
points every interval is wide, and the table says how many points each segment has. A slope
change needs at least two points between its break and the next; if a segment has fewer, that
slope term is left out (and the ``note`` column says so) rather than fitted to nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from ._checks import require_columns, require_finite
from .results import EstimateTable, fmt

__all__ = ["trend_breaks"]

_DAYS_PER_YEAR = 365.25


def trend_breaks(data: pd.DataFrame, date: str, value: str, breaks: dict[str, str | pd.Timestamp], *,
                 maxlags: int | None = None, alpha: float = 0.05) -> EstimateTable:
    """Level and slope changes of ``value`` at each named break date.

    Parameters
    ----------
    data : DataFrame
        One row per observation; dates need not be evenly spaced but must be distinct.
    date, value : str
        Columns with the date (anything ``pd.to_datetime`` reads) and the number.
    breaks : dict
        ``{name: date}``, e.g. ``{"split": "2014-06-01", "reunification": "2021-06-26"}``.
    maxlags : int, optional
        HAC lags; default ``floor(4 * (n / 100) ** (2 / 9))`` (Newey-West's rule), at least 1.

    Returns
    -------
    EstimateTable
        Rows ``baseline_level`` (value at the first date), ``baseline_slope`` (per year), and
        per break ``level_change_<name>`` and ``slope_change_<name>`` (per year). Columns
        ``term``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n``, ``n_segment`` (values
        between the break and the next),
        ``break_date``, ``method``, ``note``. ``.fitted`` is the statsmodels OLS result.
    """
    require_columns(data, date, value)
    require_finite(data, value)
    frame = data[[date, value]].copy()
    frame[date] = pd.to_datetime(frame[date], errors="coerce", format="mixed")
    if frame[date].isna().any():
        raise ValueError(f"column '{date}' has unreadable or missing dates at rows {list(frame.index[frame[date].isna()][:5])}")
    frame = frame.sort_values(date)
    if frame[date].duplicated().any():
        raise ValueError(f"column '{date}' has repeated dates {list(frame[date][frame[date].duplicated()].dt.date[:3])}; "
                         "give one value per date")
    if not breaks:
        raise ValueError("give at least one break date")
    n = len(frame)
    t0 = frame[date].iloc[0]
    t = ((frame[date] - t0).dt.days / _DAYS_PER_YEAR).to_numpy()
    y = pd.to_numeric(frame[value]).to_numpy(float)
    columns = {"baseline_level": np.ones(n), "baseline_slope": t}
    notes, info = {}, {}
    first_break = min(pd.Timestamp(w) for w in breaks.values())
    n_before_first = int((frame[date] < first_break).sum())
    if n_before_first < 2:
        raise ValueError(f"only {n_before_first} value(s) before the first break ({first_break.date()}): "
                         "a baseline trend needs at least two; drop that break or add earlier data")
    ordered = sorted(((name, pd.Timestamp(when)) for name, when in breaks.items()), key=lambda kv: kv[1])
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
            notes[f"level_change_{name}"] = ("one value between this break and the next: its slope change is not "
                                             "estimable and is left out (the segment keeps the previous slope)")
    X = pd.DataFrame(columns)
    k = X.shape[1]
    if n <= k:
        raise ValueError(f"{n} observations cannot estimate {k} coefficients ({list(X.columns)}); "
                         "use fewer breaks or more data")
    if np.linalg.matrix_rank(X.to_numpy()) < k:
        raise ValueError("the break terms are not separately identifiable with these dates")
    lags = maxlags if maxlags is not None else max(1, int(np.floor(4 * (n / 100) ** (2 / 9))))
    fitted = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True)
    ci = fitted.conf_int(alpha=alpha)
    rows = []
    for term in X.columns:
        name = term.split("_change_", 1)[-1] if "_change_" in term else None
        rows.append({
            "term": term, "estimate": float(fitted.params[term]), "ci_low": float(ci.loc[term, 0]),
            "ci_high": float(ci.loc[term, 1]), "p_value": float(fitted.pvalues[term]), "n": n,
            "n_segment": info[name][1] if name else n, "break_date": info[name][0] if name else pd.NaT,
            "method": f"segmented OLS, Newey-West HAC errors ({lags} lag{'s' if lags > 1 else ''}), t with {n - k} df",
            "note": notes.get(term, ""),
        })
    table = EstimateTable.build(rows, fitted=fitted, details={"t0": t0, "design": X})
    first = next((r for r in rows if r["term"].startswith("level_change_")), None)
    if first:
        name = first["term"].removeprefix("level_change_")
        table.sentence = (f"At the {name} break ({first['break_date'].date()}) the level of {value} changed by "
                          f"{fmt(first['estimate'], 0)} ({100 * (1 - alpha):g}% interval {fmt(first['ci_low'], 0)} to "
                          f"{fmt(first['ci_high'], 0)}), from {n} dated values.")
    return table
