"""Known-answer tests of the national caseload series (probation_stats.derived.caseload_series)."""

import pandas as pd

from probation_stats.derived.caseload_series import (
    changes_after, disputed_totals, other_statements, provider_split, quarter_runs, quarters_found,
    series_landmarks, stated_changes, statement_of)
from probation_stats.derived.caseload_series import national_caseload_series


def _series(dates, values):
    return pd.DataFrame({"reference_date": pd.to_datetime(dates), "value": values})


def test_synthetic_landmarks_pick_first_last_highest_lowest_and_earliest_tie():
    s = _series(["2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"], [10.0, 30.0, 5.0, 30.0])
    lm = series_landmarks(s)
    assert list(lm.index) == ["first", "last", "highest", "lowest"]
    assert lm.value.tolist() == [10.0, 30.0, 30.0, 5.0]
    assert lm.loc["highest", "reference_date"] == pd.Timestamp("2020-06-30")  # the earlier of the tie
    assert lm.loc["lowest", "reference_date"] == pd.Timestamp("2020-09-30")


def test_synthetic_quarters_found_counts_every_quarter_end_to_the_last_total():
    s = _series(["2014-06-30", "2014-12-31"], [1.0, 2.0])
    q = quarters_found(s, first="2014-03-31")
    assert q.date.dt.strftime("%Y-%m-%d").tolist() == ["2014-03-31", "2014-06-30", "2014-09-30", "2014-12-31"]
    assert q.found.tolist() == [False, True, False, True]


def test_synthetic_quarter_runs_break_at_a_missing_quarter():
    dates = pd.Series(pd.to_datetime(["2019-03-31", "2019-06-30", "2019-09-30", "2020-03-31", "2020-06-30"]))
    assert quarter_runs(dates).tolist() == [0, 0, 0, 1, 1]


def test_synthetic_changes_after_takes_the_next_quarters_with_their_totals():
    changes = pd.DataFrame({"reference_date": pd.to_datetime(["2019-12-31", "2020-03-31", "2020-06-30", "2020-09-30"]),
                            "value": [1.0, 0.5, -12.0, -11.0], "qualifier": [None, "less than", None, None]})
    s = _series(["2020-06-30", "2020-09-30"], [224587.0, 222657.0])
    got = changes_after(changes, s, "2020-03-31")
    assert got.reference_date.dt.strftime("%Y-%m-%d").tolist() == ["2020-06-30", "2020-09-30"]
    assert got.value.tolist() == [-12.0, -11.0]
    assert got.people.tolist() == [224587.0, 222657.0]


def test_real_series_landmarks_and_coverage():
    exact = national_caseload_series()
    lm = series_landmarks(exact)
    assert lm.loc["highest", "reference_date"] == pd.Timestamp("2016-12-31")
    assert lm.loc["highest", "value"] == 267146
    assert lm.loc["lowest", "reference_date"] == pd.Timestamp("2020-09-30")
    q = quarters_found(national_caseload_series(include_rounded=True))
    assert (len(q), int(q.found.sum())) == (46, 19)


def test_real_stated_changes_and_the_pandemic_quarters():
    yoy = stated_changes()
    assert len(yoy) == 18 and yoy.reference_date.iloc[0] == pd.Timestamp("2015-12-31")
    assert yoy.reference_date.is_monotonic_increasing and list(yoy.index) == list(range(len(yoy)))
    c = changes_after(yoy, national_caseload_series(include_rounded=True), "2020-03-31")
    assert c.value.tolist() == [-12.0, -12.0]
    assert c.people.tolist() == [224587.0, 222657.0]


def test_real_provider_split_shares_sum_to_100():
    split = provider_split()
    assert split.loc["CRC", "value"] == 115252 and split.loc["NPS", "value"] == 109335
    assert round(split.loc["CRC", "share_pct"], 1) == 51.3
    assert abs(split.share_pct.sum() - 100) < 1e-9


def test_real_disputed_and_other_statements():
    disputed = disputed_totals().set_index("reference_date")
    assert set(disputed.index) == {pd.Timestamp("2018-09-30"), pd.Timestamp("2020-06-30")}
    assert disputed.loc[pd.Timestamp("2018-09-30"), "value"] == 258157  # the statistics, not the PAC's 257,000
    assert statement_of("pac-2019-tr-inquiry").value == 257000
    others = other_statements()
    assert len(others) == 3 and ((others.series != "omsq") | others.reference_date.isna()).all()


def test_works_on_a_copy_of_the_data(data_copy):
    assert len(stated_changes(data_copy)) == len(stated_changes())
    assert provider_split(data_copy).value.sum() == provider_split().value.sum()
