"""Proven reoffending as like-for-like stretches: the series split wherever it breaks.

The Ministry of Justice's proven reoffending series is not one series. In October 2017 it moved
from 12-month to three-month offender cohorts; from February 2015 the Offender Rehabilitation Act
2014 put people released from short sentences under supervision; two quarterly releases were
cancelled; Covid-19 affected cohorts from late 2018 (``data/reoffending_breaks.csv``). A change
computed across any of these compares unlike things. This module

* splits the published levels into *stretches* (:func:`like_for_like_stretches`): runs of cohorts
  of one kind with no recorded break between them;
* computes changes only within a stretch (:func:`within_stretch_changes`);
* gathers the changes the sources themselves state against a distant baseline
  (:func:`published_comparisons`), the only like-for-like comparisons across the reforms;
* sets the binary and frequency measures side by side (:func:`binary_and_frequency`), and picks
  the payment-by-results results (:func:`payment_by_results`).

Everything stays in the data's terms (ids, YYYY-MM); reader words are made in
:mod:`probation_stats.report.reoffending_charts`.
"""

from __future__ import annotations

import re

import pandas as pd

from probation_stats.datapackage.rules import is_change_measure

__all__ = [
    "SERIES_KINDS",
    "BINARY_MEASURES",
    "like_for_like_stretches",
    "within_stretch_changes",
    "published_comparisons",
    "binary_and_frequency",
    "payment_by_results",
    "headline_figures",
]

#: Cohort kinds that form a series (a payment-by-results annual cohort or a change over a period
#: is not a point of the series).
SERIES_KINDS = ("12-month", "3-month")
#: The binary measures (share of a cohort proven to reoffend), in the order the bulletins give them.
BINARY_MEASURES = ("overall_rate", "adult_rate", "juvenile_rate", "adult_custody_or_court_order_rate",
                   "adult_custody_under_12m_rate", "adult_custody_6m_or_less_rate")


def like_for_like_stretches(figures: pd.DataFrame, breaks: pd.DataFrame) -> pd.DataFrame:
    """The published levels of the series, each assigned to its like-for-like stretch.

    Parameters
    ----------
    figures : DataFrame
        :func:`probation_stats.load_reoffending` (or rows of it).
    breaks : DataFrame
        :func:`probation_stats.load_reoffending_breaks`: one row per break with ``date_start``.

    Returns
    -------
    DataFrame
        The rows of ``figures`` that are levels (not changes) of a 12-month or three-month
        cohort, with ``stretch`` (e.g. ``"3-month:3"``: the cohort kind and how many breaks fall
        on or before the cohort's first day), ``stretch_from``/``stretch_to`` (first and last
        cohort start of the stretch, over all measures) and ``straddles`` (the id of a break that
        falls inside the cohort's months, else missing). A cohort belongs to the stretch in which
        it starts, so two cohorts share a stretch only if no break date lies after the first's
        start and on or before the second's: a line drawn through one stretch never crosses a
        break. Sorted by measure and cohort start.

    Examples
    --------
    >>> figures = pd.DataFrame({"cohort_kind": ["3-month"] * 3, "measure": ["overall_rate"] * 3,
    ...     "cohort_from": pd.to_datetime(["2018-01-01", "2018-10-01", "2019-07-01"]),
    ...     "cohort_to": pd.to_datetime(["2018-03-31", "2018-12-31", "2019-09-30"]), "value": [1.0, 2.0, 3.0]})
    >>> breaks = pd.DataFrame({"break_id": ["covid"], "date_start": pd.to_datetime(["2018-10-01"])})
    >>> like_for_like_stretches(figures, breaks).stretch.tolist()
    ['3-month:0', '3-month:1', '3-month:1']
    """
    levels = figures[figures.cohort_kind.isin(SERIES_KINDS) & ~figures.measure.map(is_change_measure).astype(bool)]
    levels = levels.copy()
    dates = sorted(pd.to_datetime(breaks.date_start).unique())
    # How many break dates fall on or before the cohort's first day: equal counts, no break between.
    levels["stretch"] = [f"{kind}:{sum(d <= start for d in dates)}" for kind, start in zip(levels.cohort_kind, levels.cohort_from)]
    span = levels.groupby("stretch").cohort_from.agg(["min", "max"])
    levels["stretch_from"] = levels.stretch.map(span["min"])
    levels["stretch_to"] = levels.stretch.map(span["max"])
    inside = []
    for start, end in zip(levels.cohort_from, levels.cohort_to):
        hit = breaks[(pd.to_datetime(breaks.date_start) > start) & (pd.to_datetime(breaks.date_start) <= end)]
        inside.append(hit.break_id.iloc[0] if len(hit) else pd.NA)
    levels["straddles"] = pd.array(inside, dtype="string")
    return levels.sort_values(["measure", "cohort_from"], kind="stable").reset_index(drop=True)


def within_stretch_changes(stretched: pd.DataFrame, measures=BINARY_MEASURES + ("reoffences_per_reoffender",),
                           *, reform_date) -> pd.DataFrame:
    """Changes computed only between two cohorts of one stretch, each from exact values.

    For 12-month cohorts: the first and the last cohort of the stretch. For three-month cohorts,
    which move with the season: the earliest and the latest cohort of the *same calendar
    quarter* (none if no quarter appears twice). A hedged value is never used.

    Parameters
    ----------
    stretched : DataFrame
        :func:`like_for_like_stretches`.
    measures : sequence of str
        Measure ids to compare.
    reform_date : date-like
        First day of the reforms (the Offender Rehabilitation Act break, 1 February 2015): each
        change is labelled ``"before"`` (both cohorts start before it) or ``"after"``.

    Returns
    -------
    DataFrame
        One row per measure and stretch with a pair: ``measure``, ``stretch``, ``cohort_kind``,
        ``from_start``/``from_end``/``to_start``/``to_end`` (YYYY-MM), ``from_value``,
        ``to_value``, ``change`` (in the measure's unit: percentage points for a rate,
        reoffences per reoffender for the frequency), ``change_pct`` (relative change, percent),
        ``unit``, ``side`` and ``source_ids`` (the two sources, "|"-joined).

    Examples
    --------
    >>> s = pd.DataFrame({"measure": ["overall_rate"] * 3, "stretch": ["12-month:0"] * 3,
    ...     "cohort_kind": ["12-month"] * 3, "cohort_start": ["2009-01", "2010-07", "2013-10"],
    ...     "cohort_end": ["2009-12", "2011-06", "2014-09"],
    ...     "cohort_from": pd.to_datetime(["2009-01-01", "2010-07-01", "2013-10-01"]),
    ...     "value": [26.3, 26.9, 25.7], "exact": [True] * 3, "unit": ["percent"] * 3, "source_id": ["a", "b", "c"]})
    >>> row = within_stretch_changes(s, reform_date="2015-02-01").iloc[0]
    >>> (row.from_start, row.to_start, round(float(row.change), 1), row.side)
    ('2009-01', '2013-10', -0.6, 'before')
    """
    reform = pd.Timestamp(reform_date)
    rows = []
    usable = stretched[stretched.exact & stretched.measure.isin(list(measures))].sort_values("cohort_from", kind="stable")
    for (measure, stretch), group in usable.groupby(["measure", "stretch"], sort=True):
        if group.cohort_kind.iloc[0] == "12-month":
            pairs = [(group.iloc[0], group.iloc[-1])] if len(group) > 1 else []
        else:
            quarter = group.cohort_from.dt.month
            pairs = [(g.iloc[0], g.iloc[-1]) for _, g in group.groupby(quarter) if len(g) > 1]
            # The widest same-quarter pair only: one change per measure and stretch.
            pairs = sorted(pairs, key=lambda p: p[1].cohort_from - p[0].cohort_from)[-1:]
        for first, last in pairs:
            sides = {"before" if d < reform else "after" for d in (first.cohort_from, last.cohort_from)}
            rows.append({
                "measure": measure, "stretch": stretch, "cohort_kind": first.cohort_kind,
                "from_start": first.cohort_start, "from_end": first.cohort_end, "to_start": last.cohort_start,
                "to_end": last.cohort_end, "from_value": float(first.value), "to_value": float(last.value),
                "change": float(last.value) - float(first.value),
                "change_pct": 100 * (float(last.value) - float(first.value)) / float(first.value),
                "unit": first.unit, "side": sides.pop() if len(sides) == 1 else "across",
                "source_ids": f"{first.source_id}|{last.source_id}",
            })
    columns = ["measure", "stretch", "cohort_kind", "from_start", "from_end", "to_start", "to_end", "from_value",
               "to_value", "change", "change_pct", "unit", "side", "source_ids"]
    return pd.DataFrame(rows, columns=columns)


_YEAR = re.compile(r"(19|20)[0-9]{2}")


def published_comparisons(figures: pd.DataFrame, *, reform_date) -> pd.DataFrame:
    """The changes the sources state against a baseline at least two years before the cohort
    (e.g. "since the same quarter in 2011", "compared to the 2011 baseline"), and changes over a
    stated period (the National Audit Office's 2011 to March 2017).

    These are the sources' own like-for-like comparisons: the Ministry recomputes its baseline by
    the cohort's method. Those whose baseline lies before ``reform_date`` and whose cohort ends
    after it are marked ``across_reforms``.

    Returns
    -------
    DataFrame
        The change rows of ``figures`` with ``baseline_year`` (the year ``compared_with`` names,
        or the period's first year) and ``across_reforms`` (bool), sorted by cohort end.

    Examples
    --------
    >>> f = pd.DataFrame({"measure": ["x_change_pp", "x_change_pp"], "cohort_kind": ["3-month"] * 2,
    ...     "cohort_start": ["2019-07", "2019-07"], "cohort_from": pd.to_datetime(["2019-07-01"] * 2),
    ...     "cohort_to": pd.to_datetime(["2019-09-30"] * 2),
    ...     "compared_with": ["same quarter in 2011", "same quarter in 2018"], "value": [-7.0, -2.6]})
    >>> published_comparisons(f, reform_date="2015-02-01").value.tolist()
    [-7.0]
    """
    reform = pd.Timestamp(reform_date)
    change = figures[figures.measure.map(is_change_measure).astype(bool)].copy()
    period = change.cohort_kind == "period of change"
    named = change.compared_with.fillna("").map(lambda t: int(m.group(0)) if (m := _YEAR.search(t)) else None)
    start_year = change.cohort_from.dt.year
    baseline = named.where(~period, start_year)
    change["baseline_year"] = pd.array(baseline, dtype="Int64")
    # "The same quarter last year" names no year (or last year's): not a distant baseline.
    cohort_year = change.cohort_from.dt.year.fillna(change.cohort_to.dt.year)
    keep = change.baseline_year.notna() & ((change.baseline_year <= cohort_year - 2) | period).fillna(False)
    change = change[keep.astype(bool)].copy()
    change["across_reforms"] = ((change.baseline_year < reform.year) & (change.cohort_to >= reform)).astype(bool)
    return change.sort_values(["cohort_to", "measure"], kind="stable").reset_index(drop=True)


def binary_and_frequency(stretched: pd.DataFrame) -> pd.DataFrame:
    """Cohorts for which a source states both the overall binary rate (percent of the cohort
    proven to reoffend) and the frequency (reoffences per reoffender), side by side.

    Returns
    -------
    DataFrame
        ``cohort_start``, ``cohort_end``, ``cohort_kind``, ``stretch``, ``overall_rate``,
        ``reoffences_per_reoffender``, ``source_id`` (of the rate), sorted by cohort start.

    Examples
    --------
    >>> s = pd.DataFrame({"cohort_start": ["2009-01"] * 2, "cohort_end": ["2009-12"] * 2,
    ...     "cohort_kind": ["12-month"] * 2, "stretch": ["12-month:0"] * 2,
    ...     "measure": ["overall_rate", "reoffences_per_reoffender"], "value": [26.3, 2.79],
    ...     "exact": [True, True], "source_id": ["a", "a"]})
    >>> binary_and_frequency(s)[["overall_rate", "reoffences_per_reoffender"]].values.tolist()
    [[26.3, 2.79]]
    """
    key = ["cohort_start", "cohort_end", "cohort_kind", "stretch"]
    pick = stretched[stretched.exact & stretched.measure.isin(["overall_rate", "reoffences_per_reoffender"])]
    wide = pick.pivot_table(index=key, columns="measure", values="value", aggfunc="first").reset_index()
    wide.columns.name = None
    if not {"overall_rate", "reoffences_per_reoffender"} <= set(wide.columns):
        return pd.DataFrame(columns=key + ["overall_rate", "reoffences_per_reoffender", "source_id"])
    wide = wide.dropna(subset=["overall_rate", "reoffences_per_reoffender"])
    src = pick[pick.measure == "overall_rate"].drop_duplicates(key).set_index(key).source_id
    wide["source_id"] = [src[tuple(k)] for k in wide[key].itertuples(index=False)]
    return wide.sort_values("cohort_start", kind="stable").reset_index(drop=True)


def payment_by_results(figures: pd.DataFrame) -> pd.DataFrame:
    """The payment-by-results and audit results on the CRCs and the NPS: every row whose measure
    begins ``crc_`` or ``nps_``, and the National Audit Office's change over 2011 to March 2017.

    Returns
    -------
    DataFrame
        Those rows of ``figures``, with ``provider`` ("CRC"/"NPS"/"all"), sorted by provider,
        cohort end and measure.

    Examples
    --------
    >>> f = pd.DataFrame({"measure": ["nps_binary_rate", "overall_rate"], "cohort_kind": ["3-month"] * 2,
    ...     "cohort_to": pd.to_datetime(["2019-12-31"] * 2)})
    >>> payment_by_results(f).provider.tolist()
    ['NPS']
    """
    provider = figures.measure.str.extract(r"^(crc|nps)_", expand=False).str.upper()
    nao = figures.cohort_kind == "period of change"
    out = figures[provider.notna() | nao].copy()
    out["provider"] = provider[provider.notna() | nao].fillna("all")
    return out.sort_values(["provider", "cohort_to", "measure"], kind="stable", na_position="first").reset_index(drop=True)


def _one(frame: pd.DataFrame, what: str) -> pd.Series:
    if len(frame) != 1:
        raise ValueError(f"expected one published figure for {what}, found {len(frame)}")
    return frame.iloc[0]


def headline_figures(figures: pd.DataFrame, breaks: pd.DataFrame) -> dict[str, pd.Series]:
    """The published figures the chapter's answer rests on, each one row of ``figures`` (with its
    ``source_id``), picked by what it is rather than by position; raises if one is missing or
    stated twice by one source.

    Keys: ``nao_proportion`` (NAO: change in the share of offenders who reoffend, 2011 to March
    2017, percentage points), ``nao_frequency`` (NAO: change in reoffences per reoffender, %),
    ``since_2000`` (the last change since 2000 the Ministry states, percentage points),
    ``since_2011`` (the latest change since the same quarter of 2011 for adults released from
    custody or starting court orders), ``crc_all_annual`` (CRCs with a significant fall in the
    2019/20 annual cohort), ``pac_missed`` (CRCs that missed their frequency targets, PAC),
    ``nao_consistent`` (CRCs that consistently cut reoffenders, NAO), ``expected`` (the fall the
    Ministry expected, percentage points), ``nps_binary``/``nps_binary_change`` and
    ``nps_frequency``/``nps_frequency_change`` (the NPS's latest cohort against October to
    December 2015).
    """
    nao = figures[figures.source_id == "nao-2019-tr-progress-press-release"]
    since_2000 = figures[(figures.measure == "overall_rate_change_pp") & (figures.compared_with == "2000")]
    since_2011 = figures[(figures.measure == "adult_custody_or_court_order_rate_change_pp")
                         & (figures.compared_with == "same quarter in 2011")].sort_values("cohort_from")
    nps = figures[figures.measure.str.startswith("nps_")].sort_values("cohort_from")
    latest_nps = nps[nps.cohort_from == nps.cohort_from.max()]
    return {
        "nao_proportion": _one(nao[nao.measure == "reoffender_proportion_change_pp"], "the NAO's change in the proportion"),
        "nao_frequency": _one(nao[nao.measure == "reoffences_per_reoffender_change_pct"], "the NAO's change in frequency"),
        "since_2000": since_2000.sort_values("cohort_from").iloc[-1],
        "since_2011": since_2011.iloc[-1],
        "crc_all_annual": _one(figures[(figures.measure == "crc_significant_binary_reduction_count")
                                       & (figures.cohort_kind == "annual")], "the CRCs' annual result"),
        "pac_missed": _one(figures[(figures.measure == "crc_missed_frequency_target_count")
                                   & (figures.source_id == "pac-2018-03-crc-contracts-89705")], "the PAC's count"),
        "nao_consistent": _one(nao[nao.measure == "crc_consistent_significant_reduction_count"], "the NAO's count"),
        "expected": _one(nao[nao.measure == "crc_expected_reduction_pp"], "the expected fall"),
        "nps_binary": _one(latest_nps[latest_nps.measure == "nps_binary_rate"], "the NPS binary rate"),
        "nps_binary_change": _one(latest_nps[latest_nps.measure == "nps_binary_rate_change_pp"], "its change"),
        "nps_frequency": _one(latest_nps[latest_nps.measure == "nps_frequency_rate"], "the NPS frequency rate"),
        "nps_frequency_change": _one(latest_nps[latest_nps.measure == "nps_frequency_rate_change_pct"], "its change"),
    }
