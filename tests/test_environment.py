"""The environment is pinned in one place and every copy of the pins agrees with it."""

import json
import re
import tomllib
from pathlib import Path

import altair as alt
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _dev_pins() -> list[str]:
    return _pyproject()["project"]["optional-dependencies"]["dev"]


def test_every_dev_dependency_is_pinned_exactly():
    for spec in _dev_pins():
        req = Requirement(spec)
        ops = [s.operator for s in req.specifier]
        assert ops == ["=="], f"{spec} must be an exact pin (==)"


def test_jupyter_book_is_version_1():
    # Jupyter Book 2 cannot build HTML offline; a loose pin lets pip backtrack to 0.6.
    pins = {Requirement(s).name.lower(): s for s in _dev_pins()}
    assert pins["jupyter-book"] == "jupyter-book==1.0.4.post1"


def test_environment_yml_mirrors_the_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = [p for p in pip_section if not p.startswith("-e")]
    assert listed == _dev_pins()
    assert "-e ." in pip_section
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python=3.11"


def test_pins_fall_inside_the_package_ranges():
    # A researcher's `pip install probation-stats` range must admit what the book is built with.
    project = _pyproject()["project"]
    ranges = {Requirement(s).name.lower(): Requirement(s)
              for s in project["dependencies"] + project["optional-dependencies"]["report"]}
    assert "altair" in ranges and "altair" not in {Requirement(s).name.lower() for s in project["dependencies"]}
    pins = {Requirement(s).name.lower(): Requirement(s) for s in _dev_pins()}
    for name, req in ranges.items():
        assert name in pins, f"runtime dependency {name} has no exact pin in [dev]"
        version = next(iter(pins[name].specifier)).version
        assert req.specifier.contains(version), f"{name} pin {version} outside range {req.specifier}"


def test_vendored_chart_javascript_matches_altair():
    pkg = json.loads((ROOT / "book/vendor/package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "book/vendor/package-lock.json").read_text())["packages"]
    assert pkg["vega-lite"] == alt.VEGALITE_VERSION
    assert pkg["vega"].split(".")[0] == alt.VEGA_VERSION.lstrip("v").split(".")[0]
    assert pkg["vega-embed"].split(".")[0] == alt.VEGAEMBED_VERSION.lstrip("v").split(".")[0]
    for name, version in pkg.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} must be an exact version"
        assert lock[f"node_modules/{name}"]["version"] == version


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    run = (ROOT / ".ci/run").read_text()
    match = re.search(r"```(?:bash|sh)?\n(bash \.ci/test)\n```", readme)
    assert match, "README must show the test command in its own code block"
    assert match.group(1) in run.splitlines()
