"""How many lines of a chapter's code do work that belongs in the package.

The rule (issue: "thin notebooks"): a chapter's code loads, calls the package, glues and draws.
Each top-level statement of each code cell is parsed and counted by its non-blank,
non-comment lines, except

* imports;
* glue: a call of ``glue(...)`` as a statement;
* chart specifications: an expression or assignment that uses altair (``alt.``) or the package's
  charts module (``charts.``), or a call of ``display(...)``, ``show(...)`` or ``reader_table(...)``
  (a table drawn on the page: its caption and column labels are its specification), or
  ``HTML(...)`` of markup the package made;
* a ``for`` loop or ``if`` whose every statement is one of these, and a ``def`` whose body is
  only a docstring and such statements or ``return`` of a chart (a chart drawn at two widths).

Everything else counts: loading, calling the package, wrangling, and any other ``def`` (a
function that computes belongs in the package). A chapter may spend at most ``BUDGET`` such lines.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

BUDGET = 40
_CHART = re.compile(r"\balt\.|\bcharts\.")
_FREE_CALLS = {"glue", "display", "show", "reader_table", "HTML"}


def _code_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def _free(node: ast.stmt, text: str) -> bool:
    if isinstance(node, ast.FunctionDef):
        body = node.body[1:] if ast.get_docstring(node) else node.body
        return all(_free(child, text) for child in body)
    if isinstance(node, ast.Return) and node.value is not None:
        return bool(_CHART.search(ast.get_source_segment(text, node) or ""))
    if isinstance(node, (ast.For, ast.If)):
        return all(_free(child, text) for child in node.body + node.orelse)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in _FREE_CALLS:
            return True
    if isinstance(node, (ast.Expr, ast.Assign)):
        return bool(_CHART.search(ast.get_source_segment(text, node) or ""))
    return False


def counted_lines(notebook: Path) -> int:
    """Lines of the notebook's code that are neither import, glue nor chart specification."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    total = 0
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        source = "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        lines = source.splitlines()
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            text = "\n".join(lines[node.lineno - 1:node.end_lineno])
            if _free(node, source):
                continue
            total += _code_lines(text)
    return total


def chapter_notebooks(book: Path) -> list[Path]:
    return sorted(p for p in book.glob("*.ipynb"))


if __name__ == "__main__":
    book = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "book")
    for nb in sorted(chapter_notebooks(book), key=counted_lines, reverse=True):
        print(f"{counted_lines(nb):4d}  {nb.stem}")
