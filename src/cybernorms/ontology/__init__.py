"""The OWL ontology: the Turtle master copy, its lint checks, the reasoner run over it and its HTML documentation.

:data:`ONTOLOGY_FILE` is the one place that says where the packaged ontology lives.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ONTOLOGY_FILE"]

#: The hand-written Turtle master copy of the ontology, shipped in the package.
ONTOLOGY_FILE = Path(__file__).resolve().with_name("cybernorms.ttl")
