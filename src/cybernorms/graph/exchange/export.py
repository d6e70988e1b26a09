"""Export the dataset: one RDF file, or a release bundle for partners.

``cybernorms export --format F --out PATH [--graph G ...]`` writes the dataset, or the
named graphs chosen with ``--graph``, in one of six formats. TriG, N-Quads and JSON-LD
keep the named graphs apart; Turtle, N-Triples and RDF/XML hold one graph, so the chosen
graphs are merged (what a query over the default graph sees: each fact once). JSON-LD is compacted
with the published context (:mod:`cybernorms.graph.exchange.jsonld`), inline so that the file
needs nothing else to be read.

Every file is deterministic (canonical blank node labels, sorted statements: see
:mod:`cybernorms.graph.exchange.canonical`) and written atomically. ``--bundle DIR`` writes the
whole release (:mod:`cybernorms.graph.exchange.bundle`); :func:`write_outputs` writes it into
``out/release`` for the main job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.errors import UsageError
from cybernorms.graph._files import atomic_write
from cybernorms.graph.exchange.canonical import serialize_canonical
from cybernorms.graph.exchange.groups import GRAPH_GROUPS
from cybernorms.graph import formats
from cybernorms.namespaces import (
    CLAIM_GRAPH_PREFIX,
    GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    PARTNER_GRAPH_PREFIX,
    PROVENANCE_GRAPH,
)

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = [
    "DATASET_FORMATS",
    "EXTENSIONS",
    "GRAPH_GROUPS",
    "export_bytes",
    "export_file",
    "resolve_graphs",
    "write_outputs",
]

Progress = Callable[[str], None]

#: The file extension written for each format.
EXTENSIONS: dict[str, str] = {syntax.name: syntax.extension for syntax in formats.SYNTAXES}
#: Formats that keep named graphs apart; the others merge the chosen graphs into one.
DATASET_FORMATS = formats.DATASET_NAMES
def _silent(_: str) -> None:
    return None


# -- choosing graphs --


def resolve_graphs(store: Store, names: Iterable[str] | None) -> list[str] | None:
    """The graph IRIs that ``--graph`` values name; None (the whole dataset) without any.

    A value is a full IRI, a short name of :data:`GRAPH_GROUPS`, or a path under
    ``https://w3id.org/cybernorms/graph/`` such as ``partner/portal`` or ``claim/ewi-2015/...``.
    """
    if not names:
        return None
    present = store.graphs()
    chosen: list[str] = []
    for name in names:
        found = _graphs_named(name, present)
        if not found:
            raise UsageError(_no_graph_message(name, present))
        chosen += [g for g in found if g not in chosen]
    return sorted(chosen)


def _graphs_named(name: str, present: list[str]) -> list[str]:
    groups = {
        "ontology": [g for g in present if g == ONTOLOGY_GRAPH],
        "provenance": [g for g in present if g == PROVENANCE_GRAPH],
        "inferred": [g for g in present if g == INFERRED_GRAPH],
        "claims": [g for g in present if g.startswith(CLAIM_GRAPH_PREFIX)],
        "partners": [g for g in present if g.startswith(PARTNER_GRAPH_PREFIX)],
        "asserted": [g for g in present if g != INFERRED_GRAPH],
    }
    if name in groups:
        return groups[name]
    iri = name if name.startswith(("http://", "https://", "urn:")) else GRAPH + name.strip("/")
    return [iri] if iri in present else []


def _no_graph_message(name: str, present: list[str]) -> str:
    partners = [g[len(GRAPH):] for g in present if g.startswith(PARTNER_GRAPH_PREFIX)]
    claims = sum(1 for g in present if g.startswith(CLAIM_GRAPH_PREFIX))
    return (f"no graph {name!r} in the dataset; use a full graph IRI, one of "
            f"{', '.join(GRAPH_GROUPS)}, {', '.join(partners) + ', ' if partners else ''}"
            f"or claim/<source>/<locator> ({claims} claim graphs; list them with "
            "'cybernorms query \"SELECT DISTINCT ?g WHERE { GRAPH ?g {} }\"')")


def selected_quads(store: Store, graphs: list[str] | None) -> Iterator[ox.Quad]:
    """The quads of the chosen graphs (all of them with None)."""
    if graphs is None:
        yield from store.quads()
        return
    for graph in graphs:
        yield from store.quads(graph)


# -- writing --


def export_bytes(store: Store, format: str, graphs: list[str] | None = None) -> bytes:
    """The chosen graphs serialised deterministically in ``format``."""
    formats.by_name(format)  # an unknown name is a UsageError listing the names
    return serialize_canonical(selected_quads(store, graphs), format)


def export_file(store: Store, format: str, out: Path, graphs: list[str] | None = None) -> int:
    """Write the export to ``out`` atomically; the number of bytes."""
    data = export_bytes(store, format, graphs)
    atomic_write(out, data)
    return len(data)


def format_from(out: Path | None, given: str | None) -> str:
    """``--format``, or the format of ``--out``'s extension."""
    if given:
        return given
    syntax = formats.by_extension(out.suffix) if out is not None and out.suffix else None
    if syntax is not None:
        return syntax.name
    raise UsageError(f"say which format to write with --format {{{','.join(formats.NAMES)}}} "
                     f"(cannot tell it from {str(out) if out else 'no --out'})")


# -- the main job's output writer --


def write_outputs(store: Store, out_dir: Path, progress: Progress) -> list[str]:
    """Write the release bundle into ``out_dir/release``; one line per file."""
    from cybernorms.graph.exchange.bundle import write_bundle

    target = out_dir / "release"
    progress(f"writing the release bundle to {target}")
    files = write_bundle(store, target, progress=progress)
    return [f"  {target / name}  ({size:,} bytes)" for name, size in files]
