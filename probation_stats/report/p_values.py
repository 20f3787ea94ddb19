"""p-values as the book writes them: in a sentence and in a table cell."""

from __future__ import annotations

from probation_stats.estimators.results import fmt_sig

__all__ = ["p_stated", "p_cell", "p_text"]


def p_stated(p: float) -> str:
    """A p-value for a sentence: "p < 0.001" below 0.001, otherwise two significant figures.

    >>> p_stated(0.0004), p_stated(0.01234)
    ('p < 0.001', 'p = 0.012')
    """
    return "p < 0.001" if p < 0.001 else f"p = {fmt_sig(p, 2)}"


def p_cell(p: float) -> str:
    """A p-value for a table cell: "< 0.001", two significant figures, or "" where there is none (NaN).

    >>> p_cell(0.0004), p_cell(0.01234), p_cell(float("nan"))
    ('< 0.001', '0.012', '')
    """
    if p != p:  # NaN: a measure without a test
        return ""
    return "< 0.001" if p < 0.001 else fmt_sig(p, 2)


def p_text(p: float) -> str:
    """A p-value for a table to three decimals, or "< 0.001" (the caseload chapter's trend table).

    >>> p_text(0.0004), p_text(0.0312)
    ('< 0.001', '0.031')
    """
    return "< 0.001" if p < 0.001 else f"{p:.3f}"
