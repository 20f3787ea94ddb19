"""Sphinx extension: one page per provider, PDU and region, and an index to find them.

At ``builder-inited`` (before Sphinx looks for documents) it writes, from
``probation_stats.derived.unit_profiles``, one MyST page per unit to ``book/units/<unit id>.md`` and the index
``book/units/index.md``; ``_toc.yml`` lists them (the index, with the unit pages globbed under it).
The folder is generated, never edited by hand (it is in .gitignore).

A rebuild with no change must cost next to nothing: a page is written only if its text changed
(so Sphinx re-reads nothing), and when neither the data, the package nor this file changed since
the last build (a stamp in _build) nothing is computed at all. Pages of units no longer in the
data are deleted.

Every text from the data is escaped where it lands: in markdown (backslash before every ASCII
punctuation mark, so no markup or HTML can come from a name) and in HTML (tables from
``probation_stats.report.display.reader_table``; links to sources only when http(s)).
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
from pathlib import Path

UNITS_DIR = Path("book") / "units"
STAMP = Path("_build") / "entity-pages.stamp"
INDEX_DOC = "book/units/index"
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md_text(text) -> str:
    """Text from the data for a markdown page: every ASCII punctuation mark backslash-escaped, so
    it reads as itself (CommonMark allows the escape before any of them) and is never markup."""
    return _MD_PUNCT.sub(r"\\\1", " ".join(str(text).split()))


def _raw_html(fragment: str) -> str:
    # A raw block ends at its closing fence; data text is HTML-escaped but backticks are not, so
    # write them as a character reference (no fence can be closed from inside).
    return "````{raw} html\n" + fragment.replace("`", "&#96;") + "\n````\n"


def _table(frame, caption: str, links: dict | None = None, sources=()) -> str:
    from probation_stats.report.display import reader_table

    # Unit pages sit in book/units/: the References page is one folder up.
    return _raw_html(reader_table(frame, caption=caption, links=links or {}, sources=sources,
                                  references="../references.html")._repr_html_())


def unit_page(profile) -> str:
    """The MyST text of one unit's page."""
    unit = profile.unit
    name = unit["name"]
    out = [f"# {md_text(name)}", "", md_text(profile.description), ""]
    if unit["aliases"]:
        out += [f"Also known as: {md_text('; '.join(unit['aliases']))}.", ""]

    out += ["## Ratings", ""]
    if profile.ratings.empty:
        out += ["No rating of it was found in the published sources.", ""]
    else:
        shown = profile.ratings.rename(columns={"inspection": "Inspection", "standard": "Standard", "rating": "Rating",
                                                "source_id": "Source"})[["Inspection", "Standard", "Rating", "Source"]]
        out += [_table(shown, f"Ratings of {name} by HM Inspectorate of Probation, with the source stating each",
                       sources=["Source"])]

    out += ["## Published figures", ""]
    if profile.figures.empty:
        out += ["No figures about it were found in the published sources.", ""]
    else:
        fig = profile.figures
        columns = {"figure": "Figure", "value_text": "Value", "period_text": "When", "inspection": "Inspection",
                   "cases_inspected": "Cases inspected", "source_id": "Source"}
        keep = [c for c in columns if c != "cases_inspected" or fig["cases_inspected"].notna().any()]
        shown = fig[keep].rename(columns=columns)
        out += [_table(shown, f"Figures about {name} as published, one row for each source stating one",
                       sources=["Source"])]

    out += ["## Place among its peers", "",
            "Compared only with units of the same kind: rated in the same round or published in the same year "
            "of the same inspection programme; a figure only with the same figure for the same kind of period.", ""]
    if profile.peer_ratings.empty and profile.peer_figures.empty:
        out += ["There is nothing to compare: no rating or figure of it has one from a peer beside it.", ""]
    if not profile.peer_ratings.empty:
        pr = profile.peer_ratings
        shown = pr.rename(columns={"inspection": "Inspection", "standard": "Standard", "rating": "Its rating",
                                   "rated": "Rated in all", "peers": "Compared with"})
        shown = shown[["Inspection", "Standard", "Its rating", "Inadequate", "Requires improvement", "Good", "Outstanding",
                       "Rated in all", "Compared with"]]
        out += [_table(shown, f"How many of its peers got each rating ({name} included)")]
    if not profile.peer_figures.empty:
        pf = profile.peer_figures.rename(columns={"figure": "Figure", "inspection": "Inspection", "value_text": "Its value",
                                                  "rank": "Rank", "lowest": "Lowest", "highest": "Highest",
                                                  "peers": "Compared with"})
        shown = pf[["Figure", "Inspection", "Its value", "Rank", "Lowest", "Highest", "Compared with"]]
        out += [_table(shown, f"Where {name} stands on each figure its peers also published (rank 1 = highest)"),
                "A value published as a bound (\u201cmore than\u201d, \u201cless than half\u201d) or \u201caround\u201d "
                "a number is placed only as far as the values it allows decide: \u201cbetween 1st and 3rd\u201d where "
                "it could lie above or below a peer. A figure for only some staff or cases, or a maximum "
                "(\u201cup to\u201d), is shown but not ranked.", ""]
    out += ["[All providers, PDUs and regions](index.md)", ""]
    return "\n".join(out)


def _index_table(index) -> str:
    """The index as a sortable table whose names link to the unit pages (internal links, which
    reader_table does not make: it links http(s) addresses only)."""
    import pandas as pd
    from probation_stats.report.display import format_value

    columns = ["Name", "Kind", "Area", "Latest overall rating", "Rated in"]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    rows = []
    for u in index.itertuples(index=False):
        if not _SAFE_ID.fullmatch(u.unit_id):
            raise ValueError(f"unit id {u.unit_id!r} cannot be a page name")
        cells = [f'<td><a href="{u.unit_id}.html">{html.escape(u.name)}</a></td>']
        cells += [f"<td>{html.escape(format_value(v))}</td>" for v in
                  (str(u.kind), u.area, "" if pd.isna(u.latest_rating) else str(u.latest_rating), u.latest_rated)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = "Providers, PDUs and regions: their latest overall rating"
    return (f'<div class="ps-table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
            f'<table class="ps-table ps-sortable ps-filterable ps-entity-index" id="ps-entity-index" '
            f'data-filter-label="Find a provider, PDU or region by name or area"><caption>{html.escape(caption)}'
            f'</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def index_page(index) -> str:
    """The MyST text of the index page."""
    counts = index["kind"].value_counts()
    parts = [f"{counts.get(kind, 0)} {plural}" for kind, plural in
             (("CRC", "Community Rehabilitation Companies"), ("NPS division", "National Probation Service divisions"),
              ("Region", "Probation Service regions"), ("PDU", "Probation Delivery Units"))]
    intro = (f"One page for each provider and unit in the data: {', '.join(parts[:-1])} and {parts[-1]}. Each page "
             "gives its ratings by inspection and standard, the figures published about it with their sources, "
             "and its place among its peers.")
    return "\n".join(["# Find a provider, PDU or region", "", md_text(intro), "",
                      _raw_html(_index_table(index)), ""])


def _inputs_key(srcdir: Path) -> str:
    """What the pages are made from: the data, the package and this file."""
    from probation_stats.datapackage.reading import folder_fingerprint

    digest = hashlib.sha256(folder_fingerprint(srcdir / "data").encode())
    for path in sorted((srcdir / "probation_stats").rglob("*.py")) + [Path(__file__)]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_pages(srcdir: Path) -> dict:
    """Write every unit page and the index into ``srcdir``/book/units; returns what was done."""
    sys.path.insert(0, str(srcdir))
    try:
        from probation_stats.derived.unit_profiles import entity_index, entity_profiles
    finally:
        sys.path.pop(0)
    folder = srcdir / UNITS_DIR
    stamp = srcdir / STAMP
    key = _inputs_key(srcdir)
    if stamp.is_file() and folder.is_dir():
        recorded = stamp.read_text(encoding="utf-8").split("\n")
        if recorded[0] == key and all((folder / name).is_file() for name in recorded[1:] if name):
            return {"written": 0, "deleted": 0, "unchanged": len(recorded) - 1, "skipped": True}
    profiles = entity_profiles(srcdir / "data")  # reads the data once
    pages = {"index.md": index_page(entity_index(srcdir / "data"))}
    for unit_id, profile in profiles.items():
        if not _SAFE_ID.fullmatch(unit_id) or unit_id == "index":
            raise ValueError(f"unit id {unit_id!r} cannot be a page name")
        pages[f"{unit_id}.md"] = unit_page(profile)
    folder.mkdir(parents=True, exist_ok=True)
    written = deleted = 0
    for name, text in pages.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written += 1
    for path in folder.glob("*.md"):
        if path.name not in pages:
            path.unlink()
            deleted += 1
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("\n".join([key, *sorted(pages)]), encoding="utf-8")
    return {"written": written, "deleted": deleted, "unchanged": len(pages) - written, "skipped": False}


def _builder_inited(app):
    from sphinx.util import logging

    done = write_pages(Path(app.srcdir))
    logging.getLogger(__name__).info(
        "[entity pages] %s", "inputs unchanged, nothing to do" if done["skipped"] else
        f"{done['written']} written, {done['unchanged']} unchanged, {done['deleted']} deleted")


def _sidebar_lists_chapters_only(app, config):
    """The sidebar lists the book's chapters, not the unit pages under the index.

    The theme draws the whole table of contents into every page's sidebar; with a hundred and
    more unit pages in it, that alone made a clean render about seven times slower (every page
    resolving every entry) and gave readers a sidebar of unit names to scroll past. The index is
    the way to a unit page."""
    options = dict(config.html_theme_options or {})
    options.setdefault("max_navbar_depth", 1)
    config.html_theme_options = options


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("config-inited", _sidebar_lists_chapters_only)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
