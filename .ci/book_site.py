"""Helpers for the browser checks and the PDF edition: the book's pages in reading order, and a
local web server for the built site (on 127.0.0.1 only)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


def reading_order() -> list[str]:
    """Pages of _toc.yml in order, as paths relative to the site root (e.g. 'book/intro.html')."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [ch["file"] for ch in part.get("chapters", [])]
    return [f"{f}.html" for f in files]


def all_pages() -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path = SITE):
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def scratch_copy(dest: Path) -> Path:
    """A copy of the repository's tracked files in ``dest``/repo, sharing this checkout's
    environment and generated assets (symlinks), for tests and benchmarks that edit files or
    build. Run commands in it with PYTHONPATH set to the copy, so kernels import its package."""
    import shutil
    import subprocess

    copy = dest / "repo"
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for rel in files:
        if (ROOT / rel).is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, copy / rel)
    share_environment(copy)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    return copy


def share_environment(copy: Path) -> None:
    """Give a copy of (part of) the repository this checkout's environment and generated assets,
    as symbolic links: the .venv, the set-up stamp, the chart JavaScript and MathJax, the browser
    tests' node_modules. The copy's own .ci/setup then finds everything up to date."""
    import shutil

    (copy / ".venv").symlink_to(ROOT / ".venv")
    (copy / ".ci").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / ".ci" / ".setup-stamp", copy / ".ci" / ".setup-stamp")
    (copy / "book" / "static_assets").mkdir(parents=True, exist_ok=True)
    for asset in ["vega-bundle.js", "mathjax"]:
        (copy / "book" / "static_assets" / asset).symlink_to(ROOT / "book" / "static_assets" / asset)
    (copy / "tests" / "browser").mkdir(parents=True, exist_ok=True)
    (copy / "tests" / "browser" / "node_modules").symlink_to(ROOT / "tests" / "browser" / "node_modules")
