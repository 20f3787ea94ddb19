"""Build the PDF edition: print each page of the built book in reading order with Chromium
(code cells and navigation hidden), then join the pages with pdfunite.

    python .ci/build_pdf.py      # needs _build/html; writes _build/pdf/probation-stats.pdf
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_site import ROOT, SITE, reading_order, serve  # noqa: E402  (.ci/book_site.py)

OUT = ROOT / "_build" / "pdf" / "probation-stats.pdf"


def has_ink(pdf_page: Path, threshold: float = 0.002) -> bool:
    """True if more than ``threshold`` of a one-page PDF's pixels are darker than near-white."""
    stem = pdf_page.with_suffix("")
    subprocess.run(["pdftoppm", "-gray", "-r", "20", "-singlefile", str(pdf_page), str(stem)], check=True)
    data = stem.with_suffix(".pgm").read_bytes()
    magic, width, height, _maxval, pixels = data.split(maxsplit=4)
    pixels = pixels[: int(width) * int(height)]
    return sum(1 for b in pixels if b < 230) / len(pixels) > threshold


def main() -> int:
    if not (SITE / "index.html").is_file():
        sys.exit("build the book first: bash .ci/build-book")
    pages = reading_order()
    with tempfile.TemporaryDirectory() as tmp, serve() as base:
        pages_file = Path(tmp) / "pages.json"
        pages_file.write_text(json.dumps(pages))
        subprocess.run(["node", str(ROOT / "tests" / "browser" / "print_pdf.mjs"), base, str(pages_file), tmp], check=True)
        for tool in ("pdfunite", "pdfseparate", "pdftoppm"):
            if shutil.which(tool) is None:
                sys.exit(f"{tool} (Debian package poppler-utils) is needed to assemble the PDF")
        # Split every chapter into pages and keep those with ink: Chromium sometimes carries a
        # few pixels of bottom margin onto an otherwise empty last page.
        kept = []
        for chapter in sorted(Path(tmp).glob("[0-9][0-9][0-9].pdf")):
            subprocess.run(["pdfseparate", str(chapter), str(Path(tmp) / f"{chapter.stem}-page-%03d.pdf")], check=True)
            for page in sorted(Path(tmp).glob(f"{chapter.stem}-page-*.pdf")):
                if has_ink(page):
                    kept.append(str(page))
        OUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdfunite", *kept, str(OUT)], check=True)
    print(f"pdf: {OUT} ({len(pages)} chapters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
