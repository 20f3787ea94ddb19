"""Build the PDF edition, _build/pdf/probation-stats.pdf, from the built HTML book:

1. Chromium prints a title page and every page of the book in reading order, with code cells,
   navigation and controls hidden, and notes each page's h1 and h2 headings
   (tests/browser/print_pdf.mjs);
2. pypdf joins them, leaving out the blank pages Chromium sometimes adds at a chapter's end,
   turns links between pages of the book into links inside the PDF, and builds the outline
   (bookmarks): each part of _toc.yml, its chapters, their sections;
3. every page but the title page gets "Page N of M", from a sheet of numbered, otherwise empty
   pages that Chromium prints and pypdf lays over the pages;
4. the document's Title and Author are the book's (_config.yml), its keywords the package's.

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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, Fit, FloatObject, NameObject, NullObject

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_site import ROOT, SITE, reading_order, serve  # noqa: E402  (.ci/book_site.py)

from probation_stats.report.display import long_date  # noqa: E402

OUT = ROOT / "_build" / "pdf" / "probation-stats.pdf"
PRINT = ROOT / "tests" / "browser" / "print_pdf.mjs"
# Chromium's A4 (8.27 x 11.7 in); the title page and the number sheet use the same size, so the
# numbers land in the same place on every page.
PAGE_CSS = "@page { size: 8.27in 11.7in; margin: 0 } body { margin: 0; font-family: 'DejaVu Sans', sans-serif; }"


@dataclass
class Chapter:
    """One printed page of the book (a chapter, or the root page) and where it went in the PDF."""

    path: str                       # relative to the site, e.g. 'book/caseload.html'
    pdf: Path
    headings: list[dict]            # {'level', 'title', 'id'} in page order, from print_pdf.mjs
    reader: PdfReader = field(init=False)
    kept: list[int] = field(default_factory=list)   # its pages with ink, by index in its own PDF
    first: int = 0                  # index of its first page in the joined document

    def __post_init__(self):
        self.reader = PdfReader(self.pdf)
        self.anchors = {str(name).lstrip("/"): dest for name, dest in self.reader.named_destinations.items()}

    def page_in_book(self, index: int) -> int:
        """Index in the joined document of this chapter's page ``index`` (or of the next kept one,
        if that page was left out as blank)."""
        position = next((n for n, k in enumerate(self.kept) if k >= index), len(self.kept) - 1)
        return self.first + position

    def anchor(self, fragment: str) -> tuple[int, Fit]:
        """Page and view of the element with id ``fragment``: Chromium makes a named destination
        of every element a link points to, and every heading has a link (its hidden '#')."""
        dest = self.anchors.get(fragment) if fragment else None
        if dest is None:
            return self.first, Fit.fit()
        page = self.page_in_book(self.reader.get_destination_page_number(dest))
        return page, Fit.xyz(top=dest.top) if dest.top is not None else Fit.fit()


def parts() -> list[tuple[str | None, list[str]]]:
    """_toc.yml as (part caption, chapter pages): the root page first, in no part."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    grouped = [(None, [f"{toc['root']}.html"])]
    grouped += [(part["caption"], [f"{ch['file']}.html" for ch in part.get("chapters", [])]) for part in toc.get("parts", [])]
    assert [p for _, pages in grouped for p in pages] == reading_order()
    return grouped


def ink(pgm: Path) -> float:
    """Share of pixels darker than near-white in a binary PGM (P5) image."""
    _magic, width, height, _maxval, pixels = pgm.read_bytes().split(maxsplit=4)
    pixels = pixels[: int(width) * int(height)]
    return sum(1 for b in pixels if b < 230) / len(pixels)


def pages_with_ink(pdf: Path, threshold: float = 0.002) -> list[int]:
    """Indices of the pages of ``pdf`` with more than ``threshold`` of their pixels inked."""
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf), str(pdf.with_suffix(""))], check=True)
    images = sorted(pdf.parent.glob(f"{pdf.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [i for i, img in enumerate(images) if ink(img) > threshold]


def print_sheet(body: str, out: Path, style: str) -> PdfReader:
    """Print a small self-contained HTML page (title page, number sheet) with Chromium."""
    source = out.with_suffix(".html")
    source.write_text(f'<!doctype html><html lang="en"><meta charset="utf-8"><style>{PAGE_CSS} {style}</style>{body}</html>',
                      encoding="utf-8")
    subprocess.run(["node", str(PRINT), "sheet", str(source), str(out)], check=True)
    return PdfReader(out)


def title_page(config: dict, built: dt.datetime, out: Path) -> PdfReader:
    style = """.title { position: absolute; top: 75mm; left: 25mm; right: 25mm; color: #222; }
               h1 { font-size: 26pt; line-height: 1.3; margin: 0 0 18mm; }
               p { font-size: 13pt; margin: 0 0 4mm; } .edition { color: #555; font-size: 11pt; }"""
    body = (f'<div class="title"><h1>{html.escape(config["title"])}</h1><p>{html.escape(config["author"])}</p>'
            f'<p class="edition">PDF edition, {long_date(built.date())}</p></div>')
    return print_sheet(body, out, style)


def number_sheet(first: int, total: int, out: Path) -> PdfReader:
    """Pages ``first``..``total``, each empty but for "Page N of M" centred in the bottom margin."""
    style = """.page { position: relative; height: 11.7in; overflow: hidden; break-after: page; }
               .page:last-child { break-after: auto; }
               .n { position: absolute; bottom: 7mm; width: 100%; text-align: center; font-size: 9pt; color: #444; }"""
    body = "".join(f'<div class="page"><div class="n">Page {n} of {total}</div></div>' for n in range(first, total + 1))
    sheet = print_sheet(body, out, style)
    if len(sheet.pages) != total - first + 1:
        sys.exit(f"the number sheet printed {len(sheet.pages)} pages for {total - first + 1} numbers")
    return sheet


def internal_links(writer: PdfWriter, chapters: list[Chapter], base: str) -> None:
    """Point links between pages of the book at the page inside the PDF, not at the local server
    the pages were printed from; drop links to other files of the site (data files), which a PDF
    cannot open. Links to other sites stay as they are."""
    by_path = {ch.path: ch for ch in chapters}
    owner = [ch for ch in chapters for _ in ch.kept]          # chapter of each page of the book
    owner.insert(0, None)                                     # the title page
    for index, page in enumerate(writer.pages):
        annots = page.get("/Annots")
        if not annots:
            continue
        keep = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            target = None
            if action is not None and action.get("/S") == "/URI" and str(action.get("/URI", "")).startswith(base):
                url = urlsplit(str(action["/URI"]))
                chapter = by_path.get(url.path.lstrip("/"))
                if chapter is None:
                    continue                                  # a data file: leave the text, drop the link
                target = chapter.anchor(unquote(url.fragment))
            elif annot.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                name = annot.get("/Dest") if annot.get("/Dest") is not None else action.get("/D")
                if owner[index] is None or isinstance(name, ArrayObject):
                    keep.append(ref)
                    continue
                target = owner[index].anchor(str(name).lstrip("/"))
            if target is not None:
                number, fit = target
                annot.pop("/A", None)
                annot[NameObject("/Dest")] = ArrayObject(
                    [writer.pages[number].indirect_reference, NameObject(fit.fit_type),
                     *[FloatObject(a) if isinstance(a, (int, float)) else NullObject() for a in fit.fit_args]])
            keep.append(ref)
        page[NameObject("/Annots")] = keep


def outline(writer: PdfWriter, chapters: list[Chapter]) -> None:
    """Bookmarks: each part of _toc.yml, its chapters (titled as on the page, with their number),
    and each chapter's sections (h2). The root page comes first, in no part."""
    by_path = {ch.path: ch for ch in chapters}

    def add_chapter(chapter: Chapter, parent):
        h1 = next((h["title"] for h in chapter.headings if h["level"] == 1), chapter.path)
        item = writer.add_outline_item(title=h1, page_number=chapter.first, parent=parent, is_open=False)
        for h in chapter.headings:
            if h["level"] == 2:
                number, fit = chapter.anchor(h["id"])
                writer.add_outline_item(title=h["title"], page_number=number, parent=item, fit=fit)

    for caption, pages in parts():
        if caption is None:
            for p in pages:
                add_chapter(by_path[p], None)
            continue
        part = writer.add_outline_item(title=caption, page_number=by_path[pages[0]].first, bold=True)
        for p in pages:
            add_chapter(by_path[p], part)


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC).replace(microsecond=0)


def main() -> int:
    if not (SITE / "index.html").is_file():
        sys.exit("build the book first: bash .ci/build-book")
    for tool in ("node", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed to build the PDF (bash .ci/setup installs it)")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    built = build_time()
    pages = reading_order()
    with tempfile.TemporaryDirectory() as tmp_name, serve() as base:
        tmp = Path(tmp_name)
        (tmp / "pages.json").write_text(json.dumps(pages))
        subprocess.run(["node", str(PRINT), "pages", base, str(tmp / "pages.json"), str(tmp)], check=True)
        chapters = [Chapter(p, tmp / f"{n:03d}.pdf", json.loads((tmp / f"{n:03d}.json").read_text())["headings"])
                    for n, p in enumerate(pages, start=1)]

        writer = PdfWriter()
        writer.add_page(title_page(config, built, tmp / "title.pdf").pages[0])
        for chapter in chapters:
            # Chromium sometimes carries a few pixels of bottom margin onto an empty last page.
            chapter.kept = pages_with_ink(chapter.pdf)
            chapter.first = len(writer.pages)
            for index in chapter.kept:
                writer.add_page(chapter.reader.pages[index])
        internal_links(writer, chapters, base)
        outline(writer, chapters)

        total = len(writer.pages)
        numbers = number_sheet(2, total, tmp / "numbers.pdf")
        for page, number in zip(writer.pages[1:], numbers.pages, strict=True):
            page.merge_page(number)

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
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with OUT.open("wb") as f:
            writer.write(f)
    print(f"pdf: {OUT} ({total} pages, {len(pages)} chapters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
