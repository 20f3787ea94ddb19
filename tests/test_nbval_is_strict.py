"""Strict nbval must fail when a committed output no longer matches what the code produces;
otherwise the notebook check could pass while comparing nothing."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_changed_committed_output_fails_nbval(tmp_path):
    source = ROOT / "book" / "ratings.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    tampered = False
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("data", {}).get("text/plain", []))
            if not tampered and "published" in text:
                out["data"]["text/plain"] = [text.replace("published", "synthetic_tampered", 1)]
                out["data"].pop("text/html", None)
                tampered = True
    assert tampered, "no output to tamper with: the notebook has lost its check table"
    target = tmp_path / "synthetic_tampered.ipynb"
    target.write_text(json.dumps(nb), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(target), "--nbval", "-q", "-p", "no:cacheprovider",
         "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), "--rootdir", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout
