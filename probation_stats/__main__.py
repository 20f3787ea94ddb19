"""Command line: ``python -m probation_stats validate [DIR]`` or ``... rehash [DIR]``.

``validate`` checks the whole data package and prints each table's row count, or every problem
found, one per line with its file, line and field (exit 1). ``rehash`` is for maintainers after
an intended edit of a table: it validates first and writes nothing if anything but the recorded
checksums is wrong; otherwise it rewrites the checksums in ``datapackage.json`` (the only file it
writes, atomically) and validates again.
"""

import sys

# Shown in full up to this many; a million-row file of bad cells should not flood the terminal.
MAX_LISTED = 200


def _print_problems(problems, stream) -> None:
    n = len(problems)
    print(f"invalid: {n} problem{'s' if n != 1 else ''}", file=stream)
    for problem in problems[:MAX_LISTED]:
        print(f"  {problem}", file=stream)
    if n > MAX_LISTED:
        print(f"  ... and {n - MAX_LISTED} more", file=stream)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "rehash") or len(argv) > 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    from probation_stats.datapackage import data_dir, rehash
    from probation_stats.errors import DataError
    from probation_stats.datapackage.validation import CHECKSUM_RULES, check_package

    target = argv[1] if len(argv) > 1 else None
    try:
        directory = data_dir(target)
    except FileNotFoundError as exc:
        print(f"invalid: {exc}", file=sys.stderr)
        return 1
    if not (directory / "datapackage.json").is_file():
        print(f"invalid: {directory}: no datapackage.json in this folder", file=sys.stderr)
        return 1
    if argv[0] == "rehash":
        before = check_package(directory).without(CHECKSUM_RULES)
        if not before.valid:
            print("rehash: nothing written, the data are invalid", file=sys.stderr)
            _print_problems(before.problems, sys.stderr)
            return 1
        try:
            print("rehashed:", ", ".join(rehash(directory)) or "nothing changed")
        except (DataError, OSError) as exc:
            print(f"rehash: nothing written: {exc}", file=sys.stderr)
            return 1
    report = check_package(directory)
    if not report.valid:
        _print_problems(report.problems, sys.stderr)
        return 1
    print("valid:", ", ".join(f"{k} ({v} rows)" for k, v in report.rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
