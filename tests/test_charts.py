"""The chart renderer: deterministic, offline, described, with its data downloadable."""

import re

import altair as alt
import pandas as pd
import pytest

from probation_stats.report import charts


def _synthetic_chart():
    data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    return alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q"), data


def test_importing_the_charts_changes_no_renderer_until_the_book_asks(monkeypatch):
    import subprocess
    import sys

    # A fresh process: importing the package and its chart module leaves altair's renderer alone.
    code = "import altair as alt, probation_stats; from probation_stats.report import charts; print(alt.renderers.active)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "default"
    charts.use_book_charts()
    assert alt.renderers.active == "probation_stats"


def test_ids_are_deterministic():
    chart, _ = _synthetic_chart()
    html = charts.chart_html(chart.to_dict())
    ids = re.findall(r'id="(chart-[0-9a-f]{12}(?:-\d+)?)"', html)
    assert len(ids) == 1
    again = charts.chart_html(chart.to_dict())
    # Same spec twice in one kernel: same stem, a counter suffix keeps ids unique on the page.
    assert re.findall(r'id="(chart-[0-9a-f]{12})', again)[0] == ids[0][:18]
    assert again != html


def test_no_network_and_no_cdn_in_chart_html():
    chart, _ = _synthetic_chart()
    html = charts.chart_html(chart.to_dict())
    assert "cdn" not in html.lower() and "http" not in html.replace(alt.SCHEMA_URL, "")
    assert "vegaEmbed(" in html


def test_script_end_tag_in_data_cannot_break_out():
    data = pd.DataFrame({"x": ["</script><script>alert(1)</script>"], "y": [1]})
    html = charts.chart_html(alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q").to_dict())
    assert html.count("</script>") == 1


def test_figure_writes_the_data_drawn_and_a_description(tmp_path):
    chart, data = _synthetic_chart()
    fig = charts.figure(chart, name="synthetic-test", description="Two bars.", data=data, out_dir=tmp_path)
    assert pd.read_csv(tmp_path / "synthetic-test.csv").equals(data)
    html = fig._repr_mimebundle_()["text/html"]
    assert 'href="chart_data/synthetic-test.csv"' in html and "Two bars." in html
    assert fig.chart.to_dict()["description"] == "Two bars."


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "bad name", "description": "x"}, "must be letters"),
    ({"name": "ok", "description": "  "}, "needs a text description"),
])
def test_figure_refuses_bad_arguments(tmp_path, kwargs, message):
    chart, data = _synthetic_chart()
    with pytest.raises(ValueError, match=message):
        charts.figure(chart, data=data, out_dir=tmp_path, **kwargs)


def test_scales_name_every_category_in_order():
    from probation_stats.rating_scale import RATING_LEVELS

    assert list(charts.RATING_COLOURS) == list(RATING_LEVELS)
    assert charts.rating_colour_scale().to_dict()["domain"] == list(RATING_LEVELS)
    assert charts.verdict_colour_scale().to_dict()["range"] == list(charts.VERDICT_COLOURS.values())
    assert set(charts.PROVIDER_TYPE_COLOURS.values()) <= set(charts.OKABE_ITO.values())


def test_figure_shows_its_finding_subtitle_and_linked_sources(tmp_path):
    import probation_stats as ps

    chart, data = _synthetic_chart()
    sources = ps.load_sources()
    source = sources[sources.link == "primary"].iloc[0]
    fig = charts.figure(chart.properties(width="container"), name="synthetic-titled", description="Two bars.", data=data,
                        title="B is twice A", subtitle="Count (bars), 2020", sources=[source.source_id], out_dir=tmp_path)
    html = fig._repr_mimebundle_()["text/html"]
    assert '<span class="ps-figure-title">B is twice A</span>' in html
    assert '<span class="ps-figure-subtitle">Count (bars), 2020</span>' in html
    line = re.search(r'<p class="ps-figure-source">(.*?)</p>', html).group(1)
    assert line.startswith("Source: <a href=") and source.publisher in line
    assert f'href="{source.url}"' in line
    # The title is HTML (it wraps), so the chart itself has none.
    assert "title" not in fig.chart.to_dict()


def test_sources_of_one_publisher_are_named_once_and_dated_in_order():
    import probation_stats as ps

    sources = ps.load_sources()
    moj = sources[(sources.publisher == "Ministry of Justice") & sources.published.str.len().ge(7)
                  & sources.link.eq("primary")].sort_values("published")
    ids = list(moj.source_id.iloc[:2])
    line = charts.sources_html(ids[::-1], note="simulation in this chapter")
    assert line.count("Ministry of Justice") == 1 and line.count("<a href=") == 2
    assert line.index(moj.url.iloc[0]) < line.index(moj.url.iloc[1])
    assert line.startswith('<p class="ps-figure-source">Sources: ') and line.endswith("; simulation in this chapter</p>")
    with pytest.raises(ValueError, match="unknown source"):
        charts.sources_html(["no-such-source"])


def test_a_charts_own_title_would_be_shown_twice(tmp_path):
    chart, data = _synthetic_chart()
    with pytest.raises(ValueError, match="shown twice"):
        charts.figure(chart.properties(title="Old title"), name="x", description="Two bars.", data=data, title="B is twice A",
                      out_dir=tmp_path)


def test_a_wide_figure_brings_a_narrow_version_and_the_switch(tmp_path):
    chart, data = _synthetic_chart()
    wide = chart.properties(width=200).facet(column="x:N")
    narrow = chart.properties(width=100).facet(row="x:N")
    html = charts.figure(wide, narrow=narrow, name="synthetic-pair", description="Two bars.", data=data,
                         out_dir=tmp_path)._repr_mimebundle_()["text/html"]
    assert html.count('class="ps-chart ps-chart-wide"') == 1 and html.count('class="ps-chart ps-chart-narrow"') == 1
    assert 'getElementById("figure-synthetic-pair")' in html and "ps-figure-narrow" in html


def test_many_sources_name_their_publishers_and_list_every_document_on_request():
    import probation_stats as ps

    sources = ps.load_sources()
    ids = list(sources.source_id.iloc[: charts.MAX_SOURCES_SHOWN + 1])
    block = charts.sources_html(ids)
    assert block.startswith('<details class="ps-figure-source"><summary>Sources: ')
    assert f"({len(ids)} documents)</summary>" in block
    assert all(p in block for p in sources.publisher.iloc[: len(ids)])
    # Every primary document is linked; a copy is named but not linked as the source.
    shown = sources.iloc[: len(ids)]
    assert block.count("<a href=") == shown.link.eq("primary").sum()
    for copy in shown[shown.link == "copy"].itertuples():
        assert copy.url not in block
