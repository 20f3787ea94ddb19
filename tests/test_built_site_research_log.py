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


def test_the_coverage_page_offers_the_full_list_of_missing_figures(built_site):
    """The gap list is a summary per question on the page and the full list as a download: one
    row per missing figure, each naming its document or saying none is identified."""
    import re

    import probation_stats as ps

    text = (built_site / "book" / "coverage.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="ps-download" href="([^"]+\.csv)"', text)
    assert links == ["chart_data/missing-figures.csv"]
    assert text.count("Why it matters:") >= 5
    listed = pd.read_csv(built_site / "book" / links[0], dtype=str, keep_default_na=False)
    expected = ps.gap_list()
    assert len(listed) == len(expected)
    assert (listed.Document == "not identified").sum() == expected.document_id.isna().sum()
