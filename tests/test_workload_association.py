"""workload_association: agreement with statsmodels, the unknown-n rule, the binomial check, errors.
All data here are synthetic. Interval coverage: tests/test_coverage_simulation.py."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from probation_stats.estimators.workload_association import workload_association


def synthetic_pdus(seed, G=40, slope_per_10=-5.0, unknown=0.3):
    rng = np.random.default_rng(seed)
    x = rng.gamma(2.0, 6.0, G)
    n = rng.integers(20, 61, G).astype(float)
    p = np.clip(0.65 + slope_per_10 / 1000 * (x - 12) + rng.normal(0, 0.06, G), 0.02, 0.98)
    pct = 100 * rng.binomial(n.astype(int), p) / n
    n[rng.random(G) < unknown] = np.nan
    return pd.DataFrame({"pdu": [f"synthetic-pdu-{i}" for i in range(G)], "vacancy_pct": x, "rosh_pct": pct, "cases": n})


def test_slope_equals_ols_and_interval_uses_hc2_with_bell_mccaffrey_df():
    d = synthetic_pdus(1)
    res = workload_association(d, "vacancy_pct", "rosh_pct", "cases", unit="pdu")
    ols = sm.OLS(d.rosh_pct, sm.add_constant(d.vacancy_pct)).fit(cov_type="HC2")
    main = res.row("pct_points_per_10")
    assert main.estimate == pytest.approx(10 * ols.params.iloc[1], rel=1e-10)
    half = (main.ci_high - main.ci_low) / 2
    assert half == pytest.approx(10 * ols.bse.iloc[1] * stats.t.ppf(0.975, main.df), rel=1e-9)
    assert 2 < main.df < len(d) - 2      # skewed x: a few units carry the leverage, so far below G - 2


def test_fitted_is_plain_statsmodels_on_the_same_design():
    # .fitted must agree with the table where they share a statistic and with plain statsmodels
    # elsewhere (before, a patched result printed adjusted R-squared -0.597 against 0.247).
    d = synthetic_pdus(1)
    res = workload_association(d, "vacancy_pct", "rosh_pct", "cases", unit="pdu")
    plain = sm.OLS(d.rosh_pct, sm.add_constant(d.vacancy_pct)).fit(cov_type="HC2", use_t=True)
    main, intercept = res.row("pct_points_per_10"), res.row("intercept_at_mean_x")
    fitted = res.fitted
    assert 10 * fitted.params.iloc[1] == pytest.approx(main.estimate, rel=1e-10)
    assert fitted.params.iloc[0] == pytest.approx(intercept.estimate, rel=1e-10)
    assert fitted.bse.iloc[1] == pytest.approx(plain.bse.iloc[1], rel=1e-10)
    assert (fitted.rsquared, fitted.rsquared_adj) == pytest.approx((plain.rsquared, plain.rsquared_adj), rel=1e-10)
    assert fitted.df_resid == len(d) - 2
    # Its intervals use G - 2 df, so they are narrower than the table's Bell-McCaffrey ones.
    low, high = 10 * fitted.conf_int().iloc[1].to_numpy()
    assert main.ci_low < low < high < main.ci_high
    # Predictions take x centred at its mean and give the fitted percentages.
    centred = sm.add_constant(d.vacancy_pct - res.details["center"]).to_numpy()
    assert fitted.predict(centred) == pytest.approx(plain.fittedvalues.to_numpy(), rel=1e-10)


def test_unknown_n_does_not_drop_units_and_the_binomial_check_uses_the_rest():
    d = synthetic_pdus(2)
    res = workload_association(d, "vacancy_pct", "rosh_pct", "cases")
    known = int(d.cases.notna().sum())
    assert res.row("pct_points_per_10").n == len(d) and res.row("pct_points_per_10").n_known == known
    check = res.row("odds_ratio_per_10")
    assert check.n == known and "check" in check.method and check.estimate < 1
    assert any("not stated" in c for c in res.caveats)
    without = workload_association(d, "vacancy_pct", "rosh_pct")
    assert "odds_ratio_per_10" not in set(without.term)
    assert without.row("pct_points_per_10").estimate == pytest.approx(res.row("pct_points_per_10").estimate)


def test_describe_names_the_units_and_direction():
    res = workload_association(synthetic_pdus(3), "vacancy_pct", "rosh_pct", x_label="vacancy rate")
    text = res.describe()
    assert text.startswith("Across 40 units, each 10 points more vacancy rate went with") and "percentage points lower" in text
    assert list(res.columns[:7]) == ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"]


@pytest.mark.parametrize("change, kwargs, message", [
    (lambda d: d, {"x": "vacancy"}, r"column\(s\) \['vacancy'\] not in data"),
    (lambda d: d.assign(vacancy_pct=d.vacancy_pct.astype(str)), {}, r"'vacancy_pct' is not numeric .* pd.to_numeric"),
    (lambda d: d.assign(rosh_pct=d.rosh_pct.where(d.index != 4)), {}, r"'rosh_pct' has 1 missing .* rows \[4\]"),
    (lambda d: d.assign(rosh_pct=d.rosh_pct / 100), {}, "not proportions"),
    (lambda d: d.assign(rosh_pct=d.rosh_pct + 50), {}, "between 0 and 100"),
    (lambda d: d.assign(cases=-d.cases), {"trials": "cases"}, "whole number >= 1 where stated"),
    (lambda d: pd.concat([d, d.head(1)]), {"unit": "pdu"}, "one row per unit"),
    (lambda d: d, {"per": 0}, "per must be a positive number"),
])
def test_bad_input_is_refused_plainly(change, kwargs, message):
    d = change(synthetic_pdus(4))
    args = {"x": "vacancy_pct", "outcome_pct": "rosh_pct", **kwargs}
    with pytest.raises(ValueError, match=message):
        workload_association(d, **args)


def test_the_former_name_of_trials_still_works_with_a_warning():
    d = synthetic_pdus(2)
    new = workload_association(d, "vacancy_pct", "rosh_pct", trials="cases")
    with pytest.warns(FutureWarning, match="n= is now called trials="):
        old = workload_association(d, "vacancy_pct", "rosh_pct", n="cases")
    assert old.row("odds_ratio_per_10").estimate == new.row("odds_ratio_per_10").estimate
    with pytest.raises(TypeError, match="both trials= and n="):
        workload_association(d, "vacancy_pct", "rosh_pct", trials="cases", n="cases")


def test_a_constant_outcome_is_refused_not_given_a_p_value():
    d = pd.DataFrame({"x": np.arange(10.0), "pct": [60.0] * 10})
    with pytest.raises(ValueError, match="'pct' is 60% for every unit: there is no variation to relate to x"):
        workload_association(d, "x", "pct")
