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


# --- power as a range over its inputs (issue 22, item 3) ---

from probation_stats.estimators.power import net_between_sd, power_range, sd_interval, workload_power
from probation_stats.estimators.results import EstimateTable


def test_sd_interval_known_answer():
    # Variance 10 with n = 5 (df 4); chi-square quantiles 11.143287 and 0.484419 (tables).
    sd, lo, hi = sd_interval([10.0, 12.0, 14.0, 8.0, 6.0])
    assert sd == pytest.approx(np.sqrt(10.0))
    assert lo == pytest.approx(np.sqrt(10.0) * np.sqrt(4 / 11.143287), rel=1e-5)
    assert hi == pytest.approx(np.sqrt(10.0) * np.sqrt(4 / 0.484419), rel=1e-5)
    with pytest.raises(ValueError, match="at least two"):
        sd_interval([3.0])


def test_net_between_sd_known_answers():
    # 20% and 80% from 101 cases each: noise variance 0.16 * (1/100) * 100^2 = 16 points^2;
    # observed variance 1800, so the spread between units is sqrt(1784).
    out = net_between_sd([20, 80], (101, 101))
    assert out["noise_sd"] == pytest.approx(4.0) and out["observed_sd"] == pytest.approx(np.sqrt(1800))
    assert out["sd"] == pytest.approx(np.sqrt(1784)) and out["n"] == 2
    # 40% and 60% from 11 cases: the noise (240 points^2) exceeds the observed variance (200): no spread left.
    assert net_between_sd([40, 60], (11, 11))["sd"] == 0.0
    with pytest.raises(ValueError, match="2 <= smallest"):
        net_between_sd([40, 60], (1, 10))


def test_net_between_sd_recovers_the_simulated_spread():
    # The published percentages of workload_power's model: true shares SD 8 points, 20-60 cases.
    rng = np.random.default_rng(11)
    share = np.clip(rng.normal(30, 8, 20000), 1, 99) / 100
    m = rng.integers(20, 61, 20000)
    published = 100 * rng.binomial(m, share) / m
    out = net_between_sd(published, (20, 60))
    assert out["observed_sd"] > 10                       # gross of noise: the double count the book made
    assert out["sd"] == pytest.approx(8.0, abs=0.25)
    assert out["low"] < out["sd"] < out["high"]


def _fake(a, b, **_):
    return EstimateTable.build([{"term": "power", "estimate": a / (a + b), "ci_low": 0.0, "ci_high": 1.0,
                                 "p_value": np.nan, "n": 1, "method": "fake", "coverage": 0.95, "n_sims": 10}])


def test_power_range_takes_the_extremes_over_the_corners():
    out = power_range(_fake, [{"k": 1}, {"k": 2}], centre={"a": 2.0, "b": 2.0}, ranges={"a": (1.0, 3.0), "b": (1.0, 4.0)})
    assert len(out) == 2 and (out.k == [1, 2]).all()
    row = out.iloc[0]
    assert row.estimate == 0.5 and row.range_low == pytest.approx(1 / 5) and row.range_high == pytest.approx(3 / 4)
    assert row.low_at == {"a": 1.0, "b": 4.0} and row.high_at == {"a": 3.0, "b": 1.0}
    with pytest.raises(ValueError, match="same inputs"):
        power_range(_fake, {}, centre={"a": 1.0, "b": 1.0}, ranges={"a": (0.5, 2.0)})


def test_a_settings_power_does_not_depend_on_the_other_settings_simulated():
    # Seeded per setting: the figure for 28 providers is the same alone or in a grid, so two pages
    # asking for it cannot print different numbers.
    alone = power(n_providers=28, cases_per_provider=60, odds_ratio_per_10=0.8, n_sims=200, seed=9)
    grid = power(n_providers=(7, 28), cases_per_provider=(20, 60), odds_ratio_per_10=(0.8, 0.9), n_sims=200, seed=9)
    row = grid.query("n_providers == 28 and cases_per_provider == 60 and odds_ratio_per_10 == 0.8").iloc[0]
    assert row.power == alone.power.iloc[0]
    one = workload_power(n_units=77, slope_per_10=-5.0, n_sims=300, seed=4)
    many = workload_power(n_units=(20, 77), slope_per_10=(-10.0, -5.0), n_sims=300, seed=4)
    assert many.query("n == 77 and slope_per_10 == -5.0").estimate.iloc[0] == one.estimate.iloc[0]


def test_random_placement_keeps_the_cases_and_loses_power():
    x = np.random.default_rng(1).normal(45, 10, (28, 50))
    extreme = cases_design("20-400", x, np.random.default_rng(2))
    placed = cases_design("20-400:random", x, np.random.default_rng(2))
    assert (np.sort(extreme, axis=0) == np.sort(placed, axis=0)).all() and (extreme != placed).any()
    # With little between-provider variation, large samples at the extreme caseloads carry more
    # information on the slope than the same samples placed at random.
    res = power(n_providers=28, cases_per_provider=("20-400", "20-400:random"), odds_ratio_per_10=0.9,
                between_provider_sd=0.1, n_sims=1500, seed=12).set_index("cases_per_provider").power
    assert res["20-400"] > res["20-400:random"] + 0.05
