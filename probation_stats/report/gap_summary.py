"""The missing figures as readers need them: a short summary per question of the report, and the
full list as a download.

The list of missing figures (:func:`probation_stats.derived.gaps.gap_list`) has a row per figure
in the data's own terms; its "where we looked" words are the searchers' notes and stay in
``data/gaps.csv``. Readers get, per question the report asks (:data:`GAP_QUESTIONS`), what is
missing, why it matters and where it is published; and, as a CSV, every missing figure with the
document that holds it where that is known (its title, publisher, date and address).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from probation_stats._atomic import atomic_write_text
from probation_stats.report.references import cite_html
from probation_stats.report.safe_output import csv_text
from probation_stats.wording import readable

__all__ = ["GapQuestion", "GAP_QUESTIONS", "READER_WORDS", "question_of", "gap_summary", "gap_summary_html",
           "gap_download", "write_download"]

#: Searchers' words met in the gaps' descriptions, as readers are told them.
READER_WORDS = {"not yet transcribed": "not in this report"}


class GapQuestion(NamedTuple):
    """One question of the report, the gap topics that bear on it, and what readers are told."""

    question: str
    chapter: str
    topics: tuple[str, ...]
    missing: str
    why: str
    where: str
    sources: tuple[str, ...]


#: The report's questions (as the introduction asks them), each with the topics of
#: :data:`probation_stats.derived.gaps.GAP_TOPICS` it gathers. Every topic belongs to one question;
#: ``sources`` are ids in data/sources.csv of documents where such figures are published.
GAP_QUESTIONS = (
    GapQuestion("How were the NPS and the CRCs rated, standard by standard?", "ratings",
                ("overall ratings", "standard-level ratings"),
                "Most providers' standard-level ratings, and a few overall ratings.",
                "The comparison of the NPS and the CRCs standard by standard rests on the few ratings found.",
                "Each inspection report has a one-page table of all its ratings; the reports are on "
                "HM Inspectorate of Probation's website.",
                ("hmip-pr-2019-10-ic1",)),
    GapQuestion("Does a bigger caseload go with worse work to manage the risk of harm?", "caseloads_risk",
                ("case-sample findings",),
                "The share of inspected cases with sufficient work to keep other people safe, provider by provider.",
                "Without a caseload and a risk-of-harm result for the same provider, the link cannot be estimated.",
                "The case-sample annexes of the inspection reports and the inspectorate's annual reports; the "
                "inspectorate's case-level inspection data, which would allow the analysis case by case, are "
                "not published.",
                ("hmip-pr-2023-09-annual-report-2022-2023",)),
    GapQuestion("What happened to the number of people supervised, and to the workforce?", "caseload",
                ("national caseload", "caseloads and staffing"),
                "National caseload totals for many quarters; caseloads per officer; staff by grade and provider.",
                "Without them the series have holes, and a change cannot be dated to the quarter.",
                "The Ministry of Justice's Offender management statistics quarterly and HMPPS workforce "
                "quarterly, on GOV.UK.",
                ("gov-omsq-2025-q2", "gov-hmpps-workforce-2024-12")),
    GapQuestion("Did reunification fix things?", "reunification",
                ("inspections since 2021",),
                "The ratings and figures of some PDU and regional inspections since 2021.",
                "The counts of PDUs by rating, and the picture by region, rest on the inspections found.",
                "The inspectorate's PDU and regional inspection reports and their press releases.",
                ("hmip-about-pdu-inspections-page",)),
    GapQuestion("Which figures quoted in the press hold up?", "factcheck",
                ("press claims",),
                "The official figure, or the original wording, behind some press claims.",
                "A claim whose deciding figure is missing cannot be given a verdict.",
                "The inspectorate's annual reports and the Ministry of Justice statistics the claims cite.",
                ()),
    GapQuestion("Other figures", "coverage",
                ("other",),
                "Publication dates, inspection schedules and exact wordings.",
                "They date, or word, the figures the chapters use.",
                "The inspectorate's releases and reports named in the full list.",
                ()),
)


def question_of(topic: str) -> str:
    """The question of :data:`GAP_QUESTIONS` a gap topic bears on.

    >>> question_of("national caseload")
    'What happened to the number of people supervised, and to the workforce?'
    """
    for q in GAP_QUESTIONS:
        if topic in q.topics:
            return q.question
    raise KeyError(f"gap topic {topic!r} belongs to no question of GAP_QUESTIONS")


def gap_summary(gaps: pd.DataFrame) -> pd.DataFrame:
    """One row per question: how many figures are missing and how many of them lie in a document
    we name, with what is missing, why it matters and where such figures are published.

    ``gaps`` is :func:`probation_stats.derived.gaps.gap_list` (columns ``topic`` and
    ``document_id``). Returns columns ``question``, ``chapter``, ``n_missing``,
    ``n_with_document``, ``missing``, ``why``, ``where`` and ``sources`` ("|"-separated ids, or
    empty); questions with no missing figure are left out.

    >>> g = pd.DataFrame({"topic": ["overall ratings", "standard-level ratings", "press claims"],
    ...                   "document_id": [None, "hmip-x", None]})
    >>> s = gap_summary(g)
    >>> s[["chapter", "n_missing", "n_with_document"]].values.tolist()
    [['ratings', 2, 1], ['factcheck', 1, 0]]
    """
    question = gaps.topic.map(question_of)
    rows = []
    for q in GAP_QUESTIONS:
        mine = gaps[question == q.question]
        if mine.empty:
            continue
        rows.append({"question": q.question, "chapter": q.chapter, "n_missing": len(mine),
                     "n_with_document": int(mine.document_id.notna().sum()), "missing": q.missing, "why": q.why,
                     "where": q.where, "sources": "|".join(q.sources)})
    return pd.DataFrame(rows)


def gap_summary_html(summary: pd.DataFrame, sources: pd.DataFrame, *, references: str = "references.html") -> str:
    """:func:`gap_summary` as a short section per question: the question (linked to its chapter),
    the number missing, then what is missing, why it matters and where it is published, with the
    documents' titles linked to their originals (``sources`` is the sources table).

    >>> s = pd.DataFrame({"question": ["Q?"], "chapter": ["ratings"], "n_missing": [3], "n_with_document": [1],
    ...                   "missing": ["M."], "why": ["W."], "where": ["P."], "sources": ["s1"]})
    >>> src = pd.DataFrame({"source_id": ["s1"], "title": ["A report"], "publisher": ["NAO"],
    ...                     "published": ["2019-03-05"], "url": ["https://www.nao.org.uk/r"], "link": ["primary"]})
    >>> print(gap_summary_html(s, src))  # doctest: +NORMALIZE_WHITESPACE
    <dl class="ps-gap-summary"><dt><a href="ratings.html">Q?</a> 3 figures missing, 1 of them in a document
    named in the full list.</dt><dd><p><strong>What is missing:</strong> M.</p><p><strong>Why it
    matters:</strong> W.</p><p><strong>Where it is published:</strong> P. For example: NAO, <a
    href="https://www.nao.org.uk/r">A report</a> (March 2019)<a class="ps-ref" href="references.html#src-s1"
    title="Reference entry">[ref]</a>.</p></dd></dl>
    """
    items = []
    for r in summary.itertuples():
        figures = "figure" if r.n_missing == 1 else "figures"
        where = html.escape(r.where)
        if r.sources:
            where += f" For example: {cite_html(r.sources, sources, references=references)}."
        # "Other figures" have no chapter of their own: the question is not a link.
        name = html.escape(r.question)
        if r.chapter != "coverage":
            name = f'<a href="{html.escape(r.chapter)}.html">{name}</a>'
        items.append(f"<dt>{name} {r.n_missing} {figures} missing, {r.n_with_document} of them in a document named "
                     f"in the full list.</dt><dd><p><strong>What is missing:</strong> {html.escape(r.missing)}</p>"
                     f"<p><strong>Why it matters:</strong> {html.escape(r.why)}</p>"
                     f"<p><strong>Where it is published:</strong> {where}</p></dd>")
    return f'<dl class="ps-gap-summary">{"".join(items)}</dl>'


def gap_download(gaps: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every missing figure as readers download it: the question, what is missing and for whom,
    and the document that holds it where it is known (title, publisher, date in words, and the
    original's address; a document known only in a copy has no address, and says so).

    ``gaps`` is :func:`probation_stats.derived.gaps.gap_list`; ``sources`` the sources table.
    The searchers' notes (where we looked) are not part of it. Several documents for one figure
    are joined by "; ".

    >>> g = pd.DataFrame({"topic": ["press claims"], "what": ["claim 9 evidence"], "scope": ["officers"],
    ...                   "document_id": ["s1"]})
    >>> s = pd.DataFrame({"source_id": ["s1"], "title": ["A report"], "publisher": ["NAO"],
    ...                   "published": ["2019-03"], "url": ["https://www.nao.org.uk/r"], "link": ["primary"]})
    >>> gap_download(g, s).iloc[0].tolist()[3:]
    ['A report', 'NAO', 'March 2019', 'https://www.nao.org.uk/r']
    """
    registry = sources.set_index("source_id")

    def documents(ids, field):
        if not isinstance(ids, str):
            return ""
        out = []
        for source_id in ids.split("|"):
            row = registry.loc[source_id]
            if field == "title":
                out.append(row.title)
            elif field == "publisher":
                out.append(row.publisher)
            elif field == "published":
                out.append(readable(row.published) if isinstance(row.published, str) else "no date given")
            else:
                out.append(row.url if row.link == "primary" else "original not online at an address we could confirm")
        return "; ".join(dict.fromkeys(out))

    def words(text):
        for said, told in READER_WORDS.items():
            text = text.replace(said, told) if isinstance(text, str) else text
        return text

    return pd.DataFrame({
        "Question": gaps.topic.map(question_of),
        "Missing figure": gaps.what.map(words),
        "For": gaps.scope,
        "Document": gaps.document_id.map(lambda v: documents(v, "title") or "not identified"),
        "Publisher": gaps.document_id.map(lambda v: documents(v, "publisher")),
        "Published": gaps.document_id.map(lambda v: documents(v, "published")),
        "Address": gaps.document_id.map(lambda v: documents(v, "url")),
    })


def write_download(frame: pd.DataFrame, name: str, out_dir: str | Path = "chart_data") -> str:
    """Write ``frame`` as ``out_dir/<name>.csv`` (spreadsheet-safe UTF-8, as the chart downloads)
    and return the address a page in the book links it by ("chart_data/<name>.csv")."""
    atomic_write_text(Path(out_dir) / f"{name}.csv", csv_text(frame))
    return f"{Path(out_dir).name}/{name}.csv"
