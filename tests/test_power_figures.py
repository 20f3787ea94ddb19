"""The book's power figures: inputs read from the data, each figure with its range (issue 22, item 3)."""

import numpy as np
import pytest

from probation_stats.derived.power_inputs import caseload_spread_values, workload_spread_values
from probation_stats.report.power_figures import (arrangement_words, caseload_power_drawn, caseload_power_figures,
                                                  caseload_power_table,
                                                  caseload_power_words, workload_power_figures, workload_power_words)


def test_the_spreads_come_from_the_published_figures():
    # Known answers from data/: four providers' average caseloads (a figure for only some of a CRC's staff left out), seven vacancy rates, thirteen exact results.
    caseloads = caseload_spread_values()
    assert len(caseloads) == 4 and caseloads.value.std() == pytest.approx(12.0416, abs=1e-3)
    values = workload_spread_values()
    assert sorted(values["vacancy"]) == [27.0, 28.0, 30.0, 32.0, 33.0, 40.0, 45.0]
    assert len(values["risk"]) == 13 and values["risk"].mean() == pytest.approx(394 / 13)
    assert values["cases_per_unit"] == (20, 60)


def test_workload_figures_net_the_noise_and_carry_ranges():
    table = workload_power_figures(n_units=(20, 77), n_sims=300)
    between = table.details["between"]
    # The published results' SD holds sampling noise; the simulation adds it again, so it must get the net spread.
    assert between["sd"] < between["observed_sd"]
    assert between["sd"] == pytest.approx(np.sqrt(between["observed_sd"] ** 2 - between["noise_sd"] ** 2))
    assert (table.range_low <= table.estimate).all() and (table.estimate <= table.range_high).all()
    assert (table.range_high - table.range_low > 0.3).all()     # seven vacancy rates leave power wide open
    words = workload_power_words(table)
    assert words["n_all"] == "77" and words["n_small"] == "20"
    assert int(words["power_all_5_low"]) <= int(words["power_all_5"]) <= int(words["power_all_5_high"])
    from probation_stats.report.reunification_tables import power_table
    shown = power_table(table)
    assert list(shown.columns) == ["PDU inspections with both figures", "True association", "Power (%), best estimates",
                                   "Range over the inputs (%)", "Simulation interval (%)"]
    first = table.iloc[0]
    assert shown.iloc[0]["Range over the inputs (%)"] == f"{100 * first.range_low:.0f} to {100 * first.range_high:.0f}"


def test_caseload_figures_one_row_per_setting_with_ranges():
    table = caseload_power_figures(n_sims=200)
    assert len(table) == 18 and set(table.question) == {"caseload"}
    assert (table.range_low <= table.estimate).all() and (table.estimate <= table.range_high).all()
    null = table[table.odds_ratio_per_10 == 1.0]
    assert (null.range_high < 0.12).all()                       # no association: the false-positive rate stays low
    words = caseload_power_words(table)
    assert int(words["sens_low_pct"]) <= int(words["p_big_equal"]) <= int(words["sens_high_pct"])
    assert words["n_caseloads"] == "4" and words["caseload_sd"] == "12"
    assert words["big_g"] == 28 and isinstance(words["big_g"], int)      # the intro formats it with :d
    drawn = caseload_power_drawn(table)
    assert len(drawn) == 6 and list(drawn.placement[:3]) == ["60 each", "20–400, big at extremes", "20–400, at random"]
    # The chart's 28-provider lines span exactly the range the prose (and the intro) state.
    assert round(100 * drawn.range_low[:3].min()) == int(words["sens_low_pct"])
    assert round(100 * drawn.range_high[:3].max()) == int(words["sens_high_pct"])
    shown = caseload_power_table(table)
    assert list(shown.columns)[:3] == ["Providers", "Cases inspected per provider", "True odds ratio per 10 extra cases"]


def test_arrangement_words():
    assert arrangement_words(60) == "60 each"
    assert arrangement_words("20-400:random") == "20 to 400, placed at random"
