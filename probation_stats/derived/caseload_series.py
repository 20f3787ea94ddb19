"""The national caseload as a series: one total per quarter-end, from the MoJ's quarterly statistics.

The caseload chapter's trend model and the README's example read this table, so the choice of
which statements make the series is made once, here.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_official_series
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir
from probation_stats.derived.facts import facts, reference_date

__all__ = ["caseload_facts", "national_caseload_series"]


def caseload_facts(data_dir: PathLike = None) -> pd.DataFrame:
    """Every people-on-probation figure of the official series, one row per fact.

    One row per measure x provider type x reference day (:func:`probation_stats.one_row_per_fact`,
    with every source listed). The series is not part of the key, so a committee's rounded copy of
    a quarterly total is matched to the total (a disagreement where it differs), not shown as a
    second figure. ``rounded`` marks totals read only in a copy that rounded them, or stated with
    a qualifier: they may be drawn, marked, but never headlined or modelled.
    """
    evidence = load_official_series(resolve_data_dir(data_dir))
    evidence = evidence[evidence.measure.str.startswith("people_on_probation")].copy()
    evidence["reference_date"] = reference_date(evidence)
    fx = facts(evidence, key=["measure", "provider_type", "reference_date"])
    fx["rounded"] = fx.definition.str.contains("rounded", case=False, na=False) | fx.qualifier.notna()
    return fx


def national_caseload_series(data_dir: PathLike = None, *, include_rounded: bool = False) -> pd.DataFrame:
    """People on probation in England and Wales at each quarter-end the data hold, oldest first.

    Only the Offender Management Statistics Quarterly's national totals (``series == "omsq"``,
    ``provider_type == "all"``) with a stated day; rounded copies are left out unless
    ``include_rounded``. Columns as :func:`caseload_facts`, with ``date`` (the quarter's last day)
    and ``value`` (people) first.

    >>> s = national_caseload_series()
    >>> bool(s.date.is_monotonic_increasing and s.date.is_unique)
    True
    """
    fx = caseload_facts(data_dir)
    national = fx[(fx.measure == "people_on_probation") & (fx.provider_type == "all")]
    omsq = national[(national.series == "omsq") & national.reference_date.notna()].sort_values("reference_date")
    if not include_rounded:
        omsq = omsq[~omsq.rounded]
    omsq = omsq.assign(date=omsq.reference_date)
    return omsq[["date", "value", *[c for c in omsq.columns if c not in ("date", "value")]]].reset_index(drop=True)
