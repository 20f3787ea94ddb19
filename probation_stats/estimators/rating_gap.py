"""How far apart were two groups of providers (NPS divisions and CRCs) in their ratings?

Three answers, plainest first:

1. **Probability of superiority**: the chance that a random member of the group is rated above a
   random member of the reference group, ties counted half (0.5 = no difference). Its interval
   is the Brunner-Munzel one built on the logit scale (delta method, t on the Brunner-Munzel
   degrees of freedom) and transformed back, so it always lies inside 0 to 1; the clipped Wald
   interval it replaces covered about 91% in a 7-against-21 simulation, this one 0.93-0.96
   (tests/test_coverage_simulation.py). At an estimate of exactly 0 or 1 no interval is given,
   nor when the smaller group has fewer than ``MIN_GROUP_FOR_INTERVAL`` (6) providers (coverage
   0.66-0.91 there); the method column says why.
2. **Exact permutation test** of the rank-sum (Mann-Whitney) statistic ``S``: every way of
   choosing the group's members among all providers is counted (dynamic programming over
   mid-ranks, so ties are handled exactly); Monte-Carlo with a seed above ``exact_limit``
   providers. Two-sided rule: p is the share of choices with ``|S - E S| >= |s - E S|``
   (``s`` observed), not twice the smaller tail.
3. **Ordinal logit** (statsmodels ``OrderedModel``): the odds of a higher rating for the group
   against the reference group, with a **profile-likelihood** interval (the Wald interval is
   badly off with ~28 providers: "3.5 to 636" against the profile's "4.9 to 1,231" on the real
   data). Only empty rating levels are merged (dropped); a sparse level fits fine unmerged. The
   odds ratio is model-dependent and moves a lot with one provider's rating, so the sentence
   leads with 1 and 2. When the groups are **separated** (every provider of one group rated at
   or above every provider of the other: an empty cell at the boundary, 3-20% of rounds in
   plausible designs) maximum likelihood has no finite answer; the row then comes from a
   Firth-penalised fit (:mod:`probation_stats.estimators._ordinal_penalised`) with a profile
   penalised-likelihood interval and test, and its method says so. Counted over every round,
   coverage on the ratings chapter's design (separated in 41% of rounds) went from 0.58
   (maximum likelihood alone) to 0.99 (conservative), on 3 against 25 providers from 0.86 to
   0.95; the test's size there was 0.03 (tests/benchmarks/sim_case_level.py).

The data must hold one row per provider (``unit``); more are refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probation_stats.estimators._checks import require_columns, require_unique
from probation_stats.estimators.results import EstimateTable, fmt

__all__ = ["rating_gap", "probability_of_superiority", "rank_sum_exact_p", "MIN_GROUP_FOR_INTERVAL"]

#: Smallest group for which the probability-of-superiority interval is given. With 28 providers
#: split 3/25, 4/24 and 5/23 its coverage was 0.91 (four-level design of issue 12) and 0.66-0.85
#: (the ratings chapter's 2018/19 shares); at 6/22 0.933-0.942 and at 7/21 0.946-0.950 (5,000
#: rounds each, tests/benchmarks/sim_case_level.py; an estimate of 0 or 1, which has no
#: interval, counted as a miss).
MIN_GROUP_FOR_INTERVAL = 6


def probability_of_superiority(x: np.ndarray, y: np.ndarray) -> float:
    """P(X > Y) + 0.5 P(X = Y) for independent draws from samples ``x`` and ``y``.

    Parameters
    ----------
    x, y : array-like of numbers
        The two samples (e.g. rating codes of the focal and the reference group).

    Returns
    -------
    float
        0.5 means no difference; 1 means every member of ``x`` is above every member of ``y``.

    Examples
    --------
    >>> probability_of_superiority(np.array([2, 3]), np.array([1, 2]))
    0.875
    """
    x = np.asarray(x, dtype=float)[:, None]
    y = np.asarray(y, dtype=float)[None, :]
    return float(((x > y) + 0.5 * (x == y)).mean())


def _brunner_munzel_interval(x, y, alpha):
    """Brunner-Munzel (2000) estimate, variance and df for P(X > Y) + 0.5 P(X = Y).

    Returns ``(p, ci_low, ci_high, df)``; the interval is built on the logit scale,
    ``logit(p) +- t * se / (p (1 - p))``, and transformed back (range-preserving).
    """
    from scipy import stats

    x = np.asarray(x, float)
    y = np.asarray(y, float)
    nx, ny = len(x), len(y)
    ranks = stats.rankdata(np.concatenate([x, y]))
    rx, ry = ranks[:nx], ranks[nx:]
    rx_in, ry_in = stats.rankdata(x), stats.rankdata(y)
    p = (rx.mean() - (nx + 1) / 2) / ny                   # = P(X > Y) + 0.5 P(=)
    sx2 = np.sum((rx - rx_in - rx.mean() + (nx + 1) / 2) ** 2) / (nx - 1)
    sy2 = np.sum((ry - ry_in - ry.mean() + (ny + 1) / 2) ** 2) / (ny - 1)
    var = sx2 / (nx * ny ** 2) + sy2 / (ny * nx ** 2)
    if var <= 0 or not 0 < p < 1:
        return p, np.nan, np.nan, np.nan
    # Satterthwaite-type degrees of freedom, as in scipy.stats.brunnermunzel
    df_num = (nx * sx2 + ny * sy2) ** 2
    df_den = (nx * sx2) ** 2 / (nx - 1) + (ny * sy2) ** 2 / (ny - 1)
    df = df_num / df_den if df_den > 0 else np.inf
    tq = stats.t.ppf(1 - alpha / 2, df)
    half = tq * np.sqrt(var) / (p * (1 - p))
    logit = np.log(p / (1 - p))
    return p, float(1 / (1 + np.exp(-(logit - half)))), float(1 / (1 + np.exp(-(logit + half)))), df


def rank_sum_exact_p(values: np.ndarray, in_group: np.ndarray) -> float:
    """Exact two-sided permutation p-value of the rank-sum of ``in_group`` among ``values``.

    Parameters
    ----------
    values : array-like of numbers
        All units' values (ties allowed).
    in_group : array-like of bool
        True for the units of the group whose rank-sum is tested.

    Returns
    -------
    float
        Every subset of the same size is equally likely under no difference; the distribution
        of its mid-rank sum is counted exactly by dynamic programming (mid-ranks doubled to
        integers), so ties are handled without approximation. Two-sided: the share of subsets
        whose rank-sum ``S`` has ``|S - E S| >= |s - E S|`` (``s`` observed).

    Examples
    --------
    >>> rank_sum_exact_p(np.array([1, 2, 3, 4]), np.array([False, False, True, True]))
    0.3333333333333333
    """
    from scipy import stats

    values = np.asarray(values, float)
    in_group = np.asarray(in_group, bool)
    n, k = len(values), int(in_group.sum())
    r2 = np.rint(2 * stats.rankdata(values)).astype(int)     # doubled mid-ranks are integers
    total = int(r2.sum())
    # ways[j, s] = number of subsets of size j with doubled rank-sum s (floats: counts reach C(n, k))
    ways = np.zeros((k + 1, total + 1))
    ways[0, 0] = 1.0
    for r in r2:
        ways[1:, r:] += ways[:-1, : total + 1 - r].copy()
    dist = ways[k]
    sums = np.arange(total + 1)
    mean = k * total / n
    observed = int(r2[in_group].sum())
    extreme = np.abs(sums - mean) >= abs(observed - mean) - 1e-9
    return float(dist[extreme].sum() / dist.sum())


def _drop_empty(codes: np.ndarray, labels: list) -> tuple[np.ndarray, list[str], str]:
    """Drop rating levels nobody has (only empty levels: a sparse level fits fine unmerged)."""
    counts = [int((codes == i).sum()) for i in range(len(labels))]
    keep = [i for i, c in enumerate(counts) if c > 0]
    note = "none"
    if len(keep) < len(labels):
        note = "no provider rated " + ", ".join(str(labels[i]) for i in range(len(labels)) if counts[i] == 0)
    mapping = {old: new for new, old in enumerate(keep)}
    return np.array([mapping[c] for c in codes]), [str(labels[i]) for i in keep], note


def _cumulative_logit_nll(cuts_free, beta, codes, x, K):
    """Negative log-likelihood of P(Y <= j) = expit(c_j - beta x); cuts as first + exp(increments)."""
    cuts = np.cumsum(np.concatenate([cuts_free[:1], np.exp(cuts_free[1:])]))
    eta = cuts[None, :] - beta * x[:, None]                          # (n, K-1)
    cdf = np.concatenate([np.zeros((len(x), 1)), 1 / (1 + np.exp(-eta)), np.ones((len(x), 1))], axis=1)
    prob = cdf[np.arange(len(x)), codes + 1] - cdf[np.arange(len(x)), codes]
    return -np.sum(np.log(np.maximum(prob, 1e-300)))


def _profile_interval(codes, x, K, beta_hat, alpha):
    """Profile-likelihood interval for the ordinal logit coefficient (cut-points profiled out)."""
    from scipy import optimize, stats

    counts = np.bincount(codes, minlength=K).cumsum()[:-1] / len(codes)
    start = np.log(counts / (1 - counts))
    start_free = np.concatenate([start[:1], np.log(np.maximum(np.diff(start), 1e-3))])

    def profile(beta):
        res = optimize.minimize(_cumulative_logit_nll, start_free, args=(beta, codes, x, K), method="BFGS")
        return res.fun

    nll_hat = profile(beta_hat)
    crit = stats.chi2.ppf(1 - alpha, 1) / 2

    def excess(beta):
        return profile(beta) - nll_hat - crit

    ends = []
    for direction in (-1, 1):
        step, inner, found = 0.5, beta_hat, None
        for _ in range(40):
            outer = inner + direction * step
            if abs(outer) > 30:
                break
            if excess(outer) > 0:
                found = optimize.brentq(excess, min(inner, outer), max(inner, outer), xtol=1e-6)
                break
            inner, step = outer, step * 1.6
        ends.append(found if found is not None else direction * np.inf)
    return ends[0], ends[1], nll_hat


def rating_gap(data: pd.DataFrame, rating: str = "rating", group: str = "provider_type", *, focal: str = "NPS",
               reference: str = "CRC", levels: tuple | None = None, unit: str | None = None,
               alpha: float = 0.05, exact_limit: int = 400, n_perm: int = 20000, seed: int = 20211) -> EstimateTable:
    """Ordered ratings of ``focal`` against ``reference`` providers.

    Parameters
    ----------
    data : DataFrame
        One row per provider (rows of other groups are ignored).
    rating : str
        Ordered categorical column (e.g. from ``load_ratings``), or any values (text or numbers)
        whose order ``levels`` gives.
    group : str
        Column naming each provider's group; only rows in ``focal`` or ``reference`` are used.
    focal, reference : str
        The two groups compared: estimates say how much higher ``focal`` was rated.
    levels : tuple, optional
        The rating levels from lowest to highest, e.g. ``(1, 2, 3, 4)``; needed unless
        ``rating`` is an ordered categorical.
    unit : str, optional
        Column naming the provider; more than one row per provider is refused. Defaults to
        ``provider_id`` when that column exists.
    alpha : float, default 0.05
        1 - confidence level.
    exact_limit : int, default 400
        Above this many providers the permutation test is Monte-Carlo.
    n_perm : int, default 20000
        Monte-Carlo permutations (only above ``exact_limit``).
    seed : int
        Seed of the Monte-Carlo permutations.

    Returns
    -------
    EstimateTable
        Rows ``probability_of_superiority``, ``rank_sum_permutation`` (p-value) and
        ``odds_ratio_higher_rating`` (ordinal logit with a profile-likelihood interval). Core
        columns plus ``n_focal``, ``n_reference``, ``collapsed`` (levels dropped as empty).
        ``.fitted`` is the OrderedModel result (its Wald intervals are not the table's).

    Examples
    --------
    >>> import pandas as pd
    >>> synthetic = pd.DataFrame({"provider_type": ["NPS"] * 6 + ["CRC"] * 8,
    ...                           "rating": [3, 3, 2, 3, 2, 4, 2, 1, 2, 3, 2, 2, 1, 2]})
    >>> res = rating_gap(synthetic, "rating", "provider_type", levels=(1, 2, 3, 4))
    >>> sup = res.row("probability_of_superiority")
    >>> print(f"{sup.estimate:.3f} ({sup.ci_low:.2f} to {sup.ci_high:.2f})")
    0.823 (0.48 to 0.96)
    """
    from scipy import stats

    require_columns(data, rating, group, unit)
    if unit is None and "provider_id" in data.columns:
        unit = "provider_id"
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    sub = data[data[group].isin([focal, reference])]
    if unit is not None:
        require_unique(sub[unit], "provider")
    if sub[rating].isna().any():
        raise ValueError(f"column '{rating}' has missing ratings at rows {list(sub.index[sub[rating].isna()][:5])}; "
                         "drop them first (nothing is filled in)")
    n_focal = int((sub[group] == focal).sum())
    n_ref = int((sub[group] == reference).sum())
    if n_focal < 2 or n_ref < 2:
        raise ValueError(f"need at least two providers in each group; have {n_focal} {focal} and {n_ref} {reference}")
    if levels is None:
        if not isinstance(sub[rating].dtype, pd.CategoricalDtype) or not sub[rating].cat.ordered:
            raise ValueError(f"'{rating}' must be an ordered categorical, or pass levels= in order")
        levels = tuple(sub[rating].cat.categories)
    levels = tuple(levels)
    if len(set(levels)) != len(levels):
        raise ValueError(f"levels {list(levels)} repeat a value")
    position = {lev: i for i, lev in enumerate(levels)}
    values = sub[rating].astype(object) if isinstance(sub[rating].dtype, pd.CategoricalDtype) else sub[rating]
    unknown = sorted({repr(v) for v in values if v not in position})
    if unknown:
        raise ValueError(f"ratings {unknown} are not among levels {list(levels)} (compare types: text '2' is not the number 2)")
    codes = np.array([position[v] for v in values])
    is_focal = (sub[group] == focal).to_numpy()
    if len(set(codes)) < 2:
        raise ValueError("every provider has the same rating: there is no gap to estimate")
    level_name = f"{100 * (1 - alpha):g}%"
    n = len(codes)

    # 1. probability of superiority, logit-scale Brunner-Munzel interval
    ps_, lo, hi, _df = _brunner_munzel_interval(codes[is_focal], codes[~is_focal], alpha)
    ps_method = f"P({focal} rated above {reference}) + half of ties; Brunner-Munzel {level_name} interval on the logit scale"
    if min(n_focal, n_ref) < MIN_GROUP_FOR_INTERVAL:
        lo = hi = np.nan
        ps_method += (f" (no interval: {min(n_focal, n_ref)} providers in the smaller group; below "
                      f"{MIN_GROUP_FOR_INTERVAL} the interval covered only 0.66-0.91 of the time in simulation, "
                      "rounds where every pair is ordered the same way counted as misses)")
    elif not np.isfinite(lo):
        ps_method += f" (no interval: the estimate is {ps_:g}, every pair ordered the same way)"
    rows = [{"term": "probability_of_superiority", "estimate": ps_, "ci_low": lo, "ci_high": hi, "p_value": np.nan,
             "method": ps_method, "collapsed": "none"}]

    # 2. exact (or Monte-Carlo) permutation test of the rank-sum
    if n <= exact_limit:
        p_perm = rank_sum_exact_p(codes, is_focal)
        how = "exact permutation test of the rank-sum (all subsets); two-sided: share with |S - E S| >= observed"
    else:
        rng = np.random.default_rng(seed)
        ranks = stats.rankdata(codes)
        obs = ranks[is_focal].sum()
        mean = n_focal * (n + 1) / 2
        sims = np.array([ranks[rng.permutation(n)[:n_focal]].sum() for _ in range(n_perm)])
        p_perm = float((1 + np.sum(np.abs(sims - mean) >= abs(obs - mean) - 1e-9)) / (1 + n_perm))
        how = (f"Monte-Carlo permutation test of the rank-sum ({n_perm} permutations, seed {seed}); two-sided: "
               "share with |S - E S| >= observed")
    rows.append({"term": "rank_sum_permutation", "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                 "p_value": p_perm, "method": how, "collapsed": "none"})

    # 3. ordinal logit on the non-empty levels, profile-likelihood interval
    ccodes, names, collapsed = _drop_empty(codes, list(levels))
    fitted = None
    row_or = {"term": "odds_ratio_higher_rating", "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
              "p_value": np.nan, "collapsed": collapsed}
    lo_f, hi_f = ccodes[is_focal], ccodes[~is_focal]
    separated = lo_f.min() >= hi_f.max() or lo_f.max() <= hi_f.min()
    if not separated:
        from statsmodels.miscmodels.ordinal_model import OrderedModel

        endog = pd.Series(pd.Categorical.from_codes(ccodes, categories=names, ordered=True))
        exog = pd.DataFrame({f"{group}_{focal}": is_focal.astype(float)})
        fitted = OrderedModel(endog, exog, distr="logit").fit(method="bfgs", disp=False, maxiter=2000)
        b = float(fitted.params.iloc[0])
        low_b, high_b, nll_hat = _profile_interval(ccodes, is_focal.astype(float), len(names), b, alpha)
        lr = 2 * (_profile_value(ccodes, is_focal.astype(float), len(names), 0.0) - nll_hat)
        row_or.update(estimate=float(np.exp(b)), ci_low=float(np.exp(low_b)), ci_high=float(np.exp(high_b)),
                      p_value=float(stats.chi2.sf(max(lr, 0.0), 1)),
                      method=(f"ordinal logit (OrderedModel), profile-likelihood {level_name} interval and "
                              f"likelihood-ratio p, {len(names)} levels"))
    if separated or not (np.isfinite(row_or["ci_low"]) and np.isfinite(row_or["ci_high"])):
        # Maximum likelihood runs to an infinite odds ratio (separation) or an open-ended interval:
        # Firth's penalty (Jeffreys prior) gives a finite estimate, a profile penalised-likelihood
        # interval and a penalised LR test. Coverage over every simulated round, separated ones
        # included, is in tests/benchmarks/sim_case_level.py.
        from probation_stats.estimators._ordinal_penalised import penalised_ordinal_profile

        why = ("the groups are separated (no provider of one group rated above any of the other), so the "
               "maximum-likelihood odds ratio is infinite" if separated else "the maximum-likelihood interval is open-ended")
        b, low_b, high_b, p_pen = penalised_ordinal_profile(ccodes, is_focal, len(names), alpha)
        row_or.update(estimate=float(np.exp(b)), ci_low=float(np.exp(low_b)), ci_high=float(np.exp(high_b)), p_value=p_pen,
                      method=(f"ordinal logit, Firth-penalised (Jeffreys prior) because {why}; profile penalised-likelihood "
                              f"{level_name} interval and penalised likelihood-ratio p, {len(names)} levels"))
    rows.append(row_or)
    for r in rows:
        r.update(n=n, n_focal=n_focal, n_reference=n_ref)
    columns = ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method", "n_focal", "n_reference", "collapsed"]
    if np.isfinite(lo):
        interval = f"{level_name} interval {fmt(lo)} to {fmt(hi)}"
    elif min(n_focal, n_ref) < MIN_GROUP_FOR_INTERVAL:
        interval = f"no interval with fewer than {MIN_GROUP_FOR_INTERVAL} providers in a group"
    else:
        interval = "no interval at this extreme"
    sentence = (f"A randomly chosen {focal} provider was rated above a randomly chosen {reference} with probability "
                f"{fmt(ps_)} (ties counted half; {interval}; 0.5 would mean no gap), "
                f"from {n_focal} {focal} and {n_ref} {reference} ratings; exact permutation p = {fmt(p_perm, 3)} (two-sided).")
    caveats = [f"{n} providers: one provider's rating moves the estimates noticeably; the ordinal odds ratio most of all.",
               "Ratings are the inspectorate's judgements at one inspection, not measurements."]
    table = EstimateTable.build([{c: r.get(c) for c in columns} for r in rows], fitted=fitted,
                                details={"levels_used": names}, sentence=sentence, caveats=caveats)
    return table


def _profile_value(codes, x, K, beta):
    from scipy import optimize

    counts = np.bincount(codes, minlength=K).cumsum()[:-1] / len(codes)
    start = np.log(counts / (1 - counts))
    start_free = np.concatenate([start[:1], np.log(np.maximum(np.diff(start), 1e-3))])
    return optimize.minimize(_cumulative_logit_nll, start_free, args=(beta, codes, x, K), method="BFGS").fun
