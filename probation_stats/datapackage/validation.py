"""One validator for the data package: every problem at once, each naming file, line and field.

Two layers, never duplicated:

1. **The Table Schema**, checked by `frictionless <https://framework.frictionlessdata.io>`_, the
   reference implementation of the standard ``data/datapackage.json`` follows: headers, types,
   required cells, allowed values, patterns, primary keys. Foreign keys are checked here, with
   frictionless's own cell readers and its rule (a value that reads as empty is not looked up), on
   the key columns gathered while the files stream: frictionless would re-read every referenced
   table once per key (``sources`` 25 times), which was two thirds of the validation time.
2. **The project's rules** (:mod:`probation_stats.datapackage.rules`): what a Table Schema cannot express.

Around them, the checks on the files themselves: every resource path stays inside the data
folder, every file in it is described, its byte count and sha256 match the descriptor, and it is
UTF-8 (a bad byte is reported with its line). Files are streamed, so memory does not grow with a
table's length; the line reported is the file's own line (a quoted cell holding newlines spans
several), counting the header as line 1, as ``sed -n Np`` shows it.

Nothing here writes a file.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
import re
from array import array
from dataclasses import dataclass, field as dc_field
from pathlib import Path, PurePosixPath

from probation_stats.errors import DataError
from probation_stats.datapackage.paths import PathLike
from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.datapackage.rules import run_row_rules, tables_needed, TABLE_RULES

__all__ = ["Problem", "ValidationReport", "check_package", "DESCRIBED_EXTRA_FILES"]

#: Files of the data folder that are not tables (everything else must be a described resource).
DESCRIBED_EXTRA_FILES = frozenset({"datapackage.json", "README.md"})
# Problems of these kinds are about the recorded checksums only; ``rehash`` is allowed to fix them.
CHECKSUM_RULES = frozenset({"hash", "bytes"})
# Frictionless error types this module reports itself (with a better location), so not twice.
_OWN_TYPES = {"hash-count", "byte-count", "encoding-error", "extra-cell", "missing-cell", "blank-row",
              "incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label", "source-error"}


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file, line, field), what, and which rule."""

    path: str
    line: int | None
    field: str | None
    message: str
    rule: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"

    def as_error(self) -> DataError:
        return DataError(self.path, self.message, line=self.line, field=self.field)


@dataclass
class ValidationReport:
    """All problems found in one data folder, and each table's row count."""

    directory: Path
    problems: list[Problem] = dc_field(default_factory=list)
    rows: dict[str, int] = dc_field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems

    def without(self, rules: frozenset[str]) -> "ValidationReport":
        return ValidationReport(self.directory, [p for p in self.problems if p.rule not in rules], dict(self.rows))

    def raise_for_problems(self) -> None:
        """Raise a :class:`DataError` for the first problem (saying how many more there are)."""
        if not self.problems:
            return
        first = self.problems[0]
        more = len(self.problems) - 1
        message = first.message
        if more:
            message += (f" (and {more} more problem{'s' if more > 1 else ''}: "
                        "`python -m probation_stats validate` lists them all)")
        raise DataError(first.path, message, line=first.line, field=first.field)


# ---------------------------------------------------------------------------------------------


def _safe_resource_path(directory: Path, raw) -> tuple[Path | None, str | None]:
    """The resource's file, or None and why it is refused (outside the folder, not a CSV...)."""
    if not isinstance(raw, str) or not raw:
        return None, "the resource has no 'path' (a file name inside the data folder)"
    pure = PurePosixPath(raw)
    if pure.is_absolute() or "\\" in raw or ".." in pure.parts or re.match(r"^[A-Za-z]+:", raw):
        return None, f"path '{raw}' leaves the data folder; give a file name inside it"
    if pure.suffix != ".csv":
        return None, f"path '{raw}' is not a .csv file"
    target = directory / pure
    try:
        resolved = target.resolve()
        resolved.relative_to(directory.resolve())
    except ValueError:
        return None, f"path '{raw}' resolves outside the data folder (a symbolic link?)"
    return target, None


def _check_bytes(path: Path, rel: str, res: dict) -> tuple[list[Problem], bool]:
    """Size and checksum against the descriptor; UTF-8 with the line of any bad byte.

    Returns the problems and whether the file is readable text (else it is not parsed further).
    """
    problems = []
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size, line, readable = 0, 1, True
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
            size += len(block)
            if readable:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    offset = exc.start
                    bad_line = line + block[:offset].count(b"\n")
                    column = offset - (block.rfind(b"\n", 0, offset) + 1) + 1
                    problems.append(Problem(rel, bad_line, None, f"is not UTF-8 text: byte 0x{block[offset]:02x} "
                                            f"at character {column} of the line", "utf-8"))
                    readable = False
                line += block.count(b"\n")
        if readable:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                problems.append(Problem(rel, line, None, "is not UTF-8 text: the file ends inside a character", "utf-8"))
                readable = False
    expected_bytes = res.get("bytes")
    if expected_bytes is not None and expected_bytes != size:
        problems.append(Problem(rel, None, None, f"is {size} bytes, the descriptor records {expected_bytes}. If you "
                                "edited it on purpose, run `python -m probation_stats rehash`", "bytes"))
    expected = str(res.get("hash", "")).removeprefix("sha256:")
    actual = digest.hexdigest()
    if expected != actual:
        problems.append(Problem(rel, None, None, f"sha256 checksum mismatch: the descriptor records "
                                f"{expected or 'none'}, the file has {actual}. If you edited it on purpose, "
                                "run `python -m probation_stats rehash`", "hash"))
    return problems, readable


def _header_problem(header: list[str], expected: list[str]) -> str | None:
    if header == expected:
        return None
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    detail = []
    if missing:
        detail.append(f"missing column(s) {missing}")
    if extra:
        detail.append(f"unexpected column(s) {extra}")
    if len(set(header)) < len(header):
        detail.append(f"repeated column(s) {sorted({c for c in header if header.count(c) > 1})}")
    if not detail:
        detail.append(f"columns out of order; expected {expected}")
    return "header does not match the descriptor: " + "; ".join(detail)


def _stream_rows(path: Path, rel: str, fields: list[dict], name: str, keep: bool, key_columns: frozenset = frozenset()):
    """Header, row widths and row rules over the file as it streams.

    Returns (problems, record line starts, kept rows, usable, keys): ``usable`` is False when the
    header is wrong or the file empty, so its cells are not checked against fields they may not
    belong to; ``keys`` holds (line, {column: cell}) for the foreign-key columns of every
    non-blank record (a record with too few cells too, as frictionless reads it).
    """
    problems: list[Problem] = []
    keys: list[tuple[int, dict]] = []
    starts = array("l", [0, 1])  # starts[k] = file line where record k begins (header = record 1)
    kept: list[tuple[int, dict]] = []
    by_name = {f.get("name"): f for f in fields}
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                problems.append(Problem(rel, None, None, "file is empty (a header row is required)", "csv"))
                return problems, starts, kept, False, keys
            why = _header_problem(header, [f.get("name") for f in fields])
            if why:
                problems.append(Problem(rel, 1, None, why, "header"))
                return problems, starts, kept, False, keys
            key_at = [(i, col) for i, col in enumerate(header) if col in key_columns]
            line = reader.line_num + 1
            for cells in reader:
                starts.append(line)
                if cells and key_at:
                    keys.append((line, {col: cells[i] if i < len(cells) else None for i, col in key_at}))
                if not cells:
                    problems.append(Problem(rel, line, None, "is a blank line inside the table", "csv"))
                elif len(cells) != len(header):
                    problems.append(Problem(rel, line, None, f"has {len(cells)} cells, the header has {len(header)}",
                                            "csv"))
                else:
                    row = dict(zip(header, cells))
                    for rule, fld, message in run_row_rules(name, by_name, row):
                        problems.append(Problem(rel, line, fld, message, rule))
                    if keep:
                        kept.append((line, row))
                line = reader.line_num + 1
        except csv.Error as exc:
            problems.append(Problem(rel, reader.line_num, None, f"is not readable as CSV ({exc})", "csv"))
            return problems, starts, kept, False, keys
    return problems, starts, kept, True, keys


def _frictionless_problems(directory: Path, descriptor: dict, usable: dict[str, tuple[Path, str]],
                           starts: dict[str, array]) -> list[Problem]:
    """Table Schema errors of the usable resources, located by file line."""
    import frictionless  # imported here: only validation needs it

    resources = []
    for res in descriptor["resources"]:
        if res.get("name") in usable:
            clean = {k: v for k, v in res.items() if k not in ("hash", "bytes")}
            clean["path"] = usable[res["name"]][1]
            resources.append(clean)
    # Foreign keys are checked by _foreign_key_problems, from the rows already streamed.
    for r in resources:
        r["schema"] = {k: v for k, v in r.get("schema", {}).items() if k != "foreignKeys"}
    body = {k: v for k, v in descriptor.items() if k != "resources"}
    body["resources"] = resources
    problems = []
    try:
        package = frictionless.Package(body, basepath=str(directory))
        report = package.validate(limit_errors=1000)
    except Exception as exc:  # a descriptor frictionless cannot even read
        return [Problem("datapackage.json", None, None, f"is not a valid data package descriptor ({exc})", "schema")]
    for task in report.tasks:
        name = task.name
        rel = usable[name][1] if name in usable else name
        res = next(r for r in resources if r["name"] == name)
        for err in task.errors:
            if err.type in _OWN_TYPES:
                continue
            row_number = getattr(err, "row_number", None)
            line = None
            if row_number is not None and name in starts and row_number < len(starts[name]):
                line = int(starts[name][row_number])
            elif getattr(err, "label", None) is not None or err.type.endswith("-label"):
                line = 1
            fld = getattr(err, "field_name", None) or None
            message = _message(err, res)
            if err.type == "foreign-key":
                match = re.search(r'for "([^"]+)"', err.note or "")
                fld = match.group(1).replace(", ", "+") if match else None
            elif err.type in ("primary-key", "unique-error"):
                key = res["schema"].get("primaryKey") or []
                key = [key] if isinstance(key, str) else list(key)
                fld = "+".join(key) or fld
                match = re.search(r"position \"?(\d+)", err.note or "")
                earlier = ""
                if match and name in starts and int(match.group(1)) < len(starts[name]):
                    earlier = f" on line {int(starts[name][int(match.group(1))])}"
                message = f"duplicate primary key: the same {'/'.join(key)} as the row{earlier}"
            problems.append(Problem(rel, line, fld, message, "schema"))
    return problems


def _foreign_keys(res: dict) -> list[tuple[tuple, str, tuple]]:
    """(fields, referenced resource, referenced fields) of each foreign key; a blank resource is
    the table itself."""
    def names(value):
        return (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else ()
    out = []
    for fk in res.get("schema", {}).get("foreignKeys", []) or []:
        ref = fk.get("reference", {}) or {}
        out.append((names(fk.get("fields")), ref.get("resource") or res.get("name"), names(ref.get("fields"))))
    return out


def _foreign_key_columns(resources: list[dict]) -> dict[str, frozenset]:
    """The columns each table must hand over for the foreign-key check (its own keys and the
    columns other tables point at)."""
    columns: dict[str, set] = {}
    for res in resources:
        for fields, ref_name, ref_fields in _foreign_keys(res):
            columns.setdefault(res.get("name"), set()).update(fields)
            columns.setdefault(ref_name, set()).update(ref_fields)
    return {k: frozenset(v) for k, v in columns.items()}


def _foreign_key_problems(descriptor: dict, usable: dict[str, tuple[Path, str]],
                          keys: dict[str, list[tuple[int, dict]]]) -> list[Problem]:
    """Every foreign key whose values are not a key of the table it points at.

    As frictionless does it: each cell is read by its field's own reader (so ``01`` is claim 1
    of an integer key), a key whose cells all read as empty (or fail their type, reported on
    their own) is not looked up, and only tables that could be read are looked into. A key that
    names a missing table or field is a descriptor problem.
    """
    import frictionless

    by_name = {r.get("name"): r for r in descriptor["resources"]}
    problems: list[Problem] = []
    lookups: dict[tuple, set] = {}

    def readers(res: dict | None, names: tuple):
        specs = {f.get("name"): f for f in (res or {}).get("schema", {}).get("fields", [])}
        if not names or any(n not in specs for n in names):
            return None
        return [(n, frictionless.Field.from_descriptor(specs[n]).read_cell) for n in names]

    def read(row: dict, fields: list) -> tuple:
        return tuple(cell_reader(row.get(n))[0] for n, cell_reader in fields)

    for name, (_, rel) in usable.items():
        res = by_name[name]
        for fields, ref_name, ref_fields in _foreign_keys(res):
            own, ref = readers(res, fields), readers(by_name.get(ref_name), ref_fields)
            if own is None or ref is None or len(fields) != len(ref_fields):
                problems.append(Problem("datapackage.json", None, f"{name}.foreignKeys",
                                        f"points from {list(fields)} to '{ref_name}' {list(ref_fields)}, "
                                        "which are not matching fields of those tables", "descriptor"))
                continue
            if ref_name not in usable:
                continue  # that table's own problems are reported already
            if (ref_name, ref_fields) not in lookups:
                values = (read(row, ref) for _, row in keys.get(ref_name, []))
                lookups[ref_name, ref_fields] = {v for v in values if set(v) != {None}}
            known = lookups[ref_name, ref_fields]
            shown = "this table" if ref_name == name else ref_name
            for line, row in keys.get(name, []):
                value = read(row, own)
                if set(value) != {None} and value not in known:
                    problems.append(Problem(rel, line, "+".join(fields),
                                            f"'{', '.join(str(v) for v in value)}' is not a known "
                                            f"{', '.join(ref_fields)} in {shown}", "schema"))
    return problems


def _message(err, res: dict) -> str:
    """A short message for a frictionless error (its own location words removed)."""
    cell = getattr(err, "cell", None)
    note = err.note or ""
    if err.type == "type-error":
        ftype = next((f.get("type") for f in res["schema"]["fields"] if f["name"] == err.field_name), "?")
        wanted = {"integer": "a whole number", "number": "a number", "date": "a real date in YYYY-MM-DD form",
                  "boolean": "true or false"}.get(ftype, ftype)
        return f"'{cell}' is not {wanted}"
    if err.type == "constraint-error":
        match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
        kind, limit = (match.group(1), match.group(2)) if match else ("", note)
        if kind == "required":
            return "is empty but required"
        if kind == "enum":
            return f"'{cell}' is not one of the allowed values: {limit}"
        if kind == "pattern":
            return f"'{cell}' does not match the pattern {limit}"
        if kind in ("minimum", "maximum"):
            return f"{cell} is {'below the minimum' if kind == 'minimum' else 'above the maximum'} {limit}"
        if kind in ("maxLength", "minLength"):
            return f"{len(str(cell))} characters, {'longer' if kind == 'maxLength' else 'shorter'} than the limit {limit}"
        return f"'{cell}' breaks the constraint {kind} {limit}"
    if err.type == "foreign-key":
        match = re.match(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]*)" as "([^"]+)"', note)
        if match:
            # An empty lookup table is the table itself (a self-reference, e.g. gaps.same_as).
            return f"'{match.group(2)}' is not a known {match.group(4)} in {match.group(3) or 'this table'}"
    if err.type in ("primary-key", "unique-error"):
        return f"duplicate primary key: the same {note.split(':')[0] if note else 'key'} as an earlier line"
    return f"{err.title.lower()}{': ' + note if note else ''}"


def check_package(data_dir: PathLike = None) -> ValidationReport:
    """Check the whole data package and return every problem found (none if valid).

    >>> check_package().valid
    True
    """
    directory = resolve_data_dir(data_dir).resolve()
    report = ValidationReport(directory)
    problems = report.problems
    desc_path = directory / "datapackage.json"
    try:
        descriptor = json.loads(desc_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(str(desc_path), None, None, "is missing (a data folder needs its descriptor)", "descriptor"))
        return report
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = getattr(exc, "lineno", None)
        problems.append(Problem(str(desc_path), where, None, f"is not valid JSON ({exc})", "descriptor"))
        return report
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        problems.append(Problem(str(desc_path), None, "resources", "must be a list of resources", "descriptor"))
        return report

    described, usable, starts, kept, keys = set(), {}, {}, {}, {}
    wanted = tables_needed()
    key_columns = _foreign_key_columns(resources)
    for i, res in enumerate(resources):
        name = res.get("name")
        target, why = _safe_resource_path(directory, res.get("path"))
        if why:
            problems.append(Problem("datapackage.json", None, f"resources[{i}].path", why, "paths"))
            continue
        rel = PurePosixPath(res["path"]).as_posix()
        described.add(rel)
        fields = res.get("schema", {}).get("fields", [])
        if not target.is_file():
            problems.append(Problem(rel, None, None, "file is missing (the descriptor lists it)", "files"))
            continue
        byte_problems, readable = _check_bytes(target, rel, res)
        problems.extend(byte_problems)
        if not readable:
            continue
        row_problems, starts[name], kept[name], ok, keys[name] = _stream_rows(
            target, rel, fields, name, keep=name in wanted, key_columns=key_columns.get(name, frozenset()))
        problems.extend(row_problems)
        report.rows[name] = max(len(starts[name]) - 2, 0)
        if ok:
            usable[name] = (target, rel)

    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory).as_posix()
        if rel not in described and rel not in DESCRIBED_EXTRA_FILES:
            problems.append(Problem(rel, None, None, "is in the data folder but not described in datapackage.json "
                                    "(describe it as a resource or remove it)", "files"))

    problems.extend(_frictionless_problems(directory, descriptor, usable, starts))
    problems.extend(_foreign_key_problems(descriptor, usable, keys))
    for rule in TABLE_RULES:
        if all(t in kept or t not in usable for t in rule.tables):
            for table, line, fld, message in rule.check(kept):
                problems.append(Problem(usable[table][1], line, fld, message, rule.rule_id))

    # One problem per place: the schema and a rule can both object to the same cell.
    unique, seen = [], set()
    for p in problems:
        key = (p.path, p.line, p.field)
        if p.line is not None and key in seen:
            continue
        seen.add(key)
        unique.append(p)
    unique.sort(key=lambda p: (p.path != "datapackage.json", p.path, p.line or 0))
    report.problems = [Problem(str(directory / p.path), p.line, p.field, p.message, p.rule) for p in unique]
    return report
