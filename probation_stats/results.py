"""The one result type of the estimation functions: a tidy DataFrame that remembers more.

Every estimator returns an :class:`EstimateTable`: one row per reported quantity, snake_case
columns (``term``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n``, ``method``, ...),
so it can be filtered, joined and glued into prose like any DataFrame. Beyond the table:

* ``.fitted`` - the statsmodels results object of the main model (``.params``,
  ``.conf_int()``, ``.summary()``), for those who want to go deeper than the book does;
* ``.details`` - a dict of anything else worth keeping (bootstrap draws, notes);
* ``.describe()`` - one plain-English sentence with the headline estimate and its interval.
  (It replaces pandas' summary-statistics ``describe``, which means nothing for a results table.)
"""

from __future__ import annotations

import pandas as pd

__all__ = ["EstimateTable"]


class EstimateTable(pd.DataFrame):
    _metadata = ["fitted", "details", "sentence"]

    @property
    def _constructor(self):
        return EstimateTable

    @classmethod
    def build(cls, rows: list[dict], *, fitted=None, details: dict | None = None, sentence: str = "") -> "EstimateTable":
        table = cls(pd.DataFrame(rows))
        table.fitted = fitted
        table.details = details or {}
        table.sentence = sentence
        return table

    def describe(self) -> str:  # noqa: D401 - deliberately replaces DataFrame.describe
        """One plain-English sentence: the headline estimate with its interval."""
        return getattr(self, "sentence", "") or ""

    def row(self, term: str, method: str | None = None) -> pd.Series:
        """The single row for ``term`` (and ``method``, if several methods report it)."""
        sel = self[self["term"] == term]
        if method is not None:
            sel = sel[sel["method"].str.startswith(method)]
        if len(sel) != 1:
            raise KeyError(f"{len(sel)} rows for term={term!r}, method={method!r}")
        return pd.Series(sel.iloc[0])


def fmt(x: float, digits: int = 2) -> str:
    """A number for a sentence: fixed decimals, no trailing noise."""
    return f"{x:.{digits}f}"
