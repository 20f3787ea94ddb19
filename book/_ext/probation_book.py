"""Sphinx extension for the probation-stats book.

Copies into the built site what readers download: the CSV behind each chart (written by
``probation_stats.charts.figure`` into ``book/chart_data/`` when a notebook runs) and the whole
data package (``data/``), so every "download the data" link works offline.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def _copy_downloads(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    src = Path(app.srcdir)
    out = Path(app.outdir)
    pairs = [(src / "book" / "chart_data", out / "book" / "chart_data"), (src / "data", out / "data")]
    for source, target in pairs:
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


def setup(app):
    app.connect("build-finished", _copy_downloads)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
