"""Fact-check verdicts: the rules on synthetic claim parts, and the real table's integrity."""

import csv

import pytest

import probation_stats as ps
from probation_stats.datapackage.reading import rehash
from probation_stats.derived.claim_checks import (DIFFERENT_MEASURE, NO_FIGURE, VERDICTS, _claim_verdict, check_claims, claim_period,
                                                  load_evidence, signed_bounds, verdicts_by_period)


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
    n_claims = len(ps.load_claims())
    base = [{"claim_id": str(i), "part": "a", "statement": "synthetic", "kind": "number", "claimed_value": "1",
             "claimed_qualifier": "", "unit": "count", "evidence": "", "notes": ""} for i in range(1, n_claims + 1)]
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
    assert len(claims) == 61 and claims.verdict.notna().all()
    assert set(claims.verdict) <= set(VERDICTS)
    evidence = set(load_evidence().evidence_id)
    cited = {e["id"] for items in parts.evidence for e in items}
    assert cited <= evidence
    # The claim's own press item never decides it.
    claim_sources = ps.read_table("claim_sources")
    for p in parts.itertuples():
        own = set(claim_sources[claim_sources.claim_id == p.claim_id].source_id)
        assert not ({e["source_id"] for e in p.evidence} & own), (p.claim_id, p.part)


def test_a_fall_keeps_its_sign_and_its_hedge():
    # bounds() clips at zero, right for levels; a fall of 2.5 points must stay -2.5, and a hedge
    # word bounds the size of the fall.
    assert signed_bounds(-2.5, "", "percentage_points") == (-2.5, -2.5)
    assert signed_bounds(-40, "about", "percent") == (-45.0, -35.0)
    assert signed_bounds(-6, "more than", "count") == (-7.0, -6.0)
    assert signed_bounds(224000, "approximately", "people") == (223500.0, 224500.0)


def test_a_claimed_rise_is_contradicted_by_a_published_fall(data_copy):
    # of-061: the NAO's fall of 2.5 percentage points in the proportion who reoffend (2011 to March 2017).
    fall = load_evidence(data_copy).set_index("evidence_id").loc["of-061"]
    assert (fall.value, fall.low, fall.high, fall.unit) == (-2.5, -2.5, -2.5, "percentage_points")
    rows = _synthetic_rows([
        {"claim_id": "34", "part": "a", "kind": "number", "claimed_value": "22", "unit": "percent", "evidence": "of-061"},
        {"claim_id": "34", "part": "b", "kind": "number", "claimed_value": "-2.5", "unit": "percent", "evidence": "of-061"},
        {"claim_id": "34", "part": "c", "kind": "number", "claimed_value": "0", "claimed_qualifier": "more than",
         "unit": "percentage_points", "evidence": "of-061"},
        {"claim_id": "34", "part": "d", "kind": "number", "claimed_value": "-3", "claimed_qualifier": "about",
         "unit": "percentage_points", "evidence": "of-061"},
    ])
    _rewrite_checks(data_copy, rows)
    parts, _ = check_claims(data_copy)
    got = parts[parts.claim_id == 34].set_index("part").verdict
    assert got.to_dict() == {"a": "contradicted", "b": "supported", "c": "contradicted", "d": "supported"}


def test_inspection_aggregates_can_decide_a_claim():
    # Claim 48: 24 PDUs, 14 Inadequate, 10 Requires improvement (year to February 2025), decided by the
    # inspectorate's annual-report counts, not by the PA story that made the claim.
    parts, claims = check_claims()
    own = parts[parts.claim_id == 48].set_index("part")
    assert own.verdict.tolist() == ["supported"] * 3
    assert [e["figure"] for e in own.loc["b", "evidence"]] == ["14"]
    assert claims.set_index("claim_id").loc[48, "verdict"] == "supported"


def test_the_nao_reoffending_misquotes_get_the_verdicts_the_figures_give():
    _, claims = check_claims()
    v = claims.set_index("claim_id").verdict
    # The Guardian (1 March 2019) gave both measures the right way round.
    assert v[28] == "supported"
    # "The rate increased by 22%" / "reoffending rates had actually increased": the NAO says it fell.
    assert v[34] == v[35] == "contradicted"
    # The 22% read as a total of offences: no published figure measures a total, so not checkable.
    assert v[31] == "not checkable"


def test_claims_are_counted_in_their_periods():
    assert claim_period("2016-12-15") == "2016-2020" and claim_period("2020") == "2016-2020"
    assert claim_period("2021-06") == "2021-2025" and claim_period("2025-11") == "2021-2025"
    with pytest.raises(ValueError, match="outside the fact-check's periods"):
        claim_period("2015-03")
    _, claims = check_claims()
    table = verdicts_by_period(claims).set_index("period")
    assert table.loc["2016-2020", "claims"] == 35 and table.loc["2021-2025", "claims"] == 26
    assert table.drop(columns="claims").sum(axis=1).tolist() == table["claims"].tolist()
    assert table.loc["2021-2025", "not checkable"] == 11 and table.loc["2021-2025", "supported"] == 9


def test_issue_24_at_least_15_recent_claims_have_a_verdict_and_a_linked_deciding_source():
    parts, claims = check_claims()
    sources = ps.load_sources().set_index("source_id")
    recent = claims[claims.date.map(claim_period) == "2021-2025"]
    assert recent.verdict.notna().all()
    decided, primary = set(), set()
    for p in parts[parts.claim_id.isin(recent.claim_id)].itertuples():
        for e in p.evidence:
            # every deciding source is linked: its primary document, or (a copy) its References entry
            assert sources.loc[e["source_id"], "url"].startswith("http")
            decided.add(p.claim_id)
            if sources.loc[e["source_id"], "link"] == "primary":
                primary.add(p.claim_id)
    assert len(decided) >= 15, sorted(decided)
    assert len(primary) >= 14, sorted(decided - primary)


@pytest.mark.parametrize("field, bad, words", [
    ("date", "2021-13", "date"),          # no 13th month
    ("date", "", "date"),                 # every claim says when it was made
    ("speaker", "", "speaker"),           # and who made it
    ("group", "a1", "group"),
])
def test_a_claim_without_a_real_date_or_speaker_is_refused_with_its_row(data_copy, field, bad, words):
    path = data_copy / "claims.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    fields = list(rows[0])
    rows[40][field] = bad                  # claim 41, a claim of 2024
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    # rehash refuses invalid data, naming the file, the line and the field (line 42 = claim 41)
    with pytest.raises(Exception) as caught:
        rehash(data_copy)
    text = str(caught.value)
    assert "claims.csv, line 42, field '" + field + "'" in text and words in text, text
