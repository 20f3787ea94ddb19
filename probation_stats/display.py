"""How tables look in the book: readable numbers, no index column, blanks for missing values.

``use_book_display()`` registers an HTML formatter for DataFrames in the running IPython kernel
(the book's notebooks call it once at the top). It changes only the HTML shown, never the data:
the plain-text form, which strict nbval also compares, stays pandas' own.
"""

from __future__ import annotations

import html
import math

import pandas as pd

__all__ = ["format_value", "table_html", "use_book_display", "reader_table"]


def format_value(value) -> str:
    """One cell as text: thousands separators, three significant digits for fractions, blanks for NA."""
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
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


def table_html(frame: pd.DataFrame) -> str:
    """A DataFrame as a scrollable HTML table without its index."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(format_value(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None))
    # A scrolling region must be reachable by keyboard (tabindex) and named (WCAG 2.1.1, 4.1.2);
    # naming it by its columns keeps the names of several tables on one page distinct.
    label = html.escape("Table of " + ", ".join(map(str, frame.columns[:4])) + (", ..." if len(frame.columns) > 4 else ""))
    return (f'<div class="ps-table-scroll" tabindex="0" role="region" aria-label="{label}">'
            f'<table class="ps-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def use_book_display() -> None:
    """Show DataFrames in this kernel with :func:`table_html` (no effect outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed wherever notebooks run
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)


def reader_table(frame: pd.DataFrame, *, caption: str, links: dict[str, str] | None = None,
                 sortable: bool = True) -> "ReaderTable":
    """A table for readers: a caption screen readers announce, optional sortable columns, and
    columns shown as links.

    Parameters
    ----------
    frame : DataFrame
        Columns already named for readers (labels, not ids).
    caption : str
        What the table shows; becomes its ``<caption>``.
    links : dict, optional
        ``{shown column: url column}``: the shown column's text becomes a link to the url column
        (only http(s) addresses become links; see :func:`probation_stats.safe_output.http_link`);
        url columns are not shown.
    sortable : bool, default True
        Column headers become buttons that sort the rows (book/static_assets/table-sort.js;
        without JavaScript the table reads as it is).
    """
    return ReaderTable(frame, caption, links or {}, sortable)


class ReaderTable:
    """Displays as an HTML table (see :func:`reader_table`); ``.frame`` is the data shown."""

    def __init__(self, frame, caption, links, sortable):
        self.frame, self.caption, self.links, self.sortable = frame, caption, links, sortable

    def __repr__(self) -> str:
        shown = self.frame.drop(columns=list(self.links.values()))
        return f"{self.caption}\n{shown.to_string(index=False)}"

    def _repr_html_(self) -> str:
        from .safe_output import http_link

        hidden = set(self.links.values())
        columns = [c for c in self.frame.columns if c not in hidden]
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
        rows = []
        for rec in self.frame.to_dict("records"):
            cells = []
            for c in columns:
                text = format_value(rec[c])
                if c in self.links and text:
                    cells.append(f"<td>{http_link(rec[self.links[c]], text)}</td>")
                else:
                    cells.append(f"<td>{html.escape(text)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cls = "ps-table ps-sortable" if self.sortable else "ps-table"
        label = html.escape(self.caption)
        return (f'<div class="ps-table-scroll" tabindex="0" role="region" aria-label="{label}">'
                f'<table class="{cls}"><caption>{label}</caption><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')
