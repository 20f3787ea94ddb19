"""The designs the book's intervals are used on, read from the data rather than copied into tests.

The coverage and size simulations (tests/benchmarks/sim_case_level.py and the CI-sized
tests/test_coverage_simulation.py) take their cluster sizes, group sizes and rating shares from
here, so that when the data or a chapter's comparison changes, what is checked changes with it:

* :func:`published_case_samples` - the numbers of cases inspected that the sources state for
  single inspections (PDU, regional and "dynamic" inspections), the cluster sizes of any
  case-level model;
* :func:`dominant_cluster_sizes` - a case-level design with one dominant cluster: the largest
  published case sample beside the PDU-sized ones (what pooling a regional sample with PDU
  samples would give);
* :func:`rating_design` - the two groups the ratings chapter compares (2018/19 overall
  ratings, NPS divisions against CRCs): their sizes and each group's count at every rating
  level, empty cells included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from probation_stats.datapackage.loaders import load_pdu_figures
from probation_stats.datapackage.paths import PathLike
from probation_stats.derived.overall_ratings import overall_ratings

__all__ = ["published_case_samples", "dominant_cluster_sizes", "rating_design"]


def published_case_samples(data_dir: PathLike = None) -> pd.DataFrame:
    """Cases inspected per inspection, as the sources state them (exact figures only).

    Parameters
    ----------
    data_dir : path, optional
        Data package directory (default: the package's own data).

    Returns
    -------
    DataFrame
        One row per inspection: ``inspection_id``, ``programme`` ("pdu", "regional", "dynamic"),
        ``cases`` (cases inspected, a whole number). Figures with a qualifier ("over 500") are
        left out: a cluster size must be a number. Sorted by ``inspection_id``.
    """
    figures = load_pdu_figures(data_dir)
    stated = figures.query("measure == 'cases_inspected_count' and qualifier.isna()")
    direct = pd.DataFrame({"inspection_id": stated.inspection_id, "programme": stated.programme,
                           "cases": stated.value.astype(float)})
    # the case sample a figure was computed on ("11 out of 54 cases"), where no count row exists
    beside = figures.dropna(subset=["cases_inspected"]).groupby("inspection_id", as_index=False).agg(
        programme=("programme", "first"), cases=("cases_inspected", "first"))
    beside = beside[~beside.inspection_id.isin(direct.inspection_id)]
    out = pd.concat([direct, beside.astype({"cases": float})], ignore_index=True)
    return out.sort_values("inspection_id").reset_index(drop=True)


def dominant_cluster_sizes(n_providers: int, data_dir: PathLike = None) -> np.ndarray:
    """Cluster sizes for ``n_providers`` clusters, one of them the largest published case sample.

    Parameters
    ----------
    n_providers : int
        Number of clusters (at least 3).
    data_dir : path, optional

    Returns
    -------
    (n_providers,) float array
        First the largest published case sample (a regional inspection's), then the published
        PDU and dynamic-inspection samples in ``inspection_id`` order, repeated as needed.
    """
    if n_providers < 3:
        raise ValueError(f"need at least three clusters, got {n_providers}")
    samples = published_case_samples(data_dir)
    largest = float(samples.cases.max())
    small = samples.query("programme != 'regional'").cases.to_numpy(float)
    return np.r_[largest, np.resize(small, n_providers - 1)]


def rating_design(rnd: str = "2018/19", focal: str = "NPS", reference: str = "CRC",
                  data_dir: PathLike = None) -> dict:
    """The two groups a chapter compares with :func:`rating_gap`, as counts per rating level.

    Parameters
    ----------
    rnd : str
        Inspection round of the overall ratings (the ratings chapter compares "2018/19").
    focal, reference : str
        Provider types compared.
    data_dir : path, optional

    Returns
    -------
    dict
        ``levels`` (tuple, lowest first), ``n_focal``, ``n_reference``, ``focal_counts`` and
        ``reference_counts`` (integer arrays, one count per level) and ``empty_cells`` (list of
        "group: level" with no provider).
    """
    ratings = overall_ratings(rnd, data_dir)
    levels = tuple(ratings.rating.cat.categories)
    counts = {g: np.array([int(((ratings.provider_type == g) & (ratings.rating == lev)).sum()) for lev in levels])
              for g in (focal, reference)}
    empty = [f"{g}: {lev}" for g in (focal, reference) for lev, c in zip(levels, counts[g]) if c == 0]
    return {"levels": levels, "n_focal": int(counts[focal].sum()), "n_reference": int(counts[reference].sum()),
            "focal_counts": counts[focal], "reference_counts": counts[reference], "empty_cells": empty}
