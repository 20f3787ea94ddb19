"""Benchmark: how long building the book takes (figures, not a pass/fail test).

Targets, on a 2-core machine:
  * a cold build (notebooks executed side by side, then a clean render) at most 0.65x the
    sequential cold build of the first edition (37.7 s), measured here beside a sequential run
    (--jobs 1) of the same code;
  * a cold build at most 0.75x the sum of the notebooks' own execution times plus a clean
    render (each repeat's ratio is reported as well as the ratio of the medians);
  * a rebuild with no change within 1.1x a bare Sphinx (Jupyter Book) no-op build;
  * a data change re-executes the notebooks (every notebook is keyed on the whole data folder).

Works on a scratch copy of the repository (like tests/test_incremental_build.py), so the working
tree is never touched. Each figure is the median of REPEATS runs.

    .venv/bin/python tests/benchmarks/bench_build.py     # writes book/benchmarks/build.json
"""

import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / ".ci"))
from book_site import scratch_copy  # noqa: E402
OUT = ROOT / "book" / "benchmarks" / "build.json"
REPEATS = 3


def timed(copy: Path, *args) -> float:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    start = time.perf_counter()
    subprocess.run(args, cwd=copy, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def report(copy: Path) -> dict:
    return json.loads((copy / "_build" / "notebook_execution.json").read_text())


def edit_workforce(copy: Path, delta: float) -> None:
    path = copy / "data" / "workforce.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    row = rows[0]  # any figure: the benchmark times what one edited data file re-executes
    row["value"] = f"{float(row['value']) + delta:g}"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    env = {**os.environ, "PYTHONPATH": str(copy)}
    subprocess.run([str(copy / ".venv/bin/python"), "-m", "probation_stats", "rehash"], cwd=copy, env=env, check=True, capture_output=True)


def main():
    figures = {"cold_build": [], "cold_build_sequential": [], "floor_execution": [], "clean_render": [],
               "no_change_rebuild": [], "sphinx_noop": [], "one_data_file_rebuild": [], "strict_nbval": []}
    executed_after_edit = None
    with tempfile.TemporaryDirectory() as tmp:
        copy = scratch_copy(Path(tmp))
        for i in range(REPEATS):
            figures["cold_build"].append(timed(copy, "bash", ".ci/build-book", "--clean", "--force"))
            figures["floor_execution"].append(sum(n["seconds"] for n in report(copy)["notebooks"]))
            figures["cold_build_sequential"].append(timed(copy, "bash", "-c", "rm -rf _build && .venv/bin/python "
                                                          ".ci/run_notebooks.py --force --jobs 1 && PATH=$PWD/.venv/bin:$PATH "
                                                          ".venv/bin/jupyter-book build . --builder html -W --keep-going"))
            # Rendering alone: an empty _build, every notebook reused (nothing executes).
            figures["clean_render"].append(timed(copy, "bash", ".ci/build-book", "--clean"))
            figures["no_change_rebuild"].append(timed(copy, "bash", ".ci/build-book"))
            figures["sphinx_noop"].append(timed(copy, "bash", "-c", "PATH=$PWD/.venv/bin:$PATH .venv/bin/jupyter-book "
                                                "build . --builder html -W --keep-going"))
            edit_workforce(copy, +1 if i % 2 == 0 else -1)
            figures["one_data_file_rebuild"].append(timed(copy, "bash", ".ci/build-book"))
            executed_after_edit = sorted(n["notebook"] for n in report(copy)["notebooks"] if n["executed"])
            figures["strict_nbval"].append(timed(copy, ".venv/bin/python", "-m", "pytest", "book", "--nbval", "-q", "-p", "no:cacheprovider",
                                                 "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"))
    medians = {k: round(statistics.median(v), 2) for k, v in figures.items()}
    result = {
        "benchmark": "building the book on a scratch copy of the repository",
        "repeats": REPEATS,
        "median_seconds": medians,
        "all_seconds": {k: [round(x, 2) for x in v] for k, v in figures.items()},
        "notebooks_executed_after_editing_workforce_csv": executed_after_edit,
        "cold_over_floor_plus_rendering": round(medians["cold_build"] / (medians["floor_execution"] + medians["clean_render"]), 2),
        # The same ratio within each repeat (its cold build, its notebooks' times, its clean render).
        "cold_over_floor_plus_rendering_each_run": [
            round(c / (f + r), 2) for c, f, r in zip(figures["cold_build"], figures["floor_execution"], figures["clean_render"])],
        "cold_parallel_over_sequential": round(medians["cold_build"] / medians["cold_build_sequential"], 2),
        "cold_parallel_over_first_edition": round(medians["cold_build"] / 37.7, 2),
        "no_change_over_sphinx_noop": round(medians["no_change_rebuild"] / medians["sphinx_noop"], 2),
        "notes": "floor = sum of the notebooks' execution times by nbclient in the cold build (they run side by "
                 "side, so the cold build can take less than the floor); first edition = 37.7 s sequential cold build; "
                 "rendering = a build from an empty _build with every notebook reused (Sphinx reading and writing all pages).",
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()},
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
