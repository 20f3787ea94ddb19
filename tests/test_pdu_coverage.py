"""What the data can say about the PDUs (derived.pdu_coverage): known answers on the real data."""

import pandas as pd

import probation_stats as ps
from probation_stats.derived.pdu_coverage import (SEVERAL, pdu_standard, pdu_standard_summary, pdus_by_region,
                                                   stated_pdu_count)
from probation_stats.report.rating_tables import pdus_by_region_table


def test_a_sources_name_for_a_standard_is_read_as_the_framework_standard():
    assert pdu_standard("Delivery of services") == "Implementation and delivery"   # with assessment, planning, reviewing
    assert pdu_standard("Court work (advice to courts)") == "Court work"
    assert pdu_standard("work to support victims") == "Victim work"
    assert pdu_standard("six out of seven categories") == SEVERAL
    assert stated_pdu_count("It is one of eight such units in the East of England") == 8
    assert stated_pdu_count("Probation services in Kent, Surrey and Sussex have received a rating") is None


def test_standard_summary_counts_each_rating_once_and_says_how_many_were_found():
    table, counts = pdu_standard_summary()
    assert counts == {"statements": 46, "ratings": 43, "inspections_with": 21, "inspections_rated": 82}
    assert int(table[list(ps.RATING_LEVELS)].to_numpy().sum()) == counts["ratings"]
    lead = table.set_index("standard").loc["Leadership"]
    assert (lead.Inadequate, lead["Requires improvement"], lead.Good, lead.inspections) == (2, 3, 3, 8)
    assert table.standard.iloc[-1] == SEVERAL
    rated = ps.load_pdu_inspections().query("programme in ['pdu', 'regional']").overall_rating.notna().sum()
    assert counts["inspections_rated"] == rated


def test_pdus_by_region_never_fills_a_count_no_source_states():
    regions = pdus_by_region().set_index("region")
    assert regions.loc["London", "pdus_stated"] == 18 and regions.loc["South West", "pdus_stated"] == 9
    assert pd.isna(regions.loc["Wales", "pdus_stated"])
    national = regions.loc["England and Wales"]
    assert pd.isna(national.pdus_stated)       # no source states the national number
    units = ps.load_pdu_units()
    assert national.pdus_named == (units.kind == "pdu").sum() == 76
    ins = ps.load_pdu_inspections().query("programme == 'pdu' and kind == 'pdu'")
    assert national.inspected == ins.unit_id.nunique() == 64
    assert (regions.inspected <= regions.pdus_named).all()
    shown = pdus_by_region_table(pdus_by_region())
    assert (shown.loc[shown.Region == "Wales", "PDUs, as a source states"] == "not stated").all()
