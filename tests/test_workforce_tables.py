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


def test_chart_titles_never_set_the_probation_service_beside_the_nps_alone():
    # Reader review: a title set the Probation Service (2023) beside the NPS alone (2021) after the
    # chapter promised to keep them apart.
    fx = wf.workforce_facts()
    titles = [wt.grade_chart_title(wf.grade_figures(fx)),
              wt.staff_chart_title(wf.staff_in_post_figures(wf.staff_in_post(fx))),
              wt.leaving_chart_title(wf.leaving_figures(wf.leaving_rates(fx)))]
    for title in titles:
        assert "Probation Service" in title and "NPS" not in title, title
    assert titles[1] == ("The MoJ's probation data count 20,477 full-time equivalent staff in the Probation Service at "
                         "31 December 2023, up from 17,648 at 31 March 2022")


def test_no_line_joins_counts_further_apart_than_the_series_step():
    fx = wf.workforce_facts()
    for drawn, step in ((wt.grade_chart_data(wf.grade_series(fx)), {"": 3}),
                        (wt.staff_chart_data(wf.staff_in_post(fx)), None)):
        for (line, run), points in drawn.groupby(["line", "run"]):
            months = points.date.dt.year * 12 + points.date.dt.month
            limit = 3 if step else (3 if line.startswith("HMPPS") else 12)
            assert (months.sort_values().diff().dropna() <= limit).all(), (line, run)
    grades = wt.grade_chart_data(wf.grade_series(fx))
    nps_po = grades[grades.line == f"{wf.GRADES['po_fte_in_post']}, {wf.NPS_ONLY}"]
    # The review's case: June 2016 and September 2020 are on different runs.
    runs = nps_po.set_index("date").run
    assert runs[T("2016-06-30")] != runs[T("2020-09-30")]


def _chart_specs(notebook):
    """The Vega-Lite specs a notebook's committed outputs draw (as the page embeds them)."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / "book" / notebook).read_text(encoding="utf-8"))
    decoder = json.JSONDecoder()
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            at = html.find("vegaEmbed(el, ")
            if at >= 0:
                yield decoder.raw_decode(html[at + len("vegaEmbed(el, "):])[0]


def _line_layers(spec):
    for layer in spec.get("layer", [spec]):
        mark = layer.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "line":
            yield layer


def test_the_chapters_line_charts_never_join_across_a_gap():
    # On the chart spec as published: every line layer separates points by line and run, and no
    # run of the grades chart spans more than a quarter (the review: June 2016 joined to September 2020).
    checked = 0
    for spec in _chart_specs("workforce.ipynb"):
        for layer in _line_layers(spec):
            detail = layer["encoding"]["detail"]
            fields = [d["field"] for d in (detail if isinstance(detail, list) else [detail])]
            assert fields == ["line", "run"], fields
            values = next(v for v in spec["datasets"].values() if v and "run" in v[0])
            frame = pd.DataFrame(values)
            frame["date"] = pd.to_datetime(frame["date"])
            for (line, _), pts in frame.groupby(["line", "run"]):
                months = (pts.date.dt.year * 12 + pts.date.dt.month).sort_values().diff().dropna()
                assert (months <= (3 if "HMPPS" in line or "officers" in line else 12)).all(), line
            checked += 1
    assert checked == 2
