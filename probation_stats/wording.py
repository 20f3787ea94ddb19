"""How the data's values are said in words: dates, numbers, ids and sources, for any data folder.

Shared vocabulary (no data is read here). Functions that need the data's own tables (measure
labels, the sources registry) take them as arguments, so a derived table built from a copy of
``data/`` names that copy's sources, never the package's own. The report layer
(:mod:`probation_stats.report.display`) binds them to the default data for the book.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import pandas as pd

__all__ = ["long_date", "month_year", "dates_in_words", "readable", "format_value", "change_words", "Source",
           "source_registry", "source_names", "source_title", "primary_url"]

_ISO_DATE = re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")
_MONTH_RANGE = re.compile(r"\b([0-9]{4}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2})\b")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def long_date(value) -> str:
    """A date as readers write it: "30 June 2020" (a Timestamp, a date, or ISO text).

    >>> long_date("2020-06-03")
    '3 June 2020'
    """
    when = pd.Timestamp(value)
    return f"{when.day} {when:%B %Y}"  # not "%-d": that directive does not exist on Windows


def month_year(value) -> str:
    """A month as readers write it: "June 2020" (a Timestamp, or ISO text "2020-06[-dd]").

    >>> month_year("2020-06")
    'June 2020'
    """
    text = str(value)
    return f"{pd.Timestamp(text + '-01' if re.fullmatch(r'[0-9]{4}-[0-9]{2}', text) else value):%B %Y}"


def change_words(value, qualifier=None, *, unit: str = "%") -> str:
    """A stated change (on a year earlier, say) in words, with the source's hedge word if any.

    >>> change_words(-12), change_words(0.5, "less than"), change_words(-694, unit=" FTE")
    ('12% fewer', 'less than 0.5% more', '694 FTE fewer')
    """
    hedge = f"{qualifier} " if isinstance(qualifier, str) and qualifier else ""
    return f"{hedge}{abs(value):,g}{unit} {'more' if value > 0 else 'fewer'}"


def source_title(source_id: str, sources: pd.DataFrame) -> str:
    """A source as a page cites it after a quotation or in a tooltip: "Publisher: Title".

    ``sources`` is the sources table, indexed by ``source_id`` or not.

    >>> source_title("s1", pd.DataFrame({"source_id": ["s1"], "publisher": ["NAO"], "title": ["A report"]}))
    'NAO: A report'
    """
    row = (sources.set_index("source_id") if "source_id" in sources else sources).loc[source_id]
    return f"{row.publisher}: {row.title}"


def dates_in_words(text) -> str:
    """Text with its ISO months, month ranges and dates written out.

    >>> dates_in_words("2019-09..2020-03, from 2020-06-30")
    'September 2019 to March 2020, from 30 June 2020'
    """
    text = str(text)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        return month_year(text)
    text = _MONTH_RANGE.sub(lambda m: f"{month_year(m.group(1))} to {month_year(m.group(2))}", text)
    return _ISO_DATE.sub(lambda m: long_date(m.group(0)), text)


def readable(text, labels: Mapping[str, str] | None = None) -> str:
    """Text from the data with its dates written out and its ids put into words: an id found in
    ``labels`` (e.g. measure id -> label) becomes its label, any other snake_case id its words.

    >>> readable("po_fte_in_post at 2020-06-30", {"po_fte_in_post": "Probation officers in post"})
    'Probation officers in post at 30 June 2020'
    >>> readable("people_supervised")
    'people supervised'
    """
    labels = labels or {}
    return _SNAKE.sub(lambda m: labels.get(m.group(0), m.group(0).replace("_", " ")), dates_in_words(text))


def format_value(value) -> str:
    """One cell as text: thousands separators, three significant digits for fractions, blanks for NA.

    >>> format_value(258748.0), format_value(0.8412), format_value(None)
    ('258,748', '0.841', '')
    """
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x):,}"
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        return f"{x:.3g}"
    return str(value)


class Source(NamedTuple):
    """What readers are told of a source: who published it, when, its title and address."""

    publisher: str
    published: str | None
    title: str
    url: str
    link: str


def source_registry(sources: pd.DataFrame) -> dict[str, Source]:
    """The sources table (as :func:`probation_stats.load_sources` returns it) by source id; a table with
    fewer columns gives what it has (no title, no address)."""
    clean = lambda v: v if isinstance(v, str) else None  # noqa: E731  (missing cells are NA)
    get = lambda r, name: clean(getattr(r, name, None))  # noqa: E731  (a partial table names what it has)
    return {r.source_id: Source(get(r, "publisher") or "unknown publisher", get(r, "published"), get(r, "title"),
                                get(r, "url"), get(r, "link") or "primary")
            for r in sources.astype(object).itertuples(index=False)}


def source_names(ids: str | Iterable[str], registry: Mapping[str, Source]) -> str:
    """Source ids as readers know them: "Publisher (Month Year)", joined by "; "."""
    names = []
    for source_id in ([ids] if isinstance(ids, str) else list(ids)):
        row = registry.get(source_id)
        if row is None:
            names.append("unknown source")
            continue
        when = ""
        if row.published and len(row.published) >= 7:
            when = f" ({month_year(row.published[:7])})"
        elif row.published:
            when = f" ({row.published})"
        names.append(row.publisher + when)
    return "; ".join(dict.fromkeys(names))


def primary_url(source_id: str, registry: Mapping[str, Source]) -> str | None:
    """The address to link a source by: its primary document's, or None for a source known only
    in a copy (``link = copy``), which is named but never linked as the source."""
    row = registry.get(source_id)
    return row.url if row is not None and row.link == "primary" else None
