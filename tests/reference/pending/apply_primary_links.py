"""Apply primary_links.csv to data/: re-cite figure rows from a blog, news story or copy to the
primary page (GOV.UK, the inspectorate) whose stored text states the same figure.

Run from the repository root: ``python tests/reference/pending/apply_primary_links.py [--write]``.
Without ``--write`` it only prints what it would do. Only citation fields change (``source_id``,
``locator``; ``notes`` gain the earlier citation); values never change. A row is left where it is
when re-citing it would duplicate a statement already cited to the primary (same inspection and
source, or the same figure from the same source in another national table): the primary already
states it there. Tables outside OWNED are reported, not edited, unless named with
``--also=inspection_aggregates,pdu_standard_ratings`` (for whoever keeps those tables).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
LINKS = Path(__file__).with_name("primary_links.csv")
OWNED = ("official_series", "national_caseload", "workforce", "other_figures", "provider_facts", "pdu_inspections",
         "ratings")
NATIONAL = ("official_series", "national_caseload", "workforce")
#: Primary documents not yet in sources.csv (id chosen here), keyed by their address.
NEW_SOURCES = {
    "https://www.gov.uk/government/statistics/community-performance-annual-update-to-march-2023/"
    "community-performance-annual-update-to-march-2023": "gov-community-performance-2023",
}


def _long(iso: str) -> str:
    """'2023-07-27' as the page prints it: '27 July 2023'."""
    from datetime import date

    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _key(url: str) -> str:
    return url.strip().rstrip("/").replace("https://", "").replace("http://", "").removeprefix("www.")


def read(name):
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def write(name, fields, rows):
    with open(DATA / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


def _matches(name, row, key):
    if name == "pdu_inspections":
        return row["inspection_id"] == key
    if name == "pdu_standard_ratings":
        return f"{row['inspection_id']}/{row['standard_name']}" == key
    return row.get("fact_id") == key


def _clash(name, rows, row, primary, tables):
    same = [r for r in rows if r is not row and r["source_id"] == primary]
    if name == "pdu_inspections":
        return any(r["inspection_id"] == row["inspection_id"] for r in same)
    if name == "pdu_standard_ratings":
        return any((r["inspection_id"], r["standard_name"], r["rating"]) ==
                   (row["inspection_id"], row["standard_name"], row["rating"]) for r in same)
    if name in NATIONAL:
        return any(r["source_id"] == primary and r["value"] == row["value"]
                   for n in NATIONAL if n != name for r in tables[n][1])
    return False


def main(do_write: bool, also: tuple[str, ...] = ()) -> dict:
    owned = OWNED + tuple(also)
    s_fields, sources = read("sources")
    by_url = {}
    for r in sources:
        if r["link"] == "primary":
            by_url.setdefault(_key(r["url"]), r["source_id"])
    tables = {name: read(name) for name in owned if (DATA / f"{name}.csv").exists()}
    plain = [n for n in tables if n not in ("pdu_inspections", "pdu_standard_ratings", "ratings")]
    with open(LINKS, newline="", encoding="utf-8") as f:
        links = list(csv.DictReader(f))
    report = {"moved": [], "kept_duplicate": [], "not_found": [], "not_owned": [], "new_sources": []}
    for link in links:
        primary = by_url.get(_key(link["primary_url"])) or NEW_SOURCES.get(link["primary_url"])
        if primary not in {r["source_id"] for r in sources}:
            # A primary document not yet registered: added at the end (others append in parallel).
            sources.append({**{k: "" for k in s_fields}, "source_id": primary, "title": link["primary_title"],
                            "publisher": link["primary_publisher"], "published": link["primary_published"],
                            "url": link["primary_url"], "link": "primary", "kind": "statistics",
                            "licence": "OGL-3.0", "accessed": "2026-12-07",
                            "notes": f"Date: the page prints \"Published {_long(link['primary_published'])}\"."})
            report["new_sources"].append(primary)
        for token in filter(None, link["figure_rows"].split("|")):
            table, _, key = token.rpartition(":")
            if table and table not in tables:
                report["not_owned"].append((token, link["source_id"], primary))
                continue
            found = False
            for name in ([table] if table else plain):
                fields, rows = tables[name]
                for row in rows:
                    if not _matches(name, row, key) or row["source_id"] != link["source_id"]:
                        continue
                    found = True
                    if _clash(name, rows, row, primary, tables):
                        report["kept_duplicate"].append((name, key, link["source_id"], primary))
                        continue
                    note = f"earlier cited to {row['source_id']}"
                    row["source_id"], row["locator"] = primary, link["locator_on_primary"]
                    row["notes"] = f"{row['notes']}; {note}" if row["notes"] else note
                    report["moved"].append((name, key, link["source_id"], primary))
            if not found:
                report["not_found"].append((token, link["source_id"]))
    if do_write:
        write("sources", s_fields, sources)
        for name, (fields, rows) in tables.items():
            write(name, fields, rows)
    return report


if __name__ == "__main__":
    extra = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--also=")), [])
    result = main("--write" in sys.argv, tuple(extra))
    for kind, items in result.items():
        print(f"{kind}: {len(items)}")
        for item in items:
            print("   ", item)
