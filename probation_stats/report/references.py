"""The References page: every source as a reader cites it, its title the link to the original.

Each entry reads "Publisher (date). *Title*. ..." with the title linking to the publisher's own
document (``sources.url``). Where the text was read in a copy (``read_at``), the entry says so
after the link, without naming the copy's site; a source known only in a copy (``link = copy``)
has its title unlinked and says the original is not online at an address we could confirm. Each
entry is anchored ``#src-<source_id>`` so chapter pages can link to it; the id is never shown.
"""

from __future__ import annotations

import html

import pandas as pd

from probation_stats.report.safe_output import http_link
from probation_stats.wording import readable

__all__ = ["REFERENCE_GROUPS", "reference_entry", "references_html", "cite_html"]

#: Headings of the page, in order, each with the rule choosing its sources (a source goes in the
#: first group whose rule it meets).
REFERENCE_GROUPS = (
    ("HM Inspectorate of Probation", lambda s: s.publisher.str.contains("Inspectorate of Probation", case=False)),
    ("Government, statistics and audit", lambda s: s.licence.eq("OGL-3.0")),
    ("Parliament", lambda s: s.licence.eq("OPL-3.0")),
    ("Press, blogs and other", lambda s: pd.Series(True, index=s.index)),
)

_NO_DATE = "no date given"


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def reference_entry(row) -> str:
    """One source as an HTML list item for the References page.

    ``row`` is a row of the sources table (attribute access: ``source_id``, ``publisher``,
    ``published``, ``title``, ``url``, ``read_at``, ``link``, ``reports_on``). The title is the
    link text; a copy is mentioned, never named or shown as the source.

    >>> row = pd.Series({"source_id": "s1", "publisher": "Ministry of Justice", "published": "2022-07-28",
    ...                  "title": "Offender management statistics", "url": "https://www.gov.uk/a",
    ...                  "read_at": None, "link": "primary", "reports_on": None})
    >>> reference_entry(row)
    '<li id="src-s1">Ministry of Justice (28 July 2022). <em><a href="https://www.gov.uk/a">Offender management statistics</a></em>.</li>'
    """
    when = html.escape(readable(row.published)) if _text(row.published) else _NO_DATE
    title = f"<em>{html.escape(row.title)}</em>"
    read_at = _text(row.read_at)
    if row.link == "copy":
        text = (f"{title}. The original is not online at an address we could confirm; read in a copy at "
                f"{http_link(read_at or row.url, 'another site')}.")
    else:
        text = f"<em>{http_link(row.url, row.title)}</em>"
        # The words before a copy's link are fixed: the built-site test finds copies by them.
        text += f" (read in a copy at {http_link(read_at, 'another site')})." if read_at and read_at != row.url else "."
    if _text(row.reports_on):
        text += f" Reports on {http_link(row.reports_on, 'the official document it discusses')}."
    return f'<li id="src-{html.escape(row.source_id, quote=True)}">{html.escape(row.publisher)} ({when}). {text}</li>'


def references_html(sources: pd.DataFrame) -> str:
    """The whole References list: one heading per :data:`REFERENCE_GROUPS` group with its count,
    its sources dated oldest first and the undated last, each by :func:`reference_entry`.

    >>> s = pd.DataFrame({"source_id": ["a", "b"], "publisher": ["HM Inspectorate of Probation", "BBC News"],
    ...                   "published": ["2019-10", None], "title": ["Report", "Story"],
    ...                   "url": ["https://www.justiceinspectorates.gov.uk/r", "https://www.bbc.co.uk/s"],
    ...                   "read_at": [None, None], "link": ["primary", "primary"], "reports_on": [None, None],
    ...                   "licence": ["OGL-3.0", "quoted-for-citation"]})
    >>> out = references_html(s)
    >>> out.count("<li"), "<h2>Press, blogs and other (1)</h2>" in out, "(no date given)" in out
    (2, True, True)
    """
    remaining = sources.copy()
    parts = []
    for heading, rule in REFERENCE_GROUPS:
        chosen = remaining[rule(remaining)].sort_values(["published", "title"], na_position="last")
        remaining = remaining.drop(chosen.index)
        items = "".join(reference_entry(r) for _, r in chosen.iterrows())
        parts.append(f"<h2>{html.escape(heading)} ({len(chosen)})</h2>"
                     f"<ul class='ps-references ps-filterable'>{items}</ul>")
    return "".join(parts)


def cite_html(ids, sources: pd.DataFrame, *, references: str = "references.html") -> str:
    """Sources as a page cites them: "Publisher, <a>Title</a> (Month Year)" with the title as the
    link text (to the original; a source known only in a copy is named, not linked) and a small
    link to its References entry; several joined by "; ".

    ``ids`` is one id, a "|"-separated string or a list; ``sources`` the sources table.

    >>> s = pd.DataFrame({"source_id": ["s1"], "title": ["A report"], "publisher": ["NAO"],
    ...                   "published": ["2019-03-05"], "url": ["https://www.nao.org.uk/r"], "link": ["primary"]})
    >>> cite_html("s1", s)
    'NAO, <a href="https://www.nao.org.uk/r">A report</a> (March 2019)<a class="ps-ref" href="references.html#src-s1" title="Reference entry">[ref]</a>'
    """
    if isinstance(ids, str):
        ids = ids.split("|")
    registry = sources.set_index("source_id")
    out = []
    for source_id in dict.fromkeys(i.strip() for i in ids if isinstance(i, str) and i.strip()):
        row = registry.loc[source_id]
        when = readable(row.published[:7]) if _text(row.published) else _NO_DATE
        title = http_link(row.url, row.title) if row.link == "primary" else html.escape(row.title)
        anchor = html.escape(f"{references}#src-{source_id}", quote=True)
        out.append(f'{html.escape(row.publisher)}, {title} ({when})<a class="ps-ref" href="{anchor}" '
                   'title="Reference entry">[ref]</a>')
    return "; ".join(out)
