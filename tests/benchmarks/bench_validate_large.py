"""Benchmark: validating a very large table (figures, not a pass/fail test).

Builds a scratch copy of data/ whose national_caseload.csv has N rows (default 1,000,000; the
descriptor's fact_id pattern is widened in the copy so the ids stay unique), then runs
``python -m probation_stats validate`` on it under ``/usr/bin/time -v`` and prints wall time
and peak memory (maximum resident set size). Run twice: once valid, once with a bad cell in
the last row, to show the error is found and located at the end of a big file.

    .venv/bin/python tests/benchmarks/bench_validate_large.py [N]
"""

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build(folder: Path, n: int, bad_last: bool) -> None:
    shutil.copytree(ROOT / "data", folder)
    path = folder / "national_caseload.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["fact_id"] = f"nc-{i:07d}"
            if bad_last and i == n - 1:
                row["value"] = "８７３３"
            writer.writerow(row)
    desc = json.loads((folder / "datapackage.json").read_text())
    for res in desc["resources"]:
        if res["name"] == "national_caseload":
            next(f for f in res["schema"]["fields"] if f["name"] == "fact_id")["constraints"]["pattern"] = "nc-[0-9]+"
            blob = path.read_bytes()
            res["hash"], res["bytes"] = "sha256:" + hashlib.sha256(blob).hexdigest(), len(blob)
    (folder / "datapackage.json").write_text(json.dumps(desc, indent=2))


def run(folder: Path) -> dict:
    result = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "probation_stats", "validate", str(folder)],
                            capture_output=True, text=True, cwd=ROOT)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", result.stderr).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    first = next((line for line in result.stderr.splitlines() if "national_caseload.csv, line" in line), "")
    return {"exit": result.returncode, "wall": wall, "peak_rss_mb": round(rss / 1024), "first_problem": first.strip()[:160]}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        for bad in (False, True):
            folder = Path(tmp) / f"data-{bad}"
            build(folder, n, bad)
            size = (folder / "national_caseload.csv").stat().st_size
            print(json.dumps({"rows": n, "csv_mb": round(size / 2**20), "bad_last_row": bad, **run(folder)}))


if __name__ == "__main__":
    main()
