"""The PDF edition's annex: one compact table of the overall rating of every provider, PDU and
region at each of its inspections, each name linking to its page on the published site.

Read through the package (``probation_stats.derived.unit_profiles``), so the annex says what
the unit pages say, in the order their profiles give.
"""

from __future__ import annotations

import html
from pathlib import Path

from probation_stats.derived.unit_profiles import KINDS, entity_index, entity_profiles

__all__ = ["ANNEX_ID", "ANNEX_TITLE", "annex_html", "unit_url"]

ANNEX_ID = "annex"
ANNEX_TITLE = "Annex: the ratings of every provider and PDU"
_HEADINGS = {"CRC": "Community Rehabilitation Companies (2014–2021)", "NPS division": "National Probation Service divisions (2014–2021)",
             "PDU": "Probation Delivery Units (from 2021)", "Region": "Probation Service regions (from 2021)"}


def unit_url(site_url: str, unit_id: str) -> str:
    """The address of a unit's page on the published site.

    >>> unit_url("https://example.org/report/", "crc-bgsw")
    'https://example.org/report/book/units/crc-bgsw.html'
    """
    return f"{site_url}book/units/{unit_id}.html"


def annex_html(data_dir: str | Path, site_url: str) -> str:
    """The annex as HTML: a heading, a sentence, and one table with a group of rows per kind of
    unit (CRCs, NPS divisions, PDUs, regions), one row per unit and inspection with its overall
    rating ("No overall rating found" where none is in the data)."""
    index = entity_index(data_dir)
    profiles = entity_profiles(data_dir)
    groups = []
    for kind in KINDS:
        units = index[index["kind"] == kind].sort_values("name")
        if units.empty:
            continue
        rows = [f'<tr><th scope="rowgroup" colspan="4">{html.escape(_HEADINGS.get(kind, kind))} ({len(units)})</th></tr>']
        for u in units.itertuples(index=False):
            ratings = profiles[u.unit_id].ratings
            overall = ratings[ratings["standard"] == "Overall"] if not ratings.empty else ratings
            name = f'<a href="{html.escape(unit_url(site_url, u.unit_id))}">{html.escape(u.name)}</a>'
            # A CRC's or division's area is its name; a PDU's is its region.
            area = "" if u.area is None or str(u.area) in ("", "<NA>", "nan") or str(u.area) in u.name else html.escape(str(u.area))
            if overall.empty:
                rows.append(f"<tr><td>{name}</td><td>{area}</td><td></td><td>No overall rating found</td></tr>")
                continue
            for n, r in enumerate(overall.itertuples(index=False)):
                first = (name, area) if n == 0 else ("", "")
                rows.append(f"<tr><td>{first[0]}</td><td>{first[1]}</td><td>{html.escape(str(r.inspection))}</td>"
                            f"<td>{html.escape(str(r.rating))}</td></tr>")
        groups.append("<tbody>" + "".join(rows) + "</tbody>")
    head = "".join(f'<th scope="col">{c}</th>' for c in ("Provider or unit", "Area", "Inspection", "Overall rating"))
    intro = (f"The overall rating HM Inspectorate of Probation gave each of the {len(index)} providers, Probation "
             "Delivery Units and regions at each inspection found, as the data hold it. Each name links to its page on "
             "the report's website, which gives the rating of every standard, its sources, and its place among its peers.")
    return (f'<section class="ps-print-chapter ps-annex-section" id="{ANNEX_ID}">'
            f'<h1>{html.escape(ANNEX_TITLE)}<a class="headerlink" aria-hidden="true" href="#{ANNEX_ID}"></a></h1>'
            f"<p>{html.escape(intro)}</p>"
            f'<table class="ps-annex"><caption>Overall ratings by provider or unit and inspection</caption>'
            f"<thead><tr>{head}</tr></thead>{''.join(groups)}</table></section>")
