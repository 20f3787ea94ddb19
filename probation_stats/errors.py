"""The one exception the data layer raises, so every complaint names file, row and field."""

from __future__ import annotations

__all__ = ["DataError"]


class DataError(ValueError):
    """A data file breaks a rule of the data package.

    The message always says where: ``data/ratings.csv, line 7, field 'rating': ...``. Line
    numbers count the header as line 1, as a spreadsheet or ``sed -n 7p`` would show them.

    Attributes
    ----------
    path : str
        The file, as given to the loader.
    line : int or None
        1-based line in the file (header = 1); None for file-level problems.
    field : str or None
        The column concerned, if one is.
    """

    def __init__(self, path, message: str, line: int | None = None, field: str | None = None):
        self.path = str(path)
        self.line = line
        self.field = field
        self.reason = message
        where = self.path
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
