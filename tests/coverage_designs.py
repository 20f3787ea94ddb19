"""Simulation designs for the coverage study: shared by tests/test_coverage_simulation.py (CI
sized) and tests/benchmarks/sim_coverage.py (larger, writes a table).

Each function simulates data like the book's, applies the package's published interval or test
(the package's own batch path where one exists; tests prove that path equals the public
function) and returns ``{"reps": R, "coverage": ..., "size": ...}`` (coverage of the true value
by the 95% interval; size = share of p < 0.05 when the null is true). All seeded.

Designs (issue 12):
* caseload_effect: 7, 14, 28 providers; cases per provider equal (60), from 20 to 400 with more
  at extreme caseloads ("20-400"), or lognormal (median 60); between-provider SD 0.4 (logit);
  true odds ratio 1 (size) or 0.8 per 10 cases (coverage).
* case-level caseloads with a between-provider effect only: within-slope size, between-slope
  coverage.
* rating_gap: 7 against 21 providers on a four-point scale.
* workload_association: 20, 40, 100 units, skewed vacancy rates, 20-60 cases per unit (a third
  not stated), between-unit variation.

Designs of issue 22 (used by tests/benchmarks/sim_case_level.py and the CI-sized tests), read
from the data where the data hold them (probation_stats.derived.published_designs):
* caseload_effect with one dominant provider: the issue's (one provider 100-800 cases, the others
  15-40) and the published case samples (the largest regional sample beside PDU-sized ones);
* rating_gap on the ratings chapter's comparison (group sizes, shares per level, empty cells,
  and a proportional-odds truth fitted to them), on unbalanced groups (3 to 10 of 28), with
  coverage and size counted over every round (no interval = a miss).
"""

from __future__ import annotations


import numpy as np
import pandas as pd
from scipy import stats

from probation_stats.estimators._small_sample import cr2_singletons_batch
from probation_stats.estimators.caseload_effect import _permutation_p, caseload_effect
from probation_stats.estimators.power import _cr2_logit_batch, cases_design
from probation_stats.estimators.rating_gap import _brunner_munzel_interval, rank_sum_exact_p

ALPHA = 0.05


def _providers(G, m_spec, orr, tau, reps, rng, base=0.3):
    x = rng.normal(45, 10, (G, reps))
    m = cases_design(m_spec, x, rng)
    slope = np.log(orr) / 10
    p = 1 / (1 + np.exp(-(base + slope * (x - 45) + rng.normal(0, tau, (G, reps)))))
    y = rng.binomial(m.astype(np.int64), p).astype(float)
    return x, y, m, slope


def caseload_main(G, m_spec, orr=1.0, tau=0.4, reps=2000, seed=0):
    """Main CR2 interval of caseload_effect (batch path, equal to caseload_effect by test)."""
    rng = np.random.default_rng(seed)
    x, y, m, slope = _providers(G, m_spec, orr, tau, reps, rng)
    b, se, df, ok = _cr2_logit_batch(x, y, m)
    ok &= np.isfinite(se) & (se > 0)
    tq = stats.t.ppf(1 - ALPHA / 2, np.where(ok, df, 1))
    cover = (np.abs(b - slope) <= tq * se)[ok]
    reject0 = (np.abs(b) > tq * se)[ok]
    return {"reps": int(ok.sum()), "coverage": float(cover.mean()), "size": float(reject0.mean()) if orr == 1 else None}


def caseload_quasi_binomial_before(G, m_spec, orr=1.0, tau=0.4, reps=2000, seed=0):
    """The method before issue 12: quasi-binomial (Pearson dispersion floored at 1), t(G - 2)."""
    rng = np.random.default_rng(seed)
    x, y, m, slope = _providers(G, m_spec, orr, tau, reps, rng)
    from probation_stats.estimators._binomial_fit import fit_logit_designs
    xc = x - x.mean(0)
    X = np.stack([np.ones((reps, G)), xc.T], axis=-1)
    betas, ok = fit_logit_designs(X, y.T, m.T)
    eta = betas[:, 0][None, :] + betas[:, 1][None, :] * xc
    p = 1 / (1 + np.exp(-eta))
    var = m * p * (1 - p)
    phi = np.maximum(((y - m * p) ** 2 / np.maximum(var, 1e-12)).sum(0) / (G - 2), 1.0)
    sw, swx, swxx = var.sum(0), (var * xc).sum(0), (var * xc ** 2).sum(0)
    se = np.sqrt(phi / (swxx - swx ** 2 / sw))
    tq = stats.t.ppf(1 - ALPHA / 2, G - 2)
    b = betas[:, 1]
    return {"reps": int(ok.sum()), "coverage": float((np.abs(b - slope) <= tq * se)[ok].mean()),
            "size": float((np.abs(b) > tq * se)[ok].mean()) if orr == 1 else None}


def caseload_permutation_size(G, m_spec, tau=0.4, reps=300, n_perm=199, seed=0):
    """Size of the studentised permutation test (provider caseloads shuffled)."""
    rng = np.random.default_rng(seed)
    x, y, m, _ = _providers(G, m_spec, 1.0, tau, reps, rng)
    b, se, df, ok = _cr2_logit_batch(x, y, m)
    p_obs = 2 * stats.t.sf(np.abs(b / se), df)
    rejects = []
    for r in np.flatnonzero(ok):
        p, _ = _permutation_p(x[:, r], y[:, r], m[:, r], p_obs[r], n_perm, rng)
        rejects.append(p <= ALPHA)
    return {"reps": len(rejects), "size": float(np.mean(rejects))}


def _within_between_cases(rng, G, m, slope_b, tau):
    """One simulated round: m cases per provider; only the provider's mean caseload moves the
    outcome (slope_b per case), the within-provider slope is zero. The same draws, in the same
    order, feed the method used and the one it replaced."""
    centre = rng.normal(45, 10, G)
    prov = np.repeat(np.arange(G), m)
    caseload = np.repeat(centre, m) + rng.normal(0, 8, G * m)
    means = pd.Series(caseload).groupby(prov).transform("mean").to_numpy()
    eta = 0.3 + slope_b * (means - 45) + np.repeat(rng.normal(0, tau, G), m)
    ok = rng.binomial(1, 1 / (1 + np.exp(-eta)))
    return prov, caseload, ok


def caseload_within_between(G, reps=200, m=30, between_or=0.8, tau=0.3, seed=0):
    """Case-level caseloads, only the between-provider slope real: within size, between coverage."""
    rng = np.random.default_rng(seed)
    slope_b = np.log(between_or) / 10
    within_reject, between_cover = [], []
    for _ in range(reps):
        prov, caseload, ok = _within_between_cases(rng, G, m, slope_b, tau)
        res = caseload_effect(pd.DataFrame({"p": prov, "c": caseload, "ok": ok}), "c", outcome="ok", unit="p",
                              within_between=True, n_perm=0)
        w = res.row("odds_ratio_per_10_within", "logit")
        bt = res.row("odds_ratio_per_10_between", "logit")
        within_reject.append(w.p_value < ALPHA)
        between_cover.append(bt.ci_low <= between_or <= bt.ci_high)
    return {"reps": reps, "size": float(np.mean(within_reject)), "coverage": float(np.mean(between_cover))}


def caseload_within_between_pooled_before(G, reps=200, m=30, between_or=0.8, tau=0.3, seed=0):
    """Before: one pooled slope on case-level caseloads, CR1 errors, t(G - 1); 'size' = finds an
    effect at all although the within-provider one is zero (the review's 59%)."""
    import statsmodels.api as sm
    rng = np.random.default_rng(seed)
    slope_b = np.log(between_or) / 10
    rejects = []
    for _ in range(reps):
        prov, caseload, ok = _within_between_cases(rng, G, m, slope_b, tau)
        X = sm.add_constant(caseload - caseload.mean())
        f = sm.GLM(ok, X, family=sm.families.Binomial()).fit(cov_type="cluster", cov_kwds={"groups": prov, "use_correction": True, "df_correction": True})
        t = f.params[1] / f.bse[1]
        # the pooled slope is read as "within" by a reader: compare with the true within slope (0)
        rejects.append(2 * stats.t.sf(abs(t), G - 1) < ALPHA)
    return {"reps": reps, "size": float(np.mean(rejects))}


# --- rating_gap -------------------------------------------------------------------------------
FOCAL = np.array([0.05, 0.25, 0.55, 0.15])
REFERENCE = np.array([0.15, 0.55, 0.28, 0.02])


def _true_superiority(pf, pr):
    cr = np.cumsum(pr)
    below = np.r_[0, cr[:-1]]
    return float(np.sum(pf * (below + 0.5 * pr)))


def rating_superiority(n_focal=7, n_ref=21, pf=FOCAL, pr=REFERENCE, reps=3000, seed=0, clipped_wald=False):
    """Probability of superiority: coverage of the logit-scale Brunner-Munzel interval (or the old clipped Wald)."""
    rng = np.random.default_rng(seed)
    truth = _true_superiority(pf, pr)
    cover, n = 0, 0
    for _ in range(reps):
        x = rng.choice(4, n_focal, p=pf)
        y = rng.choice(4, n_ref, p=pr)
        if clipped_wald:
            p, lo, hi = _clipped_wald(x, y)
        else:
            p, lo, hi, _ = _brunner_munzel_interval(x, y, ALPHA)
        if not np.isfinite(lo):
            # estimate at 0 or 1: no interval is published; count as not covering (conservative)
            n += 1
            continue
        n += 1
        cover += lo <= truth <= hi
    return {"reps": n, "coverage": cover / n, "truth": truth}


def _clipped_wald(x, y):
    """The interval before issue 12: Brunner-Munzel on the probability scale, clipped to [0, 1]."""
    p, lo, hi, df = _brunner_munzel_interval(x, y, ALPHA)
    if not np.isfinite(lo):
        return p, np.nan, np.nan
    logit = np.log(p / (1 - p))
    half_logit = (logit - np.log(lo / (1 - lo)))
    se = half_logit * p * (1 - p) / stats.t.ppf(1 - ALPHA / 2, df)
    half = stats.t.ppf(1 - ALPHA / 2, df) * se
    return p, max(0.0, p - half), min(1.0, p + half)


def rating_permutation_size(n_focal=7, n_ref=21, probs=REFERENCE, reps=1000, seed=0):
    rng = np.random.default_rng(seed)
    rejects = []
    for _ in range(reps):
        values = rng.choice(4, n_focal + n_ref, p=probs)
        if len(set(values)) < 2:
            continue
        group = np.zeros(n_focal + n_ref, bool)
        group[:n_focal] = True
        rejects.append(rank_sum_exact_p(values, group) <= ALPHA)
    return {"reps": len(rejects), "size": float(np.mean(rejects))}


# --- workload_association ---------------------------------------------------------------------
def workload_data(G, slope_per_10=0.0, rng=None, reps=1):
    """PDU-like units: skewed vacancy rates (%), 20-60 cases per unit, between-unit variation."""
    x = rng.gamma(2.0, 6.0, (G, reps))
    n = rng.integers(20, 61, (G, reps)).astype(float)
    p = np.clip(0.65 + slope_per_10 / 1000 * (x - 12) + rng.normal(0, 0.06, (G, reps)), 0.02, 0.98)
    pct = 100 * rng.binomial(n.astype(np.int64), p) / n
    return x, pct, n


def workload_batch(x, pct):
    """The main row of workload_association for many datasets: OLS slope, HC2 se, BM df."""
    G, reps = x.shape
    xc = x - x.mean(0)
    X = np.stack([np.ones((reps, G)), xc.T], axis=-1)
    beta = np.linalg.solve(np.einsum("bgi,bgj->bij", X, X), np.einsum("bgi,bg->bi", X, pct.T)[..., None])[..., 0]
    e = pct.T - np.einsum("bgk,bk->bg", X, beta)
    se, df, _ = cr2_singletons_batch(X, e, np.array([0.0, 1.0]))
    return beta[:, 1] * 10, se * 10, df


def workload_coverage(G, slope_per_10=0.0, reps=3000, seed=0):
    rng = np.random.default_rng(seed)
    x, pct, _ = workload_data(G, slope_per_10, rng, reps)
    b, se, df = workload_batch(x, pct)
    tq = stats.t.ppf(1 - ALPHA / 2, df)
    out = {"reps": reps, "coverage": float(np.mean(np.abs(b - slope_per_10) <= tq * se))}
    if slope_per_10 == 0:
        out["size"] = float(np.mean(np.abs(b) > tq * se))
    return out


def tolerance(p, reps, z=2.5):
    """Monte-Carlo allowance around a rate p estimated from reps draws."""
    return z * np.sqrt(p * (1 - p) / reps)


# --- issue 22: designs read from the data (probation_stats.derived.published_designs) --------
WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


def dominant_sizes(G, big=800, others=(15, 40), reps=1, rng=None):
    """Cases per provider: provider 0 has ``big``, the others uniform on ``others`` (issue 22's
    design), or, with ``big="published"``, the published case samples
    (:func:`probation_stats.derived.published_designs.dominant_cluster_sizes`)."""
    if big == "published":
        from probation_stats.derived.published_designs import dominant_cluster_sizes
        return np.repeat(dominant_cluster_sizes(G)[:, None], reps, axis=1)
    m = rng.integers(others[0], others[1] + 1, (G, reps)).astype(float)
    m[0] = big
    return m


def between_variance_df(Xt: np.ndarray, et: np.ndarray, w: np.ndarray, c: np.ndarray) -> tuple[float, float]:
    """Satterthwaite degrees of freedom of the HC2 (CR2, one row per cluster) variance of ``c @ beta``
    under a working model **with between-cluster variation**, and that variation's estimate.

    Parameters
    ----------
    Xt : (G, k) array
        Whitened design of a binomial GLM with one row per provider (``sqrt(w) * X``).
    et : (G,) array
        Whitened residuals ``(y - m p) / sqrt(w)``.
    w : (G,) array
        Working weights ``m p (1 - p)``.
    c : (k,) array
        The contrast.

    Returns
    -------
    df : float
        ``(tr D S)^2 / tr (D S D S)``, where ``D`` holds the HC2 weights of ``c @ beta`` and
        ``S = (I - H) Phi (I - H)`` the covariance of the whitened residuals when each
        provider's whitened residual has variance ``1 + w_g tau^2`` (``Phi``) instead of 1.
    tau2 : float
        Moment estimate of the between-provider variance on the logit scale,
        ``max(0, sum(et^2 - (1 - h)) / sum(w (1 - h)))``.

    Why: the Bell-McCaffrey df of :func:`cr2` assume the binomial working variance. When the
    providers differ beyond binomial noise and one provider has many more cases than the rest,
    that provider's residual is far noisier than its weight implies, the variance estimate
    leans on it and its real df are much smaller: with one provider of 800 cases and the others
    15 to 40 (between-provider SD 0.4) the usual df gave size 0.08; these df gave 0.03-0.05
    With ``tau2 = 0`` they equal the usual df. Tried for issue 22 and not adopted: with 12 providers
    the size stayed at 0.06-0.075.
    """
    Xt = np.asarray(Xt, float)
    et = np.asarray(et, float)
    w = np.asarray(w, float)
    G = Xt.shape[0]
    B = np.linalg.inv(Xt.T @ Xt)
    H = Xt @ B @ Xt.T
    h = np.clip(np.diag(H), 0.0, 1.0)
    g = Xt @ (B @ np.asarray(c, float))
    d = g ** 2 / np.maximum(1.0 - h, 1e-12)
    tau2 = max(0.0, float(np.sum(et ** 2 - (1.0 - h)) / np.sum(w * (1.0 - h))))
    IH = np.eye(G) - H
    S = IH @ np.diag(1.0 + w * tau2) @ IH
    DS = d[:, None] * S
    return float(np.trace(DS) ** 2 / np.sum(DS * DS.T)), tau2


def caseload_dominant(G, big=800, orr=1.0, tau=0.4, reps=2000, seed=0, others=(15, 40), alternatives=False, n_boot=199):
    """caseload_effect on a dominant-cluster design: the usual CR2 row and the published one.

    ``before`` is the usual CR2 row (Bell-McCaffrey df). ``after`` is what the package publishes
    for the test: the dominant-provider adjustment (each provider counted once: OLS of empirical
    logits, HC2, Bell-McCaffrey df) when the largest weight share reaches ``DOMINANT_SHARE``,
    else the usual row. With ``alternatives``, also the two tried and not offered: the CR2 row on
    Satterthwaite df under a between-provider working model (``between_df``) and a wild cluster
    score bootstrap with Webb weights (``webb``, size only). Also ``share`` (mean largest weight
    share) and ``flagged`` (share of rounds flagged).
    """
    from probation_stats.estimators._binomial_fit import fit_logit_designs
    from probation_stats.estimators.caseload_effect import DOMINANT_SHARE

    rng = np.random.default_rng(seed)
    x = rng.normal(45, 10, (G, reps))
    m = dominant_sizes(G, big, others, reps, rng)
    slope = np.log(orr) / 10
    p = 1 / (1 + np.exp(-(0.3 + slope * (x - 45) + rng.normal(0, tau, (G, reps)))))
    y = rng.binomial(m.astype(np.int64), p).astype(float)
    xc = (x - x.mean(0)).T
    X = np.stack([np.ones((reps, G)), xc], axis=-1)
    betas, ok = fit_logit_designs(X, y.T, m.T)
    pr = 1 / (1 + np.exp(-np.einsum("bgk,bk->bg", X, np.nan_to_num(betas))))
    w = np.maximum(m.T * pr * (1 - pr), 1e-300)
    Xt, et = X * np.sqrt(w)[..., None], (y.T - m.T * pr) / np.sqrt(w)
    se, df, _ = cr2_singletons_batch(Xt, et, np.array([0.0, 1.0]))
    share = w.max(1) / w.sum(1)
    flagged = share >= DOMINANT_SHARE
    b = betas[:, 1]
    # equal weights: the adjustment row of caseload_effect
    el = np.log((y.T + 0.5) / (m.T - y.T + 0.5))
    beta_e = np.linalg.solve(np.einsum("bgi,bgj->bij", X, X), np.einsum("bgi,bg->bi", X, el)[..., None])[..., 0]
    se_e, df_e, _ = cr2_singletons_batch(X, el - np.einsum("bgk,bk->bg", X, beta_e), np.array([0.0, 1.0]))
    ok &= np.isfinite(se) & (se > 0)

    def rates(est, s_, d_):
        tq = stats.t.ppf(1 - ALPHA / 2, np.where(ok, d_, 1))
        return {"coverage": float((np.abs(est - slope) <= tq * s_)[ok].mean()),
                "size": float((np.abs(est) > tq * s_)[ok].mean()) if orr == 1 else None}

    out = {"reps": int(ok.sum()), "share": float(share.mean()), "flagged": float(flagged.mean()),
           "before": rates(b, se, df),
           "after": rates(np.where(flagged, beta_e[:, 1], b), np.where(flagged, se_e, se), np.where(flagged, df_e, df)),
           "equal_weights": rates(beta_e[:, 1], se_e, df_e)}
    if alternatives:
        df_t = np.array([between_variance_df(Xt[r], et[r], w[r], np.array([0.0, 1.0]))[0] if ok[r] else 1.0
                         for r in range(reps)])
        out["between_df"] = rates(b, se, df_t)
        if orr == 1:
            # score bootstrap with the null imposed (Kline and Santos 2012), Webb's six-point weights
            p0 = y.sum(0) / m.sum(0)
            sc = xc * (y.T - m.T * p0[:, None])                                 # (B, G)
            stat = np.abs(sc.sum(1)) / np.sqrt((sc ** 2).sum(1))
            rej = []
            for r in range(reps):
                v = WEBB[rng.integers(0, 6, (n_boot, G))]
                star = np.abs(v @ sc[r]) / np.sqrt((v ** 2) @ (sc[r] ** 2))
                rej.append((1 + np.sum(star >= stat[r] - 1e-12)) / (1 + n_boot) <= ALPHA)
            out["webb"] = {"coverage": None, "size": float(np.mean(rej))}
    return out


def chapter_rating_truth(design):
    """Proportional-odds parameters fitted to the chapter's 2018/19 ratings (maximum likelihood;
    Firth-penalised if the groups were separated): cut-points on the used levels and beta."""
    from scipy import optimize
    from probation_stats.estimators.rating_gap import _cumulative_logit_nll
    used = [i for i in range(len(design["levels"])) if design["focal_counts"][i] + design["reference_counts"][i] > 0]
    fc, rc = design["focal_counts"][used], design["reference_counts"][used]
    codes = np.r_[np.repeat(np.arange(len(used)), fc), np.repeat(np.arange(len(used)), rc)]
    x = np.r_[np.ones(fc.sum()), np.zeros(rc.sum())]
    K = len(used)
    cum = np.bincount(codes, minlength=K).cumsum()[:-1] / len(codes)
    s = np.log(cum / (1 - cum))
    fit = optimize.minimize(lambda v: _cumulative_logit_nll(v[:-1], v[-1], codes, x, K),
                            np.r_[s[:1], np.log(np.maximum(np.diff(s), 1e-3)), 0.0], method="BFGS")
    free = fit.x[:-1]
    return np.cumsum(np.r_[free[:1], np.exp(free[1:])]), float(fit.x[-1])


def ordinal_row(codes, is_focal, alpha=ALPHA):
    """rating_gap's odds-ratio row without the OrderedModel wrapper (same likelihood, same
    profile, same Firth fallback; equality with rating_gap is a test): ``(or, low, high, p, firth)``."""
    from scipy import optimize
    from probation_stats.estimators._ordinal_penalised import penalised_ordinal_profile
    from probation_stats.estimators.rating_gap import _cumulative_logit_nll, _profile_interval, _profile_value
    used = np.unique(codes)
    codes = np.searchsorted(used, codes)
    K = len(used)
    x = is_focal.astype(float)
    f, r = codes[is_focal], codes[~is_focal]
    if not (f.min() >= r.max() or f.max() <= r.min()):
        cum = np.bincount(codes, minlength=K).cumsum()[:-1] / len(codes)
        st = np.log(cum / (1 - cum))
        fit = optimize.minimize(lambda v: _cumulative_logit_nll(v[:-1], v[-1], codes, x, K),
                                np.r_[st[:1], np.log(np.maximum(np.diff(st), 1e-3)), 0.0], method="BFGS")
        lo, hi, nll = _profile_interval(codes, x, K, fit.x[-1], alpha)
        if np.isfinite(lo) and np.isfinite(hi):
            lr = 2 * (_profile_value(codes, x, K, 0.0) - nll)
            return np.exp(fit.x[-1]), np.exp(lo), np.exp(hi), float(stats.chi2.sf(max(lr, 0.0), 1)), False
    b, lo, hi, p = penalised_ordinal_profile(codes, is_focal, K, alpha)
    return np.exp(b), np.exp(lo), np.exp(hi), p, True


def ordinal_all_rounds(n_focal, n_ref, cuts, beta, reps=300, seed=0):
    """Ordinal odds ratio on a proportional-odds design: coverage and LR-test size (beta = 0)
    counted over EVERY round. ``before``: maximum likelihood only (a separated round has no
    interval and no test: a miss, and no rejection); ``after``: the package's row (Firth-penalised
    when separated). Also the share of rounds separated. Rounds where every provider has the same
    rating are refused by rating_gap and not counted."""
    rng = np.random.default_rng(seed)
    x = np.r_[np.ones(n_focal), np.zeros(n_ref)].astype(bool)
    cov_b = cov_a = rej_b = rej_a = sep = n = 0
    for _ in range(reps):
        codes = np.searchsorted(cuts, beta * x + rng.logistic(size=len(x)))
        if len(np.unique(codes)) < 2:
            continue
        n += 1
        est, lo, hi, p, firth = ordinal_row(codes, x)
        sep += firth
        hit = bool(lo <= np.exp(beta) <= hi)
        cov_a += hit
        rej_a += bool(p < ALPHA)
        if not firth:
            cov_b += hit
            rej_b += bool(p < ALPHA)
    return {"reps": n, "separated": sep / n,
            "before": {"coverage": cov_b / n, "size": rej_b / n if beta == 0 else None},
            "after": {"coverage": cov_a / n, "size": rej_a / n if beta == 0 else None}}


def superiority_published(n_focal, n_ref, pf, pr, reps=3000, seed=0):
    """Probability of superiority: coverage of the Brunner-Munzel logit interval over every round
    (an estimate of 0 or 1 has no interval: a miss) and whether the package publishes it at these
    group sizes (``MIN_GROUP_FOR_INTERVAL``)."""
    from probation_stats.estimators.rating_gap import MIN_GROUP_FOR_INTERVAL
    res = rating_superiority(n_focal, n_ref, pf=pf, pr=pr, reps=reps, seed=seed)
    res["published"] = min(n_focal, n_ref) >= MIN_GROUP_FOR_INTERVAL
    return res


def rating_design_for_tests():
    """The ratings chapter's comparison (2018/19, NPS against CRC), read from the data."""
    from probation_stats.derived.published_designs import rating_design
    return rating_design("2018/19", "NPS", "CRC")


def caseload_dominant_permutation(G, big=800, tau=0.4, reps=2000, n_perm=199, seed=0, others=(15, 40)):
    """Size of caseload_effect's permutation check (run from 14 providers) with one dominant provider."""
    from probation_stats.estimators.power import _cr2_logit_batch
    rng = np.random.default_rng(seed)
    x = rng.normal(45, 10, (G, reps))
    m = dominant_sizes(G, big, others, reps, rng)
    p = 1 / (1 + np.exp(-(0.3 + rng.normal(0, tau, (G, reps)))))
    y = rng.binomial(m.astype(np.int64), p).astype(float)
    b, se, df, ok = _cr2_logit_batch(x, y, m)
    p_obs = 2 * stats.t.sf(np.abs(b / se), df)
    rejects = [_permutation_p(x[:, r], y[:, r], m[:, r], p_obs[r], n_perm, rng)[0] <= ALPHA for r in np.flatnonzero(ok)]
    return {"reps": len(rejects), "size": float(np.mean(rejects))}
