"""Public loaders: the tables of ``data/`` as typed, tidy pandas DataFrames.

Every loader validates what it reads (see :mod:`probation_stats.datapackage.reading`) and never writes.
Each row keeps its ``source_id``; :func:`load_sources` says what each id is.
"""

from __future__ import annotations

import os
import re

import pandas as pd

from probation_stats.datapackage.reading import data_dir as _data_dir, read_table
from probation_stats.errors import DataError
from probation_stats.datapackage.rules import is_change_measure
from probation_stats.periods import add_period_bounds, period_bounds
from probation_stats.qualifiers import add_bounds
from probation_stats.rating_scale import RATING_DTYPE

__all__ = [
    "load_sources",
    "load_providers",
    "load_ratings",
    "load_rating_counts",
    "load_provider_facts",
    "load_national_caseload",
    "load_workforce",
    "load_research_findings",
    "load_other_figures",
    "load_claims",
    "load_gaps",
    "load_milestones",
    "resolve_provider",
    "load_measures",
    "load_pdu_units",
    "load_pdu_inspections",
    "load_pdu_standard_ratings",
    "load_pdu_figures",
    "load_inspection_aggregates",
    "load_statements",
    "load_official_series",
    "load_reoffending",
    "load_reoffending_breaks",
]

PathLike = str | os.PathLike | None


def load_sources(data_dir: PathLike = None) -> pd.DataFrame:
    """The sources registry: one row per source document.

    Columns: ``source_id``, ``title``, ``publisher``, ``published`` (YYYY, YYYY-MM or
    YYYY-MM-DD, as precise as the document says), ``url`` (as stored), ``kind``, ``licence``,
    ``accessed``, ``notes``.
    """
    return read_table("sources", data_dir)


def load_providers(data_dir: PathLike = None) -> pd.DataFrame:
    """The 28 providers of 2014-2021: 21 CRCs and 7 NPS divisions.

    Columns: ``provider_id`` (stable), ``provider`` (canonical name), ``provider_type``
    ("CRC"/"NPS"), ``short_name``, ``aliases`` (list of other spellings met in sources),
    ``source_id``, ``locator``.
    """
    frame = read_table("providers", data_dir)
    frame = frame.rename(columns={"name": "provider"})
    frame["aliases"] = [
        [a.strip() for a in str(s).split("|") if a.strip()] if pd.notna(s) else []
        for s in frame["aliases"]
    ]
    return frame


def _normalise_name(name: str) -> str:
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def resolve_provider(names, data_dir: PathLike = None) -> pd.Series:
    """Map provider names as spelled in sources to canonical ``provider_id``.

    Matching ignores case, punctuation and "&" versus "and"; otherwise a name must be the
    canonical name, the short name or a listed alias. Unknown names raise, listing them all,
    rather than being dropped.

    >>> resolve_provider(["DLNR CRC", "Derbyshire, Leicestershire, Nottinghamshire & Rutland CRC"]).tolist()
    ['crc-dlnr', 'crc-dlnr']
    """
    providers = load_providers(data_dir)
    lookup: dict[str, str] = {}
    for row in providers.itertuples(index=False):
        for spelling in [row.provider, row.short_name, row.provider_id, *row.aliases]:
            if spelling is None or pd.isna(spelling):
                continue
            key = _normalise_name(str(spelling))
            if key in lookup and lookup[key] != row.provider_id:
                raise DataError(_data_dir(data_dir) / "providers.csv", f"the spelling '{spelling}' is claimed by both "
                                f"{lookup[key]} and {row.provider_id}", field="aliases")
            lookup[key] = row.provider_id
    series = pd.Series(list(names) if not isinstance(names, str) else [names], dtype="string")
    keys = series.map(lambda s: _normalise_name(s) if pd.notna(s) else s)
    resolved = keys.map(lookup)
    unknown = sorted(set(series[resolved.isna() & series.notna()]))
    if unknown:
        raise KeyError(f"unknown provider name(s): {unknown}. Add them as aliases in data/providers.csv "
                       "if they are spellings of a known provider.")
    return resolved.astype("string")


def load_ratings(data_dir: PathLike = None, *, all_sources: bool = False) -> pd.DataFrame:
    """Inspection ratings, one row per provider x round x standard.

    Parameters
    ----------
    all_sources : bool, default False
        False: one row per rated cell; where several sources state the same rating, the first
        listed (the inspectorate's own, where we have it) is ``source_id`` and the others are in
        ``corroborated_by``. True: one row per source statement, as stored.

    Returns
    -------
    DataFrame with columns ``provider_id``, ``provider``, ``provider_type`` ("CRC"/"NPS"),
    ``round`` (e.g. "2018/19"), ``standard`` ("overall" or the code the source gives, e.g.
    "2.3"), ``standard_code`` (the number the source prints, if any), ``standard_name``, ``rating`` (ordered categorical Inadequate < Requires improvement
    < Good < Outstanding), ``rating_as_published``, ``source_id``, ``locator`` and, unless
    ``all_sources``, ``corroborated_by`` (list of source ids).

    Raises
    ------
    DataError
        If two sources disagree about one cell (the table must not hide a conflict).
    """
    raw = read_table("ratings", data_dir)
    providers = load_providers(data_dir)[["provider_id", "provider", "provider_type"]]
    path = _data_dir(data_dir) / "ratings.csv"
    # The published wording of each rating was checked by the validator (rule "rating-wording").
    raw["rating"] = raw["rating"].astype(RATING_DTYPE)
    frame = raw.merge(providers, on="provider_id", how="left", validate="many_to_one")
    key = ["provider_id", "round", "standard"]
    columns = ["provider_id", "provider", "provider_type", "round", "standard", "standard_code", "standard_name",
               "rating", "rating_as_published", "source_id", "locator"]
    frame = frame[columns]
    if all_sources:
        return frame.reset_index(drop=True)
    conflicts = frame.groupby(key, observed=True)["rating"].nunique()
    conflicts = conflicts[conflicts > 1]
    if len(conflicts):
        first = conflicts.index[0]
        raise DataError(path, f"sources disagree on the rating of {first}: "
                        f"{sorted(set(frame.set_index(key).loc[first, 'rating'].astype(str)))}",
                        field="rating")
    first_rows = frame.drop_duplicates(subset=key, keep="first").reset_index(drop=True)
    others = (frame.groupby(key, observed=True, sort=False)["source_id"]
              .agg(lambda s: list(s)[1:]).rename("corroborated_by").reset_index())
    out = first_rows.merge(others, on=key, how="left", validate="one_to_one")
    return out


def _figures(name: str, data_dir: PathLike) -> pd.DataFrame:
    """A figures table with its interval bounds and period bounds added."""
    frame = read_table(name, data_dir)
    frame = add_bounds(frame)
    frame = add_period_bounds(frame)
    return frame


_FIGURES_DOC = """

    Columns as in ``data/datapackage.json`` (``fact_id``, ..., ``measure``, ``value``,
    ``value_basis``, ``qualifier``, ``unit``, ``period``, ``source_id``, ``locator``, ``notes``)
    plus ``low``/``high`` (the interval the value admits given its qualifier; see
    :mod:`probation_stats.qualifiers`) and ``period_start``/``period_end`` (see
    :mod:`probation_stats.periods`).
    """


def load_provider_facts(data_dir: PathLike = None) -> pd.DataFrame:
    frame = _figures("provider_facts", data_dir)
    providers = load_providers(data_dir)[["provider_id", "provider", "provider_type"]]
    return frame.merge(providers, on="provider_id", how="left", validate="many_to_one")


def load_national_caseload(data_dir: PathLike = None) -> pd.DataFrame:
    return _figures("national_caseload", data_dir)


def load_workforce(data_dir: PathLike = None) -> pd.DataFrame:
    return _figures("workforce", data_dir)


def load_research_findings(data_dir: PathLike = None) -> pd.DataFrame:
    return _figures("research_findings", data_dir)


def load_other_figures(data_dir: PathLike = None) -> pd.DataFrame:
    return _figures("other_figures", data_dir)


load_provider_facts.__doc__ = "Numbers about one provider (people supervised, caseloads, vacancies, ...)." + _FIGURES_DOC + \
    "Also ``provider`` and ``provider_type`` from the provider list.\n    "
load_national_caseload.__doc__ = "People under probation supervision, nationally and by provider type." + _FIGURES_DOC
load_workforce.__doc__ = "Probation staff: officers, PSOs, vacancies, leavers, trainees, sickness." + _FIGURES_DOC
load_research_findings.__doc__ = "Headline findings of inspectorate research and annual reports." + _FIGURES_DOC
load_other_figures.__doc__ = "Money, ownership and other figures press claims turn on." + _FIGURES_DOC


def load_rating_counts(data_dir: PathLike = None) -> pd.DataFrame:
    """Published counts of providers per rating (the totals ratings are checked against).

    Columns: ``count_id``, ``round``, ``provider_type`` (CRC/NPS/all), ``standard``, ``rating``
    (ordered categorical), ``providers``, ``coverage`` (complete/partial), ``source_id``,
    ``locator``, ``notes``.
    """
    frame = read_table("rating_counts", data_dir)
    frame["rating"] = frame["rating"].astype(RATING_DTYPE)
    return frame


def load_claims(data_dir: PathLike = None) -> pd.DataFrame:
    """The press claims of the fact-check chapter, with the stored original that made each."""
    return read_table("claims", data_dir)


def load_gaps(data_dir: PathLike = None) -> pd.DataFrame:
    """Figures looked for and not found in readable published sources."""
    return read_table("gaps", data_dir)


def load_milestones(data_dir: PathLike = None) -> pd.DataFrame:
    """Dated events of Transforming Rehabilitation (split, transfer, Covid-19, reunification).

    Columns: ``milestone_id``, ``date`` (as published), ``date_start``/``date_end`` (the days it
    covers), ``description``, ``source_id``, ``locator``, ``notes``.
    """
    frame = read_table("milestones", data_dir)
    frame = add_period_bounds(frame, column="date").rename(columns={"period_start": "date_start", "period_end": "date_end"})
    return frame


# ---- After reunification (2021-): the Probation Service's regions and PDUs -----------------------


def load_measures(data_dir: PathLike = None) -> pd.DataFrame:
    """What each measure id means: ``measure``, ``label`` (for tables and charts), ``unit``,
    ``definition``. One row per measure used in the figures tables."""
    return read_table("measures", data_dir)


def load_pdu_units(data_dir: PathLike = None) -> pd.DataFrame:
    """The Probation Service's 12 regions and the Probation Delivery Units (PDUs) met in sources.

    Columns: ``unit_id`` (stable), ``name``, ``kind`` ("pdu"/"region"), ``region_id``,
    ``region`` (the region's name), ``aliases`` (list of other spellings), ``source_id``,
    ``locator``.
    """
    frame = read_table("pdu_units", data_dir)
    names = frame.set_index("unit_id")["name"]
    frame.insert(4, "region", frame["region_id"].map(names).astype("string"))
    frame["aliases"] = [[a.strip() for a in str(s).split("|") if a.strip()] if pd.notna(s) else []
                        for s in frame["aliases"]]
    return frame


def load_pdu_inspections(data_dir: PathLike = None, *, all_sources: bool = False) -> pd.DataFrame:
    """Inspections of PDUs and regions by HM Inspectorate of Probation, 2021 onwards.

    Parameters
    ----------
    all_sources : bool, default False
        False: one row per inspection. Its ``overall_rating`` and ``points`` are those the
        sources state (they must agree, or a DataError is raised); ``source_id``/``locator``
        are those of the first source stating the rating (else the first source), the others
        are listed in ``corroborated_by``; ``published``/``fieldwork`` are the most precise
        dates any source gives. True: one row per source statement, as stored.

    Returns
    -------
    DataFrame with ``inspection_id``, ``unit_id``, ``unit_name``, ``kind``, ``region_id``,
    ``region``, ``programme``, ``inspection_number``, ``year`` (of publication, from the id;
    missing where no source states it), ``fieldwork``, ``published``, ``overall_rating``
    (ordered categorical), ``points``, ``points_max``, ``source_id``, ``locator`` and, unless
    ``all_sources``, ``corroborated_by`` and ``n_sources``.
    """
    raw = read_table("pdu_inspections", data_dir)
    units = load_pdu_units(data_dir)[["unit_id", "name", "kind", "region_id", "region"]].rename(columns={"name": "unit_name"})
    raw["overall_rating"] = raw["overall_rating"].astype(RATING_DTYPE)
    year = raw["inspection_id"].str.extract(r"-(20[0-9]{2})(?:-?[a-z])?$", expand=False)
    raw.insert(4, "year", pd.array([int(y) if pd.notna(y) else None for y in year], dtype="Int64"))
    frame = raw.merge(units, on="unit_id", how="left", validate="many_to_one")
    if all_sources:
        return frame.reset_index(drop=True)
    path = _data_dir(data_dir) / "pdu_inspections.csv"
    key = "inspection_id"
    for column in ("overall_rating", "points"):
        stated = frame.dropna(subset=[column]).groupby(key, observed=True)[column].nunique()
        if (stated > 1).any():
            raise DataError(path, f"sources disagree on the {column} of {stated[stated > 1].index[0]}", field=column)
    rows = []
    for _, group in frame.groupby(key, sort=False):
        rated = group[group["overall_rating"].notna()]
        lead = (rated if len(rated) else group).iloc[0]
        row = lead.to_dict()
        row["overall_rating"] = rated["overall_rating"].iloc[0] if len(rated) else None
        for column in ("points", "points_max", "inspection_number"):
            known = group[column].dropna()
            row[column] = known.iloc[0] if len(known) else None
        for column in ("published", "fieldwork"):
            known = group[column].dropna()
            row[column] = max(known, key=len) if len(known) else None
        row["corroborated_by"] = [s for s in group["source_id"] if s != lead["source_id"]]
        row["n_sources"] = len(group)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["overall_rating"] = pd.Series(out["overall_rating"], dtype=RATING_DTYPE)
    for column in ("points", "points_max", "inspection_number", "year"):
        out[column] = out[column].astype("Int64")
    columns = ["inspection_id", "unit_id", "unit_name", "kind", "region_id", "region", "programme", "inspection_number",
               "year", "fieldwork", "published", "overall_rating", "rating_as_published", "points", "points_max",
               "source_id", "locator", "notes", "corroborated_by", "n_sources"]
    return out[columns].reset_index(drop=True)


def load_pdu_standard_ratings(data_dir: PathLike = None) -> pd.DataFrame:
    """Named standard ratings of PDU and regional inspections, one row per source statement.

    Columns as in ``data/datapackage.json``; ``rating`` is an ordered categorical.
    """
    frame = read_table("pdu_standard_ratings", data_dir)
    frame["rating"] = frame["rating"].astype(RATING_DTYPE)
    return frame


def _with_measure_labels(frame: pd.DataFrame, data_dir: PathLike) -> pd.DataFrame:
    labels = load_measures(data_dir)[["measure", "label"]].rename(columns={"label": "measure_label"})
    out = frame.merge(labels, on="measure", how="left", validate="many_to_one")
    out = add_bounds(out)
    return out


def load_pdu_figures(data_dir: PathLike = None) -> pd.DataFrame:
    """Figures stated for one PDU or regional inspection (vacancy rates, caseloads, shares of
    inspected cases with sufficient work), one row per source statement.

    Columns as in ``data/datapackage.json`` plus ``measure_label`` (from the measures table),
    ``low``/``high`` (the interval the value admits given its qualifier, see
    :mod:`probation_stats.qualifiers`), and the inspection's ``unit_id``, ``unit_name``, ``region`` and ``year``.
    """
    frame = _with_measure_labels(read_table("pdu_figures", data_dir), data_dir)
    inspections = load_pdu_inspections(data_dir)[["inspection_id", "unit_id", "unit_name", "region", "programme", "year"]]
    return frame.merge(inspections, on="inspection_id", how="left", validate="many_to_one")


def load_inspection_aggregates(data_dir: PathLike = None) -> pd.DataFrame:
    """The inspectorate's national and regional figures after reunification (counts of PDUs by
    rating, national case-sample results, staff survey figures), with ``measure_label``,
    ``low``/``high`` and ``period_start``/``period_end``."""
    frame = _with_measure_labels(read_table("inspection_aggregates", data_dir), data_dir)
    return add_period_bounds(frame)


def load_statements(data_dir: PathLike = None) -> pd.DataFrame:
    """Verbatim statements the report relies on that are not numbers (e.g. the 2020 prediction
    that reunification "will not be a magic bullet")."""
    return read_table("statements", data_dir)


def load_official_series(data_dir: PathLike = None, *, series: str | None = None) -> pd.DataFrame:
    """Official series 2014-2025: people on probation (Offender Management Statistics
    Quarterly), probation staff (HMPPS workforce statistics), written answers.

    One row per source statement, each with the ``series`` it belongs to and its
    ``definition``: compare only figures of one series and one definition. ``series`` selects
    one (e.g. ``"omsq"``). Adds ``measure_label``, ``low``/``high`` and
    ``period_start``/``period_end``.
    """
    frame = read_table("official_series", data_dir)
    if series is not None:
        frame = frame[frame["series"] == series].reset_index(drop=True)
    frame = _with_measure_labels(frame, data_dir)
    return add_period_bounds(frame)


# ---- Proven reoffending ------------------------------------------------------------------------


def load_reoffending(data_dir: PathLike = None) -> pd.DataFrame:
    """Proven reoffending figures: one row per source statement, by offender cohort and measure.

    Returns
    -------
    DataFrame
        Columns as in ``data/datapackage.json`` (``fact_id``, ``cohort_start``, ``cohort_end``
        (YYYY-MM), ``cohort_kind`` ("12-month", "3-month", ...), ``measure``, ``value``,
        ``value_basis``, ``qualifier``, ``unit``, ``compared_with``, ``source_id``, ``locator``,
        ``notes``) plus

        * ``exact``: True only for a figure printed as a number with no hedge word: a value
          "around" or "just under" a number is never counted as exact;
        * ``low``/``high``: the interval the value admits given its qualifier (see
          :mod:`probation_stats.qualifiers`); for a change, the value itself when exact, else
          missing (the qualifier rules bound levels, not changes);
        * ``cohort_from``/``cohort_to``: the first and last day of the cohort (missing where the
          source does not say).

    Units: rates in percent, changes in percentage points (``_change_pp``) or percent
    (``_change_pct``), the frequency measure in reoffences per reoffender, counts in people,
    offences or CRCs.
    """
    frame = read_table("reoffending", data_dir)
    qualifier = frame["qualifier"].fillna("")
    frame["exact"] = ((qualifier == "") & (frame["value_basis"] == "figure")).astype(bool)
    change = frame["measure"].map(is_change_measure).astype(bool)
    bounded = add_bounds(frame[~change])
    frame["low"] = pd.array([pd.NA] * len(frame), dtype="Float64")
    frame["high"] = pd.array([pd.NA] * len(frame), dtype="Float64")
    frame.loc[~change, "low"] = bounded["low"]
    frame.loc[~change, "high"] = bounded["high"]
    exact_change = change & frame["exact"]
    frame.loc[exact_change, "low"] = frame.loc[exact_change, "value"]
    frame.loc[exact_change, "high"] = frame.loc[exact_change, "value"]
    starts = [period_bounds(t)[0] if pd.notna(t) else pd.NaT for t in frame["cohort_start"]]
    ends = [period_bounds(t)[1] if pd.notna(t) else pd.NaT for t in frame["cohort_end"]]
    frame["cohort_from"] = pd.to_datetime(pd.Series(starts, index=frame.index))
    frame["cohort_to"] = pd.to_datetime(pd.Series(ends, index=frame.index))
    return frame


def load_reoffending_breaks(data_dir: PathLike = None, *, all_sources: bool = False) -> pd.DataFrame:
    """Breaks in the proven reoffending series: changes of method, of who is supervised, missing
    cohorts and the Covid-19 period.

    Parameters
    ----------
    all_sources : bool, default False
        False: one row per break (the validator's rule "break-agrees" makes every source of a
        break give it one date), with the first source listed as ``source_id`` and the others in
        ``corroborated_by``. True: one row per source statement, as stored.

    Returns
    -------
    DataFrame
        ``break_id``, ``kind``, ``date`` (as published), ``until`` (last month of a missing
        cohort), ``label``, ``source_id``, ``locator``, ``notes``, plus ``date_start`` (the first
        day the break applies to: cohorts starting on or after it lie beyond the break) and
        ``until_end`` (the last day of a missing cohort), and unless ``all_sources``,
        ``corroborated_by`` (list of source ids). Sorted by date.
    """
    frame = read_table("reoffending_breaks", data_dir)
    frame["date_start"] = pd.to_datetime(pd.Series([period_bounds(t)[0] for t in frame["date"]], index=frame.index))
    frame["until_end"] = pd.to_datetime(pd.Series(
        [period_bounds(t)[1] if pd.notna(t) else pd.NaT for t in frame["until"]], index=frame.index))
    if not all_sources:
        others = frame.groupby("break_id", sort=False)["source_id"].agg(lambda s: list(s)[1:]).rename("corroborated_by")
        frame = frame.drop_duplicates("break_id").merge(others, on="break_id", how="left", validate="one_to_one")
    return frame.sort_values(["date_start", "break_id"], kind="stable").reset_index(drop=True)
