"""How tables look in the book: readable numbers, no index column, blanks for missing values.

``use_book_display()`` registers an HTML formatter for DataFrames in the running IPython kernel
(the book's notebooks call it once at the top). It changes only the HTML shown, never the data:
the plain-text form, which strict nbval also compares, stays pandas' own.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from probation_stats import wording
from probation_stats.datapackage.loaders import load_measures, load_sources
from probation_stats.report.safe_output import http_link
from probation_stats.wording import format_value, long_date

__all__ = ["UNIT_WORDS", "format_value", "table_html", "use_book_display", "reader_table", "long_date", "readable", "source_names",
           "source_links_html", "primary_url"]

#: Units as readers write them (the data's unit ids on the left).
UNIT_WORDS = {"percent": "%", "fte": "full-time equivalent", "gbp": "£", "gbp_millions": "£ million",
              "gbp_billions": "£ billion", "count": "number"}


def readable(text: str) -> str:
    """Text from the data with its ISO dates written out and its ids put into words: a measure id
    becomes its label from the measures table, any other snake_case id its words.

    >>> readable("2020-07")
    'July 2020'
    >>> readable("2019-09..2020-03")
    'September 2019 to March 2020'
    >>> readable("po_fte_in_post at 2020-06-30, people_supervised")
    'Probation officers in post (full-time equivalent) at 30 June 2020, People on probation'
    """
    return wording.readable(text, _measure_labels())


def source_names(ids) -> str:
    """Source ids as readers know them: "Publisher (Month Year)", joined by "; "."""
    return wording.source_names(ids, _source_registry())


def primary_url(source_id: str) -> str | None:
    """The address to link a source by: its primary document's, or None for a source known only
    in a copy (``link = copy``), which is named but never linked as the source."""
    return wording.primary_url(source_id, _source_registry())


def source_links_html(ids, *, references: str = "references.html") -> str:
    """Source ids as HTML for readers: each "Publisher (Month Year)" linked to the primary
    document (see :func:`primary_url`; its title as tooltip), followed by a small link to its
    entry on the References page, which also shows where a copy was read. Unknown ids and
    non-http(s) addresses are shown as text, never links.

    ``ids`` is one id, a "|"-separated string or a list. ``references`` is the References page's
    address relative to the page the HTML is placed in.
    """
    if isinstance(ids, str):
        ids = ids.split("|")
    registry = _source_registry()
    out = []
    for source_id in dict.fromkeys(i.strip() for i in ids if isinstance(i, str) and i.strip()):
        name = source_names(source_id)
        title = registry[source_id].title if source_id in registry else None
        url = primary_url(source_id)
        if url and title:
            link = http_link(url, name, title=title)
        elif title:
            link = f'<span title="{html.escape(title, quote=True)}">{html.escape(name)}</span>'
        else:
            link = html.escape(name)
        anchor = html.escape(f"{references}#src-{source_id}", quote=True)
        out.append(f'{link}<a class="ps-ref" href="{anchor}" title="Reference entry">[ref]</a>')
    return "; ".join(out)


@lru_cache(maxsize=1)
def _measure_labels() -> dict:
    labels = load_measures()
    return dict(zip(labels["measure"], labels["label"]))


@lru_cache(maxsize=1)
def _source_registry() -> dict[str, wording.Source]:
    """The book's sources table, read once per process, by source id."""
    return wording.source_registry(load_sources())


def table_html(frame: pd.DataFrame) -> str:
    """A DataFrame as a scrollable HTML table without its index (no caption, not sortable)."""
    return ReaderTable(frame, None, {}, False)._repr_html_()


def use_book_display() -> None:
    """Show DataFrames in this kernel with :func:`table_html`, and altair charts as the book draws
    them (:func:`probation_stats.report.charts.use_book_charts`). No effect outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed wherever notebooks run
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)
    from probation_stats.report.chart_renderer import use_book_charts  # altair: only where charts are drawn

    use_book_charts()


def reader_table(frame: pd.DataFrame, *, caption: str, links: dict[str, str] | None = None,
                 sources: list[str] | tuple[str, ...] = (), sortable: bool = True,
                 filterable: bool = False, references: str = "references.html",
                 no_source: str = "", details: dict[str, tuple[str, str]] | None = None) -> "ReaderTable":
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
        (only http(s) addresses become links; see :func:`probation_stats.report.safe_output.http_link`);
        url columns are not shown.
    sources : list of str, optional
        Columns holding source ids (one id, "a|b", or a list): shown as the publishers linked to
        the primary documents, each with a link to its References entry (:func:`source_links_html`).
    sortable : bool, default True
        Column headers become buttons that sort the rows (book/static_assets/table-sort.js;
        without JavaScript the table reads as it is).
    filterable : bool, default False
        A search box above the table hides the rows that do not contain the words typed
        (same script; for long tables).
    references : str, default "references.html"
        Address of the References page relative to the page the table is shown on.
    no_source : str, default ""
        Text shown in a ``sources`` column for a row that names no source (say why, rather than
        leave the cell blank).
    details : dict, optional
        ``{shown column: (label, text column)}``: the text column is not a column of its own but
        a disclosure under the shown column's text, opened by clicking the label (open on paper).
        Keeps a long table narrow while leaving the text searchable by the filter box.
    """
    return ReaderTable(frame, caption, links or {}, sortable, sources=tuple(sources), filterable=filterable,
                       references=references, no_source=no_source, details=details or {})


class ReaderTable:
    """Displays as an HTML table (see :func:`reader_table`); ``.frame`` is the data shown."""

    def __init__(self, frame, caption, links, sortable, *, sources=(), filterable=False, references="references.html",
                 no_source="", details=None):
        self.frame, self.caption, self.links, self.sortable = frame, caption, links, sortable
        self.sources, self.filterable, self.references = tuple(sources), filterable, references
        self.no_source, self.details = no_source, dict(details or {})

    def __repr__(self) -> str:
        shown = self.frame.drop(columns=list(self.links.values()))
        for c in self.sources:
            shown[c] = shown[c].map(lambda ids: source_names(ids.split("|") if isinstance(ids, str) else ids)
                                    if isinstance(ids, (str, list, tuple)) else self.no_source)
        return f"{self.caption}\n{shown.to_string(index=False)}"

    def _repr_html_(self) -> str:
        hidden = set(self.links.values()) | {text_column for _, text_column in self.details.values()}
        columns = [c for c in self.frame.columns if c not in hidden]
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
        rows = []
        for rec in self.frame.to_dict("records"):
            cells = []
            for c in columns:
                if c in self.sources:
                    ids = rec[c]
                    cells.append(f"<td>{source_links_html(ids, references=self.references) if isinstance(ids, (str, list, tuple)) else html.escape(self.no_source)}</td>")
                    continue
                text = format_value(rec[c])
                if c in self.links and text:
                    shown = http_link(rec[self.links[c]], text)
                else:
                    shown = html.escape(text)
                if c in self.details:
                    label, text_column = self.details[c]
                    more = format_value(rec[text_column])
                    if more:
                        shown += (f'<details class="ps-cell-details"><summary>{html.escape(label)}</summary>'
                                  f'{html.escape(more)}</details>')
                cells.append(f"<td>{shown}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cls = "ps-table" + (" ps-sortable" if self.sortable else "") + (" ps-filterable" if self.filterable else "")
        # A scrolling region must be reachable by keyboard (tabindex) and named (WCAG 2.1.1, 4.1.2):
        # by its caption, or else by its columns, which keeps several tables on one page distinct.
        if self.caption:
            label = html.escape(self.caption)
            caption = f"<caption>{label}</caption>"
        else:
            label = html.escape("Table of " + ", ".join(map(str, columns[:4])) + (", ..." if len(columns) > 4 else ""))
            caption = ""
        return (f'<div class="ps-table-scroll" tabindex="0" role="region" aria-label="{label}">'
                f'<table class="{cls}">{caption}<thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')
