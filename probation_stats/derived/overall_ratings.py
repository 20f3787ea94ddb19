"""Providers' overall inspection ratings of one round, and how they compare between provider
types and between rounds (the 2018 framework: CRCs and NPS divisions, 2018/19 and 2019/20)."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from probation_stats.datapackage.loaders import load_providers, load_ratings, load_sources
from probation_stats.datapackage.paths import PathLike
from probation_stats.datapackage.reading import read_table
from probation_stats.derived.pdu_summaries import rating_move

__all__ = ["GOOD_OR_BETTER", "RatingPairs", "overall_ratings", "ratings_by_type", "good_or_better_by_type", "rating_changes",
           "rating_pairs", "rating_read_from_statement"]

#: The ratings counted as "Good or better".
GOOD_OR_BETTER = ("Good", "Outstanding")


def overall_ratings(rnd: str, data_dir: PathLike = None) -> pd.DataFrame:
    """The overall rating of each provider rated in one inspection round.

    Parameters
    ----------
    rnd : str
        Inspection round, e.g. "2018/19".
    data_dir : path, optional
        Data package directory (default: the package's own data).

    Returns
    -------
    DataFrame
        The rows of :func:`~probation_stats.datapackage.loaders.load_ratings` with
        ``standard == "overall"`` in the round (one per provider), plus ``short_name`` from
        ``providers``.
    """
    ratings = load_ratings(data_dir)
    providers = load_providers(data_dir)
    return ratings.query("standard == 'overall' and round == @rnd").merge(
        providers[["provider_id", "short_name"]], on="provider_id", how="left", validate="one_to_one")


def ratings_by_type(overall: pd.DataFrame) -> pd.Series:
    """Providers per provider type and rating (all four ratings, zeros included).

    ``overall``: one row per provider with ``provider_type`` and a categorical ``rating`` (as from
    :func:`overall_ratings`). Returns a Series of counts (providers) indexed by
    (``provider_type``, ``rating``).
    """
    return overall.groupby(["provider_type", "rating"], observed=False).size()


def good_or_better_by_type(overall: pd.DataFrame) -> pd.DataFrame:
    """Providers of each type, and how many were rated Good or Outstanding.

    Returns a DataFrame indexed by ``provider_type`` with ``providers`` (count), ``good_or_better``
    (count) and ``share`` (good_or_better / providers, a fraction 0-1).
    """
    n_type = overall.groupby("provider_type").size()
    n_good = overall[overall["rating"].isin(GOOD_OR_BETTER)].groupby("provider_type").size()
    # A type with no provider Good or better is absent from the groupby: it has 0, not a gap.
    n_good = n_good.reindex(n_type.index, fill_value=0)
    return pd.DataFrame({"providers": n_type, "good_or_better": n_good, "share": n_good / n_type})


def rating_changes(first: pd.DataFrame, second: pd.DataFrame, suffixes: tuple[str, str] = ("_2018_19", "_2019_20")
                   ) -> pd.DataFrame:
    """Providers rated overall in both of two rounds, with the change between the two ratings.

    ``first`` and ``second`` are :func:`overall_ratings` of the two rounds. Returns one row per
    provider in both, with the columns of each round suffixed (``rating_2018_19``,
    ``rating_2019_20``, ...) and ``change``: "up", "same" or "down" on the rating scale
    (:func:`~probation_stats.derived.pdu_summaries.rating_move`).
    """
    both = first.merge(second, on=["provider_id", "provider", "provider_type", "short_name"], suffixes=suffixes)
    a, b = (f"rating{s}" for s in suffixes)
    return both.assign(change=[rating_move(x, y) for x, y in zip(both[a], both[b])])


class RatingPairs(NamedTuple):
    """Counts of providers and of (focal, reference) pairs of providers (all plain ints)."""

    n_focal: int
    n_reference: int
    pairs: int
    higher: int
    tied: int
    lower: int


def rating_pairs(overall: pd.DataFrame, focal: str = "NPS", reference: str = "CRC") -> RatingPairs:
    """Every (focal, reference) pair of providers: how often the focal one is rated higher.

    The plainest reading of the probability of superiority. Returns a :class:`RatingPairs`: ``n_focal``,
    ``n_reference`` (providers), ``pairs`` (n_focal x n_reference), ``higher``, ``tied`` and
    ``lower`` (pairs in which the focal provider's rating is above, equal to, below the other's).
    """
    codes = overall["rating"].cat.codes
    focal_codes = codes[overall["provider_type"] == focal].to_numpy()
    reference_codes = codes[overall["provider_type"] == reference].to_numpy()
    diff = focal_codes[:, None] - reference_codes[None, :]
    return RatingPairs(n_focal=len(focal_codes), n_reference=len(reference_codes), pairs=int(diff.size),
                       higher=int((diff > 0).sum()), tied=int((diff == 0).sum()), lower=int((diff < 0).sum()))


def rating_read_from_statement(overall: pd.DataFrame, data_dir: PathLike = None) -> pd.Series:
    """The one overall rating read from a later statement rather than printed for its round.

    Its note in ``data/ratings.csv`` starts "Statement"; its ``locator`` quotes the statement that
    the rating "has not changed". ``overall`` is :func:`overall_ratings` of the round. Returns that
    row (a Series) with ``published`` (the source's month, "YYYY-MM") and ``publisher`` added.

    Raises
    ------
    ValueError
        If not exactly one rating is read from a statement, or its quotation does not say the
        rating "has not changed" (the chapter's prose says both).
    """
    rnd = overall["round"].iloc[0]
    notes = read_table("ratings", data_dir).query("round == @rnd and standard == 'overall'")
    read = notes[notes["notes"].fillna("").str.startswith("Statement")]
    stated = overall.merge(read[["provider_id", "source_id"]], on=["provider_id", "source_id"], validate="one_to_one")
    if len(stated) != 1:
        raise ValueError(f"expected one rating read from a statement in {rnd}, found {len(stated)}")
    row = stated.iloc[0].copy()
    if "has not changed" not in row["locator"]:
        raise ValueError(f"the statement does not say the rating has not changed: {row['locator']!r}")
    source = load_sources(data_dir).set_index("source_id").loc[row["source_id"]]
    row["published"], row["publisher"] = source["published"], source["publisher"]
    return row
