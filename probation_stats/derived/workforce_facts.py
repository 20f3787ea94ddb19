"""The workforce figures, one row per fact, and the selections the workforce chapter draws.

The workforce chapter (``book/workforce.ipynb``) shows the published figures on probation staff:
grades in post, all staff in post, the CRCs' staff, leavers, caseloads and vacancies. The rules
for which statements make each figure are made once, here, in the data's own terms.

A fact is one series x measure x organisation x date (:func:`workforce_facts`): figures of
different series are never merged, because their definitions differ.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from probation_stats.datapackage.loaders import load_measures, load_milestones, load_official_series, load_sources
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir
from probation_stats.derived.facts import facts, reference_date
from probation_stats.wording import long_date

__all__ = ["WORKFORCE_SERIES", "SERIES_LABELS", "SERIES_STEP_MONTHS", "UNIFIED", "NPS_ONLY", "GRADES", "Figure", "reunification_date",
           "grade_band", "organisation", "workforce_facts", "dated_series", "grade_series", "grade_changes",
           "spans_reunification",
           "grade_figures", "grade_answers", "staff_in_post", "staff_in_post_figures", "crc_facts", "crc_figures",
           "leaving_rates", "leaving_figures", "caseload_per_po", "vacancies", "po_vacancies", "other_facts"]

#: The series that hold workforce figures, in the order the chapter names them.
WORKFORCE_SERIES = ("hmpps-workforce", "mojdata-probation", "parliament-answer", "hmip-inspection", "hmip-thematic",
                    "nao", "news")

#: Each series' name for readers (the two inspectorate series are one kind of source to a reader).
SERIES_LABELS = {"hmpps-workforce": "HMPPS workforce statistics (quarterly)",
                 "mojdata-probation": "MoJ probation data (data.justice.gov.uk)",
                 "parliament-answer": "Answers to Parliament",
                 "hmip-inspection": "Inspectorate reports", "hmip-thematic": "Inspectorate reports",
                 "nao": "National Audit Office", "news": "News and union statements"}

#: How often each series that counts staff publishes a count (months): a chart joins two counts
#: only when they are one step apart (see :func:`probation_stats.report.charts.line_runs`).
SERIES_STEP_MONTHS = {"hmpps-workforce": 3, "mojdata-probation": 12, "parliament-answer": 12}

#: The organisation a figure counts, as :func:`organisation` names it.
UNIFIED = "Probation Service (from June 2021)"
NPS_ONLY = "NPS only"

#: The grade measures and their names (the bands as the measures table defines them).
GRADES = {"po_fte_in_post": "Probation officers (band 4)", "pso_fte_in_post": "Probation services officers (band 3)"}
_CHANGES = {"po_fte_change_yoy_pct": GRADES["po_fte_in_post"], "pso_fte_change_yoy_pct": GRADES["pso_fte_in_post"]}


class Figure(NamedTuple):
    """One headline figure: its value and the day it refers to."""

    value: float
    date: pd.Timestamp


def reunification_date(data_dir: PathLike = None) -> pd.Timestamp:
    """The day the NPS and the CRCs were reunified (the ``reunification`` milestone's start).

    >>> str(reunification_date().date())
    '2021-06-26'
    """
    milestones = load_milestones(resolve_data_dir(data_dir)).set_index("milestone_id")
    return pd.Timestamp(milestones.loc["reunification", "date_start"])


def grade_band(measure: str, data_dir: PathLike = None) -> str:
    """The pay band of a grade as its measure's definition states it, in lower case ("band 4").

    >>> grade_band("po_fte_in_post"), grade_band("pso_fte_in_post")
    ('band 4', 'band 3')
    """
    definition = load_measures(resolve_data_dir(data_dir)).set_index("measure").loc[measure, "definition"]
    return re.search(r"band \d", definition, re.I).group(0).lower()


def organisation(provider_type: str, start, end, reunification) -> str:
    """Whom a figure counts: the NPS alone before reunification, the whole Probation Service after.

    ``start`` and ``end`` are the first and last days the figure covers (missing if not stated);
    a figure of ``"all"`` whose period ends on or after ``reunification`` counts the Probation
    Service, and one that also starts before it spans the change. Other provider types are kept.

    >>> organisation("all", pd.NaT, pd.Timestamp("2022-03-31"), pd.Timestamp("2021-06-26"))
    'Probation Service (from June 2021)'
    >>> organisation("NPS", pd.NaT, pd.NaT, pd.Timestamp("2021-06-26"))
    'NPS only'
    """
    if provider_type == "NPS":
        return NPS_ONLY
    if provider_type == "all" and pd.notna(end) and end >= reunification:
        if pd.notna(start) and start < reunification:
            return "NPS, then Probation Service (period spans June 2021)"
        return UNIFIED
    return provider_type


def _dated(dates: pd.Series, periods: pd.Series) -> list[str]:
    # The day where the source states one, else the period in its own words, else "no date stated".
    return [long_date(d) if pd.notna(d) else (p if isinstance(p, str) else "no date stated")
            for d, p in zip(dates, periods)]


def workforce_facts(data_dir: PathLike = None) -> pd.DataFrame:
    """Every workforce figure of the official series, one row per fact.

    The statements of :data:`WORKFORCE_SERIES` (people-on-probation counts left out) are grouped
    by :func:`~probation_stats.derived.facts.facts` on series x measure x provider type x
    ``when`` (the reference day in words, else the period stated, else "no date stated"), so a
    statement with no day is matched on the period it states.

    Returns
    -------
    DataFrame
        The columns of :func:`~probation_stats.derived.facts.facts`, plus ``reference_date``,
        ``when``, ``source`` ("publisher: title" of the source used), ``series_label``
        (:data:`SERIES_LABELS`), ``organisation`` (:func:`organisation`) and ``dated`` (the
        statement's own day in words, else its period).
    """
    data_dir = resolve_data_dir(data_dir)
    sources = load_sources(data_dir).set_index("source_id")
    evidence = load_official_series(data_dir)
    evidence = evidence[evidence.series.isin(WORKFORCE_SERIES)
                        & ~evidence.measure.str.startswith("people_on_probation")].copy()
    evidence["reference_date"] = reference_date(evidence)
    evidence["when"] = _dated(evidence.reference_date, evidence.period)
    fx = facts(evidence, key=["series", "measure", "provider_type", "when"], sources=sources.reset_index())
    fx["source"] = fx.source_id.map(sources.publisher + ": " + sources.title)
    fx["series_label"] = fx.series.map(SERIES_LABELS).fillna(fx.series)
    reunification = reunification_date(data_dir)
    fx["organisation"] = [organisation(p, s, e, reunification)
                          for p, s, e in zip(fx.provider_type, fx.period_start, fx.reference_date)]
    fx["dated"] = _dated(fx.date, fx.period)
    return fx


def dated_series(fx: pd.DataFrame, measure: str, series: str = "hmpps-workforce") -> pd.DataFrame:
    """The facts of one measure in one series that have a reference day, oldest first."""
    rows = fx[(fx.series == series) & (fx.measure == measure) & fx.reference_date.notna()]
    return rows.sort_values("reference_date")


def grade_series(fx: pd.DataFrame) -> pd.DataFrame:
    """Probation officers, then probation services officers, in post (FTE) in the HMPPS workforce
    statistics, each oldest first, with a ``grade`` column (:data:`GRADES`)."""
    return pd.concat([dated_series(fx, m).assign(grade=g) for m, g in GRADES.items()])


def grade_changes(fx: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """The change in each grade on a year earlier (%), as the HMPPS workforce statistics state it,
    oldest first, with a ``grade`` column naming the grade as :func:`grade_series` does and
    ``spans_reunification`` (True where the year earlier lies before reunification and the day
    after it: the bulletin then compares the Probation Service with the NPS alone, so the change
    counts the CRC staff transferred, not a change in staff, and is not shown as one)."""
    changes = pd.concat([dated_series(fx, m).assign(grade=g) for m, g in _CHANGES.items()])
    return changes.assign(spans_reunification=spans_reunification(changes.reference_date, reunification_date(data_dir)))


def spans_reunification(dates: pd.Series, reunification: pd.Timestamp, months: int = 12) -> pd.Series:
    """Whether a change over ``months`` to each day compares across reunification (the day after
    it, the start of the period before it): what was counted changed, so no change is stated.

    >>> r = pd.Timestamp("2021-06-26")
    >>> spans_reunification(pd.Series(pd.to_datetime(["2021-03-31", "2022-03-31", "2022-06-30"])), r).tolist()
    [False, True, False]
    """
    dates = pd.to_datetime(pd.Series(dates))
    return (dates >= reunification) & (dates - pd.DateOffset(months=months) < reunification)


def grade_figures(fx: pd.DataFrame) -> dict[str, Figure]:
    """The headline figures on grades (FTE; changes in %), by name.

    ``po_last``/``pso_last``: the latest count of the Probation Service; ``po_last_yoy``/
    ``pso_last_yoy``: the stated change on a year earlier at that day; ``po_first_u``: the
    Probation Service's first count; ``po_nps_first``/``po_nps_last``: the NPS's first and last;
    ``pso_peak``: the Probation Service's highest PSO count (the first, if tied).
    """
    out = {}
    for grade in ("po", "pso"):
        count = dated_series(fx, f"{grade}_fte_in_post")
        change = dated_series(fx, f"{grade}_fte_change_yoy_pct").set_index(["organisation", "reference_date"]).value
        unified, nps = count[count.organisation == UNIFIED], count[count.organisation == NPS_ONLY]
        last = unified.iloc[-1]
        out[f"{grade}_last"] = Figure(last.value, last.reference_date)
        if spans_reunification(pd.Series([last.reference_date]), reunification_date()).iloc[0]:
            raise ValueError(f"the latest {grade} change compares across reunification: not a change in staff")
        out[f"{grade}_last_yoy"] = Figure(change.loc[(UNIFIED, last.reference_date)], last.reference_date)
        if grade == "po":
            out["po_first_u"] = Figure(unified.value.iloc[0], unified.reference_date.iloc[0])
            out["po_nps_first"] = Figure(nps.value.iloc[0], nps.reference_date.iloc[0])
            out["po_nps_last"] = Figure(nps.value.iloc[-1], nps.reference_date.iloc[-1])
        else:
            peak = unified.loc[unified.value.idxmax()]
            out["pso_peak"] = Figure(peak.value, peak.reference_date)
    return out


def grade_answers(fx: pd.DataFrame) -> pd.DataFrame:
    """Grade counts (FTE) given in answers to Parliament: a separate series, never joined to the
    statistics."""
    return fx[(fx.series == "parliament-answer") & fx.measure.isin(list(GRADES))]


def staff_in_post(fx: pd.DataFrame) -> pd.DataFrame:
    """All probation staff in post (FTE) with a reference day, in the three series that count them
    (MoJ probation data, HMPPS workforce statistics, answers to Parliament), oldest first."""
    sip = fx[(fx.measure == "probation_staff_fte_in_post") & fx.reference_date.notna()
             & fx.series.isin(["mojdata-probation", "hmpps-workforce", "parliament-answer"])]
    return sip.sort_values("reference_date")


def staff_in_post_figures(sip: pd.DataFrame) -> dict[str, Figure]:
    """Headline figures of :func:`staff_in_post` (FTE), by name.

    ``first``/``last``: the MoJ probation data's first and last NPS counts; ``u_first``/``u_last``:
    its first and last Probation Service counts; ``clash_a``/``clash_b``: the first day on which the MoJ probation
    data (a) and the HMPPS workforce statistics (b) both give a count and the counts differ.
    """
    moj = sip[sip.series == "mojdata-probation"]
    nps, unified = moj[moj.organisation == NPS_ONLY], moj[moj.organisation == UNIFIED]
    both = sip[sip.series.isin(["mojdata-probation", "hmpps-workforce"])].pivot_table(
        index="reference_date", columns="series", values="value", aggfunc="first").dropna()
    clash = both[both["mojdata-probation"] != both["hmpps-workforce"]].iloc[0]
    return {"first": Figure(nps.value.iloc[0], nps.reference_date.iloc[0]),
            "last": Figure(nps.value.iloc[-1], nps.reference_date.iloc[-1]),
            "u_first": Figure(unified.value.iloc[0], unified.reference_date.iloc[0]),
            "u_last": Figure(unified.value.iloc[-1], unified.reference_date.iloc[-1]),
            "clash_a": Figure(clash["mojdata-probation"], clash.name),
            "clash_b": Figure(clash["hmpps-workforce"], clash.name)}


def crc_facts(fx: pd.DataFrame) -> pd.DataFrame:
    """Every figure on the CRCs' staff: ``crc_*`` measures, staff who left since 2013, and any
    staff or FTE count of the CRCs."""
    return fx[fx.measure.str.startswith("crc_") | fx.measure.isin(["probation_staff_left_since_2013"])
              | ((fx.provider_type == "CRC") & fx.unit.isin(["fte", "staff"]))]


def crc_figures(fx: pd.DataFrame) -> dict[str, pd.Series]:
    """The CRCs' first staff count (``start``: FTE, the first CRC row of all staff in post) and the
    staff transferred at reunification (``transfer``: the HMPPS workforce statistics' row), as fact
    rows (with ``qualifier``)."""
    start = fx[(fx.measure == "probation_staff_fte_in_post") & (fx.provider_type == "CRC")].iloc[0]
    transfer = fx[(fx.measure == "crc_staff_transferred") & (fx.series == "hmpps-workforce")].iloc[0]
    return {"start": start, "transfer": transfer}


def leaving_rates(fx: pd.DataFrame) -> pd.DataFrame:
    """Probation officers' leaving rates (%), ordered by ``end``: the day the year measured ends.

    ``end`` is the reference day, else (a financial year "2018/19" with no day) 31 March of the
    year it ends in.
    """
    leave = fx[fx.measure == "po_leaving_rate_pct"].copy()
    leave["end"] = [d if pd.notna(d) else pd.Timestamp(f"20{p[5:7]}-03-31")
                    for d, p in zip(leave.reference_date, leave.period)]
    return leave.sort_values("end")


def leaving_figures(leave: pd.DataFrame) -> dict:
    """Headlines of :func:`leaving_rates`: the NPS's financial years in answers to Parliament
    (``nps_first``/``nps_last``: periods as stated; ``nps_min``/``nps_max``: %) and the latest
    twelve-month rate of the HMPPS workforce statistics (``last``: a :class:`Figure`, %)."""
    nps = leave[(leave.series == "parliament-answer") & (leave.provider_type == "NPS")]
    stats = leave[leave.series == "hmpps-workforce"]
    return {"nps_first": nps.period.iloc[0], "nps_last": nps.period.iloc[-1],
            "nps_min": nps.value.min(), "nps_max": nps.value.max(),
            "last": Figure(stats.value.iloc[-1], stats.reference_date.iloc[-1])}


def caseload_per_po(fx: pd.DataFrame) -> pd.DataFrame:
    """Average caseload per probation officer (cases), twelve-month periods, oldest first."""
    return fx[fx.measure == "average_caseload_per_po"].sort_values("reference_date")


def vacancies(fx: pd.DataFrame) -> pd.DataFrame:
    """Probation vacancies (FTE) by region, as stated to Parliament."""
    return fx[fx.measure == "probation_vacancies_fte"]


def po_vacancies(fx: pd.DataFrame, data_dir: PathLike = None) -> tuple[pd.Series, pd.Timestamp]:
    """The inspectorate's count of probation officer vacancies (a fact row) and the month of its
    earliest source's publication (the first day of that month, or the day)."""
    row = fx[(fx.measure == "po_vacancies") & (fx.series == "hmip-inspection")].iloc[0]
    published = load_sources(resolve_data_dir(data_dir)).set_index("source_id").published
    return row, pd.Timestamp(min(published[s] for s in row.sources))


def other_facts(fx: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """The facts in none of the chapter's other selections, by measure then day (the reference
    day, else the period's end), for the last table: each fact appears on the page once."""
    shown = pd.concat([grade_series(fx), grade_changes(fx), grade_answers(fx), staff_in_post(fx), crc_facts(fx),
                       leaving_rates(fx), caseload_per_po(fx), vacancies(fx)]).fact_id
    shown = set(shown) | {po_vacancies(fx, data_dir)[0].fact_id}
    rest = fx[~fx.fact_id.isin(shown)]
    return rest.assign(_d=rest.reference_date.fillna(rest.period_end)).sort_values(["measure", "_d"], kind="stable")
