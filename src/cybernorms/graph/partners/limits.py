"""The limits of an import, apart from the safe parser so that the command line can show them
in its help without importing an RDF engine."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_MB"]

#: The default size limit of an import, in megabytes.
DEFAULT_MAX_MB = 200.0
