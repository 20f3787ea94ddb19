"""How the book draws an altair chart: a div with a deterministic id and a ``vegaEmbed`` call that
uses the book's local vega bundle (no network). Kept apart from :mod:`probation_stats.report.charts`
so the book's display set-up can enable it without importing the chart-making code.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import altair as alt

from probation_stats.report.safe_output import script_json

__all__ = ["chart_html", "use_book_charts"]


_seen: Counter = Counter()


def _spec_json(spec: dict) -> str:
    # Data values (quotations) must not be able to end or change the script element.
    return script_json(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chart_html(spec: dict, css_class: str = "") -> str:
    """HTML for one chart: a div with a deterministic id and the script that draws into it.

    The id is a hash of the spec; a second display of the same spec in one kernel gets a
    suffix, so ids stay unique on a page and identical from run to run. When drawn, the div
    sends a bubbling ``ps-chart-drawn`` event (the figure's wide/narrow switch listens to it).
    """
    spec_json = _spec_json(spec)
    digest = hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    _seen[digest] += 1
    chart_id = f"chart-{digest}" + (f"-{_seen[digest]}" if _seen[digest] > 1 else "")
    classes = " ".join(["ps-chart", *css_class.split()])
    return (
        # tabindex: should a chart ever be wider than the page it scrolls, and a scrolling region
        # must take focus.
        f'<div id="{chart_id}" class="{classes}" tabindex="0"></div>\n'
        '<script type="text/javascript">\n'
        "(function () {\n"
        f'  var el = document.getElementById("{chart_id}");\n'
        '  if (typeof vegaEmbed === "undefined") {\n'
        '    el.textContent = "[Chart not drawn: this page does not load the book\'s vega-bundle.js]";\n'
        "    return;\n"
        "  }\n"
        f'  vegaEmbed(el, {spec_json}, {{"renderer": "svg", "actions": false}})\n'
        '    .then(function () { el.dispatchEvent(new Event("ps-chart-drawn", {"bubbles": true})); })\n'
        '    .catch(function (err) { el.textContent = "[Chart not drawn: " + err + "]"; console.error(err); });\n'
        "})();\n"
        "</script>"
    )


def _renderer(spec: dict, **_metadata) -> dict:
    return {"text/html": chart_html(spec)}


def use_book_charts() -> None:
    """Draw altair charts in this kernel as the book does (:func:`chart_html`: a deterministic id,
    the local vega bundle). Called by :func:`probation_stats.report.display.use_book_display`;
    importing this module changes no renderer."""
    alt.renderers.register("probation_stats", _renderer)
    alt.renderers.enable("probation_stats")
