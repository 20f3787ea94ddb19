"""Case-sample results on the work to keep people safe, and the workload figures beside them.

Each PDU or regional inspection reads a sample of cases and states, for some stages of the work to
manage the risk of harm, the share of cases in which it was judged sufficient. These functions
pick those results out of the loaders' tables, in the data's own terms.

* :func:`risk_results` - every stated result, one row per statement.
* :func:`national_risk_result` - the national result on delivering the sentence.
* :func:`nao_assessment_by_period` - the National Audit Office's figures on assessment.
* :func:`workload_availability` - how many inspections state a workload figure and a result too.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.derived.pdu_summaries import RISK_MEASURES, WORKLOAD_MEASURES, workload_risk_pairs

__all__ = ["risk_results", "national_risk_result", "nao_assessment_by_period", "workload_availability",
           "NAO_SOURCE"]

#: The National Audit Office release that sets one risk-of-harm measure side by side across reunification.
NAO_SOURCE = "nao-2025-probation-performance-press-release"


def risk_results(figures: pd.DataFrame) -> pd.DataFrame:
    """Every risk-of-harm result stated for an inspection, one row per distinct statement.

    Parameters
    ----------
    figures : DataFrame
        :func:`probation_stats.load_pdu_figures`.

    Returns
    -------
    The rows of ``figures`` whose measure is one of
    :data:`~probation_stats.derived.pdu_summaries.RISK_MEASURES` (``value``: percent of the cases
    inspected), with the same statement from two sources kept once, plus ``exact`` (bool: True
    where no qualifier such as "less than" goes with the value).
    """
    # Two sources may state the same result for one inspection: it is one result.
    rosh = figures[figures["measure"].isin(RISK_MEASURES)].drop_duplicates(
        ["inspection_id", "measure", "value", "qualifier"]).copy()
    rosh["exact"] = rosh["qualifier"].isna()
    return rosh


def national_risk_result(aggregates: pd.DataFrame) -> pd.Series:
    """The England-and-Wales share of cases in which delivering the sentence contributed to keeping
    people safe (``rosh_implementation_sufficient_pct``, percent), one row of ``aggregates``.

    Where several sources state it, the inspectorate's own release (source id ``hmip-...``) is
    preferred, then the first in the table's order.
    """
    national = aggregates[(aggregates["measure"] == "rosh_implementation_sufficient_pct")
                          & (aggregates["scope"] == "England and Wales")]
    return national.sort_values("source_id", key=lambda s: ~s.str.startswith("hmip-"), kind="stable").iloc[0]


def nao_assessment_by_period(aggregates: pd.DataFrame) -> pd.DataFrame:
    """The National Audit Office's share of cases whose risk of harm was sufficiently assessed
    (``rosh_assessment_sufficient_pct``, percent), the rows of ``aggregates`` from
    :data:`NAO_SOURCE` indexed by ``period`` (e.g. "2018/19", "2024")."""
    return aggregates[(aggregates["source_id"] == NAO_SOURCE)
                      & (aggregates["measure"] == "rosh_assessment_sufficient_pct")].set_index("period")


def workload_availability(figures: pd.DataFrame) -> pd.DataFrame:
    """For each workload or staffing measure, how many inspections state it and a risk-of-harm result.

    Parameters
    ----------
    figures : DataFrame
        :func:`probation_stats.load_pdu_figures`.

    Returns
    -------
    DataFrame, one row per measure of :data:`~probation_stats.derived.pdu_summaries.WORKLOAD_MEASURES`
    in that order, with ``measure``, ``inspections_stating`` (number of inspections stating the
    measure), ``with_risk_result`` (of those, number also stating a risk-of-harm result, see
    :func:`~probation_stats.derived.pdu_summaries.workload_risk_pairs`) and ``exact`` (of those,
    number whose risk-of-harm result is exact). ``attrs`` holds ``n_with_any`` (inspections stating
    any of the measures) and ``n_pairs_any`` (inspections stating one of them and a result).
    """
    rows, pair_ids = [], set()
    for workload in WORKLOAD_MEASURES:
        pairs = workload_risk_pairs(figures, workload)
        pair_ids |= set(pairs["inspection_id"])
        rows.append({"measure": workload,
                     "inspections_stating": int(figures.loc[figures["measure"] == workload, "inspection_id"].nunique()),
                     "with_risk_result": len(pairs),
                     "exact": int(pairs["risk_qualifier"].isna().sum()) if len(pairs) else 0})
    out = pd.DataFrame(rows)
    out.attrs["n_with_any"] = int(figures.loc[figures["measure"].isin(list(WORKLOAD_MEASURES)), "inspection_id"].nunique())
    out.attrs["n_pairs_any"] = len(pair_ids)
    return out
