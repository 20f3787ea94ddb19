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
:func:`power_sensitivity` crosses them so that a reader sees the range, not one number, and
:func:`power_range` gives each power figure with its range over the uncertainty of its inputs
(:func:`sd_interval` and :func:`net_between_sd` measure that uncertainty from published figures).

Every setting draws from its own random stream, seeded by ``seed`` and the setting's number of
units, cases design and effect (not its spreads): the same setting gives the same power whatever
else is simulated with it, and settings that differ only in a spread share their random numbers
(common random numbers), so a power range is not blurred by simulation noise between its ends.
"""

from __future__ import annotations

import itertools
import zlib

import numpy as np

from probation_stats.estimators._binomial_fit import fit_logit_designs
from probation_stats.estimators._small_sample import cr2_singletons_batch
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["power", "power_sensitivity", "cases_design", "workload_power", "sd_interval", "net_between_sd",
           "power_range"]


def _key(part) -> str:
    # A setting in words that do not depend on its Python type (28, 28.0 and np.int64(28) agree).
    if isinstance(part, str):
        return part
    if np.iterable(part):
        return repr(tuple(float(v) for v in part))
    return repr(float(part))


def _setting_rng(seed: int, *parts) -> np.random.Generator:
    """The random stream of one setting: seeded by ``seed`` and the setting's parts, so a setting's
    result does not depend on the other settings simulated in the same call."""
    return np.random.default_rng([int(seed), *(zlib.crc32(_key(p).encode()) for p in parts)])


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
        ``"20-400:random"``: the same numbers of cases, placed on the providers at random
        (unrelated to their caseloads).
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
    >>> sorted(cases_design("20-400:random", x, np.random.default_rng(0))[:, 0].tolist())
    [20.0, 400.0, 400.0]
    """
    if isinstance(spec, str) and spec.endswith(":random"):
        # The placement matters: samples largest at the extreme caseloads carry most information on
        # a slope; placed at random they carry less (same total of cases).
        return rng.permuted(cases_design(spec[: -len(":random")], caseloads, rng), axis=0)
    if isinstance(spec, str):
        if spec.startswith("lognormal:"):
            median = float(spec.split(":", 1)[1])
            return np.maximum(np.rint(rng.lognormal(np.log(median), 0.8, size=caseloads.shape)), 5.0)
        try:
            lo, hi = (float(v) for v in spec.split("-"))
        except ValueError:
            raise ValueError(f"cases_per_provider {spec!r}: use a number, 'LOW-HIGH' (e.g. '20-400'), "
                             "'LOW-HIGH:random', 'lognormal:MEDIAN' or a list of numbers") from None
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
        Seed (results are reproducible; each setting has its own stream, see the module docstring).

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
    rows = []
    base = np.log(baseline_share / (1 - baseline_share))
    z = stats.norm.ppf(0.975)
    for G, m_spec, orr, sd_x, tau in itertools.product(_settings(n_providers), _settings(cases_per_provider),
                                                       _settings(odds_ratio_per_10), _settings(caseload_sd),
                                                       _settings(between_provider_sd)):
        if G < 3 or orr <= 0 or sd_x <= 0 or tau < 0:
            raise ValueError("need n_providers >= 3, a positive odds ratio, caseload_sd > 0 and between_provider_sd >= 0")
        slope = np.log(orr) / 10
        # The spreads are not part of the stream's seed: common random numbers (module docstring).
        rng = _setting_rng(seed, G, m_spec, orr, n_sims)
        x = caseload_mean + sd_x * rng.standard_normal(size=(G, n_sims))
        u = tau * rng.standard_normal(size=(G, n_sims))
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
    uniformly from ``cases_per_unit``. Sampling noise is added by the simulation, so
    ``between_unit_sd`` is the spread of the units' true shares: a spread measured from
    published percentages already holds sampling noise and must be taken net of it
    (:func:`net_between_sd`), or the noise is counted twice. The test is the one the book reports: OLS slope, HC2
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
        Seed of the random number generator (the results are reproducible; each combination
        has its own stream, see the module docstring).

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
    ['0.07', '0.84']
    """
    from scipy import stats

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
            rng = _setting_rng(seed, g, b, n_sims)    # spreads left out: common random numbers
            x = np.clip(x_mean + x_sd * rng.standard_normal(size=(n_sims, g)), 0, 100)
            share = outcome_mean + b * (x - x_mean) / 10 + between_unit_sd * rng.standard_normal(size=(n_sims, g))
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


def sd_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Standard deviation of a sample and its confidence interval (chi-square, normal data).

    Parameters
    ----------
    values : sequence of float
        At least two finite values (e.g. the vacancy rates published, in percent).
    level : float
        Confidence level of the interval.

    Returns
    -------
    (sd, low, high) : floats in the values' unit. ``sd`` is the sample SD (n - 1 divisor);
    ``low``/``high`` are :math:`s\\sqrt{(n-1)/\\chi^2_{1-a/2,n-1}}` and
    :math:`s\\sqrt{(n-1)/\\chi^2_{a/2,n-1}}`.

    Examples
    --------
    >>> [round(v, 2) for v in sd_interval([32, 30, 27, 33, 28, 40, 45])]
    [6.6, 4.26, 14.54]
    """
    from scipy import stats

    x = np.asarray(values, dtype=float)
    if x.size < 2 or not np.isfinite(x).all():
        raise ValueError("sd_interval needs at least two finite values")
    df = x.size - 1
    sd = float(x.std(ddof=1))
    a = 1 - level
    return sd, sd * float(np.sqrt(df / stats.chi2.ppf(1 - a / 2, df))), sd * float(np.sqrt(df / stats.chi2.ppf(a / 2, df)))


def net_between_sd(percentages, cases_per_unit: tuple[int, int], level: float = 0.95) -> dict:
    """Spread between units of their true shares, net of the sampling noise in published percentages.

    A published percentage from a sample of ``m`` cases varies around the unit's true share with
    binomial variance ``p(1 - p)/m`` even if all units were alike, so the SD of published
    percentages overstates the spread between units. The noise variance is estimated without
    bias by the mean of ``p̂(1 - p̂)`` times the mean of ``1/(m - 1)``, with ``m`` uniform over
    ``cases_per_unit`` (as :func:`workload_power` draws it), and taken from the observed variance
    and from both ends of its chi-square interval (floored at 0).

    Parameters
    ----------
    percentages : sequence of float
        Published shares of cases (percent, 0-100), one per unit; at least two.
    cases_per_unit : (int, int)
        Smallest and largest number of cases behind a percentage (at least 2).
    level : float
        Confidence level of the interval.

    Returns
    -------
    dict with ``sd`` (net SD, percentage points), ``low`` and ``high`` (its interval), ``observed_sd``
    (the SD of the percentages as published), ``noise_sd`` (the SD sampling alone would give) and
    ``n`` (units).

    Examples
    --------
    >>> out = net_between_sd([25, 22, 25, 34, 23, 35, 33, 50, 24, 34, 9, 49, 31], (20, 60))
    >>> [round(out[k], 1) for k in ("observed_sd", "noise_sd", "sd")]
    [11.1, 7.5, 8.1]
    """
    p = np.asarray(percentages, dtype=float) / 100
    lo, hi = (int(v) for v in cases_per_unit)
    if p.size < 2 or not ((p >= 0) & (p <= 1)).all():
        raise ValueError("net_between_sd needs at least two percentages between 0 and 100")
    if not 2 <= lo <= hi:
        raise ValueError("cases_per_unit needs 2 <= smallest <= largest")
    inv = float(np.mean(1.0 / (np.arange(lo, hi + 1) - 1)))
    noise = float(np.mean(p * (1 - p))) * inv * 1e4                       # percentage points squared
    sd, s_lo, s_hi = sd_interval(100 * p, level)
    net = lambda total: float(np.sqrt(max(total ** 2 - noise, 0.0)))
    return {"sd": net(sd), "low": net(s_lo), "high": net(s_hi), "observed_sd": sd, "noise_sd": float(np.sqrt(noise)),
            "n": int(p.size)}


def power_range(simulate, settings, *, centre: dict, ranges: dict) -> EstimateTable:
    """Power at the best estimate of its inputs, and its range over their uncertainty.

    For each setting, ``simulate`` (:func:`power` or :func:`workload_power`) is run at the
    ``centre`` inputs and at every corner of the box of ``ranges`` (each input at its low or high
    end, the others at theirs). Power rises with the spread of the workload measure and falls with
    the spread between units, so its extremes lie at corners; the centre is included in the
    minimum and maximum all the same.

    Parameters
    ----------
    simulate : callable
        Returns an EstimateTable whose first row is the power of one setting (``estimate``).
    settings : dict or sequence of dict
        Keyword arguments of ``simulate`` that define a published figure (e.g. ``{"n_providers":
        28, "cases_per_provider": 60, "odds_ratio_per_10": 0.8}``), plus fixed keywords.
    centre : dict
        The inputs at their best estimates (e.g. ``{"caseload_sd": 11.6, "between_provider_sd": 0.5}``).
    ranges : dict of (low, high)
        For each input in ``centre``, the ends of its uncertainty (e.g. a 95% interval).

    Returns
    -------
    EstimateTable
        One row per setting: ``term`` ("power"), ``estimate`` (at the centre), ``ci_low``/``ci_high``
        (its Monte-Carlo interval), ``p_value`` (missing), ``n``, ``method``; ``range_low`` and
        ``range_high`` (lowest and highest power over the centre and the corners), ``low_at`` and
        ``high_at`` (the inputs giving them, a dict), the setting's keywords, the centre's
        ``coverage`` where ``simulate`` gives it, and ``n_sims``.

    Examples
    --------
    >>> import pandas as pd
    >>> fake = lambda a, b, **kw: EstimateTable.build([{"term": "power", "estimate": min(1.0, a / (a + b)), "ci_low": 0.0,
    ...                                                 "ci_high": 1.0, "p_value": None, "n": 1, "method": "fake"}])
    >>> out = power_range(fake, {}, centre={"a": 2.0, "b": 2.0}, ranges={"a": (1.0, 3.0), "b": (1.0, 3.0)})
    >>> [round(float(out[k].iloc[0]), 2) for k in ("estimate", "range_low", "range_high")]
    [0.5, 0.25, 0.75]
    """
    if set(centre) != set(ranges):
        raise ValueError("centre and ranges must name the same inputs")
    settings = [settings] if isinstance(settings, dict) else list(settings)
    names = list(ranges)
    corners = [dict(zip(names, ends)) for ends in itertools.product(*(ranges[k] for k in names))]
    rows = []
    for setting in settings:
        mid = simulate(**setting, **centre).iloc[0]
        runs = [(dict(centre), float(mid.estimate))]
        runs += [(c, float(simulate(**setting, **c).estimate.iloc[0])) for c in corners]
        low = min(runs, key=lambda r: r[1])
        high = max(runs, key=lambda r: r[1])
        rows.append({"term": "power", "estimate": float(mid.estimate), "ci_low": float(mid.ci_low),
                     "ci_high": float(mid.ci_high), "p_value": np.nan, "n": mid.n,
                     "method": f"{mid.method}; range over the corners of the inputs' intervals",
                     "range_low": low[1], "range_high": high[1], "low_at": low[0], "high_at": high[0],
                     **{k: v for k, v in setting.items() if np.isscalar(v) or isinstance(v, str)},
                     "coverage": float(mid["coverage"]) if "coverage" in mid.index else np.nan,
                     "n_sims": int(mid["n_sims"]) if "n_sims" in mid.index else np.nan})
    first = rows[0]
    sentence = (f"Power {fmt(100 * first['estimate'], 0)}% at the best estimates of its inputs; "
                f"{fmt(100 * first['range_low'], 0)}% to {fmt(100 * first['range_high'], 0)}% over their uncertainty.")
    return EstimateTable.build(rows, sentence=sentence,
                               caveats=["The range is over the box of the inputs' intervals, not a confidence interval "
                                        "for power."])
