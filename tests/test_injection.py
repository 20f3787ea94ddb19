"""Text from the data is shown, never run: payloads from a reliability review, in a real browser.

A quotation containing ``<!--<script>`` or ``</script>`` must not break a chart's script or
swallow the rest of the page; a source address ``javascript:alert(4)`` must not become a live
link; ``=HYPERLINK(...)`` and ``@SUM(...)`` must not reach a CSV download as formulas."""

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from probation_stats.report.charts import chart_html, figure
from probation_stats.report.safe_output import csv_text, http_link, script_json

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
from book_site import serve  # noqa: E402

PAYLOADS = [
    "<!--<script>",
    "</script><script>window.__pwned = 1; alert('script');</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "]]></script><!--",
    "\u2028alert('line separator')\u2029",
]
FORMULAS = ['=HYPERLINK("http://example.org","click")', "@SUM(A1:A9)", "+1+1", "-2+3", "\t=1", "\r=1"]


def hostile_page(folder: Path) -> Path:
    data = pd.DataFrame({"label": PAYLOADS, "value": range(len(PAYLOADS))})
    chart = alt.Chart(data).mark_bar().encode(x="value:Q", y="label:N", tooltip=["label"])
    body = "\n".join([
        "<!doctype html><html><head><meta charset='utf-8'><title>hostile</title>",
        "<script src='vega-bundle.js'></script></head><body>",
        chart_html(chart.to_dict()),
        "<p id='after-the-chart'>The rest of the page.</p>",
        "<ul>",
        "<li>" + http_link("javascript:alert(4)", "a source") + "</li>",
        "<li>" + http_link("data:text/html,<script>alert(5)</script>") + "</li>",
        "<li>" + http_link("https://example.org/report", "a real source") + "</li>",
        "</ul></body></html>",
    ])
    (folder / "index.html").write_text(body, encoding="utf-8")
    shutil.copy(ROOT / "book" / "static_assets" / "vega-bundle.js", folder / "vega-bundle.js")
    return folder


def test_script_json_cannot_end_or_open_a_script():
    text = script_json({"q": PAYLOADS})
    for bad in ("</", "<!--", "<script", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == {"q": PAYLOADS}


def test_only_http_links_are_live():
    assert http_link("javascript:alert(4)") == "javascript:alert(4)"
    assert "<a" not in http_link("JAVASCRIPT:alert(4)") + http_link("data:x") + http_link("//evil.example")
    assert http_link("https://x.org/", "t").startswith('<a href="https://x.org/"')


def test_csv_downloads_neutralise_formulas(tmp_path):
    frame = pd.DataFrame({"claim": FORMULAS, "n": [1.0] * len(FORMULAS), "x": [-5.5] * len(FORMULAS)})
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert all(row[0].startswith("'") for row in rows[1:])
    assert {row[1] for row in rows[1:]} == {"1"}          # no float noise
    assert {row[2] for row in rows[1:]} == {"-5.5"}       # numbers stay numbers
    figure(alt.Chart(frame).mark_point(), name="synthetic-formulas", description="A synthetic test chart, "
           "never published, holding spreadsheet formulas.", data=frame, out_dir=tmp_path)
    with open(tmp_path / "synthetic-formulas.csv", newline="", encoding="utf-8") as fh:
        written = list(csv.reader(fh))
    assert [row[0][:1] for row in written[1:]] == ["'"] * len(FORMULAS)


@pytest.mark.skipif(shutil.which("node") is None or not Path("/usr/bin/chromium").exists(), reason="needs Chromium")
def test_hostile_data_runs_nothing_in_the_browser(tmp_path):
    site = hostile_page(tmp_path / "site")if (tmp_path / "site").mkdir() is None else None
    with serve(site) as base:
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "check_injection.mjs"), base + "index.html",
                                 str(tmp_path / "report.json")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["dialogs"] == [] and not report["pwned"], report
    assert report["after"], "the content after the chart was swallowed"
    assert report["drawn"], "the chart did not draw"
    assert report["hrefs"] == ["https://example.org/report"]
    assert report["external"] == []
