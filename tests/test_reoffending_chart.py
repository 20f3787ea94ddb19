"""The reoffending chapter's chart never joins a line across a recorded break.

The spec is read from the chapter as executed (book/reoffending.ipynb), so the test checks the
chart readers see; the breaks come from the data (data/reoffending_breaks.csv).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from probation_stats.datapackage.loaders import load_reoffending, load_reoffending_breaks
from probation_stats.derived.reoffending_series import like_for_like_stretches, within_stretch_changes
from probation_stats.report import reoffending_charts as rc

BOOK = Path(__file__).resolve().parents[1] / "book"


def _chapter_specs() -> list[dict]:
    nb = json.loads((BOOK / "reoffending.ipynb").read_text(encoding="utf-8"))
    specs = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            at = html.find("vegaEmbed(el, ")
            if at >= 0:
                specs.append(json.JSONDecoder().raw_decode(html, at + len("vegaEmbed(el, "))[0])
    return specs


@pytest.fixture(scope="module")
def spec() -> dict:
    specs = _chapter_specs()
    assert len(specs) == 1, "the chapter draws one chart"
    return specs[0]


@pytest.fixture(scope="module")
def breaks() -> pd.DataFrame:
    return load_reoffending_breaks()


def _line_rows(spec: dict) -> pd.DataFrame:
    line = next(layer for layer in spec["layer"] if layer["mark"].get("type", layer["mark"]) == "line")
    return pd.DataFrame(spec["datasets"][line.get("data", spec.get("data"))["name"]])


def test_no_line_of_the_chapter_chart_crosses_a_recorded_break(spec, breaks):
    assert rc.segments_crossing_breaks(spec, breaks.date_start) == []


def test_the_check_is_not_vacuous(spec, breaks):
    rows = _line_rows(spec)
    dates = pd.to_datetime(rows.cohort_start)
    # Cohorts on both sides of every break that has any after it, and lines with several points.
    for d in breaks.date_start:
        if (dates >= d).any():
            assert (dates < d).any() and (dates >= d).any()
    assert rows.groupby("line").size().max() >= 4
    # The same points joined only by measure (no stretch) would cross breaks: the check sees it.
    naive = alt.Chart(rows).mark_line().encode(x="cohort_start:T", y="rate:Q", color="measure:N").to_dict()
    crossed = rc.segments_crossing_breaks(naive, breaks.date_start)
    assert ("All offenders", "2013-10-01", "2018-10-01", "2015-02-01") in crossed
    assert {c[3] for c in crossed} >= {"2015-02-01", "2017-10-01", "2018-10-01"}


def test_every_break_is_drawn_and_each_line_is_one_kind_of_cohort(spec, breaks):
    rule = next(layer for layer in spec["layer"] if layer["mark"].get("type", layer["mark"]) == "rule")
    drawn = {row["date"] for row in spec["datasets"][rule["data"]["name"]]}
    assert drawn == set(breaks.date_start.dt.strftime("%Y-%m-%d"))
    rows = _line_rows(spec)
    kinds = rows.stretch.str.extract(r"^(year-long|three-month) cohorts", expand=False)
    assert kinds.notna().all()
    assert (rows.assign(kind=kinds).groupby("line").kind.nunique() == 1).all()


def test_the_chart_data_carries_no_notes_quotes_or_ids():
    with open(BOOK / "chart_data" / "reoffending-series.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
        body = fh.read()
    assert not {"notes", "locator", "source_id", "fact_id", "cohort_kind"} & set(header)
    assert "12-month" not in body and "3-month" not in body and "read in" not in body


def test_stretches_split_at_breaks_and_changes_stay_inside_them():
    figures, breaks = load_reoffending(), load_reoffending_breaks()
    stretched = like_for_like_stretches(figures, breaks)
    overall = stretched[stretched.measure == "overall_rate"].set_index("cohort_start").stretch
    assert overall["2009-01"] == overall["2013-10"] != overall["2018-10"] == overall["2023-04"]
    changes = within_stretch_changes(stretched, reform_date="2015-02-01")
    assert (changes.side != "across").all()
    pre = changes[(changes.measure == "overall_rate") & (changes.side == "before")].iloc[0]
    assert (pre.from_start, pre.to_start, round(pre.change, 1)) == ("2009-01", "2013-10", -0.6)
    post = changes[(changes.measure == "overall_rate") & (changes.side == "after")].iloc[0]
    # Same quarter only: July to September 2019 and 2022, not October 2018 to April 2023.
    assert (post.from_start, post.to_start, round(post.change, 1)) == ("2019-07", "2022-07", 0.5)


def test_the_answer_names_every_recorded_break(breaks):
    nb = json.loads((BOOK / "reoffending.ipynb").read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    answer = first[first.index("```{admonition} The answer"):]
    answer = " ".join(answer[:answer.index("```", 10)].split())
    # Each break by its month and year, as the answer names it (a cohort's months, or the date).
    for row in breaks.itertuples():
        month, year = row.date_start.strftime("%B"), row.date_start.strftime("%Y")
        last = row.until_end if pd.notna(row.until_end) else row.date_start
        assert f"{month} {year}" in answer or f"{month} to {last:%B %Y}" in answer, row.break_id
    assert "{glue:text}`n_breaks`" in answer
    prefix = "application/papermill.record/"
    glued = {out["metadata"]["scrapbook"]["name"]: {k.removeprefix(prefix): v for k, v in out["data"].items()}
             for cell in nb["cells"] for out in cell.get("outputs", []) if "scrapbook" in out.get("metadata", {})}
    assert glued["n_breaks"]["text/plain"].strip("'") == str(breaks.break_id.nunique())
    # The links in the answer are primary documents, not copies.
    assert "](https://www.nao.org.uk/" in glued["nao_link"]["text/markdown"]
    assert "](https://www.gov.uk/" in glued["since_2000_link"]["text/markdown"]


def test_a_hedged_value_is_never_used_in_a_change():
    s = pd.DataFrame({"measure": ["overall_rate"] * 3, "stretch": ["12-month:0"] * 3, "cohort_kind": ["12-month"] * 3,
                      "cohort_start": ["2009-01", "2010-07", "2013-10"], "cohort_end": ["2009-12", "2011-06", "2014-09"],
                      "cohort_from": pd.to_datetime(["2009-01-01", "2010-07-01", "2013-10-01"]),
                      "value": [26.3, 26.9, 26.0], "exact": [True, True, False], "unit": ["percent"] * 3,
                      "source_id": ["a", "b", "c"]})
    row = within_stretch_changes(s, reform_date="2015-02-01").iloc[0]
    # "around 26" for the last cohort is skipped: the change ends at the last exact value.
    assert (row.to_start, round(row.change, 1)) == ("2010-07", 0.6)
