"""The limits of an import, apart from the safe parser so that the command line can show them
in its help without importing an RDF engine."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_MB", "MAX_JSON_DEPTH"]

#: The default size limit of an import, in megabytes.
DEFAULT_MAX_MB = 200.0

#: The deepest nesting of objects and arrays a JSON-LD file may have. The JSON decoder and the JSON-LD
#: processor recurse once (or more) per level, so a deeper document would exhaust the interpreter's stack;
#: real JSON-LD, framed or not, nests a few levels per node (the release's own export nests 6).
MAX_JSON_DEPTH = 100
