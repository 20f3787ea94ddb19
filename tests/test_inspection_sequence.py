"""A unit's inspections in order, where a source states the inspection's number but no date: the
reader review found Northamptonshire PDU shown as "Requires improvement" (May 2022) though its
undated second inspection was rated Inadequate, and Derby City's "rated in" naming its first."""

import sys
from pathlib import Path

import pandas as pd

import probation_stats as ps
from probation_stats.derived.inspection_sequence import inspection_sequence
from probation_stats.derived.pdu_summaries import rating_moves
from probation_stats.derived.unit_profiles import entity_index, entity_profile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import entity_pages  # noqa: E402


def _synthetic():
    return pd.DataFrame({
        "inspection_id": ["a-2022", "a-undated", "a-undated", "b-2024", "b-2022", "c-undated", "c-2023", "d-x", "d-2025"],
        "unit_id": ["a", "a", "a", "b", "b", "c", "c", "d", "d"],
        "inspection_number": [None, 2, None, None, None, 1, None, None, None],
        "published": ["2022-05", None, None, "2024-01", "2022-03", None, "2023-02", None, "2025-06"],
        "fieldwork": [None] * 9, "year": [2022, None, None, 2024, 2022, None, 2023, None, 2025]})


def test_an_undated_second_inspection_comes_after_a_dated_first():
    seq = inspection_sequence(_synthetic())
    assert seq.tolist() == [1, 2, 2, 2, 1, 1, 2, 2, 1]
    # a: the undated one is stated second (every row of it gets 2); b: dates decide;
    # c: stated first, so the dated one is second; d: nothing places the undated one: after the dated.


def test_rating_moves_read_an_undated_second_inspection_as_second():
    ins = _synthetic().iloc[[0, 1]].assign(unit_name="A", region="R", programme="pdu", source_id=["s1", "s2"],
                                           overall_rating=pd.Series(["Requires improvement", "Inadequate"],
                                                                    dtype=ps.RATING_DTYPE).values)
    move = rating_moves(ins).iloc[0]
    assert (move.first_rating, move.second_rating, move.move) == ("Requires improvement", "Inadequate", "down")


def test_the_index_gives_northamptonshire_its_second_rating():
    index = entity_index().set_index("unit_id")
    north = index.loc["pdu-northamptonshire"]
    assert north.latest_rating == "Inadequate"
    assert north.latest_rated == "Second PDU inspection, date not stated"
    derby = index.loc["pdu-derby-city"]
    assert derby.latest_rated == "Second PDU inspection, date not stated"
    html = entity_pages._index_table(entity_index())
    row = html[html.index('href="pdu-northamptonshire.html"'):].split("</tr>")[0]
    assert "Inadequate" in row and "Requires improvement" not in row and "2022" not in row


def test_a_unit_page_lists_its_inspections_first_to_last():
    profile = entity_profile("pdu-northamptonshire")
    inspections = list(dict.fromkeys(profile.ratings["inspection"]))
    assert inspections == ["PDU inspection, published 17 May 2022", "Second PDU inspection, date not stated"]
    assert profile.description.endswith("Inspected by HM Inspectorate of Probation: PDU inspection, published "
                                        "17 May 2022; Second PDU inspection, date not stated.")
