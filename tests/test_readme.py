"""The README's Python examples run as written, from a folder outside the checkout, against the
installed package (as a researcher would run them after `pip install .`)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_has_examples_to_run():
    blocks = _python_blocks()
    assert len(blocks) >= 2
    assert any("trend_breaks" in b for b in blocks) and any("caseload_effect" in b for b in blocks)


def test_every_python_block_of_the_readme_runs_outside_the_checkout(tmp_path):
    # One script, blocks in order (a later block may use an earlier one's names, as a reader's
    # session would); no PYTHONPATH and no data folder set, so only the installed package is used.
    script = tmp_path / "readme_examples.py"
    script.write_text("\n\n".join(_python_blocks()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PROBATION_STATS_")}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
