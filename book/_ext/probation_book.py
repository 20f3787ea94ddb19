"""Sphinx extension for the probation-stats book.

* Copies into the built site what readers download: the CSV behind each chart (written by
  ``probation_stats.report.charts.figure`` into ``book/chart_data/``) and the whole data package
  (``data/``), so every "download the data" link works offline.
* Puts the edition (package version, git commit, data fingerprint) in every page's footer.
* Provides the ``build-status`` directive for the status page: the edition, the build time, and
  what the notebook executor did in this build (from _build/notebook_execution.json, written by
  .ci/run_notebooks.py).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive


def _edition(root: Path) -> dict:
    sys.path.insert(0, str(root))
    try:
        import probation_stats as ps
    finally:
        sys.path.pop(0)

    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = [line for line in git("status", "--porcelain").splitlines() if "_build/" not in line]
    return {
        "version": ps.__version__,
        "commit": commit + ("+uncommitted changes" if dirty and commit != "unknown" else ""),
        "data_fingerprint": ps.data_fingerprint(root / "data"),
    }


def _config_inited(app, config):
    root = Path(app.srcdir)
    app.probation_edition = _edition(root)
    ed = app.probation_edition
    # The build date (a day, not a time: same-day rebuilds keep the same footer and so need not
    # rewrite every page).
    built = datetime.now(timezone.utc).strftime("%-d %B %Y")
    footer = (f'<p class="ps-edition">probation-stats {html.escape(ed["version"])} · built {built} · commit '
              f'<code>{html.escape(ed["commit"])}</code> · data fingerprint <code>{html.escape(ed["data_fingerprint"])}</code>'
              ' · <a href="/probation-stats.pdf" class="ps-pdf-link">PDF edition</a>'
              ' · <a href="/book/status.html" class="ps-status-link">build status</a></p>')
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = footer
    config.html_theme_options = options


def _footer_link(app, pagename, templatename, context, doctree):
    # The footer is the same HTML on every page; make its status link relative to this page.
    depth = pagename.count("/")
    prefix = "../" * depth
    theme = context.get("theme_extra_footer")
    if theme:
        context["theme_extra_footer"] = (theme.replace('href="/book/status.html"', f'href="{prefix}book/status.html"')
                                         .replace('href="/probation-stats.pdf"', f'href="{prefix}probation-stats.pdf"'))


#: The chart library (vega, vega-lite, vega-embed: 830 kB of script) is needed only where a chart is.
CHART_SCRIPT = "vega-bundle.js"


def _chart_script_where_charts_are(app, pagename, templatename, context, doctree):
    # Most pages (every provider and PDU page) draw no chart: they should not make a reader's
    # browser fetch and compile the chart library. A chart's own script calls vegaEmbed.
    if "vegaEmbed" not in (context.get("body") or ""):
        context["script_files"] = [js for js in context.get("script_files", [])
                                   if str(getattr(js, "filename", js) or "").rsplit("/", 1)[-1] != CHART_SCRIPT]


class BuildStatus(Directive):
    """Table of this build's edition and notebook execution."""

    has_content = False

    def run(self):
        app = self.state.document.settings.env.app
        ed = app.probation_edition
        root = Path(app.srcdir)
        report_path = root / "_build" / "notebook_execution.json"
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() else {"notebooks": []}
        built = datetime.now(timezone.utc).strftime("%-d %B %Y, %H:%M UTC")
        rows = "".join(
            f"<tr><td><code>{html.escape(n['notebook'])}</code></td><td>{'executed' if n['executed'] else 'reused'}</td>"
            f"<td>{html.escape(n['status'])}</td><td>{'' if n['seconds'] is None else n['seconds']}</td>"
            f"<td>{html.escape(n['reason'])}</td><td>{n.get('inputs', '')}</td></tr>"
            for n in report["notebooks"])
        body = (
            "<table class='ps-table'><tbody>"
            f"<tr><th>package version</th><td>{html.escape(ed['version'])}</td></tr>"
            f"<tr><th>git commit</th><td><code>{html.escape(ed['commit'])}</code></td></tr>"
            f"<tr><th>data fingerprint</th><td><code>{html.escape(ed['data_fingerprint'])}</code></td></tr>"
            f"<tr><th>built</th><td>{built}</td></tr>"
            f"<tr><th>notebook report</th><td>{html.escape(report.get('generated', 'none'))}</td></tr>"
            "</tbody></table>"
            "<div class='ps-table-scroll'><table class='ps-table ps-exec'><thead><tr><th>notebook</th><th>this build</th>"
            "<th>status</th><th>seconds</th><th>why</th><th>input files</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")
        return [nodes.raw("", body, format="html")]


def _always_reread_status(app, env, added, changed, removed):
    # The status page describes this build, so it is re-read on every build, changed or not.
    return [d for d in env.found_docs if d.endswith("status")]


def _copy_downloads(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    src = Path(app.srcdir)
    out = Path(app.outdir)
    pairs = [(src / "book" / "chart_data", out / "book" / "chart_data"), (src / "data", out / "data")]
    for source, target in pairs:
        _mirror(source, target)


def _write_front_door(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    # The site's root page sends readers to the first chapter. The table-of-contents extension's
    # own version is a bare <meta> line: no language, no title, and no icon, so every browser
    # then asks for /favicon.ico and logs a 404. The icon is an empty inline one: this page is
    # left at once, and a file fetched for it would be cut off by the redirect.
    first = app.config.root_doc + ".html"
    title = html.escape(app.config.html_title or app.config.project or "")
    icon = '<link rel="icon" href="data:,">'
    page = (f'<!DOCTYPE html>\n<html lang="{app.config.language or "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{title}</title>\n<meta http-equiv="Refresh" content="0; url={first}">\n{icon}\n</head>\n'
            f'<body>\n<p><a href="{first}">{title}</a></p>\n</body>\n</html>\n')
    from probation_stats._atomic import atomic_write_text

    atomic_write_text(Path(app.outdir) / "index.html", page)


def _mirror(source: Path, target: Path) -> None:
    """Make ``target`` an exact copy of ``source``: a file removed or renamed there is gone here
    too (no stale download), and readers never see a half-copied folder (copy aside, then swap)."""
    staging = target.with_name(f".{target.name}.new")
    old = target.with_name(f".{target.name}.old")
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    if not source.is_dir():
        if target.exists():
            shutil.rmtree(target)
        return
    shutil.copytree(source, staging)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    if old.exists():
        shutil.rmtree(old)


def setup(app):
    # The published site's address (_config.yml, sphinx.config): read by .ci/build_pdf.py.
    app.add_config_value("probation_site_url", "", "env")
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _footer_link)
    app.connect("html-page-context", _chart_script_where_charts_are)
    app.connect("env-get-outdated", _always_reread_status)
    app.connect("build-finished", _copy_downloads)
    app.connect("build-finished", _write_front_door)
    app.add_directive("build-status", BuildStatus)
    app.setup_extension("entity_pages")  # the Providers and PDUs pages (book/_ext/entity_pages.py)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
