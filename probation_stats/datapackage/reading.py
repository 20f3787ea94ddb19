"""Read and validate the tables of ``data/`` against their Frictionless descriptor.

``data/datapackage.json`` is the single description of every table: its fields, their types,
allowed values, keys and the sha256 checksum of the file. :mod:`probation_stats.datapackage.validation`
enforces it (and the project's own rules) once per process; this module then reads each table as
text and converts it, without changing a byte of any file. Nothing is coerced silently: an empty
cell stays missing, "1,234" is an error, not 1234.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from probation_stats._atomic import atomic_write_text
from probation_stats.errors import DataError
from probation_stats.datapackage.paths import PathLike, data_dir
# Public functions name their folder argument data_dir, as every loader does; inside, the folder
# resolver is reached by this second name (the argument hides the first).
from probation_stats.datapackage.paths import data_dir as resolve_data_dir
from probation_stats.datapackage.validation import CHECKSUM_RULES, check_package

__all__ = [
    "data_dir",
    "ensure_valid",
    "read_descriptor",
    "read_table",
    "file_sha256",
    "validate_package",
    "data_fingerprint",
]

def read_descriptor(data_dir: PathLike = None) -> dict:
    """The parsed ``datapackage.json`` of ``data_dir`` (see :func:`data_dir`)."""
    path = resolve_data_dir(data_dir) / "datapackage.json"
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
# Reading. Validation (probation_stats.datapackage.validation) runs once per process for each state of the
# data folder; a table is then read as text and converted, which cannot fail or coerce because
# every cell has already been checked against its field.

_VALIDATED: dict[tuple[str, str, bool], None] = {}
#: Set by the book's executor to :func:`folder_fingerprint` of a data folder it has validated.
VALIDATED_ENV_VAR = "PROBATION_STATS_VALIDATED"


def ensure_valid(data_dir: PathLike = None, *, verify_hash: bool = True) -> Path:
    """Validate the data folder once per process and state of its files; raise on any problem.

    Loaders call this before reading, so a table with an unknown source id or a broken rule is
    refused by ``load_*`` as by ``python -m probation_stats validate``. Returns the folder.
    """
    directory = resolve_data_dir(data_dir).resolve()
    state = (str(directory), _folder_state(directory), verify_hash)
    if state in _VALIDATED:
        return directory
    # The book's executor validates the folder once and starts every kernel with the sha256
    # fingerprint of what it validated: identical contents need no second check.
    if verify_hash and os.environ.get(VALIDATED_ENV_VAR) == state[1]:
        _VALIDATED[state] = None
        return directory
    # A folder whose exact contents passed this exact validator before (in any process) needs no
    # second full check: the record is keyed on both, so an edited table or a changed rule is
    # validated afresh and refused with the same located errors.
    record = _validated_record(state[1], verify_hash)
    if record is not None and record.is_file():
        _VALIDATED[state] = None
        return directory
    report = check_package(directory)
    if not verify_hash:
        report = report.without(CHECKSUM_RULES)
    report.raise_for_problems()
    _VALIDATED[state] = None
    if record is not None:
        try:
            atomic_write_text(record, f"{directory}\n")
        except OSError:  # a read-only home: validate again next time, nothing worse
            pass
    return directory


#: Set to a folder to keep the records of validated data there, or to "off" to validate every
#: new process (default: the user's cache folder, ``$XDG_CACHE_HOME`` or ``~/.cache``).
VALIDATION_CACHE_ENV_VAR = "PROBATION_STATS_VALIDATION_CACHE"


def _validated_record(fingerprint: str, verify_hash: bool) -> Path | None:
    """Where the record that these contents passed this validator lives (None: no records)."""
    setting = os.environ.get(VALIDATION_CACHE_ENV_VAR, "")
    if setting.lower() == "off":
        return None
    folder = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "probation_stats"
    return folder / "validated" / f"{fingerprint}-{_validator_key()}-{int(verify_hash)}"


@lru_cache(maxsize=1)
def _validator_key() -> str:
    """The validator's identity: every source file of the package (rules, schema checks, the
    vocabulary they use) and the frictionless version."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        digest.update(version("frictionless").encode())
    except PackageNotFoundError:  # pragma: no cover - a dependency of the package
        pass
    return digest.hexdigest()[:16]


def folder_fingerprint(data_dir: PathLike = None) -> str:
    """Full sha256 fingerprint of a data folder's contents (:func:`data_fingerprint` shortens it)."""
    return _folder_state(resolve_data_dir(data_dir).resolve())


def _folder_state(directory: Path) -> str:
    """Identity of the folder's current contents: every file's name and sha256 (a few ms)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(directory).as_posix()}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def _typed(text: pd.Series, ftype: str) -> pd.Series:
    """Convert one validated text column to its type; empty cells become missing."""
    missing = text == ""
    if ftype == "integer":
        out = pd.array([None if m else int(t) for t, m in zip(text, missing)], dtype="Int64")
    elif ftype == "number":
        out = pd.array([None if m else float(t) for t, m in zip(text, missing)], dtype="Float64")
    elif ftype == "date":
        return pd.to_datetime(text.where(~missing, None), format="%Y-%m-%d")
    elif ftype == "boolean":
        out = pd.array([None if m else t == "true" for t, m in zip(text, missing)], dtype="boolean")
    else:
        return text.where(~missing, None).astype("string")
    return pd.Series(out, index=text.index)


@lru_cache(maxsize=64)
def _read_table_cached(path: Path, fields_json: str, sha256: str) -> pd.DataFrame:
    fields = json.loads(fields_json)
    text = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    return pd.DataFrame({f["name"]: _typed(text[f["name"]], f.get("type", "string")) for f in fields})


def read_table(name: str, data_dir: PathLike = None, *, verify_hash: bool = True) -> pd.DataFrame:
    """One resource of the data package as a typed DataFrame.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json`` (e.g. ``"ratings"``).
    data_dir : path, optional
        Folder holding ``datapackage.json``; see :func:`data_dir`.
    verify_hash : bool, default True
        Compare each file's sha256 with the descriptor's ``hash``. Turn off only while
        editing a table, before running ``python -m probation_stats rehash``.

    Returns
    -------
    DataFrame
        Strings as pandas ``string``, integers ``Int64``, numbers ``Float64``, dates
        ``datetime64``; empty cells are missing values. A fresh copy on every call.

    Raises
    ------
    DataError
        If any table of the package breaks a rule (references included), naming the file, line
        and field of the first problem and how many more there are.
    """
    directory = ensure_valid(data_dir, verify_hash=verify_hash)
    descriptor = read_descriptor(directory)
    res = _resource(descriptor, name, directory)
    path = directory / res["path"]
    fields = res["schema"]["fields"]
    return _read_table_cached(path, json.dumps(fields), file_sha256(path)).copy()


def validate_package(data_dir: PathLike = None) -> dict[str, int]:
    """Check every table: files, checksums, Table Schema, references and the project's rules.

    Returns ``{resource name: row count}``; raises :class:`DataError` naming the first problem
    (``probation_stats.datapackage.validation.check_package`` returns them all).
    """
    report = check_package(resolve_data_dir(data_dir))
    report.raise_for_problems()
    return dict(report.rows)


def data_fingerprint(data_dir: PathLike = None) -> str:
    """A short fingerprint of the whole data package: sha256 over every file's own sha256.

    Shown in the book's footer and status page, so a reader can tell which data built it.
    """
    return _folder_state(resolve_data_dir(data_dir).resolve())[:12]


def rehash(data_dir: PathLike = None) -> list[str]:
    """Rewrite the ``hash`` and ``bytes`` of each resource in ``datapackage.json``.

    For maintainers after an intended edit of a table. It validates first and refuses to write
    anything if any problem other than the recorded checksums themselves is found; the
    descriptor is then replaced atomically (a killed or failed write leaves the old one whole).
    Returns the names of the resources whose hash changed.

    Raises
    ------
    DataError
        For the first problem found, when the data are invalid (nothing is written).
    """
    directory = resolve_data_dir(data_dir).resolve()
    check_package(directory).without(CHECKSUM_RULES).raise_for_problems()
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
    atomic_write_text(path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return changed
