"""Sorting and filtering long tables and lists works in a real browser, with no other host."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".ci"))
from book_site import serve  # noqa: E402


def test_claims_summary_and_references_can_be_filtered_and_sorted(built_site):
    with serve(built_site) as base:
        result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "check_table_tools.mjs"), base],
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    import probation_stats as ps

    claims = ps.load_claims()
    said_by = claims.reported_in.str.split(" — ").str[0]
    assert seen["claimsRows"] == len(claims)
    # Filtering keeps exactly the rows that contain the word, and says how many.
    guardian = [s for s in said_by if "Guardian" in s]
    assert 0 < seen["claimsShownAfterFilter"] < len(claims)
    assert all("Guardian" in t for t in seen["claimsShownTexts"])
    assert seen["filterStatus"] == f"{seen['claimsShownAfterFilter']} of {len(claims)} shown"
    assert seen["claimsShownAfterFilter"] >= len(guardian)
    assert seen["claimsShownAfterClear"] == len(claims)
    # Sorting orders the rows by the column pressed.
    assert seen["sortState"] == "ascending"
    assert seen["saidByAfterSort"] == sorted(seen["saidByAfterSort"], key=str.lower)
    # The References list filters too.
    sources = ps.load_sources()
    assert seen["referencesItems"] == len(sources)
    # Every word typed must appear (in any order, any case).
    shown = [t.lower() for t in seen["referencesShown"]]
    assert 0 < len(shown) < len(sources)
    assert all("justice" in t and "committee" in t for t in shown)
