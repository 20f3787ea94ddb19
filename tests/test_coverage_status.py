"""Coverage counts only what could have been found: cells of providers inspected in the round."""

import probation_stats as ps
from probation_stats.derived.coverage import inspected_in_round


def test_providers_inspected_in_2019_20_match_the_published_number_of_services_rated():
    counts = ps.read_table("rating_counts")
    rated = counts.query("round == '2019/20' and provider_type == 'all' and standard == 'overall' and coverage == 'complete'")
    inspected = inspected_in_round().query("round == '2019/20'")
    assert len(inspected) == rated.providers.sum() == 10


def test_not_inspected_cells_are_not_counted_as_missing():
    cov = ps.rating_coverage()
    assert set(cov.status) == {"found", "not found", "not inspected"}
    every_1819 = cov[cov["round"] == "2018/19"]
    assert every_1819.inspected.all()                      # every provider was inspected in 2018/19
    r1920 = cov[cov["round"] == "2019/20"]
    assert not r1920[~r1920.inspected].known.any()         # no rating for a provider not inspected
    # 10 providers x 11 standards could have been found in 2019/20, not 28 x 11.
    assert r1920.inspected.sum() == 10 * 11
    assert (cov.status == "not inspected").equals(~cov.inspected)
