"""The missing figures for readers: a summary per question and the full list as a download."""

import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.derived.gaps import GAP_TOPICS
from probation_stats.report.gap_summary import (GAP_QUESTIONS, gap_download, gap_summary, gap_summary_html,
                                                question_of, write_download)
from tests.research_log import csv_hits, found, visible_text

SOURCES = pd.DataFrame({
    "source_id": ["hmip-r", "mirror-r"], "title": ["An inspection of X CRC", "An inspection of Y CRC"],
    "publisher": ["HM Inspectorate of Probation"] * 2, "published": ["2019-06-12", None],
    "url": ["https://www.justiceinspectorates.gov.uk/x", "https://readkong.com/y"], "link": ["primary", "copy"],
})
GAPS = pd.DataFrame({
    "topic": ["standard-level ratings", "standard-level ratings", "national caseload"],
    "what": ["Assessment rating", "Planning rating", "People on probation at 31 March 2011 (national total)"],
    "scope": ["X CRC", "Y CRC", "England and Wales"],
    "searched_for": ["find string on code index", "HMIP press releases by slug", "dokumen.tips copies"],
    "document_id": ["hmip-r", "mirror-r", None],
})


def test_every_gap_topic_bears_on_exactly_one_question():
    for topic in GAP_TOPICS:
        assert sum(topic in q.topics for q in GAP_QUESTIONS) == 1, topic
    with pytest.raises(KeyError):
        question_of("no such topic")


def test_the_summary_counts_each_questions_missing_figures_and_those_in_a_named_document():
    summary = gap_summary(GAPS).set_index("chapter")
    assert summary.loc["ratings", ["n_missing", "n_with_document"]].tolist() == [2, 2]
    assert summary.loc["caseload", ["n_missing", "n_with_document"]].tolist() == [1, 0]
    assert "reunification" not in summary.index  # no missing figure: no section


def test_on_the_data_the_summary_accounts_for_every_missing_figure():
    missing = ps.gap_list()
    summary = gap_summary(missing)
    assert summary.n_missing.sum() == len(missing)
    assert summary.n_with_document.sum() == missing.document_id.notna().sum()


def test_the_download_names_the_document_and_its_original_but_not_where_we_looked():
    down = gap_download(GAPS, SOURCES)
    assert down.columns.tolist() == ["Question", "Missing figure", "For", "Document", "Publisher", "Published", "Address"]
    assert down.iloc[0][["Document", "Published", "Address"]].tolist() == [
        "An inspection of X CRC", "12 June 2019", "https://www.justiceinspectorates.gov.uk/x"]
    # Known only in a copy: named, its copy's address never given as the document's.
    assert down.iloc[1]["Address"] == "original not online at an address we could confirm"
    assert down.iloc[1]["Published"] == "no date given"
    assert down.iloc[2][["Document", "Address"]].tolist() == ["not identified", ""]
    assert csv_hits(down) == {}
    assert "readkong" not in down.to_csv()


def test_the_real_download_and_summary_hold_no_research_log_phrase(tmp_path):
    missing, sources = ps.gap_list(), ps.load_sources()
    path = write_download(gap_download(missing, sources), "missing-figures", tmp_path / "chart_data")
    assert path == "chart_data/missing-figures.csv"
    written = pd.read_csv(tmp_path / path, dtype=str, keep_default_na=False)
    assert len(written) == len(missing)
    assert csv_hits(written) == {}
    assert found(visible_text(gap_summary_html(gap_summary(missing), sources))) == []


def test_the_summary_links_each_document_by_its_title_to_the_original():
    summary = gap_summary(GAPS).assign(sources="hmip-r|mirror-r")
    out = gap_summary_html(summary, SOURCES)
    assert '<a href="https://www.justiceinspectorates.gov.uk/x">An inspection of X CRC</a> (June 2019)' in out
    assert "readkong" not in out and "An inspection of Y CRC (no date given)" in out


def test_the_documents_given_as_examples_are_primary_sources():
    sources = ps.load_sources().set_index("source_id")
    for q in GAP_QUESTIONS:
        for source_id in q.sources:
            assert sources.loc[source_id, "link"] == "primary", source_id
