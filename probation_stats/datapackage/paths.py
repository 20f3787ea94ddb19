"""Where the data package lives: the one place a data folder is resolved.

Public functions take ``data_dir=None`` and resolve it once, here, then pass the resolved
:class:`~pathlib.Path` down, so every table of one call comes from the same folder.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "PathLike"]

#: What a ``data_dir`` argument may be: a folder, or None for the default (see :func:`data_dir`).
PathLike = str | os.PathLike | None

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
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "probation_stats cannot find its data: no datapackage.json in the installed package or "
        f"a source checkout. Set {_ENV_VAR} to the folder that holds it."
    )
