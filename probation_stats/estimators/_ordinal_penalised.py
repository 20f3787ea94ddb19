"""Firth-type penalised cumulative-logit model for two groups: an odds ratio, interval and test
that exist when the groups' ratings are separated (one group's lowest rating at or above the
other's highest), where maximum likelihood runs to an infinite odds ratio.

The penalty is Firth's (1993) half log-determinant of the expected information, i.e. Jeffreys'
prior, in the model's own parameters (cut-points and log odds ratio). With one binary
covariate the data reduce to a 2 x K table, so the information is exact and cheap. Intervals
are profile penalised-likelihood intervals (Heinze and Schemper 2002): the penalised
log-likelihood, cut-points maximised out, within ``chi2(1, 1 - alpha) / 2`` of its maximum;
the test is the penalised likelihood-ratio test of a log odds ratio of 0.
"""

from __future__ import annotations

import numpy as np

__all__ = ["penalised_ordinal_fit", "penalised_ordinal_profile"]


def _cuts(free):
    return np.cumsum(np.concatenate([free[:1], np.exp(free[1:])]))


def _penalised_nll(free, beta, table):
    """Minus (log-likelihood + 0.5 log det I) of the cumulative logit P(Y <= j | x) = F(c_j - beta x).

    ``table`` is (2, K): counts of the reference (row 0, x = 0) and focal group (row 1, x = 1).
    """
    c = _cuts(free)
    K = table.shape[1]
    ll = 0.0
    info = np.zeros((K, K))                          # parameters (c_1..c_{K-1}, beta)
    for xv in (0, 1):
        eta = c - beta * xv
        F = np.concatenate([[0.0], 1 / (1 + np.exp(-eta)), [1.0]])
        f = np.concatenate([[0.0], F[1:-1] * (1 - F[1:-1]), [0.0]])
        pi = np.maximum(np.diff(F), 1e-300)
        ll += np.sum(table[xv] * np.log(pi))
        # d pi_j / d theta, one column per category j
        D = np.zeros((K, K))
        for j in range(K):
            if j < K - 1:
                D[j, j] += f[j + 1]
            if j > 0:
                D[j - 1, j] -= f[j]
            D[K - 1, j] = -xv * (f[j + 1] - f[j])
        info += table[xv].sum() * (D / pi) @ D.T
    sign, logdet = np.linalg.slogdet(info)
    if sign <= 0:
        return 1e10
    return -(ll + 0.5 * logdet)


def _start(table):
    K = table.shape[1]
    cum = np.clip(table.sum(0).cumsum()[:-1] / table.sum(), 0.02, 0.98)
    s = np.log(cum / (1 - cum))
    return np.concatenate([s[:1], np.log(np.maximum(np.diff(s), 1e-2))]) if K > 2 else s


def _profile(beta, table, start=None):
    from scipy import optimize

    res = optimize.minimize(_penalised_nll, _start(table) if start is None else start, args=(beta, table),
                            method="BFGS")
    return res.fun, res.x


def penalised_ordinal_fit(codes: np.ndarray, is_focal: np.ndarray, K: int) -> tuple[float, float]:
    """Penalised maximum-likelihood log odds ratio (focal against reference) and its minus log-likelihood.

    Parameters
    ----------
    codes : (n,) int array
        Rating codes 0 .. K - 1 (every level used by someone).
    is_focal : (n,) bool array
    K : int
        Number of levels.

    Returns
    -------
    (beta, nll) : log odds ratio of a higher rating for the focal group, and the minimised
    penalised negative log-likelihood.

    Examples
    --------
    >>> codes = np.array([0, 0, 1, 1, 1, 2, 2, 2])        # separated: focal all at the top
    >>> beta, _ = penalised_ordinal_fit(codes, codes == 2, 3)
    >>> bool(np.isfinite(beta) and beta > 0)
    True
    """
    from scipy import optimize

    table = np.array([np.bincount(codes[~is_focal], minlength=K), np.bincount(codes[is_focal], minlength=K)], float)
    # joint maximisation over (cut-points, beta), then a polish of the profile at the optimum
    res = optimize.minimize(lambda v: _penalised_nll(v[:-1], v[-1], table), np.r_[_start(table), 0.0], method="BFGS")
    return float(res.x[-1]), float(_profile(res.x[-1], table, res.x[:-1])[0])


def penalised_ordinal_profile(codes: np.ndarray, is_focal: np.ndarray, K: int, alpha: float = 0.05):
    """Penalised estimate, profile penalised-likelihood interval and penalised LR p-value.

    Returns
    -------
    (beta, low, high, p) : log odds ratio, interval ends (log scale) and the two-sided p-value of
    the penalised likelihood-ratio test of ``beta = 0``.
    """
    from scipy import optimize, stats

    table = np.array([np.bincount(codes[~is_focal], minlength=K), np.bincount(codes[is_focal], minlength=K)], float)
    beta, nll = penalised_ordinal_fit(codes, is_focal, K)
    crit = stats.chi2.ppf(1 - alpha, 1) / 2

    warm = {"start": None}

    def excess(b):
        value, free = _profile(b, table, warm["start"])
        warm["start"] = free                      # warm start: neighbouring betas have close cut-points
        return value - nll - crit

    ends = []
    for direction in (-1, 1):
        inner, step, found = beta, 0.5, np.nan
        for _ in range(40):
            outer = inner + direction * step
            if abs(outer) > 40:
                break
            if excess(outer) > 0:
                found = optimize.brentq(excess, min(inner, outer), max(inner, outer), xtol=1e-6)
                break
            inner, step = outer, step * 1.6
        ends.append(found if np.isfinite(found) else direction * np.inf)
    lr = 2 * (_profile(0.0, table)[0] - nll)
    return beta, ends[0], ends[1], float(stats.chi2.sf(max(lr, 0.0), 1))
