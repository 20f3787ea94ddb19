"""Execute the book's notebooks when, and only when, something they depend on has changed;
independent notebooks run in parallel, one kernel per core.

Jupyter Book's own cache keys a notebook on its code cells alone, so an edited CSV or a change in
probation_stats would leave old results on the page (MyST-NB issue 299). Here each notebook is
keyed on everything its results can depend on, with no way round it:

* its code cells (markdown edits never trigger execution);
* the environment: the Python version and the installed version of every pinned package
  (a pin change re-runs every notebook);
* the whole data folder (every file's name and sha256): a notebook reads data only through
  probation_stats, which validates the whole package before any table is read, so every
  notebook that loads data depends on every data file anyway; keying on the folder also
  covers reads no trace can see (by a subprocess, through ``glob``, with ``dir_fd``);
* the source of the probation_stats package, pyproject.toml and the book's input folder
  (``book/benchmarks``);
* any other file of the repository its kernel opened when it last ran (recorded by an audit
  hook in probation_stats, see probation_stats/report/read_tracer.py).

The key and the list of traced inputs are stored in the notebook's metadata (``probation_stats``)
when it runs; a notebook whose stored key matches is reused as committed. Notebooks are written
atomically (a killed run leaves the old notebook whole). A failing notebook stops the build with
its name and the exception's own message (a DataError names file, line and field). A report of
what ran, why and how long it took is written to _build/notebook_execution.json.

Before anything runs, the executor checks that the environment's probation_stats and Jupyter
kernel are this checkout's (a copied checkout with its .venv would otherwise build from the
original's package and data).

    python .ci/run_notebooks.py [--force] [--check] [--jobs N] [book/NAME.ipynb ...]

--force executes every notebook; --check executes nothing and exits 1 if any is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
REPORT = ROOT / "_build" / "notebook_execution.json"
META = "probation_stats"
# Folders and files every notebook's results may depend on (hashed whole, see the docstring).
INPUT_TREES = ["data", "probation_stats", "book/benchmarks"]
INPUT_FILES = ["pyproject.toml"]
# Files read by every kernel that say nothing about a notebook's results.
IGNORED_PARTS = {".venv", "site-packages", "__pycache__", ".ipython", ".jupyter", "node_modules"}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_key(rel: str) -> str | None:
    path = ROOT / rel
    return sha256_bytes(path.read_bytes()) if path.is_file() else None


def tree_key() -> str:
    """Every file of the input folders and files, by relative path and content."""
    digest = hashlib.sha256()
    for top in INPUT_TREES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for rel in INPUT_FILES:
        digest.update(rel.encode() + b"\0" + (file_key(rel) or "-").encode())
    return digest.hexdigest()


def environment_key() -> dict[str, str]:
    """The Python version and the installed version of every package pinned in pyproject."""
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["dev"]
    versions = {"python": platform.python_version()}
    for pin in pins:
        name = re.split(r"[=<>!~\[ ;]", pin, maxsplit=1)[0]
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _source(cell) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def code_key(nb) -> str:
    """Key of a notebook's code cells (a notebook read as plain JSON, or by nbformat)."""
    code = [_source(cell) for cell in nb["cells"] if cell["cell_type"] == "code"]
    return sha256_bytes(json.dumps([nb["metadata"].get("kernelspec", {}).get("name", ""), code]).encode())


def why_stale(nb, inputs: str, env: dict) -> str | None:
    """None if the stored key still holds, else a short reason."""
    stamp = nb["metadata"].get(META)
    if not stamp:
        return "never executed by this tool"
    if stamp.get("code") != code_key(nb):
        return "code changed"
    if stamp.get("environment") != env:
        old = stamp.get("environment") or {}
        changed = sorted(k for k in set(old) | set(env) if old.get(k) != env.get(k))
        return "environment changed (" + ", ".join(changed[:4]) + ")"
    if stamp.get("inputs_key") != inputs:
        return "data, package or book inputs changed"
    for rel, key in sorted(stamp.get("inputs", {}).items()):
        if file_key(rel) != key:
            return f"{rel} changed"
    return None


def traced_inputs(trace_file: Path, notebook: Path) -> dict[str, str]:
    """Files of the repository the kernel opened, outside the folders already keyed whole."""
    inputs = {}
    if not trace_file.exists():
        return inputs
    for line in trace_file.read_text(encoding="utf-8").splitlines():
        path = Path(line)
        try:
            rel = path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            continue  # outside the repository: the Python installation, the kernel's own files
        if set(Path(rel).parts) & IGNORED_PARTS or rel.startswith(("_build/", ".git/")):
            continue
        if any(rel == top or rel.startswith(top + "/") for top in INPUT_TREES) or rel in INPUT_FILES:
            continue
        if path.resolve() == notebook.resolve() or not path.is_file():
            continue
        inputs[rel] = file_key(rel)
    return inputs


def check_environment() -> str | None:
    """Why this environment would build from another checkout (None if it is this one's)."""
    import importlib.util

    spec = importlib.util.find_spec("probation_stats")
    origin = Path(spec.origin).resolve() if spec and spec.origin else None
    if origin is None or not origin.is_relative_to(ROOT / "probation_stats"):
        return (f"the environment's probation_stats is {origin}, not this checkout's ({ROOT / 'probation_stats'}); "
                "run `bash .ci/setup` here to install this checkout into its .venv")
    # The kernel .ci/setup installs into the venv (read directly: jupyter_client is slow to import).
    spec_file = ROOT / ".venv" / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    try:
        argv0 = json.loads(spec_file.read_text(encoding="utf-8"))["argv"][0]
    except (OSError, ValueError, KeyError, IndexError) as exc:  # no kernel at all
        return f"no Jupyter kernel named python3 in .venv ({exc}); run `bash .ci/setup`"
    # Compare folders, not the interpreter file itself: a venv's python is a symlink to the base one.
    venv = (ROOT / ".venv").resolve()
    if not Path(argv0).absolute().parent.resolve().is_relative_to(venv):
        return (f"the python3 Jupyter kernel runs {argv0}, not this checkout's .venv; "
                "run `bash .ci/setup` here to reinstall the kernel")
    return None


def execute(path: Path, inputs_key: str, env: dict) -> tuple[float, dict]:
    """Execute one notebook in a fresh kernel and write it back atomically. Runs in a worker."""
    import nbformat
    from nbclient import NotebookClient

    sys.path.insert(0, str(ROOT))
    from probation_stats._atomic import atomic_write_text

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "inputs.txt"
        os.environ["PROBATION_STATS_TRACE_INPUTS"] = str(trace)
        # The kernel installs the read tracer before the notebook's first cell: IPython runs the
        # PYTHONSTARTUP file at kernel start. (The package itself never imports its report layer.)
        startup = Path(tmp) / "start_read_tracer.py"
        startup.write_text("import probation_stats.report.read_tracer  # noqa: F401\n", encoding="utf-8")
        os.environ["PYTHONSTARTUP"] = str(startup)
        # This checkout's package first for the kernel, whatever else the environment holds.
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
        os.environ.pop("PROBATION_STATS_DATA", None)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
        traced = traced_inputs(trace, path)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps would differ on every run
    nb.metadata[META] = {"code": code_key(nb), "environment": env, "inputs_key": inputs_key, "inputs": traced}
    text = nbformat.writes(nb)
    atomic_write_text(path, text if text.endswith("\n") else text + "\n")
    return seconds, traced


def _failure(exc: BaseException) -> str:
    """The exception a notebook raised, as the person fixing it needs it."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--force", action="store_true", help="execute every notebook")
    parser.add_argument("--check", action="store_true", help="execute nothing; exit 1 if any notebook is stale")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks executed at once")
    args = parser.parse_args(argv)

    problem = check_environment()
    if problem:
        print(f"refusing to build: {problem}", file=sys.stderr)
        return 1
    paths = [p.resolve() for p in args.notebooks] or sorted(BOOK.glob("*.ipynb"))
    inputs, env = tree_key(), environment_key()
    report, stale, todo = [], [], []
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
            nb["cells"], nb["metadata"]  # noqa: B018 - a notebook has both
        except Exception as exc:
            print(f"FAILED {rel}: not a readable notebook ({type(exc).__name__}: {exc}); restore it from git",
                  file=sys.stderr)
            return 1
        reason = "forced" if args.force else why_stale(nb, inputs, env)
        entry = {"notebook": rel, "executed": False, "reason": reason or "unchanged", "seconds": None,
                 "status": "reused", "inputs": len(nb["metadata"].get(META, {}).get("inputs", {}))}
        report.append(entry)
        if reason and args.check:
            stale.append(f"{rel}: {reason}")
        elif reason:
            todo.append((path, entry))
        else:
            print(f"reused   {rel} (unchanged)")

    failed = []
    if todo:
        # Validate the data once, here, before any kernel starts: an invalid table stops the build
        # with every problem listed, and each kernel is told the fingerprint of what was validated.
        sys.path.insert(0, str(ROOT))
        from probation_stats.datapackage.reading import VALIDATED_ENV_VAR, folder_fingerprint
        from probation_stats.datapackage.validation import check_package

        data = check_package(ROOT / "data")
        if not data.valid:
            print(f"refusing to build: data/ has {len(data.problems)} problem(s):", file=sys.stderr)
            for problem in data.problems[:50]:
                print(f"  {problem}", file=sys.stderr)
            _write(report)
            return 1
        os.environ[VALIDATED_ENV_VAR] = folder_fingerprint(ROOT / "data")
        start = time.perf_counter()
        # Notebooks do not read each other's outputs (cross-page glue is resolved by Sphinx when
        # the pages are rendered), so they can run in any order, side by side.
        with ProcessPoolExecutor(max_workers=max(1, min(args.jobs, len(todo)))) as pool:
            futures = {pool.submit(execute, path, inputs, env): (path, entry) for path, entry in todo}
            for future in as_completed(futures):
                path, entry = futures[future]
                try:
                    seconds, traced = future.result()
                    entry.update(executed=True, status="ok", seconds=round(seconds, 2), inputs=len(traced))
                    print(f"executed {entry['notebook']} in {entry['seconds']} s ({entry['reason']})")
                except Exception as exc:  # report every failure, then fail the build
                    entry.update(executed=True, status="error", error=_failure(exc)[:2000])
                    failed.append(entry)
        print(f"executed {len(todo)} notebook(s) in {time.perf_counter() - start:.1f} s with up to {args.jobs} at once")
    _write(report)
    for entry in failed:
        print(f"FAILED {entry['notebook']}: {entry['error']}", file=sys.stderr)
    if failed:
        return 1
    if stale:
        print("stale notebooks (run `bash .ci/execute-notebooks`):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


def _atomic_write_text(path: Path, text: str) -> None:
    """probation_stats._atomic, loaded by path: importing the package would import pandas."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_ps_atomic", ROOT / "probation_stats" / "_atomic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.atomic_write_text(path, text)


def _write(report):
    _atomic_write_text(REPORT, json.dumps({"generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                          "notebooks": report}, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
