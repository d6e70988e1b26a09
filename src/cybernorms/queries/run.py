"""Run a named query, a ``.rq`` file or SPARQL text, with parameters and a timeout.

Parameters are bound by the engine (Oxigraph's substitutions, rdflib's initBindings, or a
``VALUES`` block for a remote endpoint), never pasted into the query text, so a value
that looks like SPARQL stays a value.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cybernorms.errors import UsageError
from cybernorms.queries.library import NamedQuery, get_query, library

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import QueryResult, Store, Term

DEFAULT_TIMEOUT = 30.0
_T = TypeVar("_T")
_SPARQL_START = re.compile(
    r"^\s*(?:#[^\n]*\n\s*)*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class PreparedQuery:
    """A query ready to run: its text, its bound parameters, and its name if it has one."""

    text: str
    params: dict[str, Term]
    named: NamedQuery | None = None

    @property
    def label(self) -> str:
        return self.named.name if self.named else "query"


def resolve(spec: str) -> tuple[str, NamedQuery | None]:
    """The text of ``spec``: a named query, a ``.rq`` file, or SPARQL text itself."""
    if spec in library():
        named = library()[spec]
        return named.text, named
    if spec.endswith(".rq") or Path(spec).is_file():
        path = Path(spec)
        if not path.is_file():
            raise UsageError(f"no query file {spec!r}")
        from cybernorms.queries.library import parse_query_file

        named = parse_query_file(path)
        return named.text, named
    if _SPARQL_START.match(spec):
        return spec, None
    get_query(spec)  # raises with the closest names
    raise AssertionError("unreachable")


def bind(named: NamedQuery | None, given: Mapping[str, str | Term]) -> dict[str, Term]:
    """The parameters of a query as engine terms: defaults applied, unknown or missing ones refused."""
    from cybernorms.graph.store.embedded import term_from_text

    declared = {p.name: p for p in named.parameters} if named else {}
    if named:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            known = ", ".join(declared) or "none"
            raise UsageError(f"query {named.name!r} has no parameter {unknown[0]!r} (its parameters: {known})")
    values: dict[str, Term] = {}
    for name, param in declared.items():
        if name not in given and param.required:
            raise UsageError(
                f"query {named.name!r} needs the parameter {name!r} ({param.description}): "  # type: ignore[union-attr]
                f"add --param {name}=VALUE"
            )
        raw = given.get(name, param.default)
        if raw is not None:
            values[name] = term_from_text(raw) if isinstance(raw, str) else raw
    if not named:
        values = {k: term_from_text(v) if isinstance(v, str) else v for k, v in given.items()}
    return values


def prepare(spec: str, params: Mapping[str, str | Term] | None = None) -> PreparedQuery:
    """Resolve ``spec`` and bind ``params``."""
    text, named = resolve(spec)
    return PreparedQuery(text, bind(named, params or {}), named)


class _Job:
    """One piece of work handed to a worker thread, and what became of it."""

    __slots__ = ("done", "error", "result", "work")

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work = work
        self.done = threading.Lock()  # held until the work is done (lighter than an Event)
        self.done.acquire()
        self.result: Any = None
        self.error: BaseException | None = None


class _Worker:
    """A daemon thread that runs jobs one after another (starting a thread per query cost more than
    the median query on the curated graph)."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="query-worker", daemon=True).start()

    def _serve(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                job.result = job.work()
            except BaseException as exc:  # handed to the caller's thread
                job.error = exc
            job.done.release()
            del job


_idle: list[_Worker] = []
_idle_lock = threading.Lock()


def call_with_timeout(work: Callable[[], _T], timeout: float | None, label: str) -> _T:
    """Run ``work``; past ``timeout`` seconds, stop waiting and say so.

    The engine releases the interpreter while it evaluates, so the work runs in a daemon
    worker thread and the caller regains control at the deadline. The command line then
    ends the process, which ends the query with it. Idle workers are kept for the next
    call; one past its deadline is left to finish on its own and never reused.
    """
    if not timeout:
        return work()
    with _idle_lock:
        worker = _idle.pop() if _idle else None
    worker = worker or _Worker()
    job = _Job(work)
    worker.jobs.put(job)
    if not job.done.acquire(timeout=timeout):
        raise UsageError(
            f"{label} ran past the {timeout:g} s timeout and was stopped; "
            "narrow the query or raise --timeout"
        )
    with _idle_lock:
        _idle.append(worker)
    if job.error is not None:
        error, job.error = job.error, None
        raise error
    result: _T = job.result
    return result


def run_with_timeout(store: Store, query: PreparedQuery, timeout: float | None = DEFAULT_TIMEOUT, *,
                     partners: bool = False) -> QueryResult:
    """Run ``query`` on ``store`` within ``timeout`` seconds; ``partners``: with the partner graphs
    read as part of the default graph (:meth:`~cybernorms.graph.store.embedded.Store.query`)."""
    return call_with_timeout(lambda: store.query(query.text, query.params, partners=partners), timeout, query.label)


def serialize_with_timeout(
    store: Store, query: PreparedQuery, fmt: str, timeout: float | None = DEFAULT_TIMEOUT, *, partners: bool = False
) -> bytes:
    """Run ``query`` and serialise its answer in ``fmt``, within ``timeout`` seconds."""
    return call_with_timeout(
        lambda: store.query_serialized(query.text, query.params, fmt, partners=partners), timeout, query.label
    )
