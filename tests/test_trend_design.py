"""derived.trend_design: the caseload chapter's trend design read from the data, in one call."""

import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.derived import trend_design as td


def test_the_design_is_the_exact_totals_from_2015_with_the_milestone_breaks():
    design = td.caseload_trend_design()
    exact = ps.national_caseload_series()
    expected = exact[exact.reference_date >= "2015-01-01"].reference_date.reset_index(drop=True)
    pd.testing.assert_series_equal(design.dates, expected, check_names=False)
    assert design.breaks == {"covid": pd.Timestamp("2020-03-23"), "reunification": pd.Timestamp("2021-06-26")}
    assert not design.series.rounded.any()
    # the fit the chapter makes from it
    res = ps.trend_breaks(design.series, design.date, design.value, design.breaks)
    assert res.n.iloc[0] == len(design.series) and res.df.iloc[0] == len(design.series) - 6


def test_a_missing_milestone_is_an_error_naming_it(monkeypatch):
    monkeypatch.setitem(td.TREND_BREAKS, "covid", "no_such_milestone")
    with pytest.raises(ValueError, match="no_such_milestone"):
        td.caseload_trend_design()
