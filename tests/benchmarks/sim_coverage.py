"""Coverage study, larger version (figures, not a pass/fail test): every published interval and
test on the book's designs, with the method it replaced beside it (issue 12).

    .venv/bin/python tests/benchmarks/sim_coverage.py            # about 3 minutes on 2 cores
    .venv/bin/python tests/benchmarks/sim_coverage.py --quick    # a tenth of the repetitions

Writes tests/benchmarks/sim_coverage.csv and .json: one row per (estimate, design, method,
when = before/after) with coverage of the true value by the nominal 95% interval, size (share
of p < 0.05 under no effect), repetitions and the Monte-Carlo standard error. Designs are in
tests/coverage_designs.py (shared with the CI-sized tests/test_coverage_simulation.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.simulation_tables import write_tables  # noqa: E402

from probation_stats.estimators._binomial_fit import fit_logit_batch  # noqa: E402
from tests import coverage_designs as cd  # noqa: E402

OUT = Path(__file__).resolve().parent / "sim_coverage"


def mc_se(p, reps):
    return float(np.sqrt(p * (1 - p) / reps)) if p is not None and reps else None


def cr1_before(G, m_spec, reps, seed, tau=0.4):
    """Case-level logit with CR1 errors and t(G - 1) (the old case-level path), provider-level caseloads."""
    rng = np.random.default_rng(seed)
    x, y, m, _ = cd._providers(G, m_spec, 1.0, tau, reps, rng)
    from probation_stats.estimators._binomial_fit import fit_logit_designs
    xc = x - x.mean(0)
    X = np.stack([np.ones((reps, G)), xc.T], axis=-1)
    b, ok = fit_logit_designs(X, y.T, m.T)
    p = 1 / (1 + np.exp(-np.einsum("bgk,bk->bg", X, np.nan_to_num(b))))
    w = m.T * p * (1 - p)
    Binv = np.linalg.inv(np.einsum("bg,bgi,bgj->bij", w, X, X))
    scores = X * (y.T - m.T * p)[..., None]
    meat = np.einsum("bgi,bgj->bij", scores, scores) * G / (G - 1)
    se = np.sqrt(np.einsum("bij,bjk,bkl->bil", Binv, meat, Binv)[:, 1, 1])
    reject = np.abs(b[:, 1] / se) > stats.t.ppf(0.975, G - 1)
    return {"reps": int(ok.sum()), "size": float(reject[ok].mean())}


def percentile_bootstrap_before(G, m_spec, reps, seed, n_boot=499, tau=0.4):
    """Percentile cluster bootstrap of the slope (providers resampled), the old sensitivity check."""
    rng = np.random.default_rng(seed)
    x, y, m, _ = cd._providers(G, m_spec, 1.0, tau, reps, rng)
    rejects = 0
    for r in range(reps):
        X = np.column_stack([np.ones(G), x[:, r] - x[:, r].mean()])
        idx = rng.integers(0, G, size=(n_boot, G))
        W = np.zeros((G, n_boot))
        np.add.at(W, (idx.T, np.arange(n_boot)[None, :].repeat(G, 0)), 1.0)
        betas, ok = fit_logit_batch(X, y[:, r], m[:, r], W)
        lo, hi = np.quantile(betas[ok, 1], [0.025, 0.975])
        rejects += (lo > 0) or (hi < 0)
    return {"reps": reps, "size": rejects / reps}


def main(scale=1.0):
    R = lambda n: max(50, int(n * scale))  # noqa: E731
    rows = []

    def add(estimate, design, method, when, res):
        rows.append({"estimate": estimate, "design": design, "method": method, "when": when, "reps": res["reps"],
                     "coverage": res.get("coverage"), "coverage_mc_se": mc_se(res.get("coverage"), res["reps"]),
                     "size": res.get("size"), "size_mc_se": mc_se(res.get("size"), res["reps"])})
        print(f"{estimate:24} {design:36} {when:6} cov {res.get('coverage') or float('nan'):.3f} "
              f"size {res.get('size') if res.get('size') is not None else float('nan'):.3f} ({res['reps']})", flush=True)

    for G in (7, 14, 28):
        for m_spec in (60, "20-400", "lognormal:60"):
            design = f"{G} providers, cases {m_spec}, tau 0.4"
            null = cd.caseload_main(G, m_spec, 1.0, reps=R(10000), seed=G)
            eff = cd.caseload_main(G, m_spec, 0.8, reps=R(10000), seed=G + 1)
            add("caseload odds ratio", design, "logit, CR2, Bell-McCaffrey df", "after",
                {"reps": null["reps"], "coverage": (null["coverage"] + eff["coverage"]) / 2, "size": null["size"]})
            qb = cd.caseload_quasi_binomial_before(G, m_spec, 1.0, reps=R(10000), seed=G)
            add("caseload odds ratio", design, "quasi-binomial, t(G-2)", "before", qb)
            add("caseload odds ratio", design, "case-level CR1, t(G-1)", "before", cr1_before(G, m_spec, R(10000), G))
        for m_spec in (60, "20-400"):
            published = G >= 14 or m_spec == 60
            add("caseload permutation p", f"{G} providers, cases {m_spec}",
                "permutation, CR2 p-value as statistic" + ("" if published else " (not run by the package here)"),
                "after", cd.caseload_permutation_size(G, m_spec, reps=R(1500), seed=G))
        add("caseload bootstrap", f"{G} providers, cases 20-400", "percentile cluster bootstrap (dropped)", "before",
            percentile_bootstrap_before(G, "20-400", R(600), G))
    for G in (7, 14, 28):
        wb = cd.caseload_within_between(G, reps=R(600), seed=G)
        add("within-provider slope", f"{G} providers x 30 cases, between effect only", "group-mean centring, CR2", "after", wb)
        add("within-provider slope", f"{G} providers x 30 cases, between effect only", "pooled slope, CR1 (read as within)", "before",
            cd.caseload_within_between_pooled_before(G, reps=R(600), seed=G))
    for label, pf in (("gap", cd.FOCAL), ("no gap", cd.REFERENCE)):
        add("probability of superiority", f"7 vs 21, {label}", "Brunner-Munzel, logit scale", "after",
            cd.rating_superiority(pf=pf, reps=R(20000), seed=1))
        add("probability of superiority", f"7 vs 21, {label}", "Brunner-Munzel, clipped Wald", "before",
            cd.rating_superiority(pf=pf, reps=R(20000), seed=1, clipped_wald=True))
    add("rank-sum permutation p", "7 vs 21, no gap", "exact, |S - E S|", "after", cd.rating_permutation_size(reps=R(4000), seed=2))
    # the ordinal odds ratio is in sim_case_level.py, counted over every round (separated ones included)
    # the trend intervals are in sim_trend.py, on the caseload chapter's own design
    for G in (20, 40, 100):
        null = cd.workload_coverage(G, 0.0, reps=R(20000), seed=G)
        eff = cd.workload_coverage(G, -5.0, reps=R(20000), seed=G + 1)
        add("workload pct points", f"{G} units, vacancy gamma, n 20-60", "OLS, HC2, Bell-McCaffrey df", "after",
            {"reps": null["reps"], "coverage": (null["coverage"] + eff["coverage"]) / 2, "size": null["size"]})
    return rows


if __name__ == "__main__":
    scale = 0.1 if "--quick" in sys.argv else 1.0
    start = time.time()
    rows = main(scale)
    write_tables(OUT, rows, what="coverage (nominal 95%) and size (nominal 5%) of each interval/test, before and after issue 12",
                 targets={"coverage": [0.93, 0.97], "max_size": 0.065}, scale=scale, start=start)
    print(f"wrote {OUT}.csv and .json in {time.time() - start:.0f} s")
