"""The national caseload as a series: one total per quarter-end, from the MoJ's quarterly statistics.

The caseload chapter's trend model and the README's example read this table, so the choice of
which statements make the series is made once, here.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_official_series
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir
from probation_stats.derived.facts import facts, reference_date

__all__ = ["caseload_facts", "national_caseload_facts", "national_caseload_series", "stated_changes",
           "series_landmarks", "quarters_found", "quarter_runs", "changes_after", "provider_split",
           "disputed_totals", "other_statements", "statement_of"]

#: The measure of the stated change on a year earlier (percent, as the bulletin rounds it).
CHANGE_MEASURE = "people_on_probation_change_yoy_pct"


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


def national_caseload_facts(data_dir: PathLike = None) -> pd.DataFrame:
    """Every fact of the national total (people on probation, all provider types), from any source.

    Rows and columns as :func:`caseload_facts`: the OMSQ's quarterly totals and also the rounded
    or undated statements of committees, the inspectorate and the press.
    """
    fx = caseload_facts(data_dir)
    return fx[(fx.measure == "people_on_probation") & (fx.provider_type == "all")]


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
    national = national_caseload_facts(data_dir)
    omsq = national[(national.series == "omsq") & national.reference_date.notna()].sort_values("reference_date")
    if not include_rounded:
        omsq = omsq[~omsq.rounded]
    omsq = omsq.assign(date=omsq.reference_date)
    return omsq[["date", "value", *[c for c in omsq.columns if c not in ("date", "value")]]].reset_index(drop=True)


def stated_changes(data_dir: PathLike = None) -> pd.DataFrame:
    """The change in people on probation on the same date a year earlier, as each OMSQ bulletin states it.

    One row per dated quarter-end, oldest first (index 0..n-1); ``value`` is the stated change in
    percent (the bulletin's rounding), ``qualifier`` its hedge word if any ("less than"). Columns as
    :func:`caseload_facts`.
    """
    fx = caseload_facts(data_dir)
    changes = fx[(fx.measure == CHANGE_MEASURE) & (fx.series == "omsq") & fx.reference_date.notna()]
    return changes.sort_values("reference_date").reset_index(drop=True)


def series_landmarks(series: pd.DataFrame) -> pd.DataFrame:
    """The first, last, highest and lowest totals of a series (rows of ``series``, oldest first).

    Parameters
    ----------
    series : DataFrame
        Rows with ``reference_date`` and ``value`` (e.g. :func:`national_caseload_series`), oldest first.

    Returns
    -------
    DataFrame
        Index ``first``, ``last``, ``highest``, ``lowest``; the columns of ``series``. A tie for
        highest or lowest goes to the earliest quarter.
    """
    rows = {"first": series.iloc[0], "last": series.iloc[-1],
            "highest": series.loc[series.value.idxmax()], "lowest": series.loc[series.value.idxmin()]}
    return pd.DataFrame(rows).T.infer_objects()


def quarters_found(series: pd.DataFrame, first: str = "2014-03-31") -> pd.DataFrame:
    """Every quarter-end from ``first`` to the series' last date, and whether the series has a total for it.

    Returns a DataFrame with ``date`` (quarter-end days, oldest first) and ``found`` (bool).
    """
    quarters = pd.date_range(first, series.reference_date.max(), freq="QE")
    return pd.DataFrame({"date": quarters, "found": quarters.isin(series.reference_date)})


def quarter_runs(dates: pd.Series, max_gap_days: int = 95) -> pd.Series:
    """Number the runs of consecutive quarters in ``dates`` (sorted): 0 for the first run, then 1, ...

    A new run starts after a gap of more than ``max_gap_days`` days (a quarter is at most 92 days):
    a line drawn across an unread quarter would invent the path between the totals.
    """
    return (dates.diff().dt.days > max_gap_days).cumsum()


def changes_after(changes: pd.DataFrame, series: pd.DataFrame, after, n: int = 2) -> pd.DataFrame:
    """The first ``n`` stated changes dated after ``after``, each with the total at its date.

    Parameters
    ----------
    changes : DataFrame
        :func:`stated_changes` (``reference_date``, ``value`` in percent, ``qualifier``).
    series : DataFrame
        Totals with ``reference_date`` and ``value`` (people), e.g. :func:`national_caseload_series`.
    after : date-like
        Only changes at quarter-ends strictly after this day.

    Returns
    -------
    DataFrame
        The rows of ``changes`` (index 0..n-1) with ``people``: the total at the same date.
    """
    rows = changes[changes.reference_date > pd.Timestamp(after)].iloc[:n].reset_index(drop=True)
    return rows.assign(people=rows.reference_date.map(series.set_index("reference_date").value))


def provider_split(data_dir: PathLike = None) -> pd.DataFrame:
    """People on probation by provider type (CRC, NPS): the only published split the data hold.

    Index ``provider_type``; columns as :func:`caseload_facts` plus ``share_pct``, each type's share
    of the two together (percent).
    """
    fx = caseload_facts(data_dir)
    split = fx[(fx.measure == "people_on_probation") & fx.provider_type.isin(["CRC", "NPS"])]
    split = split.set_index("provider_type")
    return split.assign(share_pct=100 * split.value / split.value.sum())


def disputed_totals(data_dir: PathLike = None) -> pd.DataFrame:
    """The dated national totals on which sources disagree (rows of :func:`national_caseload_facts`).

    ``value`` is the one used by :data:`probation_stats.derived.facts.RULE`; ``values_stated`` and
    ``chosen_by`` say what the sources gave and why.
    """
    national = national_caseload_facts(data_dir)
    return national[national.reference_date.notna() & national.disagreement]


def other_statements(data_dir: PathLike = None) -> pd.DataFrame:
    """Statements of the national total outside the dated OMSQ series: other series, or no date."""
    national = national_caseload_facts(data_dir)
    return national[(national.series != "omsq") | national.reference_date.isna()]


def statement_of(source_id: str, measure: str = "people_on_probation", data_dir: PathLike = None) -> pd.Series:
    """One source's own statement of a measure (its first row in the evidence, before facts choose a value).

    Returns the row of ``official_series`` (``value`` in the measure's unit).
    """
    evidence = load_official_series(resolve_data_dir(data_dir))
    return evidence[(evidence.source_id == source_id) & (evidence.measure == measure)].iloc[0]
