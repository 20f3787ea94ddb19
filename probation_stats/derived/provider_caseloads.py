"""Caseloads and risk-of-harm results the sources publish for individual providers (2014-2021).

What the chapter "Caseloads and risk of harm" draws, in the data's own terms: which figures there
are, which of them lie above the inspectorate's threshold, and which providers have both a
caseload and a risk-of-harm result (the pairs a caseload-versus-quality comparison would need).
"""

from __future__ import annotations

import pandas as pd

from probation_stats.datapackage.loaders import (PathLike, load_provider_facts, load_providers,
                                                 load_research_findings, load_sources)
from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.derived.vague_values import scope_limit

__all__ = ["CASELOAD_SHARE_MEASURES", "provider_caseloads", "caseload_threshold", "caseloads_above_threshold",
           "caseload_shares", "provider_risk_of_harm_results"]

#: Shares of staff by caseload the inspectorate published (per cent of staff).
CASELOAD_SHARE_MEASURES = ("staff_caseload_over_40_pct", "staff_caseload_over_50_pct", "staff_caseload_over_60_pct",
                           "staff_caseload_40_or_less_pct")


def provider_caseloads(data_dir: PathLike = None, part_of_provider: bool = False) -> pd.DataFrame:
    """Average cases per practitioner published for one provider, one row per distinct figure.

    Two sources stating the same figure for the same provider give one row (the first listed).
    A figure the source says holds only for some of the provider's staff ("In some instances,
    staff were managing an average of 70 cases") or that is a maximum ("up to") is not the
    provider's average: it is left out, unless ``part_of_provider`` asks for those figures alone
    (see :func:`probation_stats.derived.vague_values.scope_limit`).

    Parameters
    ----------
    data_dir : path, optional
        The data folder (the package's own by default).
    part_of_provider : bool
        False (default): the provider averages, the figures to draw, count and compare. True: only
        the figures that describe part of a provider.

    Returns
    -------
    DataFrame: the provider facts' columns (``value``, ``qualifier``, ``low``/``high`` in cases per
    practitioner, ``round``, ``source_id``, ``locator``, ...) plus ``provider`` (the provider's short
    name), ``as_published`` (qualifier and number as the source words it, "more than 42"),
    ``source`` (the source's publisher) and ``scope_limit`` (the words limiting the figure to part
    of the provider, missing for an average).
    """
    data_dir = resolve_data_dir(data_dir)
    facts = load_provider_facts(data_dir)
    short = load_providers(data_dir).set_index("provider_id").short_name
    publisher = load_sources(data_dir).set_index("source_id").publisher
    caseloads = (facts.query("measure == 'caseload_per_practitioner'")
                 .drop_duplicates(["provider_id", "value", "qualifier"]).reset_index(drop=True))
    limit = pd.Series([scope_limit(q, loc) for q, loc in zip(caseloads.qualifier, caseloads.locator)],
                      index=caseloads.index, dtype="string")
    caseloads = caseloads.assign(
        provider=caseloads.provider_id.map(short),
        as_published=caseloads.qualifier.fillna("").str.cat(caseloads.value.map("{:g}".format), sep=" ").str.strip(),
        source=caseloads.source_id.map(publisher), scope_limit=limit)
    keep = limit.notna() if part_of_provider else limit.isna()
    return caseloads[keep].reset_index(drop=True)


def caseload_threshold(data_dir: PathLike = None) -> pd.Series:
    """The inspectorate's finding of the caseload above which quality falls (cases per
    practitioner): one research-findings row (``value``, ``source_id``, ``locator``, ...)."""
    research = load_research_findings(resolve_data_dir(data_dir))
    return research.query("measure == 'caseload_threshold_quality_falls'").iloc[0]


def caseloads_above_threshold(data_dir: PathLike = None) -> pd.DataFrame:
    """How many published provider caseloads lie above the threshold, by provider type.

    A figure counts as above only if the whole interval it admits is (its ``low`` exceeds the
    threshold): "more than 42" is not above 50. Only provider averages are counted (see
    :func:`provider_caseloads`): a figure for some of a provider's staff is neither a figure nor
    above; ``part_of_provider`` says how many such figures were left out.

    Returns
    -------
    DataFrame indexed by ``provider_type`` with ``figures`` and ``above`` (counts of provider
    averages), ``part_of_provider`` (figures for part of a provider, not counted) and
    ``threshold`` (cases per practitioner).
    """
    data_dir = resolve_data_dir(data_dir)
    caseloads = provider_caseloads(data_dir)
    threshold = caseload_threshold(data_dir).value
    partial = provider_caseloads(data_dir, part_of_provider=True)
    above = caseloads.low > threshold
    out = pd.DataFrame({"figures": caseloads.groupby("provider_type").size(),
                        "above": above.groupby(caseloads.provider_type).sum().astype(int)})
    out["part_of_provider"] = partial.groupby("provider_type").size().reindex(out.index).fillna(0).astype(int)
    out["threshold"] = threshold
    return out


def caseload_shares(data_dir: PathLike = None) -> pd.DataFrame:
    """Shares of staff by caseload (per cent of staff over 40, 50 or 60 cases, or at 40 or fewer),
    one row per provider type, measure and period (the first source listed where several state it).
    Columns of the research findings."""
    research = load_research_findings(resolve_data_dir(data_dir))
    return (research[research.measure.isin(CASELOAD_SHARE_MEASURES)]
            .drop_duplicates(["provider_type", "measure", "period"]).reset_index(drop=True))


def provider_risk_of_harm_results(data_dir: PathLike = None) -> pd.DataFrame:
    """Risk-of-harm case-sample results published for single providers and nationally.

    Returns
    -------
    DataFrame with ``provider_id`` (missing for a national figure), ``provider`` (short name, or
    "(national)"), ``provider_type``, ``round`` (inspection round, or the national figure's
    period), ``measure``, ``value``, ``qualifier``, ``locator``, ``source_id``; provider rows first.
    """
    data_dir = resolve_data_dir(data_dir)
    facts = load_provider_facts(data_dir)
    short = load_providers(data_dir).set_index("provider_id").short_name
    research = load_research_findings(data_dir)
    rosh = facts[facts.measure.str.contains("rosh")].drop_duplicates(["provider_id", "measure", "value"])
    rosh = rosh.assign(provider=rosh.provider_id.map(short))
    national = research[research.measure.str.contains("rosh|risk_of_harm")].drop_duplicates(
        ["provider_type", "measure", "value", "period"])
    national = national.assign(provider="(national)", provider_id=pd.NA).rename(columns={"period": "round"})
    columns = ["provider_id", "provider", "provider_type", "round", "measure", "value", "qualifier", "locator", "source_id"]
    return pd.concat([rosh[columns], national[columns]], ignore_index=True)
