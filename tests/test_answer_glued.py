"""Issue 23 part 1 for the ratings and workforce chapters: each opens with "The answer", its figures
glued, linking a primary document of data/sources.csv, with no estimator's name in it."""

import json
import re
from pathlib import Path

import pytest

import probation_stats as ps

BOOK = Path(__file__).resolve().parents[1] / "book"
ESTIMATORS = ("Brunner", "Munzel", "OrderedModel", "logit", "CR2", "interval", "odds ratio", "p-value")


@pytest.mark.parametrize("chapter", ["ratings.ipynb", "workforce.ipynb"])
def test_the_chapter_opens_with_the_answer(chapter):
    first = "".join(json.loads((BOOK / chapter).read_text(encoding="utf-8"))["cells"][0]["source"])
    title, rest = first.split("\n", 1)
    assert title.startswith("# ")
    assert rest.lstrip().startswith("```{admonition} The answer\n:class: answer\n")
    block = rest.split("```{admonition} The answer", 1)[1].split("\n```", 1)[0]
    # Every number is glued; only dates (a year, a financial year) are typed.
    prose = re.sub(r"\(http[^)]*\)|\[[^\]]*\]|\{glue:text\}`[^`]*`", "", block)
    typed = [n for n in re.findall(r"\d[\d,./]*", prose) if not re.fullmatch(r"(19|20)\d\d(/\d\d)?", n)]
    assert "{glue:text}" in block and typed == [], typed
    sources = ps.load_sources()
    primary = set(sources.loc[sources.link == "primary", "url"])
    links = re.findall(r"\]\((https?://[^)]+)\)", block)
    assert links and all(url in primary for url in links), links
    assert not any(word.lower() in block.lower() for word in ESTIMATORS)
