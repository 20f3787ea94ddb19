"""The fact-check page: claims in the page's contents, readable notes, primary links only."""

import json
import re
from pathlib import Path

import probation_stats as ps
from probation_stats.report.display import source_links_html
from probation_stats.derived.claim_checks import check_claims, load_evidence
from probation_stats.report.factcheck_page import claim_html, conclusion, period_summary_html, reader_note, summary_html, verdict_badge, with_unit
from probation_stats.source_links import is_copy_address

ROOT = Path(__file__).resolve().parents[1]
# Every id prefix a note can cite: those of all the evidence tables (taken from the data, so a
# new table's ids are covered), and the gaps'.
_PREFIXES = sorted({i.split("-")[0] for i in load_evidence().evidence_id if re.fullmatch(r"[a-z]+-\d+", i)} | {"gap"})
_ID = re.compile(rf"\b(?:{'|'.join(_PREFIXES)})-\d+\b")


def _hrefs(html_text):
    return re.findall(r'href="([^"]+)"', html_text)


def test_every_claim_has_its_own_heading_in_order():
    # The page's contents list the claims: one "### Claim N: <claim>" heading per claim, from the data.
    nb = json.loads((ROOT / "book" / "factcheck.ipynb").read_text(encoding="utf-8"))
    headings = [c["source"][0].strip() for c in nb["cells"]
                if c["cell_type"] == "markdown" and c["source"] and c["source"][0].startswith("### Claim ")]
    claims = ps.load_claims()
    assert headings == [f"### Claim {c.claim_id}: {c.claim}" for c in claims.itertuples()]


def test_summary_lists_every_claim_with_a_badge_and_links_only_primaries():
    parts, claims = check_claims()
    page = summary_html(parts, claims)
    assert page.count("<tr>") == len(claims) + 1
    for c in claims.itertuples():
        assert f'href="#claim-{c.claim_id}"' in page
    assert page.count('class="ps-badge') == len(claims)
    external = [h for h in _hrefs(page) if h.startswith("http")]
    assert external and not [h for h in external if is_copy_address(h)]


def test_conclusions_state_the_deciding_figure_with_its_date():
    parts, claims = check_claims()
    by_id = claims.set_index("claim_id", drop=False)
    # Claim 16: 258,157 on probation at the end of September 2018 (MoJ, via the Magistrates Association).
    text = conclusion(by_id.loc[16], parts)
    assert "258,157" in text and "30 September 2018" in text and text.startswith("1 of 3 parts agree")
    # Claim 15's £277m lies inside the PAC's "up to £342m": a different measure, not a contradiction.
    assert by_id.loc[15, "verdict"] == "partly supported"
    block = claim_html(15, parts, claims)
    assert "different measure" in block and "Contradicted" not in block


def test_notes_reach_readers_without_internal_ids():
    parts, claims = check_claims()
    for note in parts.notes.dropna():
        shown = reader_note(note)
        assert not _ID.search(shown), shown
        assert ".csv" not in shown
    html_all = "".join(claim_html(c, parts, claims) for c in claims.claim_id)
    assert not _ID.search(re.sub(r'(href|id)="[^"]*"', "", html_all))


def test_a_copy_is_named_but_never_linked_as_the_source():
    sources = ps.load_sources()
    copy = sources[sources.link == "copy"].iloc[0]
    primary = sources[sources.link == "primary"].iloc[0]
    shown = source_links_html([copy.source_id, primary.source_id])
    hrefs = _hrefs(shown)
    assert copy.read_at not in hrefs and primary.url.replace("&", "&amp;") in hrefs
    assert f"references.html#src-{copy.source_id}" in hrefs


def test_verdict_badges_say_their_verdict_in_words():
    assert ">Partly contradicted<" in verdict_badge("partly contradicted")
    try:
        verdict_badge("mostly true")
    except ValueError as err:
        assert "unknown verdict" in str(err)
    else:
        raise AssertionError("an unknown verdict must be refused")


def test_the_period_table_counts_every_claim_once():
    _, claims = check_claims()
    page = period_summary_html(claims)
    rows = re.findall(r"<tr><th scope='row'>([^<]+)</th><td data-label='Claims'>(\d+)</td>", page)
    assert rows == [("2016\u20112020", "35"), ("2021\u20112025", "26"), ("All claims", str(len(claims)))]


def test_the_summary_names_the_period_of_each_claim():
    parts, claims = check_claims()
    page = summary_html(parts, claims)
    assert page.count("<td data-label='Period'>2021\u20112025</td>") == 26
    assert page.count("<td data-label='Period'>2016\u20112020</td>") == 35


def test_a_change_in_points_is_written_in_points_and_spans_in_words():
    assert with_unit("-2.5", "percentage_points") == "-2.5 percentage points"
    parts, claims = check_claims()
    text = conclusion(claims.set_index("claim_id", drop=False).loc[34], parts)
    assert text == ("The published figures differ: -2.5 percentage points (2011 to March 2017), "
                    "National Audit Office (March 2019).")


def test_the_answer_block_opens_the_chapter_and_links_the_nao_primary_document():
    nb = json.loads((ROOT / "book" / "factcheck.ipynb").read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    assert first.split("\n")[2] == "```{admonition} The answer"
    block = first.split("```")[1]
    links = re.findall(r"\]\((https?://[^)]+)\)", block)
    nao = ps.load_sources().set_index("source_id").loc["nao-2019-03-01-tr-progress-press-release"]
    assert links == [nao.url] and nao.link == "primary"
    # every number in the answer is glued
    assert not re.search(r"\d", re.sub(r"\{glue:text\}`[^`]+`|\([^)]*\)|\d{4}", "", block))
