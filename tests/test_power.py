import numpy as np
import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.estimators.caseload_effect import caseload_effect
from probation_stats.estimators.power import _cr2_logit_batch, cases_design, power, power_sensitivity


def test_fast_path_equals_caseload_effect():
    rng = np.random.default_rng(0)
    G = 15
    x = rng.normal(45, 10, (G, 1))
    m = cases_design("20-400", x, rng)
    y = rng.binomial(m.astype(int), 0.6).astype(float)
    b, se, df, ok = _cr2_logit_batch(x, y, m)
    synthetic = pd.DataFrame({"p": range(G), "c": x[:, 0], "s": y[:, 0], "n": m[:, 0]})
    res = caseload_effect(synthetic, "c", unit="p", successes="s", trials="n", n_perm=0)
    assert ok[0]
    assert res.fitted.params.iloc[1] == pytest.approx(b[0], rel=1e-8)
    assert np.sqrt(res.details["cov"][1, 1]) == pytest.approx(se[0], rel=1e-6)
    assert res.row("odds_ratio_per_10", "logit").df == pytest.approx(df[0], rel=1e-6)


def test_under_no_effect_power_is_the_test_size_and_coverage_nominal():
    res = power(n_providers=28, cases_per_provider=60, odds_ratio_per_10=1.0, n_sims=3000, seed=1).iloc[0]
    assert res.power == pytest.approx(0.05, abs=0.015)
    assert res.coverage == pytest.approx(0.95, abs=0.015)


def test_more_providers_and_bigger_effects_mean_more_power():
    res = power(n_providers=(7, 28), cases_per_provider=40, odds_ratio_per_10=(0.9, 0.6), n_sims=1000, seed=2)
    p = res.set_index(["n_providers", "odds_ratio_per_10"]).power
    assert p[(28, 0.6)] > p[(7, 0.6)] and p[(28, 0.6)] > p[(28, 0.9)]


def test_power_is_seeded_and_validates_input():
    a = power(n_sims=200, seed=3)
    b = power(n_sims=200, seed=3)
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))
    with pytest.raises(ValueError, match="n_providers >= 3"):
        power(n_providers=2)
    with pytest.raises(ValueError, match="'LOW-HIGH'"):
        power(cases_per_provider="many")


def test_power_has_the_core_columns_and_unequal_cases():
    res = power(n_providers=14, cases_per_provider=("20-400", "lognormal:60", [20, 30, 45, 400]), odds_ratio_per_10=1.0,
                n_sims=400, seed=4)
    assert list(res.columns[:7]) == ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"]
    assert (res.estimate == res.power).all() and (res.ci_low <= res.estimate).all() and (res.estimate <= res.ci_high).all()
    assert (res.n == 14).all() and res.cases_per_provider.iloc[2].startswith("drawn from 4 values")
    assert (res.power < 0.08).all()         # size under no effect, whatever the cases per provider


def test_cases_design_puts_larger_samples_at_extreme_caseloads():
    x = np.array([[40.0], [45.0], [50.0], [60.0]])
    m = cases_design("20-400", x, np.random.default_rng(0))[:, 0]
    assert m.min() >= 20 and m.max() == 400 and m[3] == 400 and m[1] < m[0]


def test_sensitivity_grid_is_tidy_and_power_falls_with_heterogeneity():
    res = power_sensitivity(caseload_sd=(5, 15), between_provider_sd=(0.1, 0.6), n_sims=300, seed=5)
    assert len(res) == 4 and res.details["grid"].shape == (2, 2)
    grid = res.details["grid"]
    assert grid.loc[15, 0.1] > grid.loc[5, 0.6]
    assert "ranges from" in res.describe()


def test_workload_power_uses_exactly_the_reported_test():
    # Known answer: the vectorised slope, HC2 error and Bell-McCaffrey df equal workload_association's.
    import numpy as np
    import pandas as pd

    from probation_stats.estimators.power import _hc2_slope_tests

    rng = np.random.default_rng(3)
    x = rng.normal(33, 8, 12)
    y = np.clip(40 - 0.5 * (x - 33) + rng.normal(0, 12, 12), 0, 100)
    row = ps.workload_association(pd.DataFrame({"x": x, "y": y}), "x", "y", per=1).row("pct_points_per_1")
    slope, se, df = _hc2_slope_tests(x[None], y[None])
    assert abs(slope[0] - row.estimate) < 1e-12 and abs(df[0] - row.df) < 1e-9
    from scipy import stats
    assert abs(se[0] * stats.t.ppf(0.975, df[0]) - (row.ci_high - row.estimate)) < 1e-9


def test_workload_power_has_its_size_with_no_effect_and_grows_with_units():
    res = ps.workload_power(n_units=(10, 77), slope_per_10=(0.0, -5.0), n_sims=2000, seed=7)
    size = res[res.slope_per_10 == 0.0].estimate
    assert (size <= 0.065).all() and (size >= 0.02).all()
    powered = res[res.slope_per_10 == -5.0].set_index("n").estimate
    assert powered[77] > powered[10] > 0.06
    assert {"term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"} <= set(res.columns)
