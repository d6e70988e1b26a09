"""The short names of sets of graphs that ``--graph`` takes, apart from the exporter.

:func:`cybernorms.graph.exchange.export.resolve_graphs` resolves them; the command line
lists them in its help. This module imports nothing, so building the parser stays cheap.
"""

from __future__ import annotations

__all__ = ["GRAPH_GROUPS"]

#: Short names for ``--graph``: each names a set of graphs.
GRAPH_GROUPS: dict[str, str] = {
    "ontology": "the ontology graph",
    "provenance": "the provenance graph (one description per claim graph and partner graph)",
    "inferred": "what the reasoner inferred",
    "claims": "every claim graph (the asserted facts, one graph per cited passage)",
    "partners": "every partner graph",
    "asserted": "everything but the inferred graph",
}
