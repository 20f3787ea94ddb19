"""Record which files a notebook's kernel reads, for content-keyed re-execution of the book.

Only active when imported with the environment variable ``PROBATION_STATS_TRACE_INPUTS`` naming
a file: the book's executor sets it for each kernel it starts, with a ``PYTHONSTARTUP`` file that
imports this module before the notebook's first cell. Every file opened for reading is appended to
that file once, via a Python audit hook; nothing else changes. See ``.ci/run_notebooks.py``.
"""

from __future__ import annotations

import os
import sys

_TARGET = os.environ.get("PROBATION_STATS_TRACE_INPUTS")
_seen: set[str] = set()
_busy = False


def _hook(event: str, args: tuple) -> None:
    global _busy
    if event != "open" or _busy:
        return
    path, mode = args[0], args[1]
    if not isinstance(path, (str, bytes, os.PathLike)) or isinstance(path, int):
        return
    if isinstance(mode, str) and any(flag in mode for flag in "wax+"):
        return  # outputs (chart CSVs) are not inputs
    full = os.path.abspath(os.fsdecode(path))
    if full in _seen:
        return
    _seen.add(full)
    _busy = True  # opening the trace file is itself an "open" event
    try:
        with open(_TARGET, "a", encoding="utf-8") as fh:
            fh.write(full + "\n")
    finally:
        _busy = False


if _TARGET:
    sys.addaudithook(_hook)
