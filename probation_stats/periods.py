"""Read the ``period`` column: when a published value applies.

Forms (see ``data/datapackage.json``): ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; ``YYYY-Qn`` for a calendar quarter; ``YYYY/YY`` for a
UK financial year (1 April to 31 March); ``START..END`` for a span of two of the first three
forms. Each is turned into the first and last day it covers.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["period_bounds", "add_period_bounds"]

_FY = re.compile(r"([0-9]{4})/([0-9]{2})")


def _start_end(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    m = _FY.fullmatch(text)
    if m:
        first = int(m.group(1))
        if int(m.group(2)) != (first + 1) % 100:
            raise ValueError(f"'{text}' is not a financial year (the second year must follow the first)")
        return pd.Timestamp(first, 4, 1), pd.Timestamp(first + 1, 3, 31)
    m = re.fullmatch(r"([0-9]{4})-Q([1-4])", text)
    if m:
        start = pd.Timestamp(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
        return start, start + pd.offsets.QuarterEnd(0)
    if re.fullmatch(r"[0-9]{4}", text):
        return pd.Timestamp(int(text), 1, 1), pd.Timestamp(int(text), 12, 31)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        start = pd.Timestamp(text + "-01")
        return start, start + pd.offsets.MonthEnd(0)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        day = pd.Timestamp(text)
        return day, day
    raise ValueError(f"'{text}' is not a period (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY/YY or START..END)")


def period_bounds(period: str | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last day of a period; ``(None, None)`` for an empty one.

    >>> period_bounds("2018/19")
    (Timestamp('2018-04-01 00:00:00'), Timestamp('2019-03-31 00:00:00'))
    >>> period_bounds("2019-09..2020-03")
    (Timestamp('2019-09-01 00:00:00'), Timestamp('2020-03-31 00:00:00'))
    """
    if period is None or pd.isna(period) or str(period) == "":
        return None, None
    text = str(period)
    if ".." in text:
        a, b = text.split("..", 1)
        start, _ = _start_end(a)
        _, end = _start_end(b)
        if end < start:
            raise ValueError(f"period '{text}' ends before it starts")
        return start, end
    return _start_end(text)


def add_period_bounds(frame: pd.DataFrame, column: str = "period") -> pd.DataFrame:
    """A copy with ``period_start`` and ``period_end`` (datetime64) from ``column``."""
    out = frame.copy()
    pairs = [period_bounds(p) for p in out[column]]
    out["period_start"] = pd.to_datetime(pd.Series([p[0] for p in pairs], index=out.index, dtype="object"))
    out["period_end"] = pd.to_datetime(pd.Series([p[1] for p in pairs], index=out.index, dtype="object"))
    return out
