"""The built HTML book as a reader's browser gets it: nothing loaded from another host, every
chart described and its data downloadable, every glued number present."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

# Attributes through which a page makes the browser fetch something by itself.
_FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fetches, self.links, self.charts, self.csv_links = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for (t, a) in _FETCHING:
            if tag == t and attrs.get(a):
                self.fetches.append(attrs[a])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if "ps-chart-data" in (attrs.get("class") or ""):
                self.csv_links.append(attrs["href"])
        if tag == "div" and "ps-chart" in (attrs.get("class") or "").split():
            self.charts.append(attrs.get("id"))


def _pages(site: Path):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def test_no_page_loads_anything_from_another_host(built_site):
    offenders = []
    for page in _pages(built_site):
        for url in _parse(page).fetches:
            if re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.relative_to(built_site)}: {url}")
    assert not offenders, offenders


def test_stylesheets_and_scripts_fetch_nothing_remote(built_site):
    offenders = []
    for path in list((built_site / "_static").rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8", errors="ignore")):
            offenders.append(f"{path.name}: {url}")
    assert not offenders, offenders


def test_every_chart_has_a_description_and_a_csv_that_parses(built_site):
    n_charts = 0
    for page in _pages(built_site):
        parsed = _parse(page)
        html = page.read_text(encoding="utf-8")
        n_charts += len(parsed.charts)
        for chart_id in parsed.charts:
            figure = html[html.rindex("<figure", 0, html.index(f'id="{chart_id}"')):]
            figure = figure[: figure.index("</figure>")]
            assert "ps-figure-description" in figure, chart_id
            href = re.search(r'class="ps-chart-data" href="([^"]+)"', figure)
            assert href, f"{chart_id} has no data link"
            table = pd.read_csv(page.parent / href.group(1))
            assert len(table) > 0
    assert n_charts >= 1


def test_vega_is_served_by_the_book_itself(built_site):
    bundle = built_site / "_static" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000
    text = bundle.read_text(encoding="utf-8")
    assert text.index("vega/build") < text.index("vega-lite/build") < text.index("vega-embed/build")
    page = (built_site / "book" / "ratings.html").read_text(encoding="utf-8")
    assert "_static/vega-bundle.js" in page


def test_internal_links_resolve(built_site):
    broken = []
    for page in _pages(built_site):
        for href in _parse(page).links:
            if re.match(r"^[a-z]+:", href) or href.startswith("#") or href.startswith("//"):
                continue
            target = href.split("#")[0].split("?")[0]
            if target and not (page.parent / target).resolve().exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
    assert not broken, broken


def test_data_package_is_downloadable_from_the_site(built_site):
    assert (built_site / "data" / "datapackage.json").is_file()
    assert (built_site / "data" / "ratings.csv").read_bytes() == (built_site.parents[1] / "data" / "ratings.csv").read_bytes()


def test_glued_numbers_were_filled_in(built_site):
    # An unresolved glue role leaves its raw text behind.
    for page in _pages(built_site):
        assert "{glue:" not in page.read_text(encoding="utf-8"), page


def _reader_text(page: Path) -> str:
    """What a reader sees: no scripts, no (hidden) code cells, no link targets."""
    import html as html_lib

    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
    body = re.sub(r'<div class="cell_input.*?</div>\s*</div>', "", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def test_reader_pages_show_no_iso_dates_or_measure_ids(built_site):
    # The data appendix documents the tables' own columns and ids for researchers: it is exempt.
    from probation_stats.datapackage.reading import data_dir

    measures = set(pd.read_csv(data_dir() / "measures.csv").measure)
    for name in ("research_findings", "provider_facts", "national_caseload", "workforce", "other_figures"):
        measures |= set(pd.read_csv(data_dir() / f"{name}.csv").measure)
    # Column ids of every table, and the row ids of facts and gaps ("pf-048", "gap-093").
    import json

    package = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    columns = {f["name"] for r in package["resources"] for f in r["schema"]["fields"] if "_" in f["name"]}
    row_id = re.compile(r"\b(?:pf|of|nc|rf|wf|rc|gap|omsq\d?|pdu[a-z]?)-\d{2,}\b")
    # PDU and region ids ("pdu-derby-city", "region-wales-2025"): readers get the unit's name.
    unit_id = re.compile(r"\b(?:pdu|region)-[a-z]+(?:-[a-z0-9]+)*\b")
    found = {}
    # Every reader page, the generated provider and PDU pages included.
    for page in sorted((built_site / "book").rglob("*.html")):
        if page.stem == "appendix_data" or "chart_data" in page.parts:
            continue
        text = _reader_text(page)
        isos = re.findall(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b", text)
        ids = [w for w in re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text) if w in measures | columns]
        rows = row_id.findall(text) + unit_id.findall(text)
        if isos or ids or rows:
            found[str(page.relative_to(built_site))] = (isos[:3], ids[:3], rows[:3])
    assert found == {}


# The chapters of the report (the pages that state sourced values).
_CHAPTERS = ["caseload", "ratings", "caseloads_risk", "workforce", "reunification", "factcheck", "coverage"]


def test_every_chapter_links_its_values_to_primary_documents(built_site):
    from probation_stats.source_links import is_copy_address

    counts, copies = {}, {}
    for name in _CHAPTERS:
        links = [h for h in _parse(built_site / "book" / f"{name}.html").links if h.startswith(("http://", "https://"))]
        counts[name] = len(links)
        copies[name] = [h for h in links if is_copy_address(h)]
    # Each chapter links its sources (the counts are printed for the record with -s).
    print("primary source links per chapter:", counts)
    assert min(counts.values()) >= 5, counts
    # A copy (reprint, mirror, aggregator, staging site) is never presented as a source, on a
    # chapter or on any other reader page (the provider and PDU pages included); only References
    # names a copy, as "read in a copy at" (see the next test).
    for page in (built_site / "book").rglob("*.html"):
        if page.name != "references.html" and "chart_data" not in page.parts:
            links = [h for h in _parse(page).links if h.startswith(("http://", "https://"))]
            copies[str(page.relative_to(built_site))] = [h for h in links if is_copy_address(h)]
    assert not any(copies.values()), {k: v for k, v in copies.items() if v}


def test_reference_entries_are_anchored_and_copies_only_as_read_at(built_site):
    import probation_stats as ps
    from probation_stats.source_links import is_copy_address

    text = (built_site / "book" / "references.html").read_text(encoding="utf-8")
    sources = ps.load_sources()
    anchors = set(re.findall(r"id=['\"]src-([a-z0-9.-]+)['\"]", text))
    assert anchors == set(sources.source_id)
    # Every link to a copy on the References page follows the words "read in a copy at".
    for m in re.finditer(r'<a href="([^"]+)"', text):
        if is_copy_address(m.group(1)):
            assert text[max(0, m.start() - 40):m.start()].endswith("read in a copy at "), m.group(1)
    # And every chapter's "[ref]" link lands on an existing entry.
    for name in _CHAPTERS:
        refs = re.findall(r'href="references\.html#src-([a-z0-9.-]+)"', (built_site / "book" / f"{name}.html").read_text(encoding="utf-8"))
        assert set(refs) <= anchors, name


def test_every_chapter_opens_with_main_points_before_any_code(built_site):
    for name in _CHAPTERS:
        text = (built_site / "book" / f"{name}.html").read_text(encoding="utf-8")
        body = text[text.find('<article'):]
        points, code = body.find("Main points"), body.find("cell_input")
        assert points != -1, f"{name}: no Main points"
        assert code == -1 or points < code, f"{name}: a code cell comes before the Main points"
        # Three to five bullets, each with a computed number.
        section = body[points:body.find("</section>", points)]
        bullets = re.findall(r"<li>.*?</li>", section, flags=re.S)
        assert 3 <= len(bullets) <= 6, (name, len(bullets))
