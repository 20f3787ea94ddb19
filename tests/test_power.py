import numpy as np
import pandas as pd
import pytest

from probation_stats.caseload_effect import caseload_effect
from probation_stats.power import _quasi_binomial_batch, power


def test_fast_path_equals_caseload_effect():
    rng = np.random.default_rng(0)
    G = 15
    x = rng.normal(45, 10, (G, 1))
    y = rng.binomial(40, 0.6, (G, 1)).astype(float)
    m = np.full((G, 1), 40.0)
    b, se, df = _quasi_binomial_batch(x, y, m)
    synthetic = pd.DataFrame({"p": range(G), "c": x[:, 0], "s": y[:, 0], "n": m[:, 0]})
    res = caseload_effect(synthetic, "c", provider="p", successes="s", trials="n", n_boot=0, n_perm=0)
    assert res.fitted.params.iloc[1] == pytest.approx(b[0], rel=1e-8)
    assert np.sqrt(res.details["cov"][1, 1]) == pytest.approx(se[0], rel=1e-6)


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
