"""The package's layers stay apart: the import-linter contracts in pyproject.toml hold, and they
would fail if a lower layer imported a higher one (checked on a scratch copy with one bad import)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(where: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(LINT), "--config", str(where / "pyproject.toml"), "--no-cache"], cwd=where, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, bad_import, contract", [
    ("derived/facts.py", "from probation_stats.report import display", "report > derived"),
    ("datapackage/loaders.py", "from probation_stats.derived import facts", "report > derived"),
    ("estimators/power.py", "from probation_stats.datapackage import loaders", "Estimators run on anyone's data"),
    ("wording.py", "from probation_stats.datapackage import paths", "report > derived"),
])
def test_an_import_against_the_layers_fails_the_contract(tmp_path, module, bad_import, contract):
    shutil.copytree(ROOT / "probation_stats", tmp_path / "probation_stats", ignore=shutil.ignore_patterns("_data", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "probation_stats" / module
    target.write_text(target.read_text() + f"\n{bad_import}  # an import that runs up the layers\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert contract in result.stdout
