"""The fact-check as readers see it: a summary table of every claim, then one block per claim.

The verdicts come from :func:`probation_stats.derived.claim_checks.check_claims`; this module only words
and lays them out. Every piece of text from the data is escaped, sources are linked to their
primary documents (and their References entry), and internal row ids in the analysts' notes
are replaced by the sources they stand for, so no id reaches the page.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pandas as pd

from probation_stats.report.display import long_date, readable, source_links_html, source_names
from probation_stats.derived.claim_checks import DIFFERENT_MEASURE, PERIODS, VERDICTS, claim_period, load_evidence, verdicts_by_period

__all__ = ["VERDICT_LABELS", "verdict_badge", "with_unit", "conclusion", "summary_frame", "summary_html", "period_summary_html", "period_words",
           "claim_html", "reader_note"]

#: How each verdict is written on the page (Full Fact style: a word a reader can quote).
VERDICT_LABELS = {
    "supported": "Supported",
    "partly supported": "Partly supported",
    "partly contradicted": "Partly contradicted",
    "contradicted": "Contradicted",
    "not checkable": "Not checkable",
}
# A run of evidence ids ("pf-051/pf-052", "wf-033..wf-035", "gap-093, gap-094").
_ID = r"(?:pf|of|nc|rf|wf|rc|ser|agg|st|gap)-\d+"
_ID_RUN = re.compile(rf"\b{_ID}(?:\s*(?:,|/|\.\.|and)\s*{_ID})*\b")
_FILE_WORDS = {"ratings.csv": "the ratings table", "claim_sources": "the claims' sources"}


def verdict_badge(verdict: str) -> str:
    """A verdict as a labelled badge (colour and word: the word carries the meaning)."""
    if verdict not in VERDICT_LABELS:
        raise ValueError(f"unknown verdict {verdict!r}; known: {list(VERDICTS)}")
    slug = verdict.replace(" ", "-")
    return f'<span class="ps-badge ps-verdict-{slug}">{VERDICT_LABELS[verdict]}</span>'


def with_unit(number: str, unit: str) -> str:
    """A number as text with its unit as readers write it: "40%", "£22m", "224,587", "-2.5 percentage points".

    >>> with_unit("-2.5", "percentage_points"), with_unit("22", "percent"), with_unit("241540", "people")
    ('-2.5 percentage points', '22%', '241,540')
    """
    text = re.sub(r"\b([0-9]{4,})(\.[0-9]+)?\b", lambda m: f"{int(m.group(1)):,}{m.group(2) or ''}", number)
    if unit == "percent":
        return f"{text}%"
    if unit == "percentage_points":
        return f"{text} percentage points"
    if unit == "gbp_millions":
        return re.sub(r"([0-9][0-9,.]*)", r"£\1m", text, count=1)
    return text


def _figure_text(item: dict) -> str:
    period = item.get("period")
    if str(item["figure"]) == str(period):      # a date: the figure is its own period
        return readable(str(period)) if len(str(period)) != 10 else long_date(period)
    when = ""
    if isinstance(period, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", period):
        when = f" ({long_date(period) if len(period) == 10 else readable(period)})"
    elif isinstance(period, str) and ".." in period:
        # A span "2011..2017-03": each end in words ("2011 to March 2017").
        ends = [long_date(e) if len(e) == 10 else readable(e) for e in period.split("..")]
        when = f" ({' to '.join(ends)})"
    elif isinstance(period, str) and period:
        when = f" ({readable(period)})"
    return f"{with_unit(readable(str(item['figure'])), item.get('unit', ''))}{when}"


def conclusion(claim: pd.Series, parts: pd.DataFrame) -> str:
    """One plain sentence saying what the published figures show about a claim (plain text)."""
    own = parts[parts.claim_id == claim.claim_id]
    n = len(own)
    supported = own[own.verdict == "supported"]
    contradicted = own[own.verdict == "contradicted"]
    ceiling = own[(own.verdict == "not checkable") & (own.reason == DIFFERENT_MEASURE)]

    def first_figure(rows, agreeing):
        for items in rows.evidence:
            for item in items:
                if item["agrees"] == agreeing:
                    return f"{_figure_text(item)}, {source_names(item['source_id'])}"
        return ""

    if claim.verdict == "supported":
        return f"The published figures agree: {first_figure(supported, True)}."
    if claim.verdict == "partly supported":
        return (f"{len(supported)} of {n} parts agree with published figures ({first_figure(supported, True)}); "
                "the rest could not be checked.")
    if claim.verdict == "partly contradicted":
        return (f"{len(supported)} of {n} parts agree with published figures, but {len(contradicted)} "
                f"{'is' if len(contradicted) == 1 else 'are'} contradicted by {first_figure(contradicted, False)}.")
    if claim.verdict == "contradicted":
        return f"The published figures differ: {first_figure(contradicted, False)}."
    if len(ceiling):
        items = [i for rows in ceiling.evidence for i in rows]
        return (f"The nearest published figure is a ceiling ({_figure_text(items[0])}, "
                f"{source_names(items[0]['source_id'])}) that may include the claimed amount: a different measure.")
    return "No published figure we could read measures this."


def _deciding_sources(claim_id: int, parts: pd.DataFrame) -> list[str]:
    ids = [item["source_id"] for items in parts[parts.claim_id == claim_id].evidence for item in items]
    return list(dict.fromkeys(ids))


def summary_frame(parts: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim, in words: claim, who said it and when, its period, verdict, conclusion,
    deciding sources."""
    return pd.DataFrame({
        "claim_id": claims.claim_id.to_numpy(),
        "Claim": claims.claim.to_numpy(),
        # Who and when; the full description of the item is in the claim's block.
        "Said by": claims.reported_in.str.split(" — ").str[0].to_numpy(),
        "Period": claims.date.map(claim_period).map(period_words).to_numpy(),
        "Verdict": claims.verdict.map(VERDICT_LABELS).to_numpy(),
        "Conclusion": [conclusion(c, parts) for _, c in claims.iterrows()],
        "Deciding sources": [_deciding_sources(c, parts) for c in claims.claim_id],
    })


def summary_html(parts: pd.DataFrame, claims: pd.DataFrame, *, references: str = "references.html") -> str:
    """The summary table: sortable and filterable; each claim links to its block on the page."""
    frame = summary_frame(parts, claims)
    rows = []
    for rec, verdict in zip(frame.to_dict("records"), claims.verdict):
        sources = source_links_html(rec["Deciding sources"], references=references) or "none read"
        rows.append(
            "<tr>"
            f'<td data-label="Claim"><a href="#claim-{int(rec["claim_id"])}">{html.escape(rec["Claim"])}</a></td>'
            f"<td data-label='Said by'>{html.escape(rec['Said by'])}</td>"
            f"<td data-label='Period'>{html.escape(rec['Period'])}</td>"
            f'<td data-label="Verdict">{verdict_badge(verdict)}</td>'
            f"<td data-label='Conclusion'>{html.escape(rec['Conclusion'])}</td>"
            f"<td data-label='Deciding sources'>{sources}</td>"
            "</tr>")
    head = "".join(f'<th scope="col">{c}</th>' for c in ["Claim", "Said by", "Period", "Verdict", "Conclusion", "Deciding sources"])
    caption = f"All {len(frame)} claims checked, with their verdicts and the sources that decide them"
    return (f'<div class="ps-table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
            f'<table class="ps-table ps-sortable ps-filterable ps-claims-summary"><caption>{html.escape(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def period_words(period: str) -> str:
    """A period of years as printed: "2016‑2020" with a non-breaking hyphen, so a narrow column
    never splits it over two lines.

    >>> period_words("2016-2020") == "2016\u20112020"
    True
    """
    return period.replace("-", "\u2011")


def period_summary_html(claims: pd.DataFrame) -> str:
    """How many claims fall in each period (2016-2020, 2021-2025) and their verdicts, as a table.

    ``claims`` is the claims frame of :func:`probation_stats.derived.claim_checks.check_claims`.
    One row per period, then a row for all claims; columns: claims, then one per verdict (counts).
    """
    table = verdicts_by_period(claims)
    total = table.drop(columns="period").sum()
    head = ["Period", "Claims"] + [VERDICT_LABELS[v] for v in VERDICTS]
    body = []
    for label, row in [(period_words(p), table.set_index("period").loc[p]) for p, _, _ in PERIODS] + [("All claims", total)]:
        cells = "".join(f"<td data-label='{VERDICT_LABELS[v]}'>{int(row[v])}</td>" for v in VERDICTS)
        body.append(f"<tr><th scope='row'>{html.escape(label)}</th><td data-label='Claims'>{int(row['claims'])}</td>{cells}</tr>")
    caption = "Claims checked in each period, by verdict (claims dated by when they were made)"
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    return (f'<div class="ps-table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
            f'<table class="ps-table ps-claims-periods"><caption>{html.escape(caption)}</caption>'
            f'<thead><tr>{header}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


@lru_cache(maxsize=1)
def _evidence_sources() -> dict:
    """Evidence id -> source id for the default data, read once (every claim's notes use it)."""
    evidence = load_evidence()
    return dict(zip(evidence.evidence_id, evidence.source_id))


def reader_note(note: str, evidence: pd.DataFrame | None = None) -> str:
    """An analyst's note in readers' words: evidence ids become the sources they stand for,
    gap ids a pointer to the coverage chapter, file names the table they name (plain text)."""
    if not isinstance(note, str) or not note:
        return ""
    source_of = _evidence_sources() if evidence is None else dict(zip(evidence.evidence_id, evidence.source_id))

    def words(match: re.Match) -> str:
        ids = re.findall(_ID, match.group(0))
        if all(i.startswith("gap-") for i in ids):
            return "listed among the gaps in the coverage chapter"
        names = [source_names(source_of[i]) for i in ids if i in source_of]
        return "; ".join(dict.fromkeys(names)) or "another published figure"

    text = _ID_RUN.sub(words, note)
    for file_word, said in _FILE_WORDS.items():
        text = text.replace(file_word, said)
    return readable(text)


def _evidence_html(items: list[dict], references: str) -> str:
    if not items:
        return "<p class='ps-evidence-none'>No published figure we could read measures this.</p>"
    out = []
    for item in items:
        mark = "agrees" if item["agrees"] else ("may include it" if item.get("inside_ceiling") else "differs")
        out.append(
            f"<li><span class='ps-evidence-mark'>{mark}:</span> <strong>{html.escape(_figure_text(item))}</strong>, "
            f"{source_links_html(item['source_id'], references=references)}"
            f"<blockquote class='ps-quote'>{html.escape(item['locator'])}</blockquote></li>")
    return f"<ul class='ps-evidence'>{''.join(out)}</ul>"


def claim_html(claim_id: int, parts: pd.DataFrame, claims: pd.DataFrame, *,
               references: str = "references.html") -> str:
    """One claim's block: badge, conclusion, where it was said (linked), and each part with the
    figures that decide it, their sources and the quotations, whole."""
    claim = claims[claims.claim_id == claim_id].iloc[0]
    blocks = [f"<p class='ps-claim-verdict' id='claim-{int(claim_id)}'>{verdict_badge(claim.verdict)} "
              f"{html.escape(conclusion(claim, parts))}</p>",
              f"<p class='ps-claim-said'>Said by: {html.escape(claim.reported_in)} "
              f"({source_links_html(claim.source_id, references=references)}).</p>"]
    own = parts[parts.claim_id == claim_id]
    multi = len(own) > 1
    for p in own.itertuples():
        label = f"Part {p.part}: " if multi else ""
        # "No published figure" is said by the evidence list below; a different measure is said here.
        reason = f" ({html.escape(p.reason)})" if p.reason == DIFFERENT_MEASURE else ""
        note = reader_note(p.notes)
        claimed = readable(p.claimed) if p.kind == "date" else with_unit(p.claimed, p.unit if isinstance(p.unit, str) else "")
        blocks.append(
            "<div class='ps-claim-part'>"
            f"<p>{label}{html.escape(readable(p.statement))}. Claimed: <strong>{html.escape(claimed)}</strong>. "
            f"{verdict_badge(p.verdict)}{reason}</p>"
            f"{_evidence_html(p.evidence, references)}"
            + (f"<details class='ps-claim-note'><summary>How we read it</summary><p>{html.escape(note)}</p></details>" if note else "")
            + "</div>")
    return f"<div class='ps-claim'>{''.join(blocks)}</div>"
