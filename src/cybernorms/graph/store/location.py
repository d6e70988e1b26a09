"""What a ``--store`` value names: a SPARQL endpoint (an http or https URL) or a directory.

The one answer to that question, for the command line, the server's settings, the build
and :func:`cybernorms.graph.store.open_store`. It imports nothing, so the command line can
ask it while it parses arguments without loading an RDF engine.
"""

from __future__ import annotations

import re

__all__ = ["is_store_url"]

_URL = re.compile(r"(?i)https?://")


def is_store_url(location: object) -> bool:
    """Whether a ``--store`` value names a remote endpoint (http or https URL) rather than a directory."""
    return isinstance(location, str) and _URL.match(location) is not None
