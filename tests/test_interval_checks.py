"""report.interval_checks: the Methods table of every interval's check, read from any sim_*.csv."""

import pandas as pd
import pytest

from probation_stats.report.interval_checks import (CHECK_COLUMNS, check_verdict, interval_check_table,
                                                    read_interval_checks)


def _row(**kw):
    base = dict(zip(CHECK_COLUMNS, ["caseload odds ratio", "7 providers", "CR2", "after", 1000, 0.95, 0.007, 0.05, 0.007]))
    return {**base, **kw}


def test_tables_with_the_shared_columns_are_stacked_others_skipped_and_preferred_rows_replace(tmp_path):
    pd.DataFrame([_row(), _row(estimate="trend level_change_covid", design="9 dates")]).to_csv(
        tmp_path / "sim_coverage.csv", index=False)
    pd.DataFrame([_row(estimate="trend level_change_covid", design="17 quarter-ends", coverage=0.96)]).to_csv(
        tmp_path / "sim_trend.csv", index=False)
    pd.DataFrame({"other": [1]}).to_csv(tmp_path / "sim_power.csv", index=False)       # not a check table
    checks = read_interval_checks(tmp_path, prefer={"trend": "sim_trend"})
    assert checks[["table", "design"]].values.tolist() == [["sim_coverage", "7 providers"], ["sim_trend", "17 quarter-ends"]]
    both = read_interval_checks(tmp_path)
    assert len(both) == 3
    # a preferred table that does not exist keeps every row
    assert len(read_interval_checks(tmp_path, prefer={"caseload": "sim_case_level"})) == 3


def test_no_table_is_an_error_naming_the_columns(tmp_path):
    with pytest.raises(FileNotFoundError, match="with columns"):
        read_interval_checks(tmp_path)


def test_verdicts_and_reader_table():
    assert check_verdict(0.94, 0.005, float("nan"), float("nan")) == "holds"
    assert check_verdict(0.93, 0.005, float("nan"), float("nan")) == "covers too rarely"
    assert check_verdict(0.97, 0.002, 0.061, 0.002) == "wider than needed; too many false positives"
    checks = pd.DataFrame([_row(), _row(estimate="trend level_change_covid", when="before", coverage=0.888,
                                        coverage_mc_se=0.003, size=0.113, size_mc_se=0.003)])
    t = interval_check_table(checks)
    assert t.Estimate.tolist() == ["caseload odds ratio", "trend: level change Covid-19"]
    assert t.Used.tolist() == ["now", "before (replaced)"]
    assert t["Coverage of the 95% interval (%)"].tolist() == ["95.0", "88.8"]
    assert t["False positive rate at 5% (%)"].tolist() == ["5.0", "11.3"]
    assert t.Verdict.tolist() == ["holds", "covers too rarely; too many false positives"]
