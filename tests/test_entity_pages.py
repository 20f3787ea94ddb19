"""The Providers and PDUs pages: one per unit in the data, each showing the ratings the data hold
with their sources linked, found from an index that links them all; and the package functions
behind them, against answers worked out here from the loaders' tables."""

import csv
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import probation_stats as ps
from probation_stats.derived.unit_profiles import STANDARD_LABELS, entity_profiles, period_type

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import entity_pages  # noqa: E402


# ---- answers from the data, worked out independently of probation_stats.derived.unit_profiles ----------------


def _latest_provider_rating(provider_id):
    overall = ps.load_ratings().query("standard == 'overall' and provider_id == @provider_id")
    return overall.sort_values("round").iloc[-1]


def _latest_unit_rating(unit_id):
    ins = ps.load_pdu_inspections().query("unit_id == @unit_id").dropna(subset=["overall_rating"])
    # The inspection whose source numbers it last of the unit's is the latest; else the last published.
    last = ins[ins["inspection_number"].astype("Float64") >= len(ins)]
    if len(last):
        return last.iloc[0]
    return ins.assign(order=ins["published"].fillna("")).sort_values("order", kind="stable").iloc[-1]


def _samples():
    """One unit of each kind that has an overall rating: (kind, unit id, rating, its source's URL)."""
    providers = ps.load_providers()
    units = ps.load_pdu_units()
    rated_ins = ps.load_pdu_inspections().dropna(subset=["overall_rating"])
    urls = ps.load_sources().set_index("source_id")["url"]
    out = []
    for ptype, kind in (("CRC", "CRC"), ("NPS", "NPS division")):
        pid = providers[providers.provider_type == ptype].provider_id.iloc[0]
        row = _latest_provider_rating(pid)
        out.append((kind, pid, str(row.rating), urls[row.source_id]))
    for ukind, kind in (("pdu", "PDU"), ("region", "Region")):
        ids = units[(units.kind == ukind) & units.unit_id.isin(rated_ins.unit_id)].unit_id
        if ids.empty:
            continue
        row = _latest_unit_rating(ids.iloc[0])
        out.append((kind, ids.iloc[0], str(row.overall_rating), urls[row.source_id]))
    return out


SAMPLES = _samples()


@pytest.fixture(scope="module")
def profiles():
    return entity_profiles()


# ---- the package -----------------------------------------------------------------------------------


def test_every_unit_in_the_data_is_indexed_once_with_its_kind():
    index = ps.entity_index()
    providers, units = ps.load_providers(), ps.load_pdu_units()
    assert index.unit_id.is_unique
    assert set(index.unit_id) == set(providers.provider_id) | set(units.unit_id)
    kinds = index.set_index("unit_id")["kind"].astype(str)
    assert (kinds[providers.provider_id].values == providers.provider_type.map({"CRC": "CRC", "NPS": "NPS division"}).values).all()
    assert (kinds[units.unit_id].values == units.kind.map({"pdu": "PDU", "region": "Region"}).values).all()
    # PDUs are placed in their region.
    pdu = index[index.kind == "PDU"].set_index("unit_id")
    assert (pdu.loc[units[units.kind == "pdu"].unit_id, "region"].values == units[units.kind == "pdu"].region.values).all()


@pytest.mark.parametrize("kind, unit_id, rating, url", SAMPLES)
def test_latest_overall_rating_is_the_datas(kind, unit_id, rating, url):
    row = ps.entity_index().set_index("unit_id").loc[unit_id]
    assert str(row["latest_rating"]) == rating
    assert str(row["kind"]) == kind


def test_a_provider_profile_has_every_rating_and_peer_counts_of_its_round(profiles):
    ratings = ps.load_ratings()
    for provider_id in ("crc-swm", "nps-north-west"):
        mine = ratings[ratings.provider_id == provider_id]
        profile = profiles[provider_id]
        assert len(profile.ratings) == len(mine)
        assert sorted(profile.ratings.rating) == sorted(mine.rating.astype(str))
        assert set(profile.ratings.source_url) == set(ps.load_sources().set_index("source_id").url[mine.source_id])
        # Peers: same provider type, same round, same standard; this provider included.
        ptype = mine.provider_type.iloc[0]
        pr = profile.peer_ratings
        for rec in mine.itertuples():
            peers = ratings[(ratings.provider_type == ptype) & (ratings["round"] == rec.round) & (ratings.standard == rec.standard)]
            row = pr[(pr.inspection == f"{rec.round} round") & (pr.standard == STANDARD_LABELS[rec.standard])].iloc[0]
            assert row["rating"] == str(rec.rating)
            assert row["rated"] == len(peers)
            assert [row[level] for level in ps.RATING_LEVELS] == [int((peers.rating == level).sum()) for level in ps.RATING_LEVELS]


def test_a_figure_is_ranked_only_against_the_same_measure_round_and_kind_of_period(profiles):
    facts = ps.load_provider_facts()
    profile = profiles["crc-swm"]
    row = profile.peer_figures[(profile.peer_figures.figure == "People on probation")
                               & (profile.peer_figures.inspection == "2018/19 round")].iloc[0]
    mine = facts[(facts.provider_id == "crc-swm") & (facts.measure == "people_supervised") & (facts["round"] == "2018/19")]
    kind_of_period = period_type(mine.period.iloc[0])
    peers = facts[(facts.provider_type == "CRC") & (facts.measure == "people_supervised") & (facts["round"] == "2018/19")
                  & (facts.period.map(period_type) == kind_of_period)]
    # One value per provider: an exact statement before a qualified one.
    per_provider = peers.assign(q=peers.qualifier.notna()).sort_values("q", kind="stable").drop_duplicates("provider_id")
    own = float(mine.sort_values("qualifier", na_position="first").value.iloc[0])
    assert row["n"] == len(per_provider) >= 2
    # Bounds ("more than 6,500") are not ordered as numbers: the rank is the range of places the
    # stated values allow, and it holds the place their numbers alone would give.
    places = [int(n) for n in re.findall(r"(\d+)(?:st|nd|rd|th)", row["rank"])]
    assert min(places) <= int((per_provider.value > own).sum()) + 1 <= max(places)
    assert row["rank"].endswith(f"highest of {len(per_provider)}")
    assert row["period_type"] == kind_of_period


def test_a_pdu_profile_has_each_inspection_and_its_peers_of_that_year(profiles):
    ins = ps.load_pdu_inspections()
    unit_id = next(u for k, u, _, _ in SAMPLES if k == "PDU")
    mine = ins[ins.unit_id == unit_id]
    profile = profiles[unit_id]
    overall = profile.ratings[profile.ratings.standard == "Overall"]
    assert len(overall) == len(mine)
    assert set(overall.rating) <= set(mine.overall_rating.astype(str)) | {"no rating stated in the sources"}
    for rec, row in zip(mine.dropna(subset=["overall_rating"]).itertuples(), profile.peer_ratings.itertuples()):
        same = ins[(ins.programme == rec.programme) & (ins.kind == rec.kind)]
        if pd.notna(rec.year):
            same = same[same.year == rec.year]
        assert row.rated == same.overall_rating.notna().sum()
        assert row.Inadequate == (same.overall_rating == "Inadequate").sum()


def test_an_unknown_unit_is_refused():
    with pytest.raises(KeyError, match="no provider"):
        ps.entity_profile("crc-nowhere")


def test_text_from_the_data_cannot_become_markup():
    hostile = "<script>alert(1)</script> `code` [link](javascript:alert(2)) **bold** {glue}`x`"
    text = entity_pages.md_text(hostile)
    # Every ASCII punctuation mark is escaped: nothing can open a tag, a link, a role or emphasis.
    assert re.search(r"(?<!\\)[<>`\[\]()*{}]", text) is None
    raw = entity_pages._raw_html('<td>a ``` b</td>')
    assert raw.count("````") == 2 and "```" not in raw.replace("````", "")


def test_pages_are_written_only_when_changed_and_stale_ones_deleted(tmp_path):
    for folder in ("data", "probation_stats"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    first = entity_pages.write_pages(tmp_path)
    n_units = len(ps.entity_index())
    assert first["written"] == n_units + 1 and not first["skipped"]
    assert entity_pages.write_pages(tmp_path)["skipped"]               # nothing changed: nothing computed
    (tmp_path / "_build" / "entity-pages.stamp").unlink()
    (tmp_path / "book" / "units" / "crc-gone.md").write_text("# Gone\n")
    again = entity_pages.write_pages(tmp_path)
    assert again == {"written": 0, "deleted": 1, "unchanged": n_units + 1, "skipped": False}
    assert not (tmp_path / "book" / "units" / "crc-gone.md").exists()


# ---- the built site --------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index('<article class="bd-article"'):text.index("</article>")]


def _hrefs(html_text: str) -> list[str]:
    parser = _Links()
    parser.feed(html_text)
    return parser.hrefs


def _reader_text(html_text: str) -> str:
    import html as html_lib

    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", html_text, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("kind, unit_id, rating, url", SAMPLES)
def test_a_unit_page_shows_its_rating_and_links_its_sources(built_site, kind, unit_id, rating, url):
    page = built_site / "book" / "units" / f"{unit_id}.html"
    assert page.is_file(), page
    article = _article(page)
    text = _reader_text(article)
    assert f" {rating} " in f" {text} "
    name = ps.entity_index().set_index("unit_id").loc[unit_id, "name"]
    assert " ".join(name.split()) in text
    external = [h for h in _hrefs(article) if not h.startswith(("#", "index.html", "../", "./"))
                and not re.fullmatch(r"[a-z0-9-]+\.html(#.*)?", h)]
    assert url in external                                   # the rating's source, its primary address
    assert external and all(re.match(r"https?://", h) for h in external), external


def test_the_index_links_every_unit_in_the_data(built_site):
    index_page = built_site / "book" / "units" / "index.html"
    article = _article(index_page)
    linked = {h[:-5] for h in _hrefs(article) if re.fullmatch(r"[a-z0-9-]+\.html", h)}
    expected = set(ps.load_providers().provider_id) | set(ps.load_pdu_units().unit_id)
    assert linked == expected
    assert all((built_site / "book" / "units" / f"{u}.html").is_file() for u in expected)
    # The index table is filterable by the book's table script (the box is made by the script).
    assert "table-sort.js" in index_page.read_text(encoding="utf-8")
    assert re.search(r'<table class="[^"]*\bps-filterable\b[^"]*" id="ps-entity-index"', article)


def test_unit_pages_show_no_iso_dates_ids_or_snake_case(built_site):
    from probation_stats.datapackage.reading import data_dir

    measures = set(pd.read_csv(data_dir() / "measures.csv").measure)
    for name in ("research_findings", "provider_facts", "national_caseload", "workforce", "other_figures"):
        measures |= set(pd.read_csv(data_dir() / f"{name}.csv").measure)
    ids = set(ps.load_sources().source_id) | set(ps.load_pdu_inspections().inspection_id)
    found = {}
    for page in sorted((built_site / "book" / "units").glob("*.html")):
        text = _reader_text(_article(page))
        bad = re.findall(r"\b[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?\b", text)
        bad += [w for w in re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text)]
        bad += [w for w in re.findall(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b", text) if w in ids or w in measures]
        if bad:
            found[page.name] = bad[:3]
    assert found == {}


_FILTER_CHECK = """
import { launch, isLocal } from './launch.mjs';
const [base, query] = process.argv.slice(1);
const browser = await launch();
const page = await browser.newPage();
await page.route('**/*', route => isLocal(route.request().url()) ? route.continue() : route.abort());
await page.goto(base + 'book/units/index.html');
const box = page.locator('input[aria-controls="ps-entity-index"]');
const visibleBefore = await box.isVisible();
const total = await page.locator('#ps-entity-index tbody tr').count();
await box.fill(query);
const shown = await page.locator('#ps-entity-index tbody tr:not([hidden])').evaluateAll(
  rows => rows.map(r => ({text: r.textContent, href: r.querySelector('a').getAttribute('href')})));
const status = await page.locator('.ps-filter:has(input[aria-controls="ps-entity-index"]) .ps-filter-status').textContent();
await box.fill('');
const after = await page.locator('#ps-entity-index tbody tr:not([hidden])').count();
console.log(JSON.stringify({visibleBefore, total, shown, status, after}));
await browser.close();
"""


def test_the_filter_box_finds_a_unit_by_name_offline(built_site):
    import json
    import subprocess

    sys.path.insert(0, str(ROOT / ".ci"))
    from book_site import serve

    index = ps.entity_index()
    unit_id = next(u for k, u, _, _ in SAMPLES if k == "PDU")
    query = index.set_index("unit_id").loc[unit_id, "name"].lower()
    with serve(built_site) as base:
        result = subprocess.run(["node", "--input-type=module", "-e", _FILTER_CHECK, base, query], cwd=ROOT / "tests" / "browser",
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["visibleBefore"] and seen["total"] == len(index)
    assert f"{unit_id}.html" in [row["href"] for row in seen["shown"]]
    assert all(query in row["text"].lower() for row in seen["shown"])
    assert 1 <= len(seen["shown"]) < seen["total"] and seen["status"] == f"{len(seen['shown'])} of {len(index)} shown"
    assert seen["after"] == len(index)


def test_a_profile_names_the_publishers_of_the_data_folder_given(data_copy):
    # Rename every publisher in a copy of data/: the copy's profile shows the new names, the
    # package's own data the old ones (before, profiles always read the package's sources).
    from probation_stats.datapackage.reading import rehash
    path = data_copy / "sources.csv"
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for row in rows:
        row["publisher"] = "Renamed Publisher " + row["source_id"][:3].upper()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    rehash(data_copy)
    assert (ps.load_sources(data_copy).publisher.str.startswith("Renamed Publisher")).all()
    unit = "crc-london"
    copied, own = ps.entity_profile(unit, data_dir=data_copy), ps.entity_profile(unit)
    named = lambda profile: " ".join(profile.ratings.source.astype(str)) + " " + " ".join(profile.figures.source.astype(str))
    assert "Renamed Publisher" in named(copied)
    assert "Renamed Publisher" not in named(own)
