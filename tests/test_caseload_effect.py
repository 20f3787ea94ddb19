"""caseload_effect: agreement with statsmodels, recovery of a known effect, interval coverage,
seeded resampling, and clear errors. All data here are synthetic (simulated)."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from probation_stats._binomial_fit import fit_logit_batch, fit_logit_designs
from probation_stats.caseload_effect import caseload_effect


def synthetic_providers(seed, G=28, m=60, odds_ratio_per_10=0.8, tau=0.3, base=0.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(45, 10, G)
    u = rng.normal(0, tau, G)
    p = 1 / (1 + np.exp(-(base + np.log(odds_ratio_per_10) / 10 * (x - 45) + u)))
    return pd.DataFrame({"provider": [f"synthetic-{i}" for i in range(G)], "caseload": x,
                         "sufficient": rng.binomial(m, p), "inspected": m})


def synthetic_cases(providers):
    rows = []
    for r in providers.itertuples():
        rows += [{"provider": r.provider, "caseload": r.caseload, "ok": int(i < r.sufficient)} for i in range(r.inspected)]
    return pd.DataFrame(rows)


def test_point_estimate_and_interval_match_a_direct_statsmodels_fit():
    d = synthetic_providers(1)
    res = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected", n_boot=0, n_perm=0)
    X = sm.add_constant(d.caseload - d.caseload.mean())
    glm = sm.GLM(np.column_stack([d.sufficient, d.inspected - d.sufficient]), X, family=sm.families.Binomial()).fit()
    phi = glm.pearson_chi2 / (len(d) - 2)
    se = glm.bse.iloc[1] * np.sqrt(max(phi, 1))
    tq = stats.t.ppf(0.975, len(d) - 2)
    main = res.row("odds_ratio_per_10", "quasi")
    assert main.estimate == pytest.approx(np.exp(10 * glm.params.iloc[1]), rel=1e-9)
    assert main.ci_low == pytest.approx(np.exp(10 * (glm.params.iloc[1] - tq * se)), rel=1e-9)
    assert main.ci_high == pytest.approx(np.exp(10 * (glm.params.iloc[1] + tq * se)), rel=1e-9)
    assert res.row("dispersion").estimate == pytest.approx(phi)
    assert res.fitted.params.iloc[1] == pytest.approx(glm.params.iloc[1])


def test_batch_solver_agrees_with_statsmodels_on_weighted_refits():
    d = synthetic_providers(2)
    X = sm.add_constant(d.caseload.to_numpy() - 45)
    rng = np.random.default_rng(0)
    W = rng.integers(0, 3, size=(len(d), 5)).astype(float)
    betas, ok = fit_logit_batch(X, d.sufficient.to_numpy(), d.inspected.to_numpy(), W)
    for b in range(5):
        keep = W[:, b] > 0
        glm = sm.GLM(np.column_stack([d.sufficient, d.inspected - d.sufficient])[keep], X[keep],
                     family=sm.families.Binomial(), freq_weights=W[keep, b]).fit()
        assert betas[b] == pytest.approx(glm.params, abs=1e-8)
    designs = np.stack([X, X[::-1]])
    betas2, _ = fit_logit_designs(designs, np.stack([d.sufficient, d.sufficient]), np.stack([d.inspected, d.inspected]))
    glm = sm.GLM(np.column_stack([d.sufficient, d.inspected - d.sufficient]), X[::-1], family=sm.families.Binomial()).fit()
    assert betas2[1] == pytest.approx(glm.params, abs=1e-8)


def test_case_level_data_give_the_provider_level_answer():
    d = synthetic_providers(3, G=10, m=20)
    a = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected", n_boot=200, n_perm=200)
    b = caseload_effect(synthetic_cases(d), "caseload", outcome="ok", provider="provider", n_boot=200, n_perm=200)
    cols = ["estimate", "ci_low", "ci_high", "p_value"]
    pd.testing.assert_frame_equal(pd.DataFrame(a[cols]), pd.DataFrame(b[cols]))


def test_case_level_caseload_varying_within_providers_uses_cluster_robust_errors():
    rng = np.random.default_rng(4)
    G, m = 12, 30
    cases = pd.DataFrame({"provider": np.repeat(np.arange(G), m), "caseload": rng.normal(45, 10, G * m)})
    cases["ok"] = rng.binomial(1, 1 / (1 + np.exp(0.03 * (cases.caseload - 45))))
    res = caseload_effect(cases, "caseload", outcome="ok", provider="provider", n_boot=100, n_perm=100)
    X = sm.add_constant(cases.caseload - cases.caseload.mean())
    glm = sm.GLM(cases.ok, X, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": cases.provider, "use_correction": True, "df_correction": True})
    tq = stats.t.ppf(0.975, G - 1)
    main = res.row("odds_ratio_per_10", "logit on cases")
    assert main.ci_high == pytest.approx(np.exp(10 * (glm.params.iloc[1] + tq * glm.bse.iloc[1])), rel=1e-8)
    assert "not run" in res.row("odds_ratio_per_10", "permutation").method


def test_recovers_a_known_effect_in_a_large_simulation():
    d = synthetic_providers(5, G=400, m=200, odds_ratio_per_10=0.7, tau=0.2)
    res = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected", n_boot=0, n_perm=0)
    assert res.row("odds_ratio_per_10", "quasi").estimate == pytest.approx(0.7, abs=0.03)


def test_interval_coverage_is_near_nominal_with_28_providers():
    # Between-provider variation (tau) is what breaks plain binomial intervals; 400 seeded runs,
    # Monte-Carlo SE of the coverage about 0.011.
    hits = 0
    n_sims = 400
    for seed in range(n_sims):
        d = synthetic_providers(1000 + seed, G=28, m=60, odds_ratio_per_10=0.8, tau=0.4)
        main = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected",
                               n_boot=0, n_perm=0).row("odds_ratio_per_10", "quasi")
        hits += main.ci_low <= 0.8 <= main.ci_high
    assert 0.92 <= hits / n_sims <= 0.985


def test_predictions_follow_the_model_and_lie_in_their_intervals():
    d = synthetic_providers(6)
    res = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected", at=(30, 70), n_boot=0, n_perm=0)
    pred = res[res.term == "predicted_share"].set_index("caseload")
    b0, b1 = res.fitted.params
    c = res.details["center"]
    assert pred.loc[30.0, "estimate"] == pytest.approx(1 / (1 + np.exp(-(b0 + b1 * (30 - c)))))
    assert ((pred.ci_low < pred.estimate) & (pred.estimate < pred.ci_high)).all()


def test_resampling_is_seeded():
    d = synthetic_providers(7)
    kw = dict(provider="provider", successes="sufficient", trials="inspected", n_boot=300, n_perm=300)
    a = caseload_effect(d, "caseload", seed=1, **kw)
    b = caseload_effect(d, "caseload", seed=1, **kw)
    c = caseload_effect(d, "caseload", seed=2, **kw)
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))
    assert not np.allclose(a.details["bootstrap_slopes"], c.details["bootstrap_slopes"])


def test_permutation_p_value_is_small_for_a_strong_effect_and_bounded():
    d = synthetic_providers(8, G=20, m=100, odds_ratio_per_10=0.4, tau=0.05)
    res = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected", n_boot=0, n_perm=999)
    assert res.row("odds_ratio_per_10", "permutation").p_value == pytest.approx(1 / 1000)


def test_describe_states_the_estimate_and_interval():
    d = synthetic_providers(9)
    res = caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected", n_boot=0, n_perm=0)
    main = res.row("odds_ratio_per_10", "quasi")
    text = res.describe()
    assert f"{main.estimate:.2f}" in text and f"{main.ci_low:.2f}" in text and "28 providers" in text


@pytest.mark.parametrize("change, message", [
    (lambda d: d.drop(columns="inspected"), r"column\(s\) \['inspected'\] not in data"),
    (lambda d: d.assign(sufficient=d.inspected + 1), "must lie between 0 and 'inspected'"),
    (lambda d: d.assign(inspected=0), "'inspected' must be positive"),
    (lambda d: d.assign(caseload=50.0), "'caseload' is constant"),
    (lambda d: d.head(2), "at least three providers"),
    (lambda d: d.assign(caseload=d.caseload.where(d.index != 3)), r"'caseload' has 1 missing or non-numeric value\(s\), at rows \[3\]"),
    (lambda d: pd.concat([d, d.head(1)]), "one row per provider"),
    (lambda d: d.assign(sufficient=d.sufficient + 0.5), "whole numbers"),
])
def test_bad_provider_level_input_is_refused(change, message):
    d = change(synthetic_providers(10, G=8))
    with pytest.raises(ValueError, match=message):
        caseload_effect(d, "caseload", provider="provider", successes="sufficient", trials="inspected")


def test_bad_case_level_input_is_refused():
    cases = synthetic_cases(synthetic_providers(11, G=5, m=10))
    with pytest.raises(ValueError, match="must be 0 or 1"):
        caseload_effect(cases.assign(ok=cases.ok * 2), "caseload", outcome="ok", provider="provider")
    with pytest.raises(ValueError, match="need provider="):
        caseload_effect(cases, "caseload", outcome="ok")
    with pytest.raises(ValueError, match="give either outcome="):
        caseload_effect(cases, "caseload")
