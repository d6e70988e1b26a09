"""Servers for the tests: ``cybernorms serve`` in a subprocess on a free loopback port.

The dataset is ``fixtures/dataset.trig`` plus a bulk graph of plain triples in the default graph (enough for
the row cap, and for a four-way cross join that would run for hours), loaded into an
on-disk store that the server opens read-only, as a deployment with ``--store DIR`` does.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
BULK_GRAPH = "https://w3id.org/cybernorms/graph/bulk"  # curated (in the default graph), so the cross join runs long
BULK_TRIPLES = 400
MAX_ROWS = 150
TIMEOUT = 2.0
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Server:
    """A running server: its base URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def status(self) -> dict:
        return httpx.get(self.url + "/status", timeout=5).json()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bulk(path: Path) -> None:
    lines = [
        f"<urn:x:s{i}> <urn:x:p{i % 7}> \"{i}\"^^<http://www.w3.org/2001/XMLSchema#integer> <{BULK_GRAPH}> ."
        for i in range(BULK_TRIPLES)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk Oxigraph store holding the fixture dataset."""
    from cybernorms.graph.store.embedded import OxigraphStore

    where = tmp_path_factory.mktemp("server") / "store"
    bulk = where.parent / "bulk.nq"
    _bulk(bulk)
    store = OxigraphStore.open(where)
    store.load(FIXTURES / "dataset.trig", "trig")
    store.load(bulk, "nq")
    store.close()
    return where


def start_server(store: Path | str, log: Path, *extra: str) -> Server:
    """Start ``cybernorms serve`` on ``store`` (a directory or an endpoint URL) and wait until it answers."""
    port = free_port()
    with log.open("wb") as handle:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "cybernorms", "serve", "--store", str(store), "--port", str(port),
             "--log-level", "warning", *extra],
            stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(server.url + "/status", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server most tests use: 2 s timeout, a 150-row cap, 6 queries in flight at most."""
    log = tmp_path_factory.mktemp("logs") / "server.log"
    running = start_server(store_dir, log, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS),
                           "--max-concurrent", "6", "--workers", "2", "--max-body", "20000")
    yield running
    stop_server(running)
