"""What could published data detect? Simulated power and precision of :func:`caseload_effect`.

Each simulation draws provider caseloads from a normal distribution, a provider effect on the
logit scale (between-provider variation unrelated to caseload), and for each provider a number
of inspected cases judged sufficient; then fits the same quasi-binomial model as
``caseload_effect`` (fast path; identical estimates) and records whether its interval excludes
"no association", whether it covers the true value, and its width.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy import stats

from ._binomial_fit import fit_logit_designs
from .results import EstimateTable, fmt

__all__ = ["power"]


def _quasi_binomial_batch(x, y, m):
    """Quasi-binomial fits of y/m ~ x, one per column (each with its own caseloads).

    Returns the slope, its dispersion-scaled standard error (dispersion floored at 1, as in
    ``caseload_effect``) and the residual degrees of freedom.
    """
    G, B = y.shape
    xc = x - x.mean(0)
    X = np.stack([np.ones((B, G)), xc.T], axis=-1)              # (B, G, 2)
    betas, _ = fit_logit_designs(X, y.T, m.T)
    eta = betas[:, 0][None, :] + betas[:, 1][None, :] * xc
    p = 1 / (1 + np.exp(-eta))
    var = m * p * (1 - p)
    df = G - 2
    phi = np.maximum(((y - m * p) ** 2 / np.maximum(var, 1e-12)).sum(0) / df, 1.0)
    # information for the slope with the intercept profiled out
    sw, swx, swxx = var.sum(0), (var * xc).sum(0), (var * xc ** 2).sum(0)
    se = np.sqrt(phi / (swxx - swx ** 2 / sw))
    return betas[:, 1], se, df


def power(n_providers=(28,), cases_per_provider=(60,), odds_ratio_per_10=(0.8,), *, baseline_share: float = 0.5,
          caseload_mean: float = 45.0, caseload_sd: float = 10.0, between_provider_sd: float = 0.3,
          n_sims: int = 1000, alpha: float = 0.05, seed: int = 20211) -> EstimateTable:
    """Power, coverage and precision of the caseload effect, for each combination of settings.

    Parameters
    ----------
    n_providers, cases_per_provider, odds_ratio_per_10 : iterables
        Settings to cross (a single number is also accepted).
    baseline_share : float
        Share of cases judged sufficient at the mean caseload, for a typical provider.
    caseload_mean, caseload_sd : float
        Distribution of provider caseloads (cases per practitioner).
    between_provider_sd : float
        SD of provider effects on the logit scale (variation not explained by caseload).

    Returns
    -------
    EstimateTable
        One row per setting: ``n_providers``, ``cases_per_provider``, ``odds_ratio_per_10``,
        ``power`` (share of simulations whose interval excludes 1), ``coverage`` (share covering the
        true odds ratio), ``median_ci_ratio`` (median ci_high / ci_low of the odds ratio),
        ``power_mc_se`` (Monte-Carlo standard error), ``n_sims``.
    """
    as_tuple = lambda v: tuple(v) if np.iterable(v) else (v,)
    rng = np.random.default_rng(seed)
    rows = []
    base = np.log(baseline_share / (1 - baseline_share))
    for G, m_cases, orr in itertools.product(as_tuple(n_providers), as_tuple(cases_per_provider), as_tuple(odds_ratio_per_10)):
        if G < 3 or m_cases < 1 or orr <= 0:
            raise ValueError("need n_providers >= 3, cases_per_provider >= 1 and a positive odds ratio")
        slope = np.log(orr) / 10
        x = rng.normal(caseload_mean, caseload_sd, size=(G, n_sims))
        u = rng.normal(0, between_provider_sd, size=(G, n_sims))
        p = 1 / (1 + np.exp(-(base + slope * (x - caseload_mean) + u)))
        m = np.full((G, n_sims), float(m_cases))
        y = rng.binomial(m_cases, p).astype(float)
        b, se, df = _quasi_binomial_batch(x, y, m)
        ok = np.isfinite(b) & np.isfinite(se)
        tq = stats.t.ppf(1 - alpha / 2, df)
        lo, hi = b - tq * se, b + tq * se
        reject = ((lo > 0) | (hi < 0))[ok]
        cover = ((lo <= slope) & (slope <= hi))[ok]
        power_ = float(reject.mean())
        rows.append({"n_providers": G, "cases_per_provider": m_cases, "odds_ratio_per_10": orr, "power": power_,
                     "power_mc_se": float(np.sqrt(power_ * (1 - power_) / ok.sum())), "coverage": float(cover.mean()),
                     "median_ci_ratio": float(np.median(np.exp(10 * (hi - lo))[ok])), "n_sims": int(ok.sum()),
                     "method": "simulation; quasi-binomial logit as in caseload_effect"})
    first = rows[0]
    sentence = (f"With {first['n_providers']} providers and {first['cases_per_provider']} inspected cases each, a true odds "
                f"ratio of {first['odds_ratio_per_10']:g} per 10 extra cases would be detected in "
                f"{fmt(100 * first['power'], 0)}% of studies like this one (interval excludes 1; {first['n_sims']} simulations).")
    return EstimateTable.build(rows, sentence=sentence)
