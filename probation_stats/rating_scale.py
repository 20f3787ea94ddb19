"""The inspectorate's four-point rating scale, as an ordered pandas categorical.

HMIP rated every provider and standard on Inadequate < Requires improvement < Good < Outstanding.
Some earlier documents said "Poor" for the lowest grade; the data keep the published word in
``rating_as_published`` and map it here to the current name.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["RATING_LEVELS", "RATING_DTYPE", "RATING_SYNONYMS", "rating_score"]

RATING_LEVELS: tuple[str, ...] = ("Inadequate", "Requires improvement", "Good", "Outstanding")
RATING_DTYPE = pd.CategoricalDtype(categories=list(RATING_LEVELS), ordered=True)

# Published wording -> scale label. Case and surrounding quotes are ignored by the loader.
RATING_SYNONYMS: dict[str, str] = {
    "inadequate": "Inadequate",
    "poor": "Inadequate",
    "requires improvement": "Requires improvement",
    "requiring improvement": "Requires improvement",
    "required improvement": "Requires improvement",
    "require improvement": "Requires improvement",
    "require improvements": "Requires improvement",
    "good": "Good",
    "outstanding": "Outstanding",
}


def rating_score(ratings: pd.Series) -> pd.Series:
    """Map ordered ratings to 1 (Inadequate) ... 4 (Outstanding); missing stays missing.

    The numbers are ranks for ordering and plotting, not an interval scale: do not average
    them as if "Good" were twice "Inadequate".

    Parameters
    ----------
    ratings : Series
        Rating labels (text or the ordered categorical ``RATING_DTYPE``); missing stays missing.

    Raises
    ------
    ValueError
        Naming every label that is not on the scale (e.g. "Requires Improvement" with a capital I:
        the scale's labels are exact), rather than turning it into a missing score.

    Returns
    -------
    Series of Int64
        1 to 4, or <NA>.

    Examples
    --------
    >>> import pandas as pd
    >>> rating_score(pd.Series(["Good", "Inadequate", None])).tolist()
    [3, 1, <NA>]
    """
    if not isinstance(ratings.dtype, pd.CategoricalDtype) or ratings.dtype != RATING_DTYPE:
        present = ratings.dropna()
        unknown = sorted({str(v) for v in present if v not in RATING_LEVELS})
        if unknown:
            raise ValueError(f"not a rating on the inspectorate's scale: {', '.join(map(repr, unknown))} "
                             f"(the scale: {', '.join(RATING_LEVELS)})")
    ratings = ratings.astype(RATING_DTYPE)
    codes = ratings.cat.codes.astype("Int64") + 1
    return codes.where(ratings.notna())
