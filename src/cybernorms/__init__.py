"""cybernorms: a knowledge graph of international cyber norms.

An OWL ontology, curated RDF data with per-passage provenance, named SPARQL queries and
views, all read through one store interface (:mod:`cybernorms.graph.store.embedded`).

>>> import cybernorms
>>> kg = cybernorms.load()
>>> kg.query("table1")
"""

from __future__ import annotations

from cybernorms._version import __version__
from cybernorms.api import KnowledgeGraph, Rows, load
from cybernorms.errors import CybernormsError

__all__ = [
    "CybernormsError",
    "KnowledgeGraph",
    "Rows",
    "__version__",
    "load",
]
