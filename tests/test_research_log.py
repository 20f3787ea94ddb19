"""No research log on reader pages or in what readers download: the words of how figures were
searched for (tests/research_log_phrases.txt) stay in data/'s notes and searched_for columns."""

from pathlib import Path

import pandas as pd
import pytest

from tests.research_log import csv_hits, found, notebook_texts, phrases, visible_text

BOOK = Path(__file__).resolve().parents[1] / "book"


def test_the_list_holds_the_phrases_the_reader_review_met():
    kept = phrases()
    for phrase in ("find string", "by slug", "dokumen.tips", "readkong", "docslib", "staging id", "year inferred",
                   "not yet transcribed"):
        assert phrase in kept
    assert all(p == p.lower() and p.strip() for p in kept)


def test_a_phrase_in_the_text_is_found_but_not_in_a_link_address_or_script():
    page = ('<p>Read at <a href="https://readkong.com/x">the original</a></p><script>var s="staging id";</script>'
            "<td>Looked for in: HMIP press releases BY SLUG</td>")
    assert found(visible_text(page)) == ["by slug"]
    assert found(visible_text("[the report](https://dokumen.tips/a) was read")) == []
    assert found("year   inferred - check") == ["year inferred", "- check"]


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.ipynb")) + sorted(BOOK.glob("*.md")), ids=lambda p: p.name)
def test_no_page_of_the_book_shows_a_research_log_phrase(path):
    texts = notebook_texts(path) if path.suffix == ".ipynb" else [("text", visible_text(path.read_text(encoding="utf-8")))]
    hits = {where: found(text) for where, text in texts}
    assert not {k: v for k, v in hits.items() if v}


@pytest.mark.parametrize("path", sorted((BOOK / "chart_data").glob("*.csv")), ids=lambda p: p.name)
def test_no_download_holds_a_research_log_phrase(path):
    assert csv_hits(pd.read_csv(path, dtype=str, keep_default_na=False)) == {}


def test_a_column_of_source_ids_is_not_searched_but_a_column_of_words_is():
    frame = pd.DataFrame({"source_id": ["parallelparliament-wq-1", "a|vdocs-x"], "note": ["ok", "read on readkong"]})
    assert csv_hits(frame) == {"note": ["readkong"]}


def test_the_built_site_checks_catch_a_phrase_on_a_page_and_in_a_download(tmp_path):
    from tests import test_built_site_research_log as built

    (tmp_path / "book" / "chart_data").mkdir(parents=True)
    (tmp_path / "book" / "a.html").write_text("<p>Looked for: HMIP press releases by slug</p>", encoding="utf-8")
    (tmp_path / "book" / "chart_data" / "x.csv").write_text('"note"\n"year inferred - check"\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="by slug"):
        built.test_no_built_page_shows_a_research_log_phrase(tmp_path)
    with pytest.raises(AssertionError, match="year inferred"):
        built.test_no_downloaded_csv_holds_a_research_log_phrase(tmp_path)
    (tmp_path / "book" / "a.html").write_text('<p><a href="https://readkong.com/x">a copy</a></p>', encoding="utf-8")
    (tmp_path / "book" / "chart_data" / "x.csv").write_text('"note"\n"rated good"\n', encoding="utf-8")
    built.test_no_built_page_shows_a_research_log_phrase(tmp_path)
    built.test_no_downloaded_csv_holds_a_research_log_phrase(tmp_path)
