"""The list of missing figures as readers see it: one row per figure, with the document it is
still to be transcribed from where that document is known.

``data/gaps.csv`` is a log of searches: two searches for the same quarter are two rows, and a
figure found later stays logged. :func:`gap_list` turns the log into the list a reader needs,
without changing the log:

- rows for the same figure (the same words and the same date, or a row whose ``same_as`` names
  another) become one row, keeping every search and every document named;
- a quarter whose total the data now hold is no longer a gap;
- each row says where the figure is: "not yet transcribed from" a named document (``document_id``,
  a source in ``sources.csv`` that holds, or is expected to hold, the figure beyond the part read),
  or "no readable copy found" with where we looked.
"""

from __future__ import annotations

import calendar
import re

import pandas as pd

from probation_stats.datapackage.loaders import load_gaps, load_measures, load_official_series, load_pdu_units, load_sources
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir
from probation_stats.wording import long_date, readable, source_names, source_registry

__all__ = ["gap_topic", "gap_list", "GAP_TOPICS"]

#: Topics in the order the book lists them.
GAP_TOPICS = (
    "overall ratings",
    "standard-level ratings",
    "case-sample findings",
    "caseloads and staffing",
    "national caseload",
    "inspections since 2021",
    "press claims",
    "other",
)

_STAFF_WORDS = ("caseload", "vacanc", "staff", "sickness", "agency", "workforce", "officer", "fte")


def gap_topic(what: str) -> str:
    """The topic a missing figure belongs to, from the words describing it.

    >>> gap_topic("standard-level ratings beyond readable opening")
    'standard-level ratings'
    >>> gap_topic("people on probation (total) and change on a year earlier")
    'national caseload'
    """
    t = str(what).lower()
    if "standard" in t:
        return "standard-level ratings"
    if "overall rating" in t or "rated good" in t:
        return "overall ratings"
    if "people on probation" in t or "people_supervised" in t or "omsq" in t or ("caseload" in t and "national" in t):
        return "national caseload"
    if any(k in t for k in _STAFF_WORDS):
        return "caseloads and staffing"
    if any(k in t for k in ("risk", "rosh", "cases inspected", "case sample")):
        return "case-sample findings"
    if any(k in t for k in ("pdu", "regional", "points out of")):
        return "inspections since 2021"
    if "claim" in t:
        return "press claims"
    return "other"


_ISO_DAY = re.compile(r"\b([0-9]{4}-[0-9]{2}-[0-9]{2})\b")
_LONG_DAY = re.compile(r"\b([0-9]{1,2} (?:" + "|".join(calendar.month_name[1:]) + r") [0-9]{4})\b")


def _dates_in(text: str) -> list[pd.Timestamp]:
    """The days a log entry names, as dates, in the order written: ISO days ("2016-06-30") and
    days written out ("30 June 2016"); a month alone or an abbreviated month is not a day.

    >>> [d.date().isoformat() for d in _dates_in("totals at 2016-06-30 and 31 December 2016")]
    ['2016-06-30', '2016-12-31']
    """
    found = [(m.start(), pd.Timestamp(m.group(1))) for m in _ISO_DAY.finditer(text)]
    found += [(m.start(), pd.to_datetime(m.group(1), format="%d %B %Y")) for m in _LONG_DAY.finditer(text)]
    return [day for _, day in sorted(found, key=lambda pair: pair[0])]


def _with_iso_dates(text: str) -> str:
    """The text with every written-out day in ISO form, so two wordings of one day compare equal."""
    return _LONG_DAY.sub(lambda m: pd.to_datetime(m.group(1), format="%d %B %Y").date().isoformat(), text)

def _months_in_words(text: str) -> str:
    """Year-months and quarters left in the searchers' words, as readers write them.

    >>> _months_in_words("2014-06 quarter end; 2019-Q1..2020-Q1")
    'June 2014 quarter end; 2019 Q1 to 2020 Q1'
    """
    # Only here, not in display.readable: the gaps' words hold no financial year such as "2010-11".
    text = re.sub(r"\b([0-9]{4})-(0[1-9]|1[0-2])\b(?!-[0-9])", lambda m: f"{calendar.month_name[int(m.group(2))]} {m.group(1)}", text)
    text = re.sub(r"\b([0-9]{4})-(Q[1-4])\b", r"\1 \2", text)
    return text.replace("..", " to ")


# A PDU or region id ("pdu-derby-city"), or an inspection id built on one ("pdu-derby-city-2023").
_UNIT_ID = re.compile(r"\b(?:pdu|region)-[a-z][a-z0-9-]*[a-z0-9]\b")


def _unit_namer(units: pd.DataFrame):
    """A function writing a PDU, region or inspection id as readers name it: "Derby City PDU",
    "Derby City PDU (2023 inspection)"; an id the units table does not hold is put into words."""
    names = dict(zip(units.unit_id, units.name))

    def name(unit_id: str) -> str:
        m = re.fullmatch(r"(.+?)(?:-(dynamic))?(?:-([0-9]{4}))?(?:-[a-z])?", unit_id)
        base, dynamic, year = m.group(1), m.group(2), m.group(3)
        if base in names:
            text = names[base]
        else:
            kind, _, slug = base.partition("-")
            text = slug.replace("-", " ").title().replace(" And ", " and ").replace(" The ", " the ").replace(" Of ", " of ")
            text += " PDU" if kind == "pdu" else " region"
        if dynamic or year:
            what = "dynamic inspection" if dynamic else "inspection"
            text += f" ({year + ' ' if year else ''}{what})"
        return text

    return name


def _join(values) -> str:
    """Distinct non-empty texts in first-seen order, joined by "; "."""
    seen = dict.fromkeys(str(v).strip() for v in values if isinstance(v, str) and v.strip())
    return "; ".join(seen)


def gap_list(gaps: pd.DataFrame | None = None, *, held_dates=None, sources: pd.DataFrame | None = None,
             data_dir: PathLike = None) -> pd.DataFrame:
    """One row per figure not yet transcribed, for readers.

    Parameters
    ----------
    gaps : DataFrame, optional
        The gaps log (default :func:`probation_stats.load_gaps`).
    held_dates : iterable of dates, optional
        Quarter-ends whose national caseload the data hold; a national-caseload gap for one of them
        is dropped. Default: the dated ``people_on_probation`` totals of the official series.
    sources : DataFrame, optional
        The sources registry, used to write source ids met in the searchers' notes as names
        (default :func:`probation_stats.load_sources`).
    data_dir : path, optional
        The data folder every default table is read from (see :func:`probation_stats.data_dir`).

    Returns
    -------
    DataFrame
        ``gap_ids`` (the log rows merged, "|"-separated), ``topic``, ``what``, ``scope`` and
        ``searched_for`` (readable words: dates written out, ids as names), ``document_id``
        (source ids "|"-separated, or missing) and ``status``: "not yet transcribed" where a
        document is named, else "no readable copy found". Sorted by topic (in
        :data:`GAP_TOPICS` order), then dated figures in time order, then the rest by what is
        missing.
    """
    directory = resolve_data_dir(data_dir)
    gaps = load_gaps(directory) if gaps is None else gaps
    sources = load_sources(directory) if sources is None else sources
    registry = source_registry(sources)
    measures = load_measures(directory)
    labels = dict(zip(measures.measure, measures.label))
    if held_dates is None:
        series = load_official_series(directory)
        held_dates = series.query("series == 'omsq' and measure == 'people_on_probation'").date.dropna()

    ids = sorted(sources.source_id, key=len, reverse=True)
    id_pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b") if ids else None

    unit_name = _unit_namer(load_pdu_units(directory))

    def words(text):
        if not isinstance(text, str):
            return text
        text = readable(text, labels)
        text = id_pattern.sub(lambda m: source_names(m.group(1), registry), text) if id_pattern else text
        text = _UNIT_ID.sub(lambda m: unit_name(m.group(0)), text).replace("|", "; ")
        return _months_in_words(text)

    documents = gaps["document_id"] if "document_id" in gaps else pd.Series(pd.NA, index=gaps.index)
    frame = pd.DataFrame({
        "gap_id": gaps.gap_id,
        "topic": gaps.what.map(gap_topic),
        "what": gaps.what.map(words),
        "scope": gaps.scope.map(words),
        "searched_for": gaps.searched_for.map(words),
        "document_id": documents,
    })
    # Which rows are one figure is decided on the log's own terms (its text with dates read as
    # dates), never on the reader's wording above: the same figure logged twice has the same
    # words and the same date (or the same scope if undated), and a national total at a
    # quarter-end is one figure however the search worded it.
    raw_what, raw_scope = gaps.what.fillna(""), gaps.scope.fillna("")
    dates = (raw_what + " " + raw_scope).map(_dates_in)
    date = dates.map(lambda found: found[0] if found else pd.NaT)
    scope_date = raw_scope.map(_dates_in).map(lambda found: found[0].date().isoformat() if found else None)
    frame["key"] = raw_what.map(_with_iso_dates).str.lower() + "|" + scope_date.fillna(raw_scope)
    national_total = ((frame.topic == "national caseload") & date.notna()
                      & ~raw_what.str.contains("split|breakdown|court order", case=False))
    if national_total.any():
        days = date[national_total]
        frame.loc[national_total, "key"] = "national caseload|" + days.dt.date.astype(str)
        frame.loc[national_total, "what"] = "People on probation at " + days.map(long_date).astype(str) + " (national total)"
    frame["date"] = date
    # A row marked as another search for the same figure (same_as) joins that row's gap, which
    # gives the words shown.
    same_as = gaps["same_as"] if "same_as" in gaps else pd.Series(pd.NA, index=gaps.index)
    key_of = dict(zip(frame.gap_id, frame.key))
    marked = same_as.notna() & same_as.isin(key_of.keys())
    frame.loc[marked, "key"] = same_as[marked].map(key_of)
    frame["_repeat"] = marked
    held = {pd.Timestamp(d).normalize() for d in held_dates}
    holds_figure = (frame.topic == "national caseload") & dates.map(lambda found: any(d in held for d in found))
    frame = frame[~holds_figure].sort_values("_repeat", kind="stable")

    merged = frame.groupby("key", sort=False).agg(
        gap_ids=("gap_id", lambda s: "|".join(s)),
        topic=("topic", "first"),
        date=("date", "first"),
        what=("what", "first"),
        scope=("scope", "first"),
        searched_for=("searched_for", _join),
        document_id=("document_id", lambda s: "|".join(dict.fromkeys(i for v in s.dropna() for i in str(v).split("|") if i)) or pd.NA),
    ).reset_index(drop=True)
    merged["searched_for"] = merged.searched_for.replace("", pd.NA)
    merged["status"] = merged.document_id.notna().map({True: "not yet transcribed", False: "no readable copy found"})
    order = {t: i for i, t in enumerate(GAP_TOPICS)}
    # Within a topic: dated figures in time order, then the rest alphabetically.
    merged = merged.assign(_order=merged.topic.map(order)).sort_values(["_order", "date", "what"], kind="stable",
                                                                        na_position="last")
    return merged.drop(columns=["_order", "date"]).reset_index(drop=True)
