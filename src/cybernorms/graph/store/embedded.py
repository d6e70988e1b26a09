"""The store: one interface over a dataset of named graphs, whatever engine holds it.

Every unit reads and writes the dataset through :class:`Store`: list the named graphs,
replace or remove one atomically, load a file, run a SPARQL query with parameters bound
by the engine, iterate quads, serialise. :class:`OxigraphStore` implements it over
`pyoxigraph <https://pyoxigraph.readthedocs.io/>`_, in memory or on disk;
:class:`~cybernorms.graph.store.remote.RemoteStore` implements it over a remote SPARQL
endpoint, and :func:`cybernorms.graph.store.open_store` picks one for a ``--store`` value.

Two rules hold in every implementation (``docs/provenance.md``, "The default graph"):

* every triple is written to a named graph, the claim graph of the passage that states it;
* the default graph holds each curated fact once: it is the set union of the curated named
  graphs (claims, ontology, provenance, ``graph/inferred``), kept by the store itself on every
  write (never written directly). A query's default graph is that graph, so a plain ``COUNT``
  counts each fact once on every engine, and a query that needs to know where a fact comes
  from asks ``GRAPH ?g { … }``;
* a partner's graphs (``graph/partner/<name>``, ``graph/inferred/partner/<name>``) stay out of
  the default graph: what a partner sends is never read as a curated fact, and is read by
  naming its graphs (``GRAPH``) or by asking for the partners' data with the curated facts
  (``query(..., partners=True)``).

Terms are pyoxigraph terms throughout. This module must stay cheap to import (it is on
the path of every CLI command): no rdflib here.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Literal as TypingLiteral
from typing import Any, Self, TypeAlias, TypeVar

import pyoxigraph as ox

from cybernorms.errors import CybernormsError, UsageError
from cybernorms.graph import formats
from cybernorms.graph.store import swap
from cybernorms.namespaces import CURATED_FILTER, PREFIXES, expand, is_curated_graph

__all__ = [
    "FORMATS",
    "OxigraphStore",
    "QueryResult",
    "RESULT_FORMATS",
    "Store",
    "Term",
    "graph_answer_format",
    "term_from_text",
]

_T = TypeVar("_T")

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""An RDF term a query can return or a parameter can take."""

QueryKind: TypeAlias = TypingLiteral["select", "ask", "graph"]

FORMATS: dict[str, ox.RdfFormat] = {syntax.name: syntax.rdf_format for syntax in formats.SYNTAXES}
"""The serialisations :meth:`Store.load` and :meth:`Store.dump` accept, by short name
(the rows of :data:`cybernorms.graph.formats.SYNTAXES`)."""

#: A change of at least this many triples to an on-disk store (:meth:`OxigraphStore.replace_graphs`) is written
#: into a copy of the store and swapped in (:mod:`cybernorms.graph.store.swap`) rather than in one transaction,
#: which holds all it writes in memory (1.5 GB for the 930,000 quads of a 50 MB partner import). Read when called.
SWAP_AT_LEAST = 100_000
#: The quads one ``Store.bulk_extend`` of a swapped change writes at a time.
_STEP = 100_000

_QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
_TERM_TYPES = (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)
_XSD = PREFIXES["xsd"]
_SPARQL_VARNAME_CHAR = r"[\w\u00B7\u0300-\u036F\u203F-\u2040]"


@dataclass(frozen=True)
class QueryResult:
    """The materialised answer to one SPARQL query.

    ``kind`` says which fields are meaningful: ``"select"`` fills ``variables`` (names
    without ``?``, in projection order) and ``rows`` (one tuple per solution, ``None``
    where a variable is unbound); ``"ask"`` fills ``boolean``; ``"graph"`` (CONSTRUCT,
    DESCRIBE) fills ``triples``.
    """

    kind: QueryKind
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def column(self, name: str) -> list[Term | None]:
        """The values of one SELECT variable, row by row."""
        try:
            index = self.variables.index(name.lstrip("?$"))
        except ValueError:
            raise KeyError(f"no variable ?{name.lstrip('?$')} in {list(self.variables)}") from None
        return [row[index] for row in self.rows]


class Store(ABC):
    """A dataset of named graphs: the one interface every unit reads through.

    Graph names are absolute IRIs given as ``str``. Implementations keep the default
    graph equal to the set union of the curated named graphs (every graph but a partner's,
    :func:`cybernorms.namespaces.is_curated_graph`) and answer queries over it.
    """

    # -- reading --

    @abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""

    @abstractmethod
    def count(self, graph: str | None = None) -> int:
        """How many triples ``graph`` holds; with ``None``, how many quads in all named graphs."""

    def __len__(self) -> int:
        """The number of quads in the named graphs (the default graph is not counted again)."""
        return self.count(None)

    @abstractmethod
    def count_facts(self) -> int:
        """How many distinct triples the default graph holds: each fact once."""

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every named graph when ``graph`` is None."""

    @abstractmethod
    def facts(self) -> Iterator[ox.Triple]:
        """The triples of the default graph: each fact of the curated named graphs once."""

    @abstractmethod
    def query(self, sparql: str, params: Mapping[str, Term] | None = None, *, partners: bool = False) -> QueryResult:
        """Run a SPARQL 1.1 query over the dataset (its default graph: each curated fact once).

        ``params`` maps variable names (with or without ``?``) to pyoxigraph terms; the
        engine binds them, the query text is never edited. Raises :class:`UsageError`
        naming line and column for a syntax error. ``partners``: the query's default graph
        is the curated facts read together with every partner graph (a fact a partner repeats
        is then matched once per graph that holds it: count with ``DISTINCT``).
        """

    def partner_graphs(self) -> list[str]:
        """The named graphs that hold a partner's data (sent, or inferred with it), sorted."""
        return [g for g in self.graphs() if not is_curated_graph(g)]

    @abstractmethod
    def query_serialized(self, sparql: str, params: Mapping[str, Term] | None, format: str, *,
                         partners: bool = False) -> bytes:
        """Run a query and serialise its answer with the engine's own writers.

        ``format`` is one of :data:`RESULT_FORMATS` (json, xml, csv, tsv) for SELECT and
        ASK, one of :data:`FORMATS` (ttl, nt, xml, jsonld, ...) for CONSTRUCT and DESCRIBE.
        A format that does not fit the query's kind is a :class:`UsageError`.
        """

    @abstractmethod
    def dump(self, format: str, graph: str | None = None) -> bytes:
        """Serialise one named graph, or with ``graph=None`` the whole dataset.

        The whole dataset (its default graph first, then the named graphs) needs a dataset
        format (``nq``, ``trig``, ``jsonld``). One graph
        in ``nq`` or ``trig`` keeps its graph name; in the other formats it is written as
        a plain graph (JSON-LD without ``@graph``).
        """

    # -- writing --

    @abstractmethod
    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Make ``graph`` hold exactly ``triples``, atomically.

        If anything fails, including the iterable itself, the old graph stays as it was.
        Replacing with no triples removes the graph.
        """

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """Make each graph of ``graphs`` hold its triples (an empty one is removed), the default graph kept.

        Implementations do it atomically where the engine can (the partner graph, its provenance and
        the inferred graphs of an import change together or not at all): in one transaction, or
        (:class:`OxigraphStore` on disk, a large change) in a copy of the store swapped in.
        """
        for graph, triples in graphs.items():
            batch = list(triples)
            if batch:
                self.replace_graph(graph, batch)
            else:
                self.remove_graph(graph)

    @abstractmethod
    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph; say whether it existed."""

    @abstractmethod
    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, all or none. Each must name its graph with an IRI."""

    def load(
        self,
        source: bytes | str | Path,
        format: str,
        graph: str | None = None,
        *,
        base_iri: str | None = None,
    ) -> int:
        """Parse ``source`` and add what it holds, all or none; return the quads read.

        ``source`` is the serialised text as ``bytes`` or ``str``, or a file as a
        ``Path`` (a ``str`` is always content, never a file name). ``format`` is a key
        of :data:`FORMATS`. Triples outside any named graph go to ``graph``, which is
        therefore required for the triple formats (ttl, nt, xml). A dataset file's own
        default graph, without ``graph``, is taken for what it is in this project's exports
        (the union of the file's named graphs) and is not loaded: the store keeps its own;
        a default-graph triple that no named graph of the file holds is an error, since it
        would be a fact without a source. Blank nodes are renamed apart from those already
        in the store.
        """
        rdf_format = _rdf_format(format)
        target = _graph_node(graph) if graph is not None else None
        if target is None and not rdf_format.supports_datasets:
            raise UsageError(f"a {format} file holds one graph: say which named graph to load it into")
        name = str(source) if isinstance(source, os.PathLike) else "the given text"
        counter = _Counter()
        try:
            try:
                self.add_quads(counter.count(_retarget(_parse(source, rdf_format, base_iri), target, name)))
            except _DefaultGraphFound:  # nothing was written: check the file's default graph, then load
                check_default_graph(lambda: _parse(source, rdf_format, base_iri, rename=False), name)
                counter = _Counter()
                self.add_quads(counter.count(_named_only(_parse(source, rdf_format, base_iri))))
        except SyntaxError as error:
            raise UsageError(f"cannot parse {name} as {format}: {_describe_parse_error(error)}") from None
        except FileNotFoundError:
            raise UsageError(f"no such file: {name}") from None
        return counter.n

    # -- lifetime --

    def close(self) -> None:
        """Release the engine (an on-disk store's lock). Closing twice is harmless."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class OxigraphStore(Store):
    """:class:`Store` over a ``pyoxigraph.Store``, in memory or in a RocksDB directory.

    Build one with :meth:`memory` or :meth:`open`. One process at a time may open a
    directory read-write (RocksDB's ``LOCK`` file); a second one gets a
    :class:`CybernormsError` saying so. A change of :data:`SWAP_AT_LEAST` triples or more to an on-disk
    store is written into a copy and swapped in (:mod:`cybernorms.graph.store.swap`); opening a store for
    writing deletes what an interrupted swap left beside it.
    """

    def __init__(self, engine: ox.Store, *, path: Path | None = None, read_only: bool = False) -> None:
        self._engine: ox.Store | None = engine
        self.path = path
        self.read_only = read_only

    @classmethod
    def memory(cls) -> OxigraphStore:
        """A new empty store in memory."""
        return cls(ox.Store())

    @classmethod
    def open(cls, path: str | os.PathLike[str], read_only: bool = False) -> OxigraphStore:
        """Open (or create, unless ``read_only``) the on-disk store in directory ``path``.

        Refuses a directory that holds other files, so that a mistyped ``--store`` does
        not fill a source folder with database files. Reading a store while another
        process writes it is undefined in RocksDB; open read-only only finished stores.
        """
        where = Path(path)
        _check_store_dir(where, read_only)
        try:
            if read_only:
                engine = ox.Store.read_only(str(where))
            else:
                where.mkdir(parents=True, exist_ok=True)
                engine = swap.checked_open(where, ox.Store)
                swap.remove_leftover(where)
        except BlockingIOError:
            raise CybernormsError(f"the store at {where} is in use by another process (a write is being "
                                  "swapped in); wait for that process to finish or use another --store directory"
                                  ) from None
        except OSError as error:
            raise _open_error(where, error) from None
        except RuntimeError as error:  # RocksDB reports a store changing under a reader as corruption
            raise CybernormsError(
                f"cannot open the store at {where} read-only: {error}; is another process writing to it?"
            ) from None
        store = cls(engine, path=where, read_only=read_only)
        store._check_facts()
        return store

    def _check_facts(self) -> None:
        """A store with named graphs and an empty default graph was written before the default
        graph held the facts: derive it now, or say how when the store is read-only."""
        engine = self.engine
        if next(iter(engine.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            return
        if not any(True for _ in engine.named_graphs()):
            return
        if self.read_only:
            raise UsageError(
                f"the store at {self.path} has named graphs but no default graph (it was written by an "
                f"earlier version); open it once for writing to derive it (for example cybernorms reason --store {self.path})"
            )
        self.derive_facts()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        mode = ", read-only" if self.read_only else ""
        state = ", closed" if self._engine is None else ""
        return f"<OxigraphStore {where}{mode}{state}>"

    def close(self) -> None:
        """Drop the engine; an on-disk store is closed once no iterator holds it."""
        self._engine = None

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store behind this one (code using it is tied to Oxigraph)."""
        if self._engine is None:
            raise ValueError(f"{self!r} is closed")
        return self._engine

    # -- reading --

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.engine.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.engine) - self.count_facts()
        return sum(1 for _ in self.quads(graph))

    def count_facts(self) -> int:
        return sum(1 for _ in self.engine.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            return iter(self.engine.quads_for_pattern(None, None, None, _graph_node(graph)))
        return (q for q in self.engine.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph))

    def facts(self) -> Iterator[ox.Triple]:
        return (q.triple for q in self.engine.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, sparql: str, params: Mapping[str, Term] | None = None, *, partners: bool = False) -> QueryResult:
        return self._evaluate(sparql, params, _materialise, partners)

    def query_serialized(self, sparql: str, params: Mapping[str, Term] | None, format: str, *,
                         partners: bool = False) -> bytes:
        return self._evaluate(sparql, params, lambda answer: _serialise_answer(answer, format), partners)

    def _evaluate(self, sparql: str, params: Mapping[str, Term] | None, then: Callable[[Any], _T],
                  partners: bool = False) -> _T:
        substitutions = _substitutions(sparql, params or {})
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        if partners:
            default = [ox.DefaultGraph(), *(ox.NamedNode(g) for g in self.partner_graphs())]
        try:
            answer = self.engine.query(sparql, substitutions=substitutions or None, default_graph=default)
            try:
                return then(answer)
            except UsageError as error:
                # The engine's answer must be freed on the thread that made it: drop the
                # frames that hold it before the error travels (e.g. to a timeout's caller).
                error.__traceback__ = None
                del answer
                raise error from None
        except SyntaxError as error:
            raise UsageError(f"SPARQL syntax error: {_describe_query_error(sparql, str(error))}") from None
        except RuntimeError as error:
            raise _query_error(str(error)) from None
        except OSError as error:  # e.g. a SERVICE call that cannot reach its endpoint
            raise CybernormsError(f"the query failed: {error}") from None

    def dump(self, format: str, graph: str | None = None) -> bytes:
        rdf_format = _rdf_format(format)
        prefixes = dict(PREFIXES)
        if graph is None:
            if not rdf_format.supports_datasets:
                raise UsageError(f"{format} holds one graph: say which named graph to dump, or use nq or trig")
            return _serialised(self.engine.dump(format=rdf_format, prefixes=prefixes))
        node = _graph_node(graph)
        if rdf_format in _QUAD_FORMATS:  # keep the graph name: Store.dump(from_graph=) drops it
            return _serialised(ox.serialize(self.quads(graph), format=rdf_format, prefixes=prefixes))
        return _serialised(self.engine.dump(format=rdf_format, from_graph=node, prefixes=prefixes))

    # -- writing --

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        node = _graph_node(graph)
        self._check_writable()
        batch = list(triples)  # a failing iterable fails here, before the store is touched
        for triple in batch:
            if not isinstance(triple, ox.Triple):
                raise TypeError(f"replace_graph takes pyoxigraph Triples, got {type(triple).__name__}")
        # Store.extend and Store.remove_graph are each a transaction, but two of them are
        # not one; a SPARQL update is a single transaction, so drop and insert go together.
        # The triples travel as canonical N-Triples, which pyoxigraph escapes, so no
        # term can break out of the INSERT DATA block.
        # The default graph loses what only the old graph held and gains the new triples.
        self._update(_replacement(node, batch))

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        self._check_writable()
        parts = []
        for graph, triples in graphs.items():
            node, batch = _graph_node(graph), list(triples)
            for triple in batch:
                if not isinstance(triple, ox.Triple):
                    raise TypeError(f"replace_graphs takes pyoxigraph Triples, got {type(triple).__name__}")
            parts.append((node, batch))
        if self._swapped(parts):
            return
        if self._only_additions(parts):  # Store.extend is one transaction too, and holds a third less
            self.engine.extend(_with_facts(ox.Quad(t.subject, t.predicate, t.object, node)
                                           for node, batch in parts for t in batch))
        elif parts:  # one update: one transaction, so every graph changes or none does
            self._update(_replacements(parts))

    def _swapped(self, parts: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> bool:
        """Write a change of at least :data:`SWAP_AT_LEAST` triples to an on-disk store into a copy of it and
        swap the copy in (:mod:`cybernorms.graph.store.swap`): atomic like one transaction, without holding
        the change in memory. False (nothing written) when the change is smaller or the swap cannot be made."""
        if self.path is None or sum(len(batch) for _, batch in parts) < SWAP_AT_LEAST:
            return False
        if not swap.exchange_supported(self.path):
            return False
        try:
            copy = swap.copy_store(self.engine, self.path)
            try:
                _write_in_steps(copy, parts)
                copy.flush()
            except BaseException:
                del copy
                swap.remove_leftover(self.path)
                raise
            del copy
            self._engine = swap.swap_in(self.path, self.close)
        except swap.SwapUnavailable:
            if self._engine is None:
                self._engine = ox.Store(str(self.path))
            return False
        return True

    def _only_additions(self, parts: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> bool:
        """Whether each graph of ``parts`` keeps all it holds (a new partner's import): then the replacement is
        one :meth:`pyoxigraph.Store.extend` of the new triples (a triple already there is added again, which
        changes nothing), a transaction like the SPARQL update, which for the 900,000 quads of a 50 MB partner
        import took 26 s and 1.5 GB against 43 s and 2.7 GB. The added triples' blank nodes keep their
        identity (the gate renames a partner's apart with fresh ones)."""
        for node, batch in parts:
            held = {quad.triple for quad in self.engine.quads_for_pattern(None, None, None, node)}
            if held and not held <= set(batch):
                return False
        return True

    def remove_graph(self, graph: str) -> bool:
        node = _graph_node(graph)
        self._check_writable()
        existed = self.engine.contains_named_graph(node)
        if existed:  # one update, so one transaction: the graph and its share of the default graph
            self._update(f"{_unshare(node)}DROP SILENT GRAPH {node}")
        return existed

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._check_writable()
        self.engine.extend(_with_facts(_checked_quads(quads)))  # one transaction: all or none

    def derive_facts(self) -> int:
        """Make the default graph the set union of the named graphs again; the facts it holds.

        For a store written without this module (``bulk_load`` of named graphs, or a store
        made before the default graph held the facts). One transaction.
        """
        self._check_writable()
        self._update("DROP SILENT DEFAULT ;\n"
                     f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER{CURATED_FILTER.format('?g')} }}")
        return self.count_facts()

    def restore(self, path: Path) -> int:
        """Load an N-Quads file that :meth:`dump` wrote, default graph included, as it is.

        For the build's own cache file only: nothing is checked, so never give it other
        data. Returns the number of quads in the store.
        """
        self._check_writable()
        self.engine.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return len(self.engine)

    def _update(self, sparql_update: str) -> None:
        try:
            self.engine.update(sparql_update)
        except SyntaxError as error:  # only a bug in this module can cause it
            raise RuntimeError(f"generated SPARQL update is invalid: {error}") from error

    def _check_writable(self) -> None:
        if self.read_only:
            raise UsageError(f"the store at {self.path} is open read-only")


def term_from_text(text: str) -> Term:
    """Turn a value typed on the command line into a term.

    ``<iri>``, ``http(s)://…``, ``urn:…`` and ``prefix:local`` with a known prefix
    (:data:`cybernorms.namespaces.PREFIXES`) are IRIs; ``YYYY-MM-DD`` is an
    ``xsd:date``; an integer is an ``xsd:integer``; ``"…"`` in double quotes is the
    string inside them (to force a string); anything else is a plain string literal.
    """
    try:
        if text.startswith("<") and text.endswith(">"):
            return ox.NamedNode(text[1:-1])
        if text.startswith(("http://", "https://", "urn:")):
            return ox.NamedNode(text)
        prefix, sep, _ = text.partition(":")
        if sep and prefix in PREFIXES:
            return ox.NamedNode(expand(text))
    except ValueError as error:
        raise UsageError(f"{text!r} is not a valid IRI: {error}") from None
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return ox.Literal(text[1:-1])
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{text!r} looks like a date but is not one (YYYY-MM-DD)") from None
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "date"))
    if re.fullmatch(r"[+-]?\d+", text):
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(text)


# -- helpers --


class _Counter:
    """Counts the items that pass through an iterator."""

    def __init__(self) -> None:
        self.n = 0

    def count(self, items: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        for item in items:
            self.n += 1
            yield item


def _serialised(data: bytes | None) -> bytes:
    """pyoxigraph returns bytes when given no output file; say so to the type checker."""
    if data is None:
        raise RuntimeError("pyoxigraph wrote to a file instead of returning bytes")
    return data


def _rdf_format(name: str) -> ox.RdfFormat:
    """pyoxigraph's format for a ``--format`` name; a :class:`UsageError` listing the names otherwise."""
    return formats.rdf_format(name)


def _graph_node(graph: str) -> ox.NamedNode:
    if not isinstance(graph, str):
        raise TypeError(f"graph names are IRIs given as str, got {type(graph).__name__}")
    try:
        return ox.NamedNode(graph)
    except ValueError as error:
        raise UsageError(f"{graph!r} is not an absolute IRI, so it cannot name a graph: {error}") from None


def _parse(
    source: bytes | str | Path, rdf_format: ox.RdfFormat, base_iri: str | None, *, rename: bool = True
) -> Iterator[ox.Quad]:
    if isinstance(source, os.PathLike):
        parser = ox.parse(path=os.fspath(source), format=rdf_format, base_iri=base_iri, rename_blank_nodes=rename)
    else:
        parser = ox.parse(source, rdf_format, base_iri=base_iri, rename_blank_nodes=rename)
    return iter(parser)


def _retarget(quads: Iterable[ox.Quad], target: ox.NamedNode | None, name: str) -> Iterator[ox.Quad]:
    """Move default-graph quads into ``target``; without one, stop the load (see :meth:`Store.load`)."""
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            if target is None:
                raise _DefaultGraphFound(name)
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
        yield quad


def _unshare(node: ox.NamedNode) -> str:
    """The start of a SPARQL update (with its ``;``) removing from the default graph the triples that only
    ``node`` holds among the curated graphs; nothing for a partner's graph, which the default graph leaves out."""
    if not is_curated_graph(node.value):
        return ""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {node} && {CURATED_FILTER.format('?other')}) }} }} ;\n"
    )


def _replacement(node: ox.NamedNode, triples: list[ox.Triple]) -> str:
    """One SPARQL update (one transaction) making ``node`` hold ``triples``, the default graph kept.

    The triples travel as canonical N-Triples, which pyoxigraph escapes, so no term can break out
    of the INSERT DATA block; a curated graph's triples go into the default graph in the same
    INSERT DATA, so that a blank node is the same node in each.
    """
    body = _serialised(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode()
    facts = body if is_curated_graph(node.value) else ""
    return f"{_unshare(node)}DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{body}}}\n{facts}}}"


def _replacements(parts: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> str:
    """One SPARQL update making each graph of ``parts`` hold its triples (none: the graph dropped)."""
    return " ;\n".join(_replacement(node, batch) if batch else f"{_unshare(node)}DROP SILENT GRAPH {node}"
                        for node, batch in parts)


def _write_in_steps(engine: ox.Store, parts: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> None:
    """Make ``engine`` (a copy nobody reads) hold ``parts``, in steps of bounded memory rather than one transaction.

    The curated graphs (small: the provenance, ``graph/inferred``) change in one SPARQL update, which keeps the
    default graph; a partner's graph, which the default graph leaves out, loses the quads it no longer holds
    one at a time and gains the new ones by ``Store.bulk_extend``, :data:`_STEP` quads at a time.
    """
    curated = [(node, batch) for node, batch in parts if is_curated_graph(node.value)]
    if curated:
        engine.update(_replacements(curated))
    for node, batch in parts:
        if is_curated_graph(node.value):
            continue
        keep = set(batch)
        for quad in list(engine.quads_for_pattern(None, None, None, node)):
            if quad.triple not in keep:
                engine.remove(quad)
        del keep
        if not batch:
            engine.remove_graph(node)
            continue
        for start in range(0, len(batch), _STEP):
            engine.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in batch[start:start + _STEP])


def _with_facts(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, followed (for a curated graph) by its triple in the default graph (a set: a repeat adds nothing)."""
    curated: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, bool] = {}
    for quad in quads:
        yield quad
        graph = quad.graph_name
        if graph not in curated:
            curated[graph] = isinstance(graph, ox.NamedNode) and is_curated_graph(graph.value)
        if curated[graph]:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())


class _DefaultGraphFound(Exception):
    """Raised inside a load's transaction when the file has its own default graph."""


def _named_only(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))


def check_default_graph(parse: Callable[[], Iterator[ox.Quad]], name: str) -> None:
    """Check that every default-graph triple of a dataset file is in one of its named graphs.

    ``parse`` reads the file again each time it is called, with the file's own blank node
    labels (which a dataset file shares between its graphs). Only the default graph's
    triples are held in memory.
    """
    pending = {q.triple for q in parse() if isinstance(q.graph_name, ox.DefaultGraph)}
    for quad in parse():
        if pending and not isinstance(quad.graph_name, ox.DefaultGraph):
            pending.discard(quad.triple)
    if pending:
        example = min(str(t) for t in pending)
        raise UsageError(
            f"{name} has {len(pending):,} triple(s) in its default graph that none of its named graphs holds "
            f"(for example {example[:200]}); every fact needs the graph of its source: put them in a named "
            "graph, or load the file with --graph IRI"
        )


def _checked_quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        if not isinstance(quad, ox.Quad):
            raise TypeError(f"add_quads takes pyoxigraph Quads, got {type(quad).__name__}")
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise UsageError(f"every triple must be in a named graph (IRI); got graph {quad.graph_name} in {quad}")
        yield quad


def _check_store_dir(where: Path, read_only: bool) -> None:
    if where.exists() and not where.is_dir():
        raise UsageError(f"{where} is a file, not a store directory")
    is_store = (where / "CURRENT").is_file()  # RocksDB's marker of a database directory
    if read_only and not is_store:
        raise UsageError(f"there is no store at {where}; build one first (cybernorms build --store {where})")
    if where.is_dir() and not is_store and any(where.iterdir()):
        raise UsageError(f"{where} is not an Oxigraph store and is not empty; give a new or empty directory")


def _open_error(where: Path, error: OSError) -> CybernormsError:
    text = str(error)
    if "current process" in text:
        return CybernormsError(f"the store at {where} is already open in this process; close it first")
    if "lock" in text.lower():
        return CybernormsError(
            f"the store at {where} is in use by another process (it holds {where / 'LOCK'}); "
            "wait for that process to finish or use another --store directory"
        )
    return CybernormsError(f"cannot open the store at {where}: {text}")


def _substitutions(sparql: str, params: Mapping[str, Term]) -> dict[ox.Variable, Term]:
    bound: dict[ox.Variable, Term] = {}
    for key, value in params.items():
        name = key[1:] if key[:1] in "?$" else key
        if not isinstance(value, _TERM_TYPES):
            raise TypeError(
                f"parameter ?{name} must be a pyoxigraph term (NamedNode, Literal, …), "
                f"not {type(value).__name__}; see cybernorms.graph.store.embedded.term_from_text"
            )
        if not re.search(rf"[?$]{re.escape(name)}(?!{_SPARQL_VARNAME_CHAR})", sparql):
            raise UsageError(f"parameter ?{name} does not occur in the query")
        try:
            bound[ox.Variable(name)] = value
        except ValueError:
            raise UsageError(f"{key!r} is not a SPARQL variable name") from None
    return bound


RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""The W3C SPARQL 1.1 query results formats, by short name."""


def _serialise_answer(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, format: str) -> bytes:
    if isinstance(answer, ox.QueryTriples):
        return _serialised(answer.serialize(format=graph_answer_format(format)))
    if format not in RESULT_FORMATS:
        raise UsageError(
            f"--format {format} does not fit a SELECT or ASK query; use table, csv, tsv, json or xml"
        )
    return _serialised(answer.serialize(format=RESULT_FORMATS[format]))


def graph_answer_format(format: str) -> ox.RdfFormat:
    """pyoxigraph's format for a CONSTRUCT or DESCRIBE answer in ``--format format``.

    One graph is written in a triple syntax or JSON-LD (:attr:`~cybernorms.graph.formats.Syntax.graph_answer`);
    any other name is a :class:`UsageError`.
    """
    syntax = formats.by_name(format) if format in formats.NAMES else None
    if syntax is None or not syntax.graph_answer:
        raise UsageError(f"--format {format} does not fit a CONSTRUCT or DESCRIBE query; use ttl, nt, jsonld or xml")
    return syntax.rdf_format


def _materialise(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        return QueryResult("select", variables=variables, rows=[tuple(solution) for solution in answer])
    return QueryResult("graph", triples=list(answer))


_QUERY_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_NOT_PROJECTED = re.compile(r"does not contains? variable \?(\S+) in its SELECT projection")


def _describe_query_error(sparql: str, message: str) -> str:
    """``line L, column C: what (near '…')`` from pyoxigraph's ``error at L:C: what``."""
    match = _QUERY_POSITION.match(message)
    if not match:
        return message
    line, column, what = int(match[1]), int(match[2]), " ".join(match[3].split())
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in what:
        prefixed = re.search(r"([A-Za-z][\w.-]*)?:[\w.:%-]*$", text[: max(column - 1, 0)])
        what = f"undeclared prefix {prefixed[0].split(':')[0] + ':' if prefixed else ''}".rstrip()
        what += " (declare it with PREFIX)"
    elif len(what) > 160:
        what = what[:157] + "..."
    near = text[max(column - 11, 0) : column + 9].strip()
    return f"line {line}, column {column}: {what}" + (f" (near {near!r})" if near else "")


def _describe_parse_error(error: SyntaxError) -> str:
    what = re.sub(r"^Parser error [^:]*: ", "", str(error))
    what = re.sub(r" \(line \d+\)$", "", what)
    if error.lineno:
        return f"line {error.lineno}, column {error.offset}: {what}"
    return what


def _query_error(message: str) -> CybernormsError:
    match = _NOT_PROJECTED.search(message)
    if match:
        name = match[1]
        return UsageError(
            f"parameter ?{name} must be a variable the query returns: the engine binds parameters by "
            f"substitution (SEP-0007), which applies to projected variables only; add ?{name} to SELECT "
            f"(with GROUP BY ?{name} in an aggregate) or use SELECT *"
        )
    return UsageError(f"the query failed: {message}")
