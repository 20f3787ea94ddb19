"""Read and validate the tables of ``data/`` against their Frictionless descriptor.

``data/datapackage.json`` is the single description of every table: its fields, their types,
allowed values, keys and the sha256 checksum of the file. This module enforces it without
changing a byte of any file: values are read as text, checked, then converted. Nothing is
coerced silently: an empty cell stays missing, "1,234" is an error, not 1234.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import DataError

__all__ = [
    "data_dir",
    "read_descriptor",
    "read_table",
    "file_sha256",
    "validate_package",
    "data_fingerprint",
]

_ENV_VAR = "PROBATION_STATS_DATA"


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder holding ``datapackage.json``.

    Order: the ``path`` argument; the ``PROBATION_STATS_DATA`` environment variable; the copy
    shipped inside an installed wheel; the ``data/`` folder of a source checkout.
    """
    if path is not None:
        return Path(path)
    if os.environ.get(_ENV_VAR):
        return Path(os.environ[_ENV_VAR])
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "probation_stats cannot find its data: no datapackage.json in the installed package or "
        f"a source checkout. Set {_ENV_VAR} to the folder that holds it."
    )


def read_descriptor(directory: str | os.PathLike | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``directory`` (see :func:`data_dir`)."""
    path = data_dir(directory) / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None


def file_sha256(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _resource(descriptor: dict, name: str, directory: Path) -> dict:
    for res in descriptor.get("resources", []):
        if res.get("name") == name:
            return res
    names = ", ".join(r.get("name", "?") for r in descriptor.get("resources", []))
    raise DataError(directory / "datapackage.json", f"no resource named '{name}' (have: {names})")


# ---------------------------------------------------------------------------------------------
# Cell parsing. Each parser takes the raw text and returns a value or raises ValueError(reason).

_INT = re.compile(r"[+-]?\d+")
_NUM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_integer(text: str):
    if not _INT.fullmatch(text):
        raise ValueError(f"'{text}' is not a whole number (write digits only, no commas or units)")
    return int(text)


def _parse_number(text: str):
    if not _NUM.fullmatch(text):
        raise ValueError(f"'{text}' is not a number (write digits and a decimal point only)")
    return float(text)


def _parse_date(text: str):
    if not _DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date in YYYY-MM-DD form")
    try:
        return pd.Timestamp(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


def _parse_boolean(text: str):
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"'{text}' is not true or false")


_PARSERS = {
    "string": str,
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "boolean": _parse_boolean,
}


def _check_cell(field: dict, text: str):
    """Parse one non-empty cell and apply the field's constraints; raise ValueError(reason)."""
    ftype = field.get("type", "string")
    if ftype not in _PARSERS:
        raise ValueError(f"the descriptor gives unsupported type '{ftype}'")
    value = _PARSERS[ftype](text)
    cons = field.get("constraints", {})
    if "enum" in cons and text not in cons["enum"]:
        allowed = ", ".join(repr(v) for v in cons["enum"])
        raise ValueError(f"'{text}' is not one of the allowed values: {allowed}")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
        raise ValueError(f"'{text}' does not match the pattern {cons['pattern']}")
    if "minimum" in cons and value < cons["minimum"]:
        raise ValueError(f"{text} is below the minimum {cons['minimum']}")
    if "maximum" in cons and value > cons["maximum"]:
        raise ValueError(f"{text} is above the maximum {cons['maximum']}")
    if "maxLength" in cons and len(text) > cons["maxLength"]:
        raise ValueError(f"{len(text)} characters, longer than the limit {cons['maxLength']}")
    return value


def _read_rows(path: Path, fields: list[dict]) -> list[list[str]]:
    """Rows as lists of raw strings, after checking the header and row widths."""
    if not path.is_file():
        raise DataError(path, "file is missing")
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise DataError(path, f"not readable as CSV ({exc})") from None
    if not rows:
        raise DataError(path, "file is empty (a header row is required)")
    header = rows[0]
    expected = [f["name"] for f in fields]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing column(s) {missing}")
        if extra:
            detail.append(f"unexpected column(s) {extra}")
        if not detail:
            detail.append(f"columns out of order; expected {expected}")
        raise DataError(path, "header does not match the descriptor: " + "; ".join(detail), line=1)
    body = rows[1:]
    for i, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(path, f"has {len(row)} cells, the header has {len(header)}", line=i)
    return body


def _typed_frame(path: Path, schema: dict) -> pd.DataFrame:
    fields = schema["fields"]
    rows = _read_rows(path, fields)
    columns: dict[str, list] = {f["name"]: [] for f in fields}
    for line, row in enumerate(rows, start=2):
        for field, text in zip(fields, row):
            name = field["name"]
            if text != text.strip():
                raise DataError(path, "has leading or trailing spaces", line=line, field=name)
            if text == "":
                if field.get("constraints", {}).get("required"):
                    raise DataError(path, "is empty but required", line=line, field=name)
                columns[name].append(None)
                continue
            try:
                columns[name].append(_check_cell(field, text))
            except ValueError as exc:
                raise DataError(path, str(exc), line=line, field=name) from None
    frame = pd.DataFrame(columns)
    for field in fields:
        name, ftype = field["name"], field.get("type", "string")
        if ftype == "integer":
            frame[name] = frame[name].astype("Int64")
        elif ftype == "number":
            frame[name] = frame[name].astype("Float64")
        elif ftype == "date":
            frame[name] = pd.to_datetime(frame[name])
        elif ftype == "boolean":
            frame[name] = frame[name].astype("boolean")
        else:
            frame[name] = frame[name].astype("string")
    _check_primary_key(path, frame, schema)
    return frame


def _check_primary_key(path: Path, frame: pd.DataFrame, schema: dict) -> None:
    key = schema.get("primaryKey")
    if not key:
        return
    key = [key] if isinstance(key, str) else list(key)
    dup = frame.duplicated(subset=key, keep="first")
    if dup.any():
        first = int(dup.to_numpy().nonzero()[0][0])
        values = ", ".join(f"{k}={frame.iloc[first][k]!s}" for k in key)
        raise DataError(
            path, f"duplicate primary key ({values}) seen on an earlier line", line=first + 2,
            field=key[0] if len(key) == 1 else "+".join(key),
        )


@lru_cache(maxsize=64)
def _read_table_cached(directory: Path, name: str, sha256: str) -> pd.DataFrame:
    descriptor = read_descriptor(directory)
    res = _resource(descriptor, name, directory)
    return _typed_frame(directory / res["path"], res["schema"])


def read_table(name: str, directory: str | os.PathLike | None = None, *, verify_hash: bool = True) -> pd.DataFrame:
    """One resource of the data package as a typed DataFrame.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json`` (e.g. ``"ratings"``).
    directory : path, optional
        Folder holding ``datapackage.json``; see :func:`data_dir`.
    verify_hash : bool, default True
        Compare the file's sha256 with the descriptor's ``hash`` first. Turn off only while
        editing a table, before running ``python -m probation_stats rehash``.

    Returns
    -------
    DataFrame
        Strings as pandas ``string``, integers ``Int64``, numbers ``Float64``, dates
        ``datetime64``; empty cells are missing values. A fresh copy on every call.

    Raises
    ------
    DataError
        Naming the file, line and field of the first problem found.
    """
    directory = data_dir(directory).resolve()
    descriptor = read_descriptor(directory)
    res = _resource(descriptor, name, directory)
    path = directory / res["path"]
    if not path.is_file():
        raise DataError(path, "file is missing")
    actual = file_sha256(path)
    if verify_hash:
        expected = res.get("hash", "").removeprefix("sha256:")
        if actual != expected:
            raise DataError(
                path,
                f"sha256 checksum mismatch: the descriptor records {expected or 'none'}, the file "
                f"has {actual}. If you edited the file on purpose, run "
                "`python -m probation_stats rehash`",
            )
    return _read_table_cached(directory, name, actual).copy()


def _check_foreign_keys(directory: Path, descriptor: dict, tables: dict[str, pd.DataFrame]) -> None:
    for res in descriptor["resources"]:
        frame = tables[res["name"]]
        path = directory / res["path"]
        for fk in res["schema"].get("foreignKeys", []):
            fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            ref = fk["reference"]
            ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
            target = tables[ref["resource"] or res["name"]]
            known = set(map(tuple, target[ref_fields].astype(object).itertuples(index=False)))
            for i, values in enumerate(frame[fields].astype(object).itertuples(index=False)):
                if any(pd.isna(v) for v in values):
                    continue  # an empty optional reference is allowed; `required` catches the rest
                if tuple(values) not in known:
                    shown = ", ".join(map(str, values))
                    raise DataError(
                        path,
                        f"'{shown}' is not a known {'/'.join(ref_fields)} in {ref['resource']}",
                        line=i + 2, field="+".join(fields),
                    )


def validate_package(directory: str | os.PathLike | None = None) -> dict[str, int]:
    """Check every table: checksum, header, types, allowed values, keys and references.

    Returns ``{resource name: row count}``; raises :class:`DataError` at the first problem.
    """
    directory = data_dir(directory).resolve()
    descriptor = read_descriptor(directory)
    tables = {res["name"]: read_table(res["name"], directory) for res in descriptor["resources"]}
    _check_foreign_keys(directory, descriptor, tables)
    return {name: len(frame) for name, frame in tables.items()}


def data_fingerprint(directory: str | os.PathLike | None = None) -> str:
    """A short fingerprint of the whole data package: sha256 over every file's own sha256.

    Shown in the book's footer and status page, so a reader can tell which data built it.
    """
    directory = data_dir(directory).resolve()
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory).as_posix()
        digest.update(f"{rel}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()[:12]


def rehash(directory: str | os.PathLike | None = None) -> list[str]:
    """Rewrite the ``hash`` and ``bytes`` of each resource in ``datapackage.json``.

    The only function here that writes, and it writes only the descriptor: for maintainers after
    an intended edit of a table. Returns the names of the resources whose hash changed.
    """
    directory = data_dir(directory).resolve()
    path = directory / "datapackage.json"
    descriptor = read_descriptor(directory)
    changed = []
    for res in descriptor["resources"]:
        target = directory / res["path"]
        new = "sha256:" + file_sha256(target)
        if res.get("hash") != new:
            changed.append(res["name"])
        res["hash"] = new
        res["bytes"] = target.stat().st_size
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed
