"""The ``cybernorms serve`` command: the SPARQL endpoint and explorer under uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cybernorms.errors import UsageError
from cybernorms.server.config import (
    DEFAULT_HOST,
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_CONCURRENT,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    ServerConfig,
)

__all__ = ["add_serve_arguments", "config_from_args", "run_serve_command"]

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
            cors=args.cors,
            views_dir=args.views,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None


def run_serve_command(args: argparse.Namespace) -> int:
    """Resolve the data, then serve until interrupted."""
    for name in ("starlette", "uvicorn", "jinja2"):
        try:
            __import__(name)
        except ImportError:
            raise UsageError(_MISSING.format(name=name)) from None
    import uvicorn

    from cybernorms.server.app import create_app, data_source

    config = config_from_args(args)
    quiet = getattr(args, "quiet", False)
    progress = (lambda _: None) if quiet else (lambda msg: print(f"… {msg}", file=sys.stderr))
    source = data_source(config, progress)
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(levelname)s: %(message)s")
    if not quiet:
        print(f"… serving {source.split(':', 1)[1]} on http://{config.host}:{config.port}/ "
              f"(SPARQL endpoint at /sparql)", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(
        create_app(config, source=source),
        host=config.host,
        port=config.port,
        log_level="warning" if quiet else args.log_level,
        server_header=False,
        proxy_headers=True,
        timeout_keep_alive=5,
        limit_concurrency=max(256, 4 * config.max_concurrent),
        h11_max_incomplete_event_size=64 * 1024,
        timeout_graceful_shutdown=int(config.timeout) + 2,  # in-flight queries end by their timeout
        lifespan="on",
    ))
    server.run()
    return 0
