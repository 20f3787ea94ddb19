"""Execute the book's notebooks only when something they depend on has changed.

Jupyter Book's own cache keys a notebook on its code cells alone, so an edited CSV or a change in
probation_stats would leave old results on the page (MyST-NB issue 299). Here each notebook is
keyed on everything its results can depend on:

* its code cells (markdown edits never trigger execution);
* every file its kernel read when it last ran (recorded by an audit hook in probation_stats,
  see probation_stats/_trace.py): the data tables, JSON results, pyproject.toml, ...;
* the source of the probation_stats package.

``data/datapackage.json`` is keyed without its ``hash``/``bytes`` entries, so editing one table
re-executes only the notebooks that read that table. The key and the list of inputs are stored in
the notebook's metadata (``probation_stats``) when it runs; a notebook whose stored key matches is
reused as committed. A report of what ran, why and how long it took is written to
_build/notebook_execution.json (the book's status page shows it).

    python .ci/run_notebooks.py [--force] [--check] [book/NAME.ipynb ...]

--force executes every notebook; --check executes nothing and exits 1 if any is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
REPORT = ROOT / "_build" / "notebook_execution.json"
META = "probation_stats"
# Files read by every kernel that say nothing about a notebook's results.
IGNORED_PARTS = {".venv", "site-packages", "__pycache__", ".ipython", ".jupyter", "node_modules"}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_key(rel: str) -> str | None:
    path = ROOT / rel
    if not path.is_file():
        return None
    if rel == "data/datapackage.json":
        # The checksums inside change whenever any table does; what notebooks read from the
        # descriptor is everything else.
        desc = json.loads(path.read_text(encoding="utf-8"))
        for res in desc.get("resources", []):
            res.pop("hash", None)
            res.pop("bytes", None)
        return sha256_bytes(json.dumps(desc, sort_keys=True).encode())
    return sha256_bytes(path.read_bytes())


def package_key() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "probation_stats").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def code_key(nb) -> str:
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    return sha256_bytes(json.dumps([nb.metadata.get("kernelspec", {}).get("name", ""), code]).encode())


def why_stale(nb, pkg: str) -> str | None:
    """None if the stored key still holds, else a short reason."""
    stamp = nb.metadata.get(META)
    if not stamp:
        return "never executed by this tool"
    if stamp.get("code") != code_key(nb):
        return "code changed"
    if stamp.get("package") != pkg:
        return "probation_stats changed"
    for rel, key in sorted(stamp.get("inputs", {}).items()):
        if file_key(rel) != key:
            return f"{rel} changed"
    return None


def relevant_inputs(trace_file: Path, notebook: Path) -> dict[str, str]:
    inputs = {}
    if not trace_file.exists():
        return inputs
    for line in trace_file.read_text(encoding="utf-8").splitlines():
        path = Path(line)
        try:
            rel = path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            continue  # outside the repository: the Python installation, the kernel's own files
        if set(Path(rel).parts) & IGNORED_PARTS or rel.startswith(("probation_stats/", "_build/", ".git/")):
            continue
        if path.resolve() == notebook.resolve() or not path.is_file():
            continue
        inputs[rel] = file_key(rel)
    return inputs


def execute(path: Path, pkg: str) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "inputs.txt"
        os.environ["PROBATION_STATS_TRACE_INPUTS"] = str(trace)
        start = time.perf_counter()
        try:
            # cwd = the notebook's folder, as Jupyter Book and nbval run it.
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            os.environ.pop("PROBATION_STATS_TRACE_INPUTS", None)
        seconds = time.perf_counter() - start
        inputs = relevant_inputs(trace, path)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps would differ on every run
    nb.metadata[META] = {"code": code_key(nb), "package": pkg, "inputs": inputs}
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--force", action="store_true", help="execute every notebook")
    parser.add_argument("--check", action="store_true", help="execute nothing; exit 1 if any notebook is stale")
    args = parser.parse_args(argv)
    import nbformat

    paths = [p.resolve() for p in args.notebooks] or sorted(BOOK.glob("*.ipynb"))
    pkg = package_key()
    report, stale = [], []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        reason = "forced" if args.force else why_stale(nb, pkg)
        entry = {"notebook": path.relative_to(ROOT).as_posix(), "executed": False, "reason": reason or "unchanged",
                 "seconds": None, "status": "reused"}
        if reason and args.check:
            stale.append(f"{entry['notebook']}: {reason}")
        elif reason:
            try:
                entry["seconds"] = round(execute(path, pkg), 2)
                entry.update(executed=True, status="ok")
            except Exception as exc:  # report, then fail the build
                entry.update(executed=True, status="error", error=str(exc).splitlines()[0][:300])
                report.append(entry)
                _write(report)
                print(f"FAILED {entry['notebook']}: {entry['error']}", file=sys.stderr)
                return 1
        n_inputs = len(nbformat.read(path, as_version=4).metadata.get(META, {}).get("inputs", {}))
        entry["inputs"] = n_inputs
        report.append(entry)
        print(f"{'executed' if entry['executed'] else 'reused  '} {entry['notebook']}"
              + (f" in {entry['seconds']} s" if entry["seconds"] is not None else "") + f" ({entry['reason']})")
    _write(report)
    if stale:
        print("stale notebooks (run `bash .ci/execute-notebooks`):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


def _write(report):
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                  "notebooks": report}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
