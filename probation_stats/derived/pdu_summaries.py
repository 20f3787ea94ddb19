"""Summaries of the inspections after reunification that the book's chapter draws on.

Each function takes the loaders' tables (DataFrame in) and returns a tidy DataFrame, so a
researcher can rebuild any table or chart of the chapter from ``probation_stats`` alone.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.derived.inspection_sequence import inspection_sequence
from probation_stats.rating_scale import RATING_DTYPE, RATING_LEVELS

__all__ = ["ratings_by_year", "rating_move", "rating_moves", "workload_risk_pairs", "WORKLOAD_MEASURES", "RISK_MEASURES"]

#: Workload and staffing measures a PDU inspection may state (measure id -> direction: +1 when a
#: higher value means a heavier workload or thinner staff).
WORKLOAD_MEASURES = {
    "po_vacancy_rate_pct": +1,
    "vacancy_rate_pct": +1,
    "pso_vacancy_rate_pct": +1,
    "po_staffing_pct_of_target": -1,
    "average_caseload": +1,
}
#: Case-sample results on work to manage the risk of harm ("keeping people safe").
RISK_MEASURES = (
    "rosh_assessment_sufficient_pct",
    "rosh_planning_sufficient_pct",
    "rosh_implementation_sufficient_pct",
    "rosh_review_sufficient_pct",
    "keeping_safe_sufficient_pct",
)


def ratings_by_year(inspections: pd.DataFrame, programme: str = "pdu") -> pd.DataFrame:
    """Inspections of one programme per year of publication and overall rating.

    Returns one row per year and rating (all four ratings, zeros included) with ``inspections``;
    inspections with no stated year or rating are counted in rows where ``year`` or ``rating`` is
    missing, so the totals add up.

    >>> import pandas as pd
    >>> synthetic = pd.DataFrame({"programme": ["pdu"] * 3, "year": [2022, 2022, None],
    ...                           "overall_rating": ["Inadequate", "Good", "Inadequate"]})
    >>> ratings_by_year(synthetic).query("inspections > 0").to_dict("records")
    [{'year': 2022, 'rating': 'Inadequate', 'inspections': 1}, {'year': 2022, 'rating': 'Good', 'inspections': 1}, {'year': None, 'rating': 'Inadequate', 'inspections': 1}]
    """
    sel = inspections[inspections["programme"] == programme]
    years = sorted(int(y) for y in sel["year"].dropna().unique())
    rows = []
    for year in years + [None]:
        in_year = sel[sel["year"].isna()] if year is None else sel[sel["year"] == year]
        if year is None and in_year.empty:
            continue
        ratings = in_year["overall_rating"].astype("string")
        for rating in list(RATING_LEVELS) + ([None] if ratings.isna().any() else []):
            count = int(ratings.isna().sum()) if rating is None else int((ratings == rating).sum())
            rows.append({"year": year, "rating": rating, "inspections": count})
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    return out


def rating_move(first, second) -> str | None:
    """The move between two ratings on the scale: "up", "same" or "down" (None if either is missing).

    Ratings are compared by their place on :data:`RATING_LEVELS` (Inadequate lowest).

    >>> rating_move("Requires improvement", "Good"), rating_move("Good", "Good"), rating_move("Good", None)
    ('up', 'same', None)
    """
    if pd.isna(first) or pd.isna(second):
        return None
    ia, ib = RATING_LEVELS.index(str(first)), RATING_LEVELS.index(str(second))
    return "up" if ib > ia else ("down" if ib < ia else "same")


def rating_moves(inspections: pd.DataFrame) -> pd.DataFrame:
    """Units inspected twice under the PDU programme: first and second rating and the move.

    ``move`` is "up", "same" or "down" on the rating scale (missing if either rating is).
    Units are matched by ``unit_id``; the order is that of
    :func:`probation_stats.derived.inspection_sequence.inspection_sequence` (the number a source
    states, else the date), so an undated second inspection is the second.
    """
    sel = inspections[inspections["programme"] == "pdu"].copy()
    sel["order"] = inspection_sequence(sel)
    rows = []
    for unit_id, group in sel.groupby("unit_id", sort=True):
        if len(group) < 2:
            continue
        first, second = group.sort_values("order").iloc[[0, -1]].itertuples(index=False)
        a, b = first.overall_rating, second.overall_rating
        move = rating_move(a, b)
        rows.append({"unit_id": unit_id, "unit_name": first.unit_name, "region": first.region,
                     "first_year": first.year, "first_rating": a, "second_year": second.year,
                     "second_rating": b, "move": move, "first_source_id": first.source_id,
                     "second_source_id": second.source_id})
    out = pd.DataFrame(rows, columns=["unit_id", "unit_name", "region", "first_year", "first_rating", "second_year",
                                      "second_rating", "move", "first_source_id", "second_source_id"])
    for col in ("first_rating", "second_rating"):
        out[col] = out[col].astype(RATING_DTYPE)
    for col in ("first_year", "second_year"):
        out[col] = out[col].astype("Int64")
    return out


def workload_risk_pairs(figures: pd.DataFrame, workload: str, risk: str | tuple[str, ...] = RISK_MEASURES) -> pd.DataFrame:
    """One row per inspection that states both a workload figure and a risk-of-harm result.

    Parameters
    ----------
    figures : DataFrame
        :func:`probation_stats.load_pdu_figures`.
    workload : str
        A measure id of :data:`WORKLOAD_MEASURES`.
    risk : str or tuple of str
        Risk-of-harm measure id(s); where an inspection states several, the first in this order
        is used (assessment before planning, implementation and review).

    Returns
    -------
    DataFrame with ``inspection_id``, ``unit_name``, ``region``, ``year``, ``workload``,
    ``workload_qualifier``, ``risk``, ``risk_measure``, ``risk_qualifier``, ``cases_inspected``
    and both ``source_id`` columns. Values stated with a qualifier ("less than half") are kept and
    flagged, not dropped: the caller decides (and says) what to do with them.
    """
    risk = (risk,) if isinstance(risk, str) else tuple(risk)
    one_per_statement = figures.drop_duplicates(["inspection_id", "measure", "value", "qualifier"])
    w = one_per_statement[one_per_statement["measure"] == workload]
    w = w.drop_duplicates("inspection_id")[["inspection_id", "unit_name", "region", "year", "value", "qualifier", "source_id"]]
    w = w.rename(columns={"value": "workload", "qualifier": "workload_qualifier", "source_id": "workload_source_id"})
    r = one_per_statement[one_per_statement["measure"].isin(risk)].copy()
    r["rank"] = r["measure"].map({m: i for i, m in enumerate(risk)})
    r = r.sort_values(["inspection_id", "rank"]).drop_duplicates("inspection_id")
    r = r[["inspection_id", "measure", "value", "qualifier", "cases_inspected", "source_id"]].rename(
        columns={"measure": "risk_measure", "value": "risk", "qualifier": "risk_qualifier", "source_id": "risk_source_id"})
    return w.merge(r, on="inspection_id", how="inner", validate="one_to_one").reset_index(drop=True)
