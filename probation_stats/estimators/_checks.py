"""Input checks shared by the estimators: every complaint names the column and the rows.

The estimators call these before touching the data, so that a wrong column, a number stored as
text, a missing value, a negative count or a repeated unit gives one plain sentence, never a
pandas or statsmodels traceback. Nothing is filled in or converted silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["require_columns", "require_numeric", "require_finite", "require_variation", "require_counts",
           "require_unique", "require_positive"]


def _rows(index, limit: int = 5) -> str:
    shown = list(index[:limit])
    return f"{shown}" + (" ..." if len(index) > limit else "")


def require_columns(data: pd.DataFrame, *columns: str | None) -> None:
    """Raise if ``data`` is not a DataFrame or lacks any of ``columns`` (None entries are skipped)."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    for c in columns:
        if c is not None and not isinstance(c, str):
            raise TypeError(f"column names must be strings, got {c!r} ({type(c).__name__})")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise ValueError(f"column(s) {missing} not in data (columns are {list(data.columns)})")
    if len(data) == 0:
        raise ValueError("data has no rows")


def require_numeric(data: pd.DataFrame, *columns: str) -> None:
    """Raise if a column is not numeric (numbers stored as text are refused, not converted)."""
    for col in columns:
        s = data[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            continue
        sample = s.dropna()
        example = repr(sample.iloc[0]) if len(sample) else "nothing"
        raise ValueError(f"column '{col}' is not numeric (dtype {s.dtype}, e.g. {example}); if it holds numbers "
                         f"written as text, convert it first: data['{col}'] = pd.to_numeric(data['{col}'])")


def require_finite(data: pd.DataFrame, *columns: str) -> None:
    """Raise if a column is non-numeric or holds missing or infinite values, naming the rows."""
    require_numeric(data, *columns)
    for col in columns:
        values = data[col].astype("float64")
        bad = data.index[values.isna().to_numpy() | ~np.isfinite(values.to_numpy())]
        if len(bad):
            raise ValueError(f"column '{col}' has {len(bad)} missing or non-numeric value(s), at rows {_rows(bad)}; "
                             "drop or fix them first (nothing is filled in)")


def require_counts(data: pd.DataFrame, *columns: str) -> None:
    """Raise unless every value of the columns is a finite, whole, non-negative number."""
    require_finite(data, *columns)
    for col in columns:
        v = data[col].astype("float64")
        bad = data.index[(v < 0).to_numpy()]
        if len(bad):
            raise ValueError(f"column '{col}' holds counts and cannot be negative; rows {_rows(bad)} are")
        bad = data.index[((v % 1) != 0).to_numpy()]
        if len(bad):
            raise ValueError(f"column '{col}' holds counts and must be whole numbers of cases; rows {_rows(bad)} are not")


def require_positive(value: float, name: str) -> None:
    """Raise unless ``value`` is a finite number above zero."""
    try:
        ok = np.isfinite(float(value)) and float(value) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{name} must be a positive number, got {value!r}")


def require_unique(values: pd.Series, what: str) -> None:
    """Raise if ``values`` (unit names) repeat: estimators take one row per unit."""
    if values.isna().any():
        raise ValueError(f"column '{values.name}' has missing {what} names at rows {_rows(values.index[values.isna()])}")
    dup = values[values.duplicated(keep=False)]
    if len(dup):
        raise ValueError(f"the data must have one row per {what}; repeated in column '{values.name}': "
                         f"{sorted(map(str, set(dup)))[:5]} (rows {_rows(dup.index)})")


def require_variation(values: pd.Series, name: str) -> None:
    """Raise if ``values`` take a single value: no effect of them can be estimated."""
    if values.nunique() < 2:
        raise ValueError(f"'{name}' is constant ({values.iloc[0]!r}): its effect cannot be estimated")


def renamed_argument(value, old_value, *, old: str, new: str, function: str):
    """The value of an argument renamed from ``old`` to ``new``: the old keyword still works (with
    a FutureWarning) so that code written for earlier releases runs; giving both is refused."""
    if old_value is None:
        return value
    if value is not None:
        raise TypeError(f"{function}() got both {new}= and {old}= (the old name of {new}=): give {new}= only")
    import warnings

    warnings.warn(f"{function}(): {old}= is now called {new}= (one name per role across the estimators); "
                  f"{old}= will be removed in a later release", FutureWarning, stacklevel=3)
    return old_value
