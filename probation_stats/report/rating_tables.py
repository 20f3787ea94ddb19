"""The ratings chapter's tables and chart data in readers' words: labels, column names, order."""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_sources
from probation_stats.datapackage.paths import PathLike
from probation_stats.rating_scale import RATING_LEVELS
from probation_stats.report import charts
from probation_stats.report.p_values import p_cell
from probation_stats.standards import STANDARD_LABELS, STANDARD_ORDER

__all__ = ["GAP_LABELS", "STANDARD_ORDER_LABELS", "COVERAGE_DOMAIN", "overall_dot_data", "overall_chart_title",
           "rating_check_table", "rating_changes_table", "rating_gap_table", "overall_sources_table",
           "standard_grid_data", "provider_order", "coverage_palette", "pdu_standard_table", "pdus_by_region_table"]

#: Readers' names of the measures of :func:`~probation_stats.estimators.rating_gap.rating_gap`.
GAP_LABELS = {"probability_of_superiority": "Probability an NPS division is rated above a CRC (ties half)",
              "rank_sum_permutation": "Exact permutation test of the rank sum (two-sided)",
              "odds_ratio_higher_rating": "Odds ratio of a higher rating, NPS against CRC (ordinal logit)"}
#: The standards' names in report order (columns of the standard-by-standard grid).
STANDARD_ORDER_LABELS = [STANDARD_LABELS[s] for s in STANDARD_ORDER]
#: What a cell of the standard grid can show: the four ratings, then the two kinds of gap.
COVERAGE_DOMAIN = list(RATING_LEVELS) + ["not found", "not inspected"]

_CHECK_COLUMNS = {"round": "Inspection round", "provider_type": "Providers", "rating": "Overall rating",
                  "published": "Published total", "found": "Ratings we have", "status": "Check"}


def overall_dot_data(overall: pd.DataFrame, data_dir: PathLike = None) -> tuple[pd.DataFrame, list[str]]:
    """The data of the dot chart of overall ratings, and the order of its rows.

    ``overall``: as from :func:`~probation_stats.derived.overall_ratings.overall_ratings`. Returns
    (``drawn``, ``order``): ``drawn`` has ``provider`` (short name), ``provider_type``, ``rating``
    (text), ``rating_as_published``, ``source_id`` and ``source`` ("Publisher: Title");
    ``order`` lists the providers by type, then best rating first, then name.
    """
    sources = load_sources(data_dir).set_index("source_id")
    order = overall.sort_values(["provider_type", "rating", "short_name"], ascending=[True, False, True]).short_name.tolist()
    drawn = overall.assign(source=overall.source_id.map(sources["publisher"] + ": " + sources["title"]))[
        ["short_name", "provider_type", "rating", "rating_as_published", "source_id", "source"]].rename(
        columns={"short_name": "provider"})
    drawn["rating"] = drawn["rating"].astype(str)
    return drawn, order


def overall_chart_title(good: pd.DataFrame) -> str:
    """The dot chart's finding: were NPS divisions rated Good or better more often than CRCs?

    ``good``: as from :func:`~probation_stats.derived.overall_ratings.good_or_better_by_type`.
    """
    higher = "higher than" if good.loc["NPS", "share"] > good.loc["CRC", "share"] else "no higher than"
    n = {(t, col): int(good.at[t, col]) for t in ("NPS", "CRC") for col in ("good_or_better", "providers")}
    return (f"NPS divisions were rated {higher} CRCs: {n['NPS', 'good_or_better']} of {n['NPS', 'providers']} NPS divisions "
            f"and {n['CRC', 'good_or_better']} of {n['CRC', 'providers']} CRCs were rated Good or better")


def rating_check_table(check: pd.DataFrame, rnd: str) -> pd.DataFrame:
    """One round of :func:`~probation_stats.derived.coverage.check_rating_counts`, columns named for readers."""
    shown = check.query("round == @rnd").rename(columns=_CHECK_COLUMNS)
    return shown.assign(**{"Overall rating": shown["Overall rating"].astype(str)}).reset_index(drop=True)


def rating_changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Providers rated in both rounds (:func:`~probation_stats.derived.overall_ratings.rating_changes`),
    by type and name, columns named for readers."""
    table = changes[["provider", "provider_type", "rating_2018_19", "rating_2019_20", "change"]].copy()
    for col in ["rating_2018_19", "rating_2019_20"]:
        table[col] = table[col].astype(str)
    return table.sort_values(["provider_type", "provider"]).rename(columns={
        "provider": "Provider", "provider_type": "Type", "rating_2018_19": "Overall rating, 2018/19",
        "rating_2019_20": "Overall rating, 2019/20", "change": "Change"}).reset_index(drop=True)


def rating_gap_table(gap: pd.DataFrame) -> pd.DataFrame:
    """The measures of :func:`~probation_stats.estimators.rating_gap.rating_gap` for readers:
    estimate and interval to two decimals, p-value as :func:`~probation_stats.report.p_values.p_cell`."""
    return pd.DataFrame({
        "Measure": gap.term.map(GAP_LABELS),
        "Estimate": gap.estimate.round(2),
        "95% interval, from": gap.ci_low.round(2),
        "to": gap.ci_high.round(2),
        "p-value": [p_cell(p) for p in gap.p_value],
        "Method": gap.method,
    })


def overall_sources_table(overall: pd.DataFrame) -> pd.DataFrame:
    """Every overall rating of a round with all the sources stating it (``Sources``: a list of ids,
    the first-listed first), its quotation and how many other sources state it."""
    table = overall.assign(source=[[s, *c] for s, c in zip(overall.source_id, overall.corroborated_by)],
                           also_in=overall.corroborated_by.map(len))[
        ["provider", "provider_type", "rating", "source", "locator", "also_in"]]
    table["rating"] = table["rating"].astype(str)
    return table.sort_values(["provider_type", "provider"]).rename(columns={
        "provider": "Provider", "provider_type": "Type", "rating": "Overall rating", "source": "Sources",
        "locator": "Quotation", "also_in": "Other sources stating it"}).reset_index(drop=True)


def standard_grid_data(coverage: pd.DataFrame) -> pd.DataFrame:
    """The cells of the providers x standards grid: ``round``, ``provider`` (short name),
    ``provider_type``, ``standard`` (readers' name), ``rating`` (the rating found, else the cell's
    status: "not found" or "not inspected") and ``n_sources``.

    ``coverage``: as from :func:`~probation_stats.derived.standard_ratings.standard_coverage`.
    """
    cov = coverage.assign(standard_label=coverage.standard.map(STANDARD_LABELS))
    # A provider not inspected in a round has no rating to find: drawn apart from "not found".
    cov["rating_shown"] = cov.rating.astype(str).where(cov.known, cov.status)
    return cov[["round", "short_name", "provider_type", "standard_label", "rating_shown", "n_sources"]].rename(
        columns={"short_name": "provider", "standard_label": "standard", "rating_shown": "rating"})


def provider_order(providers: pd.DataFrame) -> list[str]:
    """Providers' short names by type (CRCs first), then name: the rows of the grid."""
    return providers.sort_values(["provider_type", "short_name"]).short_name.tolist()


def coverage_palette() -> list[str]:
    """The colours of :data:`COVERAGE_DOMAIN`, in its order."""
    return [charts.RATING_COLOURS[r] for r in RATING_LEVELS] + [charts.NOT_FOUND_COLOUR, charts.NOT_INSPECTED_COLOUR]


def pdu_standard_table(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`~probation_stats.derived.pdu_coverage.pdu_standard_summary`'s table for readers: one
    row per standard, the ratings found at each level and the inspections they come from."""
    return summary.rename(columns={"standard": "Standard", "inspections": "Inspections with a rating found"})


def pdus_by_region_table(regions: pd.DataFrame) -> pd.DataFrame:
    """:func:`~probation_stats.derived.pdu_coverage.pdus_by_region` for readers: the stated number
    of PDUs as words where no source states one ("not stated"), never a guess."""
    stated = [f"{int(n)}" if pd.notna(n) else "not stated" for n in regions["pdus_stated"]]
    return pd.DataFrame({
        "Region": regions["region"], "PDUs, as a source states": stated, "PDUs named in the sources": regions["pdus_named"],
        "PDUs inspected at least once": regions["inspected"], "PDU inspections": regions["inspections"],
        "Source": regions["stated_source_id"].where(regions["stated_source_id"].notna(), None)})
