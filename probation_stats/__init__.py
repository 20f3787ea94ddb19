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
from . import datasets as _datasets
from .datasets import *  # noqa: F401,F403  (the loaders; names in datasets.__all__)
from . import pdu_summaries
from .entities import entity_index, entity_profile
from .bounds_analysis import bounds_analysis
from .caseload_effect import caseload_effect
from .factcheck import check_claims
from .gaps import gap_list
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
    "gap_list",
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
    "rating_coverage",
    "RATING_DTYPE",
    "RATING_LEVELS",
    "data_dir",
    "data_fingerprint",
    "rating_score",
    "read_table",
    "validate_package",
    "__version__",
    # every loader of probation_stats.datasets
    *_datasets.__all__,
]
