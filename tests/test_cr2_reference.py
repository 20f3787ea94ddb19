"""Known answers for the CR2 / Bell-McCaffrey code in probation_stats._small_sample.

How the reference values were made (no R here, so no clubSandwich):

1. statsmodels' own HC2 (``OLS/WLS(...).fit(cov_type="HC2")``): CR2 with one observation per
   cluster is HC2, so for provider-level data statsmodels is an established reference.
2. Closed forms derived by hand:
   * two groups, one observation per cluster (a difference in means): the CR2 variance is
     ``s1^2/n1 + s0^2/n0`` and the Bell-McCaffrey df under the homoskedastic working model is the
     Welch-Satterthwaite df with equal variances, ``(1/n1 + 1/n0)^2 / (1/(n1^2 (n1-1)) + 1/(n0^2 (n0-1)))``;
   * intercept only, G balanced clusters: the df is exactly ``G - 1``, and the CR2 variance is
     ``sum_g (sum of residuals in g)^2 / (1 - n_g/N) / N^2`` for any cluster sizes.
3. A brute-force transcription of Pustejovsky and Tipton (2018, eqs. 5-7) with full N x N
   matrices and a symmetric matrix square root (scipy.linalg.sqrtm), independent of the fast
   algebra in the package. Its values on the tiny dataset ``TINY`` below were computed once with
   ``brute_force_cr2`` and are committed as ``TINY_REFERENCE``; the test recomputes them too.
"""

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import linalg

from probation_stats.estimators._small_sample import cr2, cr2_singletons_batch

TINY = {
    "x": np.array([1.0, 2.0, 3.0, 2.5, 4.0, 5.0, 6.5, 7.0, 3.5, 8.0]),
    "y": np.array([2.1, 2.9, 4.2, 3.1, 5.5, 5.2, 7.9, 8.4, 4.0, 9.9]),
    "cluster": np.array([0, 0, 0, 1, 1, 2, 2, 2, 3, 3]),
}
# computed once with brute_force_cr2(TINY) (see the module docstring), 2026-11-29
TINY_REFERENCE = {"se_intercept": 0.4373376, "se_slope": 0.08148175, "df_slope": 2.182228}


def brute_force_cr2(X, e, clusters, c):
    N = len(e)
    B = np.linalg.inv(X.T @ X)
    H = X @ B @ X.T
    IH = np.eye(N) - H
    groups = [np.flatnonzero(clusters == g) for g in np.unique(clusters)]
    meat = np.zeros((X.shape[1], X.shape[1]))
    P = np.zeros((N, len(groups)))
    for j, idx in enumerate(groups):
        A = np.real(linalg.sqrtm(np.linalg.inv(np.eye(len(idx)) - H[np.ix_(idx, idx)])))
        s = X[idx].T @ A @ e[idx]
        meat += np.outer(s, s)
        P[:, j] = IH[idx].T @ (A @ X[idx] @ B @ c)
    M = P @ P.T
    return B @ meat @ B, np.trace(M) ** 2 / np.trace(M @ M)


def test_singletons_equal_statsmodels_hc2_for_ols_and_wls():
    rng = np.random.default_rng(1)
    for n in (6, 9, 25):
        X = sm.add_constant(rng.normal(size=(n, 2)))
        y = X @ [1, 0.5, -0.2] + rng.normal(size=n) * (1 + np.abs(X[:, 1]))
        ols = sm.OLS(y, X).fit(cov_type="HC2")
        cov, _, _ = cr2(X, y - X @ ols.params, np.arange(n), np.eye(3))
        assert np.sqrt(np.diag(cov)) == pytest.approx(ols.bse, rel=1e-10)
        w = rng.uniform(0.5, 3, n)
        wls = sm.WLS(y, X, weights=w).fit(cov_type="HC2")
        covw, _, _ = cr2(X * np.sqrt(w)[:, None], np.sqrt(w) * (y - X @ wls.params), np.arange(n), np.eye(3))
        assert np.sqrt(np.diag(covw)) == pytest.approx(wls.bse, rel=1e-10)


def test_two_group_difference_gives_the_welch_forms():
    rng = np.random.default_rng(2)
    for n1, n0 in ((4, 7), (7, 21), (3, 3)):
        x = np.r_[np.ones(n1), np.zeros(n0)]
        y = rng.normal(size=n1 + n0)
        X = sm.add_constant(x)
        e = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        cov, df, _ = cr2(X, e, np.arange(n1 + n0), np.array([[0.0, 1.0]]))
        assert cov[1, 1] == pytest.approx(y[:n1].var(ddof=1) / n1 + y[n1:].var(ddof=1) / n0, rel=1e-10)
        welch = (1 / n1 + 1 / n0) ** 2 / (1 / (n1 ** 2 * (n1 - 1)) + 1 / (n0 ** 2 * (n0 - 1)))
        assert df[0] == pytest.approx(welch, rel=1e-10)


def test_intercept_only_clusters_closed_forms():
    rng = np.random.default_rng(3)
    sizes = np.array([3, 5, 2, 8, 4])
    cl = np.repeat(np.arange(5), sizes)
    y = rng.normal(size=cl.size)
    X = np.ones((cl.size, 1))
    e = y - y.mean()
    cov, _, _ = cr2(X, e, cl, np.eye(1))
    N = cl.size
    sums = np.bincount(cl, weights=e)
    assert cov[0, 0] == pytest.approx(np.sum(sums ** 2 / (1 - sizes / N)) / N ** 2, rel=1e-10)
    balanced = np.repeat(np.arange(6), 4)
    _, df, _ = cr2(np.ones((24, 1)), rng.normal(size=24), balanced, np.eye(1))
    assert df[0] == pytest.approx(5.0, rel=1e-10)


def test_clustered_regression_against_brute_force_and_committed_values():
    X = sm.add_constant(TINY["x"])
    y = TINY["y"]
    e = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    cov, df, _ = cr2(X, e, TINY["cluster"], np.eye(2))
    ref_cov, ref_df = brute_force_cr2(X, e, TINY["cluster"], np.array([0.0, 1.0]))
    assert cov == pytest.approx(ref_cov, rel=1e-9)
    assert df[1] == pytest.approx(ref_df, rel=1e-9)
    assert np.sqrt(cov[0, 0]) == pytest.approx(TINY_REFERENCE["se_intercept"], rel=1e-6)
    assert np.sqrt(cov[1, 1]) == pytest.approx(TINY_REFERENCE["se_slope"], rel=1e-6)
    assert df[1] == pytest.approx(TINY_REFERENCE["df_slope"], rel=1e-6)


def test_weighted_clusters_against_brute_force():
    rng = np.random.default_rng(4)
    cl = np.repeat(np.arange(7), [1, 3, 2, 6, 2, 4, 5])
    X = sm.add_constant(np.c_[rng.normal(size=cl.size), np.repeat(rng.normal(size=7), [1, 3, 2, 6, 2, 4, 5])])
    w = rng.uniform(0.2, 2, cl.size)
    Xt = X * np.sqrt(w)[:, None]
    et = rng.normal(size=cl.size)
    et = et - Xt @ np.linalg.lstsq(Xt, et, rcond=None)[0]
    for j in (1, 2):
        c = np.eye(3)[j]
        cov, df, _ = cr2(Xt, et, cl, c[None, :])
        ref_cov, ref_df = brute_force_cr2(Xt, et, cl, c)
        assert cov == pytest.approx(ref_cov, rel=1e-9)
        assert df[0] == pytest.approx(ref_df, rel=1e-9)


def test_batch_singletons_equal_the_general_code():
    rng = np.random.default_rng(5)
    Xt = np.stack([sm.add_constant(rng.normal(size=9)) * rng.uniform(0.5, 2, (9, 1)) for _ in range(4)])
    et = rng.normal(size=(4, 9))
    se, df, _ = cr2_singletons_batch(Xt, et, np.array([0.0, 1.0]))
    for b in range(4):
        cov, dfs, _ = cr2(Xt[b], et[b], np.arange(9), np.array([[0.0, 1.0]]))
        assert se[b] == pytest.approx(np.sqrt(cov[1, 1]), rel=1e-10)
        assert df[b] == pytest.approx(dfs[0], rel=1e-10)
