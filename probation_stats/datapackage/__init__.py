"""The data package: where ``data/`` is, how it is read, validated and loaded.

Layer 1 of four (see ``pyproject.toml``, ``[tool.importlinter]``): it knows the descriptor, the
project's rules and the loaders, and imports nothing from ``derived``, ``estimators`` or ``report``.
"""

from probation_stats.datapackage.paths import PathLike, data_dir
from probation_stats.datapackage.reading import (VALIDATED_ENV_VAR, data_fingerprint, ensure_valid, file_sha256,
                                                 folder_fingerprint, read_descriptor, read_table, rehash,
                                                 validate_package)
from probation_stats.datapackage.validation import CHECKSUM_RULES, ValidationReport, check_package

__all__ = ["PathLike", "data_dir", "VALIDATED_ENV_VAR", "data_fingerprint", "ensure_valid", "file_sha256",
           "folder_fingerprint", "read_descriptor", "read_table", "rehash", "validate_package", "CHECKSUM_RULES",
           "ValidationReport", "check_package"]
