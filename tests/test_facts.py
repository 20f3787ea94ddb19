"""Known-answer tests of the one-row-per-fact layer (probation_stats.derived.facts)."""

import doctest

import pandas as pd
import pytest

import probation_stats.derived.facts as facts_module
from probation_stats.derived.facts import facts, reference_date

KEY = ["measure", "date"]

synthetic_sources = pd.DataFrame({
    "source_id": ["bulletin", "bulletin-2", "summary", "committee", "press", "press-later"],
    "kind": ["statistics", "statistics", "news", "parliament", "press-release", "press-release"],
    "published": ["2019-01-31", "2019-04-30", "2019-02", "2019", "2019-03-01", "2020-01-01"],
})


def _evidence(rows):
    columns = ["measure", "date", "value", "qualifier", "value_basis", "unit", "series", "source_id"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_synthetic_agreeing_sources_make_one_fact_with_all_sources():
    ev = _evidence([
        ("people", "2018-09-30", 258157, None, "figure", "people", "other", "press"),
        ("people", "2018-09-30", 258157, None, "figure", "people", "omsq", "bulletin"),
        ("people", "2018-09-30", 258157, None, "figure", "people", "omsq", "summary"),
    ])
    out = facts(ev, key=KEY, sources=synthetic_sources)
    assert len(out) == 1
    row = out.iloc[0]
    assert row.value == 258157
    assert row.source_id == "bulletin"            # the statistics themselves lead the list
    assert row.sources == ["bulletin", "summary", "press"]
    assert row.n_sources == 3
    assert row.agreement == "agree" and not row.disagreement
    assert row.values_stated == "" and row.chosen_by == ""


def test_synthetic_single_source_fact():
    ev = _evidence([("people", "2018-09-30", 1, None, "figure", "people", "omsq", "press")])
    row = facts(ev, key=KEY, sources=synthetic_sources).iloc[0]
    assert (row.agreement, row.n_sources, row.sources) == ("single source", 1, ["press"])


def test_synthetic_rule_step_1_official_statistics_before_a_quotation_before_others():
    ev = _evidence([
        ("people", "2018-09-30", 257000, None, "figure", "people", "parliament-committee", "committee"),
        ("people", "2018-09-30", 258000, None, "figure", "people", "omsq", "summary"),
        ("people", "2018-09-30", 258157, None, "figure", "people", "omsq", "bulletin"),
    ])
    row = facts(ev, key=KEY, sources=synthetic_sources).iloc[0]
    assert row.value == 258157 and row.source_id == "bulletin"
    assert row.disagreement and row.agreement == "disagree"
    assert row.values_stated == "258,157; 258,000; 257,000"
    assert row.chosen_by == "official statistics first"
    # Without the bulletin, the summary quoting the official series beats the committee.
    row = facts(ev[ev.source_id != "bulletin"], key=KEY, sources=synthetic_sources).iloc[0]
    assert row.value == 258000 and row.chosen_by == "official statistics first"


def test_synthetic_rule_step_2_exact_before_qualified():
    ev = _evidence([
        ("staff", "2021-06-30", 7000, "over", "figure", "staff", "other", "press-later"),
        ("staff", "2021-06-30", 7412, None, "figure", "staff", "other", "press"),
    ])
    row = facts(ev, key=KEY, sources=synthetic_sources).iloc[0]
    assert row.value == 7412 and row.chosen_by == "exact figure first"
    # "over 7,000" admits 7,412 (7,000 to 8,000): a rounded statement, not a disagreement.
    assert row.agreement == "rounded" and not row.disagreement
    assert row.values_stated == "7,412; over 7,000"


def test_synthetic_qualified_statement_that_excludes_the_value_is_a_disagreement():
    ev = _evidence([
        ("people", "2020-06-30", 224587, None, "figure", "people", "omsq", "bulletin"),
        ("people", "2020-06-30", 224000, "approximately", "figure", "people", "hmip", "press"),
    ])
    row = facts(ev, key=KEY, sources=synthetic_sources).iloc[0]
    # "approximately 224,000" admits 223,500 to 224,500 only.
    assert row.value == 224587 and row.disagreement


def test_synthetic_rule_step_3_most_recent_publication_then_order():
    ev = _evidence([
        ("people", "2018-09-30", 100, None, "figure", "people", "omsq", "bulletin"),
        ("people", "2018-09-30", 101, None, "figure", "people", "omsq", "bulletin-2"),
    ])
    row = facts(ev, key=KEY, sources=synthetic_sources).iloc[0]
    assert row.value == 101 and row.chosen_by == "most recent publication"
    same_day = synthetic_sources.assign(published="2019-01-31")
    row = facts(ev, key=KEY, sources=same_day).iloc[0]
    assert row.value == 100 and row.chosen_by == "order of the evidence"


def test_synthetic_undated_statement_is_never_merged_into_a_dated_fact():
    ev = _evidence([
        ("people", "2018-09-30", 258157, None, "figure", "people", "omsq", "bulletin"),
        ("people", None, 258157, None, "figure", "people", "omsq", "summary"),
        ("people", None, 250000, "more than", "words", "people", "other", "press"),
    ])
    out = facts(ev, key=KEY, sources=synthetic_sources)
    assert len(out) == 3
    assert out.n_sources.tolist() == [1, 1, 1]


def test_synthetic_facts_keep_first_appearance_order_and_dtypes():
    ev = _evidence([
        ("b", "2020-01-31", 2, None, "figure", "people", "omsq", "bulletin"),
        ("a", "2020-01-31", 1, None, "figure", "people", "omsq", "bulletin"),
        ("b", "2020-01-31", 2, None, "figure", "people", "omsq", "summary"),
    ])
    out = facts(ev, key=KEY, sources=synthetic_sources)
    assert out.measure.tolist() == ["b", "a"]
    assert str(out["date"].dtype).startswith("datetime64")


def test_synthetic_bad_input_is_refused():
    ev = _evidence([("people", "2020-01-31", 2, None, "figure", "people", "omsq", "bulletin")])
    with pytest.raises(KeyError, match="no column"):
        facts(ev, key=["measure", "nope"], sources=synthetic_sources)
    with pytest.raises(ValueError, match="no 'value'"):
        facts(ev.assign(value=None), key=KEY, sources=synthetic_sources)


def test_synthetic_reference_date_reads_a_month_as_its_last_day_only():
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2018-09-30", None, None, None]),
        "period_start": pd.to_datetime(["2018-09-30", "2018-09-01", "2018-01-01", None]),
        "period_end": pd.to_datetime(["2018-09-30", "2018-09-30", "2018-12-31", None]),
    })
    got = reference_date(frame)
    assert got.iloc[0] == got.iloc[1] == pd.Timestamp("2018-09-30")
    assert got.iloc[2:].isna().all()   # a year, or no date: not matched


def test_docstring_examples_run():
    assert doctest.testmod(facts_module).failed == 0


# ---- the real data -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def national():
    import probation_stats as ps
    ev = ps.load_official_series()
    ev = ev[(ev.measure == "people_on_probation") & (ev.provider_type == "all")].copy()
    ev["reference_date"] = reference_date(ev)
    return ev, facts(ev, key=["measure", "provider_type", "reference_date"])


def test_real_258157_at_30_september_2018_appears_once_with_all_its_sources(national):
    evidence, out = national
    day = pd.Timestamp("2018-09-30")
    stating = evidence[(evidence.value == 258157) & (evidence.reference_date == day)]
    assert len(stating) >= 1
    rows = out[out.reference_date == day]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row.value == 258157
    assert set(row.sources) >= set(stating.source_id)
    # No other fact repeats the figure for that day.
    assert int(((out.value == 258157) & (out.reference_date == day)).sum()) == 1


def test_real_pac_257000_is_shown_as_a_disagreement_not_a_second_fact(national):
    # The Public Accounts Committee's "As at September 2018, 257,000" is unhedged and 258,157 does
    # not round to it: a disagreement, kept visible, with the official figure used.
    _, out = national
    row = out[out.reference_date == pd.Timestamp("2018-09-30")].iloc[0]
    assert row.disagreement
    assert "pac-2019-tr-inquiry" in row.sources
    assert "257,000" in row.values_stated and "258,157" in row.values_stated
    assert row.chosen_by == "official statistics first"
    assert not (out.value == 257000).any()


def test_real_no_dated_fact_is_repeated(national):
    _, out = national
    dated = out[out.reference_date.notna()]
    assert not dated.duplicated(["measure", "provider_type", "reference_date"]).any()
