"""Input checks shared by the estimators: every complaint names the column and the rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["require_columns", "require_finite", "require_variation"]


def require_columns(data: pd.DataFrame, *columns: str | None) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise ValueError(f"column(s) {missing} not in data (columns are {list(data.columns)})")


def require_finite(data: pd.DataFrame, *columns: str) -> None:
    for col in columns:
        values = pd.to_numeric(data[col], errors="coerce")
        bad = data.index[values.isna() | ~np.isfinite(values.astype(float))]
        if len(bad):
            shown = list(bad[:5])
            raise ValueError(f"column '{col}' has {len(bad)} missing or non-numeric value(s), at rows {shown}"
                             + (" ..." if len(bad) > 5 else "") + "; drop or fix them first (nothing is filled in)")


def require_variation(values: pd.Series, name: str) -> None:
    if values.nunique() < 2:
        raise ValueError(f"'{name}' is constant ({values.iloc[0]!r}): its effect cannot be estimated")
