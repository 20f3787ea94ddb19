"""Charts that draw with no network and say what they show.

Altair's own HTML output loads vega from a CDN and gives each chart a random element id. Here:

* the ``probation_stats`` renderer (enabled on import) emits a ``<div>`` whose id is a hash of the
  chart spec, plus a ``vegaEmbed`` call that uses the copy of vega the book serves itself
  (``book/static_assets/vega-bundle.js``): no request leaves the site, and re-running a notebook
  gives byte-identical output, so strict nbval can compare it;
* :func:`figure` wraps a chart with a visible text description (also the SVG's accessible
  name) and a link to a CSV of exactly the data drawn.

Colours are the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from pathlib import Path

import altair as alt
import pandas as pd

from ._atomic import atomic_write_text
from .safe_output import csv_text, script_json
from .rating_scale import RATING_LEVELS

__all__ = [
    "OKABE_ITO",
    "RATING_COLOURS",
    "PROVIDER_TYPE_COLOURS",
    "rating_colour_scale",
    "provider_type_colour_scale",
    "chart_html",
    "figure",
    "Figure",
]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
# Warm for the two failing grades, cool for the two passing ones: readable in grey too, because
# lightness also steps with the grade.
RATING_COLOURS = {
    "Inadequate": OKABE_ITO["vermillion"],
    "Requires improvement": OKABE_ITO["orange"],
    "Good": OKABE_ITO["sky_blue"],
    "Outstanding": OKABE_ITO["blue"],
}
PROVIDER_TYPE_COLOURS = {"CRC": OKABE_ITO["orange"], "NPS": OKABE_ITO["blue"]}

# Where figure() writes chart data, relative to the notebook's working directory (book/). The
# book's Sphinx extension copies this folder into the site, next to the pages that link to it.
CHART_DATA_DIR = "chart_data"


def rating_colour_scale() -> alt.Scale:
    """An altair colour scale for ratings, in scale order."""
    return alt.Scale(domain=list(RATING_LEVELS), range=[RATING_COLOURS[r] for r in RATING_LEVELS])


def provider_type_colour_scale() -> alt.Scale:
    """An altair colour scale for CRC / NPS."""
    return alt.Scale(domain=list(PROVIDER_TYPE_COLOURS), range=list(PROVIDER_TYPE_COLOURS.values()))


_seen: Counter = Counter()


def _spec_json(spec: dict) -> str:
    # Data values (quotations) must not be able to end or change the script element.
    return script_json(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chart_html(spec: dict) -> str:
    """HTML for one chart: a div with a deterministic id and the script that draws into it.

    The id is a hash of the spec; a second display of the same spec in one kernel gets a
    suffix, so ids stay unique on a page and identical from run to run.
    """
    spec_json = _spec_json(spec)
    digest = hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    _seen[digest] += 1
    chart_id = f"chart-{digest}" + (f"-{_seen[digest]}" if _seen[digest] > 1 else "")
    return (
        # tabindex: a chart wider than the page scrolls, and a scrolling region must take focus.
        f'<div id="{chart_id}" class="ps-chart" tabindex="0"></div>\n'
        '<script type="text/javascript">\n'
        "(function () {\n"
        f'  var el = document.getElementById("{chart_id}");\n'
        '  if (typeof vegaEmbed === "undefined") {\n'
        '    el.textContent = "[Chart not drawn: this page does not load the book\'s vega-bundle.js]";\n'
        "    return;\n"
        "  }\n"
        f'  vegaEmbed(el, {spec_json}, {{"renderer": "svg", "actions": false}})\n'
        '    .catch(function (err) { el.textContent = "[Chart not drawn: " + err + "]"; console.error(err); });\n'
        "})();\n"
        "</script>"
    )


def _renderer(spec: dict, **_metadata) -> dict:
    return {"text/html": chart_html(spec)}


alt.renderers.register("probation_stats", _renderer)
alt.renderers.enable("probation_stats")


class Figure:
    """A chart with its description and a link to the data drawn; displays as HTML."""

    def __init__(self, chart: alt.TopLevelMixin, name: str, description: str, csv_path: str):
        self.chart = chart
        self.name = name
        self.description = description
        self.csv_path = csv_path

    def __repr__(self) -> str:
        # Deterministic (no memory address), so notebook outputs compare equal run after run.
        return f"Figure(name={self.name!r}, data={self.csv_path!r})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        spec = self.chart.to_dict()
        caption = html.escape(self.description)
        link = html.escape(self.csv_path)
        body = (
            f'<figure class="ps-figure" id="figure-{html.escape(self.name)}">\n'
            f"{chart_html(spec)}\n"
            f'<figcaption class="ps-figure-description">{caption} '
            f'<a class="ps-chart-data" href="{link}" download>Download the data in this chart (CSV)</a>'
            "</figcaption>\n</figure>"
        )
        return {"text/html": body}


def figure(chart: alt.TopLevelMixin, *, name: str, description: str, data: pd.DataFrame,
           out_dir: str | Path = CHART_DATA_DIR) -> Figure:
    """Attach a text description and a CSV of the data drawn to an altair chart.

    Parameters
    ----------
    chart : altair chart
    name : str
        Stable, URL-safe name (``ratings-overall-2018-19``): the CSV's file name and the
        figure's anchor.
    description : str
        One or two plain sentences saying what the chart shows, for readers who cannot see
        it. It becomes the chart's accessible name and its visible caption.
    data : DataFrame
        Exactly the rows and columns drawn; written to ``out_dir/<name>.csv`` (UTF-8, no index).

    Returns
    -------
    Figure
        Displays as the chart, its caption and the download link.
    """
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise ValueError(f"figure name {name!r} must be letters, digits, '-' or '_'")
    if not description.strip():
        raise ValueError("every chart needs a text description")
    chart = chart.properties(description=description)
    # Written atomically, spreadsheet-safe, byte-identical on every platform and run.
    atomic_write_text(Path(out_dir) / f"{name}.csv", csv_text(data))
    return Figure(chart, name, description, f"{CHART_DATA_DIR}/{name}.csv")
