"""Every chapter of the report opens with the answer a reader can quote (issue 23).

On the built site: the first thing after each chapter's title is an admonition with the class
``answer`` (before any section heading), with at least one link to a primary public document (a
government, inspectorate, Parliament or National Audit Office page: never a copy or a blog) and
at least one figure with its date. No estimator's name appears in it.
"""

import re
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT

# Publishers of primary documents: the hosts whose pages the answers may cite.
PRIMARY_HOSTS = ("gov.uk", "parliament.uk", "nao.org.uk", "legislation.gov.uk", "ons.gov.uk")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
# A date as readers write it: "June 2021", "31 March 2022", "2018/19", "2023".
DATED = re.compile(rf"\b(({MONTHS}) (19|20)\d\d|(19|20)\d\d(/\d\d)?)\b")
FIGURE = re.compile(r"\d")
# Words that belong under "How sure can we be?", not in an answer.
ESTIMATOR_WORDS = ("Brunner", "Munzel", "OrderedModel", "ordinal logit", "CR2", "logit", "Satterthwaite",
                   "Bell-McCaffrey", "HAC", "Newey", "bootstrap", "permutation")


def report_chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p.get("caption") == "The report")
    return [c["file"] for c in part["chapters"]]


def answer_block(html: str):
    """The chapter's answer admonition, if it comes before the first section heading."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("article") or soup.find("main") or soup   # the page body, not the print contents
    for element in main.find_all(["div", "aside", "h2"]):   # in document order
        if element.name == "h2":
            return None
        classes = element.get("class", [])
        if "admonition" in classes and "answer" in classes:
            return element
    return None


def is_primary(href: str) -> bool:
    host = urlparse(href).hostname or ""
    return href.startswith(("http://", "https://")) and any(host == h or host.endswith("." + h) for h in PRIMARY_HOSTS)


def problems(html: str) -> list[str]:
    block = answer_block(html)
    if block is None:
        return ["no answer block before the first section"]
    text = block.get_text(" ", strip=True)
    found = []
    if not any(is_primary(a.get("href", "")) for a in block.find_all("a")):
        found.append("no link to a primary document")
    if not (DATED.search(text) and FIGURE.search(text)):
        found.append("no dated figure")
    found += [f"names an estimator ({w})" for w in ESTIMATOR_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]
    return found


@pytest.mark.parametrize("chapter", report_chapters())
def test_every_chapter_opens_with_a_quotable_answer(built_site, chapter):
    page = built_site / f"{chapter}.html"
    assert page.is_file(), page
    assert problems(page.read_text(encoding="utf-8")) == [], chapter


def test_the_check_fails_on_a_page_without_a_primary_link_or_a_date():
    page = ("<main><h1>T</h1><div class='admonition answer'><p class='admonition-title'>The answer</p>"
            "<p>Caseloads were high (<a href='https://www.russellwebster.com/x'>a blog</a>).</p></div>"
            "<h2>More</h2></main>")
    assert problems(page) == ["no link to a primary document", "no dated figure"]
    good = page.replace("https://www.russellwebster.com/x", "https://www.gov.uk/government/statistics/x").replace(
        "were high", "were 240,922 in March 2022")
    assert problems(good) == []
    late = "<main><h1>T</h1><h2>First</h2>" + good.removeprefix("<main><h1>T</h1>")
    assert problems(late) == ["no answer block before the first section"]
    assert problems(good.replace("were 240,922", "by a Brunner-Munzel test were 240,922")) == [
        "names an estimator (Brunner)", "names an estimator (Munzel)"]
