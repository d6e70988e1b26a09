"""The settings of a running server, with the defaults ``cybernorms serve`` documents."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_BODY = 1_000_000
DEFAULT_MAX_CONCURRENT = 64
DEFAULT_PER_CLIENT = 4
DEFAULT_SLOW_MEMORY = 60.0
DEFAULT_KEEP_ALIVE = 5
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_MAX_HEADER = 64 * 1024
DEFAULT_MAX_HEADERS = 100
DEFAULT_MAX_REQUEST_LINE = 16 * 1024
DEFAULT_PER_ADDRESS = 64
DEFAULT_MAX_CONNECTIONS = 2048


def default_workers() -> int:
    """Two ready query processes per CPU core, and at least four.

    More processes than cores, so that a query that has not yet been demoted (during
    its first ``slow_after`` seconds) does not leave quick queries without a process.
    """
    return max(4, 2 * (os.cpu_count() or 1))


@dataclass(frozen=True)
class ServerConfig:
    """What one server answers from and which limits it holds.

    ``store`` is ``None`` for the built dataset (the cached N-Quads, built first when
    missing), an on-disk Oxigraph store directory, or an ``http(s)://`` SPARQL endpoint.
    ``workers`` query processes stay ready for new queries; a query that has used
    ``slow_after`` seconds of CPU is demoted (lowest CPU priority) and its process replaced,
    up to ``max_slow`` demoted processes at once, of which ``slow_running`` run at a time
    in turns, so runaways cannot starve quick queries.
    ``max_concurrent`` queries may be in flight (running or waiting for a process);
    past that the server answers 503 with ``Retry-After``. Of those, long or new queries
    (not yet seen to answer quickly) are bounded to ``per_client`` per client address and
    ``max_untrusted`` in all (default: half of ``max_concurrent``); a client past its bound
    waits ``reject_delay`` seconds for its 503. A query is remembered as slow for
    ``slow_memory`` seconds. The connection limits (``keep_alive``, ``header_timeout``,
    ``max_header``, ``max_headers``, ``max_request_line``, ``per_address``,
    ``max_connections``) are held by :mod:`cybernorms.server.connections`.
    """

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    store: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY
    max_concurrent: int = DEFAULT_MAX_CONCURRENT
    workers: int = 0
    slow_after: float = 0.1
    max_slow: int = 16
    slow_running: int = 0
    spares: int = 0
    cors: str | None = None
    views_dir: Path | None = None
    retry_after: int = 1
    #: The explorer's and the views' language when a page's URL names none (``?lang=``): one of the six UN languages.
    language: str = "en"
    per_client: int = DEFAULT_PER_CLIENT
    max_untrusted: int = 0
    reject_delay: float = 1.0
    slow_memory: float = DEFAULT_SLOW_MEMORY
    keep_alive: int = DEFAULT_KEEP_ALIVE
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    max_header: int = DEFAULT_MAX_HEADER
    max_headers: int = DEFAULT_MAX_HEADERS
    max_request_line: int = DEFAULT_MAX_REQUEST_LINE
    per_address: int = DEFAULT_PER_ADDRESS
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    def __post_init__(self) -> None:
        if self.workers <= 0:
            object.__setattr__(self, "workers", default_workers())
        if self.spares <= 0:  # as many loaded processes in reserve as ready ones
            object.__setattr__(self, "spares", self.workers)
        if self.slow_running <= 0:  # long queries run on half the cores at most, in turns
            object.__setattr__(self, "slow_running", max(1, (os.cpu_count() or 1) // 2))
        for name in ("timeout", "max_rows", "max_body", "max_concurrent", "per_client", "slow_memory",
                     "keep_alive", "header_timeout", "max_header", "max_headers", "max_request_line",
                     "per_address", "max_connections"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")

    @property
    def remote(self) -> bool:
        """Whether the store is a remote SPARQL endpoint."""
        from cybernorms.graph.store import is_store_url

        return is_store_url(self.store)
