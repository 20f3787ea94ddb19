"""Known answers for the overall-rating summaries, the standard-level counts and their reader tables."""

import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.derived.overall_ratings import (good_or_better_by_type, overall_ratings, rating_changes,
                                                     rating_pairs, rating_read_from_statement, ratings_by_type)
from probation_stats.derived.pdu_summaries import rating_move
from probation_stats.derived.standard_ratings import (inadequate_case_supervision, standard_coverage,
                                                      standard_rating_counts)
from probation_stats.report import rating_tables
from probation_stats.report.p_values import p_cell, p_stated


def _synthetic(types, ratings, ids=None):
    ids = ids or [f"p{i}" for i in range(len(types))]
    return pd.DataFrame({"provider_id": ids, "provider": ids, "short_name": ids, "provider_type": types,
                         "rating": pd.Series(ratings, dtype=ps.RATING_DTYPE)})


def test_rating_move_on_the_scale():
    assert rating_move("Inadequate", "Good") == "up"
    assert rating_move("Outstanding", "Good") == "down"
    assert rating_move("Good", "Good") == "same"
    assert rating_move(None, "Good") is None


def test_pairs_and_good_or_better_on_synthetic_providers():
    frame = _synthetic(["NPS", "NPS", "CRC", "CRC", "CRC"], ["Good", "Inadequate", "Good", "Requires improvement", "Inadequate"])
    pairs = rating_pairs(frame)
    assert (pairs.n_focal, pairs.n_reference, pairs.pairs) == (2, 3, 6)
    assert (pairs.higher, pairs.tied, pairs.lower) == (2, 2, 2)
    good = good_or_better_by_type(frame)
    assert good.loc["NPS", "good_or_better"] == 1 and good.loc["CRC", "share"] == pytest.approx(1 / 3)
    assert ratings_by_type(frame)["CRC", "Outstanding"] == 0


def test_rating_changes_on_synthetic_rounds():
    first = _synthetic(["CRC", "CRC", "NPS"], ["Inadequate", "Good", "Good"], ids=["a", "b", "c"])
    second = _synthetic(["CRC", "NPS"], ["Good", "Good"], ids=["a", "c"])
    changes = rating_changes(first, second).set_index("provider_id").change
    assert changes.to_dict() == {"a": "up", "c": "same"}


def test_real_2018_19_overall_ratings():
    r1819 = overall_ratings("2018/19")
    assert len(r1819) == 28
    title = rating_tables.overall_chart_title(good_or_better_by_type(r1819))
    assert title.endswith("5 of 7 NPS divisions and 1 of 21 CRCs were rated Good or better")
    pairs = rating_pairs(r1819)
    assert (pairs.pairs, pairs.higher, pairs.tied, pairs.lower) == (147, 102, 43, 2)
    stated = rating_read_from_statement(r1819)
    assert "has not changed" in stated.locator
    changes = rating_changes(r1819, overall_ratings("2019/20"))
    assert list(rating_tables.rating_changes_table(changes).columns) == [
        "Provider", "Type", "Overall rating, 2018/19", "Overall rating, 2019/20", "Change"]
    assert len(rating_tables.overall_sources_table(r1819)) == 28


def test_real_standard_level_counts():
    cov = standard_coverage()
    counts = standard_rating_counts(cov)
    assert (counts.found, counts.given) == (41, 380)
    grid = rating_tables.standard_grid_data(cov)
    assert set(grid.rating) <= set(rating_tables.COVERAGE_DOMAIN)
    assert len(rating_tables.coverage_palette()) == len(rating_tables.COVERAGE_DOMAIN)


def test_inadequate_case_supervision_counts_provider_rounds():
    frame = pd.DataFrame({"provider_id": ["a", "a", "b", "c"], "round": ["r1"] * 4, "provider_type": ["CRC", "CRC", "CRC", "NPS"],
                          "standard": ["assessment", "planning", "leadership", "assessment"],
                          "rating": pd.Series(["Inadequate"] * 4, dtype=ps.RATING_DTYPE)})
    assert inadequate_case_supervision(frame).to_dict("records") == [{"provider_id": "a", "round": "r1"}]


def test_p_values_in_words():
    assert p_stated(0.0004) == "p < 0.001" and p_stated(0.0123) == "p = 0.012"
    assert p_cell(float("nan")) == "" and p_cell(0.5) == "0.50"
