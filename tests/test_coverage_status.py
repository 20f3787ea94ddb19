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


def test_coverage_reads_the_inspection_events_of_the_data_folder_given(data_copy):
    # Thames Valley CRC's 2019/20 inspection is known only from an inspection event (no 2019/20
    # rating is held). Drop that event from a copy: its cells there become "not inspected",
    # while the package's own data still count it as inspected.
    import csv

    from probation_stats.datapackage.reading import rehash

    assert "crc-thames-valley" not in set(ps.load_ratings().query("round == '2019/20'").provider_id)
    path = data_copy / "inspection_events.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    kept = [r for r in rows if not (r["provider_id"] == "crc-thames-valley" and r["round"] == "2019/20")]
    assert len(kept) < len(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    rehash(data_copy)
    status = lambda cov: cov.query("provider_id == 'crc-thames-valley' and round == '2019/20'").status.unique().tolist()
    assert status(ps.rating_coverage()) == ["not found"]
    assert status(ps.rating_coverage(data_dir=data_copy)) == ["not inspected"]
