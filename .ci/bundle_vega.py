"""Concatenate vega, vega-lite and vega-embed (in that order: each needs the one before) into
one script the book serves itself, so no page loads chart code from another host.

Usage: python .ci/bundle_vega.py NODE_MODULES OUTPUT_JS
"""
import re
import sys
from pathlib import Path

# Order matters: vega-lite registers against the global `vega`, vega-embed against both.
PARTS = [
    "vega/build/vega.min.js",
    "vega-lite/build/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js",
]
# Source-map comments would make browser dev tools ask for .map files we do not ship.
SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def main(node_modules: str, output: str) -> None:
    root = Path(node_modules)
    chunks = []
    for part in PARTS:
        path = root / part
        if not path.is_file():
            sys.exit(f"bundle_vega: {path} is missing; run `npm ci --prefix book/vendor` first")
        text = SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
        chunks.append(f"/* {part} */\n{text}\n;\n")
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(chunks), encoding="utf-8")
    print(f"bundle_vega: wrote {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
