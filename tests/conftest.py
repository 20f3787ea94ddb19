"""Shared fixtures. Synthetic data made here are named synthetic_* and never leave tmp_path."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SITE = ROOT / "_build" / "html"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of data/ that a test may break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The HTML book built by `bash .ci/build-book` (which `bash .ci/test` runs first)."""
    if not (SITE / "index.html").is_file():
        pytest.fail("no built book at _build/html: run `bash .ci/build-book` (or `bash .ci/test`) first")
    return SITE
