"""The one result type of the estimation functions: a tidy DataFrame that remembers more.

Every estimator returns an :class:`EstimateTable`: one row per reported quantity, with the core
columns ``term``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n`` (units: providers,
dates, simulated studies' providers...) and ``method``, then any columns particular to the
estimator. It can be filtered, joined and glued into prose like any DataFrame. Beyond the table:

* ``.fitted`` - the statsmodels results object of the main model (``.params``,
  ``.conf_int()``, ``.summary()``), for those who want to go deeper than the book does;
* ``.details`` - a dict of anything else worth keeping (permutation draws, notes);
* ``.caveats`` - a list of plain sentences on what the numbers do not support;
* ``.describe()`` - one plain-English sentence with the headline estimate and its interval
  (it replaces pandas' summary-statistics ``describe``, which means nothing for a results table);
* ``.summary()`` - the table, the method of each row and the caveats, as text.

What survives pandas operations: selecting rows or columns, ``.copy()``, ``.round()``,
``.query()``, ``.sort_values()``, ``.set_index()``/``.reset_index()`` keep ``.fitted``,
``.details``, ``.caveats`` and the sentence (pandas carries ``_metadata`` through them).
``pd.concat``, ``merge`` and ``groupby`` results do not: take what you need first.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["EstimateTable", "CORE_COLUMNS"]

CORE_COLUMNS = ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "method"]


class EstimateTable(pd.DataFrame):
    """A tidy results table (a DataFrame) with ``.fitted``, ``.details``, ``.caveats``,
    ``.describe()`` and ``.summary()``.

    Examples
    --------
    >>> t = EstimateTable.build([{"term": "mean", "estimate": 2.0, "ci_low": 1.0, "ci_high": 3.0,
    ...                           "p_value": 0.01, "n": 12, "method": "t interval"}],
    ...                         sentence="The mean was 2.0 (1.0 to 3.0).", caveats=["synthetic numbers"])
    >>> t.describe()
    'The mean was 2.0 (1.0 to 3.0).'
    >>> t[["term", "estimate"]].describe()        # metadata survive column selection
    'The mean was 2.0 (1.0 to 3.0).'
    >>> print(t.summary())                         # doctest: +NORMALIZE_WHITESPACE
    term  estimate  ci_low  ci_high  p_value  n
    mean       2.0     1.0      3.0     0.01 12
    Method: t interval
    Caveats:
    - synthetic numbers
    The mean was 2.0 (1.0 to 3.0).
    """

    _metadata = ["fitted", "details", "sentence", "caveats"]

    @property
    def _constructor(self):
        return EstimateTable

    @classmethod
    def build(cls, rows: list[dict], *, fitted=None, details: dict | None = None, sentence: str = "",
              caveats: list[str] | None = None) -> "EstimateTable":
        """Make a table from row dicts; core columns come first, in the standard order."""
        frame = pd.DataFrame(rows)
        for col in CORE_COLUMNS:
            if col not in frame.columns:
                frame[col] = pd.NA if col == "method" else float("nan")
        ordered = CORE_COLUMNS + [c for c in frame.columns if c not in CORE_COLUMNS]
        table = cls(frame[ordered])
        table.fitted = fitted
        table.details = details or {}
        table.sentence = sentence
        table.caveats = list(caveats or [])
        return table

    def describe(self) -> str:  # noqa: D401 - deliberately replaces DataFrame.describe
        """One plain-English sentence: the headline estimate with its interval."""
        return getattr(self, "sentence", "") or ""

    def summary(self, digits: int = 3) -> str:
        """The table (core columns), each distinct method, the caveats and the sentence, as text."""
        shown = [c for c in CORE_COLUMNS if c in self.columns and c != "method"]
        extra = [c for c in ("caseload", "n_segment", "single_point") if c in self.columns]
        body = pd.DataFrame(self[shown[:1] + extra + shown[1:]]).round(digits).to_string(index=False)
        lines = [body]
        methods = list(dict.fromkeys(str(m) for m in self["method"].dropna())) if "method" in self.columns else []
        if len(methods) == 1:
            lines.append(f"Method: {methods[0]}")
        elif methods:
            lines.append("Methods:")
            lines += [f"- {m}" for m in methods]
        caveats = getattr(self, "caveats", None) or []
        if caveats:
            lines.append("Caveats:")
            lines += [f"- {c}" for c in caveats]
        if self.describe():
            lines.append(self.describe())
        return "\n".join(lines)

    def row(self, term: str, method: str | None = None) -> pd.Series:
        """The single row for ``term`` (and ``method``, if several methods report it)."""
        sel = self[self["term"] == term]
        if method is not None:
            sel = sel[sel["method"].astype(str).str.startswith(method)]
        if len(sel) != 1:
            raise KeyError(f"{len(sel)} rows for term={term!r}, method={method!r}")
        return pd.Series(sel.iloc[0])


def fmt(x: float, digits: int = 2) -> str:
    """A number for a sentence: fixed decimals, no trailing noise."""
    return f"{x:.{digits}f}"


def fmt_sig(x: float, sig: int = 2) -> str:
    """A number for a sentence with ``sig`` significant figures and thousands separators."""
    if x != x:  # NaN
        return "n/a"
    if x == 0:
        return "0"
    from math import floor, log10
    digits = sig - 1 - int(floor(log10(abs(x))))
    value = round(x, digits)
    return f"{value:,.{max(digits, 0)}f}"
