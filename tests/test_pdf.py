"""The PDF edition (`bash .ci/build-pdf`): the book's title and author as its metadata, an outline
with every part and chapter of _toc.yml, page numbers that run through the whole document, links
between chapters that stay inside the PDF, every chapter's title in the text, no blank pages, and
no words for controls that paper does not have."""

import html
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "probation-stats.pdf"
SITE = ROOT / "_build" / "html"


def _words(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces, as a reader reads it."""
    return re.sub(r"\s+", " ", text).strip()


@cache
def _reader() -> PdfReader:
    assert PDF.is_file(), "no PDF edition: run `bash .ci/build-pdf` (bash .ci/test does)"
    return PdfReader(PDF)


@cache
def _page_texts() -> tuple[str, ...]:
    """The text of every page, as pdftotext reads it (pages end with a form feed)."""
    _reader()
    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    return tuple(_words(page) for page in text.split("\f")[:-1])


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _chapter_title(file: str) -> str:
    """A chapter's h1 as the built HTML page shows it, number included ("1. Who is supervised")."""
    page = (SITE / f"{file}.html").read_text(encoding="utf-8")
    article = page[page.index('<article class="bd-article">'):]
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S).group(1)
    h1 = re.sub(r'<a class="headerlink".*?</a>', "", h1, flags=re.S)
    return _words(html.unescape(re.sub(r"<[^>]+>", "", h1)))


def _parts() -> list[tuple[str, list[str]]]:
    """_toc.yml's parts as (caption, chapter titles from the built pages)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [(part["caption"], [_chapter_title(ch["file"]) for ch in part["chapters"]]) for part in toc["parts"]]


def _outline() -> list[tuple[str, int, list]]:
    """The outline as (title, page number from 1, children) trees."""
    reader = _reader()

    def tree(items):
        nodes = []
        for item in items:
            if isinstance(item, list):
                nodes[-1][2].extend(tree(item))
            else:
                nodes.append((item.title, reader.get_destination_page_number(item) + 1, []))
        return nodes

    return tree(reader.outline)


def test_metadata_is_the_books_title_and_author():
    _reader()
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    config = _config()
    assert fields["Title"].strip() == config["title"]
    assert fields["Author"].strip() == config["author"]


def test_outline_has_every_part_with_its_chapters_in_order():
    intro, *parts = _outline()
    assert intro[0] == _chapter_title("book/intro")          # the root page, before the parts
    assert [(title, [chapter[0] for chapter in chapters]) for title, _page, chapters in parts] == _parts()


def test_outline_entries_open_the_page_that_shows_their_title():
    intro, *parts = _outline()
    chapters = [intro] + [chapter for _title, _page, part in parts for chapter in part]
    sections = [section for chapter in chapters for section in chapter[2]]
    assert len(sections) >= 20, "the chapters' sections (h2) are missing from the outline"
    pages = _page_texts()
    for title, page, _children in chapters + sections:
        assert title in pages[page - 1], f"outline entry {title!r} points at page {page}, which does not show it"


def test_page_numbers_run_through_the_whole_document():
    pages = _page_texts()
    total = len(_reader().pages)
    assert len(pages) == total
    assert "Page 1 of" not in pages[0]   # the title page carries no number
    # The first page of every chapter, and the last page: numbering never restarts.
    firsts = [page for _title, _page, part in _outline()[1:] for _chapter, page, _sections in part]
    assert len(firsts) == sum(len(chapters) for _, chapters in _parts())
    for k in sorted({2, *firsts, total}):
        assert f"Page {k} of {total}" in pages[k - 1], f"page {k} does not say 'Page {k} of {total}'"
    assert firsts == sorted(firsts) and firsts[-1] > firsts[0] + 50


def test_every_chapter_title_is_in_the_text():
    text = " ".join(_page_texts())
    for _caption, titles in _parts():
        for title in titles:
            assert title in text


def test_links_between_chapters_stay_inside_the_pdf():
    # The pages were printed from a local server: a link to it would lead nowhere on a reader's
    # machine. Links between pages of the book go to the page in the PDF instead.
    reader = _reader()
    uris, internal = [], 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
            elif annot.get("/Dest") is not None:
                internal += 1
    local = [u for u in uris if re.match(r"https?://(127\.0\.0\.1|localhost|\[::1\])", u)]
    assert local == []
    assert internal >= 20
    assert all(u.startswith(("https://", "http://")) for u in uris)


def _ink(pgm: Path) -> float:
    """Share of pixels darker than near-white in a binary PGM (P5) image."""
    data = pgm.read_bytes()
    parts = data.split(maxsplit=4)          # magic, width, height, maxval, pixels
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][: width * height]
    return sum(1 for b in pixels if b < 230) / len(pixels)


def test_pdf_pages_are_not_blank(tmp_path):
    n_pages = len(_reader().pages)
    assert n_pages >= 12
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(PDF), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == n_pages
    blank = [img.name for img in images if _ink(img) < 0.002]
    assert blank == []


# Labels of on-screen controls (buttons, toggles, table hints) that print_pdf.mjs hides.
CONTROL_WORDING = [
    r"click to (show|hide)", r"show (code|source|output)", r"hide (code|source|output)", r"copy to clipboard",
    r"scrolls? sideways", r"\bto sort\b", r"\bsort by\b", r"back to top", r"ctrl\s*\+\s*k",
    r"search this book", r"open in (colab|binder)", r"\bdownload (csv|png|svg|data)\b", r"view source",
]


def test_no_labels_of_screen_controls():
    text = " ".join(_page_texts())
    found = {pattern: m.group(0) for pattern in CONTROL_WORDING if (m := re.search(pattern, text, re.I))}
    assert found == {}


def test_no_prose_about_buttons_or_downloads():
    text = " ".join(_page_texts())
    assert not re.search(r"\bbuttons?\b|\bdownload", text, re.I)


def _figures_with_legends():
    """(figure title, legend titles) for every chart on the report's pages, from the built HTML."""
    import json as json_lib
    import re as re_lib

    site = ROOT / "_build" / "html"
    out = []
    for page in sorted((site / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for fig in re_lib.finditer(r'<figure class="ps-figure" id="figure-([^"]+)">(.*?)</figure>', text, flags=re_lib.S):
            title = re_lib.search(r'<span class="ps-figure-title">(.*?)</span>', fig.group(2), flags=re_lib.S)
            embed = fig.group(2).find("vegaEmbed(el, ")
            if not title or embed < 0:
                continue
            spec, _ = json_lib.JSONDecoder().raw_decode(fig.group(2)[embed + len("vegaEmbed(el, "):])
            legends = set()

            def walk(node):
                if isinstance(node, dict):
                    enc = node.get("encoding", {})
                    for channel in ("color", "shape", "strokeDash", "fill"):
                        e = enc.get(channel)
                        if isinstance(e, dict) and e.get("legend", {}) is not None and isinstance(e.get("title"), str):
                            legends.add(e["title"])
                    for v in node.values():
                        walk(v)
                elif isinstance(node, list):
                    for v in node:
                        walk(v)

            walk(spec)
            if legends:
                out.append((page.stem, re_lib.sub(r"<[^>]+>", "", title.group(1)), legends))
    return out


def test_every_chart_prints_with_its_legend():
    # The page of the PDF that shows a chart's title also shows its legend's title.
    import html as html_lib

    figures = _figures_with_legends()
    assert len(figures) >= 8
    n_pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True,
                                                                    check=True).stdout.splitlines() if line.startswith("Pages:")))
    pages = [subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), str(PDF), "-"], capture_output=True, text=True,
                            check=True).stdout for k in range(1, n_pages + 1)]
    flat = [" ".join(p.split()) for p in pages]
    missing = []
    for chapter, title, legends in figures:
        start = " ".join(html_lib.unescape(title).split())[:40]
        hits = [k for k, p in enumerate(flat) if start in p]
        if not hits:
            missing.append((chapter, title[:60], "title not found"))
            continue
        page = flat[hits[0]] + " " + (flat[hits[0] + 1] if hits[0] + 1 < len(flat) else "")
        for legend in legends:
            if legend not in page:
                missing.append((chapter, title[:60], legend))
    assert missing == []
