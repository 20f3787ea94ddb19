"""The chart renderer: deterministic, offline, described, with its data downloadable."""

import re

import altair as alt
import pandas as pd
import pytest

from probation_stats import charts


def _synthetic_chart():
    data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    return alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q"), data


def test_renderer_is_enabled_and_ids_are_deterministic():
    assert alt.renderers.active == "probation_stats"
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


def test_palettes_are_the_okabe_ito_colours():
    assert set(charts.RATING_COLOURS.values()) <= set(charts.OKABE_ITO.values())
    assert set(charts.PROVIDER_TYPE_COLOURS.values()) <= set(charts.OKABE_ITO.values())
