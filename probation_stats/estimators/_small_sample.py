"""Small-sample cluster-robust errors: CR2 (Bell and McCaffrey 2002) with Satterthwaite degrees
of freedom, for least squares and, through its final weighted least-squares step, a GLM.

Why: with 7 to 28 providers the usual sandwich (CR1) is biased down and its normal or t(G - 1)
reference too liberal; the quasi-binomial variance (proportional to cases inspected) is wrong
when cases per provider range from 20 to 400. CR2 removes the bias of the sandwich under a
working model; the Bell-McCaffrey degrees of freedom (Satterthwaite, under the same working
model) make the t reference honest when a few clusters carry most of the leverage. Pustejovsky
and Tipton (2018, J. Bus. Econ. Stat. 36:4) give the general form used here.

All inputs are "whitened" (the working weights already applied): ``Xt = sqrt(w) * X`` and
``et = sqrt(w) * (working residual)``. For ordinary least squares ``w = 1``; for a logit model
with successes ``y`` out of ``m``, ``w = m p (1 - p)`` and ``et = (y - m p) / sqrt(w)``.

statsmodels has none of this for clusters (its ``HC2`` is the one-observation-per-cluster case,
which a test uses as the reference).
"""

from __future__ import annotations

import numpy as np

__all__ = ["cr2", "cr2_singletons_batch"]


def _cluster_slices(clusters: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(clusters, kind="stable")
    sorted_ids = clusters[order]
    cuts = np.flatnonzero(sorted_ids[1:] != sorted_ids[:-1]) + 1
    return np.split(order, cuts)


def cr2(Xt: np.ndarray, et: np.ndarray, clusters: np.ndarray, contrasts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CR2 covariance and Bell-McCaffrey degrees of freedom.

    Parameters
    ----------
    Xt : (N, k) array
        Whitened design.
    et : (N,) array
        Whitened residuals.
    clusters : (N,) array
        Cluster label of each row.
    contrasts : (J, k) array
        Rows ``c``; the degrees of freedom are computed for each ``c @ beta``.

    Returns
    -------
    cov : (k, k) array
        CR2 covariance of the coefficients.
    df : (J,) array
        Bell-McCaffrey (Satterthwaite, working model: independent errors of equal variance
        after whitening) degrees of freedom, one per contrast.
    leverage : (G,) array
        Largest eigenvalue of each cluster's block of the hat matrix (1 = the cluster's
        residuals are forced to zero: its noise is invisible to any sandwich).
    """
    Xt = np.asarray(Xt, float)
    et = np.asarray(et, float)
    C = np.atleast_2d(np.asarray(contrasts, float))
    B = np.linalg.inv(Xt.T @ Xt)
    L = np.linalg.cholesky(B)
    k = Xt.shape[1]
    meat = np.zeros((k, k))
    qq, R, lev = [], [], []
    BC = B @ C.T                                                   # (k, J)
    for idx in _cluster_slices(np.asarray(clusters)):
        Xg = Xt[idx]
        U, S, _ = np.linalg.svd(Xg @ L, full_matrices=False)       # H_gg = U S^2 U'
        s2 = np.clip(S ** 2, 0.0, 1.0)
        lev.append(float(s2.max()) if len(s2) else 0.0)
        scale = 1.0 / np.sqrt(np.maximum(1.0 - s2, 1e-12)) - 1.0   # A_g = I + U diag(scale) U'

        def apply_A(v):
            return v + U @ (scale[:, None] * (U.T @ v)) if v.ndim == 2 else v + U @ (scale * (U.T @ v))

        score = Xg.T @ apply_A(et[idx])
        meat += np.outer(score, score)
        q = apply_A(Xg @ BC)                                       # (m_g, J)
        qq.append((q * q).sum(0))
        R.append(Xg.T @ q)                                         # (k, J)
    cov = B @ meat @ B
    qq = np.array(qq)                                              # (G, J)
    R = np.stack(R)                                                # (G, k, J)
    df = np.empty(C.shape[0])
    for j in range(C.shape[0]):
        Rj = R[:, :, j]                                            # (G, k)
        PtP = np.diag(qq[:, j]) - Rj @ B @ Rj.T
        df[j] = np.trace(PtP) ** 2 / np.sum(PtP ** 2)
    return cov, df, np.array(lev)


def cr2_singletons_batch(Xt: np.ndarray, et: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CR2 (here HC2) standard error and Bell-McCaffrey df of ``c @ beta`` for many fits at once.

    Every row is its own cluster (provider-level data). ``Xt`` is (B, G, k), ``et`` (B, G); returns
    the estimate's standard error (B,), degrees of freedom (B,) and largest leverage (B,). Used by
    the permutation test, :func:`probation_stats.estimators.power` and the simulation tests; agreement with
    :func:`cr2` is a test.
    """
    Xt = np.asarray(Xt, float)
    et = np.asarray(et, float)
    c = np.asarray(c, float)
    B = np.linalg.inv(np.einsum("bgi,bgj->bij", Xt, Xt))           # (B, k, k)
    h = np.einsum("bgi,bij,bgj->bg", Xt, B, Xt)
    h = np.clip(h, 0.0, 1.0)
    a = 1.0 / np.sqrt(np.maximum(1.0 - h, 1e-12))                  # (B, G)
    Bc = np.einsum("bij,j->bi", B, c)                              # (B, k)
    g = np.einsum("bgi,bi->bg", Xt, Bc)                            # c'B x_g, (B, G)
    se = np.sqrt(np.sum((g * a * et) ** 2, axis=1))
    q = a * g                                                      # (B, G)
    R = Xt * q[..., None]                                          # (B, G, k)
    PtP = -np.einsum("bgi,bij,bhj->bgh", R, B, R, optimize=True)
    idx = np.arange(Xt.shape[1])
    PtP[:, idx, idx] += q ** 2
    df = np.einsum("bgg->b", PtP) ** 2 / np.sum(PtP ** 2, axis=(1, 2))
    return se, df, h.max(axis=1)
