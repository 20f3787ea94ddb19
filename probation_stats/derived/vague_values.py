"""How a vague published value is read: whose value it is, in what words, and what it can be ranked by.

Three rules the reader review asked for, each stated once here:

* **Scope.** "In some instances, staff were managing an average of 70 cases" is not the
  provider's average, and "some officers were responsible for up to 80 cases" is a maximum:
  :func:`scope_limit` names the words that make a figure describe only part of a unit, and such a
  figure is never drawn or counted as the unit's average.
* **Words.** "Two thirds" and "less than half" are shown as the source words them, never as 66.7
  or 50 (:func:`value_in_words`); a number printed as digits is shown as a number.
* **Order.** "Less than 50%" is a bound, not a value: :func:`order_interval` gives the values it
  admits for ordering (open on the side the source leaves open), so a rank is stated only where
  the intervals decide it.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from probation_stats.qualifiers import QUALIFIER_RULES, bounds, rounding_unit

__all__ = ["PART_OF_UNIT_PHRASES", "MAXIMUM_QUALIFIERS", "scope_limit", "value_in_words", "order_interval"]

#: Words in a source's sentence that make its figure describe only some of a unit's staff or cases.
PART_OF_UNIT_PHRASES = ("in some instances", "in some areas", "in some cases", "in some teams", "some staff",
                        "some officers", "some practitioners")
#: Qualifiers that make a figure a maximum (the most anyone had), not an average.
MAXIMUM_QUALIFIERS = ("up to", "as high as")

# Fractions a source may write instead of a percentage, longest first so "two thirds" wins over "third".
_FRACTIONS = r"\b(?:all|three[- ]quarters|two[- ]thirds|two[- ]fifths|three[- ]fifths|four[- ]fifths|" \
             r"(?:a|one)[- ](?:half|third|quarter|fifth|tenth)|half|(?:one|two|three|four) in (?:two|three|four|five|ten))"
_FRACTION = re.compile(_FRACTIONS, re.IGNORECASE)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def scope_limit(qualifier=None, locator=None) -> str | None:
    """The words that make a published figure describe only part of a unit, or None.

    Parameters
    ----------
    qualifier : str or None
        The source's hedge word beside the number ("up to", "more than", ...).
    locator : str or None
        The source's sentence, verbatim.

    Returns
    -------
    str or None
        The qualifier if it makes the figure a maximum ("up to"), else the first of
        :data:`PART_OF_UNIT_PHRASES` in the sentence ("in some instances"), else None.

    >>> scope_limit(None, "In some instances, staff were managing an average of 70 cases")
    'in some instances'
    >>> scope_limit("up to", "some officers were responsible for up to 80 cases")
    'up to'
    >>> scope_limit(None, "probation staff managed an average of 64 cases each") is None
    True
    """
    q = _text(qualifier).strip().lower()
    if q in MAXIMUM_QUALIFIERS:
        return q
    sentence = " ".join(_text(locator).lower().split())
    for phrase in PART_OF_UNIT_PHRASES:
        if re.search(rf"\b{phrase}\b", sentence):
            return phrase
    return None


def value_in_words(value, qualifier=None, unit=None, value_basis=None, locator=None) -> str | None:
    """A percentage the source gives only in words, in its words ("less than half"), else None.

    Parameters
    ----------
    value : float
        The number the data keep for it (50 for "half").
    qualifier, unit, value_basis, locator
        The data's columns: the hedge word, the unit ("percent"), "figure" or "words", and the
        source's sentence.

    Returns
    -------
    str or None
        The qualifier and the fraction as the sentence words it (lower case), when the value is a
        percentage given in words and the sentence holds a fraction of that size; None when the
        number should be shown as a number (it is printed as digits or as a number word such as
        "nine per cent", or no fraction is found).

    >>> value_in_words(50, "less than", "percent", "words", "in less than half the cases inspected")
    'less than half'
    >>> value_in_words(66.7, None, "percent", "words", "two thirds of whom had a caseload of over 50")
    'two thirds'
    >>> value_in_words(49, None, "percent", "words", "less than half of the assignments (49 per cent)") is None
    True
    """
    if _text(value_basis) != "words" or _text(unit) != "percent" or value is None or pd.isna(value):
        return None
    sentence = " ".join(_text(locator).split())
    digits = format(float(value), "g")
    if re.search(rf"(?<![0-9.]){re.escape(digits)}\s*(?:%|per ?cent)", sentence, re.IGNORECASE):
        return None  # the source prints the number too: show it
    for match in _FRACTION.finditer(sentence):
        if abs(_fraction_value(match.group(0)) - float(value)) <= 1.0:
            words = match.group(0).lower()
            q = _text(qualifier).strip()
            return f"{q} {words}" if q else words
    return None


def _fraction_value(words: str) -> float:
    numbers = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
    parts = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "tenth": 10}
    w = words.lower().replace("-", " ").split()
    if w == ["half"]:
        return 50.0
    if w == ["all"]:
        return 100.0
    if len(w) == 3:  # "one in three"
        return 100.0 * numbers[w[0]] / numbers[w[2]]
    return 100.0 * numbers[w[0]] / parts[w[1]]


def order_interval(value, qualifier=None, unit=None, value_basis=None) -> tuple[float, float]:
    """The values a published figure admits when it is ordered against others: ``(low, high)``.

    A bound stays open on the side the source leaves open: "less than 50%" admits anything up to
    50 (``(-inf, 50)``), "more than 42" anything from 42. Words that keep a value close to its
    number ("nearly", "almost", "just under", "just over"), "around" and a value given in words
    admit the interval of :func:`probation_stats.qualifiers.bounds`; an exact figure, and a count
    written as an unrounded number word ("Fifty-six cases"), only itself.

    >>> order_interval(50, "less than", "percent")
    (-inf, 50.0)
    >>> order_interval(29000, "nearly", "people")
    (28000.0, 29000.0)
    >>> order_interval(64, None, "cases"), order_interval(56, None, "cases", "words")
    ((64.0, 64.0), (56.0, 56.0))
    >>> order_interval(70, "around", "cases")
    (65.0, 75.0)
    """
    q = _text(qualifier).strip().lower()
    basis = _text(value_basis) or "figure"
    if basis == "words" and not q and _text(unit) != "percent" and rounding_unit(float(value)) < 10:
        basis = "figure"  # "Fifty-six" is a count, not a rounded value
    if basis == "words" and not q and _text(unit) == "percent" and float(value) in (0.0, 100.0):
        basis = "figure"  # "all" and "none" are exact
    low, high = bounds(float(value), q, _text(unit), basis)
    rule = QUALIFIER_RULES.get(q, "exact")
    if q not in _CLOSE:
        if rule == "below":
            low = -math.inf
        elif rule == "above":
            high = math.inf
    return (float(low), float(high))


# Hedges that keep a value within its rounding unit of the number (the bounds module's reading).
_CLOSE = ("nearly", "almost", "just under", "just over")
