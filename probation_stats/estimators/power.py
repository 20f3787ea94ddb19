"""What could published data detect? Simulated power and precision of :func:`caseload_effect`.

Each simulated inspection round draws provider caseloads from a normal distribution, a provider
effect on the logit scale (between-provider variation unrelated to caseload), a number of cases
inspected per provider (equal, spread, lognormal or drawn from a given list), and for each
provider the number of inspected cases judged sufficient. It then fits the same model as
``caseload_effect`` (logit, CR2 errors with Bell-McCaffrey df, fast batch path with identical
estimates) and records whether its interval excludes "no association", whether it covers the
true value, and its width.

The answer depends heavily on the settings: the caseload spread (``caseload_sd``) and the
between-provider variation (``between_provider_sd``) matter as much as the number of providers.
:func:`power_sensitivity` crosses them so that a reader sees the range, not one number.
"""

from __future__ import annotations

import itertools

import numpy as np

from probation_stats.estimators._binomial_fit import fit_logit_designs
from probation_stats.estimators._small_sample import cr2_singletons_batch
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["power", "power_sensitivity", "cases_design", "workload_power"]


def _cr2_logit_batch(x: np.ndarray, y: np.ndarray, m: np.ndarray):
    """Logit fits of y/m ~ x with CR2 errors, one per column (each with its own caseloads).

    ``x``, ``y``, ``m`` are (G, B). Returns the slope (B,), its CR2 standard error (B,), the
    Bell-McCaffrey df (B,) and whether the fit converged (B,).
    """
    G, B = y.shape
    xc = x - x.mean(0)
    X = np.stack([np.ones((B, G)), xc.T], axis=-1)              # (B, G, 2)
    betas, ok = fit_logit_designs(X, y.T, m.T)
    eta = np.einsum("bgk,bk->bg", X, np.nan_to_num(betas))
    p = 1 / (1 + np.exp(-eta))
    w = np.maximum(m.T * p * (1 - p), 1e-300)
    se, df, _ = cr2_singletons_batch(X * np.sqrt(w)[..., None], (y.T - m.T * p) / np.sqrt(w), np.array([0.0, 1.0]))
    return betas[:, 1], se, df, ok


def cases_design(spec, caseloads: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Cases inspected per provider for one setting, given the providers' caseloads (G, B).

    Parameters
    ----------
    spec : int, str or sequence
        ``60``: every provider 60 cases. ``"20-400"``: from 20 to 400, rising linearly with the
        distance of the provider's caseload from the mean (larger samples at extreme caseloads).
        ``"lognormal:60"``: lognormal with median 60 and log-SD 0.8 (at least 5). A list or
        array: drawn with replacement from those numbers (e.g. the cases actually inspected).
    caseloads : (G, B) array
    rng : numpy Generator

    Returns
    -------
    (G, B) float array of whole numbers

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[30.0], [45.0], [60.0]])
    >>> cases_design("20-400", x, np.random.default_rng(0))[:, 0].tolist()
    [400.0, 20.0, 400.0]
    """
    if isinstance(spec, str):
        if spec.startswith("lognormal:"):
            median = float(spec.split(":", 1)[1])
            return np.maximum(np.rint(rng.lognormal(np.log(median), 0.8, size=caseloads.shape)), 5.0)
        try:
            lo, hi = (float(v) for v in spec.split("-"))
        except ValueError:
            raise ValueError(f"cases_per_provider {spec!r}: use a number, 'LOW-HIGH' (e.g. '20-400'), "
                             "'lognormal:MEDIAN' or a list of numbers") from None
        if not 1 <= lo <= hi:
            raise ValueError(f"cases_per_provider {spec!r}: need 1 <= LOW <= HIGH")
        d = np.abs(caseloads - caseloads.mean(0))
        d = d / np.maximum(d.max(0), 1e-12)
        return np.rint(lo + (hi - lo) * d)
    if np.iterable(spec):
        values = np.asarray(spec, dtype=float)
        if values.size == 0 or (values < 1).any() or (values % 1 != 0).any():
            raise ValueError("a list of cases per provider must hold whole numbers >= 1")
        return rng.choice(values, size=caseloads.shape, replace=True)
    if spec < 1 or spec % 1:
        raise ValueError("cases_per_provider must be >= 1 and whole")
    return np.full(caseloads.shape, float(spec))


def _label(spec):
    if isinstance(spec, (int, float, np.integer, np.floating)):
        return int(spec)
    if isinstance(spec, str):
        return spec
    values = np.asarray(spec, dtype=float)
    return f"drawn from {len(values)} values ({values.min():g} to {values.max():g})"


def _settings(value):
    """A single setting or several: strings and numbers are one setting; a list or tuple of settings several."""
    if isinstance(value, (str, int, float, np.integer, np.floating)):
        return (value,)
    return tuple(value)


def power(n_providers=(28,), cases_per_provider=(60,), odds_ratio_per_10=(0.8,), *, baseline_share: float = 0.5,
          caseload_mean: float = 45.0, caseload_sd=10.0, between_provider_sd=0.3,
          n_sims: int = 1000, alpha: float = 0.05, seed: int = 20211) -> EstimateTable:
    """Power, coverage and precision of the caseload effect, for each combination of settings.

    Parameters
    ----------
    n_providers : int or sequence of int
        Providers per simulated round (at least 3).
    cases_per_provider : int, str, or a sequence of these
        Cases inspected per provider: see :func:`cases_design` (``60``, ``"20-400"``,
        ``"lognormal:60"``). To give the actual numbers of cases as one setting, wrap the list:
        ``cases_per_provider=[[25, 40, 60, 380]]``.
    odds_ratio_per_10 : float or sequence of float
        True odds ratio per 10 extra cases per practitioner (1 = no association).
    baseline_share : float
        Share of cases judged sufficient at the mean caseload, for a typical provider.
    caseload_mean : float
        Mean of the provider caseloads (cases per practitioner).
    caseload_sd : float or sequence of float
        SD of the provider caseloads: the spread the slope is learnt from.
    between_provider_sd : float or sequence of float
        SD of provider effects on the logit scale (variation not explained by caseload).
    n_sims : int
        Simulated rounds per setting.
    alpha : float
        1 - confidence level of the simulated intervals.
    seed : int
        Seed (results are reproducible).

    Returns
    -------
    EstimateTable
        One row per setting. Core columns: ``term`` ("power"), ``estimate`` (share of
        simulations whose interval excludes 1), ``ci_low``/``ci_high`` (Wilson 95% interval of
        that share: Monte-Carlo error), ``p_value`` (empty), ``n`` (providers), ``method``.
        Also the settings (``n_providers``, ``cases_per_provider``, ``odds_ratio_per_10``,
        ``caseload_sd``, ``between_provider_sd``), ``power`` (= estimate), ``power_mc_se``,
        ``coverage`` (share of intervals covering the true odds ratio), ``median_ci_ratio``
        (median ci_high / ci_low) and ``n_sims`` (converged fits).

    Examples
    --------
    >>> res = power(n_providers=28, cases_per_provider="20-400", odds_ratio_per_10=0.8, n_sims=200, seed=1)
    >>> list(res.columns[:7])
    ['term', 'estimate', 'ci_low', 'ci_high', 'p_value', 'n', 'method']
    >>> bool(0 <= res.estimate.iloc[0] <= 1)
    True
    """
    from scipy import stats

    if not 0 < baseline_share < 1:
        raise ValueError("baseline_share must lie between 0 and 1")
    if int(n_sims) != n_sims or n_sims < 10:
        raise ValueError("n_sims must be a whole number >= 10")
    rng = np.random.default_rng(seed)
    rows = []
    base = np.log(baseline_share / (1 - baseline_share))
    z = stats.norm.ppf(0.975)
    for G, m_spec, orr, sd_x, tau in itertools.product(_settings(n_providers), _settings(cases_per_provider),
                                                       _settings(odds_ratio_per_10), _settings(caseload_sd),
                                                       _settings(between_provider_sd)):
        if G < 3 or orr <= 0 or sd_x <= 0 or tau < 0:
            raise ValueError("need n_providers >= 3, a positive odds ratio, caseload_sd > 0 and between_provider_sd >= 0")
        slope = np.log(orr) / 10
        x = rng.normal(caseload_mean, sd_x, size=(G, n_sims))
        u = rng.normal(0, tau, size=(G, n_sims))
        p = 1 / (1 + np.exp(-(base + slope * (x - caseload_mean) + u)))
        m = cases_design(m_spec, x, rng)
        y = rng.binomial(m.astype(np.int64), p).astype(float)
        b, se, df, conv = _cr2_logit_batch(x, y, m)
        ok = conv & np.isfinite(se) & (se > 0) & np.isfinite(df)
        tq = stats.t.ppf(1 - alpha / 2, np.where(ok, df, 1.0))
        lo, hi = b - tq * se, b + tq * se
        reject = ((lo > 0) | (hi < 0))[ok]
        cover = ((lo <= slope) & (slope <= hi))[ok]
        k = int(ok.sum())
        power_ = float(reject.mean())
        centre = (power_ + z ** 2 / (2 * k)) / (1 + z ** 2 / k)
        half = z * np.sqrt(power_ * (1 - power_) / k + z ** 2 / (4 * k ** 2)) / (1 + z ** 2 / k)
        rows.append({"term": "power", "estimate": power_, "ci_low": float(centre - half), "ci_high": float(centre + half),
                     "p_value": np.nan, "n": int(G),
                     "method": "simulation; logit with CR2 errors and Bell-McCaffrey df, as in caseload_effect",
                     "n_providers": int(G), "cases_per_provider": _label(m_spec), "odds_ratio_per_10": orr,
                     "caseload_sd": sd_x, "between_provider_sd": tau, "power": power_,
                     "power_mc_se": float(np.sqrt(power_ * (1 - power_) / k)), "coverage": float(cover.mean()),
                     "median_ci_ratio": float(np.median(np.exp(10 * (hi - lo))[ok])), "n_sims": k})
    first = rows[0]
    cases = (f"{first['cases_per_provider']} inspected cases each" if isinstance(first["cases_per_provider"], int)
             else f"cases inspected per provider {first['cases_per_provider']}")
    sentence = (f"With {first['n_providers']} providers and {cases}, a true odds ratio of {first['odds_ratio_per_10']:g} "
                f"per 10 extra cases would be detected in {fmt(100 * first['power'], 0)}% of studies like this one "
                f"(interval excludes 1; caseload SD {first['caseload_sd']:g}, between-provider SD "
                f"{first['between_provider_sd']:g} on the logit scale; {first['n_sims']} simulations).")
    caveats = ["Power depends on the assumed caseload spread and between-provider variation as much as on the number "
               "of providers: see power_sensitivity()."]
    return EstimateTable.build(rows, sentence=sentence, caveats=caveats)


def power_sensitivity(n_providers=28, cases_per_provider="20-400", odds_ratio_per_10=0.8, *,
                      caseload_sd=(5.0, 7.5, 10.0, 15.0), between_provider_sd=(0.1, 0.3, 0.5, 0.7),
                      **kwargs) -> EstimateTable:
    """Power across a grid of caseload spreads and between-provider SDs (a tidy table).

    Parameters
    ----------
    n_providers, cases_per_provider, odds_ratio_per_10 :
        As in :func:`power` (the defaults are the book's design: 28 providers, 20 to 400 cases
        inspected, a true odds ratio of 0.8 per 10 cases).
    caseload_sd, between_provider_sd : sequences of float
        The grid: caseload spread (cases per practitioner) and provider variation (logit scale).
    **kwargs
        Passed to :func:`power` (``baseline_share``, ``caseload_mean``, ``n_sims``, ``alpha``, ``seed``).

    Returns
    -------
    EstimateTable
        :func:`power`'s table, one row per grid cell; ``.details["grid"]`` is the power as a
        caseload_sd x between_provider_sd table for reading at a glance.

    Examples
    --------
    >>> res = power_sensitivity(caseload_sd=(5, 15), between_provider_sd=(0.1, 0.5), n_sims=100, seed=2)
    >>> res.details["grid"].shape
    (2, 2)
    """
    table = power(n_providers, cases_per_provider, odds_ratio_per_10, caseload_sd=caseload_sd,
                  between_provider_sd=between_provider_sd, **kwargs)
    grid = table.pivot_table(index="caseload_sd", columns="between_provider_sd", values="power", aggfunc="first")
    low, high = table.power.min(), table.power.max()
    table.details = {"grid": grid}
    table.sentence = (f"Across caseload SDs {min(_settings(caseload_sd)):g} to {max(_settings(caseload_sd)):g} and "
                      f"between-provider SDs {min(_settings(between_provider_sd)):g} to "
                      f"{max(_settings(between_provider_sd)):g}, the power to detect an odds ratio of "
                      f"{table.odds_ratio_per_10.iloc[0]:g} per 10 cases ranges from {fmt(100 * low, 0)}% to "
                      f"{fmt(100 * high, 0)}%.")
    return table


def _hc2_slope_tests(x: np.ndarray, y: np.ndarray):
    """Slope, HC2 standard error and Bell-McCaffrey df of a straight-line fit, for many data
    sets at once (rows of ``x`` and ``y``): the test :func:`workload_association` reports."""
    xc = x - x.mean(axis=1, keepdims=True)
    design = np.stack([np.ones_like(xc), xc], axis=-1)                       # (B, G, 2)
    slope = (xc * (y - y.mean(axis=1, keepdims=True))).sum(axis=1) / (xc ** 2).sum(axis=1)
    resid = y - y.mean(axis=1, keepdims=True) - slope[:, None] * xc
    se, df, _ = cr2_singletons_batch(design, resid, np.array([0.0, 1.0]))
    return slope, se, df


def workload_power(n_units=(20, 40, 77), slope_per_10=(-5.0,), *, x_mean: float = 30.0, x_sd: float = 10.0,
                   outcome_mean: float = 35.0, between_unit_sd: float = 12.0, cases_per_unit=(20, 60),
                   alpha: float = 0.05, n_sims: int = 2000, seed: int = 20261129) -> EstimateTable:
    """Power of :func:`workload_association`'s test across units, by simulation.

    Each simulated data set has ``n_units`` units with a workload measure x drawn from a normal
    distribution (``x_mean``, ``x_sd``, kept within 0-100); each unit's true share of cases done
    well is ``outcome_mean + slope_per_10 * (x - x_mean) / 10`` plus a normal between-unit
    deviation (``between_unit_sd`` percentage points), kept within 1-99; its published
    percentage is the share of sufficient cases among a number of cases inspected drawn
    uniformly from ``cases_per_unit``. The test is the one the book reports: OLS slope, HC2
    errors, t on Bell-McCaffrey df, two-sided at ``alpha``.

    Parameters
    ----------
    n_units, slope_per_10 : int or sequence; float or sequence
        Every combination is simulated (slope in percentage points per 10 points of x).
    x_mean, x_sd, outcome_mean, between_unit_sd : float
        The design (percentage points).
    cases_per_unit : (int, int)
        Smallest and largest number of cases inspected per unit.
    alpha : float
    n_sims : int
        Simulated data sets per combination.
    seed : int
        Seed of the random number generator (the results are reproducible).

    Returns
    -------
    EstimateTable
        One row per combination: ``term`` ("power"), ``estimate`` (the share of simulated data
        sets in which the test rejects no association), ``ci_low``/``ci_high`` (95% Wilson
        interval for that share, from the number of simulations), ``p_value`` (missing),
        ``n`` (units), ``method``, ``slope_per_10``, ``n_sims``.

    Examples
    --------
    >>> res = workload_power(n_units=(5, 77), slope_per_10=(-5.0,), n_sims=400, seed=1)
    >>> [f"{p:.2f}" for p in res.estimate]
    ['0.05', '0.81']
    """
    from scipy import stats

    rng = np.random.default_rng(seed)
    units = (n_units,) if np.isscalar(n_units) else tuple(n_units)
    slopes = (slope_per_10,) if np.isscalar(slope_per_10) else tuple(slope_per_10)
    if min(units) < 3:
        raise ValueError("need at least three units: a line through two points has no error to measure")
    if n_sims < 10:
        raise ValueError("n_sims must be at least 10")
    lo, hi = (int(v) for v in cases_per_unit)
    rows = []
    for g in units:
        for b in slopes:
            x = np.clip(rng.normal(x_mean, x_sd, size=(n_sims, g)), 0, 100)
            share = outcome_mean + b * (x - x_mean) / 10 + rng.normal(0, between_unit_sd, size=(n_sims, g))
            p = np.clip(share, 1, 99) / 100
            m = rng.integers(lo, hi + 1, size=(n_sims, g))
            y = 100 * rng.binomial(m, p) / m
            slope, se, df = _hc2_slope_tests(x, y)
            ok = se > 0
            t = np.abs(slope[ok] / se[ok])
            reject = t > stats.t.ppf(1 - alpha / 2, df[ok])
            k, n = int(reject.sum()), int(ok.sum())
            z = 1.959963984540054
            centre = (k + z * z / 2) / (n + z * z)
            half = z * np.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
            rows.append({"term": "power", "estimate": k / n, "ci_low": centre - half, "ci_high": centre + half,
                         "p_value": np.nan, "n": g,
                         "method": (f"simulation ({n} data sets): OLS slope, HC2 errors, Bell-McCaffrey df, "
                                    f"two-sided at {alpha:g}"), "slope_per_10": b, "n_sims": n})
    sentence = "; ".join(f"{r['n']} units, {r['slope_per_10']:g} points per 10: {100 * r['estimate']:.0f}% power"
                         for r in rows)
    caveats = [f"Design: x ~ normal({x_mean:g}, {x_sd:g}); between-unit SD {between_unit_sd:g} points; "
               f"{lo}-{hi} cases per unit."]
    return EstimateTable.build(rows, sentence=sentence + ".", caveats=caveats)
