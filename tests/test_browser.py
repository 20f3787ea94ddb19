"""The built book in a real browser (Debian's Chromium, driven by playwright-core), the way a
reader gets it: served from 127.0.0.1 with every other host refused."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
from book_site import SITE, all_pages, serve  # noqa: E402

# Not our code: Jupyter Book 1 pages declare THEBE_JS_URL twice even with Thebe switched off, and
# the theme logs a message when a first visit has no stored colour mode.
THEIRS_TEXT = ("THEBE_JS_URL",)
THEIRS_SCRIPTS = ("/_static/scripts/pydata-sphinx-theme.js",)


def _is_unit_page(page: str) -> bool:
    """A page of one provider, PDU or region (book/units/<unit id>.html; not the index)."""
    return Path(page).parent.name == "units" and Path(page).name != "index.html"


def axe_pages(pages: list[str]) -> set[str]:
    """The pages axe runs on: every page, except that of the unit pages (one template, filled
    from the data) it runs on one page per kind of unit (CRC, NPS division, PDU, region): the
    largest of that kind, whose tables exercise the template most."""
    import probation_stats as ps

    kinds = dict(zip(ps.entity_index().unit_id, ps.entity_index().kind))
    units = [p for p in pages if _is_unit_page(p)]
    chosen: dict[str, str] = {}
    for page in units:
        kind = kinds.get(Path(page).stem, "other")
        if kind not in chosen or (SITE / page).stat().st_size > (SITE / chosen[kind]).stat().st_size:
            chosen[kind] = page
    return (set(pages) - set(units)) | set(chosen.values())


@pytest.fixture(scope="module")
def report(built_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    pages = all_pages()
    with_axe = axe_pages(pages)
    (tmp / "pages.json").write_text(json.dumps([{"path": p, "axe": p in with_axe} for p in pages]))
    with serve(built_site) as base:
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "check_site.mjs"), base, str(tmp / "pages.json"),
                                 str(tmp / "report.json")], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp / "report.json").read_text())
    assert len(data) == len(pages) >= 10
    return {r["page"]: r for r in data}


def test_every_page_loads(report):
    assert {p: r["status"] for p, r in report.items() if r["status"] != 200} == {}


def test_no_request_leaves_this_machine(report):
    assert {p: r["external"] for p, r in report.items() if r["external"]} == {}


def test_no_local_request_fails(report):
    assert {p: r["failed"] for p, r in report.items() if r["failed"]} == {}


def test_no_console_errors_from_our_code(report):
    errors = {p: [e for e in r["consoleErrors"]
                  if not any(t in e["text"] for t in THEIRS_TEXT) and not any(s in e["url"] for s in THEIRS_SCRIPTS)]
              for p, r in report.items()}
    assert {p: e for p, e in errors.items() if e} == {}


def test_every_chart_is_drawn_and_described(report):
    charts = [(p, c) for p, r in report.items() for c in r["charts"]]
    assert len(charts) >= 8
    assert [c["id"] for p, c in charts if not c["drawn"]] == []
    assert [c["id"] for p, c in charts if len(c["label"]) < 40] == []   # accessible name = description


def test_every_chart_data_link_downloads_a_csv_that_parses(report):
    figures = [(p, f) for p, r in report.items() for f in r["figures"]]
    assert figures
    for page, fig in figures:
        assert len(fig["description"]) >= 40, page
        assert fig["csv_status"] == 200, (page, fig["csv"])
        rows = list(csv.reader(io.StringIO(fig["csv_text"])))
        assert len(rows) >= 2 and len(set(map(len, rows))) == 1, (page, fig["csv"])


def test_internal_links_and_anchors_resolve(report):
    ids = {p: set(r["ids"]) for p, r in report.items()}
    broken = []
    for page, r in report.items():
        for link in r["links"]:
            url, frag = urldefrag(link)
            parsed = urlparse(url)
            if parsed.hostname not in ("127.0.0.1", "localhost"):
                continue  # a link to a source's own page: followed by readers, never fetched here
            target = parsed.path.lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (SITE / target).exists():
                broken.append(f"{page} -> {link}")
            elif frag and target in ids and frag not in ids[target]:
                broken.append(f"{page} -> {link} (no #{frag})")
    assert broken == []


def test_no_accessibility_violations(report):
    # Any axe violation fails, whatever its impact: "moderate" ones (a page's content outside
    # every landmark, two search boxes with one name) are as real to a screen-reader user.
    checked = {p: r["axe"] for p, r in report.items() if r["axe"] is not None}
    # Every chapter page, and at least one unit page of each kind.
    assert {p for p in report if not _is_unit_page(p)} <= set(checked)
    assert len([p for p in checked if _is_unit_page(p)]) >= 4
    found = {p: [(v["id"], v["impact"], v["targets"]) for v in violations] for p, violations in checked.items() if violations}
    assert found == {}


def test_the_browser_itself_refuses_every_other_host(tmp_path):
    # The checks above find a request to another host because the browser is told to refuse them
    # (tests/browser/launch.mjs), not by intercepting each one. Put the defect back, a page that
    # reaches out by name, by this machine's outward address and by a stylesheet: every attempt
    # is recorded and none arrives, though a server listens on every interface at that port.
    import functools
    import http.server
    import socket
    import threading

    hits = []

    class Counting(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/leak"):
                hits.append(self.path)
            return super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), functools.partial(Counting, directory=str(tmp_path)))
    port = server.server_address[1]
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.connect(("192.0.2.1", 1))  # no packet is sent: this only picks the outward interface
    outward = probe.getsockname()[0]
    probe.close()
    leaks = [f"http://other-host.example:{port}/leak-name", f"http://{outward}:{port}/leak-address"]
    script = ";".join(f"fetch('{u}', {{mode: 'no-cors'}}).then(() => {{ window.__pwned = 1; }}, () => {{}})" for u in leaks)
    (tmp_path / "reach.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>reach</title>"
        f"<link rel='stylesheet' href='http://{outward}:{port}/leak-style.css'></head>"
        f"<body><p id='after-the-chart'>x</p><script>{script}</script></body></html>", encoding="utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = tmp_path / "report.json"
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "check_injection.mjs"),
                                 f"http://127.0.0.1:{port}/reach.html", str(out)], capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text())
    assert sorted(report["external"]) == sorted(leaks + [f"http://{outward}:{port}/leak-style.css"])
    assert hits == [] and report["pwned"] is False
