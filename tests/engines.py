"""Real SPARQL servers on loopback for the tests: a stock Oxigraph server and a Virtuoso 7 server.

Oxigraph is the ``oxigraph`` command of the ``oxigraph`` package on PyPI (a test dependency),
started with its default options (no ``--union-default-graph``). Virtuoso is Debian's
``virtuoso-opensource`` package (``.ci/run`` installs it), started as a plain process with a
configuration and database in a temporary folder, SPARQL update granted to the anonymous
``SPARQL`` user and Graph Store writes to ``nobody`` (as ``docs/stores.md`` tells a partner).
Without Virtuoso on the machine, its tests fail under CI and are skipped elsewhere, saying why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Running", "free_port", "oxigraph_command", "start_oxigraph", "start_virtuoso", "stop"]


@dataclass
class Running:
    """A server process and the base URL it answers at."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the oxigraph server is missing: pip install 'cybernorms[test]' (it installs oxigraph)")
    return found


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the {what} server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)


def start_oxigraph(folder: Path, *options: str) -> Running:
    """``oxigraph serve`` on a free loopback port with ``options`` (none: the stock server), data in ``folder``."""
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [oxigraph_command(), "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}", *options],
            stdout=output, stderr=subprocess.STDOUT,
        )
    _wait_for(port, process, log, "oxigraph", 30)
    return Running("oxigraph", f"http://127.0.0.1:{port}", process, log)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 400
"""


def start_virtuoso(folder: Path) -> Running:
    """Virtuoso 7 on free loopback ports, its database in ``folder``; skipped (failed under CI) if not installed."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        message = "Virtuoso is not installed (Debian's virtuoso-opensource; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(d=folder, sql=sql, http=http))
    log = folder / "virtuoso.out"
    with log.open("wb") as output:
        process = subprocess.Popen([binary, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
                                   stdout=output, stderr=subprocess.STDOUT, cwd=folder)
    _wait_for(http, process, log, "virtuoso", 120)
    grant = 'GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'
    deadline = time.monotonic() + 60
    while True:  # the SQL port answers a moment after the HTTP one
        done = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", f"exec={grant}"],
                              capture_output=True, timeout=60, check=False)
        if done.returncode == 0 and b"Error" not in done.stdout + done.stderr:
            break
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"cannot grant SPARQL update on Virtuoso: {(done.stdout + done.stderr).decode(errors='replace')}")
        time.sleep(0.5)
    return Running("virtuoso", f"http://127.0.0.1:{http}", process, log)


def stop(running: Running) -> None:
    running.process.terminate()
    try:
        running.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        running.process.kill()
        running.process.wait(timeout=10)
