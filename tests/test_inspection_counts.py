"""Known answers for the counts of the inspections after reunification (synthetic tables and the real data)."""

import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.derived.inspection_counts import (
    inspection_counts, inspectorate_2022_count, rated_pdu_and_regional, rating_tally, ratings_by_region,
    regions_by_inadequate_share)


def test_rating_tally_counts_and_share():
    tally = rating_tally(pd.Series(["Inadequate", "Good", "Requires improvement", "Inadequate"], dtype=ps.RATING_DTYPE))
    assert tally == {"n": 4, "n_inadequate": 2, "n_good": 1, "pct_inadequate": 50.0}
    assert all(isinstance(tally[k], int) for k in ("n", "n_inadequate", "n_good"))


def test_inspection_counts_on_the_real_data():
    counts = inspection_counts()
    assert counts["n_pdu_rated"] == 77 and counts["n_pdu_inadequate"] == 38 and counts["n_pdu_good"] == 1
    assert (counts["first_year"], counts["last_year"]) == (2022, 2025)
    assert counts["n_inspections"] == 88 and counts["n_regional"] == 5 and counts["n_dynamic"] == 5
    assert counts["n_regions"] == 12 and counts["n_crc"] == 21 and counts["points_max"] == 27
    # Python ints: the chapter glues them, and a numpy integer would read "np.int64(77)".
    assert all(type(v) is int for v in counts.values())


def test_inspection_counts_works_on_a_copy_of_the_data(data_copy):
    # Every table (inspections, units, providers) is read from the copy given.
    assert inspection_counts(data_dir=data_copy) == inspection_counts()


def test_ratings_by_region_and_order_on_synthetic_inspections():
    synthetic = pd.DataFrame({"programme": ["pdu", "pdu", "regional", "pdu", "dynamic", "nps-division"],
                              "region": ["A", "A", "B", "B", "B", "A"],
                              "overall_rating": ["Good", "Inadequate", "Inadequate", None, None, "Inadequate"]})
    assert len(rated_pdu_and_regional(synthetic)) == 3
    table = ratings_by_region(synthetic)
    assert table.to_dict("records") == [{"region": "A", "rating": "Good", "inspections": 1},
                                        {"region": "A", "rating": "Inadequate", "inspections": 1},
                                        {"region": "B", "rating": "Inadequate", "inspections": 1}]
    assert regions_by_inadequate_share(synthetic) == ["B", "A"]


def test_ratings_by_region_adds_up_on_the_real_data():
    ins = ps.load_pdu_inspections()
    assert ratings_by_region(ins).inspections.sum() == len(rated_pdu_and_regional(ins)) == 77 + 5


def test_inspectorate_2022_count_matches_and_refuses_a_mismatch():
    ins, agg = ps.load_pdu_inspections(), ps.load_inspection_aggregates()
    assert inspectorate_2022_count(ins, agg) == {"agg_2022_published": 17, "agg_2022_inadequate": 10,
                                                 "ours_2022": 17, "ours_2022_inadequate": 10}
    one_fewer = ins.drop(ins[(ins.programme == "pdu") & (ins.year == 2022)].index[0])
    with pytest.raises(ValueError, match="do not match"):
        inspectorate_2022_count(one_fewer, agg)
