"""Thin notebooks: every chapter's code loads, calls the package, glues and draws; at most
BUDGET lines of anything else (the counting rule: tests/notebook_budget.py)."""

import json

import pytest

from tests.notebook_budget import BUDGET, chapter_notebooks, counted_lines
from tests.conftest import ROOT

CHAPTERS = chapter_notebooks(ROOT / "book")


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_a_chapter_spends_at_most_the_budget_on_code_that_is_not_glue_or_drawing(notebook):
    assert counted_lines(notebook) <= BUDGET, f"{notebook.name}: move the wrangling into the package"


def _notebook(tmp_path, *cells):
    path = tmp_path / "synthetic.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "source": c, "outputs": []} for c in cells],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_the_counter_counts_wrangling_and_functions_but_not_glue_charts_or_imports(tmp_path):
    path = _notebook(
        tmp_path,
        "import pandas as pd\nfrom myst_nb import glue\n# a comment\n",
        "frame = pd.DataFrame({'a': [1, 2]})\nframe = frame.assign(b=frame.a * 2)\n",     # 2 counted
        "glue('n', len(frame), display=False)\nfor i in range(2):\n    glue(f'x{i}', i)\n",  # free
        "chart = alt.Chart(frame).mark_bar()\ncharts.figure(chart, name='x')\n",           # free
        "def helper(x):\n    y = x + 1\n    return y\n",                                   # 3 counted
        "def wide(width):\n    'A chart at one width.'\n    return alt.Chart(frame).properties(width=width)\n",  # free
        "for i in range(2):\n    total = i\n    glue('t', total)\n",                        # 3 counted
    )
    assert counted_lines(path) == 8
