"""The ``cybernorms queries`` and ``cybernorms query`` commands."""

from __future__ import annotations

import argparse
import sys

from cybernorms.cli._options import progress_for
from cybernorms.errors import UsageError
from cybernorms.queries.library import library
from cybernorms.queries.results import GRAPH_FORMATS, SELECT_FORMATS
from cybernorms.queries.run import DEFAULT_TIMEOUT

__all__ = ["add_query_arguments", "parse_params", "run_queries", "run_query"]


def add_query_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms query``."""
    parser.add_argument("query", metavar="NAME|FILE.rq|SPARQL",
                        help="a named query (see `cybernorms queries`), a .rq file, or SPARQL text")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a parameter (repeatable); IRIs as cnid:... or <https://...>, "
                             "dates as YYYY-MM-DD, numbers as digits, anything else as text")
    parser.add_argument("-f", "--format", default="table",
                        choices=sorted(set(SELECT_FORMATS) | set(GRAPH_FORMATS)),
                        help="table (default, for people); csv, tsv, json or xml (SPARQL results) for "
                             "SELECT and ASK; ttl, nt, jsonld or xml for CONSTRUCT and DESCRIBE")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a query that runs longer (default {DEFAULT_TIMEOUT:g}; 0 for none)")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", default=None,
                        help="run on the landscape as it stood on that day: documents, events, endorsements "
                             "and forums dated later, and what depends on them, are left out "
                             "(cybernorms.graph.as_of)")
    parser.add_argument("--partners", action="store_true",
                        help="read the partners' graphs with the curated facts (by default a query's default "
                        "graph holds the curated facts only; docs/exchange.md, 'The trust boundary'): a fact a "
                        "partner repeats is then matched once per graph, so count with DISTINCT")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs as a dict, or a clear error for a malformed one."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes NAME=VALUE, got {pair!r}")
        params[name.strip().lstrip("?$")] = value
    return params


def run_queries(args: argparse.Namespace) -> int:
    """List the named queries with their questions and parameters."""
    queries = library()
    width = max(len(name) for name in queries)
    for name, query in queries.items():
        print(f"{name:<{width}}  {query.question}")
        for param in query.parameters:
            default = "required" if param.required else f"default {param.default}"
            print(f"{'':<{width}}    --param {param.name}=…  ({default}) {param.description}")
    print(f"\n{len(queries)} named queries; run one with `cybernorms query NAME`.")
    return 0


def run_query(args: argparse.Namespace) -> int:
    """Run one query on the dataset and print its answer in the chosen format."""
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.queries.results import table
    from cybernorms.queries.run import prepare, run_with_timeout, serialize_with_timeout

    prepared = prepare(args.query, parse_params(args.param))
    progress = progress_for(args)
    from cybernorms.graph.as_of import as_of, parse_day

    day = parse_day(args.as_of) if getattr(args, "as_of", None) else None  # a bad day fails before the build
    store = open_dataset(args.store, progress=progress).store
    if day is not None:
        store = as_of(store, day)
    if args.format == "table":
        print(table(run_with_timeout(store, prepared, args.timeout, partners=args.partners)))
        return 0
    data = serialize_with_timeout(store, prepared, args.format, args.timeout, partners=args.partners)
    sys.stdout.buffer.write(data)
    if not data.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return 0


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--query", action="append", default=[], metavar="NAME",
                        help="verify only this named query (repeatable; default: every named query)")
    parser.add_argument("--from-store", metavar="DIR",
                        help="compare with the on-disk store in DIR (default: the built dataset)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a query after this many seconds on either store (default {DEFAULT_TIMEOUT:g})")


def run_verify(args: argparse.Namespace) -> int:
    """``cybernorms verify --store URL``: every named query on that store and on the embedded graph."""
    from cybernorms.graph.build.dataset import open_dataset
    from cybernorms.graph.store import is_store_url, open_store
    from cybernorms.queries.compare import Verdict, verify

    if args.store is None:
        raise UsageError("verify needs the store to check: --store URL (or DIR)")
    unknown = [name for name in args.query if name not in library()]
    if unknown:
        from cybernorms.queries.library import get_query

        get_query(unknown[0])  # raises with the closest names
    reference = open_dataset(args.from_store, progress=progress_for(args)).store
    target = open_store(args.store, read_only=not is_store_url(args.store))
    width = max(len(name) for name in (args.query or library()))

    def show(verdict: Verdict) -> None:
        detail = f"  {verdict.detail}" if verdict.detail else ""
        print(f"{verdict.query:<{width}}  {verdict.status:<7}  {verdict.seconds * 1000:8.1f} ms{detail}", flush=True)

    try:
        verdicts = verify(reference, target, args.query or None, timeout=args.timeout, progress=show)
    finally:
        target.close()
    bad = [v for v in verdicts if v.status != "same"]
    print(f"\n{len(verdicts) - len(bad)} of {len(verdicts)} named queries give the embedded rows on {args.store}"
          + (f"; {len(bad)} do not: {', '.join(v.query for v in bad)}" if bad else ""))
    return 1 if bad else 0
