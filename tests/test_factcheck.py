"""Fact-check verdicts: the rules on synthetic claim parts, and the real table's integrity."""

import csv

import pytest

import probation_stats as ps
from probation_stats.datapackage.reading import rehash
from probation_stats.derived.claim_checks import DIFFERENT_MEASURE, NO_FIGURE, VERDICTS, _claim_verdict, check_claims, load_evidence


def _rewrite_checks(data_dir, rows):
    path = data_dir / "claim_checks.csv"
    fields = list(csv.DictReader(open(path, encoding="utf-8")).fieldnames)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    rehash(data_dir)


def _synthetic_rows(extra):
    # every catalogue claim needs a row; fill with not-checkable parts, then add the test's own
    base = [{"claim_id": str(i), "part": "a", "statement": "synthetic", "kind": "number", "claimed_value": "1",
             "claimed_qualifier": "", "unit": "count", "evidence": "", "notes": ""} for i in range(1, 28)]
    by_key = {(r["claim_id"], r["part"]): r for r in base}
    for r in extra:
        by_key[(r["claim_id"], r["part"])] = {**{"statement": "synthetic", "claimed_qualifier": "", "unit": "", "notes": ""}, **r}
    return list(by_key.values())


@pytest.mark.parametrize("parts, verdict", [
    (["supported"], "supported"), (["supported", "supported"], "supported"),
    (["not checkable"], "not checkable"), (["contradicted", "not checkable"], "contradicted"),
    (["supported", "contradicted"], "partly contradicted"), (["supported", "contradicted", "not checkable"], "partly contradicted"),
    (["supported", "not checkable"], "partly supported"), (["contradicted", "contradicted"], "contradicted"),
])
def test_claim_verdict_rules(parts, verdict):
    assert _claim_verdict(parts) == verdict


def test_number_parts_against_known_figures(data_copy):
    caseload = ps.load_national_caseload(data_copy).set_index("fact_id")
    exact_id = caseload.query("value == 224587").index[0]           # 224,587 at 30 June 2020
    rows = _synthetic_rows([
        {"claim_id": "1", "part": "a", "kind": "number", "claimed_value": "224000", "claimed_qualifier": "about", "unit": "people", "evidence": exact_id},
        {"claim_id": "1", "part": "b", "kind": "number", "claimed_value": "300000", "unit": "people", "evidence": exact_id},
        {"claim_id": "1", "part": "c", "kind": "number", "claimed_value": "226000", "unit": "people", "evidence": exact_id},  # within 1%
    ])
    _rewrite_checks(data_copy, rows)
    parts, claims = check_claims(data_copy)
    got = parts[parts.claim_id == 1].set_index("part").verdict
    assert got.to_dict() == {"a": "supported", "b": "contradicted", "c": "supported"}
    assert claims.set_index("claim_id").loc[1, "verdict"] == "partly contradicted"
    assert claims.set_index("claim_id").loc[2, "verdict"] == "not checkable"


def test_a_part_inside_an_up_to_total_is_not_contradicted_by_it(data_copy):
    # of-044: the Public Accounts Committee's "up to £342m" committed to the CRC contracts.
    ceiling = load_evidence(data_copy).set_index("evidence_id").loc["of-044"]
    assert (ceiling.qualifier, ceiling.value) == ("up to", 342)
    rows = _synthetic_rows([
        {"claim_id": "15", "part": "a", "kind": "number", "claimed_value": "277", "unit": "gbp_millions", "evidence": "of-044"},
        {"claim_id": "15", "part": "b", "kind": "number", "claimed_value": "400", "unit": "gbp_millions", "evidence": "of-044"},
        {"claim_id": "15", "part": "c", "kind": "number", "claimed_value": "342", "unit": "gbp_millions", "evidence": "of-044"},
        {"claim_id": "15", "part": "d", "kind": "number", "claimed_value": "342", "claimed_qualifier": "up to",
         "unit": "gbp_millions", "evidence": "of-044"},
    ])
    _rewrite_checks(data_copy, rows)
    parts, claims = check_claims(data_copy)
    got = parts[parts.claim_id == 15].set_index("part")
    assert got.verdict.to_dict() == {"a": "not checkable", "b": "contradicted", "c": "supported", "d": "supported"}
    assert got.loc["a", "reason"] == DIFFERENT_MEASURE
    assert got.loc["b", "reason"] == ""
    assert claims.set_index("claim_id").loc[15, "verdict"] == "partly contradicted"
    assert claims.set_index("claim_id").loc[14, "verdict"] == "not checkable"
    assert parts.set_index(["claim_id", "part"]).loc[(14, "a"), "reason"] == NO_FIGURE


def test_tolerance_is_what_lets_rounding_through(data_copy):
    exact_id = ps.load_national_caseload(data_copy).query("value == 224587").fact_id.iloc[0]
    _rewrite_checks(data_copy, _synthetic_rows([{"claim_id": "1", "part": "a", "kind": "number", "claimed_value": "226000",
                                                  "unit": "people", "evidence": exact_id}]))
    strict, _ = check_claims(data_copy, tolerance=0.0)
    assert strict.set_index(["claim_id", "part"]).loc[(1, "a"), "verdict"] == "contradicted"


def test_date_parts_against_milestones(data_copy):
    rows = _synthetic_rows([
        {"claim_id": "27", "part": "a", "kind": "date", "claimed_value": "2021-06", "evidence": "reunification"},
        {"claim_id": "27", "part": "b", "kind": "date", "claimed_value": "2020", "evidence": "reunification"},
    ])
    _rewrite_checks(data_copy, rows)
    parts, _ = check_claims(data_copy)
    got = parts[parts.claim_id == 27].set_index("part").verdict
    assert got.to_dict() == {"a": "supported", "b": "contradicted"}


def test_unknown_evidence_id_is_refused(data_copy):
    _rewrite_checks(data_copy, _synthetic_rows([{"claim_id": "3", "part": "a", "kind": "number", "claimed_value": "5",
                                                  "unit": "count", "evidence": "nc-999"}]))
    with pytest.raises(ValueError, match=r"claim 3a: evidence ids \['nc-999'\] are not in the data"):
        check_claims(data_copy)


def test_every_claim_in_the_real_table_gets_a_verdict_from_existing_figures():
    parts, claims = check_claims()
    assert len(claims) == 27 and claims.verdict.notna().all()
    assert set(claims.verdict) <= set(VERDICTS)
    evidence = set(load_evidence().evidence_id)
    cited = {e["id"] for items in parts.evidence for e in items}
    assert cited <= evidence
    # The claim's own press item never decides it.
    claim_sources = ps.read_table("claim_sources")
    for p in parts.itertuples():
        own = set(claim_sources[claim_sources.claim_id == p.claim_id].source_id)
        assert not ({e["source_id"] for e in p.evidence} & own), (p.claim_id, p.part)
