"""What the data can say about the PDUs: how many there are, how many were inspected, and the
standard-level ratings found.

* :func:`pdus_by_region` - per region of the Probation Service: the PDUs the sources name, the
  number of PDUs a source says the region has (where one says it), and how many of the named PDUs
  were inspected at least once under the PDU programme.
* :func:`pdu_standard_summary` - per standard of the PDU framework: the ratings found, one per
  inspection and standard, and in how many inspections; statements that cover several standards
  at once ("all four service delivery standards") are kept apart, in their own words.

No number is filled in where no source gives it: a region whose PDU count no source states has
none, and the national number of PDUs is the sum of stated counts only when every region has one.
"""

from __future__ import annotations

import re

import pandas as pd

from probation_stats.datapackage.loaders import (PathLike, load_inspection_aggregates, load_pdu_inspections,
                                                 load_pdu_standard_ratings, load_pdu_units)
from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.rating_scale import RATING_LEVELS

__all__ = ["PDU_STANDARDS", "pdu_standard", "stated_pdu_count", "pdus_by_region", "pdu_standard_summary"]

#: The standards of the PDU framework as the sources name them, in report order, each with the
#: words that name it (matched at the start of a source's name for the standard, lower case).
PDU_STANDARDS = {
    "Leadership": ("leadership",),
    "Staff": ("staff",),
    "Services": ("services",),
    "Information and facilities": ("information and facilities",),
    "Court work": ("court work",),
    "Assessment": ("assessment",),
    "Planning": ("planning",),
    # "Assessment, planning, delivery of services and reviewing": the case-supervision standard.
    "Implementation and delivery": ("implementation and delivery", "delivery of services"),
    "Reviewing": ("reviewing",),
    "Victim work": ("statutory victim work", "work with victims", "work to support victims"),
}
#: What a statement covering several standards at once is filed under.
SEVERAL = "Several standards, as the source groups them"

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12}
# "covers nine Probation Delivery Units", "is one of 11 PDUs in", "one of eight such units in"
_COUNT = re.compile(r"(?:covers|one of)\s+(\d+|[a-z]+)\s+(?:probation delivery units|pdus|such units)", re.I)


def pdu_standard(name: str) -> str:
    """The PDU framework standard a source's name for it means, or :data:`SEVERAL`.

    >>> pdu_standard("reviewing of progress made by those on probation"), pdu_standard("Staffing")
    ('Reviewing', 'Staff')
    >>> pdu_standard("all four service delivery standards")
    'Several standards, as the source groups them'
    """
    key = " ".join(str(name).lower().split())
    for standard, words in PDU_STANDARDS.items():
        if any(key.startswith(w) for w in words):
            return standard
    return SEVERAL


def stated_pdu_count(locator) -> int | None:
    """The number of PDUs a source's sentence says a region has ("covers nine Probation Delivery
    Units", "one of 11 PDUs in"), or None.

    >>> stated_pdu_count("The South West region of the Probation Service covers nine Probation Delivery Units (PDUs)")
    9
    >>> stated_pdu_count("Barnsley and Rotherham is one of 11 PDUs in the Yorkshire and the Humber") is None
    False
    """
    match = _COUNT.search(str(locator or ""))
    if not match:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def pdus_by_region(data_dir: PathLike = None) -> pd.DataFrame:
    """How many PDUs each region has and how many of them were inspected at least once.

    Returns
    -------
    DataFrame, one row per region (alphabetical) and a last row ``region = "England and Wales"``:
    ``pdus_named`` (PDUs the sources name), ``pdus_stated`` (the number of PDUs a source says the
    region has; missing where none says it, and nationally unless every region has one),
    ``stated_source_id``, ``inspected`` (named PDUs with at least one PDU-programme inspection in
    the data) and ``inspections`` (those inspections, rated or not).
    """
    data_dir = resolve_data_dir(data_dir)
    units = load_pdu_units(data_dir)
    inspections = load_pdu_inspections(data_dir)
    aggregates = load_inspection_aggregates(data_dir)
    pdus = units[units["kind"] == "pdu"]
    regions = units[units["kind"] == "region"].sort_values("name")
    pdu_ins = inspections[(inspections["programme"] == "pdu") & (inspections["kind"] == "pdu")]
    counted = aggregates[aggregates["measure"] == "pdu_count"]
    rows = []
    for region in regions.itertuples(index=False):
        mine = pdus[pdus["region_id"] == region.unit_id]
        stated, source = None, None
        found = counted[counted["scope"] == region.name]
        if len(found):
            stated, source = int(found["value"].iloc[0]), found["source_id"].iloc[0]
        else:
            # The sentence a region's or PDU's own source was read for may say how many PDUs it has.
            for unit in pd.concat([units[units["unit_id"] == region.unit_id], mine]).itertuples(index=False):
                n = stated_pdu_count(unit.locator)
                if n is not None:
                    stated, source = n, unit.source_id
                    break
        ins = pdu_ins[pdu_ins["unit_id"].isin(mine["unit_id"])]
        rows.append({"region": region.name, "pdus_named": len(mine), "pdus_stated": stated,
                     "stated_source_id": source, "inspected": ins["unit_id"].nunique(), "inspections": len(ins)})
    out = pd.DataFrame(rows)
    out["pdus_stated"] = out["pdus_stated"].astype("Int64")
    stated_all = out["pdus_stated"].notna().all()
    total = {"region": "England and Wales", "pdus_named": int(out["pdus_named"].sum()),
             "pdus_stated": int(out["pdus_stated"].sum()) if stated_all else pd.NA, "stated_source_id": None,
             "inspected": int(out["inspected"].sum()), "inspections": int(out["inspections"].sum())}
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    out["pdus_stated"] = out["pdus_stated"].astype("Int64")
    return out


def pdu_standard_summary(data_dir: PathLike = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """The standard-level ratings found for PDU and regional inspections, standard by standard.

    Returns
    -------
    (table, counts)
        ``table``: one row per standard of :data:`PDU_STANDARDS` with a rating found, then
        :data:`SEVERAL`: ``standard``, one column per rating level (ratings found: one per
        inspection, standard and rating, however many sources state it) and ``inspections`` (how
        many inspections have a rating found for it). ``counts``: ``statements`` (rows of the
        data), ``ratings`` (distinct inspection x standard x rating), ``inspections_with``
        (inspections with at least one standard-level rating found) and ``inspections_rated``
        (PDU-programme and regional inspections with an overall rating in the data).
    """
    data_dir = resolve_data_dir(data_dir)
    found = load_pdu_standard_ratings(data_dir)
    inspections = load_pdu_inspections(data_dir)
    found = found.assign(standard=found["standard_name"].map(pdu_standard), rating=found["rating"].astype(str))
    distinct = found.drop_duplicates(["inspection_id", "standard", "rating"])
    order = list(PDU_STANDARDS) + [SEVERAL]
    rows = []
    for standard in order:
        these = distinct[distinct["standard"] == standard]
        if these.empty:
            continue
        row = {"standard": standard}
        row.update({level: int((these["rating"] == level).sum()) for level in RATING_LEVELS})
        row["inspections"] = these["inspection_id"].nunique()
        rows.append(row)
    rated = inspections[inspections["programme"].isin(["pdu", "regional"]) & inspections["overall_rating"].notna()]
    counts = {"statements": len(found), "ratings": len(distinct), "inspections_with": found["inspection_id"].nunique(),
              "inspections_rated": len(rated)}
    return pd.DataFrame(rows, columns=["standard", *RATING_LEVELS, "inspections"]), counts
