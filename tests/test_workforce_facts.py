"""Known-answer tests of the workforce chapter's selections (probation_stats.derived.workforce_facts)."""

import shutil

import pandas as pd
import pytest

from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.derived import workforce_facts as wf

REUNIFICATION = pd.Timestamp("2021-06-26")
T = pd.Timestamp


@pytest.fixture(scope="module")
def fx():
    return wf.workforce_facts()


def _counts(rows):
    """Hand-made HMPPS workforce facts: (measure, organisation, day, value)."""
    frame = pd.DataFrame(rows, columns=["measure", "organisation", "reference_date", "value"])
    frame["series"] = "hmpps-workforce"
    frame["reference_date"] = pd.to_datetime(frame.reference_date)
    return frame


def test_organisation_names_whom_a_figure_counts():
    assert wf.organisation("NPS", pd.NaT, T("2020-03-31"), REUNIFICATION) == wf.NPS_ONLY
    assert wf.organisation("all", pd.NaT, T("2021-06-30"), REUNIFICATION) == wf.UNIFIED
    assert wf.organisation("all", T("2021-04-01"), T("2022-03-31"), REUNIFICATION) == \
        "NPS, then Probation Service (period spans June 2021)"
    # Before reunification, or undated, "all" stays "all"; other providers keep their names.
    assert wf.organisation("all", pd.NaT, T("2020-03-31"), REUNIFICATION) == "all"
    assert wf.organisation("all", pd.NaT, pd.NaT, REUNIFICATION) == "all"
    assert wf.organisation("CRC", pd.NaT, T("2014-06-30"), REUNIFICATION) == "CRC"


def test_grade_figures_on_a_hand_made_series():
    frame = _counts([
        ("po_fte_in_post", wf.NPS_ONLY, "2019-03-31", 3000), ("po_fte_in_post", wf.NPS_ONLY, "2020-03-31", 3100),
        ("po_fte_in_post", wf.UNIFIED, "2023-03-31", 5000), ("po_fte_in_post", wf.UNIFIED, "2022-03-31", 4000),
        ("po_fte_change_yoy_pct", wf.UNIFIED, "2023-03-31", 25),
        ("pso_fte_in_post", wf.UNIFIED, "2022-03-31", 6000), ("pso_fte_in_post", wf.UNIFIED, "2023-03-31", 7000),
        ("pso_fte_in_post", wf.UNIFIED, "2024-03-31", 6500), ("pso_fte_change_yoy_pct", wf.UNIFIED, "2024-03-31", -7.1),
        ("po_fte_in_post", wf.UNIFIED, None, 9999),  # undated: never in a series
    ])
    g = wf.grade_figures(frame)
    assert g["po_last"] == (5000, T("2023-03-31"))
    assert g["po_last_yoy"] == (25, T("2023-03-31"))
    assert g["po_first_u"] == (4000, T("2022-03-31"))
    assert g["po_nps_first"] == (3000, T("2019-03-31"))
    assert g["po_nps_last"] == (3100, T("2020-03-31"))
    assert g["pso_last"] == (6500, T("2024-03-31"))
    assert g["pso_last_yoy"] == (-7.1, T("2024-03-31"))
    assert g["pso_peak"] == (7000, T("2023-03-31"))


def test_staff_in_post_figures_find_the_first_day_the_series_differ():
    sip = _counts([
        ("probation_staff_fte_in_post", wf.NPS_ONLY, "2016-03-31", 8000),
        ("probation_staff_fte_in_post", wf.NPS_ONLY, "2017-03-31", 8500),
        ("probation_staff_fte_in_post", wf.UNIFIED, "2022-03-31", 17000),
        ("probation_staff_fte_in_post", wf.UNIFIED, "2023-03-31", 18000),
    ]).assign(series="mojdata-probation")
    stats = _counts([
        ("probation_staff_fte_in_post", wf.NPS_ONLY, "2017-03-31", 8500),  # same figure: no clash
        ("probation_staff_fte_in_post", wf.UNIFIED, "2023-03-31", 17900),
    ])
    s = wf.staff_in_post_figures(pd.concat([sip, stats]).sort_values("reference_date"))
    assert s["first"] == (8000, T("2016-03-31"))
    assert s["last"] == (8500, T("2017-03-31"))
    assert s["u_last"] == (18000, T("2023-03-31"))
    assert s["clash_a"] == (18000, T("2023-03-31"))
    assert s["clash_b"] == (17900, T("2023-03-31"))


def test_leaving_rates_date_a_financial_year_by_its_31_march():
    frame = pd.DataFrame({"measure": ["po_leaving_rate_pct"] * 3, "period": ["2019/20", "2018/19", "12 months to June 2025"],
                          "reference_date": [pd.NaT, pd.NaT, T("2025-06-30")], "value": [6.5, 5.1, 6.3],
                          "series": ["parliament-answer", "parliament-answer", "hmpps-workforce"],
                          "provider_type": ["NPS", "NPS", "all"]})
    leave = wf.leaving_rates(frame)
    assert list(leave.end) == [T("2019-03-31"), T("2020-03-31"), T("2025-06-30")]
    lv = wf.leaving_figures(leave)
    assert (lv["nps_first"], lv["nps_last"], lv["nps_min"], lv["nps_max"]) == ("2018/19", "2019/20", 5.1, 6.5)
    assert lv["last"] == (6.3, T("2025-06-30"))


def test_real_data_known_values(fx):
    assert fx.fact_id.is_unique
    g = wf.grade_figures(fx)
    assert g["po_last"] == (5519, T("2025-06-30"))
    assert g["po_nps_first"] == (3219, T("2015-03-31"))
    assert g["pso_peak"] == (6950, T("2023-03-31"))
    grades = wf.grade_series(fx)
    assert grades.groupby("grade").size().to_dict() == {wf.GRADES["po_fte_in_post"]: 15,
                                                        wf.GRADES["pso_fte_in_post"]: 9}
    s = wf.staff_in_post_figures(wf.staff_in_post(fx))
    assert (s["clash_a"], s["clash_b"]) == ((17648, T("2022-03-31")), (16711, T("2022-03-31")))
    crc = wf.crc_figures(fx)
    assert (crc["start"].value, crc["start"].reference_date) == (8331, T("2014-06-30"))
    assert (crc["transfer"].qualifier, crc["transfer"].value) == ("over", 7000)
    row, published = wf.po_vacancies(fx)
    assert (row.value, published) == (615, T("2020-01-01"))
    assert wf.vacancies(fx).value.sum() == 1286
    assert wf.grade_band("po_fte_in_post") == "band 4"


def test_other_facts_are_every_fact_not_shown_above(fx):
    rest = wf.other_facts(fx)
    shown = pd.concat([wf.grade_series(fx), wf.grade_changes(fx), wf.grade_answers(fx), wf.staff_in_post(fx),
                       wf.crc_facts(fx), wf.leaving_rates(fx), wf.caseload_per_po(fx), wf.vacancies(fx)])
    shown_ids = set(shown.fact_id) | {wf.po_vacancies(fx)[0].fact_id}
    assert not shown_ids & set(rest.fact_id)
    assert shown_ids | set(rest.fact_id) == set(fx.fact_id)
    assert len(rest) == 84
    assert rest.measure.is_monotonic_increasing


def test_workforce_facts_read_the_data_dir_given(tmp_path, fx):
    copy = tmp_path / "data"
    shutil.copytree(resolve_data_dir(), copy)
    assert len(wf.workforce_facts(copy)) == len(fx)
    assert wf.reunification_date(copy) == REUNIFICATION
