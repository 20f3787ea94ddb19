import pytest
"""Loading ratings, the rating scale, and the coverage map."""

import pandas as pd

import probation_stats as ps
from probation_stats.standards import STANDARDS


def test_load_ratings_contract():
    ratings = ps.load_ratings()
    for column in ["provider", "provider_type", "round", "standard", "rating", "source_id"]:
        assert column in ratings
    assert ratings.rating.dtype == ps.RATING_DTYPE and ratings.rating.cat.ordered
    assert set(ratings.provider_type) <= {"CRC", "NPS"}
    assert not ratings.duplicated(["provider_id", "round", "standard"]).any()
    # corroborating sources never repeat the primary one
    assert all(sid not in others for sid, others in zip(ratings.source_id, ratings.corroborated_by))


def test_ratings_order_as_the_inspectorate_ranks_them():
    s = pd.Series(["Good", "Inadequate", "Outstanding", "Requires improvement"], dtype=ps.RATING_DTYPE)
    assert s.sort_values().tolist() == list(ps.RATING_LEVELS)
    assert ps.rating_score(s).tolist() == [3, 1, 4, 2]
    assert ps.rating_score(pd.Series([None], dtype=ps.RATING_DTYPE)).isna().all()


def test_coverage_has_one_row_per_framework_cell():
    cov = ps.rating_coverage()
    assert len(cov) == 28 * 11 * 2
    assert not cov.duplicated(["provider_id", "round", "standard"]).any()
    for ptype, standards in STANDARDS.items():
        assert set(cov[cov.provider_type == ptype].standard) == set(standards)
    known = cov[cov.known]
    ratings = ps.load_ratings()
    assert len(known) == len(ratings.merge(cov[["provider_id", "round", "standard"]]))
    assert (cov.n_sources[cov.known] >= 1).all() and (cov.n_sources[~cov.known] == 0).all()


def test_count_check_flags_a_conflict_on_synthetic_ratings():
    ratings = ps.load_ratings()
    synthetic_ratings = ratings.copy()
    overall = (synthetic_ratings.standard == "overall") & (synthetic_ratings["round"] == "2018/19")
    synthetic_ratings.loc[overall, "rating"] = "Outstanding"
    check = ps.check_rating_counts(ratings=synthetic_ratings)
    assert "CONFLICT" in set(check.status)


def test_a_label_not_on_the_scale_is_refused_by_name():
    with pytest.raises(ValueError, match="'Requires Improvement'"):
        ps.rating_score(pd.Series(["Good", "Requires Improvement"]))
