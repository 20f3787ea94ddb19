"""Output that text from the data cannot subvert: in a page's script, in a link, in a spreadsheet.

The data hold quotations from press and web pages; they are text to show, never code to run.

* :func:`script_json` - JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and the
  two JavaScript line separators are written as ``\\uXXXX`` escapes, so no ``</script>``,
  ``<!--`` or ``<script`` in a value can end or change the element.
* :func:`http_link` - an ``<a>`` only for an absolute http(s) address; anything else (a
  ``javascript:`` or ``data:`` address) is shown as plain text, never as a live link.
* :func:`spreadsheet_safe` / :func:`csv_text` - the usual spreadsheet-safety rule (OWASP "CSV
  injection"): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
  a leading apostrophe, so a spreadsheet shows it as text instead of evaluating it. Numbers are
  left as numbers, and whole numbers stored as floats are written without ``.0``.
"""

from __future__ import annotations

import csv
import html
import json
import re

import pandas as pd

__all__ = ["script_json", "http_link", "is_http_url", "spreadsheet_safe", "csv_text"]

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_HTTP = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s\"'<>`]*)?", re.ASCII)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def script_json(value, **dumps_kwargs) -> str:
    """``json.dumps(value)`` that is safe to place inside a ``<script>`` element.

    >>> script_json({"quote": "</script><script>alert(1)</script> <!--"})
    '{"quote": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e \\\\u003c!--"}'
    """
    text = json.dumps(value, **dumps_kwargs)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def is_http_url(url) -> bool:
    """True for an absolute http:// or https:// address with a host."""
    return isinstance(url, str) and bool(_HTTP.fullmatch(url))


def http_link(url, text: str | None = None, **attrs: str) -> str:
    """An HTML link to ``url`` if it is http(s); otherwise the escaped text, not a link.

    >>> http_link("https://example.org/a?b=1&c=2", "Report")
    '<a href="https://example.org/a?b=1&amp;c=2">Report</a>'
    >>> http_link("javascript:alert(4)")
    'javascript:alert(4)'
    """
    shown = html.escape(text if text is not None else str(url))
    if not is_http_url(url):
        return shown
    extra = "".join(f' {k.rstrip("_")}="{html.escape(v)}"' for k, v in attrs.items())
    return f'<a href="{html.escape(url)}"{extra}>{shown}</a>'


def _neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain_number(value):
    x = float(f"{float(value):.12g}")
    return int(x) if x == int(x) and abs(x) < 2**53 else x


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot start a spreadsheet formula; whole-number floats as integers.

    >>> spreadsheet_safe(pd.DataFrame({"claim": ["=HYPERLINK(1)", "@SUM(A1)", "fine"], "n": [1.0, 2.0, 3.0]}))
                claim  n
    0  '=HYPERLINK(1)  1
    1       '@SUM(A1)  2
    2            fine  3
    """
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_float_dtype(series) and series.notna().any():
            values = series.dropna().astype(float)
            if ((values % 1) == 0).all() and (values.abs() < 2**53).all():
                out[col] = series.astype("Int64")
            else:
                # No binary noise (0.30000000000000004) and no "11.0": whole values as integers,
                # others to 12 significant digits, still numbers (unquoted) in the CSV.
                out[col] = pd.Series([None if pd.isna(v) else _plain_number(v) for v in series],
                                     index=series.index, dtype=object)
        elif pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[col] = series.map(_neutralise, na_action="ignore")
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """CSV of :func:`spreadsheet_safe` ``frame``: UTF-8 text, no index, ``\\n`` line ends, dates
    without a time of day."""
    safe = spreadsheet_safe(frame)
    for col in safe.columns:
        if pd.api.types.is_datetime64_any_dtype(safe[col]):
            times = safe[col].dropna()
            if (times == times.dt.normalize()).all():
                safe[col] = safe[col].dt.strftime("%Y-%m-%d")
    # Text quoted always: a lone carriage return inside a quotation must not end the row.
    return safe.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
