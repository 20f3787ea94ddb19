"""The tables of the chapter "After reunification" in readers' words.

Each function takes a tidy table of the package (the loaders' or :mod:`probation_stats.derived`'s)
and returns the DataFrame the page shows: readable years and results, readers' column names. The
page draws them with :func:`probation_stats.report.display.reader_table`.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.derived.pdu_summaries import ratings_by_year
from probation_stats.report.display import readable
from probation_stats.wording import source_title

__all__ = ["year_words", "ratings_by_year_drawn", "inspection_list_table", "rating_moves_table",
           "risk_results_table", "workload_availability_table", "power_table", "unquoted"]

_PROGRAMME_WORDS = {"pdu": "PDU", "regional": "Region", "nps-division": "NPS division (inspected before reunification)"}


def year_words(year, missing: str = "year not stated") -> str:
    """A year of publication as readers read it: "2023", or ``missing`` where none is stated.

    >>> year_words(2023.0), year_words(None), year_words(float("nan"), missing="not stated")
    ('2023', 'year not stated', 'not stated')
    """
    return missing if pd.isna(year) else str(int(year))


def ratings_by_year_drawn(inspections: pd.DataFrame) -> pd.DataFrame:
    """The bars of the chart of PDU inspections by year and rating.

    Returns
    -------
    DataFrame with ``year of publication`` (str, "year not stated" last), ``rating`` and
    ``inspections`` (number, > 0): :func:`~probation_stats.derived.pdu_summaries.ratings_by_year`
    without the unrated inspections and the empty bars.
    """
    by_year = ratings_by_year(inspections)
    by_year = by_year[by_year["rating"].notna() & (by_year["inspections"] > 0)]
    return pd.DataFrame({"year of publication": by_year["year"].map(year_words), "rating": by_year["rating"],
                         "inspections": by_year["inspections"]})


def inspection_list_table(inspections: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Every PDU, regional and NPS-division inspection found, with its source, for the page.

    Parameters
    ----------
    inspections : DataFrame
        :func:`probation_stats.load_pdu_inspections`; the "dynamic" inspections (no overall
        rating) are left out.

    Returns
    -------
    (table, caption): the table, sorted by region, unit and year, with columns Unit, Region,
    Inspection, Published (the date in words, else the year), Overall rating, Points (as
    published: "n of m"), Source (id) and Sources found (number); and its caption, which names
    the years of publication it spans.
    """
    shown = inspections[inspections["programme"] != "dynamic"]
    table = pd.DataFrame({
        "Unit": shown["unit_name"], "Region": shown["region"],
        "Inspection": shown["programme"].map(_PROGRAMME_WORDS),
        "Published": [readable(p) if isinstance(p, str) else year_words(y, missing="")
                      for p, y in zip(shown["published"], shown["year"])],
        "Overall rating": shown["overall_rating"],
        "Points (as published)": [f"{int(p)} of {int(m)}" if pd.notna(p) else ""
                                  for p, m in zip(shown["points"], shown["points_max"])],
        "Source": shown["source_id"], "Sources found": shown["n_sources"],
        "year": shown["year"]})
    # Sorted on the data's own names and year, as the page always listed them.
    table = table.sort_values(["Region", "Unit", "year"])
    undated = int(shown["year"].isna().sum())
    # The years span only the dated inspections: say so where some state no year.
    caption = (f"Inspections published {int(shown['year'].min())}–{int(shown['year'].max())}"
               + (f" (and {undated} whose year of publication is not stated)" if undated else "")
               + " whose rating we found, with the first source stating it")
    return table.drop(columns="year"), caption


def rating_moves_table(moves: pd.DataFrame) -> pd.DataFrame:
    """The PDUs inspected twice, for the page: PDU, Region, First inspection and Second inspection
    ("rating (year)"), Change and Source (second inspection).

    ``moves`` is :func:`~probation_stats.derived.pdu_summaries.rating_moves`.
    """
    def stated(ratings, years):
        return [f"{r} ({year_words(y)})" for r, y in zip(ratings, years)]

    return pd.DataFrame({"PDU": moves["unit_name"], "Region": moves["region"],
                         "First inspection": stated(moves["first_rating"], moves["first_year"]),
                         "Second inspection": stated(moves["second_rating"], moves["second_year"]),
                         "Change": moves["move"], "Source (second inspection)": moves["second_source_id"]})


def risk_results_table(rosh: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """The risk-of-harm results stated, lowest first, for the page.

    Parameters
    ----------
    rosh : DataFrame
        :func:`probation_stats.derived.risk_of_harm_results.risk_results`.
    measures : DataFrame
        :func:`probation_stats.load_measures` (its ``label`` names the stage judged).

    Returns
    -------
    DataFrame with Unit, Region, Year, What was judged, Cases judged sufficient ("less than half
    40%" kept in the source's words, else "63%"), Cases inspected and Source.
    """
    labels = measures.set_index("measure")["label"] if "measure" in measures else measures["label"]
    rosh = rosh.sort_values(["value"])
    return pd.DataFrame({
        "Unit": rosh["unit_name"], "Region": rosh["region"],
        "Year": rosh["year"].map(lambda y: year_words(y, missing="not stated")),
        "What was judged": rosh["measure"].map(labels),
        "Cases judged sufficient": [f"{q} {v:.0f}%" if isinstance(q, str) else f"{v:.0f}%"
                                    for q, v in zip(rosh["qualifier"], rosh["value"])],
        "Cases inspected": rosh["cases_inspected"], "Source": rosh["source_id"]})


def workload_availability_table(availability: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """:func:`~probation_stats.derived.risk_of_harm_results.workload_availability` with the
    measures' labels and readers' column names."""
    labels = measures.set_index("measure")["label"] if "measure" in measures else measures["label"]
    return pd.DataFrame({"Workload or staffing measure": availability["measure"].map(labels),
                         "Inspections stating it": availability["inspections_stating"],
                         "Also stating a risk-of-harm result": availability["with_risk_result"],
                         "of which exact": availability["exact"]})


def power_table(sims: pd.DataFrame) -> pd.DataFrame:
    """:func:`probation_stats.workload_power`'s results for the page: PDU inspections with both
    figures, True association (points lower per 10 points of vacancy rate), Power (%, whole
    number) and Simulation interval (%); given
    :func:`probation_stats.report.power_figures.workload_power_figures`' table (with
    ``range_low``/``range_high``), Power is at the best estimates of the inputs and a column
    "Range over the inputs (%)" follows it."""
    shown = pd.DataFrame({
        "PDU inspections with both figures": sims["n"],
        "True association": sims["slope_per_10"].map(lambda b: f"{-b:g} points lower per 10 points of vacancy rate"),
        "Power (%)": (100 * sims["estimate"]).round(0).astype(int)})
    if "range_low" in sims:
        shown = shown.rename(columns={"Power (%)": "Power (%), best estimates"})
        shown["Range over the inputs (%)"] = [f"{100 * lo:.0f} to {100 * hi:.0f}"
                                              for lo, hi in zip(sims["range_low"], sims["range_high"])]
    shown["Simulation interval (%)"] = [f"{100 * lo:.0f} to {100 * hi:.0f}" for lo, hi in zip(sims["ci_low"], sims["ci_high"])]
    return shown.reset_index(drop=True)


def unquoted(text: str) -> str:
    """A quotation without the quotation marks around it (the page sets its own).

    >>> unquoted("“Not a magic bullet”")
    'Not a magic bullet'
    """
    return text.strip("“”\"")
