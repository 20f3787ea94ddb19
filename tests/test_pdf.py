"""The PDF edition exists, has a page for every part of the report, and no blank pages."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "probation-stats.pdf"


def _ink(pgm: Path) -> float:
    """Share of pixels darker than near-white in a binary PGM (P5) image."""
    data = pgm.read_bytes()
    parts = data.split(maxsplit=4)          # magic, width, height, maxval, pixels
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][: width * height]
    return sum(1 for b in pixels if b < 230) / len(pixels)


def test_pdf_pages_are_not_blank(tmp_path):
    assert PDF.is_file(), "no PDF edition: run `bash .ci/build-pdf` (bash .ci/test does)"
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    n_pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert n_pages >= 12
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(PDF), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == n_pages
    blank = [img.name for img in images if _ink(img) < 0.002]
    assert blank == []


def test_pdf_contains_the_charts():
    # Charts are vector SVG in the page, so they survive printing as drawing operators, not text;
    # their titles are text, and the chapter on ratings has the ratings chart's title.
    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    assert "Overall inspection rating of each probation provider" in text
    assert "People under probation supervision in England and Wales" in text
