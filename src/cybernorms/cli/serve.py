"""The ``cybernorms serve`` command (the SPARQL endpoint and explorer under uvicorn) and
``cybernorms loadtest`` (a bounded load test of it on loopback)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms.cli._options import is_quiet, progress_for
from cybernorms.errors import UsageError
from cybernorms.server.config import (
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_HOST,
    DEFAULT_KEEP_ALIVE,
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_CONCURRENT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_HEADER,
    DEFAULT_MAX_HEADERS,
    DEFAULT_MAX_REQUEST_LINE,
    DEFAULT_MAX_ROWS,
    DEFAULT_PER_ADDRESS,
    DEFAULT_PER_CLIENT,
    DEFAULT_PORT,
    DEFAULT_SLOW_MEMORY,
    DEFAULT_TIMEOUT,
    ServerConfig,
)

__all__ = [
    "add_loadtest_arguments",
    "add_serve_arguments",
    "config_from_args",
    "loadtest_options",
    "run_loadtest",
    "run_serve",
]

if TYPE_CHECKING:
    from cybernorms.server.loadtest import LoadTestOptions

_MISSING = "the server needs the 'server' extra: pip install 'cybernorms[server]' ({name} is missing)"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms serve`` (``--store`` comes from the shared options)."""
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a query after this long and free its process (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                        help=f"cut answers at N rows or triples, and say so (default {DEFAULT_MAX_ROWS:,})")
    parser.add_argument("--max-body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES",
                        help=f"refuse larger requests with 413 (default {DEFAULT_MAX_BODY:,})")
    parser.add_argument("--max-concurrent", type=int, default=DEFAULT_MAX_CONCURRENT, metavar="N",
                        help="queries in flight at once, running or waiting; past it 503 with Retry-After "
                             f"(default {DEFAULT_MAX_CONCURRENT})")
    parser.add_argument("--workers", type=int, default=0, metavar="N",
                        help="query processes kept ready (default: two per CPU core, at least 4)")
    parser.add_argument("--slow-running", type=int, default=0, metavar="N",
                        help="long queries (past 0.1 s of CPU) that run at once, in turns, at the lowest CPU "
                             "priority (default: half the CPU cores, at least 1)")
    parser.add_argument("--per-client", type=int, default=DEFAULT_PER_CLIENT, metavar="N",
                        help="long or new queries one client address may have in flight; past it 503 with "
                             f"Retry-After (default {DEFAULT_PER_CLIENT})")
    parser.add_argument("--slow-memory", type=float, default=DEFAULT_SLOW_MEMORY, metavar="SECONDS",
                        help="how long a query that ran long or crashed is remembered as slow "
                             f"(default {DEFAULT_SLOW_MEMORY:g})")
    parser.add_argument("--keep-alive", type=int, default=DEFAULT_KEEP_ALIVE, metavar="SECONDS",
                        help=f"close a connection idle this long between requests (default {DEFAULT_KEEP_ALIVE})")
    parser.add_argument("--header-timeout", type=float, default=DEFAULT_HEADER_TIMEOUT, metavar="SECONDS",
                        help="a request's header must arrive within this time, else 408 "
                             f"(default {DEFAULT_HEADER_TIMEOUT:g})")
    parser.add_argument("--max-header", type=int, default=DEFAULT_MAX_HEADER, metavar="BYTES",
                        help=f"larger request headers get 431 (default {DEFAULT_MAX_HEADER:,})")
    parser.add_argument("--max-headers", type=int, default=DEFAULT_MAX_HEADERS, metavar="N",
                        help=f"more header fields get 431 (default {DEFAULT_MAX_HEADERS})")
    parser.add_argument("--max-request-line", type=int, default=DEFAULT_MAX_REQUEST_LINE, metavar="BYTES",
                        help=f"longer request targets get 414 (default {DEFAULT_MAX_REQUEST_LINE:,})")
    parser.add_argument("--per-address", type=int, default=DEFAULT_PER_ADDRESS, metavar="N",
                        help="connections from one client address; a new one closes the oldest idle one, "
                             f"or gets 503 (default {DEFAULT_PER_ADDRESS})")
    parser.add_argument("--max-connections", type=int, default=DEFAULT_MAX_CONNECTIONS, metavar="N",
                        help=f"open connections in all, likewise (default {DEFAULT_MAX_CONNECTIONS:,})")
    parser.add_argument("--cors", metavar="ORIGIN",
                        help="let web pages from ORIGIN (or * for any) call the endpoint from a browser")
    parser.add_argument("--views", type=Path, metavar="DIR",
                        help="serve the view pages in DIR (written by `cybernorms build --out DIR`) "
                             "when cybernorms.viz cannot render them itself")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                        help="uvicorn's log level (default info)")


def config_from_args(args: argparse.Namespace) -> ServerConfig:
    """The server settings the options give; a clear error for an impossible one."""
    store = getattr(args, "store", None)
    try:
        return ServerConfig(
            host=args.host,
            port=args.port,
            store=None if store is None else str(store),
            timeout=args.timeout,
            max_rows=args.max_rows,
            max_body=args.max_body,
            max_concurrent=args.max_concurrent,
            workers=args.workers,
            slow_running=args.slow_running,
            per_client=args.per_client,
            slow_memory=args.slow_memory,
            keep_alive=args.keep_alive,
            header_timeout=args.header_timeout,
            max_header=args.max_header,
            max_headers=args.max_headers,
            max_request_line=args.max_request_line,
            per_address=args.per_address,
            max_connections=args.max_connections,
            cors=args.cors,
            views_dir=args.views,
            language=getattr(args, "lang", "en"),
        )
    except ValueError as error:
        raise UsageError(str(error)) from None


def run_serve(args: argparse.Namespace) -> int:
    """Resolve the data, then serve until interrupted."""
    for name in ("starlette", "uvicorn", "jinja2"):
        try:
            __import__(name)
        except ImportError:
            raise UsageError(_MISSING.format(name=name)) from None
    import uvicorn

    from cybernorms.server.app import create_app, data_source
    from cybernorms.server.connections import ConnectionLimits, protocol_class

    config = config_from_args(args)
    quiet = is_quiet(args)
    progress = progress_for(quiet)
    source = data_source(config, progress)
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(levelname)s: %(message)s")
    progress(f"serving {source.split(':', 1)[1]} on http://{config.host}:{config.port}/ "
             f"(SPARQL endpoint at /sparql)")
    server = uvicorn.Server(uvicorn.Config(
        create_app(config, source=source),
        host=config.host,
        port=config.port,
        log_level="warning" if quiet else args.log_level,
        server_header=False,
        proxy_headers=True,
        http=protocol_class(ConnectionLimits(
            max_request_line=config.max_request_line, max_header_bytes=config.max_header,
            max_headers=config.max_headers, header_timeout=config.header_timeout,
            per_address=config.per_address, max_connections=config.max_connections,
            retry_after=config.retry_after,
        )),
        timeout_keep_alive=config.keep_alive,
        limit_concurrency=None,  # it counts idle connections too: connections.py bounds them instead
        backlog=max(2048, config.max_connections),
        timeout_graceful_shutdown=int(config.timeout) + 2,  # in-flight queries end by their timeout
        lifespan="on",
    ))
    server.run()
    return 0


# -- loadtest --


def add_loadtest_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cybernorms loadtest``."""
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--store", help="--store for the server it starts")
    parser.add_argument("--workers", type=int, default=0, help="--workers for the server it starts")
    parser.add_argument("--timeout", type=float, default=10.0, help="--timeout for the server it starts")
    parser.add_argument("--server-arg", action="append", default=[], metavar="ARG",
                        help="one more argument for the server it starts (repeatable)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--runaways", type=int, default=0)
    parser.add_argument("--settle", type=float, default=15.0,
                        help="seconds of CPU sampling after the run (default 15)")
    parser.add_argument("--heavy-ms", type=float, default=100.0,
                        help="a named query that takes this long alone is 'heavy', not 'simple' (default 100)")
    parser.add_argument("--exclude", action="append", default=[], metavar="NAME",
                        help="leave this named query out of the mix (repeatable)")
    parser.add_argument("--simple-only", action="store_true",
                        help="run only the named queries that are not heavy (see --heavy-ms)")
    parser.add_argument("--sparql-path", metavar="PATH",
                        help="send the named queries' text to PATH (/sparql here, /query for a stock "
                             "Oxigraph server given with --url) instead of /api/queries/NAME")
    parser.add_argument("--attack", choices=["bomb", "runaways", "crash", "idle"],
                        help="run one attack mix instead: probes before, during and after it (see docs/server.md)")
    parser.add_argument("--attackers", type=int, default=8, help="attacking clients (default 8; at most 100)")
    parser.add_argument("--phase", type=float, default=10.0, help="seconds of each phase of an attack (default 10)")
    parser.add_argument("--json", help="write the report to this file")


def loadtest_options(args: argparse.Namespace) -> LoadTestOptions:
    """The load test's options from the parsed arguments."""
    from cybernorms.server.loadtest import LoadTestOptions

    return LoadTestOptions(
        url=args.url, store=args.store, workers=args.workers, timeout=args.timeout,
        server_arg=tuple(args.server_arg), clients=args.clients, duration=args.duration,
        runaways=args.runaways, settle=args.settle, heavy_ms=args.heavy_ms,
        exclude=tuple(args.exclude), simple_only=args.simple_only,
        attack=args.attack, attackers=args.attackers, phase=args.phase, sparql_path=args.sparql_path,
    )


def run_loadtest(args: argparse.Namespace) -> int:
    """``cybernorms loadtest``: one bounded run; print the report, and write it with ``--json FILE``."""
    from cybernorms.server.loadtest import bounds_problem, report_json, run_sync

    options = loadtest_options(args)
    problem = bounds_problem(options)
    if problem is not None:
        raise UsageError(f"{problem} (see 'cybernorms loadtest --help')")
    text = report_json(run_sync(options))
    print(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0
