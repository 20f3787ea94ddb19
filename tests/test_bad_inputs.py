"""Bad input, one case each: refused with file, line (the file's own line, right after quoted
cells holding newlines) and field; no traceback; no file changed; the loaders refuse it too.

Each case breaks a scratch copy of ``data/`` in one way, refreshes the recorded checksums (so the
checksum is not the only complaint), runs ``python -m probation_stats validate`` in-process and
checks where the message says the problem is.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import probation_stats as ps
from probation_stats.__main__ import main as cli


# ---- helpers that break a copy ----------------------------------------------------------------

def _records(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows, and the file line on which each row starts."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows, lines, line = [], [], reader.line_num + 1
        for row in reader:
            rows.append(row)
            lines.append(line)
            line = reader.line_num + 1
    return header, rows, lines


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def refresh_checksums(data: Path) -> None:
    """Record each file's real size and sha256, as `rehash` would for valid data."""
    desc_path = data / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    for res in desc["resources"]:
        target = data / res["path"]
        if target.is_file() and target.resolve().is_relative_to(data.resolve()):
            blob = target.read_bytes()
            res["hash"] = "sha256:" + hashlib.sha256(blob).hexdigest()
            res["bytes"] = len(blob)
    desc_path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def set_cell(table: str, index: int, field: str, value: str):
    """Break one cell: row ``index`` (0 = first data row) of ``table``; expect its file line."""
    def apply(data: Path):
        path = data / f"{table}.csv"
        header, rows, _ = _records(path)
        rows[index][header.index(field)] = value
        _write(path, header, rows)
        return f"{table}.csv", _records(path)[2][index], field
    return apply


def set_where(table: str, column: str, equals: str, field: str, value: str):
    """Break the cell ``field`` of the first row whose ``column`` is ``equals``."""
    def apply(data: Path):
        header, rows, _ = _records(data / f"{table}.csv")
        index = next(i for i, r in enumerate(rows) if r[header.index(column)] == equals)
        return set_cell(table, index, field, value)(data)
    return apply


def descriptor_edit(change: Callable[[dict], str]):
    """Edit the descriptor; ``change`` returns the field named in the expected message."""
    def apply(data: Path):
        path = data / "datapackage.json"
        desc = json.loads(path.read_text(encoding="utf-8"))
        field = change(desc)
        path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
        return "datapackage.json", None, field
    return apply


def resource_index(desc: dict, name: str) -> int:
    return next(i for i, r in enumerate(desc["resources"]) if r["name"] == name)


def set_path(name: str, new_path: str):
    def change(desc):
        i = resource_index(desc, name)
        desc["resources"][i]["path"] = new_path
        return f"resources[{i}].path"
    return descriptor_edit(change)


def raw_edit(table: str, edit: Callable[[str], tuple[str, int | None]]):
    """Edit a file's text; ``edit`` returns the new text and the expected line."""
    def apply(data: Path):
        path = data / f"{table}.csv"
        text, line = edit(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        return f"{table}.csv", line, None
    return apply


def _twin_disagrees(data: Path):
    header, rows, _ = _records(data / "ratings.csv")
    key = [header.index(c) for c in ("provider_id", "round", "standard")]
    first = [rows[0][k] for k in key]
    twin = next(i for i, r in enumerate(rows[1:], 1) if [r[k] for k in key] == first)
    rows[twin][header.index("rating")] = "Good" if rows[0][header.index("rating")] != "Good" else "Inadequate"
    rows[twin][header.index("rating_as_published")] = rows[twin][header.index("rating")]
    _write(data / "ratings.csv", header, rows)
    return "ratings.csv", _records(data / "ratings.csv")[2][twin], "rating"


def _fact_in_two_tables(data: Path):
    # The official series' first figure (224,587 at 30 June 2020) stated again in national_caseload.
    sh, srows, _ = _records(data / "official_series.csv")
    figure = dict(zip(sh, srows[0]))
    header, rows, _ = _records(data / "national_caseload.csv")
    row = dict(zip(header, rows[0]), fact_id="nc-999", period=figure["period"], measure="people_supervised",
               value=figure["value"], qualifier="", source_id=figure["source_id"], locator=figure["locator"])
    rows.append([row[c] for c in header])
    _write(data / "national_caseload.csv", header, rows)
    return "national_caseload.csv", _records(data / "national_caseload.csv")[2][-1], "value"


def _figure_after_source(fields: dict):
    """The official series' 31 December 2023 staff count cited to a page published 17 August 2023
    (the reader review's case), or with ``fields`` changed otherwise."""
    def apply(data: Path):
        header, rows, lines = _records(data / "official_series.csv")
        i = next(k for k, r in enumerate(rows) if r[0] == "ser-144")
        for name, value in fields.items():
            rows[i][header.index(name)] = value
        _write(data / "official_series.csv", header, rows)
        return "official_series.csv", _records(data / "official_series.csv")[2][i], "date"
    return apply


def _duplicate_source(data: Path):
    header, rows, _ = _records(data / "sources.csv")
    rows.append(list(rows[0]))
    _write(data / "sources.csv", header, rows)
    return "sources.csv", _records(data / "sources.csv")[2][-1], "source_id"


def _too_many_rated(data: Path):
    # 2018/19 CRC overall: 19 Requires improvement + 1 Good + 1 Inadequate = 21. Make it 23.
    header, rows, _ = _records(data / "rating_counts.csv")
    col = {c: header.index(c) for c in header}
    i = next(i for i, r in enumerate(rows) if (r[col["round"]], r[col["provider_type"]], r[col["standard"]],
                                                r[col["rating"]]) == ("2018/19", "CRC", "overall", "Requires improvement"))
    rows[i][col["providers"]] = "21"
    _write(data / "rating_counts.csv", header, rows)
    return "rating_counts.csv", None, "providers"


def _bad_byte_deep(data: Path):
    path = data / "workforce.csv"
    blob = path.read_bytes()
    cut = blob.index(b"\n", len(blob) // 2) + 1
    line = blob[:cut].count(b"\n") + 1
    path.write_bytes(blob[:cut] + b"\xff" + blob[cut:])
    return "workforce.csv", line, None


def _after_multiline_cell(data: Path):
    # A quoted cell with two newlines early in the file shifts every later record by two lines.
    header, rows, _ = _records(data / "gaps.csv")
    rows[0][header.index("notes")] = "first line\nsecond line\nthird line"
    rows[5][header.index("gap_id")] = "gap-1"
    _write(data / "gaps.csv", header, rows)
    return "gaps.csv", _records(data / "gaps.csv")[2][5], "gap_id"


def _extra_file(data: Path):
    (data / "synthetic_stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return "synthetic_stray.csv", None, None


def _missing_file(data: Path):
    (data / "milestones.csv").unlink()
    return "milestones.csv", None, None


def _empty_file(data: Path):
    (data / "claims.csv").write_text("", encoding="utf-8")
    return "claims.csv", None, None


def _not_json(data: Path):
    (data / "datapackage.json").write_text("{not json", encoding="utf-8")
    return "datapackage.json", 1, None


def _header(old: str, new: str):
    return raw_edit("gaps", lambda t: (t.replace(old, new, 1), 1))


def _swap_header(text: str):
    first, rest = text.split("\n", 1)
    cols = first.split(",")
    cols[1], cols[2] = cols[2], cols[1]
    return ",".join(cols) + "\n" + rest, 1


def _append(line_text: str):
    def edit(text: str):
        return text + line_text, len(text.splitlines()) + 1
    return raw_edit("gaps", edit)


def _blank_line(text: str):
    lines = text.split("\n")
    return "\n".join(lines[:3] + [""] + lines[3:]), 4


def _unclosed_quote(text: str):
    return text + 'gap-998,"never closed,x,y,z\n', len(text.splitlines()) + 1


def _bytes_wrong(data: Path):
    path = data / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"][resource_index(desc, "gaps")]["bytes"] += 1
    path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
    return "gaps.csv", None, None


def _hash_wrong(data: Path):
    path = data / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"][resource_index(desc, "gaps")]["hash"] = "sha256:" + "0" * 64
    path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
    return "gaps.csv", None, None


@dataclass
class Case:
    id: str
    apply: Callable
    says: str               # a fragment the message must contain
    refresh: bool = True    # refresh the checksums after breaking (else the checksum is the point)


LONG = "x" * 401
from tests.test_reoffending_data import _break_two_dates  # noqa: E402

CASES = [
    # numbers written in ways that must not be read as numbers
    Case("fullwidth-digits", set_cell("national_caseload", 1, "value", "８７３３"), "non-ASCII digit"),
    Case("arabic-indic-digits", set_cell("national_caseload", 1, "value", "٨٧٣٣"), "non-ASCII digit"),
    Case("exponent-overflow", set_cell("national_caseload", 1, "value", "1e400"), "plain number"),
    Case("exponent", set_cell("national_caseload", 1, "value", "1e3"), "plain number"),
    Case("plus-sign", set_cell("national_caseload", 1, "value", "+8733"), "plain number"),
    Case("leading-zeros", set_cell("national_caseload", 1, "value", "0008835"), "plain number"),
    Case("thousands-separator", set_cell("national_caseload", 1, "value", "224,587"), "224,587"),
    Case("units-in-number", set_cell("national_caseload", 1, "value", "8733 people"), "8733 people"),
    Case("nan", set_cell("national_caseload", 1, "value", "NaN"), "NaN"),
    Case("infinity", set_cell("national_caseload", 1, "value", "inf"), "inf"),
    Case("trailing-dot", set_cell("national_caseload", 1, "value", "8733."), "plain number"),
    Case("bare-decimal", set_cell("national_caseload", 1, "value", ".5"), "plain number"),
    Case("negative-people", set_cell("workforce", 0, "value", "-8733"), "negative"),
    Case("percent-above-100", set_where("research_findings", "unit", "percent", "value", "350"), "outside 0-100"),
    Case("percent-negative", set_where("research_findings", "unit", "percent", "value", "-5"), "negative"),
    Case("leading-space", set_cell("national_caseload", 1, "value", " 8733"), "spaces"),
    Case("trailing-space-in-text", set_cell("gaps", 2, "what", "overall rating "), "spaces"),
    # whole numbers and counts
    Case("claim-id-leading-zero", set_cell("claims", 0, "claim_id", "01"), "plain whole number"),
    Case("claim-id-decimal", set_cell("claims", 1, "claim_id", "2.0"), "claim_id"),
    Case("claim-id-zero", set_cell("claims", 2, "claim_id", "0"), "below the minimum"),
    Case("count-above-units", set_where("rating_counts", "provider_type", "CRC", "providers", "30"), "only 21"),
    Case("count-negative", set_where("rating_counts", "provider_type", "CRC", "providers", "-1"), "providers"),
    Case("counts-add-up-too-high", _too_many_rated, "add up to"),
    # periods and dates
    Case("period-month-13", set_cell("national_caseload", 1, "period", "2015-13"), "2015-13"),
    Case("period-financial-year-gap", set_cell("national_caseload", 1, "period", "2015/17"), "financial year"),
    Case("period-arabic-indic", set_cell("national_caseload", 1, "period", "٢٠١٥-٠٣"), "non-ASCII digit"),
    Case("period-in-words", set_cell("workforce", 0, "period", "June 2020"), "June 2020"),
    Case("period-day-30-february", set_cell("workforce", 0, "period", "2020-02-30"), "2020-02-30"),
    Case("period-backwards", set_cell("workforce", 0, "period", "2020-06..2019-01"), "ends before it starts"),
    Case("milestone-date-month-13", set_cell("milestones", 0, "date", "2014-13-01"), "2014-13-01"),
    Case("published-month-13", set_cell("sources", 0, "published", "2019-13"), "2019-13"),
    Case("accessed-not-a-day", set_cell("sources", 0, "accessed", "2026-02-30"), "real date"),
    Case("event-date-short-month", set_cell("inspection_events", 0, "date", "2018-6"), "2018-6"),
    Case("round-not-consecutive", set_cell("ratings", 0, "round", "2018/20"), "financial year"),
    # allowed values, required cells, references, keys
    Case("rating-unknown", set_cell("ratings", 0, "rating", "Satisfactory"), "not one of the allowed values"),
    Case("rating-wording-mismatch", set_cell("ratings", 0, "rating_as_published", "outstanding"), "does not mean"),
    Case("ratings-disagree", _twin_disagrees, "sources disagree"),
    Case("fact-in-two-tables", _fact_in_two_tables, "already stored in official_series.csv"),
    Case("figure-after-its-source", _figure_after_source({"source_id": "moj-data-probation-additional"}),
         "after its source 'moj-data-probation-additional' was published (2023-08-17)"),
    Case("figure-dated-after-source", _figure_after_source({"date": "2024-06-30", "period": "2024-06-30",
                                                            "source_id": "gov-hmpps-workforce-2023-03"}),
         "a source cannot state it"),
    Case("source-missing", set_cell("provider_facts", 1, "source_id", ""), "empty but required"),
    Case("source-unknown", set_cell("national_caseload", 2, "source_id", "no-such-source"), "not a known source_id"),
    Case("provider-unknown", set_cell("ratings", 3, "provider_id", "crc-atlantis"), "not a known provider_id"),
    Case("gap-document-unknown", set_cell("gaps", 4, "document_id", "no-such-report"), "not a known source_id"),
    Case("gap-same-as-unknown", set_cell("gaps", 4, "same_as", "gap-998"), "not a known gap_id in this table"),
    Case("provider-type-unknown", set_cell("national_caseload", 1, "provider_type", "XYZ"), "allowed values"),
    Case("qualifier-unknown", set_cell("provider_facts", 0, "qualifier", "probably"), "probably"),
    Case("claimed-qualifier-unknown", set_cell("claim_checks", 0, "claimed_qualifier", "maybe"), "maybe"),
    Case("value-basis-unknown", set_cell("research_findings", 0, "value_basis", "guess"), "allowed values"),
    Case("source-kind-unknown", set_cell("sources", 0, "kind", "tweet"), "allowed values"),
    Case("licence-unknown", set_cell("sources", 0, "licence", "CC0"), "allowed values"),
    Case("locator-too-long", set_cell("ratings", 0, "locator", LONG), "longer than the limit"),
    Case("fact-id-pattern", set_cell("national_caseload", 1, "fact_id", "nc-1"), "pattern"),
    Case("claimed-value-fullwidth", set_cell("claim_checks", 0, "claimed_value", "１２"), "non-ASCII digit"),
    Case("evidence-pattern", set_cell("claim_checks", 0, "evidence", "PF 048"), "pattern"),
    Case("duplicate-key", _duplicate_source, "duplicate primary key"),
    Case("claim-reference-unknown", set_cell("claim_sources", 0, "claim_id", "999"), "not a known claim_id"),
    # links that must never become live links
    Case("url-javascript", set_cell("sources", 0, "url", "javascript:alert(4)"), "http(s)"),
    Case("url-data", set_cell("sources", 1, "url", "data:text/html,<script>alert(1)</script>"), "http(s)"),
    Case("url-relative", set_cell("sources", 2, "url", "/etc/passwd"), "http(s)"),
    Case("formula-hyperlink", set_cell("claims", 0, "claim", '=HYPERLINK("http://example.org","x")'), "formula"),
    Case("formula-at-sum", set_cell("claims", 1, "claim", "@SUM(A1:A9)"), "formula"),
    Case("formula-plus", set_cell("gaps", 0, "notes", "+1 more"), "formula"),
    Case("url-with-space", set_cell("sources", 3, "url", "https://example.org/a b"), "http(s)"),
    # A mirror's address passed off as the primary document (row 0 is marked link = primary).
    Case("mirror-as-primary", set_cell("sources", 0, "url", "https://www.parallelparliament.co.uk/question/1/x"), "holds only copies"),
    # structure of the files
    Case("header-renamed", _header("searched_for", "searched"), "missing column(s) ['searched_for']"),
    Case("header-out-of-order", raw_edit("gaps", _swap_header), "out of order"),
    Case("row-too-short", _append("gap-999,too few cells\n"), "has 2 cells, the header has 7"),
    Case("row-too-long", _append("gap-999,a,b,c,d,e,f,g\n"), "has 8 cells, the header has 7"),
    Case("blank-line", raw_edit("gaps", _blank_line), "blank line"),
    Case("unclosed-quote", raw_edit("gaps", _unclosed_quote), "gaps.csv"),
    Case("non-utf8-byte-deep", _bad_byte_deep, "not UTF-8"),
    Case("line-after-multiline-cell", _after_multiline_cell, "pattern"),
    Case("empty-file", _empty_file, "file is empty"),
    Case("missing-file", _missing_file, "file is missing"),
    Case("undescribed-file", _extra_file, "not described"),
    # the descriptor itself
    Case("path-traversal", set_path("milestones", "../../../../etc/hostname"), "leaves the data folder"),
    Case("path-absolute", set_path("milestones", "/etc/hostname"), "leaves the data folder"),
    Case("path-not-csv", set_path("milestones", "milestones.txt"), "not a .csv"),
    Case("descriptor-not-json", _not_json, "not valid JSON", refresh=False),
    Case("bytes-wrong", _bytes_wrong, "bytes, the descriptor records", refresh=False),
    Case("hash-wrong", _hash_wrong, "checksum mismatch", refresh=False),
    Case("edited-without-rehash", lambda d: set_cell("workforce", 0, "notes", "synthetic edit")(d)[:1] + (None, None),
         "checksum mismatch", refresh=False),
    # proven reoffending: cohorts, changes, hedges and breaks
    Case("reoffending-cohort-too-long", set_where("reoffending", "fact_id", "ro-090", "cohort_end", "2019-12"),
         "not the 3 of a 3-month cohort"),
    Case("reoffending-change-uncompared", set_where("reoffending", "measure", "overall_rate_change_pp", "compared_with", ""),
         "say what it is compared with"),
    Case("reoffending-qualifier-not-quoted", set_where("reoffending", "qualifier", "around", "qualifier", "nearly"),
         "not in the quoted words"),
    Case("break-until-before-date", set_where("reoffending_breaks", "break_id", "cancelled-2017-q4", "until", "2017-09"),
         "the missing cohort ends"),
    Case("break-two-dates", _break_two_dates, "one break, one date"),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_there_are_at_least_sixty_distinct_bad_inputs():
    assert len({c.id for c in CASES}) == len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_with_its_location(case, data_copy, capsys):
    file, line, field = case.apply(data_copy)
    if case.refresh:
        refresh_checksums(data_copy)
    before = _snapshot(data_copy)

    code = cli(["validate", str(data_copy)])
    out, err = capsys.readouterr()

    assert code == 1, out
    assert "Traceback" not in err
    # Where the problem is: file, then the line (any line when the case cannot know which row a
    # table rule blames), then the field.
    where = re.escape(str(data_copy / file))
    where += rf", line {line}" if line is not None else (r"(, line \d+)?" if field is not None else "")
    where += rf", field '{re.escape(field)}'" if field is not None else ""
    located = [msg for msg in err.splitlines() if re.match(where + ":", msg.strip())]
    assert located, f"expected a problem at {where!r}; got:\n{err}"
    assert any(case.says in msg for msg in located), f"{case.says!r} not in {located}"
    assert _snapshot(data_copy) == before, "validate changed a file"


@pytest.mark.parametrize("case", [c for c in CASES if c.id in {
    "fullwidth-digits", "period-month-13", "source-unknown", "provider-unknown", "count-above-units",
    "url-javascript", "line-after-multiline-cell", "non-utf8-byte-deep", "path-traversal", "rating-wording-mismatch"}],
    ids=lambda c: c.id)
def test_loaders_refuse_bad_input_too(case, data_copy):
    # The loaders read through the same validator, references included.
    file, line, field = case.apply(data_copy)
    if case.refresh:
        refresh_checksums(data_copy)
    before = _snapshot(data_copy)
    with pytest.raises(ps.DataError) as info:
        ps.load_sources(data_copy)
    assert str(data_copy / file) in str(info.value)
    assert _snapshot(data_copy) == before


def test_rehash_refuses_invalid_data_and_writes_nothing(data_copy, capsys):
    set_cell("national_caseload", 1, "value", "+8733")(data_copy)
    before = _snapshot(data_copy)
    assert cli(["rehash", str(data_copy)]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert _snapshot(data_copy) == before


def test_rehash_writes_atomically(data_copy, monkeypatch):
    # A write that dies midway leaves the old descriptor whole (no 0-byte file).
    import os

    set_cell("gaps", 0, "notes", "synthetic valid edit")(data_copy)
    before = (data_copy / "datapackage.json").read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        ps.datapackage.rehash(data_copy)
    assert (data_copy / "datapackage.json").read_bytes() == before
    assert not [p for p in data_copy.iterdir() if p.name.endswith(".tmp")]


def test_every_rule_is_exercised_by_a_case():
    from probation_stats.datapackage.rules import ROW_RULES, TABLE_RULES

    messages = {
        "whitespace": "spaces", "ascii-digits": "non-ASCII digit", "number-form": "plain number",
        "value-range": "outside 0-100", "qualifier-known": "probably", "interval-ordered": None,
        "period-real": "financial year", "url-scheme": "http(s)", "no-formula": "formula", "rating-wording": "does not mean",
        "ratings-agree": "sources disagree", "counts-within-units": "add up to",
        "copy-marked": "holds only copies", "fact-once": "already stored in",
        "reoffending-cohort": "not the 3 of a 3-month cohort", "change-compared": "say what it is compared with",
        "qualifier-in-quote": "not in the quoted words", "break-dates": "the missing cohort ends",
        "break-agrees": "one break, one date",
        "source-not-before-figure": "a source cannot state it",
    }
    assert {r.rule_id for r in ROW_RULES + TABLE_RULES} == set(messages)
    says = {c.says for c in CASES}
    for rule_id, fragment in messages.items():
        if fragment is not None:
            assert any(fragment in s for s in says), rule_id


def test_interval_rule_fires_where_other_rules_cannot():
    # A change measure may be negative, but its interval must still be ordered: exercised directly.
    from probation_stats.datapackage.rules import _interval_ordered

    fields = {}
    row = {"value": "50", "qualifier": "more than", "unit": "percent", "value_basis": "figure", "measure": "x"}
    assert list(_interval_ordered("t", fields, row)) == []
    row["value"] = "100.5"
    assert list(_interval_ordered("t", fields, row))  # (100.5, 100) after clipping: empty


def test_a_forward_looking_figure_may_date_after_its_source():
    # "approximately 500 more staff ... after April 2019", answered 28 March 2019: a plan, marked so.
    from probation_stats.datapackage.rules import _source_not_before_figure

    sources = [(2, {"source_id": "s", "published": "2019-03-28"})]
    row = {"source_id": "s", "period": "2019-04", "notes": "forward-looking: a planned/expected figure"}
    assert list(_source_not_before_figure({"sources": sources, "official_series": [(5, row)]})) == []
    row["notes"] = "a count of staff"
    assert [p[:3] for p in _source_not_before_figure({"sources": sources, "official_series": [(5, row)]})] == \
        [("official_series", 5, "period")]
    row["period"] = "2019-03"   # the month it was published in: may be stated
    assert list(_source_not_before_figure({"sources": sources, "official_series": [(5, row)]})) == []
