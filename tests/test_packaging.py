"""`pip install` gives researchers the same validated data the book uses."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_data_and_loads_it(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(tmp_path.glob("probation_stats-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for table in (ROOT / "data").glob("*.csv"):
        assert f"probation_stats/_data/{table.name}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("PROBATION_STATS_DATA", None)
    code = ("import probation_stats as ps; d = ps.data_dir(); "
            "assert '_data' in str(d), d; print(sum(ps.validate_package().values()), len(ps.load_ratings()))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    n_rows, n_ratings = map(int, out.stdout.split())
    assert n_rows > 500 and n_ratings > 50
