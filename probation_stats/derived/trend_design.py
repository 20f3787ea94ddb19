"""The caseload chapter's trend model, as data: which totals it fits and at which dates it breaks.

The chapter, the README's example and the simulation that checks the model's intervals
(``tests/benchmarks/sim_trend.py``, ``tests/test_trend_coverage.py``) all take the design from
here, so a chapter that changes its design changes what is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from probation_stats.datapackage.loaders import load_milestones
from probation_stats.datapackage.paths import PathLike, data_dir as resolve_data_dir
from probation_stats.derived.caseload_series import national_caseload_series

__all__ = ["TrendDesign", "caseload_trend_design", "TREND_START", "TREND_BREAKS"]

#: First day modelled: the series is modelled from 2015 (earlier quarters are too sparsely found).
TREND_START = "2015-01-01"
#: Break name -> milestone whose start date is the break (see data/milestones.csv).
TREND_BREAKS = {"covid": "inspections_suspended", "reunification": "reunification"}


@dataclass(frozen=True)
class TrendDesign:
    """What a segmented trend fit needs: the series and its break dates.

    Attributes
    ----------
    series : DataFrame
        The rows of :func:`~probation_stats.derived.caseload_series.national_caseload_series`
        modelled (``reference_date``, ``value`` in people, and the facts' columns), oldest first.
    date, value : str
        The columns to pass to :func:`probation_stats.trend_breaks` (``reference_date``, ``value``).
    breaks : dict
        ``{name: Timestamp}``, ready for :func:`probation_stats.trend_breaks`.
    """

    series: pd.DataFrame
    breaks: dict
    date: str = "reference_date"
    value: str = "value"

    @property
    def dates(self) -> pd.Series:
        """The modelled dates (quarter-ends), oldest first."""
        return self.series[self.date].reset_index(drop=True)


def caseload_trend_design(data_dir: PathLike = None) -> TrendDesign:
    """The caseload chapter's trend design: exact national totals from 2015, breaks at Covid-19 and reunification.

    Parameters
    ----------
    data_dir : path, optional
        The data package folder (default: the package's own data).

    Returns
    -------
    TrendDesign
        ``series`` (exact OMSQ national totals dated on or after :data:`TREND_START`, people),
        ``breaks`` (the start dates of the milestones in :data:`TREND_BREAKS`).

    Examples
    --------
    >>> design = caseload_trend_design()
    >>> sorted(design.breaks)
    ['covid', 'reunification']
    >>> bool(design.dates.min() >= pd.Timestamp(TREND_START) and design.dates.is_monotonic_increasing)
    True
    """
    folder = resolve_data_dir(data_dir)
    exact = national_caseload_series(folder)
    series = exact[exact.reference_date >= pd.Timestamp(TREND_START)].reset_index(drop=True)
    starts = load_milestones(folder).set_index("milestone_id").date_start
    missing = [m for m in TREND_BREAKS.values() if m not in starts.index]
    if missing:
        raise ValueError(f"milestones {missing} are not in milestones.csv: the trend's breaks cannot be dated")
    breaks = {name: pd.Timestamp(starts[m]) for name, m in TREND_BREAKS.items()}
    return TrendDesign(series=series, breaks=breaks)
