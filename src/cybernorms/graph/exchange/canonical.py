"""Deterministic serialisation: the same graph gives the same bytes.

Two things make a serialisation vary between runs of the same graph: blank node labels
(the store renames them apart on every load) and statement order (hash order in the
engine). Both are fixed here: blank nodes are relabelled by W3C RDF Dataset
Canonicalization (RDFC-1.0, https://www.w3.org/TR/rdf-canon/, section 4.4), then the
statements are sorted by their N-Quads form. Writers put the bytes in place with
:func:`cybernorms.graph._files.atomic_write`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from cybernorms.graph import formats
from cybernorms.namespaces import PREFIXES, is_curated_graph

__all__ = [
    "canonical_quads", "canonical_turtle", "default_quads", "merged_triples", "serialize_canonical", "write_statements",
]


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with canonical blank node labels (RDFC-1.0), duplicates dropped, sorted.

    Only the quads that mention a blank node are canonicalised: RDFC-1.0 labels a blank node
    from the quads it occurs in (and, through them, from its neighbours), so the others
    cannot change a label, and most of a large dataset needs no hashing.
    """
    plain: set[ox.Quad] = set()
    with_blank_nodes = ox.Dataset()
    blank = ox.BlankNode
    for quad in quads:
        if isinstance(quad.subject, blank) or isinstance(quad.object, blank) or isinstance(quad.graph_name, blank):
            with_blank_nodes.add(quad)
        else:
            plain.add(quad)
    with_blank_nodes.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted([*plain, *with_blank_nodes], key=_sort_key)


def merged_triples(canonical: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The curated quads merged into one graph (the default graph): graph names dropped, duplicates
    merged, sorted; a partner's graphs are left out (:func:`cybernorms.namespaces.is_curated_graph`).

    The blank node labels of the dataset stay valid (they are unique across its graphs),
    so merging needs no second canonicalisation.
    """
    triples = {quad.triple for quad in canonical
               if not isinstance(quad.graph_name, ox.NamedNode) or is_curated_graph(quad.graph_name.value)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def default_quads(triples: Iterable[ox.Triple]) -> list[ox.Quad]:
    """The triples as quads of the default graph."""
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]


def write_statements(canonical: list[ox.Quad], format: str, *, facts: bool = True) -> bytes:
    """Serialise quads that are already canonical and sorted (:func:`canonical_quads`) in ``format``.

    Dataset formats (``nq``, ``trig``, ``jsonld``) keep the graph names and write the
    default graph first: each statement of the curated named graphs once (``docs/provenance.md``,
    "The default graph"), so that a stock engine loading the file counts each fact once and reads
    no partner's statement as curated. Triple formats (``ttl``, ``nt``, ``xml``) hold that default
    graph alone (the curated facts; a partner's graphs travel in the dataset formats). With
    ``facts=False`` a dataset format holds the named graphs only (a partner graph kept for
    rebuilding, a difference between releases).
    """
    syntax = formats.by_name(format)
    merged = merged_triples(canonical)
    named = [quad for quad in canonical if not isinstance(quad.graph_name, ox.DefaultGraph)]
    dataset = [*default_quads(merged), *named] if facts else named
    if syntax.compacted:
        from cybernorms.graph.exchange.jsonld import dump_jsonld

        return dump_jsonld(dataset)
    rdf_format = syntax.rdf_format
    statements: list[ox.Quad] | list[ox.Triple]
    statements = dataset if syntax.datasets else merged
    prefixes = None if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else _used_prefixes(canonical)
    data = ox.serialize(statements, format=rdf_format, prefixes=prefixes)
    return data if data is not None else b""


def _used_prefixes(quads: list[ox.Quad]) -> dict[str, str]:
    """The prefixes of :data:`~cybernorms.namespaces.PREFIXES` that some IRI of ``quads`` starts with.

    Searched in the N-Quads text (where every IRI is written ``<...>``): one fast substring
    search per prefix instead of a Python loop over every term.
    """
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return {prefix: ns for prefix, ns in PREFIXES.items() if b"<" + ns.encode("utf-8") in text}


def serialize_canonical(quads: Iterable[ox.Quad], format: str, *, facts: bool = True) -> bytes:
    """Serialise deterministically in ``format``, one of :data:`cybernorms.graph.formats.NAMES`
    (``facts``: see :func:`write_statements`)."""
    return write_statements(canonical_quads(quads), format, facts=facts)


def canonical_turtle(triples: Iterable[ox.Triple]) -> bytes:
    """``triples`` as deterministic Turtle: what a converted partner file holds, and what fingerprints it."""
    return serialize_canonical((ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples), "ttl")
