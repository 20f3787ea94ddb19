"""Every published interval beside the design it was checked on and the rate measured.

The coverage simulations (``tests/benchmarks/sim_*.py``) each write a table with the same
columns (:data:`CHECK_COLUMNS`). This module reads whichever of them exist in a folder given by
the caller (the package never imports or looks for ``tests/`` itself), stacks them, and words
them for the Methods page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["CHECK_COLUMNS", "NOMINAL_COVERAGE", "MAX_SIZE", "read_interval_checks", "check_verdict",
           "interval_check_table"]

#: The columns every simulation table shares.
CHECK_COLUMNS = ["estimate", "design", "method", "when", "reps", "coverage", "coverage_mc_se", "size", "size_mc_se"]
#: Nominal coverage of the book's intervals and the largest false positive rate accepted for a 5% test.
NOMINAL_COVERAGE = 0.95
MAX_SIZE = 0.06


def read_interval_checks(folder, pattern: str = "sim_*.csv", prefer: dict[str, str] | None = None) -> pd.DataFrame:
    """Stack every simulation table in ``folder`` that has the shared columns.

    Parameters
    ----------
    folder : path
        Where the tables are (the book passes ``tests/benchmarks``).
    pattern : str
        File names to read (glob).
    prefer : dict, optional
        ``{estimate prefix: table name}``: rows whose ``estimate`` starts with the prefix are kept
        only from that table (its stem, e.g. ``"sim_trend"``), so a newer study of an estimate
        replaces an older one's rows. A prefix whose table is absent keeps every table's rows.

    Returns
    -------
    DataFrame
        :data:`CHECK_COLUMNS` plus ``table`` (the file's stem), in file-name order. Files without
        those columns are skipped.

    Examples
    --------
    >>> import tempfile
    >>> row = dict(zip(CHECK_COLUMNS, ["trend x", "d", "m", "after", 100, 0.95, 0.02, None, None]))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     pd.DataFrame([row]).to_csv(Path(tmp) / "sim_a.csv", index=False)
    ...     pd.DataFrame([dict(row, design="d2")]).to_csv(Path(tmp) / "sim_b.csv", index=False)
    ...     read_interval_checks(tmp, prefer={"trend": "sim_b"})[["table", "design"]].values.tolist()
    [['sim_b', 'd2']]
    """
    frames = []
    for path in sorted(Path(folder).glob(pattern)):
        table = pd.read_csv(path)
        if not set(CHECK_COLUMNS) <= set(table.columns):
            continue
        frames.append(table[CHECK_COLUMNS].assign(table=path.stem))
    if not frames:
        raise FileNotFoundError(f"no table matching {pattern!r} with columns {CHECK_COLUMNS} in {Path(folder).name}/")
    checks = pd.concat(frames, ignore_index=True)
    for prefix, owner in (prefer or {}).items():
        if owner in set(checks.table):
            checks = checks[~checks.estimate.str.startswith(prefix) | (checks.table == owner)]
    return checks.reset_index(drop=True)


def check_verdict(coverage: float, coverage_mc_se: float, size: float, size_mc_se: float) -> str:
    """Whether a measured rate holds: "holds", "wider than needed", "covers too rarely", "too many false positives".

    Coverage holds within two Monte-Carlo standard errors of :data:`NOMINAL_COVERAGE`; above that
    the interval is wider than needed (it still covers at least as often as it says); a test holds
    when its false positive rate is at most :data:`MAX_SIZE`.

    >>> check_verdict(0.949, 0.002, 0.05, 0.002), check_verdict(0.99, 0.002, float("nan"), float("nan"))
    ('holds', 'wider than needed')
    >>> check_verdict(0.90, 0.003, 0.10, 0.003)
    'covers too rarely; too many false positives'
    """
    words = []
    if pd.notna(coverage):
        allowance = 2 * (coverage_mc_se if pd.notna(coverage_mc_se) else 0.0)
        if coverage < NOMINAL_COVERAGE - allowance:
            words.append("covers too rarely")
        elif coverage > NOMINAL_COVERAGE + allowance:
            words.append("wider than needed")
    if pd.notna(size) and size > MAX_SIZE:
        words.append("too many false positives")
    return "; ".join(words) if words else "holds"


def _estimate_words(estimate: pd.Series) -> pd.Series:
    return (estimate.str.replace("_", " ", regex=False).str.replace("covid", "Covid-19", regex=False)
            .str.replace("workload pct points", "workload slope (percentage points)", regex=False)
            .str.replace(r"^trend ", "trend: ", regex=True))


def interval_check_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The Methods page's table: one row per interval or test, design and method, with the rate measured.

    Parameters
    ----------
    checks : DataFrame
        :func:`read_interval_checks`.

    Returns
    -------
    DataFrame
        Reader columns: Estimate, Method, Used ("now" or "before (replaced)"), Checked on (the
        design), Repetitions, Coverage of the 95% interval (%), False positive rate at 5% (%),
        and Verdict (:func:`check_verdict`). Rates in percent to one decimal; blank where not measured.
    """
    pct = lambda x: "" if pd.isna(x) else f"{100 * x:.1f}"  # noqa: E731
    used = [("not run in this design (shown for reference)" if "not run" in m or "not published" in m
             else {"after": "now", "before": "before (replaced)"}.get(w, w)) for m, w in zip(checks.method, checks.when)]
    return pd.DataFrame({
        "Estimate": _estimate_words(checks.estimate).to_numpy(),
        "Method": checks.method.to_numpy(),
        "Used": used,
        "Checked on": checks.design.to_numpy(),
        "Repetitions": checks.reps.astype(int).to_numpy(),
        "Coverage of the 95% interval (%)": checks.coverage.map(pct).to_numpy(),
        "False positive rate at 5% (%)": checks["size"].map(pct).to_numpy(),
        "Verdict": [check_verdict(*v) for v in checks[["coverage", "coverage_mc_se", "size", "size_mc_se"]]
                    .to_numpy(dtype=float)],
    })
