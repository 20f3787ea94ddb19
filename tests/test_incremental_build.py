"""Nothing stale, and failures that say why: the executor's key, its refusals and its messages.

Runs the real build scripts (.ci/build-book, .ci/run_notebooks.py) and the real package, data and
extensions on a small book made in a temporary folder (tests/fixture_book.py): two notebooks
instead of twelve, so each build takes seconds. Edits are synthetic and never touch data/ here.
Each test reproduces one route by which a page could once show old results. The full book's
committed notebooks are checked against their stored keys without executing anything.
"""

import contextlib
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fixture_book import FIGURE_NOTEBOOK, SUBPROCESS_NOTEBOOK, fixture_book  # noqa: E402


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return fixture_book(tmp_path_factory.mktemp("build"))


def _env(copy, pythonpath=True):
    # PYTHONPATH first, so every process (kernels included) imports the copy's package and data.
    env = {k: v for k, v in os.environ.items() if k not in ("PROBATION_STATS_DATA", "PROBATION_STATS_VALIDATED")}
    if pythonpath:
        env["PYTHONPATH"] = str(copy)
    else:
        env.pop("PYTHONPATH", None)
    return env


def _run(copy, *args, ok=True, pythonpath=True):
    result = subprocess.run(args, cwd=copy, env=_env(copy, pythonpath), capture_output=True, text=True, timeout=1200)
    if ok:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@contextlib.contextmanager
def _temporarily(path: Path, content: bytes):
    """``path`` holds ``content`` inside the block, and its original bytes again after it."""
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield
    finally:
        path.write_bytes(original)


def _with_extra_cell(path: Path, cell_id: str, source: str) -> bytes:
    nb = json.loads(path.read_text())
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {},
                        "outputs": [], "source": source})
    return json.dumps(nb).encode()


def _report(copy):
    return {n["notebook"]: n for n in json.loads((copy / "_build" / "notebook_execution.json").read_text())["notebooks"]}


def _edit_workforce(copy, delta):
    """Add ``delta`` to the latest published count of probation officers (every source stating it),
    a figure the workforce chapter prints; returns the new value."""
    path = copy / "data" / "official_series.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    chosen = [r for r in rows if r["measure"] == "po_fte_in_post" and r["date"]]
    latest = max(r["date"] for r in chosen)
    targets = [r for r in chosen if r["date"] == latest]
    new = float(targets[0]["value"]) + delta
    for r in targets:
        r["value"] = f"{new:g}"   # synthetic edit in the scratch copy
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    _run(copy, sys.executable, "-m", "probation_stats", "rehash")
    return new


def test_the_full_books_committed_notebooks_match_their_stored_keys():
    # Nothing executes: every committed notebook's stored key (code, environment, data, package,
    # traced inputs) must still hold, so the book as committed is the book its inputs give.
    result = subprocess.run([sys.executable, ".ci/run_notebooks.py", "--check"], cwd=ROOT, env=_env(ROOT),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def test_data_edit_reexecutes_and_reaches_the_page_then_nothing_runs(scratch):
    _run(scratch, "bash", ".ci/build-book")
    assert not any(n["executed"] for n in _report(scratch).values()), "fresh notebooks should be current"

    new = _edit_workforce(scratch, 1)
    _run(scratch, "bash", ".ci/build-book")
    report = _report(scratch)
    # The whole data folder is in every notebook's key (reads by a subprocess, through glob or
    # with dir_fd cannot escape it), so every notebook re-runs, the one that prints it included.
    assert len(report) == 2
    assert all(n["executed"] and n["reason"] == "data, package or book inputs changed" for n in report.values())
    page = (scratch / "_build" / "html" / FIGURE_NOTEBOOK.replace(".ipynb", ".html")).read_text(encoding="utf-8")
    assert f"{new:,.0f}" in page
    # One fingerprint everywhere: the status page's body and every footer agree.
    fingerprint = subprocess.run([sys.executable, "-c", "import probation_stats as ps; print(ps.data_fingerprint())"],
                                 cwd=scratch, env=_env(scratch), capture_output=True, text=True).stdout.strip()
    assert len(fingerprint) >= 8
    for name in ("book/status.html", FIGURE_NOTEBOOK.replace(".ipynb", ".html"), "book/intro.html"):
        assert fingerprint in (scratch / "_build" / "html" / name).read_text(encoding="utf-8"), name

    _run(scratch, "bash", ".ci/build-book")
    assert not any(n["executed"] for n in _report(scratch).values())


def test_a_read_through_a_subprocess_is_still_keyed(scratch):
    # A notebook that reads a table through a subprocess leaves no trace in its kernel; the
    # whole-folder key still marks it stale after the table changes.
    _edit_workforce(scratch, 1)
    result = _run(scratch, sys.executable, ".ci/run_notebooks.py", "--check", ok=False)
    assert result.returncode == 1
    assert f"{SUBPROCESS_NOTEBOOK}: data, package or book inputs changed" in result.stderr
    assert f"{FIGURE_NOTEBOOK}: data, package or book inputs changed" in result.stderr
    _run(scratch, sys.executable, ".ci/run_notebooks.py")   # current again for the tests after this


def test_environment_change_makes_every_notebook_stale(scratch):
    import nbformat

    sys.path.insert(0, str(ROOT / ".ci"))
    import run_notebooks as rn

    nb = nbformat.read(scratch / SUBPROCESS_NOTEBOOK, as_version=4)
    env = dict(nb.metadata["probation_stats"]["environment"])
    env["pandas"] = "0.0.1"
    assert rn.why_stale(nb, nb.metadata["probation_stats"]["inputs_key"], env).startswith("environment changed (pandas")
    env = dict(nb.metadata["probation_stats"]["environment"], python="2.7.18")
    assert "python" in rn.why_stale(nb, nb.metadata["probation_stats"]["inputs_key"], env)


def test_a_copied_checkout_refuses_to_build_from_the_original(scratch):
    # Without PYTHONPATH the copy's shared .venv imports the original checkout's package through
    # its editable install: exactly what `cp -a` of a checkout with its .venv does.
    result = _run(scratch, sys.executable, ".ci/run_notebooks.py", ok=False, pythonpath=False)
    assert result.returncode == 1
    assert "refusing to build" in result.stderr and "not this checkout's" in result.stderr


def test_an_undescribed_file_in_data_stops_the_build(scratch):
    stray = scratch / "data" / "synthetic_stray.csv"
    stray.write_text("a,b\n1,2\n", encoding="utf-8")
    try:
        result = _run(scratch, sys.executable, ".ci/run_notebooks.py", ok=False)
        assert result.returncode == 1
        assert "synthetic_stray.csv: is in the data folder but not described" in result.stderr
    finally:
        stray.unlink()


def test_a_failing_notebook_prints_its_name_and_the_error(scratch):
    nb_path = scratch / FIGURE_NOTEBOOK
    failing = _with_extra_cell(nb_path, "synthetic-error", "import probation_stats as ps\n"
                               "raise ps.DataError('synthetic.csv', 'a synthetic problem', line=7, field='rating')")
    with _temporarily(nb_path, failing):
        result = _run(scratch, sys.executable, ".ci/run_notebooks.py", FIGURE_NOTEBOOK, ok=False)
        assert result.returncode == 1
        assert (f"FAILED {FIGURE_NOTEBOOK}: DataError: synthetic.csv, line 7, field 'rating': a synthetic problem"
                in result.stderr), result.stderr[-2000:]
        assert json.loads(nb_path.read_text())["cells"][-1]["id"] == "synthetic-error"   # not half-written


def test_a_corrupt_notebook_is_named(scratch):
    with _temporarily(scratch / SUBPROCESS_NOTEBOOK, b""):
        result = _run(scratch, sys.executable, ".ci/run_notebooks.py", "--check", ok=False)
        assert result.returncode == 1
        assert f"FAILED {SUBPROCESS_NOTEBOOK}: not a readable notebook" in result.stderr


def test_check_mode_flags_a_stale_notebook(scratch):
    nb_path = scratch / FIGURE_NOTEBOOK
    with _temporarily(nb_path, _with_extra_cell(nb_path, "synthetic-extra", "1 + 1")):
        result = _run(scratch, sys.executable, ".ci/run_notebooks.py", "--check", ok=False)
        assert result.returncode == 1
        assert f"{FIGURE_NOTEBOOK}: code changed" in result.stderr


def test_the_site_data_folder_mirrors_data_exactly(tmp_path):
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from probation_book import _mirror

    source, target = tmp_path / "data", tmp_path / "site" / "data"
    source.mkdir()
    (source / "new_name.csv").write_text("a\n1\n")
    target.mkdir(parents=True)
    (target / "old_name.csv").write_text("a\n0\n")   # a renamed table's old file
    _mirror(source, target)
    assert sorted(p.name for p in target.iterdir()) == ["new_name.csv"]
    assert not list((tmp_path / "site").glob(".data.*"))
