"""Known-answer tests of the caseload chapter's reader words and tables (probation_stats.report.caseload_tables)."""

import pandas as pd

from probation_stats.report.p_values import p_text
from probation_stats.wording import change_words

from probation_stats.report.caseload_tables import (
    changes_finding, milestone_marks, other_statements_table, series_chart_data,
    series_finding, series_table, trend_table)


def test_change_words():
    assert change_words(-12.0) == "12% fewer"
    assert change_words(3, "less than") == "less than 3% more"
    assert change_words(-1.5, pd.NA) == "1.5% fewer"


def test_p_text():
    assert p_text(0.0009) == "< 0.001"
    assert p_text(0.25) == "0.250"


def _facts(dates, values, rounded):
    n = len(dates)
    return pd.DataFrame({"reference_date": pd.to_datetime(dates), "value": values, "rounded": rounded,
                         "source": ["MoJ: OMSQ"] * n, "n_sources": [1] * n, "sources": [["omsq-a"]] * n,
                         "disagreement": [False] * n, "agreement": ["single source"] * n})


def test_synthetic_chart_data_joins_only_consecutive_exact_totals():
    s = _facts(["2019-03-31", "2019-06-30", "2019-09-30", "2020-03-31"], [10, 11, 12, 13], [False, False, True, False])
    drawn = series_chart_data(s)
    assert drawn.figure.tolist() == ["exact", "exact", "rounded in the source", "exact"]
    assert drawn.sources.tolist() == ["omsq-a"] * 4
    # the rounded quarter is not joined, and the gap from June 2019 to March 2020 breaks the line
    assert drawn.run.tolist()[:2] == [0, 0] and pd.isna(drawn.run[2]) and drawn.run[3] == 1


def test_synthetic_findings():
    lm = pd.DataFrame({"reference_date": pd.to_datetime(["2016-12-31", "2025-06-30"]), "value": [267146.0, 244209.0]},
                      index=["highest", "last"])
    assert series_finding(lm) == ("244,209 people were on probation at 30 June 2025, 22,937 fewer than the "
                                  "highest total found (267,146 at 31 December 2016)")
    assert series_finding(lm.assign(value=[1.0, 1.0])).endswith(", the highest total found")
    changes = pd.DataFrame({"reference_date": pd.to_datetime(["2020-06-30", "2020-09-30", "2021-03-31"]),
                            "value": [-12.0, -12.0, 2.0]})
    assert changes_finding(changes) == ("The bulletins stated a fall on a year earlier in 2 of 3 quarters; the largest, "
                                        "12%, at 30 June 2020 and 30 September 2020")


def test_synthetic_series_table_states_the_change_where_a_bulletin_does():
    s = _facts(["2020-03-31", "2020-06-30"], [230000, 224587], [False, False])
    changes = pd.DataFrame({"reference_date": pd.to_datetime(["2020-06-30"]), "value": [-12.0], "qualifier": [None]})
    t = series_table(s, changes)
    assert t["Date"].tolist() == ["31 March 2020", "30 June 2020"]
    assert t.iloc[:, 3].tolist() == ["", "12% fewer"]


def test_milestone_marks_alternate_label_heights():
    milestones = pd.DataFrame({
        "milestone_id": ["reunification", "split", "crcs_transferred", "inspections_suspended"],
        "date_start": pd.to_datetime(["2021-06-26", "2014-06-01", "2015-02-01", "2020-03-17"]),
        "description": list("abcd")}).set_index("milestone_id")
    marks = milestone_marks(milestones)
    assert marks.label.tolist() == ["split", "CRCs sold", "Covid-19", "reunified"]
    assert marks.label_y.tolist() == [4, 18, 4, 18]


def test_trend_table_and_other_statements_in_words():
    tb = pd.DataFrame({"term": ["baseline_level", "other"], "estimate": [1.4, 2.6], "ci_low": [0.4, 1.0],
                       "ci_high": [2.4, 3.0], "p_value": [0.0001, 0.5], "n_segment": [5, 3], "note": ["", ""]})
    t = trend_table(tb, "2015-03-31")
    assert t.Term.tolist() == ["Level at 31 March 2015 (people)", "other"]
    assert t["p-value"].tolist() == ["< 0.001", "0.500"] and t.Estimate.tolist() == [1.0, 3.0]
    others = pd.DataFrame({"qualifier": ["about", None], "value": [250000.0, 240123.0],
                           "reference_date": [pd.NaT, pd.NaT], "period": [None, "2019"],
                           "series": ["hmip-annual", "press"], "locator": ["p. 3", "para 2"], "sources": [["a"], ["b"]]})
    o = other_statements_table(others)
    assert o["As published"].tolist() == ["about 250,000", "240,123"]
    assert o["When"].tolist() == ["no date stated", "2019"]
    assert o["Series"].tolist() == ["Inspectorate annual report", "press"]


def test_shares_given_in_words_are_shown_in_words():
    # Reader review: "two thirds" was shown as 66.7.
    from probation_stats.derived.provider_caseloads import caseload_shares
    from probation_stats.report.caseload_tables import caseload_shares_table

    table = caseload_shares_table(caseload_shares(), str)
    shown = dict(zip(table.Measure + " " + table.Providers, table["Share of staff"]))
    assert shown["staff_caseload_over_50_pct CRC"] == "two thirds"
    assert shown["staff_caseload_over_40_pct CRC"] == "86%"
    assert "66.7%" not in set(table["Share of staff"])
