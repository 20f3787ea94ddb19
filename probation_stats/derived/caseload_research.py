"""The inspectorate's research of March 2021 on caseloads and quality: what it measured, from what,
and what its published pages leave out.

HM Inspectorate of Probation's Research & Analysis Bulletin 2021/02 ("Caseloads, workloads and
staffing levels in probation services") is the only published evidence that relates caseloads to
the quality of probation work directly. Its release states the headline finding, the practitioners
it rests on and a consensus of staff and managers; a rapid evidence assessment of the research
literature fed into it. The bulletin's own method section (how many inspections, cases and years,
and the statistical method) could not be read, so it is described here by what its release and its
contributors state, each figure a row of ``research_findings.csv``.
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import load_research_findings
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir

__all__ = ["RESEARCH_2021_MEASURES", "caseload_research_2021"]

#: The figures that describe the bulletin's design and finding, in reading order, with what each is.
RESEARCH_2021_MEASURES = {
    "caseload_threshold_quality_falls": "caseload above which the quality of work falls (cases)",
    "practitioners_interviewed": "practitioners interviewed in recent inspections (people)",
    "practitioners_workload_manageable_pct": "practitioners who felt their workload was manageable (%)",
    "max_manageable_caseload_lower": "staff and managers' most manageable caseload, lower end (cases)",
    "max_manageable_caseload_upper": "staff and managers' most manageable caseload, upper end (cases)",
    "rea_studies_meeting_criteria": "studies robust enough for the evidence assessment (count)",
}


def caseload_research_2021(data_dir: PathLike = None) -> pd.DataFrame:
    """The published figures on the March 2021 research's design and finding.

    Parameters
    ----------
    data_dir : path, optional
        A copy of the data folder (default: the package's data).

    Returns
    -------
    DataFrame indexed by ``measure`` (the keys of :data:`RESEARCH_2021_MEASURES`, in that order),
    one row each: ``value`` (in the unit the measure's name gives), ``qualifier`` (the source's
    own hedge, e.g. "almost" for "almost 2,000"; empty if exact), ``what`` (the measure in words),
    ``source_id`` and ``locator`` (the quoted words). Where several rows state one measure, the
    first is used: they quote the same sentence.
    """
    research = load_research_findings(resolve_data_dir(data_dir))
    rows = research[research["measure"].isin(list(RESEARCH_2021_MEASURES))].drop_duplicates("measure")
    missing = sorted(set(RESEARCH_2021_MEASURES) - set(rows["measure"]))
    if missing:
        raise ValueError(f"research_findings.csv states none of: {', '.join(missing)}")
    out = rows.set_index("measure").loc[list(RESEARCH_2021_MEASURES), ["value", "qualifier", "source_id", "locator"]]
    out.insert(2, "what", [RESEARCH_2021_MEASURES[m] for m in out.index])
    return out
