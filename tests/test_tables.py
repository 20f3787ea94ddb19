"""Per-table data tests (in the spirit of PUDL's): sizes, keys, provenance, and cross-checks
against totals the inspectorate itself published."""

import re

import pytest

import probation_stats as ps


@pytest.fixture(scope="module")
def sources():
    return ps.load_sources()


def test_providers_are_the_21_crcs_and_7_nps_divisions():
    providers = ps.load_providers()
    assert providers.provider_type.value_counts().to_dict() == {"CRC": 21, "NPS": 7}
    assert providers.provider_id.is_unique and providers.provider.is_unique


def test_every_alias_resolves_to_its_own_provider():
    providers = ps.load_providers()
    for row in providers.itertuples():
        if row.aliases:
            assert set(ps.resolve_provider(row.aliases)) == {row.provider_id}


def test_every_table_row_quotes_its_source():
    # Provenance: every value row carries a non-empty locator except where the schema says the
    # passage may lie beyond the readable part of the stored page (claim_sources).
    for name in ["providers", "ratings", "rating_counts", "provider_facts", "national_caseload",
                 "workforce", "research_findings", "other_figures", "inspection_events"]:
        table = ps.read_table(name)
        assert table.source_id.notna().all() and table.locator.notna().all(), name
        assert (table.locator.str.len() >= 10).all(), name


@pytest.mark.parametrize("name", ["provider_facts", "national_caseload", "workforce", "research_findings", "other_figures"])
def test_figures_said_to_be_printed_appear_in_their_quote(name):
    # value_basis == "figure" claims the digits are in the locator: check that claim row by row.
    table = ps.read_table(name)
    for row in table[table.value_basis == "figure"].itertuples():
        text = str(row.locator).replace(",", "")
        value = float(row.value)
        # A change is quoted by its size ("a 2.5 percentage point reduction" for -2.5).
        forms = {f"{v:g}" for v in (value, abs(value))} | {str(int(v)) if v == int(v) else f"{v}" for v in (value, abs(value))}
        assert any(re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", text) for f in forms), (name, row.fact_id, row.value, row.locator)


def test_rating_rows_quote_a_rating_word():
    # A rating recorded from a statement in other words ("the overall rating has not changed") says
    # so in its notes, and says how it was read.
    ratings = ps.read_table("ratings")
    words = r"inadequate|poor|requir\w* improvement|good|outstand"
    for row in ratings.itertuples():
        if isinstance(row.notes, str) and row.notes.startswith("Statement, not a printed rating"):
            assert "read as" in row.notes
            continue
        assert re.search(words, row.locator, flags=re.I), (row.provider_id, row.standard, row.locator)


def test_sources_registry_is_complete_and_tidy(sources):
    assert sources.source_id.is_unique
    assert sources.url.str.match(r"^https?://").all()
    used = set()
    for name in ["providers", "ratings", "rating_counts", "provider_facts", "national_caseload", "workforce",
                 "research_findings", "other_figures", "inspection_events", "claims", "claim_sources"]:
        used |= set(ps.read_table(name).source_id.dropna())
    assert used <= set(sources.source_id)
    # Government and parliamentary sources carry their open licences.
    hmip = sources[sources.url.str.contains("justiceinspectorates.gov.uk")]
    assert (hmip.licence == "OGL-3.0").all()


def test_all_28_providers_have_an_overall_2018_19_rating_or_a_recorded_gap():
    ratings = ps.load_ratings()
    rated = set(ratings.query("standard == 'overall' and round == '2018/19'").provider_id)
    providers = ps.load_providers()
    missing = providers[~providers.provider_id.isin(rated)]
    gaps = " ".join(ps.load_gaps().scope.fillna("") + " " + ps.load_gaps().what.fillna(""))
    for row in missing.itertuples():
        assert row.short_name.split()[0] in gaps, f"{row.provider} has no 2018/19 rating and no recorded gap"


def test_found_ratings_agree_with_the_inspectorates_published_totals():
    check = ps.check_rating_counts()
    assert (check.status != "CONFLICT").all(), check[check.status == "CONFLICT"]
    # 2018/19: totals cover all 28 providers, and what is not found equals what is missing.
    r1819 = check.query("round == '2018/19' and provider_type == 'all'")
    assert r1819.published.sum() == 28
    rated = ps.load_ratings().query("standard == 'overall' and round == '2018/19'")
    assert r1819.published.sum() - r1819.found.sum() == 28 - rated.provider_id.nunique()


def test_2019_20_round_rated_ten_services():
    check = ps.check_rating_counts().query("round == '2019/20' and provider_type == 'all'")
    assert check.published.sum() == 10


def test_every_claim_in_the_catalogue_is_recorded_once():
    claims = ps.load_claims()
    assert claims.claim_id.tolist() == list(range(1, len(claims) + 1))
    assert set("ABCDE") <= set(claims.group)


def test_the_official_series_holds_a_dated_national_caseload():
    # The dated national totals live in the official series (each figure is stored once: the
    # national_caseload table keeps only what no series holds).
    series = ps.load_official_series()
    exact = series.query("measure == 'people_on_probation' and provider_type == 'all' and value_basis == 'figure'")
    exact = exact[exact.qualifier.isna() & exact.date.notna()]
    assert exact.date.nunique() >= 8
    # Two sources giving the same exact total for the same day must agree.
    per_day = exact.groupby("date").value.nunique()
    assert (per_day == 1).all(), per_day[per_day > 1]
