"""caseload_effect: agreement with statsmodels, recovery of a known effect, seeded resampling,
degenerate data, and clear errors. All data here are synthetic (simulated). Interval coverage is
in tests/test_coverage_simulation.py; CR2 reference values in tests/test_cr2_reference.py."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from probation_stats.estimators._binomial_fit import fit_logit_batch, fit_logit_designs
from probation_stats.estimators.caseload_effect import caseload_effect


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


def test_point_estimate_and_cr2_interval_match_statsmodels_hc2_on_the_irls_step():
    # Reference: with one row per provider, CR2 is HC2 of the final IRLS weighted least-squares
    # step; statsmodels' WLS(..., cov_type="HC2") computes that independently of our code.
    d = synthetic_providers(1)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    X = sm.add_constant(d.caseload - d.caseload.mean())
    glm = sm.GLM(np.column_stack([d.sufficient, d.inspected - d.sufficient]), X, family=sm.families.Binomial()).fit()
    p = glm.fittedvalues.to_numpy()
    w = d.inspected * p * (1 - p)
    z = X.to_numpy() @ glm.params.to_numpy() + (d.sufficient - d.inspected * p) / w
    hc2 = sm.WLS(z, X, weights=w).fit(cov_type="HC2")
    main = res.row("odds_ratio_per_10", "logit")
    se = hc2.bse.iloc[1]
    tq = stats.t.ppf(0.975, main.df)
    assert main.estimate == pytest.approx(np.exp(10 * glm.params.iloc[1]), rel=1e-9)
    assert main.ci_low == pytest.approx(np.exp(10 * (glm.params.iloc[1] - tq * se)), rel=1e-8)
    assert main.ci_high == pytest.approx(np.exp(10 * (glm.params.iloc[1] + tq * se)), rel=1e-8)
    assert 2 < main.df < len(d) - 1            # Bell-McCaffrey df: below G - 2 when leverage is uneven
    assert res.row("dispersion").estimate == pytest.approx(glm.pearson_chi2 / (len(d) - 2))
    assert res.fitted.params.iloc[1] == pytest.approx(glm.params.iloc[1])


def test_fitted_summary_agrees_with_the_table():
    d = synthetic_providers(12)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    main = res.row("odds_ratio_per_10", "logit")
    ci = np.exp(10 * res.fitted.conf_int().iloc[1].to_numpy())
    assert ci == pytest.approx([main.ci_low, main.ci_high], rel=1e-9)
    assert res.fitted.pvalues.iloc[1] == pytest.approx(main.p_value, rel=1e-9)
    assert "CR2" in str(res.fitted.summary())


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
    a = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=200)
    b = caseload_effect(synthetic_cases(d), "caseload", outcome="ok", unit="provider", n_perm=200)
    cols = ["estimate", "ci_low", "ci_high", "p_value", "df"]
    pd.testing.assert_frame_equal(pd.DataFrame(a[cols]), pd.DataFrame(b[cols]))


def within_between_cases(seed, G=12, m=30, between=-0.03, within=0.0):
    rng = np.random.default_rng(seed)
    centre = rng.normal(45, 10, G)
    cases = pd.DataFrame({"provider": np.repeat(np.arange(G), m)})
    cases["caseload"] = np.repeat(centre, m) + rng.normal(0, 8, G * m)
    means = cases.groupby("provider").caseload.transform("mean")
    eta = between * (means - 45) + within * (cases.caseload - means) + np.repeat(rng.normal(0, 0.3, G), m)
    cases["ok"] = rng.binomial(1, 1 / (1 + np.exp(-eta)))
    return cases


def test_caseload_varying_within_providers_needs_the_explicit_argument_and_names_providers():
    cases = within_between_cases(4)
    with pytest.raises(ValueError, match=r"caseload varies within 12 provider\(s\) \(0, 1, 2, 3, 4, \.\.\.\): pass within_between=True"):
        caseload_effect(cases, "caseload", outcome="ok", unit="provider")


def test_within_and_between_slopes_by_group_mean_centring_with_cr2():
    cases = within_between_cases(4)
    res = caseload_effect(cases, "caseload", outcome="ok", unit="provider", within_between=True, n_perm=100)
    means = cases.groupby("provider").caseload.transform("mean")
    X = pd.DataFrame({"const": 1.0, "between": means - cases.caseload.mean(), "within": cases.caseload - means})
    glm = sm.GLM(cases.ok, X, family=sm.families.Binomial()).fit()
    between = res.row("odds_ratio_per_10_between", "logit")
    within = res.row("odds_ratio_per_10_within", "logit")
    assert between.estimate == pytest.approx(np.exp(10 * glm.params["between"]), rel=1e-7)
    assert within.estimate == pytest.approx(np.exp(10 * glm.params["within"]), rel=1e-7)
    # CR2 is at least as wide as the uncorrected cluster sandwich (CR0); its df lie below G - 1
    cr0 = sm.GLM(cases.ok, X, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": cases.provider, "use_correction": False})
    se_between = np.log(between.ci_high / between.ci_low) / 10 / (2 * stats.t.ppf(0.975, between.df))
    assert se_between >= cr0.bse["between"] * 0.999
    assert between.df < 11 and within.df < 11
    assert not any(res.method.str.startswith("permutation"))       # only for provider-level caseloads


def test_recovers_a_known_effect_in_a_large_simulation():
    d = synthetic_providers(5, G=400, m=200, odds_ratio_per_10=0.7, tau=0.2)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    assert res.row("odds_ratio_per_10", "logit").estimate == pytest.approx(0.7, abs=0.03)


def test_predictions_follow_the_model_and_lie_in_their_intervals():
    d = synthetic_providers(6)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", at=(30, 70), n_perm=0)
    pred = res[res.term == "predicted_share"].set_index("caseload")
    b0, b1 = res.fitted.params
    c = res.details["center"]
    assert pred.loc[30.0, "estimate"] == pytest.approx(1 / (1 + np.exp(-(b0 + b1 * (30 - c)))))
    assert ((pred.ci_low < pred.estimate) & (pred.estimate < pred.ci_high)).all()


def test_resampling_is_seeded():
    d = synthetic_providers(7)
    kw = dict(unit="provider", successes="sufficient", trials="inspected", n_perm=300)
    a = caseload_effect(d, "caseload", seed=1, **kw)
    b = caseload_effect(d, "caseload", seed=1, **kw)
    c = caseload_effect(d, "caseload", seed=2, **kw)
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))
    assert a.p_value.iloc[1] != c.p_value.iloc[1]


def test_permutation_p_value_is_small_for_a_strong_effect_and_bounded():
    d = synthetic_providers(8, G=20, m=100, odds_ratio_per_10=0.4, tau=0.05)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=999)
    assert res.row("odds_ratio_per_10", "permutation").p_value == pytest.approx(1 / 1000)


def test_describe_states_the_estimate_and_interval():
    d = synthetic_providers(9)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    main = res.row("odds_ratio_per_10", "logit")
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
    (lambda d: d.assign(sufficient=-d.sufficient), "cannot be negative"),
    (lambda d: d.assign(caseload=d.caseload.astype(str)), r"'caseload' is not numeric .* pd.to_numeric"),
    (lambda d: d.assign(inspected=d.inspected.astype(str)), r"'inspected' is not numeric"),
])
def test_bad_provider_level_input_is_refused(change, message):
    d = change(synthetic_providers(10, G=8))
    with pytest.raises(ValueError, match=message):
        caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected")


def test_bad_case_level_input_is_refused():
    cases = synthetic_cases(synthetic_providers(11, G=5, m=10))
    with pytest.raises(ValueError, match="must be 0 or 1"):
        caseload_effect(cases.assign(ok=cases.ok * 2), "caseload", outcome="ok", unit="provider")
    with pytest.raises(ValueError, match="need unit="):
        caseload_effect(cases, "caseload", outcome="ok")
    with pytest.raises(ValueError, match="give either outcome="):
        caseload_effect(cases, "caseload")


def test_wrong_column_and_bad_per_are_refused_plainly():
    d = synthetic_providers(13, G=8)
    with pytest.raises(ValueError, match=r"column\(s\) \['caseloads'\] not in data"):
        caseload_effect(d, "caseloads", unit="provider", successes="sufficient", trials="inspected")
    for per in (0, -10, float("nan")):
        with pytest.raises(ValueError, match="per must be a positive number"):
            caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", per=per)


@pytest.mark.parametrize("sufficient, words", [(lambda d: d.inspected, "All 480 cases"),
                                               (lambda d: 0 * d.inspected, "None of the 480 cases")])
def test_all_or_no_cases_sufficient_is_said_not_misreported(sufficient, words):
    d = synthetic_providers(14, G=8)
    d = d.assign(sufficient=sufficient(d))
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected")
    assert res.describe().startswith(words) and "no odds ratio" in res.describe()
    assert np.isnan(res.estimate.iloc[0]) and res.method.iloc[0].startswith("not estimable")
    assert "higher odds" not in res.describe() and "lower odds" not in res.describe()


def test_complete_separation_is_said_and_the_permutation_test_still_runs():
    d = pd.DataFrame({"provider": list("abcdefgh"), "caseload": [30, 35, 40, 45, 50, 55, 60, 65],
                      "sufficient": [20, 20, 20, 20, 0, 0, 0, 0], "inspected": 20})
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=1999)
    assert "complete separation" in res.method.iloc[0] and np.isnan(res.estimate.iloc[0])
    perm = res.row("odds_ratio_per_10", "permutation")
    # exact answer: 2 of the C(8, 4) = 70 ways of choosing the four all-sufficient providers are as extreme
    assert perm.p_value == pytest.approx(2 / 70, abs=0.01)
    assert "completely separated" in res.describe()


def test_summary_prints_table_methods_and_caveats():
    d = synthetic_providers(15, G=8)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=99)
    text = res.summary()
    assert "odds_ratio_per_10" in text and "CR2" in text and "Caveats:" in text and "8 providers" in text
    assert list(res.columns[:7]) == ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"]


def test_metadata_survive_common_pandas_operations():
    d = synthetic_providers(17, G=8)
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    for op in (lambda t: t.copy(), lambda t: t.round(2), lambda t: t.query("term == 'predicted_share'"),
               lambda t: t[["term", "estimate"]], lambda t: t.sort_values("estimate").reset_index(drop=True)):
        out = op(res)
        assert out.fitted is res.fitted and out.describe() == res.describe()


def test_permutation_check_is_not_run_with_few_providers_and_uneven_cases():
    d = synthetic_providers(18, G=8).assign(inspected=[20, 400, 60, 30, 300, 45, 25, 380])
    d["sufficient"] = np.minimum(d.sufficient, d.inspected)
    with pytest.warns(UserWarning, match="carries 39% of the model's weight"):   # 400 of 1,260 cases
        res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=99)
    row = res.row("odds_ratio_per_10", "permutation")
    assert np.isnan(row.p_value) and "not run" in row.method and "20 to 400" in row.method


def test_the_former_name_of_unit_still_works_with_a_warning():
    cases = synthetic_cases(synthetic_providers(1))
    new = caseload_effect(cases, "caseload", outcome="ok", unit="provider", n_perm=0)
    with pytest.warns(FutureWarning, match="provider= is now called unit="):
        old = caseload_effect(cases, "caseload", outcome="ok", provider="provider", n_perm=0)
    assert old.row("odds_ratio_per_10", "logit").estimate == new.row("odds_ratio_per_10", "logit").estimate
    with pytest.raises(TypeError, match="both unit= and provider="):
        caseload_effect(cases, "caseload", outcome="ok", unit="provider", provider="provider")


def dominated(seed=3, G=12, big=800):
    rng = np.random.default_rng(seed)
    m = rng.integers(15, 41, G)
    m[0] = big
    x = rng.normal(45, 10, G)
    p = 1 / (1 + np.exp(-(0.3 + rng.normal(0, 0.4, G))))
    return pd.DataFrame({"provider": [f"synthetic-{i}" for i in range(G)], "caseload": x, "sufficient": rng.binomial(m, p),
                         "inspected": m})


def test_one_dominant_provider_warns_and_adds_the_equal_weights_row():
    d = dominated()
    with pytest.warns(UserWarning, match=r"One provider \(synthetic-0\) carries 7\d% of the model's weight"):
        res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    assert any("synthetic-0" in c for c in res.caveats)
    adj = res.row("odds_ratio_per_10", "dominant-provider adjustment")
    # known answer: least squares of the empirical logits on the centred caseload, HC2 (statsmodels)
    el = np.log((d.sufficient + 0.5) / (d.inspected - d.sufficient + 0.5))
    fit = sm.OLS(el, sm.add_constant(d.caseload - d.caseload.mean())).fit(cov_type="HC2")
    assert adj.estimate == pytest.approx(np.exp(10 * fit.params.iloc[1]), rel=1e-9)
    half = np.log(adj.ci_high / adj.estimate) / 10
    assert half == pytest.approx(stats.t.ppf(0.975, adj.df) * fit.bse.iloc[1], rel=1e-8)
    assert res.details["largest_weight_share"] > 0.7
    assert "counting each provider once" in res.describe()
    main = res.row("odds_ratio_per_10", "logit")            # the usual row is still there, found as before
    assert main.df > 0


def test_no_dominance_warning_with_balanced_case_samples():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        res = caseload_effect(synthetic_providers(1), "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=0)
    assert not res["method"].astype(str).str.startswith("dominant").any()
    assert res.details["largest_weight_share"] < 0.1


def test_every_provider_with_the_same_share_is_not_estimated():
    d = pd.DataFrame({"provider": list("abcdef"), "caseload": [30, 40, 50, 60, 70, 45], "sufficient": [25, 10, 25, 25, 20, 25],
                      "inspected": [50, 20, 50, 50, 40, 50]})
    res = caseload_effect(d, "caseload", unit="provider", successes="sufficient", trials="inspected", n_perm=50)
    row = res.row("odds_ratio_per_10")
    assert np.isnan(row.estimate) and "same share" in row.method and "50%" in row.method
    assert "same share" in res.describe()
