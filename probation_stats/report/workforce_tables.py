"""The workforce chapter's reader tables and chart data, from the fact rows of
:mod:`probation_stats.derived.workforce_facts`.

Each function takes the facts it shows and returns a DataFrame whose column names are the
page's column labels (or a chart's field names); the selections themselves are made in the
derived module.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from probation_stats.derived.workforce_facts import SERIES_STEP_MONTHS
from probation_stats.report.charts import line_runs
from probation_stats.report.display import long_date, readable
from probation_stats.wording import change_words

__all__ = ["NOT_COMPARABLE", "grade_chart_title", "staff_chart_title", "leaving_chart_title", "as_published", "grade_chart_data", "grade_table", "answers_table", "staff_chart_data",
           "staff_in_post_table", "crc_table", "leaving_chart_data", "caseload_table", "vacancies_table",
           "other_table"]


def as_published(frame: pd.DataFrame) -> list[str]:
    """Each fact's value with its qualifier, as the source put it ("more than 7,000").

    >>> as_published(pd.DataFrame({"qualifier": ["more than", None], "value": [7000.0, 12.5]}))
    ['more than 7,000', '12.5']
    """
    return [f"{q} {v:,g}".strip() if isinstance(q, str) else f"{v:,g}" for q, v in zip(frame.qualifier, frame.value)]


def grade_chart_data(grades: pd.DataFrame) -> pd.DataFrame:
    """The data of the grades chart: one row per count (``fte_in_post``, FTE) with ``date``,
    ``grade``, ``organisation``, the source used and all sources, ``line`` (one line per grade
    and organisation, so that lines are not joined across reunification) and ``run`` (a line is
    drawn only between counts one quarter apart: draw with ``detail`` on ``line`` and ``run``)."""
    drawn = pd.DataFrame({
        "date": grades.reference_date, "grade": grades.grade, "organisation": grades.organisation,
        "fte_in_post": grades.value.astype(float), "source_used": grades.source, "sources": grades.sources.map(", ".join),
    }).reset_index(drop=True)
    drawn["line"] = drawn.grade + ", " + drawn.organisation
    drawn["run"] = line_runs(drawn.date, drawn.line, SERIES_STEP_MONTHS["hmpps-workforce"])
    return drawn


#: What the grades table says instead of a change whose year earlier counted another organisation.
NOT_COMPARABLE = "none: a year earlier the statistics counted the NPS alone"


def grade_table(grades: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Grades in post (FTE), one row per count, with the stated change on a year earlier at the same
    day and organisation (blank where none is stated), grouped by grade. A change whose year
    earlier lies before reunification (``changes.spans_reunification``) compares the Probation
    Service with the NPS alone: :data:`NOT_COMPARABLE` is shown instead of it."""
    spans = changes["spans_reunification"] if "spans_reunification" in changes else pd.Series(False, index=changes.index)
    by = changes.set_index(["grade", "organisation", "reference_date"]).value
    across = set(changes[spans.astype(bool)].set_index(["grade", "organisation", "reference_date"]).index)
    keys = list(zip(grades.grade, grades.organisation, grades.reference_date))
    return pd.DataFrame({
        "Date": grades.reference_date.map(long_date), "Grade": grades.grade, "Counted": grades.organisation,
        "Staff in post (FTE)": grades.value.astype(float),
        "Change on a year earlier (as stated)": [NOT_COMPARABLE if k in across else change_words(by[k]) if k in by.index
                                                 else "" for k in keys],
        "Sources": grades.sources,
    }).sort_values(["Grade"], kind="stable").reset_index(drop=True)


def answers_table(answers: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Grade counts stated in answers to Parliament, with each measure's label and definition."""
    return pd.DataFrame({
        "Date": answers.dated.map(readable, na_action="ignore"), "Measure": answers.measure.map(labels),
        "Counted": answers.organisation, "Value": answers.value.astype(float), "Definition": answers.definition,
        "Sources": answers.sources,
    }).reset_index(drop=True)


def staff_chart_data(sip: pd.DataFrame) -> pd.DataFrame:
    """The data of the all-staff chart: one row per count (``fte_in_post``, FTE) with ``series``
    (its reader name), ``organisation``, ``definition``, the source used, ``line`` and ``run``
    (counts are joined only when one step of their series apart: draw with ``detail`` on both)."""
    drawn = pd.DataFrame({
        "date": sip.reference_date, "series": sip.series_label, "organisation": sip.organisation,
        "fte_in_post": sip.value.astype(float), "definition": sip.definition, "source_used": sip.source,
    }).reset_index(drop=True)
    drawn["line"] = drawn.series + ", " + drawn.organisation
    drawn["run"] = line_runs(drawn.date, drawn.line, sip.series.map(SERIES_STEP_MONTHS).fillna(12).to_numpy())
    return drawn


def staff_in_post_table(sip: pd.DataFrame, label: str) -> pd.DataFrame:
    """All staff in post (FTE) by series, one row per count; ``label`` heads the value column."""
    return pd.DataFrame({
        "Date": sip.reference_date.map(long_date), "Series": sip.series_label, "Counted": sip.organisation,
        label: sip.value.astype(float), "Sources": sip.sources,
    }).reset_index(drop=True)


def crc_table(crc: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The CRCs' staff figures as published (qualifier and value), with measure label and unit."""
    return pd.DataFrame({
        "When": crc.dated.map(readable, na_action="ignore"), "Measure": crc.measure.map(labels).fillna(crc.measure),
        "Organisation": crc.provider_type, "As published": as_published(crc),
        "Unit": crc.unit.map({"fte": "full-time equivalent", "staff": "staff"}).fillna(crc.unit),
        "Series": crc.series_label, "Sources": crc.sources,
    }).reset_index(drop=True)


def leaving_chart_data(leave: pd.DataFrame) -> pd.DataFrame:
    """The data of the leaving-rate chart: one point per rate (``leaving_rate_pct``, %) at
    ``year_to`` (the end of the year measured), with its period, series and organisation, and
    the source used."""
    return pd.DataFrame({
        "year_to": leave.end, "period": leave.period, "leaving_rate_pct": leave.value.astype(float),
        "series": leave.series_label + ", " + leave.organisation, "source_used": leave.source,
    }).reset_index(drop=True)


def caseload_table(caseload: pd.DataFrame, label: str) -> pd.DataFrame:
    """Average caseload per probation officer (cases), one row per twelve-month period."""
    return pd.DataFrame({
        "Period": caseload.period.map(readable), "Twelve months to": caseload.reference_date.map(long_date),
        label: caseload.value.astype(float), "Sources": caseload.sources,
    }).reset_index(drop=True)


def vacancies_table(vac: pd.DataFrame, label: str) -> pd.DataFrame:
    """Vacancies (FTE) by region and month, the most vacancies first."""
    return pd.DataFrame({
        "Region": vac.provider_type, "Month": vac.period_end.map(lambda d: f"{d:%B %Y}"),
        label: vac.value.astype(float), "Sources": vac.sources,
    }).sort_values(label, ascending=False, kind="stable").reset_index(drop=True)


def other_table(rest: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Every other fact, as published, with whether its sources agree and every value stated."""
    return pd.DataFrame({
        "Measure": rest.measure.map(labels).fillna(rest.measure), "Organisation": rest.organisation,
        "When": rest.dated.map(readable, na_action="ignore"), "As published": as_published(rest),
        "Unit": rest.unit.map({"fte": "full-time equivalent", "percent": "%"}).fillna(rest.unit),
        "Series": rest.series_label, "Sources agree": rest.agreement, "Values stated": rest.values_stated,
        "Sources": rest.sources,
    }).reset_index(drop=True)


# ---- chart titles: each states a finding within one organisation ---------------------------------
# The chapter keeps the NPS alone (to June 2021) and the Probation Service (from June 2021) apart;
# a title setting one beside the other would compare what was counted, not what happened.


def _since(last, first) -> str:
    return "up from" if last.value > first.value else ("down from" if last.value < first.value else "the same as")


def grade_chart_title(g: Mapping) -> str:
    """The grades chart's finding: the Probation Service's latest probation officer count against
    its first (``g`` is :func:`probation_stats.derived.workforce_facts.grade_figures`).

    >>> from probation_stats.derived.workforce_facts import Figure
    >>> T = pd.Timestamp
    >>> grade_chart_title({"po_last": Figure(5519.0, T("2025-06-30")), "po_first_u": Figure(4338.0, T("2022-03-31"))})
    'The Probation Service had 5,519 full-time equivalent probation officers in post at 30 June 2025, up from 4,338 at 31 March 2022'
    """
    last, first = g["po_last"], g["po_first_u"]
    return (f"The Probation Service had {last.value:,.0f} full-time equivalent probation officers in post at "
            f"{long_date(last.date)}, {_since(last, first)} {first.value:,.0f} at {long_date(first.date)}")


def staff_chart_title(s: Mapping) -> str:
    """The all-staff chart's finding: the Probation Service's latest and first counts in the MoJ's
    probation data (``s`` is :func:`probation_stats.derived.workforce_facts.staff_in_post_figures`)."""
    last, first = s["u_last"], s["u_first"]
    return (f"The MoJ's probation data count {last.value:,.0f} full-time equivalent staff in the Probation Service at "
            f"{long_date(last.date)}, {_since(last, first)} {first.value:,.0f} at {long_date(first.date)}")


def leaving_chart_title(lv: Mapping) -> str:
    """The leavers chart's finding: the Probation Service's latest twelve-month leaving rate (``lv``
    is :func:`probation_stats.derived.workforce_facts.leaving_figures`; the NPS's rates are in the
    subtitle and description, not set beside it)."""
    return (f"{lv['last'].value:g}% of the Probation Service's probation officers left in the twelve months to "
            f"{long_date(lv['last'].date)}")
