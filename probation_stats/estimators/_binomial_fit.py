"""Fast maximum-likelihood logistic regression for many weighted refits at once.

The cluster bootstrap, the permutation test and the power simulations refit the same small
binomial model thousands of times; statsmodels takes milliseconds per fit, this takes
microseconds by solving all refits together with Newton's method. Agreement with statsmodels'
GLM is a test (tests/test_caseload_effect.py).
"""

from __future__ import annotations

import numpy as np

__all__ = ["fit_logit_batch"]


def fit_logit_batch(X: np.ndarray, successes: np.ndarray, trials: np.ndarray, weights: np.ndarray,
                    max_iter: int = 50, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """Fit ``logit(p) = X @ beta`` to binomial counts, once per column of ``weights``.

    Parameters
    ----------
    X : (n, k) array
        Design matrix, shared by all fits.
    successes, trials : (n,) or (n, B) arrays
        Counts per row; a 2-D array gives each fit its own counts (e.g. simulated data).
    weights : (n, B) array
        Frequency weight of each row in each fit (bootstrap multiplicities; ones for a plain fit).

    Returns
    -------
    beta : (B, k) array
        Estimates; rows of NaN where a fit did not converge (e.g. separation).
    converged : (B,) bool array
    """
    X = np.asarray(X, dtype=float)
    n, k = X.shape
    W = np.asarray(weights, dtype=float)
    B = W.shape[1]
    y = np.asarray(successes, dtype=float)
    m = np.asarray(trials, dtype=float)
    if y.ndim == 1:
        y = np.repeat(y[:, None], B, axis=1)
    if m.ndim == 1:
        m = np.repeat(m[:, None], B, axis=1)
    # Start from the pooled log-odds: close enough that Newton converges in a few steps.
    pooled = np.clip((W * y).sum(0) / np.maximum((W * m).sum(0), 1e-12), 1e-6, 1 - 1e-6)
    beta = np.zeros((B, k))
    beta[:, 0] = np.log(pooled / (1 - pooled))
    converged = np.zeros(B, dtype=bool)
    for _ in range(max_iter):
        eta = X @ beta.T                                    # (n, B)
        p = 1.0 / (1.0 + np.exp(-np.clip(eta, -30, 30)))
        resid = W * (y - m * p)                             # (n, B)
        grad = X.T @ resid                                  # (k, B)
        info_w = W * m * p * (1 - p)                        # (n, B)
        H = np.einsum("nb,ni,nj->bij", info_w, X, X)        # (B, k, k)
        try:
            step = np.linalg.solve(H, grad.T[..., None])[..., 0]
        except np.linalg.LinAlgError:
            H = H + 1e-9 * np.eye(k)
            step = np.linalg.solve(H, grad.T[..., None])[..., 0]
        beta = beta + step
        done = np.abs(step).max(axis=1) < tol
        converged |= done
        if converged.all():
            break
    bad = ~converged | ~np.isfinite(beta).all(axis=1) | (np.abs(beta) > 25).any(axis=1)
    beta[bad] = np.nan
    return beta, ~bad


def fit_logit_designs(X: np.ndarray, successes: np.ndarray, trials: np.ndarray,
                      max_iter: int = 50, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`fit_logit_batch`, but every fit has its own design matrix.

    ``X`` is (B, n, k); ``successes`` and ``trials`` are (B, n). Used where the covariate itself
    changes between fits (permutations, simulated caseloads).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(successes, dtype=float)
    m = np.asarray(trials, dtype=float)
    B, n, k = X.shape
    pooled = np.clip(y.sum(1) / np.maximum(m.sum(1), 1e-12), 1e-6, 1 - 1e-6)
    beta = np.zeros((B, k))
    beta[:, 0] = np.log(pooled / (1 - pooled))
    converged = np.zeros(B, dtype=bool)
    for _ in range(max_iter):
        eta = np.einsum("bnk,bk->bn", X, beta)
        p = 1.0 / (1.0 + np.exp(-np.clip(eta, -30, 30)))
        grad = np.einsum("bnk,bn->bk", X, y - m * p)
        H = np.einsum("bn,bni,bnj->bij", m * p * (1 - p), X, X)
        try:
            step = np.linalg.solve(H, grad[..., None])[..., 0]
        except np.linalg.LinAlgError:
            step = np.linalg.solve(H + 1e-9 * np.eye(k), grad[..., None])[..., 0]
        beta = beta + step
        converged |= np.abs(step).max(axis=1) < tol
        if converged.all():
            break
    bad = ~converged | ~np.isfinite(beta).all(axis=1) | (np.abs(beta) > 25).any(axis=1)
    beta[bad] = np.nan
    return beta, ~bad
