"""Does a bigger caseload go with worse risk-of-harm work? A logit model of the share of inspected
cases judged sufficient, against caseload, with uncertainty that respects the fact that cases
cluster in a few dozen providers whose numbers of inspected cases differ a lot.

Main estimate
    The logit model is fitted by maximum likelihood (case-level data with a provider-level
    caseload are first added up to one row per provider: the likelihood is unchanged). Its
    standard errors are **CR2 cluster-robust, each provider a cluster**, with a t reference on
    **Bell-McCaffrey (Satterthwaite) degrees of freedom** (:mod:`probation_stats.estimators._small_sample`).
    Why not quasi-binomial: it assumes the variance grows with the cases inspected, so when
    providers had 20 to 400 cases inspected (more at extreme caseloads) it rejected a true null
    about one time in five. CR2 with these degrees of freedom kept coverage at 0.94-0.97 with 7,
    14 and 28 providers, equal, spread or lognormal cases per provider
    (tests/test_coverage_simulation.py; tests/benchmarks/sim_coverage.py for the larger study).

Caseload varying within providers (``within_between=True``)
    With officer- or case-level caseloads, a single pooled slope mixes two questions and finds
    an effect far too often when only the between-provider one is real. The model then has two
    slopes, by group-mean centring: **between** providers (the provider's mean caseload) and
    **within** providers (a case's caseload minus its provider's mean), each with CR2 errors and
    its own Bell-McCaffrey df. Without that argument, caseloads that differ within a provider
    are refused with the providers named (the switch is never silent).

Check on the main test (seeded)
    Permutation test (provider-level caseload only): provider caseloads shuffled across
    providers; the statistic is the CR2 t-test's own p-value (each shuffle referred to its own
    Bell-McCaffrey df), so that providers with many cases at extreme caseloads do not make it
    liberal; p = (1 + #{p* <= p}) / (1 + B). Not run with fewer than 14 providers whose cases
    inspected differ more than twofold (size about 0.07 there in simulation; 0.05 otherwise).

One provider dominating the weight
    When one provider carries a quarter or more of the model's weight (about its share of the
    cases), a warning is raised, a caveat added, and (provider-level caseloads) a row
    ``dominant-provider adjustment`` counts each provider once: least squares of each
    provider's empirical logit on caseload, HC2 errors, Bell-McCaffrey df. With one provider of
    800 cases and the others 15 to 40 (SD 0.4 between providers) the usual row's size was
    0.074-0.080 with 12 to 40 providers; the adjusted row's 0.038-0.047, with coverage
    0.952-0.964 (tests/benchmarks/sim_case_level.py). The Bell-McCaffrey df are computed
    correctly (they match R's clubSandwich) but under the binomial working model, which a
    dominant provider's residual badly understates when providers differ beyond chance. Tried
    there and not offered: the same CR2 errors on Satterthwaite df computed under a working
    model with between-provider variation (size still 0.071 with 12 providers) and a wild
    cluster score bootstrap with Webb's six-point weights (0.045-0.046, but a test with no
    interval, and 0.06 on the published case samples with 28 providers). The permutation check
    (run from 14 providers) held its size in that design: 0.049-0.053 with 14, 20 and 28.

Dropped: the percentile cluster bootstrap (size 0.07-0.13 in the review) and, after trying it,
a wild cluster score bootstrap (Rademacher signs; size 0.07-0.08 with 7 and 14 providers and 20
to 400 cases per provider). Neither is offered.

Degenerate data (all or no cases sufficient; complete separation) give a table whose
estimates are missing and whose ``method`` and sentence say why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probation_stats.estimators._binomial_fit import fit_logit_batch, fit_logit_designs
from probation_stats.estimators._checks import (renamed_argument, require_columns, require_counts, require_finite, require_positive, require_unique,
                      require_variation)
from probation_stats.estimators._small_sample import cr2, cr2_singletons_batch
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["caseload_effect"]

# The permutation check is run with fewer providers only when cases inspected are roughly equal:
# with 7 to 12 providers and 20 to 400 cases (more at extreme caseloads) its size was 0.064-0.072
# in tests/benchmarks/sim_coverage.py; from 14 providers, 0.05.
PERM_MIN_PROVIDERS = 14
PERM_MAX_TRIALS_RATIO = 2.0

# One provider carrying this share of the model's weight (m p (1 - p), about its share of the
# cases) or more triggers the dominance warning and the adjusted row. In
# tests/benchmarks/sim_case_level.py (12 to 40 providers, between-provider SD 0.4, one provider
# with 100 to 800 cases, the others 15 to 40; 5,000 rounds each) the usual CR2 test's size was at
# most 0.053 while the largest share stayed under a quarter, and 0.054-0.080 from a third up.
DOMINANT_SHARE = 0.25


def _provider_counts(data, caseload, outcome, provider, successes, trials, within_between):
    """One row per provider (caseload, successes, trials), and the case-level frame if needed."""
    if outcome is not None:
        if provider is None:
            raise ValueError("case-level data need unit= (the column naming each case's provider)")
        if successes is not None or trials is not None:
            raise ValueError("give either outcome= (case-level data) or successes= and trials= (provider-level data), not both")
        require_columns(data, outcome, caseload, provider)
        require_finite(data, outcome, caseload)
        if data[provider].isna().any():
            raise ValueError(f"column '{provider}' has missing provider names at rows {list(data.index[data[provider].isna()][:5])}")
        y = data[outcome].astype(float)
        bad = data.index[~y.isin([0, 1])]
        if len(bad):
            raise ValueError(f"outcome '{outcome}' must be 0 or 1 for every case; rows {list(bad[:5])} are not")
        within = data.groupby(provider, sort=True)[caseload].nunique()
        varying = list(within.index[within > 1])
        if varying and not within_between:
            shown = ", ".join(map(str, varying[:5])) + (", ..." if len(varying) > 5 else "")
            raise ValueError(f"caseload varies within {len(varying)} provider(s) ({shown}): pass within_between=True to estimate within- and "
                             "between-provider slopes separately, or give one caseload per provider")
        grouped = data.assign(_y=y).groupby(provider, sort=True)
        counts = pd.DataFrame({
            "caseload": grouped[caseload].mean(),
            "successes": grouped["_y"].sum(),
            "trials": grouped["_y"].size().astype(float),
        }).reset_index().rename(columns={provider: "provider"})
        cases = pd.DataFrame({"provider": data[provider].to_numpy(), "caseload": data[caseload].to_numpy(float),
                              "y": y.to_numpy()})
        return counts, cases
    if within_between:
        raise ValueError("within_between=True needs case-level data (outcome= and unit=)")
    if successes is None or trials is None:
        raise ValueError("give either outcome= (case-level data) or successes= and trials= (provider-level data)")
    require_columns(data, caseload, successes, trials, provider)
    require_finite(data, caseload)
    require_counts(data, successes, trials)
    s = data[successes].astype(float)
    t = data[trials].astype(float)
    if (t <= 0).any():
        raise ValueError(f"'{trials}' must be positive; rows {list(data.index[t <= 0][:5])} are not")
    if (s > t).any():
        raise ValueError(f"'{successes}' must lie between 0 and '{trials}'; rows {list(data.index[s > t][:5])} do not")
    if provider is not None:
        require_unique(data[provider], "provider")
        names = data[provider]
    else:
        names = pd.Series(range(len(data)), index=data.index)
    counts = pd.DataFrame({"provider": names.to_numpy(), "caseload": data[caseload].to_numpy(float),
                           "successes": s.to_numpy(), "trials": t.to_numpy()})
    return counts, None


def _separated(x, s, m) -> bool:
    """Complete or quasi-complete separation of the cases by caseload (one covariate).

    True when, for some caseload c, every case below c failed and every case above c succeeded
    (or the reverse), cases at c being anything: the maximum-likelihood slope is then infinite.
    """
    for sign in (1, -1):
        xs = sign * x
        for cut in np.unique(xs):
            below, above = xs < cut, xs > cut
            if (s[below] == 0).all() and (s[above] == m[above]).all():
                return True
    return False


def _logit_fit(X, y, m):
    beta, ok = fit_logit_batch(X, y, m, np.ones((X.shape[0], 1)))
    return beta[0], bool(ok[0])


def _whiten(X, y, m, beta):
    p = 1.0 / (1.0 + np.exp(-(X @ beta)))
    w = np.maximum(m * p * (1 - p), 1e-300)
    sw = np.sqrt(w)
    return X * sw[:, None], (y - m * p) / sw, p


def _permutation_p(x, s, m, p_obs, n_perm, rng):
    """Permutation p-value, provider caseloads shuffled; the statistic is the CR2 t-test's own p-value.

    Comparing p-values (t referred to each shuffle's own Bell-McCaffrey df) rather than raw t
    statistics keeps the test honest when providers with many cases sit at extreme caseloads:
    a shuffle moves them to the middle, where t has lighter tails.
    """
    from scipy import stats

    xc = x - x.mean()
    shuffled = np.stack([rng.permutation(xc) for _ in range(n_perm)])          # (B, G)
    X = np.stack([np.ones_like(shuffled), shuffled], axis=-1)
    S = np.broadcast_to(s, shuffled.shape)
    M = np.broadcast_to(m, shuffled.shape)
    betas, ok = fit_logit_designs(X, S, M)
    eta = np.einsum("bgk,bk->bg", X, np.nan_to_num(betas))
    p = 1 / (1 + np.exp(-eta))
    w = np.maximum(M * p * (1 - p), 1e-300)
    se, df, _ = cr2_singletons_batch(X * np.sqrt(w)[..., None], (S - M * p) / np.sqrt(w), np.array([0.0, 1.0]))
    pstar = 2 * stats.t.sf(np.abs(betas[:, 1] / se), df)
    # a shuffle whose fit is not finite separates the data: count it as extreme (conservative)
    valid = np.isfinite(pstar)
    extreme = np.sum(pstar[valid] <= p_obs * (1 + 1e-9)) + np.sum(~valid)
    return float((1 + extreme) / (1 + n_perm)), int((~valid).sum())


def _glm_results(X, endog, cov, df):
    """A statsmodels GLM result whose ``bse``, ``conf_int()`` and ``summary()`` use ``cov`` and t(df)."""
    import statsmodels.api as sm
    from statsmodels.genmod.generalized_linear_model import GLMResultsWrapper

    model = sm.GLM(endog, X, family=sm.families.Binomial())
    res = model.fit(use_t=True)._results
    # replace the covariance before anything derived from it (bse, t values) is computed and cached
    for cached in ("bse", "tvalues", "pvalues"):
        res._cache.pop(cached, None)
    res.normalized_cov_params = np.asarray(cov)
    res.cov_type = "CR2 cluster-robust (each provider a cluster)"
    res.df_resid = float(df)
    return GLMResultsWrapper(res)


def caseload_effect(data: pd.DataFrame, caseload: str, *, outcome: str | None = None, unit: str | None = None,
                    successes: str | None = None, trials: str | None = None, within_between: bool = False,
                    per: float = 10, at: tuple[float, ...] = (30, 40, 50, 60, 70), n_perm: int = 2000, seed: int = 20211,
                    alpha: float = 0.05, provider: str | None = None) -> EstimateTable:
    """Odds ratio of sufficient risk-of-harm work per ``per`` extra cases, and predicted shares.

    Parameters
    ----------
    data : DataFrame
        Either case-level (one row per inspected case: ``outcome`` 0/1, ``caseload``,
        ``unit``) or provider-level (one row per provider: ``successes`` cases judged
        sufficient out of ``trials`` inspected, ``caseload``).
    caseload : str
        Column with the caseload (cases per practitioner), numeric.
    outcome : str, optional
        Case-level data: column with 1 (judged sufficient) or 0 for each case.
    unit : str, optional
        Column naming each case's (or row's) provider; required with ``outcome``. With
        provider-level data it is used to check that no provider appears twice. (The same
        name as in :func:`workload_association` and :func:`rating_gap`.)
    successes, trials : str, optional
        Provider-level data: columns with cases judged sufficient and cases inspected (whole,
        non-negative numbers; ``trials`` > 0).
    within_between : bool, default False
        Case-level data whose caseload differs between cases of a provider: report the
        within-provider and the between-provider slopes separately (group-mean centring).
        Without it such data are refused, naming the providers.
    per : float, default 10
        The odds ratio is reported per this many extra cases (positive).
    at : tuple of float
        Caseloads at which to predict the share of cases judged sufficient.
    n_perm : int, default 2000
        Permutations of provider caseloads (0 to skip; provider-level caseloads only).
    seed : int
        Seed for the bootstrap and the permutations (results are reproducible).
    alpha : float, default 0.05
        1 - confidence level of the intervals.
    provider : str, optional
        The former name of ``unit`` (still accepted, with a FutureWarning).

    Returns
    -------
    EstimateTable
        Core columns ``term``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n``
        (providers), ``method``; also ``caseload`` (for predictions), ``n_cases``, ``df``.
        Rows: ``odds_ratio_per_<per>`` (main model, then the permutation p-value; with ``within_between`` the terms ``..._within`` and ``..._between``),
        ``dispersion`` (Pearson X^2 / (G - 2), descriptive) and ``predicted_share`` at each
        caseload in ``at``. ``.fitted`` is a statsmodels GLM result carrying the CR2 covariance
        and the slope's t degrees of freedom, so ``.fitted.summary()`` and
        ``.fitted.conf_int()`` agree with the table (the intercept uses the slope's df too).

    Examples
    --------
    >>> import pandas as pd
    >>> synthetic = pd.DataFrame({"provider": list("abcdef"), "caseload": [30, 40, 50, 60, 70, 45],
    ...                           "sufficient": [40, 33, 30, 22, 18, 30], "inspected": [50, 50, 50, 50, 50, 50]})
    >>> res = caseload_effect(synthetic, "caseload", unit="provider", successes="sufficient",
    ...                       trials="inspected", n_perm=200)
    >>> main = res.row("odds_ratio_per_10", "logit")
    >>> print(round(main.estimate, 3), main.n)
    0.626 6
    >>> bool(main.ci_low < main.estimate < main.ci_high)
    True
    """
    provider = renamed_argument(unit, provider, old="provider", new="unit", function="caseload_effect")
    require_columns(data, caseload)
    require_positive(per, "per")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    if int(n_perm) != n_perm or n_perm < 0:
        raise ValueError(f"n_perm must be a whole number >= 0, got {n_perm!r}")
    counts, cases = _provider_counts(data, caseload, outcome, provider, successes, trials, within_between)
    G = len(counts)
    if G < 3:
        raise ValueError(f"need at least three providers to estimate a caseload effect, got {G}")
    require_variation(counts["caseload"], caseload)
    from scipy import stats

    n_cases = int(counts["trials"].sum())
    n_success = int(counts["successes"].sum())
    center = float(counts["caseload"].mean())
    rng = np.random.default_rng(seed)
    term = f"odds_ratio_per_{per:g}"
    level = f"{100 * (1 - alpha):g}%"
    common = {"n": G, "n_cases": n_cases}
    caveats = [
        "An association across providers, not the effect of changing one provider's caseload: providers with "
        "higher caseloads may differ in other ways.",
    ]
    x = counts["caseload"].to_numpy(float)
    s = counts["successes"].to_numpy(float)
    m = counts["trials"].to_numpy(float)

    def empty(reason: str, sentence: str) -> EstimateTable:
        rows = [{"term": term, "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan,
                 "method": f"not estimable: {reason}", "caseload": np.nan, "df": np.nan, **common}]
        return rows, sentence

    # --- degenerate data: say so rather than print an odds ratio of 1 [0, inf] -----------------
    degenerate = None
    if n_success in (0, n_cases):
        what = "all" if n_success == n_cases else "none"
        degenerate = (f"{what} of the {n_cases} cases were judged sufficient",
                      f"All {n_cases} cases" if what == "all" else f"None of the {n_cases} cases")
    elif G and np.ptp(s / m) == 0 and not within_between:
        # every provider had the same share: the slope is exactly 0 with zero residuals, and any
        # t statistic would be rounding error
        degenerate = (f"every provider had the same share of cases judged sufficient ({100 * s[0] / m[0]:.4g}%)",
                      None)
    if degenerate and degenerate[1] is None:
        rows, _ = empty(degenerate[0], "")
        sentence = (f"Every one of the {G} providers had the same share of its cases judged sufficient, so the data say "
                    "nothing about how the share changes with caseload: no odds ratio is estimated.")
        return EstimateTable.build(rows, sentence=sentence, caveats=caveats, details={"counts": counts})
    if degenerate:
        rows, _ = empty(degenerate[0], "")
        sentence = (f"{degenerate[1]} across {G} providers were judged sufficient, so the data say nothing about how the "
                    "share changes with caseload: no odds ratio is estimated.")
        return EstimateTable.build(rows, sentence=sentence, caveats=caveats, details={"counts": counts})
    if not within_between and _separated(x, s, m):
        rows, _ = empty("complete separation (every provider below some caseload had no case judged sufficient, "
                        "or all, and the reverse above it): the maximum-likelihood odds ratio is 0 or infinite", "")
        p_perm = np.nan
        if n_perm:
            # the permutation test stays valid: its statistic is the difference in mean caseload of
            # successes and failures (the sufficient statistic), which needs no fitted slope
            xc = x - x.mean()
            obs = abs(np.sum(xc * s) / n_success - np.sum(xc * (m - s)) / (n_cases - n_success))
            perms = np.stack([rng.permutation(xc) for _ in range(n_perm)])
            star = np.abs(perms @ s / n_success - perms @ (m - s) / (n_cases - n_success))
            p_perm = float((1 + np.sum(star >= obs - 1e-12)) / (1 + n_perm))
            rows.append({"term": term, "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": p_perm,
                         "method": f"permutation test, provider caseloads shuffled ({n_perm} permutations; statistic: "
                                   "difference in mean caseload of sufficient and other cases)",
                         "caseload": np.nan, "df": np.nan, **common})
        sentence = (f"Across {G} providers the cases judged sufficient are completely separated by caseload, so no odds "
                    "ratio can be estimated by maximum likelihood"
                    + (f"; a permutation test of caseload against the outcome gives p = {fmt(p_perm, 4)}." if n_perm else "."))
        return EstimateTable.build(rows, sentence=sentence, caveats=caveats, details={"counts": counts})

    # --- main model -------------------------------------------------------------------------
    if within_between:
        means = cases.groupby("provider")["caseload"].transform("mean").to_numpy()
        xname_b, xname_w = f"{caseload}_between", f"{caseload}_within"
        X = pd.DataFrame({"const": 1.0, xname_b: means - center, xname_w: cases["caseload"].to_numpy() - means})
        yv, mv, clusters = cases["y"].to_numpy(), np.ones(len(cases)), cases["provider"].to_numpy()
        endog = yv
        terms = [(f"{term}_between", 1, "between providers (provider mean caseload)"),
                 (f"{term}_within", 2, "within providers (case caseload minus its provider's mean)")]
        if np.allclose(X[xname_w], 0):
            raise ValueError("within_between=True but no caseload differs from its provider's mean")
    else:
        X = pd.DataFrame({"const": 1.0, f"{caseload}_minus_{center:.4g}": x - center})
        yv, mv, clusters = s, m, counts["provider"].to_numpy()
        endog = np.column_stack([s, m - s])
        terms = [(term, 1, "")]
    Xa = X.to_numpy(float)
    beta, ok = _logit_fit(Xa, yv, mv)
    if not ok:
        rows, _ = empty("the logit fit did not converge (near-separation)", "")
        return EstimateTable.build(rows, sentence=f"Across {G} providers the logit model could not be fitted "
                                   "(the outcome is nearly separated by caseload): no odds ratio is estimated.",
                                   caveats=caveats, details={"counts": counts})
    Xt, et, _p = _whiten(Xa, yv, mv, beta)
    contrasts = [np.eye(Xa.shape[1])[j] for _, j, _ in terms]
    pred_c = [np.array([1.0, c - center]) for c in at] if not within_between else []
    cov, dfs, lev = cr2(Xt, et, clusters, np.array(contrasts + pred_c))
    if lev.max() > 1 - 1e-8:
        caveats.append("One provider has leverage 1 (its residual is forced to zero), so the interval cannot "
                       "reflect its noise.")
    # share of the model's weight carried by the largest provider (case-level: summed over its cases)
    wts = pd.Series(Xt[:, 0] ** 2).groupby(clusters).sum()
    top_share = float(wts.max() / wts.sum())
    dominant = top_share >= DOMINANT_SHARE
    if dominant:
        top_name = wts.idxmax()
        message = (f"One provider ({top_name}) carries {100 * top_share:.0f}% of the model's weight (about its share of the "
                   f"cases; {100 * DOMINANT_SHARE:g}% or more): with providers differing beyond chance the usual CR2 test "
                   "was liberal in that design (false-positive rate up to 0.08 at a nominal 0.05)"
                   + ("; the row 'dominant-provider adjustment' counts each provider once, and held its size there." if not within_between
                      else "; no adjustment is computed for within_between=True: read the interval as too narrow."))
        caveats.append(message)
        import warnings

        warnings.warn(message, UserWarning, stacklevel=2)
    rows = []
    for (name, j, label), df in zip(terms, dfs[: len(terms)]):
        se = float(np.sqrt(cov[j, j]))
        tq = stats.t.ppf(1 - alpha / 2, df)
        tstat = beta[j] / se
        rows.append({"term": name, "estimate": float(np.exp(per * beta[j])),
                     "ci_low": float(np.exp(per * (beta[j] - tq * se))), "ci_high": float(np.exp(per * (beta[j] + tq * se))),
                     "p_value": float(2 * stats.t.sf(abs(tstat), df)),
                     "method": (f"logit{', ' + label if label else ''}; CR2 cluster-robust errors (each provider a cluster), "
                                f"t with {df:.1f} Bell-McCaffrey df"),
                     "caseload": np.nan, "df": float(df), **common})
    fitted = _glm_results(X, endog, cov, dfs[0])
    if dominant and not within_between:
        # Each provider counted once: least squares of its empirical logit on caseload, HC2
        # errors (each provider its own cluster), t on Bell-McCaffrey df. The case-weighted fit
        # lets the dominant provider's residual stand for most of the sampling noise, which with
        # providers differing beyond chance it badly understates; this row held its size
        # (0.038-0.047) where the usual one reached 0.074-0.080 (tests/benchmarks/sim_case_level.py).
        elogit = np.log((s + 0.5) / (m - s + 0.5))
        Xe = np.column_stack([np.ones(G), x - center])
        be = np.linalg.lstsq(Xe, elogit, rcond=None)[0]
        cov_e, df_e, _ = cr2(Xe, elogit - Xe @ be, np.arange(G), np.array([[0.0, 1.0]]))
        se_e, df_e = float(np.sqrt(cov_e[1, 1])), float(df_e[0])
        tq = stats.t.ppf(1 - alpha / 2, df_e)
        rows.append({"term": term, "estimate": float(np.exp(per * be[1])),
                     "ci_low": float(np.exp(per * (be[1] - tq * se_e))), "ci_high": float(np.exp(per * (be[1] + tq * se_e))),
                     "p_value": float(2 * stats.t.sf(abs(be[1] / se_e), df_e)) if se_e > 0 else np.nan,
                     "method": ("dominant-provider adjustment: each provider counted once (least squares of its empirical "
                                f"logit on caseload), HC2 errors, t with {df_e:.1f} Bell-McCaffrey df"),
                     "caseload": np.nan, "df": df_e, **common})

    # --- permutation test (provider-level caseload only) ---------------------------------------
    perm_failed = 0
    uneven = m.max() / m.min() > PERM_MAX_TRIALS_RATIO
    if n_perm and not within_between and G < PERM_MIN_PROVIDERS and uneven:
        rows.append({"term": term, "estimate": rows[0]["estimate"], "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan,
                     "method": (f"permutation test not run: with fewer than {PERM_MIN_PROVIDERS} providers and cases "
                                f"inspected ranging from {m.min():g} to {m.max():g}, shuffling caseloads was liberal in "
                                "simulation (size about 0.07)"),
                     "caseload": np.nan, "df": np.nan, **common})
    elif n_perm and not within_between:
        p_perm, perm_failed = _permutation_p(x, s, m, rows[0]["p_value"], n_perm, rng)
        rows.append({"term": term, "estimate": rows[0]["estimate"], "ci_low": np.nan, "ci_high": np.nan,
                     "p_value": p_perm, "method": (f"permutation test, provider caseloads shuffled ({n_perm} permutations; "
                                                   "statistic: the CR2 t-test p-value)"),
                     "caseload": np.nan, "df": np.nan, **common})
    dispersion = np.nan
    if not within_between and G > 2:
        pi = 1 / (1 + np.exp(-(Xa @ beta)))
        dispersion = float(np.sum((s - m * pi) ** 2 / (m * pi * (1 - pi))) / (G - 2))
    rows.append({"term": "dispersion", "estimate": dispersion, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan,
                 "method": "Pearson chi-squared / (providers - 2): 1 = no extra-binomial variation (descriptive)",
                 "caseload": np.nan, "df": float(G - 2), **common})
    for c, xvec, df in zip(at, pred_c, dfs[len(terms):]):
        eta = float(xvec @ beta)
        se = float(np.sqrt(xvec @ cov @ xvec))
        tq = stats.t.ppf(1 - alpha / 2, df)
        rows.append({"term": "predicted_share", "caseload": float(c), "estimate": float(_expit(eta)),
                     "ci_low": float(_expit(eta - tq * se)), "ci_high": float(_expit(eta + tq * se)), "p_value": np.nan,
                     "method": "main model, CR2 interval on the logit scale, t with Bell-McCaffrey df (column df)", "df": float(df), **common})
    if x.min() > min(at, default=x.min()) or x.max() < max(at, default=x.max()):
        caveats.append(f"Predictions outside the observed caseloads ({x.min():g} to {x.max():g}) are extrapolations.")
    if G < 10:
        caveats.append(f"Only {G} providers: the interval is wide and rests on the t approximation.")

    main = rows[0]
    if within_between:
        wrow = rows[1]
        sentence = (f"Across {G} providers ({n_cases} cases), each {per:g} extra cases per practitioner went with "
                    f"{fmt(main['estimate'])} times the odds of a case's risk-of-harm work being judged sufficient between "
                    f"providers ({level} interval {fmt(main['ci_low'])} to {fmt(main['ci_high'])}) and {fmt(wrow['estimate'])} "
                    f"times within providers ({fmt(wrow['ci_low'])} to {fmt(wrow['ci_high'])}).")
    else:
        if main["ci_low"] <= 1 <= main["ci_high"]:
            verdict = "the interval includes 1, so the data are also consistent with no association"
        else:
            verdict = f"the interval excludes 1 ({'lower' if main['estimate'] < 1 else 'higher'} odds with higher caseloads)"
        sentence = (f"Across {G} providers ({n_cases} cases), each {per:g} extra cases per practitioner went with "
                    f"{fmt(main['estimate'])} times the odds of a case's risk-of-harm work being judged sufficient "
                    f"({level} interval {fmt(main['ci_low'])} to {fmt(main['ci_high'])}); {verdict}.")
    if dominant and not within_between:
        adj = rows[1]
        sentence += (f" One provider carries {100 * top_share:.0f}% of the weight, which makes that interval too narrow; "
                     f"counting each provider once, the odds ratio is {fmt(adj['estimate'])} ({level} interval "
                     f"{fmt(adj['ci_low'])} to {fmt(adj['ci_high'])}).")
    return EstimateTable.build(rows, fitted=fitted, sentence=sentence, caveats=caveats,
                               details={"cov": cov, "center": center, "counts": counts, "leverage": lev,
                                        "permutation_fits_failed": perm_failed, "largest_weight_share": top_share})


def _expit(x: float) -> float:
    return 1.0 / (1.0 + np.exp(-x))
