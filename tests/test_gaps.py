"""The gaps list readers see: one row per missing figure, with the document it is in where known."""

import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.derived.gaps import gap_topic
from probation_stats.report.display import reader_table

SOURCES = pd.DataFrame({"source_id": ["moj-bulletin", "hmip-release"], "title": ["Bulletin", "Release"],
                        "publisher": ["Ministry of Justice", "HM Inspectorate of Probation"],
                        "published": ["2016-10", "2019-09"]})


def log(*rows):
    cols = ["gap_id", "what", "scope", "searched_for", "notes", "document_id", "same_as"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols).astype("string")


def test_two_searches_for_the_same_quarter_are_one_gap_keeping_both_searches_and_the_document():
    gaps = log(
        ("gap-001", "people on probation (total)", "England and Wales, 2016-06-30", "bulletin title", None, None),
        ("gap-002", "people on probation (total)", "England and Wales, 30 June 2016 (OMSQ April to June 2016)",
         "Russell Webster summaries", None, "moj-bulletin"),
    )
    out = ps.gap_list(gaps, held_dates=[], sources=SOURCES)
    assert len(out) == 1
    row = out.iloc[0]
    assert row.gap_ids == "gap-001|gap-002"
    assert row.what == "People on probation at 30 June 2016 (national total)"
    assert row.searched_for == "bulletin title; Russell Webster summaries"
    assert row.document_id == "moj-bulletin"
    assert row.status == "not yet transcribed"


def test_a_quarter_the_data_now_hold_is_no_longer_a_gap_but_other_quarters_stay():
    gaps = log(
        ("gap-001", "people on probation (total)", "England and Wales, 2016-06-30", "x", None, None),
        ("gap-002", "people on probation (total)", "England and Wales, 2016-09-30", "x", None, None),
    )
    out = ps.gap_list(gaps, held_dates=["2016-06-30"], sources=SOURCES)
    assert list(out.gap_ids) == ["gap-002"]
    assert out.iloc[0].status == "no readable copy found"
    assert pd.isna(out.iloc[0].document_id)


def test_a_held_date_does_not_drop_a_gap_of_another_topic():
    gaps = log(("gap-001", "standard-level ratings", "Essex CRC, 30 June 2016", "x", None, "hmip-release"))
    out = ps.gap_list(gaps, held_dates=["2016-06-30"], sources=SOURCES)
    assert list(out.gap_ids) == ["gap-001"]


def test_dated_figures_are_listed_in_time_order_not_alphabetically():
    gaps = log(*[(f"gap-00{i}", "people on probation (total)", f"England and Wales, {d}", "x", None, None)
                 for i, d in enumerate(["2016-06-30", "2016-03-31", "2015-12-31"])])
    out = ps.gap_list(gaps, held_dates=[], sources=SOURCES)
    assert list(out.gap_ids) == ["gap-002", "gap-001", "gap-000"]


def test_source_ids_in_the_searchers_words_become_publisher_names():
    gaps = log(("gap-001", "points out of 27", "a PDU", "hmip-release; local news", None, None))
    out = ps.gap_list(gaps, held_dates=[], sources=SOURCES)
    assert "hmip-release" not in out.iloc[0].searched_for


@pytest.mark.parametrize("what, topic", [
    ("standard-level ratings beyond readable opening", "standard-level ratings"),
    ("overall rating 2019/20", "overall ratings"),
    ("national_caseload people_supervised (all) 2016-06-30", "national caseload"),
    ("NPS probation officer vacancies", "caseloads and staffing"),
    ("cases inspected (sample size)", "case-sample findings"),
    ("points out of 27", "inspections since 2021"),
    ("claim 9 evidence", "press claims"),
    ("2019/20 fieldwork schedule", "other"),
])
def test_topics(what, topic):
    assert gap_topic(what) == topic


def test_every_document_named_by_the_data_is_a_known_source_linked_to_its_primary_where_known():
    gaps = ps.load_gaps()
    named = {i for v in gaps.document_id.dropna() for i in v.split("|")}
    assert named, "the gaps name no document"
    assert named <= set(ps.load_sources().source_id)
    from probation_stats.report.display import primary_url, source_links_html
    for source_id in named:
        html = source_links_html(source_id)
        url = primary_url(source_id)
        # a copy is named, never linked as the document; an original is linked
        assert (f'href="{url}"' in html) if url else ("<a href" not in html.split('class="ps-ref"')[0])


def test_the_reader_table_says_why_a_row_has_no_document():
    table = reader_table(pd.DataFrame({"Missing": ["a", "b"], "From": ["moj-bulletin", None]}),
                                    caption="c", sources=["From"], no_source="no readable copy found")
    html = table._repr_html_()
    assert "no readable copy found" in html
    assert html.count("no readable copy found") == 1


def test_pdu_region_and_inspection_ids_are_written_as_names():
    gaps = log(("gap-001", "standard ratings", "pdu-derby-city-2023; pdu-nowhere; region-wales-2025", "x", None, None))
    scope = ps.gap_list(gaps, held_dates=[], sources=SOURCES).iloc[0].scope
    assert scope == "Derby City PDU (2023 inspection); Nowhere PDU; Wales (2025 inspection)"


def test_a_cells_longer_text_is_a_disclosure_not_a_column():
    frame = pd.DataFrame({"Missing": ["a <b>", "c"], "Where": ["looked <here>", None]})
    html = reader_table(frame, caption="c", details={"Missing": ("Where we looked", "Where")})._repr_html_()
    assert html.count("<th scope") == 1                # "Where" is not a column of its own
    assert '<details class="ps-cell-details"><summary>Where we looked</summary>looked &lt;here&gt;</details>' in html
    assert html.count("<details") == 1                 # nothing to disclose, no disclosure
    assert "a &lt;b&gt;" in html


def test_a_row_marked_same_as_another_joins_it_under_the_other_rows_words():
    gaps = log(
        ("gap-001", "identity of third CRC rated Good", "2019/20 round", "first search", None, None, "gap-002"),
        ("gap-002", "Identity of the third CRC rated Good (besides Durham Tees Valley)", "CRCs", "second", None, None, None),
        ("gap-003", "something else", "x", "y", None, None, None),
    )
    out = ps.gap_list(gaps, held_dates=[], sources=SOURCES)
    assert len(out) == 2
    row = out[out.gap_ids.str.contains("gap-001")].iloc[0]
    assert row.gap_ids == "gap-002|gap-001"
    assert row.what.startswith("Identity of the third CRC rated Good (besides")
    assert row.searched_for == "second; first search"


def test_which_rows_merge_is_decided_on_the_logs_terms_not_the_readers_words(data_copy):
    # The merge key is the log's text with its days read as dates. Two measures that readers
    # happen to see under one label are still two figures; one day written two ways is one.
    gaps = log(
        ("gap-001", "national_caseload people_supervised (all) 2016-06-30", "England and Wales", "a", None, None),
        ("gap-002", "case sample: rosh_sufficient_pct", "Essex CRC, 2019-03-31", "b", None, None),
        ("gap-003", "case sample: rosh_sufficient_pct", "Essex CRC, 31 March 2019", "c", None, None),
        ("gap-004", "case sample: rosh_insufficient_pct", "Essex CRC, 2019-03-31", "d", None, None),
    )
    before = ps.gap_list(gaps, held_dates=[], sources=SOURCES)
    measures = data_copy / "measures.csv"
    frame = pd.read_csv(measures, dtype=str, keep_default_na=False)
    frame.loc[frame.measure.isin(["rosh_sufficient_pct", "rosh_insufficient_pct"]), "label"] = "Risk of harm work"
    frame.to_csv(measures, index=False, lineterminator="\n")
    from probation_stats.datapackage.reading import rehash
    rehash(data_copy)
    after = ps.gap_list(gaps, held_dates=[], sources=SOURCES, data_dir=data_copy)
    assert sorted(before.gap_ids) == sorted(after.gap_ids) == ["gap-001", "gap-002|gap-003", "gap-004"]
    assert set(after.what) >= {"case sample: Risk of harm work"}


def test_a_row_listing_several_quarters_is_not_taken_for_one_national_total():
    # Abbreviated months are not days: the row stays as logged, not "People on probation at ...".
    gaps = log(("gap-001", "OMSQ headline totals for 31 Mar 2020, 30 Sep 2020", "England and Wales, all", "x", None, None))
    out = ps.gap_list(gaps, held_dates=[], sources=SOURCES)
    assert out.iloc[0].what == "OMSQ headline totals for 31 Mar 2020, 30 Sep 2020"
