"""Vague values in their words, never ordered or averaged as if exact: known answers for
derived.vague_values and the reader review's cases on the unit pages."""

import math

import pandas as pd

from probation_stats.derived.unit_profiles import _rank_row, entity_profiles, value_text
from probation_stats.derived.vague_values import order_interval, scope_limit, value_in_words


def test_scope_limit_names_the_words_that_make_a_figure_partial():
    assert scope_limit(None, "In some instances, staff were managing an average of 70 cases – this is too high.") \
        == "in some instances"
    assert scope_limit("as high as", "with the vacancy rate as high as 35 per cent") == "as high as"
    assert scope_limit("around", "probation staff have been managing around 70 cases each.") is None


def test_fractions_are_shown_in_the_sources_words():
    assert value_in_words(66.7, "just under", "percent", "words",
                          "the region was operating with just under two-thirds of the target staffing") == "just under two-thirds"
    assert value_in_words(33.3, "nearly", "percent", "words", "Nearly one in three probation officers") == "nearly one in three"
    assert value_in_words(50, None, "percent", "figure", "half of them") is None          # printed as a number
    assert value_in_words(7, None, "percent", "words", "just seven per cent of staff") is None  # a number word
    # Reader review: "two thirds" was shown as 66.7 and "less than half" as 50.
    assert value_text(66.7, "percent", None, "words", "two thirds of whom had a caseload of over 50") == "two thirds"
    assert value_text(50.0, "percent", "less than", "words", "Less than half the cases inspected") == "less than half"
    assert value_text(49.0, "percent", None, "words", "less than half of the assignments inspected (49 per cent)") == "49%"


def test_order_intervals_stay_open_where_the_source_leaves_them_open():
    assert order_interval(50, "less than", "percent", "words") == (-math.inf, 50.0)
    assert order_interval(42, "more than", "cases") == (42.0, math.inf)
    assert order_interval(4000, "nearly", "people") == (3000.0, 4000.0)
    assert order_interval(100, None, "percent", "words") == (100.0, 100.0)


def _peers(rows):
    return pd.DataFrame([dict(zip(["inspection_id", "value", "qualifier", "unit", "value_basis", "locator"], r))
                         for r in rows])


def test_ranks_never_order_bounds():
    # "less than half" among exact 24%, 34% and 9%: it could be anywhere (the review saw "1st highest of 4").
    per = _peers([("a", 50.0, "less than", "percent", "words", "less than half the cases"),
                  ("b", 24.0, None, "percent", "figure", "24%"), ("c", 34.0, None, "percent", "figure", "34%"),
                  ("d", 9.0, None, "percent", "figure", "9%")])
    row = _rank_row("Risk", "x", "at the inspection", per.iloc[0], per, "peers", "inspection_id")
    assert (row["rank"], row["value_text"]) == ("between 1st and 4th highest of 4", "less than half")
    assert pd.isna(row["position"])
    # An exact value is placed where the bound cannot reach: 60% is above "less than half".
    per.loc[1, "value"] = 60.0
    row = _rank_row("Risk", "x", "at the inspection", per.iloc[1], per, "peers", "inspection_id")
    assert (row["rank"], row["position"], row["highest"]) == ("1st highest of 4", 1, "60%")
    row = _rank_row("Risk", "x", "at the inspection", per.iloc[3], per, "peers", "inspection_id")
    assert row["rank"] == "between 3rd and 4th highest of 4"   # 9% could lie above or below "less than half"
    assert row["lowest"] == "9%"   # "less than half" is not certainly lower than 9%, so not named lowest


def test_unit_pages_neither_rank_a_bound_nor_show_fractions_as_numbers():
    profiles = entity_profiles()
    north = profiles["pdu-northamptonshire"].peer_figures
    row = north[north["value_text"] == "less than half"].iloc[0]
    assert row["rank"].startswith("between 1st and ") and pd.isna(row["position"])
    for profile in profiles.values():
        pf = profile.peer_figures
        assert not pf["value_text"].str.fullmatch(r"(?:less than|fewer than|more than) 50%").any()
        assert "66.7%" not in set(profile.figures["value_text"]) | set(pf["value_text"])
    # BGSW CRC's "in some instances" caseload is shown on its page but not ranked.
    bgsw = profiles["crc-bgsw"]
    assert (bgsw.figures["value_text"] == "70 cases").any()
    assert (bgsw.peer_figures["value_text"] != "70 cases").all()
