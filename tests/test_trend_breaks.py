"""trend_breaks on synthetic series with known breaks, against statsmodels, and bad input."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from probation_stats.estimators.trend_breaks import trend_breaks

DATES = pd.to_datetime(["2010-03-31", "2010-11-30", "2011-06-30", "2012-12-31", "2013-03-31", "2014-09-30",
                        "2015-03-31", "2015-12-31", "2016-06-30", "2017-06-30", "2018-03-31", "2019-01-31"])


def synthetic_series(noise=0.0, seed=0):
    t = (DATES - DATES[0]).days / 365.25
    tb = (pd.Timestamp("2014-06-01") - DATES[0]).days / 365.25
    y = 1000 + 50 * t + np.where(DATES >= "2014-06-01", -300 + 20 * (t - tb), 0)
    y = y + np.random.default_rng(seed).normal(0, noise, len(t))
    return pd.DataFrame({"date": DATES, "value": y})


def test_recovers_known_level_and_slope_changes_from_irregular_dates():
    # Was: a noiseless series. Changed (issue 22): a series the model fits exactly is refused
    # (no noise to measure uncertainty from), so the known answer carries noise of 0.001.
    res = trend_breaks(synthetic_series(noise=0.001), "date", "value", {"split": "2014-06-01"})
    est = res.set_index("term").estimate
    assert est["baseline_level"] == pytest.approx(1000, abs=0.01)
    assert est["baseline_slope"] == pytest.approx(50, abs=0.01)
    assert est["level_change_split"] == pytest.approx(-300, abs=0.01)
    assert est["slope_change_split"] == pytest.approx(20, abs=0.01)


def test_matches_statsmodels_ols_with_classical_errors():
    # Was: HAC errors. Changed (issue 12): at a dozen points HAC intervals covered 43-64%;
    # classical errors with t on n - k df are the method now.
    d = synthetic_series(noise=25, seed=3)
    res = trend_breaks(d, "date", "value", {"split": "2014-06-01"})
    X = res.details["design"]
    direct = sm.OLS(d.value.to_numpy(), X).fit()
    ci = direct.conf_int()
    assert res.estimate.to_numpy() == pytest.approx(direct.params.to_numpy())
    assert res.p_value.to_numpy() == pytest.approx(direct.pvalues.to_numpy())
    assert res.ci_low.to_numpy() == pytest.approx(ci[0].to_numpy()) and res.ci_high.to_numpy() == pytest.approx(ci[1].to_numpy())
    assert (res.df == len(d) - 4).all() and "classical" in res.method.iloc[0]


def test_hac_errors_are_refused_with_few_points():
    with pytest.raises(ValueError, match="HAC errors need at least 30 values"):
        trend_breaks(synthetic_series(noise=5), "date", "value", {"split": "2014-06-01"}, errors="hac")


def test_order_of_rows_does_not_matter():
    d = synthetic_series(noise=10, seed=4)
    a = trend_breaks(d, "date", "value", {"split": "2014-06-01"})
    b = trend_breaks(d.sample(frac=1, random_state=1), "date", "value", {"split": "2014-06-01"})
    assert a.estimate.to_numpy() == pytest.approx(b.estimate.to_numpy())


def test_a_one_point_segment_is_flagged_with_a_warning_in_the_summary_and_can_be_refused():
    d = synthetic_series(noise=5, seed=5)
    res = trend_breaks(d, "date", "value", {"split": "2014-06-01", "late": "2018-06-01"})
    assert any("'late' segment holds a single value" in c for c in res.caveats)
    assert "slope_change_late" not in set(res.term)
    late = res.set_index("term").loc["level_change_late"]
    assert late.single_point and "leverage 1" in late.note and "no slope change is estimable" in late.note
    assert not res.set_index("term").loc["level_change_split", "single_point"]
    assert "single value" in res.summary()
    with pytest.raises(ValueError, match="single value before the next break"):
        trend_breaks(d, "date", "value", {"split": "2014-06-01", "late": "2018-06-01"}, single_point="refuse")


def test_day_first_dates_are_read_only_when_asked():
    d = synthetic_series(noise=5, seed=6)
    text = d.assign(date=d.date.dt.strftime("%d/%m/%Y"))
    with pytest.raises(ValueError, match="ISO 8601 .* unless dayfirst= is given"):
        trend_breaks(text, "date", "value", {"split": "01/06/2014"})
    a = trend_breaks(text, "date", "value", {"split": "01/06/2014"}, dayfirst=True)
    b = trend_breaks(d, "date", "value", {"split": "2014-06-01"})
    assert a.estimate.to_numpy() == pytest.approx(b.estimate.to_numpy())
    with pytest.raises(ValueError, match="month/day/year"):
        trend_breaks(text, "date", "value", {"split": "06/01/2014"}, dayfirst=False)


def test_core_columns_and_text_values_refused():
    d = synthetic_series(noise=5, seed=7)
    res = trend_breaks(d, "date", "value", {"split": "2014-06-01"})
    assert list(res.columns[:7]) == ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"]
    with pytest.raises(ValueError, match="'value' is not numeric"):
        trend_breaks(d.assign(value=d.value.astype(str)), "date", "value", {"split": "2014-06-01"})


@pytest.mark.parametrize("data, breaks, message", [
    (synthetic_series().iloc[[0, 0, 5, 6, 7]], {"split": "2014-06-01"}, "repeated dates"),
    (synthetic_series(), {"split": "2030-01-01"}, "no observations before the next break"),
    (synthetic_series().iloc[[0, 6, 7, 8, 9]], {"split": "2014-06-01"}, "only 1 value"),
    (synthetic_series().iloc[[0, 1, 7, 8]], {"split": "2014-06-01"}, "cannot estimate 4 coefficients"),
    (synthetic_series().assign(value=lambda d: d.value.where(d.index != 2)), {"split": "2014-06-01"}, "missing or non-numeric"),
    (synthetic_series().assign(date=["not a date"] + list(DATES[1:])), {"split": "2014-06-01"}, "dates must be ISO 8601"),
    (synthetic_series(), {}, "at least one break"),
    (synthetic_series(), {"split": "2014-06-01"}, "fits all 12 values exactly"),
    (synthetic_series().assign(value=250.0), {"split": "2014-06-01"}, "'value' is constant"),
])
def test_bad_input_is_refused(data, breaks, message):
    with pytest.raises(ValueError, match=message):
        trend_breaks(data, "date", "value", breaks)


# --- issue 22: serial correlation ------------------------------------------------------------
from probation_stats.estimators.trend_breaks import (  # noqa: E402
    serial_error_covariance, serial_t_draws, time_steps)

QUARTERS = pd.to_datetime(["2016-12-31", "2017-12-31", "2018-06-30", "2018-09-30", "2020-06-30", "2020-09-30",
                           "2021-06-30", "2021-09-30", "2022-03-31", "2022-12-31", "2023-03-31", "2024-03-31",
                           "2024-06-30", "2024-09-30", "2024-12-31"])


def quarterly(seed=0):
    t = np.arange(len(QUARTERS), dtype=float)
    return pd.DataFrame({"date": QUARTERS, "value": 100 + 2 * t + np.random.default_rng(seed).normal(0, 3, len(t))})


def test_time_steps_round_each_gap_to_whole_quarters():
    assert time_steps(pd.Series(QUARTERS)).tolist() == [0, 4, 6, 7, 14, 15, 18, 19, 21, 24, 25, 29, 30, 31, 32]
    assert time_steps(pd.Series(pd.to_datetime(["2020-01-01", "2020-01-31", "2020-04-01"])), step_days=30).tolist() == [0, 1, 3]


def test_serial_covariance_known_matrices_and_refusals():
    assert serial_error_covariance(np.array([0, 2]), 0.5).tolist() == [[1.0, 0.25], [0.25, 1.0]]
    assert serial_error_covariance(np.array([0, 2]), 0.0).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert serial_error_covariance(np.array([0, 2]), "random walk").tolist() == [[1.0, 1.0], [1.0, 3.0]]
    with pytest.raises(ValueError, match=r"in \[0, 1\)"):
        serial_error_covariance(np.array([0, 1]), 1.0)


def test_serial_t_draws_give_students_t_for_independent_errors():
    # OLS t statistic with independent normal errors is exactly t(n - k): its 97.5% point is known.
    X = np.column_stack([np.ones(15), np.arange(15.0)])
    draws = serial_t_draws(X, np.arange(15), processes=(0.0,), reps=40000, seed=3)[0.0]
    assert np.quantile(np.abs(draws[:, 1]), 0.95) == pytest.approx(2.160, abs=0.03)   # t(13)


def test_serial_intervals_share_the_estimates_and_widen_by_the_least_favourable_process():
    d = quarterly(1)
    classical = trend_breaks(d, "date", "value", {"b": "2021-06-26"})
    serial = trend_breaks(d, "date", "value", {"b": "2021-06-26"}, errors="serial")
    assert serial.estimate.to_numpy() == pytest.approx(classical.estimate.to_numpy())
    # same standard errors, a larger multiple of them
    half_c = (classical.ci_high - classical.estimate).to_numpy() / classical.critical_value.to_numpy()
    half_s = (serial.ci_high - serial.estimate).to_numpy() / serial.critical_value.to_numpy()
    assert half_s == pytest.approx(half_c)
    assert (serial.critical_value > classical.critical_value).all()
    assert classical.critical_value.iloc[0] == pytest.approx(2.201, abs=1e-3)        # t(11): 15 dates, 4 terms
    # p-value below 0.05 exactly when the interval excludes 0
    excl = (serial.ci_low > 0) | (serial.ci_high < 0)
    assert ((serial.p_value < 0.05) == excl).all()
    # the stated check: under its worst process the serial interval covers about 95%, the classical one less
    chk = serial.details["serial_check"]
    worst = chk.groupby("term").coverage.min()
    assert (worst > 0.94).all()
    assert (classical.details["serial_check"].groupby("term").coverage.min() < 0.93).any()
    assert "errors='serial'" in classical.caveats[0] and "random walk" in serial.caveats[0]
    assert trend_breaks(d, "date", "value", {"b": "2021-06-26"}, errors="serial").ci_low.tolist() == serial.ci_low.tolist()


def test_hac_is_not_offered_as_a_correction_for_serial_correlation():
    dates = pd.date_range("2010-03-31", periods=40, freq="QE")
    d = pd.DataFrame({"date": dates, "value": np.arange(40.0) + np.random.default_rng(2).normal(0, 1, 40)})
    res = trend_breaks(d, "date", "value", {"b": "2015-01-01"}, errors="hac")
    assert any("do not correct strong serial correlation" in c and "errors='serial'" in c for c in res.caveats)


def test_a_two_point_segment_with_a_slope_is_flagged():
    d = quarterly(2)
    res = trend_breaks(d, "date", "value", {"covid": "2020-03-23", "reunification": "2021-06-26"})
    covid = res.set_index("term").loc[["level_change_covid", "slope_change_covid"]]
    assert (covid.n_segment == 2).all() and covid.note.str.contains("two values in this segment").all()
    assert any("'covid' segment holds two values" in c for c in res.caveats)
