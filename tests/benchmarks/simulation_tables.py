"""Writing a coverage simulation's results: one CSV of rows (the columns Methods reads, see
probation_stats/report/interval_checks.py) and one JSON of the same rows with what was simulated,
the targets, the scale, the time it took and the machine, so the committed tables say how they
were made. Shared by sim_coverage.py, sim_trend.py and sim_case_level.py."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd


def write_tables(out: Path, rows: list[dict], *, what: str, targets: dict, scale: float, start: float,
                 **extra) -> None:
    """Write ``out``.csv and ``out``.json (``start``: the ``time.time()`` the run began)."""
    out.with_suffix(".csv").write_text(pd.DataFrame(rows).to_csv(index=False), encoding="utf-8")
    meta = {"what": what, "targets": targets, "scale": scale, **extra,
            "seconds": round(time.time() - start, 1),
            "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()},
            "rows": rows}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, default=float) + "\n", encoding="utf-8")
