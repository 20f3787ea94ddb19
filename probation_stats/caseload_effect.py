"""Does a bigger caseload go with worse risk-of-harm work? A binomial (logit) model of the share
of inspected cases judged sufficient, against caseload, with uncertainty that respects the fact
that cases cluster in a few dozen providers.

Main estimate
    Caseload is a provider-level figure in published data, so case-level data are first
    aggregated to one row per provider (cases sufficient out of cases inspected; the binomial
    likelihood is unchanged). The logit model is fitted by maximum likelihood and its standard
    errors are scaled by the Pearson dispersion ``X^2 / (G - 2)`` (floored at 1), with t intervals on ``G - 2``
    degrees of freedom (quasi-binomial). Between-provider variation makes plain binomial
    intervals far too narrow; the dispersion absorbs it, and the t reference is the small-sample
    part (with ~28 providers, normal intervals undercover). Simulations in
    tests/test_caseload_effect.py check the coverage.

    If caseload varies *within* providers (e.g. officer-level caseloads in case-level data), the
    model is fitted to the cases with cluster-robust (CR1) standard errors and t on ``G - 1``
    degrees of freedom.

Sensitivity checks (seeded)
    * cluster bootstrap: providers resampled with replacement, percentile interval;
    * permutation test: provider caseloads shuffled across providers (provider-level caseload
      only), p = (1 + #{|b*| >= |b|}) / (1 + B).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from ._binomial_fit import fit_logit_batch, fit_logit_designs
from ._checks import require_columns, require_finite, require_variation
from .results import EstimateTable, fmt

__all__ = ["caseload_effect"]


def _provider_counts(data, caseload, outcome, provider, successes, trials):
    """One row per provider: caseload, successes, trials; and whether caseload is provider-level."""
    if outcome is not None:
        if provider is None:
            raise ValueError("case-level data need provider= (the column naming each case's provider)")
        require_columns(data, outcome, caseload, provider)
        require_finite(data, outcome, caseload)
        if data[provider].isna().any():
            raise ValueError(f"column '{provider}' has missing provider names at rows {list(data.index[data[provider].isna()][:5])}")
        y = pd.to_numeric(data[outcome])
        bad = data.index[~y.isin([0, 1])]
        if len(bad):
            raise ValueError(f"outcome '{outcome}' must be 0 or 1 for every case; rows {list(bad[:5])} are not")
        within = data.groupby(provider)[caseload].nunique()
        provider_level = bool((within == 1).all())
        grouped = data.assign(_y=y).groupby(provider, sort=True)
        counts = pd.DataFrame({
            "caseload": grouped[caseload].mean(),
            "successes": grouped["_y"].sum(),
            "trials": grouped["_y"].size(),
        }).reset_index().rename(columns={provider: "provider"})
        return counts, provider_level
    if successes is None or trials is None:
        raise ValueError("give either outcome= (case-level data) or successes= and trials= (provider-level data)")
    require_columns(data, caseload, successes, trials, provider)
    require_finite(data, caseload, successes, trials)
    s = pd.to_numeric(data[successes]).astype(float)
    t = pd.to_numeric(data[trials]).astype(float)
    if (t <= 0).any():
        raise ValueError(f"'{trials}' must be positive; rows {list(data.index[t <= 0][:5])} are not")
    if (s < 0).any() or (s > t).any():
        raise ValueError(f"'{successes}' must lie between 0 and '{trials}'; rows {list(data.index[(s < 0) | (s > t)][:5])} do not")
    if ((s % 1) != 0).any() or ((t % 1) != 0).any():
        raise ValueError(f"'{successes}' and '{trials}' must be whole numbers of cases")
    names = data[provider] if provider is not None else pd.Series(range(len(data)), index=data.index)
    if names.duplicated().any():
        raise ValueError("provider-level data must have one row per provider; "
                         f"duplicated: {sorted(set(names[names.duplicated()]))[:5]}")
    counts = pd.DataFrame({"provider": names.to_numpy(), "caseload": pd.to_numeric(data[caseload]).to_numpy(float),
                           "successes": s.to_numpy(), "trials": t.to_numpy()})
    return counts, True


def caseload_effect(data: pd.DataFrame, caseload: str, *, outcome: str | None = None, provider: str | None = None,
                    successes: str | None = None, trials: str | None = None, per: float = 10,
                    at: tuple[float, ...] = (30, 40, 50, 60, 70), n_boot: int = 2000, n_perm: int = 2000,
                    seed: int = 20211, alpha: float = 0.05) -> EstimateTable:
    """Odds ratio of sufficient risk-of-harm work per ``per`` extra cases, and predicted shares.

    Parameters
    ----------
    data : DataFrame
        Either case-level (one row per inspected case: ``outcome`` 0/1, ``caseload``,
        ``provider``) or provider-level (one row per provider: ``successes`` cases judged
        sufficient out of ``trials`` inspected, ``caseload``).
    caseload : str
        Column with the caseload (cases per practitioner).
    per : float, default 10
        The odds ratio is reported per this many extra cases.
    at : tuple of float
        Caseloads at which to predict the share of cases judged sufficient.
    n_boot, n_perm : int
        Cluster-bootstrap resamples and permutations (0 to skip either).
    seed : int
        Seed for the bootstrap and the permutations (results are reproducible).

    Returns
    -------
    EstimateTable
        Rows ``odds_ratio_per_<per>`` (main model; bootstrap; permutation), ``dispersion``, and
        ``predicted_share`` at each caseload in ``at`` (column ``caseload``). Columns: ``term``,
        ``caseload``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n`` (providers),
        ``n_cases``, ``df``, ``method``. ``.fitted`` is the statsmodels GLM result of the main
        model (its ``bse`` are the *unscaled* binomial ones; the table's intervals use the
        dispersion-scaled covariance in ``.details["cov"]``).

    Examples
    --------
    >>> import pandas as pd
    >>> synthetic = pd.DataFrame({"caseload": [30, 40, 50, 60, 70, 45], "sufficient": [40, 33, 30, 22, 18, 30],
    ...                           "inspected": [50, 50, 50, 50, 50, 50]})
    >>> res = caseload_effect(synthetic, "caseload", successes="sufficient", trials="inspected", n_boot=200, n_perm=200)
    >>> print(round(res.row("odds_ratio_per_10", "quasi").estimate, 3))
    0.626
    """
    require_columns(data, caseload)
    counts, provider_level = _provider_counts(data, caseload, outcome, provider, successes, trials)
    G = len(counts)
    if G < 3:
        raise ValueError(f"need at least three providers to estimate a caseload effect, got {G}")
    require_variation(counts["caseload"], caseload)
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    n_cases = int(counts["trials"].sum())
    center = float(counts["caseload"].mean())
    rng = np.random.default_rng(seed)
    term = f"odds_ratio_per_{per:g}"
    level = f"{100 * (1 - alpha):g}%"

    if provider_level:
        # Named columns so that .fitted.summary() says what each coefficient is.
        X = pd.DataFrame({"const": 1.0, f"{caseload}_minus_{center:.4g}": counts["caseload"].to_numpy() - center})
        endog = np.column_stack([counts["successes"], counts["trials"] - counts["successes"]])
        fitted = sm.GLM(endog, X, family=sm.families.Binomial()).fit()
        df = G - 2
        dispersion = float(fitted.pearson_chi2 / df) if df > 0 else np.nan
        # Floored at 1: intervals are never narrower than the plain binomial ones, whose only
        # source of noise is the sampling of cases (apparent under-dispersion with few
        # providers is itself noise).
        cov = np.asarray(fitted.cov_params()) * max(dispersion, 1.0)
        method = f"quasi-binomial logit on provider counts (Pearson dispersion, t with {df} df)"
    else:
        cases = data[[provider, caseload, outcome]].copy()
        X = pd.DataFrame({"const": 1.0, f"{caseload}_minus_{center:.4g}": pd.to_numeric(cases[caseload]).to_numpy(float) - center})
        groups = pd.factorize(cases[provider])[0]
        fitted = sm.GLM(pd.to_numeric(cases[outcome]).to_numpy(float), X, family=sm.families.Binomial()).fit(
            cov_type="cluster", cov_kwds={"groups": groups, "use_correction": True, "df_correction": True})
        df = G - 1
        dispersion = np.nan
        cov = np.asarray(fitted.cov_params())
        method = f"logit on cases, cluster-robust (CR1) errors over {G} providers, t with {df} df"
    beta = np.asarray(fitted.params, dtype=float)
    se_slope = float(np.sqrt(cov[1, 1]))
    tq = stats.t.ppf(1 - alpha / 2, df) if df > 0 else np.nan
    t_stat = beta[1] / se_slope if se_slope > 0 else np.nan
    p_main = float(2 * stats.t.sf(abs(t_stat), df)) if df > 0 else np.nan
    rows = [{
        "term": term, "caseload": np.nan, "estimate": float(np.exp(per * beta[1])),
        "ci_low": float(np.exp(per * (beta[1] - tq * se_slope))), "ci_high": float(np.exp(per * (beta[1] + tq * se_slope))),
        "p_value": p_main, "n": G, "n_cases": n_cases, "df": df, "method": method,
    }]

    # --- cluster bootstrap: resample providers; all resamples solved together ----------------
    boot = np.array([])
    if n_boot:
        if provider_level:
            Xb = sm.add_constant(counts["caseload"].to_numpy() - center)
            idx = rng.integers(0, G, size=(n_boot, G))
            W = np.zeros((G, n_boot))
            np.add.at(W, (idx.T, np.arange(n_boot)[None, :].repeat(G, 0)), 1.0)
            betas, ok = fit_logit_batch(Xb, counts["successes"].to_numpy(), counts["trials"].to_numpy(), W)
        else:
            codes = pd.factorize(data[provider])[0]
            Xb = sm.add_constant(pd.to_numeric(data[caseload]).to_numpy(float) - center)
            idx = rng.integers(0, G, size=(n_boot, G))
            mult = np.zeros((G, n_boot))
            np.add.at(mult, (idx.T, np.arange(n_boot)[None, :].repeat(G, 0)), 1.0)
            W = mult[codes]                                   # each case weighted by its provider's multiplicity
            y = pd.to_numeric(data[outcome]).to_numpy(float)
            betas, ok = fit_logit_batch(Xb, y, np.ones_like(y), W)
        boot = betas[ok, 1]
        lo, hi = np.quantile(boot, [alpha / 2, 1 - alpha / 2]) if len(boot) else (np.nan, np.nan)
        rows.append({"term": term, "caseload": np.nan, "estimate": float(np.exp(per * beta[1])),
                     "ci_low": float(np.exp(per * lo)), "ci_high": float(np.exp(per * hi)), "p_value": np.nan,
                     "n": G, "n_cases": n_cases, "df": np.nan,
                     "method": f"cluster bootstrap, {level} percentile interval ({int(ok.sum())} of {n_boot} resamples converged)"})

    # --- permutation test: shuffle provider caseloads -----------------------------------------
    perm = np.array([])
    if n_perm and provider_level:
        x = counts["caseload"].to_numpy() - center
        shuffled = np.stack([rng.permutation(x) for _ in range(n_perm)])          # (B, G)
        Xp = np.stack([np.ones_like(shuffled), shuffled], axis=-1)
        betas, _ = fit_logit_designs(Xp, np.broadcast_to(counts["successes"].to_numpy(), shuffled.shape),
                                     np.broadcast_to(counts["trials"].to_numpy(), shuffled.shape))
        perm = betas[:, 1]
        valid = perm[np.isfinite(perm)]
        p_perm = (1 + np.sum(np.abs(valid) >= abs(beta[1]) - 1e-12)) / (1 + len(valid))
        rows.append({"term": term, "caseload": np.nan, "estimate": float(np.exp(per * beta[1])), "ci_low": np.nan,
                     "ci_high": np.nan, "p_value": float(p_perm), "n": G, "n_cases": n_cases, "df": np.nan,
                     "method": f"permutation test, provider caseloads shuffled ({len(valid)} permutations)"})
    elif n_perm:
        rows.append({"term": term, "caseload": np.nan, "estimate": float(np.exp(per * beta[1])), "ci_low": np.nan,
                     "ci_high": np.nan, "p_value": np.nan, "n": G, "n_cases": n_cases, "df": np.nan,
                     "method": "permutation test not run: caseload varies within providers"})

    rows.append({"term": "dispersion", "caseload": np.nan, "estimate": dispersion, "ci_low": np.nan, "ci_high": np.nan,
                 "p_value": np.nan, "n": G, "n_cases": n_cases, "df": df,
                 "method": "Pearson chi-squared / residual df (1 = no extra-binomial variation)"})
    for c in at:
        x = np.array([1.0, c - center])
        eta = float(x @ beta)
        se = float(np.sqrt(x @ cov @ x))
        rows.append({"term": "predicted_share", "caseload": float(c), "estimate": float(_expit(eta)),
                     "ci_low": float(_expit(eta - tq * se)), "ci_high": float(_expit(eta + tq * se)), "p_value": np.nan,
                     "n": G, "n_cases": n_cases, "df": df, "method": "main model, interval on the logit scale"})

    main = rows[0]
    direction = "lower" if main["estimate"] < 1 else "higher"
    sentence = (f"Across {G} providers, each {per:g} extra cases per practitioner went with "
                f"{fmt(main['estimate'])} times the odds of a case's risk-of-harm work being judged sufficient "
                f"({level} interval {fmt(main['ci_low'])} to {fmt(main['ci_high'])}), i.e. {direction} odds; "
                + ("the interval includes 1, so the data are also consistent with no association."
                   if main["ci_low"] <= 1 <= main["ci_high"] else "the interval excludes 1 (no association)."))
    return EstimateTable.build(rows, fitted=fitted, details={"cov": cov, "center": center, "bootstrap_slopes": boot,
                                                             "permutation_slopes": perm, "counts": counts},
                               sentence=sentence)


def _expit(x: float) -> float:
    return 1.0 / (1.0 + np.exp(-x))
