"""Move whole files and datasets into a store: ``cybernorms load`` and ``cybernorms push``.

``load`` bulk-loads RDF files into the store of ``--store`` (a directory or an endpoint)
as **one transaction**: every file is parsed and streamed into a single write that the
engine commits only after the last quad. A load that fails on a bad line, or that is
killed half-way, therefore leaves the store exactly as it was (RocksDB writes a
transaction to its log only when it commits, so a killed process leaves nothing to
replay). On an endpoint the whole load is one SPARQL Update request. The price of the
transaction is memory: about 1.5 GB at 10^6 triples (``docs/benchmarks.md``); beyond some
10^7 triples, load into a new directory with ``oxigraph load`` and point ``--store`` at it.

While the load runs, the store's directory is locked: another process that opens it is
told it is in use (:meth:`OxigraphStore.open`), never shown half a load.

``push`` uploads every named graph of a dataset to an endpoint with the Graph Store
Protocol (:func:`cybernorms.graph.store.remote.push`). The commands themselves are in
:mod:`cybernorms.cli.dataset`.

This module imports pyoxigraph only when it loads.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol, cast

from cybernorms.errors import UsageError
from cybernorms.graph import formats

if TYPE_CHECKING:
    import pyoxigraph as ox

    from cybernorms.graph.store.embedded import Store

#: File name endings and the format short names (:data:`cybernorms.graph.formats.BY_EXTENSION`).
EXTENSIONS: dict[str, str] = formats.BY_EXTENSION


@dataclass(frozen=True)
class LoadReport:
    """What a load did: the files, the quads read, the store's size after, and the time."""

    files: int
    quads: int
    total: int
    seconds: float


def file_format(path: Path, given: str | None = None) -> str:
    """The format short name of ``path``: ``given``, else from its ending (``.gz`` looked through)."""
    if given:
        return given
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1] in EXTENSIONS:
        return EXTENSIONS[suffixes[-1]]
    raise UsageError(
        f"cannot tell the format of {path} from its name; give --format "
        f"({', '.join(sorted(set(EXTENSIONS.values())))})"
    )


def load_files(
    store: Store,
    files: Sequence[Path],
    *,
    format: str | None = None,
    graph: str | None = None,
    base_iri: str | None = None,
    meter: Callable[[int], ByteMeter] | None = None,
) -> LoadReport:
    """Load ``files`` into ``store`` in one transaction: all of them, or nothing.

    Triples outside any named graph go to ``graph``, required for triple formats (the
    dataset keeps every triple in a named graph). Blank nodes are renamed apart per file.
    ``meter``, given the number of bytes to read, makes what follows the bytes read (the command
    line's progress bar); the library itself prints nothing.
    """
    plan = [(path, file_format(path, format)) for path in files]
    for path, fmt in plan:
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        if fmt not in formats.DATASET_NAMES and graph is None:
            raise UsageError(f"{path} holds triples without a graph ({fmt}): say which named graph with --graph IRI")
    started = time.perf_counter()
    total_bytes = sum(path.stat().st_size for path, _ in plan)
    bar = meter(total_bytes) if meter is not None else _NoMeter()
    from cybernorms.graph.store.embedded import _DefaultGraphFound, check_default_graph

    counter = [0]
    try:
        try:
            store.add_quads(_all_quads(plan, graph, base_iri, bar, counter))
        except _DefaultGraphFound:  # nothing was written; a dataset file has a default graph of its own
            bar.describe("checking the default graph")
            for path, fmt in plan:
                if fmt in formats.DATASET_NAMES:
                    check_default_graph(_reparse(path, fmt, base_iri), str(path))
            counter = [0]
            store.add_quads(_all_quads(plan, graph, base_iri, bar, counter, skip_default=True))
    finally:
        bar.close()
    return LoadReport(len(plan), counter[0], len(store), time.perf_counter() - started)


def _reparse(path: Path, fmt: str, base_iri: str | None) -> Callable[[], Iterator[ox.Quad]]:
    """A function reading ``path`` again, with the file's own blank node labels."""
    import pyoxigraph as ox

    def parse() -> Iterator[ox.Quad]:
        with _open(path) as raw:
            yield from ox.parse(raw, formats.rdf_format(fmt), base_iri=base_iri, rename_blank_nodes=False)

    return parse


def _all_quads(
    plan: Sequence[tuple[Path, str]],
    graph: str | None,
    base_iri: str | None,
    bar: ByteMeter,
    counter: list[int],
    *,
    skip_default: bool = False,
) -> Iterator[ox.Quad]:
    import pyoxigraph as ox

    from cybernorms.graph.store.embedded import (
        _describe_parse_error,
        _graph_node,
        _named_only,
        _retarget,
    )

    target = _graph_node(graph) if graph is not None else None
    for path, fmt in plan:
        bar.describe(path.name)
        with _open(path) as raw:
            reader = _CountingReader(raw, bar)
            rdf_format = formats.rdf_format(fmt)
            quads = ox.parse(cast(IO[bytes], reader), rdf_format, base_iri=base_iri, rename_blank_nodes=True)
            try:
                kept = _named_only(quads) if skip_default and target is None else _retarget(quads, target, str(path))
                for quad in kept:
                    counter[0] += 1
                    yield quad
            except SyntaxError as error:
                raise UsageError(
                    f"cannot parse {path} as {fmt}: {_describe_parse_error(error)}; nothing was loaded"
                ) from None
    bar.describe("committing")


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


class _CountingReader:
    """A binary reader that reports the bytes it hands out (compressed files: their read position)."""

    def __init__(self, raw: IO[bytes], bar: ByteMeter) -> None:
        self._raw = raw
        self._bar = bar
        self._fileobj = getattr(raw, "fileobj", None)  # gzip: count the compressed bytes read
        self._seen = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        position = self._fileobj.tell() if self._fileobj is not None else self._seen + len(data)
        self._bar.advance(position - self._seen)
        self._seen = position
        return data


class ByteMeter(Protocol):
    """What follows a load's progress: bytes read, the file being read, then the commit."""

    def advance(self, n: int) -> None:
        """``n`` more bytes were read."""

    def describe(self, text: str) -> None:
        """What is being done now: a file's name, or ``committing``."""

    def close(self) -> None:
        """The load is over (done or failed)."""


class _NoMeter:
    """Follows nothing: a load nobody watches."""

    def advance(self, n: int) -> None:
        return None

    def describe(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None
