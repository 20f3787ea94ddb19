"""Atomic file writes: a reader (or a killed writer) never sees a half-written file.

Every writer in the project (the descriptor's checksums, executed notebooks, chart data, the
site's copy of the data) goes through :func:`atomic_write`: the bytes go to a temporary file in
the same folder, are flushed to disk, and then replace the target in one ``os.replace`` step.
Killed midway, the old file is still there, whole; on a full disk the write fails loudly and the
target is untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_text"]


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (same-folder temporary file, fsync, os.replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Text version of :func:`atomic_write` (UTF-8, newlines written as given)."""
    atomic_write(path, text.encode(encoding))
