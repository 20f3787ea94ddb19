"""The validator's own foreign-key check reads keys as frictionless does (known answers on a
synthetic two-table package; the real data's cases are in test_bad_inputs.py)."""

from pathlib import Path

from probation_stats.datapackage.validation import _foreign_key_problems

CLAIMS = {"name": "claims", "schema": {"fields": [{"name": "claim_id", "type": "integer"},
                                                  {"name": "kind", "type": "string"}]}}


def checks(name: str, fields: list[dict], fks: list[dict], rows: list[dict], claims: list[dict]):
    table = {"name": name, "schema": {"fields": fields, "foreignKeys": fks}}
    descriptor = {"resources": [CLAIMS, table]}
    usable = {"claims": (Path("claims.csv"), "claims.csv"), name: (Path(f"{name}.csv"), f"{name}.csv")}
    keys = {"claims": list(enumerate(claims, start=2)), name: list(enumerate(rows, start=2))}
    return [(p.line, p.field, p.message, p.rule) for p in _foreign_key_problems(descriptor, usable, keys)]


def test_integer_keys_are_compared_as_read_and_empty_keys_are_not_looked_up():
    fk = [{"fields": "claim_id", "reference": {"resource": "claims", "fields": "claim_id"}}]
    fields = [{"name": "claim_id", "type": "integer"}]
    rows = [{"claim_id": "01"}, {"claim_id": ""}, {"claim_id": "x"}, {"claim_id": "3"}, {"claim_id": None}]
    got = checks("checks", fields, fk, rows, [{"claim_id": "1"}, {"claim_id": "2"}])
    # "01" reads as 1 (known); empty, a type failure and a missing cell are not looked up; 3 is unknown.
    assert got == [(5, "claim_id", "'3' is not a known claim_id in claims", "schema")]


def test_a_composite_key_and_a_self_reference():
    fields = [{"name": "claim_id", "type": "integer"}, {"name": "kind", "type": "string"},
              {"name": "row_id", "type": "string"}, {"name": "same_as", "type": "string"}]
    fks = [{"fields": ["claim_id", "kind"], "reference": {"resource": "claims", "fields": ["claim_id", "kind"]}},
           {"fields": "same_as", "reference": {"resource": "", "fields": "row_id"}}]
    rows = [{"claim_id": "1", "kind": "a", "row_id": "r1", "same_as": ""},
            {"claim_id": "1", "kind": "b", "row_id": "r2", "same_as": "r1"},
            {"claim_id": "", "kind": "", "row_id": "r3", "same_as": "r9"}]
    got = checks("links", fields, fks, rows, [{"claim_id": "1", "kind": "a"}])
    assert got == [(3, "claim_id+kind", "'1, b' is not a known claim_id, kind in claims", "schema"),
                   (4, "same_as", "'r9' is not a known row_id in this table", "schema")]


def test_a_key_naming_a_missing_field_is_a_descriptor_problem():
    fk = [{"fields": "claim_id", "reference": {"resource": "claims", "fields": "claim_number"}}]
    got = checks("checks", [{"name": "claim_id", "type": "integer"}], fk, [{"claim_id": "1"}], [{"claim_id": "1"}])
    assert [(line, field, rule) for line, field, _, rule in got] == [(None, "checks.foreignKeys", "descriptor")]
