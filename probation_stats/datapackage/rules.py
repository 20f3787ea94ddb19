"""The data rules a Table Schema cannot express, declared in one place.

Frictionless checks what ``data/datapackage.json`` declares (headers, types, required cells,
allowed values, patterns, primary and foreign keys). The rules below add what a Table Schema
cannot say: that a number is written in plain ASCII digits, that a percentage lies within 0-100,
that a period is a real period, that counts of rated providers fit the providers there are.

Each rule is a :class:`Rule` in :data:`ROW_RULES` (checked on every row as the file streams past,
so memory stays flat on big files) or :data:`TABLE_RULES` (checked once on the few small tables
it names). A rule yields ``(field, message)`` for a row, or ``(table, line, field, message)`` for
a table; :mod:`probation_stats.datapackage.validation` turns those into problems naming file, line and field.
Every rule has a test that makes it fire (``tests/test_bad_inputs.py``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from probation_stats.periods import period_bounds
from probation_stats.qualifiers import QUALIFIER_RULES, bounds
from probation_stats.rating_scale import RATING_SYNONYMS

__all__ = ["Rule", "ROW_RULES", "TABLE_RULES", "PERIOD_FIELDS", "URL_FIELDS", "COHORT_MONTHS", "FIGURE_DATE_FIELDS",
           "is_change_measure"]

# A number as a person writes it in a data file: ASCII digits, an optional minus sign, no plus
# sign, no leading zeros, no exponent, no thousands separators.
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)", re.ASCII)
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", re.ASCII)
# Absolute http(s) address with a host: nothing else may become a link on a reader's page.
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s\"'<>`]*)?", re.ASCII)

#: String fields holding a period (YYYY, YYYY-MM, YYYY-MM-DD, YYYY/YY or START..END).
PERIOD_FIELDS = frozenset({"period", "date", "published", "round", "fieldwork"})
#: String fields holding a web address.
URL_FIELDS = frozenset({"url", "read_at", "reports_on"})


def is_change_measure(measure: str | None) -> bool:
    """True for measures of a change (which may be negative), e.g. ``..._change_yoy_pct``."""
    return bool(measure) and ("change" in measure or "difference" in measure)


@dataclass(frozen=True)
class Rule:
    """One domain rule: an id, what it demands (shown in the docs and in tests), and its check."""

    rule_id: str
    demands: str
    check: Callable


# --------------------------------------------------------------------------------------------
# Row rules: check(table, fields, row) -> iterable of (field, message); ``fields`` maps each
# column name to its Table Schema field, ``row`` maps column name to the raw text of the cell.


def _whitespace(table, fields, row) -> Iterator[tuple[str, str]]:
    for name, text in row.items():
        if text != text.strip():
            yield name, "has leading or trailing spaces"


def _ascii_digits(table, fields, row):
    for name, text in row.items():
        if not text.isascii() and any(ch.isdigit() and not "0" <= ch <= "9" for ch in text):
            bad = next(ch for ch in text if ch.isdigit() and not "0" <= ch <= "9")
            yield name, (f"contains the non-ASCII digit {bad!r} (U+{ord(bad):04X}); write digits 0-9 only")


def _number_form(table, fields, row):
    for name, text in row.items():
        ftype = fields[name].get("type", "string")
        if text == "" or ftype not in ("integer", "number"):
            continue
        pattern = _INTEGER if ftype == "integer" else _NUMBER
        if not pattern.fullmatch(text):
            yield name, (f"'{text}' is not written as a plain {'whole ' if ftype == 'integer' else ''}number "
                         "(digits 0-9 and one decimal point only: no sign '+', leading zeros, exponent, "
                         "commas or units)")
        elif ftype == "number" and not math.isfinite(float(text)):
            yield name, f"'{text}' is not a finite number"


def _value(row) -> float | None:
    text = row.get("value", "")
    if text == "" or not _NUMBER.fullmatch(text):
        return None  # reported by _number_form
    return float(text)


def _value_range(table, fields, row):
    x = _value(row)
    if x is None:
        return
    change = is_change_measure(row.get("measure"))
    if not change and x < 0:
        yield "value", f"{row['value']} is negative; only a change (a measure named '..._change...') may be"
    if row.get("unit") == "percent":
        low = -100 if change else 0
        if not (low <= x <= 100 or (change and x > 100)):
            yield "value", f"{row['value']} per cent is outside {low}-100"


def _qualifier_known(table, fields, row):
    for name in ("qualifier", "claimed_qualifier"):
        text = row.get(name)
        if text and text not in QUALIFIER_RULES:
            known = ", ".join(sorted(q for q in QUALIFIER_RULES if q))
            yield name, f"'{text}' is not a known qualifier (known: {known})"


def _interval_ordered(table, fields, row):
    x = _value(row)
    qualifier = row.get("qualifier", "")
    if x is None or "qualifier" not in row or qualifier not in QUALIFIER_RULES:
        return
    if is_change_measure(row.get("measure")):
        return  # bounds() clips at zero, which does not apply to a change
    low, high = bounds(x, qualifier, row.get("unit", ""), row.get("value_basis") or "figure")
    if not low <= high:
        yield "value", f"{row['value']} with qualifier '{qualifier}' gives the empty interval ({low:g}, {high:g})"


def _period_real(table, fields, row):
    for name in PERIOD_FIELDS & row.keys():
        text = row[name]
        if text == "" or fields[name].get("type", "string") != "string":
            continue
        if not text.isascii():
            continue  # reported by _ascii_digits
        try:
            period_bounds(text)
        except ValueError as exc:
            yield name, str(exc)


def _no_formula(table, fields, row):
    for name, text in row.items():
        if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and fields[name].get("type", "string") == "string"
                                                       and not re.fullmatch(r"-[0-9.]+", text, re.ASCII)):
            yield name, (f"starts with {text[:1]!r}, which a spreadsheet would run as a formula; "
                         "reword the cell (quote the text without the leading sign)")


def _url_scheme(table, fields, row):
    for name in URL_FIELDS & row.keys():
        text = row[name]
        if text and not _URL.fullmatch(text):
            yield name, (f"'{text[:80]}' is not an absolute http(s) address; only http:// and https:// "
                         "links may come from the data")


def _copy_marked(table, fields, row):
    # A copy's address must never pass as the primary document: reader pages link only primaries.
    if table != "sources" or "link" not in row:
        return
    from probation_stats.source_links import is_copy_address

    if is_copy_address(row.get("url", "")) and row["link"] != "copy":
        yield "url", (f"'{row['url'][:80]}' is on a host that holds only copies; mark the source link = copy "
                       "(and name the original in notes) or give the original's address as url")
    if row["link"] == "copy" and not row.get("read_at"):
        yield "read_at", "a source marked link = copy needs the copy's address in read_at"



# ---- Proven reoffending (reoffending.csv, reoffending_breaks.csv) ---------------------------

_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)
#: How many months a cohort of each kind spans (the Ministry's 12-month and three-month cohorts).
COHORT_MONTHS = {"12-month": 12, "3-month": 3}


def _months(text: str) -> int:
    return int(text[:4]) * 12 + int(text[5:7]) - 1


def _reoffending_cohort(table, fields, row):
    # A cohort is a real span of months, as long as its kind says: a 12-month rate filed under a
    # three-month cohort would be compared with the wrong figures.
    if table != "reoffending":
        return
    start, end, kind = row.get("cohort_start", ""), row.get("cohort_end", ""), row.get("cohort_kind", "")
    for name, text in (("cohort_start", start), ("cohort_end", end)):
        if text and _MONTH.fullmatch(text) and not 1 <= int(text[5:7]) <= 12:
            yield name, f"'{text}' has no month {text[5:7]}"
            return
    if kind in COHORT_MONTHS:
        if not (_MONTH.fullmatch(start) and _MONTH.fullmatch(end)):
            yield "cohort_end" if start else "cohort_start", f"a {kind} cohort needs its first and last month (YYYY-MM)"
            return
        span = _months(end) - _months(start) + 1
        if span != COHORT_MONTHS[kind]:
            yield "cohort_end", f"{start} to {end} spans {span} months, not the {COHORT_MONTHS[kind]} of a {kind} cohort"
    elif start and end and period_bounds(start)[0] > period_bounds(end)[1]:
        yield "cohort_end", f"the period ends ({end}) before it starts ({start})"


def _change_compared(table, fields, row):
    # A change means nothing without what it is measured against ("since 2000" and "since the same
    # quarter last year" are different numbers for one cohort).
    if table != "reoffending":
        return
    if is_change_measure(row.get("measure")) and not row.get("compared_with", ""):
        yield "compared_with", f"'{row.get('measure')}' is a change: say what it is compared with"


def _qualifier_in_quote(table, fields, row):
    # "In its words": the hedge recorded must be the source's own, so it appears in the quotation.
    if table != "reoffending":
        return
    qualifier = row.get("qualifier", "")
    if qualifier and qualifier.lower() not in row.get("locator", "").lower():
        yield "qualifier", f"the qualifier '{qualifier}' is not in the quoted words; record the source's own hedge"


def _break_dates(table, fields, row):
    if table != "reoffending_breaks":
        return
    date, until, kind = row.get("date", ""), row.get("until", ""), row.get("kind", "")
    if kind == "missing cohort" and not until:
        yield "until", "a missing cohort needs its last month"
    if until and kind != "missing cohort":
        yield "until", f"only a missing cohort has a last month, not a break of kind '{kind}'"
    if until and _MONTH.fullmatch(until) and _MONTH.fullmatch(date[:7]):
        if not 1 <= int(until[5:7]) <= 12:
            yield "until", f"'{until}' has no month {until[5:7]}"
        elif _months(until) < _months(date[:7]):
            yield "until", f"the missing cohort ends ({until}) before it starts ({date})"


ROW_RULES: list[Rule] = [
    Rule("whitespace", "No cell starts or ends with spaces.", _whitespace),
    Rule("ascii-digits", "Digits are ASCII 0-9 (no fullwidth, Arabic-Indic or other digits).", _ascii_digits),
    Rule("number-form", "Numbers are plain: no '+', leading zeros, exponent or separators; finite.", _number_form),
    Rule("value-range", "Values are >= 0 (changes excepted); percentages lie within 0-100.", _value_range),
    Rule("qualifier-known", "Qualifiers are among the known hedge words.", _qualifier_known),
    Rule("interval-ordered", "A value and its qualifier give an interval whose low <= high.", _interval_ordered),
    Rule("period-real", "Periods and dates are real (month 1-12, real day, financial year in order).", _period_real),
    Rule("url-scheme", "Links are absolute http(s) addresses.", _url_scheme),
    Rule("no-formula", "No text cell starts like a spreadsheet formula (=, +, -, @, tab, CR).", _no_formula),
    Rule("copy-marked", "A source whose address is a known copy is marked link = copy, with read_at.", _copy_marked),
    Rule("reoffending-cohort", "A reoffending cohort is a real span of months, as long as its kind (12 or 3 months).",
         _reoffending_cohort),
    Rule("change-compared", "A reoffending change says what it is compared with.", _change_compared),
    Rule("qualifier-in-quote", "A reoffending value's qualifier is in the source's own words (in the quotation).",
         _qualifier_in_quote),
    Rule("break-dates", "A missing cohort has a last month, not before its first; other breaks have none.", _break_dates),
]


# --------------------------------------------------------------------------------------------
# Table rules: check(tables) -> iterable of (table, line, field, message); ``tables`` maps a
# table name to a list of (line, row) with raw text cells, for the tables the rule needs.


# Phrases that name a rating without its word: the scale's lowest point is Inadequate.
_RATING_PHRASES = {"lowest rating possible": "Inadequate", "lowest possible rating": "Inadequate"}


def _rating_named(published: str) -> str | None:
    """The rating a source's wording names: the wording is a rating word, or a phrase holding
    exactly one rating word ("rated as requiring improvement") and no negation."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", published.lower().replace("&", " and ")).split())
    if key in RATING_SYNONYMS:
        return RATING_SYNONYMS[key]
    for phrase, rating in _RATING_PHRASES.items():
        if phrase in key:
            return rating
    words = f" {key} "
    if any(neg in words for neg in (" not ", " no ", " never ")):
        return None
    named = {rating for synonym, rating in RATING_SYNONYMS.items() if f" {synonym} " in words}
    return named.pop() if len(named) == 1 else None


def _rating_wording(tables):
    for table in ("ratings", "pdu_inspections", "pdu_standard_ratings"):
        rating_field = "overall_rating" if table == "pdu_inspections" else "rating"
        for line, row in tables.get(table, []):
            published, rating = row.get("rating_as_published", ""), row.get(rating_field, "")
            if not published or not rating:
                continue
            if _rating_named(published) != rating:
                yield table, line, "rating_as_published", f"published wording '{published}' does not mean '{rating}'"


def _ratings_agree(tables):
    seen: dict[tuple, tuple[str, int]] = {}
    for line, row in tables.get("ratings", []):
        key = (row.get("provider_id"), row.get("round"), row.get("standard"))
        rating = row.get("rating")
        if key in seen and seen[key][0] != rating:
            yield ("ratings", line, "rating", f"sources disagree on the rating of {'/'.join(map(str, key))}: "
                   f"'{rating}' here, '{seen[key][0]}' on line {seen[key][1]}")
        seen.setdefault(key, (rating, line))


def _counts_within_units(tables):
    units: dict[str, int] = defaultdict(int)
    for _, row in tables.get("providers", []):
        units[row.get("provider_type", "")] += 1
    units["all"] = sum(units.values())
    # Several sources may state the same count (one row each): per rating take the largest
    # stated count, then the ratings of one round, provider type and standard must fit the units.
    stated: dict[tuple, int] = defaultdict(int)
    for line, row in tables.get("rating_counts", []):
        text = row.get("providers", "")
        kind = row.get("provider_type", "")
        if not _INTEGER.fullmatch(text) or kind not in units:
            continue  # reported by the schema / number-form
        n = int(text)
        if n > units[kind]:
            yield ("rating_counts", line, "providers",
                   f"{n} {kind} providers rated '{row.get('rating')}', but there are only {units[kind]}")
            continue
        cell = (row.get("round"), kind, row.get("standard"))
        before = sum(v for k, v in stated.items() if k[:3] == cell)
        key = cell + (row.get("rating"),)
        stated[key] = max(stated[key], n)
        total = sum(v for k, v in stated.items() if k[:3] == cell)
        if total > units[kind] >= before:
            yield ("rating_counts", line, "providers",
                   f"with this row the counts for {cell[0]} {kind} '{cell[2]}' add up to {total}, more than the "
                   f"{units[kind]} {kind} providers there are")


#: Tables of national figures: a statement belongs in exactly one of them (the official series
#: when it is part of one, so that a researcher who stacks the tables never counts it twice).
FIGURE_TABLES_NATIONAL = ("official_series", "national_caseload", "workforce")


def _fact_once(tables):
    home: dict[tuple[str, str], tuple[str, int]] = {}
    for table in FIGURE_TABLES_NATIONAL:
        for line, row in tables.get(table, []):
            key = (row.get("source_id", ""), row.get("value", ""))
            if not all(key):
                continue
            if key in home and home[key][0] != table:
                other, other_line = home[key]
                yield (table, line, "value", f"the figure {key[1]} from source '{key[0]}' is already stored in "
                       f"{other}.csv, line {other_line}: keep it in one table")
            home.setdefault(key, (table, line))



def _break_agrees(tables):
    # Several sources may state one break; they must put it at one date, or the chart would split
    # the series at two places for one break.
    seen: dict[str, tuple[tuple, int]] = {}
    for line, row in tables.get("reoffending_breaks", []):
        key = tuple(row.get(f, "") for f in ("kind", "date", "until", "label"))
        break_id = row.get("break_id", "")
        if break_id in seen and seen[break_id][0] != key:
            yield ("reoffending_breaks", line, "date", f"break '{break_id}' is stated here as {key[1]} ({key[0]}), "
                   f"but as {seen[break_id][0][1]} ({seen[break_id][0][0]}) on line {seen[break_id][1]}: one break, one date")
        seen.setdefault(break_id, (key, line))


#: Tables of figures and the fields that date what each figure describes (the first one filled is
#: used). A plan or an expectation the source states ("will be made up of more than 16,000 staff")
#: dates after its source: its notes say "forward-looking", and the rule leaves it be.
FIGURE_DATE_FIELDS = {"official_series": ("date", "period"), "national_caseload": ("period",), "workforce": ("period",),
                      "provider_facts": ("period",), "research_findings": ("period",), "other_figures": ("period",),
                      "inspection_aggregates": ("period",), "pdu_inspections": ("fieldwork", "published"),
                      "inspection_events": ("date",)}


def _source_not_before_figure(tables):
    # A source cannot state a figure for a day after it was published: an August 2023 page giving
    # "31 December 2023" is a later update, another document, or a mistyped date.
    published: dict[str, tuple[str, object]] = {}
    for _, row in tables.get("sources", []):
        try:
            _, end = period_bounds(row.get("published") or None)
        except ValueError:
            continue  # reported by period-real
        if end is not None:
            published[row.get("source_id", "")] = (row.get("published"), end)
    for table, date_fields in FIGURE_DATE_FIELDS.items():
        for line, row in tables.get(table, []):
            source = published.get(row.get("source_id", ""))
            field = next((f for f in date_fields if row.get(f)), None)
            if source is None or field is None or "forward-looking" in row.get("notes", "").lower():
                continue
            try:
                start, _ = period_bounds(row[field])
            except ValueError:
                continue  # reported by period-real
            if start is not None and start > source[1]:
                yield (table, line, field, f"the figure is for {row[field]}, after its source "
                       f"'{row['source_id']}' was published ({source[0]}): a source cannot state it")


@dataclass(frozen=True)
class TableRule(Rule):
    tables: tuple[str, ...] = ()


TABLE_RULES: list[TableRule] = [
    TableRule("rating-wording", "The published wording of a rating means the rating recorded.", _rating_wording,
              ("ratings", "pdu_inspections", "pdu_standard_ratings")),
    TableRule("ratings-agree", "Sources stating one provider's rating for one round and standard agree.",
              _ratings_agree, ("ratings",)),
    TableRule("counts-within-units", "Counts of rated providers never exceed the providers there are.",
              _counts_within_units, ("providers", "rating_counts")),
    TableRule("fact-once", "A national figure from one source is stored in one table only.", _fact_once,
              FIGURE_TABLES_NATIONAL),
    TableRule("break-agrees", "Sources stating one reoffending break give it one kind, date and label.", _break_agrees,
              ("reoffending_breaks",)),
    TableRule("source-not-before-figure", "No figure is dated after the publication of the source that states it (unless its notes "
              "mark it forward-looking: a plan or expectation the source states).",
              _source_not_before_figure, ("sources", *FIGURE_DATE_FIELDS)),
]


def tables_needed() -> set[str]:
    """Tables the table rules read in full (all small)."""
    return {t for rule in TABLE_RULES for t in rule.tables}


def run_row_rules(table: str, fields: dict, row: dict) -> Iterable[tuple[str, str, str]]:
    """(rule id, field, message) for every row rule that fires on ``row``."""
    for rule in ROW_RULES:
        for field, message in rule.check(table, fields, row):
            yield rule.rule_id, field, message
