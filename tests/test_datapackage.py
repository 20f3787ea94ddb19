"""The data package as a whole: valid, checksummed, read without being changed, and every bad
input refused with a message that names file, line and field."""

import csv
from pathlib import Path

import pytest

import probation_stats as ps
from probation_stats.datapackage.reading import file_sha256, read_descriptor, validate_package

from .conftest import DATA
from .test_bad_inputs import refresh_checksums


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _edit(data: Path, table: str, line: int, field: str, value: str) -> Path:
    """Set one cell (line numbers as in the file: header = 1) and refresh the checksums."""
    path = data / f"{table}.csv"
    rows = _rows(path)
    rows[line - 2][field] = value
    _write(path, rows)
    refresh_checksums(data)
    return path


def test_package_is_valid_and_every_table_has_rows():
    counts = validate_package(DATA)
    descriptor = read_descriptor(DATA)
    assert set(counts) == {r["name"] for r in descriptor["resources"]}
    assert all(n > 0 for n in counts.values()), counts


def test_checksums_and_sizes_match_the_files():
    for res in read_descriptor(DATA)["resources"]:
        path = DATA / res["path"]
        assert res["hash"] == "sha256:" + file_sha256(path), res["name"]
        assert res["bytes"] == path.stat().st_size, res["name"]


def test_frictionless_agrees_the_package_is_valid():
    # An independent implementation of the standard, so our own reader is not the only judge.
    from frictionless import validate

    report = validate(str(DATA / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


def test_frictionless_sees_a_broken_copy_too(data_copy):
    # Guards the test above against passing vacuously (e.g. validating nothing).
    from frictionless import validate

    _edit(data_copy, "ratings", 2, "rating", "Satisfactory")
    report = validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    assert any("Satisfactory" in e.message for task in report.tasks for e in task.errors)


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in read_descriptor(DATA)["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described


def test_loaders_never_modify_the_data_files():
    before = {p.name: (file_sha256(p), p.stat().st_mtime_ns) for p in DATA.iterdir()}
    for loader in [ps.load_sources, ps.load_providers, ps.load_ratings, ps.load_rating_counts,
                   ps.load_provider_facts, ps.load_national_caseload, ps.load_workforce,
                   ps.load_research_findings, ps.load_other_figures, ps.load_claims, ps.load_gaps,
                   ps.rating_coverage, ps.check_rating_counts, validate_package]:
        loader()
    after = {p.name: (file_sha256(p), p.stat().st_mtime_ns) for p in DATA.iterdir()}
    assert after == before


# ---- bad input: see tests/test_bad_inputs.py (one parametrised case per kind) ----------------

def test_unknown_provider_spelling_is_refused():
    with pytest.raises(KeyError, match="Atlantis CRC"):
        ps.resolve_provider(["DLNR CRC", "Atlantis CRC"])


def test_environment_variable_points_loaders_at_another_copy(data_copy, monkeypatch):
    _edit(data_copy, "gaps", 2, "notes", "synthetic_note_for_this_test")
    monkeypatch.setenv("PROBATION_STATS_DATA", str(data_copy))
    assert "synthetic_note_for_this_test" in set(ps.load_gaps()["notes"].dropna())


def test_the_data_readme_describes_every_table_of_the_descriptor():
    import json
    import re

    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (?:`[a-z_]+\.csv`(?:, )?)+", readme, flags=re.M))
    named = {m for row in listed for m in re.findall(r"`([a-z_]+)\.csv`", row)}
    assert named == {r["path"].removesuffix(".csv") for r in descriptor["resources"]}


def _first_load(data, cache, code="import probation_stats as ps; ps.load_ratings(); print('loaded')"):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PROBATION_STATS_")}
    env.update(PROBATION_STATS_DATA=str(data), PROBATION_STATS_VALIDATION_CACHE=str(cache))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)


def test_a_new_process_skips_validating_data_it_validated_before_but_refuses_an_edit(data_copy, tmp_path):
    cache = tmp_path / "cache"
    assert _first_load(data_copy, cache).stdout.strip() == "loaded"
    records = list((cache / "validated").iterdir())
    assert len(records) == 1                        # the unchanged folder, recorded once
    assert _first_load(data_copy, cache).stdout.strip() == "loaded"
    assert list((cache / "validated").iterdir()) == records
    # An edit (checksums refreshed, so only the bad value is wrong) is validated afresh and refused
    # with its file, line and field, although the folder passed before.
    ratings = data_copy / "ratings.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8").replace(",Requires improvement,", ",Requires improvemnt,", 1),
                       encoding="utf-8")
    refresh_checksums(data_copy)
    result = _first_load(data_copy, cache)
    assert result.returncode != 0 and "loaded" not in result.stdout
    assert "ratings.csv" in result.stderr and "rating" in result.stderr
