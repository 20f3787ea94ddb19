"""The chapter's tables in readers' words: known answers on small tables and on the real data."""

import pandas as pd

from probation_stats.wording import source_title

import probation_stats as ps
from probation_stats.derived.pdu_summaries import rating_moves
from probation_stats.report.reunification_tables import (
    inspection_list_table, power_table, rating_moves_table, ratings_by_year_drawn, risk_results_table,
    unquoted, workload_availability_table, year_words)


def test_year_words():
    assert year_words(2022.0) == "2022" and year_words(pd.NA) == "year not stated"
    assert year_words(None, missing="") == ""


def test_ratings_by_year_drawn_on_the_real_data():
    drawn = ratings_by_year_drawn(ps.load_pdu_inspections())
    assert list(drawn.columns) == ["year of publication", "rating", "inspections"]
    assert drawn.inspections.sum() == 77 and (drawn.inspections > 0).all()
    assert drawn["year of publication"].iloc[-1] == "year not stated"
    assert drawn[drawn["year of publication"] == "2022"].inspections.sum() == 17


def test_inspection_list_table_on_synthetic_inspections():
    synthetic = pd.DataFrame({
        "unit_name": ["Z", "Y", "X"], "region": ["R", "R", "R"], "programme": ["pdu", "regional", "dynamic"],
        "published": ["2023-05-02", None, None], "year": [2023, 2024, 2025], "overall_rating": ["Good", "Inadequate", None],
        "points": [20, None, None], "points_max": [27, 27, None], "source_id": ["s1", "s2", "s3"], "n_sources": [1, 2, 1]})
    table, caption = inspection_list_table(synthetic)
    assert list(table.Unit) == ["Y", "Z"]  # sorted by region, unit; the dynamic inspection left out
    assert list(table.Published) == ["2024", "2 May 2023"] and list(table["Points (as published)"]) == ["", "20 of 27"]
    assert list(table.Inspection) == ["Region", "PDU"]
    assert caption.startswith("Inspections published 2023–2024 ")


def test_rating_moves_table_on_the_real_data():
    table = rating_moves_table(rating_moves(ps.load_pdu_inspections()))
    assert len(table) == 13 and set(table.Change) == {"up", "same", "down"}
    assert table["First inspection"].str.match(r"^\w[\w ]+ \((\d{4}|year not stated)\)$").all()


def test_risk_results_table_words():
    rosh = pd.DataFrame({"unit_name": ["A", "B"], "region": ["R", "R"], "year": [None, 2024],
                         "measure": ["m1", "m1"], "value": [50.0, 9.4], "qualifier": ["less than", None],
                         "cases_inspected": [40, 30], "source_id": ["s1", "s2"]})
    measures = pd.DataFrame({"measure": ["m1"], "label": ["Assessment"]})
    table = risk_results_table(rosh, measures)
    assert list(table.Unit) == ["B", "A"]  # lowest first
    assert list(table["Cases judged sufficient"]) == ["9%", "less than 50%"]
    assert list(table.Year) == ["2024", "not stated"] and set(table["What was judged"]) == {"Assessment"}


def test_workload_availability_and_power_tables():
    availability = pd.DataFrame({"measure": ["m1"], "inspections_stating": [7], "with_risk_result": [2], "exact": [1]})
    shown = workload_availability_table(availability, pd.DataFrame({"measure": ["m1"], "label": ["Vacancies"]}))
    assert shown.iloc[0].to_dict() == {"Workload or staffing measure": "Vacancies", "Inspections stating it": 7,
                                       "Also stating a risk-of-harm result": 2, "of which exact": 1}
    sims = pd.DataFrame({"n": [20], "slope_per_10": [-5.0], "estimate": [0.144], "ci_low": [0.13], "ci_high": [0.159]})
    assert power_table(sims).iloc[0].to_dict() == {
        "PDU inspections with both figures": 20, "True association": "5 points lower per 10 points of vacancy rate",
        "Power (%)": 14, "Simulation interval (%)": "13 to 16"}


def test_source_title_and_unquoted():
    sources = ps.load_sources()
    assert source_title("nao-2025-probation-performance-press-release", sources).startswith("National Audit Office: ")
    assert unquoted("“quoted”") == "quoted" and unquoted('"quoted"') == "quoted"
