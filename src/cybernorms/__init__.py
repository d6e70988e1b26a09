"""cybernorms: a knowledge graph of international cyber norms.

An OWL ontology, curated RDF data with per-passage provenance, named SPARQL queries and
views, all read through one store interface (:mod:`cybernorms.graph.store`).
"""

from __future__ import annotations

from cybernorms._version import __version__

__all__ = [
    "__version__",
]
