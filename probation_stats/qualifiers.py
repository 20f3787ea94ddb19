"""Turn a published number and its hedge word into the interval of values it admits.

Sources often say "more than 17,000", "nearly half", "around 70". The data keep the number
(``value``) and the words (``qualifier``); this module states, once, how we read them.

Rules (``u`` is the number's rounding unit: the place of its last non-zero digit, so 17,000 ->
1,000; 224,000 -> 1,000; 250,000 -> 10,000; 70 -> 10; 42 -> 1; 48.7 -> 0.1):

============================================  ====================
qualifier                                     interval
============================================  ====================
(none: the source states the number)          [x, x]
more than, over, well over, at least,         [x, x + u]
no less than, just over
nearly, almost, less than, up to,             [x - u, x]
as high as, under, fewer than, just under
around, about, approximately, some, or so,    [x - u/2, x + u/2]
estimated, roughly
============================================  ====================

A number the source gives only in words (``value_basis == "words"``: "a third", "a quarter of a
million") is already rounded by the writer: with no qualifier it is read as "around", and for a
percentage its unit is at least 10 points ("two thirds" -> [61.7, 71.7]).

Percentages are clipped to [0, 100] and counts to >= 0. These are conventions for a bounds
analysis, not facts: estimates that use them report the range over the whole interval.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

__all__ = ["QUALIFIER_RULES", "rounding_unit", "bounds", "add_bounds"]

QUALIFIER_RULES: dict[str, str] = {
    "": "exact",
    "more than": "above", "over": "above", "well over": "above", "at least": "above", "no less than": "above",
    "just over": "above",
    "nearly": "below", "almost": "below", "less than": "below", "up to": "below", "as high as": "below",
    "under": "below", "fewer than": "below", "just under": "below",
    "around": "about", "about": "about", "approximately": "about", "some": "about", "or so": "about",
    "estimated": "about", "roughly": "about",
}


def rounding_unit(x: float) -> float:
    """The place value of the last non-zero digit of ``x`` (1 for zero)."""
    if x == 0 or not math.isfinite(x):
        return 1.0
    d = Decimal(repr(abs(float(x)))).normalize()
    exponent = d.as_tuple().exponent
    return float(Decimal(1).scaleb(exponent))


def bounds(value: float, qualifier: str | None = "", unit: str = "", value_basis: str = "figure") -> tuple[float, float]:
    """The interval ``(low, high)`` a published value admits under the module's rules.

    >>> bounds(17000, "more than", "people")
    (17000.0, 18000.0)
    >>> bounds(50, "nearly", "percent")
    (40.0, 50.0)
    >>> bounds(224000, "approximately", "people")
    (223500.0, 224500.0)
    """
    qualifier = (qualifier or "").strip().lower()
    if qualifier not in QUALIFIER_RULES:
        raise ValueError(f"unknown qualifier {qualifier!r}; known: {sorted(QUALIFIER_RULES)}")
    x = float(value)
    u = rounding_unit(x)
    rule = QUALIFIER_RULES[qualifier]
    if value_basis == "words":
        if unit == "percent":
            u = max(u, 10.0)
        if rule == "exact":
            rule = "about"
    if rule == "exact":
        low, high = x, x
    elif rule == "above":
        low, high = x, x + u
    elif rule == "below":
        low, high = x - u, x
    else:
        low, high = x - u / 2, x + u / 2
    low = max(low, 0.0)
    if unit == "percent":
        high = min(high, 100.0)
    return (round(low, 10), round(high, 10))


def add_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a figures table with ``low`` and ``high`` columns (see :func:`bounds`)."""
    out = frame.copy()
    pairs = [
        bounds(v, q if pd.notna(q) else "", u, b)
        for v, q, u, b in zip(out["value"], out["qualifier"], out["unit"], out["value_basis"])
    ]
    out["low"] = pd.array([p[0] for p in pairs], dtype="Float64")
    out["high"] = pd.array([p[1] for p in pairs], dtype="Float64")
    return out
