"""The inspection standards of the 2018 provider framework: their ids, readers' names and order.

One list, used by the loaders' checks, the coverage tables, the unit profiles and the book, so a
standard is never named or ordered twice. CRC reports add unpaid work and Through the Gate
(domain 4); NPS reports add court work and victims (domain 3).
"""

from __future__ import annotations

__all__ = ["STANDARDS", "STANDARD_LABELS", "STANDARD_ORDER", "standard_label"]

#: Standards rated for each provider type, in report order.
STANDARDS: dict[str, list[str]] = {
    "CRC": ["overall", "leadership", "staff", "services", "information_facilities", "assessment", "planning",
            "implementation_delivery", "reviewing", "unpaid_work", "through_the_gate"],
    "NPS": ["overall", "leadership", "staff", "services", "information_facilities", "assessment", "planning",
            "implementation_delivery", "reviewing", "court_work", "victims"],
}

#: Readers' names of the standards.
STANDARD_LABELS: dict[str, str] = {
    "overall": "Overall", "leadership": "Leadership", "staff": "Staff", "services": "Services",
    "information_facilities": "Information and facilities", "assessment": "Assessment", "planning": "Planning",
    "implementation_delivery": "Implementation and delivery", "reviewing": "Reviewing", "unpaid_work": "Unpaid work",
    "through_the_gate": "Through the Gate", "court_work": "Court work", "victims": "Victims",
}

#: Position of every standard in report order (CRC standards first, then the NPS-only ones).
STANDARD_ORDER: dict[str, int] = {s: i for i, s in enumerate(dict.fromkeys(STANDARDS["CRC"] + STANDARDS["NPS"]))}


def standard_label(standard: str) -> str:
    """A standard's name for readers; an id not in the 2018 framework in words.

    >>> standard_label("implementation_delivery")
    'Implementation and delivery'
    >>> standard_label("all_categories")
    'All categories'
    """
    return STANDARD_LABELS.get(standard, str(standard).replace("_", " ").capitalize())
