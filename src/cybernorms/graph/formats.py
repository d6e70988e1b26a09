"""The RDF syntaxes the project reads and writes: one registry, one row per syntax.

Every place that turns a ``--format`` name, a file ending or a media type into a syntax
asks this module, so a new syntax is one new row of :data:`SYNTAXES`. What a syntax *is*
(its media type, its usual file extension, whether it holds named graphs) comes from
pyoxigraph's :class:`pyoxigraph.RdfFormat`; a row adds what the project says about it:
its short name for ``--format``, other names and endings it accepts, other media types a
client may ask for it by, rdflib's name for it, and whether the JSON-LD compactor
(:mod:`cybernorms.graph.exchange.jsonld`) rather than the canonical writer writes it.

The rows are plain data, so that the command line can offer the names without importing
an RDF engine (``cybernorms --help`` stays fast); pyoxigraph is imported the first time a
row's :attr:`Syntax.rdf_format` is asked for. A test checks the rows against pyoxigraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cybernorms.errors import UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "BY_EXTENSION",
    "DATASET_NAMES",
    "GRAPH_ANSWER_NAMES",
    "NAMES",
    "SYNTAXES",
    "Syntax",
    "by_extension",
    "by_media_type",
    "by_name",
    "rdf_format",
    "unknown_format",
]


@dataclass(frozen=True)
class Syntax:
    """One RDF syntax: pyoxigraph's format and what the project adds to it."""

    #: The short name ``--format`` takes (``ttl``); also the key of every table by format.
    name: str
    #: The member of :class:`pyoxigraph.RdfFormat` (``TURTLE``).
    oxigraph: str
    #: Whether the syntax holds named graphs (pyoxigraph's ``supports_datasets``).
    datasets: bool
    #: rdflib's ``format=`` name.
    rdflib: str
    #: The file ending written, then the other endings read (``.gz`` is looked through by loaders).
    extensions: tuple[str, ...]
    #: The standard media type (pyoxigraph's ``media_type``).
    media_type: str
    #: Other media types a client may ask for this syntax by, preferred first.
    other_media_types: tuple[str, ...] = ()
    #: Other names a ``format=`` parameter may use (``turtle``).
    aliases: tuple[str, ...] = ()
    #: Whether :mod:`cybernorms.graph.exchange.jsonld` writes it (else the canonical writer does).
    compacted: bool = False

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """pyoxigraph's format (imports pyoxigraph on first use)."""
        import pyoxigraph as ox

        member: ox.RdfFormat = getattr(ox.RdfFormat, self.oxigraph)
        return member

    @property
    def label(self) -> str:
        """The syntax's name as people write it (``Turtle``, ``RDF/XML``)."""
        return self.rdf_format.name

    @property
    def extension(self) -> str:
        """The file ending written (``.ttl``)."""
        return self.extensions[0]

    @property
    def graph_answer(self) -> bool:
        """Whether a CONSTRUCT or DESCRIBE answer (one graph) is written in it.

        The triple syntaxes are; of the dataset syntaxes only JSON-LD, which writes one
        graph without ``@graph``.
        """
        return not self.datasets or self.compacted


SYNTAXES: tuple[Syntax, ...] = (
    Syntax("ttl", "TURTLE", False, "turtle", (".ttl", ".turtle"), "text/turtle",
           ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3", "application/n3"),
           aliases=("turtle",)),
    Syntax("nt", "N_TRIPLES", False, "nt", (".nt", ".ntriples"), "application/n-triples", ("text/plain",),
           aliases=("ntriples",)),
    Syntax("nq", "N_QUADS", True, "nquads", (".nq", ".nquads"), "application/n-quads"),
    Syntax("trig", "TRIG", True, "trig", (".trig",), "application/trig"),
    Syntax("xml", "RDF_XML", False, "xml", (".rdf", ".xml", ".owl"), "application/rdf+xml",
           ("application/xml", "text/xml"), aliases=("rdfxml",)),
    Syntax("jsonld", "JSON_LD", True, "json-ld", (".jsonld", ".json"), "application/ld+json",
           ("application/x-json+ld", "application/json"), compacted=True),
)
"""Every syntax the project speaks, in the order messages list them."""

NAMES: tuple[str, ...] = tuple(syntax.name for syntax in SYNTAXES)
"""The ``--format`` names: ttl, nt, nq, trig, xml, jsonld."""

DATASET_NAMES: frozenset[str] = frozenset(syntax.name for syntax in SYNTAXES if syntax.datasets)
"""The syntaxes that keep named graphs apart (nq, trig, jsonld); the others hold one graph."""

GRAPH_ANSWER_NAMES: tuple[str, ...] = tuple(syntax.name for syntax in SYNTAXES if syntax.graph_answer)
"""The syntaxes a CONSTRUCT or DESCRIBE answer is written in (ttl, nt, xml, jsonld)."""

BY_EXTENSION: dict[str, str] = {ending: syntax.name for syntax in SYNTAXES for ending in syntax.extensions}
"""File endings (lower case, with the dot) to the short name."""

_BY_NAME = {syntax.name: syntax for syntax in SYNTAXES}


def unknown_format(name: str) -> UsageError:
    """The error for a format name that is not one of :data:`NAMES`."""
    return UsageError(f"unknown RDF format {name!r}; use one of {', '.join(NAMES)}")


def by_name(name: str) -> Syntax:
    """The syntax ``--format name`` means; a :class:`UsageError` listing the names otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise unknown_format(name) from None


def rdf_format(name: str) -> ox.RdfFormat:
    """pyoxigraph's format for a short name (:func:`by_name`)."""
    return by_name(name).rdf_format


def by_extension(ending: str) -> Syntax | None:
    """The syntax a file ending (``.TTL`` or ``ttl``) stands for, or None."""
    key = ending.lower()
    name = BY_EXTENSION.get(key if key.startswith(".") else "." + key)
    return _BY_NAME[name] if name else None


def by_media_type(media_type: str) -> Syntax | None:
    """The syntax a media type (parameters such as ``; charset=`` ignored) stands for, or None."""
    key = media_type.split(";")[0].strip().lower()
    for syntax in SYNTAXES:
        if key == syntax.media_type or key in syntax.other_media_types:
            return syntax
    return None
