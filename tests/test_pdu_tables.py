"""The tables after reunification (2021-): loaders, and the inspections found checked against the
totals the inspectorate itself published."""

import probation_stats as ps


def test_inspections_load_one_row_each_with_unit_region_and_source():
    ins = ps.load_pdu_inspections()
    assert len(ins) >= 80
    assert ins.inspection_id.is_unique
    assert ins.unit_name.notna().all() and ins.region.notna().all()
    assert ins.source_id.notna().all() and ins.locator.notna().all()
    assert ins.overall_rating.dtype == ps.RATING_DTYPE
    # every PDU and regional inspection has a rating from some source; dynamic inspections give none
    rated = ins[ins.programme.isin(["pdu", "regional", "nps-division"])]
    missing = rated[rated.overall_rating.isna()].inspection_id.tolist()
    assert len(missing) <= 1, missing
    sources = set(ps.load_sources().source_id)
    assert all(s in sources for ids in ins.corroborated_by for s in ids)


def test_all_sources_keeps_every_statement():
    every = ps.load_pdu_inspections(all_sources=True)
    one = ps.load_pdu_inspections()
    assert len(every) > len(one)
    assert one.n_sources.sum() == len(every)


def test_points_are_within_their_maximum():
    ins = ps.load_pdu_inspections()
    scored = ins.dropna(subset=["points"])
    assert len(scored) >= 5
    assert (scored.points <= scored.points_max).all()


def test_2022_reports_match_the_inspectorates_own_total():
    # "with 10 of the 17 PDU reports we published in 2022 showing a rating of 'Inadequate'"
    agg = ps.load_inspection_aggregates()
    stated = agg[agg.locator.str.contains("of the 17 PDU reports we published in 2022", regex=False)
                 & (agg.scope == "England and Wales")]
    assert set(stated[stated.measure == "pdu_inspections_published_count"].value) == {17}
    assert set(stated[stated.measure == "pdu_rated_inadequate_count"].value) == {10}
    ins = ps.load_pdu_inspections()
    ours = ins[(ins.programme == "pdu") & (ins.year == 2022)]
    assert len(ours) == 17
    assert (ours.overall_rating == "Inadequate").sum() == 10


def test_figures_reference_known_measures_and_admit_their_value():
    figures = ps.load_pdu_figures()
    assert figures.measure_label.notna().all()
    assert (figures.low <= figures.high).all()
    pct = figures[figures.unit == "percent"]
    assert ((pct.value >= 0) & (pct.value <= 100)).all()


def test_units_belong_to_regions_that_exist():
    units = ps.load_pdu_units()
    regions = units[units.kind == "region"]
    assert len(regions) == 12
    assert set(units.region_id) <= set(regions.unit_id)


def test_official_series_carry_a_definition_and_series():
    series = ps.load_official_series()
    assert series.definition.notna().all() and series.series.notna().all()
    omsq = ps.load_official_series(series="omsq")
    people = omsq[omsq.measure == "people_on_probation"]
    assert len(people.dropna(subset=["date"]).date.unique()) >= 15


def test_2018_19_overall_ratings_match_every_published_total():
    check = ps.check_rating_counts()
    round_1819 = check[check["round"] == "2018/19"]
    assert (round_1819.status == "match").all(), round_1819
    overall = ps.load_ratings().query("standard == 'overall' and round == '2018/19'")
    assert overall.provider_id.nunique() == 28
