"""Print the test suite's slowest items, so the next change that makes the suite slow is seen.

A benchmark, not a test: it runs pytest once (any extra arguments are passed on, e.g. a single
file or ``-k``), reads each item's time (set-up, call and tear-down together) from pytest's
JUnit report, and prints the slowest items, each file's total and the suite's total.

    .venv/bin/python tests/benchmarks/slowest_tests.py            # the whole pytest part of .ci/test
    .venv/bin/python tests/benchmarks/slowest_tests.py --top 10 tests/test_gaps.py

The built-site checks need ``_build/html`` (``bash .ci/build-book``) as in ``.ci/test``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15, help="how many of the slowest items to print")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (default: the suite as .ci/test runs it)")
    args = parser.parse_args()
    targets = args.pytest_args or ["tests", "probation_stats", "--doctest-modules"]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", *targets, "-p", "no:cacheprovider", "-q",
                               f"--junitxml={report}", "-o", "junit_duration_report=total"], cwd=ROOT)
        wall = time.perf_counter() - start
        if not report.is_file():
            print("pytest wrote no report", file=sys.stderr)
            return done.returncode or 1
        cases = [(f"{c.get('classname', '')}::{c.get('name', '')}", float(c.get("time", 0) or 0))
                 for c in ET.parse(report).getroot().iter("testcase")]
    by_file: dict[str, float] = defaultdict(float)
    for name, seconds in cases:
        by_file[name.split("::")[0]] += seconds  # the JUnit class name: the test module
    print(f"\n{len(cases)} items, {sum(s for _, s in cases):.1f} s in items, {wall:.1f} s wall (pytest exit {done.returncode})")
    print(f"\nslowest {args.top} items (set-up + call + tear-down):")
    for name, seconds in sorted(cases, key=lambda c: -c[1])[:args.top]:
        print(f"{seconds:8.1f} s  {name}")
    print("\nslowest modules:")
    for name, seconds in sorted(by_file.items(), key=lambda c: -c[1])[:args.top]:
        print(f"{seconds:8.1f} s  {name}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
