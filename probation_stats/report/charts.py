"""Charts that draw with no network and say what they show.

Altair's own HTML output loads vega from a CDN and gives each chart a random element id. Here:

* the ``probation_stats`` renderer (enabled on import) emits a ``<div>`` whose id is a hash of the
  chart spec, plus a ``vegaEmbed`` call that uses the copy of vega the book serves itself
  (``book/static_assets/vega-bundle.js``): no request leaves the site, and re-running a notebook
  gives byte-identical output, so strict nbval can compare it;
* :func:`figure` wraps a chart with its finding as a title, a subtitle (unit and dates), a
  "Source:" line linking the publishers, a visible text description (also the SVG's accessible
  name) and a link to a CSV of exactly the data drawn. Title and source are HTML, not SVG, so
  they wrap on a phone and their links work.

Charts fit their column: single views take ``width="container"``; a faceted or concatenated chart
(which Vega-Lite cannot size to a container) comes with a ``narrow`` version, shown instead of
the wide one wherever the wide one would not fit, and always on paper.

Colours: see the palettes below; tests/test_colour_vision.py checks every pair of each scale
under deuteranopia, protanopia and in greyscale.
"""

from __future__ import annotations

import html
from pathlib import Path

import altair as alt
import pandas as pd

from probation_stats._atomic import atomic_write_text
from probation_stats.report.chart_renderer import chart_html, use_book_charts
from probation_stats.report.safe_output import csv_text
from probation_stats.rating_scale import RATING_LEVELS

__all__ = [
    "OKABE_ITO",
    "RATING_COLOURS",
    "PROVIDER_TYPE_COLOURS",
    "rating_colour_scale",
    "provider_type_colour_scale",
    "verdict_colour_scale",
    "VERDICT_COLOURS",
    "NOT_FOUND_COLOUR",
    "SERIES_COLOURS",
    "CHANGE_COLOURS",
    "GROUP_COLOURS",
    "CATEGORICAL_PALETTES",
    "sources_html",
    "line_runs",
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
# Ordered scales are ColorBrewer's red-blue (diverging) colours, chosen so that every pair stays
# distinct under deuteranopia, protanopia AND in greyscale (tests/test_colour_vision.py measures
# it): each category has its own lightness, not only its own hue. Red for the failing grades, blue
# for the passing ones; "not found" is a pale grey lighter than all of them.
RATING_COLOURS = {
    "Inadequate": "#67001f",
    "Requires improvement": "#d6604d",
    "Good": "#92c5de",
    "Outstanding": "#2166ac",
}
NOT_FOUND_COLOUR = "#dddddd"
# A provider not inspected in a round: blank (white, outlined), lighter than "not found".
NOT_INSPECTED_COLOUR = "#ffffff"
PROVIDER_TYPE_COLOURS = {"CRC": OKABE_ITO["orange"], "NPS": OKABE_ITO["blue"]}
# Fact-check verdicts, from best to worst, then "not checkable" in a grey of its own lightness.
# The pale "partly supported" needs an outline on a white page: draw bars with stroke="white" or
# a dark stroke, and label the verdict (tooltip, legend) as well.
VERDICT_COLOURS = {
    "supported": "#2166ac",
    "partly supported": "#d1e5f0",
    "partly contradicted": "#E69F00",
    "contradicted": "#67001f",
    "not checkable": "#888888",
}
# Up to three published series drawn together (always with a second encoding: shape or dash).
SERIES_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"]]
# Falls and rises (bars of a change), and the providers-count lines of the power chart.
CHANGE_COLOURS = {"fall": OKABE_ITO["vermillion"], "rise": OKABE_ITO["blue"]}
GROUP_COLOURS = [OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["blue"]]

# Every categorical scale the book draws, by name: the colours of one scale appear together in a
# chart, so tests/test_colour_vision.py requires every pair of them to be told apart.
CATEGORICAL_PALETTES = {
    "rating": list(RATING_COLOURS.values()) + [NOT_FOUND_COLOUR, NOT_INSPECTED_COLOUR],
    "provider type": list(PROVIDER_TYPE_COLOURS.values()),
    "verdict": list(VERDICT_COLOURS.values()),
    "series": SERIES_COLOURS,
    "change": list(CHANGE_COLOURS.values()),
    "group": GROUP_COLOURS,
}

# A figure drawn from more documents than this lists its publishers, and the documents on request.
MAX_SOURCES_SHOWN = 8

# Where figure() writes chart data, relative to the notebook's working directory (book/). The
# book's Sphinx extension copies this folder into the site, next to the pages that link to it.
CHART_DATA_DIR = "chart_data"


def rating_colour_scale() -> alt.Scale:
    """An altair colour scale for ratings, in scale order."""
    return alt.Scale(domain=list(RATING_LEVELS), range=[RATING_COLOURS[r] for r in RATING_LEVELS])


def provider_type_colour_scale() -> alt.Scale:
    """An altair colour scale for CRC / NPS."""
    return alt.Scale(domain=list(PROVIDER_TYPE_COLOURS), range=list(PROVIDER_TYPE_COLOURS.values()))


def verdict_colour_scale() -> alt.Scale:
    """An altair colour scale for fact-check verdicts, best to worst, then "not checkable"."""
    return alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values()))


# Widest chart, in CSS px, that fits the text column of an A4 page printed with 12 mm margins.
PRINT_WIDTH_PX = 620

# Shows the narrow version of a figure wherever the wide one (drawn, hidden or not) is wider than
# the figure: on load and when the column changes width. Paper is decided on load too, since no
# script runs in time when a page is printed: the wide version if it fits an A4 page, else the
# narrow one (CSS in probation.css reads the two classes).
_SWITCH_JS = """<script type="text/javascript">
(function () {
  var fig = document.getElementById("%s");
  function fit() {
    var svg = fig.querySelector(".ps-chart-wide svg");
    if (!svg) return;
    var wide = parseFloat(svg.getAttribute("width"));
    fig.classList.toggle("ps-figure-narrow", wide > fig.clientWidth + 1);
    fig.classList.toggle("ps-figure-print-wide", wide <= %d);
  }
  fig.addEventListener("ps-chart-drawn", fit);
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(fit).observe(fig);
  fit();
})();
</script>"""


def sources_html(source_ids, note: str | None = None) -> str:
    """'Source: <a>Publisher (Month Year)</a>': each source named for readers, linked to its page.

    Several sources of one publisher share its name: "Sources: Ministry of Justice (<a>April
    2024</a>, <a>July 2024</a>)"; each link's tooltip is the source's title. ``note`` ends the
    line in plain words, for what no publisher states ("simulation in this report").
    """
    from probation_stats.datapackage.loaders import load_sources
    from probation_stats.report.display import primary_url, source_names
    from probation_stats.report.safe_output import http_link

    registry = load_sources().set_index("source_id")
    source_ids = list(dict.fromkeys(source_ids))
    unknown = [s for s in source_ids if s not in registry.index]
    if unknown:
        raise ValueError(f"unknown source ids: {unknown}")
    # Oldest first, so a publisher's dates read in order.
    source_ids.sort(key=lambda s: str(registry.loc[s, "published"]))
    by_publisher: dict[str, list[str]] = {}
    for source_id in source_ids:
        by_publisher.setdefault(registry.loc[source_id, "publisher"], []).append(source_id)
    items = []
    for publisher, ids in by_publisher.items():
        row = lambda s: registry.loc[s]  # noqa: E731
        if len(ids) == 1:
            items.append(http_link(primary_url(ids[0]), source_names(ids[0]), title=row(ids[0]).title))
            continue
        # "Publisher (Month Year)" -> "Month Year", so the publisher is named once; a source with no
        # date is named by its title.
        texts = [source_names(s).removeprefix(f"{publisher} (").removesuffix(")") for s in ids]
        texts = [row(s).title if t == publisher else t for s, t in zip(ids, texts)]
        links = ", ".join(http_link(primary_url(s), t, title=row(s).title) for s, t in zip(ids, texts))
        items.append(f"{html.escape(publisher)} ({links})")
    if note:
        items.append(html.escape(note))
    label = "Source" if len(source_ids) + bool(note) == 1 else "Sources"
    if len(source_ids) <= MAX_SOURCES_SHOWN:
        return f'<p class="ps-figure-source">{label}: {"; ".join(items)}</p>'
    # Many documents: the publishers in one line, every document a click away.
    publishers = "; ".join(html.escape(p) for p in by_publisher) + (f"; {html.escape(note)}" if note else "")
    return (f'<details class="ps-figure-source"><summary>{label}: {publishers} ({len(source_ids)} documents)</summary>'
            f'<p>{"; ".join(items)}</p></details>')


class Figure:
    """A chart with its title, sources, description and a link to the data drawn; displays as HTML."""

    def __init__(self, chart: alt.TopLevelMixin, name: str, description: str, csv_path: str,
                 title: str | None = None, subtitle: str | None = None, sources=(),
                 narrow: alt.TopLevelMixin | None = None, source_note: str | None = None):
        self.chart = chart
        self.name = name
        self.description = description
        self.csv_path = csv_path
        self.title = title
        self.subtitle = subtitle
        self.sources = list(sources)
        self.narrow = narrow
        self.source_note = source_note

    def __repr__(self) -> str:
        # Deterministic (no memory address), so notebook outputs compare equal run after run.
        return f"Figure(name={self.name!r}, data={self.csv_path!r})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        figure_id = f"figure-{html.escape(self.name)}"
        parts = [f'<figure class="ps-figure" id="{figure_id}">']
        if self.title:
            heading = f'<span class="ps-figure-title">{html.escape(self.title)}</span>'
            if self.subtitle:
                heading += f' <span class="ps-figure-subtitle">{html.escape(self.subtitle)}</span>'
            parts.append(f'<figcaption class="ps-figure-heading">{heading}</figcaption>')
        if self.narrow is None:
            parts.append(chart_html(self.chart.to_dict()))
        else:
            parts.append(chart_html(self.chart.to_dict(), "ps-chart-wide"))
            parts.append(chart_html(self.narrow.to_dict(), "ps-chart-narrow"))
            parts.append(_SWITCH_JS % (figure_id, PRINT_WIDTH_PX))
        if self.sources or self.source_note:
            parts.append(sources_html(self.sources, self.source_note))
        parts.append(
            f'<p class="ps-figure-description">{html.escape(self.description)} '
            f'<a class="ps-chart-data" href="{html.escape(self.csv_path)}" download>Download the data in this chart (CSV)</a>'
            "</p>")
        parts.append("</figure>")
        return {"text/html": "\n".join(parts)}


def line_runs(dates, lines, step_months) -> pd.Series:
    """Number the runs of each line: points no further apart than the series' step share a run.

    A line joined across a gap longer than its series' step (a quarterly series with four years
    unread) would draw a path the data do not have. Draw one line per (line, run): ``detail`` on
    both columns; a run of one point shows as its point alone.

    Parameters
    ----------
    dates : Series of datetime
        Each point's date.
    lines : Series
        Which line each point belongs to (same index as ``dates``).
    step_months : int or Series
        The series' step in months (3 for quarterly statistics, 12 for annual ones): one number
        for all points, or one per point (same index).

    Returns
    -------
    Series of int (same index): 1 for a line's first run, then 2, ..., in date order.

    >>> d = pd.to_datetime(pd.Series(["2016-03-31", "2016-06-30", "2020-09-30", "2020-12-31", "2017-03-31"]))
    >>> line_runs(d, pd.Series(["a", "a", "a", "a", "b"]), 3).tolist()
    [1, 1, 2, 2, 1]
    """
    dates = pd.to_datetime(pd.Series(dates))
    frame = pd.DataFrame({"date": dates, "line": pd.Series(lines, index=dates.index),
                          "step": pd.Series(step_months, index=dates.index)})
    months = frame["date"].dt.year * 12 + frame["date"].dt.month
    frame = frame.assign(months=months).sort_values(["line", "date"], kind="stable")
    gap = frame.groupby("line", sort=False)["months"].diff()
    # Month arithmetic, not days: quarter ends are 90 to 92 days apart.
    frame["run"] = (gap > frame["step"]).groupby(frame["line"], sort=False).cumsum().astype(int) + 1
    return frame["run"].reindex(dates.index)


def _has_own_title(chart) -> bool:
    title = chart.to_dict().get("title")
    return bool(title and (title.get("text") if isinstance(title, dict) else title))


def figure(chart: alt.TopLevelMixin, *, name: str, description: str, data: pd.DataFrame,
           title: str | None = None, subtitle: str | None = None, sources=(), source_note: str | None = None,
           narrow: alt.TopLevelMixin | None = None, out_dir: str | Path = CHART_DATA_DIR) -> Figure:
    """Attach a title, sources, a text description and a CSV of the data drawn to an altair chart.

    Parameters
    ----------
    chart : altair chart
        With no title of its own (the figure's title is HTML, so it wraps). A single view should
        have ``width="container"``; a faceted or concatenated one needs ``narrow``.
    name : str
        Stable, URL-safe name (``ratings-overall-2018-19``): the CSV's file name and the
        figure's anchor.
    description : str
        One or two plain sentences saying what the chart shows, for readers who cannot see
        it. It becomes the chart's accessible name and its visible caption.
    data : DataFrame
        Exactly the rows and columns drawn; written to ``out_dir/<name>.csv`` (UTF-8, no index).
    title : str
        The finding, as a sentence that is true of the data drawn: "NPS divisions were rated
        higher than CRCs".
    subtitle : str
        What is measured, in what unit, over which dates: "Overall rating, providers inspected in
        2018/19".
    sources : list of source ids
        Rows of data/sources.csv; shown under the chart as "Source: Publisher (Month Year)", each
        linked to its page.
    source_note : str, optional
        Plain words that end the Source line, for what no publisher states: "simulation in this
        report (see Methods)".
    narrow : altair chart, optional
        The same data laid out for a narrow column (facets stacked, fewer columns, shorter
        labels), fixed-width, at most 330 px wide. Shown wherever ``chart`` is wider than the
        figure, and on paper.

    Returns
    -------
    Figure
        Displays as the chart, its caption and the download link.
    """
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise ValueError(f"figure name {name!r} must be letters, digits, '-' or '_'")
    if not description.strip():
        raise ValueError("every chart needs a text description")
    if title is not None and not title.strip():
        raise ValueError("a figure title states the finding; it cannot be blank")
    if title and any(_has_own_title(c) for c in (chart, narrow) if c is not None):
        raise ValueError("the figure has a title: give the chart none of its own, or it is shown twice")
    if isinstance(sources, str):
        sources = [sources]
    if sources:
        sources_html(sources)  # unknown ids fail here, where the notebook names them
    chart = chart.properties(description=description)
    if narrow is not None:
        narrow = narrow.properties(description=description)
    # Written atomically, spreadsheet-safe, byte-identical on every platform and run.
    atomic_write_text(Path(out_dir) / f"{name}.csv", csv_text(data))
    return Figure(chart, name, description, f"{CHART_DATA_DIR}/{name}.csv", title=title, subtitle=subtitle,
                  sources=sources, narrow=narrow, source_note=source_note)
