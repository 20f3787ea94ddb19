"""The proven reoffending tables: known values, the independent transcription, the rules that
guard them (each bad value refused with file, line and field, as in tests/test_bad_inputs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from probation_stats.__main__ import main as cli
from probation_stats.datapackage.loaders import load_reoffending, load_reoffending_breaks
from probation_stats.errors import DataError
from tests.test_bad_inputs import _records, _write, refresh_checksums, set_where

REFERENCE = Path(__file__).parent / "reference" / "reoffending_independent.csv"


def test_known_values_from_the_bulletins():
    table = load_reoffending()
    level = table[table.compared_with.isna()].set_index(["cohort_start", "cohort_end", "measure"]).value
    assert level["2019-07", "2019-09", "overall_rate"] == 26.0
    assert level["2009-01", "2009-12", "reoffences_per_reoffender"] == 2.79
    assert level["2023-04", "2023-06", "adult_custody_under_12m_rate"] == 59.2
    nps = table[table.measure == "nps_frequency_rate"].set_index("cohort_start").value
    assert nps["2020-01"] == 3.93
    nao = table[table.source_id == "nao-2019-tr-progress-press-release"].set_index("measure").value
    # The NAO's 22% is reoffences per reoffender; the proportion reoffending fell 2.5 points.
    assert nao["reoffences_per_reoffender_change_pct"] == 22
    assert nao["reoffender_proportion_change_pp"] == -2.5


def test_a_hedged_value_is_never_exact():
    table = load_reoffending()
    hedged = table[table.qualifier.notna()]
    assert len(hedged) >= 10
    assert not hedged.exact.any()
    assert (hedged.low < hedged.high).all()
    nearly = table[(table.qualifier == "nearly") & (table.measure == "custody_under_12m_rate")].iloc[0]
    assert (nearly.value, nearly.low, nearly.high) == (60, 50, 60)
    exact = table[table.exact & ~table.measure.str.contains("change")]
    assert (exact.low == exact.value).all() and (exact.high == exact.value).all()


def test_changes_keep_their_sign_and_comparison():
    table = load_reoffending()
    change = table[table.measure.str.contains("change")]
    assert change.compared_with.notna().all()
    row = table[(table.cohort_start == "2019-07") & (table.measure == "adult_custody_or_court_order_rate_change_pp")
                & (table.compared_with == "same quarter in 2011")].iloc[0]
    assert (row.value, row.low, row.high) == (-7.0, -7.0, -7.0)


def _value_texts(value: float) -> set[str]:
    texts = {f"{value:g}", f"{value:.1f}", f"{value:.2f}", f"{value:,.0f}"}
    if value == int(value):
        texts.add(f"{int(value):,}")
    return texts


def test_every_printed_value_is_in_its_quote():
    table = load_reoffending()
    words = {0: ("none", "no change"), 17: ("seventeen",), 18: ("eighteen",), 20: ("twenty",), 6: ("six",)}
    missing = []
    for row in table.itertuples():
        quote = row.locator.lower().replace(" ", "")
        value = abs(float(row.value))
        found = any(t.replace(" ", "") in quote for t in _value_texts(value)) or any(
            w.replace(" ", "") in quote for w in words.get(int(value), ()) if value == int(value))
        if not found:
            missing.append((row.fact_id, row.value, row.locator[:60]))
    assert not missing, missing


def test_the_independent_transcription_agrees_on_every_shared_cohort_and_measure():
    ours = load_reoffending()
    ours = ours[ours.compared_with.isna()]
    theirs = pd.read_csv(REFERENCE, dtype={"cohort_start": str, "cohort_end": str})
    both = theirs.merge(ours, on=["cohort_start", "cohort_end", "measure"], how="inner", suffixes=("_ref", ""))
    assert len(both) == len(theirs) == 17, "every independent value has a counterpart in data/reoffending.csv"
    disagree = both[both.value_ref != both.value.astype(float)]
    assert disagree.empty, disagree[["cohort_start", "measure", "value_ref", "value"]]
    assert (both.unit_ref.str.replace("reoffences", "reoffences per reoffender") == both.unit).all()


def test_breaks_are_dated_and_sourced():
    breaks = load_reoffending_breaks().set_index("break_id")
    assert set(breaks.index) == {"method-2017", "ora-2015", "cancelled-2017-q4", "cancelled-2018-q2", "covid-2018-q4"}
    assert breaks.loc["method-2017", "date_start"] == pd.Timestamp("2017-10-01")
    assert breaks.loc["ora-2015", "date_start"] == pd.Timestamp("2015-02-01")
    assert breaks.loc["cancelled-2017-q4", "until_end"].strftime("%Y-%m-%d") == "2017-12-31"
    assert len(breaks.loc["method-2017", "corroborated_by"]) == 2
    assert len(load_reoffending_breaks(all_sources=True)) == 9


# ---- bad input: refused with file, line and field ------------------------------------------------

def _set_row(table: str, fact_field: str, equals: str, changes: dict):
    def apply(data: Path):
        header, rows, _ = _records(data / f"{table}.csv")
        index = next(i for i, r in enumerate(rows) if r[header.index(fact_field)] == equals)
        for field, value in changes.items():
            rows[index][header.index(field)] = value
        _write(data / f"{table}.csv", header, rows)
        return f"{table}.csv", _records(data / f"{table}.csv")[2][index], list(changes)[-1]
    return apply


BAD = [
    ("cohort-too-long", _set_row("reoffending", "fact_id", "ro-090", {"cohort_end": "2019-12"}), "cohort_end",
     "spans 6 months, not the 3"),
    ("cohort-month-13", set_where("reoffending", "cohort_kind", "12-month", "cohort_end", "2009-13"), "cohort_end",
     "no month 13"),
    ("cohort-kind-without-months", set_where("reoffending", "cohort_kind", "3-month", "cohort_start", ""), "cohort_start",
     "needs its first and last month"),
    ("change-without-comparison", set_where("reoffending", "measure", "overall_rate_change_pp", "compared_with", ""),
     "compared_with", "say what it is compared with"),
    ("qualifier-not-in-quote", set_where("reoffending", "qualifier", "around", "qualifier", "nearly"), "qualifier",
     "not in the quoted words"),
    ("qualifier-unknown", set_where("reoffending", "qualifier", "around", "qualifier", "give or take"), "qualifier",
     "not a known qualifier"),
    ("measure-unknown", set_where("reoffending", "measure", "overall_rate", "measure", "overall_rates"), "measure",
     "allowed values"),
    ("rate-above-100", set_where("reoffending", "measure", "overall_rate", "value", "126.3"), "value", "outside 0-100"),
    ("reoffending-source-unknown", set_where("reoffending", "measure", "overall_rate", "source_id", "moj-nowhere"),
     "source_id", "not a known source_id"),
    ("break-until-before-date", set_where("reoffending_breaks", "break_id", "cancelled-2017-q4", "until", "2017-09"),
     "until", "ends (2017-09) before it starts"),
    ("break-until-on-a-method-change", set_where("reoffending_breaks", "break_id", "method-2017", "until", "2018-01"),
     "until", "only a missing cohort"),
    ("break-date-month-13", set_where("reoffending_breaks", "break_id", "ora-2015", "date", "2015-13-01"), "date",
     "2015-13-01"),
]


def _break_two_dates(data: Path):
    header, rows, lines = _records(data / "reoffending_breaks.csv")
    index = [i for i, r in enumerate(rows) if r[0] == "method-2017"][1]
    rows[index][header.index("date")] = "2017-11"
    _write(data / "reoffending_breaks.csv", header, rows)
    return "reoffending_breaks.csv", _records(data / "reoffending_breaks.csv")[2][index], "date"


BAD.append(("break-sources-disagree", _break_two_dates, "date", "one break, one date"))


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_reoffending_input_is_refused_with_its_location(case, data_copy, capsys):
    _, apply, field, says = case
    file, line, _ = apply(data_copy)
    refresh_checksums(data_copy)
    assert cli(["validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    where = f"{re.escape(str(data_copy / file))}, line {line}, field '{field}':"
    located = [m.strip() for m in err.splitlines() if re.match(where, m.strip())]
    assert located, f"expected a problem at {where}; got:\n{err}"
    assert any(says in m for m in located), located
    with pytest.raises(DataError) as info:
        load_reoffending(data_copy)
    assert str(data_copy / file) in str(info.value)
