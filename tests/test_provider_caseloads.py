"""Provider caseloads and risk-of-harm results (derived.provider_caseloads): known answers from the
data, and the threshold rule on an edited copy."""

import csv

from probation_stats.datapackage.reading import rehash

from probation_stats.derived.provider_caseloads import (caseload_shares, caseload_threshold, caseloads_above_threshold,
                                                         provider_caseloads, provider_risk_of_harm_results)


def test_one_row_per_distinct_figure_with_its_words():
    caseloads = provider_caseloads()
    # South West Midlands CRC's 64 is stated by two sources: one row.
    assert caseloads.provider_id.tolist().count("crc-swm") == 1
    assert len(caseloads) == 4   # BGSW CRC's "in some instances ... 70" is not an average (below)
    nps = caseloads.query("provider_id == 'nps-south-east-eastern'").iloc[0]
    assert (nps.as_published, nps.low, nps.high > 42) == ("more than 42", 42, True)
    assert caseloads.provider.notna().all() and caseloads.source.notna().all()


def test_above_threshold_needs_the_whole_interval_above():
    counts = caseloads_above_threshold()
    assert caseload_threshold().value == 50
    assert counts.loc["CRC", ["figures", "above", "part_of_provider"]].tolist() == [3, 3, 1]
    # "more than 42" admits 43, which is not above 50.
    assert counts.loc["NPS", ["figures", "above"]].tolist() == [1, 0]


def _edit(copy, fact_id, **cells):
    path = copy / "provider_facts.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for row in rows:
        if row["fact_id"] == fact_id:
            row.update(cells)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    rehash(copy)


def test_counts_follow_the_data_folder_given(data_copy):
    _edit(data_copy, "pf-109", qualifier="", value="55")   # the NPS figure now an exact 55
    counts = caseloads_above_threshold(data_copy)
    assert counts.loc["NPS", ["figures", "above"]].tolist() == [1, 1]
    assert caseloads_above_threshold().loc["NPS", "above"] == 0


def test_shares_and_risk_of_harm_results():
    shares = caseload_shares()
    assert not shares.duplicated(["provider_type", "measure", "period"]).any()
    assert set(shares.measure) <= {"staff_caseload_over_40_pct", "staff_caseload_over_50_pct",
                                   "staff_caseload_over_60_pct", "staff_caseload_40_or_less_pct"}
    results = provider_risk_of_harm_results()
    national = results[results.provider_id.isna()]
    assert (national.provider == "(national)").all() and len(national) > 0
    # provider rows first, then national ones
    assert results.provider_id.notna().tolist() == sorted(results.provider_id.notna().tolist(), reverse=True)
    hlny = results.query("provider_id == 'crc-hlny'").iloc[0]
    assert (hlny.measure, hlny.value, hlny.qualifier) == ("rosh_sufficient_pct", 50.0, "less than")


def test_a_figure_for_some_staff_is_never_drawn_or_counted_as_an_average(data_copy):
    # Reader review: BGSW CRC's "In some instances, staff were managing an average of 70 cases"
    # was drawn as the CRC's average and counted in "4 of 4 CRC caseload figures were above 50".
    assert "crc-bgsw" not in set(provider_caseloads().provider_id)
    partial = provider_caseloads(part_of_provider=True)
    assert partial[["provider_id", "value", "scope_limit"]].values.tolist() == [["crc-bgsw", 70.0, "in some instances"]]
    # An "up to" figure is a maximum: neither drawn nor counted (SWM's exact 64 becomes "up to 64").
    _edit(data_copy, "pf-076", qualifier="up to")
    _edit(data_copy, "pf-077", qualifier="up to")
    assert "crc-swm" not in set(provider_caseloads(data_copy).provider_id)
    counts = caseloads_above_threshold(data_copy)
    assert counts.loc["CRC", ["figures", "above", "part_of_provider"]].tolist() == [2, 2, 2]
