"""The standard-by-standard ratings of the 2018 framework: which were found, and what they were."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from probation_stats.datapackage.loaders import load_providers, load_ratings
from probation_stats.datapackage.paths import PathLike
from probation_stats.derived.coverage import rating_coverage

__all__ = ["CASE_SUPERVISION", "FAILING", "StandardRatingCounts", "standard_coverage", "standard_rating_counts", "found_rating_sources",
           "inadequate_case_supervision"]

#: The four case-supervision standards (domain 2 of the framework).
CASE_SUPERVISION = ("assessment", "planning", "implementation_delivery", "reviewing")
#: The two ratings below Good.
FAILING = ("Inadequate", "Requires improvement")


def standard_coverage(data_dir: PathLike = None) -> pd.DataFrame:
    """Every provider x round x standard cell and its rating where found, with ``short_name``.

    The rows and columns of :func:`~probation_stats.derived.coverage.rating_coverage` (one row per
    cell: ``known``, ``rating``, ``n_sources``, ``inspected``, ``status``) plus the provider's
    ``short_name``.
    """
    ratings = load_ratings(data_dir)
    providers = load_providers(data_dir)
    cov = rating_coverage(ratings, providers, data_dir=data_dir)
    return cov.merge(providers[["provider_id", "short_name"]], on="provider_id", validate="many_to_one")


class StandardRatingCounts(NamedTuple):
    """Standard-level ratings given, found and failing (plain ints)."""

    given: int
    found: int
    failing: int


def standard_rating_counts(coverage: pd.DataFrame) -> StandardRatingCounts:
    """How many standard-level ratings (the overall rating left out) were given, found and failing.

    ``coverage``: as from :func:`standard_coverage`. Returns a :class:`StandardRatingCounts`: ``given`` (cells
    of providers inspected in the round: a rating was given), ``found`` (ratings we have) and
    ``failing`` (found and Inadequate or Requires improvement).
    """
    std = coverage[coverage["standard"] != "overall"]
    found = std[std["known"]]
    return StandardRatingCounts(given=int(std["inspected"].sum()), found=int(std["known"].sum()),
                                failing=int(found["rating"].isin(FAILING).sum()))


def found_rating_sources(coverage: pd.DataFrame, ratings: pd.DataFrame) -> np.ndarray:
    """The source ids (first-listed source of each rating) of the ratings found in ``coverage``,
    each once, in the order of ``ratings``."""
    found = ratings.merge(coverage[coverage["known"]][["provider_id", "round", "standard"]],
                          on=["provider_id", "round", "standard"])
    return found["source_id"].unique()


def inadequate_case_supervision(ratings: pd.DataFrame, provider_type: str = "CRC") -> pd.DataFrame:
    """Provider-rounds of one provider type rated Inadequate on at least one case-supervision standard.

    ``ratings``: as from :func:`~probation_stats.datapackage.loaders.load_ratings`. Returns one row
    per (``provider_id``, ``round``).
    """
    sel = ratings[(ratings["provider_type"] == provider_type) & ratings["standard"].isin(CASE_SUPERVISION)
                  & (ratings["rating"] == "Inadequate")]
    return sel[["provider_id", "round"]].drop_duplicates().reset_index(drop=True)
