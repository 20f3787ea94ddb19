"""Every number in the book's prose is computed: it comes through a myst-nb glue role, and
every glue key a page uses is produced by a notebook."""

import json
import re
from pathlib import Path


BOOK = Path(__file__).resolve().parents[1] / "book"
GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+)`")
# Numbers that are names, not quantities: years, financial years / rounds.
ALLOWED_NUMBER = re.compile(r"^((19|20)\d{2}(/\d{2})?|(19|20)\d{2}[–-](19|20)?\d{2})$")
# Conventions and definitions, not findings: the confidence level, the unit of the caseload odds
# ratio, the no-difference value of a probability of superiority, list numbering, names.
DEFINITIONS = re.compile(r"95 ?% (confidence )?intervals?|per 10 extra cases|0\.5 (of|would mean) no difference|"
                         r"^\(\d\)|\s\(\d\)\s|Covid-19|R²|CR1|[Ll]icence v3\.0")


def _claim_headings():
    # The fact-check's headings quote the claims checked, word for word from data/claims.csv
    # (tests/test_factcheck_page.py keeps them equal): the claimant's numbers, not ours.
    import probation_stats as ps

    return {f"### Claim {c.claim_id}: {c.claim}" for c in ps.load_claims().itertuples()}


def _markdown_sources():
    for path in sorted(BOOK.glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.name}[cell {i}]", "".join(cell["source"])


def _produced_keys() -> dict[str, set[str]]:
    keys = {}
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        found = set()
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                name = out.get("metadata", {}).get("scrapbook", {}).get("name")
                if name:
                    found.add(name)
        keys[path.name] = found
    return keys


def _key_of(role_text: str, where: str) -> tuple[str, str]:
    page = where.split("[")[0]
    if "::" in role_text:
        page, rest = role_text.split("::", 1)
    else:
        rest = role_text
    key = rest.split(":")[0]
    return Path(page).name, key


def test_every_glue_key_used_is_produced_by_a_notebook():
    produced = _produced_keys()
    missing = []
    n_used = 0
    for where, text in _markdown_sources():
        for role_text in GLUE_ROLE.findall(text):
            n_used += 1
            page, key = _key_of(role_text, where)
            if key not in produced.get(page, set()):
                missing.append(f"{where}: {role_text}")
    assert n_used > 0
    assert not missing, missing


def test_no_number_is_typed_into_the_prose():
    typed = []
    quoted = _claim_headings()
    for where, text in _markdown_sources():
        if text.strip() in quoted:
            continue
        text = GLUE_ROLE.sub("", text)
        text = re.sub(r"```.*?```", "", text, flags=re.S)    # code blocks
        text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "", text, flags=re.S)  # mathematics
        text = DEFINITIONS.sub("", text)
        text = re.sub(r"`[^`]*`", "", text)                 # code and role targets
        text = re.sub(r"\]\([^)]*\)", "]", text)              # link targets
        text = re.sub(r"<[^>]+>", "", text)                   # HTML attributes
        for token in re.findall(r"\d[\d,.%/–-]*\d|\d", text):
            if not ALLOWED_NUMBER.match(token.rstrip(".,")):
                typed.append(f"{where}: {token}")
    assert not typed, typed


def test_no_glue_role_is_wrapped_in_code_backticks():
    # `{glue:text}`key`` renders as literal code instead of the number.
    wrapped = [where for where, text in _markdown_sources() if re.search(r"`\{glue", text)]
    assert not wrapped, wrapped
