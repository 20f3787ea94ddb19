"""How far apart were two groups of providers (NPS divisions and CRCs) in their ratings?

Three answers, from most to least model-dependent:

1. **Ordinal logit** (statsmodels ``OrderedModel``): the log-odds of a higher rating for the
   group against the reference group, as an odds ratio with a Wald interval. With ~28 providers
   some rating levels are empty or nearly so (no provider was rated Outstanding overall in
   2018/19), and a sparse level can send a cut-point to infinity. Levels observed fewer than
   ``min_count`` times are merged into their neighbour towards the middle of the scale; the
   ``collapsed`` column says what was merged.
2. **Exact permutation test** of the rank-sum (Mann-Whitney) statistic, counting every way of
   choosing the group's members among all providers (dynamic programming over mid-ranks, so
   ties are handled exactly); Monte-Carlo with a seed above ``exact_limit`` providers.
3. **Probability of superiority**: the chance that a random member of the group is rated above a
   random member of the reference group, ties counted half (0.5 = no difference), with the
   Brunner-Munzel interval (t approximation; clipped to [0, 1]).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

from ._checks import require_columns
from .results import EstimateTable, fmt

__all__ = ["rating_gap", "probability_of_superiority", "rank_sum_exact_p"]


def probability_of_superiority(x: np.ndarray, y: np.ndarray) -> float:
    """P(X > Y) + 0.5 P(X = Y) for independent draws from samples ``x`` and ``y``.

    >>> probability_of_superiority(np.array([2, 3]), np.array([1, 2]))
    0.875
    """
    x = np.asarray(x, dtype=float)[:, None]
    y = np.asarray(y, dtype=float)[None, :]
    return float(((x > y) + 0.5 * (x == y)).mean())


def _brunner_munzel_interval(x, y, alpha):
    """Brunner-Munzel (2000) interval for P(X > Y) + 0.5 P(X = Y)."""
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
    if var <= 0:
        return p, np.nan, np.nan, np.nan
    # Satterthwaite-type degrees of freedom, as in scipy.stats.brunnermunzel
    df_num = (nx * sx2 + ny * sy2) ** 2
    df_den = (nx * sx2) ** 2 / (nx - 1) + (ny * sy2) ** 2 / (ny - 1)
    df = df_num / df_den if df_den > 0 else np.inf
    tq = stats.t.ppf(1 - alpha / 2, df)
    half = tq * np.sqrt(var)
    return p, max(0.0, p - half), min(1.0, p + half), df


def rank_sum_exact_p(values: np.ndarray, in_group: np.ndarray) -> float:
    """Exact two-sided permutation p-value of the rank-sum of ``in_group`` among ``values``.

    Every subset of the same size is equally likely under no difference; the distribution of
    its mid-rank sum is counted exactly by dynamic programming (mid-ranks doubled to integers),
    so ties are handled without approximation.
    """
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


def _collapse(codes: np.ndarray, labels: list[str], min_count: int) -> tuple[np.ndarray, list[str], str]:
    """Drop empty levels; merge levels seen fewer than ``min_count`` times towards the middle."""
    groups = [[lab] for lab in labels]
    counts = [int((codes == i).sum()) for i in range(len(labels))]
    merged_notes = []
    # empty levels first
    keep = [i for i, c in enumerate(counts) if c > 0]
    if len(keep) < len(labels):
        merged_notes.append("no provider rated " + ", ".join(labels[i] for i in range(len(labels)) if counts[i] == 0))
    groups = [groups[i] for i in keep]
    counts = [counts[i] for i in keep]
    mapping = {old: new for new, old in enumerate(keep)}
    codes = np.array([mapping[c] for c in codes])
    while len(counts) > 2 and min(counts) < min_count:
        i = int(np.argmin(counts))
        j = i + 1 if i < len(counts) / 2 else i - 1          # towards the middle
        j = min(max(j, 0), len(counts) - 1)
        lo, hi = sorted((i, j))
        merged_notes.append(f"{' + '.join(groups[i])} ({counts[i]}) merged with {' + '.join(groups[j])}")
        groups[lo] = groups[lo] + groups[hi]
        counts[lo] += counts[hi]
        del groups[hi], counts[hi]
        codes = np.where(codes == hi, lo, codes)
        codes = np.where(codes > hi, codes - 1, codes)
    names = [" / ".join(g) for g in groups]
    return codes, names, "; ".join(merged_notes) or "none"


def rating_gap(data: pd.DataFrame, rating: str = "rating", group: str = "provider_type", *, focal: str = "NPS",
               reference: str = "CRC", levels: tuple[str, ...] | None = None, min_count: int = 2,
               alpha: float = 0.05, exact_limit: int = 400, n_perm: int = 20000, seed: int = 20211) -> EstimateTable:
    """Ordered ratings of ``focal`` against ``reference`` providers.

    Parameters
    ----------
    data : DataFrame
        One row per provider.
    rating : str
        Ordered categorical column (e.g. from ``load_ratings``), or any ordered values when
        ``levels`` gives their order.
    group : str
        Column naming each provider's group; only rows in ``focal`` or ``reference`` are used.
    min_count : int
        Rating levels seen fewer times than this are merged for the ordinal model only.

    Returns
    -------
    EstimateTable
        Rows ``odds_ratio_higher_rating`` (ordinal logit), ``rank_sum_permutation``
        (p-value), ``probability_of_superiority``. Columns ``term``, ``estimate``, ``ci_low``,
        ``ci_high``, ``p_value``, ``n``, ``n_focal``, ``n_reference``, ``method``, ``collapsed``.
        ``.fitted`` is the OrderedModel result.
    """
    require_columns(data, rating, group)
    sub = data[data[group].isin([focal, reference])]
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
    unknown = sorted(set(sub[rating].astype(str)) - set(levels))
    if unknown:
        raise ValueError(f"ratings {unknown} are not among levels {list(levels)}")
    codes = np.array([levels.index(v) for v in sub[rating].astype(str)])
    is_focal = (sub[group] == focal).to_numpy()
    if len(set(codes)) < 2:
        raise ValueError("every provider has the same rating: there is no gap to estimate")
    level_name = f"{100 * (1 - alpha):g}%"

    # 1. ordinal logit on (possibly collapsed) levels
    ccodes, names, collapsed = _collapse(codes, list(levels), min_count)
    fitted = None
    row_or = {"term": "odds_ratio_higher_rating", "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
              "p_value": np.nan, "collapsed": collapsed}
    if len(names) == 2 and (len(set(ccodes[is_focal])) == 1 and len(set(ccodes[~is_focal])) == 1):
        row_or["method"] = "ordinal logit not estimable: the groups are completely separated"
    else:
        endog = pd.Series(pd.Categorical.from_codes(ccodes, categories=names, ordered=True))
        exog = pd.DataFrame({f"{group}_{focal}": is_focal.astype(float)})
        model = OrderedModel(endog, exog, distr="logit")
        fitted = model.fit(method="bfgs", disp=False, maxiter=2000)
        b = float(fitted.params.iloc[0])
        se = float(fitted.bse.iloc[0])
        cuts = np.asarray(fitted.params.iloc[1:], dtype=float)
        if not np.isfinite(se) or se > 20 or np.abs(cuts).max() > 30:
            row_or["method"] = "ordinal logit did not converge to finite estimates (separation)"
        else:
            z = stats.norm.ppf(1 - alpha / 2)
            row_or.update(estimate=float(np.exp(b)), ci_low=float(np.exp(b - z * se)), ci_high=float(np.exp(b + z * se)),
                          p_value=float(2 * stats.norm.sf(abs(b / se))),
                          method=f"ordinal logit (OrderedModel), Wald {level_name} interval, {len(names)} levels")
    rows = [row_or]

    # 2. exact (or Monte-Carlo) permutation test of the rank-sum
    n = len(codes)
    if n <= exact_limit:
        p_perm = rank_sum_exact_p(codes, is_focal)
        how = "exact permutation test of the rank-sum (all subsets)"
    else:
        rng = np.random.default_rng(seed)
        ranks = stats.rankdata(codes)
        obs = ranks[is_focal].sum()
        mean = n_focal * (n + 1) / 2
        sims = np.array([ranks[rng.permutation(n)[:n_focal]].sum() for _ in range(n_perm)])
        p_perm = float((1 + np.sum(np.abs(sims - mean) >= abs(obs - mean) - 1e-9)) / (1 + n_perm))
        how = f"Monte-Carlo permutation test of the rank-sum ({n_perm} permutations, seed {seed})"
    rows.append({"term": "rank_sum_permutation", "estimate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                 "p_value": p_perm, "method": how, "collapsed": "none"})

    # 3. probability of superiority with the Brunner-Munzel interval
    ps_, lo, hi, _df = _brunner_munzel_interval(codes[is_focal], codes[~is_focal], alpha)
    rows.append({"term": "probability_of_superiority", "estimate": ps_, "ci_low": lo, "ci_high": hi, "p_value": np.nan,
                 "method": f"P({focal} rated above {reference}) + half of ties; Brunner-Munzel {level_name} interval",
                 "collapsed": "none"})
    for r in rows:
        r.update(n=n, n_focal=n_focal, n_reference=n_ref)
    columns = ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "n_focal", "n_reference", "method", "collapsed"]
    sentence = (f"A randomly chosen {focal} provider was rated above a randomly chosen {reference} with probability "
                f"{fmt(ps_)} (ties counted half; {level_name} interval {fmt(lo)} to {fmt(hi)}; 0.5 would mean no gap), "
                f"from {n_focal} {focal} and {n_ref} {reference} ratings; exact permutation p = {fmt(p_perm, 3)}.")
    table = EstimateTable.build([{c: r.get(c) for c in columns} for r in rows], fitted=fitted,
                                details={"levels_used": names}, sentence=sentence)
    return table
