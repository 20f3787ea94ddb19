"""Counts of the inspections published after reunification (2021-2026), in the data's own terms.

What the chapter "After reunification" states about the PDU and regional inspections: how many
were found and rated, how they split by rating, year and region, and whether the inspections found
for 2022 add up to the inspectorate's own count.

* :func:`inspection_counts` - the chapter's headline counts (inspections by programme, ratings).
* :func:`rating_tally` - how many of a set of overall ratings are Inadequate or Good, and the share.
* :func:`rated_pdu_and_regional` - the PDU and regional inspections with an overall rating.
* :func:`ratings_by_region` - PDU and regional inspections per region and rating.
* :func:`regions_by_inadequate_share` - the regions, those with most inspections rated Inadequate first.
* :func:`inspectorate_2022_count` - the inspectorate's 2022 count beside the inspections we found.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_pdu_inspections, load_pdu_units, load_providers
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir

__all__ = ["inspection_counts", "rating_tally", "ratings_by_region", "regions_by_inadequate_share",
           "inspectorate_2022_count", "rated_pdu_and_regional", "STATED_2022_LOCATOR"]

#: The words of the inspectorate's annual report that state its own count of the PDU reports of 2022.
STATED_2022_LOCATOR = "of the 17 PDU reports we published in 2022"


def rating_tally(ratings: pd.Series) -> dict[str, float | int]:
    """How many of a set of overall ratings are *Inadequate* and *Good*.

    Parameters
    ----------
    ratings : Series
        Overall ratings (strings or the rating categorical), one per inspection; none missing.

    Returns
    -------
    dict with ``n`` (number of ratings), ``n_inadequate`` and ``n_good`` (numbers, int) and
    ``pct_inadequate`` (share rated Inadequate, percent of ``n``, float).

    >>> rating_tally(pd.Series(["Inadequate", "Good", "Requires improvement", "Inadequate"]))
    {'n': 4, 'n_inadequate': 2, 'n_good': 1, 'pct_inadequate': 50.0}
    """
    ratings = ratings.astype("string")
    return {"n": len(ratings), "n_inadequate": int((ratings == "Inadequate").sum()),
            "n_good": int((ratings == "Good").sum()),
            "pct_inadequate": float(100 * (ratings == "Inadequate").mean())}


def inspection_counts(inspections: pd.DataFrame | None = None, data_dir: PathLike = None) -> dict[str, int]:
    """The chapter's headline counts of the inspections published after reunification.

    Parameters
    ----------
    inspections : DataFrame, optional
        :func:`probation_stats.load_pdu_inspections` (read from ``data_dir`` if not given).
    data_dir : path, optional
        The data package to read (default: the installed one); the units and providers are read
        from it too.

    Returns
    -------
    dict of int (numbers of inspections, units or years): ``n_inspections`` (all programmes),
    ``n_pdu_rated`` (PDU-programme inspections with an overall rating), ``n_pdu_inadequate``,
    ``n_pdu_good``, ``first_year``/``last_year`` (years of publication of the rated PDU
    inspections), ``n_undated`` (PDU inspections with no stated year), ``n_regional``,
    ``n_nps_division``, ``n_dynamic`` (inspections of each programme), ``n_units_inspected``
    (distinct PDUs inspected), ``n_regions`` (regions of the Probation Service), ``n_crc``
    (Community Rehabilitation Companies reunified) and ``points_max`` (the usual maximum score).
    """
    data_dir = resolve_data_dir(data_dir)
    if inspections is None:
        inspections = load_pdu_inspections(data_dir)
    pdu = inspections[inspections["programme"] == "pdu"]
    pdu_rated = pdu.dropna(subset=["overall_rating"])
    years = pdu_rated["year"].dropna().astype(int)
    tally = rating_tally(pdu_rated["overall_rating"])
    programme = inspections["programme"]
    return {
        "n_pdu_rated": len(pdu_rated),
        "first_year": int(years.min()),
        "last_year": int(years.max()),
        "n_pdu_inadequate": tally["n_inadequate"],
        "n_pdu_good": tally["n_good"],
        "n_inspections": len(inspections),
        "n_regional": int((programme == "regional").sum()),
        "n_nps_division": int((programme == "nps-division").sum()),
        "n_dynamic": int((programme == "dynamic").sum()),
        "n_undated": int(pdu["year"].isna().sum()),
        # Units of kind "pdu" under any programme: a dynamic inspection of a PDU counts it too.
        "n_units_inspected": int(inspections.loc[inspections["kind"] == "pdu", "unit_id"].nunique()),
        "n_regions": int((load_pdu_units(data_dir)["kind"] == "region").sum()),
        "n_crc": int((load_providers(data_dir)["provider_type"] == "CRC").sum()),
        # Most PDU inspections are scored out of the same maximum; the mode is the framework's.
        "points_max": int(inspections["points_max"].mode().iloc[0]),
    }


def rated_pdu_and_regional(inspections: pd.DataFrame) -> pd.DataFrame:
    """The PDU-programme and regional inspections that have an overall rating (rows of ``inspections``)."""
    rated = inspections[inspections["programme"].isin(["pdu", "regional"])]
    return rated.dropna(subset=["overall_rating"])


def ratings_by_region(inspections: pd.DataFrame) -> pd.DataFrame:
    """PDU and regional inspections with an overall rating, per region and rating.

    Returns
    -------
    DataFrame with ``region``, ``rating`` (str) and ``inspections`` (number), one row per region
    and rating that occurs (no zero rows), sorted by region and rating name.

    >>> synthetic = pd.DataFrame({"programme": ["pdu", "pdu", "regional", "dynamic"],
    ...                           "region": ["A", "A", "B", "B"],
    ...                           "overall_rating": ["Good", "Good", "Inadequate", None]})
    >>> ratings_by_region(synthetic).to_dict("records")
    [{'region': 'A', 'rating': 'Good', 'inspections': 2}, {'region': 'B', 'rating': 'Inadequate', 'inspections': 1}]
    """
    rated = rated_pdu_and_regional(inspections)
    return (rated.assign(rating=rated["overall_rating"].astype(str))
            .groupby(["region", "rating"]).size().rename("inspections").reset_index())


def regions_by_inadequate_share(inspections: pd.DataFrame) -> list[str]:
    """The regions of the rated PDU and regional inspections, the largest share rated
    *Inadequate* first (ties in the order of the region's name).

    >>> synthetic = pd.DataFrame({"programme": ["pdu", "pdu", "regional"], "region": ["A", "A", "B"],
    ...                           "overall_rating": ["Good", "Inadequate", "Inadequate"]})
    >>> regions_by_inadequate_share(synthetic)
    ['B', 'A']
    """
    rated = rated_pdu_and_regional(inspections)
    return (rated.assign(bad=rated["overall_rating"] == "Inadequate").groupby("region")["bad"].mean()
            .sort_values(ascending=False).index.tolist())


def inspectorate_2022_count(inspections: pd.DataFrame, aggregates: pd.DataFrame) -> dict[str, int]:
    """The inspectorate's own count of the PDU reports it published in 2022, and ours.

    Parameters
    ----------
    inspections : DataFrame
        :func:`probation_stats.load_pdu_inspections`.
    aggregates : DataFrame
        :func:`probation_stats.load_inspection_aggregates`; the two England-and-Wales rows whose
        locator quotes :data:`STATED_2022_LOCATOR` are used.

    Returns
    -------
    dict of int (numbers of PDU inspections): ``agg_2022_published`` and ``agg_2022_inadequate``
    (the inspectorate's), ``ours_2022`` and ``ours_2022_inadequate`` (PDU-programme inspections
    found with year 2022).

    Raises
    ------
    ValueError
        If the inspections found for 2022 do not add up to the inspectorate's count: the chapter
        says they do.
    """
    stated = aggregates[aggregates["locator"].str.contains(STATED_2022_LOCATOR, regex=False)
                        & (aggregates["scope"] == "England and Wales")]
    published = int(stated.loc[stated["measure"] == "pdu_inspections_published_count", "value"].iloc[0])
    inadequate = int(stated.loc[stated["measure"] == "pdu_rated_inadequate_count", "value"].iloc[0])
    ours = inspections[(inspections["programme"] == "pdu") & (inspections["year"] == 2022)]
    ours_inadequate = int((ours["overall_rating"] == "Inadequate").sum())
    if len(ours) != published or ours_inadequate != inadequate:
        raise ValueError(f"inspections found for 2022 ({ours_inadequate} Inadequate of {len(ours)}) do not match "
                         f"the inspectorate's count ({inadequate} of {published})")
    return {"agg_2022_published": published, "agg_2022_inadequate": inadequate,
            "ours_2022": len(ours), "ours_2022_inadequate": ours_inadequate}
