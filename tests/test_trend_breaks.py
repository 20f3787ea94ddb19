"""trend_breaks on synthetic series with known breaks, against statsmodels, and bad input."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from probation_stats.trend_breaks import trend_breaks

DATES = pd.to_datetime(["2010-03-31", "2010-11-30", "2011-06-30", "2012-12-31", "2013-03-31", "2014-09-30",
                        "2015-03-31", "2015-12-31", "2016-06-30", "2017-06-30", "2018-03-31", "2019-01-31"])


def synthetic_series(noise=0.0, seed=0):
    t = (DATES - DATES[0]).days / 365.25
    tb = (pd.Timestamp("2014-06-01") - DATES[0]).days / 365.25
    y = 1000 + 50 * t + np.where(DATES >= "2014-06-01", -300 + 20 * (t - tb), 0)
    y = y + np.random.default_rng(seed).normal(0, noise, len(t))
    return pd.DataFrame({"date": DATES, "value": y})


def test_recovers_known_level_and_slope_changes_from_irregular_dates():
    res = trend_breaks(synthetic_series(), "date", "value", {"split": "2014-06-01"})
    est = res.set_index("term").estimate
    assert est["baseline_level"] == pytest.approx(1000, abs=1e-6)
    assert est["baseline_slope"] == pytest.approx(50, abs=1e-6)
    assert est["level_change_split"] == pytest.approx(-300, abs=1e-6)
    assert est["slope_change_split"] == pytest.approx(20, abs=1e-6)


def test_matches_statsmodels_ols_with_hac_errors():
    d = synthetic_series(noise=25, seed=3)
    res = trend_breaks(d, "date", "value", {"split": "2014-06-01"}, maxlags=2)
    X = res.details["design"]
    direct = sm.OLS(d.value.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": 2}, use_t=True)
    assert res.estimate.to_numpy() == pytest.approx(direct.params.to_numpy())
    assert res.p_value.to_numpy() == pytest.approx(direct.pvalues.to_numpy())
    assert res.fitted.bse.to_numpy() == pytest.approx(direct.bse.to_numpy())


def test_order_of_rows_does_not_matter():
    d = synthetic_series(noise=10, seed=4)
    a = trend_breaks(d, "date", "value", {"split": "2014-06-01"})
    b = trend_breaks(d.sample(frac=1, random_state=1), "date", "value", {"split": "2014-06-01"})
    assert a.estimate.to_numpy() == pytest.approx(b.estimate.to_numpy())


def test_a_one_point_segment_keeps_its_level_change_but_not_a_slope():
    d = synthetic_series(noise=5, seed=5)
    res = trend_breaks(d, "date", "value", {"split": "2014-06-01", "late": "2018-06-01"})
    assert "slope_change_late" not in set(res.term)
    assert "not estimable" in res.set_index("term").loc["level_change_late", "note"]


@pytest.mark.parametrize("data, breaks, message", [
    (synthetic_series().iloc[[0, 0, 5, 6, 7]], {"split": "2014-06-01"}, "repeated dates"),
    (synthetic_series(), {"split": "2030-01-01"}, "no observations before the next break"),
    (synthetic_series().iloc[[0, 6, 7, 8, 9]], {"split": "2014-06-01"}, "only 1 value"),
    (synthetic_series().iloc[[0, 1, 7, 8]], {"split": "2014-06-01"}, "cannot estimate 4 coefficients"),
    (synthetic_series().assign(value=lambda d: d.value.where(d.index != 2)), {"split": "2014-06-01"}, "missing or non-numeric"),
    (synthetic_series().assign(date=["not a date"] + list(DATES[1:])), {"split": "2014-06-01"}, "unreadable or missing dates"),
    (synthetic_series(), {}, "at least one break"),
])
def test_bad_input_is_refused(data, breaks, message):
    with pytest.raises(ValueError, match=message):
        trend_breaks(data, "date", "value", breaks)
