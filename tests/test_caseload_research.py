"""The March 2021 research's published design figures, read from the data (known answers)."""

import pandas as pd
import pytest

from probation_stats.derived.caseload_research import RESEARCH_2021_MEASURES, caseload_research_2021


def test_the_published_figures_of_the_march_2021_research():
    research = caseload_research_2021()
    assert list(research.index) == list(RESEARCH_2021_MEASURES)
    assert research.value.tolist() == [50, 2000, 46, 50, 60, 5]
    # "almost 2,000" keeps its hedge; "more than 50" too; the 46 per cent is exact
    assert research.loc["practitioners_interviewed", "qualifier"] == "almost"
    assert research.loc["caseload_threshold_quality_falls", "qualifier"] == "more than"
    assert pd.isna(research.loc["practitioners_workload_manageable_pct", "qualifier"])
    assert research.loc["practitioners_interviewed", "source_id"] == "hmip-pr-2021-03-caseloads"
    assert "46 per cent" in research.loc["practitioners_workload_manageable_pct", "locator"]


def test_a_missing_figure_is_named(data_copy):
    path = data_copy / "research_findings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(l for l in lines if ",rea_studies_meeting_criteria," not in l), encoding="utf-8")
    from probation_stats.datapackage import rehash
    rehash(data_copy)
    with pytest.raises(ValueError, match="rea_studies_meeting_criteria"):
        caseload_research_2021(data_copy)
