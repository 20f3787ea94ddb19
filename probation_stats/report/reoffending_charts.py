"""The reoffending chapter's chart, tables and reader words, from
:mod:`probation_stats.derived.reoffending_series`.

The chart draws one line per measure *and* like-for-like stretch (Vega-Lite's ``detail``
channel), so no line joins two cohorts that a recorded break separates; the breaks are drawn as
vertical rules. :func:`segments_crossing_breaks` checks a chart's own spec for a segment that
crosses a break (the chapter's test runs it on the chart the chapter draws).

Reader tables never carry the data's ``notes`` (how a value was read is for the data package,
not for the page or the chart's download).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from probation_stats.report.charts import SERIES_COLOURS
from probation_stats.report.display import primary_url, source_names
from probation_stats.wording import month_year

__all__ = [
    "MEASURE_LABELS",
    "CHART_MEASURES",
    "cohort_words",
    "source_link_md",
    "series_chart_data",
    "break_rules_data",
    "series_chart",
    "series_subtitle",
    "segments_crossing_breaks",
    "breaks_table",
    "changes_table",
    "comparisons_table",
    "frequency_table",
    "pbr_table",
    "answer_glue",
]

#: Each reoffending measure as readers read it (tables, chart legend, tooltips).
MEASURE_LABELS = {
    "overall_rate": "All offenders",
    "adult_rate": "Adults",
    "juvenile_rate": "Juveniles",
    "adult_custody_or_court_order_rate": "Adults released from custody or starting court orders",
    "adult_custody_under_12m_rate": "Adults released from sentences of less than a year",
    "adult_custody_6m_or_less_rate": "Adults released from sentences of six months or less",
    "custody_under_12m_rate": "People released from sentences of less than a year",
    "reoffences_per_reoffender": "Reoffences per reoffender",
    "overall_rate_change_pp": "All offenders: change (percentage points)",
    "adult_rate_change_pp": "Adults: change (percentage points)",
    "adult_custody_or_court_order_rate_change_pp": "Adults released from custody or starting court orders: change (percentage points)",
    "reoffender_proportion_change_pp": "Share of offenders who reoffend: change (percentage points)",
    "reoffences_per_reoffender_change_pct": "Reoffences per reoffender: change (%)",
    "crc_significant_binary_reduction_count": "CRCs with a significant fall in the binary rate",
    "crc_significant_binary_increase_count": "CRCs with a significant rise in the binary rate",
    "crc_consistent_significant_reduction_count": "CRCs that consistently cut the number of reoffenders significantly",
    "crc_consistently_met_target_count": "CRCs that consistently met their targets to reduce reoffending",
    "crc_missed_frequency_target_count": "CRCs that missed their targets for reducing the frequency of reoffending",
    "crc_expected_reduction_pp": "Fall in reoffending the Ministry expected of the CRCs (percentage points)",
    "nps_binary_rate": "NPS binary rate (%)",
    "nps_binary_rate_change_pp": "NPS binary rate: change (percentage points)",
    "nps_frequency_rate": "NPS frequency rate (reoffences per reoffender)",
    "nps_frequency_rate_change_pct": "NPS frequency rate: change (%)",
}
#: The binary rates drawn (three series, each with its own colour and shape).
CHART_MEASURES = ("overall_rate", "adult_rate", "adult_custody_under_12m_rate")
_KIND_WORDS = {"12-month": "year-long cohorts", "3-month": "three-month cohorts"}


def cohort_words(start, end) -> str:
    """A cohort as readers name it: "January to December 2009", "October 2013 to September 2014".

    >>> cohort_words("2009-01", "2009-12"), cohort_words("2013-10", "2014-09"), cohort_words(None, "2017-03")
    ('January to December 2009', 'October 2013 to September 2014', 'to March 2017')
    >>> cohort_words("2011", "2017-03")
    '2011 to March 2017'
    """
    def words(x):
        return "" if x is None or pd.isna(x) else (str(x) if len(str(x)) == 4 else month_year(x))
    first, last = words(start), words(end)
    if not first and not last:
        return "not stated"
    if first and last and first[-4:] == last[-4:] and len(str(start)) > 4:
        first = first[:-5]
    return f"{first} to {last}".strip()


def source_link_md(source_id: str, text: str | None = None) -> Markdown:
    """A Markdown link to a source's primary document, named "Publisher (Month Year)" unless
    ``text`` is given; a source known only in a copy is named, not linked."""
    name = text or source_names([source_id])
    url = primary_url(source_id)
    return Markdown(f"[{name}]({url})" if url else name)


def _stretch_words(kind: str, first, last) -> str:
    return f"{_KIND_WORDS[kind]}, {month_year(first)} to {month_year(last)}" if first != last else \
        f"{_KIND_WORDS[kind]}, {month_year(first)}"


def series_chart_data(stretched: pd.DataFrame, measures=CHART_MEASURES) -> pd.DataFrame:
    """The rows the series chart draws: one per cohort and measure, exact values only.

    Columns: ``cohort_start`` (first day, ISO), ``cohort`` (in words), ``measure`` (its label),
    ``rate`` (percent), ``stretch`` (in words), ``source`` (publisher and date) and ``line``
    (measure and stretch: one line each). No ids, notes or quotes.
    """
    drawn = stretched[stretched.measure.isin(list(measures)) & stretched.exact].copy()
    stretch_words = {s: _stretch_words(k, a, b) for s, k, a, b in
                     drawn[["stretch", "cohort_kind", "stretch_from", "stretch_to"]].drop_duplicates("stretch").itertuples(index=False)}
    out = pd.DataFrame({
        "cohort_start": drawn.cohort_from.dt.strftime("%Y-%m-%d"),
        "cohort": [cohort_words(a, b) for a, b in zip(drawn.cohort_start, drawn.cohort_end)],
        "measure": drawn.measure.map(MEASURE_LABELS),
        "rate": drawn.value.astype(float),
        "stretch": drawn.stretch.map(stretch_words),
        "source": drawn.source_id.map(lambda s: source_names([s])),
    })
    # One line per measure and stretch, named in words (the chart's CSV carries no ids).
    out["line"] = out.measure + ", " + out.stretch
    return out.sort_values(["measure", "cohort_start"], kind="stable").reset_index(drop=True)


def break_rules_data(breaks: pd.DataFrame) -> pd.DataFrame:
    """One row per break date: ``date`` (ISO), ``label`` (all breaks of that date, "; "-joined)."""
    by_date = breaks.groupby(breaks.date_start.dt.strftime("%Y-%m-%d"), sort=True).label.agg("; ".join)
    return pd.DataFrame({"date": by_date.index, "label": by_date.values})


def series_subtitle(drawn: pd.DataFrame) -> str:
    """What the series chart measures, in what unit, over which cohorts."""
    first, last = pd.Timestamp(drawn.cohort_start.min()), pd.Timestamp(drawn.cohort_start.max())
    return (f"Share of each offender cohort proven to reoffend within a year (%), cohorts starting "
            f"{month_year(first)} to {month_year(last)}")


def series_chart(drawn: pd.DataFrame, rules: pd.DataFrame, *, width="container", height: int = 300) -> alt.LayerChart:
    """Lines of the binary rates, split at every break, with the breaks as dashed vertical rules."""
    measures = [MEASURE_LABELS[m] for m in CHART_MEASURES]
    colour = alt.Color("measure:N", title=None, scale=alt.Scale(domain=measures, range=SERIES_COLOURS),
                       # No label limit: the default (160 px) cut the longest name to "Adults released from sentenc…".
                       legend=alt.Legend(orient="bottom", columns=1, labelLimit=0))
    x = alt.X("cohort_start:T", title="Start of the offender cohort", axis=alt.Axis(format="%Y", labelAngle=0))
    y = alt.Y("rate:Q", title="Proven to reoffend within a year (%)", scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("measure:N", title="Offenders"), alt.Tooltip("cohort:N", title="Cohort"),
               alt.Tooltip("rate:Q", title="Proven reoffending rate (%)", format=".1f"),
               alt.Tooltip("stretch:N", title="Like-for-like stretch"), alt.Tooltip("source:N", title="Source")]
    base = alt.Chart(drawn)
    # detail=line: one line per measure AND stretch, so no segment joins cohorts a break separates.
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, detail="line:N")
    points = base.mark_point(filled=True, size=60).encode(
        x=x, y=y, color=colour, shape=alt.Shape("measure:N", title=None, scale=alt.Scale(domain=measures), legend=None),
        tooltip=tooltip)
    marks = alt.Chart(rules).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x="date:T", tooltip=[alt.Tooltip("date:T", title="From", format="%B %Y"), alt.Tooltip("label:N", title="Break")])
    return alt.layer(marks, lines, points).properties(width=width, height=height)


def _layer_rows(spec: dict, layer: dict) -> list[dict]:
    data = layer.get("data") or spec.get("data") or {}
    if "values" in data:
        return data["values"]
    return spec.get("datasets", {}).get(data.get("name"), [])


def segments_crossing_breaks(spec: dict, break_dates) -> list[tuple[str, str, str, str]]:
    """Every segment of every line mark in a Vega-Lite spec that crosses a break.

    A line is the rows sharing the values of its ``color`` and ``detail`` fields; its segments join
    consecutive points in x. A segment from x=a to x=b crosses a break dated d when a < d <= b
    (a cohort starting on a break's date lies beyond it).

    Parameters
    ----------
    spec : dict
        ``chart.to_dict()``.
    break_dates : iterable of date-like
        The recorded break dates (``load_reoffending_breaks().date_start``).

    Returns
    -------
    list of (line, from x, to x, break date), empty when no segment crosses a break.

    Examples
    --------
    >>> spec = {"mark": "line", "encoding": {"x": {"field": "x"}, "color": {"field": "m"}},
    ...         "data": {"values": [{"x": "2018-01-01", "m": "a"}, {"x": "2019-01-01", "m": "a"}]}}
    >>> segments_crossing_breaks(spec, ["2018-10-01"])
    [('a', '2018-01-01', '2019-01-01', '2018-10-01')]
    >>> spec["encoding"]["detail"] = {"field": "s"}
    >>> spec["data"]["values"] = [{"x": "2018-01-01", "m": "a", "s": 1}, {"x": "2019-01-01", "m": "a", "s": 2}]
    >>> segments_crossing_breaks(spec, ["2018-10-01"])
    []
    """
    dates = sorted(pd.Timestamp(d) for d in break_dates)
    layers = spec.get("layer", [spec])
    crossing = []
    for layer in layers:
        mark = layer.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) != "line":
            continue
        enc = layer.get("encoding", {})
        keys = [enc[c]["field"] for c in ("color", "detail", "strokeDash") if c in enc and "field" in enc[c]]
        rows = pd.DataFrame(_layer_rows(spec, layer))
        if rows.empty:
            continue
        xs = enc["x"]["field"]
        rows["_x"] = pd.to_datetime(rows[xs])
        groups = rows.groupby(keys, sort=False) if keys else [("all", rows)]
        for key, group in groups:
            ordered = group.sort_values("_x")
            xs_sorted = ordered["_x"].tolist()
            for a, b in zip(xs_sorted, xs_sorted[1:]):
                for d in dates:
                    if a < d <= b:
                        name = " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)
                        crossing.append((name, a.strftime("%Y-%m-%d"), b.strftime("%Y-%m-%d"), d.strftime("%Y-%m-%d")))
    return crossing


def breaks_table(breaks: pd.DataFrame) -> pd.DataFrame:
    """The breaks for readers: from when, what, and every source that states it."""
    return pd.DataFrame({
        "From": [month_year(d) for d in breaks.date_start],
        "Break": breaks.label,
        "Sources": [[s, *others] for s, others in zip(breaks.source_id, breaks.corroborated_by)],
    })


def _value(v: float, unit: str) -> str:
    return f"{v:.1f}%" if unit == "percent" else f"{v:.2f}"


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Changes within one like-for-like stretch, before or after the reforms."""
    return pd.DataFrame({
        "Offenders": changes.measure.map(MEASURE_LABELS),
        "Cohorts": changes.cohort_kind.map(_KIND_WORDS),
        "From": [f"{cohort_words(a, b)}: {_value(v, u)}" for a, b, v, u in
                 zip(changes.from_start, changes.from_end, changes.from_value, changes.unit)],
        "To": [f"{cohort_words(a, b)}: {_value(v, u)}" for a, b, v, u in
               zip(changes.to_start, changes.to_end, changes.to_value, changes.unit)],
        "Change": [_change_text(round(c, 1), "percentage points") if u == "percent"
                   else f"{_change_text(round(c, 2), '')} ({_change_text(round(p), 'percent')})"
                   for c, p, u in zip(changes.change, changes.change_pct, changes.unit)],
        "Before or after the reforms": changes.side,
        "Sources": changes.source_ids,
    })


def _change_text(value: float, unit: str) -> str:
    """A stated change with its sign: "−2.5 points", "+22%", "0%".

    >>> _change_text(-2.5, "percentage points"), _change_text(22.0, "percent"), _change_text(-1.0, "percentage points")
    ('−2.5 points', '+22%', '−1.0 points')
    """
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    if unit == "percentage points":
        return f"{sign}{abs(value):.1f} points"
    return f"{sign}{abs(value):g}" + ("%" if unit == "percent" else "")


def comparisons_table(comparisons: pd.DataFrame) -> pd.DataFrame:
    """The sources' own changes against a distant baseline, as stated."""
    return pd.DataFrame({
        "Measure": comparisons.measure.map(MEASURE_LABELS),
        "Cohort or period": [cohort_words(a, b) for a, b in zip(comparisons.cohort_start, comparisons.cohort_end)],
        "Compared with": comparisons.compared_with,
        "Change as stated": [_change_text(v, u) for v, u in zip(comparisons.value, comparisons.unit)],
        "Spans the reforms": comparisons.across_reforms.map({True: "yes", False: "no"}),
        "Source": comparisons.source_id,
    })


def frequency_table(both: pd.DataFrame) -> pd.DataFrame:
    """The binary rate and the frequency of one cohort side by side."""
    return pd.DataFrame({
        "Cohort": [cohort_words(a, b) for a, b in zip(both.cohort_start, both.cohort_end)],
        "Proven to reoffend (%)": both.overall_rate.map(lambda v: f"{v:.1f}"),
        "Reoffences per reoffender": both.reoffences_per_reoffender.map(lambda v: f"{v:.2f}"),
        "Source": both.source_id,
    })


def pbr_table(results: pd.DataFrame) -> pd.DataFrame:
    """Payment-by-results and audit results on the CRCs and the NPS, each against its own
    baseline as the source states it."""
    values = []
    for r in results.itertuples():
        text = _change_text(r.value, r.unit) if "change" in r.measure else f"{r.value:g}"
        values.append(f"{r.qualifier} {text}".strip() if isinstance(r.qualifier, str) else text)
    period = [cohort_words(a, b) if k != "annual" else "2019/20 (annual cohort)"
              for a, b, k in zip(results.cohort_start, results.cohort_end, results.cohort_kind)]
    return pd.DataFrame({
        "Providers": results.provider.map({"CRC": "CRCs", "NPS": "NPS", "all": "All offenders"}),
        "Measure": results.measure.map(MEASURE_LABELS),
        "Cohort or period": period,
        "Value": values,
        "Against": results.compared_with.fillna(""),
        "Source": results.source_id,
    })


def answer_glue(figures: pd.DataFrame, breaks: pd.DataFrame, stretched: pd.DataFrame, *, reform_date) -> dict:
    """Every figure, cohort and link the chapter's prose glues, as reader text: numbers without
    sign (the prose says "fell" or "rose"), cohorts in words, links to primary documents.

    Built from :func:`probation_stats.derived.reoffending_series.headline_figures` and the changes
    within stretches; raises if a figure the prose needs is not published.
    """
    from probation_stats.derived.reoffending_series import headline_figures, within_stretch_changes

    h = headline_figures(figures, breaks)
    changes = within_stretch_changes(stretched, reform_date=reform_date).set_index(["measure", "side"])
    before, freq = changes.loc[("overall_rate", "before")], changes.loc[("reoffences_per_reoffender", "before")]
    after = changes.loc[("overall_rate", "after")]
    out = {
        "nao_proportion": f"{abs(h['nao_proportion'].value):.1f}", "nao_frequency": f"{h['nao_frequency'].value:g}",
        "nao_link": source_link_md(h["nao_proportion"].source_id, "National Audit Office, March 2019"),
        "since_2000": f"{abs(h['since_2000'].value):.1f}",
        "since_2000_cohort": cohort_words(h["since_2000"].cohort_start, h["since_2000"].cohort_end),
        "since_2000_link": source_link_md(h["since_2000"].source_id, "Ministry of Justice, proven reoffending statistics"),
        "since_2011": f"{abs(h['since_2011'].value):.1f}",
        "since_2011_cohort": cohort_words(h["since_2011"].cohort_start, h["since_2011"].cohort_end),
        "since_2011_link": source_link_md(h["since_2011"].source_id, "Ministry of Justice, July 2021"),
        "pre_from_cohort": cohort_words(before.from_start, before.from_end), "pre_from": f"{before.from_value:.1f}",
        "pre_to_cohort": cohort_words(before.to_start, before.to_end), "pre_to": f"{before.to_value:.1f}",
        "pre_change": f"{abs(before.change):.1f}",
        "freq_from": f"{freq.from_value:.2f}", "freq_to": f"{freq.to_value:.2f}", "freq_pct": f"{freq.change_pct:.0f}",
        "post_from_cohort": cohort_words(after.from_start, after.from_end), "post_from": f"{after.from_value:.1f}",
        "post_to_cohort": cohort_words(after.to_start, after.to_end), "post_to": f"{after.to_value:.1f}",
        "post_change": f"{abs(after.change):.1f}",
        "crc_all_annual": f"{h['crc_all_annual'].value:g}",
        "crc_link": source_link_md(h["crc_all_annual"].source_id, "Ministry of Justice, January 2022"),
        "pac_missed": f"{h['pac_missed'].value:g}",
        "pac_link": source_link_md(h["pac_missed"].source_id, "Public Accounts Committee, March 2018"),
        "nao_consistent": f"{h['nao_consistent'].value:g}", "expected": f"{h['expected'].value:g}",
        "nps_cohort": cohort_words(h["nps_binary"].cohort_start, h["nps_binary"].cohort_end),
        "nps_binary": f"{h['nps_binary'].value:.1f}", "nps_binary_change": f"{abs(h['nps_binary_change'].value):.1f}",
        "nps_frequency": f"{h['nps_frequency'].value:.2f}",
        "nps_frequency_change": f"{abs(h['nps_frequency_change'].value):g}",
        "n_breaks": str(breaks.break_id.nunique()),
    }
    if before.to_value >= before.from_value or after.to_value <= after.from_value:
        # The prose says the rate fell before the reforms and rose within the latest stretch.
        raise ValueError("the published changes no longer match the chapter's wording: rewrite it")
    return out
