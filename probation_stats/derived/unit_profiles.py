"""One profile per provider or unit: what the book's "Providers and PDUs" pages show.

A *unit* is anything the inspectorate rated as a whole: a Community Rehabilitation Company (CRC)
or a National Probation Service (NPS) division before reunification (2014-2021), and a Probation
Delivery Unit (PDU) or one of the Probation Service's regions after it.

* :func:`entity_index` - every unit, one row each: its stable id (the page's file name), name,
  kind, area, other names and latest overall rating.
* :func:`entity_profile` - the tidy tables of one unit's page: its ratings by inspection and
  standard, its published figures with their sources, and its place among its peers.
* :func:`entity_profiles` - every unit's profile, reading the data once (what the book uses).

Peers are always like with like: a unit is compared only with units of the same kind, rated in
the same inspection round (providers) or published in the same year of the same inspection
programme (PDUs and regions); a figure only with the same measure, for the same round and the
same type of period (a financial year with financial years, a month with months).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from probation_stats.standards import STANDARD_LABELS, STANDARD_ORDER as _STANDARD_ORDER, standard_label
from probation_stats.datapackage.loaders import (
    load_measures,
    load_milestones,
    load_pdu_figures,
    load_pdu_inspections,
    load_pdu_standard_ratings,
    load_pdu_units,
    load_provider_facts,
    load_providers,
    load_ratings,
)
from probation_stats.datapackage.loaders import load_sources
from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.derived.inspection_sequence import inspection_sequence
from probation_stats.derived.vague_values import order_interval, scope_limit, value_in_words
from probation_stats.wording import dates_in_words, format_value, primary_url, readable, source_names, source_registry
from probation_stats.rating_scale import RATING_LEVELS

__all__ = ["KINDS", "STANDARD_LABELS", "EntityProfile", "entity_index", "entity_profile", "entity_profiles",
           "period_text", "period_type", "value_text"]

#: The kinds of unit, in the order the index lists them.
KINDS = ("CRC", "NPS division", "PDU", "Region")
_KIND_OF = {"CRC": "CRC", "NPS": "NPS division", "pdu": "PDU", "region": "Region"}
_PLURAL = {"CRC": "CRCs", "NPS division": "NPS divisions", "PDU": "PDUs", "Region": "regions"}

_PROGRAMMES = {"pdu": "PDU inspection", "regional": "Regional inspection",
               "nps-division": "Inspection of the NPS division", "dynamic": "Public-protection inspection"}
_PROGRAMME_PEERS = {"pdu": "PDU inspections", "regional": "Regional inspections",
                    "nps-division": "Inspections of NPS divisions", "dynamic": "Public-protection inspections"}
# Abbreviations in measure ids that have no label in the measures table yet.
_ABBREVIATIONS = {"pct": "%", "po": "probation officer", "pso": "probation services officer", "rosh": "risk of serious harm",
                  "ttg": "Through the Gate", "hmp": "HMP", "nps": "NPS", "crc": "CRC", "12m": "12 months"}
_UNIT_SUFFIX = {"percent": "%", "people": " people", "cases": " cases", "staff": " staff", "fte": " full-time equivalent",
                "days": " days", "points": " points", "providers": " providers"}


# ---- reading what the data say ------------------------------------------------------------------


def period_text(period) -> str:
    """A period as readers write it: "2018/19", "December 2016", "January 2019 to March 2020".

    >>> period_text("2019-01..2020-03")
    'January 2019 to March 2020'
    >>> period_text(None)
    ''
    """
    if period is None or pd.isna(period) or str(period) == "":
        return ""
    text = str(period)
    if ".." in text:
        return " to ".join(period_text(part) for part in text.split("..", 1))
    quarter = re.fullmatch(r"([0-9]{4})-Q([1-4])", text)
    if quarter:
        return f"quarter {quarter.group(2)} of {quarter.group(1)}"
    return dates_in_words(text)


def period_type(period) -> str:
    """The type of a period, so that only like is ranked with like.

    >>> [period_type(p) for p in ["2018/19", "2019", "2018-11", "2019-01..2020-03", None]]
    ['financial year', 'calendar year', 'month', 'span of time', 'period not stated']
    """
    if period is None or pd.isna(period) or str(period) == "":
        return "period not stated"
    text = str(period)
    if ".." in text:
        return "span of time"
    if re.fullmatch(r"[0-9]{4}/[0-9]{2}", text):
        return "financial year"
    if re.fullmatch(r"[0-9]{4}", text):
        return "calendar year"
    if re.fullmatch(r"[0-9]{4}-Q[1-4]", text):
        return "quarter"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        return "month"
    return "day"


def value_text(value, unit, qualifier=None, value_basis=None, locator=None) -> str:
    """A published value with its qualifier and unit: "more than 7,000 people", "45%"; a percentage
    the source gives only in words, in its words: "less than half", "two thirds".

    >>> value_text(7000.0, "people", "more than")
    'more than 7,000 people'
    >>> value_text(33.3, "percent")
    '33.3%'
    >>> value_text(50.0, "percent", "less than", "words", "in less than half the cases inspected")
    'less than half'
    """
    if value is None or pd.isna(value):
        return ""
    words = value_in_words(value, qualifier, unit, value_basis, locator)
    if words:
        return words
    text = format_value(float(value)) + _UNIT_SUFFIX.get(str(unit) if pd.notna(unit) else "", "")
    if isinstance(qualifier, str) and qualifier:
        text = f"{qualifier} {text}"
    return text


def _published_text(published, year) -> str:
    if isinstance(published, str) and published:
        return period_text(published)
    if year is not None and pd.notna(year):
        return str(int(year))
    return ""


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---- the data, read once ------------------------------------------------------------------------


class _Tables:
    """The loaders' tables, read once, with what every page needs grouped in advance (a book
    build makes every page at once: per-unit filtering of whole tables would cost seconds)."""

    def __init__(self, data_dir=None):
        data_dir = resolve_data_dir(data_dir)  # once: every table below comes from this folder
        self.registry = source_registry(load_sources(data_dir))
        self.providers = load_providers(data_dir)
        self.ratings = load_ratings(data_dir)
        facts = load_provider_facts(data_dir)
        self.units = load_pdu_units(data_dir)
        inspections = load_pdu_inspections(data_dir)
        self.standard_ratings = load_pdu_standard_ratings(data_dir)
        pdu_figures = load_pdu_figures(data_dir)
        self.measures = dict(zip(*load_measures(data_dir)[["measure", "label"]].T.values))

        self.facts = facts.assign(x_round=facts["round"].map(_fact_round), x_ptype=facts["period"].map(period_type),
                                  x_partial=_partial(facts))
        # Later inspections last, by the number a source states where no date is printed (see
        # derived.inspection_sequence): "latest" is then the unit's last inspection.
        self.inspections = inspections.assign(x_order=inspection_sequence(inspections)).sort_values("x_order", kind="stable")
        self.labels = {r["inspection_id"]: _inspection_label(r) for _, r in self.inspections.iterrows()}
        pdu_figures = pdu_figures.assign(x_partial=_partial(pdu_figures))
        self.pdu_figures = pdu_figures.merge(inspections[["inspection_id", "kind"]], on="inspection_id", how="left",
                                             validate="many_to_one")
        self.ratings_of = dict(tuple(self.ratings.groupby("provider_id", sort=False)))
        self.facts_of = dict(tuple(self.facts.groupby("provider_id", sort=False)))
        self.inspections_of = dict(tuple(self.inspections.groupby("unit_id", sort=False)))
        self.figures_of = dict(tuple(self.pdu_figures.groupby("unit_id", sort=False)))
        self.standards_of = dict(tuple(self.standard_ratings.groupby("inspection_id", sort=False)))
        self._peer_values: dict[tuple, pd.DataFrame] = {}
        self._sources: dict[str, str] = {}
        self.index = _build_index(self)
        self.kinds = _kind_descriptions(self.providers, load_milestones(data_dir))

    def source(self, source_id) -> str:
        """A source as readers know it: "Publisher (Month Year)"."""
        if source_id not in self._sources:
            self._sources[source_id] = source_names(source_id, self.registry)
        return self._sources[source_id]

    def label(self, measure) -> str:
        """A measure's label from the measures table (its id in words where the table has none)."""
        label = self.measures.get(measure)
        if isinstance(label, str):
            return label
        text = re.sub(r" %$", " (%)", " ".join(_ABBREVIATIONS.get(w, w) for w in readable(measure, self.measures).split()))
        return text[:1].upper() + text[1:]

    def peer_values(self, key: tuple, select, who: str) -> pd.DataFrame:
        """One value per peer (see :func:`_one_value`) of the statements ``select()`` returns,
        computed once per peer group ``key``."""
        if key not in self._peer_values:
            self._peer_values[key] = pd.DataFrame([_one_value(g) for _, g in select().groupby(who, sort=True)])
        return self._peer_values[key]


def _kind_descriptions(providers: pd.DataFrame, milestones: pd.DataFrame) -> dict[str, str]:
    """How a page introduces each kind of unit, with the counts and dates from the data."""
    when = milestones.set_index("milestone_id")["date_start"]
    split, reunified = f"{when['split']:%B %Y}", f"{when['reunification']:%B %Y}"
    n = providers["provider_type"].value_counts()
    return {
        "CRC": f"Community Rehabilitation Company (CRC), one of the {n.get('CRC', 0)} private providers of probation "
               f"from {split} to {reunified}",
        "NPS division": f"Division of the public National Probation Service (NPS), one of {n.get('NPS', 0)}, "
                        f"from {split} to {reunified}",
        "Region": f"Region of the Probation Service (from {reunified})",
        "PDU": f"Probation Delivery Unit (PDU) of the Probation Service (from {reunified}), in the {{region}} region",
    }


def _partial(figures: pd.DataFrame) -> pd.Series:
    # True where the figure holds for only part of the unit or is a maximum (not ranked).
    return pd.Series([scope_limit(q, loc) is not None for q, loc in zip(figures["qualifier"], figures["locator"])],
                     index=figures.index, dtype=bool)


def _fact_round(rnd) -> str:
    return f"{rnd} round" if isinstance(rnd, str) and rnd else "no inspection round"


def _provider_area(name: str, kind: str) -> str:
    if kind == "CRC":
        return re.sub(r"\s+CRC$", "", name)
    return re.sub(r"\s+division$", "", re.sub(r"^NPS\s+", "", name))


def _clean_alias(alias: str) -> str:
    # An alias may carry a note in square brackets on whose wording it is: not a name.
    return re.sub(r"\s*\[[^\]]*\]", "", alias).strip()


def _inspection_label(row) -> str:
    when = _published_text(row["published"], row["year"])
    what = _PROGRAMMES.get(row["programme"], "Inspection")
    if when:
        return f"{what}, published {when}"
    number = row["inspection_number"]
    if pd.notna(number) and 1 <= int(number) <= len(_NTH):
        # An undated inspection is told apart by the number its source states ("the second").
        what = what if what[1:2].isupper() else what[:1].lower() + what[1:]  # "PDU" keeps its capitals
        return f"{_NTH[int(number) - 1]} {what}, date not stated"
    return f"{what}, date not stated"


_NTH = ("First", "Second", "Third", "Fourth", "Fifth")


def _build_index(t: _Tables) -> pd.DataFrame:
    rows = []
    overall = t.ratings[t.ratings["standard"] == "overall"].sort_values("round", kind="stable")
    latest_overall = overall.drop_duplicates("provider_id", keep="last").set_index("provider_id")
    for p in t.providers.itertuples(index=False):
        kind = _KIND_OF[p.provider_type]
        latest = latest_overall.loc[p.provider_id] if p.provider_id in latest_overall.index else None
        aliases = [p.short_name] if p.short_name != p.provider else []
        aliases += [a for a in dict.fromkeys(_clean_alias(a) for a in p.aliases) if a not in aliases]
        rows.append({"unit_id": p.provider_id, "name": p.provider, "kind": kind,
                     "area": _provider_area(p.provider, kind), "region": pd.NA, "aliases": aliases,
                     "latest_rating": None if latest is None else str(latest["rating"]),
                     "latest_rated": "" if latest is None else f"{latest['round']} round",
                     "latest_source_id": pd.NA if latest is None else latest["source_id"]})
    rated = t.inspections[t.inspections["overall_rating"].notna()]
    latest_inspection = rated.drop_duplicates("unit_id", keep="last").set_index("unit_id")
    for u in t.units.itertuples(index=False):
        kind = _KIND_OF[u.kind]
        latest = latest_inspection.loc[u.unit_id] if u.unit_id in latest_inspection.index else None
        rows.append({"unit_id": u.unit_id, "name": u.name, "kind": kind,
                     "area": u.region if kind == "PDU" else u.name, "region": u.region,
                     "aliases": list(dict.fromkeys(_clean_alias(a) for a in u.aliases)),
                     "latest_rating": None if latest is None else str(latest["overall_rating"]),
                     "latest_rated": "" if latest is None else t.labels[latest["inspection_id"]],
                     "latest_source_id": pd.NA if latest is None else latest["source_id"]})
    out = pd.DataFrame(rows)
    if out["unit_id"].duplicated().any():
        raise ValueError(f"two units share an id: {sorted(out.unit_id[out.unit_id.duplicated()])}")
    out["kind"] = pd.Categorical(out["kind"], categories=list(KINDS), ordered=True)
    out["latest_rating"] = pd.Categorical(out["latest_rating"], categories=list(RATING_LEVELS), ordered=True)
    out = out.sort_values(["kind", "name"], kind="stable").reset_index(drop=True)
    for col in ("unit_id", "name", "area", "region", "latest_rated", "latest_source_id"):
        out[col] = out[col].astype("string")
    return out


# ---- the profile ---------------------------------------------------------------------------------


@dataclass
class EntityProfile:
    """The tables of one unit's page (every column already in readers' words, bar ids and URLs).

    Attributes
    ----------
    unit : Series
        The unit's row of :func:`entity_index`.
    description : str
        One line: what kind of unit it is, where, and when it was inspected.
    ratings : DataFrame
        ``inspection``, ``standard``, ``rating``, ``source``, ``source_url``, ``source_id``, in
        order of inspection and standard (overall first).
    figures : DataFrame
        ``inspection``, ``measure`` (id), ``figure`` (label), ``value``, ``qualifier``, ``unit``,
        ``value_text``, ``period`` (as published), ``period_text``, ``cases_inspected``,
        ``source``, ``source_url``, ``source_id``; one row per distinct source statement.
    peer_ratings : DataFrame
        One row per inspection and standard this unit was rated on: ``inspection``,
        ``standard``, ``peers`` (who it is compared with), ``rating`` (this unit's), one column
        per rating level (how many peers got it, this unit included) and ``rated`` (their total).
    peer_figures : DataFrame
        One row per figure that at least one peer also states: ``figure``, ``inspection``,
        ``period_type``, ``value_text`` (this unit's), ``rank`` ("2nd highest of 5", or
        "between 1st and 3rd highest of 4" where a bound such as "less than half" overlaps its
        peers' values), ``position`` (missing when the rank is a range), ``n`` (units compared,
        this one included), ``lowest``, ``highest`` (their range, as text) and ``peers``. A
        figure for only some of a unit's staff or cases, or a maximum ("up to"), is not ranked.
    """

    unit: pd.Series
    description: str
    ratings: pd.DataFrame
    figures: pd.DataFrame
    peer_ratings: pd.DataFrame
    peer_figures: pd.DataFrame


def entity_index(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every unit the data hold, one row each, ordered by kind (CRC, NPS division, PDU, region) and name.

    Columns: ``unit_id`` (stable; the page's file name), ``name``, ``kind``, ``area`` (a
    provider's area, a PDU's region, a region's own name), ``region`` (PDUs and regions),
    ``aliases`` (list of other names), ``latest_rating`` (ordered categorical; missing where no
    overall rating was found), ``latest_rated`` (the round or inspection it comes from) and
    ``latest_source_id``.
    """
    return _Tables(data_dir).index.copy()


def entity_profile(unit_id: str, data_dir: str | Path | None = None) -> EntityProfile:
    """The tables of one unit's page (see :class:`EntityProfile`).

    Raises
    ------
    KeyError
        If no unit has this id.
    """
    return _profile(_Tables(data_dir), unit_id)


def entity_profiles(data_dir: str | Path | None = None) -> dict[str, EntityProfile]:
    """Every unit's profile, keyed by ``unit_id``, in the index's order (reads the data once)."""
    tables = _Tables(data_dir)
    return {unit_id: _profile(tables, unit_id) for unit_id in tables.index["unit_id"]}


def _profile(t: _Tables, unit_id: str) -> EntityProfile:
    found = t.index[t.index["unit_id"] == unit_id]
    if found.empty:
        raise KeyError(f"no provider, PDU or region has the id {unit_id!r}")
    unit = found.iloc[0]
    if unit["kind"] in ("CRC", "NPS division"):
        parts = _provider_tables(t, unit)
    else:
        parts = _unit_tables(t, unit)
    ratings, figures, peer_ratings, peer_figures, when = parts
    description = f"{t.kinds[unit['kind']].replace('{region}', str(unit['region']))}. {when}"
    return EntityProfile(unit, description, ratings, figures, peer_ratings, peer_figures)


_RATING_COLUMNS = ["inspection", "standard", "rating", "source", "source_url", "source_id"]
_FIGURE_COLUMNS = ["inspection", "measure", "figure", "value", "qualifier", "unit", "value_text", "period", "period_text",
                   "cases_inspected", "source", "source_url", "source_id"]
_PEER_FIGURE_COLUMNS = ["figure", "inspection", "period_type", "value_text", "rank", "position", "n", "lowest",
                        "highest", "peers"]


def _with_sources(t: _Tables, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    for row in rows:
        row["source"] = t.source(row["source_id"])
        row["source_url"] = primary_url(row["source_id"], t.registry)  # None for a source known only in a copy
    return pd.DataFrame(rows, columns=columns)


def _provider_tables(t: _Tables, unit):
    kind_code = "CRC" if unit["kind"] == "CRC" else "NPS"
    mine = t.ratings_of.get(unit["unit_id"], t.ratings.iloc[:0])
    mine = mine.assign(x_order=mine["standard"].map(_STANDARD_ORDER).fillna(len(_STANDARD_ORDER)))
    mine = mine.sort_values(["round", "x_order"], kind="stable")
    ratings = _with_sources(t, [{"inspection": f"{r.round} round", "standard": standard_label(r.standard),
                                 "rating": str(r.rating), "source_id": r.source_id}
                                for r in mine.itertuples(index=False)], _RATING_COLUMNS)

    peers_all = t.ratings[t.ratings["provider_type"] == kind_code]
    peer_rows = []
    for r in mine.itertuples(index=False):
        group = peers_all[(peers_all["round"] == r.round) & (peers_all["standard"] == r.standard)]
        peer_rows.append(_rating_counts(f"{r.round} round", standard_label(r.standard),
                                        f"{_PLURAL[unit['kind']]} rated in the {r.round} round", str(r.rating),
                                        group["rating"]))

    facts = t.facts_of.get(unit["unit_id"], t.facts.iloc[:0])
    distinct = facts.drop_duplicates(["measure", "value", "qualifier", "period", "source_id"])
    distinct = distinct.assign(x_label=distinct["measure"].map(t.label)).sort_values(
        ["x_label", "period_start", "source_id"], na_position="last", kind="stable")
    figures = _with_sources(t, [
        {"inspection": f.x_round, "measure": f.measure, "figure": f.x_label, "value": f.value, "qualifier": f.qualifier,
         "unit": f.unit, "value_text": value_text(f.value, f.unit, f.qualifier, f.value_basis, f.locator), "period": f.period,
         "period_text": period_text(f.period), "cases_inspected": pd.NA, "source_id": f.source_id}
        for f in distinct.itertuples(index=False)], _FIGURE_COLUMNS)

    pool = t.facts[(t.facts["provider_type"] == kind_code) & ~t.facts["x_partial"]]
    rank_rows = []
    # A figure for some of a unit's staff or a maximum ("in some instances", "up to") is shown, not ranked.
    for (measure, rnd, ptype), statements in facts[~facts["x_partial"]].groupby(["measure", "x_round", "x_ptype"], sort=True):
        per_unit = t.peer_values(
            ("provider", kind_code, measure, rnd, ptype),
            lambda: pool[(pool["measure"] == measure) & (pool["x_round"] == rnd) & (pool["x_ptype"] == ptype)],
            "provider_id")
        if len(per_unit) < 2:
            continue
        where = f"for the {rnd} and a {ptype}" if rnd != "no inspection round" else f"for a {ptype}"
        rank_rows.append(_rank_row(t.label(measure), rnd, ptype, _one_value(statements), per_unit,
                                   f"{_PLURAL[unit['kind']]} stating this figure {where}", "provider_id"))

    rounds = list(dict.fromkeys(mine["round"]))
    when = (f"Rated by HM Inspectorate of Probation in the {' and '.join(rounds)} "
            f"round{'s' if len(rounds) > 1 else ''}." if rounds else
            "No rating of it by HM Inspectorate of Probation was found in the published sources.")
    return (ratings, figures, _frame(peer_rows, _PEER_RATING_COLUMNS), _frame(rank_rows, _PEER_FIGURE_COLUMNS), when)


_PEER_RATING_COLUMNS = ["inspection", "standard", "peers", "rating", *RATING_LEVELS, "rated"]


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _rating_counts(inspection, standard, peers, rating, peer_ratings: pd.Series) -> dict:
    counts = peer_ratings.dropna().astype(str).value_counts()
    row = {"inspection": inspection, "standard": standard, "peers": peers, "rating": rating}
    row.update({level: int(counts.get(level, 0)) for level in RATING_LEVELS})
    row["rated"] = int(peer_ratings.notna().sum())
    return row


def _one_value(statements: pd.DataFrame) -> pd.Series:
    """The value a unit is ranked by when it states a figure more than once: an exact statement
    before a qualified one ("more than ..."), then the data's order."""
    exact = statements[statements["qualifier"].isna()]
    return (exact if len(exact) else statements).iloc[0]


def _rank_row(label, inspection, ptype, own, per_unit: pd.DataFrame, peers: str, key: str) -> dict:
    """Where a unit's figure stands among its peers' (``per_unit``: one row per unit, this one
    included, ``key`` naming the column that tells units apart).

    A bound ("less than 50%", "more than 42") is never ordered as if it were its number: each
    figure admits an interval (:func:`~probation_stats.derived.vague_values.order_interval`); a peer
    is certainly above when its interval lies wholly above this unit's, possibly above when the two
    overlap. The rank is stated as one place only where nothing overlaps ("2nd highest of 5"),
    else as the places it may take ("between 1st and 3rd highest of 4")."""
    interval = lambda r: order_interval(r["value"], r["qualifier"], r["unit"], r.get("value_basis"))
    own_lo, own_hi = interval(own)
    others = per_unit[per_unit[key] != own[key]]
    spans = [interval(r) for _, r in others.iterrows()]
    surely = sum(lo > own_hi for lo, _ in spans)
    possibly = sum(hi > own_lo for _, hi in spans)
    tied = any(lo == hi == own_lo == own_hi for lo, hi in spans)
    n = len(others) + 1
    if surely == possibly:
        rank, position = f"{'joint ' if tied else ''}{_ordinal(surely + 1)} highest of {n}", surely + 1
    else:
        rank, position = f"between {_ordinal(surely + 1)} and {_ordinal(possibly + 1)} highest of {n}", pd.NA
    # Lowest and highest by what a figure certainly reaches: a bound is the highest only if no
    # exact figure could lie above it.
    ranked = per_unit.assign(x_low=[interval(r)[0] for _, r in per_unit.iterrows()],
                             x_high=[interval(r)[1] for _, r in per_unit.iterrows()])
    hi = ranked.sort_values(["x_low", "value"], kind="stable").iloc[-1]
    lo = ranked.sort_values(["x_high", "value"], kind="stable").iloc[0]
    text = lambda r: value_text(r["value"], r["unit"], r["qualifier"], r.get("value_basis"), r.get("locator"))
    return {"figure": label, "inspection": inspection, "period_type": ptype, "value_text": text(own),
            "rank": rank, "position": position, "n": n, "lowest": text(lo), "highest": text(hi), "peers": peers}


def _unit_kind_code(unit) -> str:
    return "pdu" if unit["kind"] == "PDU" else "region"


def _unit_tables(t: _Tables, unit):
    mine = t.inspections_of.get(unit["unit_id"], t.inspections.iloc[:0])
    ins = t.inspections
    rating_rows, peer_rows = [], []
    for r in mine.itertuples(index=False):
        label = t.labels[r.inspection_id]
        rated = pd.notna(r.overall_rating)
        rating_rows.append({"inspection": label, "standard": "Overall",
                            "rating": str(r.overall_rating) if rated else "no rating stated in the sources",
                            "source_id": r.source_id})
        stated = t.standards_of.get(r.inspection_id)
        if stated is not None:
            stated = stated.assign(x_key=stated["standard_name"].str.lower()).drop_duplicates(["x_key", "rating"])
            for s in stated.itertuples(index=False):
                rating_rows.append({"inspection": label, "standard": s.standard_name[:1].upper() + s.standard_name[1:],
                                    "rating": str(s.rating), "source_id": s.source_id})
        if rated:
            same = ins[(ins["programme"] == r.programme) & (ins["kind"] == r.kind)]
            what = _PROGRAMME_PEERS.get(r.programme, "Inspections")
            if pd.notna(r.year):
                same = same[same["year"] == r.year]
                peers = f"{what} published in {int(r.year)}"
            else:
                peers = f"{what}, all years"
            peer_rows.append(_rating_counts(label, "Overall", peers, str(r.overall_rating), same["overall_rating"]))
    ratings = _with_sources(t, rating_rows, _RATING_COLUMNS)

    figs = t.figures_of.get(unit["unit_id"], t.pdu_figures.iloc[:0])
    figs = figs.drop_duplicates(["inspection_id", "measure", "value", "qualifier", "source_id"])
    order = dict(zip(mine["inspection_id"], range(len(mine))))
    figs = figs.assign(x_label=figs["measure"].map(t.label), x_order=figs["inspection_id"].map(order))
    figs = figs.sort_values(["x_order", "x_label", "source_id"], kind="stable")
    figures = _with_sources(t, [
        {"inspection": t.labels[f.inspection_id], "measure": f.measure, "figure": f.x_label, "value": f.value,
         "qualifier": f.qualifier, "unit": f.unit,
         "value_text": value_text(f.value, f.unit, f.qualifier, f.value_basis, f.locator),
         "period": pd.NA, "period_text": "at the inspection", "cases_inspected": f.cases_inspected,
         "source_id": f.source_id} for f in figs.itertuples(index=False)], _FIGURE_COLUMNS)

    # A case-sample result or staffing figure is ranked against the same measure at every other
    # inspection of the same programme and kind of unit (one value per inspection): one method.
    programme_of = dict(zip(mine["inspection_id"], mine["programme"]))
    rank_rows = []
    for (inspection_id, measure), statements in figs[~figs["x_partial"]].groupby(["inspection_id", "measure"], sort=True):
        programme, kind = programme_of[inspection_id], _unit_kind_code(unit)
        pool = t.pdu_figures[~t.pdu_figures["x_partial"]]
        per_inspection = t.peer_values(
            ("unit", programme, kind, measure),
            lambda: pool[(pool["measure"] == measure) & (pool["programme"] == programme) & (pool["kind"] == kind)],
            "inspection_id")
        if len(per_inspection) < 2:
            continue
        rank_rows.append(_rank_row(t.label(measure), t.labels[inspection_id], "at the inspection",
                                   _one_value(statements), per_inspection,
                                   f"{_PROGRAMME_PEERS.get(programme, 'Inspections')} stating this figure, all years",
                                   "inspection_id"))
    return (ratings, figures, _frame(peer_rows, _PEER_RATING_COLUMNS), _frame(rank_rows, _PEER_FIGURE_COLUMNS),
            _unit_when(mine, t.labels))


def _unit_when(mine: pd.DataFrame, labels: dict) -> str:
    if mine.empty:
        return "No inspection of it was found in the published sources."
    return "Inspected by HM Inspectorate of Probation: " + "; ".join(labels[i] for i in mine["inspection_id"]) + "."
