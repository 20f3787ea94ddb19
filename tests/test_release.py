"""Citable and versioned: CITATION.cff is valid, and version numbers agree everywhere."""

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import yaml

import probation_stats as ps

ROOT = Path(__file__).resolve().parents[1]
# The Citation File Format 1.2.0 schema (CC-BY-4.0, citation-file-format.github.io), bundled
# because tests may not fetch anything.
SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json"


class _NoDates(yaml.SafeLoader):
    """YAML loader that keeps dates as text, as the CFF schema expects."""


_NoDates.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                                    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _cff():
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=_NoDates)


def test_citation_cff_is_valid_against_the_schema():
    jsonschema.validate(_cff(), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_schema_check_catches_a_broken_citation():
    broken = _cff()
    del broken["authors"]
    try:
        jsonschema.validate(broken, json.loads(SCHEMA.read_text(encoding="utf-8")))
    except jsonschema.ValidationError as exc:
        assert "authors" in str(exc)
    else:
        raise AssertionError("a citation without authors passed the schema")


def test_versions_agree():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _cff()["version"] == version
    assert ps.__version__ == version
    assert json.loads((ROOT / "data" / "datapackage.json").read_text())["version"] == version


def test_changelog_has_an_entry_for_this_version_or_unreleased():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert re.search(rf"^## \[({re.escape(version)}|Unreleased)\]", text, flags=re.M)


def test_footer_shows_the_edition(built_site):
    page = (built_site / "book" / "ratings.html").read_text(encoding="utf-8")
    assert f"probation-stats {ps.__version__}" in page
    assert ps.data_fingerprint() in page
    assert re.search(r"built \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}", page)
    status = (built_site / "book" / "status.html").read_text(encoding="utf-8")
    assert "git commit" in status and "data fingerprint" in status and "built" in status
