"""Command line: ``python -m probation_stats validate [DIR]`` or ``... rehash [DIR]``.

``validate`` checks the whole data package and prints row counts (exit 1 with the problem's
file, line and field otherwise). ``rehash`` is for maintainers after an intended edit of a table:
it rewrites the checksums in ``datapackage.json`` (the only file it writes), then validates.
"""

import sys

from .datapackage import rehash, validate_package
from .errors import DataError


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "rehash"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    target = argv[1] if len(argv) > 1 else None
    try:
        if argv[0] == "rehash":
            print("rehashed:", ", ".join(rehash(target)) or "nothing changed")
        counts = validate_package(target)
    except DataError as exc:
        print(f"invalid: {exc}", file=sys.stderr)
        return 1
    print("valid:", ", ".join(f"{k} ({v} rows)" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
