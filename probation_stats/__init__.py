"""probation_stats: published figures on probation in England and Wales, 2014-2025, with their
sources, and the estimates behind the probation-stats report.

Quick start::

    import probation_stats as ps
    ratings = ps.load_ratings()          # one row per provider x round x standard
    ps.load_sources().set_index("source_id").loc[ratings.source_id[0]]   # where it came from

    overall = ratings.query("standard == 'overall' and round == '2018/19'")
    gap = ps.rating_gap(overall, "rating", "provider_type", focal="NPS", reference="CRC")
    gap.describe()                       # one sentence; gap.fitted is the statsmodels result
"""

from importlib.metadata import PackageNotFoundError, version

from . import _trace  # noqa: F401  (inactive unless the book's executor asks for it)

from .datapackage import data_dir, data_fingerprint, read_table, validate_package
from .coverage import check_rating_counts, rating_coverage
from .datasets import (
    load_claims,
    load_gaps,
    load_milestones,
    load_national_caseload,
    load_other_figures,
    load_provider_facts,
    load_providers,
    load_rating_counts,
    load_ratings,
    load_research_findings,
    load_sources,
    load_workforce,
    resolve_provider,
    load_measures,
    load_pdu_units,
    load_pdu_inspections,
    load_pdu_standard_ratings,
    load_pdu_figures,
    load_inspection_aggregates,
    load_statements,
    load_official_series,
)
from . import pdu_summaries
from .entities import entity_index, entity_profile
from .bounds_analysis import bounds_analysis
from .caseload_effect import caseload_effect
from .factcheck import check_claims
from .facts import facts as one_row_per_fact, reference_date
from .power import power, power_sensitivity, workload_power
from .workload_association import workload_association
from .qualifiers import bounds
from .rating_gap import rating_gap
from .results import EstimateTable
from .trend_breaks import trend_breaks
from .errors import DataError
from .rating_scale import RATING_DTYPE, RATING_LEVELS, rating_score

try:
    __version__ = version("probation-stats")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "pdu_summaries",
    "entity_index",
    "entity_profile",
    "DataError",
    "EstimateTable",
    "bounds_analysis",
    "caseload_effect",
    "check_claims",
    "one_row_per_fact",
    "reference_date",
    "power",
    "power_sensitivity",
    "workload_power",
    "workload_association",
    "rating_gap",
    "trend_breaks",
    "bounds",
    "check_rating_counts",
    "load_claims",
    "load_gaps",
    "load_milestones",
    "load_national_caseload",
    "load_other_figures",
    "load_provider_facts",
    "load_rating_counts",
    "load_research_findings",
    "load_workforce",
    "load_measures",
    "load_pdu_units",
    "load_pdu_inspections",
    "load_pdu_standard_ratings",
    "load_pdu_figures",
    "load_inspection_aggregates",
    "load_statements",
    "load_official_series",
    "rating_coverage",
    "RATING_DTYPE",
    "RATING_LEVELS",
    "data_dir",
    "data_fingerprint",
    "load_providers",
    "load_ratings",
    "load_sources",
    "rating_score",
    "read_table",
    "resolve_provider",
    "validate_package",
    "__version__",
]
