"""Known answers for the chapter's summaries, on small synthetic tables and on the real data."""

import pandas as pd

import probation_stats as ps
from probation_stats.derived.pdu_summaries import rating_moves, ratings_by_year, workload_risk_pairs


def test_ratings_by_year_adds_up_to_the_inspections():
    ins = ps.load_pdu_inspections()
    table = ratings_by_year(ins)
    assert table.inspections.sum() == (ins.programme == "pdu").sum()
    y2022 = table[table.year == 2022].set_index("rating").inspections
    assert y2022["Inadequate"] == 10 and y2022.sum() == 17


def test_rating_moves_on_synthetic_units():
    synthetic = pd.DataFrame({
        "unit_id": ["u1", "u1", "u2", "u2", "u3"], "unit_name": ["U1", "U1", "U2", "U2", "U3"],
        "region": ["R"] * 5, "programme": ["pdu"] * 5, "inspection_number": [1, 2, None, None, 1],
        "year": [2022, 2024, 2025, 2023, 2023], "source_id": list("abcde"),
        "overall_rating": pd.Series(["Inadequate", "Requires improvement", "Inadequate", "Good", "Good"],
                                    dtype=ps.RATING_DTYPE)})
    moves = rating_moves(synthetic).set_index("unit_id")
    assert list(moves.index) == ["u1", "u2"]
    assert moves.loc["u1", "move"] == "up"
    assert moves.loc["u2", "move"] == "down" and moves.loc["u2", "first_year"] == 2023


def test_workload_risk_pairs_keep_one_row_per_inspection():
    figures = ps.load_pdu_figures()
    pairs = workload_risk_pairs(figures, "po_vacancy_rate_pct")
    assert pairs.inspection_id.is_unique
    assert set(pairs.risk_measure) <= set(ps.pdu_summaries.RISK_MEASURES)
    synthetic = pd.DataFrame({
        "inspection_id": ["a", "a", "a", "b"], "unit_name": ["A"] * 3 + ["B"], "region": ["R"] * 4,
        "year": [2023] * 4, "measure": ["po_vacancy_rate_pct", "rosh_review_sufficient_pct",
                                         "rosh_assessment_sufficient_pct", "po_vacancy_rate_pct"],
        "value": [30.0, 40.0, 35.0, 10.0], "qualifier": [None] * 4, "cases_inspected": [None, 50, 50, None],
        "source_id": ["s"] * 4})
    out = workload_risk_pairs(synthetic, "po_vacancy_rate_pct")
    assert out.to_dict("records")[0]["risk"] == 35.0 and len(out) == 1   # assessment before review
