"""The order of a unit's inspections: first, second, ... even where a source prints no date.

Several inspections after reunification are known only from a release that states no date but
says which inspection of the unit it reports ("This is the second inspection of the PDU"). Sorting
by date alone puts such an inspection first (no date sorts before every date) and so shows a
unit's first rating as its latest. The inspectorate's own number is the firmer fact: an inspection
keeps the number its source states, and the unit's unnumbered inspections take the numbers left
free, in order of their publication date (undated ones last, as nothing places them).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["inspection_sequence"]


def _date_key(published, fieldwork, year) -> tuple:
    # Dates as stored ("2022-05", "2022-05-17") sort as text, a year before any of its months;
    # an inspection with no date of any kind sorts after every dated one.
    for value in (published, fieldwork):
        if isinstance(value, str) and value:
            return (0, value)
    if year is not None and pd.notna(year):
        return (0, str(int(year)))
    return (1, "")


def inspection_sequence(inspections: pd.DataFrame) -> pd.Series:
    """Each inspection's place among its unit's inspections: 1 for the first, 2 for the second...

    Parameters
    ----------
    inspections : DataFrame
        :func:`probation_stats.load_pdu_inspections` (one row per inspection or, with
        ``all_sources=True``, per source statement): ``inspection_id``, ``unit_id``,
        ``inspection_number`` (the number a source states, may be missing), ``published``,
        ``fieldwork`` (dates as stored, may be missing) and ``year``.

    Returns
    -------
    Series of int (aligned with ``inspections``' index; every row of one inspection gets the same
    value). An inspection keeps the number any of its sources states; the unit's other
    inspections take the smallest numbers not stated for it, in order of date (published, else
    fieldwork, else the year), undated ones last in the data's order.

    Examples
    --------
    A unit rated in May 2022 whose next inspection's release gives no date but says it is the
    second: the undated one is the latest.

    >>> import pandas as pd
    >>> ins = pd.DataFrame({"inspection_id": ["a-2022", "a-undated"], "unit_id": ["a", "a"],
    ...                     "inspection_number": [None, 2], "published": ["2022-05", None],
    ...                     "fieldwork": [None, None], "year": [2022, None]})
    >>> inspection_sequence(ins).tolist()
    [1, 2]
    """
    if "inspection_id" not in inspections:  # a table of one row per inspection may have no id
        inspections = inspections.assign(inspection_id=[f"row-{i}" for i in range(len(inspections))])
    inspections = inspections.assign(**{c: None for c in ("published", "fieldwork", "year", "inspection_number")
                                        if c not in inspections})
    first = inspections.drop_duplicates("inspection_id")
    numbers = inspections.groupby("inspection_id", sort=False)["inspection_number"].agg(
        lambda s: s.dropna().iloc[0] if s.notna().any() else None)
    dates = {}
    for column in ("published", "fieldwork"):
        # The most precise date any source of the inspection gives (as the loader keeps it).
        known = inspections.dropna(subset=[column]).groupby("inspection_id", sort=False)[column].agg(
            lambda s: max(s.astype(str), key=len))
        dates[column] = known
    place: dict[str, int] = {}
    for _, unit in first.groupby("unit_id", sort=False):
        ids = list(unit["inspection_id"])
        stated = {i: int(numbers[i]) for i in ids if numbers.get(i) is not None and pd.notna(numbers[i])}
        place.update(stated)
        rest = [i for i in ids if i not in stated]
        year_of = dict(zip(unit["inspection_id"], unit["year"]))
        rest.sort(key=lambda i: _date_key(dates["published"].get(i), dates["fieldwork"].get(i), year_of[i]))
        free = (n for n in range(1, len(ids) + len(stated) + 2) if n not in stated.values())
        for i in rest:
            place[i] = next(free)
    return inspections["inspection_id"].map(place).astype(int)
