"""A small book made in a temporary folder, for the executor's staleness tests.

The staleness rules (.ci/run_notebooks.py) and the build script (.ci/build-book) are the
project's own and are copied unchanged, with the package, the data, pyproject.toml and the
book's Sphinx extensions; only the book itself is small: an opening page, the build-status page
and two notebooks. One reads a published figure through the package and glues it into its page;
the other reads a data file through a subprocess, a read no trace in its kernel can see. Every
route by which a page could show old results (a data edit, a changed cell, a changed
environment, a stray file, a failing or corrupt notebook) is exercised on it as on the full
book, in seconds rather than minutes: the full book's notebooks take half a minute to execute
and its 130-odd pages a quarter of a minute to render, for each of the builds these tests run.

The full book's own notebooks are still checked against their stored keys, without executing
anything (`run_notebooks.py --check` on the repository, in test_incremental_build.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What the copy needs from the repository: the build scripts, the package and its data, the
# pins (the notebooks' environment key reads them), the book's extensions and page assets, and
# the lock files whose hash the set-up stamp is taken over.
COPIED = ["probation_stats", "data", "pyproject.toml", ".ci", "book/_ext", "book/static_assets",
          "book/vendor/package-lock.json", "tests/browser/package-lock.json", "book/status.md"]

FIGURE_NOTEBOOK = "book/figure.ipynb"
SUBPROCESS_NOTEBOOK = "book/subprocess_read.ipynb"

# The figure the data-edit test changes: the latest published count of probation officers.
FIGURE_CODE = """\
from myst_nb import glue
from probation_stats.datapackage.loaders import load_official_series

series = load_official_series()
officers = series[(series["measure"] == "po_fte_in_post") & series["date"].notna()]
latest = officers.sort_values("date").iloc[-1]
glue("officers", f"{latest['value']:,.0f}", display=False)
"""

# Reads a table in a child process: nothing in this kernel's trace names the file.
SUBPROCESS_CODE = """\
import subprocess, sys
rows = subprocess.run([sys.executable, "-c", "print(len(open('../data/official_series.csv').readlines()))"],
                      capture_output=True, text=True, check=True).stdout.strip()
print("rows read in a subprocess:", int(rows) > 0)
"""


def _notebook(title: str, code: str) -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "id": "title", "metadata": {},
             "source": f"# {title}\n\nProbation officers in post: {{glue:text}}`officers`\n"
             if "glue" in code else f"# {title}\n"},
            {"cell_type": "code", "execution_count": None, "id": "code", "metadata": {}, "outputs": [],
             "source": code},
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3 (probation-stats)", "language": "python",
                                    "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def _tracked(rel: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", "--", rel], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


def fixture_book(dest: Path) -> Path:
    """Make the small book in ``dest``/book-fixture, its notebooks executed and keyed; returns it.

    Commands run in it need PYTHONPATH set to it (as for ``scratch_copy``), so that every
    process, kernels included, imports the copy's package and reads the copy's data."""
    import os
    import sys

    import yaml

    sys.path.insert(0, str(ROOT / ".ci"))
    from book_site import share_environment

    copy = dest / "book-fixture"
    for top in COPIED:
        for rel in _tracked(top):
            if (ROOT / rel).is_file():
                (copy / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / rel, copy / rel)
    share_environment(copy)   # this checkout's .venv and generated JavaScript, as symlinks

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = "Fixture book"
    # The extension writes the provider and PDU pages at every build; this book leaves them out.
    config["exclude_patterns"] = [*config.get("exclude_patterns", []), "book/units"]
    (copy / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    toc = {"format": "jb-book", "root": "book/intro",
           "chapters": [{"file": FIGURE_NOTEBOOK.removesuffix(".ipynb")},
                        {"file": SUBPROCESS_NOTEBOOK.removesuffix(".ipynb")},
                        {"file": "book/status"}]}
    (copy / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    (copy / "book" / "intro.md").write_text("# A fixture book\n\nTwo notebooks and a status page.\n",
                                            encoding="utf-8")
    (copy / FIGURE_NOTEBOOK).write_text(json.dumps(_notebook("A figure", FIGURE_CODE)), encoding="utf-8")
    (copy / SUBPROCESS_NOTEBOOK).write_text(json.dumps(_notebook("A subprocess read", SUBPROCESS_CODE)),
                                            encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)

    env = {k: v for k, v in os.environ.items() if k not in ("PROBATION_STATS_DATA", "PROBATION_STATS_VALIDATED")}
    env["PYTHONPATH"] = str(copy)
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), ".ci/run_notebooks.py", "--force"],
                            cwd=copy, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError("the fixture book's notebooks did not execute:\n" + result.stderr[-3000:])
    return copy
