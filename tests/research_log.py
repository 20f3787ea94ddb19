"""Finding the research log's words in what readers see (a helper of the research-log tests).

The phrases are kept in ``tests/research_log_phrases.txt``. Only what a reader reads is searched:
the text of a page, not its link addresses (a References entry may link a copy it does not name),
scripts or styles; and every cell of a downloadable CSV.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

PHRASES_FILE = Path(__file__).with_name("research_log_phrases.txt")

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_MD_TARGET = re.compile(r"\]\([^)]*\)")  # a markdown link's address: [text](address)


def phrases(path: Path = PHRASES_FILE) -> list[str]:
    """The maintained phrases, lower-cased, comments and blank lines left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.lower() for line in lines if line.strip() and not line.startswith("#")]


def visible_text(markup: str) -> str:
    """The words of HTML or markdown a reader sees: no tags, attributes, scripts, styles or
    link addresses; entities decoded."""
    text = _HIDDEN.sub(" ", markup)
    text = _TAG.sub(" ", text)
    return html.unescape(_MD_TARGET.sub("]", text))


def found(text: str, wanted: list[str] | None = None) -> list[str]:
    """The phrases of ``wanted`` (default: :func:`phrases`) that ``text`` holds, case-insensitively."""
    low = " ".join(text.lower().split())
    return [p for p in (phrases() if wanted is None else wanted) if p in low]


def notebook_texts(path: Path):
    """(where, text) for what a chapter notebook shows: its markdown and every output's text."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            yield f"cell {i} (markdown)", visible_text("".join(cell["source"]))
        for out in cell.get("outputs", []):
            data = dict(out.get("data", {}))
            if "text" in out:
                data["stream"] = out["text"]
            for kind, value in data.items():
                if kind.startswith("text/") or kind == "stream":
                    value = "".join(value) if isinstance(value, list) else str(value)
                    yield f"cell {i} ({kind})", visible_text(value) if kind in ("text/html", "text/markdown") else value


_IDS = re.compile(r"[a-z0-9][a-z0-9._-]*(\|[a-z0-9][a-z0-9._-]*)*")


def csv_hits(frame) -> dict[str, list[str]]:
    """Phrases found per column of a downloaded table (its header included). A column of ids
    (``source_id``, "a|b" lists) is the data's keys, not reader words, and is not searched: a
    source id may keep the name of the site its text was read on."""
    hits = {}
    for column in frame.columns:
        values = [str(v) for v in frame[column] if str(v)]
        if values and all(_IDS.fullmatch(v) for v in values):
            continue
        words = found(" | ".join([str(column), *values]))
        if words:
            hits[str(column)] = words
    return hits
