"""Designs read from the data for the coverage simulations: known answers from data/."""

import numpy as np
import pytest

from probation_stats.derived.published_designs import dominant_cluster_sizes, published_case_samples, rating_design


def test_published_case_samples_are_the_stated_exact_counts():
    samples = published_case_samples().set_index("inspection_id")
    assert samples.loc["region-east-of-england-2024", "cases"] == 438           # "reviewing 438 cases"
    assert samples.loc["pdu-lewisham-and-bromley-2022", "cases"] == 42          # "Forty two cases"
    assert samples.loc["pdu-hertfordshire-2024", "cases"] == 54                 # "11 out of 54 cases inspected"
    assert samples.index.is_unique and (samples.cases % 1 == 0).all()


def test_dominant_design_puts_the_largest_sample_beside_pdu_sized_ones():
    sizes = dominant_cluster_sizes(12)
    assert len(sizes) == 12 and sizes[0] == 438
    assert sizes[1:].max() < 100
    assert sizes[0] / sizes.sum() == pytest.approx(438 / (438 + sizes[1:].sum()))
    with pytest.raises(ValueError, match="at least three clusters"):
        dominant_cluster_sizes(2)


def test_rating_design_is_the_chapter_comparison_with_its_empty_cells():
    d = rating_design("2018/19", "NPS", "CRC")
    assert (d["n_focal"], d["n_reference"]) == (7, 21)
    assert d["levels"] == ("Inadequate", "Requires improvement", "Good", "Outstanding")
    assert d["focal_counts"].tolist() == [0, 2, 5, 0] and d["reference_counts"].tolist() == [1, 19, 1, 0]
    assert d["empty_cells"] == ["NPS: Inadequate", "NPS: Outstanding", "CRC: Outstanding"]
    assert isinstance(d["focal_counts"], np.ndarray)
