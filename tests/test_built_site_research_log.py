"""The built site as readers get it: no research-log phrase (tests/research_log_phrases.txt) on
any page or in any CSV they can download from the book's pages. The data package (data/) is the
researchers' copy of the evidence, searchers' notes included, and is not searched."""

import pandas as pd

from tests.research_log import csv_hits, found, visible_text


def test_no_built_page_shows_a_research_log_phrase(built_site):
    hits = {}
    for page in sorted(p for p in built_site.rglob("*.html") if "_static" not in p.parts):
        words = found(visible_text(page.read_text(encoding="utf-8")))
        if words:
            hits[str(page.relative_to(built_site))] = words
    assert not hits


def test_no_downloaded_csv_holds_a_research_log_phrase(built_site):
    downloads = sorted((built_site / "book" / "chart_data").rglob("*.csv"))
    assert downloads, "no chart or table downloads in the built site"
    hits = {}
    for path in downloads:
        words = csv_hits(pd.read_csv(path, dtype=str, keep_default_na=False))
        if words:
            hits[path.name] = words
    assert not hits
