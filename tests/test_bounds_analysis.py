import numpy as np
import pandas as pd
import pytest

from probation_stats.estimators.bounds_analysis import bounds_analysis
from probation_stats.estimators.caseload_effect import caseload_effect


def mean_estimator(d):
    m = d.x.mean()
    return {"estimate": m, "ci_low": m - 1, "ci_high": m + 1}


def test_range_of_a_mean_is_the_means_of_the_interval_ends():
    synthetic = pd.DataFrame({"x": [0.0] * 4, "lo": [1, 2, 3, 4.0], "hi": [1, 3, 5, 8.0]})
    res = bounds_analysis(synthetic, mean_estimator, {"x": ("lo", "hi")}).set_index("term")
    assert res.loc["range", "estimate_low"] == pytest.approx(2.5)
    assert res.loc["range", "estimate_high"] == pytest.approx(4.25)
    assert res.loc["midpoint", "estimate"] == pytest.approx((2.5 + 4.25) / 2)
    assert res.loc["range", "ci_low"] == pytest.approx(1.5) and res.loc["range", "ci_high"] == pytest.approx(5.25)
    assert res.loc["range", "n_vague"] == 3


def test_exact_values_give_a_single_point():
    synthetic = pd.DataFrame({"x": [0.0, 0.0], "lo": [1, 2.0], "hi": [1, 2.0]})
    res = bounds_analysis(synthetic, mean_estimator, {"x": ("lo", "hi")}).set_index("term")
    assert res.loc["minimum", "estimate"] == res.loc["maximum", "estimate"] == pytest.approx(1.5)


def test_caseload_effect_over_vague_caseloads_finds_the_extreme_ends():
    synthetic = pd.DataFrame({"p": list("abcdef"), "caseload": np.nan, "lo": [30, 40, 50, 60, 70, 42.0],
                              "hi": [30, 40, 50, 60, 70, 43.0], "s": [40, 33, 30, 22, 18, 30], "n": 50})
    synthetic.loc[4, "hi"] = 80.0      # "more than 70"
    est = lambda d: caseload_effect(d, "caseload", unit="p", successes="s", trials="n", n_perm=0).row("odds_ratio_per_10", "logit")
    res = bounds_analysis(synthetic, est, {"caseload": ("lo", "hi")}).set_index("term")
    # brute force over the 4 corners
    corners = []
    for a in (42.0, 43.0):
        for b in (70.0, 80.0):
            d = synthetic.assign(caseload=synthetic.lo).copy()
            d.loc[5, "caseload"], d.loc[4, "caseload"] = a, b
            corners.append(est(d).estimate)
    assert res.loc["range", "estimate_low"] == pytest.approx(min(corners))
    assert res.loc["range", "estimate_high"] == pytest.approx(max(corners))


def test_interval_ends_out_of_order_are_refused():
    synthetic = pd.DataFrame({"x": [0.0], "lo": [2.0], "hi": [1.0]})
    with pytest.raises(ValueError, match="'lo' exceeds 'hi' at rows"):
        bounds_analysis(synthetic, mean_estimator, {"x": ("lo", "hi")})


def test_range_always_contains_the_midpoint_for_a_non_monotone_estimator():
    # estimate = -(x - 2)^2 averaged: the ends of every interval give smaller values than the midpoint
    synthetic = pd.DataFrame({"x": [0.0, 0.0], "lo": [0.0, 1.0], "hi": [4.0, 3.0]})

    def bump(d):
        v = float(-((d.x - 2) ** 2).mean())
        return {"estimate": v, "ci_low": v - 1, "ci_high": v + 1}

    res = bounds_analysis(synthetic, bump, {"x": ("lo", "hi")}).set_index("term")
    mid = res.loc["midpoint", "estimate"]
    assert res.loc["range", "estimate_low"] <= mid <= res.loc["range", "estimate_high"]
    assert res.loc["maximum", "estimate"] == pytest.approx(0.0)       # the midpoint itself is the maximum


def test_bounds_core_columns():
    synthetic = pd.DataFrame({"x": [0.0] * 2, "lo": [1, 2.0], "hi": [1, 3.0]})
    res = bounds_analysis(synthetic, mean_estimator, {"x": ("lo", "hi")})
    assert list(res.columns[:7]) == ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"]


def _slope(d):
    b = float(np.polyfit(d.x.to_numpy(), d.y.to_numpy(), 1)[0])
    return {"estimate": b, "ci_low": b - 1, "ci_high": b + 1}


def _vague_slope_data(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(50, 10, 10)
    hi = x.copy()
    k = rng.choice(10, 6, replace=False)
    hi[k] += rng.uniform(2, 15, 6)
    return pd.DataFrame({"x": x, "lo": x, "hi": hi, "y": -0.3 * x + rng.normal(0, 5, 10)})


def test_every_combination_of_ends_is_evaluated_and_equals_brute_force():
    import itertools
    # seed 45: a data set on which the coordinate search stops short of the lowest slope
    # (the first of seeds 0 to 45 to do so; the exact route must reach it)
    d = _vague_slope_data(45)
    searched = bounds_analysis(d, _slope, {"x": ("lo", "hi")}, max_exact=0).set_index("term")
    exact = bounds_analysis(d, _slope, {"x": ("lo", "hi")}).set_index("term")
    vague = list(d.index[d.lo < d.hi])
    brute = []
    for ends in itertools.product((0, 1), repeat=len(vague)):
        f = d.assign(x=d.lo)
        f.loc[vague, "x"] = np.where(np.array(ends) == 1, d.hi[vague], d.lo[vague])
        brute.append(_slope(f)["estimate"])
    assert exact.loc["range", "estimate_low"] == pytest.approx(min(brute), abs=1e-12)
    assert exact.loc["range", "estimate_high"] == pytest.approx(max(brute), abs=1e-12)
    assert searched.loc["range", "estimate_low"] > min(brute) + 1e-3      # the search misses it
    assert bool(exact.loc["range", "exact"]) and not bool(searched.loc["range", "exact"])
    assert "not exact" in searched.loc["range", "method"]
    assert "every combination of interval ends" in exact.loc["range", "method"]
    assert exact.loc["range", "n_evaluations"] == 1 + 2 ** len(vague)


def test_an_estimator_refusing_one_admissible_combination_makes_the_analysis_refuse():
    from probation_stats.estimators.workload_association import workload_association
    # at the low ends every unit's percentage is 60: a constant outcome, refused by the estimator
    d = pd.DataFrame({"x": np.arange(6.0), "pct": 0.0, "lo": [60.0] * 6, "hi": [60.0] * 5 + [70.0]})
    est = lambda f: workload_association(f, "x", "pct").row("pct_points_per_10")
    with pytest.raises(ValueError, match=r"refused one admissible combination of values \(pct\[5\] = 60\).*no variation"):
        bounds_analysis(d, est, {"pct": ("lo", "hi")})
