"""What we know and what we don't: which provider x round x standard ratings were found, and
how the ratings found compare with the totals the inspectorate itself published."""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import PathLike, load_providers, load_ratings
from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.datapackage.reading import read_table
from probation_stats.rating_scale import RATING_DTYPE, RATING_LEVELS
from probation_stats.standards import STANDARDS

__all__ = ["STANDARDS", "ROUND_PROVIDERS", "COVERAGE_STATUS", "inspected_in_round", "rating_coverage", "check_rating_counts"]

# Every provider was inspected in 2018/19; in 2019/20 the inspectorate rated 10 services before
# Covid-19 stopped fieldwork. A provider counts as inspected in a round listed here as "all", or
# when the data hold any rating or inspection event of it in that round; its cells are then
# "found" or "not found", and the cells of providers not inspected are "not inspected" (never
# counted among the ratings that could have been found).
ROUND_PROVIDERS = {"2018/19": "all"}
COVERAGE_STATUS = ("found", "not found", "not inspected")


def inspected_in_round(ratings: pd.DataFrame | None = None, providers: pd.DataFrame | None = None,
                       events: pd.DataFrame | None = None, *, data_dir: PathLike = None) -> pd.DataFrame:
    """Which providers were inspected in which round: ``round``, ``provider_id``, ``evidence``
    ("whole round", "rating" or "inspection event"). Tables not given are read from ``data_dir``."""
    folder = resolve_data_dir(data_dir)
    ratings = load_ratings(folder) if ratings is None else ratings
    providers = load_providers(folder) if providers is None else providers
    events = read_table("inspection_events", folder) if events is None else events
    rows = [(rnd, pid, "whole round") for rnd, who in ROUND_PROVIDERS.items() if who == "all"
            for pid in providers["provider_id"]]
    rows += [(r.round, r.provider_id, "rating") for r in ratings[["round", "provider_id"]].drop_duplicates().itertuples()]
    rows += [(e.round, e.provider_id, "inspection event") for e in events[["round", "provider_id"]].drop_duplicates().itertuples()]
    out = pd.DataFrame(rows, columns=["round", "provider_id", "evidence"])
    return out.drop_duplicates(["round", "provider_id"]).sort_values(["round", "provider_id"]).reset_index(drop=True)


def rating_coverage(ratings: pd.DataFrame | None = None, providers: pd.DataFrame | None = None,
                    rounds: tuple[str, ...] = ("2018/19", "2019/20"), *, data_dir: PathLike = None) -> pd.DataFrame:
    """Every provider x round x standard cell of the framework, and whether its rating is known.

    Returns
    -------
    DataFrame
        ``provider_id``, ``provider``, ``provider_type``, ``round``, ``standard``, ``known``
        (bool), ``rating`` (missing where unknown), ``n_sources`` (sources stating it),
        ``inspected`` (bool: see :func:`inspected_in_round`) and ``status`` ("found", "not found"
        or "not inspected"). One row per cell: 28 providers x 11 standards per round. Tables
        not given (and the inspection events) are read from ``data_dir``.
    """
    folder = resolve_data_dir(data_dir)
    ratings = load_ratings(folder) if ratings is None else ratings
    providers = load_providers(folder) if providers is None else providers
    cells = []
    for prov in providers.itertuples(index=False):
        for rnd in rounds:
            for std in STANDARDS[prov.provider_type]:
                cells.append((prov.provider_id, prov.provider, prov.provider_type, rnd, std))
    grid = pd.DataFrame(cells, columns=["provider_id", "provider", "provider_type", "round", "standard"])
    found = ratings[["provider_id", "round", "standard", "rating", "corroborated_by"]].copy()
    found["n_sources"] = 1 + found["corroborated_by"].map(len)
    out = grid.merge(found.drop(columns="corroborated_by"), on=["provider_id", "round", "standard"],
                     how="left", validate="one_to_one")
    out["known"] = out["rating"].notna()
    out["n_sources"] = out["n_sources"].fillna(0).astype(int)
    out["rating"] = out["rating"].astype(RATING_DTYPE)
    inspected = inspected_in_round(ratings, providers, data_dir=folder)
    keys = set(zip(inspected["round"], inspected["provider_id"]))
    out["inspected"] = [(r, p) in keys for r, p in zip(out["round"], out["provider_id"])]
    out["status"] = ["found" if k else ("not found" if i else "not inspected") for k, i in zip(out["known"], out["inspected"])]
    return out[["provider_id", "provider", "provider_type", "round", "standard", "known", "rating", "n_sources",
                "inspected", "status"]]


def check_rating_counts(ratings: pd.DataFrame | None = None, counts: pd.DataFrame | None = None,
                        standard: str = "overall", *, data_dir: PathLike = None) -> pd.DataFrame:
    """Compare the ratings found, provider by provider, with the published totals.

    Uses the ``complete`` counts of ``rating_counts`` (the whole round). For each round,
    provider type and rating: ``published`` (the total the source gives), ``found`` (providers
    with that rating in ``ratings``) and ``status``: "match", "fewer found" (some providers'
    ratings are missing from the readable sources) or "CONFLICT" (more found than published:
    an error somewhere). Where several sources publish the same total they must agree, or the
    function raises. Tables not given are read from ``data_dir``.
    """
    folder = resolve_data_dir(data_dir)
    ratings = load_ratings(folder) if ratings is None else ratings
    counts = read_table("rating_counts", folder) if counts is None else counts
    complete = counts[(counts["coverage"] == "complete") & (counts["standard"] == standard)]
    published = complete.groupby(["round", "provider_type", "rating"], observed=True)["providers"].agg(["min", "max", "count"])
    disagree = published[published["min"] != published["max"]]
    if len(disagree):
        raise ValueError(f"published rating counts disagree between sources: {disagree.index.tolist()}")
    published = published["min"].rename("published").reset_index()
    rows = []
    sel = ratings[ratings["standard"] == standard]
    for rec in published.itertuples(index=False):
        in_round = sel[sel["round"] == rec.round]
        if rec.provider_type != "all":
            in_round = in_round[in_round["provider_type"] == rec.provider_type]
        found = int((in_round["rating"].astype(str) == rec.rating).sum())
        status = "match" if found == rec.published else ("fewer found" if found < rec.published else "CONFLICT")
        rows.append({"round": rec.round, "provider_type": rec.provider_type, "rating": rec.rating,
                     "published": int(rec.published), "found": found, "status": status})
    out = pd.DataFrame(rows)
    out["rating"] = out["rating"].astype(pd.CategoricalDtype(list(RATING_LEVELS), ordered=True))
    return out.sort_values(["round", "provider_type", "rating"]).reset_index(drop=True)
