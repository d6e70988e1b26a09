"""The options of ``cybernorms export`` and ``cybernorms import``, cheap to import.

``cybernorms --help`` builds every subcommand's parser, so this module imports nothing
heavy (no pyoxigraph, no rdflib): the commands themselves live in
:mod:`cybernorms.graph.exchange.export` and :mod:`cybernorms.graph.partners.gate`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cybernorms.graph.formats import NAMES

__all__ = ["DEFAULT_MAX_MB", "FORMAT_KEYS", "GRAPH_GROUPS", "add_export_arguments", "add_import_arguments"]

#: The RDF formats, as the syntax registry (:mod:`cybernorms.graph.formats`) names them; cheap to import.
FORMAT_KEYS = NAMES
#: The default size limit of an import, in megabytes.
DEFAULT_MAX_MB = 200.0
#: Short names for ``--graph``: each names a set of graphs.
GRAPH_GROUPS: dict[str, str] = {
    "ontology": "the ontology graph",
    "provenance": "the provenance graph (one description per claim graph and partner graph)",
    "inferred": "what the reasoner inferred",
    "claims": "every claim graph (the asserted facts, one graph per cited passage)",
    "partners": "every partner graph",
    "asserted": "everything but the inferred graph",
}


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms export``."""
    parser.add_argument("--format", choices=list(FORMAT_KEYS),
                        help="ttl, nt and xml (RDF/XML) hold one graph: the chosen graphs are MERGED; trig, nq and "
                        "jsonld keep the named graphs apart (default: from --out's extension)")
    parser.add_argument("--out", metavar="PATH", type=Path, help="the file to write (replaced atomically)")
    parser.add_argument("--graph", metavar="IRI|NAME", action="append",
                        help="export only this graph (repeatable): a graph IRI, "
                        + ", ".join(GRAPH_GROUPS) + ", partner/NAME or claim/<source>/<locator> "
                        "(default: the whole dataset)")
    parser.add_argument("--bundle", metavar="DIR", type=Path,
                        help="write a release for partners into DIR: every format, CSV tables, VoID/DCAT, "
                        "HTML ontology documentation, README and SHA256SUMS")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the release date of a --bundle (default: the ontology's newest dcterms:modified)")


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms import``."""
    parser.add_argument("file", metavar="FILE", nargs="?", type=Path, help="the partner's RDF file")
    parser.add_argument("--graph", metavar="NAME",
                        help="the partner graph's name: graph/partner/NAME (default: from the file name)")
    parser.add_argument("--format", choices=list(FORMAT_KEYS),
                        help="the file's format (default: from its extension: .ttl .nt .nq .trig .rdf/.xml/.owl "
                        ".jsonld/.json)")
    parser.add_argument("--report", metavar="FILE", type=Path,
                        help="also write the findings as a W3C SHACL validation report (Turtle) to FILE")
    parser.add_argument("--max-size", metavar="MB", type=float, default=DEFAULT_MAX_MB,
                        help=f"refuse files larger than this, before parsing (default {DEFAULT_MAX_MB:g} MB)")
    parser.add_argument("--remove", metavar="NAME", help="take partner NAME's graph and its provenance out")
