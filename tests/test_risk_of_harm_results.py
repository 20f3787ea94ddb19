"""Known answers for the risk-of-harm results and the workload figures beside them."""

import pandas as pd

import probation_stats as ps
from probation_stats.derived.pdu_summaries import WORKLOAD_MEASURES
from probation_stats.derived.risk_of_harm_results import (
    nao_assessment_by_period, national_risk_result, risk_results, workload_availability)


def _figures(rows):
    columns = ["inspection_id", "unit_name", "region", "year", "measure", "value", "qualifier", "cases_inspected",
               "source_id"]
    return pd.DataFrame(rows, columns=columns)


SYNTHETIC = _figures([
    ("a", "A", "R", 2023, "po_vacancy_rate_pct", 30.0, None, None, "s1"),
    ("a", "A", "R", 2023, "rosh_assessment_sufficient_pct", 40.0, None, 50, "s1"),
    ("a", "A", "R", 2023, "rosh_assessment_sufficient_pct", 40.0, None, 50, "s2"),  # same result, second source
    ("b", "B", "R", 2024, "po_vacancy_rate_pct", 40.0, None, None, "s1"),
    ("b", "B", "R", 2024, "rosh_review_sufficient_pct", 50.0, "less than", 40, "s1"),
    ("c", "C", "R", 2024, "average_caseload", 45.0, None, None, "s1"),
    ("d", "D", "R", 2024, "rosh_planning_sufficient_pct", 20.0, None, 30, "s1"),
])


def test_risk_results_keep_one_row_per_statement_and_flag_exact():
    rosh = risk_results(SYNTHETIC)
    assert list(rosh.inspection_id) == ["a", "b", "d"]
    assert list(rosh.exact) == [True, False, True]


def test_workload_availability_on_synthetic_figures():
    table = workload_availability(SYNTHETIC).set_index("measure")
    assert list(table.index) == list(WORKLOAD_MEASURES)
    assert table.loc["po_vacancy_rate_pct"].to_dict() == {"inspections_stating": 2, "with_risk_result": 2, "exact": 1}
    assert table.loc["average_caseload"].to_dict() == {"inspections_stating": 1, "with_risk_result": 0, "exact": 0}
    assert table.attrs == {"n_with_any": 3, "n_pairs_any": 2}


def test_on_the_real_data():
    figures, aggregates = ps.load_pdu_figures(), ps.load_inspection_aggregates()
    rosh = risk_results(figures)
    assert rosh.inspection_id.nunique() == 20 and rosh[rosh.exact].inspection_id.nunique() == 13
    assert round(rosh[rosh.exact].value.max()) == 50 and round(rosh[rosh.exact].value.min()) == 9
    national = national_risk_result(aggregates)
    assert national.source_id.startswith("hmip-") and round(national.value) == 18
    nao = nao_assessment_by_period(aggregates)
    assert round(nao.loc["2024", "value"]) == 28 and round(nao.loc["2018/19", "value"]) == 60
    availability = workload_availability(figures)
    assert availability.attrs == {"n_with_any": 13, "n_pairs_any": 5} and availability.with_risk_result.max() == 2
