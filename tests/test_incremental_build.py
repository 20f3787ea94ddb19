"""Content-keyed execution: a data edit shows up in the next build, re-executing only the
notebooks that read the edited file; a build with no change re-executes nothing.

Runs the real build scripts on a scratch copy of the repository (the edit is synthetic and
never touches data/ here)."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
from book_site import scratch_copy  # noqa: E402


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return scratch_copy(tmp_path_factory.mktemp("build"))


def _run(copy, *args):
    # PYTHONPATH first, so every process (kernels included) imports the copy's package and data.
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("PROBATION_STATS_DATA", None)
    result = subprocess.run(args, cwd=copy, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _report(copy):
    return {n["notebook"]: n for n in json.loads((copy / "_build" / "notebook_execution.json").read_text())["notebooks"]}


def test_data_edit_reexecutes_only_its_readers_and_reaches_the_page(scratch):
    _run(scratch, "bash", ".ci/build-book")
    assert not any(n["executed"] for n in _report(scratch).values()), "committed notebooks should be current"

    path = scratch / "data" / "workforce.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    target = max((r for r in rows if r["measure"] == "staff_in_post_fte" and r["provider_type"] == "NPS"), key=lambda r: r["period"])
    old = float(target["value"])
    target["value"] = f"{old + 1:g}"   # synthetic edit in the scratch copy
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    _run(scratch, sys.executable, "-m", "probation_stats", "rehash")

    _run(scratch, "bash", ".ci/build-book")
    report = _report(scratch)
    readers = {nb for nb in report
               if "data/workforce.csv" in json.loads((scratch / nb).read_text())["metadata"]["probation_stats"]["inputs"]}
    executed = {nb for nb, n in report.items() if n["executed"]}
    assert "book/workforce.ipynb" in executed
    assert executed == readers, (executed, readers)
    assert "book/caseload.ipynb" not in executed
    page = (scratch / "_build" / "html" / "book" / "workforce.html").read_text(encoding="utf-8")
    assert f"{old + 1:,.0f}" in page

    _run(scratch, "bash", ".ci/build-book")
    assert not any(n["executed"] for n in _report(scratch).values())


def test_check_mode_flags_a_stale_notebook(scratch):
    nb_path = scratch / "book" / "benchmarks.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "synthetic-extra", "metadata": {},
                        "outputs": [], "source": "1 + 1"})
    nb_path.write_text(json.dumps(nb))
    env = {**os.environ, "PYTHONPATH": str(scratch)}
    result = subprocess.run([sys.executable, ".ci/run_notebooks.py", "--check"], cwd=scratch, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "book/benchmarks.ipynb: code changed" in result.stderr
