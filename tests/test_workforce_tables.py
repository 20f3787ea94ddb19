"""Known-answer tests of the workforce chapter's reader tables (probation_stats.report.workforce_tables)."""

import pandas as pd

from probation_stats.wording import change_words

from probation_stats.derived import workforce_facts as wf
from probation_stats.report import workforce_tables as wt

T = pd.Timestamp


def test_change_words():
    assert change_words(7) == "7% more"
    assert change_words(-11.7) == "11.7% fewer"
    assert change_words(-694, unit=" FTE") == "694 FTE fewer"


def test_as_published_keeps_the_qualifier():
    frame = pd.DataFrame({"qualifier": ["over", None, float("nan")], "value": [7000.0, 1286.0, 5.5]})
    assert wt.as_published(frame) == ["over 7,000", "1,286", "5.5"]


def test_grade_table_matches_each_count_to_its_stated_change():
    grades = pd.DataFrame({"reference_date": [T("2022-03-31"), T("2023-03-31"), T("2023-03-31")],
                           "grade": ["PO", "PO", "PSO"], "organisation": ["PS"] * 3, "value": [4000, 5000, 7000],
                           "sources": [["a"], ["b"], ["c"]]})
    changes = pd.DataFrame({"reference_date": [T("2023-03-31"), T("2023-03-31")], "grade": ["PO", "PSO"],
                            "organisation": ["PS", "NPS"], "value": [25, -3]})
    table = wt.grade_table(grades, changes)
    assert list(table["Date"]) == ["31 March 2022", "31 March 2023", "31 March 2023"]
    # The PSO change is of another organisation: not this count's change.
    assert list(table["Change on a year earlier (as stated)"]) == ["", "25% more", ""]


def test_vacancies_table_lists_the_most_first():
    vac = pd.DataFrame({"provider_type": ["PS Wales", "PS London"], "period_end": [T("2023-03-31")] * 2,
                        "value": [100, 300], "sources": [["a"], ["a"]]})
    table = wt.vacancies_table(vac, "Vacancies")
    assert list(table.Region) == ["PS London", "PS Wales"]
    assert list(table.Month) == ["March 2023", "March 2023"]


def test_chart_data_on_the_real_data():
    fx = wf.workforce_facts()
    drawn = wt.grade_chart_data(wf.grade_series(fx))
    assert len(drawn) == 24 and drawn.date.min() == T("2015-03-31") and drawn.date.max() == T("2025-06-30")
    assert set(drawn.line) >= {f"{wf.GRADES['po_fte_in_post']}, {wf.NPS_ONLY}", f"{wf.GRADES['po_fte_in_post']}, {wf.UNIFIED}"}
    assert len(wt.staff_chart_data(wf.staff_in_post(fx))) == 26
    leave = wt.leaving_chart_data(wf.leaving_rates(fx))
    assert len(leave) == 12 and leave.year_to.is_monotonic_increasing


def test_no_change_is_shown_across_the_crc_staff_transfer():
    # Reader review: probation services officers "+94.6%" at 31 March 2022 against 31 March 2021,
    # when a year earlier the statistics counted the NPS alone (the rise is the CRC staff transfer).
    fx = wf.workforce_facts()
    changes = wf.grade_changes(fx)
    table = wt.grade_table(wf.grade_series(fx), changes)
    row = table[(table.Date == "31 March 2022") & table.Grade.str.startswith("Probation services")].iloc[0]
    assert row["Change on a year earlier (as stated)"] == wt.NOT_COMPARABLE
    assert "94.6% more" not in set(table["Change on a year earlier (as stated)"])
    across = changes[changes.spans_reunification]
    assert set(across.reference_date) == {T("2022-03-31")} and len(across) == 2   # officers (+22.6%) too
    # A year later both days count the Probation Service: the stated change is shown.
    later = table[(table.Date == "31 March 2023") & table.Grade.str.startswith("Probation services")]
    assert len(later) == 1 and later["Change on a year earlier (as stated)"].str.endswith(("more", "fewer")).all()
