"""Every chart fits its column at a phone's (390 px), a tablet's (768 px) and a desktop's (1400 px)
width and on an A4 page, with its legend in view, and says what it shows and where it comes from.

Debian's Chromium opens the built book served from 127.0.0.1 with every other host refused
(tests/browser/check_chart_fit.mjs); full-page screenshots at 390 px land in _build/screenshots/.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
from book_site import serve  # noqa: E402

CHAPTERS = ["reoffending", "caseload", "ratings", "caseloads_risk", "workforce", "reunification", "coverage", "methods",
            "benchmarks", "factcheck"]
VIEWS = ["390", "768", "1400", "A4 print"]
SHOTS = ROOT / "_build" / "screenshots"
# The fact-check chapter is being rewritten with charts.figure(title=, subtitle=, sources=) and a
# container-width chart; until then its figure is measured but not held to these rules. A test
# below fails once it passes them, so that this exemption is removed, not forgotten.
PENDING: set[str] = set()
SLACK_PX = 2


@pytest.fixture(scope="module")
def measured(built_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chart_fit")
    pages = [f"book/{c}.html" for c in CHAPTERS if (built_site / "book" / f"{c}.html").is_file()]
    (tmp / "pages.json").write_text(json.dumps(pages))
    with serve(built_site) as base:
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "check_chart_fit.mjs"), base,
                                 str(tmp / "pages.json"), str(tmp / "fit.json"), str(SHOTS)],
                                capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((tmp / "fit.json").read_text())


def _charts(measured, pending=False):
    return [(r["page"], r["view"], r["viewport"], c) for r in measured for c in r["charts"]
            if (r["page"] in PENDING) == pending]


def _fits(view, viewport, c):
    legends_in = all(g["left"] >= max(0, c["svgLeft"]) - SLACK_PX and g["right"] <= min(viewport, c["svgRight"]) + SLACK_PX
                     for g in c["legends"])
    return c["svgWidth"] <= c["container"] + SLACK_PX and not c["scrolls"] and legends_in


def _told(c):
    # A simulation has a Source line in words and no link; anything drawn from documents links them.
    return (len(c["title"]) >= 15 and bool(c["subtitle"]) and c["source"].strip().startswith("Source")
            and (bool(c["sourceLinks"]) or "simulation" in c["source"])
            and all(u.startswith(("http://", "https://")) for u in c["sourceLinks"]))


def test_every_chapter_is_measured_at_every_width(measured):
    assert {r["view"] for r in measured} == set(VIEWS)
    per_view = {v: sum(len(r["charts"]) for r in measured if r["view"] == v) for v in VIEWS}
    # One visible chart per figure at every width: 12 figures in the chapters today.
    assert len(set(per_view.values())) == 1 and per_view["390"] >= 12, per_view
    assert all(c["drawn"] for _, _, _, c in _charts(measured) + _charts(measured, pending=True))


def test_every_chart_fits_its_column(measured):
    too_wide = [f"{p} at {v}: {c['figure']} ({c['variant']}) {c['svgWidth']:.0f} px in {c['container']:.0f} px"
                for p, v, _, c in _charts(measured) if c["svgWidth"] > c["container"] + SLACK_PX]
    assert too_wide == []


def test_no_chart_scrolls_sideways(measured):
    assert [f"{p} at {v}: {c['figure']}" for p, v, _, c in _charts(measured) if c["scrolls"]] == []


def test_every_legend_is_in_view(measured):
    # In the viewport, and inside the SVG too: a legend past the SVG's edge is cut off.
    outside = [f"{p} at {v}: {c['figure']} legend {g['left']:.0f}-{g['right']:.0f} px, svg to {c['svgRight']:.0f} of {vp} px"
               for p, v, vp, c in _charts(measured) for g in c["legends"]
               if g["left"] < max(0, c["svgLeft"]) - SLACK_PX or g["right"] > min(vp, c["svgRight"]) + SLACK_PX]
    assert outside == []


def test_every_chart_states_a_finding_its_unit_and_its_sources(measured):
    missing = [f"{p}: {c['figure']}" for p, v, _, c in _charts(measured) if v == "1400" and not _told(c)]
    assert missing == []


def test_pending_pages_are_still_pending(measured):
    done = {p for p in PENDING if all(_fits(v, vp, c) and _told(c) for p2, v, vp, c in _charts(measured, pending=True) if p2 == p)}
    assert done == set(), "these pages now pass: remove them from PENDING"


def test_screenshots_at_phone_width_are_written(measured):
    shots = sorted(SHOTS.glob("*-390.png"))
    assert len(shots) == len({r["page"] for r in measured})
    assert all(s.stat().st_size > 10_000 for s in shots)
