"""The caseload chapter's reader words, chart data and tables (book/caseload.ipynb).

The figures come from :mod:`probation_stats.derived.caseload_series`; this module only names and
lays them out for readers: stated changes in words, milestone labels, and the page's tables.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_measures, load_sources
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir
from probation_stats.derived.caseload_series import quarter_runs
from probation_stats.derived.vague_values import value_in_words
from probation_stats.report.p_values import p_text
from probation_stats.wording import change_words, long_date, source_title

__all__ = ["FIGURE_KINDS", "MILESTONE_LABELS", "TREND_TERMS", "with_source",
           "milestone_marks", "series_chart_data", "changes_chart_data", "series_finding", "changes_finding",
           "series_table", "trend_table", "split_table", "disputed_table", "other_statements_table",
           "caseload_shares_table"]

#: How a total was read: exact, or only in a copy that rounded it (the chart's legend, in this order).
FIGURE_KINDS = ["exact", "rounded in the source"]

#: Short labels of the milestones drawn on the caseload chart.
MILESTONE_LABELS = {"split": "split", "crcs_transferred": "CRCs sold",
                    "inspections_suspended": "Covid-19", "reunification": "reunified"}

#: The trend model's terms in reader words (``{start}``: the first date modelled).
TREND_TERMS = {"baseline_level": "Level at {start} (people)",
               "baseline_slope": "Trend before the pandemic (people a year)",
               "level_change_covid": "Change in level at the pandemic (people)",
               "slope_change_covid": "Change in trend at the pandemic (people a year)",
               "level_change_reunification": "Change in level at reunification (people)",
               "slope_change_reunification": "Change in trend after reunification (people a year)"}

_SERIES_NAMES = {"parliament-committee": "Parliamentary committee report", "hmip-annual": "Inspectorate annual report"}


def with_source(frame: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """``frame`` with ``source``: its ``source_id`` as "Publisher: Title" (for tooltips)."""
    sources = load_sources(resolve_data_dir(data_dir)).set_index("source_id")
    return frame.assign(source=[source_title(i, sources) for i in frame.source_id])


def milestone_marks(milestones: pd.DataFrame) -> pd.DataFrame:
    """The milestones drawn on the caseload chart, oldest first.

    ``milestones`` is the milestones table indexed by ``milestone_id``. Returns ``date``,
    ``description``, ``milestone_id``, ``label`` (:data:`MILESTONE_LABELS`) and ``label_y`` (pixels
    from the top: 4 and 18 alternately, since labels of milestones a year apart would overprint on
    a phone).
    """
    marks = milestones.loc[list(MILESTONE_LABELS)].reset_index()
    marks = marks[["date_start", "description", "milestone_id"]].rename(columns={"date_start": "date"})
    marks["label"] = marks.milestone_id.map(MILESTONE_LABELS)
    marks = marks.sort_values("date").reset_index(drop=True)
    marks["label_y"] = [4 + 14 * (i % 2) for i in range(len(marks))]
    return marks


def series_chart_data(series: pd.DataFrame) -> pd.DataFrame:
    """The caseload chart's data: one row per total of ``series`` (with rounded copies and ``source``).

    Columns ``date``, ``people_on_probation`` (people), ``figure`` (:data:`FIGURE_KINDS`),
    ``source_used``, ``n_sources``, ``sources`` (ids joined by ", "), ``sources_disagree`` and
    ``run`` (:func:`~probation_stats.derived.caseload_series.quarter_runs` of the exact totals;
    missing for rounded ones, which the line does not join).
    """
    drawn = pd.DataFrame({
        "date": series.reference_date, "people_on_probation": series.value.astype(float),
        "figure": series.rounded.map({False: FIGURE_KINDS[0], True: FIGURE_KINDS[1]}),
        "source_used": series.source, "n_sources": series.n_sources,
        "sources": series.sources.map(", ".join), "sources_disagree": series.disagreement,
    }).reset_index(drop=True)
    exact = drawn[drawn.figure == FIGURE_KINDS[0]].copy()
    exact["run"] = quarter_runs(exact.date)
    return drawn.merge(exact[["date", "run"]], on="date", how="left", validate="one_to_one")


def changes_chart_data(changes: pd.DataFrame) -> pd.DataFrame:
    """The stated-change chart's data: ``date``, ``change_pct`` (percent), ``as_stated`` (words),
    ``source_used`` and ``sources``, one row per row of ``changes`` (with ``source``)."""
    return pd.DataFrame({
        "date": changes.reference_date, "change_pct": changes.value.astype(float),
        "as_stated": [change_words(v, q) for v, q in zip(changes.value, changes.qualifier)],
        "source_used": changes.source, "sources": changes.sources.map(", ".join),
    }).reset_index(drop=True)


def series_finding(landmarks: pd.DataFrame) -> str:
    """The caseload chart's title: the latest total against the highest found.

    ``landmarks`` is :func:`~probation_stats.derived.caseload_series.series_landmarks` of the exact totals.
    """
    last, peak = landmarks.loc["last"], landmarks.loc["highest"]
    finding = f"{last.value:,.0f} people were on probation at {long_date(last.reference_date)}"
    if peak.value > last.value:
        return finding + (f", {peak.value - last.value:,.0f} fewer than the highest total found "
                          f"({peak.value:,.0f} at {long_date(peak.reference_date)})")
    return finding + ", the highest total found"


def changes_finding(changes: pd.DataFrame) -> str:
    """The stated-change chart's title: how many quarters stated a fall, and the largest (every tied date)."""
    falls = int((changes.value < 0).sum())
    largest = changes[changes.value == changes.value.min()]
    return (f"The bulletins stated a fall on a year earlier in {falls} of {len(changes)} quarters; the largest, "
            f"{abs(largest.value.iloc[0]):g}%, at {' and '.join(largest.reference_date.map(long_date))}")


def _labels(data_dir: PathLike) -> pd.Series:
    return load_measures(resolve_data_dir(data_dir)).set_index("measure")["label"]


def series_table(series: pd.DataFrame, changes: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """One row per total of ``series``: date, total, exact or rounded, the stated change on a year
    earlier in words (blank where no bulletin states one), sources and their agreement."""
    labels = _labels(data_dir)
    stated = changes.set_index("reference_date")
    return pd.DataFrame({
        "Date": series.reference_date.map(long_date),
        labels["people_on_probation"]: series.value.astype(float),
        "Figure": series.rounded.map({False: FIGURE_KINDS[0], True: FIGURE_KINDS[1]}),
        labels["people_on_probation_change_yoy_pct"] + " (as stated)": [
            change_words(stated.loc[d, "value"], stated.loc[d, "qualifier"]) if d in stated.index else ""
            for d in series.reference_date],
        "Sources": series.sources,
        "Sources agree": series.agreement,
    }).reset_index(drop=True)


def trend_table(tb: pd.DataFrame, start) -> pd.DataFrame:
    """The trend model's estimates for readers: ``tb`` from :func:`probation_stats.trend_breaks`,
    ``start`` the first date modelled. Estimates and intervals rounded to whole people."""
    terms = {k: v.format(start=long_date(start)) for k, v in TREND_TERMS.items()}
    return pd.DataFrame({
        "Term": tb.term.map(terms).fillna(tb.term),
        "Estimate": tb.estimate.round(0), "95% interval, low": tb.ci_low.round(0),
        "95% interval, high": tb.ci_high.round(0),
        "p-value": tb.p_value.map(p_text), "Totals in segment": tb.n_segment, "Note": tb.note,
    })


def split_table(split: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """The split by provider type (:func:`~probation_stats.derived.caseload_series.provider_split`) for readers."""
    return pd.DataFrame({
        "Date": split.reference_date.map(long_date), "Provider type": split.index,
        _labels(data_dir)["people_on_probation"]: split.value.astype(float), "Sources": split.sources,
    }).reset_index(drop=True)


def disputed_table(disputed: pd.DataFrame) -> pd.DataFrame:
    """Totals on which sources disagree (:func:`~probation_stats.derived.caseload_series.disputed_totals`) for readers."""
    return pd.DataFrame({
        "Date": disputed.reference_date.map(long_date), "Value used": disputed.value.astype(float),
        "Values stated": disputed.values_stated, "Chosen by": disputed.chosen_by, "Sources": disputed.sources,
    }).reset_index(drop=True)


def other_statements_table(others: pd.DataFrame) -> pd.DataFrame:
    """Other statements of the national total (:func:`~probation_stats.derived.caseload_series.other_statements`)
    as published: the number with its hedge word, when (date, period or "no date stated"), series, words."""
    return pd.DataFrame({
        "As published": [f"{q} {v:,.0f}".strip() if isinstance(q, str) else f"{v:,.0f}"
                         for q, v in zip(others.qualifier, others.value)],
        "When": [long_date(d) if pd.notna(d) else (p if isinstance(p, str) else "no date stated")
                 for d, p in zip(others.reference_date, others.period)],
        "Series": others.series.map(_SERIES_NAMES).fillna(others.series),
        "Words": others.locator, "Sources": others.sources,
    }).reset_index(drop=True)


def caseload_shares_table(shares: pd.DataFrame, labels) -> pd.DataFrame:
    """Shares of staff by caseload (:func:`probation_stats.derived.provider_caseloads.caseload_shares`)
    for readers, each share as the source gives it: "two thirds", not 66.7 (``labels`` maps a
    measure id to its name, e.g. :func:`probation_stats.wording.readable`).

    >>> shares = pd.DataFrame({"provider_type": ["CRC"], "measure": ["m"], "value": [66.7], "value_basis": ["words"],
    ...                        "qualifier": [None], "unit": ["percent"], "period": ["2018/19"], "source_id": ["s"],
    ...                        "locator": ["two thirds of whom had a caseload of over 50"]})
    >>> caseload_shares_table(shares, str)["Share of staff"].tolist()
    ['two thirds']
    """
    units = shares["unit"] if "unit" in shares else ["percent"] * len(shares)  # shares are percentages
    shown = [value_in_words(v, q, u, b, loc) or f"{q + ' ' if isinstance(q, str) and q else ''}{v:g}%"
             for v, q, u, b, loc in zip(shares["value"], shares["qualifier"], units, shares["value_basis"],
                                        shares["locator"])]
    return pd.DataFrame({"Providers": shares["provider_type"], "Measure": shares["measure"].map(labels),
                         "Share of staff": shown, "Period": shares["period"], "Quotation": shares["locator"],
                         "Source": shares["source_id"]}).reset_index(drop=True)
