"""The data package as a whole: valid, checksummed, read without being changed, and every bad
input refused with a message that names file, line and field."""

import csv
from pathlib import Path

import pytest

import probation_stats as ps
from probation_stats.datapackage import file_sha256, read_descriptor, rehash, validate_package

from .conftest import DATA


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _edit(data: Path, table: str, line: int, field: str, value: str, rehash_after: bool = True) -> Path:
    """Set one cell (line numbers as in the file: header = 1) and refresh the checksums."""
    path = data / f"{table}.csv"
    rows = _rows(path)
    rows[line - 2][field] = value
    _write(path, rows)
    if rehash_after:
        rehash(data)
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


# ---- bad input: each error names file, line and field ------------------------------------------

def test_unknown_rating_label_is_refused(data_copy):
    _edit(data_copy, "ratings", 2, "rating", "Satisfactory")
    with pytest.raises(ps.DataError, match=r"ratings\.csv, line 2, field 'rating': 'Satisfactory' is not one of"):
        validate_package(data_copy)


def test_row_without_a_source_is_refused(data_copy):
    _edit(data_copy, "provider_facts", 3, "source_id", "")
    with pytest.raises(ps.DataError, match=r"provider_facts\.csv, line 3, field 'source_id': is empty but required"):
        validate_package(data_copy)


def test_source_id_not_in_the_registry_is_refused(data_copy):
    _edit(data_copy, "national_caseload", 4, "source_id", "no-such-source")
    with pytest.raises(ps.DataError, match=r"national_caseload\.csv, line 4, field 'source_id': 'no-such-source' is not a known source_id"):
        validate_package(data_copy)


def test_provider_not_in_the_list_is_refused(data_copy):
    _edit(data_copy, "ratings", 5, "provider_id", "crc-atlantis")
    with pytest.raises(ps.DataError, match=r"ratings\.csv, line 5, field 'provider_id': 'crc-atlantis' is not a known provider_id"):
        validate_package(data_copy)


def test_unknown_provider_spelling_is_refused():
    with pytest.raises(KeyError, match="Atlantis CRC"):
        ps.resolve_provider(["DLNR CRC", "Atlantis CRC"])


def test_checksum_mismatch_is_refused(data_copy):
    _edit(data_copy, "workforce", 2, "notes", "edited without rehashing", rehash_after=False)
    with pytest.raises(ps.DataError, match=r"workforce\.csv: sha256 checksum mismatch"):
        ps.read_table("workforce", data_copy)


def test_duplicate_key_is_refused(data_copy):
    path = data_copy / "sources.csv"
    rows = _rows(path)
    rows.append(dict(rows[0]))
    _write(path, rows)
    rehash(data_copy)
    with pytest.raises(ps.DataError, match=rf"sources\.csv, line {len(rows) + 1}, field 'source_id': duplicate primary key"):
        ps.read_table("sources", data_copy)


def test_number_with_thousands_separator_is_refused_not_coerced(data_copy):
    _edit(data_copy, "national_caseload", 2, "value", "224,587")
    with pytest.raises(ps.DataError, match=r"line 2, field 'value': '224,587' is not a number"):
        ps.read_table("national_caseload", data_copy)


def test_unknown_qualifier_is_refused(data_copy):
    _edit(data_copy, "provider_facts", 2, "qualifier", "probably")
    with pytest.raises(ps.DataError, match=r"line 2, field 'qualifier': 'probably' is not one of"):
        ps.read_table("provider_facts", data_copy)


def test_malformed_period_is_refused(data_copy):
    _edit(data_copy, "workforce", 2, "period", "June 2020")
    with pytest.raises(ps.DataError, match=r"line 2, field 'period': 'June 2020' does not match"):
        ps.read_table("workforce", data_copy)


def test_wrong_header_is_refused(data_copy):
    path = data_copy / "gaps.csv"
    text = path.read_text(encoding="utf-8").replace("searched_for", "searched", 1)
    path.write_text(text, encoding="utf-8")
    rehash(data_copy)
    with pytest.raises(ps.DataError, match=r"gaps\.csv, line 1: header does not match the descriptor: missing column\(s\) \['searched_for'\]"):
        ps.read_table("gaps", data_copy)


def test_ragged_row_is_refused(data_copy):
    path = data_copy / "gaps.csv"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("gap-999,too few cells\n")
    rehash(data_copy)
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ps.DataError, match=rf"gaps\.csv, line {n_lines}: has 2 cells, the header has 5"):
        ps.read_table("gaps", data_copy)


def test_published_wording_must_match_the_rating(data_copy):
    _edit(data_copy, "ratings", 2, "rating_as_published", "outstanding")
    with pytest.raises(ps.DataError, match=r"ratings\.csv, line 2, field 'rating_as_published'"):
        ps.load_ratings(data_copy)


def test_sources_that_disagree_on_a_rating_are_reported_not_hidden(data_copy):
    rows = _rows(data_copy / "ratings.csv")
    first = rows[0]
    twin = next(i for i, r in enumerate(rows[1:], start=1)
                if (r["provider_id"], r["round"], r["standard"]) == (first["provider_id"], first["round"], first["standard"]))
    rows[twin]["rating"], rows[twin]["rating_as_published"] = "Good", "Good"
    _write(data_copy / "ratings.csv", rows)
    rehash(data_copy)
    with pytest.raises(ps.DataError, match="sources disagree on the rating of"):
        ps.load_ratings(data_copy)
    assert len(ps.load_ratings(data_copy, all_sources=True)) == len(rows)


def test_descriptor_that_is_not_json_is_refused(data_copy):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ps.DataError, match=r"datapackage\.json: not valid JSON"):
        validate_package(data_copy)


def test_environment_variable_points_loaders_at_another_copy(data_copy, monkeypatch):
    _edit(data_copy, "gaps", 2, "notes", "synthetic_note_for_this_test")
    monkeypatch.setenv("PROBATION_STATS_DATA", str(data_copy))
    assert "synthetic_note_for_this_test" in set(ps.load_gaps()["notes"].dropna())
