"""The PDF edition (`bash .ci/build-pdf`): the report proper in at most 120 A4 pages before the
annex; an annex whose names link to their pages on the published site; no word past the text
block and no text lost at a margin; a tagged document in the book's language; the book's title
and author as its metadata; an outline with each part of the edition and its chapters; page
numbers that run through the whole document; links between chapters that stay inside the PDF;
no blank pages, and no words for controls that paper does not have."""

import collections
import html
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "probation-stats.pdf"
PRINTED = PDF.with_suffix(".json")          # what the document printed (build_pdf.py)
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / ".ci"))
import build_pdf  # noqa: E402  (.ci/build_pdf.py: the edition's parts, page and margins)
import pdf_annex  # noqa: E402  (.ci/pdf_annex.py)

MAX_REPORT_PAGES = 120
MM = 72 / 25.4


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


def _chapter_title(path: str) -> str:
    """A chapter's h1 as the built HTML page shows it, number included ("1. Who is supervised")."""
    page = (SITE / path).read_text(encoding="utf-8")
    article = page[page.index('<article class="bd-article">'):]
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S).group(1)
    h1 = re.sub(r'<a class="headerlink".*?</a>', "", h1, flags=re.S)
    return _words(html.unescape(re.sub(r"<[^>]+>", "", h1)))


def _parts() -> list[tuple[str, list[str]]]:
    """The edition's parts as (caption, chapter titles from the built pages), root page aside."""
    return [(caption, [_chapter_title(p) for p in pages]) for caption, pages in build_pdf.PARTS if caption]


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


def _annex_first_page() -> int | None:
    """The page (from 1) the annex starts on, from the outline; None if there is no annex."""
    return next((page for title, page, _children in _outline() if title == pdf_annex.ANNEX_TITLE), None)


def _uris(pages) -> list[tuple[int, str]]:
    """(page from 1, address) of every link to a web address on the given pages (from 1)."""
    reader = _reader()
    out = []
    for k in pages:
        for annot in reader.pages[k - 1].get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                out.append((k, str(action.get_object()["/URI"])))
    return out


# ---- what the edition holds, and how long it is -------------------------------------------------


def test_report_fits_in_120_pages_before_the_annex():
    first = _annex_first_page()
    before = (first - 1) if first else len(_reader().pages)
    assert first is not None and before <= MAX_REPORT_PAGES, \
        f"{before} pages before the annex (annex {'found' if first else 'missing'}); at most {MAX_REPORT_PAGES}"


def test_annex_names_link_to_their_pages_on_the_site():
    from probation_stats.derived.unit_profiles import entity_index

    first = _annex_first_page()
    assert first is not None, "no annex in the outline"
    site = build_pdf.site_url(_config())
    assert site.startswith("https://") and "127.0.0.1" not in site
    links = {uri for _k, uri in _uris(range(first, len(_reader().pages) + 1))}
    index = entity_index(ROOT / "data")
    expected = {pdf_annex.unit_url(site, unit_id) for unit_id in index.unit_id}
    assert len(expected) >= 100
    assert expected - links == set(), "annex names without a link to their page on the site"
    annex_text = " ".join(_page_texts()[first - 1:])
    assert [name for name in index.name if _words(name) not in annex_text] == []


def test_the_annex_says_what_a_unit_page_says():
    # Known answers from the data: Dorset, Devon and Cornwall CRC was rated Inadequate in the
    # 2018/19 round; Durham Tees Valley CRC Good in the 2019/20 round.
    annex = pdf_annex.annex_html(ROOT / "data", "https://example.org/r/")
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>(.*?)</tr>", annex)]
    flat = [[c for c in row.split("|") if c] for row in rows]
    assert ["Dorset, Devon and Cornwall CRC", "2018/19 round", "Inadequate"] in flat
    assert any(row[-2:] == ["2019/20 round", "Good"] for row in flat)
    assert annex.count('href="https://example.org/r/book/units/') == len(set(re.findall(r'book/units/([^".]+)\.html', annex)))


# ---- nothing cut at a margin ---------------------------------------------------------------------


def _words_outside(pdf: Path, margins_mm, footer_words=re.compile(r"^(Page|of|\d+)$")) -> list[tuple]:
    """Words (page, text, box) that reach past the text block, margins (top, right, bottom,
    left) in mm, by pdftotext's word boxes; the page number in the bottom margin aside."""
    top, right, bottom, left = (m * MM for m in margins_mm)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bad = []
    for n, page in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S), start=1):
        width, height = float(page.group(1)), float(page.group(2))
        for w in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>',
                             page.group(3)):
            x0, y0, x1, y1 = map(float, w.groups()[:4])
            text = html.unescape(w.group(5))
            if y0 >= height - bottom and footer_words.match(text):
                continue
            # 2 pt of slack: Chromium lays out an A4 of 210 mm but writes a page 0.3 pt narrower,
            # and a glyph's box may pass its advance.
            if x0 < left - 2 or x1 > width - right + 2 or y0 < top - 2 or y1 > height - bottom + 2:
                bad.append((n, text, round(x0), round(y0), round(x1), round(y1)))
    return bad


def test_no_word_beyond_the_text_block():
    assert _words_outside(PDF, build_pdf.MARGINS_MM) == []


def _normal(text: str) -> str:
    """Lower case, hyphens dropped: pdftotext joins "probation-" at a line's end to the "stats"
    on the next as "probationstats", so a hyphenated word counts as one word on both sides."""
    return re.sub(r"[-\u2010\u2011]", "", text.lower())


def _tokens(text: str) -> collections.Counter:
    return collections.Counter(re.findall(r"[^\W_]+", _normal(text)))


def missing_words(printed_text: str, pdf_text: str) -> collections.Counter:
    """Words of the printed document (as many times as it has them) that the PDF lacks.

    Chromium clips a page at its margins and leaves out of the PDF every glyph past them, so
    text cut at a margin is not beyond the text block in the PDF: it is missing from it. A word
    a narrow table cell broke across two lines ("accommodatio" / "n") is there, in two pieces."""
    missing = _tokens(printed_text) - _tokens(pdf_text)
    pdf = _normal(pdf_text)
    for word in list(missing):
        split = sum(len(re.findall(rf"(?<![^\W_]){re.escape(word[:k])}\s+{re.escape(word[k:])}(?![^\W_])", pdf))
                    for k in range(1, len(word)))
        missing[word] -= split
    return +missing


def test_no_text_lost_at_a_margin():
    assert PRINTED.is_file(), "no record of what the document printed: run `bash .ci/build-pdf`"
    printed = json.loads(PRINTED.read_text(encoding="utf-8"))
    # Nothing was laid out wider than the text block ...
    assert printed["overflow"] == []
    # ... and every word the document prints is in the PDF.
    assert sum(_tokens(printed["text"]).values()) > 20000
    pdf_text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    assert dict(missing_words(printed["text"], pdf_text)) == {}


# ---- tagged, in its language, with its metadata ---------------------------------------------------


def test_tagged_with_its_language():
    _reader()
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    fields = {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in info.splitlines() if ":" in line)}
    assert fields["Tagged"] == "yes"
    root = _reader().trailer["/Root"]
    assert str(root.get("/Lang")) == build_pdf.LANG
    tree = root["/StructTreeRoot"].get_object()
    assert tree.get("/K") is not None and tree.get("/ParentTree") is not None


def test_metadata_is_the_books_title_and_author():
    _reader()
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    config = _config()
    assert fields["Title"].strip() == config["title"]
    assert fields["Author"].strip() == config["author"]


# ---- outline, page numbers, links -----------------------------------------------------------------


def test_outline_has_every_part_with_its_chapters_in_order():
    intro, *parts, annex = _outline()
    assert intro[0] == _chapter_title("book/intro.html")          # the root page, before the parts
    assert [(title, [chapter[0] for chapter in chapters]) for title, _page, chapters in parts] == _parts()
    assert annex[0] == pdf_annex.ANNEX_TITLE


def test_outline_entries_open_the_page_that_shows_their_title():
    intro, *parts, annex = _outline()
    chapters = [intro] + [chapter for _title, _page, part in parts for chapter in part]
    sections = [section for chapter in chapters for section in chapter[2]]
    assert len(sections) >= 20, "the chapters' sections (h2) are missing from the outline"
    pages = _page_texts()
    for title, page, _children in chapters + sections + [annex]:
        assert title in pages[page - 1], f"outline entry {title!r} points at page {page}, which does not show it"


def test_page_numbers_run_through_the_whole_document():
    pages = _page_texts()
    total = len(_reader().pages)
    assert len(pages) == total
    assert "Page 1 of" not in pages[0]   # the title page carries no number
    # The first page of every chapter, and the last page: numbering never restarts.
    firsts = [page for _title, _page, part in _outline()[1:-1] for _chapter, page, _sections in part]
    assert len(firsts) == sum(len(chapters) for _, chapters in _parts())
    for k in sorted({2, *firsts, total}):
        assert f"Page {k} of {total}" in pages[k - 1], f"page {k} does not say 'Page {k} of {total}'"
    assert firsts == sorted(firsts) and firsts[-1] > firsts[0] + 40


def test_every_chapter_title_is_in_the_text():
    text = " ".join(_page_texts())
    for _caption, titles in _parts():
        for title in titles:
            assert title in text


def test_links_between_chapters_stay_inside_the_pdf():
    # The pages were printed from a local server: a link to it would lead nowhere on a reader's
    # machine. Links between printed pages go to the page in the PDF; links to pages only the
    # website has go to the published site.
    reader = _reader()
    uris = [uri for _k, uri in _uris(range(1, len(reader.pages) + 1))]
    internal = sum(1 for page in reader.pages for annot in page.get("/Annots") or []
                   if annot.get_object().get("/Dest") is not None
                   or (annot.get_object().get("/A") is not None and annot.get_object()["/A"].get("/S") == "/GoTo"))
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


# Labels of on-screen controls (buttons, toggles, table hints) that print_pdf.mjs removes.
CONTROL_WORDING = [
    r"click to (show|hide)", r"show (code|source|output)", r"hide (code|source|output)", r"copy to clipboard",
    r"scrolls? sideways", r"\bto sort\b", r"\bsort by\b", r"back to top", r"ctrl\s*\+\s*k",
    r"search this book", r"open in (colab|binder)", r"\bdownload (csv|png|svg|data)\b", r"view source",
    r"find in this (table|list)",
]


def test_no_labels_of_screen_controls():
    text = " ".join(_page_texts())
    found = {pattern: m.group(0) for pattern in CONTROL_WORDING if (m := re.search(pattern, text, re.I))}
    assert found == {}


def test_no_prose_about_buttons_or_downloads():
    text = " ".join(_page_texts())
    assert not re.search(r"\bbuttons?\b|\bdownload", text, re.I)


def _figures_with_legends():
    """(page, figure title, legend titles) for every chart on the printed pages, from the built HTML."""
    out = []
    for path in build_pdf.printed_pages():
        text = (SITE / path).read_text(encoding="utf-8")
        for fig in re.finditer(r'<figure class="ps-figure" id="figure-([^"]+)">(.*?)</figure>', text, flags=re.S):
            title = re.search(r'<span class="ps-figure-title">(.*?)</span>', fig.group(2), flags=re.S)
            embed = fig.group(2).find("vegaEmbed(el, ")
            if not title or embed < 0:
                continue
            spec, _ = json.JSONDecoder().raw_decode(fig.group(2)[embed + len("vegaEmbed(el, "):])
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
                out.append((path, re.sub(r"<[^>]+>", "", title.group(1)), legends))
    return out


def test_every_chart_prints_with_its_legend():
    # The page of the PDF that shows a chart's title also shows its legend's title.
    figures = _figures_with_legends()
    assert len(figures) >= 8
    flat = list(_page_texts())
    missing = []
    for chapter, title, legends in figures:
        start = _words(html.unescape(title))[:40]
        hits = [k for k, p in enumerate(flat) if start in p]
        if not hits:
            missing.append((chapter, title[:60], "title not found"))
            continue
        page = flat[hits[0]] + " " + (flat[hits[0] + 1] if hits[0] + 1 < len(flat) else "")
        for legend in legends:
            if legend not in page:
                missing.append((chapter, title[:60], legend))
    assert missing == []


def test_words_outside_finds_a_word_past_the_margin(tmp_path):
    # The check itself, on a page printed with no margin and a word reaching past where the
    # edition's right margin begins (195 mm), still on the page.
    page = tmp_path / "wide.html"
    page.write_text('<!doctype html><html lang="en"><style>@page { size: 210mm 297mm; margin: 0 }</style>'
                    '<p style="margin: 40mm 0 0 40mm">inside</p>'
                    '<p style="margin: 0 0 0 187mm; white-space: nowrap">outside</p></html>', encoding="utf-8")
    out = tmp_path / "wide.pdf"
    chromium = os.environ.get("CHROMIUM_PATH", "chromium")        # as tests/browser/launch.mjs
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", page.as_uri()], check=True, capture_output=True, timeout=120)
    found = [w[1] for w in _words_outside(out, (14, 15, 16, 15))]
    assert "outside" in found and "inside" not in found


def test_the_pdf_prints_every_chapter_of_the_report_in_the_books_order():
    # The PDF's list of chapters is its own (build_pdf.PARTS); the site's is _toc.yml. A chapter
    # added to the site must reach the PDF too (the reoffending chapter once did not).
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    report = next(p for p in toc["parts"] if p["caption"] == "The report")
    site = [f"{c['file']}.html" for c in report["chapters"]]
    printed = dict(build_pdf.PARTS)["The report"]
    assert printed == site
