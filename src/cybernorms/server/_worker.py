"""A query process: holds the dataset, answers one query at a time on its pipes.

Started by :mod:`cybernorms.server.pool` as ``python -m cybernorms.server._worker SOURCE``
where SOURCE is ``nq:FILE`` (an N-Quads file loaded into memory: the built dataset's
cache), ``dir:DIR`` (an on-disk Oxigraph store, opened read-only) or ``url:URL`` (a
remote SPARQL 1.1 endpoint). The server kills the process when a query runs past its
timeout, which is the only way to stop an engine in the middle of a query and free its
memory and CPU at once.

Before it loads anything, the process tries to leave the network: it moves into a new,
empty network namespace (``unshare(CLONE_NEWNET)``, or with a user namespace where the
kernel lets unprivileged processes do so). A query then cannot open a connection even if
something slipped past :mod:`cybernorms.server.guard`. Where the kernel refuses, the
guard is the only line; the ready message says which.

The engine parses and evaluates nested queries by recursion, so the pool starts this
process with a stack limit of 512 MB (``RLIMIT_STACK``, ``pool.STACK_BYTES``, which sets how far
the main thread's stack may grow; nothing is used until a query needs it): measured with
pyoxigraph 0.5, 3,000 nested groups or 10,000 ``UNION``s overflow the usual 8 MB and end
the process with SIGSEGV, and run within 512 MB. With
``--idle`` (a query already known to be slow) the process runs at the lowest CPU priority
from its start, loading included, so that it only uses CPU nothing else wants.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import sys
import time
import traceback
from collections import OrderedDict
from typing import IO, Any

import pyoxigraph as ox

from cybernorms.graph.formats import rdf_format
from cybernorms.graph.store.embedded import RESULT_FORMATS
from cybernorms.server import _frames

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_PR_SET_PDEATHSIG = 1
_LOWEST_PRIORITY = 19
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Refusal(Exception):
    """A query this process answers with an HTTP error status and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def leave_network() -> bool:
    """Move this (still single-threaded) process into an empty network namespace."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def die_with_parent() -> None:
    """Ask Linux to kill this process when the server dies, so no query outlives it."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, 9)  # SIGKILL
        except (OSError, AttributeError):
            pass


def open_engine(source: str) -> Any:
    """The engine a source names: a pyoxigraph store, or a remote endpoint."""
    kind, _, where = source.partition(":")
    if kind == "nq":
        store = ox.Store()
        store.bulk_load(path=where, format=ox.RdfFormat.N_QUADS)
        return store
    if kind == "dir":
        return ox.Store.read_only(where)
    if kind == "url":
        from cybernorms.server._remote import RemoteEngine

        return RemoteEngine(where)
    raise ValueError(f"unknown source {source!r}")


def graph_names(engine: Any) -> list[str]:
    """The IRIs of the named graphs."""
    return sorted(g.value for g in engine.named_graphs() if isinstance(g, ox.NamedNode))


# -- answering one query --


def term_json(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 JSON results format (§3.2.2; RDF-star triples as Jena writes them)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def term_from_nt(text: str) -> Any:
    """A term from its N-Triples form (how the server sends parameter values)."""
    quad = next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    return quad.object


def _select(answer: ox.QuerySolutions, fmt: str, max_rows: int) -> tuple[bytes, int, bool]:
    variables = [v.value for v in answer.variables]
    bindings: list[dict[str, Any]] = []
    truncated = False
    for solution in answer:
        if len(bindings) == max_rows:
            truncated = True
            break
        row = {}
        for name, value in zip(variables, solution, strict=True):
            if value is not None:
                row[name] = term_json(value)
        bindings.append(row)
    document = json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()
    if fmt != "json":  # the engine's own writers, fed with the (possibly cut) rows
        parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        document = parsed.serialize(format=RESULT_FORMATS[fmt]) or b""
    return document, len(bindings), truncated


def _graph(triples: Any, fmt: str, max_rows: int, prefixes: dict[str, str]) -> tuple[bytes, int, bool]:
    kept: list[ox.Triple] = []
    truncated = False
    for triple in triples:
        if len(kept) == max_rows:
            truncated = True
            break
        kept.append(triple)
    data = ox.serialize(kept, format=rdf_format(fmt), prefixes=prefixes) or b""
    return data, len(kept), truncated


def _dataset_options(request: dict[str, Any]) -> dict[str, Any]:
    default = request.get("default_graph")
    named = request.get("named_graphs")
    if default is None and named is None:  # the dataset's default graph holds each fact once
        return {}
    options: dict[str, Any] = {"default_graph": [ox.NamedNode(g) for g in default or []]}
    if named is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    return options


def describe_syntax_error(query: str, message: str) -> str:
    """``line L, column C: what (near '…')`` from Oxigraph's ``error at L:C: what``."""
    import re

    match = re.match(r"^error at (\d+):(\d+): (.*)$", message, re.DOTALL)
    if not match:
        return " ".join(message.split())[:300]
    line, column, what = int(match[1]), int(match[2]), " ".join(match[3].split())[:200]
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    near = text[max(column - 11, 0) : column + 9].strip()
    return f"line {line}, column {column}: {what}" + (f" (near {near!r})" if near else "")


_AS_OF_CACHE = 4  # filtered copies of the dataset kept per process, most recently used last
_as_of_stores: OrderedDict[tuple[int, str], Any] = OrderedDict()


def engine_as_of(engine: Any, day: str) -> Any:
    """The dataset as it stood on ``day`` (:func:`cybernorms.graph.as_of.as_of`), cached per day.

    A small LRU of in-memory copies: building one takes a fraction of a second on the curated
    data, and a visitor moving the explorer's slider asks for a few days in a row.
    """
    key = (id(engine), day)
    cached = _as_of_stores.get(key)
    if cached is not None:
        _as_of_stores.move_to_end(key)
        return cached
    if not isinstance(engine, ox.Store):
        raise Refusal(400, "as-of is not available in front of a remote endpoint")
    from cybernorms.errors import UsageError
    from cybernorms.graph.as_of import as_of
    from cybernorms.graph.store.embedded import OxigraphStore

    try:
        filtered = as_of(OxigraphStore(engine, read_only=True), day).engine
    except UsageError:
        raise Refusal(400, f"as-of takes a day as YYYY-MM-DD, got {day!r}") from None
    _as_of_stores[key] = filtered
    while len(_as_of_stores) > _AS_OF_CACHE:
        _as_of_stores.popitem(last=False)
    return filtered


def answer_query(engine: Any, request: dict[str, Any], prefixes: dict[str, str]) -> tuple[dict[str, Any], bytes]:
    """Run one query request; return the reply header and the serialised answer."""
    query = request["query"]
    if request.get("as_of"):
        engine = engine_as_of(engine, str(request["as_of"]))
    substitutions = {ox.Variable(k): term_from_nt(v) for k, v in (request.get("substitutions") or {}).items()}
    try:
        answer = engine.query(query, substitutions=substitutions or None, **_dataset_options(request))
    except SyntaxError as error:
        raise Refusal(400, f"SPARQL syntax error: {describe_syntax_error(query, str(error))}") from None
    formats = request.get("formats") or {}
    max_rows = int(request.get("max_rows") or 100_000)
    if isinstance(answer, ox.QueryBoolean):
        fmt = formats.get("select")
        if fmt is None:
            raise Refusal(406, _not_acceptable("an ASK query", "SPARQL results"))
        return {"ok": True, "kind": "ask", "format": fmt, "rows": 1, "truncated": False}, (
            answer.serialize(format=RESULT_FORMATS[fmt]) or b""
        )
    if isinstance(answer, ox.QuerySolutions):
        fmt = formats.get("select")
        if fmt is None:
            raise Refusal(406, _not_acceptable("a SELECT query", "SPARQL results"))
        body, rows, truncated = _select(answer, fmt, max_rows)
        return {"ok": True, "kind": "select", "format": fmt, "rows": rows, "truncated": truncated}, body
    fmt = formats.get("graph")
    if fmt is None:
        raise Refusal(406, _not_acceptable("a CONSTRUCT or DESCRIBE query", "RDF"))
    body, rows, truncated = _graph(answer, fmt, max_rows, prefixes)
    return {"ok": True, "kind": "graph", "format": fmt, "rows": rows, "truncated": truncated}, body


def _not_acceptable(what: str, family: str) -> str:
    offers = (
        "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values"
        if family == "SPARQL results"
        else "text/turtle, application/n-triples, application/rdf+xml, application/ld+json"
    )
    return f"{what} answers in {family}; the Accept header allows none of: {offers}"


def handle(engine: Any, request: dict[str, Any], prefixes: dict[str, str]) -> tuple[dict[str, Any], bytes]:
    """Dispatch one request by its ``op``."""
    op = request.get("op")
    if op == "query":
        return answer_query(engine, request, prefixes)
    if op == "graphs":
        return {"ok": True}, json.dumps(graph_names(engine)).encode()
    if op == "view":
        from cybernorms.server.views import render_in_worker

        try:
            return {"ok": True}, render_in_worker(engine, request["name"], request.get("focus"),
                                                    str(request.get("lang") or "en"))
        except LookupError:
            raise Refusal(404, "no such view") from None
    raise Refusal(400, f"unknown operation {op!r}")


def serve(source: str, inbox: IO[bytes], outbox: IO[bytes]) -> None:
    """Load the dataset, say so, then answer requests until the pipe closes."""
    from cybernorms.namespaces import PREFIXES

    die_with_parent()
    isolated = leave_network() if not source.startswith("url:") else False
    started = time.perf_counter()
    engine = open_engine(source)
    ready = {"ready": True, "isolated": isolated, "load_seconds": round(time.perf_counter() - started, 3)}
    outbox.write(_frames.encode(ready, json.dumps(graph_names(engine)).encode()))
    outbox.flush()
    prefixes = dict(PREFIXES)
    while (message := _frames.read_message(inbox)) is not None:
        request, _ = message
        try:
            header, body = handle(engine, request, prefixes)
        except Refusal as refusal:
            header, body = {"ok": False, "status": refusal.status, "message": refusal.message}, b""
        except (RuntimeError, OSError, ValueError, TypeError) as error:  # the engine's evaluation errors
            print(f"query failed: {error}", file=sys.stderr)
            header, body = {"ok": False, "status": 400, "message": "the engine could not evaluate this query"}, b""
        except Exception:  # logged here, never sent: the server answers with a generic message
            traceback.print_exc(file=sys.stderr)
            header, body = {"ok": False, "status": 500, "message": "the query could not be evaluated"}, b""
        outbox.write(_frames.encode(header, body))
        outbox.flush()


def lowest_priority() -> None:
    """Nice 19 and, where Linux has it, ``SCHED_IDLE`` for this process and the threads it starts."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, _LOWEST_PRIORITY)
    if hasattr(os, "SCHED_IDLE"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def main() -> None:
    """Entry point: the binary pipes are stdin and stdout; anything printed goes to stderr.

    ``python -m cybernorms.server._worker SOURCE [--idle]``.
    """
    if "--idle" in sys.argv[2:]:
        lowest_priority()
    inbox = sys.stdin.buffer
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with contextlib.suppress(KeyboardInterrupt):
        serve(sys.argv[1], inbox, outbox)


if __name__ == "__main__":
    main()
