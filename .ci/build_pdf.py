"""Build the PDF edition, _build/pdf/probation-stats.pdf, from the built HTML book: the report
proper (the introduction, the chapters, the abbreviations, the references) and an annex with the
ratings of every provider and PDU. The provider and PDU pages, the data dictionary, the methods
and the long look-up lists stay on the website, which the PDF links.

1. Chromium opens each printed page, takes its article (charts drawn) and prints them, with a
   title page and the annex, as ONE tagged document in the book's language
   (tests/browser/print_pdf.mjs): one document, so the tags (headings, lists, tables, links) are
   Chromium's own and nothing has to merge them;
2. pypdf copies that document whole (structure tree, language and links kept), adds the outline
   (bookmarks: each part, its chapters, their sections) and stamps "Page N of M" on every page
   but the title page, marked as a page artifact so it stays out of the reading order;
3. the document's Title and Author are the book's (_config.yml), its keywords the package's.

    python .ci/build_pdf.py      # needs _build/html; writes _build/pdf/probation-stats.pdf
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, Fit, NameObject

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_site import ROOT, SITE, serve  # noqa: E402  (.ci/book_site.py)
from pdf_annex import ANNEX_ID, ANNEX_TITLE, annex_html  # noqa: E402  (.ci/pdf_annex.py)

from probation_stats.report.display import long_date  # noqa: E402

OUT = ROOT / "_build" / "pdf" / "probation-stats.pdf"
PRINT = ROOT / "tests" / "browser" / "print_pdf.mjs"
CSS = Path(__file__).resolve().parent / "pdf_edition.css"
LANG = "en-GB"
# A4 and its margins in mm (top, right, bottom, left): the text block tests/test_pdf.py holds
# every word to. The bottom margin has room for the page number.
PAGE_SIZE_MM = (210, 297)
MARGINS_MM = (14, 15, 16, 15)
# A filterable table of more rows than this is a look-up list: the PDF says where it is online.
LONG_TABLE_ROWS = 100
# The PDF edition's parts and their pages, in order (the root page first, in no part); what
# each page leaves to the website (its heading stays, with the section's address). The annex
# follows the last part.
PARTS: list[tuple[str | None, list[str]]] = [
    (None, ["book/intro.html"]),
    ("The report", [f"book/{name}.html" for name in
                    ("reoffending", "caseload", "ratings", "caseloads_risk", "workforce", "reunification", "factcheck",
                     "coverage")]),
    ("Reference", ["book/glossary.html", "book/references.html"]),
]
# Sections printed as a link to the site: the glossary's list of every measure, and the ratings
# chapter's table of every overall rating of 2018/19, which the annex prints for every unit.
OMIT_SECTIONS = {"book/glossary.html": ["measures"],
                 "book/ratings.html": ["every-overall-rating-and-its-source-2018-19"]}
# The page number: Helvetica (a standard PDF font, nothing embedded) 9 pt, 7 mm above the foot.
_HELVETICA = {**dict.fromkeys("0123456789aeg", 556), "P": 667, "o": 556, "f": 278, " ": 278}
NUMBER_SIZE, NUMBER_FROM_FOOT = 9, 7 / 25.4 * 72


def slug(path: str) -> str:
    """The id of a printed page's section in the combined document ('book/caseload.html' -> 'caseload')."""
    return Path(path).stem


def page_css() -> str:
    """The @page rule: A4 with MARGINS_MM."""
    return f"@page {{ size: {PAGE_SIZE_MM[0]}mm {PAGE_SIZE_MM[1]}mm; margin: {' '.join(f'{m}mm' for m in MARGINS_MM)}; }}\n"


def printed_pages() -> list[str]:
    return [p for _caption, pages in PARTS for p in pages]


def site_url(config: dict) -> str:
    """The published site's address, ending in '/', from _config.yml (sphinx.config.probation_site_url)."""
    url = ((config.get("sphinx") or {}).get("config") or {}).get("probation_site_url") or ""
    if not url.startswith("https://"):
        sys.exit("_config.yml needs sphinx.config.probation_site_url: the https address the book is published at")
    return url.rstrip("/") + "/"


def front_matter(config: dict, built: dt.datetime, url: str) -> str:
    """The title page, with a note on what this edition holds and what only the website has."""
    note = ("This edition holds the report: its chapters, the abbreviations it uses, its references and, in an annex, "
            "the overall ratings of every provider and PDU. The website also has a page for each provider, PDU and "
            "region, the data dictionary, the methods and the full lists the chapters draw on: ")
    return (f'<div class="ps-title-page"><p class="ps-book-title">{html.escape(config["title"])}</p>'
            f'<p>{html.escape(config["author"])}</p><p>PDF edition, {long_date(built.date())}</p>'
            f'<p class="ps-edition-note">{html.escape(note)}<a href="{html.escape(url)}">{html.escape(url)}</a>.</p></div>')


def outline(writer: PdfWriter, reader: PdfReader, headings: list[dict]) -> None:
    """Bookmarks: the root page, then each part, its chapters (titled as on the page, with their
    number) and each chapter's sections (h2); the annex last."""
    dests = {str(name).lstrip("/"): dest for name, dest in reader.named_destinations.items()}

    def target(heading_id: str) -> tuple[int, Fit]:
        dest = dests[heading_id]
        fit = Fit.xyz(top=dest.top) if dest.get("/Top") is not None else Fit.fit()
        return reader.get_destination_page_number(dest), fit

    def add_chapter(path: str, parent):
        mine = [h for h in headings if h["slug"] == slug(path)]
        h1 = next(h for h in mine if h["level"] == 1)
        number, fit = target(h1["id"])
        item = writer.add_outline_item(title=h1["title"], page_number=number, parent=parent, fit=fit, is_open=False)
        for h in mine:
            if h["level"] == 2:
                number, fit = target(h["id"])
                writer.add_outline_item(title=h["title"], page_number=number, parent=item, fit=fit)
        return item

    for caption, pages in PARTS:
        if caption is None:
            for p in pages:
                add_chapter(p, None)
            continue
        first, _fit = target(next(h["id"] for h in headings if h["slug"] == slug(pages[0]) and h["level"] == 1))
        part = writer.add_outline_item(title=caption, page_number=first, bold=True)
        for p in pages:
            add_chapter(p, part)
    number, fit = target(ANNEX_ID)
    writer.add_outline_item(title=ANNEX_TITLE, page_number=number, fit=fit, bold=True)


def stamp_page_numbers(writer: PdfWriter) -> None:
    """"Page N of M" centred in the bottom margin of every page but the first (the title page),
    as a pagination artifact (PDF 14.8.2.2), after the page's own content, which is wrapped in
    q/Q so its graphics state cannot move the number."""
    total = len(writer.pages)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))

    def stream(data: str):
        s = DecodedStreamObject()
        s.set_data(data.encode("latin-1"))
        return writer._add_object(s)

    save, restore = stream("q\n"), stream("\nQ\n")
    for n, page in enumerate(writer.pages[1:], start=2):
        text = f"Page {n} of {total}"
        width = sum(_HELVETICA[c] for c in text) * NUMBER_SIZE / 1000
        x = (float(page.mediabox.width) - width) / 2
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            resources[NameObject("/Font")] = fonts = DictionaryObject()
        fonts.get_object()[NameObject("/PsPageNumber")] = font
        number = stream(f"/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /PsPageNumber {NUMBER_SIZE} Tf "
                        f"0.27 g {x:.2f} {NUMBER_FROM_FOOT:.2f} Td ({text}) Tj ET EMC\n")
        contents = page.raw_get("/Contents")
        own = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *own, restore, number])


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC).replace(microsecond=0)


def main() -> int:
    if not (SITE / "index.html").is_file():
        sys.exit("build the book first: bash .ci/build-book")
    if shutil.which("node") is None:
        sys.exit("node is needed to build the PDF (bash .ci/setup installs it)")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    url = site_url(config)
    built = build_time()
    combined = SITE / "_pdf-edition.html"        # served beside the pages while printing, then removed
    with tempfile.TemporaryDirectory() as tmp_name, serve() as base:
        tmp = Path(tmp_name)
        plan = {
            "base": base, "site_url": url, "lang": LANG, "title": html.escape(config["title"]),
            "css": page_css() + CSS.read_text(encoding="utf-8"), "front": front_matter(config, built, url),
            "back": annex_html(ROOT / "data", url), "long_table_rows": LONG_TABLE_ROWS,
            "pages": [{"path": p, "slug": slug(p), "omit_sections": OMIT_SECTIONS.get(p, [])} for p in printed_pages()],
            "combined_file": str(combined), "combined_path": combined.name,
        }
        (tmp / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        try:
            subprocess.run(["node", str(PRINT), "book", str(tmp / "plan.json"), str(tmp / "book.pdf")], check=True)
        finally:
            combined.unlink(missing_ok=True)
        printed = json.loads((tmp / "book.json").read_text(encoding="utf-8"))
        headings = printed["headings"]
        reader = PdfReader(tmp / "book.pdf")
        # A copy of the whole document, not page by page: the catalog's structure tree, language
        # and mark info come with it.
        writer = PdfWriter(clone_from=reader)
        outline(writer, reader, headings)
        stamp_page_numbers(writer)
        stamp = built.strftime("D:%Y%m%d%H%M%SZ")
        writer.add_metadata({
            "/Title": config["title"],
            "/Author": config["author"],
            "/Keywords": ", ".join(project.get("keywords", [])),
            "/Creator": "Jupyter Book, printed by Chromium",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        })
        writer.page_mode = "/UseOutlines"         # open with the bookmarks showing
        # Viewers show the Title, not the file name, in their title bar (PDF/UA asks for it).
        writer._root_object.setdefault(NameObject("/ViewerPreferences"), DictionaryObject())
        writer._root_object["/ViewerPreferences"].get_object()[NameObject("/DisplayDocTitle")] = BooleanObject(True)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with OUT.open("wb") as f:
            writer.write(f)
        total = len(writer.pages)
        # What the document printed, for tests/test_pdf.py to find again in the PDF.
        OUT.with_suffix(".json").write_text(json.dumps({"text": printed["text"], "overflow": printed["overflow"]}),
                                            encoding="utf-8")
    print(f"pdf: {OUT} ({total} pages, {len(printed_pages())} chapters and the annex)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
