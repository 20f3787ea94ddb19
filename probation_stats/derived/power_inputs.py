"""The published figures a power simulation takes its spreads from, in the data's own terms.

A power figure is only as sure as the spreads it assumes. These functions pick out the published
values those spreads are measured from, so that the book's power figures and their ranges
(:func:`probation_stats.estimators.power.power_range`, via
:mod:`probation_stats.report.power_figures`) rest on the data, not on numbers typed into a chapter.

* :func:`caseload_spread_values` - one average caseload per provider, as published (2018/19-2019/20).
* :func:`workload_spread_values` - the probation officer vacancy rates and the exact risk-of-harm
  results stated for PDU and regional inspections.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_pdu_figures
from probation_stats.datapackage.paths import PathLike
from probation_stats.derived.provider_caseloads import provider_caseloads
from probation_stats.derived.risk_of_harm_results import risk_results

__all__ = ["caseload_spread_values", "workload_spread_values", "CASES_PER_INSPECTION"]

#: Smallest and largest number of cases a PDU inspection reads (an assumption: the releases that
#: state a share of cases rarely state the number behind it).
CASES_PER_INSPECTION = (20, 60)


def caseload_spread_values(data_dir: PathLike = None) -> pd.DataFrame:
    """One average caseload per provider, from the provider caseloads published.

    Parameters
    ----------
    data_dir : path, optional
        A data folder (default: the package's).

    Returns
    -------
    DataFrame, one row per provider with a published caseload: ``provider_id``, ``provider``,
    ``value`` (cases per practitioner; the mean where a provider has several figures; a vague figure
    such as "more than 42" at its number) and ``rounds`` (the inspection rounds, e.g. "2018/19").
    """
    caseloads = provider_caseloads(data_dir)
    return (caseloads.groupby(["provider_id", "provider"], as_index=False)
            .agg(value=("value", "mean"), rounds=("round", lambda r: ", ".join(sorted(set(r))))))


def workload_spread_values(figures: pd.DataFrame | None = None) -> dict:
    """The published values that describe a study of PDU inspections: workload and result spreads.

    Parameters
    ----------
    figures : DataFrame, optional
        :func:`probation_stats.load_pdu_figures` (default: the package's).

    Returns
    -------
    dict with ``vacancy`` (Series: the probation officer vacancy rates stated, percent, one per
    inspection), ``risk`` (Series: the exact risk-of-harm results stated, percent of cases
    inspected judged sufficient, the first stated per inspection) and ``cases_per_unit``
    (:data:`CASES_PER_INSPECTION`).
    """
    figures = load_pdu_figures() if figures is None else figures
    vacancy = figures[figures["measure"] == "po_vacancy_rate_pct"].drop_duplicates("inspection_id")
    rosh = risk_results(figures)
    exact = rosh[rosh["exact"]].drop_duplicates("inspection_id")
    return {"vacancy": vacancy["value"].astype(float).reset_index(drop=True),
            "risk": exact["value"].astype(float).reset_index(drop=True),
            "cases_per_unit": CASES_PER_INSPECTION}
