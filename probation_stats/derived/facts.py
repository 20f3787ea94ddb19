"""One row per fact: the layer readers see, derived from the evidence in ``data/``.

``data/`` keeps one row per source statement (the evidence: several sources may state the same
figure, and some disagree). Reader tables and charts show each fact once: :func:`facts` groups the
statements of one fact (entity x measure x date), keeps the agreed value, lists every source that
states it, and flags the facts on which sources disagree, saying which value is used and why.

The rule, stated once (see :data:`RULE`)
-----------------------------------------
When the statements of one fact do not all give the same number, the value used is that of the
statement ranked first by, in order:

1. **the statistic's own publication**: a statement read in the official statistics themselves
   (its source's ``kind`` is ``"statistics"``, e.g. the Offender Management Statistics Quarterly
   bulletin) before a statement that quotes a named official series (its ``series`` is one of
   :data:`OFFICIAL_SERIES`, e.g. a summary quoting the bulletin), before any other (a committee
   report, a press release, a news story);
2. **the exact figure**: a number printed as digits with no hedge word before a qualified one
   ("approximately", "more than") or one given in words ("a quarter of a million");
3. **the most recent publication** (``sources.published``; a later release carries revisions;
   an undated source counts as the oldest);
4. the order of the evidence table (so that the choice is deterministic).

A statement that differs from the value used is not a disagreement when its own words admit
that value (``agreement == "rounded"``): "more than 7,000" admits 7,412. The test is the interval
of :mod:`probation_stats.qualifiers`, never a judgement, so "approximately 224,000" (223,500 to
224,500) does *not* admit 224,587, and an unhedged 257,000 never admits 258,157: both are shown as
disagreements, with every value stated.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from probation_stats.qualifiers import bounds

__all__ = ["OFFICIAL_SERIES", "RULE", "facts", "reference_date"]

#: Series ids of official statistics: a statement in one of these quotes the series itself.
OFFICIAL_SERIES = ("omsq", "hmpps-workforce", "mojdata-probation")

RULE = ("Where sources disagree, the value used is the one stated (1) in the official statistics "
        "themselves, then in a quotation of an official series, then elsewhere; (2) as an exact figure "
        "before a qualified or worded one; (3) in the most recent publication.")

_OUT_EXTRA = ["sources", "n_sources", "agreement", "disagreement", "values_stated", "chosen_by"]


def reference_date(evidence: pd.DataFrame, *, date: str = "date", period_start: str = "period_start",
                   period_end: str = "period_end") -> pd.Series:
    """The day a statement refers to, for matching statements of one fact.

    The ``date`` where the source states the day; otherwise, for a period of one calendar month
    ("As at September 2018", "at the end of March"), the month's last day, as the quarterly
    statistics count people and staff at the end of each quarter's last month; otherwise
    missing (a year, a span or no date: such a statement is not matched to a dated one).

    Returns a datetime Series aligned with ``evidence``.
    """
    stated = pd.to_datetime(evidence[date]) if date in evidence else pd.Series(pd.NaT, index=evidence.index)
    start, end = pd.to_datetime(evidence[period_start]), pd.to_datetime(evidence[period_end])
    one_month = start.notna() & end.notna() & (start.dt.to_period("M") == end.dt.to_period("M")) & \
        (start.dt.day == 1) & end.dt.is_month_end
    return stated.where(stated.notna(), end.where(one_month)).rename("reference_date")


def _interval(row, value: str, qualifier: str | None, basis: str | None, unit: str | None) -> tuple[float, float]:
    q = row[qualifier] if qualifier and qualifier in row and pd.notna(row[qualifier]) else ""
    b = row[basis] if basis and basis in row and pd.notna(row[basis]) else "figure"
    u = row[unit] if unit and unit in row and pd.notna(row[unit]) else ""
    return bounds(float(row[value]), q, u, b)


def _statement(row, value: str, qualifier: str | None) -> str:
    q = row[qualifier] if qualifier and qualifier in row and pd.notna(row[qualifier]) else ""
    return f"{q} {float(row[value]):,g}".strip()


def facts(evidence: pd.DataFrame, key: Sequence[str] = ("series", "measure", "provider_type", "date"),
          value: str = "value", *, source: str = "source_id", sources: pd.DataFrame | None = None,
          qualifier: str | None = "qualifier", basis: str | None = "value_basis", unit: str | None = "unit",
          series: str | None = "series") -> pd.DataFrame:
    """One row per fact, from a table of one row per source statement.

    Parameters
    ----------
    evidence : DataFrame
        Statements, one per row, e.g. ``load_official_series()``. Needs ``key``, ``value`` and
        ``source`` columns; ``qualifier``, ``basis`` (``"figure"``/``"words"``), ``unit`` and
        ``series`` are used when present (pass ``None`` to ignore one).
    key : list of str
        Columns that identify a fact (entity x measure x date). A statement with a missing key
        value is a fact of its own: an undated "more than a quarter of a million" is never merged
        into a dated total.
    value : str
        The column of numbers.
    source : str
        The column of source ids.
    sources : DataFrame, optional
        The sources registry (``source_id``, ``kind``, ``published``) used by the rule; by
        default the package's :func:`~probation_stats.load_sources`.

    Returns
    -------
    DataFrame
        One row per fact, in the order of first appearance: the columns of the statement whose
        value is used (its ``source_id``, ``locator``, ``qualifier`` ...), plus

        - ``sources``: list of every source id stating the fact, the one used first;
        - ``n_sources``: their number (distinct ids);
        - ``agreement``: ``"single source"``, ``"agree"`` (all state the same number),
          ``"rounded"`` (the others are qualified and their words admit the value used) or
          ``"disagree"``;
        - ``disagreement``: ``agreement == "disagree"``;
        - ``values_stated``: the distinct statements, the value used first ("258,157; 257,000"), where they differ, else
          empty;
        - ``chosen_by``: which step of the rule (:data:`RULE`) decided, where they differ.

    Examples
    --------
    >>> ev = pd.DataFrame({"measure": ["people"] * 2, "date": ["2018-09-30"] * 2,
    ...                    "value": [258157, 257000], "source_id": ["bulletin", "committee"]})
    >>> reg = pd.DataFrame({"source_id": ["bulletin", "committee"], "kind": ["statistics", "parliament"],
    ...                     "published": ["2019-01-31", "2019-03"]})
    >>> row = facts(ev, key=["measure", "date"], sources=reg).iloc[0]
    >>> int(row.value), row.sources, bool(row.disagreement), row.chosen_by
    (258157, ['bulletin', 'committee'], True, 'official statistics first')
    """
    key = list(key)
    missing = [c for c in [*key, value, source] if c not in evidence.columns]
    if missing:
        raise KeyError(f"facts(): evidence has no column(s) {missing}")
    if sources is None:
        from probation_stats.datapackage.loaders import load_sources
        sources = load_sources()
    registry = sources.drop_duplicates("source_id").set_index("source_id")
    frame = evidence.reset_index(drop=True).copy()
    if frame[value].isna().any():
        raise ValueError(f"facts(): {int(frame[value].isna().sum())} statement(s) have no {value!r}")

    kind = frame[source].map(registry["kind"]) if "kind" in registry else pd.Series(pd.NA, index=frame.index)
    published = frame[source].map(registry["published"]) if "published" in registry else pd.Series(pd.NA, index=frame.index)
    quotes_series = frame[series].isin(OFFICIAL_SERIES) if series and series in frame else pd.Series(False, index=frame.index)
    has_q = frame[qualifier].notna() & (frame[qualifier].astype("string").str.strip() != "") \
        if qualifier and qualifier in frame else pd.Series(False, index=frame.index)
    in_words = frame[basis].eq("words").fillna(False) if basis and basis in frame else pd.Series(False, index=frame.index)
    rank = pd.DataFrame({
        "_official": [0 if k == "statistics" else (1 if s else 2) for k, s in zip(kind, quotes_series)],
        "_exact": [0 if not (q or w) else 1 for q, w in zip(has_q.astype(bool), in_words.astype(bool))],
        # Most recent first: sort the ISO text descending; an undated source sorts last.
        "_published": published.fillna("").astype(str),
        "_order": range(len(frame)),
    }, index=frame.index)

    # A missing key value makes a fact of its own (never merged into a dated statement).
    complete = frame[key].notna().all(axis=1)
    group_id = pd.Series(-1, index=frame.index)
    if complete.any():
        group_id[complete] = frame.loc[complete].groupby(key, sort=False, dropna=False).ngroup()
    n_complete = int(group_id.max()) + 1 if complete.any() else 0
    group_id[~complete] = range(n_complete, n_complete + int((~complete).sum()))

    rows = []
    for gid in pd.unique(group_id):
        members = frame.index[group_id == gid]
        ranked = rank.loc[members].sort_values(["_official", "_exact", "_published", "_order"],
                                               ascending=[True, True, False, True])
        lead = ranked.index[0]
        chosen = frame.loc[lead]
        ids = list(dict.fromkeys([frame.at[lead, source], *frame.loc[ranked.index, source]]))
        values = frame.loc[members, value].astype(float)
        out = chosen.to_dict()
        out["sources"] = ids
        out["n_sources"] = len(ids)
        if len(members) == 1:
            agreement, stated, chosen_by = "single source", "", ""
        elif values.nunique() == 1:
            agreement, stated, chosen_by = "agree", "", ""
        else:
            used = float(chosen[value])
            differing = [i for i in members if float(frame.at[i, value]) != used]
            admits = all(has_q[i] or in_words[i] for i in differing) and all(
                lo <= used <= hi for lo, hi in (_interval(frame.loc[i], value, qualifier, basis, unit) for i in differing))
            agreement = "rounded" if admits else "disagree"
            statements = frame.loc[ranked.index].apply(lambda r: _statement(r, value, qualifier), axis=1)
            stated = "; ".join(dict.fromkeys(statements))
            # Which step of the rule separated the value used from the first differing statement.
            first_other = next(i for i in ranked.index if float(frame.at[i, value]) != used)
            for column, label in (("_official", "official statistics first"), ("_exact", "exact figure first"),
                                  ("_published", "most recent publication"), ("_order", "order of the evidence")):
                if rank.at[lead, column] != rank.at[first_other, column]:
                    chosen_by = label
                    break
        out["agreement"] = agreement
        out["disagreement"] = agreement == "disagree"
        out["values_stated"] = stated
        out["chosen_by"] = chosen_by
        rows.append(out)
    result = pd.DataFrame(rows, columns=[*frame.columns, *_OUT_EXTRA])
    for column in frame.columns:  # keep the evidence's dtypes (Float64, string, datetime)
        try:
            result[column] = result[column].astype(frame[column].dtype)
        except (TypeError, ValueError):
            pass
    result["n_sources"] = result["n_sources"].astype(int)
    result["disagreement"] = result["disagreement"].astype(bool)
    return result.reset_index(drop=True)
