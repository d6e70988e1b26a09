"""The difference between two releases: per named graph, the statements added and removed.

``cybernorms diff OLD NEW`` compares two releases. Each is a release bundle (a folder as
``cybernorms export --bundle DIR`` writes: its ``cybernorms.nq`` is read) or an N-Quads
(``.nq``) or TriG (``.trig``) file. Both sides are put in the canonical form the exports use
(:func:`cybernorms.graph.exchange.canonical.canonical_quads`: blank nodes relabelled by
RDFC-1.0), so a blank node whose statements did not change keeps its label and is not
reported; one whose statements changed is reported as removed and added.

The difference as RDF (:func:`difference_quads`) is TriG with two named graphs per changed
graph and no vocabulary: ``<https://w3id.org/cybernorms/diff/added?graph=G>`` holds the
triples added to graph ``G`` (percent-encoded), ``…/diff/removed?graph=G`` those removed.
Statements of the default graph use an empty ``G``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from cybernorms.errors import UsageError
from cybernorms.graph.exchange.canonical import canonical_quads
from cybernorms.namespaces import BASE

__all__ = [
    "ADDED_GRAPH",
    "DEFAULT_GRAPH_LABEL",
    "REMOVED_GRAPH",
    "Difference",
    "GraphChange",
    "diff_releases",
    "difference_quads",
    "compare",
    "read_release",
    "write_difference",
]

#: The graph of the triples added to graph G: ``ADDED_GRAPH.format(graph=percent-encoded G)``.
ADDED_GRAPH = BASE + "diff/added?graph={graph}"
#: The graph of the triples removed from graph G.
REMOVED_GRAPH = BASE + "diff/removed?graph={graph}"
#: How the default graph (statements outside any named graph) is named in a difference.
DEFAULT_GRAPH_LABEL = "(default graph)"
#: The file of a bundle that is compared (it holds every named graph).
BUNDLE_FILE = "cybernorms.nq"
_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


@dataclass(frozen=True)
class GraphChange:
    """One graph of either release: its statements added, removed, and how many stayed."""

    graph: str  #: the graph IRI, or :data:`DEFAULT_GRAPH_LABEL`
    added: tuple[ox.Triple, ...]
    removed: tuple[ox.Triple, ...]
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class Difference:
    """Two releases compared: one :class:`GraphChange` per graph of either, sorted by graph."""

    old: Path
    new: Path
    graphs: tuple[GraphChange, ...]

    @property
    def changed(self) -> tuple[GraphChange, ...]:
        """The graphs with something added or removed."""
        return tuple(g for g in self.graphs if g.changed)

    @property
    def added(self) -> int:
        return sum(len(g.added) for g in self.graphs)

    @property
    def removed(self) -> int:
        return sum(len(g.removed) for g in self.graphs)

    @property
    def unchanged(self) -> int:
        return sum(g.unchanged for g in self.graphs)


def read_release(path: Path) -> list[ox.Quad]:
    """The canonical quads of a release: a bundle folder, or an N-Quads or TriG file.

    Raises :class:`~cybernorms.errors.UsageError` (one line) when the path is missing, is a
    folder without ``cybernorms.nq``, is not ``.nq``/``.trig``, or does not parse.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path} does not exist: give a release bundle folder or an N-Quads or TriG file")
    if path.is_dir():
        file = path / BUNDLE_FILE
        if not file.is_file():
            raise UsageError(f"{path} is not a release bundle: it has no {BUNDLE_FILE}")
    else:
        file = path
    rdf_format = _FORMATS.get(file.suffix.lower())
    if rdf_format is None:
        raise UsageError(f"{path} is neither a release bundle nor an N-Quads (.nq) or TriG (.trig) file")
    try:
        quads = list(ox.parse(path=str(file), format=rdf_format))
    except (SyntaxError, ValueError, OSError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UsageError(f"{file} is not valid {'N-Quads' if file.suffix == '.nq' else 'TriG'}: {first}") from None
    return canonical_quads(quads)


def _graph_key(quad: ox.Quad) -> str:
    name = quad.graph_name
    if isinstance(name, ox.DefaultGraph):
        return DEFAULT_GRAPH_LABEL
    return name.value if isinstance(name, ox.NamedNode) else str(name)


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, set[ox.Triple]]:
    graphs: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        graphs.setdefault(_graph_key(quad), set()).add(quad.triple)
    return graphs


def _sorted(triples: Iterable[ox.Triple]) -> tuple[ox.Triple, ...]:
    return tuple(sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))))


def compare(old: Sequence[ox.Quad], new: Sequence[ox.Quad], old_path: Path, new_path: Path) -> Difference:
    """The difference between two canonical datasets (as :func:`read_release` gives them)."""
    before, after = _by_graph(old), _by_graph(new)
    changes = []
    for graph in sorted(before.keys() | after.keys()):
        was, now = before.get(graph, set()), after.get(graph, set())
        changes.append(GraphChange(graph, _sorted(now - was), _sorted(was - now), len(was & now)))
    return Difference(Path(old_path), Path(new_path), tuple(changes))


def diff_releases(old: Path, new: Path) -> Difference:
    """Compare release ``old`` with release ``new`` (bundle folders, ``.nq`` or ``.trig`` files)."""
    return compare(read_release(old), read_release(new), Path(old), Path(new))


def difference_quads(difference: Difference) -> list[ox.Quad]:
    """The difference as quads: per changed graph, a graph of its added and one of its removed triples."""
    quads = []
    for change in difference.changed:
        encoded = "" if change.graph == DEFAULT_GRAPH_LABEL else quote(change.graph, safe="")
        for template, triples in ((ADDED_GRAPH, change.added), (REMOVED_GRAPH, change.removed)):
            name = ox.NamedNode(template.format(graph=encoded))
            quads += [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    return quads


def write_difference(difference: Difference, target: Path) -> int:
    """Write :func:`difference_quads` as TriG to ``target`` (atomically); the number of bytes.

    Blank node labels are those of the canonical forms compared (not relabelled again).
    """
    from cybernorms.graph._files import atomic_write
    from cybernorms.graph.exchange.canonical import write_statements

    quads = sorted(difference_quads(difference),
                   key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    data = write_statements(quads, "trig", facts=False)
    atomic_write(Path(target), data)
    return len(data)
