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

# The public research API, by layer (see pyproject.toml, [tool.importlinter]). The report layer
# (reader words, charts, the book's pages) is not imported here: `import probation_stats` needs
# neither altair nor the book, and changes no global state.
from probation_stats.errors import DataError
from probation_stats.rating_scale import RATING_DTYPE, RATING_LEVELS, rating_score
from probation_stats.qualifiers import bounds
from probation_stats.standards import STANDARDS, STANDARD_LABELS

from probation_stats.datapackage import data_dir, data_fingerprint, read_table, validate_package
from probation_stats.datapackage import loaders as _loaders
from probation_stats.datapackage.loaders import *  # noqa: F401,F403  (the loaders; names in loaders.__all__)

from probation_stats.derived import pdu_summaries
from probation_stats.derived.coverage import check_rating_counts, rating_coverage
from probation_stats.derived.unit_profiles import entity_index, entity_profile
from probation_stats.derived.claim_checks import check_claims
from probation_stats.derived.gaps import gap_list
from probation_stats.derived.facts import facts as one_row_per_fact, reference_date
from probation_stats.derived.caseload_series import caseload_facts, national_caseload_series

from probation_stats.estimators.bounds_analysis import bounds_analysis
from probation_stats.estimators.caseload_effect import caseload_effect
from probation_stats.estimators.power import net_between_sd, power, power_range, power_sensitivity, sd_interval, workload_power
from probation_stats.estimators.workload_association import workload_association
from probation_stats.estimators.rating_gap import rating_gap
from probation_stats.estimators.results import EstimateTable
from probation_stats.estimators.trend_breaks import trend_breaks

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
    "gap_list",
    "one_row_per_fact",
    "caseload_facts",
    "national_caseload_series",
    "reference_date",
    "power",
    "power_sensitivity",
    "workload_power",
    "power_range",
    "sd_interval",
    "net_between_sd",
    "workload_association",
    "rating_gap",
    "trend_breaks",
    "bounds",
    "check_rating_counts",
    "rating_coverage",
    "RATING_DTYPE",
    "RATING_LEVELS",
    "data_dir",
    "data_fingerprint",
    "rating_score",
    "read_table",
    "validate_package",
    "__version__",
    "STANDARDS",
    "STANDARD_LABELS",
    # every loader of probation_stats.datapackage.loaders
    *_loaders.__all__,
]
