"""Does a workload measure go with the share of cases done well, across units, when the number of
cases behind each share is sometimes not published?

The design it is built for: post-2021 inspections of probation delivery units (PDUs), about 20 to
100 units; ``x`` a continuous workload measure (vacancy rate %, caseload); the outcome the
percentage of inspected cases in which risk-of-harm work was sufficient, from typically 20 to 60
cases per unit, a number the reports do not always state.

Rule for unknown numbers of cases
    The main estimate never uses them, so no unit is dropped for lack of one: **ordinary least
    squares of the percentage on x, unweighted, with HC2 errors (CR2 with each unit its own
    cluster) and a t reference on Bell-McCaffrey degrees of freedom**. HC2 allows for the
    shares of small units being noisier; the Bell-McCaffrey df allow for a few units with
    extreme x carrying most of the leverage. The slope is in percentage points per ``per``
    units of x (a straight-line summary: over a wide range of x it averages a curve).
    When the number of cases is known for at least 10 units, a second row refits the
    relationship as a binomial logit on those units (cases sufficient out of cases inspected,
    CR2 errors, each unit a cluster), as an odds ratio per ``per`` units: a check on the
    scale, not a replacement.

Coverage of the main interval on this design (20, 40 and 100 units, skewed vacancy rates,
20 to 60 cases per unit, between-unit variation) is a test: tests/test_coverage_simulation.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probation_stats.estimators._checks import renamed_argument, require_columns, require_finite, require_numeric, require_positive, require_unique, require_variation
from probation_stats.estimators._small_sample import cr2
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["workload_association"]

MIN_UNITS_FOR_BINOMIAL = 10


def workload_association(data: pd.DataFrame, x: str, outcome_pct: str, trials: str | None = None, *, unit: str | None = None,
                         per: float = 10, alpha: float = 0.05, x_label: str | None = None, n: str | None = None) -> EstimateTable:
    """Difference in the percentage of cases done well per ``per`` units of a workload measure.

    Parameters
    ----------
    data : DataFrame
        One row per unit (e.g. a probation delivery unit's inspection).
    x : str
        Numeric column with the workload measure (e.g. vacancy rate in %, caseload).
    outcome_pct : str
        Numeric column with the percentage (0 to 100) of inspected cases judged sufficient.
    trials : str, optional
        Column with the number of cases inspected; missing values mean "not stated". Used only
        for the binomial check row (the main row does not need it). (The same name as in
        :func:`caseload_effect`.)
    unit : str, optional
        Column naming the unit; repeated units are refused.
    per : float, default 10
        The slope is reported per this many units of ``x`` (positive).
    alpha : float, default 0.05
        1 - confidence level.
    x_label : str, optional
        How ``x`` is named in the sentence (default: the column name).
    n : str, optional
        The former name of ``trials`` (still accepted, with a FutureWarning).

    Returns
    -------
    EstimateTable
        Rows ``pct_points_per_<per>`` (main: OLS slope in percentage points, HC2 errors,
        Bell-McCaffrey df), ``intercept_at_mean_x`` (the percentage at the mean of ``x``) and, when
        ``trials`` is known for at least 10 units, ``odds_ratio_per_<per>`` (binomial logit check on
        those units). Core columns plus ``df`` and ``n_known`` (units with ``trials`` stated).
        ``.fitted`` is plain statsmodels ``OLS(...).fit(cov_type="HC2", use_t=True)`` on the same
        design (a constant and ``x`` centred at its mean): its ``params`` are the intercept at
        the mean of ``x`` and the slope per *one* unit of ``x`` (the table's row is per ``per``),
        its ``bse`` the table's standard errors, its R-squared the usual ones. Its t tests and
        ``conf_int()`` use the G - 2 residual df, where the table uses the (smaller)
        Bell-McCaffrey df: the table's intervals are the ones that hold their coverage with few
        units. ``.fitted.predict`` takes the centred ``x`` (``details["center"]`` is the mean).

    Examples
    --------
    >>> import pandas as pd
    >>> synthetic = pd.DataFrame({"pdu": list("abcdefghij"),
    ...                           "vacancy": [5, 8, 10, 12, 15, 18, 20, 25, 30, 40],
    ...                           "rosh_ok": [72, 70, 66, 69, 60, 58, 61, 52, 50, 41],
    ...                           "cases": [30, 25, None, 40, 35, None, 28, 33, 30, 45]})
    >>> res = workload_association(synthetic, "vacancy", "rosh_ok", trials="cases", unit="pdu", x_label="vacancy rate")
    >>> main = res.row("pct_points_per_10")
    >>> print(f"{main.estimate:.1f} ({main.ci_low:.1f} to {main.ci_high:.1f}), n = {main.n}")
    -9.0 (-10.1 to -7.8), n = 10
    """
    import statsmodels.api as sm
    from scipy import stats

    n = renamed_argument(trials, n, old="n", new="trials", function="workload_association")
    require_columns(data, x, outcome_pct, n, unit)
    require_positive(per, "per")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    require_finite(data, x, outcome_pct)
    pct = data[outcome_pct].astype(float)
    bad = data.index[((pct < 0) | (pct > 100)).to_numpy()]
    if len(bad):
        raise ValueError(f"'{outcome_pct}' must be a percentage between 0 and 100; rows {list(bad[:5])} are not"
                         + (" (give percentages, not proportions)" if pct.max() <= 1 else ""))
    if pct.max() <= 1 and pct.min() >= 0 and len(pct) > 2:
        raise ValueError(f"'{outcome_pct}' lies between 0 and 1 everywhere: give percentages (0 to 100), not proportions")
    if unit is not None:
        require_unique(data[unit], "unit")
    require_variation(data[x], x)
    if pct.nunique() < 2:
        # a constant outcome has a slope of exactly 0 and residuals of 0: the t statistic is
        # rounding error over rounding error (p = 0.1 or 0.74 by accident), so refuse
        raise ValueError(f"'{outcome_pct}' is {pct.iloc[0]:g}% for every unit: there is no variation to relate to {x}")
    G = len(data)
    if G < 5:
        raise ValueError(f"need at least five units, got {G}")
    known = pd.Series(False, index=data.index)
    if n is not None:
        require_numeric(data, n)
        cases = data[n].astype(float)
        bad = data.index[((cases < 1) | (cases % 1 != 0) | ~np.isfinite(cases)).to_numpy() & cases.notna().to_numpy()]
        if len(bad):
            raise ValueError(f"'{n}' (cases inspected) must be a whole number >= 1 where stated; rows {list(bad[:5])} are not")
        known = cases.notna()
    xv = data[x].to_numpy(float)
    yv = pct.to_numpy()
    center = float(xv.mean())
    xname = f"{x}_minus_{center:.4g}"
    X = pd.DataFrame({"const": 1.0, xname: xv - center}, index=data.index)
    ols = sm.OLS(yv, X).fit()
    cov, dfs, lev = cr2(X.to_numpy(), ols.resid.to_numpy() if hasattr(ols.resid, "to_numpy") else ols.resid,
                        np.arange(G), np.eye(2))
    slope, se = float(ols.params.iloc[1]), float(np.sqrt(cov[1, 1]))
    df = float(dfs[1])
    tq = stats.t.ppf(1 - alpha / 2, df)
    term = f"pct_points_per_{per:g}"
    common = {"n": G, "n_known": int(known.sum())}
    rows = [{"term": term, "estimate": per * slope, "ci_low": per * (slope - tq * se), "ci_high": per * (slope + tq * se),
             "p_value": float(2 * stats.t.sf(abs(slope / se), df)) if se > 0 else np.nan,
             "method": f"OLS of the percentage on {x}, unweighted; HC2 errors, t with {df:.1f} Bell-McCaffrey df",
             "df": df, **common}]
    se0, df0 = float(np.sqrt(cov[0, 0])), float(dfs[0])
    tq0 = stats.t.ppf(1 - alpha / 2, df0)
    b0 = float(ols.params.iloc[0])
    rows.append({"term": "intercept_at_mean_x", "estimate": b0, "ci_low": b0 - tq0 * se0, "ci_high": b0 + tq0 * se0,
                 "p_value": np.nan, "method": f"same model: percentage at {x} = {center:.4g} (the mean)", "df": df0, **common})
    # The same working model as plain statsmodels fits it, with nothing patched inside: HC2 is CR2
    # with each unit its own cluster, so coefficients and standard errors are the table's. Its t
    # tests use the G - 2 residual df, not the Bell-McCaffrey df of the table (see the docstring).
    fitted = sm.OLS(yv, X).fit(cov_type="HC2", use_t=True)

    caveats = ["An association across units, not the effect of changing one unit's workload.",
               "A straight line on the percentage scale: near 0% or 100% the relationship must bend."]
    if n is not None:
        k = int(known.sum())
        if k < G:
            caveats.append(f"The number of cases inspected is not stated for {G - k} of {G} units; the main estimate does "
                           "not need it.")
        if k >= MIN_UNITS_FOR_BINOMIAL:
            from probation_stats.estimators.caseload_effect import _logit_fit, _whiten

            sub = data[known.to_numpy()]
            m = sub[n].to_numpy(float)
            s = np.rint(sub[outcome_pct].to_numpy(float) * m / 100)
            xs = sub[x].to_numpy(float)
            Xb = np.column_stack([np.ones(k), xs - xs.mean()])
            beta, ok = _logit_fit(Xb, s, m)
            if ok and np.ptp(xs) > 0 and 0 < s.sum() < m.sum():
                Xt, et, _ = _whiten(Xb, s, m, beta)
                covb, dfb, _ = cr2(Xt, et, np.arange(k), np.array([[0.0, 1.0]]))
                seb = float(np.sqrt(covb[1, 1]))
                tqb = stats.t.ppf(1 - alpha / 2, dfb[0])
                rows.append({"term": f"odds_ratio_per_{per:g}", "estimate": float(np.exp(per * beta[1])),
                             "ci_low": float(np.exp(per * (beta[1] - tqb * seb))),
                             "ci_high": float(np.exp(per * (beta[1] + tqb * seb))),
                             "p_value": float(2 * stats.t.sf(abs(beta[1] / seb), dfb[0])),
                             "method": (f"check: binomial logit on the {k} units with cases stated (cases sufficient "
                                        f"recovered from the percentage); CR2 errors, t with {dfb[0]:.1f} Bell-McCaffrey df"),
                             "df": float(dfb[0]), "n": k, "n_known": k})
    if lev.max() > 0.5:
        caveats.append("One unit has high leverage (an extreme value of the workload measure): the slope leans on it.")
    what = x_label or x
    main = rows[0]
    direction = "lower" if main["estimate"] < 0 else "higher"
    verdict = ("the interval includes 0, so the data are also consistent with no association"
               if main["ci_low"] <= 0 <= main["ci_high"] else "the interval excludes 0")
    sentence = (f"Across {G} units, each {per:g} points more {what} went with a share of cases judged sufficient "
                f"{fmt(abs(main['estimate']), 1)} percentage points {direction} ({100 * (1 - alpha):g}% interval "
                f"{fmt(main['ci_low'], 1)} to {fmt(main['ci_high'], 1)}); {verdict}.")
    return EstimateTable.build(rows, fitted=fitted, sentence=sentence, caveats=caveats,
                               details={"center": center, "cov": cov, "leverage": lev})
