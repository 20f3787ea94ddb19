"""Links to a figure's primary document, for a chapter's "The answer" block (issue 23).

The answer names the document that states its figure and links it. The address is the source's
own (``url`` in data/sources.csv) only where that address is the primary document; a source
read only in a copy is named without a link, never linked to the copy.
"""

from __future__ import annotations

import re

import pandas as pd

from probation_stats.report.safe_output import is_http_url

__all__ = ["source_markdown_link"]


def source_markdown_link(source_id: str, sources: pd.DataFrame) -> str:
    """A Markdown link "[Publisher, Title](url)" to a source's primary document.

    Parameters
    ----------
    source_id : str
        The source's id (data/sources.csv).
    sources : DataFrame
        The sources table (:func:`probation_stats.load_sources`), indexed by ``source_id`` or not.

    Returns
    -------
    str
        The link; "Publisher, Title" as plain text when the source's address is a copy
        (``link != "primary"``) or not an http(s) address. Square brackets in the title are
        escaped so the link stays one link.

    Examples
    --------
    >>> src = pd.DataFrame({"source_id": ["a", "b"], "publisher": ["Ministry of Justice", "X"],
    ...                     "title": ["Statistics [provisional]", "Copy"], "url": ["https://www.gov.uk/x", "https://mirror/y"],
    ...                     "link": ["primary", "copy"]})
    >>> source_markdown_link("a", src)
    '[Ministry of Justice, Statistics \\\\[provisional\\\\]](https://www.gov.uk/x)'
    >>> source_markdown_link("b", src)
    'X, Copy'
    """
    row = (sources.set_index("source_id") if "source_id" in sources else sources).loc[source_id]
    text = f"{row.publisher}, {row.title}"
    if row.get("link") != "primary" or not is_http_url(row.url):
        return text
    escaped = re.sub(r"([\[\]])", r"\\\1", text)
    return f"[{escaped}]({row.url})"
