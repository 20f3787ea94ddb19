"""The References page: titles are the links, copies are said but never named."""

import re

import pandas as pd

import probation_stats as ps
from probation_stats.report.references import reference_entry, references_html
from probation_stats.source_links import is_copy_address
from tests.research_log import found, visible_text


def _row(**kw):
    base = {"source_id": "s1", "publisher": "BBC News", "published": "2023-05", "title": "Probation 'inadequate'",
            "url": "https://www.bbc.co.uk/news/1", "read_at": None, "link": "primary", "reports_on": None}
    return pd.Series({**base, **kw})


def test_the_title_is_the_link_text_of_the_original():
    entry = reference_entry(_row())
    assert re.search(r'<a href="https://www.bbc.co.uk/news/1">Probation &#x27;inadequate&#x27;</a>', entry)
    assert entry.startswith('<li id="src-s1">BBC News (May 2023). ')


def test_a_copy_where_the_text_was_read_is_said_after_the_link_without_its_site():
    entry = reference_entry(_row(read_at="https://feeds.bbci.co.uk/news/1"))
    assert 'read in a copy at <a href="https://feeds.bbci.co.uk/news/1">another site</a>' in entry
    assert "feeds.bbci" not in visible_text(entry)


def test_a_source_known_only_in_a_copy_has_its_title_unlinked():
    entry = reference_entry(_row(url="https://readkong.com/x", read_at="https://readkong.com/x", link="copy"))
    assert "<em>Probation &#x27;inadequate&#x27;</em>. The original is not online" in entry
    assert entry.count("<a ") == 1 and "readkong" not in visible_text(entry)


def test_undated_sources_come_last_and_say_so():
    s = pd.DataFrame([_row(source_id="a", published=None, title="A"), _row(source_id="b", published="2019", title="B")])
    s["licence"] = "quoted-for-citation"
    out = references_html(s)
    assert out.index('id="src-b"') < out.index('id="src-a"')
    assert "BBC News (no date given)" in out


def test_the_page_names_every_source_once_and_no_copys_site():
    sources = ps.load_sources()
    out = references_html(sources)
    assert sorted(re.findall(r'id="src-([a-z0-9.-]+)"', out)) == sorted(sources.source_id)
    assert found(visible_text(out)) == []
    # A copy's address is linked only after "read in a copy at".
    for m in re.finditer(r'<a href="([^"]+)"', out):
        if is_copy_address(m.group(1)):
            assert out[max(0, m.start() - 40):m.start()].endswith("read in a copy at "), m.group(1)


def test_a_citation_shows_the_title_as_link_text_and_never_links_a_copy():
    from probation_stats.report.references import cite_html

    s = pd.DataFrame([_row(source_id="a"), _row(source_id="b", url="https://readkong.com/x", link="copy", title="Copy only",
                                                 published=None)])
    out = cite_html("a|b|a", s)
    assert out.count("[ref]") == 2
    assert out.startswith('BBC News, <a href="https://www.bbc.co.uk/news/1">Probation &#x27;inadequate&#x27;</a> (May 2023)')
    assert "BBC News, Copy only (no date given)" in out and "readkong" not in out
