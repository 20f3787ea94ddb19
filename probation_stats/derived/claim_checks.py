"""Verdicts on press claims, computed from the claims and data tables.

Each claim is split into checkable parts (``data/claim_checks.csv``): the number or date it
asserts, the hedge words it used, and the ids of the published figures that measure the same
thing (facts, rating counts or milestones). A part's verdict:

* **supported** - the interval the claim admits overlaps the interval of at least one deciding
  figure, after widening each by ``tolerance`` (1 %: room for rounding by the writer);
* **contradicted** - it overlaps none of them and lies outside every one;
* **not checkable** - no published figure measures the same thing (reason "no published figure
  read"), or the only deciding figures are ceilings ("up to X", "as high as X") that the claimed
  number lies inside (reason "different measure"): a part of a total is not contradicted by the
  total, and stays not checkable until the breakdown is read.

A claim is

* *supported* if all its parts are;
* *partly supported* if some parts are supported and the rest are not checkable;
* *partly contradicted* if some parts are supported and at least one is contradicted;
* *contradicted* if at least one part is contradicted and none is supported;
* *not checkable* if no part can be checked.

A change may be negative (a fall); its interval is that of its size, mirrored (:func:`signed_bounds`).
Claims are counted in two periods by the date they were made (:func:`verdicts_by_period`). Intervals come from :func:`probation_stats.bounds` (numbers) and
:func:`probation_stats.periods.period_bounds` (dates).
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.reading import read_table
from probation_stats.datapackage.loaders import PathLike, load_claims, load_milestones, load_rating_counts, load_sources
from probation_stats.periods import period_bounds
from probation_stats.qualifiers import bounds

__all__ = ["VERDICTS", "PERIODS", "signed_bounds", "load_evidence", "check_claims", "claim_period", "verdicts_by_period"]

VERDICTS = ("supported", "partly supported", "partly contradicted", "contradicted", "not checkable")
#: Why a part is not checkable, in words for readers.
NO_FIGURE = "no published figure read"
DIFFERENT_MEASURE = "different measure: the claimed number lies inside an \"up to\" total"
#: Hedge words that state a ceiling, not a value: "up to £342m" admits any amount to £342m.
CEILINGS = frozenset({"up to", "as high as"})
#: The periods the fact-check counts claims in: (label, first year, last year).
PERIODS = (("2016-2020", 2016, 2020), ("2021-2025", 2021, 2025))
_FIGURE_TABLES = ["provider_facts", "national_caseload", "workforce", "official_series", "research_findings", "other_figures",
                  "inspection_aggregates"]


def signed_bounds(value: float, qualifier: str = "", unit: str = "", value_basis: str = "figure") -> tuple[float, float]:
    """The interval a number admits (:func:`probation_stats.qualifiers.bounds`), for a fall too.

    ``bounds`` clips intervals at zero, right for counts and levels; a change may be negative
    ("a 2.5 percentage point reduction" is stored as -2.5). A negative number's interval is
    that of its size, mirrored: the hedge word bounds the size of the fall.

    >>> signed_bounds(-2.5, "", "percentage_points")
    (-2.5, -2.5)
    >>> signed_bounds(-40, "about", "percent")
    (-45.0, -35.0)
    >>> signed_bounds(17000, "more than", "people")
    (17000.0, 18000.0)
    """
    if value >= 0:
        return bounds(value, qualifier, unit, value_basis)
    # The size is not a percentage share capped at 100: a fall of a percentage is in points.
    low, high = bounds(-value, qualifier, "" if unit == "percent" else unit, value_basis)
    return (-high, -low)


def load_evidence(data_dir: PathLike = None) -> pd.DataFrame:
    """Every row a claim part can cite, in one frame keyed by ``evidence_id``.

    Columns: ``evidence_id``, ``table``, ``kind`` (number/date), ``value``, ``qualifier``,
    ``unit``, ``value_basis``, ``period``, ``low``/``high`` (numbers) or ``date_start``/``date_end``,
    ``source_id``, ``locator``.
    """
    frames = []
    for name in _FIGURE_TABLES:
        t = read_table(name, data_dir).rename(columns={"fact_id": "evidence_id"})
        t["table"] = name
        frames.append(t[["evidence_id", "table", "measure", "value", "qualifier", "unit", "value_basis", "period", "source_id", "locator"]])
    counts = load_rating_counts(data_dir).rename(columns={"count_id": "evidence_id", "providers": "value"})
    counts = counts.assign(table="rating_counts", unit="providers", qualifier=pd.NA, value_basis="figure",
                           measure="providers_rated_" + counts["rating"].astype(str).str.lower().str.replace(" ", "_"),
                           period=counts["round"])
    frames.append(counts[["evidence_id", "table", "measure", "value", "qualifier", "unit", "value_basis", "period", "source_id", "locator"]])
    numbers = pd.concat(frames, ignore_index=True)
    numbers["kind"] = "number"
    numbers["value"] = numbers["value"].astype(float)
    pairs = [signed_bounds(v, q if pd.notna(q) else "", u, b) for v, q, u, b in
             zip(numbers["value"], numbers["qualifier"], numbers["unit"], numbers["value_basis"])]
    numbers["low"] = [p[0] for p in pairs]
    numbers["high"] = [p[1] for p in pairs]
    ms = load_milestones(data_dir).rename(columns={"milestone_id": "evidence_id", "date": "period"})
    ms = ms.assign(table="milestones", kind="date", measure=ms["description"])
    out = pd.concat([numbers, ms[["evidence_id", "table", "kind", "measure", "period", "date_start", "date_end", "source_id", "locator"]]],
                    ignore_index=True)
    if out["evidence_id"].duplicated().any():
        raise ValueError(f"evidence ids are not unique across tables: {sorted(out.evidence_id[out.evidence_id.duplicated()])}")
    return out


def _overlap(a_low, a_high, b_low, b_high, tolerance):
    widen = lambda lo, hi: (lo - tolerance * abs(lo), hi + tolerance * abs(hi))
    a_low, a_high = widen(a_low, a_high)
    b_low, b_high = widen(b_low, b_high)
    return a_low <= b_high and b_low <= a_high


def _claim_verdict(part_verdicts: list[str]) -> str:
    s = set(part_verdicts)
    if s == {"supported"}:
        return "supported"
    if s == {"not checkable"}:
        return "not checkable"
    if "supported" not in s:
        return "contradicted"
    if "contradicted" in s:
        return "partly contradicted"
    return "partly supported"


def _part_verdict(decided: list[dict]) -> tuple[str, str]:
    """A part's verdict and, when not checkable, why."""
    if not decided:
        return "not checkable", NO_FIGURE
    if any(d["agrees"] for d in decided):
        return "supported", ""
    if all(d["inside_ceiling"] for d in decided):
        return "not checkable", DIFFERENT_MEASURE
    return "contradicted", ""


def check_claims(data_dir: PathLike = None, tolerance: float = 0.01) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Verdicts per claim part and per claim.

    Returns
    -------
    parts : DataFrame
        One row per claim part: the claim, its interval (``claim_low``/``claim_high``), the
        deciding figures (``evidence``: list of dicts with id, value, interval, source, locator,
        and whether it agrees), and ``verdict``.
    claims : DataFrame
        One row per claim: ``claim_id``, ``group``, ``date``, ``speaker``, ``reported_in``, ``claim``, ``verdict``,
        ``n_parts``, ``parts_supported``, ``parts_contradicted``, ``parts_not_checkable``.
    """
    checks = read_table("claim_checks", data_dir)
    claims = load_claims(data_dir)
    evidence = load_evidence(data_dir).set_index("evidence_id")
    sources = load_sources(data_dir).set_index("source_id")
    rows = []
    for part in checks.itertuples(index=False):
        ids = [i for i in (part.evidence.split("|") if pd.notna(part.evidence) else []) if i]
        unknown = [i for i in ids if i not in evidence.index]
        if unknown:
            raise ValueError(f"claim {part.claim_id}{part.part}: evidence ids {unknown} are not in the data")
        if part.kind == "date":
            c_low, c_high = period_bounds(part.claimed_value)
        else:
            c_low, c_high = signed_bounds(float(part.claimed_value),
                                          part.claimed_qualifier if pd.notna(part.claimed_qualifier) else "",
                                          part.unit if pd.notna(part.unit) else "")
        decided = []
        for i in ids:
            e = evidence.loc[i]
            if part.kind == "date":
                agrees = e["kind"] == "date" and e["date_start"] <= c_high and c_low <= e["date_end"]
                inside_ceiling = False
                shown = e["period"]
            else:
                if e["kind"] != "number":
                    raise ValueError(f"claim {part.claim_id}{part.part}: {i} is a date, the claim part a number")
                agrees = _overlap(c_low, c_high, e["low"], e["high"], tolerance)
                # "up to X" bounds a total: any claimed amount from 0 to X may be a part of it.
                ceiling = pd.notna(e["qualifier"]) and str(e["qualifier"]).strip().lower() in CEILINGS
                inside_ceiling = bool(ceiling and c_high <= e["high"] * (1 + tolerance))
                shown = (f"{e['qualifier']} " if pd.notna(e["qualifier"]) else "") + f"{e['value']:,.10g}"
            decided.append({"id": i, "figure": shown, "agrees": bool(agrees), "inside_ceiling": inside_ceiling,
                            "source_id": e["source_id"], "period": e["period"],
                            "unit": e["unit"] if part.kind != "date" and pd.notna(e["unit"]) else "",
                            "source": f"{sources.loc[e['source_id'], 'publisher']}: {sources.loc[e['source_id'], 'title']}",
                            "locator": e["locator"]})
        verdict, reason = _part_verdict(decided)
        rows.append({"claim_id": part.claim_id, "part": part.part, "statement": part.statement, "kind": part.kind,
                     "claimed": (f"{part.claimed_qualifier} " if pd.notna(part.claimed_qualifier) else "") + str(part.claimed_value),
                     "unit": part.unit if pd.notna(part.unit) else "",
                     "claim_low": c_low, "claim_high": c_high, "evidence": decided, "verdict": verdict,
                     "reason": reason, "notes": part.notes})
    parts = pd.DataFrame(rows)
    missing = sorted(set(claims.claim_id) - set(parts.claim_id))
    if missing:
        raise ValueError(f"claims {missing} have no row in claim_checks.csv")
    summary = parts.groupby("claim_id").agg(
        n_parts=("verdict", "size"),
        parts_supported=("verdict", lambda v: int((v == "supported").sum())),
        parts_contradicted=("verdict", lambda v: int((v == "contradicted").sum())),
        parts_not_checkable=("verdict", lambda v: int((v == "not checkable").sum())),
        verdict=("verdict", lambda v: _claim_verdict(list(v))),
    ).reset_index()
    out = claims.merge(summary, on="claim_id", how="left", validate="one_to_one")
    return parts, out[["claim_id", "group", "date", "speaker", "reported_in", "claim", "verdict", "n_parts", "parts_supported",
                       "parts_contradicted", "parts_not_checkable", "source_id"]]


def claim_period(date: str) -> str:
    """The fact-check period (a label of :data:`PERIODS`) a claim made on ``date`` falls in.

    ``date`` is YYYY, YYYY-MM or YYYY-MM-DD. Raises ``ValueError`` for a year outside every period.

    >>> claim_period("2019-03-01"), claim_period("2021")
    ('2016-2020', '2021-2025')
    """
    year = int(str(date)[:4])
    for label, first, last in PERIODS:
        if first <= year <= last:
            return label
    raise ValueError(f"claim date {date!r} is outside the fact-check's periods {[p[0] for p in PERIODS]}")


def verdicts_by_period(claims: pd.DataFrame) -> pd.DataFrame:
    """How many claims fall in each period, by verdict.

    Parameters
    ----------
    claims : DataFrame
        The claims frame of :func:`check_claims` (columns ``date`` and ``verdict``).

    Returns
    -------
    DataFrame
        One row per period of :data:`PERIODS` (column ``period``), then one column per verdict of
        :data:`VERDICTS` (counts of claims) and ``claims`` (all claims in the period).
    """
    periods = claims["date"].map(claim_period)
    table = pd.crosstab(periods, claims["verdict"]).reindex(index=[p[0] for p in PERIODS], columns=list(VERDICTS), fill_value=0)
    table["claims"] = table.sum(axis=1)
    return table.rename_axis(index="period", columns=None).reset_index()
